//! `tradedeck mannco reprice` as the real binary against the simulator: rules, floors, the
//! watch loop, webhooks, faults, and prices that go both ways.

mod common;

use common::mannco_cli::*;
use common::*;
use std::process::Stdio;

#[tokio::test]
async fn reprice_follows_the_rules_never_below_a_floor_and_never_under_your_own_listing() {
    let sim = start_sim(50).await;
    let home = tempfile::tempdir().unwrap();
    let rules = home.path().join("rules.toml");
    // The example's rules without their minimum intervals, so a second run can act at once.
    let text: String = tradedeck::trade::rules::EXAMPLE
        .lines()
        .filter(|l| !l.starts_with("min_interval"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&rules, text).unwrap();
    let rules = rules.to_str().unwrap();
    let plan = |out: &std::process::Output| -> serde_json::Value {
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap()
    };
    let out = run_mannco_cli(&sim, home.path(), &["mannco", "reprice", "--rules", rules, "--dry-run", "--json"]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let first = plan(&out);
    let parsed = tradedeck::trade::rules::Rules::read(std::path::Path::new(rules)).unwrap();
    for item in first["items"].as_array().unwrap() {
        let rule = parsed.rules.iter().find(|r| r.name == item["rule"].as_str().unwrap()).unwrap();
        if let (Some(target), Some(floor)) = (item["target"].as_i64(), rule.floor) {
            assert!(target >= floor.0, "{item} goes below its floor {floor}");
        }
    }
    assert!(first["items"].as_array().unwrap().iter().any(|i| i["send"] == true), "{first}");
    // Sent, then planned again: the keys are now the market's lowest, and they are theirs.
    let out = run_mannco_cli(&sim, home.path(), &["mannco", "reprice", "--rules", rules, "--yes"]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run_mannco_cli(&sim, home.path(), &["mannco", "reprice", "--rules", rules, "--dry-run", "--json"]).await;
    let second = plan(&out);
    let keys = second["items"].as_array().unwrap().iter().find(|i| i["name"] == "Mann Co. Supply Crate Key").unwrap();
    assert_eq!(keys["target"], serde_json::Value::Null, "your own lowest listing is kept: {keys}");
    assert!(keys["note"].as_str().unwrap().contains("one step under the next seller ($2.09)"), "{keys}");
    // Every price sent is in the journal, once.
    let journal = run_mannco_cli(&sim, home.path(), &["journal", "--json"]).await;
    let entries: serde_json::Value = serde_json::from_slice(&journal.stdout).unwrap();
    let posts = sim.faults.log().iter().filter(|r| r.path == "/inventory/price").count();
    assert_eq!(entries.as_array().unwrap().len(), posts, "one journal entry per POST");
}

#[tokio::test]
async fn the_watch_loop_stops_cleanly_mid_run_after_the_call_in_flight_is_answered() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let options = tradedeck::sim::SimOptions {
        seed: 7,
        items: 10,
        competition: Some(std::time::Duration::from_secs(1)),
        ..Default::default()
    };
    let sim = tradedeck::sim::start(options, 0).await.unwrap();
    sim.faults.set("post_latency=1s".parse().unwrap());
    let home = tempfile::tempdir().unwrap();
    let rules = home.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nname = \"keys\"\nitem = \"Mann Co. Supply Crate Key\"\nundercut = \"0.01\"\nfloor = \"1.90\"\n",
    )
    .unwrap();
    let mut child = tradedeck_in(home.path())
        .args(["mannco", "reprice", "--rules", rules.to_str().unwrap(), "--watch", "1s", "--yes"])
        .env("MANNCO_API_URL", sim.url())
        .env("MANNCO_API_KEY", mannco_key())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let journal = journal_once_a_call_is_sent(home.path()).await;
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id().unwrap() as i32, libc::SIGINT) };
    let mut said = String::new();
    while let Some(line) = stderr.next_line().await.unwrap() {
        said.push_str(&line);
        said.push('\n');
    }
    let status = child.wait().await.unwrap();
    assert_eq!(status.code(), Some(0), "{said}");
    assert!(said.contains("Waiting for the market") && said.contains("Stopped watching."), "{said}");
    let (entries, _) = tradedeck::journal::Journal::read(&journal).unwrap();
    assert!(!entries.is_empty() && entries.iter().all(|e| !e.needs_reconciling()), "every call answered: {entries:?}");
    let posts = sim.faults.log().iter().filter(|r| r.path == "/inventory/price").count();
    assert_eq!(entries.len(), posts, "every POST journaled, none repeated");
}

#[tokio::test]
async fn a_sale_during_watch_reaches_the_webhook_once_even_after_a_refusal() {
    use axum::http::StatusCode;
    // A loopback webhook that refuses its first delivery: tradedeck must try again.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<serde_json::Value>();
    let tries = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = tries.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |axum::Json(body): axum::Json<serde_json::Value>| {
            let (tx, seen) = (tx.clone(), seen.clone());
            async move {
                if seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                    return StatusCode::INTERNAL_SERVER_ERROR;
                }
                let _ = tx.send(body);
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let sim = start_sim(10).await;
    let home = tempfile::tempdir().unwrap();
    let rules = home.path().join("rules.toml");
    // Priced into the buy order ($1.95): the keys sell at once.
    std::fs::write(
        &rules,
        "[[rule]]\nname = \"sell keys\"\nitem = \"Mann Co. Supply Crate Key\"\nprice = \"1.90\"\nfill = true\n",
    )
    .unwrap();
    let config = home.path().join("config/tradedeck");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), format!("[trading]\nnotify_url = \"{hook}\"\n")).unwrap();
    let mut child = tradedeck_in(home.path())
        .args(["mannco", "reprice", "--rules", rules.to_str().unwrap(), "--watch", "1s", "--yes"])
        .env("MANNCO_API_URL", sim.url())
        .env("MANNCO_API_KEY", mannco_key())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let message = tokio::time::timeout(std::time::Duration::from_secs(30), rx.recv())
        .await
        .expect("a notification within 30 s")
        .unwrap();
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id().unwrap() as i32, libc::SIGINT) };
    let status = child.wait().await.unwrap();
    assert!(status.success());
    let content = message["content"].as_str().unwrap();
    assert!(content.contains("sold") && content.contains("Mann Co. Supply Crate Key"), "{content}");
    assert!(content.contains("credited") && content.contains('$'), "names the credit: {content}");
    assert!(!content.contains(mannco_key()), "no secret in a notification");
    assert_eq!(tries.load(std::sync::atomic::Ordering::SeqCst), 2, "the refused delivery was tried again, once");
    assert!(rx.try_recv().is_err(), "one message for one sale");
}

#[tokio::test]
async fn a_500_item_run_under_transient_faults_ends_at_the_planned_prices_without_repeats() {
    let options = tradedeck::sim::SimOptions {
        seed: 7,
        items: 10,
        mannco_extra_keys: 493,
        faults: "transient=0.3,seed=4".parse().unwrap(),
        ..Default::default()
    };
    let sim = tradedeck::sim::start(options, 0).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let rules = home.path().join("rules.toml");
    std::fs::write(&rules, "[[rule]]\nname = \"keys\"\nitem = \"Key\"\nprice = \"2.25\"\n\n[[rule]]\nname = \"rest\"\nprice = \"50.00\"\nfloor = \"40.00\"\n").unwrap();
    let rules = rules.to_str().unwrap();
    // List every key first, so the rules have 500 listings to re-price.
    let keys: Vec<String> = {
        let client = mannco_client(&sim);
        let inventory = client.on_inventory().await.unwrap();
        inventory
            .items
            .iter()
            .filter(|r| r.name.contains("Key"))
            .flat_map(|r| r.asset_ids())
            .map(|i| i.to_string())
            .collect()
    };
    let out =
        run_mannco_cli(&sim, home.path(), &["mannco", "price", "--ids", &keys.join(","), "--price", "2.50", "--yes"])
            .await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run_mannco_cli(&sim, home.path(), &["mannco", "reprice", "--rules", rules, "--yes", "--json"]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let on_sale = mannco_client(&sim).on_sale().await.unwrap();
    let key_prices: Vec<i64> = on_sale
        .items
        .iter()
        .filter(|r| r.name.contains("Key"))
        .flat_map(|r| vec![r.price.unwrap().0; r.asset_ids().len()])
        .collect();
    assert!(key_prices.len() >= 500, "{}", key_prices.len());
    assert!(key_prices.iter().all(|p| *p == 225), "every key at its planned price");
    // Applied POSTs: one per planned call, none repeated (a transient refusal applied nothing).
    let applied: Vec<String> = sim
        .faults
        .log()
        .iter()
        .filter(|r| r.path == "/inventory/price" && r.fault.is_none())
        .map(|r| String::from_utf8_lossy(&r.body).to_string())
        .collect();
    let mut unique = applied.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), applied.len(), "no call applied twice");
}

/// On a still market, a listing far under the next other seller goes up to one step under
/// it, read from the sell book, and stays there.
#[tokio::test]
async fn a_listing_far_under_the_next_seller_is_raised_one_step_under_it_and_stays() {
    for shapes in [tradedeck::sim::Shapes::Docs, tradedeck::sim::Shapes::Alt] {
        let options = tradedeck::sim::SimOptions { seed: 7, items: 10, shapes, ..Default::default() };
        let sim = tradedeck::sim::start(options, 0).await.unwrap();
        let home = tempfile::tempdir().unwrap();
        let key = ids(&sim, KEY, 1);
        let out =
            run_mannco_cli(&sim, home.path(), &["mannco", "price", "--ids", &key, "--price", "1.99", "--yes"]).await;
        assert!(out.status.success(), "{}", text(&out.stderr));
        let rules = home.path().join("rules.toml");
        std::fs::write(
            &rules,
            "[[rule]]\nname = \"keys\"\nitem = \"Mann Co. Supply Crate Key\"\nundercut = \"0.01\"\n",
        )
        .unwrap();
        let asset: u64 = key.parse().unwrap();
        let mut prices = vec![];
        for _ in 0..3 {
            let args = ["mannco", "reprice", "--rules", rules.to_str().unwrap(), "--yes"];
            let out = run_mannco_cli(&sim, home.path(), &args).await;
            assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
            prices.push(sim.mannco.asset(asset).unwrap().price.unwrap().0);
        }
        // The other sellers' lowest is $2.09.
        assert_eq!(prices, vec![208, 208, 208], "{shapes:?}");
    }
}
