//! The trade engine through its two faces: the TUI's pricing dialog (through `update()`) and
//! `tradedeck mannco price` (the real binary), which must plan the same; the guards, the
//! explicit `y`, the scrolling preview, quitting mid-send and one journal per account.

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use tradedeck::api::mannco::{Listing, Row};
use tradedeck::app::dialogs::pricing::Stage;
use tradedeck::app::panes::mannco::state::ManncoList;
use tradedeck::app::{App, Cmd, ManncoMsg, Msg, Overlay, update};
use tradedeck::config::{Config, Flags};
use tradedeck::money::Cents;
use tradedeck::trade::pricing::Plan;

fn screen(app: &App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal
        .draw(|f| {
            tradedeck::ui::draw(f, app);
        })
        .unwrap();
    terminal.backend().to_string()
}

fn ctrl_c() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
}

fn plan_of(cmds: &[Cmd]) -> Option<Plan> {
    cmds.iter().find_map(|c| match c {
        Cmd::SubmitPrices { plan, .. } => Some(plan.clone()),
        _ => None,
    })
}

fn dialog_stage(app: &App) -> &Stage {
    match &app.overlay {
        Some(Overlay::Pricing(d)) => &d.stage,
        other => panic!("no pricing dialog: {other:?}"),
    }
}

/// Opens the pricing dialog on the selection with a fixed price typed in.
fn price_selection(app: &mut App, price: &str) {
    update(app, ch('p'));
    type_text(app, price);
}

#[test]
fn only_y_sends_and_enter_enter_sends_nothing() {
    let mut app = mannco_app(120, 40);
    select_mannco_row(&mut app, "Team Captain");
    price_selection(&mut app, "1.50");
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert_eq!(dialog_stage(&app), &Stage::Confirming { drops_confirmed: false });
    for k in [key(KeyCode::Enter), key(KeyCode::Enter), ch(' '), ch('Y')] {
        assert!(plan_of(&update(&mut app, k)).is_none(), "only y sends");
    }
    let plan = plan_of(&update(&mut app, ch('y'))).expect("y sends");
    assert_eq!(plan.items(), 2);
    assert_eq!(plan.names.get(&2001).map(String::as_str), Some("Team Captain"), "the journal will name it");
}

#[test]
fn a_screen_too_small_to_review_takes_no_confirmation() {
    let mut app = mannco_app(120, 40);
    select_mannco_row(&mut app, "Team Captain");
    price_selection(&mut app, "1.50");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, Msg::Resize(20, 5));
    assert!(plan_of(&update(&mut app, ch('y'))).is_none(), "nothing is sent from a 20×5 screen");
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("too small")), "{:?}", app.notice);
    update(&mut app, Msg::Resize(80, 24));
    assert!(plan_of(&update(&mut app, ch('y'))).is_some());
}

#[test]
fn a_price_paying_nothing_is_refused_with_no_request() {
    let mut app = mannco_app(120, 40);
    select_mannco_row(&mut app, "Team Captain");
    price_selection(&mut app, "0.01");
    let screen_text = screen(&app);
    assert!(screen_text.contains("pays $0.00 after the 5% fee"), "{screen_text}");
    for _ in 0..3 {
        assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    }
    assert_eq!(dialog_stage(&app), &Stage::Editing);
    let Some(Overlay::Pricing(d)) = &app.overlay else { panic!() };
    assert!(d.error.as_deref().is_some_and(|e| e.contains("nothing to send")), "{:?}", d.error);
}

#[test]
fn a_90_percent_drop_needs_its_own_confirmation_naming_the_items() {
    let mut app = mannco_app(120, 40);
    select_mannco_row(&mut app, "Unusual Sunbeams Anger");
    price_selection(&mut app, "40.50");
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert_eq!(dialog_stage(&app), &Stage::ConfirmingDrops);
    let text = screen(&app);
    assert!(text.contains("Unusual Sunbeams Anger") && text.contains("90% under suggested $405.00"), "{text}");
    // Enter does not accept the drop; Esc goes back; nothing is ever sent on the way.
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert_eq!(dialog_stage(&app), &Stage::ConfirmingDrops);
    assert!(update(&mut app, key(KeyCode::Esc)).is_empty());
    assert_eq!(dialog_stage(&app), &Stage::Editing);
    update(&mut app, key(KeyCode::Enter));
    assert!(update(&mut app, ch('y')).is_empty(), "accepting the drop is not sending");
    assert_eq!(dialog_stage(&app), &Stage::Confirming { drops_confirmed: true });
    let plan = plan_of(&update(&mut app, ch('y'))).expect("the second y sends");
    assert_eq!(plan.calls[0].price, Cents(4050));
}

/// Thirteen different hats, each its own preview line.
fn thirteen_hats() -> App {
    let mut app = mannco_app(80, 24);
    let rows: Vec<Row> = (0..13u64)
        .map(|i| {
            serde_json::from_value(serde_json::json!({"ids": (9000 + i).to_string(), "count": 1,
                "item_id": 8000 + i, "game": 440, "state": 0, "name": format!("Hat number {i:02}"),
                "quality": "Unique", "type": "Hat"}))
            .unwrap()
        })
        .collect();
    let generation = app.mannco.pane_mut(ManncoList::Inventory).list.begin_fetch();
    update(
        &mut app,
        Msg::from(ManncoMsg::List {
            list: ManncoList::Inventory,
            generation,
            result: Ok(Listing { count: 13, items: rows, skipped: vec![] }),
        }),
    );
    update(&mut app, ch('a'));
    assert_eq!(app.mannco.selection.assets.len(), 13);
    app
}

#[test]
fn at_80x24_a_13_line_preview_scrolls_and_says_what_is_hidden() {
    let mut app = thirteen_hats();
    price_selection(&mut app, "1.50");
    let first = common::frame(&mut app);
    assert!(first.contains("Hat number 00") && !first.contains("Hat number 12"), "{first}");
    let more = first.lines().find(|l| l.contains("more")).unwrap_or_else(|| panic!("no 'n more' line:\n{first}"));
    assert!(more.contains("↓") && more.contains("PgDn"), "{more}");
    // Page by page, every line is seen: a page down never skips one.
    let mut seen = std::collections::BTreeSet::new();
    let mut text = first;
    for _ in 0..13 {
        seen.extend((0..13).filter(|i| text.contains(&format!("Hat number {i:02}"))));
        if !text.contains("more ·") {
            break;
        }
        update(&mut app, key(KeyCode::PageDown));
        text = common::frame(&mut app);
    }
    assert_eq!(seen.len(), 13, "lines skipped: saw {seen:?}");
    assert!(text.contains("Hat number 12") && text.contains("above"), "{text}");
    // Past the end, one PgUp goes back at once.
    update(&mut app, key(KeyCode::PageDown));
    update(&mut app, key(KeyCode::PageUp));
    let text = common::frame(&mut app);
    assert!(!text.contains("Hat number 12"), "{text}");
    // Review, then Enter again: nothing is sent; y sends all 13, the once-hidden ones included.
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    let plan = plan_of(&update(&mut app, ch('y'))).expect("y sends");
    assert_eq!(plan.items(), 13);
}

#[test]
fn quitting_mid_send_waits_for_the_answers_and_a_second_ctrl_c_stops_waiting() {
    for second in [None, Some(ctrl_c()), Some(Msg::QuitRequested)] {
        let mut app = mannco_app(120, 40);
        select_mannco_row(&mut app, "Team Captain");
        price_selection(&mut app, "1.50");
        update(&mut app, key(KeyCode::Enter));
        let plan = plan_of(&update(&mut app, ch('y'))).unwrap();
        let quit = |cmds: &[Cmd]| cmds.iter().any(|c| matches!(c, Cmd::Quit));
        assert!(!quit(&update(&mut app, ctrl_c())), "the first Ctrl-C waits for the answer");
        assert!(app.quitting);
        assert!(screen(&app).contains("Quitting once the market answers"), "{}", screen(&app));
        match second {
            Some(msg) => assert!(quit(&update(&mut app, msg)), "a second one stops waiting"),
            None => {
                let call = &plan.calls[0];
                let run = app.run;
                let answer = Msg::from(ManncoMsg::PriceCallDone {
                    origin: tradedeck::app::msg::Origin::Dialog(run),
                    price: call.price,
                    ids: call.ids.clone(),
                    result: Ok(()),
                    reconciled: false,
                });
                assert!(quit(&update(&mut app, answer)), "once answered, tradedeck quits");
            }
        }
    }
    // With nothing in flight, q and a signal quit at once.
    let mut app = mannco_app(120, 40);
    assert!(update(&mut app, ch('q')).iter().any(|c| matches!(c, Cmd::Quit)));
    assert!(update(&mut app, Msg::QuitRequested).iter().any(|c| matches!(c, Cmd::Quit)));
}

/// The TUI and the CLI, given the same selection and rule over the same market, plan the
/// same price for every item; and `--yes` then sends exactly that plan.
#[tokio::test]
async fn the_cli_and_the_tui_plan_the_same() {
    let sim = start_sim(10).await;
    let client = mannco_client(&sim);
    let (on_sale, inventory) = (client.on_sale().await.unwrap(), client.on_inventory().await.unwrap());
    let mut item_ids: Vec<i64> = on_sale.items.iter().chain(&inventory.items).map(|r| r.item_id).collect();
    item_ids.sort_unstable();
    item_ids.dedup();
    let pricing = client.pricing(&item_ids).await.unwrap();

    let mut app = mannco_app(120, 40);
    app.clock = time::OffsetDateTime::now_utc();
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane_mut(list).list.begin_fetch();
        update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    app.mannco.pricing = pricing;
    // Every Crate Key, listed or not: search each pane and select what it shows.
    for pane in ['2', '3'] {
        update(&mut app, ch(pane));
        update(&mut app, ch('/'));
        type_text(&mut app, "Crate Key");
        update(&mut app, key(KeyCode::Enter));
        update(&mut app, ch('a'));
    }
    update(&mut app, ch('p'));
    choose_undercut(&mut app, "1", "1.80");
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!("no dialog") };
    let tui: BTreeMap<u64, (Option<i64>, bool)> = dialog
        .preview
        .lines
        .iter()
        .flat_map(|l| l.ids.iter().map(move |id| (*id, (l.new.map(|c| c.0), l.send()))))
        .collect();
    assert!(tui.len() >= 25, "the keys held and listed: {tui:?}");

    let home = tempfile::tempdir().unwrap();
    let rule = ["mannco", "price", "--search", "Crate Key", "--undercut", "1", "--floor", "1.80", "--json"];
    let out = run_mannco_cli(&sim, home.path(), &[&rule[..], &["--dry-run"]].concat()).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cli: BTreeMap<u64, (Option<i64>, bool)> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_u64().unwrap(), (i["new"].as_i64(), i["send"].as_bool().unwrap())))
        .collect();
    assert_eq!(cli, tui, "the CLI plans what the dialog previews");
    assert!(sim.mannco.requests().is_empty(), "a dry run sends nothing");

    let out = run_mannco_cli(&sim, home.path(), &[&rule[..], &["--yes"]].concat()).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sent: BTreeMap<u64, i64> = sim
        .mannco
        .requests()
        .iter()
        .flat_map(|(_, body)| {
            let price = body["price"].as_str().and_then(|p| p.parse().ok()).or_else(|| body["price"].as_i64()).unwrap();
            let ids: Vec<u64> = body["ids"].as_str().unwrap().split(',').map(|s| s.parse().unwrap()).collect();
            ids.into_iter().map(move |id| (id, price))
        })
        .collect();
    let planned: BTreeMap<u64, i64> =
        tui.iter().filter(|(_, (_, send))| *send).map(|(id, (new, _))| (*id, new.unwrap())).collect();
    assert_eq!(sent, planned, "--yes sends exactly the planned calls");
}

fn config_with(url: &str, key: &str, demo: bool) -> Config {
    let env = |name: &str| match name {
        "MANNCO_API_URL" => Some(url.to_string()),
        "MANNCO_API_KEY" => Some(key.to_string()),
        "XDG_CONFIG_HOME" => Some("/nonexistent".into()),
        _ => None,
    };
    let mut config = Config::load_from(&Flags::default(), &env).unwrap();
    config.demo = demo;
    config
}

#[test]
fn each_market_account_has_its_own_journal() {
    let live = config_with("https://api.mannco.store", "live-key-1", false);
    let paths = [
        live.mannco_journal_path(None),
        config_with("https://api.mannco.store", "live-key-1", true).mannco_journal_path(None),
        config_with("http://127.0.0.1:8787", "live-key-1", false).mannco_journal_path(None),
        config_with("https://api.mannco.store", "other-key", false).mannco_journal_path(None),
    ];
    for (i, a) in paths.iter().enumerate() {
        for b in &paths[i + 1..] {
            assert_ne!(a, b);
        }
    }
    assert_eq!(
        live.mannco_journal_path(None),
        config_with("https://api.mannco.store", "live-key-1", false).mannco_journal_path(None)
    );
    let name = live.mannco_journal_path(None).file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("mannco-api.mannco.store-") && !name.contains("live-key"), "{name}");
    // Once the market names the account, a token and a key of it share one journal.
    let by_account =
        |key: &str| config_with("https://api.mannco.store", key, false).mannco_journal_path(Some("76561198012345678"));
    assert_eq!(by_account("live-key-1"), by_account("other-key"));
    assert_ne!(by_account("live-key-1"), live.mannco_journal_path(None));
}

/// An action of unknown outcome on one account is not seen, nor reconciled, by the demo.
#[tokio::test]
async fn an_unknown_live_action_stays_out_of_the_demo() {
    let sim = start_sim(10).await;
    let home = tempfile::tempdir().unwrap();
    let env = |name: &str| match name {
        "MANNCO_API_URL" => Some(sim.url()),
        "MANNCO_API_KEY" => Some(mannco_key().to_string()),
        "XDG_CONFIG_HOME" => Some(home.path().join("config").display().to_string()),
        _ => None,
    };
    // The journal path lives under XDG_DATA_HOME, which the config reads from the process
    // environment: compute it the way the child will.
    let live = Config::load_from(&Flags::default(), &env).unwrap();
    let relative = live.mannco_journal_path(None).file_name().unwrap().to_owned();
    let path = home.path().join("data/tradedeck/journals").join(relative);
    let journal = tradedeck::journal::Journal::open(&path).unwrap();
    let id = journal.record_sent(&tradedeck::journal::Action::Withdraw { ids: vec![1], names: vec![] }).unwrap();
    journal.record_outcome(&id, tradedeck::journal::Outcome::Unknown { reason: "connection reset".into() }).unwrap();

    let out = run_mannco_cli(&sim, home.path(), &["journal"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 action(s)") && text.contains("1 without a known outcome"), "{text}");
    let demo = run_mannco_cli(&sim, home.path(), &["--demo", "--demo-items", "10", "journal"]).await;
    let text = String::from_utf8_lossy(&demo.stdout);
    assert!(text.contains("0 action(s)") && text.contains("0 without a known outcome"), "{text}");
    let demo = run_mannco_cli(&sim, home.path(), &["--demo", "--demo-items", "10", "journal", "--reconcile"]).await;
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    let (entries, _) = tradedeck::journal::Journal::read(&path).unwrap();
    assert_eq!(entries[0].outcomes.len(), 1, "the demo reconciled nothing of the live journal");
}

#[test]
fn a_buy_order_is_filled_only_after_its_own_confirmation_naming_it() {
    let mut app = mannco_app(120, 40);
    select_mannco_row(&mut app, "Mann Co. Supply Crate Key");
    price_selection(&mut app, "1.50");
    assert!(screen(&app).contains("at or under the buy order at $1.95"));
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert_eq!(dialog_stage(&app), &Stage::ConfirmingFill);
    let text = screen(&app);
    assert!(text.contains("buy order at $1.95 (you receive $1.85 each)"), "{text}");
    // Going back sends nothing; a y there sells into the buy order, at the bid.
    assert!(update(&mut app, key(KeyCode::Esc)).is_empty());
    assert_eq!(dialog_stage(&app), &Stage::Editing);
    update(&mut app, key(KeyCode::Enter));
    assert!(update(&mut app, ch('y')).is_empty(), "agreeing to fill is not sending");
    assert_eq!(dialog_stage(&app), &Stage::Confirming { drops_confirmed: false });
    assert!(screen(&app).contains("sells now into a buy order at $1.95"));
    let plan = plan_of(&update(&mut app, ch('y'))).expect("the second y sends");
    assert!(plan.calls.iter().all(|c| c.price == Cents(195)), "at the bid, not at $1.50: {:?}", plan.calls);
}
