//! The AssetPay client: authentication, rate limits, retries, and the inventory reads.

use super::decode::{self, ItemSink};
use super::error::{AssetPayError, transport_error};
use super::models::InventoryPage;
use super::query::{InventoryQuery, Limit, TradeUrl};
use super::store::StoredInventory;
use crate::api::rate_limit::RateLimits;
use crate::api::retry::{RetryPolicy, with_retry};
use crate::secret::Secret;
use std::sync::Arc;

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
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    pub(super) auth: Auth,
    pub(super) retry: RetryPolicy,
    pub(super) limits: Arc<RateLimits>,
    /// The largest whole-inventory answer read, in bytes.
    whole_body_limit: u64,
    /// The most items a whole inventory may hold (`[assetpay] max_items`).
    max_items: usize,
    /// Bytes of answers read so far, for a progress line.
    progress: Option<Arc<std::sync::atomic::AtomicU64>>,
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
            whole_body_limit: DEFAULT_WHOLE_BODY_LIMIT,
            max_items: super::decode::DEFAULT_MAX_ITEMS,
            progress: None,
        }
    }

    /// Counts the bytes of every answer into `counter`, so a long read can show progress.
    pub fn with_progress(mut self, counter: Arc<std::sync::atomic::AtomicU64>) -> Self {
        self.progress = Some(counter);
        self
    }

    /// Replaces the largest whole-inventory answer read (`max_inventory_mb` in the config).
    /// Refuses a whole inventory of more than `n` items.
    pub fn with_max_items(mut self, n: usize) -> Self {
        self.max_items = n;
        self
    }

    pub fn with_whole_body_limit(mut self, bytes: u64) -> Self {
        self.whole_body_limit = bytes;
        self
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
        T: ItemSink,
    {
        query.validate()?;
        with_retry(self.retry, self.auth.endpoint(), || self.read_once(query)).await
    }

    async fn read_once<T>(&self, query: &InventoryQuery) -> Result<InventoryPage<T>, AssetPayError>
    where
        T: ItemSink,
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
        if query.limit == Limit::All {
            request = request.timeout(WHOLE_INVENTORY_TIMEOUT);
        }
        let response = request.query(&params).send().await.map_err(transport_error)?;
        if let Some(redirect) = crate::api::redirect_target(&response) {
            tracing::warn!("assetpay answered with a redirect: {redirect}");
            return Err(AssetPayError::Redirected(redirect));
        }
        let status = response.status().as_u16();
        let retry_after = crate::api::retry_after(response.headers());
        let limit = if query.limit == Limit::All { self.whole_body_limit } else { crate::api::MAX_BODY };
        let result =
            decode::decode_streamed(status, retry_after, response, limit, self.max_items, self.progress.clone()).await;
        match &result {
            Ok(page) => tracing::debug!(status, count = page.count, "assetpay inventory"),
            // The full detail (serde's positions included) goes to the log only.
            Err(e) => tracing::warn!(status, key = e.key(), "assetpay inventory failed: {e:?}"),
        }
        result
    }

    /// Every matching item: one request with `Limit::All`, else page after page until
    /// `count` items are in hand (bounded, in case the server's count moves).
    pub async fn inventory_all(&self, query: &InventoryQuery) -> Result<StoredInventory, AssetPayError> {
        let mut query = InventoryQuery { page: 1, ..query.clone() };
        let mut all = self.inventory_stored(&query).await?;
        // The server's count decides the pages, within reason: a count of a billion must not
        // turn into a billion requests.
        let max_pages = query.page_count(all.count);
        if max_pages > MAX_PAGES {
            return Err(AssetPayError::InvalidInput(format!(
                "AssetPay says {} items: that is more than {MAX_PAGES} pages of {}. Use --all without --limit (one request), or a larger --limit.",
                all.count,
                query.limit.as_param()
            )));
        }
        while ((all.items.len() + all.skipped.len()) as u64) < all.count && query.page < max_pages {
            query.page += 1;
            query.refresh = false;
            let next = self.inventory(&query).await?;
            if next.items.is_empty() && next.skipped.is_empty() {
                break;
            }
            next.items.iter().for_each(|item| all.items.push(item));
            all.skipped.extend(next.skipped);
        }
        Ok(all)
    }
}

/// Pages `inventory_all` asks for at most, whatever count the server claims.
pub const MAX_PAGES: u32 = 1_000;
/// A whole inventory may take this long to download.
pub const WHOLE_INVENTORY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);
/// The largest whole-inventory answer read, decompressed: 100,000 items take about 64 MB, a
/// million about 640 MB.
pub const DEFAULT_WHOLE_BODY_LIMIT: u64 = 1 << 30;
