//! The command line: the TUI by default, headless commands for scripts, and the simulator.

pub mod assetpay;
pub mod common;
pub mod inventory;
pub mod journal;
pub mod ledger;
pub mod mannco;
pub mod mannco_price;
pub mod mannco_reprice;
pub mod mannco_select;
pub mod progress;
pub mod sim;
pub mod table;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "tradedeck",
    version,
    about = "A fast, keyboard-driven terminal app for Steam item traders: AssetPay inventory and offers, Mannco.store stock.",
    after_help = "Credentials come from the environment or the config file, never from flags:\n  ASSETPAY_CLIENT_TOKEN, or ASSETPAY_API_KEY with ASSETPAY_TRADE_URL; MANNCO_TOKEN or MANNCO_API_KEY.\nTry it without any: tradedeck --demo"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Browse a saved /client/inventory or /secure/inventory response instead of AssetPay
    /// (no credentials needed); search, sort and filters work as on the live inventory.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Settings for the whole run, given before a command (`tradedeck --config f.toml inventory`):
/// each command's own `--help` lists only what that command does.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run against the built-in simulated markets (no credentials needed); before a command:
    /// `tradedeck --demo inventory`.
    #[arg(long)]
    pub demo: bool,
    /// Items in the demo's CS2 inventory (Rust gets a quarter as many).
    #[arg(long, value_name = "N", default_value_t = crate::sim::DEFAULT_ITEMS)]
    pub demo_items: usize,
    /// Seed of the demo dataset: the same seed gives the same items.
    #[arg(long, value_name = "S", default_value_t = crate::sim::DEFAULT_SEED)]
    pub demo_seed: u64,
    /// Start the demo markets over: forget what earlier --demo commands listed, sold and
    /// withdrew (they are kept between commands otherwise).
    #[arg(long)]
    pub demo_reset: bool,
    /// Config file to read instead of $XDG_CONFIG_HOME/tradedeck/config.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// AssetPay base URL (else ASSETPAY_API_URL, else the config file, else https://api.assetpay.gg).
    #[arg(long, value_name = "URL")]
    pub assetpay_url: Option<String>,
    /// Mannco.store base URL (else MANNCO_API_URL, else the config file, else https://api.mannco.store).
    #[arg(long, value_name = "URL")]
    pub mannco_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the AssetPay inventory as an aligned table, or as one JSON document with --json.
    Inventory(inventory::InventoryArgs),
    /// AssetPay: sell items at their offer, and follow your trades.
    #[command(subcommand)]
    Assetpay(assetpay::AssetPayCommand),
    /// Mannco.store: listings, inventory, pricing and withdrawals.
    #[command(subcommand)]
    Mannco(mannco::ManncoCommand),
    /// The journal of every price and withdrawal sent, with outcomes; --reconcile settles unknown ones.
    Journal(journal::JournalArgs),
    /// What sold and bought, listed and withdrew, from the ledger (every journal and the
    /// markets' histories).
    History(ledger::HistoryArgs),
    /// Profit and loss: each sale's credit minus its cost, by sale, item, day or month, and
    /// what is held against what it cost.
    Pnl(ledger::PnlArgs),
    /// What the inventories were worth over time (a point per full read, one an hour at most).
    Value(ledger::ValueArgs),
    /// What items cost: from a CSV, or set for given items.
    #[command(subcommand)]
    Cost(ledger::CostCommand),
    /// The ledger file itself: rebuild it, or bring it up to date.
    #[command(subcommand)]
    Ledger(ledger::LedgerCommand),
    /// Run the simulated markets as a standalone HTTP server on loopback.
    Sim(sim::SimArgs),
}

impl Command {
    /// Whether stdout carries data for a program (JSON or CSV): then every line for a person,
    /// prompts included, goes to stderr.
    pub fn writes_data(&self) -> bool {
        let data = |format: Format, json: bool| Format::chosen(format, json) != Format::Table;
        match self {
            Command::Inventory(a) => data(a.format, a.json),
            Command::Assetpay(assetpay::AssetPayCommand::Sell(a)) => a.json,
            Command::Assetpay(assetpay::AssetPayCommand::Trades(a)) => a.json,
            Command::Mannco(mannco::ManncoCommand::OnSale(a) | mannco::ManncoCommand::Inventory(a)) => {
                data(a.format, a.json)
            }
            Command::Mannco(mannco::ManncoCommand::Price(a)) => a.json,
            Command::Mannco(mannco::ManncoCommand::Reprice(a)) => a.json,
            Command::Mannco(mannco::ManncoCommand::Withdraw(_)) => false,
            Command::Journal(a) => a.json,
            Command::History(a) => a.output.format() != Format::Table,
            Command::Pnl(a) => a.output.format() != Format::Table,
            Command::Value(a) => a.output.format() != Format::Table,
            Command::Cost(_) | Command::Ledger(_) => false,
            Command::Sim(_) => false,
        }
    }
}

/// How CSV cells go to stdout: formula cells neutralised unless `--raw`, and control
/// characters made harmless when stdout is a terminal (a market's name cannot set the
/// window title or the clipboard).
pub fn csv_cells(raw: bool) -> crate::export::Cells {
    use std::io::IsTerminal;
    crate::export::Cells { raw, terminal: std::io::stdout().is_terminal() }
}

/// The machine's UTC offset, read once at start (later, with threads running, it cannot be).
static LOCAL_OFFSET: std::sync::OnceLock<time::UtcOffset> = std::sync::OnceLock::new();

/// Reads the local UTC offset; call before any thread starts. UTC when it cannot be read.
pub fn remember_local_offset() {
    let _ = LOCAL_OFFSET.set(time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC));
}

/// The local time of day, "14:03:27", for lines a long-running command prints.
pub fn local_time() -> String {
    let offset = LOCAL_OFFSET.get().copied().unwrap_or(time::UtcOffset::UTC);
    let now = time::OffsetDateTime::now_utc().to_offset(offset);
    format!("{:02}:{:02}:{:02}", now.hour(), now.minute(), now.second())
}

/// How a headless list is printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// One JSON document with the API's own field names.
    Json,
    /// Comma-separated values with a header row, one row per item.
    Csv,
}

impl Format {
    /// `--json` is kept as a shorthand for `--format json`.
    pub fn chosen(format: Format, json: bool) -> Format {
        if json { Format::Json } else { format }
    }
}
