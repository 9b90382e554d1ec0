//! Client-side rate limits, per market and endpoint family, at the documented rates, so
//! tradedeck never causes a 429 itself. Work queues behind the limit; while it waits, the
//! wait is published so the status bar can say so.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::watch;

/// A wait in progress: which family, and until when.
#[derive(Clone, Debug, PartialEq)]
pub struct Wait {
    pub what: String,
    pub until: OffsetDateTime,
}

#[derive(Debug)]
pub struct RateLimits {
    market: &'static str,
    limiter: DefaultKeyedRateLimiter<String>,
    waits: watch::Sender<Option<Wait>>,
}

impl RateLimits {
    /// `per_minute` requests per minute for each endpoint family of `market`.
    pub fn per_minute(market: &'static str, per_minute: u32) -> Arc<RateLimits> {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Arc::new(RateLimits {
            market,
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_minute(n)),
            waits: watch::channel(None).0,
        })
    }

    /// Waits for a slot of `family` (e.g. `POST /inventory/price`).
    pub async fn acquire(&self, family: &str) {
        let key = family.to_string();
        loop {
            match self.limiter.check_key(&key) {
                Ok(()) => return,
                Err(not_until) => {
                    let wait = not_until.wait_time_from(DefaultClock::default().now()).max(Duration::from_millis(1));
                    let until = OffsetDateTime::now_utc() + wait;
                    tracing::info!(
                        market = self.market,
                        family,
                        wait_ms = wait.as_millis() as u64,
                        "waiting for the rate limit"
                    );
                    self.waits.send_replace(Some(Wait { what: format!("{} {family}", self.market), until }));
                    tokio::time::sleep(wait).await;
                    self.waits.send_replace(None);
                }
            }
        }
    }

    /// The current wait, as it changes.
    pub fn subscribe(&self) -> watch::Receiver<Option<Wait>> {
        self.waits.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn queues_past_the_limit_and_says_so() {
        let limits = RateLimits::per_minute("Test", 600);
        let mut waits = limits.subscribe();
        let start = std::time::Instant::now();
        for _ in 0..601 {
            limits.acquire("GET /x").await;
        }
        let waited = start.elapsed();
        assert!(waited >= Duration::from_millis(90), "the 601st request went out after {waited:?}");
        assert!(waits.has_changed().unwrap(), "the wait was not published");
        // Another family has its own budget.
        let start = std::time::Instant::now();
        limits.acquire("GET /y").await;
        assert!(start.elapsed() < Duration::from_millis(50));
        let _ = waits.borrow_and_update();
    }
}
