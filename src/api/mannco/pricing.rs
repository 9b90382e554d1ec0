//! `GET /item/pricing/{id}` and `/item/pricing/bulk` as `mannco-more.md` §3 documents them:
//! each row carries `item_id`, a cache flag (`cached` or `from_cache`), `last_updated` (either
//! `Y-m-d H:i:s` or ISO 8601) and its prices under `pricing`, in cents sent as integers or as
//! whole floats. A row without a price the rules need is an error naming that field, never a
//! silent "no price" that a rule would then read as "no listing".

use super::fields::{FieldError, Fields};
use crate::money::Cents;
use serde::Serialize;
use serde_json::Value;

/// What the market says one item type trades at, in cents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ItemPricing {
    pub item_id: i64,
    /// The cheapest listing on sale, anyone's (the trader's own included); None: no listing.
    pub lowest_sale_price: Option<Cents>,
    /// Despite its name, the **highest** buy order: a listing at or below it sells at once.
    pub lowest_buy_order: Option<Cents>,
    pub steam_price: Option<Cents>,
    pub suggested_price: Option<Cents>,
    pub last_sale: Option<LastSale>,
    /// Whether the market served the row from its cache.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cached: Option<bool>,
    /// When the market last refreshed the row, as it wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
}

/// The item type's last sale: its price and when (Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LastSale {
    pub price: Cents,
    pub date: Option<i64>,
}

impl ItemPricing {
    pub fn best_buy_order(&self) -> Option<Cents> {
        self.lowest_buy_order.filter(|c| c.0 > 0)
    }

    /// The lowest listing, when there is one (a 0 means none).
    pub fn lowest_listing(&self) -> Option<Cents> {
        self.lowest_sale_price.filter(|c| c.0 > 0)
    }

    /// One documented row (single look-up content, or one row of a bulk answer).
    pub fn from_row(row: &Value) -> Result<ItemPricing, FieldError> {
        let row = Fields::of(row, "pricing row")?;
        let item_id = row.required_int("item_id")?;
        let row = row.named(format!("item {item_id}"));
        let prices = row.required_object("pricing")?;
        let last_sale = match prices.value("last_sale") {
            None | Some(Value::Null) => None,
            Some(_) => {
                let sale = prices.required_object("last_sale")?;
                sale.optional_cents("price")?
                    .map(|price| LastSale { price, date: sale.optional_int("date").ok().flatten() })
            }
        };
        Ok(ItemPricing {
            item_id,
            lowest_sale_price: prices.nullable_cents("lowest_sale_price")?,
            lowest_buy_order: prices.nullable_cents("lowest_buy_order")?,
            steam_price: prices.optional_cents("steam_price")?,
            suggested_price: prices.nullable_cents("suggested_price")?,
            last_sale,
            cached: row.optional_bool("cached").or_else(|| row.optional_bool("from_cache")),
            last_updated: row.optional_text("last_updated"),
        })
    }
}

/// The rows of a look-up's `content`: the bulk `{total_items, …, items: [row]}`, a bare array
/// of rows, or one single-item row. Any row that cannot be read fails the whole look-up with
/// the field named, so no rule ever runs on a price it did not get.
pub fn pricing_rows(content: &Value) -> Result<Vec<ItemPricing>, FieldError> {
    let rows: Vec<&Value> = match content {
        Value::Array(rows) => rows.iter().collect(),
        Value::Object(map) if map.contains_key("pricing") => vec![content],
        Value::Object(map) => match map.get("items") {
            Some(Value::Array(rows)) => rows.iter().collect(),
            Some(_) => return Err(FieldError::new("pricing answer", "items", "is not a list")),
            None => return Err(FieldError::new("pricing answer", "items", "is missing")),
        },
        _ => return Err(FieldError::new("pricing answer", "content", "is neither a list nor an object")),
    };
    rows.into_iter().map(ItemPricing::from_row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_documented_row_reads_with_either_cache_flag_and_float_cents() {
        let row = json!({"item_id": 4120, "from_cache": true, "last_updated": "2026-07-01T11:57:00Z",
            "pricing": {"lowest_sale_price": 196.0, "lowest_buy_order": 188, "steam_price": 249,
                        "suggested_price": 193, "last_sale": {"price": 196, "date": 1782896400}}});
        let p = ItemPricing::from_row(&row).unwrap();
        assert_eq!(
            (p.lowest_listing(), p.best_buy_order(), p.cached),
            (Some(Cents(196)), Some(Cents(188)), Some(true))
        );
        assert_eq!(p.last_sale, Some(LastSale { price: Cents(196), date: Some(1782896400) }));
    }

    #[test]
    fn a_missing_price_names_its_field() {
        let flat = json!({"item_id": 7, "lowest_sale_price": 210, "lowest_buy_order": 195});
        let err = ItemPricing::from_row(&flat).unwrap_err().to_string();
        assert!(err.contains("item 7") && err.contains("pricing is missing"), "{err}");
        let partial = json!({"item_id": 7, "pricing": {"lowest_buy_order": 195, "suggested_price": 200}});
        let err = pricing_rows(&json!({"items": [partial]})).unwrap_err().to_string();
        assert!(err.contains("pricing.lowest_sale_price is missing"), "{err}");
        let text = json!({"item_id": 7, "pricing": {"lowest_sale_price": "abc", "lowest_buy_order": null, "suggested_price": 1}});
        let err = ItemPricing::from_row(&text).unwrap_err().to_string();
        assert!(err.contains("pricing.lowest_sale_price is not a whole number of cents"), "{err}");
    }

    #[test]
    fn null_means_none_and_last_sale_may_be_null() {
        let row = json!({"item_id": 5678, "cached": false, "pricing": {"lowest_sale_price": null,
            "lowest_buy_order": 0, "steam_price": 17999, "suggested_price": 15500, "last_sale": null}});
        let p = ItemPricing::from_row(&row).unwrap();
        assert_eq!((p.lowest_listing(), p.best_buy_order(), p.last_sale), (None, None, None));
    }
}
