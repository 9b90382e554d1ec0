//! Habits traders expect of a terminal list app, through `update()` and `draw()`: Esc backs
//! out of a kept search, a quantity typed replaces the one shown, details step through
//! items, switching game says what it unselected, and 80×24 keeps help, quit and whole numbers.

mod common;

use common::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tradedeck::app::panes::assetpay::state::FullInventory;
use tradedeck::app::{AssetPayMsg, Msg, Overlay, update};

#[test]
fn esc_clears_a_kept_search_and_the_price_filter() {
    let mut app = local_app(120, 40);
    let all = app.inventory.visible.len();
    update(&mut app, ch('/'));
    type_text(&mut app, "redline");
    update(&mut app, key(KeyCode::Enter));
    app.inventory.query.min_price = Some(tradedeck::money::Usd::from_cents(100));
    assert!(app.inventory.visible.len() < all);
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.inventory.query.search, None);
    assert_eq!(app.inventory.query.min_price, None);
    assert_eq!(app.inventory.visible.len(), all, "every item is back");
}

#[test]
fn a_quantity_typed_replaces_the_one_shown() {
    let mut app = mannco_app(120, 40);
    update(&mut app, ch('n'));
    type_text(&mut app, "20");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mannco.selection.assets.len(), 20);
    update(&mut app, ch('n'));
    type_text(&mut app, "15");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mannco.selection.assets.len(), 15, "15, not 2015");
}

#[test]
fn details_step_to_the_next_item_with_j_and_k() {
    let mut app = local_app(120, 40);
    update(&mut app, key(KeyCode::Enter));
    let first = match &app.overlay {
        Some(Overlay::Details(id)) => id.clone(),
        other => panic!("{other:?}"),
    };
    update(&mut app, ch('j'));
    let Some(Overlay::Details(second)) = &app.overlay else { panic!("details closed") };
    assert_ne!(&first, second);
    update(&mut app, ch('k'));
    assert!(matches!(&app.overlay, Some(Overlay::Details(id)) if *id == first));
}

#[test]
fn switching_game_says_what_it_unselected() {
    let mut app = local_app(120, 40);
    update(&mut app, ch(' '));
    update(&mut app, ch(' '));
    update(&mut app, ch('t'));
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains("Switched to Rust") && notice.contains("2 selected CS2"), "{notice}");
}

#[test]
fn at_80x24_help_and_quit_stay_and_no_number_is_cut() {
    let mut app = mannco_app(80, 24);
    update(&mut app, ch('2'));
    let text = screen(&app);
    let lines: Vec<&str> = text.lines().collect();
    let footer = lines[lines.len() - 1];
    assert!(footer.contains("? help") && footer.contains("q quit"), "{footer}");
    let status = lines[lines.len() - 2];
    assert!(!status.contains("balance") || status.contains("$123.45"), "a cut number: {status}");
}

fn mouse(kind: crossterm::event::MouseEventKind, column: u16, row: u16) -> Msg {
    Msg::Mouse(crossterm::event::MouseEvent { kind, column, row, modifiers: crossterm::event::KeyModifiers::NONE })
}

#[test]
fn the_mouse_scrolls_selects_and_switches_panes_where_the_frame_drew_them() {
    use crossterm::event::{MouseButton, MouseEventKind};
    let mut app = local_app(120, 40);
    frame(&mut app);
    let first_row = app.screen.first_row;
    update(&mut app, mouse(MouseEventKind::ScrollDown, 40, 10));
    assert_eq!(app.inventory.list.view.cursor, 3, "one notch, three rows");
    update(&mut app, mouse(MouseEventKind::Down(MouseButton::Left), 40, first_row + 5));
    assert_eq!(app.inventory.list.view.cursor, 5, "a click puts the cursor on the row");
    assert!(app.inventory.selected.is_empty(), "a click on the name does not select");
    update(&mut app, mouse(MouseEventKind::Down(MouseButton::Left), 0, first_row + 7));
    assert_eq!((app.inventory.list.view.cursor, app.inventory.selected.len()), (7, 1), "the selection column toggles");
    update(&mut app, mouse(MouseEventKind::Down(MouseButton::Left), 40, 39));
    assert_eq!(app.inventory.list.view.cursor, 7, "a click outside the rows changes nothing");
    let tabs = app.screen.tabs.clone();
    update(&mut app, mouse(MouseEventKind::Down(MouseButton::Left), tabs[2].start + 1, 0));
    assert_eq!(app.focus, 2, "a click on a tab switches pane");
    // With a dialog open, a click does nothing.
    update(&mut app, ch('1'));
    update(&mut app, ch('?'));
    update(&mut app, mouse(MouseEventKind::Down(MouseButton::Left), tabs[1].start + 1, 0));
    assert_eq!(app.focus, 0);
}

fn keymap_from(toml: &str) -> Result<tradedeck::app::keymap::Keymap, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, toml).unwrap();
    let flags = tradedeck::config::Flags { config_file: Some(path), ..Default::default() };
    let config = tradedeck::config::Config::load_from(&flags, &|_| None).map_err(|e| e.to_string())?;
    tradedeck::app::keymap::Keymap::with_overrides(&config.key_overrides)
}

#[test]
fn keys_come_from_the_config_and_help_shows_them() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    use tradedeck::app::keymap::{Action, Layer};
    let keymap = keymap_from("[keys.list]\nsort = \"o\"\n\n[keys.global]\nquit = [\"q\", \"ctrl-q\"]\n").unwrap();
    let press = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(keymap.action_for(Layer::List, &press('o')), Some(Action::NextSort));
    assert_eq!(keymap.action_for(Layer::List, &press('s')), None, "the default key is replaced");
    assert_eq!(
        keymap.action_for(Layer::List, &KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );
    let mut app = local_app(120, 40);
    app.keymap = keymap;
    update(&mut app, ch('o'));
    assert_eq!(app.inventory.query.sort, tradedeck::api::assetpay::Sort::PriceDesc, "o sorts");
    update(&mut app, ch('?'));
    let help = screen(&app);
    assert!(help.lines().any(|l| l.contains(" o next sort order")), "{help}");

    let conflict = keymap_from("[mannco]\n\n[keys.list]\nsort = \"j\"\n").unwrap_err();
    assert!(conflict.contains("line 4") && conflict.contains("j is bound to both"), "{conflict}");
    let unknown = keymap_from("[keys.list]\nfly = \"f\"\n").unwrap_err();
    assert!(unknown.contains("line 2") && unknown.contains("no such action"), "{unknown}");
    let wrong_layer = keymap_from("[keys.list]\nquit = \"x\"\n").unwrap_err();
    assert!(wrong_layer.contains("[keys.global]"), "{wrong_layer}");
}

#[test]
fn rust_rows_show_no_cs_only_columns() {
    use tradedeck::api::assetpay::InventoryPage;
    let mut app = local_app(100, 30);
    update(&mut app, ch('t'));
    let items = serde_json::from_str::<Vec<tradedeck::api::assetpay::Item>>(&tradedeck::sim::dataset::generate_json(
        252490, 7, 40,
    ))
    .expect("demo items decode");
    let page = InventoryPage {
        count: 40,
        items,
        updated_at: Some(UPDATED_AT),
        collateral: Default::default(),
        skipped: vec![],
    };
    let generation = app.inventory.full_generation;
    update(&mut app, Msg::from(AssetPayMsg::Full { generation, result: Ok(FullInventory::indexed(stored(page))) }));
    let text = screen(&app);
    let header = text.lines().nth(2).unwrap();
    assert!(header.contains("Type") && !header.contains("Ex") && !header.contains("Wear"), "{header}");
}

#[test]
fn a_loaded_inventory_sorts_by_float_and_paint_seed() {
    let mut app = local_app(140, 40);
    for _ in 0..5 {
        update(&mut app, ch('s'));
    }
    assert_eq!(app.inventory.order, tradedeck::trade::index::Order::FloatAsc);
    let floats: Vec<f64> =
        app.inventory.visible_items().filter_map(|i| i.wear().and_then(|w| w.parse().ok())).collect();
    assert!(floats.len() > 100 && floats.windows(2).all(|w| w[0] <= w[1]), "float ↑");
    update(&mut app, ch('s'));
    let floats: Vec<f64> =
        app.inventory.visible_items().filter_map(|i| i.wear().and_then(|w| w.parse().ok())).collect();
    assert!(floats.windows(2).all(|w| w[0] >= w[1]), "float ↓");
    update(&mut app, ch('s'));
    let seeds: Vec<i64> = app.inventory.visible_items().filter_map(|i| i.paint_seed()).collect();
    assert!(seeds.windows(2).all(|w| w[0] <= w[1]), "paint seed ↑");
    let text = screen(&app);
    assert!(text.contains("sort paint seed ↑") && text.contains("Seed") && text.contains("Float"), "{text}");
    update(&mut app, ch('s'));
    assert_eq!(app.inventory.query.sort, tradedeck::api::assetpay::Sort::Relevance, "and back to the server's");
}

#[test]
fn details_copy_the_inspect_certificate() {
    let mut app = local_app(120, 40);
    update(&mut app, key(KeyCode::Enter));
    let Some(Overlay::Details(id)) = &app.overlay else { panic!() };
    let item = app.inventory.find(id).unwrap();
    let expected = item.prop_id.clone().filter(|p| !p.is_empty()).unwrap_or(item.id.clone());
    let cmds = update(&mut app, ch('c'));
    assert!(matches!(&cmds[..], [tradedeck::app::Cmd::Copy(text)] if *text == expected), "{cmds:?}");
    assert!(app.notice.as_deref().is_some_and(|n| n.starts_with("Copied")));
    assert!(screen(&app).contains("c copy inspect cert."));
}

#[test]
fn a_loaded_cs2_inventory_filters_by_float() {
    let mut app = local_app(120, 40);
    update(&mut app, ch('f'));
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "0");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "0.07");
    update(&mut app, key(KeyCode::Enter));
    assert!(app.overlay.is_none(), "applied");
    let floats: Vec<Option<f64>> =
        app.inventory.visible_items().map(|i| i.wear().and_then(|w| w.parse().ok())).collect();
    assert!(!floats.is_empty() && floats.iter().all(|f| f.is_some_and(|f| f <= 0.07)), "{floats:?}");
    assert!(screen(&app).contains("float 0–0.07"));
    // A float above 1 is refused in words.
    update(&mut app, ch('f'));
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "2");
    update(&mut app, key(KeyCode::Enter));
    let Some(Overlay::PriceFilter(dialog)) = &app.overlay else { panic!("closed on a bad float") };
    assert!(dialog.error.as_deref().is_some_and(|e| e.contains("from 0 to 1")), "{:?}", dialog.error);
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, key(KeyCode::Esc));
    assert!(app.inventory.float_range.is_open(), "Esc clears the float range too");
}

#[test]
fn the_theme_sets_the_colours_and_no_color_still_wins() {
    use ratatui::style::Color;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let load = |text: &str| {
        std::fs::write(&path, text).unwrap();
        let flags = tradedeck::config::Flags { config_file: Some(path.clone()), ..Default::default() };
        tradedeck::config::Config::load_from(&flags, &|_| None).map_err(|e| e.to_string())
    };
    let config = load("[theme]\naccent = \"#ff8800\"\nmoney = \"lightblue\"\n").unwrap();
    assert_eq!(config.palette.accent, tradedeck::colour::Colour::Rgb(255, 136, 0));
    let mut app = local_app(120, 40);
    app.palette = config.palette;
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| {
            tradedeck::ui::draw(f, &app);
        })
        .unwrap();
    let brand = &terminal.backend().buffer()[(1, 0)];
    assert_eq!(brand.fg, Color::Rgb(255, 136, 0), "the accent colours the brand");
    app.use_color = false;
    terminal
        .draw(|f| {
            tradedeck::ui::draw(f, &app);
        })
        .unwrap();
    assert_eq!(terminal.backend().buffer()[(1, 0)].fg, Color::Reset, "NO_COLOR wins");
    let bad = load("[mannco]\n[theme]\ngood = \"not-a-colour\"\n").unwrap_err();
    assert!(bad.contains("line 3") && bad.contains("not a colour"), "{bad}");
    assert!(load("[theme]\nsparkle = \"red\"\n").unwrap_err().contains("sparkle"));
}

/// Reads a CSV export back: its header and rows.
fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

#[test]
fn e_exports_what_the_pane_shows_and_the_csv_reads_back() {
    use tradedeck::app::{Cmd, Export};
    let dir = tempfile::tempdir().unwrap();
    let mut app = local_app(120, 40);
    // Searched, filtered and sorted: the export follows the screen, not the inventory.
    update(&mut app, ch('/'));
    type_text(&mut app, "redline");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('s'));
    let shown: Vec<String> = app.inventory.visible_items().map(|i| i.id().to_string()).collect();
    assert!(shown.len() > 1 && shown.len() < 300, "{}", shown.len());
    let cmds = update(&mut app, ch('e'));
    let [Cmd::Export(export @ Export::AssetPay { .. })] = &cmds[..] else { panic!("{cmds:?}") };
    let export = match export {
        Export::AssetPay { game, items, order } => {
            Export::AssetPay { game: *game, items: items.clone(), order: order.clone() }
        }
        Export::Mannco { .. } | Export::Trades { .. } | Export::History { .. } => unreachable!(),
    };
    let (path, rows) = tradedeck::tui::worker::export_csv(dir.path(), export).unwrap();
    assert_eq!(rows, shown.len());
    assert!(path.starts_with(dir.path()) && path.extension().is_some_and(|e| e == "csv"), "{path:?}");
    let (header, records) = read_csv(&path);
    assert_eq!(header, tradedeck::export::INVENTORY_HEADER);
    let ids: Vec<String> = records.iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, shown, "the rows, in the order shown");
    // Offers exactly as the market sent them.
    let first = app.inventory.find(&shown[0]).unwrap();
    let sent = serde_json::to_string(&first.offer.as_ref().unwrap().price).unwrap();
    assert_eq!(records[0][7], sent);
    update(&mut app, Msg::Exported(Ok((path.clone(), rows))));
    let text = screen(&app);
    assert!(text.contains(&format!("Exported {rows} row(s)")), "{text}");
    // A second export in the same second gets its own file.
    let again =
        Export::AssetPay { game: tradedeck::api::assetpay::Game::Cs2, items: Default::default(), order: vec![] };
    let (second, _) = tradedeck::tui::worker::export_csv(dir.path(), again).unwrap();
    assert_ne!(second, path);
}

#[test]
fn e_exports_a_mannco_pane_row_by_row() {
    use tradedeck::app::{Cmd, Export};
    let dir = tempfile::tempdir().unwrap();
    let mut app = mannco_app(120, 40);
    let cmds = update(&mut app, ch('e'));
    let Some(Cmd::Export(export)) = cmds.into_iter().next() else { panic!("no export") };
    let Export::Mannco { rows: ref sent, .. } = export else { panic!("{export:?}") };
    let names: Vec<String> = sent.iter().map(|r| r.name.clone()).collect();
    let (path, n) = tradedeck::tui::worker::export_csv(dir.path(), export).unwrap();
    let (header, records) = read_csv(&path);
    assert_eq!(header, tradedeck::export::MANNCO_HEADER);
    assert_eq!(n, records.len());
    assert_eq!(records.iter().map(|r| r[2].clone()).collect::<Vec<_>>(), names);
}

#[test]
fn a_reply_reaches_only_the_dialog_that_asked() {
    use tradedeck::app::ManncoMsg;
    let mut app = mannco_app(120, 40);
    update(&mut app, ch('w'));
    let old_run = app.run;
    update(&mut app, key(KeyCode::Esc));
    // A new dialog of the same kind is open when the old one's answer arrives.
    update(&mut app, ch('w'));
    assert_ne!(app.run, old_run);
    let result = Ok((tradedeck::api::mannco::WithdrawResult { message: "ok".into(), updated: 1, locked: 0 }, false));
    update(&mut app, Msg::from(ManncoMsg::Withdrawn { run: old_run, result }));
    let Some(Overlay::Withdraw(dialog)) = &app.overlay else { panic!("the withdrawal dialog") };
    assert_eq!(dialog.stage, tradedeck::app::dialogs::withdraw::WithdrawStage::Confirming, "not the old answer");
}

#[test]
fn a_rebound_dialog_key_confirms_and_the_old_one_does_not() {
    use tradedeck::config::KeyOverride;
    let mut app = mannco_app(120, 40);
    let line = KeyOverride {
        layer: "review".into(),
        action: "confirm".into(),
        keys: vec!["Y".into()],
        place: "config.toml line 2".into(),
    };
    app.keymap = tradedeck::app::keymap::Keymap::with_overrides(&[line]).unwrap();
    update(&mut app, ch('w'));
    // The dialog and the hint bar say the key it now takes.
    let text = screen(&app);
    assert!(text.contains("Y sends") && text.contains("Y confirm"), "{text}");
    assert!(update(&mut app, ch('y')).is_empty(), "y is no longer confirm");
    let cmds = update(&mut app, ch('Y'));
    assert!(matches!(&cmds[..], [tradedeck::app::Cmd::Withdraw { .. }]), "{cmds:?}");
}
