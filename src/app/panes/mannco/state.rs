//! The two Mannco.store panes (on sale, inventory) and the selection they share. Rows group
//! identical items; the selection holds asset ids, so a row can be partly selected.

pub use crate::api::mannco::ManncoList;
use crate::api::mannco::{AssetId, ItemPricing, ItemState, Listing, ManncoError, Row};
use crate::app::keymap::Action;
use crate::app::list_core::ListCore;
use crate::app::msg::Cmd;
use crate::app::panes::source::Source;
use crate::money::Cents;
use crate::trade::guards::Guards;
use crate::trade::pricing::MarketPrices;
use crate::trade::snapshot::{self, Gone, Listed, row_matches};
use std::collections::{BTreeMap, HashMap};

/// Local sort orders: the lists are complete, so sorting never needs the server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ManncoSort {
    #[default]
    Market,
    NameAsc,
    PriceDesc,
    PriceAsc,
    CountDesc,
}

impl ManncoSort {
    pub fn next(self) -> Self {
        match self {
            ManncoSort::Market => ManncoSort::NameAsc,
            ManncoSort::NameAsc => ManncoSort::PriceDesc,
            ManncoSort::PriceDesc => ManncoSort::PriceAsc,
            ManncoSort::PriceAsc => ManncoSort::CountDesc,
            ManncoSort::CountDesc => ManncoSort::Market,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ManncoSort::Market => "market order",
            ManncoSort::NameAsc => "name A–Z",
            ManncoSort::PriceDesc => "price ↓",
            ManncoSort::PriceAsc => "price ↑",
            ManncoSort::CountDesc => "count ↓",
        }
    }
}

#[derive(Debug)]
pub struct ManncoPane {
    pub kind: ManncoList,
    pub rows: Vec<Row>,
    /// Indices into `rows` left by the search, in the current sort.
    pub visible: Vec<usize>,
    /// Cursor, search, loading and error, as every pane has them.
    pub list: ListCore,
    pub sort: ManncoSort,
}

impl ManncoPane {
    pub fn new(list: ManncoList) -> Self {
        ManncoPane { kind: list, rows: vec![], visible: vec![], list: ListCore::default(), sort: ManncoSort::default() }
    }

    /// Applies a reply; a stale one (older generation) changes nothing and returns false.
    pub fn apply(&mut self, generation: u64, result: Result<Listing, ManncoError>) -> bool {
        if generation != self.list.generation {
            return false;
        }
        self.list.loading = false;
        match result {
            Ok(listing) => {
                let keep = self.current_row().map(|r| (r.item_id, r.state, r.price));
                self.rows = listing.items;
                self.list.loaded = true;
                self.refilter();
                if let Some(key) = keep {
                    let at = self
                        .visible
                        .iter()
                        .position(|&i| (self.rows[i].item_id, self.rows[i].state, self.rows[i].price) == key);
                    self.list.view.cursor = at.unwrap_or(self.list.view.cursor);
                }
            }
            Err(e) => self.list.error = Some(e.to_string()),
        }
        true
    }

    /// Re-applies the search and the sort to the loaded rows.
    pub fn refilter(&mut self) {
        let needle = self.list.search.value().trim().to_lowercase();
        let mut visible: Vec<usize> = (0..self.rows.len()).filter(|&i| row_matches(&self.rows[i], &needle)).collect();
        let rows = &self.rows;
        match self.sort {
            ManncoSort::Market => {}
            ManncoSort::NameAsc => visible.sort_by_cached_key(|&i| rows[i].name.to_lowercase()),
            ManncoSort::PriceDesc => visible.sort_by_key(|&i| std::cmp::Reverse(rows[i].price)),
            ManncoSort::PriceAsc => visible.sort_by_key(|&i| rows[i].price.unwrap_or(Cents(i64::MAX))),
            ManncoSort::CountDesc => visible.sort_by_key(|&i| std::cmp::Reverse(rows[i].quantity())),
        }
        self.visible = visible;
        self.list.view.cursor = self.list.view.cursor.min(self.visible.len().saturating_sub(1));
    }

    pub fn current_row(&self) -> Option<&Row> {
        self.visible.get(self.list.view.cursor).map(|&i| &self.rows[i])
    }

    pub fn visible_rows(&self) -> impl Iterator<Item = &Row> {
        self.visible.iter().map(|&i| &self.rows[i])
    }
}

crate::list_pane!(ManncoPane, refilter);

/// An asset the trader picked, with what the actions and totals need to know about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Picked {
    pub item_id: i64,
    pub name: String,
    pub state: ItemState,
    /// The listing price, for items on sale.
    pub price: Option<Cents>,
}

/// The Mannco selection, by asset id, shared by both panes so a trader can pick from either.
#[derive(Debug, Default)]
pub struct Selection {
    pub assets: BTreeMap<AssetId, Picked>,
    /// The last action's error for assets that failed; they stay selected with it.
    pub errors: HashMap<AssetId, String>,
}

impl Selection {
    pub fn count_in(&self, row: &Row) -> usize {
        row.asset_ids().iter().filter(|id| self.assets.contains_key(id)).count()
    }

    /// Selects the first `n` ids of the row and unselects the rest of it.
    pub fn set_quantity(&mut self, row: &Row, n: usize) {
        for (i, id) in row.asset_ids().into_iter().enumerate() {
            if i < n {
                let picked =
                    Picked { item_id: row.item_id, name: row.name.clone(), state: row.state, price: row.price };
                self.assets.insert(id, picked);
            } else {
                self.assets.remove(&id);
                self.errors.remove(&id);
            }
        }
    }

    /// Selects the whole row, or clears it when all of it is already selected.
    pub fn toggle_row(&mut self, row: &Row) {
        let all = row.asset_ids().len();
        let n = if self.count_in(row) == all { 0 } else { all };
        self.set_quantity(row, n);
    }

    pub fn clear(&mut self) {
        self.assets.clear();
        self.errors.clear();
    }

    /// The selection's value: listing prices, or the suggested price for unlisted items.
    /// The flag says whether any part of it is an estimate.
    pub fn value(&self, pricing: &HashMap<i64, ItemPricing>) -> (Cents, bool) {
        let mut estimated = false;
        let total = self
            .assets
            .values()
            .map(|p| {
                p.price.unwrap_or_else(|| {
                    estimated = true;
                    pricing.get(&p.item_id).and_then(|x| x.suggested_price).unwrap_or(Cents::ZERO)
                })
            })
            .sum();
        (total, estimated)
    }

    /// Drops assets no longer in either list (sold or gone) or no longer actionable (pending
    /// withdrawal, in a trade), and refreshes the rest's state
    /// and price from the new rows.
    pub fn reconcile(&mut self, rows: &[&Row]) {
        let mut current: HashMap<AssetId, &Row> = HashMap::new();
        for row in rows {
            for id in row.asset_ids() {
                current.insert(id, row);
            }
        }
        self.assets.retain(|id, picked| match current.get(id) {
            Some(row) if row.state.can_act() => {
                picked.state = row.state;
                picked.price = row.price;
                true
            }
            _ => false,
        });
        self.errors.retain(|id, _| self.assets.contains_key(id));
    }
}

/// Everything tradedeck knows about the trader's Mannco account.
#[derive(Debug)]
pub struct ManncoState {
    pub source: Source,
    pub on_sale: ManncoPane,
    pub inventory: ManncoPane,
    pub selection: Selection,
    pub pricing: HashMap<i64, ItemPricing>,
    /// The last 30 days of sales per item type (`/item/salesGraph`), as far as read.
    pub sales: HashMap<i64, Vec<crate::api::mannco::history::SalesPoint>>,
    /// Caps and trade holds the market named when it refused a price, in this run or before
    /// (kept beside the journal, so the next run refuses before sending).
    pub learned: crate::trade::learned::Learned,
    /// Who else sells the item types whose lowest listing is the trader's own, as read.
    pub books: crate::trade::reprice::Books,
    /// When each item type's price look-up arrived.
    pub pricing_at: HashMap<i64, time::OffsetDateTime>,
    /// The sales history's rows seen so far, once it could be read: then sales are told from
    /// it, not from the lists and the balance (which a deposit could fool).
    pub sales_seen: Option<std::collections::HashSet<crate::api::mannco::history::SaleKey>>,
    /// The lists are read again this often, so a sale is seen while the TUI runs.
    pub refresh_every: time::Duration,
    /// When they were last asked for.
    pub refreshed_at: Option<time::OffsetDateTime>,
    pub balance: Option<Cents>,
    /// What was listed (name, price) when the balance was last read: a listing gone from
    /// both lists while the balance rose by its credit was sold.
    pub listed_at_balance: Listed,
    /// The guards every price passes (from the config).
    pub guards: Guards,
}

impl ManncoState {
    pub fn new(source: Source) -> Self {
        ManncoState {
            source,
            on_sale: ManncoPane::new(ManncoList::OnSale),
            inventory: ManncoPane::new(ManncoList::Inventory),
            selection: Selection::default(),
            pricing: HashMap::new(),
            sales: HashMap::new(),
            learned: Default::default(),
            books: Default::default(),
            pricing_at: HashMap::new(),
            sales_seen: None,
            refresh_every: time::Duration::seconds(60),
            refreshed_at: None,
            balance: None,
            listed_at_balance: HashMap::new(),
            guards: Guards::default(),
        }
    }

    pub fn is_ready(&self) -> bool {
        matches!(self.source, Source::Ready { .. })
    }

    pub fn pane(&self, list: ManncoList) -> &ManncoPane {
        match list {
            ManncoList::OnSale => &self.on_sale,
            ManncoList::Inventory => &self.inventory,
        }
    }

    pub fn pane_mut(&mut self, list: ManncoList) -> &mut ManncoPane {
        match list {
            ManncoList::OnSale => &mut self.on_sale,
            ManncoList::Inventory => &mut self.inventory,
        }
    }

    /// An item type's cap: the one the market told in a look-up, or the one it named when
    /// it refused a price.
    pub fn cap(&self, item_id: i64) -> Option<Cents> {
        self.market_prices().cap(item_id)
    }

    /// The look-ups and learned caps, as the pricing preview takes them.
    pub fn market_prices(&self) -> MarketPrices<'_> {
        MarketPrices { pricing: &self.pricing, learned: Some(&self.learned) }
    }

    /// Why this asset of `row` cannot be priced or withdrawn: the row's own reason, or a
    /// trade hold the market reported for this very asset.
    pub fn asset_blocked(&self, row: &Row, asset_id: AssetId, now_unix: i64) -> Option<String> {
        row.blocked_reason(now_unix).or_else(|| self.learned.hold_reason(asset_id, now_unix))
    }

    /// The item type of a loaded asset.
    pub fn item_of(&self, asset_id: AssetId) -> Option<i64> {
        self.on_sale
            .rows
            .iter()
            .chain(&self.inventory.rows)
            .find(|r| r.asset_ids().contains(&asset_id))
            .map(|r| r.item_id)
    }

    /// The listings now, as `listed_at_balance` keeps them.
    pub fn listed_now(&self) -> Listed {
        snapshot::listed(&self.on_sale.rows)
    }

    /// Listings sold since the balance was last read: gone from both lists, and the balance
    /// rose by at least their credit. Said once, then forgotten.
    pub fn sales_since(&self, new_balance: Cents) -> Vec<String> {
        let gone =
            Gone::since(&self.listed_at_balance, &snapshot::held(self.on_sale.rows.iter().chain(&self.inventory.rows)));
        let rose = self.balance.map(|b| Cents(new_balance.0.saturating_sub(b.0)));
        if gone.is_empty() || !gone.proven_by(rose) {
            return vec![];
        }
        gone.groups
            .into_iter()
            .map(|((name, price), n)| format!("Sold {n} × {name} at {price}: {} credited", Gone::credit_of(price, n)))
            .collect()
    }

    /// The item ids of every loaded row, for the price look-ups.
    pub fn item_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.on_sale.rows.iter().chain(&self.inventory.rows).map(|r| r.item_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// The list actions these panes answer beyond those every pane does.
pub const COMMANDS: &[Action] = &[
    Action::NextSort,
    Action::ToggleSelect,
    Action::SelectAll,
    Action::SelectQuantity,
    Action::Price,
    Action::Withdraw,
    Action::SetCost,
];

impl ManncoState {
    /// Reads both lists again (the balance follows once both are in).
    pub fn refresh(&mut self) -> Vec<Cmd> {
        if !self.is_ready() {
            return vec![];
        }
        // Who else sells is read again too, once the lists and look-ups are in.
        self.books.clear();
        let cmds: Vec<Cmd> = [ManncoList::OnSale, ManncoList::Inventory]
            .into_iter()
            .map(|list| Cmd::FetchMannco { list, generation: self.pane_mut(list).list.begin_fetch() })
            .collect();
        // The balance is read once both lists are in (`on_list`): a listing gone from both and a
        // balance risen by its credit then say a sale.
        cmds
    }
}
