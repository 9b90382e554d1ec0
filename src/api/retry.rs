//! One retry policy for reads: exponential backoff with jitter, honouring `Retry-After`,
//! bounded in attempts and in total wait. Money-moving calls never go through it: they are
//! retried only when the request provably never left (see `mannco::ManncoClient`).

use rand::Rng;
use std::future::Future;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base: Duration,
    pub max_delay: Duration,
    /// Give up rather than wait longer than this in total (a long `Retry-After` included):
    /// past it, the trader is better told than kept waiting.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    /// AssetPay's SDK retries twice with `min(4 s, 300 ms·2^attempt)`; tradedeck allows one
    /// more attempt within the same kind of bound.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base: Duration::from_millis(300),
            max_delay: Duration::from_secs(4),
            max_total_wait: Duration::from_secs(15),
        }
    }
}

impl RetryPolicy {
    /// Quick retries for tests against the simulator.
    pub const FAST: RetryPolicy = RetryPolicy {
        max_attempts: 4,
        base: Duration::from_millis(2),
        max_delay: Duration::from_millis(10),
        max_total_wait: Duration::from_millis(200),
    };

    /// No retries at all.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_attempts: 1,
        base: Duration::ZERO,
        max_delay: Duration::ZERO,
        max_total_wait: Duration::ZERO,
    };

    /// The wait before retry number `retry` (0-based): `min(max, base·2^retry)`, its second
    /// half jittered, or the server's `Retry-After` when that is longer.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self.base.saturating_mul(1u32.checked_shl(retry).unwrap_or(u32::MAX)).min(self.max_delay);
        let half = exp / 2;
        let jitter = if half.is_zero() { Duration::ZERO } else { rand::rng().random_range(Duration::ZERO..=half) };
        (half + jitter).max(retry_after.unwrap_or(Duration::ZERO))
    }
}

/// What the retry loop needs to know about an error.
pub trait Retryable {
    /// Whether trying again may succeed (a transient condition on the way or at the market).
    fn is_transient(&self) -> bool;
    /// The server's `Retry-After`, when it gave one.
    fn retry_after(&self) -> Option<Duration> {
        None
    }
}

/// No attempt starts after this long of trying: a silent server costs the trader at most
/// this, plus one attempt's own time limit (`SILENCE_TIMEOUT`), not four of them.
pub const MAX_TRYING: Duration = Duration::from_secs(30);

/// Runs `call` until it succeeds, fails for good, or the policy's bounds are reached.
pub async fn with_retry<T, E, F, Fut>(policy: RetryPolicy, what: &str, mut call: F) -> Result<T, E>
where
    E: Retryable + std::fmt::Display,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut waited = Duration::ZERO;
    let mut attempt = 1;
    let started = tokio::time::Instant::now();
    loop {
        match call().await {
            Err(e) if e.is_transient() && attempt < policy.max_attempts => {
                let delay = policy.delay(attempt - 1, e.retry_after());
                // Saturating: a market's `Retry-After` may be any number.
                if waited.saturating_add(delay) > policy.max_total_wait
                    || started.elapsed().saturating_add(delay) >= MAX_TRYING
                {
                    tracing::warn!(what, attempt, "giving up: the next wait would pass the bound: {e}");
                    return Err(e);
                }
                tracing::info!(what, attempt, delay_ms = delay.as_millis() as u64, "transient failure, retrying: {e}");
                tokio::time::sleep(delay).await;
                waited = waited.saturating_add(delay);
                attempt += 1;
            }
            result => return result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[derive(Debug)]
    struct Flaky(bool, Option<Duration>);
    impl std::fmt::Display for Flaky {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "flaky")
        }
    }
    impl Retryable for Flaky {
        fn is_transient(&self) -> bool {
            self.0
        }
        fn retry_after(&self) -> Option<Duration> {
            self.1
        }
    }

    fn fast() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base: Duration::from_millis(1),
            max_delay: Duration::from_millis(4),
            max_total_wait: Duration::from_secs(1),
        }
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let p = RetryPolicy::default();
        for retry in 0..10 {
            let d = p.delay(retry, None);
            let exp = (p.base * 2u32.pow(retry.min(10))).min(p.max_delay);
            assert!(d >= exp / 2 && d <= exp, "{retry}: {d:?}");
        }
        assert_eq!(p.delay(0, Some(Duration::from_secs(3))), Duration::from_secs(3));
    }

    #[tokio::test]
    async fn retries_transient_errors_until_success() {
        let calls = AtomicU32::new(0);
        let result: Result<u32, Flaky> = with_retry(fast(), "test", || async {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            if n < 2 { Err(Flaky(true, None)) } else { Ok(n) }
        })
        .await;
        assert_eq!(result.unwrap(), 2);
    }

    #[tokio::test]
    async fn stops_at_the_bounds_and_on_permanent_errors() {
        let calls = AtomicU32::new(0);
        let _: Result<(), Flaky> = with_retry(fast(), "test", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(Flaky(true, None))
        })
        .await;
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        let calls = AtomicU32::new(0);
        let _: Result<(), Flaky> = with_retry(fast(), "test", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(Flaky(false, None))
        })
        .await;
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let calls = AtomicU32::new(0);
        let _: Result<(), Flaky> = with_retry(fast(), "test", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(Flaky(true, Some(Duration::from_secs(60))))
        })
        .await;
        assert_eq!(calls.load(Ordering::SeqCst), 1, "a Retry-After past the bound is not waited out");
        // Two 429s, the second with the largest Retry-After there is: no overflow, no panic.
        let calls = AtomicU32::new(0);
        let result: Result<(), Flaky> = with_retry(fast(), "test", || async {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            Err(Flaky(true, Some(if n == 0 { Duration::from_millis(1) } else { Duration::MAX })))
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
