//! Selling to AssetPay and following trades: `POST /secure/sell` (api-key and trade URL) or
//! `POST /client/trading/deposit` (client token), trades by reference, trade history and the
//! merchant wallet. A sale is a money call: it is never retried here once it may have been
//! sent, and every failure says whether the sale is refused, not sent, or of unknown outcome.

use super::client::{AssetPayClient, Auth};
use super::decode::decode_envelope;
use super::error::{AssetPayError, ErrorKey, transport_error};
use super::query::Game;
use crate::money::Usd;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Items one sale may carry (the contract's limit).
pub const MAX_SELL_ITEMS: usize = 250;
/// References one `GET /secure/trades/{refs}` may carry.
pub const MAX_REFS: usize = 100;
/// A sale may take this long to answer (the official SDK's timeout for sells and deposits).
pub const SELL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(100);
/// Pages of `/client/trades` scanned when looking a trade up by its externalId.
pub const MAX_SCAN_PAGES: usize = 10;

/// One item of a sale, at the offer price the trader saw.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SellLine {
    pub item_id: String,
    pub price: Usd,
    /// Stackable Rust items: how many; absent means one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<u32>,
}

/// A whole sale: sent as one call, identified by its externalId.
#[derive(Clone, Debug, PartialEq)]
pub struct SellRequest {
    pub lines: Vec<SellLine>,
    pub game: Game,
    /// Unique per attempt: the same one on a resend, a new one after a definitive failure.
    pub external_id: String,
    /// Always sent: the sources disagree on its default.
    pub is_instant: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SellBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    trade_url: Option<&'a str>,
    items: &'a [SellLine],
    game: String,
    external_id: &'a str,
    is_instant: bool,
}

/// A trade's status. Unknown statuses are kept as sent and count as in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TradeStatus {
    Initiated,
    Pending,
    Active,
    Hold,
    Completed,
    Failed,
    Canceled,
    Declined,
    Reverted,
    Other(String),
}

impl TradeStatus {
    pub fn parse(text: &str) -> TradeStatus {
        match text {
            "initiated" => Self::Initiated,
            "pending" => Self::Pending,
            "active" => Self::Active,
            "hold" => Self::Hold,
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            // The contract spells trades with one L; accept the other spelling too.
            "canceled" | "cancelled" => Self::Canceled,
            "declined" => Self::Declined,
            "reverted" => Self::Reverted,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Self::Initiated => "initiated",
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Hold => "hold",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Canceled => "canceled",
            Self::Declined => "declined",
            Self::Reverted => "reverted",
            Self::Other(s) => s,
        }
    }

    /// Whether the trade can still change.
    pub fn in_flight(&self) -> bool {
        !matches!(self, Self::Completed | Self::Failed | Self::Canceled | Self::Declined | Self::Reverted)
    }
}

impl<'de> Deserialize<'de> for TradeStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(TradeStatus::parse(&String::deserialize(d)?))
    }
}

/// One item line of a trade.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TradeItem {
    pub id: String,
    pub name: Option<String>,
    pub market_hash_name: Option<String>,
    pub amount: Option<u32>,
    pub offer: Option<TradeOffer>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TradeOffer {
    pub price: Option<Usd>,
}

/// A trade as AssetPay reports it; a sale's answer may carry the other trades its basket
/// was split into.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trade {
    pub id: String,
    #[serde(default)]
    pub external_id: Option<String>,
    pub status: TradeStatus,
    #[serde(default)]
    pub items: Vec<TradeItem>,
    #[serde(default)]
    pub total_price: Option<Usd>,
    #[serde(default)]
    pub pre_credit: Option<Usd>,
    #[serde(default)]
    pub pending_credit: Option<Usd>,
    #[serde(default)]
    pub is_instant: Option<bool>,
    /// The Steam trade offer, once sent.
    #[serde(default, rename = "offerID")]
    pub offer_id: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub hold_end_date: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
    /// Trade-level reason, on failed trades.
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub related_trades: Vec<Trade>,
}

/// `GET /secure/trades/{refs}`: one trade for one reference, an array for several.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum TradesByRef {
    One(Box<Trade>),
    Many(Vec<Trade>),
}

impl TradesByRef {
    pub fn into_vec(self) -> Vec<Trade> {
        match self {
            TradesByRef::One(trade) => vec![*trade],
            TradesByRef::Many(trades) => trades,
        }
    }
}

/// One page of trade history.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TradePage {
    pub items: Vec<Trade>,
    pub next_cursor: Option<String>,
}

/// The merchant wallet (`GET /v1/wallets/me/balance`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Balance {
    pub balance: Usd,
    pub pending_balance: Usd,
    pub escrow_balance: Usd,
    #[serde(default)]
    pub currency: Option<String>,
}

/// Why a sale did not come back as a trade.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SellFailure {
    /// Nothing left tradedeck (refused before sending, or the connection never opened).
    #[error("not sent: {0}")]
    NotSent(AssetPayError),
    /// AssetPay answered with a definitive refusal: nothing was sold by this call.
    #[error("{0}")]
    Refused(AssetPayError),
    /// The sale may have been made: only looking the trade up can tell.
    #[error("outcome unknown: {0}")]
    Unknown(AssetPayError),
}

impl SellFailure {
    pub fn error(&self) -> &AssetPayError {
        match self {
            Self::NotSent(e) | Self::Refused(e) | Self::Unknown(e) => e,
        }
    }

    /// The refusal's key, if AssetPay gave one.
    pub fn key(&self) -> Option<&ErrorKey> {
        match self {
            Self::Refused(AssetPayError::Api(e)) => Some(&e.key),
            _ => None,
        }
    }
}

/// Sorts an answer that is not a trade the way the official SDK does for its "ambiguous"
/// calls, and stricter: anything that is not a well-formed refusal is unknown.
fn classify(e: AssetPayError) -> SellFailure {
    match &e {
        AssetPayError::InvalidInput(_) => SellFailure::NotSent(e),
        // A keyed 5xx is definitive, except SERVER_ERROR, which may follow the write.
        AssetPayError::Api(api) if api.key == ErrorKey::ServerError => SellFailure::Unknown(e),
        AssetPayError::Api(_) => SellFailure::Refused(e),
        _ => SellFailure::Unknown(e),
    }
}

impl AssetPayClient {
    fn authorized(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.auth {
            Auth::Client { token } => request.header("Authorization", token.expose()),
            Auth::Secure { api_key, .. } => request.header("api-key", api_key.expose()),
        }
    }

    /// Where this account's sales go.
    pub fn sell_endpoint(&self) -> &'static str {
        match self.auth {
            Auth::Client { .. } => "/client/trading/deposit",
            Auth::Secure { .. } => "/secure/sell",
        }
    }

    /// Sends one sale, once. The answer is the trade (with any split-off trades), or why not.
    pub async fn sell(&self, sale: &SellRequest) -> Result<Trade, SellFailure> {
        let refuse = |why: String| Err(SellFailure::NotSent(AssetPayError::InvalidInput(why)));
        if sale.lines.is_empty() || sale.lines.len() > MAX_SELL_ITEMS {
            return refuse(format!("a sale carries 1 to {MAX_SELL_ITEMS} items, not {}", sale.lines.len()));
        }
        let id = sale.external_id.trim();
        if id.is_empty() || id.len() > 128 || id.contains(',') {
            return refuse("the sale's reference must be 1 to 128 characters without a comma".into());
        }
        if let Some(line) = sale.lines.iter().find(|l| l.price <= Usd::ZERO) {
            return refuse(format!("{} has no price above $0.00", line.item_id));
        }
        let endpoint = self.sell_endpoint();
        let trade_url = match &self.auth {
            Auth::Secure { trade_url, .. } => Some(trade_url.as_str()),
            Auth::Client { .. } => None,
        };
        let body = SellBody {
            trade_url,
            items: &sale.lines,
            game: sale.game.app_id().to_string(),
            external_id: &sale.external_id,
            is_instant: sale.is_instant,
        };
        self.limits.acquire(endpoint).await;
        let request = self.http.post(format!("{}{endpoint}", self.base_url)).json(&body).timeout(SELL_TIMEOUT);
        tracing::info!(endpoint, items = sale.lines.len(), external_id = %sale.external_id, "assetpay sale sent");
        let response = match self.authorized(request).send().await {
            Ok(response) => response,
            // The connection never opened: the sale did not leave tradedeck.
            Err(e) if e.is_connect() => return Err(SellFailure::NotSent(transport_error(e))),
            Err(e) => return Err(SellFailure::Unknown(transport_error(e))),
        };
        let result = self.answer::<Trade>(response).await.map_err(classify);
        match &result {
            Ok(trade) => tracing::info!(trade = %trade.id, status = trade.status.label(), "assetpay sale answered"),
            Err(e) => tracing::warn!("assetpay sale: {e:?}"),
        }
        result
    }

    /// Reads a whole answer (bounded) as an envelope carrying `D`.
    async fn answer<D: serde::de::DeserializeOwned>(&self, response: reqwest::Response) -> Result<D, AssetPayError> {
        if let Some(redirect) = crate::api::redirect_target(&response) {
            return Err(AssetPayError::Redirected(redirect));
        }
        let status = response.status().as_u16();
        let retry_after = crate::api::retry_after(response.headers());
        let body = crate::api::read_body(response, crate::api::MAX_BODY).await.map_err(|e| match e {
            crate::api::BodyError::TooLarge(limit) => AssetPayError::TooLarge(limit),
            crate::api::BodyError::Transport(e) => transport_error(e),
        })?;
        decode_envelope(status, retry_after, &body)
    }

    /// A read of `path` with query parameters, retried on transient failures.
    async fn get<D: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        params: &[(&str, String)],
    ) -> Result<D, AssetPayError> {
        crate::api::retry::with_retry(self.retry, path, || async {
            self.limits.acquire(path).await;
            let request = self.http.get(format!("{}{path}", self.base_url)).query(params);
            let response = self.authorized(request).send().await.map_err(transport_error)?;
            self.answer(response).await
        })
        .await
    }

    /// Trades by id or externalId (merchant key only), in batches of 100; unknown references
    /// are left out.
    pub async fn trades_by_ref(&self, refs: &[String]) -> Result<Vec<Trade>, AssetPayError> {
        let mut refs: Vec<&str> = refs.iter().map(|r| r.trim()).filter(|r| !r.is_empty()).collect();
        refs.sort_unstable();
        refs.dedup();
        let mut found = vec![];
        for chunk in refs.chunks(MAX_REFS) {
            let path = format!("/secure/trades/{}", chunk.join(","));
            if chunk.len() == 1 {
                // One reference answers one trade, or TRADE_NOT_FOUND.
                match self.get::<Trade>(&path, &[]).await {
                    Ok(trade) => found.push(trade),
                    Err(AssetPayError::Api(e)) if e.key == ErrorKey::TradeNotFound => {}
                    Err(e) => return Err(e),
                }
            } else {
                found.extend(self.get::<TradesByRef>(&path, &[]).await?.into_vec());
            }
        }
        Ok(found)
    }

    /// One page of trade history, newest first: the merchant's own trades with a key, the
    /// trader's with a client token.
    pub async fn trades_page(&self, game: Game, cursor: Option<&str>) -> Result<TradePage, AssetPayError> {
        let path = match self.auth {
            Auth::Client { .. } => "/client/trades",
            Auth::Secure { .. } => "/secure/trades",
        };
        let mut params = vec![("limit", "100".to_string()), ("game", game.app_id().to_string())];
        if let Some(cursor) = cursor {
            params.push(("cursor", cursor.to_string()));
        }
        self.get(path, &params).await
    }

    /// The trade a sale's externalId made, if AssetPay knows one: looked up by reference
    /// with a merchant key, else found in the trader's recent history.
    pub async fn find_trade(&self, game: Game, external_id: &str) -> Result<Option<Trade>, AssetPayError> {
        if let Auth::Secure { .. } = self.auth {
            let found = self.trades_by_ref(&[external_id.to_string()]).await?;
            return Ok(found.into_iter().find(|t| t.external_id.as_deref() == Some(external_id)));
        }
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_SCAN_PAGES {
            let page = self.trades_page(game, cursor.as_deref()).await?;
            if let Some(trade) = page.items.iter().find(|t| t.external_id.as_deref() == Some(external_id)) {
                return Ok(Some(trade.clone()));
            }
            match page.next_cursor {
                // A repeated cursor would loop for ever.
                Some(next) if Some(&next) != cursor.as_ref() => cursor = Some(next),
                _ => break,
            }
        }
        Ok(None)
    }

    /// The merchant wallet: balance, pending and escrow.
    pub async fn balance(&self) -> Result<Balance, AssetPayError> {
        self.get("/v1/wallets/me/balance", &[]).await
    }
}
