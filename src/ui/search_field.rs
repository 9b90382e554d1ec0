//! The search field while it is being typed in, shared by every pane.

use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;
use unicode_width::UnicodeWidthChar;

const PREFIX: &str = "/ ";

/// Draws `/ text` with the terminal cursor at the input's cursor, scrolled so it stays in view.
pub fn draw(frame: &mut Frame, area: Rect, input: &Input, theme: &Theme) {
    let width = (area.width as usize).saturating_sub(PREFIX.len() + 1);
    let scroll = input.visual_scroll(width);
    // Scroll is in columns: skip whole characters, wide ones included, to cover it.
    let mut skipped = 0;
    let shown: String = input
        .value()
        .chars()
        .skip_while(|c| {
            let w = c.width().unwrap_or(0);
            let skip = skipped + w <= scroll && skipped < scroll;
            if skip {
                skipped += w;
            }
            skip
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(vec![Span::styled(PREFIX, theme.accent()), Span::raw(shown)])), area);
    let x = area.x + (PREFIX.len() + input.visual_cursor().saturating_sub(scroll)) as u16;
    frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
}
