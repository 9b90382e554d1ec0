//! `tradedeck mannco …`: Mannco.store listings, inventory, pricing and withdrawals for scripts.
//! Money-moving commands show what will happen and ask first, unless `--yes`.

use super::mannco_price::{self, PriceArgs};
use super::table::{self, Align};
use crate::api::mannco::{self, ManncoClient, ManncoError, Row, game_label};
use crate::journal::Journal;
use crate::trade::execute;
use crate::trade::guards::Guards;
use crate::trade::snapshot::MarketSnapshot;
use clap::{Args, Subcommand};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ManncoCommand {
    /// Your listings (items on sale), as a table or --json.
    OnSale(ListArgs),
    /// Your items that are not listed, as a table or --json.
    Inventory(ListArgs),
    /// List items at a price; items under a buy order at or above it sell at once.
    Price(PriceArgs),
    /// Send items to your Steam account.
    Withdraw(WithdrawArgs),
    /// Re-price your listings by your rules (rules.toml), once or every --watch interval.
    Reprice(super::mannco_reprice::RepriceArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print one JSON document: {"count", "items"} with the API's field names (same as
    /// --format json).
    #[arg(long)]
    pub json: bool,
    /// table, json or csv (one row per group of identical items).
    #[arg(long, value_enum, default_value_t = super::Format::Table)]
    pub format: super::Format,
    /// With --format csv: every cell exactly as sent, without the leading ' that keeps a cell
    /// starting with = + - @ from running as a spreadsheet formula.
    #[arg(long)]
    pub raw: bool,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    #[command(flatten)]
    pub select: super::mannco_select::SelectArgs,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
}

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

pub async fn run(command: ManncoCommand, client: ManncoClient, trading: Trading) -> ExitCode {
    let result = match command {
        ManncoCommand::OnSale(args) => {
            let listing = client.on_sale().await;
            if let Ok(listing) = &listing {
                // A full read of the listings: a value point in the ledger.
                let account = crate::ledger::journal_account(&trading.journal.resolve(&client).await).1;
                let at = time::OffsetDateTime::now_utc().unix_timestamp();
                let point = crate::ledger::ValuePoint::of_mannco_listed(account, &listing.items, at);
                let ledger = trading.ledger.clone();
                let _ = tokio::task::spawn_blocking(move || point.record_at(&ledger)).await;
            }
            list(listing, super::Format::chosen(args.format, args.json), args.raw)
        }
        ManncoCommand::Inventory(args) => {
            list(client.on_inventory().await, super::Format::chosen(args.format, args.json), args.raw)
        }
        ManncoCommand::Price(args) => match args.checked() {
            Err(e) => Err(Failure::Input(e)),
            Ok(()) => {
                let journal = trading.journal.resolve(&client).await;
                mannco_price::run(args, &client, &journal, trading.guards).await
            }
        },
        ManncoCommand::Withdraw(args) => match args.select.parsed_ids() {
            Err(e) => Err(Failure::Input(e)),
            Ok(_) => {
                let journal = trading.journal.resolve(&client).await;
                withdraw(args, &client, &journal).await
            }
        },
        ManncoCommand::Reprice(args) => super::mannco_reprice::run(args, &client, &trading).await,
    };
    match result {
        Ok(code) => code,
        Err(Failure::Input(e)) => {
            crate::say_err!("error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Market(e)) => {
            crate::say_err!("error: {e}");
            ExitCode::from(1)
        }
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

fn list(result: Result<mannco::Listing, ManncoError>, format: super::Format, raw: bool) -> Result<ExitCode, Failure> {
    let listing = result?;
    for why in &listing.skipped {
        crate::say_err!("note: a row was skipped, unreadable: {why}; the rest is shown.");
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let stdout = || std::io::stdout().lock();
    match format {
        super::Format::Json => write_json(&listing)?,
        super::Format::Csv => {
            let rows = listing.items.iter().map(|r| crate::export::mannco_row(r, now));
            let cells = super::csv_cells(raw);
            written(crate::export::write_csv_as(stdout(), &crate::export::MANNCO_HEADER, rows, cells))?;
        }
        super::Format::Table => written(stdout().write_all(render_rows(&listing.items, now).as_bytes()))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// One JSON document on one line of stdout.
pub fn write_json(value: &impl Serialize) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    written(serde_json::to_writer(&mut out, value).map_err(std::io::Error::from).and_then(|_| writeln!(out)))
}

/// A write to stdout: a closed pipe (`| head`) is not worth a message, anything else is.
fn written(result: std::io::Result<()>) -> Result<(), Failure> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Input(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

fn render_rows(rows: &[Row], now: i64) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.effect().unwrap_or("").to_string(),
                r.item_type.clone().unwrap_or_default(),
                game_label(r.game),
                r.quantity().to_string(),
                r.price.map(|p| p.to_string()).unwrap_or_default(),
                r.status(now),
                r.ids.clone(),
            ]
        })
        .collect();
    let headers = [
        ("Name", Align::Left),
        ("Effect", Align::Left),
        ("Type", Align::Left),
        ("Game", Align::Left),
        ("Count", Align::Right),
        ("Price", Align::Right),
        ("State", Align::Left),
        ("Ids", Align::Left),
    ];
    let items: u64 = rows.iter().map(|r| u64::from(r.quantity())).sum();
    format!("{}\n{} rows · {} items\n", table::render(&headers, &cells), rows.len(), items)
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

async fn withdraw(args: WithdrawArgs, client: &ManncoClient, journal_path: &Path) -> Result<ExitCode, Failure> {
    let typed = args.select.parsed_ids().map_err(Failure::Input)?;
    let snapshot = MarketSnapshot::read(client).await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let picked = args.select.pick(&snapshot, typed.as_deref()).map_err(Failure::Input)?;
    let ids: Vec<mannco::AssetId> = picked.iter().map(|(id, _)| *id).collect();
    let (mut names, mut refused) = (HashMap::new(), vec![]);
    for (id, row) in &picked {
        match row.blocked_reason(now) {
            Some(why) => refused.push(format!("{id} ({}): {why}", row.name)),
            None => {
                names.insert(*id, row.name.clone());
            }
        }
    }
    if !refused.is_empty() {
        return Err(Failure::Input(format!("cannot withdraw: {}; nothing was sent", refused.join("; "))));
    }
    for id in &ids {
        crate::say!("{id}  {}", names[id]);
    }
    if !args.yes && !confirm(&format!("Withdraw {} item(s) to your Steam account?", ids.len()))? {
        crate::say_err!("Nothing was sent.");
        return Ok(ExitCode::from(2));
    }
    let journal = open_journal(journal_path)?;
    let (result, reconciled) = match until_answered(execute::withdraw(client, &journal, ids, &names), &journal).await {
        Ok(answered) => answered?,
        Err(code) => return Ok(code),
    };
    if reconciled {
        crate::say!("The answer was lost; re-reading the market shows the outcome.");
    }
    crate::say!("{}: updated {}, locked {}.", result.message, result.updated, result.locked);
    Ok(journal_checked(&journal, ExitCode::SUCCESS))
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
