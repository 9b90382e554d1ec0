//! The ledger as a trader reaches it: the real binary against the simulator, both markets.
//! Sell to AssetPay, sell a key into a buy order on Mannco, then `history`, `cost import`,
//! `pnl` and `ledger import`.

mod common;

use common::*;
use serde_json::Value;
use std::process::Output;
use tradedeck::sim::assetpay::DEMO_CLIENT_TOKEN;

async fn tradedeck(sim: &tradedeck::sim::SimHandle, home: &std::path::Path, args: &[&str]) -> Output {
    tradedeck_in(home)
        .args(args)
        .env("MANNCO_API_URL", sim.url())
        .env("MANNCO_API_KEY", mannco_key())
        .env("ASSETPAY_API_URL", sim.url())
        .env("ASSETPAY_CLIENT_TOKEN", DEMO_CLIENT_TOKEN)
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[tokio::test]
async fn sales_on_both_markets_reach_history_and_pnl_is_credit_minus_cost() {
    let sim = start_sim(20).await;
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    // Three items to AssetPay.
    let sold = tradedeck(&sim, home, &["assetpay", "sell", "--search", "ak", "--count", "3", "--yes"]).await;
    assert!(sold.status.success(), "{}", String::from_utf8_lossy(&sold.stderr));
    let history = json(&tradedeck(&sim, home, &["history", "--json"]).await);
    let in_flight = history["entries"].as_array().unwrap().iter().filter(|e| e["status"] == "initiated").count();
    assert_eq!(in_flight, 3, "sold, not yet completed: {history:#}");
    // The trades go their way to completed (the market's 15 s, without waiting them).
    sim.assetpay.age_trades(time::Duration::seconds(16));
    // One key into Mannco's buy order at $1.95, on purpose.
    let key = assets_named(&sim, KEY, 0)[0].asset_id.to_string();
    let filled = tradedeck(&sim, home, &["mannco", "price", "--ids", &key, "--cents", "150", "--fill", "--yes"]).await;
    assert!(filled.status.success(), "{}", String::from_utf8_lossy(&filled.stderr));

    let history = json(&tradedeck(&sim, home, &["history", "--json"]).await);
    let entries = history["entries"].as_array().unwrap();
    let to_assetpay: Vec<&Value> = entries.iter().filter(|e| e["kind"] == "sold_to_assetpay").collect();
    assert_eq!(to_assetpay.len(), 3, "{history:#}");
    for sale in &to_assetpay {
        assert_eq!(sale["status"], "completed", "followed to completion by the trades read");
        assert!(sale["price"].as_i64().unwrap() > 0 && sale["fee"] == 0 && sale["credit"] == sale["price"], "{sale}");
    }
    let key_sales: Vec<&Value> = entries.iter().filter(|e| e["kind"] == "sold").collect();
    assert_eq!(key_sales.len(), 1, "the journaled sale and the market's history are one sale: {history:#}");
    let key_sale = key_sales[0];
    assert_eq!(
        (key_sale["price"].as_i64(), key_sale["fee"].as_i64(), key_sale["credit"].as_i64()),
        (Some(195), Some(10), Some(185))
    );
    assert!(entries.iter().any(|e| e["kind"] == "bought"), "the purchase history is read");

    // Costs for two items by a two-line CSV: the key by its asset, one AssetPay item by id.
    let first = to_assetpay[0];
    let csv = format!(
        "asset_id,price,date\n{key},1.70,2026-10-01\n{},2.00,2026-10-02\n",
        first["asset_id"].as_str().unwrap()
    );
    let file = home.join("costs.csv");
    std::fs::write(&file, csv).unwrap();
    let imported = tradedeck(&sim, home, &["cost", "import", file.to_str().unwrap()]).await;
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));

    let pnl = json(&tradedeck(&sim, home, &["pnl", "--json"]).await);
    let rows = pnl["rows"].as_array().unwrap();
    let profit_of =
        |name: &str| rows.iter().find(|r| r["key"].as_str().unwrap().contains(name)).map(|r| r["profit"].clone());
    assert_eq!(profit_of("Key"), Some(Value::from(185 - 170)));
    let ap_name = first["name"].as_str().unwrap();
    let ap_credit = first["credit"].as_i64().unwrap();
    assert!(rows.iter().any(|r| r["key"].as_str().unwrap().contains(ap_name) && r["profit"] == ap_credit - 200));
    assert_eq!(rows.iter().filter(|r| r["profit"].is_null()).count(), 2, "the other two sales: unknown, not zero");
    assert!(pnl["total"]["profit"].is_null(), "a total with unknown costs is unknown");

    // Importing again changes no count; the file is plain SQLite.
    let count = |out: &Output| json(out)["count"].as_u64().unwrap();
    let before = count(&tradedeck(&sim, home, &["history", "--json"]).await);
    let again = tradedeck(&sim, home, &["ledger", "import"]).await;
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("0 new entr"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(count(&tradedeck(&sim, home, &["history", "--json"]).await), before);
    let same_file = tradedeck(&sim, home, &["cost", "import", file.to_str().unwrap()]).await;
    assert!(same_file.status.success());
    assert_eq!(json(&tradedeck(&sim, home, &["pnl", "--json"]).await)["rows"], pnl["rows"], "the same costs, once");

    // CSV for a spreadsheet: a BOM, dollars, ISO times.
    let csv = tradedeck(&sim, home, &["history", "--format", "csv"]).await;
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.starts_with('\u{feff}'), "BOM");
    assert!(text.contains(",1.95,0.10,1.85,"), "{text}");
    assert!(text.lines().nth(1).unwrap().split(',').next().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn a_bad_cost_file_imports_nothing_and_names_each_line() {
    let sim = start_sim(5).await;
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("costs.csv");
    std::fs::write(&file, "name,price,date\nKey,1.80,2026-10-01\nKey,abc,2026-10-01\n,1.00,2026-10-01\n").unwrap();
    let out = tradedeck(&sim, home.path(), &["cost", "import", file.to_str().unwrap()]).await;
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("line 3: price") && said.contains("line 4:") && said.contains("Nothing was imported"),
        "{said}"
    );
    assert!(!home.path().join("data/tradedeck/costs.jsonl").exists(), "nothing half-imported");
}
