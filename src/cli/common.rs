//! What the money-moving commands share: where the journal is, how a failure is told apart
//! from a refusal, output that survives a closed pipe, waiting out signals while calls are in
//! flight, and asking on the terminal.

use crate::api::mannco::{ManncoClient, ManncoError};
use crate::journal::Journal;
use crate::trade::guards::Guards;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the account's journal lives and what every money move must pass.
pub struct Trading {
    /// Where the account's journal is, once the market has said which account it is.
    pub journal: JournalPlace,
    pub guards: Guards,
    /// `[trading] notify_url`, for re-pricing's notifications.
    pub notify_url: Option<crate::secret::Secret>,
    /// The default rules file, when there is a config directory.
    pub rules: Option<std::path::PathBuf>,
    /// The ledger, where a full read of the listings keeps a value point.
    pub ledger: std::path::PathBuf,
}

/// The account's journal: named after the Steam account the market names (so a token and an
/// API key of one account share it), else after the credential. Resolved only once a command
/// has checked its input, so input refused before sending sends nothing at all.
pub struct JournalPlace {
    pub config: crate::config::Config,
}

impl JournalPlace {
    pub async fn resolve(&self, client: &ManncoClient) -> PathBuf {
        let account = if self.config.demo {
            None
        } else {
            tokio::time::timeout(std::time::Duration::from_secs(10), client.account()).await.ok().flatten()
        };
        self.config.mannco_journal_path(account.as_deref())
    }
}

pub enum Failure {
    /// Refused before any request was sent.
    Input(String),
    Market(ManncoError),
}

impl From<ManncoError> for Failure {
    fn from(e: ManncoError) -> Self {
        Failure::Market(e)
    }
}

/// One JSON document on one line of stdout.
pub fn write_json(value: &impl Serialize) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    written(serde_json::to_writer(&mut out, value).map_err(std::io::Error::from).and_then(|_| writeln!(out)))
}

/// A write to stdout: a closed pipe (`| head`) is not worth a message, anything else is.
pub fn written(result: std::io::Result<()>) -> Result<(), Failure> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Input(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Runs money calls to their end. A first SIGINT, SIGTERM or SIGHUP says what is in flight
/// and keeps waiting; a second stops waiting: what is unanswered is journaled as unknown and
/// the command ends with exit status 1.
pub async fn until_answered<T>(
    sending: impl std::future::Future<Output = T>,
    journal: &Journal,
) -> Result<T, ExitCode> {
    let mut signals = match crate::signals::Signals::new() {
        Ok(signals) => signals,
        Err(_) => return Ok(sending.await),
    };
    tokio::pin!(sending);
    let mut asked = false;
    loop {
        tokio::select! {
            done = &mut sending => return Ok(done),
            _ = signals.next() => {
                if asked {
                    let n = journal.abandon_open("stopped before the market answered").unwrap_or_else(|_| journal.open_count());
                    crate::say_err!("Stopped: {n} call(s) were sent but not answered; their outcome is unknown.");
                    crate::say_err!("Run `tradedeck journal --reconcile` to find out what the market did.");
                    return Err(ExitCode::from(1));
                }
                asked = true;
                crate::say_err!(
                    "Waiting for the market to answer the calls in flight ({} open). Press Ctrl-C again to stop waiting; their outcome will then be unknown.",
                    journal.open_count()
                );
            }
        }
    }
}

/// A command that sent money ends here: when the journal could not take an outcome after a
/// call was sent, that is said on stderr and the exit status is 1, whatever else happened.
pub fn journal_checked(journal: &Journal, code: ExitCode) -> ExitCode {
    match journal.unwritten() {
        0 => code,
        n => {
            crate::say_err!(
                "error: the journal {} could not record {n} outcome(s) after the calls were sent: its record is incomplete; `tradedeck journal --reconcile` settles it once it can be written.",
                journal.path().display()
            );
            ExitCode::from(1)
        }
    }
}

/// The journal every money-moving command writes to; without it nothing is sent.
pub fn open_journal(path: &Path) -> Result<Journal, Failure> {
    Journal::open(path)
        .map_err(|e| Failure::Input(format!("cannot open the journal {}: {e}; nothing was sent", path.display())))
}

/// Asks on the terminal. Without one, `--yes` is required: scripts must say so explicitly.
pub fn confirm(question: &str) -> Result<bool, Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Input("no terminal to confirm on: add --yes to proceed".into()));
    }
    crate::sanitize::print_safe(&format!("{} [y/N] ", crate::sanitize::for_terminal(question)));
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).map_err(|e| Failure::Input(e.to_string()))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}
