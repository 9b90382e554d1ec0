//! Carrying out money-moving actions safely, for the TUI and the headless commands alike:
//! each request is journaled before it is sent; an answer that never came is reconciled by
//! re-reading the market, and only what the market proves it did not apply is sent again.

use super::pricing::Plan;
use super::snapshot::{MarketSnapshot, Settled};
use crate::api::mannco::{AssetId, ManncoClient, ManncoError, WithdrawResult};
use crate::journal::{Action, Journal, Named, Outcome, Reconciled};
use crate::money::Cents;
use std::collections::HashMap;
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
    /// The journal entry of the call these items were last sent in, when it was written.
    pub entry: Option<String>,
}

/// Sends the plan's calls in order, reporting every item's fate on `reports`.
pub async fn submit_prices(
    client: &ManncoClient,
    journal: &Journal,
    plan: Plan,
    reports: &UnboundedSender<CallReport>,
) {
    let mut refused_logins = 0;
    let mut calls = plan.calls.into_iter();
    while let Some(call) = calls.next() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        send_price(client, journal, &plan.names, call.price, call.ids, &tx, RESEND_ROUNDS).await;
        drop(tx);
        let mut unauthorized = false;
        while let Ok(report) = rx.try_recv() {
            unauthorized |= matches!(report.result, Err(ManncoError::Unauthorized { .. }));
            let _ = reports.send(report);
        }
        refused_logins = if unauthorized { refused_logins + 1 } else { 0 };
        // The market refused the login twice running (each call already logged in again
        // once): the rest of the run is not sent, and says why.
        if refused_logins >= 2 {
            let why = "not sent: Mannco refused the login for two calls in a row, so the rest of the run was stopped";
            for call in calls.by_ref() {
                let result = Err(ManncoError::InvalidInput(why.into()));
                let _ = reports.send(CallReport {
                    price: call.price,
                    ids: call.ids,
                    result,
                    reconciled: false,
                    entry: None,
                });
            }
            tracing::warn!("{why}");
        }
    }
}

/// The names of `ids`, for the journal.
fn names_of(names: &HashMap<AssetId, String>, ids: &[AssetId]) -> Vec<Named> {
    ids.iter().filter_map(|id| Some(Named { id: *id, name: names.get(id)?.clone() })).collect()
}

async fn send_price(
    client: &ManncoClient,
    journal: &Journal,
    names: &HashMap<AssetId, String>,
    price: Cents,
    ids: Vec<AssetId>,
    reports: &UnboundedSender<CallReport>,
    resends_left: usize,
) {
    let entry = match journal.record_sent(&Action::Price { ids: ids.clone(), price, names: names_of(names, &ids) }) {
        Ok(entry) => entry,
        Err(e) => {
            let result = Err(journal_error(journal, e));
            let _ = reports.send(CallReport { price, ids, result, reconciled: false, entry: None });
            return;
        }
    };
    let report = |ids: Vec<AssetId>, result, reconciled| {
        let _ = reports.send(CallReport { price, ids, result, reconciled, entry: Some(entry.clone()) });
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
                Box::pin(send_price(client, journal, names, price, vec![id], reports, resends_left)).await;
            }
        }
        Err(ManncoError::OutcomeUnknown(reason)) => {
            note(journal, &entry, Outcome::Unknown { reason: reason.clone() });
            let call = Call { client, journal, names, price, entry: &entry, reports };
            Box::pin(call.reconcile(ids, reason, resends_left)).await;
        }
        Err(e) => {
            note(journal, &entry, Outcome::Failed { reason: e.to_string() });
            report(ids, Err(e), false);
        }
    }
}

/// One price call whose answer was lost, and what its items' fates are reported on.
struct Call<'a> {
    client: &'a ManncoClient,
    journal: &'a Journal,
    names: &'a HashMap<AssetId, String>,
    price: Cents,
    entry: &'a str,
    reports: &'a UnboundedSender<CallReport>,
}

impl Call<'_> {
    fn report(&self, ids: Vec<AssetId>, result: Result<(), ManncoError>, reconciled: bool) {
        let entry = Some(self.entry.to_string());
        let _ = self.reports.send(CallReport { price: self.price, ids, result, reconciled, entry });
    }

    /// The lists re-read settle what they can: applied items are done, items gone from both
    /// are unknown (never resent), and items the market shows untouched are sent again while
    /// resends are left, else proven not applied.
    async fn reconcile(&self, ids: Vec<AssetId>, reason: String, resends_left: usize) {
        match MarketSnapshot::read(self.client).await.map(|market| market.priced(&ids, self.price)) {
            Ok(Settled { done, not_done, gone }) => {
                note(
                    self.journal,
                    self.entry,
                    Outcome::Reconciled { done: done.clone(), not_done: not_done.clone(), gone: gone.clone() },
                );
                if !done.is_empty() {
                    self.report(done, Ok(()), true);
                }
                // Gone from both lists: maybe sold into a buy order, maybe withdrawn
                // elsewhere. Never resent, never called done on that alone.
                if !gone.is_empty() {
                    let why = format!(
                        "{reason}; re-read, the items are in neither list (sold into a buy order, or withdrawn elsewhere): check the balance"
                    );
                    self.report(gone, Err(ManncoError::OutcomeUnknown(why)), false);
                }
                if not_done.is_empty() {
                    return;
                }
                if resends_left > 0 {
                    tracing::info!(
                        entry = self.entry,
                        items = not_done.len(),
                        "not applied according to the market: sending again"
                    );
                    let (client, journal, names, price, reports) =
                        (self.client, self.journal, self.names, self.price, self.reports);
                    Box::pin(send_price(client, journal, names, price, not_done, reports, resends_left - 1)).await;
                } else {
                    // Re-read, these are proven not applied: say so, in the market's words.
                    let words = crate::api::mannco::market_words(&reason);
                    self.report(not_done, Err(ManncoError::NotApplied(words)), false);
                }
            }
            Err(e) => self.report(
                ids,
                Err(ManncoError::OutcomeUnknown(format!("{reason}; the market could not be re-read: {e}"))),
                false,
            ),
        }
    }
}

/// Withdraws, journaled; an unknown outcome is reconciled from the items' states, and items
/// the market shows untouched are sent again.
pub async fn withdraw(
    client: &ManncoClient,
    journal: &Journal,
    ids: Vec<AssetId>,
    names: &HashMap<AssetId, String>,
) -> Result<(WithdrawResult, bool), ManncoError> {
    let mut pending = ids;
    let mut reconciled =
        WithdrawResult { message: "Reconciled by re-reading the market".into(), updated: 0, locked: 0 };
    for round in 0..=RESEND_ROUNDS {
        let entry = journal
            .record_sent(&Action::Withdraw { ids: pending.clone(), names: names_of(names, &pending) })
            .map_err(|e| journal_error(journal, e))?;
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
                // Without a re-read the outcome stays unknown: never called failed on a guess.
                let market = MarketSnapshot::read(client).await.map_err(|e| {
                    ManncoError::OutcomeUnknown(format!("{reason}; the market could not be re-read: {e}"))
                })?;
                let (done, not_done) = market.withdrawn(&pending);
                note(
                    journal,
                    &entry,
                    Outcome::Reconciled { done: done.clone(), not_done: not_done.clone(), gone: vec![] },
                );
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

/// Re-reads the market once for every journaled action still unanswered, and records what it
/// shows. Nothing is sent: what to do about an action that did not happen is the trader's call.
/// An entry whose sender still waits for its answer is left to that sender, and counted.
pub async fn reconcile_journal(client: &ManncoClient, journal: &Journal) -> std::io::Result<Reconciled> {
    let (entries, _) = Journal::read(journal.path())?;
    let (awaited, pending) = crate::journal::split_awaited(&entries, journal.path());
    let mut done = Reconciled { settled: 0, awaited };
    if pending.is_empty() {
        return Ok(done);
    }
    let market = match MarketSnapshot::read(client).await {
        Ok(market) => market,
        Err(e) => {
            tracing::warn!("could not re-read the market to reconcile the journal: {e}");
            return Ok(done);
        }
    };
    for entry in &pending {
        let outcome = match &entry.action {
            // An AssetPay sale is settled by its externalId (`trade::sell_journal::reconcile_sales`).
            Action::Sell { .. } => continue,
            Action::Price { ids, price, .. } => {
                let Settled { done, not_done, gone } = market.priced(ids, *price);
                Outcome::Reconciled { done, not_done, gone }
            }
            Action::Withdraw { ids, .. } => {
                let (done, not_done) = market.withdrawn(ids);
                Outcome::Reconciled { done, not_done, gone: vec![] }
            }
        };
        journal.record_outcome(&entry.id, outcome)?;
        done.settled += 1;
    }
    Ok(done)
}

fn note(journal: &Journal, entry: &str, outcome: Outcome) {
    if let Err(e) = journal.record_outcome(entry, outcome) {
        tracing::error!(entry, "could not write an outcome to the journal: {e}");
    }
}

fn journal_error(journal: &Journal, e: std::io::Error) -> ManncoError {
    ManncoError::InvalidInput(format!("not sent: the journal {} cannot be written ({e})", journal.path().display()))
}
