//! `tradedeck journal`: every price, withdrawal and sale tradedeck sent, and what became of it:
//! the Mannco account's journal, then the AssetPay account's.

use super::table::{self, Align};
use crate::api::assetpay::AssetPayClient;
use crate::api::mannco::ManncoClient;
use crate::journal::Journal;
use crate::trade::execute;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct JournalArgs {
    /// Print one JSON document: a list of actions with their outcomes.
    #[arg(long)]
    pub json: bool,
    /// Settle actions whose outcome is unknown by re-reading the markets: Mannco's lists, and
    /// AssetPay's trades by each sale's reference (nothing is sent).
    #[arg(long)]
    pub reconcile: bool,
}

/// The configured accounts' journals, and the markets to reconcile them with.
pub struct Journals {
    pub mannco: std::path::PathBuf,
    /// The Steam account the market names for the Mannco credentials, when it could be read.
    pub mannco_account: Option<String>,
    /// Journals of the same account that earlier versions wrote (per credential, or the one
    /// `journal.jsonl`): listed and reconciled alongside.
    pub mannco_earlier: Vec<std::path::PathBuf>,
    pub mannco_client: Option<ManncoClient>,
    pub assetpay: std::path::PathBuf,
    pub assetpay_client: Option<AssetPayClient>,
}

/// Reads (and with --reconcile settles) both journals; the AssetPay one only when it exists.
pub async fn run_all(args: JournalArgs, journals: Journals) -> ExitCode {
    let Journals { mannco, mannco_account, mannco_earlier, mannco_client, assetpay, assetpay_client } = journals;
    let json = args.json;
    match &mannco_account {
        Some(id) => crate::say_err!(
            "Mannco account {id} (as the market names it: a token and an API key of this account share one journal)."
        ),
        None if mannco_client.is_some() => crate::say_err!(
            "The Mannco account could not be told from the market: its journal is keyed by the credential."
        ),
        None => {}
    }
    // Earlier versions' journals of this account: read (and reconciled) like the current one.
    let mut worst = ExitCode::SUCCESS;
    for path in &mannco_earlier {
        crate::say_err!("Also an earlier journal of this account: {}", path.display());
        let reconcile = args.reconcile && mannco_client.is_some();
        let code = run(JournalArgs { json, reconcile }, mannco_client.clone(), path).await;
        if code != ExitCode::SUCCESS {
            worst = code;
        }
    }
    if worst != ExitCode::SUCCESS {
        return worst;
    }
    if !assetpay.exists() {
        return run(args, mannco_client, &mannco).await;
    }
    if args.reconcile
        && let Some(client) = &assetpay_client
    {
        let settled = match Journal::open(&assetpay) {
            Ok(journal) => crate::trade::sell_journal::reconcile_sales(client, &journal).await,
            Err(e) => Err(e),
        };
        match settled {
            Ok(done) => crate::say_err!("{}", done.describe("AssetPay sale(s) found by their reference")),
            Err(e) => crate::say_err!("error: cannot reconcile {}: {e}", assetpay.display()),
        }
    }
    let first = if mannco.exists() || mannco_client.is_some() {
        run(JournalArgs { json, reconcile: args.reconcile && mannco_client.is_some() }, mannco_client, &mannco).await
    } else {
        ExitCode::SUCCESS
    };
    let second = run(JournalArgs { json, reconcile: false }, None, &assetpay).await;
    if first == ExitCode::SUCCESS { second } else { first }
}

/// Reads (and with --reconcile settles) the journal at `path`: the configured account's.
pub async fn run(args: JournalArgs, mannco: Option<ManncoClient>, path: &std::path::Path) -> ExitCode {
    let path = path.to_path_buf();
    if args.reconcile {
        let Some(client) = mannco else {
            crate::say_err!("error: --reconcile needs Mannco.store credentials (MANNCO_TOKEN or MANNCO_API_KEY)");
            return ExitCode::from(2);
        };
        let settled = match Journal::open(&path) {
            Ok(journal) => execute::reconcile_journal(&client, &journal).await,
            Err(e) => Err(e),
        };
        match settled {
            Ok(done) => crate::say_err!("{}", done.describe("action(s) reconciled with the market")),
            Err(e) => {
                crate::say_err!("error: cannot reconcile {}: {e}", path.display());
                return ExitCode::from(1);
            }
        }
    }
    let (entries, unreadable) = match Journal::read(&path) {
        Ok(read) => read,
        Err(e) => {
            crate::say_err!("error: cannot read {}: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    if unreadable > 0 {
        crate::say_err!("note: {unreadable} line(s) of {} could not be read", path.display());
    }
    if args.json {
        // One document per journal, on its own line.
        return match super::common::write_json(&entries) {
            Ok(()) => ExitCode::SUCCESS,
            Err(super::common::Failure::Input(e)) => {
                crate::say_err!("error: {e}");
                ExitCode::from(1)
            }
            Err(super::common::Failure::Market(e)) => {
                crate::say_err!("error: {e}");
                ExitCode::from(1)
            }
        };
    }
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let status = match e.awaited_by(&path) {
                Some(who) => format!("waiting for the market's answer ({who})"),
                None => e.status(),
            };
            vec![e.at.format(&format).unwrap_or_default(), e.id.clone(), e.action.describe(), status]
        })
        .collect();
    let headers = [("When (UTC)", Align::Left), ("Id", Align::Left), ("Action", Align::Left), ("Outcome", Align::Left)];
    crate::sanitize::print_safe(&table::render(&headers, &rows));
    let unknown = entries.iter().filter(|e| e.needs_reconciling()).count();
    crate::say!("");
    crate::say!("{} action(s) in {}; {unknown} without a known outcome.", entries.len(), path.display());
    ExitCode::SUCCESS
}
