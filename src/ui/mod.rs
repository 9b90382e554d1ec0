//! Drawing: a pure function of the app state. Nothing here changes state or does I/O.

mod action_dialogs;
mod details;
mod help;
mod history;
mod inventory;
mod journal;
pub mod layout;
mod mannco;
mod overlay;
mod price_filter;
mod rules;
mod search_field;
mod sell_dialog;
pub mod sparkline;
mod status;
pub mod theme;
mod trades;

pub use status::age;

use crate::app::drawn::Drawn;
use crate::app::screen::ScreenMap;
use crate::app::{App, Overlay, PaneId};
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
            inventory::draw_search(frame, areas.search, app, &theme);
            inventory::draw_table(frame, areas.table, app, &theme);
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
    let mut window = None;
    match &app.overlay {
        Some(Overlay::Help(view)) => window = Some(help::draw(frame, area, app, view, &theme)),
        Some(Overlay::Details(id)) => {
            details::draw(frame, area, app.inventory.find(id).as_ref(), &theme);
        }
        Some(Overlay::PriceFilter(dialog)) => price_filter::draw(frame, area, dialog, &app.keymap, &theme),
        Some(Overlay::Pricing(dialog)) => {
            let in_flight = app.money_in_flight().filter(|_| app.quitting);
            window = action_dialogs::draw_pricing(
                frame,
                area,
                dialog,
                &app.mannco,
                in_flight.as_deref(),
                &app.keymap,
                &theme,
            )
        }
        Some(Overlay::Withdraw(dialog)) => action_dialogs::draw_withdraw(frame, area, dialog, &app.keymap, &theme),
        Some(Overlay::Quantity(dialog)) => action_dialogs::draw_quantity(frame, area, dialog, &app.keymap, &theme),
        Some(Overlay::Journal(view)) => {
            journal::draw(frame, area, view, app.mannco.is_ready() || app.trades.is_ready(), &app.keymap, &theme)
        }
        Some(Overlay::Sell(dialog)) => window = Some(sell_dialog::draw(frame, area, dialog, &app.keymap, &theme)),
        Some(Overlay::TradeDetails(id)) => trades::draw_details(frame, area, app.trades.find(id), app.clock, &theme),
        Some(Overlay::LedgerEntry(entry)) => history::draw_entry(frame, area, entry, &theme),
        Some(Overlay::Cost(dialog)) => history::draw_cost(frame, area, dialog, &app.keymap, &theme),
        None => {}
    }
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
