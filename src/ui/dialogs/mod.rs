//! Each dialog's drawing, mirroring `app/dialogs/`: one file, one `draw`, per dialog.

pub mod cost;
pub mod details;
pub mod help;
pub mod journal;
pub mod ledger_entry;
pub mod price_filter;
pub mod pricing;
pub mod quantity;
pub mod sell;
pub mod trade_details;
pub mod withdraw;

use crate::app::App;
use crate::app::dialogs::Overlay;
use crate::app::drawn::Window;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

/// Draws the open dialog over `area`; a scrolling one returns its window.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) -> Option<Window> {
    let keys = &app.keymap;
    match app.overlay.as_ref()? {
        Overlay::Help(view) => return Some(help::draw(frame, area, app, view, theme)),
        Overlay::Details(id) => details::draw(frame, area, app.inventory.find(id).as_ref(), theme),
        Overlay::PriceFilter(dialog) => price_filter::draw(frame, area, dialog, keys, theme),
        Overlay::Pricing(dialog) => {
            let in_flight = app.money_in_flight().filter(|_| app.quitting);
            return pricing::draw(frame, area, dialog, &app.mannco, in_flight.as_deref(), keys, theme);
        }
        Overlay::Withdraw(dialog) => withdraw::draw(frame, area, dialog, keys, theme),
        Overlay::Quantity(dialog) => quantity::draw(frame, area, dialog, keys, theme),
        Overlay::Journal(view) => {
            journal::draw(frame, area, view, app.mannco.is_ready() || app.trades.is_ready(), keys, theme)
        }
        Overlay::Sell(dialog) => return Some(sell::draw(frame, area, dialog, keys, theme)),
        Overlay::TradeDetails(id) => trade_details::draw(frame, area, app.trades.find(id), app.clock, theme),
        Overlay::LedgerEntry(entry) => ledger_entry::draw(frame, area, entry, theme),
        Overlay::Cost(dialog) => cost::draw(frame, area, dialog, keys, theme),
    }
    None
}
