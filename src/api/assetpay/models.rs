//! The AssetPay item and inventory shapes, as the contract documents them. Optional fields may
//! be missing and unknown fields are ignored; field names serialize back exactly as the API
//! spells them, so `--json` output keeps them.

use crate::money::Usd;
use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    #[serde(deserialize_with = "int_or_numeric_string")]
    pub appid: u32,
    pub tradable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_hash_name: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_price: Option<Usd>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exterior: Option<String>,
    /// A float as a string ("0.25432"); some servers send a number, which is kept as text.
    #[serde(default, deserialize_with = "opt_text_or_number", skip_serializing_if = "Option::is_none")]
    pub wear: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rarity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paint_seed: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prop_id: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub stickers: Vec<Sticker>,
    #[serde(default, deserialize_with = "opt_text_or_number", skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doppler: Option<NamedVariant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fade: Option<Fade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardened: Option<NamedVariant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charm: Option<NamedVariant>,
}

impl Item {
    /// The name to show: `name`, else the market hash name, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().or(self.market_hash_name.as_deref()).unwrap_or(&self.id)
    }

    pub fn offer_price(&self) -> Option<Usd> {
        self.offer.as_ref().map(|o| o.price)
    }

    /// Whether AssetPay will take this item now: tradable and its offer accepted.
    pub fn is_accepted(&self) -> bool {
        self.offer.as_ref().and_then(|o| o.accepted).unwrap_or(false)
    }

    /// Whether AssetPay takes the item now.
    pub fn deposit(&self) -> Deposit {
        Deposit::of(self.tradable, self.is_accepted())
    }

    /// The wear float, when the server sent a parsable one.
    pub fn wear_value(&self) -> Option<f64> {
        self.wear.as_deref()?.trim().parse::<f64>().ok().filter(|w| (0.0..=1.0).contains(w))
    }

    /// Case-insensitive substring match on name or market hash name: the server's search.
    pub fn matches_search(&self, needle_lower: &str) -> bool {
        let hit = |s: &Option<String>| s.as_deref().is_some_and(|s| s.to_lowercase().contains(needle_lower));
        needle_lower.is_empty() || hit(&self.name) || hit(&self.market_hash_name)
    }
}

/// Whether AssetPay takes an item now: yes, no (offer not accepted), or held (not tradable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deposit {
    Accepted,
    Refused,
    Held,
}

impl Deposit {
    pub fn of(tradable: bool, accepted: bool) -> Self {
        match (tradable, accepted) {
            (false, _) => Deposit::Held,
            (true, true) => Deposit::Accepted,
            (true, false) => Deposit::Refused,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Deposit::Accepted => "yes",
            Deposit::Refused => "no",
            Deposit::Held => "held",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    /// What AssetPay pays the trader for the item.
    pub price: Usd,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
    #[serde(default, deserialize_with = "opt_text_or_number", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sticker {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_hash_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<i64>,
    /// Unlike the item's wear, a sticker's wear is a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wear: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedVariant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fade {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<f64>,
}

/// One page of an inventory, as `data` of the success envelope carries it.
///
/// `Items` is a `Vec<Item>` for a page, or an `ItemStore` for a whole inventory, which decodes
/// item by item into compact records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "Items: Deserialize<'de> + Default"))]
pub struct InventoryPage<Items = Vec<Item>> {
    /// `items` in tradedeck's own `--json` output, which `--input` reads back.
    #[serde(rename = "inventory", alias = "items", deserialize_with = "null_as_empty")]
    pub items: Items,
    /// Total items matching the filters, not the page length.
    pub count: u64,
    /// When the server's cache was refreshed; an unparsable date is treated as unknown.
    #[serde(
        default,
        deserialize_with = "lenient_rfc3339",
        serialize_with = "time::serde::rfc3339::option::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub collateral: Usd,
    /// Items the decoder could not read and left out, each with the field at fault.
    #[serde(skip)]
    pub skipped: Vec<SkippedItem>,
}

/// An inventory item that could not be read: which one, and which field was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedItem {
    /// Its place in the answer, from 1.
    pub position: usize,
    pub id: Option<String>,
    /// "offer.price is not a number (\"abc\")".
    pub why: String,
}

/// "1 item skipped: offer.price is not a number (\"abc\")", or for several the first reason
/// and how many more; None when nothing was skipped.
pub fn skipped_summary(skipped: &[SkippedItem]) -> Option<String> {
    let first = skipped.first()?;
    let which = first.id.as_deref().map(|id| format!(", item {id}")).unwrap_or_default();
    Some(match skipped.len() {
        1 => format!("1 item skipped: {}{which}", first.why),
        n => format!("{n} items skipped: {}{which}, and {} more", first.why, n - 1),
    })
}

fn int_or_numeric_string<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IntOrText {
        Int(u32),
        Text(String),
    }
    match IntOrText::deserialize(d)? {
        IntOrText::Int(n) => Ok(n),
        IntOrText::Text(t) => t.parse().map_err(|_| serde::de::Error::custom(format!("\"{t}\" is not an app id"))),
    }
}

fn opt_text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(Option::<TextOrNumber>::deserialize(d)?.map(|v| match v {
        TextOrNumber::Text(t) => t,
        TextOrNumber::Number(n) => n.to_string(),
    }))
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn lenient_rfc3339<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text.and_then(|t| OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).ok()))
}
