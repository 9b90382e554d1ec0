//! The History pane's state: the ledger's entries for a range (7 days to all), newest first,
//! searched and sorted like the other panes; the range's realised P&L; and the value over
//! time for the chart.

use crate::app::keymap::Action;
use crate::app::list_core::ListCore;
use crate::ledger::{Entry, PnlRow, Unrealised};
use crate::money::Cents;

/// The range shown: `[` shortens it, `]` lengthens it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Range {
    Week,
    #[default]
    Month,
    Quarter,
    All,
}

impl Range {
    const ALL: [Range; 4] = [Range::Week, Range::Month, Range::Quarter, Range::All];

    /// "the last 30 days", "all time".
    pub fn label(self) -> &'static str {
        match self {
            Range::Week => "the last 7 days",
            Range::Month => "the last 30 days",
            Range::Quarter => "the last 90 days",
            Range::All => "all time",
        }
    }

    /// The first Unix second in range, at `now`.
    pub fn since(self, now: i64) -> Option<i64> {
        let days = match self {
            Range::Week => 7,
            Range::Month => 30,
            Range::Quarter => 90,
            Range::All => return None,
        };
        Some(now.saturating_sub(days * 86_400))
    }

    pub fn shorter(self) -> Range {
        let i = Range::ALL.iter().position(|r| *r == self).unwrap_or(0);
        Range::ALL[i.saturating_sub(1)]
    }

    pub fn longer(self) -> Range {
        let i = Range::ALL.iter().position(|r| *r == self).unwrap_or(0);
        Range::ALL[(i + 1).min(Range::ALL.len() - 1)]
    }
}

/// The order of the rows: `s` goes to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    PriceHigh,
    PriceLow,
    Name,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Newest => Sort::Oldest,
            Sort::Oldest => Sort::PriceHigh,
            Sort::PriceHigh => Sort::PriceLow,
            Sort::PriceLow => Sort::Name,
            Sort::Name => Sort::Newest,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "newest first",
            Sort::Oldest => "oldest first",
            Sort::PriceHigh => "price, highest first",
            Sort::PriceLow => "price, lowest first",
            Sort::Name => "name",
        }
    }
}

/// What the worker read from the ledger for a range.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LedgerView {
    /// Newest first.
    pub entries: Vec<Entry>,
    /// Realised P&L over the range.
    pub pnl: PnlRow,
    pub unrealised: Unrealised,
    /// The value of every account together over the range, oldest first.
    pub value: Vec<(i64, Cents)>,
    /// Histories that could not be read this time.
    pub notes: Vec<String>,
    /// Each entry's name as the search compares it, made once by the worker.
    pub search_keys: Vec<String>,
}

impl LedgerView {
    /// Normalizes every entry's name for the search (100,000 names: worker work).
    pub fn with_search_keys(mut self) -> Self {
        self.search_keys = self.entries.iter().map(|e| crate::trade::index::normalize(&e.name)).collect();
        self
    }
}

#[derive(Debug, Default)]
pub struct HistoryPane {
    pub list: ListCore,
    pub view: LedgerView,
    /// Indices into `view.entries` the search leaves, in the sort's order.
    pub visible: Vec<usize>,
    pub range: Range,
    pub sort: Sort,
    /// The value chart is shown instead of the table.
    pub chart: bool,
}

impl HistoryPane {
    /// Applies what the worker read, unless a newer read was asked for since.
    pub fn apply(&mut self, generation: u64, result: Result<LedgerView, String>) {
        if generation != self.list.generation {
            return;
        }
        self.list.loading = false;
        match result {
            Ok(view) => {
                self.view = view;
                self.list.loaded = true;
                self.list.error = None;
                self.refilter();
            }
            Err(e) => self.list.error = Some(e),
        }
    }

    /// Re-applies the search and the sort.
    pub fn refilter(&mut self) {
        let query = crate::trade::index::normalize(self.list.search.value().trim());
        let entries = &self.view.entries;
        let keys = &self.view.search_keys;
        let matches = |i: usize| match keys.get(i) {
            Some(key) => crate::trade::index::words_match_normalized(&query, key),
            None => crate::trade::index::words_match(&query, &entries[i].name),
        };
        let mut visible: Vec<usize> = (0..entries.len()).filter(|&i| query.is_empty() || matches(i)).collect();
        let price = |i: &usize| entries[*i].price.map(|c| c.0).unwrap_or(i64::MIN);
        match self.sort {
            Sort::Newest => {}
            Sort::Oldest => visible.reverse(),
            Sort::PriceHigh => visible.sort_by_key(|i| std::cmp::Reverse(price(i))),
            Sort::PriceLow => visible.sort_by_key(price),
            Sort::Name => visible.sort_by_cached_key(|&i| crate::trade::index::normalize(&entries[i].name)),
        }
        self.visible = visible;
        self.list.view.cursor = self.list.view.cursor.min(self.visible.len().saturating_sub(1));
    }

    pub fn current(&self) -> Option<&Entry> {
        self.visible.get(self.list.view.cursor).map(|&i| &self.view.entries[i])
    }
}

crate::list_pane!(HistoryPane, refilter);

/// The list actions this pane answers beyond those every pane does.
pub const COMMANDS: &[Action] =
    &[Action::NextSort, Action::PrevPage, Action::NextPage, Action::Details, Action::SetCost, Action::ValueChart];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_step_and_stop_at_the_ends() {
        assert_eq!(Range::Week.shorter(), Range::Week);
        assert_eq!(Range::Month.longer().longer(), Range::All);
        assert_eq!(Range::All.longer(), Range::All);
        assert_eq!(Range::Week.since(1_000_000), Some(1_000_000 - 7 * 86_400));
        assert_eq!(Range::All.since(5), None);
    }
}
