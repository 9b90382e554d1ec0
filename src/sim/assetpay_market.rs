//! The simulated AssetPay market's state: each account's inventories (generated on first
//! read), the trades made, the documented reading in use; and the error envelope every
//! endpoint answers with.

pub use super::assetpay_demo::{DEMO_API_KEY, DEMO_CLIENT_TOKEN, DEMO_PARTNER, DEMO_TRADE_URL};
use super::assetpay_trade::SimTrade;
use super::dataset;
use super::wire::{Game, Item};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

pub(super) const CLIENT_COLLATERAL_CENTS: i64 = 15_000;

/// One account's inventory for one game, with its lower-cased names ready for search.
pub(super) struct Inventory {
    pub(super) items: Vec<Item>,
    pub(super) haystacks: Vec<String>,
    pub(super) updated_at: OffsetDateTime,
}

/// Every account's inventories, by Steam partner number and game.
type Accounts = HashMap<(u64, Game), Arc<Mutex<Inventory>>>;

pub struct AssetPayMarket {
    seed: u64,
    items_per_inventory: usize,
    inventories: Mutex<Accounts>,
    requests: AtomicU64,
    /// Every trade made, oldest first.
    pub(super) trades: Mutex<Vec<SimTrade>>,
    /// Decides when an offer moves under a sale (`offer_change`).
    pub(super) faults: Arc<super::faults::FaultLayer>,
    pub(super) shapes: super::Shapes,
}

impl AssetPayMarket {
    pub fn new(seed: u64, items_per_inventory: usize, faults: Arc<super::faults::FaultLayer>) -> Self {
        AssetPayMarket {
            seed,
            items_per_inventory,
            inventories: Mutex::default(),
            requests: AtomicU64::new(0),
            trades: Mutex::default(),
            faults,
            shapes: super::Shapes::Docs,
        }
    }

    /// Answers in the documented reading chosen at start: the current error codes and statuses
    /// (`Docs`), or the old documents' and the SDK tests' (`Alt`).
    pub fn with_shapes(mut self, shapes: super::Shapes) -> Self {
        self.shapes = shapes;
        self
    }

    /// A documented alternative: `(docs, alt)` by the shapes in use.
    pub(super) fn reading<T>(&self, docs: T, alt: T) -> T {
        match self.shapes {
            super::Shapes::Docs => docs,
            super::Shapes::Alt => alt,
        }
    }

    /// Inventories are generated on first read; Rust inventories are a quarter the size.
    pub(super) fn inventory(&self, partner: u64, game: Game) -> Arc<Mutex<Inventory>> {
        let mut all = self.inventories.lock().unwrap_or_else(|e| e.into_inner());
        all.entry((partner, game))
            .or_insert_with(|| {
                let count = match game {
                    Game::Cs2 => self.items_per_inventory,
                    Game::Rust => (self.items_per_inventory / 4).max(12),
                };
                let mut items = dataset::generate(game, self.seed ^ partner, count);
                // Items a restored trade took have left the inventory.
                let trades = self.trades.lock().unwrap_or_else(|e| e.into_inner());
                let sold: std::collections::HashSet<&str> = trades
                    .iter()
                    .filter(|t| t.partner == partner && t.game == game)
                    .flat_map(|t| t.items.iter().filter_map(|line| line["id"].as_str()))
                    .collect();
                items.retain(|item| !sold.contains(item.id.as_str()));
                drop(trades);
                let haystacks = items
                    .iter()
                    .map(|i| {
                        format!("{}\n{}", i.name.as_deref().unwrap_or(""), i.market_hash_name.as_deref().unwrap_or(""))
                            .to_lowercase()
                    })
                    .collect();
                let updated_at = OffsetDateTime::now_utc() - time::Duration::minutes(6);
                Arc::new(Mutex::new(Inventory { items, haystacks, updated_at }))
            })
            .clone()
    }

    /// Every trade made so far, to keep the demo's state between commands.
    pub fn saved_trades(&self) -> Vec<SimTrade> {
        self.trades.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Trades from an earlier run: their items are gone from the inventories.
    pub fn restore_trades(&self, trades: Vec<SimTrade>) {
        *self.trades.lock().unwrap_or_else(|e| e.into_inner()) = trades;
        self.inventories.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Moves every trade `by` further through its life, as if that much time had passed
    /// (tests follow a trade to `completed` without waiting 15 s).
    pub fn age_trades(&self, by: time::Duration) {
        for trade in self.trades.lock().unwrap_or_else(|e| e.into_inner()).iter_mut() {
            trade.created -= by;
        }
    }

    /// How many inventory requests reached the market: tests use it to prove that input
    /// refused by the client never left it.
    pub fn requests_served(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub(super) fn request_id(&self) -> String {
        format!("req_{:08x}", self.requests.fetch_add(1, Ordering::Relaxed) + 1)
    }
}

pub(super) fn error(
    status: StatusCode,
    code: Option<i64>,
    key: &str,
    message: Value,
    fields: Option<BTreeMap<String, String>>,
    request_id: &str,
) -> Response {
    let mut body = json!({ "key": key, "message": message });
    if let Some(code) = code {
        body["code"] = json!(code);
    }
    if let Some(fields) = fields {
        body["fields"] = json!(fields);
    }
    let envelope = json!({ "requestId": request_id, "success": false, "error": body });
    (status, axum::Json(envelope)).into_response()
}
