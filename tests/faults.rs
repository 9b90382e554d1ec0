//! The clients against a simulator that fails on purpose: reads recover, money-moving calls
//! are never resent blindly, and every fault ends in a clear error.

mod common;

use common::*;
use std::time::Duration;
use tradedeck::api::assetpay::{InventoryQuery, Limit};
use tradedeck::api::mannco::ManncoError;
use tradedeck::api::retry::RetryPolicy;
use tradedeck::money::Cents;
use tradedeck::sim::faults::Faults;

fn faults(spec: &str) -> Faults {
    spec.parse().unwrap()
}

#[tokio::test]
async fn reads_recover_from_transient_errors_and_bad_bodies() {
    let sim = start_sim(300).await;
    let expected = client(&sim).inventory(&InventoryQuery { limit: Limit::All, ..Default::default() }).await.unwrap();
    sim.faults.set(faults("transient=0.3,malformed=0.05,truncated=0.05,server_error=0.05,rate_limited=0.02,seed=3"));
    let query = InventoryQuery { limit: Limit::PerPage(20), ..Default::default() };
    // Patient enough to wait out a one-second Retry-After.
    let patient = RetryPolicy { max_attempts: 6, max_total_wait: Duration::from_secs(5), ..RetryPolicy::FAST };
    let all =
        client(&sim).with_retry_policy(patient).inventory_all(&query).await.expect("every page despite the faults");
    assert_eq!(all.items.to_items(), expected.items);
    let log = sim.faults.log();
    assert!(log.iter().any(|r| r.fault == Some("transient")), "no fault was injected");
    let mannco = mannco_client(&sim).with_retry_policy(patient);
    let (on_sale, inventory) = tokio::join!(mannco.on_sale(), mannco.on_inventory());
    assert!(on_sale.is_ok() && inventory.is_ok());
}

#[tokio::test]
async fn retries_back_off_instead_of_bursting() {
    let sim = start_sim(10).await;
    sim.faults.set(faults("transient=1"));
    let policy =
        tradedeck::api::retry::RetryPolicy { max_attempts: 4, base: Duration::from_millis(40), ..Default::default() };
    let c = client(&sim).with_retry_policy(policy);
    assert!(c.inventory(&InventoryQuery::default()).await.is_err());
    let times: Vec<_> = sim.faults.log().iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 4);
    for (i, pair) in times.windows(2).enumerate() {
        let gap = pair[1] - pair[0];
        let least = Duration::from_millis(40 * (1 << i) / 2);
        assert!(gap >= least, "retry {i} came after {gap:?}, before {least:?}");
    }
}

#[tokio::test]
async fn every_fault_on_a_read_ends_in_a_clear_error_when_it_persists() {
    let sim = start_sim(10).await;
    for spec in ["malformed=1", "truncated=1", "server_error=1", "rate_limited=1", "transient=1"] {
        sim.faults.set(faults(spec));
        let err = client(&sim).inventory(&InventoryQuery::default()).await.unwrap_err().to_string();
        assert!(!err.is_empty() && !err.contains("panicked"), "{spec}: {err}");
        let err = mannco_client(&sim).on_sale().await.unwrap_err().to_string();
        assert!(!err.contains('{'), "{spec}: raw body in {err}");
    }
}

#[tokio::test]
async fn a_dropped_answer_after_a_price_is_an_unknown_outcome_and_is_not_resent() {
    let sim = start_sim(10).await;
    let ids: Vec<u64> = assets_named(&sim, TEAM_CAPTAIN, 0).iter().map(|a| a.asset_id).collect();
    sim.faults.set(faults("drop_after_apply=1"));
    let err = mannco_client(&sim).price(&ids, Cents(150)).await.unwrap_err();
    assert!(matches!(err, ManncoError::OutcomeUnknown(_)), "{err:?}");
    let posts = sim.faults.log().iter().filter(|r| r.path == "/inventory/price").count();
    assert_eq!(posts, 1, "an ambiguous call was sent again");
    assert!(ids.iter().all(|id| sim.mannco.asset(*id).unwrap().price == Some(Cents(150))), "it was applied");
}

#[tokio::test]
async fn a_bare_500_on_a_price_is_an_unknown_outcome() {
    let sim = start_sim(10).await;
    let ids: Vec<u64> = assets_named(&sim, TEAM_CAPTAIN, 0).iter().map(|a| a.asset_id).collect();
    sim.faults.set(faults("server_error=1"));
    let err = mannco_client(&sim).price(&ids, Cents(150)).await.unwrap_err();
    assert!(matches!(err, ManncoError::OutcomeUnknown(_)), "{err:?}");
    assert_eq!(sim.faults.log().iter().filter(|r| r.path == "/inventory/price").count(), 1);
}

#[tokio::test]
async fn a_429_on_a_price_was_not_applied_so_it_is_retried() {
    let sim = start_sim(10).await;
    let ids: Vec<u64> = assets_named(&sim, TEAM_CAPTAIN, 0).iter().map(|a| a.asset_id).collect();
    sim.faults.set(faults("rate_limited=0.5,seed=2"));
    let policy = tradedeck::api::retry::RetryPolicy {
        max_attempts: 8,
        max_total_wait: Duration::from_secs(10),
        ..tradedeck::api::retry::RetryPolicy::FAST
    };
    mannco_client(&sim).with_retry_policy(policy).price(&ids, Cents(150)).await.unwrap();
    let applied = sim.mannco.requests().len();
    assert_eq!(applied, 1, "the market applied the price once");
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_money() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let c = tradedeck::api::mannco::ManncoClient::new(
        tradedeck::api::http_client(),
        &format!("http://127.0.0.1:{port}"),
        Some(tradedeck::secret::Secret::new("t")),
        None,
    )
    .with_retry_policy(tradedeck::api::retry::RetryPolicy::FAST);
    let err = c.price(&[1], Cents(100)).await.unwrap_err();
    assert!(matches!(err, ManncoError::Network(_)), "never connected, so not unknown: {err:?}");
}

#[tokio::test]
async fn reconciling_the_journal_reads_the_market_once_and_records_what_it_shows() {
    use tradedeck::journal::{Action, Journal, Outcome};
    let sim = start_sim(10).await;
    let c = mannco_client(&sim);
    let hats: Vec<u64> = assets_named(&sim, TEAM_CAPTAIN, 0).iter().map(|a| a.asset_id).collect();
    let keys: Vec<u64> = assets_named(&sim, KEY, 0).iter().take(2).map(|a| a.asset_id).collect();
    c.price(&hats, Cents(150)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("journal.jsonl")).unwrap();
    // Three actions whose answers were lost: one applied, two that never happened.
    let applied = journal
        .record_sent(&Action::Price { ids: hats.clone(), price: Cents(150), names: Default::default() })
        .unwrap();
    let not_applied = journal
        .record_sent(&Action::Price { ids: keys.clone(), price: Cents(222), names: Default::default() })
        .unwrap();
    let withdraw = journal.record_sent(&Action::Withdraw { ids: keys.clone(), names: Default::default() }).unwrap();
    for id in [&applied, &not_applied, &withdraw] {
        journal.record_outcome(id, Outcome::Unknown { reason: "the connection dropped".into() }).unwrap();
    }
    let reads_before = sim.faults.log().iter().filter(|r| r.method == "GET").count();
    let done = tradedeck::trade::execute::reconcile_journal(&c, &journal).await.unwrap();
    assert_eq!((done.settled, done.awaited), (3, 0));
    let reads = sim.faults.log().iter().filter(|r| r.method == "GET").count() - reads_before;
    assert_eq!(reads, 2, "one read of each list for all three entries");
    let (entries, _) = Journal::read(journal.path()).unwrap();
    let outcome = |id: &str| entries.iter().find(|e| e.id == id).unwrap().outcomes.last().cloned().unwrap();
    assert_eq!(outcome(&applied), Outcome::Reconciled { done: hats, not_done: vec![], gone: vec![] });
    assert_eq!(outcome(&not_applied), Outcome::Reconciled { done: vec![], not_done: keys.clone(), gone: vec![] });
    assert_eq!(outcome(&withdraw), Outcome::Reconciled { done: vec![], not_done: keys, gone: vec![] });
    assert!(entries.iter().all(|e| !e.needs_reconciling()));
}
