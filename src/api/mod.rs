//! Plain async clients for the markets. Nothing here knows about the UI: the same clients
//! serve the TUI's worker, the headless commands and the tests.

pub mod assetpay;
pub mod mannco;
pub mod rate_limit;
pub mod retry;

use std::time::Duration;

/// One shared HTTP client per market: connection reuse, gzip, and timeouts that turn a hung
/// server into an error instead of a frozen spinner.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!("tradedeck/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// Parses a `Retry-After` header: delay-seconds or an HTTP date.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let format = time::format_description::well_known::Rfc2822;
    let when = time::OffsetDateTime::parse(value, &format).ok()?;
    let wait = when - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// A transport error as one line: the error and every cause, without the URL.
pub fn describe_transport_error(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(inner) = source {
        text = format!("{text}: {inner}");
        source = inner.source();
    }
    text
}
