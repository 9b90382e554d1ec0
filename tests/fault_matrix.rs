//! The fault matrix: bulk-price 300 items at mixed prices and withdraw 50 while the market
//! fails (transient errors, answers dropped after applying, bare 500s, latency). Afterwards
//! the market holds exactly what was asked, nothing was applied twice, and the journal has an
//! outcome for every action.

mod common;

use common::*;
use std::collections::HashMap;
use std::time::Duration;
use tradedeck::api::retry::RetryPolicy;
use tradedeck::journal::{Journal, Outcome};
use tradedeck::money::Cents;
use tradedeck::sim::mannco::AssetState as ItemState;
use tradedeck::sim::{SimOptions, faults::Faults};
use tradedeck::trade::execute;
use tradedeck::trade::pricing::{IDS_PER_CALL, Plan, PriceCall};

/// The ids each applied request carried: requests the market handled (not turned away by an
/// injected fault before reaching it).
fn applied_ids(sim: &tradedeck::sim::SimHandle, path: &str) -> HashMap<u64, usize> {
    let mut seen = HashMap::new();
    for request in sim.faults.log().iter().filter(|r| r.path == path) {
        let reached_market = matches!(request.fault, None | Some("drop_after_apply"));
        if !reached_market || !(request.status == 200 || request.fault == Some("drop_after_apply")) {
            continue;
        }
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        for id in body["ids"].as_str().unwrap().split(',') {
            *seen.entry(id.parse().unwrap()).or_insert(0) += 1;
        }
    }
    seen
}

#[tokio::test]
async fn bulk_pricing_and_withdrawing_under_faults_ends_exactly_as_asked() {
    let options = SimOptions { seed: 5, items: 10, mannco_extra_keys: 400, ..Default::default() };
    let sim = tradedeck::sim::start(options, 0).await.unwrap();
    let keys: Vec<u64> = assets_named(&sim, KEY, 0).iter().map(|a| a.asset_id).collect();
    assert!(keys.len() >= 350);
    let (to_price, to_withdraw) = (&keys[..300], &keys[300..350]);
    let prices = [201, 205, 210, 215, 220, 230].map(Cents);
    let asked: HashMap<u64, Cents> =
        to_price.iter().enumerate().map(|(i, id)| (*id, prices[i % prices.len()])).collect();
    let mut by_price: std::collections::BTreeMap<Cents, Vec<u64>> = Default::default();
    for (id, price) in &asked {
        by_price.entry(*price).or_default().push(*id);
    }
    let calls: Vec<PriceCall> = by_price
        .into_iter()
        .flat_map(|(price, ids)| {
            ids.chunks(IDS_PER_CALL).map(|c| PriceCall { price, ids: c.to_vec() }).collect::<Vec<_>>()
        })
        .collect();

    sim.faults
        .set("transient=0.2,drop_after_apply=0.3,server_error=0.05,latency=2ms,seed=42".parse::<Faults>().unwrap());
    let policy = RetryPolicy {
        max_attempts: 8,
        base: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
        max_total_wait: Duration::from_secs(2),
    };
    let client = mannco_client(&sim).with_retry_policy(policy);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("journal.jsonl")).unwrap();

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    execute::submit_prices(&client, &journal, Plan { calls, names: Default::default() }, &tx).await;
    drop(tx);
    let mut reconciled = 0;
    while let Some(report) = rx.recv().await {
        assert!(report.result.is_ok(), "{:?}: {:?}", report.ids, report.result);
        reconciled += report.reconciled as usize;
    }
    let (withdrawn, _) = execute::withdraw(&client, &journal, to_withdraw.to_vec(), &Default::default())
        .await
        .expect("the withdrawal ends known");
    assert_eq!(withdrawn.updated, 50);
    sim.faults.set(Faults::default());

    // The market holds exactly what was asked.
    for (id, price) in &asked {
        let asset = sim.mannco.asset(*id).unwrap();
        assert_eq!((asset.state, asset.price), (ItemState::OnSale, Some(*price)), "{id}");
    }
    for id in to_withdraw {
        assert_eq!(sim.mannco.asset(*id).unwrap().state, ItemState::PendingWithdrawal, "{id}");
    }
    for id in &keys[350..] {
        assert_eq!(sim.mannco.asset(*id).unwrap().state, ItemState::InInventory, "{id} was touched");
    }
    // Nothing was applied twice.
    for (path, expected) in [("/inventory/price", 300), ("/inventory/withdraw", 50)] {
        let applied = applied_ids(&sim, path);
        assert_eq!(applied.len(), expected, "{path}");
        assert!(applied.values().all(|n| *n == 1), "{path}: an item was applied twice");
    }
    let log = sim.faults.log();
    assert!(log.iter().any(|r| r.fault == Some("drop_after_apply")), "the matrix injected no drop");
    assert!(reconciled > 0, "no outcome needed reconciling");
    // Every journaled action has a known outcome.
    let (entries, unreadable) = Journal::read(journal.path()).unwrap();
    assert_eq!(unreadable, 0);
    assert!(!entries.is_empty());
    for entry in &entries {
        assert!(!entry.needs_reconciling(), "{} has no known outcome: {:?}", entry.id, entry.outcomes);
        if matches!(entry.outcomes.first(), Some(Outcome::Unknown { .. })) {
            assert!(matches!(entry.outcomes.last(), Some(Outcome::Reconciled { .. })));
        }
    }
}
