//! Profit and loss. Realised: each sale's credit after fees minus its cost, the cost found by
//! asset id, else first in, first out among items of the same name (keys, metal). Where no
//! cost is known the profit is unknown, never zero. Unrealised: what is held now, at the
//! last value read, minus the cost of what is still held.

use super::cost::Lot;
use super::store::{Entry, Ledger, LedgerError, Market};
use crate::money::Cents;
use serde::Serialize;

/// How realised P&L is grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Group {
    #[default]
    Sale,
    Item,
    Day,
    Month,
}

/// One line of P&L: a sale, an item name, a day or a month.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PnlRow {
    pub key: String,
    pub sales: usize,
    /// What came in, after the market's fee.
    pub credit: Cents,
    /// The cost of the sales whose cost is known.
    pub cost: Cents,
    /// Credit minus cost, when every sale here has a cost; None (unknown) otherwise.
    pub profit: Option<Cents>,
    /// Credit minus cost over the sales that have one.
    pub profit_of_known: Cents,
    pub without_cost: usize,
}

impl PnlRow {
    fn add(&mut self, credit: Cents, cost: Option<Cents>) {
        self.sales += 1;
        self.credit = self.credit + credit;
        match cost {
            Some(c) => {
                self.cost = self.cost + c;
                self.profit_of_known = Cents(self.profit_of_known.0.saturating_add(credit.0.saturating_sub(c.0)));
            }
            None => self.without_cost += 1,
        }
        self.profit = (self.without_cost == 0).then_some(self.profit_of_known);
    }
}

/// Realised P&L for a range: its rows, each market's total, and the total.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Pnl {
    pub rows: Vec<PnlRow>,
    pub markets: Vec<(Market, PnlRow)>,
    pub total: PnlRow,
}

/// Every sale's cost, matched over the whole ledger (a cost lot is used once, by the
/// earliest sale that can take it), in the order of `sales` (oldest first). Lots are queued
/// by asset id and by name, so this is linear in sales and lots.
fn match_costs(sales: &[&Entry], lots: Vec<Lot>) -> Vec<Option<Cents>> {
    use std::collections::{HashMap, VecDeque};
    let key = |name: &str| crate::trade::index::normalize(name.trim());
    let mut used = vec![false; lots.len()];
    let mut by_asset: HashMap<&str, VecDeque<usize>> = HashMap::new();
    let mut by_name: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (i, lot) in lots.iter().enumerate() {
        match (&lot.asset_id, &lot.name) {
            (Some(asset), _) => by_asset.entry(asset.as_str()).or_default().push_back(i),
            (None, Some(name)) => by_name.entry(key(name)).or_default().push_back(i),
            (None, None) => {}
        }
    }
    let mut take = |queue: Option<&mut VecDeque<usize>>| {
        let queue = queue?;
        while let Some(i) = queue.pop_front() {
            if !used[i] {
                used[i] = true;
                return Some(lots[i].price);
            }
        }
        None
    };
    sales
        .iter()
        .map(|sale| {
            let by_id = sale.asset_id.as_deref().and_then(|id| take(by_asset.get_mut(id)));
            by_id.or_else(|| take(by_name.get_mut(&key(&sale.name))))
        })
        .collect()
}

/// The UTC day or month of a Unix second, "2026-11-03" or "2026-11".
fn period(at: i64, group: Group) -> String {
    let date = time::OffsetDateTime::from_unix_timestamp(at).map(|t| t.date()).unwrap_or(time::Date::MIN);
    match group {
        Group::Month => format!("{:04}-{:02}", date.year(), u8::from(date.month())),
        _ => format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()),
    }
}

/// Realised P&L of the sales at or after `since`, grouped. Costs are matched over every
/// sale, so a sale before the range still uses up its lot.
pub fn realised(ledger: &mut Ledger, since: Option<i64>, group: Group) -> Result<Pnl, LedgerError> {
    let mut entries = ledger.entries(&super::store::Filter { sales_only: true, ..Default::default() })?;
    entries.retain(Entry::realised);
    entries.reverse(); // oldest first
    let sales: Vec<&Entry> = entries.iter().collect();
    let costs = match_costs(&sales, ledger.cost_lots()?);
    let mut pnl = Pnl::default();
    for (sale, cost) in sales.iter().zip(costs) {
        if since.is_some_and(|s| sale.at < s) {
            continue;
        }
        let credit = sale.credit.unwrap_or(Cents::ZERO);
        let key = match group {
            Group::Sale => format!("{} {}", period(sale.at, Group::Day), sale.name),
            Group::Item => sale.name.clone(),
            Group::Day | Group::Month => period(sale.at, group),
        };
        match pnl.rows.iter_mut().find(|r| r.key == key && group != Group::Sale) {
            Some(row) => row.add(credit, cost),
            None => {
                let mut row = PnlRow { key, ..Default::default() };
                row.add(credit, cost);
                pnl.rows.push(row);
            }
        }
        match pnl.markets.iter_mut().find(|(m, _)| *m == sale.market) {
            Some((_, row)) => row.add(credit, cost),
            None => {
                let mut row = PnlRow { key: sale.market.as_str().into(), ..Default::default() };
                row.add(credit, cost);
                pnl.markets.push((sale.market, row));
            }
        }
        pnl.total.add(credit, cost);
    }
    pnl.total.key = "total".into();
    if pnl.total.sales == 0 {
        // No sale: nothing unknown, nothing made.
        pnl.total.profit = Some(Cents::ZERO);
    }
    if group != Group::Sale {
        pnl.rows.sort_by(|a, b| a.key.cmp(&b.key));
    }
    Ok(pnl)
}

/// What is held now against what it cost.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Unrealised {
    /// Items held, at the last full read of each account.
    pub items: i64,
    pub value: Cents,
    /// The cost of the held items whose cost is known (lots not used by a sale).
    pub cost_known: Cents,
    pub with_cost: i64,
    /// Value minus cost, when every held item has a cost; None (unknown) otherwise.
    pub profit: Option<Cents>,
}

pub fn unrealised(ledger: &mut Ledger) -> Result<Unrealised, LedgerError> {
    let latest = ledger.latest_values()?;
    let (items, value) = latest.iter().fold((0, Cents::ZERO), |(n, v), p| (n + p.items, v + p.total));
    let mut entries = ledger.entries(&super::store::Filter { sales_only: true, ..Default::default() })?;
    entries.retain(Entry::realised);
    entries.reverse();
    let sales: Vec<&Entry> = entries.iter().collect();
    let lots = ledger.cost_lots()?;
    let used = match_costs(&sales, lots.clone()).iter().filter(|c| c.is_some()).count();
    // Lots are used oldest first, so the ones left are the newest.
    let left: Vec<&Lot> = lots.iter().skip(used.min(lots.len())).collect();
    let with_cost = (left.len() as i64).min(items);
    let cost_known = left.iter().take(with_cost as usize).fold(Cents::ZERO, |s, l| s + l.price);
    let profit = (with_cost == items && items > 0).then(|| Cents(value.0 - cost_known.0));
    Ok(Unrealised { items, value, cost_known, with_cost, profit })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Kind;

    fn sale(at: i64, name: &str, asset: Option<&str>, credit: i64) -> Entry {
        Entry {
            source: "test".into(),
            source_key: format!("{at}"),
            at,
            market: Market::Mannco,
            account: "a".into(),
            kind: Kind::Sold,
            name: name.into(),
            asset_id: asset.map(str::to_string),
            game: None,
            price: None,
            fee: None,
            credit: Some(Cents(credit)),
            status: None,
        }
    }

    fn lot(at: i64, name: Option<&str>, asset: Option<&str>, price: i64) -> Lot {
        Lot { at, name: name.map(str::to_string), asset_id: asset.map(str::to_string), price: Cents(price) }
    }

    #[test]
    fn keys_are_matched_first_in_first_out_and_an_asset_cost_wins() {
        let sales = [
            sale(10, "Mann Co. Supply Crate Key", None, 200),
            sale(20, "mann co. supply crate key", None, 200),
            sale(30, "Team Captain", Some("77"), 500),
            sale(40, "Mann Co. Supply Crate Key", None, 200),
        ];
        let lots = vec![
            lot(1, Some("Mann Co. Supply Crate Key"), None, 180),
            lot(2, Some("Mann Co. Supply Crate Key"), None, 185),
            lot(3, Some("Team Captain"), None, 100),
            lot(4, None, Some("77"), 420),
        ];
        let costs = match_costs(&sales.iter().collect::<Vec<_>>(), lots);
        assert_eq!(costs, vec![Some(Cents(180)), Some(Cents(185)), Some(Cents(420)), None]);
        let mut row = PnlRow::default();
        for (s, c) in sales.iter().zip(costs) {
            row.add(s.credit.unwrap(), c);
        }
        assert_eq!(row.profit, None, "a sale without a cost makes the profit unknown, not zero");
        assert_eq!((row.profit_of_known, row.without_cost), (Cents(20 + 15 + 80), 1));
    }
}
