//! The client against the simulator in both documented readings (`--shapes docs` and `alt`):
//! where the sources disagree, tradedeck must read what either kind of server sends.

mod common;

use common::*;
use tradedeck::api::assetpay::{ErrorKey, InventoryQuery, Limit};
use tradedeck::api::mannco::{ManncoClient, ManncoError, MarketError};
use tradedeck::money::Cents;
use tradedeck::secret::Secret;
use tradedeck::sim::{self, Shapes, SimHandle, SimOptions};

const KEY: i64 = 5021;

async fn sim_in(shapes: Shapes) -> SimHandle {
    sim::start(SimOptions { seed: 7, items: 40, shapes, ..Default::default() }, 0).await.expect("simulator starts")
}

fn mannco(sim: &SimHandle) -> ManncoClient {
    ManncoClient::new(tradedeck::api::http_client(), &sim.url(), None, Some(Secret::new(mannco_key())))
        .with_retry_policy(tradedeck::api::retry::RetryPolicy::FAST)
}

#[tokio::test]
async fn mannco_lists_prices_graphs_and_refusals_read_in_both() {
    for shapes in [Shapes::Docs, Shapes::Alt] {
        let sim = sim_in(shapes).await;
        let client = mannco(&sim);
        let on_sale = client.on_sale().await.unwrap();
        let inventory = client.on_inventory().await.unwrap();
        let rows: Vec<_> = on_sale.items.iter().chain(&inventory.items).collect();
        assert!(rows.len() > 5, "{shapes:?}");
        assert!(rows.iter().all(|r| !r.name.is_empty() && r.quality.as_deref().is_none_or(|q| !q.ends_with(';'))));
        let mut ids: Vec<i64> = rows.iter().map(|r| r.item_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let pricing = client.pricing(&ids).await.unwrap();
        assert_eq!(pricing.len(), ids.len(), "{shapes:?}: every item type priced");
        for p in pricing.values() {
            assert!(p.suggested_price.is_some() && p.cached.is_some() && p.last_updated.is_some(), "{shapes:?} {p:?}");
        }
        assert_eq!(pricing[&KEY].best_buy_order(), Some(Cents(195)), "{shapes:?}");
        assert_eq!(pricing[&KEY].lowest_listing(), Some(Cents(209)), "{shapes:?}");
        let points = client.sales_graph(KEY, "1M").await.unwrap();
        assert_eq!(points.len(), 30, "{shapes:?}");
        assert!(points.iter().any(|p| p.price.is_some() && p.sold > 0), "{shapes:?}");
        assert!(client.balance().await.unwrap().0 > 0);
        // The cap's refusal names its maximum whatever the wording.
        let key = inventory.items.iter().find(|r| r.item_id == KEY).unwrap().asset_ids()[0];
        match client.price(&[key], Cents(300)).await {
            Err(ManncoError::Market { kind: MarketError::PriceLimitExceeded { max }, .. }) => {
                assert_eq!(max, Some(Cents(250)), "{shapes:?}")
            }
            other => panic!("{shapes:?}: {other:?}"),
        }
        // Sold into the standing $1.95 order: the history shows it in either row shape.
        client.price(&[key], Cents(195)).await.unwrap();
        let history = client.sales_history().await.unwrap();
        let sale = history.iter().find(|r| r.item_id == Some(KEY)).expect("the sale");
        assert_eq!((sale.price, sale.name.as_str()), (Some(Cents(195)), "Mann Co. Supply Crate Key"), "{shapes:?}");
    }
}

#[tokio::test]
async fn assetpay_inventories_and_errors_read_in_both() {
    for shapes in [Shapes::Docs, Shapes::Alt] {
        let sim = sim_in(shapes).await;
        let page = client(&sim).inventory(&InventoryQuery::default()).await.unwrap();
        assert!(!page.items.is_empty() && page.skipped.is_empty(), "{shapes:?}");
        let all = client(&sim).inventory_all(&InventoryQuery { limit: Limit::All, ..Default::default() }).await;
        assert_eq!(all.unwrap().items.len(), 40, "{shapes:?}");
        for (code, key) in [("3", ErrorKey::InventoryFetchFailed), ("429", ErrorKey::RateLimited)] {
            let failing = client_token(&sim, &format!("demo-fail-{code}"))
                .with_retry_policy(tradedeck::api::retry::RetryPolicy::NONE);
            let err = failing.inventory(&InventoryQuery::default()).await.unwrap_err();
            match err {
                tradedeck::api::assetpay::AssetPayError::Api(e) => assert_eq!(e.key, key, "{shapes:?}"),
                other => panic!("{shapes:?} {code}: {other:?}"),
            }
        }
    }
}
