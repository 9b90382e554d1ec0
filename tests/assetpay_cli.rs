//! `tradedeck assetpay sell` and `trades`, the real binary against the simulator: the preview
//! refuses what AssetPay will not take, a sale is journaled and becomes one trade per basket
//! even when half the answers are lost, and exit codes tell the truth.

mod common;

use common::tradedeck_in;
use tradedeck::sim::{SimHandle, SimOptions};

async fn run(sim: &SimHandle, home: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = tradedeck_in(home)
        .args(args)
        .env("ASSETPAY_API_URL", sim.url())
        .env("ASSETPAY_CLIENT_TOKEN", tradedeck::sim::assetpay::DEMO_CLIENT_TOKEN)
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).to_string();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[tokio::test]
async fn a_dry_run_previews_and_refuses_what_assetpay_will_not_take() {
    let sim = tradedeck::sim::start(SimOptions { seed: 5, items: 300, ..Default::default() }, 0).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = run(&sim, home.path(), &["assetpay", "sell", "--search", "case", "--dry-run"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("not sold: not tradable"), "held items are refused with the reason: {out}");
    assert!(out.contains("item(s) to sell for $"), "{out}");
    // Nothing was sent, nothing journaled.
    let (_, trades, _) = run(&sim, home.path(), &["assetpay", "trades", "--json"]).await;
    assert_eq!(trades.trim(), "[]");
    // No terminal to confirm on: refused without --yes.
    let (code, _, err) = run(&sim, home.path(), &["assetpay", "sell", "--search", "ak redline"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
}

#[tokio::test]
async fn with_half_the_answers_lost_every_basket_is_one_trade_and_says_how() {
    let faults = "drop_after_apply=0.5,seed=3".parse().unwrap();
    let sim = tradedeck::sim::start(SimOptions { seed: 5, items: 300, faults, ..Default::default() }, 0).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (mut sold, mut reported) = (0, std::collections::BTreeSet::new());
    for search in ["ak redline", "awp", "m4a4", "glock"] {
        let (code, out, err) =
            run(&sim, home.path(), &["assetpay", "sell", "--search", search, "--yes", "--json"]).await;
        assert_eq!(code, 0, "{search}: {out} {err}");
        let outcome: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
        for sale in outcome["sales"].as_array().unwrap() {
            assert_eq!(sale["outcome"], "sold", "{sale}");
            assert!(sale["established"].as_str().is_some_and(|h| !h.is_empty()));
            for trade in sale["trades"].as_array().unwrap() {
                reported.insert(trade["id"].as_str().unwrap().to_string());
            }
            sold += 1;
        }
    }
    // The market's side: one trade (or one split basket) per sale, each externalId once.
    let log = sim.faults.log();
    let posts = log.iter().filter(|r| r.path == "/client/trading/deposit").count();
    let dropped = log.iter().filter(|r| r.fault == Some("drop_after_apply")).count();
    assert!(dropped > 0, "the faults were exercised");
    assert!(posts <= 2 * sold, "at most one resend per sale: {posts} posts for {sold} sales");
    let (_, trades, _) = run(&sim, home.path(), &["assetpay", "trades", "--json"]).await;
    let trades: Vec<serde_json::Value> = serde_json::from_str(trades.trim()).unwrap();
    let made: std::collections::BTreeSet<String> =
        trades.iter().map(|t| t["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(made, reported, "the market made exactly the trades reported, split baskets included");
    // Every sale is in the journal with its trade.
    let (code, journal, _) = run(&sim, home.path(), &["journal", "--json"]).await;
    assert_eq!(code, 0);
    assert_eq!(journal.matches("\"kind\":\"sell\"").count(), sold, "{journal}");
    assert_eq!(journal.matches("\"outcome\":\"traded\"").count(), sold, "{journal}");
}

#[tokio::test]
async fn a_moved_offer_is_shown_old_to_new_and_not_sold_unasked() {
    let faults = "offer_change=1".parse().unwrap();
    let sim = tradedeck::sim::start(SimOptions { seed: 5, items: 300, faults, ..Default::default() }, 0).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = run(&sim, home.path(), &["assetpay", "sell", "--search", "ak redline", "--yes"]).await;
    assert_eq!(code, 1, "refused, nothing sold: {out} {err}");
    assert!(err.contains("AssetPay refused the sale") && err.contains(" → $"), "old → new: {err}");
    assert!(err.contains("Not sold at the new offers without asking"), "{err}");
    assert!(out.contains("not sold: AssetPay's offer changed"), "{out}");
    let (_, trades, _) = run(&sim, home.path(), &["assetpay", "trades", "--json"]).await;
    assert_eq!(trades.trim(), "[]", "nothing was sold at any price");
    let posts = sim.faults.log().iter().filter(|r| r.path == "/client/trading/deposit").count();
    assert_eq!(posts, 1, "a definitive refusal is not resent");
}

#[tokio::test]
async fn exact_and_count_choose_what_is_previewed() {
    let sim = tradedeck::sim::start(SimOptions { seed: 5, items: 300, ..Default::default() }, 0).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let preview = |out: &str| -> Vec<serde_json::Value> {
        let doc: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        doc["items"].as_array().unwrap().clone()
    };
    let (code, out, err) =
        run(&sim, home.path(), &["assetpay", "sell", "--search", "redline", "--dry-run", "--json"]).await;
    assert_eq!(code, 0, "{err}");
    let all = preview(&out);
    assert!(all.len() > 2, "{out}");
    let (code, out, err) =
        run(&sim, home.path(), &["assetpay", "sell", "--search", "redline", "--count", "2", "--dry-run", "--json"])
            .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(preview(&out).len(), 2);
    let (_, out, _) =
        run(&sim, home.path(), &["assetpay", "sell", "--exact", "ak-47 | redline", "--dry-run", "--json"]).await;
    let exact = preview(&out);
    assert!(!exact.is_empty() && exact.iter().all(|i| i["name"] == "AK-47 | Redline"), "{out}");
    assert!(exact.len() < all.len(), "AWP Redlines are not AK-47 Redlines");
}

/// A sale AssetPay splits into two trades journals both, and reconciling follows each to its
/// final status.
#[tokio::test]
async fn a_split_sale_journals_every_trade_and_follows_them_to_the_end() {
    let sim = tradedeck::sim::start(SimOptions { seed: 5, items: 300, ..Default::default() }, 0).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    // More than ten accepted items: the market splits the basket.
    let (_, preview, _) = run(&sim, home.path(), &["assetpay", "sell", "--search", "a", "--dry-run", "--json"]).await;
    let doc: serde_json::Value = serde_json::from_str(preview.lines().next().unwrap()).unwrap();
    let ids: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["refused"].is_null())
        .filter_map(|i| i["id"].as_str())
        .take(12)
        .collect();
    assert_eq!(ids.len(), 12, "{preview}");
    let (code, out, err) = run(&sim, home.path(), &["assetpay", "sell", "--ids", &ids.join(","), "--yes"]).await;
    assert_eq!(code, 0, "{out}{err}");
    let traded = |journal: &str| -> serde_json::Value {
        let docs: Vec<serde_json::Value> = journal.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let entry = docs.iter().flat_map(|d| d.as_array().unwrap()).find(|e| e["action"]["kind"] == "sell").unwrap();
        entry["outcomes"].as_array().unwrap().last().unwrap().clone()
    };
    let (_, journal, _) = run(&sim, home.path(), &["journal", "--json"]).await;
    let first = traded(&journal);
    assert_eq!(first["related"].as_array().map(Vec::len), Some(1), "both trades journaled: {first}");
    // Followed by reconciling until both are completed (the simulator completes a trade
    // 15 s after it is made).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (code, _, err) = run(&sim, home.path(), &["journal", "--reconcile"]).await;
        assert_eq!(code, 0, "{err}");
        let (_, journal, _) = run(&sim, home.path(), &["journal", "--json"]).await;
        let last = traded(&journal);
        if last["status"] == "completed" && last["related"][0]["status"] == "completed" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not followed to completion: {last}");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}
