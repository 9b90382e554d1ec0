//! `update()` driven by key sequences and replies: all behaviour, no terminal, no network.

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tradedeck::api::assetpay::{AssetPayError, Game, Limit, Sort};
use tradedeck::app::panes::assetpay::state::{FullInventory, Source};
use tradedeck::app::{App, AssetPayMsg, Cmd, Msg, Overlay, update};
use tradedeck::money::Usd;

fn fetches(cmds: &[Cmd]) -> Vec<&tradedeck::api::assetpay::InventoryQuery> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::FetchInventory { query, .. } => Some(query),
            _ => None,
        })
        .collect()
}

#[test]
fn startup_fetches_the_first_page() {
    let (app, cmds) = loading_app(120, 40);
    let queries = fetches(&cmds);
    assert_eq!(queries.len(), 1);
    assert_eq!((queries[0].page, queries[0].limit, queries[0].game), (1, Limit::PerPage(50), Game::Cs2));
    assert!(app.inventory.list.loading);
}

#[test]
fn stale_replies_are_dropped() {
    let mut app = loaded_app(120, 40, page(50));
    update(&mut app, ch('s'));
    let stale = app.inventory.list.generation;
    update(&mut app, ch('s'));
    assert_eq!(app.inventory.query.sort, Sort::PriceAsc);
    update(&mut app, Msg::from(AssetPayMsg::Page { generation: stale, result: Ok(page(3)) }));
    assert_eq!(app.inventory.items.len(), 50, "a stale reply replaced the list");
    assert!(app.inventory.list.loading);
    let current = app.inventory.list.generation;
    update(&mut app, Msg::from(AssetPayMsg::Page { generation: current, result: Ok(page(3)) }));
    assert_eq!(app.inventory.items.len(), 3);
    assert!(!app.inventory.list.loading);
}

#[test]
fn search_narrows_instantly_then_queries_the_server_after_a_pause() {
    let mut app = loaded_app(120, 40, page(300));
    update(&mut app, ch('/'));
    let cmds = type_text(&mut app, "ak");
    assert!(app.inventory.visible.len() < 300);
    assert!(app.inventory.visible_items().all(|i| i.matches_search("ak")));
    assert!(fetches(&cmds).is_empty(), "typing must not hit the server on every key");
    let seqs: Vec<u64> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Schedule { msg: Msg::AssetPay(AssetPayMsg::SearchDue { seq }), .. } => Some(*seq),
            _ => None,
        })
        .collect();
    assert_eq!(seqs.len(), 2);
    assert!(
        update(&mut app, Msg::from(AssetPayMsg::SearchDue { seq: seqs[0] })).is_empty(),
        "an older debounce fired a request"
    );
    let cmds = update(&mut app, Msg::from(AssetPayMsg::SearchDue { seq: seqs[1] }));
    assert_eq!(fetches(&cmds)[0].search.as_deref(), Some("ak"));
    assert_eq!(fetches(&cmds)[0].page, 1);
    // Enter keeps the search; Esc in search clears it and asks for the unfiltered list.
    update(&mut app, key(KeyCode::Enter));
    assert!(!app.inventory.list.search_editing);
    assert_eq!(app.inventory.search_text().as_deref(), Some("ak"));
    update(&mut app, ch('/'));
    let cmds = update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.inventory.search_text(), None);
    assert_eq!(fetches(&cmds)[0].search, None);
    // A new `/` starts from an empty search.
    update(&mut app, ch('/'));
    type_text(&mut app, "ak");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('/'));
    type_text(&mut app, "m4");
    assert_eq!(app.inventory.list.search.value(), "m4");
}

#[test]
fn q_types_in_search_but_quits_outside() {
    let mut app = loaded_app(120, 40, page(10));
    update(&mut app, ch('/'));
    let cmds = update(&mut app, ch('q'));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Quit)));
    assert_eq!(app.inventory.list.search.value(), "q");
    update(&mut app, key(KeyCode::Enter));
    assert!(matches!(update(&mut app, ch('q'))[..], [Cmd::Quit]));
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let mut app = loaded_app(120, 40, page(10));
    update(&mut app, ch('f'));
    let cmds = update(&mut app, Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(matches!(cmds[..], [Cmd::Quit]));
}

#[test]
fn search_is_capped_at_100_characters() {
    let mut app = loaded_app(120, 40, page(10));
    update(&mut app, ch('/'));
    type_text(&mut app, &"x".repeat(120));
    assert_eq!(app.inventory.list.search.value().chars().count(), 100);
    assert!(app.notice.as_deref().unwrap().contains("100"));
}

#[test]
fn movement_scrolls_to_keep_the_cursor_visible() {
    let mut app = loaded_app(120, 40, page(200));
    let rows = app.viewport_rows();
    assert_eq!(rows, 35);
    update(&mut app, ch('G'));
    assert_eq!((app.inventory.list.view.cursor, app.inventory.list.view.offset), (199, 200 - rows));
    update(&mut app, ch('g'));
    assert_eq!((app.inventory.list.view.cursor, app.inventory.list.view.offset), (0, 0));
    update(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.inventory.list.view.cursor, rows);
    update(&mut app, ch('k'));
    update(&mut app, key(KeyCode::Up));
    assert_eq!(app.inventory.list.view.cursor, rows - 2);
    for _ in 0..500 {
        update(&mut app, ch('j'));
    }
    assert_eq!(app.inventory.list.view.cursor, 199);
    // A smaller terminal keeps the cursor in view.
    update(&mut app, Msg::Resize(80, 10));
    let rows = app.viewport_rows();
    assert!(
        app.inventory.list.view.cursor >= app.inventory.list.view.offset
            && app.inventory.list.view.cursor < app.inventory.list.view.offset + rows
    );
}

#[test]
fn selection_totals_exactly_and_survives_search_and_scroll() {
    let mut app = loaded_app(120, 40, page(100));
    update(&mut app, ch(' '));
    update(&mut app, ch(' '));
    let chosen: Vec<_> =
        app.inventory.items.iter().take(2).map(|i| (i.id().to_string(), i.offer_price().unwrap())).collect();
    assert_eq!(app.inventory.list.view.cursor, 2, "space moves to the next row");
    assert_eq!(app.inventory.selected.len(), 2);
    assert_eq!(app.inventory.selected_total(), chosen[0].1 + chosen[1].1);
    update(&mut app, ch('G'));
    update(&mut app, ch('/'));
    type_text(&mut app, "zzzz-no-match");
    assert!(app.inventory.visible.is_empty());
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.inventory.selected.len(), 2);
    // `a` selects every shown row, and a second `a` clears them.
    update(&mut app, ch('a'));
    assert_eq!(app.inventory.selected.len(), 100);
    let total: Usd = app.inventory.items.iter().map(|i| i.offer_price().unwrap()).sum();
    assert_eq!(app.inventory.selected_total(), total);
    update(&mut app, ch('a'));
    assert!(app.inventory.selected.is_empty());
}

#[test]
fn select_all_applies_to_the_rows_shown_after_search() {
    let mut app = loaded_app(120, 40, page(300));
    update(&mut app, ch('/'));
    type_text(&mut app, "redline");
    update(&mut app, key(KeyCode::Enter));
    let shown = app.inventory.visible.len();
    assert!(shown > 0 && shown < 300);
    update(&mut app, ch('a'));
    assert_eq!(app.inventory.selected.len(), shown);
}

#[test]
fn price_filter_applies_validated_bounds() {
    let mut app = loaded_app(120, 40, page(10));
    update(&mut app, ch('f'));
    assert!(matches!(app.overlay, Some(Overlay::PriceFilter(_))));
    type_text(&mut app, "10");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "100");
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert!(app.overlay.is_none());
    let q = fetches(&cmds)[0];
    assert_eq!((q.min_price, q.max_price, q.page), (Some(Usd::from_cents(1000)), Some(Usd::from_cents(10_000)), 1));
}

#[test]
fn price_filter_refuses_bad_input_and_esc_changes_nothing() {
    let mut app = loaded_app(120, 40, page(10));
    update(&mut app, ch('f'));
    type_text(&mut app, "1.2.3");
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert!(cmds.is_empty());
    let Some(Overlay::PriceFilter(dialog)) = &app.overlay else { panic!("dialog closed on bad input") };
    assert!(dialog.error.is_some());
    let cmds = update(&mut app, key(KeyCode::Esc));
    assert!(cmds.is_empty() && app.overlay.is_none());
    assert_eq!((app.inventory.query.min_price, app.inventory.query.max_price), (None, None));
}

#[test]
fn paging_stays_within_the_pages_the_server_has() {
    let mut app = loaded_app(120, 40, tradedeck::api::assetpay::InventoryPage { count: 120, ..page(50) });
    assert!(update(&mut app, ch('[')).is_empty());
    assert!(app.notice.is_some());
    let cmds = update(&mut app, ch(']'));
    assert_eq!(fetches(&cmds)[0].page, 2);
    let generation = app.inventory.list.generation;
    update(
        &mut app,
        Msg::from(AssetPayMsg::Page {
            generation,
            result: Ok(tradedeck::api::assetpay::InventoryPage { count: 120, ..page(50) }),
        }),
    );
    update(&mut app, ch(']'));
    let generation = app.inventory.list.generation;
    update(
        &mut app,
        Msg::from(AssetPayMsg::Page {
            generation,
            result: Ok(tradedeck::api::assetpay::InventoryPage { count: 120, ..page(20) }),
        }),
    );
    assert_eq!(app.inventory.query.page, 3);
    assert!(update(&mut app, ch(']')).is_empty(), "went past the last page");
}

#[test]
fn refresh_is_one_off_and_game_toggle_clears_selection() {
    let mut app = loaded_app(120, 40, page(10));
    let cmds = update(&mut app, ch('r'));
    assert!(fetches(&cmds)[0].refresh);
    assert!(!app.inventory.query.refresh);
    update(&mut app, ch(' '));
    let cmds = update(&mut app, ch('t'));
    assert_eq!(fetches(&cmds)[0].game, Game::Rust);
    assert!(app.inventory.selected.is_empty());
    let cmds = update(&mut app, ch('t'));
    assert_eq!(fetches(&cmds)[0].game, Game::Cs2);
}

#[test]
fn details_and_help_open_and_close() {
    let mut app = loaded_app(120, 40, page(10));
    update(&mut app, ch('j'));
    update(&mut app, key(KeyCode::Enter));
    let Some(Overlay::Details(id)) = &app.overlay else { panic!() };
    assert_eq!(id, app.inventory.items.get(1).unwrap().id());
    update(&mut app, key(KeyCode::Esc));
    assert!(app.overlay.is_none());
    update(&mut app, ch('?'));
    assert!(matches!(app.overlay, Some(Overlay::Help(_))));
    // Keys go to the overlay, not the list, while it is open.
    update(&mut app, ch('j'));
    assert_eq!(app.inventory.list.view.cursor, 1);
    update(&mut app, ch('?'));
    assert!(app.overlay.is_none());
}

#[test]
fn an_error_keeps_the_rows_already_shown() {
    let mut app = loaded_app(120, 40, page(10));
    update(&mut app, ch('r'));
    let generation = app.inventory.list.generation;
    let err = AssetPayError::Network("connection reset".into());
    update(&mut app, Msg::from(AssetPayMsg::Page { generation, result: Err(err) }));
    assert_eq!(app.inventory.items.len(), 10);
    assert!(app.inventory.list.error.as_deref().unwrap().contains("connection reset"));
    assert!(!app.inventory.list.loading);
}

#[test]
fn an_unconfigured_pane_never_fetches() {
    let mut app = App::new(
        Source::Unavailable("set ASSETPAY_CLIENT_TOKEN".into()),
        Source::Unavailable("no mannco".into()),
        false,
    );
    // Nothing is asked of a market; the ledger (local) is read for the History pane.
    let init = app.init();
    assert!(matches!(init[..], [Cmd::LoadLedger { .. }]), "{init:?}");
    for c in "/srft[]a ".chars() {
        let cmds = update(&mut app, ch(c));
        assert!(fetches(&cmds).is_empty(), "{c}");
    }
}

#[test]
fn the_cursor_follows_its_item_when_a_page_reloads() {
    let mut app = loaded_app(120, 40, page(30));
    for _ in 0..5 {
        update(&mut app, ch('j'));
    }
    let id = app.inventory.current_item().unwrap().id().to_string();
    update(&mut app, ch('r'));
    let mut reordered = page(30);
    reordered.items.reverse();
    let generation = app.inventory.list.generation;
    update(&mut app, Msg::from(AssetPayMsg::Page { generation, result: Ok(reordered) }));
    assert_eq!(app.inventory.current_item().unwrap().id(), id);
}

#[test]
fn a_new_sort_starts_at_the_top() {
    let mut app = loaded_app(120, 40, page(100));
    for _ in 0..60 {
        update(&mut app, ch('j'));
    }
    update(&mut app, ch('s'));
    let generation = app.inventory.list.generation;
    let mut sorted = page(100);
    sorted.items.sort_by_key(|i| std::cmp::Reverse(i.offer_price()));
    let top = sorted.items[0].id.clone();
    update(&mut app, Msg::from(AssetPayMsg::Page { generation, result: Ok(sorted) }));
    assert_eq!((app.inventory.list.view.cursor, app.inventory.list.view.offset), (0, 0));
    assert_eq!(app.inventory.current_item().unwrap().id(), top);
}

/// An app whose whole inventory (300 items) is loaded and indexed.
fn local_app() -> App {
    let mut app = loaded_app(120, 40, tradedeck::api::assetpay::InventoryPage { count: 300, ..page(50) });
    let generation = app.inventory.full_generation;
    let result = Ok(FullInventory::indexed(stored(page(300))));
    update(&mut app, Msg::from(AssetPayMsg::Full { generation, result }));
    assert!(app.inventory.is_local());
    app
}

#[test]
fn startup_also_loads_the_whole_inventory() {
    let (_, cmds) = loading_app(120, 40);
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchFullInventory { refresh: false, .. })));
}

#[test]
fn a_local_inventory_searches_sorts_and_filters_without_the_server() {
    let mut app = local_app();
    assert_eq!(app.inventory.visible.len(), 300);
    update(&mut app, ch('G'));
    assert_eq!(app.inventory.list.view.cursor, 299, "G reaches the end of the whole inventory");
    update(&mut app, ch('/'));
    // A word that starts a word: the local word search and the server's substring agree.
    let cmds = type_text(&mut app, "redline");
    let expected = app.inventory.items.iter().filter(|i| i.matches_search("redline")).count();
    assert!(expected > 0);
    assert_eq!(app.inventory.visible.len(), expected);
    let seq = app.inventory.search_seq;
    assert!(cmds.iter().all(|c| !matches!(c, Cmd::FetchInventory { .. })));
    assert!(update(&mut app, Msg::from(AssetPayMsg::SearchDue { seq })).is_empty(), "the server was asked");
    update(&mut app, key(KeyCode::Enter));
    assert!(update(&mut app, ch('s')).is_empty(), "sorting asked the server");
    let prices: Vec<_> = app.inventory.visible_items().map(|i| i.offer_price().unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[0] >= w[1]));
    assert!(update(&mut app, ch(']')).is_empty());
    assert!(app.notice.is_some());
    // A late page reply does not replace the whole inventory.
    let generation = app.inventory.list.generation;
    update(&mut app, Msg::from(AssetPayMsg::Page { generation, result: Ok(page(5)) }));
    assert_eq!(app.inventory.items.len(), 300);
}

#[test]
fn switching_game_drops_the_local_inventory() {
    let mut app = local_app();
    let cmds = update(&mut app, ch('t'));
    assert!(!app.inventory.is_local());
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchFullInventory { game: Game::Rust, .. })));
    // A reply for the old game's inventory is stale.
    let stale = app.inventory.full_generation - 1;
    let result = Ok(FullInventory::indexed(stored(page(10))));
    update(&mut app, Msg::from(AssetPayMsg::Full { generation: stale, result }));
    assert!(!app.inventory.is_local());
}

#[test]
fn reloading_a_local_inventory_shows_the_spinner_until_the_answer() {
    let mut app = local_app();
    let cmds = update(&mut app, ch('r'));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchFullInventory { refresh: true, .. })));
    assert!(app.inventory.list.loading);
    let generation = app.inventory.full_generation;
    let err = AssetPayError::Network("connection reset".into());
    update(&mut app, Msg::from(AssetPayMsg::Full { generation, result: Err(err) }));
    assert!(!app.inventory.list.loading);
    assert!(app.inventory.list.error.as_deref().unwrap().contains("Could not reload"));
    assert_eq!(app.inventory.items.len(), 300, "the loaded inventory stays");
}
