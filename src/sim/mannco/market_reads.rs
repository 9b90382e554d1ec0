//! The simulated market's reads about items and sales: price look-ups, the sell book, the
//! sales graph and the sales history, each in the documented reading chosen at start.

use super::{AssetState, Market, Shapes, authorized, wire};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Value, json};

/// Per item type, as `mannco-more.md` §3 documents the bulk look-up: the lowest listing
/// (anyone's, the user's included), the best buy order, Steam's price, a suggested price and
/// the last sale, under `pricing`. Unknown ids are dropped, as VANZIP's mock shows.
pub(super) async fn pricing_bulk(
    State(market): Market,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !authorized(&market, &headers) {
        return market.fail(403, "Unauthorized");
    }
    let list = query.iter().find(|(k, _)| k == "items").map(|(_, v)| v.as_str()).unwrap_or("");
    let ids: Vec<i64> = list.split(',').filter_map(|s| s.trim().parse().ok()).collect();
    if ids.is_empty() {
        return market.refuse("Missing required parameter: items");
    }
    if ids.len() > 100 {
        return market.refuse("Too many items: at most 100");
    }
    let shapes = market.shapes;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let account = market.account();
    let rows: Vec<wire::PricingRow> = ids
        .iter()
        .filter_map(|id| {
            let item = account.catalog.get(id)?;
            let own_lowest = account
                .assets
                .values()
                .filter(|a| a.item_id == *id && a.state == AssetState::OnSale)
                .filter_map(|a| a.price)
                .min();
            let lowest = [market.others_lowest(*id, item.market_lowest), own_lowest].into_iter().flatten().min();
            let prices = wire::Prices {
                lowest_sale_price: wire::cents(shapes, lowest.map(|c| c.0)),
                lowest_buy_order: wire::cents(shapes, Some(item.buy_orders.first().map_or(0, |c| c.0))),
                steam_price: wire::cents(shapes, Some(item.steam_price.0)),
                suggested_price: wire::cents(shapes, Some(item.suggested.0)),
                last_sale: Some(wire::LastSale {
                    price: wire::cents(shapes, Some(item.last_sale.0)),
                    date: now - 3_600 * (1 + id.rem_euclid(24)),
                }),
            };
            Some(wire::PricingRow::new(shapes, *id, id % 3 == 0, now - 60, prices))
        })
        .collect();
    let cached = rows.iter().filter(|r| r.from_cache.or(r.cached) == Some(true)).count();
    let content = wire::PricingBulk {
        total_items: rows.len(),
        cached_items: cached,
        refreshed_items: rows.len() - cached,
        items: rows,
    };
    market.ok(serde_json::to_value(content).unwrap_or_default())
}

/// Who sells an item type, cheapest first: the other sellers (their lowest, then two more a
/// little above) and the trader's own listings. The documents do not describe a row; these
/// carry what the market stream's `listing_added` does (`id`, `assetId`, `itemId`, `price`).
/// GMAN reads a bare array, VANZIP `{count, values}`: the two readings.
pub(super) async fn sell_book(State(market): Market, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !authorized(&market, &headers) {
        return market.fail(403, "Unauthorized");
    }
    let Ok(item_id) = id.parse::<i64>() else { return market.refuse("Invalid item ID - must be numeric") };
    let account = market.account();
    let Some(item) = account.catalog.get(&item_id) else { return market.refuse("Item not found") };
    let mut rows: Vec<(u64, i64)> = vec![];
    if let Some(lowest) = market.others_lowest(item_id, item.market_lowest) {
        for (n, percent) in [100, 103, 107].into_iter().enumerate() {
            // Other sellers' assets: numbered apart from the trader's.
            rows.push((9_000_000_000 + item_id as u64 * 10 + n as u64, lowest.0 * percent / 100));
        }
    }
    for asset in account.assets.values().filter(|a| a.item_id == item_id && a.state == AssetState::OnSale) {
        if let Some(price) = asset.price {
            rows.push((asset.asset_id, price.0));
        }
    }
    rows.sort_by_key(|(_, price)| *price);
    let values: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(n, (asset, price))| json!({"id": 70_000_000 + n as u64, "assetId": asset, "itemId": item_id, "price": price}))
        .collect();
    match market.shapes {
        Shapes::Docs => market.ok(Value::Array(values)),
        Shapes::Alt => market.ok(json!({"count": values.len(), "values": values})),
    }
}

/// An item's sales per day, seeded by item and day around its suggested price, in GMAN-A's
/// point shape (`date`, the day's total `price`, `nb`) or, in the other reading, GMAN-B's
/// (`period`, and `day`, `median`, `mean`, `percentile`, `sold` per point).
pub(super) async fn sales_graph(
    State(market): Market,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !authorized(&market, &headers) {
        return market.fail(403, "Unauthorized");
    }
    let Ok(item_id) = id.parse::<i64>() else { return market.refuse("Invalid item ID - must be numeric") };
    let period = query.iter().find(|(k, _)| k == "period").map(|(_, v)| v.as_str()).unwrap_or("1M");
    let days = match period {
        "1M" => 30,
        "3M" => 90,
        "6M" => 180,
        "1Y" => 365,
        _ => return market.refuse("Invalid period"),
    };
    let account = market.account();
    let Some(item) = account.catalog.get(&item_id) else { return market.refuse("Item not found") };
    let base = item.suggested.0.max(1);
    let today = time::OffsetDateTime::now_utc().date();
    let values: Vec<Value> = (0..days)
        .rev()
        .map(|ago: i64| {
            // A deterministic wobble of ±8% and 0–4 sales a day.
            let roll = (item_id.wrapping_mul(2_654_435_761) ^ ago.wrapping_mul(40_503)).rem_euclid(1_000);
            let price = base + base * (roll % 160 - 80) / 1_000;
            let sold = roll % 5;
            wire::sales_point(market.shapes, today - time::Duration::days(ago), price, sold)
        })
        .collect();
    match market.shapes {
        Shapes::Docs => market.ok(json!({"values": values})),
        Shapes::Alt => market.ok(json!({"period": period, "values": values})),
    }
}

/// The trader's sales, newest first: `page` (from 1), `perPage` (at most 50). Rows carry the
/// fields clients assume (`date` in Unix seconds, `iditem`, `name`, `price` in cents); `count`
/// comes on the first page only, as the sources say.
pub(super) async fn sales_history(
    State(market): Market,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    history(&market, &headers, &query, "perPage", |account| &account.sales)
}

/// `GET /user/getPurchaseHistory`: the same row shape (VANZIP's, `mannco-more.md` §5), paged by
/// `page` and `count`.
pub(super) async fn purchase_history(
    State(market): Market,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    history(&market, &headers, &query, "count", |account| &account.purchases)
}

/// One page of a history, newest first; `count` on the first page only, as the sources say.
fn history(
    market: &super::ManncoMarket,
    headers: &HeaderMap,
    query: &[(String, String)],
    per_page_key: &str,
    rows_of: impl Fn(&super::Account) -> &Vec<super::Sale>,
) -> Response {
    if !authorized(market, headers) {
        return market.fail(403, "Unauthorized");
    }
    let number = |key: &str, default: usize| {
        query.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(default)
    };
    let (page, per_page) = (number("page", 1).max(1), number(per_page_key, 50).clamp(1, 50));
    let account = market.account();
    let all = rows_of(&account);
    let rows: Vec<wire::SaleRow> = all
        .iter()
        .rev()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|sale| {
            let (name, effect) = account.catalog.get(&sale.item_id).map(|i| (i.name, i.effect)).unwrap_or_default();
            wire::SaleRow::new(market.shapes, sale.at, sale.item_id, sale.asset_id, name, effect, sale.price.0)
        })
        .collect();
    let mut content = json!({ "values": rows });
    if page == 1 {
        content["count"] = json!(all.len());
    }
    market.ok(content)
}
