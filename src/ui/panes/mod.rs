//! Each pane's drawing, mirroring `app/panes/<pane>/`: the search line, the table, and the
//! pane's part of the status line.

pub mod assetpay;
pub mod history;
pub mod mannco;
pub mod rules;
pub mod trades;
