//! The History pane: the ledger's entries over a range, with P&L and value.
//! `state` holds what the pane shows; `update` answers its keys and replies.

pub mod state;
pub mod update;
