//! The simulated AssetPay market's demo account: the credentials the demo and the tests use.

pub const DEMO_CLIENT_TOKEN: &str = "demo-client-token";
pub const DEMO_API_KEY: &str = "ap_demo_key";
pub const DEMO_TRADE_URL: &str = "https://steamcommunity.com/tradeoffer/new/?partner=12345678&token=DEMOdemo";
pub const DEMO_PARTNER: u64 = 12345678;
