//! tradedeck: a keyboard-driven terminal app for Steam item traders.

pub mod api;
pub mod app;
pub mod cli;
pub mod colour;
pub mod config;
pub mod export;
pub mod journal;
pub mod ledger;
pub mod logging;
pub mod money;
pub mod notify;
pub mod sanitize;
pub mod secret;
pub mod signals;
pub mod sim;
pub mod trade;
pub mod tui;
pub mod ui;
