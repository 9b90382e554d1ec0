//! Logs go to a file under the data dir, never to the screen. `RUST_LOG` sets the level.
//! Every line passes through `sanitize::redact` on its way to the file, so a secret a server
//! echoes back is not logged even at trace level.

use std::io::Write;
use std::path::PathBuf;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// File logging, started; keep `guard` alive so the last lines are flushed on exit.
pub struct Logging {
    pub guard: WorkerGuard,
    pub path: PathBuf,
}

/// Starts file logging, or says why it is off (a read-only or missing data directory): that
/// never stops tradedeck, which tells the trader once and carries on without a log.
pub fn init() -> Result<Logging, String> {
    let dir = crate::config::data_dir();
    let path = dir.join("tradedeck.log");
    let file = std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::OpenOptions::new().create(true).append(true).open(&path))
        .map_err(|e| format!("logging is off: cannot write {} ({e})", path.display()))?;
    let (writer, guard) = tracing_appender::non_blocking(Redacting(file));
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|e| format!("logging is off: {e}"))?;
    Ok(Logging { guard, path })
}

/// A writer that redacts every secret tradedeck holds before the bytes reach the file.
struct Redacting<W>(W);

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(crate::sanitize::redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
