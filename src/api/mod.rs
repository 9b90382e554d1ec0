//! Plain async clients for the markets. Nothing here knows about the UI: the same clients
//! serve the TUI's worker, the headless commands and the tests.

pub mod assetpay;
pub mod mannco;
pub mod rate_limit;
pub mod retry;

use std::time::Duration;

/// How long a connection may take to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a server may stay silent: before its first byte, and between two.
pub const SILENCE_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one whole answer may take, body included (a whole inventory gets longer).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer read from an ordinary endpoint (lists, look-ups, a page): a thousand
/// times what the documented shapes need, and far below what would hurt.
pub const MAX_BODY: u64 = 32 << 20;

/// One shared HTTP client per market: connection reuse, gzip, and time limits that turn a
/// hung server into an error instead of a frozen spinner. Redirects are never followed: a
/// market's API does not redirect, a money call must not be replayed elsewhere, and a
/// credential must never reach another origin. A 3xx answer is an error that names where it
/// pointed.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!("tradedeck/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(SILENCE_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// A redirect answer (301, 302, 303, 307, 308), described with the origin it pointed to.
pub fn redirect_target(response: &reqwest::Response) -> Option<String> {
    if !matches!(response.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = response.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let target = match response.url().join(location) {
        Ok(url) => url.origin().ascii_serialization(),
        Err(_) => "an unreadable address".into(),
    };
    Some(format!(
        "HTTP {} redirect to {target}: tradedeck does not follow redirects, so nothing (no key, no request) was sent there",
        response.status().as_u16()
    ))
}

/// Why a body could not be read whole.
#[derive(Debug)]
pub enum BodyError {
    Transport(reqwest::Error),
    /// Larger than the limit (in bytes, decompressed): reading stopped there.
    TooLarge(u64),
}

/// Reads a body, decompressed, stopping with `TooLarge` past `limit` bytes so a hostile or
/// broken server (an endless stream, a compression bomb) cannot exhaust memory.
pub async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<bytes::Bytes, BodyError> {
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(BodyError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A size limit in words.
pub fn size_words(bytes: u64) -> String {
    format!("{} MB", bytes >> 20)
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

/// A decoding detail as a trader reads it: serde's positions ("at line 1 column 1") and the
/// like stay in the log, where the full detail is written.
pub fn plain_detail(detail: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut segment = String::new();
    for c in detail.chars() {
        match c {
            '(' => {
                if depth == 0 {
                    out.push_str(&segment);
                    segment.clear();
                }
                depth += 1;
                segment.push(c);
            }
            ')' if depth > 0 => {
                depth -= 1;
                segment.push(c);
                if depth == 0 {
                    if !(segment.contains(" line ") && segment.contains(" column ")) {
                        out.push_str(&segment);
                    }
                    segment.clear();
                }
            }
            _ => segment.push(c),
        }
    }
    out.push_str(&segment);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_details_keep_the_reason_and_drop_serde_positions() {
        assert_eq!(
            super::plain_detail("not the market's envelope (expected value at line 1 column 1)"),
            "not the market's envelope"
        );
        assert_eq!(
            super::plain_detail("not JSON (more than 1024 KiB around the inventory)"),
            "not JSON (more than 1024 KiB around the inventory)"
        );
    }
}
