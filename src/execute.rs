//! Carrying out money-moving actions safely, for the TUI and the headless commands alike:
//! each request is journaled before it is sent; an answer that never came is reconciled by
//! re-reading the market, and only what the market proves it did not apply is sent again.

use crate::api::mannco::{AssetId, ManncoClient, ManncoError, WithdrawResult};
use crate::app::pricing::PriceCall;
use crate::journal::{Action, Journal, Outcome};
use crate::money::Cents;
use std::collections::{HashMap, HashSet};
use tokio::sync::mpsc::UnboundedSender;

/// Rounds of reconcile-and-resend before an unknown outcome is left to the trader.
const RESEND_ROUNDS: usize = 2;

/// What became of some of a call's items.
#[derive(Debug)]
pub struct CallReport {
    pub price: Cents,
    pub ids: Vec<AssetId>,
    pub result: Result<(), ManncoError>,
    /// The market's answer was lost; re-reading it showed these items applied.
    pub reconciled: bool,
}

/// Sends the price calls in order, reporting every item's fate on `reports`.
pub async fn submit_prices(
    client: &ManncoClient,
    journal: &Journal,
    calls: Vec<PriceCall>,
    reports: &UnboundedSender<CallReport>,
) {
    for call in calls {
        send_price(client, journal, call.price, call.ids, reports, RESEND_ROUNDS).await;
    }
}

async fn send_price(
    client: &ManncoClient,
    journal: &Journal,
    price: Cents,
    ids: Vec<AssetId>,
    reports: &UnboundedSender<CallReport>,
    resends_left: usize,
) {
    let report = |ids: Vec<AssetId>, result, reconciled| {
        let _ = reports.send(CallReport { price, ids, result, reconciled });
    };
    let entry = match journal.record_sent(&Action::Price { ids: ids.clone(), price }) {
        Ok(entry) => entry,
        Err(e) => return report(ids, Err(journal_error(journal, e)), false),
    };
    let result = client.price(&ids, price).await;
    tracing::info!(entry, items = ids.len(), price = price.0, ok = result.is_ok(), "price call answered");
    match result {
        Ok(()) => {
            note(journal, &entry, Outcome::Done);
            report(ids, Ok(()), false);
        }
        // A refusal applied nothing; when it names one bad item, each item is tried alone so
        // the others go through and the culprit gets its own error.
        Err(e) if e.market_kind().is_some_and(|k| k.is_about_one_item()) && ids.len() > 1 => {
            note(journal, &entry, Outcome::Failed { reason: e.to_string() });
            for id in ids {
                Box::pin(send_price(client, journal, price, vec![id], reports, resends_left)).await;
            }
        }
        Err(ManncoError::OutcomeUnknown(reason)) => {
            note(journal, &entry, Outcome::Unknown { reason: reason.clone() });
            match reconcile_price(client, &ids, price).await {
                Ok((done, not_done)) => {
                    note(journal, &entry, Outcome::Reconciled { done: done.clone(), not_done: not_done.clone() });
                    if !done.is_empty() {
                        report(done, Ok(()), true);
                    }
                    if not_done.is_empty() {
                        return;
                    }
                    if resends_left > 0 {
                        tracing::info!(
                            entry,
                            items = not_done.len(),
                            "not applied according to the market: sending again"
                        );
                        Box::pin(send_price(client, journal, price, not_done, reports, resends_left - 1)).await;
                    } else {
                        report(not_done, Err(ManncoError::OutcomeUnknown(reason)), false);
                    }
                }
                Err(e) => report(
                    ids,
                    Err(ManncoError::OutcomeUnknown(format!("{reason}; the market could not be re-read: {e}"))),
                    false,
                ),
            }
        }
        Err(e) => {
            note(journal, &entry, Outcome::Failed { reason: e.to_string() });
            report(ids, Err(e), false);
        }
    }
}

/// Withdraws, journaled; an unknown outcome is reconciled from the items' states, and items
/// the market shows untouched are sent again.
pub async fn withdraw(
    client: &ManncoClient,
    journal: &Journal,
    ids: Vec<AssetId>,
) -> Result<(WithdrawResult, bool), ManncoError> {
    let mut pending = ids;
    let mut reconciled =
        WithdrawResult { message: "Reconciled by re-reading the market".into(), updated: 0, locked: 0 };
    for round in 0..=RESEND_ROUNDS {
        let entry =
            journal.record_sent(&Action::Withdraw { ids: pending.clone() }).map_err(|e| journal_error(journal, e))?;
        match client.withdraw(&pending).await {
            Ok(result) => {
                note(journal, &entry, Outcome::Done);
                return Ok(if round == 0 {
                    (result, false)
                } else {
                    reconciled.updated += result.updated;
                    reconciled.locked += result.locked;
                    (reconciled, true)
                });
            }
            Err(ManncoError::OutcomeUnknown(reason)) => {
                note(journal, &entry, Outcome::Unknown { reason: reason.clone() });
                let (done, not_done) = reconcile_withdraw(client, &pending).await?;
                note(journal, &entry, Outcome::Reconciled { done: done.clone(), not_done: not_done.clone() });
                reconciled.updated += done.len() as u32;
                if not_done.is_empty() {
                    return Ok((reconciled, true));
                }
                if round == RESEND_ROUNDS {
                    return Err(ManncoError::OutcomeUnknown(reason));
                }
                pending = not_done;
            }
            Err(e) => {
                note(journal, &entry, Outcome::Failed { reason: e.to_string() });
                return Err(e);
            }
        }
    }
    // Every round returns or continues; the last one always returns. Kept as an error, not a
    // panic, should the loop ever change.
    Err(ManncoError::OutcomeUnknown("the withdrawal could not be confirmed".into()))
}

/// Which ids the market shows priced: listed at `price`, or gone (sold into a buy order).
pub async fn reconcile_price(
    client: &ManncoClient,
    ids: &[AssetId],
    price: Cents,
) -> Result<(Vec<AssetId>, Vec<AssetId>), ManncoError> {
    let listed: HashMap<AssetId, Option<Cents>> = client
        .on_sale()
        .await?
        .items
        .iter()
        .flat_map(|r| r.asset_ids().into_iter().map(move |id| (id, r.price)))
        .collect();
    let unlisted: HashSet<AssetId> = client.on_inventory().await?.items.iter().flat_map(|r| r.asset_ids()).collect();
    Ok(ids.iter().partition(|id| match listed.get(id) {
        Some(p) => *p == Some(price),
        None => !unlisted.contains(id),
    }))
}

/// Which ids the market shows withdrawn (pending withdrawal, or already gone).
pub async fn reconcile_withdraw(
    client: &ManncoClient,
    ids: &[AssetId],
) -> Result<(Vec<AssetId>, Vec<AssetId>), ManncoError> {
    let mut state: HashMap<AssetId, u8> = HashMap::new();
    for listing in [client.on_sale().await?, client.on_inventory().await?] {
        for row in listing.items {
            for id in row.asset_ids() {
                state.insert(id, row.state);
            }
        }
    }
    Ok(ids.iter().partition(|id| state.get(id).is_none_or(|s| *s == 2)))
}

/// Re-reads the market for every journaled action still unanswered, and records what it
/// shows. Nothing is sent: what to do about an action that did not happen is the trader's call.
pub async fn reconcile_journal(client: &ManncoClient, journal: &Journal) -> std::io::Result<usize> {
    let (entries, _) = Journal::read(journal.path())?;
    let mut reconciled = 0;
    for entry in entries.iter().filter(|e| e.needs_reconciling()) {
        let result = match &entry.action {
            Action::Price { ids, price } => reconcile_price(client, ids, *price).await,
            Action::Withdraw { ids } => reconcile_withdraw(client, ids).await,
        };
        match result {
            Ok((done, not_done)) => {
                journal.record_outcome(&entry.id, Outcome::Reconciled { done, not_done })?;
                reconciled += 1;
            }
            Err(e) => tracing::warn!(entry = entry.id, "could not reconcile: {e}"),
        }
    }
    Ok(reconciled)
}

fn note(journal: &Journal, entry: &str, outcome: Outcome) {
    if let Err(e) = journal.record_outcome(entry, outcome) {
        tracing::error!(entry, "could not write an outcome to the journal: {e}");
    }
}

fn journal_error(journal: &Journal, e: std::io::Error) -> ManncoError {
    ManncoError::InvalidInput(format!("not sent: the journal {} cannot be written ({e})", journal.path().display()))
}
