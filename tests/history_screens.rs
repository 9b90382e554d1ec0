//! The History pane through `update()` and `draw()`: the ledger's entries, the P&L on the
//! status line, the range keys, the value chart, an entry in full, and `$`.

mod common;

use common::*;
use crossterm::event::KeyCode;
use tradedeck::app::panes::history::state::{LedgerView, Range};
use tradedeck::app::{Cmd, HistoryMsg, Msg, Overlay, PaneId, update};
use tradedeck::ledger::{Entry, Kind, Market, PnlRow, Unrealised};
use tradedeck::money::Cents;

/// 2026-11-20 12:00 UTC.
const NOW: i64 = 1_795_176_000;

fn entry(days_ago: i64, kind: Kind, name: &str, price: i64, credit: Option<i64>, status: Option<&str>) -> Entry {
    Entry {
        source: "journal".into(),
        source_key: format!("{days_ago}/{name}"),
        at: NOW - days_ago * 86_400,
        market: if kind == Kind::SoldToAssetpay { Market::Assetpay } else { Market::Mannco },
        account: "mannco-demo".into(),
        kind,
        name: name.into(),
        asset_id: Some(format!("{}", 14_032_529_000 + days_ago)),
        game: None,
        price: Some(Cents(price)),
        fee: credit.map(|c| Cents(price - c)),
        credit: credit.map(Cents),
        status: status.map(str::to_string),
    }
}

fn view() -> LedgerView {
    let entries = vec![
        entry(1, Kind::Sold, "Mann Co. Supply Crate Key", 195, Some(185), None),
        entry(2, Kind::SoldToAssetpay, "AK-47 | Redline (Field-Tested)", 1234, Some(1234), Some("completed")),
        entry(3, Kind::SoldToAssetpay, "AWP | Asiimov (Battle-Scarred)", 5120, Some(5120), Some("hold")),
        entry(5, Kind::Listed, "Team Captain", 310, None, None),
        entry(20, Kind::Bought, "Mann Co. Supply Crate Key", 180, None, None),
    ];
    let pnl = PnlRow {
        key: "total".into(),
        sales: 2,
        credit: Cents(185 + 1234),
        cost: Cents(180),
        profit: None,
        profit_of_known: Cents(5),
        without_cost: 1,
    };
    let value = (0..10).map(|d| (NOW - (9 - d) * 86_400, Cents(40_000 + d * 1_250 - (d % 3) * 900))).collect();
    LedgerView {
        entries,
        pnl,
        unrealised: Unrealised { items: 42, value: Cents(51_200), ..Default::default() },
        value,
        notes: vec![],
        search_keys: vec![],
    }
    .with_search_keys()
}

fn history_app(w: u16, h: u16) -> tradedeck::app::App {
    let mut app = mannco_app(w, h);
    app.clock = time::OffsetDateTime::from_unix_timestamp(NOW).unwrap();
    let cmds = update(&mut app, ch('6'));
    assert_eq!(app.focused(), PaneId::History);
    let [Cmd::LoadLedger { generation, since }] = cmds[..] else { panic!("{cmds:?}") };
    assert_eq!(since, Some(NOW - 30 * 86_400), "30 days by default");
    update(&mut app, Msg::from(HistoryMsg::Loaded { generation, result: Ok(view()) }));
    app
}

#[test]
fn the_history_pane_lists_entries_with_the_ranges_pnl() {
    let app = history_app(120, 24);
    let text = screen(&app);
    assert!(text.contains("sold to AssetPay") && text.contains("$1.85"), "{text}");
    assert!(text.contains("profit unknown (1 sale(s) without a cost"), "never zero without a cost: {text}");
    insta::assert_snapshot!("history_pane", text);
    let narrow = history_app(80, 24);
    insta::assert_snapshot!("history_pane_at_80", screen(&narrow));
}

#[test]
fn v_shows_the_value_chart_and_the_range_keys_read_again() {
    let mut app = history_app(100, 24);
    update(&mut app, ch('v'));
    let text = screen(&app);
    assert!(
        text.contains("Value, the last 30 days") && text.contains('⣀') || text.contains('⠉') || text.contains('⢀'),
        "{text}"
    );
    insta::assert_snapshot!("history_chart", text);
    let cmds = update(&mut app, ch(']'));
    assert_eq!(app.history.range, Range::Quarter);
    assert!(matches!(cmds[..], [Cmd::LoadLedger { since: Some(s), .. }] if s == NOW - 90 * 86_400), "{cmds:?}");
    update(&mut app, ch(']'));
    let cmds = update(&mut app, ch(']'));
    assert!(cmds.is_empty(), "all is the longest");
}

#[test]
fn search_sort_details_and_a_cost() {
    let mut app = history_app(120, 30);
    for c in "/key".chars() {
        update(&mut app, ch(c));
    }
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.history.visible.len(), 2, "the sale and the purchase of the key");
    update(&mut app, key(KeyCode::Enter));
    let Some(Overlay::LedgerEntry(e)) = &app.overlay else { panic!("details") };
    assert_eq!(e.kind, Kind::Sold);
    let text = screen(&app);
    assert!(text.contains("Ledger entry") && text.contains("$0.10"), "the fee in full: {text}");
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, ch('$'));
    for c in "1.80".chars() {
        update(&mut app, ch(c));
    }
    let cmds = update(&mut app, key(KeyCode::Enter));
    let [Cmd::SetCost { ids, name, price }] = &cmds[..] else { panic!("{cmds:?}") };
    assert_eq!((ids.len(), name.as_str(), *price), (1, "Mann Co. Supply Crate Key", Cents(180)));
    update(&mut app, ch('s'));
    assert!(app.notice.as_deref().unwrap().contains("oldest first"));
}
