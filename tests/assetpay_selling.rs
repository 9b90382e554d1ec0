//! Selling to AssetPay against a loopback market written here from the trading contract: one
//! trade per externalId, EXTERNAL_ID_EXISTS on a repeat, answers lost after the sale was
//! made. Whatever is lost, a basket becomes exactly one trade and the outcome says how it was
//! established.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Response, Uri};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tradedeck::api::assetpay::trades::SellFailure;
use tradedeck::api::assetpay::{AssetPayClient, Auth, ErrorKey, Game, SellLine, TradeStatus, TradeUrl};
use tradedeck::api::retry::RetryPolicy;
use tradedeck::money::Usd;
use tradedeck::secret::Secret;
use tradedeck::trade::sell::{self, Established, SellOutcome};

/// What the market does with the next sales, in order; afterwards it answers normally.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fault {
    /// Makes the trade, then answers 500 without an envelope.
    ErrorOnceSold,
    /// Makes the trade, then cuts the answer off.
    CutOnceSold,
    /// Answers 500 without making the trade.
    ErrorUnsold,
    /// Answers 503 FLEET_DEGRADED without making the trade: try again shortly.
    Degraded,
    /// Makes the trade, then answers with one that carries another sale's reference.
    OtherReference,
    /// Makes the trade, then answers with its items left out.
    NoItems,
    /// Makes the trade, then answers with a total far under the one sent.
    LowTotal,
    /// Makes the trade, and it has already failed.
    AlreadyFailed,
}

#[derive(Default)]
struct Market {
    /// externalId → trade.
    trades: Vec<Value>,
    faults: Vec<Fault>,
    /// (method, path, body, headers) of every request.
    seen: Vec<(Method, String, Value, HeaderMap)>,
    /// The offer each item sells at now.
    offers: std::collections::HashMap<String, f64>,
}

fn envelope(data: Value) -> Response<Body> {
    Response::new(Body::from(json!({"requestId": "r", "success": true, "data": data}).to_string()))
}

fn error(status: u16, code: i64, key: &str, details: Value) -> Response<Body> {
    let body = json!({"requestId": "r", "success": false, "error": {"code": code, "key": key, "message": key, "details": details}});
    Response::builder().status(status).body(Body::from(body.to_string())).unwrap()
}

fn handle(market: &mut Market, method: &Method, path: &str, body: &Value) -> Response<Body> {
    match (method, path) {
        (&Method::POST, "/secure/sell" | "/client/trading/deposit") => {
            let external_id = body["externalId"].as_str().unwrap_or_default().to_string();
            if market.trades.iter().any(|t| t["externalId"] == external_id.as_str()) {
                return error(409, 1, "EXTERNAL_ID_EXISTS", Value::Null);
            }
            let items = body["items"].as_array().cloned().unwrap_or_default();
            for item in &items {
                let id = item["itemId"].as_str().unwrap_or_default();
                if market.offers.get(id).is_some_and(|now| Some(*now) != item["price"].as_f64()) {
                    return error(409, 11, "PRICE_CHANGED", Value::Null);
                }
            }
            let fault = (!market.faults.is_empty()).then(|| market.faults.remove(0));
            if fault == Some(Fault::Degraded) {
                return error(503, 1011, "FLEET_DEGRADED", Value::Null);
            }
            if fault == Some(Fault::ErrorUnsold) {
                return Response::builder().status(500).body(Body::from("Internal Server Error")).unwrap();
            }
            let total: f64 = items.iter().map(|i| i["price"].as_f64().unwrap_or(0.0)).sum();
            let trade = json!({
                "id": format!("trade-{}", market.trades.len() + 1),
                "externalId": external_id,
                "status": "initiated",
                "type": "deposit",
                "items": items.iter().map(|i| json!({"id": i["itemId"], "appid": 730, "tradable": true, "offer": {"price": i["price"]}})).collect::<Vec<_>>(),
                "totalPrice": total,
                "preCredit": total,
                "isInstant": body["isInstant"],
                "createdAt": "2026-11-23T10:00:00.000Z",
            });
            let mut trade = trade;
            if fault == Some(Fault::AlreadyFailed) {
                trade["status"] = json!("failed");
                trade["error"] = json!("the offer was declined by Steam");
            }
            if fault == Some(Fault::LowTotal) {
                trade["totalPrice"] = json!(0.01);
            }
            market.trades.push(trade.clone());
            match fault {
                Some(Fault::OtherReference) => {
                    let mut other = trade;
                    other["externalId"] = json!("someone-elses-sale");
                    other["items"] = json!([{"id": "item-zzzzz", "offer": {"price": 99.0}}]);
                    envelope(other)
                }
                Some(Fault::NoItems) => {
                    let mut bare = trade;
                    bare["items"] = json!([]);
                    envelope(bare)
                }

                Some(Fault::ErrorOnceSold) => {
                    Response::builder().status(500).body(Body::from("<html>oops</html>")).unwrap()
                }
                Some(Fault::CutOnceSold) => {
                    // Headers go out, then the body breaks: the answer is lost mid-way.
                    let broken = futures::stream::iter(vec![
                        Ok(Bytes::from_static(b"{\"requestId\":\"r\",\"success\":tr")),
                        Err(std::io::Error::other("connection reset")),
                    ]);
                    Response::new(Body::from_stream(broken))
                }
                _ => envelope(trade),
            }
        }
        (&Method::GET, "/client/trades" | "/secure/trades") => {
            let newest_first: Vec<Value> = market.trades.iter().rev().cloned().collect();
            envelope(json!({"items": newest_first, "nextCursor": null}))
        }
        (&Method::GET, p) if p.starts_with("/secure/trades/") => {
            let refs: Vec<&str> = p["/secure/trades/".len()..].split(',').collect();
            let found: Vec<Value> = market
                .trades
                .iter()
                .filter(|t| refs.iter().any(|r| t["id"] == *r || t["externalId"] == *r))
                .cloned()
                .collect();
            match (refs.len(), found.first()) {
                (1, Some(trade)) => envelope(trade.clone()),
                (1, None) => error(404, 21, "TRADE_NOT_FOUND", Value::Null),
                _ => envelope(Value::Array(found)),
            }
        }
        (&Method::GET, "/v1/wallets/me/balance") => {
            envelope(json!({"balance": 12.5, "pendingBalance": 3.25, "escrowBalance": 100.0, "currency": "USD"}))
        }
        _ => error(404, 1003, "NOT_FOUND", Value::Null),
    }
}

struct Server {
    url: String,
    market: Arc<Mutex<Market>>,
}

impl Server {
    fn sells(&self) -> Vec<Value> {
        let market = self.market.lock().unwrap();
        market.seen.iter().filter(|(m, ..)| m == Method::POST).map(|(_, _, body, _)| body.clone()).collect()
    }

    fn trades(&self) -> Vec<Value> {
        self.market.lock().unwrap().trades.clone()
    }
}

async fn serve(faults: &[Fault]) -> Server {
    let market = Arc::new(Mutex::new(Market { faults: faults.to_vec(), ..Default::default() }));
    let shared = market.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
        let market = shared.clone();
        async move {
            let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let mut market = market.lock().unwrap();
            market.seen.push((method.clone(), uri.path().to_string(), body.clone(), headers));
            handle(&mut market, &method, uri.path(), &body)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server { url, market }
}

fn client(server: &Server, merchant: bool) -> AssetPayClient {
    let auth = if merchant {
        let trade_url =
            TradeUrl::parse("https://steamcommunity.com/tradeoffer/new/?partner=123456&token=AbCd12_-").unwrap();
        Auth::Secure { api_key: Secret::new("ap_test_key"), trade_url }
    } else {
        Auth::Client { token: Secret::new("client-token") }
    };
    AssetPayClient::new(tradedeck::api::http_client(), &server.url, auth).with_retry_policy(RetryPolicy::FAST)
}

fn basket() -> Vec<SellLine> {
    ["item-aaaaa", "item-bbbbb", "item-ccccc"]
        .iter()
        .zip([525, 1999, 3])
        .map(|(id, cents)| SellLine { item_id: id.to_string(), price: Usd::from_cents(cents), amount: None })
        .collect()
}

#[tokio::test]
async fn a_sale_sends_what_the_contract_asks_and_answers_with_its_trade() {
    let server = serve(&[]).await;
    let sale = sell::sale(basket(), Game::Cs2, false);
    assert_eq!(sell::total(&sale), Usd::from_cents(525 + 1999 + 3));
    let SellOutcome::Sold { trade, how } = sell::sell(&client(&server, true), &sale).await else { panic!() };
    assert_eq!((how, trade.status.clone()), (Established::Answered, TradeStatus::Initiated));
    assert_eq!(trade.external_id.as_deref(), Some(sale.external_id.as_str()));
    assert_eq!(trade.total_price, Some(Usd::from_cents(2527)));
    let sent = &server.sells()[0];
    assert_eq!(sent["isInstant"], json!(false), "isInstant is always explicit");
    assert_eq!(sent["game"], json!("730"));
    assert_eq!(sent["items"][0], json!({"itemId": "item-aaaaa", "price": 5.25}), "prices as the offers were sent");
    assert!(sent["tradeUrl"].as_str().is_some_and(|u| u.contains("partner=123456")));
    assert!(uuid::Uuid::parse_str(&sale.external_id).is_ok(), "a UUID: {}", sale.external_id);
    // A client token deposits, with no trade URL.
    let server = serve(&[]).await;
    let sale = sell::sale(basket(), Game::Rust, true);
    assert!(matches!(sell::sell(&client(&server, false), &sale).await, SellOutcome::Sold { .. }));
    let seen = server.market.lock().unwrap().seen[0].clone();
    assert_eq!(seen.1, "/client/trading/deposit");
    assert_eq!((seen.2.get("tradeUrl"), &seen.2["isInstant"], &seen.2["game"]), (None, &json!(true), &json!("252490")));
    assert_eq!(seen.3.get("authorization").unwrap(), "client-token");
}

#[tokio::test]
async fn an_error_after_the_sale_was_made_is_resolved_by_the_resend_and_the_lookup() {
    // Merchant key: the resend meets EXTERNAL_ID_EXISTS, the lookup by reference finds it.
    let server = serve(&[Fault::ErrorOnceSold]).await;
    let sale = sell::sale(basket(), Game::Cs2, false);
    let outcome = sell::sell(&client(&server, true), &sale).await;
    let SellOutcome::Sold { trade, how } = outcome else { panic!("{outcome:?}") };
    assert_eq!(how, Established::LookedUp);
    assert_eq!(server.trades().len(), 1, "one basket, one trade");
    assert_eq!(trade.id, "trade-1");
    let sells = server.sells();
    assert_eq!(sells.len(), 2, "sent once, resent once, never a third time");
    assert_eq!(sells[0], sells[1], "the resend is the identical body, same externalId");
}

#[tokio::test]
async fn a_dropped_answer_with_a_client_token_is_found_in_the_trade_history() {
    let server = serve(&[Fault::CutOnceSold]).await;
    let sale = sell::sale(basket(), Game::Cs2, false);
    let outcome = sell::sell(&client(&server, false), &sale).await;
    let SellOutcome::Sold { trade, how } = outcome else { panic!("{outcome:?}") };
    assert_eq!(how, Established::LookedUp);
    assert_eq!(trade.external_id.as_deref(), Some(sale.external_id.as_str()));
    assert_eq!(server.trades().len(), 1);
    let paths: Vec<String> = server.market.lock().unwrap().seen.iter().map(|s| s.1.clone()).collect();
    assert!(paths.contains(&"/client/trades".to_string()), "{paths:?}");
    assert!(!paths.iter().any(|p| p.starts_with("/secure")), "a client token never calls /secure: {paths:?}");
}

#[tokio::test]
async fn an_error_before_the_sale_was_made_is_resolved_by_the_resend() {
    let server = serve(&[Fault::ErrorUnsold]).await;
    let sale = sell::sale(basket(), Game::Cs2, false);
    let outcome = sell::sell(&client(&server, true), &sale).await;
    assert!(matches!(outcome, SellOutcome::Sold { how: Established::Resent, .. }), "{outcome:?}");
    assert_eq!(server.trades().len(), 1);
}

#[tokio::test]
async fn under_drops_and_errors_every_basket_is_one_trade() {
    let faults = [Fault::CutOnceSold, Fault::ErrorOnceSold, Fault::ErrorUnsold, Fault::CutOnceSold];
    let server = serve(&faults).await;
    let client = client(&server, true);
    let mut ids = vec![];
    for _ in 0..6 {
        let sale = sell::sale(basket(), Game::Cs2, false);
        let outcome = sell::sell(&client, &sale).await;
        assert!(matches!(outcome, SellOutcome::Sold { .. }), "{outcome:?}");
        ids.push(sale.external_id);
    }
    let trades = server.trades();
    assert_eq!(trades.len(), 6, "one trade per basket");
    let mut seen: Vec<&str> = trades.iter().map(|t| t["externalId"].as_str().unwrap()).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 6, "no externalId twice");
}

#[tokio::test]
async fn a_changed_offer_is_refused_once_and_never_resent() {
    let server = serve(&[]).await;
    server.market.lock().unwrap().offers.insert("item-bbbbb".into(), 18.5);
    let sale = sell::sale(basket(), Game::Cs2, false);
    let outcome = sell::sell(&client(&server, true), &sale).await;
    let SellOutcome::Refused(failure) = outcome else { panic!("{outcome:?}") };
    assert_eq!(failure.key(), Some(&ErrorKey::PriceChanged));
    assert!(failure.to_string().contains("nothing was sold"), "{failure}");
    assert_eq!(server.sells().len(), 1, "a definitive refusal is sent once");
    assert!(server.trades().is_empty());
}

#[tokio::test]
async fn a_sale_outside_the_contract_is_refused_before_sending() {
    let server = serve(&[]).await;
    let client = client(&server, true);
    let too_many: Vec<SellLine> = (0..251)
        .map(|i| SellLine { item_id: format!("item-{i:05}"), price: Usd::from_cents(100), amount: None })
        .collect();
    let free = vec![SellLine { item_id: "item-zzzzz".into(), price: Usd::ZERO, amount: None }];
    for lines in [vec![], too_many, free] {
        let outcome = sell::sell(&client, &sell::sale(lines, Game::Cs2, false)).await;
        assert!(matches!(outcome, SellOutcome::Refused(SellFailure::NotSent(_))), "{outcome:?}");
    }
    assert!(server.sells().is_empty());
}

#[tokio::test]
async fn trades_by_reference_batch_and_skip_the_unknown_and_the_wallet_reads() {
    let server = serve(&[]).await;
    let client = client(&server, true);
    let sale = sell::sale(basket(), Game::Cs2, false);
    sell::sell(&client, &sale).await;
    let found = client.trades_by_ref(&[sale.external_id.clone(), "nope".into()]).await.unwrap();
    assert_eq!(found.len(), 1);
    assert!(client.trades_by_ref(&["nope".into()]).await.unwrap().is_empty(), "TRADE_NOT_FOUND is no trade");
    let balance = client.balance().await.unwrap();
    assert_eq!(
        (balance.balance, balance.pending_balance, balance.escrow_balance),
        (Usd::from_cents(1250), Usd::from_cents(325), Usd::from_cents(10000))
    );
}

#[tokio::test]
async fn a_degraded_fleet_is_waited_out_with_the_same_reference() {
    let server = serve(&[Fault::Degraded]).await;
    let sale = sell::sale(basket(), Game::Cs2, false);
    let outcome = sell::sell(&client(&server, true), &sale).await;
    assert!(matches!(outcome, SellOutcome::Sold { how: Established::Answered, .. }), "{outcome:?}");
    let sells = server.sells();
    assert_eq!(sells.len(), 2);
    assert_eq!(sells[0]["externalId"], sells[1]["externalId"]);
    assert_eq!(server.trades().len(), 1);
}

/// An answer that is not this sale is never taken as sold: another reference, no items, a
/// total far under the one confirmed. The trade is looked up by the sale's reference instead;
/// and a trade that already failed is reported as failed.
#[tokio::test]
async fn an_answer_that_is_not_this_sale_is_never_sold() {
    for fault in [Fault::OtherReference, Fault::NoItems] {
        let server = serve(&[fault]).await;
        let sale = sell::sale(basket(), Game::Cs2, false);
        // The look-up by reference finds the real trade: established by looking, not by the answer.
        match sell::sell(&client(&server, true), &sale).await {
            SellOutcome::Sold { how, trade } => {
                assert_eq!(how, Established::LookedUp, "{fault:?}");
                assert_eq!(trade.items.len(), 3, "{fault:?}");
            }
            other => panic!("{fault:?}: {other:?}"),
        }
    }
    // A trade whose total is far under the one confirmed, in the answer and in the look-up:
    // not called sold.
    let server = serve(&[Fault::LowTotal]).await;
    let sale = sell::sale(basket(), Game::Cs2, false);
    let outcome = sell::sell(&client(&server, true), &sale).await;
    assert!(!matches!(outcome, SellOutcome::Sold { .. }), "{outcome:?}");
    let server = serve(&[Fault::AlreadyFailed]).await;
    let sale = sell::sale(basket(), Game::Cs2, false);
    match sell::sell(&client(&server, true), &sale).await {
        SellOutcome::Refused(failure) => {
            assert!(failure.to_string().contains("failed: the offer was declined"), "{failure}")
        }
        other => panic!("{other:?}"),
    }
}
