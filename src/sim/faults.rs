//! Fault injection for the simulated markets, by seed: the failures real markets have, on
//! demand. `tradedeck sim --faults "transient=0.3,latency=20ms"` or `SimOptions::faults`.
//!
//! - `latency=DUR`: added to every request (`20ms`, `1s`);
//! - `post_latency=DUR`: added to POSTs only: a market slow to answer money calls;
//! - `transient=P`: the market's retryable errors (AssetPay's STEAM_UNAVAILABLE and kin, a
//!   Mannco 503), before anything is applied;
//! - `rate_limited=P`: HTTP 429 with `Retry-After: 1`, before anything is applied;
//! - `malformed=P`, `truncated=P`: reads answer 200 with a body that is not JSON, or cut short;
//! - `server_error=P`: HTTP 500 without the market's envelope, before anything is applied;
//! - `drop_after_apply=P`: POSTs are applied, then the connection drops before the answer;
//! - `error_after_apply=P`: POSTs are applied, then answered 500 without the market's envelope;
//! - `offer_change=P`: an AssetPay sale finds one of its items' offer moved (a few percent),
//!   and is refused with PRICE_CHANGED: the offer read before is no longer the offer;
//! - `seed=N`: which requests are hit.
//!
//! Every request is logged with its time, path, body and what was done to it.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    pub latency: Duration,
    pub post_latency: Duration,
    pub transient: f64,
    pub rate_limited: f64,
    pub malformed: f64,
    pub truncated: f64,
    pub server_error: f64,
    pub drop_after_apply: f64,
    pub error_after_apply: f64,
    pub offer_change: f64,
    pub seed: u64,
}

impl Faults {
    pub fn is_none(&self) -> bool {
        *self == Faults { seed: self.seed, ..Faults::default() }
    }
}

impl FromStr for Faults {
    type Err = String;

    fn from_str(spec: &str) -> Result<Self, String> {
        let mut f = Faults::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| format!("\"{part}\": expected name=value"))?;
            let rate = || match value.parse::<f64>() {
                Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
                _ => Err(format!("{key}: \"{value}\" is not a rate from 0 to 1")),
            };
            match key {
                "latency" | "post_latency" => {
                    let d =
                        parse_duration(value).ok_or_else(|| format!("{key}: \"{value}\" is not like 20ms or 1s"))?;
                    if key == "latency" { f.latency = d } else { f.post_latency = d }
                }
                "transient" => f.transient = rate()?,
                "rate_limited" => f.rate_limited = rate()?,
                "malformed" => f.malformed = rate()?,
                "truncated" => f.truncated = rate()?,
                "server_error" => f.server_error = rate()?,
                "drop_after_apply" => f.drop_after_apply = rate()?,
                "error_after_apply" => f.error_after_apply = rate()?,
                "offer_change" => f.offer_change = rate()?,
                "seed" => f.seed = value.parse().map_err(|_| format!("seed: \"{value}\" is not a number"))?,
                other => return Err(format!("unknown fault \"{other}\"")),
            }
        }
        Ok(f)
    }
}

fn parse_duration(text: &str) -> Option<Duration> {
    if let Some(ms) = text.strip_suffix("ms") {
        return ms.parse().ok().map(Duration::from_millis);
    }
    text.strip_suffix('s').unwrap_or(text).parse::<f64>().ok().filter(|s| *s >= 0.0).map(Duration::from_secs_f64)
}

/// One request as the simulator saw it.
#[derive(Clone, Debug)]
pub struct LoggedRequest {
    pub at: Instant,
    pub method: Method,
    pub path: String,
    pub body: Bytes,
    pub status: u16,
    /// The fault injected, if any.
    pub fault: Option<&'static str>,
}

pub struct FaultLayer {
    /// Print each request on stdout as it is answered (`tradedeck sim --log-requests`).
    pub echo: std::sync::atomic::AtomicBool,
    faults: Mutex<Faults>,
    rng: Mutex<ChaCha8Rng>,
    log: Mutex<Vec<LoggedRequest>>,
    /// POSTs that have reached the market so far, counted on arrival (before any latency).
    posts: tokio::sync::watch::Sender<u64>,
}

impl FaultLayer {
    pub fn new(faults: Faults) -> Self {
        let rng = ChaCha8Rng::seed_from_u64(faults.seed);
        let (faults, rng) = (Mutex::new(faults), Mutex::new(rng));
        FaultLayer { echo: Default::default(), faults, rng, log: Mutex::default(), posts: Default::default() }
    }

    /// Resolves once `n` POSTs have reached the market, answered or not: a test's signal that
    /// a money call is in the air.
    pub async fn posts_arrived(&self, n: u64) {
        let _ = self.posts.subscribe().wait_for(|seen| *seen >= n).await;
    }

    /// Changes the faults of a running simulator (tests turn them on and off).
    pub fn set(&self, faults: Faults) {
        *self.rng.lock().unwrap_or_else(|e| e.into_inner()) = ChaCha8Rng::seed_from_u64(faults.seed);
        *self.faults.lock().unwrap_or_else(|e| e.into_inner()) = faults;
    }

    pub fn log(&self) -> Vec<LoggedRequest> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether an AssetPay sale meets a moved offer now (`offer_change`).
    pub fn offer_moves(&self) -> bool {
        let rate = self.faults.lock().unwrap_or_else(|e| e.into_inner()).offer_change;
        self.roll(rate)
    }

    fn roll(&self, rate: f64) -> bool {
        rate > 0.0 && self.rng.lock().unwrap_or_else(|e| e.into_inner()).random_bool(rate.min(1.0))
    }
}

/// The middleware: decides a request's fate before and after the market handles it.
pub async fn inject(State(layer): State<Arc<FaultLayer>>, request: Request, next: Next) -> Response {
    let faults = layer.faults.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
    let (method, path) = (parts.method.clone(), parts.uri.path().to_string());
    if method == Method::POST {
        layer.posts.send_modify(|n| *n += 1);
    }
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    let is_post = method == Method::POST;
    if is_post && !faults.post_latency.is_zero() {
        tokio::time::sleep(faults.post_latency).await;
    }
    let mannco = !path.starts_with("/client") && !path.starts_with("/secure");
    let before = if layer.roll(faults.transient) {
        Some(("transient", transient(mannco)))
    } else if layer.roll(faults.rate_limited) {
        Some(("rate_limited", rate_limited(mannco)))
    } else if layer.roll(faults.server_error) {
        Some(("server_error", (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()))
    } else {
        None
    };
    let (fault, response) = match before {
        Some((fault, response)) => (Some(fault), response),
        None => {
            let response = next.run(Request::from_parts(parts, Body::from(body.clone()))).await;
            if is_post && layer.roll(faults.drop_after_apply) {
                (Some("drop_after_apply"), dropped_connection(response.status()))
            } else if is_post && layer.roll(faults.error_after_apply) {
                let page = (StatusCode::INTERNAL_SERVER_ERROR, "<html><body>Internal Server Error</body></html>");
                (Some("error_after_apply"), page.into_response())
            } else if !is_post && layer.roll(faults.malformed) {
                (Some("malformed"), (StatusCode::OK, "<html><body>upstream hiccup</body></html>").into_response())
            } else if !is_post && layer.roll(faults.truncated) {
                (Some("truncated"), truncate(response).await)
            } else {
                (None, response)
            }
        }
    };
    let entry = LoggedRequest { at: Instant::now(), method, path, body, status: response.status().as_u16(), fault };
    if layer.echo.load(std::sync::atomic::Ordering::Relaxed) {
        let now = time::OffsetDateTime::now_utc();
        let fault = entry.fault.map(|f| format!("  fault: {f}")).unwrap_or_default();
        println!(
            "{:02}:{:02}:{:02}.{:03} {} {} → {}{fault}",
            now.hour(),
            now.minute(),
            now.second(),
            now.millisecond(),
            entry.method,
            entry.path,
            entry.status
        );
    }
    layer.log.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
    response
}

fn transient(mannco: bool) -> Response {
    if mannco {
        let body = json!({"err": true, "success": false, "content": "Service temporarily unavailable"});
        return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response();
    }
    let body = json!({"requestId": "req_fault", "success": false,
        "error": {"code": 31, "key": "STEAM_UNAVAILABLE", "message": "Steam is temporarily unavailable"}});
    (StatusCode::FAILED_DEPENDENCY, axum::Json(body)).into_response()
}

fn rate_limited(mannco: bool) -> Response {
    let body = if mannco {
        json!({"err": true, "success": false, "content": "Too many requests, retry after 1 seconds"})
    } else {
        json!({"requestId": "req_fault", "success": false, "error": {"key": "RATE_LIMITED", "message": "Too many requests"}})
    };
    let mut response = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
    response.headers_mut().insert("retry-after", HeaderValue::from_static("1"));
    response
}

/// The answer's headers go out, then the body fails: the client sees the connection drop
/// after its request was applied.
fn dropped_connection(status: StatusCode) -> Response {
    let failing =
        futures::stream::once(async { Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped")) });
    (status, Body::from_stream(failing)).into_response()
}

async fn truncate(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    let mut response = Response::from_parts(parts, Body::from(cut));
    response.headers_mut().remove("content-length");
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_spec_and_refuses_nonsense() {
        let f: Faults = "latency=20ms, transient=0.3,drop_after_apply=0.5,seed=7".parse().unwrap();
        assert_eq!((f.latency, f.transient, f.drop_after_apply, f.seed), (Duration::from_millis(20), 0.3, 0.5, 7));
        assert_eq!("latency=1.5s".parse::<Faults>().unwrap().latency, Duration::from_millis(1500));
        for bad in ["transient=2", "nope=1", "latency=fast", "transient"] {
            assert!(bad.parse::<Faults>().is_err(), "{bad}");
        }
    }
}
