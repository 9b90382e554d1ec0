//! The simulated Mannco.store market: stateful, and faithful to the contract's envelopes,
//! HTTP 300 business errors, buy-order fills, price caps, trade holds and withdrawals.
//!
//! Demo credentials: the JWT `demo-mannco-jwt`, or the API key `demo-mannco-key` for
//! `POST /user/login`. The API key `demo-country-blocked` gets the country error.

mod market_reads;
mod stock;
mod wire;

use super::Shapes;
use crate::money::Cents;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use stock::CatalogItem;
pub use stock::{Asset, AssetState};

pub const DEMO_MANNCO_TOKEN: &str = "demo-mannco-jwt";
pub const DEMO_MANNCO_API_KEY: &str = "demo-mannco-key";
const START_BALANCE: Cents = Cents(12_345);
/// The demo account's last purchase: 2026-11-01, fixed, so its purchase history reads the
/// same in every run.
const PURCHASES_UNTIL: i64 = 1_793_491_200;

/// A sale into a buy order, as the market's history records it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sale {
    pub asset_id: u64,
    pub item_id: i64,
    pub price: Cents,
    pub credited: Cents,
    /// When, in Unix seconds.
    pub at: i64,
}

/// The account's state, kept between demo commands.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    assets: Vec<stock::SavedAsset>,
    balance: i64,
    sales: Vec<Sale>,
    buy_orders: BTreeMap<i64, Vec<i64>>,
}

struct Account {
    catalog: BTreeMap<i64, CatalogItem>,
    assets: BTreeMap<u64, Asset>,
    balance: Cents,
    sales: Vec<Sale>,
    /// What the account bought on the market: its keys, each at $1.75–$1.89, in the 30 days
    /// to `PURCHASES_UNTIL` (the same for a seed, so kept out of the saved state).
    purchases: Vec<Sale>,
    jwts: HashSet<String>,
}

pub struct ManncoMarket {
    account: Mutex<Account>,
    logins: AtomicU64,
    /// Every money-moving request that reached the market, in order: (path, body).
    requests: Mutex<Vec<(String, Value)>>,
    /// Other sellers undercut once per this interval, from `started` on.
    competition: Option<std::time::Duration>,
    started: std::time::Instant,
    /// Competition intervals already played out.
    steps_done: AtomicU64,
    shapes: Shapes,
}

impl ManncoMarket {
    pub fn new(seed: u64, extra_keys: usize) -> Self {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let catalog = stock::catalog();
        let assets = stock::holdings(seed, now, extra_keys);
        let purchases = assets
            .values()
            .filter(|a| catalog.get(&a.item_id).is_some_and(|i| i.name.ends_with("Crate Key")))
            .map(|a| {
                let price = Cents(175 + (a.asset_id % 15) as i64);
                let at = PURCHASES_UNTIL - (a.asset_id % 30) as i64 * 86_400;
                Sale { asset_id: a.asset_id, item_id: a.item_id, price, credited: Cents::ZERO, at }
            })
            .collect();
        let account = Account {
            catalog,
            assets,
            balance: START_BALANCE,
            sales: vec![],
            purchases,
            jwts: HashSet::from([DEMO_MANNCO_TOKEN.to_string()]),
        };
        ManncoMarket {
            account: Mutex::new(account),
            logins: AtomicU64::new(0),
            requests: Mutex::default(),
            competition: None,
            started: std::time::Instant::now(),
            steps_done: AtomicU64::new(0),
            shapes: Shapes::Docs,
        }
    }

    /// Other sellers that move: every `period` the lowest of them undercuts by 1–3% (by item),
    /// down to 70% of where they started.
    pub fn with_competition(mut self, period: Option<std::time::Duration>) -> Self {
        self.competition = period.filter(|p| !p.is_zero());
        self
    }

    /// The lowest listing by other sellers now.
    fn others_lowest(&self, item_id: i64, start: Option<Cents>) -> Option<Cents> {
        let (Some(period), Some(start)) = (self.competition, start) else { return start };
        let steps = (self.started.elapsed().as_secs_f64() / period.as_secs_f64()) as i64;
        let step = (start.0 * (1 + item_id.rem_euclid(3)) / 100).max(1);
        Some(Cents((start.0 - steps * step).max(start.0 * 70 / 100)))
    }

    pub fn router(self: std::sync::Arc<Self>) -> Router {
        Router::new()
            .route("/inventory/onSale", get(on_sale))
            .route("/inventory/onInventory", get(on_inventory))
            .route("/inventory/price", post(price))
            .route("/inventory/withdraw", post(withdraw))
            .route("/user/login", post(login))
            .route("/user/balance", get(balance))
            .route("/user/infos", get(user_infos))
            .route("/item/pricing/bulk", get(market_reads::pricing_bulk))
            .route("/item/salesGraph/{id}", get(market_reads::sales_graph))
            .route("/item/listing/{id}", get(market_reads::sell_book))
            .route("/user/getSalesHistory", get(market_reads::sales_history))
            .route("/user/getPurchaseHistory", get(market_reads::purchase_history))
            .with_state(self)
    }

    /// Answers in the documented reading chosen at start.
    pub fn with_shapes(mut self, shapes: Shapes) -> Self {
        self.shapes = shapes;
        self
    }

    /// A success envelope. `err` is a boolean in the documents, a number in PRICEDB's reading.
    fn ok(&self, content: Value) -> Response {
        let envelope = wire::Envelope::success(self.shapes, content);
        (StatusCode::OK, axum::Json(envelope)).into_response()
    }

    /// An error envelope: the message as `content`, or (the other reading) as `message`.
    fn fail(&self, status: u16, message: &str) -> Response {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(wire::Envelope::failure(self.shapes, message))).into_response()
    }

    /// The documented business error: HTTP 300 with the message.
    fn refuse(&self, message: &str) -> Response {
        self.fail(300, message)
    }

    /// Logs a money-moving request's body and returns its fields.
    fn record(&self, path: &str, body: &[u8]) -> Map<String, Value> {
        let fields = body_fields(body);
        self.requests.lock().unwrap_or_else(|e| e.into_inner()).push((path.into(), Value::Object(fields.clone())));
        fields
    }

    /// The account, with the market moved on to now: with competition, each interval a new
    /// buyer bids 3% under the other sellers' lowest, and fills the trader's listings at or
    /// under the bid.
    fn account(&self) -> std::sync::MutexGuard<'_, Account> {
        let mut account = self.account.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(period) = self.competition {
            let steps = (self.started.elapsed().as_secs_f64() / period.as_secs_f64()) as u64;
            let done = self.steps_done.swap(steps, Ordering::Relaxed);
            if steps > done {
                self.buyers_arrive(&mut account);
            }
        }
        account
    }

    fn buyers_arrive(&self, account: &mut Account) {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let items: Vec<(i64, Option<Cents>)> = account.catalog.iter().map(|(id, i)| (*id, i.market_lowest)).collect();
        for (item_id, start) in items {
            let Some(lowest) = self.others_lowest(item_id, start) else { continue };
            let bid = Cents(lowest.0 * 97 / 100);
            if let Some(item) = account.catalog.get_mut(&item_id) {
                item.buy_orders.push(bid);
                item.buy_orders.sort_by(|a, b| b.cmp(a));
            }
            // A listing at or under the best bid sells to it.
            let listed: Vec<(u64, Cents)> = account
                .assets
                .iter()
                .filter(|(_, a)| a.item_id == item_id && a.state == AssetState::OnSale)
                .filter_map(|(id, a)| a.price.map(|p| (*id, p)))
                .collect();
            for (asset_id, price) in listed {
                let best = account.catalog.get(&item_id).and_then(|i| i.buy_orders.first().copied());
                if best.is_none_or(|b| b < price) {
                    continue;
                }
                if let Some(item) = account.catalog.get_mut(&item_id) {
                    item.buy_orders.remove(0);
                }
                account.assets.remove(&asset_id);
                let credited = price.after_fee();
                account.balance = account.balance + credited;
                account.sales.push(Sale { asset_id, item_id, price, credited, at: now });
            }
        }
    }

    /// One asset as the market holds it now (None once sold).
    pub fn asset(&self, asset_id: u64) -> Option<Asset> {
        self.account().assets.get(&asset_id).cloned()
    }

    pub fn assets(&self) -> Vec<Asset> {
        self.account().assets.values().cloned().collect()
    }

    pub fn balance(&self) -> Cents {
        self.account().balance
    }

    pub fn sales(&self) -> Vec<Sale> {
        self.account().sales.clone()
    }

    /// The account as it stands, to keep the demo's state between commands.
    pub fn saved(&self) -> Saved {
        let account = self.account();
        Saved {
            assets: account.assets.values().map(stock::SavedAsset::of).collect(),
            balance: account.balance.0,
            sales: account.sales.clone(),
            buy_orders: account
                .catalog
                .iter()
                .map(|(id, item)| (*id, item.buy_orders.iter().map(|c| c.0).collect()))
                .collect(),
        }
    }

    /// The account as an earlier run left it.
    pub fn restore(&self, saved: Saved) {
        let mut account = self.account();
        account.assets = saved.assets.into_iter().map(|a| (a.asset_id, a.into_asset())).collect();
        account.balance = Cents(saved.balance);
        account.sales = saved.sales;
        for (id, orders) in saved.buy_orders {
            if let Some(item) = account.catalog.get_mut(&id) {
                item.buy_orders = orders.into_iter().map(Cents).collect();
            }
        }
    }

    /// The money-moving requests received so far, for tests that count calls.
    pub fn requests(&self) -> Vec<(String, Value)> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn logins(&self) -> u64 {
        self.logins.load(Ordering::Relaxed)
    }

    /// Makes every issued JWT invalid, as an IP change would.
    pub fn expire_tokens(&self) {
        self.account().jwts.clear();
    }
}

type Market = State<std::sync::Arc<ManncoMarket>>;

/// Whether the request carries a JWT the market issued.
fn authorized(market: &ManncoMarket, headers: &HeaderMap) -> bool {
    let token = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    token.is_some_and(|token| market.account().jwts.contains(token.trim()))
}

/// A JSON or form body as a map of fields.
fn body_fields(body: &[u8]) -> Map<String, Value> {
    if let Ok(Value::Object(map)) = serde_json::from_slice(body) {
        return map;
    }
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .map(|pairs| pairs.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
        .unwrap_or_default()
}

/// What makes items identical for a row: type, state, price and trade hold.
type GroupKey = (i64, u8, Option<Cents>, Option<i64>);

/// Rows as the API groups them: identical items (same type, state and price) in one row.
fn rows(account: &Account, listed: bool, shapes: Shapes) -> Value {
    let mut groups: BTreeMap<GroupKey, Vec<&Asset>> = BTreeMap::new();
    for asset in account.assets.values().filter(|a| (a.state == AssetState::OnSale) == listed) {
        groups.entry((asset.item_id, asset.state.code(), asset.price, asset.trade_lock_until)).or_default().push(asset);
    }
    let items: Vec<wire::InventoryRow> = groups
        .into_iter()
        .filter_map(|((item_id, state, price, lock), assets)| {
            let item = account.catalog.get(&item_id)?;
            let ids: Vec<String> = assets.iter().map(|a| a.asset_id.to_string()).collect();
            let row = wire::InventoryRow {
                ids: ids.join(","),
                count: ids.len(),
                item_id,
                asset_id: ids[0].clone(),
                bot: assets[0].bot.into(),
                game: item.game,
                state,
                price: price.map(|p| p.0),
                name: item.name.into(),
                effect: item.effect.into(),
                url: item.url.into(),
                quality: item.quality.into(),
                image: format!("https://mannco.store/img/{}.png", item.url),
                kind: item.kind.into(),
                craftable: Value::Null,
                trade_lock_until: lock,
            };
            Some(row.shaped(shapes, item.craftable))
        })
        .collect();
    let count = items.len();
    json!({ "items": items, "count": count })
}

async fn on_sale(State(market): Market, headers: HeaderMap) -> Response {
    if !authorized(&market, &headers) {
        return market.fail(403, "Unauthorized");
    }
    market.ok(rows(&market.account(), true, market.shapes))
}

/// Items not listed for sale: in inventory, pending withdrawal or in a trade.
async fn on_inventory(State(market): Market, headers: HeaderMap) -> Response {
    if !authorized(&market, &headers) {
        return market.fail(403, "Unauthorized");
    }
    market.ok(rows(&market.account(), false, market.shapes))
}

fn parse_ids(text: &str) -> Vec<u64> {
    text.split(',').filter_map(|s| s.trim().parse().ok()).collect()
}

async fn price(State(market): Market, headers: HeaderMap, body: Bytes) -> Response {
    if !authorized(&market, &headers) {
        return market.fail(403, "Unauthorized");
    }
    let fields = market.record("/inventory/price", &body);
    let (Some(ids), Some(price)) = (fields.get("ids"), fields.get("price")) else {
        return market.refuse("Missing required parameters");
    };
    let Some(ids) = ids.as_str() else { return market.refuse("Invalid ids format") };
    let price = match price {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    let Some(price) = price.map(Cents).filter(|p| p.is_valid_price()) else {
        return market.refuse("Price too high or invalid");
    };
    let ids = parse_ids(ids);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut account = market.account();
    // Every id is validated before anything changes: a refused call applies nothing.
    for id in &ids {
        let Some(asset) = account.assets.get(id).filter(|a| a.state.can_act()) else {
            return market.refuse("Item not found or not owned");
        };
        let item = &account.catalog[&asset.item_id];
        if let Some(cap) = item.cap.filter(|cap| price > *cap) {
            return market.refuse(&wire::price_limit_message(market.shapes, cap.0));
        }
        if item.game == 730 && asset.trade_lock_until.is_some_and(|until| until > now) {
            return market.refuse("This item will be locked for 7 days");
        }
    }
    if ids.is_empty() {
        return market.refuse("Item not found or not owned");
    }
    for id in ids {
        let item_id = account.assets[&id].item_id;
        let fills = account.catalog[&item_id].buy_orders.first().is_some_and(|best| *best >= price);
        if fills {
            account.catalog.get_mut(&item_id).map(|i| i.buy_orders.remove(0));
            account.assets.remove(&id);
            let credited = price.after_fee();
            account.balance = account.balance + credited;
            account.sales.push(Sale { asset_id: id, item_id, price, credited, at: now });
        } else if let Some(asset) = account.assets.get_mut(&id) {
            asset.state = AssetState::OnSale;
            asset.price = Some(price);
        }
    }
    market.ok(json!({ "message": "ok" }))
}

async fn withdraw(State(market): Market, headers: HeaderMap, body: Bytes) -> Response {
    if !authorized(&market, &headers) {
        return market.fail(403, "Unauthorized");
    }
    let fields = market.record("/inventory/withdraw", &body);
    let Some(ids) = fields.get("ids") else { return market.refuse("Missing required parameter: ids") };
    let ids = parse_ids(ids.as_str().unwrap_or_default());
    if ids.is_empty() {
        return market.refuse("No valid item IDs provided");
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut account = market.account();
    if ids.iter().any(|id| !account.assets.contains_key(id)) {
        return market.refuse("Items not found");
    }
    let withdrawable = |a: &Asset| a.state.can_act() && a.trade_lock_until.is_none_or(|until| until <= now);
    let (mut updated, mut locked) = (0, 0);
    for id in &ids {
        if withdrawable(&account.assets[id]) {
            updated += 1;
        } else {
            locked += 1;
        }
    }
    if updated == 0 {
        return market.refuse("Items not available for withdrawal");
    }
    for id in ids {
        if let Some(asset) = account.assets.get_mut(&id).filter(|a| withdrawable(a)) {
            asset.state = AssetState::PendingWithdrawal;
            asset.price = None;
        }
    }
    market.ok(json!({ "message": "Items withdrawal processed", "updated": updated, "locked": locked }))
}

async fn login(State(market): Market, body: Bytes) -> Response {
    let fields = body_fields(&body);
    let Some(key) = fields.get("apiKey").and_then(Value::as_str).filter(|k| !k.is_empty()) else {
        return market.refuse("Missing required parameter: apiKey");
    };
    match key {
        "demo-country-blocked" => market.fail(403, "Country blocked"),
        DEMO_MANNCO_API_KEY => {
            let n = market.logins.fetch_add(1, Ordering::Relaxed) + 1;
            let jwt = demo_jwt(n);
            market.account().jwts.insert(jwt.clone());
            market.ok(json!({ "jwt": jwt }))
        }
        _ => market.fail(403, "Invalid API key"),
    }
}

/// The demo account's Steam64 id, which its tokens name.
pub const DEMO_STEAM_ID: &str = "76561198012345678";

/// A token shaped as the market's (`header.payload.signature`, claims as `mannco-more.md` §1
/// lists them), naming the demo account in `sub`; the signature part is only a serial.
fn demo_jwt(n: u64) -> String {
    use base64::Engine;
    let encode = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let header = encode(json!({"alg": "HS256", "typ": "JWT"}));
    let claims = encode(json!({"iss": "API", "sub": DEMO_STEAM_ID, "iat": now, "exp": now + 31 * 86_400,
        "jti": format!("demo-{n}"), "API": true, "steamid": DEMO_STEAM_ID}));
    format!("{header}.{claims}.demo-jwt-{n:06}")
}

/// `/user/infos`: the account, as GMAN reads it.
async fn user_infos(State(market): Market, headers: HeaderMap) -> Response {
    if !authorized(&market, &headers) {
        return market.fail(403, "Unauthorized");
    }
    let balance = market.account().balance.0;
    market.ok(json!({"informations": {"steamId": DEMO_STEAM_ID, "balance": balance, "name": "demo trader",
        "tradeurl": "https://steamcommunity.com/tradeoffer/new/?partner=52079950&token=DEMOdemo",
        "image": "", "2fa": 1, "shorturl": "demo", "notification": 0}}))
}

async fn balance(State(market): Market, headers: HeaderMap) -> Response {
    if !authorized(&market, &headers) {
        return market.fail(403, "Unauthorized");
    }
    market.ok(json!({ "balance": market.account().balance.0 }))
}
