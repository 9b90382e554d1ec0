//! The Mannco panes through `update()`: selection across search and scroll, quantities,
//! items that cannot be acted on, and the pricing and withdrawal flows, without a terminal.

mod common;

use common::*;
use crossterm::event::KeyCode;
use tradedeck::api::mannco::{ManncoError, MarketError, WithdrawResult};
use tradedeck::app::dialogs::pricing::{Outcome, Stage};
use tradedeck::app::dialogs::withdraw::WithdrawStage;
use tradedeck::app::panes::mannco::state::ManncoList;
use tradedeck::app::{App, Cmd, ManncoMsg, Msg, Overlay, PaneId, update};
use tradedeck::money::Cents;
use tradedeck::trade::pricing::PriceCall;

fn focus_row(app: &mut App, name: &str) {
    update(app, ch('g'));
    let list = app.focused().mannco_list().unwrap();
    while app.mannco.pane(list).current_row().is_some_and(|r| r.name != name) {
        let before = app.mannco.pane(list).list.view.cursor;
        update(app, ch('j'));
        assert_ne!(before, app.mannco.pane(list).list.view.cursor, "{name} is not in the list");
    }
}

fn submitted(cmds: &[Cmd]) -> Vec<PriceCall> {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::SubmitPrices { plan, .. } => Some(plan.calls.clone()),
            _ => None,
        })
        .expect("a submission")
}

#[test]
fn panes_2_and_3_are_the_mannco_lists() {
    let mut app = mannco_app(120, 40);
    assert_eq!(app.focused(), PaneId::Mannco(ManncoList::Inventory));
    update(&mut app, ch('2'));
    assert_eq!(app.focused(), PaneId::Mannco(ManncoList::OnSale));
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focused(), PaneId::Mannco(ManncoList::Inventory));
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focused(), PaneId::Trades);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focused(), PaneId::Rules);
    let cmds = update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focused(), PaneId::History);
    assert!(matches!(cmds[..], [Cmd::LoadLedger { .. }]), "the history is read when shown: {cmds:?}");
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focused(), PaneId::AssetPay, "Tab wraps around");
}

#[test]
fn startup_reads_both_lists_and_the_balance() {
    let (mut app, _) = loading_app(120, 40);
    app.mannco =
        tradedeck::app::panes::mannco::state::ManncoState::new(tradedeck::app::panes::assetpay::state::Source::Ready {
            endpoint: "/inventory",
        });
    let cmds = app.init();
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchMannco { list: ManncoList::OnSale, .. })));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchMannco { list: ManncoList::Inventory, .. })));
    // The balance follows both lists, so a sale can be told from a listing gone.
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::FetchManncoBalance)));
    let (on_sale, inventory) = mannco_lists();
    let mut after = vec![];
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane(list).list.generation;
        after = update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    assert!(after.iter().any(|c| matches!(c, Cmd::FetchManncoBalance)), "{after:?}");
}

#[test]
fn a_listing_gone_while_the_balance_rose_by_its_credit_is_announced_with_the_bell() {
    let mut app = mannco_app(120, 40);
    // The keys on sale at $2.12 leave both lists and the balance rises by their credit.
    let (mut on_sale, inventory) = mannco_lists();
    let keys = on_sale.items.iter().find(|r| r.name.contains("Key")).cloned().unwrap();
    on_sale.items.retain(|r| !r.name.contains("Key"));
    let credit = keys.price.unwrap().after_fee().0 * keys.asset_ids().len() as i64;
    app.mannco.refresh();
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane(list).list.generation;
        update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    let cmds = update(&mut app, Msg::from(ManncoMsg::Balance(Ok(Cents(12_345 + credit)))));
    let alerts = |cmds: &[Cmd]| -> Vec<String> {
        cmds.iter()
            .filter_map(|c| match c {
                Cmd::Alert(text) => Some(text.clone()),
                _ => None,
            })
            .collect()
    };
    let [text] = &alerts(&cmds)[..] else { panic!("{cmds:?}") };
    assert!(text.contains("Sold") && text.contains("Mann Co. Supply Crate Key"), "{text}");
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("credited")));
    // Said once.
    assert!(alerts(&update(&mut app, Msg::from(ManncoMsg::Balance(Ok(Cents(12_345 + credit)))))).is_empty());
}

/// Once the sales history can be read, it tells the sales: a new row is announced, and a
/// balance that rose while a listing left (a deposit at the same moment) is not.
#[test]
fn the_sales_history_tells_the_sales_once_it_can_be_read() {
    use tradedeck::api::mannco::history::SaleRow;
    let mut app = mannco_app(120, 40);
    let row = |at, name: &str, price| SaleRow {
        at: Some(at),
        item_id: Some(1),
        asset_id: None,
        name: name.into(),
        price: Some(Cents(price)),
        count: 1,
    };
    let old = vec![row(1_000, "Refined Metal", 5)];
    assert!(
        update(&mut app, Msg::from(ManncoMsg::SalesHistory(Ok(old.clone())))).is_empty(),
        "the first read only learns"
    );
    // The keys leave the lists and the balance rises: with the history readable, not a sale.
    let (mut on_sale, inventory) = mannco_lists();
    on_sale.items.retain(|r| !r.name.contains("Key"));
    app.mannco.refresh();
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane(list).list.generation;
        update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    let cmds = update(&mut app, Msg::from(ManncoMsg::Balance(Ok(Cents(99_999)))));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Alert(_))), "{cmds:?}");
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchSalesHistory)));
    // The history has a new row: that is the sale.
    let mut new = old;
    new.insert(0, row(2_000, "Mann Co. Supply Crate Key", 212));
    let cmds = update(&mut app, Msg::from(ManncoMsg::SalesHistory(Ok(new))));
    assert!(
        matches!(&cmds[..], [Cmd::Alert(text)] if text.contains("Sold 1 × Mann Co. Supply Crate Key at $2.12: $2.01 credited")),
        "{cmds:?}"
    );
}

#[test]
fn a_row_selects_all_its_ids_and_survives_search_and_scroll() {
    let mut app = mannco_app(120, 40);
    focus_row(&mut app, "Mann Co. Supply Crate Key");
    update(&mut app, ch(' '));
    assert_eq!(app.mannco.selection.assets.len(), 25);
    update(&mut app, ch('/'));
    type_text(&mut app, "hat");
    assert!(app.mannco.inventory.visible_rows().all(|r| r.item_type.as_deref() == Some("Hat")));
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, ch('G'));
    update(&mut app, ch('g'));
    assert_eq!(app.mannco.selection.assets.len(), 25);
    // Another pane's rows join the same selection.
    update(&mut app, ch('2'));
    focus_row(&mut app, "Unusual Burning Flames Team Captain");
    update(&mut app, ch(' '));
    assert_eq!(app.mannco.selection.assets.len(), 26);
    let (value, estimated) = app.mannco.selection.value(&app.mannco.pricing);
    assert_eq!(value, Cents(25 * 205 + 19900), "unlisted items count at their suggested price");
    assert!(estimated);
}

#[test]
fn a_quantity_selects_part_of_a_group() {
    let mut app = mannco_app(120, 40);
    focus_row(&mut app, "Mann Co. Supply Crate Key");
    update(&mut app, ch('n'));
    assert!(matches!(app.overlay, Some(Overlay::Quantity(_))));
    update(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "99");
    update(&mut app, key(KeyCode::Enter));
    assert!(matches!(app.overlay, Some(Overlay::Quantity(_))), "more than the row holds is refused");
    update(&mut app, key(KeyCode::Backspace));
    update(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "20");
    update(&mut app, key(KeyCode::Enter));
    assert!(app.overlay.is_none());
    assert_eq!(app.mannco.selection.assets.len(), 20);
    let row = app.mannco.inventory.current_row().unwrap().clone();
    assert_eq!(app.mannco.selection.count_in(&row), 20);
}

#[test]
fn blocked_items_say_why_and_cannot_be_selected() {
    let mut app = mannco_app(120, 40);
    for name in ["Refined Metal", "AK-47 | Redline (Field-Tested)"] {
        focus_row(&mut app, name);
        update(&mut app, ch(' '));
        assert!(app.mannco.selection.assets.is_empty(), "{name} was selected");
        let notice = app.notice.clone().unwrap();
        assert!(notice.contains("pending withdrawal") || notice.contains("trade hold"), "{notice}");
    }
    update(&mut app, ch('a'));
    let selected: Vec<u64> = app.mannco.selection.assets.keys().copied().collect();
    assert!(!selected.contains(&3001) && !selected.contains(&4001), "select-all took a blocked item");
    assert_eq!(selected.len(), 25 + 2 + 1);
    update(&mut app, ch('a'));
    assert!(app.mannco.selection.assets.is_empty());
}

#[test]
fn pricing_previews_confirms_and_groups_into_the_fewest_calls() {
    let mut app = mannco_app(120, 40);
    focus_row(&mut app, "Mann Co. Supply Crate Key");
    update(&mut app, ch(' '));
    update(&mut app, ch(' '));
    assert_eq!(app.mannco.selection.assets.len(), 27);
    update(&mut app, ch('p'));
    // Rule: undercut the lowest listing by 1 cent, never below $1.80.
    choose_undercut(&mut app, "1", "1.80");
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!("no pricing dialog") };
    let p = &dialog.preview;
    assert_eq!(p.items_sent(), 27);
    let keys = p.lines.iter().find(|l| l.name.starts_with("Mann Co")).unwrap();
    assert_eq!(keys.new, Some(Cents(208)));
    let hats = p.lines.iter().find(|l| l.name == "Team Captain").unwrap();
    assert_eq!(hats.new, Some(Cents(180)), "159 is below the floor");
    assert_eq!(p.total_receive(), Cents(25 * 197 + 2 * 171));
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!() };
    assert_eq!(dialog.stage, Stage::Confirming { drops_confirmed: false });
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty(), "a second Enter sends nothing");
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!() };
    assert_eq!(dialog.stage, Stage::Confirming { drops_confirmed: false }, "only y confirms");
    let calls = submitted(&update(&mut app, ch('y')));
    assert_eq!(calls.len(), 2, "one call per distinct price");
    assert_eq!(calls.iter().map(|c| c.ids.len()).sum::<usize>(), 27);
    // The answers arrive: the keys succeed, the hats fail and stay selected with the error.
    let refused = ManncoError::Market { status: 300, kind: MarketError::Other, message: "Nope".into() };
    let run = app.run;
    update(
        &mut app,
        Msg::from(ManncoMsg::PriceCallDone {
            origin: tradedeck::app::msg::Origin::Dialog(run),
            price: calls[0].price,
            ids: calls[0].ids.clone(),
            result: Err(refused),
            reconciled: false,
        }),
    );
    let run = app.run;
    let cmds = update(
        &mut app,
        Msg::from(ManncoMsg::PriceCallDone {
            origin: tradedeck::app::msg::Origin::Dialog(run),
            price: calls[1].price,
            ids: calls[1].ids.clone(),
            result: Ok(()),
            reconciled: false,
        }),
    );
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchMannco { .. })), "both lists refresh afterwards");
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!() };
    let Stage::Done { results } = &dialog.stage else { panic!("not done: {:?}", dialog.stage) };
    assert!(matches!(results[0].outcome, Outcome::Failed(_)));
    assert_eq!(app.mannco.selection.assets.len(), 2);
    assert_eq!(app.mannco.selection.errors.len(), 2);
}

#[test]
fn invalid_prices_say_why_and_enter_does_nothing() {
    let mut app = mannco_app(120, 40);
    focus_row(&mut app, "Team Captain");
    update(&mut app, ch('p'));
    for text in ["abc", "0", "50000.01", "1.2.3"] {
        type_text(&mut app, text);
        assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
        let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!() };
        assert_eq!(dialog.stage, Stage::Editing, "{text}");
        assert!(dialog.error.is_some(), "{text} gave no reason");
        for _ in 0..text.len() {
            update(&mut app, key(KeyCode::Backspace));
        }
    }
}

#[test]
fn over_the_cap_is_warned_before_sending() {
    let mut app = mannco_app(120, 40);
    focus_row(&mut app, "Mann Co. Supply Crate Key");
    update(&mut app, ch('p'));
    type_text(&mut app, "3");
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!() };
    assert!(dialog.preview.lines[0].warnings[0].contains("cap $2.50"));
    update(&mut app, key(KeyCode::Enter));
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!() };
    assert_eq!(dialog.stage, Stage::Editing, "nothing sendable, nothing to confirm");
}

#[test]
fn withdraw_confirms_then_shows_updated_and_locked() {
    let mut app = mannco_app(120, 40);
    focus_row(&mut app, "Team Captain");
    update(&mut app, ch(' '));
    update(&mut app, ch('w'));
    let Some(Overlay::Withdraw(dialog)) = &app.overlay else { panic!() };
    assert_eq!(dialog.items.len(), 2);
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty(), "Enter does not confirm a withdrawal");
    let cmds = update(&mut app, ch('y'));
    let named = vec![(2001, "Team Captain".to_string()), (2002, "Team Captain".to_string())];
    assert!(matches!(&cmds[..], [Cmd::Withdraw { items, .. }] if items == &named), "{cmds:?}");
    let result = WithdrawResult { message: "Items withdrawal processed".into(), updated: 2, locked: 0 };
    let run = app.run;
    let cmds = update(&mut app, Msg::from(ManncoMsg::Withdrawn { run, result: Ok((result, false)) }));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchMannco { .. })));
    let Some(Overlay::Withdraw(dialog)) = &app.overlay else { panic!() };
    assert!(matches!(&dialog.stage, WithdrawStage::Done(Ok(r)) if r.updated == 2));
}

#[test]
fn a_pending_item_under_the_cursor_is_refused_before_sending() {
    let mut app = mannco_app(120, 40);
    focus_row(&mut app, "Refined Metal");
    update(&mut app, ch('w'));
    let Some(Overlay::Withdraw(dialog)) = &app.overlay else { panic!() };
    assert!(dialog.items.is_empty());
    assert!(dialog.refused[0].2.contains("pending withdrawal"));
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert!(cmds.is_empty() && app.overlay.is_none(), "nothing may be sent");
}

#[test]
fn sold_and_withdrawn_items_leave_the_selection_when_the_lists_reload() {
    let mut app = mannco_app(120, 40);
    focus_row(&mut app, "Team Captain");
    update(&mut app, ch(' '));
    let (on_sale, mut inventory) = mannco_lists();
    inventory.items.retain(|r| r.name != "Team Captain");
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane_mut(list).list.begin_fetch();
        update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    assert!(app.mannco.selection.assets.is_empty());
}

#[test]
fn a_trade_hold_the_market_reports_blocks_that_asset_not_its_whole_row() {
    let mut app = mannco_app(120, 40);
    let refused = ManncoError::Market {
        status: 300,
        kind: MarketError::TradeLocked,
        message: "This item will be locked for 7 days".into(),
    };
    let run = app.run;
    update(
        &mut app,
        Msg::from(ManncoMsg::PriceCallDone {
            origin: tradedeck::app::msg::Origin::Dialog(run),
            price: Cents(200),
            ids: vec![1003],
            result: Err(refused),
            reconciled: false,
        }),
    );
    focus_row(&mut app, "Mann Co. Supply Crate Key");
    update(&mut app, ch(' '));
    assert_eq!(app.mannco.selection.assets.len(), 25, "the row stays selectable");
    update(&mut app, ch('p'));
    type_text(&mut app, "2.05");
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!() };
    let held = dialog.preview.lines.iter().find(|l| !l.send()).expect("the held asset is not sent");
    assert_eq!(held.ids, vec![1003]);
    assert!(held.warnings[0].contains("trade hold"));
    assert_eq!(dialog.preview.items_sent(), 24);
}

#[test]
fn a_cap_the_market_names_is_learned_even_without_a_selection() {
    let mut app = mannco_app(120, 40);
    assert_eq!(app.mannco.cap(TEAM_CAPTAIN), None);
    let refused = ManncoError::Market {
        status: 300,
        kind: MarketError::PriceLimitExceeded { max: Some(Cents(250)) },
        message: "Price limit exceeded (max 250)".into(),
    };
    let run = app.run;
    update(
        &mut app,
        Msg::from(ManncoMsg::PriceCallDone {
            origin: tradedeck::app::msg::Origin::Dialog(run),
            price: Cents(300),
            ids: vec![2001],
            result: Err(refused),
            reconciled: false,
        }),
    );
    assert!(app.mannco.selection.assets.is_empty());
    assert_eq!(app.mannco.cap(TEAM_CAPTAIN), Some(Cents(250)));
}

/// While the TUI runs, the Mannco lists and the balance are read again every
/// `refresh_seconds`: a listing bought meanwhile is announced as sold, with its credit.
#[test]
fn a_sale_while_the_tui_runs_is_announced_within_the_refresh() {
    let mut app = mannco_app(120, 40);
    let start = app.clock;
    assert!(update(&mut app, Msg::Tick(start)).is_empty(), "just loaded: not due");
    assert!(update(&mut app, Msg::Tick(start + time::Duration::seconds(30))).is_empty(), "not due yet");
    let cmds = update(&mut app, Msg::Tick(start + time::Duration::seconds(61)));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchMannco { .. })), "read again: {cmds:?}");
    // The unusual on sale at $199.00 was bought: gone from both lists, balance up by $189.05.
    let (mut on_sale, inventory) = mannco_lists();
    on_sale.items.retain(|r| r.name != "Unusual Burning Flames Team Captain");
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane(list).list.generation;
        update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    let cmds = update(&mut app, Msg::from(ManncoMsg::Balance(Ok(Cents(12_345 + 18_905)))));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Alert(_))), "the bell and the webhook: {cmds:?}");
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains("Sold 1 × Unusual Burning Flames Team Captain at $199.00: $189.05 credited"), "{notice}");
}
