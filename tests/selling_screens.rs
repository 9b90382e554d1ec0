//! Selling to AssetPay and following trades on screen, through `update()` and `draw()`: the
//! sell dialog's preview, its results, the ask-again after moved offers, and the Trades pane
//! with its polling and status changes.

mod common;

use common::*;
use crossterm::event::KeyCode;
use serde_json::json;
use tradedeck::api::assetpay::trades::SellFailure;
use tradedeck::api::assetpay::{AssetPayError, ErrorKey, Trade, TradePage};
use tradedeck::app::dialogs::sell::{Revision, SellStage};
use tradedeck::app::{App, AssetPayMsg, Cmd, Msg, Overlay, PaneId, TradesMsg, update};
use tradedeck::money::Usd;
use tradedeck::trade::sell::{Established, Revised, SellOutcome};

fn trade(id: &str, status: &str, items: &[&str], total: f64) -> Trade {
    let items: Vec<_> = items.iter().map(|i| json!({"id": i, "appid": 730, "tradable": true})).collect();
    serde_json::from_value(json!({
        "id": id, "status": status, "items": items, "totalPrice": total, "preCredit": 0, "pendingCredit": total,
        "offerID": if status == "initiated" { json!(null) } else { json!("7000000001") },
        "holdEndDate": if status == "hold" { json!("2026-11-30T10:00:00Z") } else { json!(null) },
        "createdAt": "2026-11-23T10:00:00Z",
    }))
    .unwrap()
}

/// The app with three AK-47 | Redline rows selected and the sell dialog open.
fn selling_three(app: &mut App) -> Vec<String> {
    update(app, ch('/'));
    type_text(app, "ak redline");
    update(app, key(KeyCode::Enter));
    for _ in 0..3 {
        update(app, ch(' '));
    }
    update(app, ch('S'));
    let Some(Overlay::Sell(dialog)) = &app.overlay else { panic!("the sell dialog") };
    dialog.preview.lines.iter().map(|l| l.item_id.clone()).collect()
}

#[test]
fn the_sell_dialog_previews_sends_and_shows_each_trade() {
    let mut app = local_app(120, 30);
    let ids = selling_three(&mut app);
    assert_eq!(ids.len(), 3);
    let Some(Overlay::Sell(dialog)) = &app.overlay else { panic!() };
    let selling = dialog.preview.selling().count();
    let preview = screen(&app);
    let question = format!("Sell {selling} item(s) to AssetPay for {}", dialog.preview.total());
    assert!(preview.contains(&question) && preview.contains("(standard delivery)"), "{preview}");
    assert!(preview.contains("not sold: AssetPay does not accept it now"), "a refused item says why: {preview}");
    insta::assert_snapshot!("sell_preview", preview);
    // Enter does not send; only y does.
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    update(&mut app, ch('i'));
    let cmds = update(&mut app, ch('y'));
    let [Cmd::Sell { run, sales, .. }] = &cmds[..] else { panic!("{cmds:?}") };
    assert_eq!((sales.len(), sales[0].lines.len(), sales[0].is_instant), (1, selling, true));
    let external_id = sales[0].external_id.clone();
    let run = *run;
    assert!(app.money_in_flight().is_some(), "quitting waits for the sale");
    let sold = trade("trd_000001", "initiated", &ids.iter().map(String::as_str).collect::<Vec<_>>(), 32.88);
    let outcome = SellOutcome::Sold { trade: Box::new(sold), how: Established::LookedUp };
    let cmds = update(&mut app, Msg::from(AssetPayMsg::Sold { run, external_id, outcome }));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchFullInventory { .. })), "the inventory is read again");
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchTrades { .. })), "and the trades");
    assert!(app.inventory.selected.is_empty());
    let result = screen(&app);
    assert!(result.contains("trade trd_000001") && result.contains("found by the sale's reference"), "{result}");
    insta::assert_snapshot!("sell_result", result);
    update(&mut app, key(KeyCode::Enter));
    assert!(app.overlay.is_none());
}

#[test]
fn moved_offers_are_shown_old_to_new_and_sold_only_when_asked_again() {
    let mut app = local_app(120, 30);
    let ids = selling_three(&mut app);
    let cmds = update(&mut app, ch('y'));
    let [Cmd::Sell { run, sales, .. }] = &cmds[..] else { panic!("{cmds:?}") };
    let (run, first) = (*run, sales[0].clone());
    // The worker reads the inventory again, then reports the refusal.
    let Some(Overlay::Sell(dialog)) = &app.overlay else { panic!() };
    let mut now = dialog.preview.clone();
    // The first item AssetPay takes: its offer moved up 40 cents.
    let at = now.lines.iter().position(|l| l.refused.is_none()).unwrap();
    let old = now.lines[at].price.unwrap();
    let new = Usd::from_cents(old.micros() / 10_000 + 40);
    now.lines[at].price = Some(new);
    let revised = vec![Revised { item_id: ids[at].clone(), name: now.lines[at].name.clone(), old, new: Some(new) }];
    let refusal = "AssetPay's offer changed since it was shown: nothing was sold.".to_string();
    update(&mut app, Msg::from(AssetPayMsg::Revised { run, revision: Revision { refusal, revised, preview: now } }));
    let api = tradedeck::api::assetpay::ApiError {
        status: 409,
        key: ErrorKey::PriceChanged,
        code: Some(11),
        messages: vec![],
        fields: Default::default(),
        request_id: None,
        retry_after: None,
        details: None,
    };
    let outcome = SellOutcome::Refused(SellFailure::Refused(AssetPayError::Api(Box::new(api))));
    let cmds = update(&mut app, Msg::from(AssetPayMsg::Sold { run, external_id: first.external_id.clone(), outcome }));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Sell { .. })), "nothing is resent unasked");
    let Some(Overlay::Sell(dialog)) = &app.overlay else { panic!() };
    assert_eq!(dialog.stage(), SellStage::AskingAgain);
    let asked = screen(&app);
    assert!(asked.contains(&format!("{old} → {new}")), "{asked}");
    insta::assert_snapshot!("sell_asked_again", asked);
    let cmds = update(&mut app, ch('y'));
    let [Cmd::Sell { sales, .. }] = &cmds[..] else { panic!("{cmds:?}") };
    assert_ne!(sales[0].external_id, first.external_id, "a new attempt, a new reference");
    assert_eq!(sales[0].lines[0].price, new, "at the offer the trader saw and confirmed");
}

#[test]
fn the_trades_pane_follows_trades_in_flight_and_says_when_one_moves() {
    let mut app = local_app(120, 30);
    update(&mut app, ch('4'));
    assert_eq!(app.focused(), PaneId::Trades);
    let cmds = update(&mut app, ch('r'));
    let [Cmd::FetchTrades { generation, .. }] = &cmds[..] else { panic!("{cmds:?}") };
    let page = TradePage {
        items: vec![
            trade("trd_000003", "initiated", &["a"], 5.25),
            trade("trd_000002", "hold", &["b", "c"], 19.99),
            trade("trd_000001", "completed", &["d"], 0.03),
        ],
        next_cursor: None,
    };
    update(&mut app, Msg::from(TradesMsg::Page { generation: *generation, result: Ok(page) }));
    app.clock = time::macros::datetime!(2026-11-23 10:00 UTC);
    let text = screen(&app);
    assert!(text.contains("3/3 trades · 2 in flight") && text.contains("hold ends in 7d 0h"), "{text}");
    insta::assert_snapshot!("trades_pane", text);
    // Trades in flight are read again every 5 s, not sooner.
    let asked = app.trades.asked_at.unwrap();
    assert!(update(&mut app, Msg::Tick(asked + time::Duration::seconds(2))).is_empty());
    let cmds = update(&mut app, Msg::Tick(asked + time::Duration::seconds(5)));
    let [Cmd::FetchTrades { generation, .. }] = &cmds[..] else { panic!("{cmds:?}") };
    let page = TradePage {
        items: vec![
            trade("trd_000003", "active", &["a"], 5.25),
            trade("trd_000002", "completed", &["b", "c"], 19.99),
            trade("trd_000001", "completed", &["d"], 0.03),
        ],
        next_cursor: None,
    };
    update(&mut app, Msg::from(TradesMsg::Page { generation: *generation, result: Ok(page) }));
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains("trd_000003: initiated → active") && notice.contains("trd_000002: hold → completed"));
    assert!(screen(&app).contains("2 trades changed"), "the status bar says so");
    update(&mut app, ch('k'));
    let text = screen(&app);
    assert!(text.contains("credited $20.02"), "completed trades credit their whole total: {text}");
    // Details show the item lines.
    update(&mut app, key(KeyCode::Enter));
    let details = screen(&app);
    assert!(details.contains("Trade trd_000003") && details.contains("Steam offer  7000000001"), "{details}");
    // Nothing in flight: no more polling.
    let done = TradePage { items: vec![trade("trd_000001", "completed", &["d"], 0.03)], next_cursor: None };
    let generation = app.trades.list.generation;
    update(&mut app, Msg::from(TradesMsg::Page { generation, result: Ok(done) }));
    let later = app.clock + time::Duration::minutes(5);
    assert!(update(&mut app, Msg::Tick(later)).is_empty());
}

#[test]
fn items_already_in_a_trade_are_not_offered_again() {
    let mut app = local_app(120, 30);
    update(&mut app, ch('/'));
    type_text(&mut app, "ak redline");
    update(&mut app, key(KeyCode::Enter));
    let first = app.inventory.current_item().unwrap().id().to_string();
    let generation = app.trades.list.begin_fetch();
    let page = TradePage { items: vec![trade("trd_000009", "active", &[&first], 13.48)], next_cursor: None };
    update(&mut app, Msg::from(TradesMsg::Page { generation, result: Ok(page) }));
    update(&mut app, ch('S'));
    let Some(Overlay::Sell(dialog)) = &app.overlay else { panic!() };
    assert_eq!(dialog.preview.lines[0].refused.as_deref(), Some("already in a trade"));
    assert!(screen(&app).contains("not sold: already in a trade"));
    // Nothing to sell: y sends nothing.
    assert!(update(&mut app, ch('y')).is_empty());
}

#[test]
fn a_sixth_sale_in_progress_is_refused_before_sending() {
    let mut app = local_app(120, 30);
    app.clock = time::macros::datetime!(2026-11-23 10:02 UTC);
    let generation = app.trades.list.begin_fetch();
    let busy: Vec<Trade> = (1..=5).map(|i| trade(&format!("trd_{i:06}"), "active", &[], 1.0)).collect();
    let page = TradePage { items: busy, next_cursor: None };
    update(&mut app, Msg::from(TradesMsg::Page { generation, result: Ok(page) }));
    update(&mut app, ch('/'));
    type_text(&mut app, "ak redline");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('j'));
    update(&mut app, ch('S'));
    assert!(app.overlay.is_none(), "no dialog to confirm");
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains("5 sales in progress"), "{notice}");
}
