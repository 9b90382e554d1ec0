//! The screen's fixed rows. `app` uses `table_rows` to page by exactly one screen.

use ratatui::layout::{Constraint, Layout, Rect};

pub struct Areas {
    pub tabs: Rect,
    pub search: Rect,
    pub table: Rect,
    pub status: Rect,
    pub hints: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let [tabs, search, table, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas { tabs, search, table, status, hints }
}

/// Data rows visible in the table (its header row excluded) at a terminal height.
pub fn table_rows(height: u16) -> usize {
    (height as usize).saturating_sub(5).max(1)
}
