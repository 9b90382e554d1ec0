//! The AssetPay client against the simulator on a loopback port: every query parameter and
//! every documented error key.

mod common;

use common::*;
use tradedeck::api::assetpay::{AssetPayError, ErrorKey, Game, InventoryQuery, Item, Limit, Sort};
use tradedeck::money::Usd;
use tradedeck::sim::assetpay::{DEMO_API_KEY, DEMO_TRADE_URL};

fn q() -> InventoryQuery {
    InventoryQuery::default()
}

fn all() -> InventoryQuery {
    InventoryQuery { limit: Limit::All, ..q() }
}

fn api_key(err: AssetPayError) -> ErrorKey {
    match err {
        AssetPayError::Api(e) => e.key,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn client_endpoint_first_page() {
    let sim = start_sim(300).await;
    let page = client(&sim).inventory(&q()).await.unwrap();
    assert_eq!(page.count, 300);
    assert_eq!(page.items.len(), 50);
    assert_eq!(page.collateral, Usd::from_cents(15_000));
    assert!(page.updated_at.is_some());
    assert!(page.items.iter().all(|i| i.appid == 730));
}

#[tokio::test]
async fn bearer_prefix_is_accepted() {
    let sim = start_sim(20).await;
    let page = client_token(&sim, "Bearer demo-client-token").inventory(&q()).await.unwrap();
    assert_eq!(page.count, 20);
}

#[tokio::test]
async fn secure_endpoint_reads_by_trade_url_with_zero_collateral() {
    let sim = start_sim(40).await;
    let page = secure_client(&sim, DEMO_TRADE_URL).inventory(&all()).await.unwrap();
    assert_eq!(page.count, 40);
    assert_eq!(page.collateral, Usd::ZERO);
    // The demo trade URL is the same account as the demo client token.
    let own = client(&sim).inventory(&all()).await.unwrap();
    assert_eq!(page.items, own.items);
    let other = secure_client(&sim, &trade_url_for(999)).inventory(&all()).await.unwrap();
    assert_ne!(other.items, own.items);
}

#[tokio::test]
async fn game_selects_rust() {
    let sim = start_sim(100).await;
    let page = client(&sim).inventory(&InventoryQuery { game: Game::Rust, ..all() }).await.unwrap();
    assert_eq!(page.count, 25);
    assert!(page.items.iter().all(|i| i.appid == 252490 && i.exterior.is_none()));
}

#[tokio::test]
async fn search_is_a_case_insensitive_substring_of_either_name() {
    let sim = start_sim(400).await;
    let c = client(&sim);
    let everything = c.inventory(&all()).await.unwrap().items;
    let expected: Vec<&Item> = everything.iter().filter(|i| i.matches_search("redline")).collect();
    assert!(!expected.is_empty());
    let page = c.inventory(&InventoryQuery { search: Some("REDline".into()), ..all() }).await.unwrap();
    assert_eq!(page.count as usize, expected.len());
    assert_eq!(page.items.iter().collect::<Vec<_>>(), expected);
    // "field-tested" appears only in market hash names.
    let by_hash = c.inventory(&InventoryQuery { search: Some("Field-Tested".into()), ..all() }).await.unwrap();
    assert!(by_hash.count > 0);
    assert!(by_hash.items.iter().all(|i| { i.market_hash_name.as_deref().unwrap().contains("Field-Tested") }));
    let wide = c.inventory(&InventoryQuery { search: Some("龍王".into()), ..all() }).await.unwrap();
    assert!(wide.items.iter().all(|i| i.display_name().contains("龍王")));
}

#[tokio::test]
async fn the_five_sorts() {
    let sim = start_sim(300).await;
    let c = client(&sim);
    let relevance = c.inventory(&all()).await.unwrap().items;
    let price = |i: &Item| i.offer_price().unwrap();
    let name = |i: &Item| i.display_name().to_lowercase();
    for sort in Sort::ALL {
        let items = c.inventory(&InventoryQuery { sort, ..all() }).await.unwrap().items;
        assert_eq!(items.len(), relevance.len());
        let ordered = items.windows(2).all(|w| match sort {
            Sort::Relevance => true,
            Sort::PriceAsc => price(&w[0]) <= price(&w[1]),
            Sort::PriceDesc => price(&w[0]) >= price(&w[1]),
            Sort::NameAsc => name(&w[0]) <= name(&w[1]),
            Sort::NameDesc => name(&w[0]) >= name(&w[1]),
        });
        assert!(ordered, "{sort:?} is not ordered");
        if sort == Sort::Relevance {
            assert_eq!(items, relevance);
        } else {
            assert_ne!(items, relevance, "{sort:?} should reorder");
        }
    }
}

#[tokio::test]
async fn price_bounds_apply_to_the_offer_inclusively() {
    let sim = start_sim(300).await;
    let c = client(&sim);
    let everything = c.inventory(&all()).await.unwrap().items;
    let (min, max) = (Usd::from_cents(1000), Usd::from_cents(10_000));
    let expected = everything.iter().filter(|i| (min..=max).contains(&i.offer_price().unwrap())).count();
    let page = c.inventory(&InventoryQuery { min_price: Some(min), max_price: Some(max), ..all() }).await.unwrap();
    assert_eq!(page.count as usize, expected);
    assert!(page.items.iter().all(|i| (min..=max).contains(&i.offer_price().unwrap())));
    // An exact price is inside both bounds.
    let one = everything[0].offer_price().unwrap();
    let exact = c.inventory(&InventoryQuery { min_price: Some(one), max_price: Some(one), ..all() }).await.unwrap();
    assert!(exact.items.iter().any(|i| i.id == everything[0].id));
}

#[tokio::test]
async fn pages_and_limits() {
    let sim = start_sim(100).await;
    let c = client(&sim);
    let everything = c.inventory(&all()).await.unwrap();
    assert_eq!(everything.items.len(), 100);
    let page2 = c.inventory(&InventoryQuery { page: 2, limit: Limit::PerPage(7), ..q() }).await.unwrap();
    assert_eq!(page2.count, 100);
    assert_eq!(page2.items, everything.items[7..14]);
    let past_end = c.inventory(&InventoryQuery { page: 99, ..q() }).await.unwrap();
    assert_eq!((past_end.count, past_end.items.len()), (100, 0));
    let paged = c.inventory_all(&InventoryQuery { limit: Limit::PerPage(30), ..q() }).await.unwrap();
    assert_eq!(paged.items.to_items(), everything.items);
}

#[tokio::test]
async fn refresh_moves_updated_at() {
    let sim = start_sim(10).await;
    let c = client(&sim);
    let before = c.inventory(&q()).await.unwrap().updated_at.unwrap();
    let cached = c.inventory(&q()).await.unwrap().updated_at.unwrap();
    assert_eq!(before, cached);
    let refreshed = c.inventory(&InventoryQuery { refresh: true, ..q() }).await.unwrap().updated_at.unwrap();
    assert!(refreshed > before);
}

#[tokio::test]
async fn wrong_token_and_wrong_api_key() {
    let sim = start_sim(10).await;
    let err = client_token(&sim, "nope").inventory(&q()).await.unwrap_err();
    assert!(err.to_string().contains("invalid or expired"), "{err}");
    assert_eq!(api_key(err), ErrorKey::InvalidToken);
    let bad_key = tradedeck::api::assetpay::AssetPayClient::new(
        tradedeck::api::http_client(),
        &sim.url(),
        tradedeck::api::assetpay::Auth::Secure {
            api_key: tradedeck::secret::Secret::new("ap_wrong"),
            trade_url: tradedeck::api::assetpay::TradeUrl::parse(DEMO_TRADE_URL).unwrap(),
        },
    );
    assert_eq!(api_key(bad_key.inventory(&q()).await.unwrap_err()), ErrorKey::InvalidToken);
}

#[tokio::test]
async fn every_documented_error_can_be_triggered_on_both_endpoints() {
    let sim = start_sim(10).await;
    let cases = [
        (3, ErrorKey::InventoryFetchFailed, 424),
        (7, ErrorKey::UserNotTradeable, 403),
        (31, ErrorKey::SteamUnavailable, 424),
        (33, ErrorKey::SteamRateLimited, 424),
        (1010, ErrorKey::NoBotsAvailable, 503),
        (1011, ErrorKey::FleetDegraded, 503),
        (429, ErrorKey::RateLimited, 429),
    ];
    for (code, key, status) in cases {
        for err in [
            client_token(&sim, &format!("demo-fail-{code}")).inventory(&q()).await.unwrap_err(),
            secure_client(&sim, &trade_url_for(code)).inventory(&q()).await.unwrap_err(),
        ] {
            let AssetPayError::Api(e) = err else { panic!("{code}: {err:?}") };
            assert_eq!(e.key, key);
            assert_eq!(e.status, status);
            assert_eq!(e.key.is_retryable(), key.is_retryable());
            if key == ErrorKey::FleetDegraded {
                assert_eq!(e.retry_after, Some(std::time::Duration::from_secs(30)));
            }
        }
    }
}

#[tokio::test]
async fn server_refuses_bad_parameters_with_validation_failed() {
    let sim = start_sim(10).await;
    let http = reqwest::Client::new();
    let url = format!("{}/client/inventory", sim.url());
    for (param, value) in
        [("sort", "cheapest"), ("page", "0"), ("limit", "0"), ("game", "440"), ("minPrice", "-1"), ("refresh", "maybe")]
    {
        let response =
            http.get(&url).header("Authorization", "demo-client-token").query(&[(param, value)]).send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap();
        let AssetPayError::Api(e) = tradedeck::api::assetpay::decode_inventory(status, None, &body).unwrap_err() else {
            panic!()
        };
        assert_eq!((status, e.key.clone()), (400, ErrorKey::ValidationFailed));
        assert!(e.fields.contains_key(param), "{param}: {:?}", e.fields);
    }
    let long = "x".repeat(101);
    let response = http
        .get(&url)
        .header("Authorization", "demo-client-token")
        .query(&[("search", long.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    // A malformed trade URL sent straight to /secure gets INVALID_TRADEURL.
    let response = http
        .get(format!("{}/secure/inventory", sim.url()))
        .header("api-key", DEMO_API_KEY)
        .query(&[("tradeUrl", "https://steamcommunity.com/tradeoffer/new/?partner=1&token=short")])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    let err = tradedeck::api::assetpay::decode_inventory(status, None, &body).unwrap_err();
    assert_eq!(api_key(err), ErrorKey::InvalidTradeUrl);
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let sim = start_sim(10).await;
    let c = client(&sim);
    c.inventory(&q()).await.unwrap();
    let served = sim.assetpay.requests_served();
    for query in [
        InventoryQuery { search: Some("a".repeat(101)), ..q() },
        InventoryQuery { page: 0, ..q() },
        InventoryQuery { min_price: Some(Usd::from_cents(500)), max_price: Some(Usd::from_cents(100)), ..q() },
    ] {
        let err = c.inventory(&query).await.unwrap_err();
        assert!(matches!(err, AssetPayError::InvalidInput(_)), "{err:?}");
    }
    assert_eq!(sim.assetpay.requests_served(), served, "a refused query reached the server");
    assert!(tradedeck::api::assetpay::TradeUrl::parse("https://evil.example/?partner=1&token=ABCDEFGH").is_err());
}

#[tokio::test]
async fn unreachable_server_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let c = tradedeck::api::assetpay::AssetPayClient::new(
        tradedeck::api::http_client(),
        &format!("http://127.0.0.1:{port}"),
        tradedeck::api::assetpay::Auth::Client { token: tradedeck::secret::Secret::new("t") },
    );
    let err = c.inventory(&q()).await.unwrap_err();
    assert!(matches!(err, AssetPayError::Network(_)), "{err:?}");
    assert!(tradedeck::api::retry::Retryable::is_transient(&err));
}

#[tokio::test]
async fn a_non_json_answer_is_retried_then_reported_as_an_invalid_response() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let served = Arc::new(AtomicU32::new(0));
    let count = served.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let body = "<html>maintenance</html>";
            let reply = format!(
                "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(reply.as_bytes()).await;
        }
    });
    let c = tradedeck::api::assetpay::AssetPayClient::new(
        tradedeck::api::http_client(),
        &format!("http://{addr}"),
        tradedeck::api::assetpay::Auth::Client { token: tradedeck::secret::Secret::new("t") },
    )
    .with_retry_policy(tradedeck::api::retry::RetryPolicy::FAST);
    let err = c.inventory(&q()).await.unwrap_err();
    assert!(matches!(err, AssetPayError::InvalidResponse { status: 502, .. }), "{err:?}");
    assert!(err.to_string().contains("invalid response"));
    assert_eq!(served.load(Ordering::SeqCst), tradedeck::api::retry::RetryPolicy::FAST.max_attempts);
}

/// Items AssetPay takes now, from the simulator's inventory, as sale lines at their offers.
async fn accepted_lines(
    client: &tradedeck::api::assetpay::AssetPayClient,
    n: usize,
) -> Vec<tradedeck::api::assetpay::SellLine> {
    let items = client.inventory_all(&all()).await.unwrap().items.to_items();
    items
        .into_iter()
        .filter(|i| i.tradable && i.is_accepted() && !i.display_name().contains("Case"))
        .take(n)
        .map(|i| tradedeck::api::assetpay::SellLine {
            item_id: i.id.clone(),
            price: i.offer_price().unwrap(),
            amount: None,
        })
        .collect()
}

fn refusal_key(failure: tradedeck::api::assetpay::SellFailure) -> ErrorKey {
    match failure {
        tradedeck::api::assetpay::SellFailure::Refused(AssetPayError::Api(e)) => e.key,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn selling_against_the_simulator_each_endpoint_and_refusal() {
    use tradedeck::trade::sell;
    let sim = start_sim(120).await;
    let merchant = secure_client(&sim, DEMO_TRADE_URL);
    let lines = accepted_lines(&merchant, 12).await;
    // A basket over 10 items is split: the answer carries the other trades.
    let sale = sell::sale(lines.clone(), Game::Cs2, false);
    let trade = merchant.sell(&sale).await.unwrap();
    assert_eq!(trade.items.len(), 10);
    assert_eq!(trade.related_trades.len(), 1);
    assert_eq!(trade.related_trades[0].items.len(), 2);
    assert_eq!(trade.external_id.as_deref(), Some(sale.external_id.as_str()));
    // The same externalId again: one trade per reference.
    assert_eq!(refusal_key(merchant.sell(&sale).await.unwrap_err()), ErrorKey::ExternalIdExists);
    // Sold items left the inventory.
    let again = sell::sale(lines[..1].to_vec(), Game::Cs2, false);
    assert_eq!(refusal_key(merchant.sell(&again).await.unwrap_err()), ErrorKey::ItemsUnavailable);
    // A price that is not the offer.
    let mut wrong = accepted_lines(&merchant, 1).await;
    wrong[0].price = Usd::from_micros(wrong[0].price.micros() + 10_000);
    assert_eq!(
        refusal_key(merchant.sell(&sell::sale(wrong, Game::Cs2, false)).await.unwrap_err()),
        ErrorKey::PriceChanged
    );
    // Overstocked items are named with what AssetPay still takes.
    let items = merchant.inventory_all(&all()).await.unwrap().items.to_items();
    let case =
        items.iter().find(|i| i.item_type.as_deref() == Some("Container") && i.tradable && i.is_accepted()).unwrap();
    let line = tradedeck::api::assetpay::SellLine {
        item_id: case.id.clone(),
        price: case.offer_price().unwrap(),
        amount: None,
    };
    let failure = merchant.sell(&sell::sale(vec![line], Game::Cs2, false)).await.unwrap_err();
    assert_eq!(sell::overstocked(failure.error()), vec![(case.id.clone(), 0)]);
    // Trades by reference (batched, unknown ones left out) and by page.
    let refs = vec![sale.external_id.clone(), trade.related_trades[0].id.clone(), "nope".into()];
    assert_eq!(merchant.trades_by_ref(&refs).await.unwrap().len(), 2);
    let page = merchant.trades_page(Game::Cs2, None).await.unwrap();
    assert_eq!(page.items.len(), 2, "self-trades, newest first");
    assert!(merchant.find_trade(Game::Cs2, &sale.external_id).await.unwrap().is_some());
    let wallet = merchant.balance().await.unwrap();
    assert_eq!(wallet.pending_balance, page.items.iter().map(|t| t.total_price.unwrap()).sum(), "in flight: pending");
    // A client token deposits, and finds its trade in its own history.
    let client = client(&sim);
    let lines = accepted_lines(&client, 1).await;
    let deposit = sell::sale(lines, Game::Cs2, true);
    let trade = client.sell(&deposit).await.unwrap();
    assert_eq!(trade.is_instant, Some(true));
    assert_eq!(client.find_trade(Game::Cs2, &deposit.external_id).await.unwrap().map(|t| t.id), Some(trade.id));
}
