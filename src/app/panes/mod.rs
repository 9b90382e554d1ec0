//! The panes: their ids in tab order (`pane_id`), the routing of keys to the focused one
//! (`route`), and one folder per pane holding its state and its update, drawn by
//! `ui/panes/<pane>.rs`.

pub mod assetpay;
pub mod history;
pub mod mannco;
pub mod pane_id;
pub mod route;
pub mod rules;
pub mod source;
pub mod trades;
