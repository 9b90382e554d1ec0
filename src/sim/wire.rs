//! The simulator's own AssetPay wire models, written from `assetpay.md`, never from the
//! client's types: were the two to share a struct, a shape the client misreads would pass every
//! test. The simulator only serializes these; the client only deserializes its own.

use crate::money::Usd;
use serde::Serialize;

/// The two games AssetPay serves, by Steam app id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Game {
    Cs2,
    Rust,
}

impl Game {
    pub fn app_id(self) -> u32 {
        match self {
            Game::Cs2 => 730,
            Game::Rust => 252490,
        }
    }

    pub fn from_app_id(id: u32) -> Option<Game> {
        match id {
            730 => Some(Game::Cs2),
            252490 => Some(Game::Rust),
            _ => None,
        }
    }
}

/// One inventory item as `/client/inventory` and `/secure/inventory` send it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub appid: u32,
    pub tradable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market_hash_name: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market_price: Option<Usd>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exterior: Option<String>,
    /// The float as a string, as documented ("0.25432").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wear: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rarity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paint_seed: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prop_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stickers: Vec<Sticker>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doppler: Option<Named>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fade: Option<FadeInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hardened: Option<Named>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charm: Option<Named>,
}

impl Item {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().or(self.market_hash_name.as_deref()).unwrap_or(&self.id)
    }

    pub fn offer_price(&self) -> Option<Usd> {
        self.offer.as_ref().map(|o| o.price)
    }

    pub fn is_accepted(&self) -> bool {
        self.offer.as_ref().and_then(|o| o.accepted).unwrap_or(false)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    pub price: Usd,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sticker {
    pub name: Option<String>,
    pub market_hash_name: Option<String>,
    pub slot: Option<i64>,
    pub wear: Option<f64>,
    pub icon_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Named {
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FadeInfo {
    pub percentage: Option<f64>,
}

/// The Steam partner number of a trade URL, when it has the documented shape
/// (`…/tradeoffer/new/?partner=N&token=T`).
pub fn trade_url_partner(url: &str) -> Option<u64> {
    let rest = url.trim().strip_prefix("https://steamcommunity.com/tradeoffer/new/?partner=")?;
    let (partner, token) = rest.split_once("&token=")?;
    let token_ok = token.len() == 8 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let partner_ok = (1..=10).contains(&partner.len()) && partner.bytes().all(|b| b.is_ascii_digit());
    if token_ok && partner_ok { partner.parse().ok() } else { None }
}
