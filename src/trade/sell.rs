//! Selling to AssetPay with the outcome always established: the official SDK's reconcile
//! recipe, made the only way to sell. A sale whose answer is lost is resent once with the
//! same externalId (AssetPay keeps one trade per externalId); if that fails too, the trade is
//! looked up by its externalId. One basket never becomes two trades, and a sale is never
//! called done or failed on a guess.

use crate::api::assetpay::trades::{MAX_SELL_ITEMS, SellFailure};
use crate::api::assetpay::{AssetPayClient, AssetPayError, ErrorKey, Game, Item, SellLine, SellRequest, Trade};
use crate::money::Usd;
use std::collections::HashSet;

/// Attempts when nothing was applied: the connection never opened, or AssetPay said to try
/// again shortly.
const ATTEMPTS: usize = 3;

/// How the trade was known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Established {
    /// AssetPay answered the sale.
    Answered,
    /// The answer was lost; the identical sale, resent with the same externalId, answered.
    Resent,
    /// Both answers were lost or refused; the trade was found by its externalId.
    LookedUp,
}

impl Established {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Answered => "AssetPay answered the sale",
            Self::Resent => "the answer was lost; the same sale, resent with the same reference, was answered",
            Self::LookedUp => "the answer was lost; the trade was found by the sale's reference",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SellOutcome {
    /// The trade (and any trades its basket was split into).
    Sold { trade: Box<Trade>, how: Established },
    /// A definitive refusal, or refused before sending: nothing was sold by this sale. A new
    /// attempt gets a new externalId.
    Refused(SellFailure),
    /// The sale may have been made and no trade could be found: reconcile before selling
    /// these items again.
    Unknown(AssetPayError),
}

/// A fresh reference for a sale: a UUID, unique per attempt.
pub fn new_external_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A sale of `lines` with a fresh externalId, `isInstant` always explicit.
pub fn sale(lines: Vec<SellLine>, game: crate::api::assetpay::Game, is_instant: bool) -> SellRequest {
    SellRequest { lines, game, external_id: new_external_id(), is_instant }
}

/// The sale's total, exactly: the sum of offer × amount, in micro-dollars.
pub fn total(sale: &SellRequest) -> Usd {
    sale.lines.iter().map(|l| value(l.price, l.amount.unwrap_or(1))).sum()
}

/// `amount` items at `price`, exactly.
fn value(price: Usd, amount: u32) -> Usd {
    Usd::from_micros(price.micros().saturating_mul(amount as i64))
}

/// Sends a sale and establishes its outcome.
pub async fn sell(client: &AssetPayClient, sale: &SellRequest) -> SellOutcome {
    let mut attempt = 1;
    let first = loop {
        match client.sell(sale).await {
            Err(SellFailure::NotSent(AssetPayError::Network(why))) if attempt < ATTEMPTS => {
                tracing::info!(attempt, "assetpay sale not sent ({why}): trying again");
            }
            // Refusals that applied nothing and say to try again shortly, as the official SDK
            // retries them; the same externalId keeps a repeat from making two trades.
            Err(failure @ SellFailure::Refused(_))
                if attempt < ATTEMPTS
                    && matches!(failure.key(), Some(ErrorKey::FleetDegraded | ErrorKey::DepositInProgress)) =>
            {
                tracing::info!(attempt, "assetpay sale refused for now ({failure}): trying again");
            }
            other => break other,
        }
        attempt += 1;
        tokio::time::sleep(std::time::Duration::from_millis(300 * attempt as u64)).await;
    };
    let lost = match first {
        Ok(trade) => match checked(trade, sale) {
            Ok(trade) => return SellOutcome::Sold { trade: Box::new(trade), how: Established::Answered },
            Err(Checked::Failed(why)) => return SellOutcome::Refused(SellFailure::Refused(why)),
            // An answer about something else proves nothing about this sale: look it up.
            Err(Checked::Mismatch(why)) => {
                return match client.find_trade(sale.game, &sale.external_id).await {
                    Ok(Some(found)) => match checked(found, sale) {
                        Ok(trade) => SellOutcome::Sold { trade: Box::new(trade), how: Established::LookedUp },
                        Err(Checked::Failed(why)) => SellOutcome::Refused(SellFailure::Refused(why)),
                        Err(Checked::Mismatch(other)) => SellOutcome::Unknown(other),
                    },
                    _ => SellOutcome::Unknown(why),
                };
            }
        },
        Err(SellFailure::Unknown(e)) => e,
        Err(refused) => return SellOutcome::Refused(refused),
    };
    tracing::warn!(external_id = %sale.external_id, "assetpay sale outcome unknown ({lost}): resending the same sale once");
    match client.sell(sale).await.map(|t| checked(t, sale)) {
        Ok(Ok(trade)) => return SellOutcome::Sold { trade: Box::new(trade), how: Established::Resent },
        Ok(Err(Checked::Failed(why))) => return SellOutcome::Refused(SellFailure::Refused(why)),
        Ok(Err(Checked::Mismatch(why))) => {
            tracing::warn!("the resend's answer is not this sale ({why}): looking it up")
        }
        Err(e) => {
            tracing::info!(external_id = %sale.external_id, "the resend did not answer with the trade ({e}): looking it up")
        }
    }
    match client.find_trade(sale.game, &sale.external_id).await {
        Ok(Some(trade)) => match checked(trade, sale) {
            Ok(trade) => SellOutcome::Sold { trade: Box::new(trade), how: Established::LookedUp },
            Err(Checked::Failed(why)) => SellOutcome::Refused(SellFailure::Refused(why)),
            Err(Checked::Mismatch(why)) => SellOutcome::Unknown(why),
        },
        Ok(None) => SellOutcome::Unknown(lost),
        Err(e) => {
            tracing::warn!("looking the sale up failed: {e}");
            SellOutcome::Unknown(lost)
        }
    }
}

/// Why a trade AssetPay answered with is not taken as this sale.
enum Checked {
    /// It is this sale, and it failed.
    Failed(AssetPayError),
    /// It is not (provably) this sale.
    Mismatch(AssetPayError),
}

/// The trade, when it is this sale: its reference, exactly the items sent (across the trades a
/// split made), and a total no more than a cent under the one confirmed; and it has not failed.
fn checked(trade: Trade, sale: &SellRequest) -> Result<Trade, Checked> {
    let mismatch = |why: String| {
        Checked::Mismatch(AssetPayError::NotThisSale(format!("AssetPay's answer is not this sale: {why}")))
    };
    if let Some(reference) = trade.external_id.as_deref().filter(|r| *r != sale.external_id) {
        return Err(mismatch(format!("it carries the reference {reference}")));
    }
    let trades = std::iter::once(&trade).chain(trade.related_trades.iter());
    let mut answered: Vec<&str> = trades.clone().flat_map(|t| t.items.iter().map(|i| i.id.as_str())).collect();
    let mut sent: Vec<&str> = sale.lines.iter().map(|l| l.item_id.as_str()).collect();
    answered.sort_unstable();
    sent.sort_unstable();
    if answered != sent {
        return Err(mismatch(format!("it holds {} item(s), not the {} sent", answered.len(), sent.len())));
    }
    let totals: Vec<Usd> = trades.clone().filter_map(|t| t.total_price).collect();
    if totals.len() == 1 + trade.related_trades.len() {
        let answered_total: Usd = totals.into_iter().sum();
        let confirmed = total(sale);
        if answered_total.micros() < confirmed.micros() - Usd::from_cents(1).micros() {
            return Err(mismatch(format!("its total {answered_total} is under the {confirmed} confirmed")));
        }
    }
    if trade.status == crate::api::assetpay::TradeStatus::Failed {
        let why = trade.error.clone().unwrap_or_else(|| "no reason given".into());
        return Err(Checked::Failed(AssetPayError::NotThisSale(format!(
            "AssetPay made trade {} and it failed: {why}",
            trade.id
        ))));
    }
    Ok(trade)
}

/// One item of a sale preview: what it sells for, or why it is not offered.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewLine {
    pub item_id: String,
    pub name: String,
    /// The offer, per unit, exactly as AssetPay sent it.
    pub price: Option<Usd>,
    pub amount: u32,
    /// Why the item is not in the sale.
    pub refused: Option<String>,
}

/// What a sale would send: the lines, refused ones included, and the total of the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SalePreview {
    pub lines: Vec<PreviewLine>,
}

impl SalePreview {
    pub fn selling(&self) -> impl Iterator<Item = &PreviewLine> {
        self.lines.iter().filter(|l| l.refused.is_none())
    }

    pub fn total(&self) -> Usd {
        self.selling().map(|l| value(l.price.unwrap_or(Usd::ZERO), l.amount)).sum()
    }

    /// Each item's name by id, for the journal.
    pub fn names(&self) -> std::collections::HashMap<String, String> {
        self.lines.iter().map(|l| (l.item_id.clone(), l.name.clone())).collect()
    }

    /// The sales to send, at most 250 items each, each with its own externalId.
    pub fn sales(&self, game: Game, is_instant: bool) -> Vec<SellRequest> {
        let lines: Vec<SellLine> = self
            .selling()
            .filter_map(|l| {
                let amount = (l.amount > 1).then_some(l.amount);
                Some(SellLine { item_id: l.item_id.clone(), price: l.price?, amount })
            })
            .collect();
        lines.chunks(MAX_SELL_ITEMS).map(|chunk| sale(chunk.to_vec(), game, is_instant)).collect()
    }
}

/// Previews selling `items`: each at its offer, the whole stack for Rust; refused when AssetPay
/// does not accept it, it is under a trade hold, the stack is over `maxAmount`, or it is in a
/// trade already (`in_trades`, the item ids of trades in flight).
pub fn preview(items: &[Item], in_trades: &HashSet<String>) -> SalePreview {
    let lines = items
        .iter()
        .map(|item| {
            let amount = item.amount.unwrap_or(1).clamp(1, u32::MAX as i64) as u32;
            let offer = item.offer.as_ref();
            let refused = if in_trades.contains(&item.id) {
                Some("already in a trade".to_string())
            } else if !item.tradable {
                Some("not tradable: under a Steam trade hold (AssetPay does not say until when)".into())
            } else if !item.is_accepted() || offer.is_none_or(|o| o.price <= Usd::ZERO) {
                Some("AssetPay does not accept it now".into())
            } else {
                let over = offer.and_then(|o| o.max_amount).filter(|max| amount as f64 > *max);
                over.map(|max| format!("{amount} in the stack, AssetPay takes at most {max} at once"))
            };
            PreviewLine {
                item_id: item.id.clone(),
                name: item.display_name().to_string(),
                price: offer.map(|o| o.price),
                amount,
                refused,
            }
        })
        .collect();
    SalePreview { lines }
}

/// The item ids in trades still in flight: not to be offered again.
pub fn items_in_flight(trades: &[Trade]) -> HashSet<String> {
    trades.iter().filter(|t| t.status.in_flight()).flat_map(|t| t.items.iter().map(|i| i.id.clone())).collect()
}

/// The refusal a sale can be offered again after, once read again: moved offers or overstock.
pub fn revisable(outcome: &SellOutcome) -> Option<&AssetPayError> {
    match outcome {
        SellOutcome::Refused(failure @ SellFailure::Refused(refusal))
            if matches!(failure.key(), Some(ErrorKey::PriceChanged | ErrorKey::ItemOverstocked)) =>
        {
            Some(refusal)
        }
        _ => None,
    }
}

/// `revise`, from the market as it is now: the whole inventory of the sale's game, and the
/// trades in flight (when they cannot be read, no item is taken to be in one).
pub async fn revise_from_market(
    client: &AssetPayClient,
    sale: &SellRequest,
    refusal: &AssetPayError,
) -> Result<(SalePreview, Vec<Revised>), AssetPayError> {
    let query = crate::api::assetpay::InventoryQuery {
        game: sale.game,
        limit: crate::api::assetpay::Limit::All,
        ..Default::default()
    };
    let now = client.inventory_all(&query).await?.items.to_items();
    let in_trades = client.trades_page(sale.game, None).await.map(|p| items_in_flight(&p.items)).unwrap_or_default();
    Ok(revise(sale, &now, refusal, &in_trades))
}

/// Trades whose status is new or changed since `before`: (id, the old status if it was known,
/// the new one).
pub fn status_changes<'a>(before: &'a [Trade], now: &'a [Trade]) -> Vec<(&'a str, Option<&'a str>, &'a str)> {
    now.iter()
        .filter_map(|t| {
            let old = before.iter().find(|b| b.id == t.id).map(|b| b.status.label());
            (old != Some(t.status.label())).then_some((t.id.as_str(), old, t.status.label()))
        })
        .collect()
}

/// AssetPay's guard on client deposits, per account: at most this many in flight…
pub const MAX_ACTIVE_DEPOSITS: usize = 5;
/// …and at most this many in any 5 minutes.
pub const MAX_DEPOSITS_PER_5_MIN: usize = 10;

/// Whether `sales` more client deposits fit AssetPay's guard, given the account's recent
/// trades (newest first, as `/client/trades` lists them): checked before sending, so a sale
/// is refused with a reason rather than sent to be refused. A split basket is one deposit.
pub fn deposit_guard(recent: &[Trade], now: time::OffsetDateTime, sales: usize) -> Result<(), String> {
    let split_off: HashSet<&str> = recent.iter().flat_map(|t| t.related_trades.iter().map(|r| r.id.as_str())).collect();
    let deposits: Vec<&Trade> = recent.iter().filter(|t| !split_off.contains(t.id.as_str())).collect();
    let active = deposits.iter().filter(|t| t.status.in_flight()).count();
    let window = time::Duration::minutes(5);
    let lately = deposits.iter().filter(|t| t.created_at.is_some_and(|at| now - at < window)).count();
    if active + sales > MAX_ACTIVE_DEPOSITS {
        return Err(format!(
            "AssetPay allows {MAX_ACTIVE_DEPOSITS} sales in progress per account: {active} are, and this needs {sales} more. Wait for some to finish (tradedeck assetpay trades)."
        ));
    }
    if lately + sales > MAX_DEPOSITS_PER_5_MIN {
        return Err(format!(
            "AssetPay allows {MAX_DEPOSITS_PER_5_MIN} sales per 5 minutes per account: {lately} were made lately, and this needs {sales} more. Try again in a few minutes."
        ));
    }
    Ok(())
}

/// Items AssetPay said it is overstocked on (`ITEM_OVERSTOCKED`'s `details.items`), with how
/// many more it takes.
pub fn overstocked(e: &AssetPayError) -> Vec<(String, u32)> {
    let AssetPayError::Api(api) = e else { return vec![] };
    let items = api.details.as_ref().and_then(|d| d.get("items")).and_then(|i| i.as_array());
    items
        .into_iter()
        .flatten()
        .filter_map(|i| {
            let id = i.get("itemId")?.as_str()?.to_string();
            let remaining = i.get("remaining").and_then(|r| r.as_u64()).unwrap_or(0);
            Some((id, remaining.min(u32::MAX as u64) as u32))
        })
        .collect()
}

/// One item of a refused sale, read again: the offer it was sent at and the offer now.
#[derive(Clone, Debug, PartialEq)]
pub struct Revised {
    pub item_id: String,
    pub name: String,
    pub old: Usd,
    /// None when the item is no longer offered.
    pub new: Option<Usd>,
}

/// A sale refused for moved offers or overstock, previewed again from the inventory as it is
/// now: the new preview (overstocked items cut to what AssetPay still takes, or refused), and
/// each item whose offer moved, old → new. Nothing is sent: the trader is asked again.
pub fn revise(
    sale: &SellRequest,
    inventory_now: &[Item],
    refusal: &AssetPayError,
    in_trades: &HashSet<String>,
) -> (SalePreview, Vec<Revised>) {
    let sent: Vec<&SellLine> = sale.lines.iter().collect();
    let items: Vec<Item> = inventory_now.iter().filter(|i| sent.iter().any(|l| l.item_id == i.id)).cloned().collect();
    let mut preview = preview(&items, in_trades);
    for (id, remaining) in overstocked(refusal) {
        if let Some(line) = preview.lines.iter_mut().find(|l| l.item_id == id) {
            match remaining {
                0 => line.refused = Some("AssetPay is overstocked on it".into()),
                n if n < line.amount => line.amount = n,
                _ => {}
            }
        }
    }
    // Items sold or gone since: said, not silently dropped.
    for line in &sent {
        if !preview.lines.iter().any(|l| l.item_id == line.item_id) {
            preview.lines.push(PreviewLine {
                item_id: line.item_id.clone(),
                name: line.item_id.clone(),
                price: None,
                amount: line.amount.unwrap_or(1),
                refused: Some("no longer in the inventory".into()),
            });
        }
    }
    let revised = sent
        .iter()
        .filter_map(|l| {
            let now = preview.lines.iter().find(|p| p.item_id == l.item_id)?;
            let new = now.price.filter(|_| now.refused.is_none());
            (new != Some(l.price)).then(|| Revised {
                item_id: l.item_id.clone(),
                name: now.name.clone(),
                old: l.price,
                new,
            })
        })
        .collect();
    (preview, revised)
}

/// A sale refused for moved offers or overstock, as the inventory shows it now.
#[derive(Debug, Clone)]
pub struct Revision {
    pub refusal: String,
    pub revised: Vec<Revised>,
    pub preview: SalePreview,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::assetpay::TradeStatus;
    use crate::journal::{Action, Journal, Outcome};
    use crate::trade::sell_journal::journal_statuses;

    fn trade(id: &str, status: TradeStatus, minutes_ago: i64, now: time::OffsetDateTime) -> Trade {
        let json = serde_json::json!({"id": id, "status": status.label(), "items": []});
        let mut trade: Trade = serde_json::from_value(json).unwrap();
        trade.created_at = Some(now - time::Duration::minutes(minutes_ago));
        trade
    }

    #[test]
    fn status_changes_seen_are_journaled_with_the_sale_both_trades_of_a_split_included() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(&dir.path().join("assetpay.jsonl")).unwrap();
        let action = Action::Sell { external_id: "ref-1".into(), is_instant: false, game: Some(730), items: vec![] };
        let entry = journal.record_sent(&action).unwrap();
        let first = Outcome::Traded {
            trade_id: "t1".into(),
            status: "initiated".into(),
            how: "answered".into(),
            related: vec![crate::journal::TradeState { id: "t2".into(), status: "initiated".into(), credited: None }],
            credited: None,
        };
        journal.record_outcome(&entry, first).unwrap();
        let now = time::OffsetDateTime::now_utc();
        let mut done = trade("t1", TradeStatus::Completed, 1, now);
        done.total_price = Some(crate::money::Usd::from_cents(1234));
        let seen = [done, trade("t2", TradeStatus::Hold, 1, now)];
        assert_eq!(journal_statuses(&journal, &seen).unwrap(), 1);
        assert_eq!(journal_statuses(&journal, &seen).unwrap(), 0, "unchanged: nothing more written");
        let (entries, _) = Journal::read(journal.path()).unwrap();
        assert_eq!(entries[0].status(), "trade t1, completed, credited $12.34 (answered); also trade t2, hold");
    }

    #[test]
    fn the_deposit_guard_counts_baskets_in_flight_and_in_the_last_five_minutes() {
        let now = time::OffsetDateTime::now_utc();
        let mut recent: Vec<Trade> = (0..4).map(|i| trade(&format!("t{i}"), TradeStatus::Active, 1, now)).collect();
        assert!(deposit_guard(&recent, now, 1).is_ok(), "4 in flight + 1 = 5");
        let why = deposit_guard(&recent, now, 2).unwrap_err();
        assert!(why.contains("5 sales in progress") && why.contains("4 are"), "{why}");
        // A split basket's other trades are not deposits of their own.
        let mut split = trade("t4", TradeStatus::Active, 1, now);
        split.related_trades = vec![trade("t5", TradeStatus::Active, 1, now)];
        recent.push(split.related_trades[0].clone());
        recent.push(split);
        assert!(deposit_guard(&recent, now, 1).unwrap_err().contains("5 are"));
        // Finished ones count only towards the 5-minute window.
        let done: Vec<Trade> = (0..9).map(|i| trade(&format!("d{i}"), TradeStatus::Completed, 2, now)).collect();
        assert!(deposit_guard(&done, now, 1).is_ok());
        assert!(deposit_guard(&done, now, 2).unwrap_err().contains("per 5 minutes"));
        let old: Vec<Trade> = (0..9).map(|i| trade(&format!("o{i}"), TradeStatus::Completed, 6, now)).collect();
        assert!(deposit_guard(&old, now, 5).is_ok());
    }

    #[test]
    fn the_preview_refuses_held_unaccepted_and_oversized_stacks_and_totals_exactly() {
        let item = |id: &str, tradable: bool, accepted: bool, amount: Option<i64>, max: Option<f64>| {
            serde_json::from_value::<Item>(serde_json::json!({
                "id": id, "appid": 252490, "tradable": tradable, "name": id, "amount": amount,
                "offer": {"price": 0.35, "accepted": accepted, "maxAmount": max},
            }))
            .unwrap()
        };
        let items = [
            item("ok", true, true, Some(3), Some(10.0)),
            item("held", false, true, None, None),
            item("refused", true, false, None, None),
            item("big", true, true, Some(12), Some(10.0)),
            item("busy", true, true, None, None),
        ];
        let busy: HashSet<String> = ["busy".to_string()].into();
        let preview = preview(&items, &busy);
        let why: Vec<Option<&str>> = preview.lines.iter().map(|l| l.refused.as_deref()).collect();
        assert_eq!(why[0], None);
        assert!(why[1].unwrap().contains("trade hold"));
        assert!(why[2].unwrap().contains("does not accept"));
        assert!(why[3].unwrap().contains("at most 10"));
        assert!(why[4].unwrap().contains("already in a trade"));
        assert_eq!(preview.total(), Usd::from_cents(105), "3 × $0.35, exactly");
        let sales = preview.sales(Game::Rust, false);
        assert_eq!(sales.len(), 1);
        assert_eq!(sales[0].lines[0].amount, Some(3));
    }

    #[test]
    fn a_refused_sale_is_revised_from_the_inventory_as_it_is_now() {
        let item = |id: &str, cents: i64| {
            serde_json::from_value::<Item>(serde_json::json!({
                "id": id, "appid": 730, "tradable": true, "name": id,
                "offer": {"price": cents as f64 / 100.0, "accepted": true},
            }))
            .unwrap()
        };
        let line = |id: &str, cents| SellLine { item_id: id.into(), price: Usd::from_cents(cents), amount: None };
        let sale = sale(vec![line("a", 500), line("b", 700), line("c", 900), line("gone", 100)], Game::Cs2, false);
        let now = [item("a", 515), item("b", 700), item("c", 900)];
        let refusal = |key: ErrorKey, details| {
            AssetPayError::Api(Box::new(crate::api::assetpay::ApiError {
                status: 409,
                key,
                code: None,
                messages: vec![],
                fields: Default::default(),
                request_id: None,
                retry_after: None,
                details,
            }))
        };
        let (preview, revised) = revise(&sale, &now, &refusal(ErrorKey::PriceChanged, None), &HashSet::new());
        let moved: Vec<(&str, Usd, Option<Usd>)> = revised.iter().map(|r| (r.item_id.as_str(), r.old, r.new)).collect();
        assert_eq!(
            moved,
            vec![("a", Usd::from_cents(500), Some(Usd::from_cents(515))), ("gone", Usd::from_cents(100), None)]
        );
        assert_eq!(preview.total(), Usd::from_cents(515 + 700 + 900));
        let next = preview.sales(Game::Cs2, false);
        assert_ne!(next[0].external_id, sale.external_id, "a new attempt, a new reference");
        // Overstock: the named items are left out, the rest offered again.
        let details = serde_json::json!({"items": [{"itemId": "b", "marketHashName": "b", "remaining": 0}]});
        let (preview, _) = revise(&sale, &now, &refusal(ErrorKey::ItemOverstocked, Some(details)), &HashSet::new());
        let b = preview.lines.iter().find(|l| l.item_id == "b").unwrap();
        assert!(b.refused.as_deref().is_some_and(|why| why.contains("overstocked")));
        assert_eq!(preview.total(), Usd::from_cents(515 + 900));
    }
}
