//! `tradedeck mannco …`: Mannco.store listings, inventory, pricing and withdrawals for scripts.
//! Money-moving commands show what will happen and ask first, unless `--yes`.

use super::common::{Failure, Trading, confirm, journal_checked, open_journal, until_answered, write_json, written};
use super::mannco_price::{self, PriceArgs};
use super::table::{self, Align};
use crate::api::mannco::{self, ManncoClient, ManncoError, Row, game_label};
use crate::trade::execute;
use crate::trade::snapshot::MarketSnapshot;
use clap::{Args, Subcommand};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
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
