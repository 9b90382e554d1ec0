//! Shared geometry for dialogs drawn over the pane.

use ratatui::layout::Rect;

/// A centred box of at most `width`×`height`, shrunk to fit the screen.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}
