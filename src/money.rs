//! Money types. AssetPay sends USD as JSON numbers; Mannco sends integer cents. Both become
//! integers at the edge so totals never drift by float rounding.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::Add;

/// Micro-dollars per dollar: enough precision that any price a market sends (cents, or the
/// occasional third decimal) is held exactly.
const MICROS: i64 = 1_000_000;

/// A USD amount held as integer micro-dollars.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Usd(i64);

impl Usd {
    pub const ZERO: Usd = Usd(0);

    pub fn from_micros(micros: i64) -> Self {
        Usd(micros)
    }

    pub fn from_cents(cents: i64) -> Self {
        Usd(cents.saturating_mul(MICROS / 100))
    }

    /// Converts a JSON number. Non-finite or absurd values are refused rather than clamped.
    pub fn from_f64(dollars: f64) -> Option<Self> {
        let micros = (dollars * MICROS as f64).round();
        (micros.is_finite() && micros.abs() < 9.0e15).then_some(Usd(micros as i64))
    }

    pub fn micros(self) -> i64 {
        self.0
    }

    /// The value as the API's JSON number. Exact round trip for up to six decimals.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / MICROS as f64
    }

    /// Parses a dollar amount as a trader types it: digits with at most one decimal point and
    /// at most two decimals ("12", "12.5", "0.07"). Returns why not, in words.
    pub fn parse_dollars(text: &str) -> Result<Usd, String> {
        let text = text.trim().trim_start_matches('$');
        if text.is_empty() {
            return Err("enter an amount in dollars, like 12.50".into());
        }
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !digits_only(whole) || !digits_only(frac) || (whole.is_empty() && frac.is_empty()) {
            return Err(format!("\"{text}\" is not an amount: use digits and one decimal point"));
        }
        if frac.len() > 2 {
            return Err("use at most two decimals (cents)".into());
        }
        if whole.len() > 9 {
            return Err("that amount is too large".into());
        }
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| "not a number")? };
        let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| "not a number")?;
        Ok(Usd::from_cents(whole * 100 + cents))
    }
}

impl fmt::Display for Usd {
    /// `$12.50`; a third or later decimal is shown only when the market sent one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / MICROS as u64;
        let frac = abs % MICROS as u64;
        let mut frac_text = format!("{frac:06}");
        while frac_text.len() > 2 && frac_text.ends_with('0') {
            frac_text.pop();
        }
        let text = format!("{sign}${}.{frac_text}", group_thousands(whole));
        f.pad(&text)
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl Add for Usd {
    type Output = Usd;
    fn add(self, rhs: Usd) -> Usd {
        Usd(self.0.saturating_add(rhs.0))
    }
}

impl Sum for Usd {
    fn sum<I: Iterator<Item = Usd>>(iter: I) -> Usd {
        iter.fold(Usd::ZERO, Add::add)
    }
}

impl Serialize for Usd {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Usd {
    /// Accepts a JSON number, or a numeric string (some API versions quote prices).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum NumOrText {
            Num(f64),
            Text(String),
        }
        let dollars = match NumOrText::deserialize(d)? {
            NumOrText::Num(n) => n,
            NumOrText::Text(t) => {
                t.trim().parse::<f64>().map_err(|_| serde::de::Error::custom(format!("is not a number (\"{t}\")")))?
            }
        };
        Usd::from_f64(dollars).ok_or_else(|| serde::de::Error::custom(format!("is out of range ({dollars})")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_exactly_what_the_market_sent() {
        assert_eq!(Usd::from_f64(10.75).unwrap().to_string(), "$10.75");
        assert_eq!(Usd::from_f64(10.0).unwrap().to_string(), "$10.00");
        assert_eq!(Usd::from_f64(0.035).unwrap().to_string(), "$0.035");
        assert_eq!(Usd::from_f64(1234567.5).unwrap().to_string(), "$1,234,567.50");
        assert_eq!(Usd::from_cents(-150).to_string(), "-$1.50");
    }

    #[test]
    fn totals_do_not_drift() {
        let total: Usd = std::iter::repeat_n(Usd::from_f64(0.1).unwrap(), 1000).sum();
        assert_eq!(total, Usd::from_cents(10_000));
    }

    #[test]
    fn round_trips_through_json_numbers() {
        for v in [10.75, 0.01, 1234.56, 0.035, 49999.99] {
            assert_eq!(Usd::from_f64(v).unwrap().as_f64(), v);
        }
    }

    #[test]
    fn parses_typed_dollars() {
        assert_eq!(Usd::parse_dollars("12"), Ok(Usd::from_cents(1200)));
        assert_eq!(Usd::parse_dollars("12.5"), Ok(Usd::from_cents(1250)));
        assert_eq!(Usd::parse_dollars(".07"), Ok(Usd::from_cents(7)));
        assert_eq!(Usd::parse_dollars("$3.10"), Ok(Usd::from_cents(310)));
        for bad in ["", "abc", "1.2.3", "-1", "1.234", "1e5", "."] {
            assert!(Usd::parse_dollars(bad).is_err(), "{bad} should be refused");
        }
    }
}

/// A Mannco amount: integer US cents, as the market sends and takes them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);
    /// The price bounds `POST /inventory/price` accepts: $0.01 – $50,000.00.
    pub const MIN_PRICE: Cents = Cents(1);
    pub const MAX_PRICE: Cents = Cents(5_000_000);

    /// A listing price as typed in dollars, validated against the market's bounds.
    pub fn parse_price(text: &str) -> Result<Cents, String> {
        let usd = Usd::parse_dollars(text)?;
        let cents = Cents(usd.micros() / (MICROS / 100));
        if cents < Cents::MIN_PRICE {
            return Err("the lowest price is $0.01".into());
        }
        if cents > Cents::MAX_PRICE {
            return Err("the highest price is $50,000.00".into());
        }
        Ok(cents)
    }

    /// What the seller is credited when this price sells: 95% (the market keeps 5%), rounded
    /// down to the cent so tradedeck never promises a cent more than arrives.
    pub fn after_fee(self) -> Cents {
        Cents((self.0 as i128 * 95 / 100) as i64)
    }

    pub fn is_valid_price(self) -> bool {
        (Cents::MIN_PRICE..=Cents::MAX_PRICE).contains(&self)
    }
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Usd::from_cents(self.0), f)
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_add(rhs.0))
    }
}

impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, Add::add)
    }
}

impl<'de> Deserialize<'de> for Cents {
    /// An integer; a numeric string or a whole float is tolerated, a fraction of a cent is not.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Float(f64),
            Text(String),
        }
        let bad = |what: String| serde::de::Error::custom(format!("{what} is not a whole number of cents"));
        match Raw::deserialize(d)? {
            Raw::Int(n) => Ok(Cents(n)),
            Raw::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Cents(f as i64)),
            Raw::Float(f) => Err(bad(f.to_string())),
            Raw::Text(t) => t.trim().parse().map(Cents).map_err(|_| bad(format!("\"{t}\""))),
        }
    }
}

#[cfg(test)]
mod cents_tests {
    use super::*;

    #[test]
    fn prices_as_typed() {
        assert_eq!(Cents::parse_price("1.23"), Ok(Cents(123)));
        assert_eq!(Cents::parse_price("50000"), Ok(Cents(5_000_000)));
        assert_eq!(Cents::parse_price("0.01"), Ok(Cents(1)));
        for bad in ["abc", "0", "-1", "50000.01", "", "1.234", "1,5"] {
            assert!(Cents::parse_price(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_fee_rounds_down_to_the_cent() {
        assert_eq!(Cents(123).after_fee(), Cents(116));
        assert_eq!(Cents(100).after_fee(), Cents(95));
        assert_eq!(Cents(1).after_fee(), Cents(0));
        assert_eq!(Cents(15000).to_string(), "$150.00");
    }
}
