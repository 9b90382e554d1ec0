//! Shared test helpers: a simulator on a loopback port and clients pointed at it.
#![allow(dead_code)]

use tradedeck::api::assetpay::{AssetPayClient, Auth, TradeUrl};
use tradedeck::secret::Secret;
use tradedeck::sim::{self, SimHandle, SimOptions, assetpay};

pub async fn start_sim(items: usize) -> SimHandle {
    sim::start(SimOptions { seed: 7, items }, 0)
        .await
        .expect("simulator starts on loopback")
}

pub fn client_token(sim: &SimHandle, token: &str) -> AssetPayClient {
    let auth = Auth::Client {
        token: Secret::new(token),
    };
    AssetPayClient::new(tradedeck::api::http_client(), &sim.url(), auth)
}

pub fn client(sim: &SimHandle) -> AssetPayClient {
    client_token(sim, assetpay::DEMO_CLIENT_TOKEN)
}

pub fn secure_client(sim: &SimHandle, trade_url: &str) -> AssetPayClient {
    let auth = Auth::Secure {
        api_key: Secret::new(assetpay::DEMO_API_KEY),
        trade_url: TradeUrl::parse(trade_url).unwrap(),
    };
    AssetPayClient::new(tradedeck::api::http_client(), &sim.url(), auth)
}

pub fn trade_url_for(partner: u64) -> String {
    format!("https://steamcommunity.com/tradeoffer/new/?partner={partner}&token=ABCD_-12")
}
