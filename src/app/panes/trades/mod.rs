//! The Trades pane: the trader's AssetPay trades and the merchant wallet.
//! `state` holds what the pane shows; `update` answers its keys and replies.

pub mod state;
pub mod update;
