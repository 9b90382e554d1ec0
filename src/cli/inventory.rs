//! `tradedeck inventory`: the AssetPay inventory for scripts, on the same client as the TUI.

use super::table::{self, Align};
use crate::api::assetpay::{AssetPayClient, Game, InventoryQuery, ItemsInOrder, Limit, Sort, StoredInventory};
use crate::money::Usd;
use crate::trade::index::{InventoryIndex, Order};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// Steam app id: 730 (CS2) or 252490 (Rust).
    #[arg(long, default_value_t = 730, value_parser = parse_game)]
    pub game: u32,
    /// Only items matching every word, in any order, each the start of a word of the name,
    /// market hash name, exterior short form (ft, mw…) or a sticker, blind to case, accents,
    /// ™ and ★: what `/` finds in the TUI (at most 100 characters).
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Lowest offer price to include, in USD (e.g. 10 or 12.50).
    #[arg(long, value_name = "USD")]
    pub min_price: Option<String>,
    /// Highest offer price to include, in USD.
    #[arg(long, value_name = "USD")]
    pub max_price: Option<String>,
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub page: u32,
    /// Items per page; -1 returns the whole inventory in one response.
    #[arg(long, allow_negative_numbers = true)]
    pub limit: Option<i64>,
    /// Fetch every page (in one request unless --limit is given).
    #[arg(long)]
    pub all: bool,
    /// Bypass AssetPay's 15-minute inventory cache.
    #[arg(long)]
    pub refresh: bool,
    /// For /secure: the trade URL of the account to read (overrides ASSETPAY_TRADE_URL).
    #[arg(long, value_name = "URL")]
    pub trade_url: Option<String>,
    /// Print one JSON document instead of a table (same as --format json).
    #[arg(long)]
    pub json: bool,
    /// table, json (the API's field names; --input reads it back) or csv (one row per item).
    #[arg(long, value_enum, default_value_t = super::Format::Table)]
    pub format: super::Format,
    /// With --format csv: every cell exactly as sent, without the leading ' that keeps a cell
    /// starting with = + - @ from running as a spreadsheet formula.
    #[arg(long)]
    pub raw: bool,
    /// Read a saved /client/inventory or /secure/inventory response instead of asking
    /// AssetPay; search, sort, price bounds and paging apply locally. No credentials needed.
    #[arg(long, value_name = "FILE")]
    pub input: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
#[value(rename_all = "camelCase")]
pub enum SortArg {
    Relevance,
    PriceAsc,
    PriceDesc,
    NameAsc,
    NameDesc,
}

impl From<SortArg> for Sort {
    fn from(s: SortArg) -> Sort {
        match s {
            SortArg::Relevance => Sort::Relevance,
            SortArg::PriceAsc => Sort::PriceAsc,
            SortArg::PriceDesc => Sort::PriceDesc,
            SortArg::NameAsc => Sort::NameAsc,
            SortArg::NameDesc => Sort::NameDesc,
        }
    }
}

fn parse_game(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|id| Game::from_app_id(*id).is_some())
        .ok_or_else(|| "must be 730 (CS2) or 252490 (Rust)".into())
}

impl InventoryArgs {
    /// The query these flags describe, or why they cannot be sent.
    pub fn query(&self) -> Result<InventoryQuery, String> {
        let price = |flag: &str, v: &Option<String>| -> Result<Option<Usd>, String> {
            v.as_deref().map(|t| Usd::parse_dollars(t).map_err(|e| format!("--{flag}: {e}"))).transpose()
        };
        let limit = match (self.limit, self.all) {
            (Some(n), _) => Limit::from_param(n).ok_or_else(|| {
                format!("--limit: {n} is not a page size (use a positive number, or -1 for everything)")
            })?,
            (None, true) => Limit::All,
            (None, false) => Limit::DEFAULT,
        };
        let query = InventoryQuery {
            game: Game::from_app_id(self.game).unwrap_or_default(),
            refresh: self.refresh,
            search: self.search.clone().filter(|s| !s.is_empty()),
            sort: self.sort.into(),
            min_price: price("min-price", &self.min_price)?,
            max_price: price("max-price", &self.max_price)?,
            page: self.page,
            limit,
        };
        query.validate().map_err(|e| e.to_string())?;
        Ok(query)
    }
}

/// The `--json` document: the API's own field names.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonOutput<'a> {
    count: u64,
    #[serde(serialize_with = "time::serde::rfc3339::option::serialize")]
    updated_at: Option<time::OffsetDateTime>,
    collateral: Usd,
    items: ItemsInOrder<'a>,
}

/// What the command prints: the items it read, and which of them to show in what order.
struct Shown {
    page: StoredInventory,
    order: Vec<u32>,
    /// Items matching the query (more than `order` holds when it is one page of them).
    count: u64,
}

impl Shown {
    /// Everything the server returned, in its order: it already applied the query.
    fn as_returned(page: StoredInventory) -> Self {
        Shown { order: (0..page.items.len() as u32).collect(), count: page.count, page }
    }
}

/// A whole inventory's value, into the ledger (one point an hour per account and game).
fn keep_value(value: &Option<ValueTarget>, page: &StoredInventory, query: &InventoryQuery) {
    if let Some(ValueTarget { account, ledger }) = value {
        let account = format!("{account}/{}", query.game.label().to_lowercase());
        let at = time::OffsetDateTime::now_utc().unix_timestamp();
        crate::ledger::ValuePoint::of_assetpay(account, &page.items, at).record_at(ledger);
    }
}

/// Where a whole read's value point is kept: the ledger, under the account's journal name.
pub struct ValueTarget {
    pub account: String,
    pub ledger: std::path::PathBuf,
}

pub async fn run(
    args: InventoryArgs,
    client: Option<AssetPayClient>,
    value: Option<ValueTarget>,
    max_items: usize,
) -> ExitCode {
    let query = match args.query() {
        Ok(q) => q,
        Err(e) => {
            crate::say_err!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match (&args.input, client) {
        (Some(path), _) => {
            crate::api::assetpay::read_saved(path, max_items).map(|page| apply_locally(page, &query, args.all))
        }
        // The server's search is a substring of the name; tradedeck's is the TUI's word
        // search. Read the whole inventory and search it here, so a search means one thing.
        (None, Some(client)) if query.search.is_some() => {
            let whole = InventoryQuery {
                search: None,
                sort: Sort::Relevance,
                min_price: None,
                max_price: None,
                page: 1,
                limit: Limit::All,
                ..query.clone()
            };
            read_whole(client, &whole, &value, &query).await.map(|page| apply_locally(page, &query, args.all))
        }
        (None, Some(client)) if args.all => read_whole(client, &query, &value, &query).await.map(Shown::as_returned),
        (None, Some(client)) => client.inventory_stored(&query).await.map(Shown::as_returned),
        (None, None) => {
            // tradedeck's own words, several lines: not market text.
            eprintln!("{}", crate::config::setup_help());
            return ExitCode::from(2);
        }
    };
    let shown = match result {
        Ok(shown) => shown,
        Err(e) => {
            crate::say_err!("error: {}: {e}", e.key());
            return ExitCode::from(1);
        }
    };
    if let Some(skipped) = crate::api::assetpay::skipped_summary(&shown.page.skipped) {
        crate::say_err!("note: {skipped}; the rest is shown.");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match super::Format::chosen(args.format, args.json) {
        super::Format::Json => write_json(&mut out, &shown),
        super::Format::Csv => write_csv(&mut out, &shown, super::csv_cells(args.raw)),
        super::Format::Table => write_table(&mut out, &shown, &query),
    };
    match written.and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            crate::say_err!("error: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

/// The whole inventory for `whole`, with a progress line on a terminal; its value is kept
/// for the ledger (under the pane's query, `shown`).
async fn read_whole(
    client: AssetPayClient,
    whole: &InventoryQuery,
    value: &Option<ValueTarget>,
    shown: &InventoryQuery,
) -> Result<StoredInventory, crate::api::assetpay::AssetPayError> {
    let progress = super::progress::Progress::on_stderr("reading the inventory");
    let client = match &progress {
        Some(p) => client.with_progress(p.counter()),
        None => client,
    };
    let result = client.inventory_all(whole).await;
    if let Ok(page) = &result {
        keep_value(value, page, shown);
    }
    result
}

fn write_json(out: &mut impl Write, shown: &Shown) -> std::io::Result<()> {
    let page = &shown.page;
    let items = ItemsInOrder { store: &page.items, order: &shown.order };
    let doc = JsonOutput { count: shown.count, updated_at: page.updated_at, collateral: page.collateral, items };
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

/// One row per item; prices exactly as the API sent them, in dollars.
fn write_csv(out: &mut impl Write, shown: &Shown, cells: crate::export::Cells) -> std::io::Result<()> {
    let rows = shown.order.iter().filter_map(|&i| shown.page.items.get(i as usize)).map(crate::export::inventory_row);
    crate::export::write_csv_as(out, &crate::export::INVENTORY_HEADER, rows, cells)
}

fn write_table(out: &mut impl Write, shown: &Shown, query: &InventoryQuery) -> std::io::Result<()> {
    let items = || shown.order.iter().filter_map(|&i| shown.page.items.get(i as usize));
    let rows: Vec<Vec<String>> = items()
        .map(|i| {
            vec![
                i.display_name().to_string(),
                i.exterior().unwrap_or_default().to_string(),
                i.wear().unwrap_or_default().to_string(),
                i.offer_price().map(|p| p.to_string()).unwrap_or_else(|| "—".into()),
                i.market_price().map(|p| p.to_string()).unwrap_or_else(|| "—".into()),
                i.deposit().label().to_string(),
                i.id().to_string(),
            ]
        })
        .collect();
    let headers = [
        ("Name", Align::Left),
        ("Exterior", Align::Left),
        ("Wear", Align::Left),
        ("Offer", Align::Right),
        ("Market", Align::Right),
        ("Deposit", Align::Left),
        ("Id", Align::Left),
    ];
    out.write_all(table::render(&headers, &rows).as_bytes())?;
    let total: Usd = items().filter_map(|i| i.offer_price()).sum();
    writeln!(
        out,
        "\n{} of {} items · page {}/{} · offers total {} · collateral {}",
        shown.order.len(),
        shown.count,
        query.page,
        query.page_count(shown.count),
        total,
        shown.page.collateral
    )
}

/// A saved inventory, queried through the same index as the TUI: its word search, the
/// offer-price bounds, the server's stable sorts, then the page (all of it with --all).
fn apply_locally(page: StoredInventory, query: &InventoryQuery, all: bool) -> Shown {
    // Only what this query needs: no word index without a search, one order.
    let searching = query.search.as_deref().is_some_and(|s| !s.trim().is_empty());
    let index = InventoryIndex::build_for(&page.items, searching, Some(Order::from_server(query.sort)));
    let matches = index.search(query.search.as_deref().unwrap_or(""), None).matches;
    let mut order = index.arrange(&matches, query.sort, query.min_price, query.max_price);
    let count = order.len() as u64;
    if let (Limit::PerPage(n), false) = (query.limit, all) {
        let start = (query.page as usize - 1).saturating_mul(n as usize).min(order.len());
        order = order.split_off(start);
        order.truncate(n as usize);
    }
    Shown { page, order, count }
}
