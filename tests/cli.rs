//! The headless commands, run as the real binary against the simulator.

mod common;

use common::*;
use std::process::Output;
use tradedeck::api::assetpay::{InventoryQuery, Limit, Sort};
use tradedeck::sim::assetpay::{DEMO_API_KEY, DEMO_CLIENT_TOKEN};

/// Runs tradedeck with a clean environment: only what the test gives, and temp dirs for
/// config and data so a developer's own setup cannot leak in.
async fn tradedeck(args: &[&str], env: &[(&str, &str)]) -> (Output, tempfile::TempDir) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = tradedeck_in(home.path());
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    (cmd.output().await.unwrap(), home)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test]
async fn help_describes_every_subcommand() {
    let (out, _home) = tradedeck(&["--help"], &[]).await;
    let text = stdout(&out);
    assert!(out.status.success());
    assert!(text.contains("inventory") && text.contains("Print the AssetPay inventory"), "{text}");
    assert!(text.contains("sim") && text.contains("simulated markets"), "{text}");
    assert!(text.contains("--demo"));
    let (out, _home) = tradedeck(&["inventory", "--help"], &[]).await;
    for flag in [
        "--game",
        "--search",
        "--sort",
        "--min-price",
        "--max-price",
        "--page",
        "--limit",
        "--all",
        "--refresh",
        "--trade-url",
        "--json",
    ] {
        assert!(stdout(&out).contains(flag), "{flag} missing from inventory --help");
    }
}

#[tokio::test]
async fn json_search_and_sort_match_the_simulator() {
    let sim = start_sim(400).await;
    let url = sim.url();
    let env = [("ASSETPAY_API_URL", url.as_str()), ("ASSETPAY_CLIENT_TOKEN", DEMO_CLIENT_TOKEN)];
    let (out, _home) = tradedeck(&["inventory", "--json", "--search", "redline", "--sort", "priceDesc"], &env).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("exactly one JSON document");
    let items = doc["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["name"].as_str().unwrap().to_lowercase().contains("redline")));
    let prices: Vec<f64> = items.iter().map(|i| i["offer"]["price"].as_f64().unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[0] >= w[1]), "{prices:?}");
    for field in ["id", "name", "marketHashName", "offer", "marketPrice", "exterior", "wear", "appid", "tradable"] {
        assert!(items[0].get(field).is_some(), "{field} missing");
    }
    let expected = client(&sim)
        .inventory(&InventoryQuery {
            search: Some("redline".into()),
            sort: Sort::PriceDesc,
            limit: Limit::All,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(doc["count"].as_u64(), Some(expected.count));
    assert!(doc["updatedAt"].is_string());
    assert_eq!(doc["collateral"].as_f64(), Some(150.0));
}

#[tokio::test]
async fn all_pages_and_an_aligned_table() {
    let sim = start_sim(120).await;
    let url = sim.url();
    let env = [("ASSETPAY_API_URL", url.as_str()), ("ASSETPAY_CLIENT_TOKEN", DEMO_CLIENT_TOKEN)];
    let (out, _home) = tradedeck(&["inventory", "--all", "--limit", "25", "--json"], &env).await;
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["items"].as_array().unwrap().len(), 120);
    let (out, _home) = tradedeck(&["inventory", "--limit", "5"], &env).await;
    let text = stdout(&out);
    assert!(text.starts_with("Name"), "{text}");
    assert!(text.contains("5 of 120 items · page 1/24"), "{text}");
}

#[tokio::test]
async fn secure_mode_with_api_key_and_trade_url() {
    let sim = start_sim(30).await;
    let url = sim.url();
    let trade = trade_url_for(555);
    let env = [
        ("ASSETPAY_API_URL", url.as_str()),
        ("ASSETPAY_API_KEY", DEMO_API_KEY),
        ("ASSETPAY_TRADE_URL", trade.as_str()),
    ];
    let (out, _home) = tradedeck(&["inventory", "--json"], &env).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["collateral"].as_f64(), Some(0.0));
}

#[tokio::test]
async fn api_errors_are_sentences_with_their_key_and_a_nonzero_exit() {
    let sim = start_sim(10).await;
    let url = sim.url();
    let cases = [
        ("wrong-token", "INVALID_TOKEN", "invalid or expired"),
        ("demo-fail-7", "USER_NOT_TRADEABLE", "inventory is private"),
        ("demo-fail-31", "STEAM_UNAVAILABLE", "Steam is temporarily unavailable"),
        ("demo-fail-1011", "FLEET_DEGRADED", "degraded"),
    ];
    for (token, key, sentence) in cases {
        let env = [("ASSETPAY_API_URL", url.as_str()), ("ASSETPAY_CLIENT_TOKEN", token)];
        let (out, _home) = tradedeck(&["inventory", "--json"], &env).await;
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{token}");
        assert!(err.contains(key) && err.contains(sentence), "{token}: {err}");
        assert!(!err.contains('{') && out.stdout.is_empty(), "raw JSON leaked: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[tokio::test]
async fn malformed_trade_url_and_bad_flags_are_refused_before_sending() {
    let sim = start_sim(10).await;
    let url = sim.url();
    let env = [
        ("ASSETPAY_API_URL", url.as_str()),
        ("ASSETPAY_API_KEY", DEMO_API_KEY),
        ("ASSETPAY_TRADE_URL", "https://steamcommunity.com/id/me"),
    ];
    let (out, _home) = tradedeck(&["inventory"], &env).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("trade URL is malformed"), "{}", stderr(&out));
    let env = [("ASSETPAY_API_URL", url.as_str()), ("ASSETPAY_CLIENT_TOKEN", DEMO_CLIENT_TOKEN)];
    for (args, why) in [
        (vec!["inventory", "--min-price", "abc"], "--min-price"),
        (vec!["inventory", "--min-price", "5", "--max-price", "1"], "minimum price is above"),
        (vec!["inventory", "--limit", "0"], "--limit"),
        (vec!["inventory", "--game", "440"], "730"),
    ] {
        let (out, _home) = tradedeck(&args, &env).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(why), "{args:?}: {}", stderr(&out));
    }
    let long = "x".repeat(101);
    let (out, _home) = tradedeck(&["inventory", "--search", &long], &env).await;
    assert!(stderr(&out).contains("100-character"));
    assert_eq!(sim.assetpay.requests_served(), 0, "refused input reached the server");
}

#[tokio::test]
async fn no_credentials_says_what_to_set() {
    let (out, _home) = tradedeck(&["inventory"], &[]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("ASSETPAY_CLIENT_TOKEN") && err.contains("--demo"), "{err}");
}

#[tokio::test]
async fn demo_inventory_needs_no_credentials() {
    let (out, _home) = tradedeck(&["--demo", "--demo-items", "40", "inventory", "--json", "--all"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["count"].as_u64(), Some(40));
}

#[tokio::test]
async fn bad_config_file_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[assetpay]\nclient_token = \"x\"\napi_url = [1, 2\n").unwrap();
    let (out, _home) = tradedeck(&["--config", file.to_str().unwrap(), "inventory"], &[]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 3"), "{}", stderr(&out));
    // A config that grows without bound is refused, not read until memory runs out.
    let (out, _home) = tradedeck(&["--config", "/dev/zero", "inventory"], &[]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("larger than 1 MB"), "{}", stderr(&out));
}

#[tokio::test]
async fn secrets_stay_out_of_output_and_logs_at_trace_level() {
    let sim = start_sim(10).await;
    let url = sim.url();
    let token = "Bearer-ish-secret-token-0001";
    for extra in [vec![], vec!["--json"]] {
        let mut args = vec!["inventory"];
        args.extend(extra);
        let env = [("ASSETPAY_API_URL", url.as_str()), ("ASSETPAY_CLIENT_TOKEN", token), ("RUST_LOG", "trace")];
        let (out, home) = tradedeck(&args, &env).await;
        let log = std::fs::read_to_string(home.path().join("data/tradedeck/tradedeck.log")).unwrap_or_default();
        assert!(!log.is_empty(), "the log file was not written");
        for text in [stdout(&out), stderr(&out), log] {
            assert!(!text.contains(token), "the token leaked");
        }
    }
}

#[tokio::test]
async fn a_saved_inventory_answers_like_the_server() {
    let sim = start_sim(500).await;
    let url = sim.url();
    let saved = reqwest::Client::new()
        .get(format!("{url}/client/inventory?limit=-1"))
        .header("Authorization", DEMO_CLIENT_TOKEN)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inventory.json");
    std::fs::write(&file, &saved).unwrap();
    let env = [("ASSETPAY_API_URL", url.as_str()), ("ASSETPAY_CLIENT_TOKEN", DEMO_CLIENT_TOKEN)];
    for query in [
        vec!["--search", "redline", "--sort", "priceDesc", "--all"],
        vec!["--sort", "nameAsc", "--min-price", "1", "--max-price", "20", "--page", "2", "--limit", "7"],
        vec!["--search", "KNIFE", "--sort", "priceAsc", "--all"],
        // Words in any order, each the start of a word, exteriors by their short form: the
        // same live as offline, paged.
        vec!["--search", "ak redline ft"],
        vec!["--search", "stattrak awp", "--sort", "priceDesc", "--limit", "3"],
    ] {
        let mut live = vec!["inventory", "--json"];
        live.extend(&query);
        let mut offline = live.clone();
        offline.extend(["--input", file.to_str().unwrap()]);
        let (live_out, _h1) = tradedeck(&live, &env).await;
        let (offline_out, _h2) = tradedeck(&offline, &[]).await;
        assert!(offline_out.status.success(), "{}", stderr(&offline_out));
        let live_doc: serde_json::Value = serde_json::from_slice(&live_out.stdout).unwrap();
        let offline_doc: serde_json::Value = serde_json::from_slice(&offline_out.stdout).unwrap();
        assert_eq!(live_doc["count"], offline_doc["count"], "{query:?}");
        assert_eq!(live_doc["items"], offline_doc["items"], "{query:?}");
    }
    let (out, _h) = tradedeck(&["inventory", "--input", "/nonexistent.json"], &[]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read /nonexistent.json"));
}

/// `--json` output read back with `--input` gives the same items; `--format csv` is one row
/// per item with the API's prices.
#[tokio::test]
async fn exports_round_trip_and_csv_has_a_row_per_item() {
    let sim = start_sim(120).await;
    let url = sim.url();
    let env = [("ASSETPAY_API_URL", url.as_str()), ("ASSETPAY_CLIENT_TOKEN", DEMO_CLIENT_TOKEN)];
    let (saved, home) = tradedeck(&["inventory", "--all", "--json"], &env).await;
    assert!(saved.status.success(), "{}", stderr(&saved));
    let file = home.path().join("saved.json");
    std::fs::write(&file, &saved.stdout).unwrap();
    let (again, _) = tradedeck(&["inventory", "--all", "--json", "--input", file.to_str().unwrap()], &[]).await;
    assert!(again.status.success(), "{}", stderr(&again));
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_slice(&saved.stdout).unwrap(), serde_json::from_slice(&again.stdout).unwrap());
    assert_eq!(a["items"], b["items"], "the same items back");
    assert_eq!(a["count"], b["count"]);

    let (csv, _) = tradedeck(&["inventory", "--all", "--format", "csv"], &env).await;
    assert!(csv.status.success(), "{}", stderr(&csv));
    let text = stdout(&csv);
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("id,name,market_hash_name"), "{}", rows[0]);
    let items = a["items"].as_array().unwrap();
    assert_eq!(rows.len() - 1, items.len(), "one row per item");
    let first_offer = items[0]["offer"]["price"].to_string();
    assert!(rows[1].starts_with(items[0]["id"].as_str().unwrap()) && rows[1].contains(&first_offer), "{}", rows[1]);
}
