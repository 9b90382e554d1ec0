//! A line on stderr that says how much of a long read has arrived, when stderr is a terminal
//! (scripts see nothing). It is cleared when dropped.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub struct Progress {
    counter: Arc<AtomicU64>,
    ticker: tokio::task::JoinHandle<()>,
}

impl Progress {
    /// Starts showing "`what`… N MB" every quarter second, or None when stderr is not a
    /// terminal.
    pub fn on_stderr(what: &'static str) -> Option<Progress> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let counter = Arc::new(AtomicU64::new(0));
        let seen = counter.clone();
        let ticker = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_millis(250));
            loop {
                every.tick().await;
                let mb = seen.load(Ordering::Relaxed) as f64 / (1 << 20) as f64;
                let _ = write!(std::io::stderr(), "\r{what}… {mb:.1} MB");
            }
        });
        Some(Progress { counter, ticker })
    }

    /// The byte counter the reader adds to.
    pub fn counter(&self) -> Arc<AtomicU64> {
        self.counter.clone()
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.ticker.abort();
        let _ = write!(std::io::stderr(), "\r\x1b[K");
    }
}
