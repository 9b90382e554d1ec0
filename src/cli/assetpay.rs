//! `tradedeck assetpay sell` and `tradedeck assetpay trades`: selling to AssetPay from a script,
//! through the same engine (`trade::sell`) the screens will use: previewed, confirmed,
//! journaled before sending, and each sale's trade established, never guessed.

use super::common::{confirm, open_journal, write_json};
use super::table::{self, Align};
use crate::api::assetpay::{AssetPayClient, AssetPayError, Game, InventoryQuery, Item, Limit, SellRequest, Trade};
use crate::journal::Journal;
use crate::trade::index::InventoryIndex;
use crate::trade::sell::{self, SalePreview, SellOutcome};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum AssetPayCommand {
    /// Sell items to AssetPay at their current offer: preview, confirm, then one trade per
    /// basket of up to 250 items.
    Sell(SellArgs),
    /// Your AssetPay trades, newest first.
    Trades(TradesArgs),
}

#[derive(Debug, Args)]
pub struct SellArgs {
    /// Comma-separated item ids (the `id` column of `tradedeck inventory`).
    #[arg(long, value_name = "A,B,…", conflicts_with_all = ["search", "exact"], required_unless_present_any = ["search", "exact"])]
    pub ids: Option<String>,
    /// Every item matching every word, in any order, each the start of a word of the name,
    /// market hash name, exterior short form or a sticker (what `/` finds in the TUI).
    #[arg(long, value_name = "TEXT", conflicts_with = "exact")]
    pub search: Option<String>,
    /// Every item whose whole name (or market hash name) is NAME, case aside.
    #[arg(long, value_name = "NAME")]
    pub exact: Option<String>,
    /// Sell only N of the items matched (the first N).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub count: Option<u32>,
    /// The game: cs2 or rust.
    #[arg(long, value_name = "GAME", default_value = "cs2", value_parser = parse_game)]
    pub game: Game,
    /// Ask for instant delivery (sent explicitly either way).
    #[arg(long)]
    pub instant: bool,
    /// Print the preview and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// JSON lines on stdout: the preview, a new preview each time AssetPay's offers moved and
    /// you are asked again, then the outcome; one document per line, nothing else (every
    /// line for a person, and the questions, go to stderr).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TradesArgs {
    #[arg(long, value_name = "GAME", default_value = "cs2", value_parser = parse_game)]
    pub game: Game,
    /// One JSON document: the trades, newest first.
    #[arg(long)]
    pub json: bool,
    /// Then follow the trades in flight, every 5 s, printing each change of status, until
    /// none is in flight (or Ctrl-C).
    #[arg(long)]
    pub follow: bool,
}

fn parse_game(text: &str) -> Result<Game, String> {
    match text.to_ascii_lowercase().as_str() {
        "cs2" | "730" => Ok(Game::Cs2),
        "rust" | "252490" => Ok(Game::Rust),
        _ => Err("cs2 or rust".into()),
    }
}

pub async fn run(command: AssetPayCommand, client: AssetPayClient, journal: &Path) -> ExitCode {
    let result = match command {
        AssetPayCommand::Sell(args) => sell_command(args, &client, journal).await,
        AssetPayCommand::Trades(args) => trades(args, &client, journal).await,
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

enum Failure {
    /// Refused before anything was sent.
    Input(String),
    Market(AssetPayError),
}

impl From<AssetPayError> for Failure {
    fn from(e: AssetPayError) -> Self {
        Failure::Market(e)
    }
}

impl From<super::common::Failure> for Failure {
    fn from(e: super::common::Failure) -> Self {
        match e {
            super::common::Failure::Input(why) => Failure::Input(why),
            super::common::Failure::Market(e) => Failure::Input(e.to_string()),
        }
    }
}

async fn sell_command(args: SellArgs, client: &AssetPayClient, journal_path: &Path) -> Result<ExitCode, Failure> {
    let query = InventoryQuery { game: args.game, limit: Limit::All, ..Default::default() };
    let inventory = client.inventory_all(&query).await?.items.to_items();
    let mut chosen = choose(&args, &inventory)?;
    if chosen.is_empty() {
        return Err(Failure::Input("no item matches: nothing to sell".into()));
    }
    if let Some(n) = args.count {
        chosen.truncate(n as usize);
    }
    // Items already in a trade in flight are not offered again.
    let recent = match client.trades_page(args.game, None).await {
        Ok(page) => Some(page.items),
        Err(e) => {
            crate::say_err!("note: could not read your trades to check for items already in one: {e}");
            None
        }
    };
    let in_trades = recent.as_deref().map(sell::items_in_flight).unwrap_or_default();
    let preview = sell::preview(&chosen, &in_trades);
    let sales = preview.sales(args.game, args.instant);
    if args.json {
        write_json(&PreviewDoc::new(&preview, args.instant, args.dry_run))?;
    } else {
        crate::sanitize::print_safe(&render_preview(&preview, args.instant));
    }
    if sales.is_empty() {
        return Err(Failure::Input("AssetPay takes none of these items now (see above); nothing was sent".into()));
    }
    if args.dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    // A client token's deposits are limited per account: checked before anything is sent.
    if let (crate::api::assetpay::Auth::Client { .. }, Some(recent)) = (client.auth(), &recent) {
        let now = time::OffsetDateTime::now_utc();
        sell::deposit_guard(recent, now, sales.len())
            .map_err(|why| Failure::Input(format!("{why} Nothing was sent.")))?;
    }
    let count: usize = sales.iter().map(|s| s.lines.len()).sum();
    let question = format!(
        "Sell {count} item(s) to AssetPay for {} ({})?",
        preview.total(),
        if args.instant { "instant" } else { "standard delivery" }
    );
    if !args.yes && !confirm(&question)? {
        crate::say_err!("Nothing was sent.");
        return Ok(ExitCode::from(2));
    }
    let journal = open_journal(journal_path)?;
    let outcomes = sell_all(client, &args, &journal, &preview, sales).await?;
    let settled = outcomes.iter().filter(|(_, o, replaced)| *replaced || matches!(o, SellOutcome::Sold { .. })).count();
    let shown: Vec<(String, SellOutcome)> = outcomes.iter().map(|(id, o, _)| (id.clone(), o.clone())).collect();
    if args.json {
        let _ = write_json(&OutcomeDoc::new(&shown));
    } else {
        crate::sanitize::print_safe(&render_outcomes(&shown));
    }
    if outcomes.iter().any(|(_, o, _)| matches!(o, SellOutcome::Unknown(_))) {
        crate::say_err!(
            "Some sales have an unknown outcome: `tradedeck journal` shows them; look again before selling those items."
        );
    }
    let code = if settled == outcomes.len() { ExitCode::SUCCESS } else { ExitCode::from(1) };
    Ok(super::common::journal_checked(&journal, code))
}

/// The items to sell: by id (every id must be there), by search, or by exact name.
fn choose(args: &SellArgs, inventory: &[Item]) -> Result<Vec<Item>, Failure> {
    let chosen = match (&args.ids, &args.search) {
        (Some(ids), _) => {
            let wanted: Vec<&str> = ids.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
            let missing: Vec<&str> =
                wanted.iter().copied().filter(|id| !inventory.iter().any(|i| i.id == *id)).collect();
            if !missing.is_empty() {
                return Err(Failure::Input(format!(
                    "not in your {} inventory: {}; nothing was sent",
                    args.game.label(),
                    missing.join(", ")
                )));
            }
            inventory.iter().filter(|i| wanted.contains(&i.id.as_str())).cloned().collect::<Vec<_>>()
        }
        (None, Some(text)) => {
            let store = crate::api::assetpay::ItemStore::from_items(inventory);
            let found = InventoryIndex::build(&store).search(text, None);
            found.matches.iter().filter_map(|&i| inventory.get(i as usize)).cloned().collect()
        }
        (None, None) => match &args.exact {
            Some(name) => {
                let name = name.trim().to_lowercase();
                let whole = |n: &Option<String>| n.as_deref().is_some_and(|n| n.to_lowercase() == name);
                inventory.iter().filter(|i| whole(&i.name) || whole(&i.market_hash_name)).cloned().collect()
            }
            None => vec![],
        },
    };
    Ok(chosen)
}

/// Sends the sales one after another, journaled; a sale refused for moved offers or
/// overstock is read again and asked again (at most `MAX_ASKED_AGAIN` times). Each outcome
/// comes with whether a later sale took its place.
async fn sell_all(
    client: &AssetPayClient,
    args: &SellArgs,
    journal: &Journal,
    preview: &SalePreview,
    sales: Vec<SellRequest>,
) -> Result<Vec<(String, SellOutcome, bool)>, Failure> {
    let names = preview.names();
    let mut queue: std::collections::VecDeque<SellRequest> = sales.into();
    // (externalId, outcome, whether a later sale, asked again, took its place)
    let mut outcomes: Vec<(String, SellOutcome, bool)> = vec![];
    let mut asked_again = 0;
    while let Some(sale) = queue.pop_front() {
        let outcome = crate::trade::sell_journal::sell_journaled(client, journal, &sale, &names).await;
        let mut replaced = false;
        if let Some(refusal) = sell::revisable(&outcome)
            && asked_again < MAX_ASKED_AGAIN
        {
            asked_again += 1;
            if let Some(next) = ask_again(client, args, &sale, refusal).await? {
                replaced = !next.is_empty();
                queue.extend(next);
            }
        }
        outcomes.push((sale.external_id.clone(), outcome, replaced));
    }
    Ok(outcomes)
}

/// Times a sale refused for moved offers or overstock is offered again in one run.
const MAX_ASKED_AGAIN: usize = 3;

/// After PRICE_CHANGED or ITEM_OVERSTOCKED: the items read again, the offers that moved
/// shown old → new, and the trader asked again. Never at a new price unasked: with --yes the
/// new offers are shown and not sold.
async fn ask_again(
    client: &AssetPayClient,
    args: &SellArgs,
    sale: &SellRequest,
    refusal: &AssetPayError,
) -> Result<Option<Vec<SellRequest>>, Failure> {
    let (preview, revised) = sell::revise_from_market(client, sale, refusal).await?;
    crate::say_err!("AssetPay refused the sale: {refusal}");
    for r in &revised {
        let new = r.new.map(|p| p.to_string()).unwrap_or_else(|| "no longer offered".into());
        crate::say_err!("  {}: {} → {new}", crate::sanitize::for_terminal(&r.name), r.old);
    }
    let next = preview.sales(args.game, args.instant);
    if next.is_empty() {
        crate::say_err!("Nothing of this sale can be offered again.");
        return Ok(None);
    }
    if args.json {
        // One more document: the preview at the new offers.
        write_json(&PreviewDoc::new(&preview, args.instant, args.dry_run))?;
    } else {
        crate::sanitize::print_safe(&render_preview(&preview, args.instant));
    }
    if args.yes {
        crate::say_err!("Not sold at the new offers without asking: run the command again to review them.");
        return Ok(None);
    }
    let question = format!("Sell at these offers, {} in all?", preview.total());
    Ok(confirm(&question)?.then_some(next))
}

fn render_preview(preview: &SalePreview, instant: bool) -> String {
    let rows: Vec<Vec<String>> = preview
        .lines
        .iter()
        .map(|l| {
            vec![
                l.name.clone(),
                l.amount.to_string(),
                l.price.map(|p| p.to_string()).unwrap_or_default(),
                l.refused.clone().map(|why| format!("not sold: {why}")).unwrap_or_else(|| "sell".into()),
                l.item_id.clone(),
            ]
        })
        .collect();
    let headers = [
        ("Item", Align::Left),
        ("Amount", Align::Right),
        ("Offer", Align::Right),
        ("", Align::Left),
        ("Id", Align::Left),
    ];
    let selling = preview.selling().count();
    format!(
        "{}\n{selling} of {} item(s) to sell for {} ({}).\n",
        table::render(&headers, &rows),
        preview.lines.len(),
        preview.total(),
        if instant { "instant" } else { "standard delivery" }
    )
}

fn render_outcomes(outcomes: &[(String, SellOutcome)]) -> String {
    let mut text = String::new();
    for (external_id, outcome) in outcomes {
        match outcome {
            SellOutcome::Sold { trade, how } => {
                text.push_str(&trade_line(trade));
                text.push_str(&format!("  ({})\n", how.describe()));
                for related in &trade.related_trades {
                    text.push_str(&format!("  split into {}\n", trade_line(related)));
                }
            }
            SellOutcome::Refused(e) => text.push_str(&format!("sale {external_id}: not sold: {e}\n")),
            SellOutcome::Unknown(e) => text.push_str(&format!(
                "sale {external_id}: outcome unknown ({e}); no trade with this reference was found\n"
            )),
        }
    }
    text
}

fn trade_line(trade: &Trade) -> String {
    let total = trade.total_price.map(|p| p.to_string()).unwrap_or_else(|| "?".into());
    let offer = trade.offer_id.as_deref().map(|o| format!(", Steam offer {o}")).unwrap_or_default();
    format!("trade {}: {} item(s), {total}, {}{offer}", trade.id, trade.items.len(), trade.status.label())
}

async fn trades(args: TradesArgs, client: &AssetPayClient, journal: &Path) -> Result<ExitCode, Failure> {
    let page = client.trades_page(args.game, None).await?;
    if args.json {
        write_json(&page.items.iter().map(TradeDoc::of).collect::<Vec<_>>())?;
        return Ok(ExitCode::SUCCESS);
    }
    let now = time::OffsetDateTime::now_utc();
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|t| {
            let hold = t
                .hold_end_date
                .map(|end| crate::trade::time_until(end, now).map_or("ended".into(), |left| format!("ends in {left}")))
                .unwrap_or_default();
            vec![
                t.id.clone(),
                t.status.label().to_string(),
                t.items.len().to_string(),
                t.total_price.map(|p| p.to_string()).unwrap_or_default(),
                t.pre_credit.map(|p| p.to_string()).unwrap_or_default(),
                t.offer_id.clone().unwrap_or_default(),
                hold,
            ]
        })
        .collect();
    let headers = [
        ("Trade", Align::Left),
        ("Status", Align::Left),
        ("Items", Align::Right),
        ("Total", Align::Right),
        ("Pre-credit", Align::Right),
        ("Steam offer", Align::Left),
        ("Hold", Align::Left),
    ];
    crate::sanitize::print_safe(&table::render(&headers, &rows));
    if args.follow {
        follow(client, args.game, page.items, journal).await?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the trades again every 5 s while any is in flight and prints each change of status.
async fn follow(client: &AssetPayClient, game: Game, mut trades: Vec<Trade>, journal: &Path) -> Result<(), Failure> {
    let mut signals = crate::signals::Signals::new().ok();
    let format = time::macros::format_description!("[hour]:[minute]:[second]");
    while trades.iter().any(|t| t.status.in_flight()) {
        let wait = tokio::time::sleep(std::time::Duration::from_secs(5));
        match &mut signals {
            Some(signals) => {
                tokio::select! {
                    _ = wait => {}
                    _ = signals.next() => return Ok(()),
                }
            }
            None => wait.await,
        }
        let now = client.trades_page(game, None).await?.items;
        let at = time::OffsetDateTime::now_utc().format(&format).unwrap_or_default();
        let changes = sell::status_changes(&trades, &now);
        for (id, old, new) in &changes {
            match old {
                Some(old) => crate::say!("{at}  {id}: {old} → {new}"),
                None => crate::say!("{at}  {id}: new, {new}"),
            }
        }
        // Each change seen is journaled with the sale it belongs to.
        if !changes.is_empty()
            && journal.exists()
            && let Err(e) = Journal::open(journal).and_then(|j| crate::trade::sell_journal::journal_statuses(&j, &now))
        {
            crate::say_err!("note: the journal could not record the trades' new statuses ({e})");
        }
        trades = now;
    }
    crate::say!("No trade is in flight.");
    Ok(())
}

#[derive(Serialize)]
struct PreviewDoc<'a> {
    kind: &'static str,
    dry_run: bool,
    instant: bool,
    total: crate::money::Usd,
    items: Vec<PreviewItem<'a>>,
}

#[derive(Serialize)]
struct PreviewItem<'a> {
    id: &'a str,
    name: &'a str,
    amount: u32,
    offer: Option<crate::money::Usd>,
    refused: Option<&'a str>,
}

impl<'a> PreviewDoc<'a> {
    fn new(preview: &'a SalePreview, instant: bool, dry_run: bool) -> Self {
        let items = preview
            .lines
            .iter()
            .map(|l| PreviewItem {
                id: &l.item_id,
                name: &l.name,
                amount: l.amount,
                offer: l.price,
                refused: l.refused.as_deref(),
            })
            .collect();
        PreviewDoc { kind: "preview", dry_run, instant, total: preview.total(), items }
    }
}

#[derive(Serialize)]
struct OutcomeDoc {
    kind: &'static str,
    sales: Vec<SaleDoc>,
}

#[derive(Serialize)]
struct SaleDoc {
    external_id: String,
    outcome: &'static str,
    established: Option<&'static str>,
    reason: Option<String>,
    trades: Vec<TradeDoc>,
}

#[derive(Serialize)]
struct TradeDoc {
    id: String,
    status: String,
    items: Vec<String>,
    total: Option<crate::money::Usd>,
    pre_credit: Option<crate::money::Usd>,
    offer_id: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    hold_end: Option<time::OffsetDateTime>,
}

impl TradeDoc {
    fn of(t: &Trade) -> TradeDoc {
        TradeDoc {
            id: t.id.clone(),
            status: t.status.label().to_string(),
            items: t.items.iter().map(|i| i.id.clone()).collect(),
            total: t.total_price,
            pre_credit: t.pre_credit,
            offer_id: t.offer_id.clone(),
            hold_end: t.hold_end_date,
        }
    }
}

impl OutcomeDoc {
    fn new(outcomes: &[(String, SellOutcome)]) -> Self {
        let sales = outcomes
            .iter()
            .map(|(external_id, outcome)| {
                let external_id = external_id.clone();
                match outcome {
                    SellOutcome::Sold { trade, how } => SaleDoc {
                        external_id,
                        outcome: "sold",
                        established: Some(how.describe()),
                        reason: None,
                        trades: std::iter::once(&**trade).chain(&trade.related_trades).map(TradeDoc::of).collect(),
                    },
                    SellOutcome::Refused(e) => SaleDoc {
                        external_id,
                        outcome: "refused",
                        established: None,
                        reason: Some(e.to_string()),
                        trades: vec![],
                    },
                    SellOutcome::Unknown(e) => SaleDoc {
                        external_id,
                        outcome: "unknown",
                        established: None,
                        reason: Some(e.to_string()),
                        trades: vec![],
                    },
                }
            })
            .collect();
        OutcomeDoc { kind: "outcome", sales }
    }
}
