//! A price history as one line of block characters, for the pricing dialog and the Rules pane.

use crate::api::mannco::history::SalesPoint;

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
    use crate::money::Cents;

    #[test]
    fn days_without_a_sale_are_blank() {
        let point = |price: Option<i64>| SalesPoint { date: "2026-11-01".into(), sold: 1, price: price.map(Cents) };
        assert_eq!(sparkline(&[point(Some(210)), point(None)]), "▄ ");
        assert_eq!(sparkline(&[point(Some(100)), point(Some(200))]), "▁█");
        assert_eq!(sparkline(&[point(None)]), "");
    }
}
