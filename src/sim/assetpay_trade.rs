//! A trade the simulated AssetPay market made, and how it moves through its life.

use super::assetpay_demo::DEMO_TRADE_URL;
use super::wire::Game;
use crate::money::Usd;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

/// Items one basket may hold before it is split into several trades.
pub(super) const SPLIT_AT: usize = 10;
const ACTIVE_AFTER: Duration = Duration::seconds(3);
const HOLD_AFTER: Duration = Duration::seconds(8);
const COMPLETED_AFTER: Duration = Duration::seconds(15);

/// A trade the market made.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SimTrade {
    pub id: String,
    pub partner: u64,
    pub external_id: Option<String>,
    pub source: String,
    pub game: Game,
    pub items: Vec<Value>,
    pub total: Usd,
    pub is_instant: bool,
    #[serde(with = "time::serde::timestamp")]
    pub created: OffsetDateTime,
    /// The other trades of a split basket (only on the basket's first trade).
    pub related: Vec<String>,
    /// The basket's first trade: a deposit, for the per-account guard.
    pub primary: bool,
}

impl SimTrade {
    pub(super) fn status(&self, now: OffsetDateTime) -> &'static str {
        let age = now - self.created;
        if age >= COMPLETED_AFTER {
            "completed"
        } else if age >= HOLD_AFTER {
            "hold"
        } else if age >= ACTIVE_AFTER {
            "active"
        } else {
            "initiated"
        }
    }

    pub fn to_json(&self, now: OffsetDateTime, all: &[SimTrade]) -> Value {
        let status = self.status(now);
        let rfc = |t: OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        let mut trade = json!({
            "id": self.id,
            "type": "deposit",
            "source": self.source,
            "merchantId": "demo-merchant",
            "clientUserId": "demo-user",
            "clientTradeUrl": DEMO_TRADE_URL,
            "clientSteamID": "76561198000000000",
            "status": status,
            "game": self.game.app_id().to_string(),
            "items": self.items,
            "totalPrice": self.total,
            "preCredit": if self.source == "self" { self.total } else { Usd::ZERO },
            "pendingCredit": if self.source == "self" { Usd::ZERO } else { self.total },
            "isInstant": self.is_instant,
            "createdAt": rfc(self.created),
            "updatedAt": rfc(now),
        });
        if let Some(external_id) = &self.external_id {
            trade["externalId"] = json!(external_id);
        }
        if status != "initiated" {
            trade["offerID"] = json!(format!("7{:010}", self.id.len() * 1_000_003 + self.created.second() as usize));
        }
        if status == "hold" || status == "completed" {
            trade["holdEndDate"] = json!(rfc(self.created + COMPLETED_AFTER));
        }
        if !self.related.is_empty() {
            let related: Vec<Value> =
                all.iter().filter(|t| self.related.contains(&t.id)).map(|t| t.to_json(now, all)).collect();
            trade["relatedTrades"] = json!(related);
        }
        trade
    }

    pub(super) fn in_flight(&self, now: OffsetDateTime) -> bool {
        self.status(now) != "completed"
    }
}
