//! What the inventory was worth: a point each time an account's inventory or list is read in
//! full. At most one point per account, market and hour: a later read in the same hour
//! replaces it, so the day's last read is always kept.

use super::store::{Ledger, LedgerError, Market};
use crate::money::Cents;
use rusqlite::params;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValuePoint {
    pub account: String,
    pub market: Market,
    /// Unix seconds of the read.
    pub at: i64,
    pub items: i64,
    pub total: Cents,
    /// What the total is at: "offer" (AssetPay), "listing" or "suggested" (Mannco).
    pub basis: String,
}

impl ValuePoint {
    /// A whole AssetPay inventory, at AssetPay's offers (items without an offer count, at
    /// nothing).
    pub fn of_assetpay(account: String, items: &crate::api::assetpay::ItemStore, at: i64) -> ValuePoint {
        let micros: i64 = items.iter().filter_map(|i| i.offer_price()).map(|p| p.micros()).fold(0, i64::saturating_add);
        ValuePoint {
            account,
            market: Market::Assetpay,
            at,
            items: items.len() as i64,
            total: Cents(micros / 10_000),
            basis: "offer".into(),
        }
    }

    /// A Mannco account's listings, at their listing prices.
    pub fn of_mannco_listed(account: String, rows: &[crate::api::mannco::Row], at: i64) -> ValuePoint {
        let items: i64 = rows.iter().map(|r| i64::from(r.count)).sum();
        let total = rows
            .iter()
            .filter_map(|r| r.price.map(|p| p.0.saturating_mul(i64::from(r.count))))
            .fold(0, i64::saturating_add);
        ValuePoint { account, market: Market::Mannco, at, items, total: Cents(total), basis: "listing".into() }
    }

    /// Into the ledger at `path`, for callers that do not hold it open (a blocking call: off
    /// the UI task). A failure is logged, never fatal: the ledger is derived.
    pub fn record_at(&self, path: &std::path::Path) {
        if let Err(e) = Ledger::open(path).and_then(|mut l| l.record_value(self)) {
            tracing::warn!("the value point could not be kept in the ledger: {e}");
        }
    }
}

impl Ledger {
    /// Records a full read's value (replacing a point of the same hour).
    pub fn record_value(&mut self, point: &ValuePoint) -> Result<(), LedgerError> {
        self.insert_value_points(std::slice::from_ref(point))
    }

    pub(super) fn insert_value_points(&mut self, points: &[ValuePoint]) -> Result<(), LedgerError> {
        let tx = self.write()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO value_points (account, market, hour, at, items, total_cents, basis)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for p in points {
                insert.execute(params![
                    p.account,
                    p.market.as_str(),
                    p.at.div_euclid(3600),
                    p.at,
                    p.items,
                    p.total.0,
                    p.basis
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Points at or after `since`, oldest first.
    pub fn value_points(&self, since: Option<i64>) -> Result<Vec<ValuePoint>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT account, market, at, items, total_cents, basis FROM value_points WHERE at >= ?1 ORDER BY at",
        )?;
        let rows = stmt.query_map(params![since.unwrap_or(i64::MIN)], |r| {
            Ok(ValuePoint {
                account: r.get(0)?,
                market: Market::parse(&r.get::<_, String>(1)?),
                at: r.get(2)?,
                items: r.get(3)?,
                total: Cents(r.get(4)?),
                basis: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Each account's newest point.
    pub fn latest_values(&self) -> Result<Vec<ValuePoint>, LedgerError> {
        let mut latest: Vec<ValuePoint> = vec![];
        for point in self.value_points(None)? {
            match latest.iter_mut().find(|p| p.account == point.account && p.market == point.market) {
                Some(p) => *p = point,
                None => latest.push(point),
            }
        }
        Ok(latest)
    }
}

/// The total value over time across accounts: at each point's time, the sum of every
/// account's latest point so far. Oldest first, as (Unix seconds, total).
pub fn total_over_time(points: &[ValuePoint]) -> Vec<(i64, Cents)> {
    let mut latest: Vec<(&str, Market, Cents)> = vec![];
    let mut series: Vec<(i64, Cents)> = vec![];
    for p in points {
        match latest.iter_mut().find(|(a, m, _)| *a == p.account && *m == p.market) {
            Some(slot) => slot.2 = p.total,
            None => latest.push((&p.account, p.market, p.total)),
        }
        let total = latest.iter().fold(Cents::ZERO, |s, (_, _, t)| s + *t);
        match series.last_mut() {
            Some(last) if last.0 == p.at => last.1 = total,
            _ => series.push((p.at, total)),
        }
    }
    series
}
