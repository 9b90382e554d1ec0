//! The two Mannco panes: what is listed and what is not, their selection and prices.
//! `state` holds what the pane shows; `update` answers its keys and replies.

pub mod state;
pub mod update;
