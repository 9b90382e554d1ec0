//! The Mannco panes and their dialogs drawn on a fixed-size test terminal.

mod common;

use common::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tradedeck::api::mannco::WithdrawResult;
use tradedeck::app::{App, ManncoMsg, Msg, update};

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal
        .draw(|f| {
            tradedeck::ui::draw(f, app);
        })
        .unwrap();
    terminal.backend().to_string()
}

fn select_row(app: &mut App, name: &str) {
    update(app, ch('g'));
    let list = app.focused().mannco_list().unwrap();
    while app.mannco.pane(list).current_row().is_some_and(|r| r.name != name) {
        update(app, ch('j'));
    }
    update(app, ch(' '));
}

#[test]
fn inventory_pane_with_a_partial_selection() {
    let mut app = mannco_app(120, 24);
    update(&mut app, ch('n'));
    update(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "5");
    update(&mut app, key(KeyCode::Enter));
    select_row(&mut app, "Team Captain");
    let text = screen(&app);
    assert!(text.contains("5/25") && text.contains("pending withdrawal") && text.contains("trade hold"));
    insta::assert_snapshot!(text);
}

#[test]
fn on_sale_pane_at_80x24() {
    let mut app = mannco_app(80, 24);
    update(&mut app, ch('2'));
    insta::assert_snapshot!(screen(&app));
}

/// Opens the pricing dialog for 20 keys and the two Team Captains, on `rule_steps` presses
/// of → from "fixed price", with `amount` typed.
fn pricing_screen(rule_steps: usize, amount: &str, floor: &str) -> String {
    let mut app = mannco_app(120, 30);
    update(&mut app, ch('n'));
    update(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "20");
    update(&mut app, key(KeyCode::Enter));
    select_row(&mut app, "Team Captain");
    update(&mut app, ch('p'));
    update(&mut app, key(KeyCode::BackTab));
    for _ in 0..rule_steps {
        update(&mut app, key(KeyCode::Right));
    }
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, amount);
    if !floor.is_empty() {
        update(&mut app, key(KeyCode::Tab));
        type_text(&mut app, floor);
    }
    screen(&app)
}

#[test]
fn pricing_fixed() {
    let text = pricing_screen(0, "1.50", "");
    assert!(text.contains("at or under the buy order at $1.95"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn pricing_a_big_drop_is_confirmed_on_its_own() {
    let mut app = mannco_app(120, 30);
    select_row(&mut app, "Team Captain");
    select_row(&mut app, "Unusual Sunbeams Anger");
    update(&mut app, ch('p'));
    type_text(&mut app, "1.23");
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    let text = screen(&app);
    assert!(text.contains("1 item(s) above would sell more than 30% below"), "{text}");
    assert!(text.contains("1 × Unusual Sunbeams Anger") && !text.contains("2 × Team Captain"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn pricing_undercut_with_a_floor() {
    let text = pricing_screen(1, "1", "1.80");
    assert!(text.contains("below floor"));
    insta::assert_snapshot!(text);
}

#[test]
fn pricing_match_buy_order() {
    insta::assert_snapshot!(pricing_screen(2, "", ""));
}

#[test]
fn pricing_percent_of_suggested() {
    insta::assert_snapshot!(pricing_screen(3, "97.5", ""));
}

#[test]
fn pricing_percent_of_lowest() {
    insta::assert_snapshot!(pricing_screen(4, "90", ""));
}

#[test]
fn pricing_validation_error() {
    let text = pricing_screen(0, "12.345", "");
    assert!(text.contains("two decimals"));
    insta::assert_snapshot!(text);
}

#[test]
fn pricing_confirmation_and_result() {
    let mut app = mannco_app(120, 30);
    select_row(&mut app, "Team Captain");
    update(&mut app, ch('p'));
    type_text(&mut app, "1.23");
    update(&mut app, key(KeyCode::Enter));
    let confirming = screen(&app);
    assert!(confirming.contains("List 2 item(s) for $2.46 in all? You receive $2.32"));
    insta::assert_snapshot!("pricing_confirmation", confirming);
    update(&mut app, ch('y'));
    let run = app.run;
    update(
        &mut app,
        Msg::from(ManncoMsg::PriceCallDone {
            origin: tradedeck::app::msg::Origin::Dialog(run),
            price: tradedeck::money::Cents(123),
            ids: vec![2001, 2002],
            result: Ok(()),
            reconciled: false,
        }),
    );
    let result = screen(&app);
    assert!(result.contains("✓ 2 × Team Captain at $1.23"));
    insta::assert_snapshot!("pricing_result", result);
    // A lost answer confirmed by re-reading says so.
    let mut app = mannco_app(120, 30);
    select_row(&mut app, "Team Captain");
    update(&mut app, ch('p'));
    type_text(&mut app, "1.23");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('y'));
    let run = app.run;
    update(
        &mut app,
        Msg::from(ManncoMsg::PriceCallDone {
            origin: tradedeck::app::msg::Origin::Dialog(run),
            price: tradedeck::money::Cents(123),
            ids: vec![2001, 2002],
            result: Ok(()),
            reconciled: true,
        }),
    );
    assert!(screen(&app).contains("the answer was lost; confirmed by re-reading the market"));
}

#[test]
fn withdraw_confirmation_and_result() {
    let mut app = mannco_app(120, 30);
    select_row(&mut app, "Team Captain");
    update(&mut app, ch('w'));
    insta::assert_snapshot!("withdraw_confirmation", screen(&app));
    update(&mut app, ch('y'));
    let result = WithdrawResult { message: "Items withdrawal processed".into(), updated: 2, locked: 0 };
    let run = app.run;
    update(&mut app, Msg::from(ManncoMsg::Withdrawn { run, result: Ok((result, false)) }));
    let text = screen(&app);
    assert!(text.contains("updated 2"));
    insta::assert_snapshot!("withdraw_result", text);
}

#[test]
fn help_describes_the_mannco_keys() {
    let mut app = mannco_app(120, 40);
    update(&mut app, ch('?'));
    let text = screen(&app);
    for expected in
        ["price the selection", "withdraw selection to Steam", "select how many of a row", "Mannco inventory pane"]
    {
        assert!(text.contains(expected), "{expected} missing from help");
    }
}
