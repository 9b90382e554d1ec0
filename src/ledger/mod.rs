//! The ledger: what sold, for how much, what it cost, and what the inventory was worth, in a
//! plain SQLite file (`$XDG_DATA_HOME/tradedeck/ledger.sqlite3`, WAL mode) a trader can open
//! with `sqlite3`. It is derived: the journals stay the write-ahead record of money calls,
//! `costs.jsonl` the record of costs the trader entered, and the markets' histories are read
//! again. Only the value points are the ledger's own, and a rebuild carries them over.

mod cost;
pub mod import;
mod pnl;
mod rebuild;
mod schema;
mod store;
mod value;

pub use cost::{CostLine, CostRecord, Costs, parse_cost_csv, parse_date};
pub use import::{Fetched, Imported, MarketHistories, import_journals, journal_account};
pub use pnl::{Group, Pnl, PnlRow, Unrealised, realised, unrealised};
pub use rebuild::rebuild;
pub use store::{Entry, Filter, Kind, Ledger, LedgerError, Market};
pub use value::{ValuePoint, total_over_time};

#[cfg(test)]
mod tests;
