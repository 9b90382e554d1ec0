//! The simulated AssetPay market: `GET /client/inventory` and `GET /secure/inventory` as the
//! contract documents them, including every error envelope.
//!
//! Error triggers, so every documented error can be seen on demand:
//! - `/client`: the client token `demo-fail-<CODE>`;
//! - `/secure`: a trade URL whose `partner` is `<CODE>`;
//!
//! where CODE is 3, 7, 31, 33, 1010, 1011 or 429 (RATE_LIMITED).
//!
//! Selling and trades are in `assetpay_trades`.

use super::assetpay_market::{CLIENT_COLLATERAL_CENTS, error};
use super::assetpay_trades as trades;

pub use super::assetpay_market::{AssetPayMarket, DEMO_API_KEY, DEMO_CLIENT_TOKEN, DEMO_PARTNER, DEMO_TRADE_URL};
use super::wire::{Game, Item, trade_url_partner};
use crate::money::Usd;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use time::OffsetDateTime;

impl AssetPayMarket {
    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/client/inventory", get(client_inventory))
            .route("/secure/inventory", get(secure_inventory))
            .route("/secure/sell", post(trades::secure_sell))
            .route("/client/trading/deposit", post(trades::client_deposit))
            .route("/secure/trades", get(trades::secure_trades))
            .route("/secure/trades/{refs}", get(trades::trades_by_ref))
            .route("/client/trades", get(trades::client_trades))
            .route("/v1/wallets/me/balance", get(trades::wallet))
            .with_state(self)
    }
}

type Params = Query<Vec<(String, String)>>;

async fn client_inventory(
    State(market): State<Arc<AssetPayMarket>>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let request_id = market.request_id();
    let token = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
    let token = token.strip_prefix("Bearer ").unwrap_or(token);
    if let Some(code) = token.strip_prefix("demo-fail-") {
        return triggered_error(&market, code, &request_id).unwrap_or_else(|| invalid_token(&request_id));
    }
    if token != DEMO_CLIENT_TOKEN {
        return invalid_token(&request_id);
    }
    serve(&market, DEMO_PARTNER, &params, Usd::from_cents(CLIENT_COLLATERAL_CENTS), request_id)
}

async fn secure_inventory(
    State(market): State<Arc<AssetPayMarket>>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let request_id = market.request_id();
    let key = headers.get("api-key").and_then(|v| v.to_str().ok()).unwrap_or("");
    if key != DEMO_API_KEY {
        return error(
            StatusCode::UNAUTHORIZED,
            Some(1102),
            "INVALID_TOKEN",
            json!("Invalid or missing api-key"),
            None,
            &request_id,
        );
    }
    let trade_url = params.iter().find(|(k, _)| k == "tradeUrl").map(|(_, v)| v.as_str());
    let Some(partner) = trade_url.and_then(trade_url_partner) else {
        return error(
            StatusCode::BAD_REQUEST,
            Some(market.reading(13, 14)),
            "INVALID_TRADEURL",
            json!("Invalid trade URL"),
            None,
            &request_id,
        );
    };
    if let Some(response) = triggered_error(&market, &partner.to_string(), &request_id) {
        return response;
    }
    serve(&market, partner, &params, Usd::ZERO, request_id)
}

/// The documented `sort` values.
#[derive(Clone, Copy)]
enum Sort {
    Relevance,
    PriceAsc,
    PriceDesc,
    NameAsc,
    NameDesc,
}

impl Sort {
    fn from_param(text: &str) -> Option<Sort> {
        Some(match text {
            "relevance" => Sort::Relevance,
            "priceAsc" => Sort::PriceAsc,
            "priceDesc" => Sort::PriceDesc,
            "nameAsc" => Sort::NameAsc,
            "nameDesc" => Sort::NameDesc,
            _ => return None,
        })
    }
}

/// The query as the server understands it, or the fields it refuses and why.
struct Filters {
    game: Game,
    refresh: bool,
    search: Option<String>,
    sort: Sort,
    min: Option<Usd>,
    max: Option<Usd>,
    page: u64,
    limit: Option<u64>,
}

fn parse_filters(params: &[(String, String)]) -> Result<Filters, BTreeMap<String, String>> {
    let mut f = Filters {
        game: Game::Cs2,
        refresh: false,
        search: None,
        sort: Sort::Relevance,
        min: None,
        max: None,
        page: 1,
        limit: Some(50),
    };
    let mut bad = BTreeMap::new();
    for (key, value) in params {
        let mut refuse = |why: &str| {
            bad.insert(key.clone(), why.to_string());
        };
        match key.as_str() {
            "game" => match value.parse().ok().and_then(Game::from_app_id) {
                Some(game) => f.game = game,
                None => refuse("must be 730 or 252490"),
            },
            "refresh" => match value.as_str() {
                "true" | "1" => f.refresh = true,
                "false" | "0" => f.refresh = false,
                _ => refuse("must be true or false"),
            },
            "search" if value.chars().count() > 100 => refuse("must be at most 100 characters"),
            "search" => f.search = Some(value.to_lowercase()).filter(|s| !s.is_empty()),
            "sort" => match Sort::from_param(value) {
                Some(sort) => f.sort = sort,
                None => refuse("must be one of relevance, priceAsc, priceDesc, nameAsc, nameDesc"),
            },
            "minPrice" | "maxPrice" => match value.parse::<f64>().ok().filter(|v| *v >= 0.0).and_then(Usd::from_f64) {
                Some(price) if key == "minPrice" => f.min = Some(price),
                Some(price) => f.max = Some(price),
                None => refuse("must be a non-negative number"),
            },
            "page" => match value.parse::<u64>() {
                Ok(page) if page >= 1 => f.page = page,
                _ => refuse("must be an integer of at least 1"),
            },
            "limit" => match value.parse::<i64>() {
                Ok(-1) => f.limit = None,
                Ok(n) if n >= 1 => f.limit = Some(n as u64),
                _ => refuse("must be a positive integer or -1"),
            },
            _ => {}
        }
    }
    if bad.is_empty() { Ok(f) } else { Err(bad) }
}

fn serve(
    market: &AssetPayMarket,
    partner: u64,
    params: &[(String, String)],
    collateral: Usd,
    request_id: String,
) -> Response {
    let filters = match parse_filters(params) {
        Ok(f) => f,
        Err(fields) => {
            let messages: Vec<String> = fields.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let message = market.reading(json!(messages.join("; ")), json!(messages));
            return error(
                market.reading(StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY),
                Some(1001),
                "VALIDATION_FAILED",
                message,
                Some(fields),
                &request_id,
            );
        }
    };
    let inventory = market.inventory(partner, filters.game);
    let mut inventory = inventory.lock().unwrap_or_else(|e| e.into_inner());
    if filters.refresh {
        inventory.updated_at = OffsetDateTime::now_utc();
    }
    let in_range = |item: &Item| {
        let price = item.offer_price().unwrap_or(Usd::ZERO);
        filters.min.is_none_or(|min| price >= min) && filters.max.is_none_or(|max| price <= max)
    };
    let mut matches: Vec<&Item> = inventory
        .items
        .iter()
        .zip(&inventory.haystacks)
        .filter(|(item, hay)| filters.search.as_ref().is_none_or(|s| hay.contains(s.as_str())) && in_range(item))
        .map(|(item, _)| item)
        .collect();
    sort_items(&mut matches, filters.sort);
    let count = matches.len() as u64;
    let page_items: Vec<&Item> = match filters.limit {
        None => matches,
        Some(limit) => {
            let start = (filters.page - 1).saturating_mul(limit);
            matches.into_iter().skip(start.min(count) as usize).take(limit as usize).collect()
        }
    };
    // Serialized straight from the stored items: a 100,000-item answer is tens of megabytes.
    let envelope = SuccessEnvelope {
        request_id,
        success: true,
        data: PageOut { inventory: page_items, count, updated_at: Some(inventory.updated_at), collateral },
    };
    match serde_json::to_vec(&envelope) {
        Ok(body) => ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SuccessEnvelope<'a> {
    request_id: String,
    success: bool,
    data: PageOut<'a>,
}

/// `InventoryPage` as the wire spells it, borrowing the items.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PageOut<'a> {
    inventory: Vec<&'a Item>,
    count: u64,
    #[serde(with = "time::serde::rfc3339::option")]
    updated_at: Option<OffsetDateTime>,
    collateral: Usd,
}

fn sort_items(items: &mut [&Item], sort: Sort) {
    let price = |i: &Item| i.offer_price().unwrap_or(Usd::ZERO);
    let name = |i: &Item| i.display_name().to_lowercase();
    match sort {
        Sort::Relevance => {}
        Sort::PriceAsc => items.sort_by_key(|i| price(i)),
        Sort::PriceDesc => items.sort_by_key(|i| std::cmp::Reverse(price(i))),
        Sort::NameAsc => items.sort_by_cached_key(|i| name(i)),
        Sort::NameDesc => items.sort_by_cached_key(|i| std::cmp::Reverse(name(i))),
    }
}

/// The documented error a trigger code stands for, with the status AssetPay sends it with.
fn triggered_error(market: &AssetPayMarket, code: &str, request_id: &str) -> Option<Response> {
    let fetch_failed = market.reading(StatusCode::FAILED_DEPENDENCY, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, code, key, message) = match code {
        "3" => (fetch_failed, Some(3), "INVENTORY_FETCH_FAILED", "Failed to fetch inventory"),
        "7" => (StatusCode::FORBIDDEN, Some(7), "USER_NOT_TRADEABLE", "User inventory is private or user cannot trade"),
        "31" => (StatusCode::FAILED_DEPENDENCY, Some(31), "STEAM_UNAVAILABLE", "Steam is temporarily unavailable"),
        "33" => (StatusCode::FAILED_DEPENDENCY, Some(33), "STEAM_RATE_LIMITED", "Steam rate limit reached"),
        "1010" => (StatusCode::SERVICE_UNAVAILABLE, Some(1010), "NO_BOTS_AVAILABLE", "No bots available"),
        "1011" => (StatusCode::SERVICE_UNAVAILABLE, Some(1011), "FLEET_DEGRADED", "Steam fleet degraded"),
        "429" => (StatusCode::TOO_MANY_REQUESTS, Some(market.reading(1005, 1007)), "RATE_LIMITED", "Too many requests"),
        _ => return None,
    };
    let mut response = error(status, code, key, json!(message), None, request_id);
    let retry_after = match key {
        "FLEET_DEGRADED" => Some("30"),
        "RATE_LIMITED" => Some("60"),
        _ => None,
    };
    if let Some(secs) = retry_after {
        response.headers_mut().insert("retry-after", HeaderValue::from_static(secs));
    }
    Some(response)
}

fn invalid_token(request_id: &str) -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        Some(1102),
        "INVALID_TOKEN",
        json!("Invalid or expired client token"),
        None,
        request_id,
    )
}
