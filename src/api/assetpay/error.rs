//! AssetPay's error envelope as a typed error, with a sentence a trader can act on.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// The documented error keys. Branch on these, never on the message text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKey {
    InventoryFetchFailed,
    UserNotTradeable,
    InvalidTradeUrl,
    SteamUnavailable,
    SteamRateLimited,
    NoBotsAvailable,
    FleetDegraded,
    InvalidToken,
    RateLimited,
    ValidationFailed,
    // Selling (POST /secure/sell, /client/trading/deposit) and trades.
    PriceChanged,
    ItemOverstocked,
    ExternalIdExists,
    TradeNotFound,
    TradeOfferFailed,
    TooManyActiveTrades,
    DepositInProgress,
    ItemsUnavailable,
    ItemsNotAccepted,
    NoOfferFound,
    ExceedsMaxAmount,
    ServerError,
    TooManyItems,
    MissingItems,
    MerchantBalanceLow,
    InsufficientItemAmount,
    EscrowNotAllowed,
    InventoryPrivate,
    DepositsPaused,
    InstantDepositsDisabled,
    SystemMaintenance,
    ServiceUnavailable,
    Unprocessable,
    NotFound,
    Conflict,
    Forbidden,
    AccountDisabled,
    MissingApiKey,
    InvalidApiKey,
    ApiKeyRevoked,
    InsufficientScope,
    Unauthorized,
    TokenExpired,
    /// A key the contract does not list; kept verbatim.
    Other(String),
}

impl ErrorKey {
    pub fn parse(key: &str) -> Self {
        match key {
            "INVENTORY_FETCH_FAILED" => Self::InventoryFetchFailed,
            "USER_NOT_TRADEABLE" => Self::UserNotTradeable,
            "INVALID_TRADEURL" => Self::InvalidTradeUrl,
            "STEAM_UNAVAILABLE" => Self::SteamUnavailable,
            "STEAM_RATE_LIMITED" => Self::SteamRateLimited,
            "NO_BOTS_AVAILABLE" => Self::NoBotsAvailable,
            "FLEET_DEGRADED" => Self::FleetDegraded,
            "INVALID_TOKEN" => Self::InvalidToken,
            "RATE_LIMITED" => Self::RateLimited,
            "VALIDATION_FAILED" => Self::ValidationFailed,
            "PRICE_CHANGED" => Self::PriceChanged,
            "ITEM_OVERSTOCKED" => Self::ItemOverstocked,
            "EXTERNAL_ID_EXISTS" => Self::ExternalIdExists,
            "TRADE_NOT_FOUND" => Self::TradeNotFound,
            "TRADE_OFFER_FAILED" => Self::TradeOfferFailed,
            "TOO_MANY_ACTIVE_TRADES" => Self::TooManyActiveTrades,
            "DEPOSIT_IN_PROGRESS" => Self::DepositInProgress,
            "ITEMS_UNAVAILABLE" => Self::ItemsUnavailable,
            "ITEMS_NOT_ACCEPTED" => Self::ItemsNotAccepted,
            "NO_OFFER_FOUND" => Self::NoOfferFound,
            "EXCEEDS_MAX_AMOUNT" => Self::ExceedsMaxAmount,
            "SERVER_ERROR" => Self::ServerError,
            "TOO_MANY_ITEMS" => Self::TooManyItems,
            "MISSING_ITEMS" => Self::MissingItems,
            "MERCHANT_BALANCE_LOW" => Self::MerchantBalanceLow,
            "INSUFFICIENT_ITEM_AMOUNT" => Self::InsufficientItemAmount,
            "ESCROW_NOT_ALLOWED" => Self::EscrowNotAllowed,
            "INVENTORY_PRIVATE" => Self::InventoryPrivate,
            "DEPOSITS_PAUSED" => Self::DepositsPaused,
            "INSTANT_DEPOSITS_DISABLED" => Self::InstantDepositsDisabled,
            "SYSTEM_MAINTENANCE" => Self::SystemMaintenance,
            "SERVICE_UNAVAILABLE" => Self::ServiceUnavailable,
            "UNPROCESSABLE" => Self::Unprocessable,
            "NOT_FOUND" => Self::NotFound,
            "CONFLICT" => Self::Conflict,
            "FORBIDDEN" => Self::Forbidden,
            "ACCOUNT_DISABLED" => Self::AccountDisabled,
            "MISSING_API_KEY" => Self::MissingApiKey,
            "INVALID_API_KEY" => Self::InvalidApiKey,
            "API_KEY_REVOKED" => Self::ApiKeyRevoked,
            "INSUFFICIENT_SCOPE" => Self::InsufficientScope,
            "UNAUTHORIZED" => Self::Unauthorized,
            "TOKEN_EXPIRED" => Self::TokenExpired,
            // The SDK's spellings of the same refusals.
            "API_KEY_SCOPE_DENIED" | "API_KEY_IP_DENIED" => Self::InsufficientScope,
            "INVALID_CREDENTIALS" | "MISSING_BEARER" => Self::Unauthorized,
            "TOKEN_INVALID_OR_EXPIRED" => Self::TokenExpired,
            other => Self::Other(other.to_string()),
        }
    }

    /// The key from its numeric code, for servers that send a code without a key.
    pub fn from_code(code: i64) -> Option<Self> {
        // Codes below 13 follow the older numbering, the only one that documents them.
        Some(match code {
            1 => Self::ExternalIdExists,
            3 => Self::InventoryFetchFailed,
            4 => Self::NoOfferFound,
            5 => Self::TradeOfferFailed,
            6 => Self::TooManyActiveTrades,
            9 => Self::ItemsUnavailable,
            10 => Self::ItemsNotAccepted,
            11 => Self::PriceChanged,
            21 => Self::TradeNotFound,
            45 => Self::ItemOverstocked,
            1001 => Self::ValidationFailed,
            1005 => Self::RateLimited,
            1006 => Self::ServerError,
            8 => Self::TooManyItems,
            2 => Self::MissingItems,
            12 => Self::MerchantBalanceLow,
            1007 => Self::SystemMaintenance,
            1009 => Self::ServiceUnavailable,
            1008 => Self::Unprocessable,
            1003 => Self::NotFound,
            1004 => Self::Conflict,
            1300 => Self::Forbidden,
            1301 => Self::AccountDisabled,
            1900 => Self::MissingApiKey,
            1901 => Self::InvalidApiKey,
            1902 => Self::ApiKeyRevoked,
            1903 => Self::InsufficientScope,
            1100 => Self::Unauthorized,
            1111 => Self::TokenExpired,

            7 => Self::UserNotTradeable,
            13 => Self::InvalidTradeUrl,
            31 => Self::SteamUnavailable,
            33 => Self::SteamRateLimited,
            1010 => Self::NoBotsAvailable,
            1011 => Self::FleetDegraded,
            1102 => Self::InvalidToken,
            _ => return None,
        })
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::InventoryFetchFailed => "INVENTORY_FETCH_FAILED",
            Self::UserNotTradeable => "USER_NOT_TRADEABLE",
            Self::InvalidTradeUrl => "INVALID_TRADEURL",
            Self::SteamUnavailable => "STEAM_UNAVAILABLE",
            Self::SteamRateLimited => "STEAM_RATE_LIMITED",
            Self::NoBotsAvailable => "NO_BOTS_AVAILABLE",
            Self::FleetDegraded => "FLEET_DEGRADED",
            Self::InvalidToken => "INVALID_TOKEN",
            Self::RateLimited => "RATE_LIMITED",
            Self::ValidationFailed => "VALIDATION_FAILED",
            Self::PriceChanged => "PRICE_CHANGED",
            Self::ItemOverstocked => "ITEM_OVERSTOCKED",
            Self::ExternalIdExists => "EXTERNAL_ID_EXISTS",
            Self::TradeNotFound => "TRADE_NOT_FOUND",
            Self::TradeOfferFailed => "TRADE_OFFER_FAILED",
            Self::TooManyActiveTrades => "TOO_MANY_ACTIVE_TRADES",
            Self::DepositInProgress => "DEPOSIT_IN_PROGRESS",
            Self::ItemsUnavailable => "ITEMS_UNAVAILABLE",
            Self::ItemsNotAccepted => "ITEMS_NOT_ACCEPTED",
            Self::NoOfferFound => "NO_OFFER_FOUND",
            Self::ExceedsMaxAmount => "EXCEEDS_MAX_AMOUNT",
            Self::ServerError => "SERVER_ERROR",
            Self::TooManyItems => "TOO_MANY_ITEMS",
            Self::MissingItems => "MISSING_ITEMS",
            Self::MerchantBalanceLow => "MERCHANT_BALANCE_LOW",
            Self::InsufficientItemAmount => "INSUFFICIENT_ITEM_AMOUNT",
            Self::EscrowNotAllowed => "ESCROW_NOT_ALLOWED",
            Self::InventoryPrivate => "INVENTORY_PRIVATE",
            Self::DepositsPaused => "DEPOSITS_PAUSED",
            Self::InstantDepositsDisabled => "INSTANT_DEPOSITS_DISABLED",
            Self::SystemMaintenance => "SYSTEM_MAINTENANCE",
            Self::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Self::Unprocessable => "UNPROCESSABLE",
            Self::NotFound => "NOT_FOUND",
            Self::Conflict => "CONFLICT",
            Self::Forbidden => "FORBIDDEN",
            Self::AccountDisabled => "ACCOUNT_DISABLED",
            Self::MissingApiKey => "MISSING_API_KEY",
            Self::InvalidApiKey => "INVALID_API_KEY",
            Self::ApiKeyRevoked => "API_KEY_REVOKED",
            Self::InsufficientScope => "INSUFFICIENT_SCOPE",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::TokenExpired => "TOKEN_EXPIRED",

            Self::Other(key) => key,
        }
    }

    /// Transient conditions on AssetPay's or Steam's side: worth retrying shortly.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::SteamUnavailable
                | Self::SteamRateLimited
                | Self::NoBotsAvailable
                | Self::FleetDegraded
                | Self::RateLimited
        )
    }

    /// What happened, for a trader, and what to do about it.
    pub fn sentence(&self) -> &'static str {
        match self {
            Self::InventoryFetchFailed => {
                "AssetPay could not load this Steam inventory: it may be private or the account banned."
            }
            Self::UserNotTradeable => {
                "Steam refused access: the inventory is private or the account cannot trade. Make the inventory public and check trade restrictions."
            }
            Self::InvalidTradeUrl => {
                "The trade URL is malformed. Copy it again from Steam (Inventory → Trade Offers → Who can send me trade offers)."
            }
            Self::SteamUnavailable => "Steam is temporarily unavailable. Try again shortly.",
            Self::SteamRateLimited => "Steam is rate-limiting inventory reads. Try again shortly.",
            Self::NoBotsAvailable => "AssetPay has no Steam bots online right now. Try again shortly.",
            Self::FleetDegraded => "AssetPay's Steam bot fleet is degraded. Try again shortly.",
            Self::InvalidToken => {
                "AssetPay refused the credentials: the client token or API key is invalid or expired."
            }
            Self::RateLimited => "Too many requests to AssetPay. Waiting before the next one.",
            Self::ValidationFailed => "AssetPay rejected the request's parameters.",
            Self::PriceChanged => {
                "AssetPay's offer changed since it was shown: nothing was sold. Review the new prices before selling."
            }
            Self::ItemOverstocked => {
                "AssetPay is overstocked on some of these items: nothing was sold. The rest can be offered again."
            }
            Self::ExternalIdExists => "A trade with this reference already exists: it is looked up, not sent again.",
            Self::TradeNotFound => "AssetPay has no trade with this reference.",
            Self::TradeOfferFailed => {
                "AssetPay could not send the Steam trade offer: nothing was sold. A new attempt is a new trade."
            }
            Self::TooManyActiveTrades => "Too many trades are in progress on this account. Wait for some to finish.",
            Self::DepositInProgress => "Another sale is being set up on this account. Try again in a moment.",
            Self::ItemsUnavailable => "Some items are no longer in the Steam inventory. Refresh the inventory.",
            Self::ItemsNotAccepted => "AssetPay does not accept some of these items now.",
            Self::NoOfferFound => "AssetPay has no offer for some of these items.",
            Self::ExceedsMaxAmount => "More of an item than AssetPay takes at once (its maxAmount).",
            Self::ServerError => "AssetPay had an internal error.",
            Self::TooManyItems => "More items than AssetPay takes in one sale.",
            Self::MissingItems => "The sale named no items.",
            Self::MerchantBalanceLow => "The merchant's AssetPay balance is too low for this.",
            Self::InsufficientItemAmount => {
                "Fewer of an item in the inventory than the sale asks for. Refresh the inventory."
            }
            Self::EscrowNotAllowed => "The Steam account is under a trade escrow AssetPay does not accept.",
            Self::InventoryPrivate => "The Steam inventory is private. Make it public and try again.",
            Self::DepositsPaused => "AssetPay has paused sales for now. Try again later.",
            Self::InstantDepositsDisabled => "AssetPay does not take instant sales now: sell with standard delivery.",
            Self::SystemMaintenance => "AssetPay is under maintenance. Try again later.",
            Self::ServiceUnavailable => "AssetPay is unavailable for now. Try again later.",
            Self::Unprocessable => "AssetPay could not process the request.",
            Self::NotFound => "AssetPay does not know what was asked for.",
            Self::Conflict => "The request conflicts with the account's current state.",
            Self::Forbidden => "AssetPay refused access to this.",
            Self::AccountDisabled => "The AssetPay account is disabled.",
            Self::MissingApiKey => "AssetPay needs an API key for this: set ASSETPAY_API_KEY.",
            Self::InvalidApiKey => "AssetPay refused the API key: it is not valid.",
            Self::ApiKeyRevoked => "The AssetPay API key was revoked. Create a new one.",
            Self::InsufficientScope => "The AssetPay API key is not allowed to do this (its scope or IP allow-list).",
            Self::Unauthorized => "AssetPay refused the credentials.",
            Self::TokenExpired => "The AssetPay client token expired: get a new one.",

            Self::Other(_) => "AssetPay reported an error.",
        }
    }
}

/// An error AssetPay reported in its envelope.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub key: ErrorKey,
    pub code: Option<i64>,
    pub messages: Vec<String>,
    /// Per-parameter reasons, only on `VALIDATION_FAILED`.
    pub fields: BTreeMap<String, String>,
    pub request_id: Option<String>,
    pub retry_after: Option<Duration>,
    /// `error.details`, as sent (ITEM_OVERSTOCKED names its items there).
    pub details: Option<serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AssetPayError {
    #[error("{}", .0.describe())]
    Api(Box<ApiError>),
    /// The server answered with something that is neither envelope.
    #[error("AssetPay sent an invalid response (HTTP {status}): {}", crate::api::plain_detail(.detail))]
    InvalidResponse { status: u16, detail: String },
    #[error("could not reach AssetPay: {0}")]
    Network(String),
    #[error("AssetPay did not answer within {} s", crate::api::SILENCE_TIMEOUT.as_secs())]
    Timeout,
    /// A 3xx: not followed, so the key or token went nowhere else.
    #[error("AssetPay answered with an {0}")]
    Redirected(String),
    /// The answer was larger than tradedeck reads: not read further.
    #[error("AssetPay's answer was larger than {}: not read further (max_inventory_mb in the config raises the limit for whole inventories)", crate::api::size_words(*.0))]
    TooLarge(u64),
    /// Refused before sending: nothing left tradedeck.
    #[error("{0}")]
    InvalidInput(String),
    /// The answer does not match what was sent (another reference, other items, a total far
    /// under the one confirmed), or the trade it names already failed: never taken as sold.
    #[error("{0}")]
    NotThisSale(String),
}

impl ApiError {
    /// The sentence, plus the server's field reasons when it gave them.
    pub fn describe(&self) -> String {
        let mut text = self.key.sentence().to_string();
        if !self.fields.is_empty() {
            let reasons: Vec<String> = self.fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            text.push_str(&format!(" ({})", reasons.join("; ")));
        } else if matches!(self.key, ErrorKey::Other(_) | ErrorKey::ValidationFailed) && !self.messages.is_empty() {
            text.push_str(&format!(" ({})", self.messages.join("; ")));
        }
        if let Some(wait) = self.retry_after {
            text.push_str(&format!(" Retry after {}s.", wait.as_secs()));
        }
        // The server's own words may echo a secret back.
        crate::sanitize::redact(&text).into_owned()
    }
}

impl AssetPayError {
    /// The key for scripts (`INVALID_TOKEN`, …), or a kind for errors without one.
    pub fn key(&self) -> &str {
        match self {
            Self::Api(e) => e.key.as_str(),
            Self::InvalidResponse { .. } => "INVALID_RESPONSE",
            Self::Network(_) => "NETWORK",
            Self::Timeout => "TIMEOUT",
            Self::Redirected(_) => "REDIRECTED",
            Self::TooLarge(_) => "TOO_LARGE",
            Self::InvalidInput(_) => "INVALID_INPUT",
            Self::NotThisSale(_) => "NOT_THIS_SALE",
        }
    }
}

impl fmt::Display for ErrorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl crate::api::retry::Retryable for AssetPayError {
    /// The documented retryable keys, network failures, unexplained 5xx, and bodies that are
    /// not the API's (a proxy's error page, a cut-off answer): every call here is a read.
    fn is_transient(&self) -> bool {
        match self {
            Self::Api(e) => e.key.is_retryable() || (matches!(e.key, ErrorKey::Other(_)) && e.status >= 500),
            Self::Network(_) | Self::Timeout => true,
            Self::InvalidResponse { .. } => true,
            Self::Redirected(_) | Self::TooLarge(_) | Self::InvalidInput(_) | Self::NotThisSale(_) => false,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Api(e) => e.retry_after,
            _ => None,
        }
    }
}

pub(crate) fn transport_error(e: reqwest::Error) -> AssetPayError {
    if e.is_timeout() {
        return AssetPayError::Timeout;
    }
    AssetPayError::Network(crate::api::describe_transport_error(e))
}
