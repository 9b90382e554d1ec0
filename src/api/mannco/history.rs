//! `GET /item/salesGraph/{id}?period=…`: an item's sales per day (or week). The sources give
//! two point shapes (`date`, `price` = the day's total, `nb`; or `day`/`week`, `median`/`mean`,
//! `sold`): both are read, and anything else in a point is ignored.

use crate::money::Cents;
use serde_json::Value;

/// One day (or week) of sales.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SalesPoint {
    pub date: String,
    /// How many sold.
    pub sold: u32,
    /// The typical price that day: the median or mean when given, else the total ÷ the count.
    pub price: Option<Cents>,
}

/// The points of a `content` in either documented shape; unreadable points are skipped.
pub fn sales_points(content: &Value) -> Vec<SalesPoint> {
    let values = content.get("values").and_then(Value::as_array).or_else(|| content.as_array());
    let number = |p: &Value, keys: &[&str]| keys.iter().find_map(|k| p.get(*k).and_then(as_number));
    values
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let date = ["date", "day", "first_date", "week"]
                .iter()
                .find_map(|k| p.get(*k).map(|v| v.as_str().map(String::from).unwrap_or_else(|| v.to_string())))?;
            let sold = number(p, &["nb", "total_nb", "sold"]).unwrap_or(0.0).max(0.0) as u32;
            let price = match number(p, &["median", "mean"]) {
                Some(typical) => Some(Cents(typical.round() as i64)),
                None => number(p, &["price", "total_price"])
                    .filter(|_| sold > 0)
                    .map(|total| Cents((total / sold as f64).round() as i64)),
            };
            Some(SalesPoint { date, sold, price })
        })
        .collect()
}

fn as_number(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()).filter(|n: &f64| n.is_finite())
}

/// One row of `GET /user/getSalesHistory`. The row shape is uncertain in the sources: every
/// field is optional, numbers may come as strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaleRow {
    /// Unix seconds.
    pub at: Option<i64>,
    pub item_id: Option<i64>,
    /// The Steam asset (`idbackpack` in the row shape clients assume), when given.
    pub asset_id: Option<u64>,
    pub name: String,
    pub price: Option<Cents>,
    pub count: u32,
}

/// What identifies a sale across reads: its time, item, name and price.
pub type SaleKey = (Option<i64>, Option<i64>, String, Option<Cents>);

impl SaleRow {
    /// What identifies the row across reads: its time, item, name and price.
    pub fn key(&self) -> SaleKey {
        (self.at, self.item_id, self.name.clone(), self.price)
    }
}

/// The rows of a sales-history `content` (`{values: [...], count}`).
pub fn sale_rows(content: &Value) -> Vec<SaleRow> {
    let values = content.get("values").and_then(Value::as_array).or_else(|| content.as_array());
    values
        .into_iter()
        .flatten()
        .map(|r| SaleRow {
            at: r.get("date").and_then(as_number).map(|n| n as i64),
            item_id: ["iditem", "item_id", "itemId"]
                .iter()
                .find_map(|k| r.get(*k).and_then(as_number))
                .map(|n| n as i64),
            asset_id: ["idbackpack", "asset_id", "assetid"]
                .iter()
                .find_map(|k| r.get(*k).and_then(as_number))
                .filter(|n| *n > 0.0)
                .map(|n| n as u64),
            name: r.get("name").and_then(Value::as_str).unwrap_or_default().trim().trim_end_matches(';').to_string(),
            price: r.get("price").and_then(as_number).map(|n| Cents(n.round() as i64)),
            count: r.get("count").and_then(as_number).map(|n| n.max(1.0) as u32).unwrap_or(1),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_point_shapes_read() {
        let daily = json!({"values": [
            {"date": "2026-11-01 00:00:00", "price": 630, "nb": 3},
            {"date": "2026-11-02 00:00:00", "price": 0, "nb": 0},
        ]});
        let points = sales_points(&daily);
        assert_eq!(points[0], SalesPoint { date: "2026-11-01 00:00:00".into(), sold: 3, price: Some(Cents(210)) });
        assert_eq!(points[1].price, None, "no sale: no price");
        let stats =
            json!({"period": "1M", "values": [{"day": "2026-11-01", "median": 205.0, "mean": 207.4, "sold": 9}]});
        assert_eq!(sales_points(&stats)[0].price, Some(Cents(205)), "the median when given");
        let weekly =
            json!({"values": [{"first_date": "2026-10-26", "week": "202644", "total_price": "1000", "total_nb": "4"}]});
        assert_eq!(sales_points(&weekly)[0].price, Some(Cents(250)));
        assert!(sales_points(&json!({"values": [{"nothing": 1}]})).is_empty());
    }
}

#[cfg(test)]
mod sale_rows_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_read_with_numbers_as_strings_and_missing_fields() {
        let content = json!({"values": [
            {"date": 1_790_000_000, "iditem": 7, "name": "Key;", "price": 195, "count": 2},
            {"date": "1790000100", "name": "Team Captain", "price": "5000"},
            {}
        ], "count": 3});
        let rows = sale_rows(&content);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].name, "Key", "the trailing ; is dropped");
        assert_eq!((rows[0].count, rows[0].price), (2, Some(Cents(195))));
        assert_eq!((rows[1].at, rows[1].price, rows[1].item_id), (Some(1_790_000_100), Some(Cents(5000)), None));
        assert_eq!(rows[2].price, None);
    }
}
