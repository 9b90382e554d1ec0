//! The journal: every money-moving request is written to the market account's own file
//! (`$XDG_DATA_HOME/tradedeck/journals/…jsonl`) and flushed to disk before it is sent; its
//! outcome is appended when known. An action without an outcome, or whose outcome is still unknown,
//! is surfaced at the next start for reconciling.

mod awaited;
mod entry;
mod file;
mod owner;

pub use awaited::{Listing, Reconciled, split_awaited};
pub use entry::*;
pub use file::*;
