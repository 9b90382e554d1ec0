//! Drawing: a pure function of the app state. Nothing here changes state or does I/O.

pub mod dialogs;
pub mod layout;
mod overlay;
pub mod panes;
mod search_field;
pub mod sparkline;
mod status;
pub mod theme;

pub use status::age;

use crate::app::drawn::Drawn;
use crate::app::screen::ScreenMap;
use crate::app::{App, PaneId};
use panes::{assetpay, history, mannco, rules, trades};
use ratatui::Frame;
use theme::Theme;

/// Draws the app and returns what the frame measured, for `update` to take (`Msg::Drawn`).
pub fn draw(frame: &mut Frame, app: &App) -> Drawn {
    let theme = Theme { color: app.use_color, palette: app.palette };
    let area = frame.area();
    let areas = layout::areas(area);
    // Where the table's rows are, for a click (the row under the header is the first).
    let rows = areas.table.height.saturating_sub(1);
    let tabs = status::draw_tabs(frame, areas.tabs, app, &theme);
    let screen =
        ScreenMap { tabs, first_row: areas.table.y.saturating_add(1), rows, chrome: area.height.saturating_sub(rows) };
    match app.focused() {
        PaneId::AssetPay => {
            assetpay::draw_search(frame, areas.search, app, &theme);
            assetpay::draw_table(frame, areas.table, app, &theme);
        }
        PaneId::Mannco(list) => {
            mannco::draw_search(frame, areas.search, app.mannco.pane(list), &app.keymap, &theme);
            mannco::draw_table(frame, areas.table, app, list, &theme);
        }
        PaneId::Trades => {
            trades::draw_search(frame, areas.search, app, &theme);
            trades::draw_table(frame, areas.table, app, &theme);
        }
        PaneId::Rules => {
            rules::draw_search(frame, areas.search, app, &theme);
            rules::draw_table(frame, areas.table, app, &theme);
        }
        PaneId::History => {
            history::draw_search(frame, areas.search, app, &theme);
            history::draw_table(frame, areas.table, app, &theme);
        }
    }
    status::draw_status(frame, areas.status, app, &theme);
    status::draw_hints(frame, areas.hints, app, &theme);
    let window = dialogs::draw(frame, area, app, &theme);
    scrub(frame.buffer_mut());
    Drawn { screen, window }
}

/// The last word on what reaches the terminal: whatever market text was drawn, no cell keeps
/// a character the terminal would obey or that reorders text (bidi overrides ride along
/// inside a cell's grapheme; control characters are dropped by ratatui, these are not).
pub fn scrub(buffer: &mut ratatui::buffer::Buffer) {
    for cell in buffer.content.iter_mut() {
        let symbol = cell.symbol();
        let printable_ascii = symbol.bytes().all(|b| (0x20..0x7f).contains(&b));
        if printable_ascii || !symbol.chars().any(crate::sanitize::is_unsafe) {
            continue;
        }
        let kept: String = symbol.chars().filter(|c| !crate::sanitize::is_unsafe(*c)).collect();
        cell.set_symbol(if kept.is_empty() { " " } else { &kept });
    }
}
