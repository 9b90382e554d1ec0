//! The Rules pane: the re-pricing plan the rules make, and auto-run.
//! `state` holds what the pane shows; `update` answers its keys and replies.

pub mod state;
pub mod update;
