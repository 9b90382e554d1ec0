//! Hostile input never breaks anything: every decoder and parser takes arbitrary input
//! without panicking, and the app survives any key sequence at any terminal size.

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tradedeck::api::assetpay::{TradeUrl, decode_inventory};
use tradedeck::api::mannco::{self, Listing, WithdrawResult};
use tradedeck::app::{App, ManncoMsg, Msg, update};
use tradedeck::money::{Cents, Usd};
use tradedeck::trade::pricing::{Pricing, Rule};

/// JSON values of any shape, a few levels deep, with the API's own field names mixed in so
/// the decoders get past their first checks.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("success".to_string()),
        Just("data".to_string()),
        Just("error".to_string()),
        Just("inventory".to_string()),
        Just("count".to_string()),
        Just("content".to_string()),
        Just("items".to_string()),
        Just("ids".to_string()),
        Just("price".to_string()),
        Just("offer".to_string()),
        "[a-z]{1,6}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        ".{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn decoders_take_any_bytes(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = decode_inventory(status, None, &body);
        let _ = mannco::decode::<Listing>(status, &body);
        let _ = mannco::decode::<WithdrawResult>(status, &body);
    }

    #[test]
    fn decoders_take_any_json(status in prop_oneof![Just(200u16), Just(300), Just(400), Just(403), Just(500)], value in json_value()) {
        let body = serde_json::to_vec(&value).unwrap();
        let _ = decode_inventory(status, None, &body);
        let _ = mannco::decode::<Listing>(status, &body);
        let _ = mannco::decode::<serde_json::Value>(status, &body);
    }

    #[test]
    fn typed_amounts_are_valid_or_refused(text in ".{0,24}") {
        if let Ok(price) = Cents::parse_price(&text) {
            prop_assert!(price.is_valid_price());
        }
        let _ = Usd::parse_dollars(&text);
        for rule in Rule::ALL {
            let _ = Pricing::parse(rule, &text);
        }
    }

    #[test]
    fn ids_urls_and_fault_specs_never_panic(text in ".{0,60}") {
        if let Ok(ids) = mannco::parse_ids(&text) {
            prop_assert!(!ids.is_empty());
        }
        let _ = TradeUrl::parse(&text);
        let _ = text.parse::<tradedeck::sim::faults::Faults>();
    }

    #[test]
    fn digit_strings_parse_as_prices(whole in 0u32..60_000, cents in 0u32..100) {
        let text = format!("{whole}.{cents:02}");
        let expected = whole as i64 * 100 + cents as i64;
        match Cents::parse_price(&text) {
            Ok(price) => prop_assert_eq!(price.0, expected),
            Err(_) => prop_assert!(!(1..=5_000_000).contains(&expected)),
        }
    }

    #[test]
    fn config_files_of_any_content_give_an_answer(text in ".{0,200}") {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, &text).unwrap();
        let flags = tradedeck::config::Flags { config_file: Some(file), ..Default::default() };
        let _ = tradedeck::config::Config::load_from(&flags, &|_| None);
    }
}

fn key_event() -> impl Strategy<Value = KeyEvent> {
    let code = prop_oneof![
        prop::sample::select(vec![
            'j', 'k', 'g', 'G', '/', 's', 'f', 'r', 't', '[', ']', 'a', ' ', '?', 'n', 'p', 'w', 'J', '1', '2', '3',
            'y', 'q', '0', '5', '.'
        ])
        .prop_map(KeyCode::Char),
        any::<char>().prop_map(KeyCode::Char),
        prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Delete,
        ]),
    ];
    // No Ctrl: Ctrl-C and Ctrl-Z end or suspend the run, which the loop (not update) handles.
    (code, prop::sample::select(vec![KeyModifiers::NONE, KeyModifiers::SHIFT, KeyModifiers::ALT]))
        .prop_map(|(c, m)| KeyEvent::new(c, m))
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![Just((20u16, 5u16)), Just((80, 24)), (1u16..160, 1u16..60)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn any_keys_at_any_size_never_panic(
        mannco in any::<bool>(),
        keys in prop::collection::vec(key_event(), 1..40),
        sizes in prop::collection::vec(size(), 1..4),
    ) {
        let (w, h) = sizes[0];
        let mut app: App = if mannco { mannco_app(w, h) } else { loaded_app(w, h, page(30)) };
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        for (i, key) in keys.into_iter().enumerate() {
            update(&mut app, Msg::Key(key));
            if let Some(&(w, h)) = sizes.get(i % 7) {
                update(&mut app, Msg::Resize(w, h));
                terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            }
            terminal.draw(|f| { tradedeck::ui::draw(f, &app); }).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    #[test]
    fn absurd_mannco_rows_draw_and_price_without_panicking(
        count in any::<u32>(),
        price in any::<i64>(),
        state in any::<u8>(),
        ids in "[0-9,x ]{0,40}",
        lowest in any::<i64>(),
        suggested in any::<i64>(),
    ) {
        let mut app = mannco_app(100, 30);
        let row = serde_json::json!({"ids": ids, "count": count, "item_id": 1, "state": state, "price": price, "name": "Odd", "game": 440});
        let listing = Listing { items: vec![serde_json::from_value(row).unwrap()], count: 1, skipped: vec![] };
        let generation = app.mannco.pane_mut(tradedeck::app::panes::mannco::state::ManncoList::Inventory).list.begin_fetch();
        update(&mut app, Msg::from(ManncoMsg::List { list: tradedeck::app::panes::mannco::state::ManncoList::Inventory, generation, result: Ok(listing) }));
        let pricing = tradedeck::api::mannco::ItemPricing {
            item_id: 1,
            lowest_sale_price: Some(Cents(lowest)),
            suggested_price: Some(Cents(suggested)),
            lowest_buy_order: Some(Cents(lowest)),
            ..Default::default()
        };
        update(&mut app, Msg::from(ManncoMsg::Pricing(Ok(std::collections::HashMap::from([(1, pricing)])))));
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        for key in [KeyCode::Char(' '), KeyCode::Char('k'), KeyCode::Char('p'), KeyCode::Left, KeyCode::Char('9'), KeyCode::Left, KeyCode::Enter] {
            update(&mut app, Msg::Key(KeyEvent::from(key)));
            terminal.draw(|f| { tradedeck::ui::draw(f, &app); }).unwrap();
        }
    }
}
