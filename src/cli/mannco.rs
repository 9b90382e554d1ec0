//! `tradedeck mannco …`: Mannco.store listings, inventory, pricing and withdrawals for scripts.
//! Money-moving commands show what will happen and ask first, unless `--yes`.

use super::table::{self, Align};
use crate::api::mannco::{self, AssetId, ItemPricing, ManncoClient, ManncoError, Row, game_label, state_label};
use crate::journal::Journal;
use crate::money::Cents;
use crate::trade::execute;
use crate::trade::pricing::{IDS_PER_CALL, PriceCall};
use clap::{Args, Subcommand};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
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
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print one JSON document: {"count", "items"} with the API's field names.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PriceArgs {
    /// Comma-separated asset ids.
    #[arg(long, value_name = "A,B,…")]
    pub ids: String,
    /// Price in dollars, $0.01 – $50,000.00.
    #[arg(long, value_name = "USD", conflicts_with = "cents", required_unless_present = "cents")]
    pub price: Option<String>,
    /// Price in cents, 1 – 5000000.
    #[arg(long, value_name = "CENTS", allow_negative_numbers = true)]
    pub cents: Option<String>,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// Comma-separated asset ids.
    #[arg(long, value_name = "A,B,…")]
    pub ids: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
}

impl PriceArgs {
    pub fn price(&self) -> Result<Cents, String> {
        match (&self.price, &self.cents) {
            (Some(dollars), _) => Cents::parse_price(dollars).map_err(|e| format!("--price: {e}")),
            (None, Some(cents)) => cents
                .trim()
                .parse::<i64>()
                .ok()
                .map(Cents)
                .filter(|c| c.is_valid_price())
                .ok_or_else(|| format!("--cents: \"{cents}\" is not a price in cents from 1 to 5000000")),
            (None, None) => Err("give --price in dollars or --cents".into()),
        }
    }
}

pub async fn run(command: ManncoCommand, client: ManncoClient) -> ExitCode {
    let result = match command {
        ManncoCommand::OnSale(args) => list(client.on_sale().await, args.json),
        ManncoCommand::Inventory(args) => list(client.on_inventory().await, args.json),
        ManncoCommand::Price(args) => price(args, &client).await,
        ManncoCommand::Withdraw(args) => withdraw(args, &client).await,
    };
    match result {
        Ok(code) => code,
        Err(Failure::Input(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Market(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    /// Refused before any request was sent.
    Input(String),
    Market(ManncoError),
}

impl From<ManncoError> for Failure {
    fn from(e: ManncoError) -> Self {
        Failure::Market(e)
    }
}

fn list(result: Result<mannco::Listing, ManncoError>, json: bool) -> Result<ExitCode, Failure> {
    let listing = result?;
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer(&mut out, &listing).map_err(std::io::Error::from).and_then(|_| writeln!(out))
    } else {
        out.write_all(render_rows(&listing.items).as_bytes())
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Input(format!("cannot write output: {e}")))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn render_rows(rows: &[Row]) -> String {
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
                state_label(r.state).to_string(),
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

/// What tradedeck knows about each requested id: its row, from the two lists.
async fn resolve(client: &ManncoClient, ids: &[AssetId]) -> Result<Vec<(AssetId, Row)>, Failure> {
    let mut by_id: HashMap<AssetId, Row> = HashMap::new();
    for listing in [client.on_sale().await?, client.on_inventory().await?] {
        for row in listing.items {
            for id in row.asset_ids() {
                by_id.insert(id, row.clone());
            }
        }
    }
    let unknown: Vec<String> = ids.iter().filter(|id| !by_id.contains_key(id)).map(u64::to_string).collect();
    if !unknown.is_empty() {
        return Err(Failure::Input(format!("not in your Mannco listings or inventory: {}", unknown.join(", "))));
    }
    Ok(ids.iter().map(|id| (*id, by_id[id].clone())).collect())
}

/// Refuses ids whose state forbids the action, naming each one and why.
fn refuse_unavailable(items: &[(AssetId, Row)], action: &str) -> Result<(), Failure> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let refused: Vec<String> = items
        .iter()
        .filter_map(|(id, row)| {
            let why = row.blocked_reason(now)?;
            Some(format!("{id} ({}): {why}", row.name))
        })
        .collect();
    if refused.is_empty() { Ok(()) } else { Err(Failure::Input(format!("cannot {action}: {}", refused.join("; ")))) }
}

async fn price(args: PriceArgs, client: &ManncoClient) -> Result<ExitCode, Failure> {
    let ids = mannco::parse_ids(&args.ids).map_err(|e| Failure::Input(format!("--ids: {e}")))?;
    let price = args.price().map_err(Failure::Input)?;
    let items = resolve(client, &ids).await?;
    refuse_unavailable(&items, "price")?;
    let item_ids: Vec<i64> = items.iter().map(|(_, r)| r.item_id).collect();
    let pricing = client.pricing(&dedup(item_ids)).await.unwrap_or_default();
    let lines = price_preview(&items, price, &pricing);
    println!("{lines}");
    let total = Cents(price.0 * ids.len() as i64);
    let question = format!("List {} item(s) at {price} each ({total} in all)?", ids.len());
    if !args.yes && !confirm(&question)? {
        println!("Nothing was sent.");
        return Ok(ExitCode::from(1));
    }
    let journal = open_journal()?;
    let balance_before = client.balance().await.ok();
    let calls = ids.chunks(IDS_PER_CALL).map(|c| PriceCall { price, ids: c.to_vec() }).collect();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    execute::submit_prices(client, &journal, calls, &tx).await;
    drop(tx);
    let (mut done, mut failures) = (vec![], vec![]);
    while let Some(report) = rx.recv().await {
        match report.result {
            Ok(()) => {
                if report.reconciled {
                    println!(
                        "{} item(s): the answer was lost; re-reading the market shows them priced.",
                        report.ids.len()
                    );
                }
                done.extend(report.ids);
            }
            Err(e) => failures.push((report.ids, e)),
        }
    }
    if !done.is_empty() {
        report_price_outcome(client, &done, price, balance_before).await;
    }
    for (ids, e) in &failures {
        let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
        eprintln!("error: {}: {e}", ids.join(","));
    }
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The journal every money-moving command writes to; without it nothing is sent.
fn open_journal() -> Result<Journal, Failure> {
    let path = Journal::default_path();
    Journal::open(&path)
        .map_err(|e| Failure::Input(format!("cannot open the journal {}: {e}; nothing was sent", path.display())))
}

/// Re-reads the listings to say, item by item, whether it is listed or was sold.
async fn report_price_outcome(client: &ManncoClient, ids: &[AssetId], price: Cents, balance_before: Option<Cents>) {
    let market = match execute::MarketSnapshot::read(client).await {
        Ok(market) => market,
        Err(e) => {
            println!("Priced {} item(s) at {price}; could not re-read the market to confirm each one: {e}", ids.len());
            return;
        }
    };
    for id in ids {
        match market.get(*id) {
            Some((1, Some(p))) if p == price => println!("{id}  listed at {price}"),
            Some((1, Some(p))) => println!("{id}  on sale at {p}"),
            Some((state, _)) => println!("{id}  {}", state_label(state)),
            None => println!("{id}  sold into a buy order: you receive {}", price.after_fee()),
        }
    }
    if let (Some(before), Ok(after)) = (balance_before, client.balance().await) {
        println!("Balance {before} → {after}");
    }
}

fn dedup(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn price_preview(items: &[(AssetId, Row)], price: Cents, pricing: &HashMap<i64, ItemPricing>) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|(id, row)| {
            let p = pricing.get(&row.item_id);
            let mut warnings = vec![];
            if let Some(order) = p.and_then(ItemPricing::best_buy_order).filter(|o| *o >= price) {
                warnings.push(format!("fills instantly (buy order {order})"));
            }
            if let Some(cap) = p.and_then(|p| p.price_limit).filter(|cap| price > *cap) {
                warnings.push(format!("over the item's cap {cap}"));
            }
            vec![
                id.to_string(),
                row.name.clone(),
                row.price.map(|c| c.to_string()).unwrap_or_else(|| "—".into()),
                price.to_string(),
                price.after_fee().to_string(),
                warnings.join("; "),
            ]
        })
        .collect();
    let headers = [
        ("Id", Align::Left),
        ("Name", Align::Left),
        ("Now", Align::Right),
        ("New", Align::Right),
        ("You receive", Align::Right),
        ("", Align::Left),
    ];
    let receive = Cents(price.after_fee().0 * items.len() as i64);
    format!(
        "{}You receive {receive} in all if every item sells (95%, after Mannco's 5% fee).",
        table::render(&headers, &rows)
    )
}

async fn withdraw(args: WithdrawArgs, client: &ManncoClient) -> Result<ExitCode, Failure> {
    let ids = mannco::parse_ids(&args.ids).map_err(|e| Failure::Input(format!("--ids: {e}")))?;
    let items = resolve(client, &ids).await?;
    refuse_unavailable(&items, "withdraw")?;
    for (id, row) in &items {
        println!("{id}  {}  ({})", row.name, state_label(row.state));
    }
    if !args.yes && !confirm(&format!("Withdraw {} item(s) to your Steam account?", ids.len()))? {
        println!("Nothing was sent.");
        return Ok(ExitCode::from(1));
    }
    let journal = open_journal()?;
    let (result, reconciled) = execute::withdraw(client, &journal, ids).await?;
    if reconciled {
        println!("The answer was lost; re-reading the market shows the outcome.");
    }
    println!("{}: updated {}, locked {}.", result.message, result.updated, result.locked);
    Ok(ExitCode::SUCCESS)
}

/// Asks on the terminal. Without one, `--yes` is required: scripts must say so explicitly.
fn confirm(question: &str) -> Result<bool, Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Input("no terminal to confirm on: add --yes to proceed".into()));
    }
    print!("{question} [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).map_err(|e| Failure::Input(e.to_string()))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}
