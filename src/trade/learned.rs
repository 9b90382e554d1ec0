//! What the market's refusals taught about one account, kept across runs beside its journal:
//! an item type's price cap ("Price limit exceeded … 240") and an item's trade hold ("This
//! item will be locked for 7 days", with the day it ends). The next run, in the CLI or the
//! TUI, refuses before sending instead of asking the market to refuse again.

use crate::api::mannco::{AssetId, MarketError};
use crate::money::Cents;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Steam's trade hold on a CS item, which the market's refusal names.
pub const HOLD_SECONDS: i64 = 7 * 86_400;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Learned {
    /// Per item type: the highest price the market accepts, in cents.
    #[serde(default)]
    pub caps: BTreeMap<i64, Cents>,
    /// Per asset: when its trade hold ends (Unix seconds).
    #[serde(default)]
    pub holds: BTreeMap<AssetId, i64>,
    /// Per item type: the lowest other seller a re-pricing run last undercut, and when (Unix
    /// seconds); it stands for the sell book when that cannot be read, for a day.
    #[serde(default)]
    pub sellers: BTreeMap<i64, (Cents, i64)>,
    /// The TUI's auto-run was on when it last quit: the next start says so, and leaves it off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub auto_run_was_on: bool,
}

/// How long a seller seen by a run stands for the sell book.
const SELLER_SECONDS: i64 = 86_400;

impl Learned {
    /// The file beside a journal: `journals/mannco-….jsonl` → `journals/mannco-….learned.json`.
    pub fn path_beside(journal: &Path) -> PathBuf {
        journal.with_extension("learned.json")
    }

    /// What was learned before; nothing when the file is missing or unreadable (the market
    /// will refuse again and teach it again, so a lost file costs one refusal).
    pub fn load(path: &Path) -> Learned {
        let Ok(text) = std::fs::read(path) else { return Learned::default() };
        match serde_json::from_slice(&text) {
            Ok(learned) => learned,
            Err(e) => {
                tracing::warn!(path = %path.display(), "the learned caps and holds are not readable: {e}");
                Learned::default()
            }
        }
    }

    /// Writes the whole file anew (through a temporary file, so a crash leaves the old one).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temporary = path.with_extension("learned.json.tmp");
        std::fs::write(&temporary, serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?)?;
        std::fs::rename(&temporary, path)
    }

    /// Learns from a refusal of a price call for `ids` (of item type `item_id`). Returns
    /// whether anything new was learned.
    pub fn learn(&mut self, item_id: Option<i64>, ids: &[AssetId], refusal: &MarketError, now: i64) -> bool {
        match refusal {
            MarketError::PriceLimitExceeded { max: Some(max) } => match item_id {
                Some(item_id) if self.caps.get(&item_id) != Some(max) => {
                    self.caps.insert(item_id, *max);
                    true
                }
                _ => false,
            },
            // A group's refusal does not say which of its items is held; a lone item's does.
            MarketError::TradeLocked if ids.len() == 1 => {
                self.holds.insert(ids[0], now + HOLD_SECONDS);
                true
            }
            _ => false,
        }
    }

    pub fn caps(&self) -> HashMap<i64, Cents> {
        self.caps.iter().map(|(k, v)| (*k, *v)).collect()
    }

    /// Why the asset cannot be priced now, if a hold learned before still runs.
    pub fn hold_reason(&self, asset_id: AssetId, now: i64) -> Option<String> {
        self.holds.get(&asset_id).filter(|until| **until > now).map(|_| self.hold_words(asset_id))
    }

    /// "trade hold until 2026-12-09": a learned hold in words.
    pub fn hold_words(&self, asset_id: AssetId) -> String {
        let date = self
            .holds
            .get(&asset_id)
            .and_then(|until| time::OffsetDateTime::from_unix_timestamp(*until).ok())
            .map(|t| t.date().to_string())
            .unwrap_or_else(|| "its end".into());
        format!("trade hold until {date} (the market said so before)")
    }

    /// Forgets holds that have ended and sellers seen too long ago.
    pub fn prune(&mut self, now: i64) {
        self.holds.retain(|_, until| *until > now);
        self.sellers.retain(|_, (_, at)| now - *at < SELLER_SECONDS);
    }

    /// The other sellers runs undercut, per item type.
    pub fn seen_sellers(&self) -> HashMap<i64, Cents> {
        self.sellers.iter().map(|(item, (price, _))| (*item, *price)).collect()
    }

    /// Remembers the sellers a run undercut; whether anything changed.
    pub fn remember_sellers(&mut self, seen: impl IntoIterator<Item = (i64, Cents)>, now: i64) -> bool {
        let mut changed = false;
        for (item, price) in seen {
            if self.sellers.get(&item).map(|(p, _)| *p) != Some(price) {
                changed = true;
            }
            self.sellers.insert(item, (price, now));
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_and_holds_survive_a_round_trip_and_holds_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = Learned::path_beside(&dir.path().join("mannco-x.jsonl"));
        let mut learned = Learned::default();
        assert!(learned.learn(Some(5021), &[1, 2], &MarketError::PriceLimitExceeded { max: Some(Cents(240)) }, 0));
        assert!(!learned.learn(Some(5021), &[1], &MarketError::PriceLimitExceeded { max: Some(Cents(240)) }, 0));
        assert!(!learned.learn(None, &[1, 2], &MarketError::TradeLocked, 0), "a group's hold names no item");
        assert!(learned.learn(None, &[9], &MarketError::TradeLocked, 1_000));
        learned.save(&path).unwrap();
        let back = Learned::load(&path);
        assert_eq!(back, learned);
        assert_eq!(back.caps().get(&5021), Some(&Cents(240)));
        assert!(back.hold_reason(9, 1_000 + HOLD_SECONDS - 1).unwrap().contains("until 1970-01-08"));
        assert_eq!(back.hold_reason(9, 1_000 + HOLD_SECONDS), None, "the hold has ended");
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(Learned::load(&path), Learned::default(), "an unreadable file teaches nothing");
    }
}
