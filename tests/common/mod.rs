//! Shared test helpers: a simulator on a loopback port and clients pointed at it.
#![allow(dead_code)]

pub mod hostile;
pub mod mannco_cli;

use tradedeck::api::assetpay::{AssetPayClient, Auth, TradeUrl};
use tradedeck::api::retry::RetryPolicy;
use tradedeck::secret::Secret;
use tradedeck::sim::{self, SimHandle, SimOptions, assetpay};

pub async fn start_sim(items: usize) -> SimHandle {
    sim::start(SimOptions { seed: 7, items, ..Default::default() }, 0).await.expect("simulator starts on loopback")
}

pub fn client_token(sim: &SimHandle, token: &str) -> AssetPayClient {
    let auth = Auth::Client { token: Secret::new(token) };
    AssetPayClient::new(tradedeck::api::http_client(), &sim.url(), auth).with_retry_policy(RetryPolicy::FAST)
}

pub fn client(sim: &SimHandle) -> AssetPayClient {
    client_token(sim, assetpay::DEMO_CLIENT_TOKEN)
}

pub fn secure_client(sim: &SimHandle, trade_url: &str) -> AssetPayClient {
    let auth =
        Auth::Secure { api_key: Secret::new(assetpay::DEMO_API_KEY), trade_url: TradeUrl::parse(trade_url).unwrap() };
    AssetPayClient::new(tradedeck::api::http_client(), &sim.url(), auth).with_retry_policy(RetryPolicy::FAST)
}

pub fn trade_url_for(partner: u64) -> String {
    format!("https://steamcommunity.com/tradeoffer/new/?partner={partner}&token=ABCD_-12")
}

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tradedeck::api::assetpay::InventoryPage;
use tradedeck::app::panes::assetpay::state::Source;
use tradedeck::app::{App, AssetPayMsg, Cmd, ManncoMsg, Msg, update};
use tradedeck::money::{Cents, Usd};

pub const UPDATED_AT: time::OffsetDateTime = time::macros::datetime!(2026-03-04 10:00 UTC);

/// A page of `n` generated CS2 items, as the server would return with `limit=-1`.
pub fn page(n: usize) -> InventoryPage {
    let items = serde_json::from_str::<Vec<tradedeck::api::assetpay::Item>>(&sim::dataset::generate_json(730, 7, n))
        .expect("demo items decode");
    InventoryPage {
        count: n as u64,
        items,
        updated_at: Some(UPDATED_AT),
        collateral: Usd::from_cents(15_000),
        skipped: vec![],
    }
}

/// An app at `w`×`h` whose first request is in flight.
pub fn loading_app(w: u16, h: u16) -> (App, Vec<Cmd>) {
    let mut app = App::new(
        Source::Ready { endpoint: "/client/inventory" },
        Source::Unavailable("Mannco is not configured.".into()),
        true,
    );
    app.size = (w, h);
    app.clock = UPDATED_AT + time::Duration::minutes(6);
    let cmds = app.init();
    (app, cmds)
}

/// An app at `w`×`h` showing a loaded page.
/// A page as a whole inventory arrives: in the compact store.
pub fn stored(page: InventoryPage) -> tradedeck::api::assetpay::StoredInventory {
    let items = tradedeck::api::assetpay::ItemStore::from_items(&page.items);
    InventoryPage {
        items,
        count: page.count,
        updated_at: page.updated_at,
        collateral: page.collateral,
        skipped: vec![],
    }
}

pub fn loaded_app(w: u16, h: u16, page: InventoryPage) -> App {
    let (mut app, _) = loading_app(w, h);
    let generation = app.inventory.list.generation;
    update(&mut app, Msg::from(AssetPayMsg::Page { generation, result: Ok(page) }));
    app
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

/// Sends each character as a key press and returns every command produced.
pub fn type_text(app: &mut App, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| update(app, ch(c))).collect()
}

use tradedeck::api::mannco::ManncoClient;
use tradedeck::sim::mannco::{Asset, DEMO_MANNCO_API_KEY, DEMO_MANNCO_TOKEN};

pub fn mannco_client(sim: &SimHandle) -> ManncoClient {
    ManncoClient::new(tradedeck::api::http_client(), &sim.url(), Some(Secret::new(DEMO_MANNCO_TOKEN)), None)
        .with_retry_policy(RetryPolicy::FAST)
}

pub fn mannco_login_client(sim: &SimHandle, api_key: &str) -> ManncoClient {
    ManncoClient::new(tradedeck::api::http_client(), &sim.url(), None, Some(Secret::new(api_key)))
        .with_retry_policy(RetryPolicy::FAST)
}

pub fn mannco_key() -> &'static str {
    DEMO_MANNCO_API_KEY
}

/// The simulator's assets of one item type in one state.
pub fn assets_named(sim: &SimHandle, item_id: i64, state: u8) -> Vec<Asset> {
    sim.mannco.assets().into_iter().filter(|a| a.item_id == item_id && a.state.code() == state).collect()
}

pub const KEY: i64 = 5021;
pub const TEAM_CAPTAIN: i64 = 3780;
pub const REDLINE: i64 = 1001;

use tradedeck::api::mannco::{ItemPricing, Listing};
use tradedeck::app::panes::mannco::state::ManncoList;

/// A hand-made Mannco account: keys in bulk, hats, an unusual on sale, one item pending
/// withdrawal and one CS item under trade hold (until far in the future).
pub fn mannco_lists() -> (Listing, Listing) {
    let row = |v: serde_json::Value| serde_json::from_value::<tradedeck::api::mannco::Row>(v).unwrap();
    let key_ids: Vec<String> = (1000..1025).map(|i: u64| i.to_string()).collect();
    let inventory = vec![
        row(serde_json::json!({"ids": key_ids.join(","), "count": 25, "item_id": KEY, "game": 440, "state": 0,
            "name": "Mann Co. Supply Crate Key", "quality": "Unique", "type": "Tool", "effect": ""})),
        row(serde_json::json!({"ids": "2001,2002", "count": 2, "item_id": TEAM_CAPTAIN, "game": 440, "state": 0,
            "name": "Team Captain", "quality": "Unique", "type": "Hat", "effect": ""})),
        row(serde_json::json!({"ids": "3001", "count": 1, "item_id": 5002, "game": 440, "state": 2,
            "name": "Refined Metal", "quality": "Unique", "type": "Craft Item"})),
        row(serde_json::json!({"ids": "4001", "count": 1, "item_id": REDLINE, "game": 730, "state": 0,
            "name": "AK-47 | Redline (Field-Tested)", "quality": "Classified", "type": "Rifle", "trade_lock_until": UPDATED_AT.unix_timestamp() + 3 * 86_400})),
        row(serde_json::json!({"ids": "5001", "count": 1, "item_id": 30162, "game": 440, "state": 0,
            "name": "Unusual Sunbeams Anger", "effect": "Sunbeams", "quality": "Unusual", "type": "Hat"})),
    ];
    let on_sale = vec![
        row(serde_json::json!({"ids": "6001", "count": 1, "item_id": 378, "game": 440, "state": 1, "price": 19900,
            "name": "Unusual Burning Flames Team Captain", "effect": "Burning Flames", "quality": "Unusual", "type": "Hat"})),
        row(
            serde_json::json!({"ids": "7001,7002,7003", "count": 3, "item_id": KEY, "game": 440, "state": 1, "price": 212,
            "name": "Mann Co. Supply Crate Key", "quality": "Unique", "type": "Tool"}),
        ),
    ];
    (
        Listing { count: on_sale.len() as u64, items: on_sale, skipped: vec![] },
        Listing { count: inventory.len() as u64, items: inventory, skipped: vec![] },
    )
}

pub fn mannco_pricing() -> std::collections::HashMap<i64, ItemPricing> {
    let p = |item_id, lowest, order: Option<i64>, suggested| ItemPricing {
        item_id,
        lowest_sale_price: Some(Cents(lowest)),
        lowest_buy_order: order.map(Cents),
        suggested_price: Some(Cents(suggested)),
        ..Default::default()
    };
    [
        p(KEY, 209, Some(195), 205),
        p(TEAM_CAPTAIN, 160, Some(110), 155),
        p(30162, 42000, None, 40500),
        p(378, 18500, Some(15000), 17900),
        p(REDLINE, 1390, Some(1200), 1350),
    ]
    .into_iter()
    .map(|p| (p.item_id, p))
    .collect()
}

/// An app with both Mannco lists and the price look-ups loaded, focused on pane 3.
pub fn mannco_app(w: u16, h: u16) -> App {
    let mut app =
        App::new(Source::Ready { endpoint: "/client/inventory" }, Source::Ready { endpoint: "/inventory" }, true);
    app.size = (w, h);
    app.clock = UPDATED_AT + time::Duration::minutes(6);
    app.init();
    let (on_sale, inventory) = mannco_lists();
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane(list).list.generation;
        update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    update(&mut app, Msg::from(ManncoMsg::Pricing(Ok(mannco_pricing()))));
    // A cap an earlier run learned from the market's refusal.
    app.mannco.learned.caps.insert(KEY, Cents(250));
    update(&mut app, Msg::from(ManncoMsg::Balance(Ok(Cents(12_345)))));
    update(&mut app, ch('3'));
    app
}

/// In the open pricing dialog: the rule "undercut the lowest listing by `cents`", with a floor.
pub fn choose_undercut(app: &mut App, cents: &str, floor: &str) {
    update(app, key(KeyCode::BackTab));
    update(app, key(KeyCode::Right));
    update(app, key(KeyCode::Tab));
    type_text(app, cents);
    update(app, key(KeyCode::Tab));
    type_text(app, floor);
}

/// Moves the focused Mannco pane's cursor to the row named `name` and selects it.
pub fn select_mannco_row(app: &mut App, name: &str) {
    update(app, ch('g'));
    let list = app.focused().mannco_list().expect("a Mannco pane");
    while app.mannco.pane(list).current_row().is_some_and(|r| r.name != name) {
        let before = app.mannco.pane(list).list.view.cursor;
        update(app, ch('j'));
        assert_ne!(before, app.mannco.pane(list).list.view.cursor, "{name} is not in the list");
    }
    update(app, ch(' '));
}

/// The real binary with nothing of this machine's environment: its own home, config and data.
pub fn tradedeck_in(home: &std::path::Path) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_tradedeck"));
    command
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"));
    command
}

/// The real binary against the simulator's Mannco, with its own home and without a terminal.
pub async fn run_mannco_cli(sim: &SimHandle, home: &std::path::Path, args: &[&str]) -> std::process::Output {
    tradedeck_in(home)
        .args(args)
        .env("MANNCO_API_URL", sim.url())
        .env("MANNCO_API_KEY", mannco_key())
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .unwrap()
}

/// The app drawn on a test terminal of its size, as text.
pub fn screen(app: &App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal
        .draw(|f| {
            tradedeck::ui::draw(f, app);
        })
        .unwrap();
    terminal.backend().to_string()
}

/// The same, as the TUI's loop does it: what the frame measured reaches the app
/// (`Msg::Drawn`), so scrolling and clicks use it.
pub fn frame(app: &mut App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.size.0, app.size.1)).unwrap();
    let mut drawn = None;
    terminal.draw(|f| drawn = Some(tradedeck::ui::draw(f, app))).unwrap();
    update(app, Msg::Drawn(drawn.expect("drawn")));
    terminal.backend().to_string()
}

/// An app at `w`×`h` with a whole 300-item CS2 inventory loaded and indexed.
pub fn local_app(w: u16, h: u16) -> App {
    let (mut app, _) = loading_app(w, h);
    let generation = app.inventory.begin_full_fetch().unwrap();
    let full = tradedeck::app::panes::assetpay::state::FullInventory::indexed(stored(page(300)));
    update(&mut app, Msg::from(AssetPayMsg::Full { generation, result: Ok(full) }));
    app
}
