//! The trade engine: everything tradedeck knows about moving money, with no UI in it. Item
//! states and market snapshots, pricing rules → preview → plan, the guards every plan passes,
//! and execution with the journal and reconciliation. The TUI, the headless commands and the
//! automation call the same functions, so they cannot disagree.

pub mod execute;
pub mod guards;
pub mod index;
pub mod pricing;
pub mod reprice;
pub mod rules;
pub mod sell;
pub mod snapshot;
