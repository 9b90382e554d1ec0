//! The journal side of selling: a sale journaled before it is sent and its outcome after;
//! the trades it became, their statuses and credits as they are seen; and unknown sales
//! looked up by their reference.

use super::sell::{SellOutcome, sell};
use crate::api::assetpay::trades::SellFailure;
use crate::api::assetpay::{AssetPayClient, AssetPayError, Game, SellRequest, Trade, TradeStatus};
use crate::journal::{Action, Journal, Outcome, Reconciled, SoldItem};

/// Journals the sale, sends it and journals its outcome: the only way a sale is made. The
/// entry names each item, its price and the sale's externalId, so it can be looked up later.
pub async fn sell_journaled(
    client: &AssetPayClient,
    journal: &Journal,
    sale: &SellRequest,
    names: &std::collections::HashMap<String, String>,
) -> SellOutcome {
    let items = sale
        .lines
        .iter()
        .map(|l| SoldItem {
            item_id: l.item_id.clone(),
            name: names.get(&l.item_id).cloned().unwrap_or_default(),
            price: l.price,
            amount: l.amount.unwrap_or(1),
        })
        .collect();
    let action = Action::Sell {
        external_id: sale.external_id.clone(),
        is_instant: sale.is_instant,
        game: Some(sale.game.app_id()),
        items,
    };
    let entry = match journal.record_sent(&action) {
        Ok(entry) => entry,
        Err(e) => {
            let why = format!("the journal could not record the sale ({e}); nothing was sent");
            return SellOutcome::Refused(SellFailure::NotSent(AssetPayError::InvalidInput(why)));
        }
    };
    let outcome = sell(client, sale).await;
    let recorded = match &outcome {
        SellOutcome::Sold { trade, how } => Outcome::Traded {
            trade_id: trade.id.clone(),
            status: trade.status.label().to_string(),
            how: how.describe().to_string(),
            related: related_states(trade),
            credited: credit_of(trade),
        },
        SellOutcome::Refused(SellFailure::NotSent(e)) => Outcome::Failed { reason: format!("not sent: {e}") },
        SellOutcome::Refused(e) => Outcome::Failed { reason: e.to_string() },
        SellOutcome::Unknown(e) => Outcome::Unknown { reason: e.to_string() },
    };
    if let Err(e) = journal.record_outcome(&entry, recorded) {
        tracing::error!("the journal could not record the sale's outcome: {e}");
    }
    outcome
}

/// Journals each status change seen for the trades of journaled sales (in the Trades pane,
/// `assetpay trades --follow`): the sale's entry gets its trades' statuses now, with the
/// time. Returns how many entries changed.
pub fn journal_statuses(journal: &Journal, seen: &[Trade]) -> std::io::Result<usize> {
    let (entries, _) = Journal::read(journal.path())?;
    let find = |id: &str| seen.iter().find(|t| t.id == id);
    let mut changed = 0;
    for entry in &entries {
        let Some(Outcome::Traded { trade_id, status, how, related, credited }) = entry.outcomes.last() else {
            continue;
        };
        let new_status = find(trade_id).map(|t| t.status.label().to_string()).unwrap_or_else(|| status.clone());
        let new_credit = find(trade_id).map(credit_of).unwrap_or(*credited);
        let new_related: Vec<crate::journal::TradeState> = related
            .iter()
            .map(|r| match find(&r.id) {
                Some(t) => state_of(t),
                None => r.clone(),
            })
            .collect();
        if new_status != *status || new_related != *related || new_credit != *credited {
            let outcome = Outcome::Traded {
                trade_id: trade_id.clone(),
                status: new_status,
                how: how.clone(),
                related: new_related,
                credited: new_credit,
            };
            journal.record_outcome(&entry.id, outcome)?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// The other trades a sale was split into, with their statuses.
fn related_states(trade: &Trade) -> Vec<crate::journal::TradeState> {
    trade.related_trades.iter().map(state_of).collect()
}

fn state_of(trade: &Trade) -> crate::journal::TradeState {
    crate::journal::TradeState {
        id: trade.id.clone(),
        status: trade.status.label().to_string(),
        credited: credit_of(trade),
    }
}

/// What a trade credited: its total, once completed.
fn credit_of(trade: &Trade) -> Option<crate::money::Usd> {
    (trade.status == TradeStatus::Completed).then_some(trade.total_price).flatten()
}

/// The game a journaled sale was made in; an entry without one is in CS2, AssetPay's default.
fn game_of(app_id: Option<u32>) -> Game {
    if app_id == Some(Game::Rust.app_id()) { Game::Rust } else { Game::Cs2 }
}

/// Looks up every journaled sale whose outcome is unknown by its externalId, and records the
/// trade when AssetPay has one: the number settled. A sale AssetPay does not know stays
/// unknown (its answer may yet be in flight, or it was never made: neither is proven).
pub async fn reconcile_sales(client: &AssetPayClient, journal: &Journal) -> std::io::Result<Reconciled> {
    let (entries, _) = Journal::read(journal.path())?;
    let (awaited, pending) = crate::journal::split_awaited(&entries, journal.path());
    let mut done = Reconciled { settled: 0, awaited };
    // Trades still in flight: looked up again, their statuses now journaled when they changed.
    let mut found = vec![];
    for entry in &entries {
        let Some(Outcome::Traded { status, related, .. }) = entry.outcomes.last() else { continue };
        let moving = std::iter::once(status).chain(related.iter().map(|r| &r.status));
        if !moving.into_iter().any(|s| TradeStatus::parse(s).in_flight()) {
            continue;
        }
        let Action::Sell { external_id, game, .. } = &entry.action else { continue };
        if let Ok(Some(trade)) = client.find_trade(game_of(*game), external_id).await {
            found.extend(trade.related_trades.iter().cloned());
            found.push(trade);
        }
    }
    journal_statuses(journal, &found)?;
    for entry in pending {
        let Action::Sell { external_id, game, .. } = &entry.action else { continue };
        match client.find_trade(game_of(*game), external_id).await {
            Ok(Some(trade)) => {
                let how = "found by the sale's reference when reconciling".to_string();
                let (related, credited) = (related_states(&trade), credit_of(&trade));
                let status = trade.status.label().to_string();
                let outcome = Outcome::Traded { trade_id: trade.id, status, how, related, credited };
                journal.record_outcome(&entry.id, outcome)?;
                done.settled += 1;
            }
            Ok(None) => tracing::info!(external_id, "no trade for this sale yet"),
            Err(e) => tracing::warn!(external_id, "could not look the sale up: {e}"),
        }
    }
    Ok(done)
}
