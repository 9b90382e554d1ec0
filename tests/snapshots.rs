//! The AssetPay pane drawn on a fixed-size test terminal, in every state. Text snapshots
//! don't hold colours, so the important ones are checked on the buffer.

mod common;

use common::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tradedeck::api::assetpay::{AssetPayError, ErrorKey, InventoryPage};
use tradedeck::app::panes::assetpay::state::Source;
use tradedeck::app::{App, AssetPayMsg, Msg, update};

fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal
        .draw(|f| {
            tradedeck::ui::draw(f, app);
        })
        .unwrap();
    terminal
}

fn screen(app: &App) -> String {
    render(app).backend().to_string()
}

#[test]
fn loading() {
    let (app, _) = loading_app(100, 30);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn loaded() {
    let app = loaded_app(100, 30, InventoryPage { count: 300, ..page(50) });
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn loaded_at_80x24_with_selection() {
    let mut app = loaded_app(80, 24, InventoryPage { count: 300, ..page(50) });
    update(&mut app, ch(' '));
    update(&mut app, ch(' '));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn searching() {
    let mut app = loaded_app(100, 30, page(50));
    update(&mut app, ch('/'));
    type_text(&mut app, "ak");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn empty_result() {
    let mut app = loaded_app(100, 30, page(50));
    update(&mut app, ch('/'));
    type_text(&mut app, "no such skin");
    update(&mut app, key(KeyCode::Enter));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn first_load_failed() {
    let (mut app, _) = loading_app(100, 30);
    let generation = app.inventory.list.generation;
    let body = r#"{"success":false,"error":{"code":7,"key":"USER_NOT_TRADEABLE","message":"private"}}"#;
    let err = tradedeck::api::assetpay::decode_inventory(403, None, body.as_bytes()).unwrap_err();
    update(&mut app, Msg::from(AssetPayMsg::Page { generation, result: Err(err) }));
    let text = screen(&app);
    assert!(text.contains("inventory is private"));
    insta::assert_snapshot!(text);
}

#[test]
fn error_after_loaded_shows_in_the_status_line() {
    let mut app = loaded_app(100, 30, page(50));
    update(&mut app, ch('r'));
    let generation = app.inventory.list.generation;
    let err = AssetPayError::Api(Box::new(tradedeck::api::assetpay::ApiError {
        status: 424,
        key: ErrorKey::SteamUnavailable,
        code: Some(31),
        messages: vec![],
        fields: Default::default(),
        request_id: None,
        retry_after: None,
        details: None,
    }));
    update(&mut app, Msg::from(AssetPayMsg::Page { generation, result: Err(err) }));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn details_of_a_stickered_item() {
    let mut app = loaded_app(100, 30, page(50));
    let index = app.inventory.items.iter().position(|i| i.has_stickers()).expect("a stickered item");
    for _ in 0..index {
        update(&mut app, ch('j'));
    }
    update(&mut app, key(KeyCode::Enter));
    let text = screen(&app);
    assert!(text.contains("Stickers ("));
    assert!(text.contains("slot 0"));
    insta::assert_snapshot!(text);
}

#[test]
fn price_filter_dialog_with_a_validation_error() {
    let mut app = loaded_app(100, 30, page(50));
    update(&mut app, ch('f'));
    type_text(&mut app, "10");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "abc");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help() {
    let mut app = loaded_app(100, 30, page(50));
    update(&mut app, ch('?'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_on_a_short_screen_uses_two_columns() {
    let mut app = loaded_app(120, 24, page(50));
    update(&mut app, ch('?'));
    let text = common::frame(&mut app);
    assert!(text.contains("quit") && text.contains("move down"));
    assert!(!text.contains("Journal: r reconcile"), "the last lines are below the fold");
    insta::assert_snapshot!(text);
    // It scrolls to the end, and no further.
    for _ in 0..10 {
        update(&mut app, ch('j'));
        common::frame(&mut app);
    }
    let text = common::frame(&mut app);
    assert!(text.contains("Journal: r reconcile") && text.contains("Esc closes"), "{text}");
    assert!(!text.contains("move down"), "{text}");
    assert!(app.overlay.is_some(), "j scrolls the help, it does not close it");
}

#[test]
fn not_configured() {
    let mut app = App::new(
        Source::Unavailable(tradedeck::config::setup_help().replace(&std::env::var("HOME").unwrap_or_default(), "~")),
        Source::Unavailable("Mannco.store is not configured.".into()),
        false,
    );
    app.size = (100, 30);
    let text = screen(&app);
    assert!(text.contains("--demo"));
    assert!(text.contains("ASSETPAY_CLIENT_TOKEN"));
}

#[test]
fn colours_carry_rarity_and_deposit_state() {
    let app = loaded_app(100, 30, page(50));
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    // Row 3 is the first item (tabs, search line, header).
    let item = app.inventory.items.get(0).unwrap();
    let expected = tradedeck::ui::theme::parse_hex(item.color().unwrap()).unwrap();
    let name_x =
        (0..100).find(|&x| buffer[(x, 3)].symbol() == item.display_name().chars().next().unwrap().to_string()).unwrap();
    assert_eq!(buffer[(name_x, 3)].fg, expected);
    let row = (3..30).find(|&y| {
        let line: String = (0..100).map(|x| buffer[(x, y)].symbol().to_string()).collect();
        line.trim_end().ends_with("yes")
    });
    let y = row.expect("a depositable row");
    let x = (0..100).rev().find(|&x| buffer[(x, y)].symbol() == "y").unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::Green);
}

#[test]
fn no_color_drops_colours() {
    let mut app = loaded_app(100, 30, page(50));
    app.use_color = false;
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    for y in 0..30 {
        for x in 0..100 {
            assert!(matches!(buffer[(x, y)].fg, Color::Reset), "colour at {x},{y}");
        }
    }
}

#[test]
fn a_rate_limit_wait_is_said_in_the_status_line() {
    let mut app = loaded_app(100, 30, page(10));
    let wait = tradedeck::api::rate_limit::Wait {
        what: "Mannco POST /inventory/price".into(),
        until: app.clock + time::Duration::seconds(4),
    };
    update(&mut app, Msg::RateLimitWait(Some(wait)));
    assert!(screen(&app).contains("waiting 4s for the Mannco POST /inventory/price rate limit"));
    update(&mut app, Msg::RateLimitWait(None));
    assert!(!screen(&app).contains("rate limit"));
}
