//! Settling a price run: what became of each item, decided once for the CLI, the re-pricing
//! run and the journal. A price the market took is *listed* only when the re-read lists show
//! it; an item gone from both lists is *sold* only when the balance rose by its credit.

use crate::api::mannco::{AssetId, ItemState, ManncoError};
use crate::journal::Journal;
use crate::money::Cents;
use crate::trade::pricing::Preview;
use crate::trade::snapshot::{Fate, MarketSnapshot};
use serde::Serialize;
use std::collections::HashMap;

/// Whether items gone from both lists sold: only once the balance rose by at least their
/// credit (a withdrawal elsewhere also empties the lists).
pub fn gone_sold(before: Option<Cents>, after: Option<Cents>, credit: Cents) -> bool {
    match (before, after) {
        (Some(before), Some(after)) => Cents(after.0.saturating_sub(before.0)) >= credit,
        _ => false,
    }
}

/// What the engine reported for each item: the price it was sent at and the answer.
pub struct Sent {
    pub price: Cents,
    pub result: Result<(), ManncoError>,
    pub reconciled: bool,
    /// The journal entry of the call that carried it.
    pub entry: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum ItemOutcome {
    /// On sale at the price sent.
    Listed,
    /// The market answered yes, but could not be re-read to show whether it is listed or
    /// sold: not counted as a failure, not called listed.
    Accepted(String),
    /// Gone from both lists after the call, and the balance rose by its credit: sold into a
    /// buy order.
    Sold,
    /// Gone from both lists, but the balance does not show the sale (yet): not proven.
    Gone(String),
    /// The market answered yes but lists it at another price.
    Unchanged(String),
    Failed(String),
    /// The answer was lost, and re-reading the market proved it was not applied: the
    /// market's own words.
    NotApplied(String),
    /// No answer proves what happened: `tradedeck journal --reconcile` settles it.
    Unknown(String),
    /// Not in the plan (skipped or refused in the preview).
    NotSent(String),
    /// In the plan, but not sent: the run was stopped before its call (refused logins, a
    /// journal that cannot be written). A failure of the run, not of the market.
    Stopped(String),
}

#[derive(Debug, Serialize)]
pub struct ItemReport {
    pub id: AssetId,
    pub name: String,
    pub price: Option<Cents>,
    #[serde(flatten)]
    pub outcome: ItemOutcome,
    /// The answer was lost and re-reading the market settled it.
    pub reconciled: bool,
}

/// Each item of the preview, by its fate: not sent, or what the market answered and the
/// re-read lists (`after`) and balances show. The only place that decides it.
pub fn settle(
    preview: &Preview,
    sent: &HashMap<AssetId, Sent>,
    after: Option<&MarketSnapshot>,
    balance_before: Option<Cents>,
    balance_after: Option<Cents>,
) -> Vec<ItemReport> {
    let mut items = vec![];
    for line in &preview.lines {
        for id in &line.ids {
            let (outcome, reconciled) = match sent.get(id) {
                None => (ItemOutcome::NotSent(line.warnings.join("; ")), false),
                Some(s) => (item_outcome(s, after.map(|a| a.fate(*id, s.price))), s.reconciled),
            };
            items.push(ItemReport { id: *id, name: line.name.clone(), price: line.new, outcome, reconciled });
        }
    }
    confirm_sales(&mut items, balance_before, balance_after);
    items
}

/// Items gone from both lists are called sold only when the balance rose by at least what
/// they would have paid.
fn confirm_sales(items: &mut [ItemReport], before: Option<Cents>, after: Option<Cents>) {
    let credit: Cents = items
        .iter()
        .filter(|i| matches!(i.outcome, ItemOutcome::Gone(_)))
        .filter_map(|i| i.price.map(Cents::after_fee))
        .sum();
    if credit > Cents::ZERO && gone_sold(before, after, credit) {
        for item in items.iter_mut().filter(|i| matches!(i.outcome, ItemOutcome::Gone(_))) {
            item.outcome = ItemOutcome::Sold;
        }
    }
}

impl ItemOutcome {
    /// The market took the price (listed, sold, or accepted without a re-read).
    pub fn went_through(&self) -> bool {
        matches!(self, ItemOutcome::Listed | ItemOutcome::Sold | ItemOutcome::Accepted(_))
    }

    /// Its name in the journal and in JSON: listed, accepted, sold, gone, unchanged, failed,
    /// not_applied, unknown or not_sent.
    pub fn fate(&self) -> &'static str {
        match self {
            ItemOutcome::Listed => "listed",
            ItemOutcome::Accepted(_) => "accepted",
            ItemOutcome::Sold => "sold",
            ItemOutcome::Gone(_) => "gone",
            ItemOutcome::Unchanged(_) => "unchanged",
            ItemOutcome::Failed(_) => "failed",
            ItemOutcome::NotApplied(_) => "not_applied",
            ItemOutcome::Unknown(_) => "unknown",
            ItemOutcome::NotSent(_) => "not_sent",
            ItemOutcome::Stopped(_) => "stopped",
        }
    }

    /// Why, where there is more to say than the fate.
    pub fn reason(&self) -> Option<String> {
        match self {
            ItemOutcome::Listed | ItemOutcome::Sold => None,
            ItemOutcome::Accepted(why)
            | ItemOutcome::Gone(why)
            | ItemOutcome::Unchanged(why)
            | ItemOutcome::Failed(why)
            | ItemOutcome::NotApplied(why)
            | ItemOutcome::Unknown(why)
            | ItemOutcome::NotSent(why)
            | ItemOutcome::Stopped(why) => Some(why.clone()),
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            ItemOutcome::Listed => "listed",
            ItemOutcome::Accepted(_) => "accepted, not re-read",
            ItemOutcome::Sold => "sold into a buy order",
            ItemOutcome::Gone(_) => "gone, not proven sold",
            ItemOutcome::Unchanged(_) => "not changed",
            ItemOutcome::Failed(_) => "failed",
            ItemOutcome::NotApplied(_) => "not applied",
            ItemOutcome::Unknown(_) => "outcome unknown",
            ItemOutcome::NotSent(_) => "not sent",
            ItemOutcome::Stopped(_) => "not sent, run stopped",
        }
    }
}

/// One line that counts every item by what became of it, e.g. "2 listed, 2 failed."
pub fn tally(items: &[ItemReport]) -> String {
    let mut counts: Vec<(&str, usize)> = vec![];
    for item in items {
        let label = item.outcome.label();
        match counts.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(label, n)| format!("{n} {label}")).collect();
    format!("{} item(s): {}.", items.len(), parts.join(", "))
}

fn item_outcome(sent: &Sent, after: Option<Fate>) -> ItemOutcome {
    match (&sent.result, after) {
        (Err(ManncoError::OutcomeUnknown(reason)), _) => ItemOutcome::Unknown(reason.clone()),
        (Err(ManncoError::NotApplied(words)), _) => ItemOutcome::NotApplied(words.clone()),
        (Err(ManncoError::InvalidInput(why)), _) => {
            ItemOutcome::Stopped(why.trim_start_matches("not sent: ").to_string())
        }
        (Err(e), _) => ItemOutcome::Failed(e.to_string()),
        (Ok(()), None) => ItemOutcome::Accepted(
            "the market answered yes but could not be re-read: listed, or sold if a buyer took it".into(),
        ),
        (Ok(()), Some(Fate::Listed)) => ItemOutcome::Listed,
        (Ok(()), Some(Fate::Gone)) => ItemOutcome::Gone(
            "in neither list now, and the balance has not risen by its credit: sold or withdrawn elsewhere? check"
                .into(),
        ),
        (Ok(()), Some(Fate::Unchanged(ItemState::OnSale, Some(p)))) => {
            ItemOutcome::Unchanged(format!("still on sale at {p}"))
        }
        (Ok(()), Some(Fate::Unchanged(state, _))) => ItemOutcome::Unchanged(format!("now {}", state.label())),
    }
}

/// Writes each call's items' final fates to its journal entry: listed, sold with the credit,
/// gone, refused, not applied or unknown.
pub fn record_fates(journal: &Journal, sent: &HashMap<AssetId, Sent>, items: &[ItemReport]) -> std::io::Result<()> {
    use crate::journal::{ItemFate, Outcome};
    let mut by_entry: std::collections::BTreeMap<&str, Vec<ItemFate>> = std::collections::BTreeMap::new();
    for item in items {
        let Some(entry) = sent.get(&item.id).and_then(|s| s.entry.as_deref()) else { continue };
        if matches!(item.outcome, ItemOutcome::NotSent(_)) {
            continue;
        }
        let credit = matches!(item.outcome, ItemOutcome::Sold).then(|| item.price.map(Cents::after_fee)).flatten();
        let fate = item.outcome.fate();
        by_entry.entry(entry).or_default().push(ItemFate { id: item.id, fate: fate.into(), price: item.price, credit });
    }
    let mut written = Ok(());
    for (entry, items) in by_entry {
        if let Err(e) = journal.record_outcome(entry, Outcome::Settled { items }) {
            written = Err(e);
        }
    }
    written
}
