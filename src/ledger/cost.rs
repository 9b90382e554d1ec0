//! Cost basis: what the trader paid. Entered costs (`tradedeck cost import|set`, `$` in the
//! TUI) are appended to `costs.jsonl` first, fsynced, then loaded into the ledger, so a
//! rebuild never loses them. Mannco purchases are costs too.

use super::store::{Ledger, LedgerError};
use crate::money::Cents;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One cost the trader entered: for one asset, or for one item of a name (matched first in,
/// first out among items of that name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostRecord {
    /// Unique: `import:<file hash>:<line>` or `set:<time>:<asset>`.
    pub key: String,
    /// Unix seconds: when it was bought (or entered).
    pub at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    pub price: Cents,
    /// "import" or "set".
    pub origin: String,
}

/// The record of entered costs, `costs.jsonl` beside the ledger.
pub struct Costs {
    path: PathBuf,
}

impl Costs {
    pub fn beside(ledger: &Path) -> Costs {
        Costs { path: ledger.with_file_name("costs.jsonl") }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends every record in one write and fsyncs it: all of them are recorded, or none.
    pub fn append(&self, records: &[CostRecord]) -> std::io::Result<()> {
        let mut text = String::new();
        for record in records {
            text.push_str(&serde_json::to_string(record).map_err(std::io::Error::other)?);
            text.push('\n');
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&self.path)?;
        file.write_all(text.as_bytes())?;
        file.sync_data()
    }

    /// Every record, in order; unreadable lines (a torn last one) are skipped.
    pub fn read(&self) -> std::io::Result<Vec<CostRecord>> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => Ok(text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(vec![]),
            Err(e) => Err(e),
        }
    }
}

impl Ledger {
    /// Loads the entered costs into the ledger (idempotent); returns how many it holds.
    pub fn load_costs(&mut self, costs: &Costs) -> Result<usize, LedgerError> {
        let records = costs.read()?;
        let tx = self.write()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO costs (source_key, at, item_name, asset_id, price_cents, origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for r in &records {
                insert.execute(params![r.key, r.at, r.name, r.asset_id, r.price.0, r.origin])?;
            }
        }
        tx.commit()?;
        Ok(records.len())
    }

    /// Records costs: into `costs.jsonl` first (the record), then the ledger.
    pub fn add_costs(&mut self, costs: &Costs, records: &[CostRecord]) -> Result<(), LedgerError> {
        costs.append(records)?;
        self.load_costs(costs)?;
        Ok(())
    }

    /// Every cost lot, oldest first: entered costs and Mannco purchases.
    pub(super) fn cost_lots(&mut self) -> Result<Vec<Lot>, LedgerError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT at, item_name, asset_id, price_cents FROM costs
             UNION ALL
             SELECT at, item_name, asset_id, price_cents FROM entries
             WHERE kind = 'bought' AND price_cents IS NOT NULL AND duplicate_of IS NULL
             ORDER BY 1",
        )?;
        let lots = stmt.query_map([], |r| {
            Ok(Lot { at: r.get(0)?, name: r.get(1)?, asset_id: r.get(2)?, price: Cents(r.get(3)?) })
        })?;
        Ok(lots.collect::<Result<_, _>>()?)
    }
}

/// One item's cost, waiting for the sale that uses it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Lot {
    pub at: i64,
    pub name: Option<String>,
    pub asset_id: Option<String>,
    pub price: Cents,
}

/// A line of a cost CSV: `name` or `asset_id`, `price` (dollars), `date`.
#[derive(Clone, Debug, PartialEq)]
pub struct CostLine {
    pub name: Option<String>,
    pub asset_id: Option<String>,
    pub price: Cents,
    pub at: i64,
}

/// Reads a cost CSV whole: every line's error, or every line. Nothing is half-imported.
pub fn parse_cost_csv(text: &str) -> Result<Vec<CostLine>, Vec<String>> {
    let mut reader =
        csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.to_lowercase()).collect(),
        Err(e) => return Err(vec![format!("line 1: the header cannot be read: {e}")]),
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (name_col, asset_col, price_col, date_col) =
        (column("name"), column("asset_id"), column("price"), column("date"));
    let mut missing = vec![];
    if name_col.is_none() && asset_col.is_none() {
        missing.push("line 1: a `name` or an `asset_id` column is needed".to_string());
    }
    if price_col.is_none() {
        missing.push("line 1: a `price` column is needed".to_string());
    }
    if date_col.is_none() {
        missing.push("line 1: a `date` column is needed".to_string());
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let (mut lines, mut errors) = (vec![], vec![]);
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let cell = |col: Option<usize>| col.and_then(|c| record.get(c)).map(str::trim).filter(|s| !s.is_empty());
        let name = cell(name_col).map(str::to_string);
        let asset_id = cell(asset_col).map(str::to_string);
        if name.is_none() && asset_id.is_none() {
            errors.push(format!("line {line}: neither a name nor an asset id"));
            continue;
        }
        let price = match cell(price_col).map(Cents::parse_price) {
            Some(Ok(p)) => p,
            Some(Err(e)) => {
                errors.push(format!("line {line}: price: {e}"));
                continue;
            }
            None => {
                errors.push(format!("line {line}: no price"));
                continue;
            }
        };
        let at = match cell(date_col).map(parse_date) {
            Some(Ok(at)) => at,
            Some(Err(e)) => {
                errors.push(format!("line {line}: date: {e}"));
                continue;
            }
            None => {
                errors.push(format!("line {line}: no date"));
                continue;
            }
        };
        lines.push(CostLine { name, asset_id, price, at });
    }
    if errors.is_empty() { Ok(lines) } else { Err(errors) }
}

/// "2026-11-03" (midnight UTC) or an RFC 3339 time.
pub fn parse_date(text: &str) -> Result<i64, String> {
    let day = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(date) = time::Date::parse(text, &day) {
        return Ok(date.midnight().assume_utc().unix_timestamp());
    }
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|_| format!("\"{text}\" is not a date like 2026-11-03"))
}
