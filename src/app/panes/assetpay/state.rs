//! The AssetPay inventory pane's state: the query, the page the server returned, the rows the
//! local search leaves visible, the cursor and the selection.

use crate::api::assetpay::{AssetPayError, InventoryPage, InventoryQuery, ItemRef, ItemStore};
use crate::app::keymap::Action;
use crate::app::list_core::ListCore;
use crate::app::msg::Cmd;
pub use crate::app::panes::source::Source;
use crate::money::Usd;
pub use crate::trade::index::FullInventory;
use crate::trade::index::{InventoryIndex, LastSearch, Order};
use std::collections::HashMap;
use std::sync::Arc;
use time::OffsetDateTime;

#[derive(Debug)]
pub struct InventoryPane {
    pub source: Source,
    /// The query the current (or pending) page answers.
    pub query: InventoryQuery,
    /// The query of the rows on screen: a reply to the same query (a refresh) keeps the
    /// cursor on its item; a new sort, filter or page starts at the top.
    shown_query: Option<InventoryQuery>,
    /// Cursor, search, loading and error, as every pane has them.
    pub list: ListCore,
    /// Bumped on every search keystroke; only the last one's debounce fires a request.
    pub search_seq: u64,
    /// Shared with an export in progress, which reads it off the UI task.
    pub items: Arc<ItemStore>,
    /// Indices into `items` that the local search leaves visible, in order.
    pub visible: Vec<u32>,
    pub count: u64,
    pub updated_at: Option<OffsetDateTime>,
    pub collateral: Usd,
    /// Selected item ids and their offer prices, kept across pages and searches.
    pub selected: HashMap<String, Usd>,
    /// Set once the whole inventory of the game is loaded (then `items` holds all of it):
    /// search, sort and price filters run locally, and the server is not asked again.
    pub index: Option<InventoryIndex>,
    pub full_generation: u64,
    last_search: LastSearch,
    /// The order shown: the server's sort, or float / paint seed once the inventory is local.
    pub order: Order,
    /// A float (wear) range, applied to a local inventory.
    pub float_range: crate::trade::index::FloatRange,
}

impl InventoryPane {
    pub fn new(source: Source) -> Self {
        InventoryPane {
            source,
            query: InventoryQuery::default(),
            shown_query: None,
            list: ListCore::default(),
            search_seq: 0,
            items: Arc::default(),
            visible: vec![],
            count: 0,
            updated_at: None,
            collateral: Usd::ZERO,
            selected: HashMap::new(),
            index: None,
            full_generation: 0,
            last_search: LastSearch::default(),
            order: Order::default(),
            float_range: Default::default(),
        }
    }

    /// Whether the whole inventory is here and indexed.
    pub fn is_local(&self) -> bool {
        self.index.is_some()
    }

    /// Starts loading the whole inventory: its generation, or None without credentials. A
    /// reload of a loaded inventory shows the spinner; a first load runs behind the page.
    pub fn begin_full_fetch(&mut self) -> Option<u64> {
        self.is_ready().then(|| {
            self.list.loading |= self.is_local();
            self.full_generation += 1;
            self.full_generation
        })
    }

    /// Applies the whole inventory. A stale reply changes nothing; a failed one leaves the
    /// pane paging through the server, which works for any size.
    pub fn apply_full(&mut self, generation: u64, result: Result<Box<FullInventory>, AssetPayError>) -> bool {
        if generation != self.full_generation {
            return false;
        }
        match result {
            Ok(full) => {
                let keep_id = self.current_item().map(|i| i.id().to_string());
                let FullInventory { page, index } = *full;
                self.count = page.items.len() as u64;
                self.items = Arc::new(page.items);
                self.updated_at = page.updated_at;
                self.collateral = page.collateral;
                self.index = Some(index);
                self.last_search = LastSearch::default();
                self.list.loaded = true;
                self.list.loading = false;
                self.list.error = None;
                self.query.page = 1;
                self.narrow();
                self.put_cursor_on(keep_id);
            }
            Err(e) if self.is_local() => {
                self.list.loading = false;
                self.list.error = Some(format!("Could not reload the inventory: {e}"));
            }
            Err(e) => tracing::info!("the whole inventory could not be loaded, paging instead: {e}"),
        }
        true
    }

    /// Forgets the loaded inventory (another game, or credentials changed).
    pub fn drop_local(&mut self) {
        self.order = Order::from_server(self.query.sort);
        self.index = None;
        self.last_search = LastSearch::default();
        self.items = Arc::default();
        self.visible.clear();
        self.list.loaded = false;
        self.full_generation += 1;
    }

    pub fn is_ready(&self) -> bool {
        matches!(self.source, Source::Ready { .. })
    }

    /// Starts a request for the current query: returns its generation, or None when the
    /// pane has no credentials.
    pub fn begin_fetch(&mut self) -> Option<u64> {
        self.is_ready().then(|| self.list.begin_fetch())
    }

    /// Applies a reply. Returns false (and changes nothing) when the reply is stale.
    pub fn apply(&mut self, generation: u64, result: Result<InventoryPage, AssetPayError>) -> bool {
        // Once the whole inventory is local, a page reply has nothing to add.
        if generation != self.list.generation || self.is_local() {
            return false;
        }
        self.list.loading = false;
        match result {
            Ok(page) => {
                let same_view = self.shown_query.as_ref() == Some(&self.query);
                let keep_id = self.current_item().filter(|_| same_view).map(|i| i.id().to_string());
                self.shown_query = Some(self.query.clone());
                self.items = Arc::new(ItemStore::from_items(&page.items));
                self.count = page.count;
                self.updated_at = page.updated_at;
                self.collateral = page.collateral;
                self.list.loaded = true;
                self.list.error = None;
                self.narrow();
                self.put_cursor_on(keep_id);
            }
            Err(e) => self.list.error = Some(e.to_string()),
        }
        true
    }

    /// The search text as typed, trimmed; None when empty.
    pub fn search_text(&self) -> Option<String> {
        self.list.search_text()
    }

    /// Re-filters the loaded rows by the search text, instantly: the whole inventory through
    /// the index's word search when it is local, else the page on screen as the server would.
    pub fn narrow(&mut self) {
        let text = self.search_text().unwrap_or_default();
        if let Some(index) = &self.index {
            // The index normalizes the words itself (case, accents, ™).
            let found = index.search(&text, Some(&self.last_search));
            self.visible = index.arrange_by(&found.matches, self.order, self.query.min_price, self.query.max_price);
            if !self.float_range.is_open() {
                let range = self.float_range;
                self.visible.retain(|&i| range.contains(index.float_of(i)));
            }
            self.last_search = found;
            self.list.view.cursor = self.list.view.cursor.min(self.visible.len().saturating_sub(1));
            return;
        }
        let needle = text.to_lowercase();
        self.visible =
            self.items.iter().enumerate().filter(|(_, i)| i.matches_search(&needle)).map(|(n, _)| n as u32).collect();
        self.list.view.cursor = self.list.view.cursor.min(self.visible.len().saturating_sub(1));
    }

    /// After new rows arrive: the cursor back on the item it was on, else on the first row.
    fn put_cursor_on(&mut self, id: Option<String>) {
        let on_item = |&i: &u32| self.items.get(i as usize).is_some_and(|item| Some(item.id()) == id.as_deref());
        self.list.view.cursor = self.visible.iter().position(on_item).unwrap_or(0);
    }

    pub fn current_item(&self) -> Option<ItemRef<'_>> {
        self.visible.get(self.list.view.cursor).and_then(|&i| self.items.get(i as usize))
    }

    pub fn visible_items(&self) -> impl Iterator<Item = ItemRef<'_>> {
        self.visible.iter().filter_map(|&i| self.items.get(i as usize))
    }

    /// The item with this id, whole: the one under the cursor is found at once.
    pub fn find(&self, id: &str) -> Option<crate::api::assetpay::Item> {
        let current = self.current_item().filter(|i| i.id() == id);
        current.or_else(|| self.items.position(id).and_then(|i| self.items.get(i))).map(|i| i.to_item())
    }

    pub fn toggle_selected(&mut self) {
        let Some(item) = self.current_item() else {
            return;
        };
        let (id, price) = (item.id().to_string(), item.offer_price().unwrap_or(Usd::ZERO));
        if self.selected.remove(&id).is_none() {
            self.selected.insert(id, price);
        }
    }

    /// Selects every visible row; when all of them already are, clears them instead.
    pub fn toggle_select_all(&mut self) {
        let all_selected = self.visible_items().all(|i| self.selected.contains_key(i.id()));
        let shown: Vec<(String, Usd)> =
            self.visible_items().map(|i| (i.id().to_string(), i.offer_price().unwrap_or(Usd::ZERO))).collect();
        for (id, price) in shown {
            if all_selected {
                self.selected.remove(&id);
            } else {
                self.selected.insert(id, price);
            }
        }
    }

    pub fn selected_total(&self) -> Usd {
        self.selected.values().copied().sum()
    }

    pub fn page_count(&self) -> u32 {
        if self.is_local() { 1 } else { self.query.page_count(self.count) }
    }
}

crate::list_pane!(InventoryPane, narrow);

/// The list actions this pane answers beyond those every pane does.
pub const COMMANDS: &[Action] = &[
    Action::NextSort,
    Action::PriceFilter,
    Action::PrevPage,
    Action::NextPage,
    Action::Details,
    Action::ToggleGame,
    Action::ToggleSelect,
    Action::SelectAll,
    Action::Sell,
    Action::SetCost,
];

impl InventoryPane {
    /// Applies the self's current query: locally and at once when the whole inventory is loaded,
    /// else as a request with a fresh generation.
    pub fn fetch(&mut self, refresh: bool) -> Vec<Cmd> {
        if self.is_local() && !refresh {
            self.list.view.reset();
            self.narrow();
            return vec![];
        }
        match self.begin_fetch() {
            Some(generation) => {
                vec![Cmd::FetchInventory { generation, query: InventoryQuery { refresh, ..self.query.clone() } }]
            }
            None => vec![],
        }
    }

    /// Loads the whole inventory of the self's game, to be indexed and browsed locally.
    pub fn fetch_full(&mut self, refresh: bool) -> Vec<Cmd> {
        match self.begin_full_fetch() {
            Some(generation) => vec![Cmd::FetchFullInventory { generation, game: self.query.game, refresh }],
            None => vec![],
        }
    }
}
