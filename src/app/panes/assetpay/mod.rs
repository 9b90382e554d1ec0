//! The AssetPay pane: the inventory of one game, its search, sort and selection.
//! `state` holds what the pane shows; `update` answers its keys and replies.

pub mod state;
pub mod update;
