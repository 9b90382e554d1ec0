//! The dialogs: one file each, behind one trait (`protocol::Dialog`); the open one is an
//! `Overlay`, and `route` gives it its keys and the replies that carry its run id.

pub mod cost;
pub mod details;
pub mod help;
pub mod journal;
pub mod ledger_entry;
pub mod overlay;
pub mod price_filter;
pub mod pricing;
pub mod protocol;
pub mod quantity;
pub mod route;
pub mod sell;
pub mod trade_details;
pub mod withdraw;

pub use journal::JournalView;
pub use overlay::Overlay;
pub use protocol::{Dialog, MIN_REVIEW_SIZE, Reply};
