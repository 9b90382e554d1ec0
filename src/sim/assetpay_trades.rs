//! The simulated AssetPay trading endpoints: selling (`POST /secure/sell`, `POST
//! /client/trading/deposit`), trades (`GET /secure/trades[/{refs}]`, `GET /client/trades`) and
//! the merchant wallet, as the trading contract documents them.
//!
//! - One trade per (account, externalId): a repeat answers 409 `EXTERNAL_ID_EXISTS`.
//! - Prices must equal the current offer (`PRICE_CHANGED`); items must be in the inventory,
//!   tradable and accepted; a stack may not exceed `maxAmount`. With the `offer_change` fault,
//!   a sale finds its first item's offer moved up about 3% and is refused: the inventory then shows
//!   the new offer.
//! - Containers (cases, capsules) are overstocked: `ITEM_OVERSTOCKED` names them with their
//!   `remaining` (0), so a sale can be offered again without them.
//! - A basket of more than 10 items is split: the answer carries `relatedTrades`.
//! - Client deposits: at most 5 active and 10 per rolling 5 minutes.
//! - Sold items leave the inventory. Each trade moves on with time, at demo speed: initiated,
//!   active (3 s, with a Steam offer id), hold (8 s, ending 7 s later), completed (15 s).

use super::assetpay_market::{AssetPayMarket, DEMO_API_KEY, DEMO_CLIENT_TOKEN, DEMO_PARTNER, Inventory, error};
use super::assetpay_trade::{SPLIT_AT, SimTrade};
use super::wire::{Game, trade_url_partner};
use crate::money::Usd;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// Who is calling: the account (Steam partner) and whether it is a merchant.
fn caller(headers: &HeaderMap, body_trade_url: Option<&str>, client: bool) -> Result<u64, &'static str> {
    if client {
        let token = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
        let token = token.strip_prefix("Bearer ").unwrap_or(token);
        return if token == DEMO_CLIENT_TOKEN { Ok(DEMO_PARTNER) } else { Err("INVALID_TOKEN") };
    }
    if headers.get("api-key").and_then(|v| v.to_str().ok()) != Some(DEMO_API_KEY) {
        return Err("INVALID_TOKEN");
    }
    match body_trade_url {
        None => Ok(DEMO_PARTNER),
        Some(url) => trade_url_partner(url).ok_or("INVALID_TRADEURL"),
    }
}

fn refused(market: &AssetPayMarket, key: &'static str) -> Response {
    let id = market.request_id();
    match key {
        "INVALID_TRADEURL" => {
            error(StatusCode::BAD_REQUEST, Some(market.reading(13, 14)), key, json!("Invalid trade URL"), None, &id)
        }
        _ => error(StatusCode::UNAUTHORIZED, Some(1102), "INVALID_TOKEN", json!("Invalid credentials"), None, &id),
    }
}

pub async fn secure_sell(
    State(market): State<Arc<AssetPayMarket>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    match caller(&headers, body["tradeUrl"].as_str().or(Some("")), false) {
        Ok(partner) if body["tradeUrl"].is_string() => sell(&market, partner, "self", &body),
        Ok(_) | Err("INVALID_TRADEURL") => refused(&market, "INVALID_TRADEURL"),
        Err(key) => refused(&market, key),
    }
}

pub async fn client_deposit(
    State(market): State<Arc<AssetPayMarket>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    match caller(&headers, None, true) {
        Ok(partner) => sell(&market, partner, "client", &body),
        Err(key) => refused(&market, key),
    }
}

fn sell(market: &AssetPayMarket, partner: u64, source: &'static str, body: &Value) -> Response {
    let id = market.request_id();
    let now = OffsetDateTime::now_utc();
    let invalid = |field: &str, why: &str| {
        let fields = [(field.to_string(), why.to_string())].into_iter().collect();
        error(StatusCode::BAD_REQUEST, Some(1001), "VALIDATION_FAILED", json!("Validation failed"), Some(fields), &id)
    };
    let Some(lines) = body["items"].as_array().filter(|l| (1..=250).contains(&l.len())) else {
        return invalid("items", "between 1 and 250 items");
    };
    let game = match body["game"].as_str().unwrap_or("730") {
        "730" => Game::Cs2,
        "252490" => Game::Rust,
        _ => return invalid("game", "730 or 252490"),
    };
    if !body["isInstant"].is_boolean() && !body["isInstant"].is_null() {
        return invalid("isInstant", "a boolean");
    }
    let external_id = body["externalId"].as_str().map(str::to_string);
    let mut trades = market.trades.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(refused) = deposit_refused(&trades, partner, source, external_id.as_deref(), now, &id) {
        return refused;
    }
    let inventory = market.inventory(partner, game);
    let mut inventory = inventory.lock().unwrap_or_else(|e| e.into_inner());
    if market.faults.offer_moves() {
        let first = lines[0]["itemId"].as_str().unwrap_or_default();
        if let Some(offer) = inventory.items.iter_mut().find(|i| i.id == first).and_then(|i| i.offer.as_mut()) {
            offer.price = Usd::from_cents(offer.price.micros() / 10_000 * 103 / 100 + 1);
        }
    }
    let sold = match priced_lines(market, &inventory, lines, &id) {
        Ok(sold) => sold,
        Err(refused) => return *refused,
    };
    // Apply: the items leave the inventory and become one trade per basket of SPLIT_AT.
    let lines: Vec<Value> = sold
        .iter()
        .map(|&(at, price, amount)| {
            let item = &inventory.items[at];
            json!({
                "id": item.id, "appid": game.app_id(), "tradable": true, "assetId": item.asset_id.clone().unwrap_or_else(|| format!("{at}")),
                "name": item.name, "marketHashName": item.market_hash_name, "amount": amount,
                "offer": {"price": price},
            })
        })
        .collect();
    let mut gone: Vec<usize> = sold.iter().map(|s| s.0).collect();
    gone.sort_unstable_by(|a, b| b.cmp(a));
    for at in gone {
        inventory.items.remove(at);
        inventory.haystacks.remove(at);
    }
    let is_instant = body["isInstant"].as_bool().unwrap_or(false);
    let basket = Basket { partner, external_id, source, game, is_instant, now };
    let made = basket.trades(lines, trades.len());
    trades.extend(made.iter().cloned());
    let answer = made[0].to_json(now, &trades);
    (StatusCode::OK, Json(json!({"requestId": id, "success": true, "data": answer}))).into_response()
}

/// A repeated externalId, or a client account over its deposit limits (5 active, 10 per
/// rolling 5 minutes).
fn deposit_refused(
    trades: &[SimTrade],
    partner: u64,
    source: &str,
    external_id: Option<&str>,
    now: OffsetDateTime,
    id: &str,
) -> Option<Response> {
    if let Some(ext) = external_id
        && trades.iter().any(|t| t.partner == partner && t.external_id.as_deref() == Some(ext))
    {
        let message = json!("A trade with this externalId already exists");
        return Some(error(StatusCode::CONFLICT, Some(1), "EXTERNAL_ID_EXISTS", message, None, id));
    }
    if source == "client" {
        let mine: Vec<&SimTrade> =
            trades.iter().filter(|t| t.partner == partner && t.source == "client" && t.primary).collect();
        let active = mine.iter().filter(|t| t.in_flight(now)).count();
        let recent = mine.iter().filter(|t| now - t.created < Duration::minutes(5)).count();
        if active >= 5 || recent >= 10 {
            let message = json!("Too many active deposits for this account");
            return Some(error(StatusCode::TOO_MANY_REQUESTS, Some(6), "TOO_MANY_ACTIVE_TRADES", message, None, id));
        }
    }
    None
}

/// Each line's item, at its current offer: (place in the inventory, price, amount); or the
/// documented refusal of the first line that cannot be sold (or of the overstocked items).
fn priced_lines(
    market: &AssetPayMarket,
    inventory: &Inventory,
    lines: &[Value],
    id: &str,
) -> Result<Vec<(usize, Usd, u64)>, Box<Response>> {
    let mut sold = vec![];
    let mut overstocked = vec![];
    for line in lines {
        let item_id = line["itemId"].as_str().unwrap_or_default();
        let Some(at) = inventory.items.iter().position(|i| i.id == item_id) else {
            let message = json!(format!("Item {item_id} is not in the inventory"));
            return Err(Box::new(error(StatusCode::BAD_REQUEST, Some(9), "ITEMS_UNAVAILABLE", message, None, id)));
        };
        let item = &inventory.items[at];
        let Some(offer) = item.offer.as_ref().filter(|o| item.tradable && o.accepted == Some(true)) else {
            let message = json!(format!("Item {item_id} is not accepted"));
            return Err(Box::new(error(StatusCode::BAD_REQUEST, Some(10), "ITEMS_NOT_ACCEPTED", message, None, id)));
        };
        let price: Option<Usd> = serde_json::from_value(line["price"].clone()).ok();
        if price != Some(offer.price) {
            let message = json!("The offered price changed");
            let status = market.reading(StatusCode::CONFLICT, StatusCode::BAD_REQUEST);
            return Err(Box::new(error(status, Some(11), "PRICE_CHANGED", message, None, id)));
        }
        let amount = line["amount"].as_u64().unwrap_or(1);
        if offer.max_amount.is_some_and(|max| amount as f64 > max) {
            let message = json!(format!("At most {} of {item_id}", offer.max_amount.unwrap_or_default()));
            return Err(Box::new(error(StatusCode::BAD_REQUEST, None, "EXCEEDS_MAX_AMOUNT", message, None, id)));
        }
        if item.item_type.as_deref() == Some("Container") {
            let name = item.market_hash_name.clone().unwrap_or_default();
            overstocked.push(json!({"itemId": item_id, "marketHashName": name, "remaining": 0}));
        }
        sold.push((at, offer.price, amount));
    }
    if overstocked.is_empty() {
        return Ok(sold);
    }
    let mut response = error(StatusCode::CONFLICT, Some(45), "ITEM_OVERSTOCKED", json!("Item overstocked"), None, id);
    // The contract puts the items in error.details.
    let envelope = json!({"requestId": id, "success": false, "error": {
        "code": 45, "key": "ITEM_OVERSTOCKED", "message": "Item overstocked", "details": {"items": overstocked}
    }});
    *response.body_mut() = axum::body::Body::from(envelope.to_string());
    Err(Box::new(response))
}

/// One sale, as the trades it becomes.
struct Basket {
    partner: u64,
    external_id: Option<String>,
    source: &'static str,
    game: Game,
    is_instant: bool,
    now: OffsetDateTime,
}

impl Basket {
    /// One trade per `SPLIT_AT` lines; the first carries the externalId and names the rest.
    fn trades(&self, mut lines: Vec<Value>, made_before: usize) -> Vec<SimTrade> {
        let mut made: Vec<SimTrade> = vec![];
        while !lines.is_empty() {
            let rest = lines.split_off(lines.len().min(SPLIT_AT));
            let total: Usd = lines
                .iter()
                .map(|l| {
                    let price: Usd = serde_json::from_value(l["offer"]["price"].clone()).unwrap_or(Usd::ZERO);
                    Usd::from_micros(price.micros() * l["amount"].as_i64().unwrap_or(1))
                })
                .sum();
            made.push(SimTrade {
                id: format!("trd_{:06}", made_before + made.len() + 1),
                partner: self.partner,
                external_id: if made.is_empty() { self.external_id.clone() } else { None },
                source: self.source.to_string(),
                game: self.game,
                items: std::mem::replace(&mut lines, rest),
                total,
                is_instant: self.is_instant,
                created: self.now,
                related: vec![],
                primary: made.is_empty(),
            });
        }
        let related: Vec<String> = made.iter().skip(1).map(|t| t.id.clone()).collect();
        made[0].related = related;
        made
    }
}

type Params = Query<Vec<(String, String)>>;

fn page(market: &AssetPayMarket, partner: u64, params: &[(String, String)], source: Option<&str>) -> Response {
    let now = OffsetDateTime::now_utc();
    let trades = market.trades.lock().unwrap_or_else(|e| e.into_inner());
    let game = params.iter().find(|(k, _)| k == "game").map(|(_, v)| v.as_str()).unwrap_or("730");
    let limit = params.iter().find(|(k, _)| k == "limit").and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(20);
    let from = params.iter().find(|(k, _)| k == "cursor").and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
    let mine: Vec<Value> = trades
        .iter()
        .rev()
        .filter(|t| t.partner == partner && t.game.app_id().to_string() == game)
        .filter(|t| source.is_none_or(|s| t.source == s))
        .map(|t| t.to_json(now, &trades))
        .collect();
    let end = (from + limit.clamp(1, 100)).min(mine.len());
    let next = (end < mine.len()).then(|| end.to_string());
    let data = json!({"items": mine.get(from..end).unwrap_or(&[]), "nextCursor": next});
    (StatusCode::OK, Json(json!({"requestId": market.request_id(), "success": true, "data": data}))).into_response()
}

pub async fn secure_trades(
    State(market): State<Arc<AssetPayMarket>>,
    headers: HeaderMap,
    Query(p): Params,
) -> Response {
    match caller(&headers, None, false) {
        // Self-trades only.
        Ok(partner) => page(&market, partner, &p, Some("self")),
        Err(key) => refused(&market, key),
    }
}

pub async fn client_trades(
    State(market): State<Arc<AssetPayMarket>>,
    headers: HeaderMap,
    Query(p): Params,
) -> Response {
    match caller(&headers, None, true) {
        Ok(partner) => page(&market, partner, &p, None),
        Err(key) => refused(&market, key),
    }
}

/// Trades by id or externalId: one answers a trade or 404; several answer those found.
pub async fn trades_by_ref(
    State(market): State<Arc<AssetPayMarket>>,
    headers: HeaderMap,
    Path(refs): Path<String>,
) -> Response {
    if let Err(key) = caller(&headers, None, false) {
        return refused(&market, key);
    }
    let id = market.request_id();
    let refs: Vec<&str> = refs.split(',').map(str::trim).filter(|r| !r.is_empty()).collect();
    if refs.len() > 100 {
        let fields = [("tradeId".to_string(), "at most 100 references".to_string())].into_iter().collect();
        return error(StatusCode::BAD_REQUEST, Some(1001), "VALIDATION_FAILED", json!("Too many"), Some(fields), &id);
    }
    let now = OffsetDateTime::now_utc();
    let trades = market.trades.lock().unwrap_or_else(|e| e.into_inner());
    let found: Vec<Value> = trades
        .iter()
        .filter(|t| refs.iter().any(|r| t.id == *r || t.external_id.as_deref() == Some(r)))
        .map(|t| t.to_json(now, &trades))
        .collect();
    match (refs.len(), found.into_iter().next()) {
        (1, Some(trade)) => {
            (StatusCode::OK, Json(json!({"requestId": id, "success": true, "data": trade}))).into_response()
        }
        (1, None) => error(StatusCode::NOT_FOUND, Some(21), "TRADE_NOT_FOUND", json!("Trade not found"), None, &id),
        _ => {
            let all: Vec<Value> = trades
                .iter()
                .filter(|t| refs.iter().any(|r| t.id == *r || t.external_id.as_deref() == Some(r)))
                .map(|t| t.to_json(now, &trades))
                .collect();
            (StatusCode::OK, Json(json!({"requestId": id, "success": true, "data": all}))).into_response()
        }
    }
}

/// The merchant wallet: completed self-trades are spendable, in-flight ones pending, held
/// ones in escrow.
pub async fn wallet(State(market): State<Arc<AssetPayMarket>>, headers: HeaderMap) -> Response {
    let Ok(partner) = caller(&headers, None, false) else { return refused(&market, "INVALID_TOKEN") };
    let now = OffsetDateTime::now_utc();
    let trades = market.trades.lock().unwrap_or_else(|e| e.into_inner());
    let sum = |status: &[&str]| -> Usd {
        trades.iter().filter(|t| t.partner == partner && status.contains(&t.status(now))).map(|t| t.total).sum()
    };
    let data = json!({
        "balance": sum(&["completed"]),
        "pendingBalance": sum(&["initiated", "active"]),
        "escrowBalance": sum(&["hold"]),
        "currency": "USD",
    });
    (StatusCode::OK, Json(json!({"requestId": market.request_id(), "success": true, "data": data}))).into_response()
}
