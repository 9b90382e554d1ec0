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

/// "▁▂▅▇": the points' prices as a line of block characters, oldest first; days without a
/// sale are blank.
pub fn sparkline(points: &[SalesPoint]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let prices: Vec<i64> = points.iter().filter_map(|p| p.price.map(|c| c.0)).collect();
    let (Some(lo), Some(hi)) = (prices.iter().min().copied(), prices.iter().max().copied()) else {
        return String::new();
    };
    points
        .iter()
        .map(|p| match p.price {
            None => ' ',
            Some(_) if hi == lo => BARS[3],
            Some(c) => BARS[((c.0 - lo) * 7 / (hi - lo)) as usize],
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
        assert_eq!(sparkline(&sales_points(&daily)), "▄ ");
    }
}
