//! The ledger from the command line: `history`, `pnl`, `value`, `cost import|set` and
//! `ledger rebuild|import`. Each read brings the ledger up to date first: every journal, then
//! the markets' histories where credentials allow.

use super::table::{self, Align};
use super::{Format, csv_cells};
use crate::ledger::{self, Costs, Entry, Filter, Group, Ledger, Market};
use crate::money::Cents;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// From this long ago (30d, 12h, 8w) or this date (2026-11-01); all when absent.
    #[arg(long, value_name = "AGE|DATE")]
    pub since: Option<String>,
    /// Only this market's entries.
    #[arg(long)]
    pub market: Option<Market>,
    /// Entries whose item matches every word (as `/` finds).
    #[arg(long)]
    pub search: Option<String>,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct PnlArgs {
    /// From this long ago (30d) or this date; all when absent.
    #[arg(long, value_name = "AGE|DATE")]
    pub since: Option<String>,
    /// One row per sale, item name, day or month.
    #[arg(long, value_enum, default_value = "sale")]
    pub by: Group,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct ValueArgs {
    /// From this long ago (30d) or this date; all when absent.
    #[arg(long, value_name = "AGE|DATE")]
    pub since: Option<String>,
    #[command(flatten)]
    pub output: Output,
}

/// How a ledger command prints.
#[derive(Debug, Args)]
pub struct Output {
    /// One JSON document (money in cents).
    #[arg(long)]
    pub json: bool,
    /// table, json, or csv (UTF-8 with a BOM, dollars with two decimals, ISO 8601 times).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// CSV cells exactly as the markets sent them (no leading ' on formula-like cells).
    #[arg(long)]
    pub raw: bool,
}

impl Output {
    pub fn format(&self) -> Format {
        Format::chosen(self.format, self.json)
    }
}

#[derive(Debug, Subcommand)]
pub enum CostCommand {
    /// Costs from a CSV with columns `name` or `asset_id`, `price` (dollars) and `date`:
    /// every bad line is named and nothing is imported until all are good.
    Import { file: PathBuf },
    /// The cost of given items.
    Set {
        /// Comma-separated asset ids (Mannco) or item ids (AssetPay).
        #[arg(long, value_delimiter = ',', required = true)]
        ids: Vec<String>,
        /// What each cost, in dollars.
        #[arg(long)]
        price: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// A new ledger from the journals, the entered costs and the markets; the old file is
    /// kept beside, renamed.
    Rebuild,
    /// Bring the ledger up to date now, and say what was added.
    Import,
}

/// Where the ledger's inputs are.
pub struct Sources {
    pub ledger: PathBuf,
    pub journals: PathBuf,
    pub markets: ledger::MarketHistories,
}

fn open(sources: &Sources) -> Result<Ledger, ExitCode> {
    Ledger::open(&sources.ledger).map_err(|e| {
        crate::say_err!("error: {e}");
        ExitCode::from(1)
    })
}

/// Journals, costs and the markets' histories into the ledger. Histories that cannot be read
/// are said, not fatal.
async fn sync(ledger: &mut Ledger, sources: &Sources) -> Result<usize, ExitCode> {
    let fail = |e: ledger::LedgerError| {
        crate::say_err!("error: {e}");
        ExitCode::from(1)
    };
    let mut added = ledger::import_journals(ledger, &sources.journals).map_err(fail)?.added;
    ledger.load_costs(&Costs::beside(&sources.ledger)).map_err(fail)?;
    let fetched = sources.markets.fetch().await;
    for note in &fetched.notes {
        crate::say_err!("note: {note}");
    }
    added += fetched.store(ledger).map_err(fail)?;
    Ok(added)
}

/// "30d", "12h", "8w", a date, or "all"; as a Unix second.
pub fn parse_since(text: &str, now: i64) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("all") {
        return Ok(None);
    }
    let unit = |suffix: char, seconds: i64| {
        text.strip_suffix(suffix)
            .and_then(|n| n.parse::<i64>().ok())
            .map(|n| now.saturating_sub(n.saturating_mul(seconds)))
    };
    if let Some(at) = unit('h', 3600).or_else(|| unit('d', 86_400)).or_else(|| unit('w', 7 * 86_400)) {
        return Ok(Some(at));
    }
    ledger::parse_date(text).map(Some).map_err(|e| format!("--since: {e}, or an age like 30d"))
}

fn since(text: &Option<String>) -> Result<Option<i64>, ExitCode> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    text.as_deref().map(|t| parse_since(t, now)).transpose().map(Option::flatten).map_err(|e| {
        crate::say_err!("error: {e}");
        ExitCode::from(2)
    })
}

use crate::export::{dollars, iso_time as iso};

/// "2026-11-03 10:00:00", UTC, for a table.
fn table_time(at: i64) -> String {
    iso(at).replace('T', " ").trim_end_matches('Z').to_string()
}

fn money(c: Option<Cents>) -> String {
    c.map(|c| c.to_string()).unwrap_or_else(|| "—".into())
}

/// CSV for a spreadsheet: a BOM so Excel reads ★ and ™, then the rows.
fn write_csv(header: &[&str], rows: Vec<Vec<String>>, raw: bool) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let written = out
        .write_all("\u{feff}".as_bytes())
        .and_then(|_| crate::export::write_csv_as(&mut out, header, rows.into_iter(), csv_cells(raw)));
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            crate::say_err!("error: cannot write output: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

fn write_json(value: &impl serde::Serialize) -> ExitCode {
    match super::common::write_json(value) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

#[derive(serde::Serialize)]
struct HistoryEntry<'a> {
    at: String,
    #[serde(flatten)]
    entry: &'a Entry,
}

pub async fn history(args: HistoryArgs, sources: Sources) -> ExitCode {
    let since = match since(&args.since) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut ledger = match open(&sources) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if let Err(code) = sync(&mut ledger, &sources).await {
        return code;
    }
    let filter = Filter { since, market: args.market, search: args.search.clone(), ..Default::default() };
    let entries = match ledger.entries(&filter) {
        Ok(e) => e,
        Err(e) => {
            crate::say_err!("error: {e}");
            return ExitCode::from(1);
        }
    };
    match args.output.format() {
        Format::Json => {
            let rows: Vec<HistoryEntry> = entries.iter().map(|e| HistoryEntry { at: iso(e.at), entry: e }).collect();
            write_json(&serde_json::json!({ "kind": "history", "count": rows.len(), "entries": rows }))
        }
        Format::Csv => {
            let rows = entries.iter().map(crate::export::history_row).collect();
            write_csv(&crate::export::HISTORY_HEADER, rows, args.output.raw)
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    vec![
                        table_time(e.at),
                        e.market.as_str().into(),
                        e.kind.label().into(),
                        e.name.clone(),
                        money(e.price),
                        money(e.fee),
                        money(e.credit),
                        e.status.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            let headers = [
                ("When (UTC)", Align::Left),
                ("Market", Align::Left),
                ("Kind", Align::Left),
                ("Item", Align::Left),
                ("Price", Align::Right),
                ("Fee", Align::Right),
                ("Credit", Align::Right),
                ("Status", Align::Left),
            ];
            crate::sanitize::print_safe(&table::render(&headers, &rows));
            crate::say!("");
            crate::say!(
                "{} entr{} in {}.",
                rows.len(),
                if rows.len() == 1 { "y" } else { "ies" },
                ledger.path().display()
            );
            ExitCode::SUCCESS
        }
    }
}

pub async fn pnl(args: PnlArgs, sources: Sources) -> ExitCode {
    let since = match since(&args.since) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut ledger = match open(&sources) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if let Err(code) = sync(&mut ledger, &sources).await {
        return code;
    }
    let result = ledger::realised(&mut ledger, since, args.by).and_then(|p| Ok((p, ledger::unrealised(&mut ledger)?)));
    let (pnl, unrealised) = match result {
        Ok(r) => r,
        Err(e) => {
            crate::say_err!("error: {e}");
            return ExitCode::from(1);
        }
    };
    match args.output.format() {
        Format::Json => write_json(&serde_json::json!({
            "kind": "pnl",
            "by": format!("{:?}", args.by).to_lowercase(),
            "since": since.map(iso),
            "rows": pnl.rows,
            "markets": pnl.markets.iter().map(|(_, r)| r).collect::<Vec<_>>(),
            "total": pnl.total,
            "unrealised": unrealised,
        })),
        Format::Csv => {
            let header = ["key", "sales", "credit", "cost", "profit", "without_cost"];
            let rows = pnl
                .rows
                .iter()
                .chain(pnl.markets.iter().map(|(_, r)| r))
                .chain([&pnl.total])
                .map(|r| {
                    vec![
                        r.key.clone(),
                        r.sales.to_string(),
                        dollars(Some(r.credit)),
                        dollars(Some(r.cost)),
                        dollars(r.profit),
                        r.without_cost.to_string(),
                    ]
                })
                .collect();
            write_csv(&header, rows, args.output.raw)
        }
        Format::Table => {
            print_pnl(&pnl, args.by);
            print_held(&unrealised);
            ExitCode::SUCCESS
        }
    }
}

/// The P&L table: a row per group, per market, and the total.
fn print_pnl(pnl: &ledger::Pnl, by: Group) {
    let row = |r: &ledger::PnlRow| {
        vec![
            r.key.clone(),
            r.sales.to_string(),
            money(Some(r.credit)),
            money(Some(r.cost)),
            r.profit.map(|p| p.to_string()).unwrap_or_else(|| "unknown".into()),
            r.without_cost.to_string(),
        ]
    };
    let headers = [
        (if by == Group::Sale { "Sale" } else { "Group" }, Align::Left),
        ("Sales", Align::Right),
        ("Credit", Align::Right),
        ("Cost", Align::Right),
        ("Profit", Align::Right),
        ("No cost", Align::Right),
    ];
    let mut rows: Vec<Vec<String>> = pnl.rows.iter().map(row).collect();
    rows.extend(pnl.markets.iter().map(|(_, r)| row(r)));
    rows.push(row(&pnl.total));
    crate::sanitize::print_safe(&table::render(&headers, &rows));
    crate::say!("");
}

/// What is held: its value at the last full read, and its unrealised profit where known.
fn print_held(unrealised: &ledger::Unrealised) {
    if unrealised.items == 0 {
        crate::say!(
            "Held: no inventory value read yet (`tradedeck inventory --all`, `tradedeck mannco on-sale` or the app keep one)."
        );
        return;
    }
    let held = match unrealised.profit {
        Some(p) => format!("unrealised {p}"),
        None => {
            format!("unrealised unknown: {} of {} held item(s) have a cost", unrealised.with_cost, unrealised.items)
        }
    };
    crate::say!(
        "Held: {} item(s) worth {} at the last full read; cost known {}; {held}.",
        unrealised.items,
        unrealised.value,
        unrealised.cost_known
    );
}

pub async fn value(args: ValueArgs, sources: Sources) -> ExitCode {
    let since = match since(&args.since) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let ledger = match open(&sources) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let points = match ledger.value_points(since) {
        Ok(p) => p,
        Err(e) => {
            crate::say_err!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let series = ledger::total_over_time(&points);
    match args.output.format() {
        Format::Json => write_json(&serde_json::json!({
            "kind": "value",
            "points": points.iter().map(|p| serde_json::json!({
                "at": iso(p.at), "account": p.account, "market": p.market, "items": p.items,
                "total": p.total, "basis": p.basis})).collect::<Vec<_>>(),
            "total_over_time": series.iter().map(|(at, t)| serde_json::json!({"at": iso(*at), "total": t})).collect::<Vec<_>>(),
        })),
        Format::Csv => {
            let header = ["time", "account", "market", "items", "total", "basis"];
            let rows = points
                .iter()
                .map(|p| {
                    vec![
                        iso(p.at),
                        p.account.clone(),
                        p.market.as_str().into(),
                        p.items.to_string(),
                        dollars(Some(p.total)),
                        p.basis.clone(),
                    ]
                })
                .collect();
            write_csv(&header, rows, args.output.raw)
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = points
                .iter()
                .map(|p| {
                    vec![table_time(p.at), p.account.clone(), p.items.to_string(), p.total.to_string(), p.basis.clone()]
                })
                .collect();
            let headers = [
                ("When (UTC)", Align::Left),
                ("Account", Align::Left),
                ("Items", Align::Right),
                ("Value", Align::Right),
                ("At", Align::Left),
            ];
            crate::sanitize::print_safe(&table::render(&headers, &rows));
            crate::say!("");
            match series.last() {
                Some((_, total)) => crate::say!("{} point(s); all accounts now: {total}.", points.len()),
                None => crate::say!(
                    "No value points yet: one is kept each time an inventory or list is read in full (at most one an hour)."
                ),
            }
            ExitCode::SUCCESS
        }
    }
}

pub async fn cost(command: CostCommand, sources: Sources) -> ExitCode {
    let mut ledger = match open(&sources) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let costs = Costs::beside(&sources.ledger);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let records: Vec<ledger::CostRecord> = match command {
        CostCommand::Import { file } => {
            let text = match read_bounded(&file) {
                Ok(t) => t,
                Err(e) => {
                    crate::say_err!("error: {}: {e}", file.display());
                    return ExitCode::from(2);
                }
            };
            let lines = match ledger::parse_cost_csv(&text) {
                Ok(lines) => lines,
                Err(errors) => {
                    for e in &errors {
                        crate::say_err!("error: {}: {e}", file.display());
                    }
                    crate::say_err!("Nothing was imported: {} bad line(s).", errors.len());
                    return ExitCode::from(2);
                }
            };
            // The same file imported twice gives the same keys: nothing twice.
            use sha2::Digest;
            let digest = sha2::Sha256::digest(text.as_bytes());
            let file_key: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
            lines
                .into_iter()
                .enumerate()
                .map(|(n, l)| ledger::CostRecord {
                    key: format!("import:{file_key}:{}", n + 2),
                    at: l.at,
                    name: l.name,
                    asset_id: l.asset_id,
                    price: l.price,
                    origin: "import".into(),
                })
                .collect()
        }
        CostCommand::Set { ids, price } => {
            let price = match Cents::parse_price(&price) {
                Ok(p) => p,
                Err(e) => {
                    crate::say_err!("error: --price: {e}");
                    return ExitCode::from(2);
                }
            };
            let ids: Vec<String> = ids.into_iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect();
            ids.iter()
                .map(|id| ledger::CostRecord {
                    key: format!("set:{now}:{id}"),
                    at: now,
                    name: None,
                    asset_id: Some(id.clone()),
                    price,
                    origin: "set".into(),
                })
                .collect()
        }
    };
    match ledger.add_costs(&costs, &records) {
        Ok(()) => {
            crate::say_err!("{} cost(s) recorded in {}.", records.len(), costs.path().display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            crate::say_err!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// A cost file, refused past 10 MB (a cost list is far smaller).
fn read_bounded(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    const MAX: u64 = 10 << 20;
    let mut bytes = vec![];
    std::fs::File::open(path)?.take(MAX + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX {
        return Err(std::io::Error::other("larger than 10 MB: not read"));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("not UTF-8 text"))
}

pub async fn ledger_command(command: LedgerCommand, sources: Sources) -> ExitCode {
    match command {
        LedgerCommand::Rebuild => {
            let costs = Costs::beside(&sources.ledger);
            let (mut ledger, note) = match ledger::rebuild(&sources.ledger, &sources.journals, &costs) {
                Ok(r) => r,
                Err(e) => {
                    crate::say_err!("error: {e}");
                    return ExitCode::from(1);
                }
            };
            crate::say_err!("Rebuilt {}: {note}.", sources.ledger.display());
            let fetched = sources.markets.fetch().await;
            for n in &fetched.notes {
                crate::say_err!("note: {n}");
            }
            match fetched.store(&mut ledger) {
                Ok(n) => {
                    crate::say_err!("{n} entries from the markets' histories.");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    crate::say_err!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        LedgerCommand::Import => {
            let mut ledger = match open(&sources) {
                Ok(l) => l,
                Err(code) => return code,
            };
            match sync(&mut ledger, &sources).await {
                Ok(n) => {
                    let total = ledger.count().unwrap_or_default();
                    crate::say_err!("{n} new entr(ies); {total} in {}.", sources.ledger.display());
                    ExitCode::SUCCESS
                }
                Err(code) => code,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_ages_dates_and_all() {
        let now = 1_800_000_000;
        assert_eq!(parse_since("30d", now), Ok(Some(now - 30 * 86_400)));
        assert_eq!(parse_since("12h", now), Ok(Some(now - 12 * 3600)));
        assert_eq!(parse_since("all", now), Ok(None));
        assert_eq!(parse_since("2026-11-03", now), Ok(Some(1_793_664_000)));
        assert!(parse_since("99999999999999999999d", now).is_err());
        assert!(parse_since("9999999999999999d", now).unwrap().unwrap() < 0, "saturates, no overflow");
        assert!(parse_since("soon", now).unwrap_err().contains("--since"));
        assert_eq!(dollars(Some(Cents(-5))), "-0.05");
        assert_eq!(dollars(Some(Cents(123_456))), "1234.56");
    }
}
