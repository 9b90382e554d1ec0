//! Mouse input: the wheel scrolls the pane or the dialog under it, a click on a row moves the
//! cursor there (in the selection column it also toggles the row), a click on a tab switches
//! pane. Where things are comes from the last frame (`ScreenMap`, filled by the drawing), so
//! a click always means what the trader saw under the pointer.

use super::{App, Cmd, Overlay, mannco_update};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

/// Rows the wheel moves per notch.
const WHEEL_ROWS: isize = 3;
/// Columns, from the left edge of the table, that make a click toggle the selection.
const SELECT_COLUMN: u16 = 2;

/// Where the last frame put what a click can hit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScreenMap {
    /// Each tab's columns (`start..end`) on the top row, in pane order.
    pub tabs: Vec<std::ops::Range<u16>>,
    /// The screen row of the table's first data row, and how many data rows it shows.
    pub first_row: u16,
    pub rows: u16,
}

pub fn on_mouse(app: &mut App, event: MouseEvent) -> Vec<Cmd> {
    let map = app.screen.borrow().clone();
    match event.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = event.kind == MouseEventKind::ScrollDown;
            let by = if down { WHEEL_ROWS } else { -WHEEL_ROWS };
            match &mut app.overlay {
                // Over a dialog, the wheel scrolls its preview; other dialogs do not scroll.
                Some(Overlay::Pricing(dialog)) => dialog.scroll_by(by),
                Some(_) => {}
                None => move_cursor(app, by),
            }
            vec![]
        }
        MouseEventKind::Down(MouseButton::Left) if app.overlay.is_none() => {
            if event.row == 0 {
                if let Some(pane) = map.tabs.iter().position(|t| t.contains(&event.column)) {
                    app.focus = pane;
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
    match app.focused().mannco_list() {
        None => app.inventory.move_cursor(delta, rows),
        Some(list) => {
            let pane = app.mannco.pane_mut(list);
            let len = pane.visible.len();
            pane.view.move_by(delta, len, rows);
        }
    }
}

/// Puts the cursor on the `on_screen`-th row shown, and toggles it when `toggle`.
fn click_row(app: &mut App, on_screen: usize, toggle: bool) -> Vec<Cmd> {
    let (offset, cursor, len) = match app.focused().mannco_list() {
        None => (app.inventory.view.offset, app.inventory.view.cursor, app.inventory.visible.len()),
        Some(list) => {
            let pane = app.mannco.pane(list);
            (pane.view.offset, pane.view.cursor, pane.visible.len())
        }
    };
    let target = offset + on_screen;
    if target >= len {
        return vec![];
    }
    move_cursor(app, target as isize - cursor as isize);
    if !toggle {
        return vec![];
    }
    match app.focused().mannco_list() {
        None => app.inventory.toggle_selected(),
        Some(list) => mannco_update::toggle_current(app, list),
    }
    vec![]
}
