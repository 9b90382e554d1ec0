//! The rest of AssetPay's documented answers (`assetpay-trading.md` §6–§13): client tokens,
//! the price list, trade-URL checks, the funding ledger and trade callbacks. Each decodes from
//! its documented shape, nullable fields as `Option`.

use super::trades::Trade;
use crate::money::Usd;
use serde::Deserialize;

/// `POST /auth/authenticate-client`: a client token for one Steam account (24 hours).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ClientToken {
    pub token: String,
}

/// One row of `GET /secure/prices`: CS2 rows withdraw at `{standard, instant}`, Rust rows at
/// one number; either may be null.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceRow {
    #[serde(default)]
    pub item_id: Option<String>,
    pub market_hash_name: String,
    pub accepted: bool,
    pub deposit: Option<Usd>,
    #[serde(default)]
    pub withdraw: Option<Withdraw>,
    /// Doppler phases, each with its own prices.
    #[serde(default)]
    pub phases: Vec<PhasePrice>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Withdraw {
    Speeds { standard: Option<Usd>, instant: Option<Usd> },
    One(Usd),
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PhasePrice {
    pub phase: String,
    pub accepted: bool,
    pub deposit: Option<Usd>,
    #[serde(default)]
    pub withdraw: Option<Withdraw>,
}

/// `POST /secure/check-tradeurl`: whether the account behind a trade URL can trade now.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TradeUrlCheck {
    /// 1 is Normal; 2–10 say why not (banned, private inventory, Steam down…).
    pub state: i64,
    #[serde(default)]
    pub steamid: Option<String>,
    pub message: String,
    #[serde(default)]
    pub can_trade: Option<bool>,
    #[serde(default)]
    pub reason: Option<serde_json::Value>,
    #[serde(default)]
    pub bans: Option<serde_json::Value>,
}

/// One page of `GET /v1/ledger/transactions`: fundings and withdrawals, not trades.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LedgerPage {
    pub items: Vec<LedgerTransaction>,
    pub pagination: Pagination,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub page: u64,
    pub limit: u64,
    pub total: u64,
    pub total_pages: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerTransaction {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub amount: LedgerAmount,
    pub fee: Usd,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub txn_hash: Option<String>,
    pub timestamps: LedgerTimes,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerAmount {
    pub usd: Usd,
    #[serde(default)]
    pub crypto: Option<f64>,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub chain: Option<String>,
    #[serde(default)]
    pub exchange_rate: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LedgerTimes {
    pub created: String,
    #[serde(default)]
    pub completed: Option<String>,
    pub updated: String,
}

/// The body AssetPay POSTs to a merchant's callback URL when a trade changes.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Callback {
    pub trade: Trade,
}
