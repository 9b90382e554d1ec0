//! The ledger file: its entries, the filter that reads them, and the one writer at a time.

use super::schema;
use crate::money::Cents;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The file is not a ledger tradedeck can read: said with the way out.
    #[error(
        "the ledger {} cannot be read ({why}). The journals are untouched: `tradedeck ledger rebuild` makes a new ledger from them",
        .path.display()
    )]
    Unreadable { path: PathBuf, why: String },
    /// A newer tradedeck wrote it.
    #[error("the ledger {} is at schema version {found}; this tradedeck knows up to {known}: update tradedeck", .path.display())]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("ledger: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("ledger: {0}")]
    Io(#[from] std::io::Error),
}

/// Which market an entry belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Market {
    Mannco,
    Assetpay,
}

impl Market {
    pub fn as_str(self) -> &'static str {
        match self {
            Market::Mannco => "mannco",
            Market::Assetpay => "assetpay",
        }
    }

    pub(super) fn parse(text: &str) -> Market {
        if text == "assetpay" { Market::Assetpay } else { Market::Mannco }
    }
}

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Listed,
    Sold,
    Bought,
    SoldToAssetpay,
    Withdrawn,
    Deposited,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Listed => "listed",
            Kind::Sold => "sold",
            Kind::Bought => "bought",
            Kind::SoldToAssetpay => "sold_to_assetpay",
            Kind::Withdrawn => "withdrawn",
            Kind::Deposited => "deposited",
        }
    }

    fn parse(text: &str) -> Kind {
        match text {
            "listed" => Kind::Listed,
            "sold" => Kind::Sold,
            "bought" => Kind::Bought,
            "sold_to_assetpay" => Kind::SoldToAssetpay,
            "withdrawn" => Kind::Withdrawn,
            _ => Kind::Deposited,
        }
    }

    /// Words for a person: "sold to AssetPay".
    pub fn label(self) -> &'static str {
        match self {
            Kind::SoldToAssetpay => "sold to AssetPay",
            other => other.as_str(),
        }
    }

    /// Money came in for the item.
    pub fn is_sale(self) -> bool {
        matches!(self, Kind::Sold | Kind::SoldToAssetpay)
    }
}

/// One ledger entry: a money move or its fate, exact in cents.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Entry {
    /// Where it came from ("journal", "mannco-sales", "assetpay-trades", …) and its key
    /// there: together they make an import idempotent.
    pub source: String,
    pub source_key: String,
    /// Unix seconds, UTC.
    pub at: i64,
    pub market: Market,
    pub account: String,
    pub kind: Kind,
    pub name: String,
    pub asset_id: Option<String>,
    pub game: Option<String>,
    pub price: Option<Cents>,
    pub fee: Option<Cents>,
    pub credit: Option<Cents>,
    /// A trade's status, where the market gives one ("completed", "hold", …).
    pub status: Option<String>,
}

impl Entry {
    /// Whether the money is in: a Mannco sale, or an AssetPay trade that completed.
    pub fn realised(&self) -> bool {
        match self.kind {
            Kind::Sold => true,
            Kind::SoldToAssetpay => self.status.as_deref().is_none_or(|s| s == "completed"),
            _ => false,
        }
    }
}

/// What `history` asks for.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// From this Unix second on.
    pub since: Option<i64>,
    pub market: Option<Market>,
    /// Every word must start a word of the item's name (as `/` finds).
    pub search: Option<String>,
    /// Only sales (what P&L reads).
    pub sales_only: bool,
}

pub struct Ledger {
    pub(super) conn: Connection,
    path: PathBuf,
}

impl Ledger {
    /// Opens (creating) the ledger at `path`, brought to the current schema.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let unreadable = |e: rusqlite::Error| LedgerError::Unreadable { path: path.to_path_buf(), why: e.to_string() };
        let conn = Connection::open(path).map_err(unreadable)?;
        // Another tradedeck writing waits its turn rather than failing at once.
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(unreadable)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(unreadable)?;
        if mode != "wal" {
            tracing::warn!(mode, "the ledger could not switch to WAL mode");
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;").map_err(unreadable)?;
        let mut ledger = Ledger { conn, path: path.to_path_buf() };
        ledger.migrate()?;
        Ok(ledger)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn migrate(&mut self) -> Result<(), LedgerError> {
        let unreadable = |e: rusqlite::Error| LedgerError::Unreadable { path: self.path.clone(), why: e.to_string() };
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(unreadable)?;
        let known = schema::MIGRATIONS.len() as i64;
        if version > known {
            return Err(LedgerError::TooNew { path: self.path.clone(), found: version, known });
        }
        for (n, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            // Each step and its version number together: a crash leaves the older schema whole.
            let tx = self.write()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", n as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Adds entries, or updates what a later read knows better (a trade's status, a sale's
    /// credit). Running it again with the same entries changes nothing. Returns how many were
    /// new.
    pub fn upsert(&mut self, entries: &[Entry]) -> Result<usize, LedgerError> {
        let tx = self.write()?;
        let mut added = 0;
        {
            let mut exists = tx.prepare_cached("SELECT 1 FROM entries WHERE source = ?1 AND source_key = ?2")?;
            let mut upsert = tx.prepare_cached(
                "INSERT INTO entries (source, source_key, at, market, account, kind, item_name, asset_id, game,
                                      price_cents, fee_cents, credit_cents, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 ON CONFLICT (source, source_key) DO UPDATE SET
                     kind = excluded.kind, price_cents = excluded.price_cents, fee_cents = excluded.fee_cents,
                     credit_cents = excluded.credit_cents, status = excluded.status",
            )?;
            for e in entries {
                if !exists.exists(params![e.source, e.source_key])? {
                    added += 1;
                }
                upsert.execute(params![
                    e.source,
                    e.source_key,
                    e.at,
                    e.market.as_str(),
                    e.account,
                    e.kind.as_str(),
                    e.name,
                    e.asset_id,
                    e.game,
                    e.price.map(|c| c.0),
                    e.fee.map(|c| c.0),
                    e.credit.map(|c| c.0),
                    e.status,
                ])?;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Adds sales read from a market's history, each unless the journal already has the
    /// same sale (same account, item and price, within two days, not yet matched): then the
    /// history row is kept, marked as the same sale, and counted once.
    pub fn upsert_history_sales(&mut self, entries: &[Entry]) -> Result<usize, LedgerError> {
        let added = self.upsert(entries)?;
        let tx = self.write()?;
        {
            let mut unmatched = tx.prepare_cached(
                "SELECT id FROM entries h WHERE h.source = ?1 AND h.source_key = ?2 AND h.duplicate_of IS NULL",
            )?;
            let mut twin = tx.prepare_cached(
                "SELECT id FROM entries j
                 WHERE j.source = 'journal' AND j.kind = ?1 AND j.account = ?2 AND j.item_name = ?3
                   AND j.price_cents IS ?4 AND abs(j.at - ?5) <= 172800
                   AND NOT EXISTS (SELECT 1 FROM entries d WHERE d.duplicate_of = j.id)
                 ORDER BY abs(j.at - ?5) LIMIT 1",
            )?;
            let mut mark = tx.prepare_cached("UPDATE entries SET duplicate_of = ?1 WHERE id = ?2")?;
            for e in entries.iter().filter(|e| e.kind.is_sale()) {
                let Some(id) =
                    unmatched.query_row(params![e.source, e.source_key], |r| r.get::<_, i64>(0)).optional()?
                else {
                    continue;
                };
                let found = twin
                    .query_row(params![e.kind.as_str(), e.account, e.name, e.price.map(|c| c.0), e.at], |r| {
                        r.get::<_, i64>(0)
                    })
                    .optional()?;
                if let Some(journal_id) = found {
                    mark.execute(params![journal_id, id])?;
                }
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Entries newest first, less the history rows that repeat a journaled sale.
    pub fn entries(&self, filter: &Filter) -> Result<Vec<Entry>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT source, source_key, at, market, account, kind, item_name, asset_id, game,
                    price_cents, fee_cents, credit_cents, status
             FROM entries
             WHERE duplicate_of IS NULL AND at >= ?1 AND (?2 IS NULL OR market = ?2)
               AND (?3 = 0 OR kind IN ('sold', 'sold_to_assetpay'))
             ORDER BY at DESC, id DESC",
        )?;
        let (since, market) = (filter.since.unwrap_or(i64::MIN), filter.market.map(Market::as_str));
        let rows = stmt.query_map(params![since, market, filter.sales_only], |r| {
            let cents = |i: usize| r.get::<_, Option<i64>>(i).map(|c| c.map(Cents));
            Ok(Entry {
                source: r.get(0)?,
                source_key: r.get(1)?,
                at: r.get(2)?,
                market: Market::parse(&r.get::<_, String>(3)?),
                account: r.get(4)?,
                kind: Kind::parse(&r.get::<_, String>(5)?),
                name: r.get(6)?,
                asset_id: r.get(7)?,
                game: r.get(8)?,
                price: cents(9)?,
                fee: cents(10)?,
                credit: cents(11)?,
                status: r.get(12)?,
            })
        })?;
        let mut entries = rows.collect::<Result<Vec<_>, _>>()?;
        if let Some(words) = filter.search.as_deref().filter(|w| !w.trim().is_empty()) {
            entries.retain(|e| crate::trade::index::words_match(words, &e.name));
        }
        Ok(entries)
    }

    /// The (length, modified) a journal file had when it was last imported.
    pub(crate) fn imported_as(&self, path: &Path) -> Result<Option<(i64, i64)>, LedgerError> {
        let mut stmt = self.conn.prepare_cached("SELECT len, modified_ns FROM imported_files WHERE path = ?1")?;
        Ok(stmt.query_row(params![path.to_string_lossy()], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    }

    pub(crate) fn mark_imported(&mut self, path: &Path, (len, modified): (i64, i64)) -> Result<(), LedgerError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO imported_files (path, len, modified_ns) VALUES (?1, ?2, ?3)",
            params![path.to_string_lossy(), len, modified],
        )?;
        Ok(())
    }

    /// How many entries there are, history twins included.
    pub fn count(&self) -> Result<i64, LedgerError> {
        Ok(self.conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?)
    }

    /// A write transaction that takes the write lock at once (waiting for another writer up
    /// to the busy timeout), so it never fails half-way on a lock it could not upgrade.
    pub(crate) fn write(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
    }

    pub(crate) fn conn(&mut self) -> &mut Connection {
        &mut self.conn
    }
}
