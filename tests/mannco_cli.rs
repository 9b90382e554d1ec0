//! `tradedeck mannco …` as the real binary against the simulator.

mod common;

use common::mannco_cli::*;
use common::*;
use std::process::{Output, Stdio};
use tradedeck::money::Cents;

#[tokio::test]
async fn lists_as_json_with_the_api_field_names() {
    let sim = start_sim(10).await;
    for (command, state) in [("on-sale", 1), ("inventory", 0)] {
        let out = tradedeck(&sim, &["mannco", command, "--json"]).await;
        assert!(out.status.success(), "{}", text(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let items = doc["items"].as_array().unwrap();
        assert_eq!(doc["count"].as_u64(), Some(items.len() as u64));
        for field in ["ids", "count", "item_id", "name", "state", "game", "quality", "type"] {
            assert!(items[0].get(field).is_some(), "{field} missing");
        }
        assert!(items.iter().any(|i| i["state"] == state));
    }
    let table = tradedeck(&sim, &["mannco", "inventory"]).await;
    assert!(text(&table.stdout).contains("Mann Co. Supply Crate Key"));
}

#[tokio::test]
async fn price_lists_at_the_exact_cents_and_reports_each_item() {
    let sim = start_sim(10).await;
    let hats = ids(&sim, TEAM_CAPTAIN, 2);
    let out = tradedeck(&sim, &["mannco", "price", "--ids", &hats, "--price", "1.50", "--yes"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("listed at $1.50"), "{}", text(&out.stdout));
    for id in hats.split(',') {
        let asset = sim.mannco.asset(id.parse().unwrap()).unwrap();
        assert_eq!((asset.state, asset.price), (tradedeck::sim::mannco::AssetState::OnSale, Some(Cents(150))));
    }
    // Under the $1.95 buy order without --fill: refused before sending, naming the bid.
    let key = ids(&sim, KEY, 1);
    let sent_before = sim.mannco.requests().len();
    let out = tradedeck(&sim, &["mannco", "price", "--ids", &key, "--cents", "150", "--yes"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("buy order at $1.95"), "{}", text(&out.stderr));
    assert_eq!(sim.mannco.requests().len(), sent_before, "nothing was sent");
    // With --fill it sells at the bid, not at the lower price, and says so.
    let balance = sim.mannco.balance();
    let out = tradedeck(&sim, &["mannco", "price", "--ids", &key, "--cents", "150", "--fill", "--yes"]).await;
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("sells now into a buy order at $1.95"), "{stdout}");
    assert!(stdout.contains("sold into a buy order: you receive $1.85"), "{stdout}");
    assert_eq!(sim.mannco.balance(), Cents(balance.0 + 185));
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() {
    let sim = start_sim(10).await;
    let key = ids(&sim, KEY, 1);
    for args in [
        vec!["mannco", "price", "--ids", &key, "--price", "abc", "--yes"],
        vec!["mannco", "price", "--ids", &key, "--price", "0", "--yes"],
        vec!["mannco", "price", "--ids", &key, "--price", "-1", "--yes"],
        vec!["mannco", "price", "--ids", &key, "--price", "50000.01", "--yes"],
        vec!["mannco", "price", "--ids", &key, "--cents", "5000001", "--yes"],
        vec!["mannco", "price", "--ids", "", "--price", "1", "--yes"],
        vec!["mannco", "price", "--ids", "12,abc", "--price", "1", "--yes"],
        vec!["mannco", "withdraw", "--ids", "x", "--yes"],
    ] {
        let out = tradedeck(&sim, &args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).starts_with("error: "), "{args:?}");
    }
    assert_eq!(sim.mannco.logins(), 0, "no request at all was sent");
    assert!(sim.mannco.requests().is_empty());
}

#[tokio::test]
async fn refusals_exit_2_before_any_price_call() {
    let sim = start_sim(10).await;
    let key = ids(&sim, KEY, 1);
    let home = tempfile::tempdir().unwrap();
    let args = ["mannco", "price", "--ids", &key, "--price", "3", "--yes"];
    // The first run learns the cap from the market's refusal; the next refuses before sending.
    let out = run_mannco_cli(&sim, home.path(), &args).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("$2.50"), "the refusal names the cap: {}", text(&out.stdout));
    assert_eq!(sim.mannco.requests().len(), 1);
    let out = run_mannco_cli(&sim, home.path(), &args).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("over the item's cap $2.50 — not sent"), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("nothing to send"), "{}", text(&out.stderr));
    assert_eq!(sim.mannco.requests().len(), 1, "nothing more was sent: {:?}", sim.mannco.requests());
    let out = tradedeck(&sim, &["mannco", "price", "--ids", "1", "--price", "3", "--yes"]).await;
    assert!(text(&out.stderr).contains("not in your Mannco listings or inventory"));
}

#[tokio::test]
async fn withdraw_shows_updated_and_refuses_pending_items() {
    let sim = start_sim(10).await;
    let hats = ids(&sim, TEAM_CAPTAIN, 2);
    let out = tradedeck(&sim, &["mannco", "withdraw", "--ids", &hats, "--yes"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("updated 2, locked 0"));
    let requests = sim.mannco.requests().len();
    let out = tradedeck(&sim, &["mannco", "withdraw", "--ids", &hats, "--yes"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("pending withdrawal"));
    assert_eq!(sim.mannco.requests().len(), requests, "a refused withdrawal was sent");
}

#[tokio::test]
async fn without_yes_and_without_a_terminal_nothing_is_sent() {
    let sim = start_sim(10).await;
    let hats = ids(&sim, TEAM_CAPTAIN, 1);
    let out = tradedeck(&sim, &["mannco", "price", "--ids", &hats, "--price", "1.50"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--yes"), "{}", text(&out.stderr));
    assert!(sim.mannco.requests().is_empty());
}

#[tokio::test]
async fn secrets_stay_out_of_output_and_logs_at_trace_level() {
    let sim = start_sim(10).await;
    let home = tempfile::tempdir().unwrap();
    let hats = ids(&sim, TEAM_CAPTAIN, 1);
    for args in [
        vec!["mannco", "inventory", "--json"],
        vec!["mannco", "price", "--ids", &hats, "--price", "1.50", "--yes"],
        vec!["journal"],
    ] {
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_tradedeck"))
            .args(&args)
            .env_clear()
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("MANNCO_API_URL", sim.url())
            .env("MANNCO_API_KEY", mannco_key())
            .env("RUST_LOG", "trace")
            .output()
            .await
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let log = std::fs::read_to_string(home.path().join("data/tradedeck/tradedeck.log")).unwrap();
        let journal = std::fs::read_to_string(home.path().join("data/tradedeck/journal.jsonl")).unwrap_or_default();
        for secret in [mannco_key(), "demo-jwt-0000"] {
            for (what, content) in [
                ("stdout", text(&out.stdout)),
                ("stderr", text(&out.stderr)),
                ("log", log.clone()),
                ("journal", journal.clone()),
            ] {
                assert!(!content.contains(secret), "{secret} in {what} of {args:?}");
            }
        }
    }
}

/// Ctrl-C while `mannco price --yes` waits for a slow market: the first says what is in
/// flight and keeps waiting, the second stops; the call is journaled unknown and the exit
/// status is 1.
#[tokio::test]
async fn a_second_interrupt_leaves_the_call_unknown_and_exits_1() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let sim = start_sim(10).await;
    let hats = ids(&sim, TEAM_CAPTAIN, 1);
    let home = tempfile::tempdir().unwrap();
    sim.faults.set("post_latency=60s".parse().unwrap());
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_tradedeck"))
        .args(["mannco", "price", "--ids", &hats, "--price", "1.50", "--yes"])
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("MANNCO_API_URL", sim.url())
        .env("MANNCO_TOKEN", tradedeck::sim::mannco::DEMO_MANNCO_TOKEN)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let journal = journal_once_a_call_is_sent(home.path()).await;
    let pid = child.id().unwrap() as i32;
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(pid, libc::SIGINT) };
    loop {
        let line = stderr.next_line().await.unwrap().expect("stderr ended before the wait was said");
        if line.contains("Waiting for the market") {
            break;
        }
    }
    // SAFETY: as above.
    unsafe { libc::kill(pid, libc::SIGINT) };
    let mut rest = String::new();
    while let Some(line) = stderr.next_line().await.unwrap() {
        rest.push_str(&line);
    }
    let status = child.wait().await.unwrap();
    assert_eq!(status.code(), Some(1), "{rest}");
    assert!(rest.contains("outcome is unknown"), "{rest}");
    let (entries, _) = tradedeck::journal::Journal::read(&journal).unwrap();
    assert!(entries[0].needs_reconciling());
    assert!(matches!(entries[0].outcomes.last(), Some(tradedeck::journal::Outcome::Unknown { .. })));
}

/// Items the plan skips (already at the price) are neither a success nor a failure: the run
/// that lists the others exits 0.
#[tokio::test]
async fn skipped_items_do_not_fail_the_run() {
    let sim = start_sim(10).await;
    let hats = ids(&sim, TEAM_CAPTAIN, 2);
    let first = hats.split(',').next().unwrap().to_string();
    let out = tradedeck(&sim, &["mannco", "price", "--ids", &first, "--price", "1.50", "--yes"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = tradedeck(&sim, &["mannco", "price", "--ids", &hats, "--price", "1.50", "--yes"]).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("already at this price") && stdout.contains("listed at $1.50"), "{stdout}");
}

#[tokio::test]
async fn search_exact_and_count_pick_items_as_the_tui_does() {
    let sim = start_sim(10).await;
    let plan = |out: &Output| -> Vec<serde_json::Value> {
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
        doc["items"].as_array().unwrap().clone()
    };
    // Words in any order, each the start of a word; case and ™ aside.
    let args = ["mannco", "price", "--search", "KEY crate", "--price", "2.50", "--dry-run", "--json"];
    let out = tradedeck(&sim, &args).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let keys = plan(&out);
    assert!(keys.len() > 5 && keys.iter().all(|i| i["name"] == "Mann Co. Supply Crate Key"));
    // "rate" starts no word: nothing matches.
    let out = tradedeck(&sim, &["mannco", "price", "--search", "rate", "--price", "2.50", "--dry-run"]).await;
    assert_eq!(out.status.code(), Some(2));
    // --count takes N of them; --exact the whole name only.
    let args = ["mannco", "price", "--exact", "mann co. supply crate key", "--count", "3", "--price", "2.5"];
    let out = tradedeck(&sim, &[&args[..], &["--dry-run", "--json"]].concat()).await;
    assert_eq!(plan(&out).len(), 3, "{}", text(&out.stderr));
    let out = tradedeck(&sim, &["mannco", "price", "--exact", "Crate Key", "--price", "2.5", "--dry-run"]).await;
    assert_eq!(out.status.code(), Some(2), "a part of a name is not the name");
    // withdraw takes the same selection.
    let out = tradedeck(&sim, &["mannco", "withdraw", "--search", "crate key", "--count", "2", "--yes"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let withdrawn = sim
        .mannco
        .assets()
        .iter()
        .filter(|a| a.state == tradedeck::sim::mannco::AssetState::PendingWithdrawal && a.item_id == KEY)
        .count();
    assert_eq!(withdrawn, 2);
}

/// Every `--json` run writes JSON documents on stdout, one per line, and nothing else.
#[tokio::test]
async fn json_output_is_json_lines_and_nothing_else() {
    let sim = start_sim(10).await;
    let home = tempfile::tempdir().unwrap();
    let key = ids(&sim, KEY, 2);
    let runs: Vec<Vec<&str>> = vec![
        vec!["mannco", "on-sale", "--json"],
        vec!["mannco", "inventory", "--format", "json"],
        vec!["mannco", "price", "--search", "crate key", "--undercut", "1", "--floor", "1.80", "--dry-run", "--json"],
        vec!["mannco", "price", "--ids", &key, "--price", "2.30", "--yes", "--json"],
        vec!["journal", "--json"],
    ];
    for args in runs {
        let out = run_mannco_cli(&sim, home.path(), &args).await;
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(!stdout.trim().is_empty(), "{args:?}");
        for line in stdout.lines() {
            serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("{args:?}: {e}: {line:?}"));
        }
    }
}

/// Headless demo commands run one after another see each other's effects; --demo-reset
/// starts over.
#[tokio::test]
async fn demo_commands_see_each_others_effects() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: Vec<&'static str>| {
        let mut command = tradedeck_in(home.path());
        command.arg("--demo").args(args).stdin(std::process::Stdio::null());
        async move { command.output().await.unwrap() }
    };
    let listed = |out: &Output| -> Vec<serde_json::Value> {
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
        doc["items"].as_array().unwrap().clone()
    };
    let out = run(vec!["mannco", "price", "--exact", "Strange Rocket Launcher", "--price", "3.21", "--yes"]).await;
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let at_new_price =
        |rows: &[serde_json::Value]| rows.iter().any(|r| r["name"] == "Strange Rocket Launcher" && r["price"] == 321);
    let out = run(vec!["mannco", "on-sale", "--json"]).await;
    assert!(at_new_price(&listed(&out)), "the next command sees the new price: {}", text(&out.stdout));
    let out = run(vec!["--demo-reset", "mannco", "on-sale", "--json"]).await;
    assert!(!at_new_price(&listed(&out)), "reset starts over");
}

/// A token and an API key of one account share its journal (the market names the account),
/// and the first versions' `journal.jsonl` is still listed and reconciled.
#[tokio::test]
async fn one_journal_per_account_and_the_earliest_journal_still_read() {
    let sim = start_sim(10).await;
    let home = tempfile::tempdir().unwrap();
    let key = ids(&sim, KEY, 1);
    let out = run_mannco_cli(&sim, home.path(), &["mannco", "price", "--ids", &key, "--price", "2.40", "--yes"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The first versions' journal: a price sent, its answer never written.
    let legacy = home.path().join("data/tradedeck/journal.jsonl");
    let line = r#"{"event":"sent","id":"1763881200000-1-1","at":"2026-11-23T07:00:00Z","kind":"price","ids":[424242],"price":150}"#;
    std::fs::write(&legacy, format!("{line}\n")).unwrap();
    let with_token = |args: &'static [&'static str]| {
        let mut command = tradedeck_in(home.path());
        command
            .args(args)
            .env("MANNCO_API_URL", sim.url())
            .env("MANNCO_TOKEN", tradedeck::sim::mannco::DEMO_MANNCO_TOKEN)
            .stdin(std::process::Stdio::null());
        async move { command.output().await.unwrap() }
    };
    let out = with_token(&["journal", "--json"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(&format!("Mannco account {}", tradedeck::sim::mannco::DEMO_STEAM_ID)), "{stderr}");
    assert!(stderr.contains("journal.jsonl"), "the earliest journal is named: {stderr}");
    let docs: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let all: Vec<&serde_json::Value> = docs.iter().flat_map(|d| d.as_array().unwrap()).collect();
    let asset: u64 = key.parse().unwrap();
    assert!(all.iter().any(|e| e["action"]["ids"][0] == asset), "the key's price, sent with the API key: {docs:?}");
    assert!(all.iter().any(|e| e["action"]["ids"][0] == 424242), "the earliest journal's entry: {docs:?}");
    // Reconciled: the old price call is settled by re-reading the market.
    let out = with_token(&["journal", "--reconcile"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = with_token(&["journal", "--json"]).await;
    let docs: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let old = docs.iter().flat_map(|d| d.as_array().unwrap()).find(|e| e["action"]["ids"][0] == 424242).unwrap();
    assert!(old["outcomes"].as_array().is_some_and(|o| !o.is_empty()), "settled: {old}");
}

/// The journal records each item's final fate: a sale into a buy order as sold, with its
/// credit; a listing as listed.
#[tokio::test]
async fn the_journal_says_what_sold_and_what_was_listed() {
    let sim = start_sim(10).await;
    let home = tempfile::tempdir().unwrap();
    let keys = ids(&sim, KEY, 2);
    let hat = ids(&sim, TEAM_CAPTAIN, 1);
    for args in [
        vec!["mannco", "price", "--ids", &keys, "--price", "1.95", "--fill", "--yes"],
        vec!["mannco", "price", "--ids", &hat, "--price", "1.50", "--yes"],
    ] {
        let out = run_mannco_cli(&sim, home.path(), &args).await;
        assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    }
    let out = run_mannco_cli(&sim, home.path(), &["journal", "--json"]).await;
    let entries: Vec<serde_json::Value> =
        text(&out.stdout).lines().flat_map(|l| serde_json::from_str::<Vec<serde_json::Value>>(l).unwrap()).collect();
    let fates: Vec<&serde_json::Value> = entries
        .iter()
        .filter_map(|e| e["outcomes"].as_array()?.iter().find(|o| o["outcome"] == "settled"))
        .flat_map(|o| o["items"].as_array().unwrap())
        .collect();
    let sold: Vec<_> = fates.iter().filter(|f| f["fate"] == "sold").collect();
    assert_eq!(sold.len(), 2, "{fates:?}");
    assert!(sold.iter().all(|f| f["price"] == 195 && f["credit"] == 185), "{sold:?}");
    assert!(fates.iter().any(|f| f["fate"] == "listed" && f["price"] == 150), "{fates:?}");
    let table = run_mannco_cli(&sim, home.path(), &["journal"]).await;
    assert!(text(&table.stdout).contains("settled: 2 sold, credited $3.70"), "{}", text(&table.stdout));
}
