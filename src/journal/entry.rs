//! What the journal holds: each action, its outcome, and an entry as read back.

use super::owner;
use crate::api::mannco::AssetId;
use crate::money::{Cents, Usd};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// `POST /inventory/price`.
    Price {
        ids: Vec<AssetId>,
        price: Cents,
        /// Each asset's name, so the journal says what was priced, not only how many.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        names: Vec<Named>,
    },
    /// `POST /inventory/withdraw`.
    Withdraw {
        ids: Vec<AssetId>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        names: Vec<Named>,
    },
    /// `POST /secure/sell` or `/client/trading/deposit`: AssetPay's reference for it is the
    /// externalId, by which the trade can always be looked up.
    Sell {
        external_id: String,
        is_instant: bool,
        /// The game's app id, where the trade is looked up.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        game: Option<u32>,
        items: Vec<SoldItem>,
    },
}

/// An item of a sale, at the offer it was sold at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoldItem {
    pub item_id: String,
    pub name: String,
    pub price: Usd,
    pub amount: u32,
}

/// An asset and its name, as the market listed it when the action was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: AssetId,
    pub name: String,
}

/// Names shown in a one-line description before "and N more".
const NAMES_SHOWN: usize = 3;

impl Action {
    /// The Mannco assets the action moved (none for an AssetPay sale).
    pub fn ids(&self) -> &[AssetId] {
        match self {
            Action::Price { ids, .. } | Action::Withdraw { ids, .. } => ids,
            Action::Sell { .. } => &[],
        }
    }

    pub fn names(&self) -> &[Named] {
        match self {
            Action::Price { names, .. } | Action::Withdraw { names, .. } => names,
            Action::Sell { .. } => &[],
        }
    }

    /// "price 2 item(s) at $419.99: Team Captain (6001), Key (7001)".
    pub fn describe(&self) -> String {
        let what = match self {
            Action::Price { ids, price, .. } => format!("price {} item(s) at {price}", ids.len()),
            Action::Withdraw { ids, .. } => format!("withdraw {} item(s)", ids.len()),
            Action::Sell { external_id, items, .. } => {
                let total: Usd =
                    items.iter().map(|i| Usd::from_micros(i.price.micros().saturating_mul(i.amount as i64))).sum();
                let names: Vec<&str> = items.iter().take(NAMES_SHOWN).map(|i| i.name.as_str()).collect();
                let more = match items.len().saturating_sub(NAMES_SHOWN) {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                return format!(
                    "sell {} item(s) to AssetPay for {total} (ref {external_id}): {}{more}",
                    items.len(),
                    names.join(", ")
                );
            }
        };
        let ids = self.ids();
        let named: Vec<String> = ids
            .iter()
            .take(NAMES_SHOWN)
            .map(|id| match self.names().iter().find(|n| n.id == *id) {
                Some(named) => format!("{} ({id})", named.name),
                None => id.to_string(),
            })
            .collect();
        let more = match ids.len().saturating_sub(NAMES_SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        format!("{what}: {}{more}", named.join(", "))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Done,
    Failed {
        reason: String,
    },
    /// Sent, but no answer says whether the market applied it.
    Unknown {
        reason: String,
    },
    /// Re-read the market after an unknown outcome: which ids were applied and which not.
    /// An AssetPay sale became this trade; `how` says how that was established.
    Traded {
        trade_id: String,
        status: String,
        how: String,
        /// The other trades AssetPay split the sale into, each with its status.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        related: Vec<TradeState>,
        /// What a completed trade credited (its total).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        credited: Option<crate::money::Usd>,
    },
    /// What became of each item once the market was read again after the run: listed, sold
    /// (with its price and credit), gone, refused, not applied or unknown.
    Settled {
        items: Vec<ItemFate>,
    },
    Reconciled {
        done: Vec<AssetId>,
        not_done: Vec<AssetId>,
        /// In neither list when re-read: sold into a buy order, or withdrawn elsewhere. Not
        /// counted as done: the lists alone cannot prove which.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        gone: Vec<AssetId>,
    },
}

/// One item's final fate after a price call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFate {
    pub id: AssetId,
    /// "listed", "sold", "gone", "unchanged", "failed", "not_applied", "unknown".
    pub fate: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Cents>,
    /// What the trader was credited, for a sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<Cents>,
}

/// One trade of a sale and its status, as last seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeState {
    pub id: String,
    pub status: String,
    /// What it credited, once completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credited: Option<crate::money::Usd>,
}

/// One line of the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Line {
    Sent {
        id: String,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
        /// The sending process's token (`owner.rs`); absent in earlier versions' journals.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
        #[serde(flatten)]
        action: Action,
    },
    Answered {
        id: String,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
        #[serde(flatten)]
        outcome: Outcome,
    },
}

/// An action with everything the journal knows about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub action: Action,
    pub outcomes: Vec<Outcome>,
    /// The process that sent it, which alone writes its first outcome while it lives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

impl Entry {
    /// Whether the market's answer is still missing or unknown.
    pub fn needs_reconciling(&self) -> bool {
        match self.outcomes.last() {
            None | Some(Outcome::Unknown { .. }) => true,
            Some(Outcome::Settled { items }) => items.iter().any(|i| i.fate == "unknown"),
            _ => false,
        }
    }

    /// Who still waits for the market's answer to this action ("this tradedeck", "tradedeck
    /// process N"), if anyone does: reconciling must leave it to them, or a call still in the
    /// air would be settled as not done. `journal` is the file the entry was read from.
    pub fn awaited_by(&self, journal: &Path) -> Option<String> {
        if !self.outcomes.is_empty() {
            return None;
        }
        owner::awaited_by(journal, &self.id, self.owner.as_deref())
    }

    pub fn status(&self) -> String {
        match self.outcomes.last() {
            None => "no answer recorded".into(),
            Some(Outcome::Done) => "done".into(),
            Some(Outcome::Traded { trade_id, status, how, related, credited }) => {
                let credit = |c: &Option<crate::money::Usd>| c.map(|c| format!(", credited {c}")).unwrap_or_default();
                let mut text = format!("trade {trade_id}, {status}{} ({how})", credit(credited));
                for other in related {
                    text.push_str(&format!("; also trade {}, {}{}", other.id, other.status, credit(&other.credited)));
                }
                text
            }
            Some(Outcome::Failed { reason }) => format!("failed: {reason}"),
            Some(Outcome::Unknown { reason }) => format!("unknown: {reason}"),
            Some(Outcome::Settled { items }) => {
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for item in items {
                    *counts.entry(item.fate.as_str()).or_default() += 1;
                }
                let credit: Cents = items.iter().filter_map(|i| i.credit).sum();
                let mut text: Vec<String> =
                    counts.iter().map(|(fate, n)| format!("{n} {}", fate.replace('_', " "))).collect();
                if credit > Cents::ZERO {
                    text.push(format!("credited {credit}"));
                }
                format!("settled: {}", text.join(", "))
            }
            Some(Outcome::Reconciled { done, not_done, gone }) => {
                let mut text = format!("reconciled: {} done, {} not done", done.len(), not_done.len());
                if !gone.is_empty() {
                    text.push_str(&format!(", {} gone from both lists (sold or withdrawn)", gone.len()));
                }
                text
            }
        }
    }
}
