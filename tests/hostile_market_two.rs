//! The second hostile-market suite: one scenario per class of harm, each against a small
//! loopback market written here (`common::hostile`), most through the real binary as a trader
//! runs it.
//!
//! 1. a number from the market or a file never crashes a call;
//! 2. a record never lies, even with two tradedeck processes on one journal;
//! 3. an answer that is not this sale is never reported as sold;
//! 4. nothing the market writes is injected into a terminal or a spreadsheet;
//! 5. nothing in the background holds the trader, and refused logins stop a run;
//! 6. local files cannot grow without bound.

mod common;

use axum::http::Method;
use common::hostile::*;
use serde_json::json;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use tradedeck::journal::{Journal, Outcome};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every journal tradedeck wrote under `home`.
fn journals(home: &std::path::Path) -> Vec<std::path::PathBuf> {
    let dir = home.join("data/tradedeck/journals");
    let Ok(read) = std::fs::read_dir(dir) else { return vec![] };
    read.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "jsonl")).collect()
}

fn rate_limited_for_ever() -> axum::http::Response<axum::body::Body> {
    axum::http::Response::builder()
        .status(429)
        .header("retry-after", "18446744073709551615")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(r#"{"err":true,"success":false,"message":"slow down"}"#))
        .unwrap()
}

/// 1. Numbers: a `Retry-After` of u64::MAX on every read and on the money call, and a
/// `min_interval` of a billion days, each end in a message, never a panic, and the money call
/// gets an outcome in the journal.
#[tokio::test]
async fn a_number_from_the_market_or_a_file_never_crashes_a_call() {
    let account = Arc::new(Mutex::new(Account::default()));
    let reads_limited = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let (state, limited) = (account.clone(), reads_limited.clone());
    let server = serve(move |r| match (&r.method, r.path.as_str()) {
        (&Method::POST, _) => rate_limited_for_ever(),
        (_, "/inventory/onSale") if limited.load(std::sync::atomic::Ordering::SeqCst) => rate_limited_for_ever(),
        _ => account_lists(&state.lock().unwrap(), &r.path).unwrap_or_else(rate_limited_for_ever),
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let read = tradedeck(&server, home.path(), &["mannco", "on-sale"], Stdio::piped()).await;
    assert_eq!(read.status.code(), Some(1), "{}", text(&read.stderr));
    assert!(!text(&read.stderr).contains("panicked"), "{}", text(&read.stderr));
    reads_limited.store(false, std::sync::atomic::Ordering::SeqCst);
    let args = ["mannco", "price", "--ids", &ASSET.to_string(), "--price", "1.50", "--yes"];
    let price = tradedeck(&server, home.path(), &args, Stdio::piped()).await;
    let said = text(&price.stderr) + &text(&price.stdout);
    assert_eq!(price.status.code(), Some(1), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    let journal = journals(home.path()).pop().expect("the price call was journaled");
    let (entries, _) = Journal::read(&journal).unwrap();
    assert_eq!(entries.len(), 1);
    assert!(!entries[0].outcomes.is_empty(), "the call has an outcome: {entries:?}");
    // A file's number: refused with a message naming it, before anything is read or sent.
    let rules = home.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nname = \"hats\"\nitem = \"Team Captain\"\nprice = \"1.50\"\nmin_interval = \"999999999999d\"\n",
    )
    .unwrap();
    let before = server.requests().len();
    let out =
        tradedeck(&server, home.path(), &["mannco", "reprice", "--rules", rules.to_str().unwrap()], Stdio::piped())
            .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("min_interval"), "{}", text(&out.stderr));
    assert_eq!(server.requests().len(), before, "nothing read, nothing sent");
}

/// 2. A record: one tradedeck waits on a price call the market holds; a second one reconciles
/// the same journal meanwhile. The second leaves the call to the first and says so; the
/// market then applies it, and the journal says done, as the market does.
#[tokio::test]
async fn two_processes_one_waiting_one_reconciling_leave_a_journal_that_matches_the_market() {
    let (server, account) = mannco_market(Account::default(), true, || ok(json!({}))).await;
    server.hold_posts();
    let home = tempfile::tempdir().unwrap();
    let asset = ASSET.to_string();
    let args = ["mannco", "price", "--ids", &asset, "--price", "1.50", "--yes"];
    let mut waiting = tradedeck_at(&server, home.path(), &args).spawn().unwrap();
    server.posts_received("/inventory/price", 1).await;
    let reconcile = tradedeck(&server, home.path(), &["journal", "--reconcile"], Stdio::piped()).await;
    let said = text(&reconcile.stderr);
    assert!(reconcile.status.success(), "{said}");
    assert!(said.contains("0 action(s) reconciled") && said.contains("1 left alone"), "{said}");
    let listed = text(&reconcile.stdout);
    assert!(listed.contains("waiting for the market's answer (tradedeck process"), "{listed}");
    server.release_posts();
    let priced = waiting.wait().await.unwrap();
    let mut stdout = String::new();
    use tokio::io::AsyncReadExt;
    waiting.stdout.take().unwrap().read_to_string(&mut stdout).await.unwrap();
    assert!(priced.success(), "{stdout}");
    assert_eq!(account.lock().unwrap().listed, Some(150), "the market applied it");
    let journal = journals(home.path()).pop().unwrap();
    let (entries, _) = Journal::read(&journal).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].outcomes.first(), Some(&Outcome::Done), "{:?}", entries[0].outcomes);
    assert!(
        !entries[0].outcomes.iter().any(|o| matches!(o, Outcome::Reconciled { .. })),
        "never settled by the other process: {:?}",
        entries[0].outcomes
    );
    // Once the sender has ended, the entry is anyone's to read: nothing is left alone.
    let after = tradedeck(&server, home.path(), &["journal", "--reconcile"], Stdio::piped()).await;
    assert!(!text(&after.stderr).contains("left alone"), "{}", text(&after.stderr));
}

/// 3. A success that is not one: AssetPay answers a sale with another sale's trade, and the
/// look-up by reference finds a trade with other items. Not sold: unknown, journaled so.
#[tokio::test]
async fn an_answer_for_another_sale_is_never_reported_as_sold() {
    use tradedeck::api::assetpay::{AssetPayClient, Auth, Game, SellLine, TradeUrl};
    use tradedeck::trade::sell::{self, SellOutcome};
    let other = |reference: &str| {
        json!({"id": "trade-9", "externalId": reference, "status": "completed", "type": "deposit",
               "items": [{"id": "item-zzzzz", "appid": 730, "offer": {"price": 99.0}}],
               "totalPrice": 99.0, "createdAt": "2026-11-23T10:00:00.000Z"})
    };
    let server = serve(move |r| {
        let envelope = |data| respond(200, json!({"requestId": "r", "success": true, "data": data}));
        match (&r.method, r.path.as_str()) {
            (&Method::POST, "/secure/sell") => envelope(other("someone-elses-sale")),
            (_, path) if path.starts_with("/secure/trades/") => {
                let reference = path.trim_start_matches("/secure/trades/");
                envelope(json!([other(reference)]))
            }
            _ => respond(404, json!({"success": false})),
        }
    })
    .await;
    let trade_url = TradeUrl::parse("https://steamcommunity.com/tradeoffer/new/?partner=1&token=AbCd12_-").unwrap();
    let auth = Auth::Secure { api_key: tradedeck::secret::Secret::new("ap_hostile_key"), trade_url };
    let client = AssetPayClient::new(tradedeck::api::http_client(), &server.url, auth)
        .with_retry_policy(tradedeck::api::retry::RetryPolicy::FAST);
    let lines =
        vec![SellLine { item_id: "item-aaaaa".into(), price: tradedeck::money::Usd::from_cents(525), amount: None }];
    let sale = sell::sale(lines, Game::Cs2, false);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("assetpay.jsonl")).unwrap();
    let outcome = tradedeck::trade::sell_journal::sell_journaled(&client, &journal, &sale, &Default::default()).await;
    assert!(matches!(outcome, SellOutcome::Unknown(_)), "{outcome:?}");
    let (entries, _) = Journal::read(journal.path()).unwrap();
    assert!(entries[0].needs_reconciling(), "{:?}", entries[0].outcomes);
}

/// 4. Nothing injected: names that are spreadsheet formulas and terminal escapes. CSV to a
/// pipe keeps the text exact but makes formulas inert (`--raw` keeps them as sent); nothing
/// the market writes reaches a terminal raw.
#[tokio::test]
async fn market_text_is_neither_a_formula_nor_an_escape_sequence() {
    let formula = "=HYPERLINK(\"http://evil.example\",\"Team Captain\")";
    let escape = "Hat\u{1b}]52;c;ZXZpbA==\u{7}";
    let server = serve(move |r| match r.path.as_str() {
        "/inventory/onInventory" => ok(json!({"items": [
            {"ids": "1", "count": 1, "item_id": 1, "state": 0, "name": formula, "type": "Hat"},
            {"ids": "2", "count": 1, "item_id": 2, "state": 0, "name": escape, "type": "Hat"}], "count": 2})),
        _ => respond(404, json!({"err": true, "success": false})),
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let csv = tradedeck(&server, home.path(), &["mannco", "inventory", "--format", "csv"], Stdio::piped()).await;
    let out = text(&csv.stdout);
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    assert!(out.contains("'=HYPERLINK"), "a formula is kept as text: {out}");
    let raw =
        tradedeck(&server, home.path(), &["mannco", "inventory", "--format", "csv", "--raw"], Stdio::piped()).await;
    assert!(text(&raw.stdout).contains(",\"=HYPERLINK") || text(&raw.stdout).contains(",=HYPERLINK"));
    // The table is for a terminal: no escape survives, whatever the output is.
    let table = tradedeck(&server, home.path(), &["mannco", "inventory"], Stdio::piped()).await;
    let shown = text(&table.stdout);
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown:?}");
}

/// 5. Waits: the market refuses the login on every money call. After two refusals nothing
/// more is sent, the summary counts each item exactly, and the exit status is 1.
#[tokio::test]
async fn refused_logins_stop_a_run_and_the_summary_is_exact() {
    let assets: Vec<u64> = (1..=4).map(|n| 7_100_000 + n).collect();
    // Four kinds of hat, each with its own suggested price: four price calls.
    let rows: Vec<_> = assets
        .iter()
        .zip(1..)
        .map(|(id, kind)| {
            json!({"ids": id.to_string(), "count": 1, "item_id": kind, "game": 440, "state": 0,
                   "price": null, "name": format!("Team Captain #{kind}"), "type": "Hat"})
        })
        .collect();
    let pricing: Vec<_> = (1..=4)
        .map(|kind| {
            json!({"item_id": kind, "from_cache": false, "last_updated": "2026-07-01 11:59:59", "pricing": {
                "lowest_sale_price": null, "lowest_buy_order": null, "steam_price": null,
                "suggested_price": 200 + 10 * kind, "last_sale": null}})
        })
        .collect();
    let server = serve(move |r| match (&r.method, r.path.as_str()) {
        (&Method::POST, "/inventory/price") => {
            respond(401, json!({"err": true, "success": false, "message": "Invalid token"}))
        }
        (_, "/inventory/onInventory") => ok(json!({"items": rows, "count": rows.len()})),
        (_, "/inventory/onSale") => ok(json!({"items": [], "count": 0})),
        (_, "/user/balance") => ok(json!({"balance": 1000})),
        (_, "/item/pricing/bulk") => ok(json!({"total_items": 4, "cached_items": 0, "refreshed_items": 4,
            "items": pricing})),
        _ => respond(404, json!({"err": true, "success": false})),
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    // Four different prices: four calls.
    let ids = assets.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    let args = ["mannco", "price", "--ids", &ids, "--percent-of", "suggested", "--percent", "100", "--yes"];
    let out = tradedeck(&server, home.path(), &args, Stdio::piped()).await;
    let said = text(&out.stderr) + &text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(server.posts("/inventory/price"), 2, "nothing sent after two refusals: {said}");
    assert!(said.contains("4 item(s): 2 failed, 2 not sent, run stopped."), "{said}");
    assert!(!said.contains("panicked"), "{said}");
}

/// 6. Files: rules that would never end, and rules past the bound, are refused before anything
/// is read from the market.
#[tokio::test]
async fn rules_files_that_grow_without_bound_are_refused() {
    let server = serve(|_| respond(404, json!({"err": true, "success": false}))).await;
    let home = tempfile::tempdir().unwrap();
    let many = home.path().join("many.toml");
    std::fs::write(&many, "[[rule]]\nname = \"keys\"\nitem = \"Key\"\nprice = \"2.00\"\n".repeat(10_001)).unwrap();
    for rules in ["/dev/zero", many.to_str().unwrap()] {
        let out = tradedeck(&server, home.path(), &["mannco", "reprice", "--rules", rules], Stdio::piped()).await;
        assert_eq!(out.status.code(), Some(2), "{rules}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("rules"), "{}", text(&out.stderr));
    }
    assert!(server.requests().is_empty(), "refused before the market is asked anything");
}
