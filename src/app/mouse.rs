//! Mouse input: the wheel scrolls the pane or the dialog under it, a click on a row moves the
//! cursor there (in the selection column it also toggles the row), a click on a tab switches
//! pane. Where things are comes from the last frame (`ScreenMap`, filled by the drawing), so
//! a click always means what the trader saw under the pointer.

use crate::app::msg::Cmd;
use crate::app::panes::pane_id::{PANES, PaneId};
use crate::app::state::App;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

/// Rows the wheel moves per notch.
const WHEEL_ROWS: isize = 3;
/// Columns, from the left edge of the table, that make a click toggle the selection.
const SELECT_COLUMN: u16 = 2;

pub fn on_mouse(app: &mut App, event: MouseEvent) -> Vec<Cmd> {
    let map = app.screen.clone();
    match event.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = event.kind == MouseEventKind::ScrollDown;
            let by = if down { WHEEL_ROWS } else { -WHEEL_ROWS };
            match &mut app.overlay {
                // Over a dialog, the wheel scrolls what it can (a preview, the help); others stay.
                Some(overlay) => overlay.dialog_mut().scroll_by(by),
                None => move_cursor(app, by),
            }
            vec![]
        }
        MouseEventKind::Down(MouseButton::Left) if app.overlay.is_none() => {
            if event.row == 0 {
                if let Some(pane) = map.tabs.iter().position(|t| t.contains(&event.column)) {
                    app.focus = pane.min(PANES.len() - 1);
                }
                return vec![];
            }
            if event.row < map.first_row || event.row >= map.first_row + map.rows {
                return vec![];
            }
            let on_screen = (event.row - map.first_row) as usize;
            click_row(app, on_screen, event.column < SELECT_COLUMN)
        }
        _ => vec![],
    }
}

/// Moves the focused pane's cursor by `delta` rows.
fn move_cursor(app: &mut App, delta: isize) {
    let rows = app.viewport_rows();
    let id = app.focused();
    app.pane_mut(id).move_cursor(delta, rows);
}

/// Puts the cursor on the `on_screen`-th row shown, and toggles it when `toggle`.
fn click_row(app: &mut App, on_screen: usize, toggle: bool) -> Vec<Cmd> {
    let id = app.focused();
    let pane = app.pane(id);
    let (view, len) = (pane.list().view, pane.len());
    let target = view.offset + on_screen;
    if target >= len {
        return vec![];
    }
    move_cursor(app, target as isize - view.cursor as isize);
    if toggle {
        match id {
            PaneId::AssetPay => app.inventory.toggle_selected(),
            PaneId::Mannco(list) => crate::app::panes::mannco::update::toggle_current(app, list),
            PaneId::Trades | PaneId::Rules | PaneId::History => {}
        }
    }
    vec![]
}
