//! tradedeck against markets that lie, stall, redirect, flood and echo secrets: small loopback
//! servers written here, one behaviour each, independent of the project's simulator.

mod common;

use axum::body::{Body, Bytes};
use axum::http::{Method, Response};
use common::hostile::*;
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
    let mut child = tradedeck_at(&server, home.path(), &args).spawn().unwrap();
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
