//! The AssetPay client: `GET /client/inventory` (client token) and `GET /secure/inventory`
//! (merchant API key + trade URL).

mod error;
mod models;
mod query;
mod store;

pub use error::{ApiError, AssetPayError, ErrorKey};
pub use models::{Deposit, Fade, InventoryPage, Item, NamedVariant, Offer, Sticker};
pub use query::{Game, InventoryQuery, Limit, MAX_SEARCH_CHARS, Sort, TradeUrl};
pub use store::{ItemRef, ItemStore, ItemsInOrder};

/// A whole inventory, decoded into the compact store.
pub type StoredInventory = InventoryPage<ItemStore>;

use crate::api::rate_limit::RateLimits;
use crate::api::retry::{RetryPolicy, with_retry};
use crate::secret::Secret;
use bytes::Bytes;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::sync::Arc;
use std::time::Duration;

pub const DEFAULT_URL: &str = "https://api.assetpay.gg";

/// How tradedeck authenticates to AssetPay; decides the endpoint.
#[derive(Clone, Debug)]
pub enum Auth {
    /// `GET /client/inventory` with the token in `Authorization`, sent as configured.
    Client { token: Secret },
    /// `GET /secure/inventory` with `api-key`, for the account behind `trade_url`.
    Secure { api_key: Secret, trade_url: TradeUrl },
}

impl Auth {
    pub fn endpoint(&self) -> &'static str {
        match self {
            Auth::Client { .. } => "/client/inventory",
            Auth::Secure { .. } => "/secure/inventory",
        }
    }
}

#[derive(Clone, Debug)]
pub struct AssetPayClient {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    retry: RetryPolicy,
    limits: Arc<RateLimits>,
}

impl AssetPayClient {
    pub fn new(http: reqwest::Client, base_url: &str, auth: Auth) -> Self {
        // The verified tier's documented limits; unverified merchants set theirs in the config.
        let per_minute = match auth {
            Auth::Client { .. } => 1_000,
            Auth::Secure { .. } => 10_000,
        };
        let limits = RateLimits::per_minute("AssetPay", per_minute);
        AssetPayClient {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            auth,
            retry: RetryPolicy::default(),
            limits,
        }
    }

    /// Replaces the requests-per-minute limit (unverified merchants: 10 on /client, 100 on /secure).
    pub fn with_rate_limit(mut self, per_minute: u32) -> Self {
        self.limits = RateLimits::per_minute("AssetPay", per_minute);
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

    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// One page of the inventory (or all of it with `Limit::All`), retried on transient
    /// failures: a read changes nothing, so trying again is safe.
    pub async fn inventory(&self, query: &InventoryQuery) -> Result<InventoryPage, AssetPayError> {
        self.read(query).await
    }

    /// The same, decoded into the compact store as the body downloads: for whole inventories.
    pub async fn inventory_stored(&self, query: &InventoryQuery) -> Result<StoredInventory, AssetPayError> {
        self.read(query).await
    }

    async fn read<T>(&self, query: &InventoryQuery) -> Result<InventoryPage<T>, AssetPayError>
    where
        T: DeserializeOwned + Default + Send + 'static,
    {
        query.validate()?;
        with_retry(self.retry, self.auth.endpoint(), || self.read_once(query)).await
    }

    async fn read_once<T>(&self, query: &InventoryQuery) -> Result<InventoryPage<T>, AssetPayError>
    where
        T: DeserializeOwned + Default + Send + 'static,
    {
        self.limits.acquire(self.auth.endpoint()).await;
        let mut params = query.to_params();
        let url = format!("{}{}", self.base_url, self.auth.endpoint());
        let mut request = self.http.get(&url);
        request = match &self.auth {
            Auth::Client { token } => request.header("Authorization", token.expose()),
            Auth::Secure { api_key, trade_url } => {
                params.insert(0, ("tradeUrl", trade_url.as_str().to_string()));
                request.header("api-key", api_key.expose())
            }
        };
        tracing::debug!(endpoint = self.auth.endpoint(), ?query, "assetpay inventory request");
        let response = request.query(&params).send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let retry_after = super::retry_after(response.headers());
        let result = decode_streamed(status, retry_after, response).await;
        match &result {
            Ok(page) => tracing::debug!(status, count = page.count, "assetpay inventory"),
            Err(e) => tracing::warn!(status, key = e.key(), "assetpay inventory failed: {e}"),
        }
        result
    }

    /// Every matching item: one request with `Limit::All`, else page after page until
    /// `count` items are in hand (bounded, in case the server's count moves).
    pub async fn inventory_all(&self, query: &InventoryQuery) -> Result<StoredInventory, AssetPayError> {
        let mut query = InventoryQuery { page: 1, ..query.clone() };
        let mut all = self.inventory_stored(&query).await?;
        let max_pages = query.page_count(all.count);
        while (all.items.len() as u64) < all.count && query.page < max_pages {
            query.page += 1;
            query.refresh = false;
            let next = self.inventory(&query).await?;
            if next.items.is_empty() {
                break;
            }
            next.items.iter().for_each(|item| all.items.push(item));
        }
        Ok(all)
    }
}

fn transport_error(e: reqwest::Error) -> AssetPayError {
    if e.is_timeout() {
        return AssetPayError::Timeout;
    }
    AssetPayError::Network(super::describe_transport_error(e))
}

/// The body of any AssetPay response. Both envelopes share it; which fields are present says
/// which one it is.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<T> {
    success: Option<bool>,
    request_id: Option<String>,
    data: Option<T>,
    error: Option<ErrorBody>,
}

/// Loosely typed on purpose: an odd error body still becomes an error, not a decode failure.
#[derive(Deserialize)]
struct ErrorBody {
    code: Option<serde_json::Value>,
    key: Option<String>,
    message: Option<serde_json::Value>,
    fields: Option<serde_json::Value>,
}

/// Decodes the body on a blocking thread while it downloads, so a whole inventory is never
/// held as one buffer. Cancelling the request drops the sender: the decoder sees the end and
/// stops.
async fn decode_streamed<T>(
    status: u16,
    retry_after: Option<Duration>,
    response: reqwest::Response,
) -> Result<InventoryPage<T>, AssetPayError>
where
    T: DeserializeOwned + Default + Send + 'static,
{
    let (chunks, received) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(16);
    let body = tokio_util::io::SyncIoBridge::new(tokio_util::io::StreamReader::new(
        tokio_stream::wrappers::ReceiverStream::new(received),
    ));
    let decoding = tokio::task::spawn_blocking(move || decode_inventory_from(status, retry_after, body));
    let downloaded = forward_body(response, chunks).await;
    let decoded = decoding
        .await
        .map_err(|e| AssetPayError::InvalidResponse { status, detail: format!("the decoder stopped ({e})") })?;
    // A broken download explains a broken decode: report the transport error, which retries.
    downloaded.map_err(transport_error)?;
    decoded
}

async fn forward_body(
    mut response: reqwest::Response,
    chunks: tokio::sync::mpsc::Sender<std::io::Result<Bytes>>,
) -> Result<(), reqwest::Error> {
    while let Some(chunk) = response.chunk().await? {
        // The decoder gave up (the body is not an inventory): the rest is not needed.
        if chunks.send(Ok(chunk)).await.is_err() {
            break;
        }
    }
    Ok(())
}

/// Turns a status and body into a page or a typed error. Never panics, whatever the bytes.
pub fn decode_inventory(
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
) -> Result<InventoryPage, AssetPayError> {
    decode_inventory_from(status, retry_after, body)
}

/// `decode_inventory` over any reader (a download, a saved file), into a `Vec<Item>` page or
/// straight into an `ItemStore`.
pub fn decode_inventory_from<T: DeserializeOwned + Default>(
    status: u16,
    retry_after: Option<Duration>,
    body: impl Read,
) -> Result<InventoryPage<T>, AssetPayError> {
    let invalid = |detail: String| AssetPayError::InvalidResponse { status, detail };
    let mut body = std::io::BufReader::with_capacity(64 * 1024, body);
    if is_blank(&mut body) {
        return Err(invalid("the body was empty".into()));
    }
    let envelope: Envelope<InventoryPage<T>> = serde_json::from_reader(body).map_err(|e| {
        if e.is_io() {
            invalid(format!("the body could not be read ({e})"))
        } else if e.is_syntax() || e.is_eof() {
            invalid(format!("not JSON ({e})"))
        } else {
            invalid(format!("unexpected shape ({e})"))
        }
    })?;
    if let Some(error) = envelope.error {
        return Err(AssetPayError::Api(Box::new(api_error(status, retry_after, envelope.request_id, error))));
    }
    match (envelope.success, envelope.data) {
        (Some(true) | None, Some(page)) if (200..300).contains(&status) => Ok(page),
        _ => Err(invalid("neither a success nor an error envelope".into())),
    }
}

/// Skips leading whitespace; true when nothing else follows. A read error is left for the
/// decoder to report.
fn is_blank(body: &mut impl BufRead) -> bool {
    loop {
        let Ok(buffer) = body.fill_buf() else { return false };
        if buffer.is_empty() {
            return true;
        }
        let blank = buffer.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let more_follows = blank < buffer.len();
        body.consume(blank);
        if more_follows {
            return false;
        }
    }
}

fn api_error(status: u16, retry_after: Option<Duration>, request_id: Option<String>, body: ErrorBody) -> ApiError {
    let code = body.code.as_ref().and_then(|c| c.as_i64().or_else(|| c.as_str()?.parse().ok()));
    let key = match (&body.key, code) {
        (Some(key), _) => ErrorKey::parse(key),
        (None, Some(code)) => ErrorKey::from_code(code).unwrap_or(ErrorKey::Other(format!("code {code}"))),
        (None, None) if status == 429 => ErrorKey::RateLimited,
        (None, None) => ErrorKey::Other(format!("HTTP {status}")),
    };
    let messages = match body.message {
        Some(serde_json::Value::String(s)) => vec![s],
        Some(serde_json::Value::Array(items)) => items.iter().map(value_text).collect(),
        Some(other) => vec![value_text(&other)],
        None => vec![],
    };
    let fields: BTreeMap<String, String> = match body.fields {
        Some(serde_json::Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), value_text(v))).collect(),
        _ => BTreeMap::new(),
    };
    ApiError { status, key, code, messages, fields, request_id, retry_after }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
