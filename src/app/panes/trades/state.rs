//! The Trades pane's state: the trader's AssetPay trades, newest first, followed while any is
//! in flight, and the merchant wallet when a merchant key is configured.

use crate::api::assetpay::{AssetPayError, Balance, Trade, TradePage};
use crate::app::keymap::Action;
use crate::app::list_core::ListCore;
use crate::app::panes::source::Source;
use time::OffsetDateTime;

/// How often trades in flight are read again: 12 reads a minute, within every tier's limit.
pub const POLL_EVERY: time::Duration = time::Duration::seconds(5);

#[derive(Debug)]
pub struct TradesPane {
    pub source: Source,
    pub list: ListCore,
    pub trades: Vec<Trade>,
    /// Indices into `trades` the search leaves, newest first.
    pub visible: Vec<usize>,
    /// The merchant wallet (merchant key only).
    pub balance: Option<Balance>,
    /// When the trades were last asked for.
    pub asked_at: Option<OffsetDateTime>,
}

impl TradesPane {
    pub fn new(source: Source) -> Self {
        TradesPane { source, list: ListCore::default(), trades: vec![], visible: vec![], balance: None, asked_at: None }
    }

    pub fn is_ready(&self) -> bool {
        matches!(self.source, Source::Ready { .. })
    }

    /// Whether it is time to read the trades again: some are in flight and the last read is
    /// `POLL_EVERY` old.
    pub fn poll_due(&self, now: OffsetDateTime) -> bool {
        let in_flight = self.trades.iter().any(|t| t.status.in_flight());
        self.is_ready() && in_flight && !self.list.loading && self.asked_at.is_none_or(|at| now - at >= POLL_EVERY)
    }

    /// Applies a page: the statuses that changed since the last one, as "trade: old → new".
    pub fn apply(&mut self, generation: u64, result: Result<TradePage, AssetPayError>) -> Option<Vec<String>> {
        if generation != self.list.generation {
            return None;
        }
        self.list.loading = false;
        match result {
            Ok(page) => {
                let changed = crate::trade::sell::status_changes(&self.trades, &page.items)
                    .into_iter()
                    .filter_map(|(id, old, new)| Some(format!("{id}: {} → {new}", old?)))
                    .collect();
                let keep = self.current().map(|t| t.id.clone());
                self.trades = page.items;
                self.list.loaded = true;
                self.list.error = None;
                self.refilter();
                if let Some(id) = keep {
                    let at = self.visible.iter().position(|&i| self.trades[i].id == id);
                    self.list.view.cursor = at.unwrap_or(self.list.view.cursor);
                }
                Some(changed)
            }
            Err(e) => {
                self.list.error = Some(e.to_string());
                Some(vec![])
            }
        }
    }

    /// Re-applies the search: a trade matches on its id, status, Steam offer or item names.
    pub fn refilter(&mut self) {
        let needle = self.list.search.value().trim().to_lowercase();
        self.visible = (0..self.trades.len()).filter(|&i| matches(&self.trades[i], &needle)).collect();
        self.list.view.cursor = self.list.view.cursor.min(self.visible.len().saturating_sub(1));
    }

    pub fn current(&self) -> Option<&Trade> {
        self.visible.get(self.list.view.cursor).map(|&i| &self.trades[i])
    }

    pub fn find(&self, id: &str) -> Option<&Trade> {
        self.trades.iter().find(|t| t.id == id)
    }

    /// Item ids in trades still in flight: not to be sold again.
    pub fn items_in_flight(&self) -> std::collections::HashSet<String> {
        crate::trade::sell::items_in_flight(&self.trades)
    }
}

fn matches(trade: &Trade, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let hit = |s: &str| s.to_lowercase().contains(needle);
    hit(&trade.id)
        || hit(trade.status.label())
        || trade.offer_id.as_deref().is_some_and(hit)
        || trade.items.iter().any(|i| i.name.as_deref().or(i.market_hash_name.as_deref()).is_some_and(hit))
}

crate::list_pane!(TradesPane, refilter);

/// The list actions this pane answers beyond those every pane does.
pub const COMMANDS: &[Action] = &[Action::Details];
