//! The rest of Mannco's documented answers (`mannco-more.md` §1–§8): the account, buy orders
//! and the order book, the sell book, trades and deposits, and the market stream's frames.
//! Numbers may come as strings; where two clients read a shape differently, both decode.

use super::fields::whole_number;
use crate::money::Cents;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An integer sent as a number, a whole float or a numeric string.
fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    whole_number(&v).ok_or_else(|| serde::de::Error::custom(format!("{v} is not a whole number")))
}

fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.as_ref().and_then(whole_number))
}

/// `POST /user/login`: the JWT.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Login {
    pub jwt: String,
}

/// `GET /user/balance`.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
pub struct BalanceContent {
    pub balance: Cents,
}

/// `GET /user/infos` → `informations`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UserInfo {
    #[serde(rename = "steamId", alias = "steamid")]
    pub steam_id: String,
    #[serde(default)]
    pub balance: Option<Cents>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub tradeurl: Option<String>,
}

/// Content whose one field is `informations` (user infos, item details, a buy order, the
/// order book).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Informations<T> {
    pub informations: T,
}

/// `GET /item/details/{slug}` → `informations.id`: a slug's item id.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
pub struct ItemDetails {
    #[serde(deserialize_with = "int")]
    pub id: i64,
}

/// `GET /item/prices?game=`: `{name, url}` per item type.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PriceListEntry {
    pub name: String,
    pub url: String,
}

/// One of the trader's buy orders (`/user/buyorder/{item}`, `/user/getBuyorder` rows).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BuyOrder {
    #[serde(deserialize_with = "int")]
    pub id: i64,
    #[serde(deserialize_with = "int")]
    pub itemid: i64,
    pub price: Cents,
    #[serde(deserialize_with = "int")]
    pub amount: i64,
    /// Unix seconds, sent as a string.
    #[serde(default, deserialize_with = "opt_int")]
    pub timestamp: Option<i64>,
}

/// `GET /user/getBuyorder`: `{values, count: {nb}}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BuyOrderPage {
    pub values: Vec<BuyOrder>,
    #[serde(default)]
    pub count: Option<Value>,
}

/// One price tier of the public order book: how many items are wanted at `price`.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
pub struct BookTier {
    #[serde(deserialize_with = "int")]
    pub count: i64,
    pub price: Cents,
}

/// `GET /item/buyorderList/{item}` → `informations`: a map `"0"`…`"4"` plus `"more"`, or
/// (VANZIP) an array of tiers. Either way, the tiers best first.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderBook(pub Vec<BookTier>);

impl<'de> Deserialize<'de> for OrderBook {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            List(Vec<BookTier>),
            Map(std::collections::BTreeMap<String, BookTier>),
        }
        let mut tiers = match Shape::deserialize(d)? {
            Shape::List(tiers) => tiers,
            Shape::Map(map) => map.into_values().collect(),
        };
        tiers.sort_by_key(|t| std::cmp::Reverse(t.price));
        Ok(OrderBook(tiers))
    }
}

/// `POST /item/buyorder`, `/item/buyorder/remove` → `{details}`; `/item/buyorder/update`
/// answers a plain string.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum BuyOrderAnswer {
    Details { details: String },
    Text(String),
}

/// `GET /item/listing/{item}`: the sell book. GMAN reads a bare array, VANZIP `{count,
/// values}`; the documents do not describe a row, so rows are kept as sent.
#[derive(Clone, Debug, PartialEq)]
pub struct SellBook(pub Vec<Value>);

impl<'de> Deserialize<'de> for SellBook {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Array(rows) => Ok(SellBook(rows)),
            Value::Object(mut map) => match map.remove("values") {
                Some(Value::Array(rows)) => Ok(SellBook(rows)),
                _ => Err(serde::de::Error::custom("the sell book has no values list")),
            },
            other => Err(serde::de::Error::custom(format!("the sell book is {other}, not a list"))),
        }
    }
}

/// One listing of the sell book: its price and, when the row says, its asset (so the
/// trader's own listings can be told apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookListing {
    pub asset_id: Option<u64>,
    pub price: Cents,
}

impl SellBook {
    /// The listings, when every row names its price (`price`, in cents, as the market stream's
    /// listing events carry it); None when a row does not, since a book read in part could
    /// hide the next seller.
    pub fn listings(&self) -> Option<Vec<BookListing>> {
        self.0
            .iter()
            .map(|row| {
                let price = row.get("price").and_then(whole_number).map(Cents)?;
                let asset_id = ["assetId", "assetid", "asset_id"]
                    .iter()
                    .find_map(|k| row.get(*k).and_then(whole_number))
                    .and_then(|n| u64::try_from(n).ok());
                Some(BookListing { asset_id, price })
            })
            .collect()
    }
}

/// A user history page (`{values, count}`, `count` on the first page only); rows whose shape
/// the documents leave open are kept as sent.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct HistoryPage {
    pub values: Vec<Value>,
    #[serde(default)]
    pub count: Option<Value>,
}

/// A Mannco trade (`/trades/active`, `/trades/all`, a deposit's status).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TradeRow {
    #[serde(deserialize_with = "int")]
    pub id: i64,
    /// 0 pending, 3 completed, -1 failed, -11 hidden, -12 reverted; unknown negatives are
    /// closed, unknown positives in progress.
    #[serde(deserialize_with = "int")]
    pub status: i64,
    #[serde(default)]
    pub items_received: String,
    #[serde(default)]
    pub items_send: String,
    #[serde(default)]
    pub offerid: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub lasterror: Option<String>,
    /// Unix milliseconds, sent as a string.
    #[serde(default, deserialize_with = "opt_int")]
    pub timestamp: Option<i64>,
    #[serde(default, deserialize_with = "opt_int")]
    pub game: Option<i64>,
}

/// `{trades: [...]}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Trades {
    pub trades: Vec<TradeRow>,
}

/// `GET /trade/resend`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Resend {
    pub message: String,
    #[serde(deserialize_with = "int")]
    pub trade_id: i64,
    #[serde(default)]
    pub code: Option<String>,
}

/// `POST /deposit/trade` → `{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
pub struct DepositCreated {
    #[serde(deserialize_with = "int")]
    pub id: i64,
}

/// `GET /deposit/tradeStatus/{id}`: GMAN reads `{trade: {...}}`, PRICEDB the bare status.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum DepositStatus {
    Trade { trade: TradeRow },
    Status(i64),
}

impl DepositStatus {
    pub fn status(&self) -> i64 {
        match self {
            DepositStatus::Trade { trade } => trade.status,
            DepositStatus::Status(status) => *status,
        }
    }
}

/// One row of `GET /deposit/{game}`: an asset id (or PRICEDB's `;`-separated list) and a
/// deposit key per asset id.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DepositInfo {
    pub assetid: String,
    pub depositkey: std::collections::BTreeMap<String, String>,
}

impl DepositInfo {
    pub fn asset_ids(&self) -> Vec<&str> {
        self.assetid.split(';').map(str::trim).filter(|s| !s.is_empty()).collect()
    }
}

/// One text frame of the market stream: `{event, ts, data}`, prices in cents.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StreamFrame {
    pub event: String,
    #[serde(deserialize_with = "int")]
    pub ts: i64,
    pub data: StreamData,
}

/// The fields the stream's events carry; each event fills its own.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StreamData {
    #[serde(deserialize_with = "opt_int")]
    pub id: Option<i64>,
    #[serde(deserialize_with = "opt_int")]
    pub item_id: Option<i64>,
    #[serde(deserialize_with = "opt_int")]
    pub asset_id: Option<i64>,
    pub price: Option<Cents>,
    pub old_price: Option<Cents>,
    pub new_price: Option<Cents>,
    #[serde(deserialize_with = "opt_int")]
    pub amount: Option<i64>,
    #[serde(deserialize_with = "opt_int")]
    pub old_amount: Option<i64>,
    #[serde(deserialize_with = "opt_int")]
    pub new_amount: Option<i64>,
}
