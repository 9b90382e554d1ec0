//! The Mannco.store client: the user's listings and inventory, pricing (listing or instant
//! sale into buy orders), withdrawals, login, and price look-ups. Prices are integer cents.

mod error;
pub mod fields;
pub mod history;
pub mod market;
mod models;
mod pricing;

use error::NotSent;
pub use error::{ManncoError, MarketError, market_words};
pub use models::{AssetId, ItemState, Listing, Row, WithdrawResult, game_label};
pub use pricing::{ItemPricing, LastSale, pricing_rows};

use crate::api::rate_limit::RateLimits;
use crate::api::retry::{RetryPolicy, with_retry};
use crate::money::Cents;
use crate::secret::Secret;
use reqwest::Method;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Items per price look-up request, the documented maximum.
pub const PRICING_CHUNK: usize = 100;

#[derive(Clone, Debug)]
pub struct ManncoClient {
    http: reqwest::Client,
    base_url: String,
    /// The JWT in use, shared by every clone so one login serves the whole session.
    jwt: Arc<Mutex<Option<Secret>>>,
    /// Held while logging in, so calls made together share one login.
    login_lock: Arc<Mutex<()>>,
    api_key: Option<Secret>,
    retry: RetryPolicy,
    /// About 600 requests a minute per route and method, as documented.
    limits: Arc<RateLimits>,
}

/// Whether a failed call may have changed anything on the market.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Effect {
    Read,
    MovesMoney,
}

impl ManncoClient {
    pub fn new(http: reqwest::Client, base_url: &str, token: Option<Secret>, api_key: Option<Secret>) -> Self {
        ManncoClient {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            jwt: Arc::new(Mutex::new(token)),
            login_lock: Arc::new(Mutex::new(())),
            api_key,
            retry: RetryPolicy::default(),
            limits: RateLimits::per_minute("Mannco", 600),
        }
    }

    /// Replaces the requests-per-minute limit of each route.
    pub fn with_rate_limit(mut self, per_minute: u32) -> Self {
        self.limits = RateLimits::per_minute("Mannco", per_minute);
        self
    }

    pub fn rate_limits(&self) -> &Arc<RateLimits> {
        &self.limits
    }

    /// Replaces the retry policy (tests use short waits).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// One of the user's two lists.
    pub async fn list(&self, which: ManncoList) -> Result<Listing, ManncoError> {
        match which {
            ManncoList::OnSale => self.on_sale().await,
            ManncoList::Inventory => self.on_inventory().await,
        }
    }

    /// The user's listings (state 1).
    pub async fn on_sale(&self) -> Result<Listing, ManncoError> {
        self.call(Method::GET, "/inventory/onSale", None, Effect::Read).await
    }

    /// The user's items that are not listed.
    pub async fn on_inventory(&self) -> Result<Listing, ManncoError> {
        self.call(Method::GET, "/inventory/onInventory", None, Effect::Read).await
    }

    /// Lists the items at `price`, or sells them at once into buy orders at or above it.
    pub async fn price(&self, ids: &[AssetId], price: Cents) -> Result<(), ManncoError> {
        if !price.is_valid_price() {
            return Err(ManncoError::InvalidInput(format!("{price} is outside $0.01 – $50,000.00.")));
        }
        let body = json!({ "ids": join_ids(ids)?, "price": price.0 });
        let _: Value = self.call(Method::POST, "/inventory/price", Some(body), Effect::MovesMoney).await?;
        Ok(())
    }

    /// Sends the items to the user's Steam account.
    pub async fn withdraw(&self, ids: &[AssetId]) -> Result<WithdrawResult, ManncoError> {
        let body = json!({ "ids": join_ids(ids)? });
        self.call(Method::POST, "/inventory/withdraw", Some(body), Effect::MovesMoney).await
    }

    /// Price look-ups for item types, 100 per request, keyed by item id.
    pub async fn pricing(&self, item_ids: &[i64]) -> Result<HashMap<i64, ItemPricing>, ManncoError> {
        let mut out = HashMap::new();
        for chunk in item_ids.chunks(PRICING_CHUNK) {
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let path = format!("/item/pricing/bulk?items={}", list.join(","));
            let content: Value = self.call(Method::GET, &path, None, Effect::Read).await?;
            let rows = pricing_rows(&content).map_err(|e| {
                tracing::warn!(path, "mannco price look-up not readable: {e}");
                ManncoError::InvalidResponse { status: 200, detail: e.to_string() }
            })?;
            out.extend(rows.into_iter().map(|p| (p.item_id, p)));
        }
        Ok(out)
    }

    /// An item's sales per day over a period (`1M`, `3M`, `6M`, `1Y`; `5Y`/`ALL` per week).
    pub async fn sales_graph(&self, item_id: i64, period: &str) -> Result<Vec<history::SalesPoint>, ManncoError> {
        let path = format!("/item/salesGraph/{item_id}?period={period}");
        let content: Value = self.call(Method::GET, &path, None, Effect::Read).await?;
        Ok(history::sales_points(&content))
    }

    /// Who sells an item type, at what price (`/item/listing/{item}`, in either documented
    /// shape).
    pub async fn sell_book(&self, item_id: i64) -> Result<market::SellBook, ManncoError> {
        self.call(Method::GET, &format!("/item/listing/{item_id}"), None, Effect::Read).await
    }

    /// The newest sales of the account (one page of at most 50).
    pub async fn sales_history(&self) -> Result<Vec<history::SaleRow>, ManncoError> {
        let content: Value =
            self.call(Method::GET, "/user/getSalesHistory?page=1&perPage=50", None, Effect::Read).await?;
        Ok(history::sale_rows(&content))
    }

    /// The newest purchases of the account (one page of at most 50), in the sales-history row
    /// shape (`mannco-more.md` §5: free-form, read leniently).
    pub async fn purchase_history(&self) -> Result<Vec<history::SaleRow>, ManncoError> {
        let content: Value =
            self.call(Method::GET, "/user/getPurchaseHistory?page=1&count=50", None, Effect::Read).await?;
        Ok(history::sale_rows(&content))
    }

    /// The account balance.
    pub async fn balance(&self) -> Result<Cents, ManncoError> {
        let content: market::BalanceContent = self.call(Method::GET, "/user/balance", None, Effect::Read).await?;
        Ok(content.balance)
    }

    /// The Steam account behind the credentials, as the market says it: the `sub` (or
    /// `steamid`) of the login JWT, else `/user/infos`. None when neither can be read: the
    /// caller then keys things by the credential instead.
    pub async fn account(&self) -> Option<String> {
        if self.jwt.lock().await.is_none() && self.api_key.is_some() {
            self.renew_token(None).await.ok()?;
        }
        let token = self.jwt.lock().await.clone();
        if let Some(id) = token.as_ref().and_then(|t| jwt_account(t.expose())) {
            return Some(id);
        }
        let infos: market::Informations<market::UserInfo> =
            self.call(Method::GET, "/user/infos", None, Effect::Read).await.ok()?;
        Some(infos.informations.steam_id).filter(|id| is_steam_id(id))
    }

    /// Exchanges the API key for a JWT, kept for the rest of the session.
    pub async fn login(&self) -> Result<(), ManncoError> {
        let Some(key) = &self.api_key else {
            return Err(ManncoError::InvalidInput("Mannco needs MANNCO_TOKEN or MANNCO_API_KEY.".into()));
        };
        let body = json!({ "apiKey": key.expose() });
        let (status, bytes) = self.send(Method::POST, "/user/login", Some(&body), None, Effect::Read).await?;
        let jwt: market::Login = decode(status, &bytes)?;
        tracing::info!("mannco login succeeded");
        *self.jwt.lock().await = Some(Secret::new(jwt.jwt));
        Ok(())
    }

    /// Logs in unless another call already replaced the token that was refused (`stale`),
    /// or supplied the missing one, while this one waited.
    async fn renew_token(&self, stale: Option<&Secret>) -> Result<(), ManncoError> {
        let _one_at_a_time = self.login_lock.lock().await;
        let current = self.jwt.lock().await.clone();
        if current.is_some() && current.as_ref() != stale {
            return Ok(());
        }
        self.login().await
    }

    /// One call, retried as its effect allows: reads on any transient failure; money-moving
    /// calls only when the market cannot have acted on them.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        effect: Effect,
    ) -> Result<T, ManncoError> {
        match effect {
            Effect::Read => {
                with_retry(self.retry, path, || self.call_with_token(method.clone(), path, body.clone(), effect)).await
            }
            Effect::MovesMoney => {
                let attempt = || async {
                    self.call_with_token(method.clone(), path, body.clone(), effect).await.map_err(NotSent)
                };
                with_retry(self.retry, path, attempt).await.map_err(|NotSent(e)| e)
            }
        }
    }

    /// One call with the session's JWT: logs in first when only an API key is configured, and
    /// once more (then replays) when the market refuses the token. A refused call changed
    /// nothing, so the replay is safe even for money-moving calls.
    async fn call_with_token<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        effect: Effect,
    ) -> Result<T, ManncoError> {
        if self.jwt.lock().await.is_none() {
            self.renew_token(None).await?;
        }
        let mut relogged = false;
        loop {
            let token = self.jwt.lock().await.clone();
            let (status, bytes) = self.send(method.clone(), path, body.as_ref(), token.as_ref(), effect).await?;
            let decoded = decode::<T>(status, &bytes);
            if let Err(e @ ManncoError::InvalidResponse { .. }) = &decoded {
                // The full detail (serde's positions included) goes to the log only.
                tracing::warn!(path, "mannco answer not readable: {e:?}");
            }
            match decoded {
                Err(ManncoError::Unauthorized { .. }) if self.api_key.is_some() && !relogged => {
                    tracing::info!(path, "mannco refused the token; logging in again");
                    relogged = true;
                    self.renew_token(token.as_ref()).await?;
                }
                Err(e) if effect == Effect::MovesMoney && !is_documented_refusal(&e) => {
                    return Err(ManncoError::OutcomeUnknown(unknown_because(&e)));
                }
                result => return result,
            }
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        token: Option<&Secret>,
        effect: Effect,
    ) -> Result<(u16, bytes::Bytes), ManncoError> {
        let route = path.split('?').next().unwrap_or(path);
        self.limits.acquire(&format!("{method} {route}")).await;
        let mut request = self.http.request(method, format!("{}{}", self.base_url, path));
        if let Some(token) = token {
            request = request.bearer_auth(token.expose());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        tracing::debug!(path, "mannco request");
        let response = request.send().await.map_err(|e| transport_error(e, effect))?;
        let status = response.status().as_u16();
        if let Some(redirect) = super::redirect_target(&response) {
            tracing::warn!(path, "mannco answered with a redirect: {redirect}");
            return Err(match effect {
                Effect::Read => ManncoError::Redirected(redirect),
                Effect::MovesMoney => ManncoError::OutcomeUnknown(format!("the market answered with an {redirect}")),
            });
        }
        if status == 429 {
            return Err(ManncoError::RateLimited { retry_after: super::retry_after(response.headers()) });
        }
        let bytes = match super::read_body(response, super::MAX_BODY).await {
            Ok(bytes) => bytes,
            Err(super::BodyError::Transport(e)) => return Err(transport_error(e, effect)),
            Err(super::BodyError::TooLarge(limit)) => {
                return Err(match effect {
                    Effect::Read => ManncoError::TooLarge(limit),
                    Effect::MovesMoney => {
                        ManncoError::OutcomeUnknown(format!("the answer was larger than {}", super::size_words(limit)))
                    }
                });
            }
        };
        Ok((status, bytes))
    }
}

/// A failure before the request left is a plain network error; after it may have been sent,
/// a money-moving call's outcome is unknown.
fn transport_error(e: reqwest::Error, effect: Effect) -> ManncoError {
    let connect = e.is_connect();
    let timeout = e.is_timeout();
    let text = super::describe_transport_error(e);
    match (effect, connect) {
        (_, true) => ManncoError::Network(text),
        (Effect::MovesMoney, false) => ManncoError::OutcomeUnknown(text),
        (Effect::Read, false) if timeout => ManncoError::Timeout,
        (Effect::Read, false) => ManncoError::Network(text),
    }
}

/// A money call's answer that proves nothing was applied: the documented refusals (HTTP 300
/// or 4xx with a message the contract lists), a refused token, a client-side refusal.
fn is_documented_refusal(e: &ManncoError) -> bool {
    match e {
        ManncoError::Market { status, kind, .. } => {
            (*status == 300 || (400..500).contains(status)) && *kind != MarketError::Other
        }
        ManncoError::Unauthorized { .. } | ManncoError::RateLimited { .. } | ManncoError::InvalidInput(_) => true,
        // Already said: the connection never opened, or the outcome is unknown.
        ManncoError::Network(_) | ManncoError::OutcomeUnknown(_) => true,
        _ => false,
    }
}

/// Why a money call's answer leaves its outcome unknown, in words.
fn unknown_because(e: &ManncoError) -> String {
    match e {
        ManncoError::Market { status, message, .. } => {
            format!("HTTP {status} that is not a documented refusal (\"{message}\"); it may have been applied")
        }
        ManncoError::InvalidResponse { status, detail } => {
            format!(
                "HTTP {status} without a well-formed answer ({}); it may have been applied",
                super::plain_detail(detail)
            )
        }
        other => format!("{other}; it may have been applied"),
    }
}

/// The Steam64 id a Mannco JWT names (`sub`, or `steamid`), read from its payload; the
/// signature is the market's business, not checked here.
pub fn jwt_account(token: &str) -> Option<String> {
    use base64::Engine;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    ["sub", "steamid"]
        .iter()
        .filter_map(|k| {
            claims.get(*k).and_then(|v| v.as_str().map(str::to_string).or_else(|| v.as_u64().map(|n| n.to_string())))
        })
        .find(|id| is_steam_id(id))
}

fn is_steam_id(id: &str) -> bool {
    id.len() == 17 && id.starts_with("7656") && id.bytes().all(|b| b.is_ascii_digit())
}

fn join_ids(ids: &[AssetId]) -> Result<String, ManncoError> {
    if ids.is_empty() {
        return Err(ManncoError::InvalidInput("No asset ids given.".into()));
    }
    Ok(ids.iter().map(u64::to_string).collect::<Vec<_>>().join(","))
}

/// Parses comma-separated asset ids as a trader types them, or says what is wrong.
pub fn parse_ids(text: &str) -> Result<Vec<AssetId>, String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if parts.is_empty() {
        return Err("give at least one asset id, like --ids 12345678,87654321".into());
    }
    let mut ids = Vec::with_capacity(parts.len());
    for part in parts {
        match part.parse::<AssetId>() {
            Ok(id) if !ids.contains(&id) => ids.push(id),
            Ok(_) => {}
            Err(_) => return Err(format!("\"{part}\" is not an asset id: ids are numbers")),
        }
    }
    Ok(ids)
}

/// `{err, success, content}`. `err` is a boolean in the documents and a number in PRICEDB's
/// reading; an error's text is in `content`, or in `message` where VANZIP and PRICEDB read it.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default, deserialize_with = "flag")]
    err: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    success: Option<bool>,
    content: Option<Value>,
    message: Option<Value>,
}

/// A boolean, or `0`/`1`; anything else says nothing.
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Bool(b)) => Some(b),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        _ => None,
    })
}

/// A status and body into the content or a typed error. Never panics, whatever the bytes.
pub fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ManncoError> {
    let invalid = |detail: String| ManncoError::InvalidResponse { status, detail };
    let envelope: Envelope = serde_json::from_slice(body).map_err(|e| {
        if body.iter().all(u8::is_ascii_whitespace) {
            invalid("the body was empty".into())
        } else {
            invalid(format!("not the market's envelope ({e})"))
        }
    })?;
    let ok = envelope.success == Some(true) && envelope.err != Some(true) && (200..300).contains(&status);
    if ok {
        let content = envelope.content.unwrap_or(Value::Null);
        return serde_json::from_value(content).map_err(|e| invalid(format!("unexpected content ({e})")));
    }
    let text = |v: Value| match v {
        Value::String(s) => Some(s),
        Value::Object(map) => map.get("message").and_then(Value::as_str).map(str::to_string),
        Value::Null => None,
        other => Some(other.to_string()),
    };
    let message = envelope
        .content
        .and_then(text)
        .or_else(|| envelope.message.and_then(text))
        .unwrap_or_else(|| format!("HTTP {status}"));
    // The server's own words may echo a secret back.
    let message = crate::sanitize::redact(&message).into_owned();
    if envelope.success.is_none() && envelope.err.is_none() {
        return Err(invalid("neither a success nor an error envelope".into()));
    }
    // `{"err": true, "success": true}` and the like say nothing for sure.
    if envelope.success == Some(true) || envelope.err == Some(false) {
        return Err(invalid(format!("a contradictory envelope (HTTP {status}, \"{message}\")")));
    }
    let kind = MarketError::from_message(&message);
    match status {
        401 | 403 if !matches!(kind, MarketError::CountryBlocked | MarketError::InvalidApiKey) => {
            Err(ManncoError::Unauthorized { status, message })
        }
        429 => Err(ManncoError::RateLimited { retry_after: retry_after_in(&message) }),
        _ => Err(ManncoError::Market { status, kind, message }),
    }
}

/// The wait a 429's words name ("try again in 152 seconds"), capped at five minutes, for when
/// the `Retry-After` header is missing.
fn retry_after_in(message: &str) -> Option<std::time::Duration> {
    let digits: String = message.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    digits.parse::<u64>().ok().map(|s| std::time::Duration::from_secs(s.min(300)))
}

/// The user's two lists: what is listed (`/inventory/onSale`) and what is not
/// (`/inventory/onInventory`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ManncoList {
    OnSale,
    Inventory,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_is_read_from_the_login_token() {
        // The documented login example's token.
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUEkiLCJzdWIiOiI3NjU2MTE5ODAxMjM0NTY3OCIsImlhdCI6MTc4MjkwNzIwMH0.sig";
        assert_eq!(jwt_account(jwt).as_deref(), Some("76561198012345678"));
        assert_eq!(jwt_account("demo-mannco-jwt"), None);
        assert_eq!(jwt_account("a.bm90IGpzb24.c"), None);
    }

    #[test]
    fn ids_as_typed() {
        assert_eq!(parse_ids("1, 2,3,2"), Ok(vec![1, 2, 3]));
        assert!(parse_ids("").is_err());
        assert!(parse_ids(" , ").is_err());
        assert!(parse_ids("12,abc").unwrap_err().contains("abc"));
        assert!(parse_ids("-5").is_err());
    }

    #[test]
    fn decodes_the_seed_examples() {
        let body =
            br#"{"err":false,"success":true,"content":{"items":[{"ids":"987654321,987654322","count":2,"item_id":5678,
            "assetId":"987654321","bot":"76561198000000001","game":440,"state":1,"price":15000,
            "name":"Unusual Burning Flames Team Captain","effect":"Burning Flames","url":"unusual_team_captain",
            "quality":"Unusual","image":"https://...","type":"Hat","craftable":1}],"count":25}}"#;
        let listing: Listing = decode(200, body).unwrap();
        let row = &listing.items[0];
        assert_eq!((listing.count, row.price, row.asset_ids()), (25, Some(Cents(15000)), vec![987654321, 987654322]));
        assert_eq!(row.effect(), Some("Burning Flames"));
        let body = br#"{"err":false,"success":true,"content":{"message":"Items withdrawal processed","updated":3,"locked":0}}"#;
        let w: WithdrawResult = decode(200, body).unwrap();
        assert_eq!((w.updated, w.locked), (3, 0));
    }

    #[test]
    fn business_errors_come_with_http_300() {
        let body = br#"{"err":true,"success":false,"content":"Price limit exceeded (max 250)"}"#;
        let err = decode::<Value>(300, body).unwrap_err();
        assert_eq!(err.market_kind(), Some(&MarketError::PriceLimitExceeded { max: Some(Cents(250)) }));
        assert!(err.to_string().contains("$2.50"));
        let body = br#"{"err":true,"success":false,"content":"Unauthorized"}"#;
        assert!(matches!(decode::<Value>(403, body), Err(ManncoError::Unauthorized { .. })));
        let body = br#"{"err":true,"success":false,"content":"Invalid API key"}"#;
        assert_eq!(decode::<Value>(403, body).unwrap_err().market_kind(), Some(&MarketError::InvalidApiKey));
    }

    #[test]
    fn odd_bodies_are_invalid_responses() {
        for (status, body) in [
            (200, &b""[..]),
            (200, b"<html>"),
            (500, b"{}"),
            (200, b"[1]"),
            (200, br#"{"success":true,"content":{"items":"x"}}"#),
        ] {
            assert!(matches!(decode::<Listing>(status, body), Err(ManncoError::InvalidResponse { .. })), "{body:?}");
        }
    }
}
