//! Reading the market's loosely typed objects field by field: numbers that may come as strings
//! or whole floats, flags as booleans or 0/1, and every failure naming the field
//! ("item 4120: pricing.lowest_sale_price is missing").

use crate::money::Cents;
use serde_json::{Map, Value};
use std::fmt;

/// A field the client needs and could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// What the field belongs to: "item 4120", "pricing answer".
    pub what: String,
    /// The field's dotted path: "pricing.lowest_sale_price".
    pub field: String,
    /// "is missing", "is not a whole number of cents".
    pub problem: String,
}

impl FieldError {
    pub fn new(what: &str, field: &str, problem: &str) -> Self {
        FieldError { what: what.into(), field: field.into(), problem: problem.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} {}", self.what, self.field, self.problem)
    }
}

impl std::error::Error for FieldError {}

/// An object's fields, with where they sit for the error messages.
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    what: String,
    prefix: String,
}

impl<'a> Fields<'a> {
    pub fn of(value: &'a Value, what: &str) -> Result<Self, FieldError> {
        match value {
            Value::Object(map) => Ok(Fields { map, what: what.into(), prefix: String::new() }),
            _ => Err(FieldError::new(what, "(the row)", "is not an object")),
        }
    }

    /// The same fields, named after what they turned out to describe.
    pub fn named(self, what: String) -> Self {
        Fields { what, ..self }
    }

    fn error(&self, key: &str, problem: &str) -> FieldError {
        FieldError { what: self.what.clone(), field: format!("{}{key}", self.prefix), problem: problem.into() }
    }

    pub fn value(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    pub fn required_object(&self, key: &str) -> Result<Fields<'a>, FieldError> {
        match self.map.get(key) {
            Some(Value::Object(map)) => {
                Ok(Fields { map, what: self.what.clone(), prefix: format!("{}{key}.", self.prefix) })
            }
            None | Some(Value::Null) => Err(self.error(key, "is missing")),
            Some(_) => Err(self.error(key, "is not an object")),
        }
    }

    pub fn required_int(&self, key: &str) -> Result<i64, FieldError> {
        self.optional_int(key)?.ok_or_else(|| self.error(key, "is missing"))
    }

    /// An integer sent as a number, a whole float or a numeric string; absent or null is None.
    pub fn optional_int(&self, key: &str) -> Result<Option<i64>, FieldError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => whole_number(v).map(Some).ok_or_else(|| self.error(key, "is not a whole number")),
        }
    }

    /// Cents that must be present, though they may be null (the market has none).
    pub fn nullable_cents(&self, key: &str) -> Result<Option<Cents>, FieldError> {
        if !self.map.contains_key(key) {
            return Err(self.error(key, "is missing"));
        }
        self.optional_cents(key)
    }

    pub fn optional_cents(&self, key: &str) -> Result<Option<Cents>, FieldError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => {
                whole_number(v).map(|n| Some(Cents(n))).ok_or_else(|| self.error(key, "is not a whole number of cents"))
            }
        }
    }

    /// `true`/`false`, `1`/`0` or their strings; anything else is None.
    pub fn optional_bool(&self, key: &str) -> Option<bool> {
        match self.map.get(key)? {
            Value::Bool(b) => Some(*b),
            v => whole_number(v).map(|n| n != 0),
        }
    }

    /// Text (a number is written out), with the trailing `;` some rows carry trimmed.
    pub fn optional_text(&self, key: &str) -> Option<String> {
        text(self.map.get(key)?)
    }
}

/// A whole number from an integer, a float with no fraction, or a numeric string.
pub fn whole_number(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
        }
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| s.parse::<f64>().ok().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
        }
        _ => None,
    }
}

/// A string field as text, trimmed of spaces and the trailing `;` the market sometimes adds.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().trim_end_matches(';').trim_end().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
