//! Mannco's `{err, success, content}` errors as typed errors with a sentence for the trader.

use crate::money::Cents;
use std::time::Duration;

/// The documented business errors (HTTP 300) and login errors, recognised by their message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarketError {
    MissingParameters,
    InvalidIdsFormat,
    PriceTooHighOrInvalid,
    ItemNotFoundOrNotOwned,
    /// Over the item type's cap; the maximum when the message names it.
    PriceLimitExceeded {
        max: Option<Cents>,
    },
    TradeLocked,
    MissingIds,
    NoValidIds,
    ItemsNotFound,
    ItemsNotAvailable,
    MissingApiKey,
    InvalidApiKey,
    CountryBlocked,
    Other,
}

impl MarketError {
    pub fn from_message(message: &str) -> MarketError {
        let m = message.trim().to_ascii_lowercase();
        let starts = |p: &str| m.starts_with(p);
        match () {
            _ if starts("missing required parameters") => MarketError::MissingParameters,
            _ if starts("missing required parameter: ids") => MarketError::MissingIds,
            _ if starts("missing required parameter: apikey") => MarketError::MissingApiKey,
            _ if starts("invalid ids format") => MarketError::InvalidIdsFormat,
            _ if starts("price too high or invalid") => MarketError::PriceTooHighOrInvalid,
            _ if starts("item not found or not owned") => MarketError::ItemNotFoundOrNotOwned,
            _ if starts("price limit exceeded") => MarketError::PriceLimitExceeded { max: cap_in(message) },
            _ if starts("this item will be locked") => MarketError::TradeLocked,
            _ if starts("no valid item ids") => MarketError::NoValidIds,
            _ if starts("items not found") => MarketError::ItemsNotFound,
            _ if starts("items not available") => MarketError::ItemsNotAvailable,
            _ if starts("invalid api key") => MarketError::InvalidApiKey,
            _ if starts("country blocked") => MarketError::CountryBlocked,
            _ => MarketError::Other,
        }
    }

    /// Whether the error names one bad item rather than the whole request: a group that
    /// fails this way is worth splitting to find which item it was.
    pub fn is_about_one_item(&self) -> bool {
        matches!(
            self,
            MarketError::ItemNotFoundOrNotOwned | MarketError::PriceLimitExceeded { .. } | MarketError::TradeLocked
        )
    }

    pub fn sentence(&self) -> String {
        match self {
            MarketError::MissingParameters => "Mannco says the ids or the price were missing.".into(),
            MarketError::InvalidIdsFormat => "Mannco could not read the asset ids.".into(),
            MarketError::PriceTooHighOrInvalid => {
                "Mannco refused the price: it must be between $0.01 and $50,000.".into()
            }
            MarketError::ItemNotFoundOrNotOwned => {
                "An item does not exist, is not yours, or cannot be priced now.".into()
            }
            MarketError::PriceLimitExceeded { max: Some(max) } => {
                format!("The price is over this item's cap: at most {max}.")
            }
            MarketError::PriceLimitExceeded { max: None } => "The price is over this item's cap.".into(),
            MarketError::TradeLocked => "This CS item is still under Steam's 7-day trade hold.".into(),
            MarketError::MissingIds => "Mannco says no ids were given.".into(),
            MarketError::NoValidIds => "None of the ids is a valid item id.".into(),
            MarketError::ItemsNotFound => "An item does not exist or is not yours.".into(),
            MarketError::ItemsNotAvailable => "The items are in an active trade or already pending withdrawal.".into(),
            MarketError::MissingApiKey => "The Mannco login needs an API key.".into(),
            MarketError::InvalidApiKey => "Mannco refused the API key (MANNCO_API_KEY).".into(),
            MarketError::CountryBlocked => "Mannco blocks logins from this country.".into(),
            MarketError::Other => "Mannco reported an error.".into(),
        }
    }
}

/// The first number in a message, read as cents ("Price limit exceeded (max 250)"), or as
/// dollars when it has a decimal point ("max $2.50").
fn cap_in(message: &str) -> Option<Cents> {
    let start = message.find(|c: char| c.is_ascii_digit())?;
    let number: String = message[start..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let number = number.trim_end_matches('.');
    if number.contains('.') { Cents::parse_price(number).ok() } else { number.parse().ok().map(Cents) }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ManncoError {
    /// A business error: the market refused, nothing was applied.
    #[error("{} (Mannco: \"{message}\")", .kind.sentence())]
    Market { status: u16, kind: MarketError, message: String },
    #[error("Mannco refused the login (HTTP {status}): {message}. Check MANNCO_TOKEN or MANNCO_API_KEY.")]
    Unauthorized { status: u16, message: String },
    #[error("Too many requests to Mannco{}.", .retry_after.map(|d| format!(": retry after {}s", d.as_secs())).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    #[error("Mannco sent an invalid response (HTTP {status}): {}", crate::api::plain_detail(.detail))]
    InvalidResponse { status: u16, detail: String },
    #[error("could not reach Mannco: {0}")]
    Network(String),
    #[error("Mannco did not answer within {} s", crate::api::SILENCE_TIMEOUT.as_secs())]
    Timeout,
    /// A 3xx: not followed, so nothing was sent on to wherever it pointed.
    #[error("Mannco answered with an {0}")]
    Redirected(String),
    /// The answer was larger than tradedeck reads from this endpoint.
    #[error("Mannco's answer was larger than {}: not read further", crate::api::size_words(*.0))]
    TooLarge(u64),
    /// The request may have been applied: the connection failed after it was sent.
    #[error("outcome unknown: {0}. Re-read the lists before trying again.")]
    OutcomeUnknown(String),
    /// An unknown outcome that re-reading the market settled: nothing was applied. Carries
    /// the market's own words, when it gave some.
    #[error("not applied: {0}")]
    NotApplied(String),
    /// Refused before sending.
    #[error("{0}")]
    InvalidInput(String),
}

/// What an unknown outcome's reason says the market itself said ("Listing is paused for
/// maintenance"), or the reason without its "may have been applied", once re-reading the
/// market proved nothing was applied.
pub fn market_words(reason: &str) -> String {
    if let Some(start) = reason.find("(\"")
        && let Some(len) = reason[start + 2..].find("\")")
    {
        return reason[start + 2..start + 2 + len].to_string();
    }
    reason.split("; it may have been applied").next().unwrap_or(reason).trim().to_string()
}

impl ManncoError {
    pub fn market_kind(&self) -> Option<&MarketError> {
        match self {
            ManncoError::Market { kind, .. } => Some(kind),
            _ => None,
        }
    }
}

impl crate::api::retry::Retryable for ManncoError {
    /// Network failures, rate limits, server errors and bodies that are not the market's. A
    /// business refusal, a refused token (renewed separately) and an unknown outcome are not.
    fn is_transient(&self) -> bool {
        match self {
            ManncoError::Network(_) | ManncoError::Timeout | ManncoError::RateLimited { .. } => true,
            ManncoError::InvalidResponse { .. } => true,
            ManncoError::Market { status, .. } => *status >= 500,
            _ => false,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            ManncoError::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }
}

/// A money-moving call's error, retryable only when the market provably did not act on the
/// request: the connection never opened, it was refused for the rate limit, or the market
/// answered in its own envelope that it could not serve it (5xx). A bare 5xx is not here: it
/// became an unknown outcome.
pub struct NotSent(pub ManncoError);

impl std::fmt::Display for NotSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl crate::api::retry::Retryable for NotSent {
    /// Only what proves the market did not act: the connection never opened, or the
    /// documented rate limit (429). A 5xx, even in the market's envelope, may follow an
    /// applied change: that is an unknown outcome, reconciled, never resent blindly.
    fn is_transient(&self) -> bool {
        matches!(self.0, ManncoError::Network(_) | ManncoError::RateLimited { .. })
    }

    fn retry_after(&self) -> Option<Duration> {
        crate::api::retry::Retryable::retry_after(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_message_is_recognised() {
        let cases = [
            ("Missing required parameters", MarketError::MissingParameters),
            ("Invalid ids format", MarketError::InvalidIdsFormat),
            ("Price too high or invalid", MarketError::PriceTooHighOrInvalid),
            ("Item not found or not owned", MarketError::ItemNotFoundOrNotOwned),
            ("Price limit exceeded", MarketError::PriceLimitExceeded { max: None }),
            ("Price limit exceeded (max 250)", MarketError::PriceLimitExceeded { max: Some(Cents(250)) }),
            (
                "Price limit exceeded. Maximum allowed price: $2.50",
                MarketError::PriceLimitExceeded { max: Some(Cents(250)) },
            ),
            ("This item will be locked for 7 days", MarketError::TradeLocked),
            ("Missing required parameter: ids", MarketError::MissingIds),
            ("No valid item IDs provided", MarketError::NoValidIds),
            ("Items not found", MarketError::ItemsNotFound),
            ("Items not available for withdrawal", MarketError::ItemsNotAvailable),
            ("Missing required parameter: apiKey", MarketError::MissingApiKey),
            ("Invalid API key", MarketError::InvalidApiKey),
            ("Country blocked", MarketError::CountryBlocked),
            ("Something new", MarketError::Other),
        ];
        for (message, kind) in cases {
            assert_eq!(MarketError::from_message(message), kind, "{message}");
            assert!(kind.sentence().ends_with('.'));
        }
    }
}
