//! Mannco.store rows and look-ups as the contract documents them. Prices are integer cents;
//! unknown fields are ignored; field names serialize back exactly as the API spells them.

use crate::money::Cents;
use serde::{Deserialize, Deserializer, Serialize};

/// Asset ids are numeric; actions take them comma-separated.
pub type AssetId = u64;

/// One row of `onSale` or `onInventory`: a group of identical items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The group's asset ids, comma-separated.
    #[serde(deserialize_with = "ids_text")]
    pub ids: String,
    #[serde(default)]
    pub count: u32,
    #[serde(default)]
    pub item_id: i64,
    #[serde(rename = "assetId", default, deserialize_with = "opt_text", skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    #[serde(default, deserialize_with = "opt_text", skip_serializing_if = "Option::is_none")]
    pub bot: Option<String>,
    #[serde(default)]
    pub game: u32,
    #[serde(default)]
    pub state: ItemState,
    /// Present on listings; absent on inventory rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Cents>,
    #[serde(default, deserialize_with = "trimmed")]
    pub name: String,
    #[serde(default, deserialize_with = "opt_text", skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "opt_text", skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "opt_text", skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    #[serde(default, deserialize_with = "opt_flag", skip_serializing_if = "Option::is_none")]
    pub craftable: Option<u8>,
    /// Not in the contract: when a server says until when (unix seconds) a CS item is under
    /// Steam's 7-day trade hold, tradedeck warns before sending. Otherwise it learns the hold
    /// from the market's refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_lock_until: Option<i64>,
}

impl Row {
    /// The group's asset ids; anything that is not a number is skipped.
    pub fn asset_ids(&self) -> Vec<AssetId> {
        self.ids.split(',').filter_map(|s| s.trim().parse().ok()).collect()
    }

    /// How many items the row stands for: `count`, or the ids when a server omits it.
    pub fn quantity(&self) -> u32 {
        if self.count > 0 { self.count } else { self.asset_ids().len() as u32 }
    }

    /// Why the row's items cannot be priced or withdrawn now, if they cannot: pending
    /// withdrawal, in a trade, an unknown state, or under Steam's trade hold (with the days
    /// left).
    pub fn blocked_reason(&self, now_unix: i64) -> Option<String> {
        if !self.state.can_act() {
            return Some(self.state.label().into());
        }
        let until = self.trade_lock_until.filter(|t| *t > now_unix)?;
        let days = ((until - now_unix) as f64 / 86_400.0).ceil() as i64;
        Some(format!("trade hold {days}d"))
    }

    /// What the row's items are doing, in words: the state, or the trade hold that keeps them.
    pub fn status(&self, now_unix: i64) -> String {
        self.blocked_reason(now_unix).unwrap_or_else(|| self.state.label().into())
    }

    pub fn effect(&self) -> Option<&str> {
        self.effect.as_deref().filter(|e| !e.is_empty())
    }
}

/// An item's state as the market reports it (`state` 0–3); any other number is kept, so it
/// round-trips, and treated as one tradedeck cannot act on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ItemState {
    #[default]
    InInventory,
    OnSale,
    PendingWithdrawal,
    InTrade,
    Other(u8),
}

impl ItemState {
    pub fn from_code(code: u8) -> Self {
        match code {
            0 => ItemState::InInventory,
            1 => ItemState::OnSale,
            2 => ItemState::PendingWithdrawal,
            3 => ItemState::InTrade,
            other => ItemState::Other(other),
        }
    }

    pub fn code(self) -> u8 {
        match self {
            ItemState::InInventory => 0,
            ItemState::OnSale => 1,
            ItemState::PendingWithdrawal => 2,
            ItemState::InTrade => 3,
            ItemState::Other(code) => code,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemState::InInventory => "in inventory",
            ItemState::OnSale => "on sale",
            ItemState::PendingWithdrawal => "pending withdrawal",
            ItemState::InTrade => "in an active trade",
            ItemState::Other(_) => "unknown state",
        }
    }

    /// Whether the item can be priced or withdrawn: it sits in the inventory or on sale.
    pub fn can_act(self) -> bool {
        matches!(self, ItemState::InInventory | ItemState::OnSale)
    }
}

impl Serialize for ItemState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.code())
    }
}

impl<'de> Deserialize<'de> for ItemState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        u8::deserialize(d).map(ItemState::from_code)
    }
}

/// A Steam app id as traders call the game; the number itself for any other game.
pub fn game_label(game: u32) -> String {
    match game {
        440 => "TF2".into(),
        730 => "CS".into(),
        570 => "Dota 2".into(),
        252490 => "Rust".into(),
        other => other.to_string(),
    }
}

/// The `content` of a list: its rows and their count. A row of the wrong shape is left out
/// and named in `skipped`, so one bad row never costs the whole list.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Listing {
    pub items: Vec<Row>,
    pub count: u64,
    /// "row 3 (ids "123"): state: invalid type …", one per row left out.
    #[serde(skip)]
    pub skipped: Vec<String>,
}

impl<'de> Deserialize<'de> for Listing {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            items: Option<Vec<serde_json::Value>>,
            #[serde(default)]
            count: u64,
        }
        let raw = Raw::deserialize(d)?;
        let values = raw.items.unwrap_or_default();
        let mut listing = Listing { items: Vec::with_capacity(values.len()), count: raw.count, skipped: vec![] };
        for (n, value) in values.iter().enumerate() {
            match serde_path_to_error::deserialize::<_, Row>(value) {
                Ok(row) => listing.items.push(row),
                Err(e) => {
                    let ids = value.get("ids").map(|v| v.to_string()).unwrap_or_default();
                    let why = format!("row {} (ids {ids}): {} {}", n + 1, e.path(), e.inner());
                    listing.skipped.push(crate::sanitize::for_terminal(&why).into_owned());
                }
            }
        }
        Ok(listing)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawResult {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub updated: u32,
    #[serde(default)]
    pub locked: u32,
}

fn ids_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Ids {
        Text(String),
        Number(u64),
        List(Vec<serde_json::Value>),
    }
    Ok(match Ids::deserialize(d)? {
        Ids::Text(t) => t,
        Ids::Number(n) => n.to_string(),
        Ids::List(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
            .collect::<Vec<_>>()
            .join(","),
    })
}

/// Text or a number as text, without the trailing `;` the market sometimes adds.
fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<serde_json::Value>::deserialize(d)?.as_ref().and_then(super::fields::text))
}

fn trimmed<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_text(d)?.unwrap_or_default())
}

fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    Ok(Option::<serde_json::Value>::deserialize(d)?.and_then(|v| match v {
        serde_json::Value::Bool(b) => Some(b as u8),
        serde_json::Value::Number(n) => n.as_u64().map(|n| (n != 0) as u8),
        serde_json::Value::String(s) => s.parse::<u8>().ok(),
        _ => None,
    }))
}
