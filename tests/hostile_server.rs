//! tradedeck against markets that lie, stall, redirect, flood and echo secrets: small loopback
//! servers written here, one behaviour each, independent of the project's simulator.

mod common;

use axum::body::{Body, Bytes};
use axum::http::{Method, Response, Uri};
use serde_json::json;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use tradedeck::api::assetpay::{AssetPayClient, AssetPayError, Auth, InventoryQuery, Limit, TradeUrl};
use tradedeck::api::mannco::{ManncoClient, ManncoError};
use tradedeck::api::retry::RetryPolicy;
use tradedeck::journal::{Journal, Outcome};
use tradedeck::money::Cents;
use tradedeck::secret::Secret;
use tradedeck::trade::execute;
use tradedeck::trade::pricing::{Plan, PriceCall};

/// One request as the hostile server saw it.
#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    path: String,
    body: String,
}

type Handler = Arc<dyn Fn(&Seen) -> Response<Body> + Send + Sync>;

struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn posts(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.method == Method::POST && r.path == path).count()
    }
}

async fn serve(handler: impl Fn(&Seen) -> Response<Body> + Send + Sync + 'static) -> Server {
    let handler: Handler = Arc::new(handler);
    let seen = Arc::new(Mutex::new(vec![]));
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, body: Bytes| {
        let (handler, log) = (handler.clone(), log.clone());
        async move {
            let request = Seen { method, path: uri.path().to_string(), body: String::from_utf8_lossy(&body).into() };
            log.lock().unwrap().push(request.clone());
            handler(&request)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server { url, seen }
}

fn respond(status: u16, body: serde_json::Value) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn redirect(status: u16, to: &str) -> Response<Body> {
    Response::builder().status(status).header("location", to).body(Body::empty()).unwrap()
}

fn ok(content: serde_json::Value) -> Response<Body> {
    respond(200, json!({"err": false, "success": true, "content": content}))
}

const ASSET: u64 = 7_000_001;
const JWT: &str = "hostile-test-jwt-0123456789";

/// A Mannco account holding one hat, with what it is listed at (None: unlisted).
#[derive(Default)]
struct Account {
    listed: Option<i64>,
    /// Lists read after the price call come back empty.
    empty_after_post: bool,
    posted: bool,
    balance: i64,
}

fn account_lists(account: &Account, path: &str) -> Option<Response<Body>> {
    let row = |state: u8, price: Option<i64>| {
        json!({"ids": ASSET.to_string(), "count": 1, "item_id": 3780, "game": 440, "state": state,
               "price": price, "name": "Team Captain", "type": "Hat"})
    };
    let hide = account.empty_after_post && account.posted;
    match path {
        "/inventory/onSale" => {
            let items: Vec<_> = account.listed.filter(|_| !hide).map(|p| row(1, Some(p))).into_iter().collect();
            Some(ok(json!({"items": items, "count": items.len()})))
        }
        "/inventory/onInventory" => {
            let items: Vec<_> = if hide || account.listed.is_some() { vec![] } else { vec![row(0, None)] };
            Some(ok(json!({"items": items, "count": items.len()})))
        }
        "/user/balance" => Some(ok(json!({"balance": account.balance}))),
        "/item/pricing/bulk" => Some(ok(json!({"total_items": 1, "cached_items": 0, "refreshed_items": 1, "items": [
            {"item_id": 3780, "from_cache": false, "last_updated": "2026-07-01 11:59:59", "pricing": {
                "lowest_sale_price": 160, "lowest_buy_order": null, "steam_price": 170, "suggested_price": 155,
                "last_sale": null}}]}))),
        _ => None,
    }
}

/// A market whose price endpoint answers with `answer` after (optionally) applying the price.
async fn mannco_market(
    account: Account,
    applies: bool,
    answer: fn() -> Response<Body>,
) -> (Server, Arc<Mutex<Account>>) {
    let account = Arc::new(Mutex::new(account));
    let state = account.clone();
    let server = serve(move |r| {
        let mut a = state.lock().unwrap();
        if r.method == Method::POST && r.path == "/inventory/price" {
            a.posted = true;
            if applies {
                let body: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
                a.listed = body["price"].as_i64();
            }
            return answer();
        }
        account_lists(&a, &r.path).unwrap_or_else(|| respond(404, json!({"err": true, "success": false})))
    })
    .await;
    (server, account)
}

fn mannco(server: &Server) -> ManncoClient {
    ManncoClient::new(tradedeck::api::http_client(), &server.url, Some(Secret::new(JWT)), None)
        .with_retry_policy(RetryPolicy::FAST)
}

/// Prices the hat at $1.50 through the engine; every report, and the journal's last word.
async fn price_hat(server: &Server) -> (Vec<Result<(), ManncoError>>, Option<Outcome>) {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("j.jsonl")).unwrap();
    let plan = Plan { calls: vec![PriceCall { price: Cents(150), ids: vec![ASSET] }], names: Default::default() };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    execute::submit_prices(&mannco(server), &journal, plan, &tx).await;
    drop(tx);
    let mut results = vec![];
    while let Some(report) = rx.recv().await {
        results.push(report.result);
    }
    let (entries, _) = Journal::read(journal.path()).unwrap();
    (results, entries.first().and_then(|e| e.outcomes.last().cloned()))
}

#[tokio::test]
async fn an_applied_price_answered_500_in_the_envelope_is_reconciled_not_resent() {
    let (server, account) = mannco_market(Account::default(), true, || {
        respond(500, json!({"err": true, "success": false, "content": "Internal error"}))
    })
    .await;
    let (results, last) = price_hat(&server).await;
    assert_eq!(server.posts("/inventory/price"), 1, "sent once only");
    assert_eq!(results, vec![Ok(())], "re-reading shows it listed at $1.50");
    assert!(matches!(last, Some(Outcome::Reconciled { ref done, .. }) if done == &[ASSET]), "{last:?}");
    assert_eq!(account.lock().unwrap().listed, Some(150));
}

#[tokio::test]
async fn a_contradictory_envelope_is_never_a_failure_nor_a_success_on_its_word() {
    let (server, _) = mannco_market(Account::default(), true, ok_with_err).await;
    let (results, last) = price_hat(&server).await;
    assert_eq!(server.posts("/inventory/price"), 1);
    assert_eq!(results, vec![Ok(())], "applied, as the lists prove");
    assert!(matches!(last, Some(Outcome::Reconciled { .. })), "not recorded failed: {last:?}");
}

fn ok_with_err() -> Response<Body> {
    respond(200, json!({"err": true, "success": true, "content": "Items updated"}))
}

#[tokio::test]
async fn a_redirected_price_call_is_not_followed_and_never_recorded_done() {
    let elsewhere = serve(|_| respond(200, json!({"err": false, "success": true, "content": {}}))).await;
    let target: &'static str = Box::leak(format!("{}/inventory/price", elsewhere.url).into_boxed_str());
    let account = Arc::new(Mutex::new(Account::default()));
    let state = account.clone();
    let server = serve(move |r| {
        let a = state.lock().unwrap();
        if r.method == Method::POST {
            return redirect(302, target);
        }
        account_lists(&a, &r.path).unwrap()
    })
    .await;
    let (results, last) = price_hat(&server).await;
    assert!(elsewhere.requests().is_empty(), "the redirect was followed: {:?}", elsewhere.requests());
    // Re-read after each redirect, the hat is not listed: proven not applied, never done.
    assert!(results.iter().all(|r| matches!(r, Err(ManncoError::NotApplied(_)))), "{results:?}");
    assert!(!matches!(last, Some(Outcome::Done)), "{last:?}");
    assert_eq!(account.lock().unwrap().listed, None);
}

#[tokio::test]
async fn items_gone_from_an_empty_read_after_a_lost_answer_are_not_called_priced() {
    let account = Account { empty_after_post: true, ..Default::default() };
    let (server, _) = mannco_market(account, false, || respond(200, json!("<html>proxy</html>"))).await;
    let (results, last) = price_hat(&server).await;
    assert_eq!(server.posts("/inventory/price"), 1, "gone items are never resent");
    assert!(
        matches!(&results[..], [Err(ManncoError::OutcomeUnknown(why))] if why.contains("neither list")),
        "{results:?}"
    );
    assert!(
        matches!(last, Some(Outcome::Reconciled { ref done, ref gone, .. }) if done.is_empty() && gone == &[ASSET])
    );
}

#[tokio::test]
async fn a_redirect_never_carries_a_credential_to_another_origin() {
    let elsewhere = serve(|_| respond(200, json!({}))).await;
    for status in [301, 302, 307, 308] {
        let target = format!("{}/stolen", elsewhere.url);
        let server = serve(move |_| redirect(status, &target)).await;
        let key = Secret::new("ap_hostile_key_0123456789");
        let trade_url = TradeUrl::parse("https://steamcommunity.com/tradeoffer/new/?partner=1&token=abcdEFGH").unwrap();
        let assetpay =
            AssetPayClient::new(tradedeck::api::http_client(), &server.url, Auth::Secure { api_key: key, trade_url })
                .with_retry_policy(RetryPolicy::FAST);
        let err = assetpay.inventory(&InventoryQuery::default()).await.unwrap_err();
        assert!(matches!(&err, AssetPayError::Redirected(to) if to.contains(&elsewhere.url)), "{err}");
        let login = ManncoClient::new(
            tradedeck::api::http_client(),
            &server.url,
            None,
            Some(Secret::new("mannco-key-0123456789")),
        )
        .with_retry_policy(RetryPolicy::FAST);
        let err = login.on_sale().await.unwrap_err();
        assert!(err.to_string().contains("redirect"), "{err}");
    }
    assert!(elsewhere.requests().is_empty(), "a request reached the other origin: {:?}", elsewhere.requests());
}

#[tokio::test]
async fn floods_stop_at_the_limits() {
    // An endless answer, a compression bomb and one giant item: each ends in a clear error.
    let endless = serve(|_| {
        let chunk = Bytes::from(vec![b' '; 1 << 16]);
        let stream = futures::stream::repeat_with(move || Ok::<_, std::io::Error>(chunk.clone()));
        Response::builder().status(200).body(Body::from_stream(stream)).unwrap()
    })
    .await;
    let err = mannco(&endless).on_sale().await.unwrap_err();
    assert!(matches!(err, ManncoError::TooLarge(_)), "{err}");

    let giant_item = serve(|_| {
        let name = "x".repeat(2 << 20);
        respond(200, json!({"success": true, "data": {"inventory": [{"id": "1", "name": name}], "count": 1}}))
    })
    .await;
    let client = AssetPayClient::new(
        tradedeck::api::http_client(),
        &giant_item.url,
        Auth::Client { token: Secret::new("client-token-hostile-1") },
    )
    .with_retry_policy(RetryPolicy::NONE);
    let err = client.inventory(&InventoryQuery { limit: Limit::All, ..Default::default() }).await.unwrap_err();
    assert!(err.to_string().contains("larger than 256 KiB"), "{err}");

    let billion =
        serve(|_| respond(200, json!({"success": true, "data": {"inventory": [], "count": 1_000_000_000u64}}))).await;
    let client = AssetPayClient::new(
        tradedeck::api::http_client(),
        &billion.url,
        Auth::Client { token: Secret::new("client-token-hostile-2") },
    );
    let err =
        client.inventory_all(&InventoryQuery { limit: Limit::PerPage(1), ..Default::default() }).await.unwrap_err();
    assert!(err.to_string().contains("more than 1000 pages"), "{err}");
    assert_eq!(billion.requests().len(), 1, "no paging through a claimed billion");
}

/// The real binary against a hostile Mannco: output, secrets and exit codes.
async fn tradedeck(server: &Server, home: &std::path::Path, args: &[&str], stdout: Stdio) -> std::process::Output {
    common::tradedeck_in(home)
        .args(args)
        .env("MANNCO_API_URL", &server.url)
        .env("MANNCO_TOKEN", JWT)
        .env("RUST_LOG", "trace")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .await
        .unwrap()
}

#[tokio::test]
async fn hostile_text_never_reaches_the_terminal_raw_nor_a_secret_anywhere() {
    let evil = "Evil\u{1b}]0;owned\u{7}\r\nforged | row\u{9b}2J\u{202E}kcah";
    let server = serve(move |r| match r.path.as_str() {
        "/inventory/onInventory" => {
            ok(json!({"items": [{"ids": "1", "count": 1, "item_id": 1, "state": 0, "name": evil,
            "effect": evil, "type": "Hat"}], "count": 1}))
        }
        _ => respond(403, json!({"err": true, "success": false, "content": format!("bad token {JWT}")})),
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let out = tradedeck(&server, home.path(), &["mannco", "inventory"], Stdio::piped()).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.chars().any(|c| c != '\n' && tradedeck::sanitize::is_unsafe(c)), "{text:?}");
    assert_eq!(text.lines().count(), 4, "header, one row, blank, summary: no forged row\n{text}");
    let out = tradedeck(&server, home.path(), &["mannco", "on-sale"], Stdio::piped()).await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let log = std::fs::read_to_string(home.path().join("data/tradedeck/tradedeck.log")).unwrap();
    assert!(stderr.contains("[redacted]"), "{stderr}");
    for (what, content) in [("stderr", stderr.as_ref()), ("log", log.as_str())] {
        assert!(!content.contains(JWT), "the token reached the {what}");
    }
}

#[tokio::test]
async fn a_closed_stdout_after_pricing_is_no_panic_and_the_exit_status_is_true() {
    let (server, account) = mannco_market(Account::default(), true, || ok(json!({}))).await;
    let home = tempfile::tempdir().unwrap();
    let args = ["mannco", "price", "--ids", "7000001", "--price", "1.50", "--yes"];
    // The reader goes away before tradedeck writes anything: every write to stdout fails.
    let mut child = common::tradedeck_in(home.path())
        .args(args)
        .env("MANNCO_API_URL", &server.url)
        .env("MANNCO_TOKEN", JWT)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(account.lock().unwrap().listed, Some(150));
    // Gone from both lists with the balance unmoved: not called sold, and not a success.
    let (server, _) =
        mannco_market(Account { empty_after_post: true, ..Default::default() }, true, || ok(json!({}))).await;
    let out = tradedeck(&server, home.path(), &args, Stdio::piped()).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(!text.contains("sold into a buy order") && text.contains("outcome not proven"), "{text}");
}

#[tokio::test]
async fn an_unwritable_data_directory_only_turns_logging_off() {
    let server = serve(|r| account_lists(&Account::default(), &r.path).unwrap()).await;
    let home = tempfile::tempdir().unwrap();
    // A file where the data directory should be: nothing can be created under it, even by root.
    std::fs::write(home.path().join("data"), "not a directory").unwrap();
    let out = tradedeck(&server, home.path(), &["mannco", "inventory"], Stdio::piped()).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("logging is off"));
}

#[tokio::test]
async fn a_call_proven_not_applied_says_so_in_the_markets_words() {
    let paused =
        || respond(503, json!({"err": true, "success": false, "content": "Listing is paused for maintenance"}));
    let (server, account) = mannco_market(Account::default(), false, paused).await;
    let home = tempfile::tempdir().unwrap();
    let out = tradedeck(
        &server,
        home.path(),
        &["mannco", "price", "--ids", "7000001", "--price", "1.50", "--yes"],
        Stdio::piped(),
    )
    .await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("not applied: Listing is paused for maintenance"), "{text}");
    assert!(!text.contains("may have been applied") && !text.contains("unknown"), "{text}");
    assert_eq!(account.lock().unwrap().listed, None);
    // Sent once, then again after each re-read proved it not applied: never more.
    assert_eq!(server.posts("/inventory/price"), 3);
    let all = format!("{text}{}", String::from_utf8_lossy(&out.stderr));
    for prefix in ["not applied: not applied", "outcome unknown: outcome unknown", "failed: failed"] {
        assert!(!all.to_lowercase().contains(prefix), "{all}");
    }
}

#[tokio::test]
async fn a_trade_hold_the_market_named_refuses_before_sending_in_the_next_run() {
    let locked =
        || respond(300, json!({"err": true, "success": false, "content": "This item will be locked for 7 days"}));
    let (server, _account) = mannco_market(Account::default(), false, locked).await;
    let home = tempfile::tempdir().unwrap();
    let args = ["mannco", "price", "--ids", "7000001", "--price", "1.50", "--yes"];
    let out = tradedeck(&server, home.path(), &args, Stdio::piped()).await;
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(server.posts("/inventory/price"), 1);
    let out = tradedeck(&server, home.path(), &args, Stdio::piped()).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("trade hold until"), "the hold and the day it ends: {text}");
    assert_eq!(server.posts("/inventory/price"), 1, "nothing more was sent");
}
