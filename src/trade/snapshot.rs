//! What the trader's Mannco account holds, read once from both lists: every asset's row,
//! state and listing price. Selection, reconciliation and outcome reports all read from one
//! snapshot, so they agree with each other.

use crate::api::mannco::{AssetId, ItemState, Listing, ManncoClient, ManncoError, Row};
use crate::money::Cents;
use std::collections::{BTreeMap, HashMap, HashSet};

pub struct MarketSnapshot {
    rows: Vec<Row>,
    /// Each asset's row in `rows`.
    assets: HashMap<AssetId, usize>,
}

impl MarketSnapshot {
    pub async fn read(client: &ManncoClient) -> Result<MarketSnapshot, ManncoError> {
        let on_sale = client.on_sale().await?;
        let inventory = client.on_inventory().await?;
        for why in on_sale.skipped.iter().chain(&inventory.skipped) {
            // Its items are then in neither list: never called done on that read alone.
            tracing::warn!("a Mannco row was skipped, unreadable: {why}");
        }
        Ok(MarketSnapshot::from_lists(on_sale, inventory))
    }

    pub fn from_lists(on_sale: Listing, inventory: Listing) -> MarketSnapshot {
        MarketSnapshot::from_rows(on_sale.items.into_iter().chain(inventory.items).collect())
    }

    /// From rows already read (the TUI's two panes).
    pub fn from_rows(rows: Vec<Row>) -> MarketSnapshot {
        let mut assets = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            for id in row.asset_ids() {
                assets.insert(id, i);
            }
        }
        MarketSnapshot { rows, assets }
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The row an asset is in, or None when it is in neither list (gone).
    pub fn row_of(&self, id: AssetId) -> Option<&Row> {
        self.assets.get(&id).map(|&i| &self.rows[i])
    }

    /// An asset's state and listing price, or None when it is in neither list (gone).
    pub fn get(&self, id: AssetId) -> Option<(ItemState, Option<Cents>)> {
        self.row_of(id).map(|r| (r.state, r.price))
    }

    /// Every asset whose row matches the search, as the TUI's panes match it.
    pub fn search(&self, text: &str) -> Vec<(AssetId, &Row)> {
        self.rows
            .iter()
            .filter(|r| row_matches(r, text))
            .flat_map(|r| r.asset_ids().into_iter().map(move |id| (id, r)))
            .collect()
    }

    /// Every asset whose whole name is `name`, case aside.
    pub fn exact(&self, name: &str) -> Vec<(AssetId, &Row)> {
        let name = name.trim().to_lowercase();
        self.rows
            .iter()
            .filter(|r| r.name.to_lowercase() == name)
            .flat_map(|r| r.asset_ids().into_iter().map(move |id| (id, r)))
            .collect()
    }

    /// What became of a price call's items: listed at `price` (done), still there at another
    /// price or unlisted (not done), or in neither list (gone: sold into a buy order, or
    /// withdrawn elsewhere; the lists cannot tell which, so it is not counted as done).
    pub fn priced(&self, ids: &[AssetId], price: Cents) -> Settled {
        let mut settled = Settled::default();
        for id in ids {
            match self.fate(*id, price) {
                Fate::Listed => settled.done.push(*id),
                Fate::Unchanged(..) => settled.not_done.push(*id),
                Fate::Gone => settled.gone.push(*id),
            }
        }
        settled
    }

    /// What one read shows of an asset priced at `price`.
    pub fn fate(&self, id: AssetId, price: Cents) -> Fate {
        match self.get(id) {
            Some((ItemState::OnSale, Some(listed))) if listed == price => Fate::Listed,
            Some((state, listed)) => Fate::Unchanged(state, listed),
            None => Fate::Gone,
        }
    }

    /// (withdrawn, not withdrawn): pending withdrawal, or gone.
    pub fn withdrawn(&self, ids: &[AssetId]) -> (Vec<AssetId>, Vec<AssetId>) {
        ids.iter().partition(|id| self.get(**id).is_none_or(|(state, _)| state == ItemState::PendingWithdrawal))
    }
}

/// What became of one priced asset, as one read of the market shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// On sale at the price asked.
    Listed,
    /// Still there, unlisted or at another price: the market did not apply it.
    Unchanged(ItemState, Option<Cents>),
    /// In neither list: sold into a buy order, or withdrawn elsewhere.
    Gone,
}

/// A call's items sorted by what one read of the market shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settled {
    pub done: Vec<AssetId>,
    pub not_done: Vec<AssetId>,
    pub gone: Vec<AssetId>,
}

/// Whether a row matches a search as `/` matches it: every word the start of a word of its
/// name, effect, quality or type, blind to case, accents, ™ and ★. An empty search matches
/// everything.
pub fn row_matches(row: &Row, query: &str) -> bool {
    if query.trim().is_empty() {
        return true;
    }
    let haystack = [Some(row.name.as_str()), row.effect(), row.quality.as_deref(), row.item_type.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    super::index::words_match(query, &haystack)
}

/// The trader's listings, per asset: (name, price).
pub type Listed = HashMap<AssetId, (String, Cents)>;

/// The listings among `rows`.
pub fn listed(rows: &[Row]) -> Listed {
    rows.iter()
        .filter(|r| r.state == ItemState::OnSale)
        .flat_map(|r| r.asset_ids().into_iter().map(move |id| (id, (r.name.clone(), r.price.unwrap_or(Cents::ZERO)))))
        .collect()
}

/// Listings that left both lists since they were seen: sold, or withdrawn elsewhere.
#[derive(Debug, Default, PartialEq)]
pub struct Gone {
    /// (name, price) → how many.
    pub groups: BTreeMap<(String, Cents), usize>,
}

impl Gone {
    /// The listings of `before` whose assets are not among `held` now.
    pub fn since(before: &Listed, held: &HashSet<AssetId>) -> Gone {
        let mut groups = BTreeMap::new();
        for (id, key) in before {
            if !held.contains(id) {
                *groups.entry(key.clone()).or_default() += 1;
            }
        }
        Gone { groups }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// What one group credits if sold: 95% of the listing each.
    pub fn credit_of(price: Cents, n: usize) -> Cents {
        Cents(price.after_fee().0.saturating_mul(n as i64))
    }

    /// Whether a balance that rose by `rose` proves them sold: by at least their credit.
    pub fn proven_by(&self, rose: Option<Cents>) -> bool {
        let credit: Cents = self.groups.iter().map(|((_, price), n)| Gone::credit_of(*price, *n)).sum();
        rose.is_some_and(|r| r >= credit)
    }
}

/// Every asset in `rows`: what "left both lists" is told against.
pub fn held<'a>(rows: impl IntoIterator<Item = &'a Row>) -> HashSet<AssetId> {
    rows.into_iter().flat_map(|r| r.asset_ids()).collect()
}
