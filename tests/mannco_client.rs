//! The Mannco client against the simulator: every endpoint, every documented error, the
//! buy-order fill and the 95% credit in exact cents.

mod common;

use common::*;
use serde_json::{Value, json};
use tradedeck::api::mannco::ItemState;
use tradedeck::api::mannco::{ManncoError, MarketError};
use tradedeck::money::Cents;
use tradedeck::sim::mannco::AssetState;
use tradedeck::sim::mannco::DEMO_MANNCO_TOKEN;

fn kind(err: ManncoError) -> MarketError {
    match err {
        ManncoError::Market { kind, status, .. } => {
            assert_eq!(status, 300, "business errors come with HTTP 300");
            kind
        }
        other => panic!("expected a market error, got {other:?}"),
    }
}

/// Posts a raw body, for the malformed requests the client itself never sends.
async fn raw_post(sim: &tradedeck::sim::SimHandle, path: &str, body: Value) -> MarketError {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sim.url()))
        .bearer_auth(DEMO_MANNCO_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    kind(tradedeck::api::mannco::decode::<Value>(status, &bytes).unwrap_err())
}

#[tokio::test]
async fn lists_group_identical_items() {
    let sim = start_sim(10).await;
    let c = mannco_client(&sim);
    let on_sale = c.on_sale().await.unwrap();
    assert!(on_sale.items.iter().all(|r| r.state == ItemState::OnSale && r.price.is_some()));
    let inventory = c.on_inventory().await.unwrap();
    assert!(inventory.items.iter().all(|r| r.state != ItemState::OnSale && r.price.is_none()));
    let keys = inventory.items.iter().find(|r| r.item_id == KEY && r.state == ItemState::InInventory).unwrap();
    assert_eq!(keys.quantity() as usize, keys.asset_ids().len());
    assert_eq!(keys.asset_ids().len(), assets_named(&sim, KEY, 0).len());
    assert!(keys.quantity() >= 20, "keys come in bulk");
    assert!(inventory.items.iter().any(|r| r.state == ItemState::PendingWithdrawal), "an item pending withdrawal");
    assert!(inventory.items.iter().any(|r| r.state == ItemState::InTrade), "an item in a trade");
    assert!(on_sale.items.iter().chain(&inventory.items).any(|r| r.effect().is_some()), "unusual effects");
}

#[tokio::test]
async fn pricing_lists_at_the_exact_cents() {
    let sim = start_sim(10).await;
    let c = mannco_client(&sim);
    let ids: Vec<u64> = assets_named(&sim, TEAM_CAPTAIN, 0).iter().map(|a| a.asset_id).collect();
    c.price(&ids, Cents(123)).await.unwrap();
    for id in &ids {
        let asset = sim.mannco.asset(*id).unwrap();
        assert_eq!((asset.state, asset.price), (AssetState::OnSale, Some(Cents(123))));
    }
    // Pricing a listed item re-prices it.
    c.price(&ids[..1], Cents(150)).await.unwrap();
    assert_eq!(sim.mannco.asset(ids[0]).unwrap().price, Some(Cents(150)));
    let listed = c.on_sale().await.unwrap();
    assert!(listed.items.iter().any(|r| r.item_id == TEAM_CAPTAIN && r.price == Some(Cents(150)) && r.count == 1));
}

#[tokio::test]
async fn a_buy_order_at_or_above_the_price_fills_and_credits_95_percent() {
    let sim = start_sim(10).await;
    let c = mannco_client(&sim);
    let before = c.balance().await.unwrap();
    assert_eq!(before, sim.mannco.balance());
    let pricing = c.pricing(&[KEY]).await.unwrap();
    let order = pricing[&KEY].best_buy_order().unwrap();
    let keys: Vec<u64> = assets_named(&sim, KEY, 0).iter().take(3).map(|a| a.asset_id).collect();
    // At exactly the buy order's price it fills.
    c.price(&keys, order).await.unwrap();
    for id in &keys {
        assert!(sim.mannco.asset(*id).is_none(), "a filled item leaves the inventory");
    }
    let credited = Cents(order.after_fee().0 * 3);
    assert_eq!(c.balance().await.unwrap(), before + credited);
    assert_eq!(order.after_fee(), Cents(order.0 * 95 / 100));
    assert_eq!(sim.mannco.sales().len(), 3);
    // One cent above every buy order, it lists instead.
    let next = assets_named(&sim, KEY, 0)[0].asset_id;
    c.price(&[next], Cents(order.0 + 1)).await.unwrap();
    assert_eq!(sim.mannco.asset(next).unwrap().state, AssetState::OnSale);
}

#[tokio::test]
async fn price_errors_as_documented() {
    let sim = start_sim(10).await;
    let c = mannco_client(&sim);
    let key = assets_named(&sim, KEY, 0)[0].asset_id;
    let err = c.price(&[key], Cents(251)).await.unwrap_err();
    assert_eq!(kind(err), MarketError::PriceLimitExceeded { max: Some(Cents(250)) });
    assert_eq!(kind(c.price(&[1], Cents(100)).await.unwrap_err()), MarketError::ItemNotFoundOrNotOwned);
    let pending = assets_named(&sim, 5002, 2)[0].asset_id;
    assert_eq!(kind(c.price(&[pending], Cents(100)).await.unwrap_err()), MarketError::ItemNotFoundOrNotOwned);
    let held = sim.mannco.assets().into_iter().find(|a| a.item_id == REDLINE && a.trade_lock_until.is_some()).unwrap();
    assert_eq!(kind(c.price(&[held.asset_id], Cents(1500)).await.unwrap_err()), MarketError::TradeLocked);
    // A refused call applies nothing, even to the valid ids in it.
    assert_eq!(kind(c.price(&[key, held.asset_id], Cents(100)).await.unwrap_err()), MarketError::TradeLocked);
    assert_eq!(sim.mannco.asset(key).unwrap().state, AssetState::InInventory);
    assert_eq!(raw_post(&sim, "/inventory/price", json!({"price": 100})).await, MarketError::MissingParameters);
    assert_eq!(
        raw_post(&sim, "/inventory/price", json!({"ids": key.to_string()})).await,
        MarketError::MissingParameters
    );
    assert_eq!(
        raw_post(&sim, "/inventory/price", json!({"ids": key, "price": 100})).await,
        MarketError::InvalidIdsFormat
    );
    for price in [json!(0), json!(5_000_001), json!("abc"), json!(-5)] {
        assert_eq!(
            raw_post(&sim, "/inventory/price", json!({"ids": key.to_string(), "price": price})).await,
            MarketError::PriceTooHighOrInvalid
        );
    }
}

#[tokio::test]
async fn invalid_prices_and_ids_never_leave_the_client() {
    let sim = start_sim(10).await;
    let c = mannco_client(&sim);
    for price in [Cents(0), Cents(-1), Cents(5_000_001)] {
        assert!(matches!(c.price(&[1], price).await, Err(ManncoError::InvalidInput(_))));
    }
    assert!(matches!(c.price(&[], Cents(100)).await, Err(ManncoError::InvalidInput(_))));
    assert!(matches!(c.withdraw(&[]).await, Err(ManncoError::InvalidInput(_))));
    assert!(sim.mannco.requests().is_empty(), "a refused request reached the market");
}

#[tokio::test]
async fn withdrawals_move_items_to_pending() {
    let sim = start_sim(10).await;
    let c = mannco_client(&sim);
    let ids: Vec<u64> = assets_named(&sim, TEAM_CAPTAIN, 0).iter().map(|a| a.asset_id).collect();
    let result = c.withdraw(&ids).await.unwrap();
    assert_eq!((result.updated, result.locked), (2, 0));
    assert_eq!(result.message, "Items withdrawal processed");
    assert!(ids.iter().all(|id| sim.mannco.asset(*id).unwrap().state == AssetState::PendingWithdrawal));
    // Again: they are pending now.
    assert_eq!(kind(c.withdraw(&ids).await.unwrap_err()), MarketError::ItemsNotAvailable);
    // A mix: the one in a trade is counted as locked.
    let in_trade = assets_named(&sim, 18, 3)[0].asset_id;
    let free = assets_named(&sim, 18, 0)[0].asset_id;
    let result = c.withdraw(&[free, in_trade]).await.unwrap();
    assert_eq!((result.updated, result.locked), (1, 1));
    assert_eq!(kind(c.withdraw(&[1]).await.unwrap_err()), MarketError::ItemsNotFound);
    assert_eq!(raw_post(&sim, "/inventory/withdraw", json!({})).await, MarketError::MissingIds);
    assert_eq!(raw_post(&sim, "/inventory/withdraw", json!({"ids": "x,y"})).await, MarketError::NoValidIds);
}

#[tokio::test]
async fn logs_in_with_the_api_key_and_again_when_the_token_is_refused() {
    let sim = start_sim(10).await;
    let c = mannco_login_client(&sim, mannco_key());
    c.on_sale().await.unwrap();
    assert_eq!(sim.mannco.logins(), 1);
    c.on_inventory().await.unwrap();
    assert_eq!(sim.mannco.logins(), 1, "the JWT is kept for the session");
    sim.mannco.expire_tokens();
    c.on_sale().await.unwrap();
    assert_eq!(sim.mannco.logins(), 2, "a refused token triggers one new login");
}

#[tokio::test]
async fn calls_made_together_share_one_login() {
    let sim = start_sim(10).await;
    let c = mannco_login_client(&sim, mannco_key());
    let (a, b, d) = tokio::join!(c.on_sale(), c.on_inventory(), c.balance());
    assert!(a.is_ok() && b.is_ok() && d.is_ok());
    assert_eq!(sim.mannco.logins(), 1);
    sim.mannco.expire_tokens();
    let (a, b) = tokio::join!(c.on_sale(), c.on_inventory());
    assert!(a.is_ok() && b.is_ok());
    assert_eq!(sim.mannco.logins(), 2, "one renewal for both refused calls");
}

#[tokio::test]
async fn login_errors() {
    let sim = start_sim(10).await;
    let err = mannco_login_client(&sim, "wrong").on_sale().await.unwrap_err();
    assert_eq!(err.market_kind(), Some(&MarketError::InvalidApiKey));
    assert!(err.to_string().contains("MANNCO_API_KEY"));
    let err = mannco_login_client(&sim, "demo-country-blocked").on_sale().await.unwrap_err();
    assert_eq!(err.market_kind(), Some(&MarketError::CountryBlocked));
    let response =
        reqwest::Client::new().post(format!("{}/user/login", sim.url())).json(&json!({})).send().await.unwrap();
    let status = response.status().as_u16();
    let err = tradedeck::api::mannco::decode::<Value>(status, &response.bytes().await.unwrap()).unwrap_err();
    assert_eq!(kind(err), MarketError::MissingApiKey);
    // A bad token with no API key to log in with is a clear refusal, not a loop.
    let bad = tradedeck::api::mannco::ManncoClient::new(
        tradedeck::api::http_client(),
        &sim.url(),
        Some(tradedeck::secret::Secret::new("stale")),
        None,
    );
    assert!(matches!(bad.on_sale().await, Err(ManncoError::Unauthorized { status: 403, .. })));
}

#[tokio::test]
async fn price_lookups_for_many_items() {
    let sim = start_sim(10).await;
    let c = mannco_client(&sim);
    let mut ids: Vec<i64> = (1..=250).collect();
    ids.extend([KEY, TEAM_CAPTAIN]);
    let pricing = c.pricing(&ids).await.unwrap();
    let key = &pricing[&KEY];
    assert!(key.lowest_sale_price.is_some() && key.suggested_price.is_some());
    assert_eq!(key.best_buy_order(), Some(Cents(195)));
    assert_eq!(key.cached.is_some(), key.last_updated.is_some(), "the documented row: a cache flag and a time");
    assert!(pricing.contains_key(&TEAM_CAPTAIN));
}

#[tokio::test]
async fn sales_graphs_give_a_point_a_day_and_refuse_unknown_periods() {
    let sim = start_sim(10).await;
    let client = mannco_client(&sim);
    let listed = client.on_sale().await.unwrap();
    let mut ids: Vec<i64> = listed.items.iter().map(|r| r.item_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let even = ids.iter().find(|id| *id % 2 == 0).copied();
    let odd = ids.iter().find(|id| *id % 2 != 0).copied();
    for id in [even, odd].into_iter().flatten() {
        let points = client.sales_graph(id, "1M").await.unwrap();
        assert_eq!(points.len(), 30, "one point a day for a month");
        assert!(points.iter().any(|p| p.price.is_some() && p.sold > 0), "{points:?}");
        assert!(!tradedeck::ui::sparkline::sparkline(&points).trim().is_empty());
    }
    assert!(client.sales_graph(ids[0], "2W").await.is_err(), "an unknown period is refused");
}

#[tokio::test]
async fn buyers_appear_over_time_fill_listings_under_their_bid_and_the_history_shows_it() {
    let options = tradedeck::sim::SimOptions {
        seed: 7,
        items: 10,
        competition: Some(std::time::Duration::from_secs(1)),
        ..Default::default()
    };
    let sim = tradedeck::sim::start(options, 0).await.unwrap();
    let client = mannco_client(&sim);
    let key = client.on_inventory().await.unwrap().items.into_iter().find(|r| r.name.contains("Key")).unwrap();
    let id = key.asset_ids()[0];
    // Above the standing $1.95 orders, under what the first new buyer bids (3% under the
    // others' lowest, $2.09 less one step).
    client.price(&[id], Cents(196)).await.unwrap();
    assert!(sim.mannco.asset(id).is_some(), "not filled by the standing orders");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while sim.mannco.asset(id).is_some() {
        assert!(std::time::Instant::now() < deadline, "no buyer came");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let _ = client.balance().await;
    }
    let history = client.sales_history().await.unwrap();
    let sale = history.iter().find(|r| r.name.contains("Key")).expect("the sale is in the history");
    assert_eq!(sale.price, Some(Cents(196)));
    assert!(sale.at.is_some() && sale.item_id.is_some());
}

/// When the market refuses the login for two calls running, the rest of a bulk run is not
/// sent: every item still gets its answer, and none is sent blind.
#[tokio::test]
async fn two_refused_logins_in_a_row_stop_the_run() {
    use tradedeck::trade::pricing::{Plan, PriceCall};
    let sim = start_sim(10).await;
    let keys: Vec<u64> = assets_named(&sim, KEY, 0).iter().take(4).map(|a| a.asset_id).collect();
    sim.mannco.expire_tokens();
    let client = mannco_client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let journal = tradedeck::journal::Journal::open(&dir.path().join("j.jsonl")).unwrap();
    let calls =
        keys.iter().zip([210, 211, 212, 213]).map(|(id, c)| PriceCall { price: Cents(c), ids: vec![*id] }).collect();
    let plan = Plan { calls, names: Default::default() };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tradedeck::trade::execute::submit_prices(&client, &journal, plan, &tx).await;
    drop(tx);
    let mut reports = vec![];
    while let Some(report) = rx.recv().await {
        reports.push(report);
    }
    assert_eq!(reports.len(), 4, "every call has its answer");
    let sent = sim.faults.log().iter().filter(|r| r.path == "/inventory/price").count();
    assert_eq!(sent, 2, "two refused logins, then nothing more sent");
    let stopped = reports
        .iter()
        .filter(|r| matches!(&r.result, Err(ManncoError::InvalidInput(why)) if why.contains("refused the login")))
        .count();
    assert_eq!(stopped, 2);
}
