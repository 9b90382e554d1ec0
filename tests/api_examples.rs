//! Every documented body decodes through the client. `tests/api-examples/` is a copy of the
//! contract's example bodies (one per endpoint and per documented variant); when the contract's
//! own folder sits beside the project (`../shared/api/examples`), its files are read too, so a
//! body added there that nothing decodes fails this test.

use serde_json::Value;
use std::path::{Path, PathBuf};
use tradedeck::api::assetpay::{self as ap, AssetPayError, ErrorKey};
use tradedeck::api::mannco::{self, ManncoError, market};

struct Example {
    name: String,
    status: u16,
    body: Vec<u8>,
    json: Value,
}

fn examples(market: &str) -> Vec<Example> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![here.join("tests/api-examples").join(market)];
    let shared = here.join("../shared/api/examples").join(market);
    if shared.is_dir() {
        dirs.push(shared);
    }
    let mut out = vec![];
    for dir in dirs {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(&dir).expect("examples folder").map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
            let file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).expect("example is JSON");
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let status = file["status"].as_u64().expect("example has a status") as u16;
            let json = file["body"].clone();
            out.push(Example { name, status, body: serde_json::to_vec(&json).unwrap(), json });
        }
    }
    assert!(out.len() > 40, "the {market} examples are there");
    out
}

fn endpoint(name: &str) -> &str {
    name.split("--").next().unwrap_or(name)
}

/// A non-2xx AssetPay example must decode to the documented error it carries.
fn assetpay_refusal<T: std::fmt::Debug>(ex: &Example, result: Result<T, AssetPayError>) -> Result<(), String> {
    match result {
        Err(AssetPayError::Api(e)) => {
            let key = ex.json["error"]["key"].as_str().unwrap_or_default();
            if matches!(e.key, ErrorKey::Other(_)) {
                return Err(format!("key {key} is not one tradedeck knows"));
            }
            Ok(())
        }
        other => Err(format!("expected the documented error, got {other:?}")),
    }
}

fn check_assetpay(ex: &Example) -> Result<(), String> {
    let ok = (200..300).contains(&ex.status);
    let envelope = |ex: &Example| -> Result<(), String> {
        macro_rules! typed {
            ($t:ty, $check:expr) => {{
                let r = ap::decode_envelope::<$t>(ex.status, None, &ex.body);
                if ok {
                    let v = r.map_err(|e| e.to_string())?;
                    let check: fn(&$t) -> bool = $check;
                    if check(&v) { Ok(()) } else { Err(format!("decoded but empty: {v:?}")) }
                } else {
                    assetpay_refusal(ex, r)
                }
            }};
        }
        match endpoint(&ex.name) {
            "get-client-inventory" | "get-secure-inventory" => {
                let r = ap::decode_inventory(ex.status, None, &ex.body);
                if ok {
                    let page = r.map_err(|e| e.to_string())?;
                    let sent = ex.json["data"]["inventory"].as_array().map_or(0, Vec::len);
                    if page.items.len() == sent { Ok(()) } else { Err(format!("{} of {sent} items", page.items.len())) }
                } else {
                    assetpay_refusal(ex, r)
                }
            }
            "post-secure-sell" | "post-client-trading-deposit" => typed!(ap::Trade, |t| !t.items.is_empty()),
            "get-secure-trades" | "get-client-trades" => typed!(ap::TradePage, |p| !p.items.is_empty()),
            "get-secure-trades-tradeId" => typed!(ap::trades::TradesByRef, |t| !t.clone().into_vec().is_empty()),
            "get-v1-wallets-me-balance" => typed!(ap::Balance, |b| b.currency.is_some()),
            "post-auth-authenticate-client" => typed!(ap::account::ClientToken, |t| !t.token.is_empty()),
            "get-secure-prices" => typed!(Vec<ap::account::PriceRow>, |rows| !rows.is_empty()),
            "post-secure-check-tradeurl" => typed!(ap::account::TradeUrlCheck, |c| c.state >= 1),
            "get-v1-ledger-transactions" => typed!(ap::account::LedgerPage, |p| !p.items.is_empty()),
            "get-v1-ledger-transactions-transactionId" => {
                typed!(ap::account::LedgerTransaction, |t| !t.id.is_empty())
            }
            "post-callback" => {
                let callback: ap::account::Callback = serde_json::from_slice(&ex.body).map_err(|e| e.to_string())?;
                if callback.trade.items.is_empty() { Err("no items".into()) } else { Ok(()) }
            }
            other => Err(format!("no decoder for AssetPay endpoint {other}")),
        }
    };
    envelope(ex)
}

/// A non-2xx Mannco example must decode to a market error, never to "unreadable".
fn mannco_refusal<T: std::fmt::Debug>(result: Result<T, ManncoError>) -> Result<(), String> {
    match result {
        Err(ManncoError::Market { .. } | ManncoError::Unauthorized { .. } | ManncoError::RateLimited { .. }) => Ok(()),
        other => Err(format!("expected the market's refusal, got {other:?}")),
    }
}

fn check_mannco(ex: &Example) -> Result<(), String> {
    let ok = (200..300).contains(&ex.status);
    macro_rules! typed {
        ($t:ty, $check:expr) => {{
            let r = mannco::decode::<$t>(ex.status, &ex.body);
            if ok {
                let v = r.map_err(|e| e.to_string())?;
                let check: fn(&$t) -> bool = $check;
                if check(&v) { Ok(()) } else { Err(format!("decoded but not as sent: {v:?}")) }
            } else {
                mannco_refusal(r)
            }
        }};
    }
    let count = |v: &Value| v.as_array().map_or(0, Vec::len);
    match endpoint(&ex.name) {
        "get-inventory-onSale" | "get-inventory-onInventory" => {
            let sent = count(&ex.json["content"]["items"]);
            let r = mannco::decode::<mannco::Listing>(ex.status, &ex.body);
            if !ok {
                return mannco_refusal(r);
            }
            let listing = r.map_err(|e| e.to_string())?;
            if listing.items.len() != sent {
                return Err(format!("{} of {sent} rows", listing.items.len()));
            }
            if listing.items.iter().any(|r| r.quality.as_deref().is_some_and(|q| q.ends_with(';'))) {
                return Err("a trailing ; was kept".into());
            }
            Ok(())
        }
        "post-inventory-price" => typed!(Value, |_| true),
        "post-inventory-withdraw" => typed!(mannco::WithdrawResult, |w| w.updated > 0),
        "post-user-login" => typed!(market::Login, |l| !l.jwt.is_empty()),
        "get-user-balance" => typed!(market::BalanceContent, |b| b.balance.0 > 0),
        "get-user-infos" => typed!(market::Informations<market::UserInfo>, |u| !u.informations.steam_id.is_empty()),
        "get-item-details-slug" => typed!(market::Informations<market::ItemDetails>, |d| d.informations.id > 0),
        "get-item-prices" => typed!(Vec<market::PriceListEntry>, |rows| !rows.is_empty()),
        "get-item-pricing-bulk" | "get-item-pricing-id" => {
            let r = mannco::decode::<Value>(ex.status, &ex.body);
            if !ok {
                return mannco_refusal(r);
            }
            let rows = mannco::pricing_rows(&r.map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
            if rows.is_empty() || rows.iter().any(|p| p.lowest_listing().is_none() || p.suggested_price.is_none()) {
                return Err(format!("prices not read: {rows:?}"));
            }
            Ok(())
        }
        "get-item-salesGraph-id" => {
            let content = mannco::decode::<Value>(ex.status, &ex.body).map_err(|e| e.to_string())?;
            let points = mannco::history::sales_points(&content);
            if points.len() != count(&content["values"]) || !points.iter().any(|p| p.price.is_some()) {
                return Err(format!("points not read: {points:?}"));
            }
            Ok(())
        }
        "get-user-getSalesHistory"
        | "get-user-getSalesHistory-userid"
        | "get-user-getTransactionHistory"
        | "get-user-getPurchaseHistory" => {
            let content = mannco::decode::<Value>(ex.status, &ex.body).map_err(|e| e.to_string())?;
            let rows = mannco::history::sale_rows(&content);
            if rows.is_empty() || rows.iter().any(|r| r.price.is_none() || r.at.is_none() || r.name.is_empty()) {
                return Err(format!("rows not read: {rows:?}"));
            }
            Ok(())
        }
        "get-user-getBalanceHistory" | "get-user-getCashoutHistory" | "get-user-getCryptoDepositHistory" => {
            typed!(market::HistoryPage, |_| true)
        }
        "get-user-getSalesChartInfos"
        | "get-user-getSalesInfos"
        | "get-user-ipList"
        | "get-user-notifications"
        | "get-user-store-identifier"
        | "get-user-getTransactionDetails" => {
            typed!(serde_json::Map<String, Value>, |_| true)
        }
        "post-item-buyorder" | "post-item-buyorder-update" | "post-item-buyorder-remove" => {
            typed!(market::BuyOrderAnswer, |_| true)
        }
        "get-user-buyorder-item" => {
            typed!(market::Informations<market::BuyOrder>, |b| b.informations.timestamp.is_some())
        }
        "get-user-getBuyorder" => typed!(market::BuyOrderPage, |p| !p.values.is_empty()),
        "get-item-buyorderList-item" => {
            typed!(market::Informations<market::OrderBook>, |b| b
                .informations
                .0
                .windows(2)
                .all(|w| w[0].price >= w[1].price)
                && !b.informations.0.is_empty())
        }
        "get-item-listing-item" => typed!(market::SellBook, |_| true),
        "get-trades-active" | "get-trades-all" => {
            typed!(market::Trades, |t| !t.trades.is_empty() && t.trades.iter().all(|t| t.timestamp.is_some()))
        }
        "get-trade-resend" => typed!(market::Resend, |r| r.trade_id > 0),
        "post-deposit-trade" => typed!(market::DepositCreated, |d| d.id > 0),
        "get-deposit-tradeStatus-id" => typed!(market::DepositStatus, |_| true),
        "get-deposit-game" => typed!(Vec<market::DepositInfo>, |rows| rows.iter().all(|r| !r.asset_ids().is_empty())),
        "get-ws" => {
            let frame: market::StreamFrame = serde_json::from_slice(&ex.body).map_err(|e| e.to_string())?;
            if frame.data.id.is_some() { Ok(()) } else { Err("no id".into()) }
        }
        other => Err(format!("no decoder for Mannco endpoint {other}")),
    }
}

#[test]
fn every_documented_assetpay_body_decodes() {
    let failures: Vec<String> = examples("assetpay")
        .iter()
        .filter_map(|ex| check_assetpay(ex).err().map(|e| format!("{}: {e}", ex.name)))
        .collect();
    assert!(failures.is_empty(), "{} bodies not decoded:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_documented_mannco_body_decodes() {
    let failures: Vec<String> = examples("mannco")
        .iter()
        .filter_map(|ex| check_mannco(ex).err().map(|e| format!("{}: {e}", ex.name)))
        .collect();
    assert!(failures.is_empty(), "{} bodies not decoded:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_price_cap_is_read_from_either_wording() {
    for ex in examples("mannco").iter().filter(|e| e.name.contains("price-limit")) {
        let err = mannco::decode::<Value>(ex.status, &ex.body).unwrap_err();
        let max = match err.market_kind() {
            Some(mannco::MarketError::PriceLimitExceeded { max }) => *max,
            other => panic!("{}: {other:?}", ex.name),
        };
        assert!(max.is_some_and(|c| c.0 > 0), "{}: the maximum is read", ex.name);
    }
}

#[test]
fn one_bad_mannco_row_is_skipped_and_named() {
    let body = br#"{"err":false,"success":true,"content":{"items":[
        {"ids":"1","count":1,"item_id":7,"state":0,"name":"Key"},
        {"ids":"2","count":1,"item_id":"seven","state":0,"name":"Hat"},
        {"ids":"3","count":1,"item_id":8,"state":1,"price":150,"name":"Cap"}],"count":3}}"#;
    let listing: mannco::Listing = mannco::decode(200, body).unwrap();
    assert_eq!(listing.items.len(), 2);
    assert_eq!(listing.skipped.len(), 1);
    assert!(listing.skipped[0].starts_with("row 2 (ids \"2\"): item_id"), "{:?}", listing.skipped);
    // A malformed envelope still fails, naming what was wrong.
    let body = br#"{"err":false,"success":true,"content":{"items":"nope","count":3}}"#;
    assert!(matches!(mannco::decode::<mannco::Listing>(200, body), Err(ManncoError::InvalidResponse { .. })));
}

/// Every documented history shape becomes ledger entries with a name, a time and a price:
/// Mannco's sales and purchase histories (each reading), AssetPay's trade pages.
#[test]
fn every_history_shape_reaches_the_ledger() {
    use tradedeck::ledger::{Kind, import};
    let mut read = 0;
    for ex in examples("mannco").iter().filter(|e| (200..300).contains(&e.status)) {
        let kind = match endpoint(&ex.name) {
            "get-user-getSalesHistory" | "get-user-getSalesHistory-userid" => Kind::Sold,
            "get-user-getPurchaseHistory" => Kind::Bought,
            _ => continue,
        };
        let content = mannco::decode::<Value>(ex.status, &ex.body).unwrap();
        let entries = import::mannco_rows(&mannco::history::sale_rows(&content), "acct", kind);
        assert!(!entries.is_empty(), "{}", ex.name);
        for e in &entries {
            assert!(e.price.is_some() && e.at > 0 && !e.name.is_empty(), "{}: {e:?}", ex.name);
            assert_eq!(e.credit.is_some(), kind == Kind::Sold, "{}: a sale's credit, a purchase's none", ex.name);
        }
        read += 1;
    }
    for ex in examples("assetpay").iter().filter(|e| (200..300).contains(&e.status)) {
        if !matches!(endpoint(&ex.name), "get-client-trades" | "get-secure-trades") {
            continue;
        }
        let page = ap::decode_envelope::<ap::TradePage>(ex.status, None, &ex.body).unwrap();
        let entries = import::assetpay_rows(&page.items, "acct", ap::Game::Cs2);
        let items: usize = page.items.iter().map(|t| t.items.len()).sum();
        assert_eq!(entries.len(), items, "{}: one entry per traded item", ex.name);
        assert!(entries.iter().all(|e| e.kind == Kind::SoldToAssetpay && e.status.is_some()), "{}", ex.name);
        read += 1;
    }
    assert!(read >= 6, "the history examples were found: {read}");
}
