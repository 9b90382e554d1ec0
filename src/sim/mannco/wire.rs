//! The simulated Mannco market's own wire models, written from `mannco.md` and
//! `mannco-more.md`, never from the client's types. Where the sources disagree, `Shapes`
//! picks the reading: `Docs` the first one each document gives, `Alt` the other.

use crate::sim::Shapes;
use serde::Serialize;
use serde_json::Value;

/// `{err, success, content}`; PRICEDB types `err` as a number, and VANZIP and PRICEDB read an
/// error's text from `message`.
#[derive(Serialize)]
pub struct Envelope {
    err: Value,
    success: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

impl Envelope {
    pub fn success(shapes: Shapes, content: Value) -> Self {
        let err = match shapes {
            Shapes::Docs => Value::Bool(false),
            Shapes::Alt => Value::from(0),
        };
        Envelope { err, success: true, content: Some(content), message: None }
    }

    pub fn failure(shapes: Shapes, message: &str) -> Self {
        match shapes {
            Shapes::Docs => {
                Envelope { err: Value::Bool(true), success: false, content: Some(message.into()), message: None }
            }
            Shapes::Alt => {
                Envelope { err: Value::from(1), success: false, content: None, message: Some(message.into()) }
            }
        }
    }
}

/// One row of `/inventory/onSale` or `/inventory/onInventory`: identical items grouped.
#[derive(Serialize)]
pub struct InventoryRow {
    pub ids: String,
    pub count: usize,
    pub item_id: i64,
    #[serde(rename = "assetId")]
    pub asset_id: String,
    pub bot: String,
    pub game: u32,
    pub state: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    pub name: String,
    pub effect: String,
    pub url: String,
    /// Sometimes with a trailing `;` ("Souvenir;").
    pub quality: String,
    pub image: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// `1`/`0`, or `""` in GMAN's reading.
    pub craftable: Value,
    /// Not in the contract: when a server says until when a CS item is under trade hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trade_lock_until: Option<i64>,
}

impl InventoryRow {
    /// The row in the chosen reading: `Alt` writes a trailing `;` on the quality and an
    /// empty string for an uncraftable flag, as the sources say the market sometimes does.
    pub fn shaped(mut self, shapes: Shapes, craftable: u8) -> Self {
        self.craftable = match (shapes, craftable) {
            (Shapes::Alt, 0) => Value::from(""),
            _ => Value::from(craftable),
        };
        if shapes == Shapes::Alt && !self.quality.is_empty() {
            self.quality.push(';');
        }
        self
    }
}

/// `content` of `/item/pricing/bulk`.
#[derive(Serialize)]
pub struct PricingBulk {
    pub total_items: usize,
    pub cached_items: usize,
    pub refreshed_items: usize,
    pub items: Vec<PricingRow>,
}

/// One look-up row (§3): the cache flag is `from_cache` (bulk, VANZIP) or `cached` (GMAN);
/// `last_updated` is `Y-m-d H:i:s` or ISO 8601; prices are cents as integers or floats.
#[derive(Serialize)]
pub struct PricingRow {
    pub item_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_cache: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cached: Option<bool>,
    pub last_updated: String,
    pub pricing: Prices,
}

#[derive(Serialize)]
pub struct Prices {
    pub lowest_sale_price: Value,
    /// The highest buy order, despite the name.
    pub lowest_buy_order: Value,
    pub steam_price: Value,
    pub suggested_price: Value,
    pub last_sale: Option<LastSale>,
}

#[derive(Serialize)]
pub struct LastSale {
    pub price: Value,
    pub date: i64,
}

/// Cents in the chosen reading: an integer (VANZIP), or a float (GMAN); none is `null`.
pub fn cents(shapes: Shapes, cents: Option<i64>) -> Value {
    match (cents, shapes) {
        (None, _) => Value::Null,
        (Some(c), Shapes::Docs) => Value::from(c),
        (Some(c), Shapes::Alt) => Value::from(c as f64),
    }
}

impl PricingRow {
    pub fn new(shapes: Shapes, item_id: i64, cached: bool, updated_unix: i64, pricing: Prices) -> Self {
        let updated =
            time::OffsetDateTime::from_unix_timestamp(updated_unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let (date, clock) = (updated.date(), updated.time());
        let (h, m, s) = (clock.hour(), clock.minute(), clock.second());
        match shapes {
            Shapes::Docs => PricingRow {
                item_id,
                from_cache: Some(cached),
                cached: None,
                last_updated: format!("{date} {h:02}:{m:02}:{s:02}"),
                pricing,
            },
            Shapes::Alt => PricingRow {
                item_id,
                from_cache: None,
                cached: Some(cached),
                last_updated: format!("{date}T{h:02}:{m:02}:{s:02}Z"),
                pricing,
            },
        }
    }
}

/// One point of `/item/salesGraph/{id}`: GMAN-A's `{date, price (the day's total), nb}` in
/// the documents' reading, GMAN-B's `{day, median, mean, percentile, sold}` in the other.
pub fn sales_point(shapes: Shapes, day: time::Date, typical: i64, sold: i64) -> Value {
    match shapes {
        Shapes::Docs => serde_json::json!({"date": format!("{day} 00:00:00"), "price": typical * sold, "nb": sold}),
        Shapes::Alt if sold == 0 => serde_json::json!({"day": day.to_string(), "sold": 0}),
        Shapes::Alt => serde_json::json!({
            "day": day.to_string(), "median": typical, "mean": typical as f64 + 0.25,
            "percentile": typical + typical / 50, "sold": sold
        }),
    }
}

/// One sales-history row in VANZIP's assumed shape; the other reading sends every number as a
/// string.
#[derive(Serialize)]
pub struct SaleRow {
    pub count: Value,
    pub date: Value,
    pub effect: String,
    pub festivized: Value,
    pub idbackpack: Value,
    pub iditem: Value,
    pub name: String,
    pub price: Value,
}

impl SaleRow {
    pub fn new(shapes: Shapes, at: i64, item_id: i64, asset_id: u64, name: &str, effect: &str, price: i64) -> Self {
        let number = |n: i64| match shapes {
            Shapes::Docs => Value::from(n),
            Shapes::Alt => Value::from(n.to_string()),
        };
        SaleRow {
            count: number(1),
            date: number(at),
            effect: effect.into(),
            festivized: number(0),
            idbackpack: number(asset_id as i64),
            iditem: number(item_id),
            name: name.into(),
            price: number(price),
        }
    }
}

/// The price cap refusal: the documents give no exact text, only that the maximum is in it.
pub fn price_limit_message(shapes: Shapes, cap: i64) -> String {
    match shapes {
        Shapes::Docs => format!("Price limit exceeded (max {cap})"),
        Shapes::Alt => format!("Price limit exceeded (maximum allowed price: {cap})"),
    }
}
