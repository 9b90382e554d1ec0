//! Shared test helpers: a simulator on a loopback port and clients pointed at it.
#![allow(dead_code)]

use tradedeck::api::assetpay::{AssetPayClient, Auth, TradeUrl};
use tradedeck::secret::Secret;
use tradedeck::sim::{self, SimHandle, SimOptions, assetpay};

pub async fn start_sim(items: usize) -> SimHandle {
    sim::start(SimOptions { seed: 7, items }, 0).await.expect("simulator starts on loopback")
}

pub fn client_token(sim: &SimHandle, token: &str) -> AssetPayClient {
    let auth = Auth::Client { token: Secret::new(token) };
    AssetPayClient::new(tradedeck::api::http_client(), &sim.url(), auth)
}

pub fn client(sim: &SimHandle) -> AssetPayClient {
    client_token(sim, assetpay::DEMO_CLIENT_TOKEN)
}

pub fn secure_client(sim: &SimHandle, trade_url: &str) -> AssetPayClient {
    let auth =
        Auth::Secure { api_key: Secret::new(assetpay::DEMO_API_KEY), trade_url: TradeUrl::parse(trade_url).unwrap() };
    AssetPayClient::new(tradedeck::api::http_client(), &sim.url(), auth)
}

pub fn trade_url_for(partner: u64) -> String {
    format!("https://steamcommunity.com/tradeoffer/new/?partner={partner}&token=ABCD_-12")
}

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tradedeck::api::assetpay::{Game, InventoryPage};
use tradedeck::app::inventory::Source;
use tradedeck::app::{App, Cmd, Msg, update};
use tradedeck::money::Usd;

pub const UPDATED_AT: time::OffsetDateTime = time::macros::datetime!(2026-03-04 10:00 UTC);

/// A page of `n` generated CS2 items, as the server would return with `limit=-1`.
pub fn page(n: usize) -> InventoryPage {
    let items = sim::dataset::generate(Game::Cs2, 7, n);
    InventoryPage { count: n as u64, items, updated_at: Some(UPDATED_AT), collateral: Usd::from_cents(15_000) }
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
pub fn loaded_app(w: u16, h: u16, page: InventoryPage) -> App {
    let (mut app, _) = loading_app(w, h);
    let generation = app.inventory.generation;
    update(&mut app, Msg::Inventory { generation, result: Ok(page) });
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
}

pub fn mannco_login_client(sim: &SimHandle, api_key: &str) -> ManncoClient {
    ManncoClient::new(tradedeck::api::http_client(), &sim.url(), None, Some(Secret::new(api_key)))
}

pub fn mannco_key() -> &'static str {
    DEMO_MANNCO_API_KEY
}

/// The simulator's assets of one item type in one state.
pub fn assets_named(sim: &SimHandle, item_id: i64, state: u8) -> Vec<Asset> {
    sim.mannco.assets().into_iter().filter(|a| a.item_id == item_id && a.state == state).collect()
}

pub const KEY: i64 = 5021;
pub const TEAM_CAPTAIN: i64 = 3780;
pub const REDLINE: i64 = 1001;
