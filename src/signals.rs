//! The signals that ask tradedeck to stop (SIGINT, SIGTERM, SIGHUP), as one stream. Whoever
//! holds a `Signals` decides what stopping means: the TUI waits for money calls in flight, a
//! headless command waits too and stops waiting on the second signal.

pub struct Signals {
    #[cfg(unix)]
    streams: Vec<tokio::signal::unix::Signal>,
}

impl Signals {
    pub fn new() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let kinds = [SignalKind::terminate(), SignalKind::hangup(), SignalKind::interrupt()];
            Ok(Signals { streams: kinds.into_iter().map(signal).collect::<Result<_, _>>()? })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    pub async fn next(&mut self) {
        #[cfg(unix)]
        {
            let waits = self.streams.iter_mut().map(|s| Box::pin(s.recv()));
            futures::future::select_all(waits).await;
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}
