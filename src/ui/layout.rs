//! The screen's fixed rows. The drawing reports the table's place back to `app`
//! (`ScreenMap`), which pages by exactly one screen.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

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

/// A table's place taken by a message (loading, empty, an error and what to do), centred.
pub fn draw_message(frame: &mut Frame, area: Rect, message: Vec<Line<'static>>) {
    let [_, middle, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(message).alignment(Alignment::Center).wrap(Wrap { trim: true }), middle);
}

#[cfg(test)]
mod tests {
    /// Before the first frame, `app` assumes the layout's chrome: they must agree.
    #[test]
    fn the_app_assumes_the_layouts_chrome() {
        let area = ratatui::layout::Rect::new(0, 0, 80, 24);
        let table = super::areas(area).table;
        let data_rows = table.height - 1;
        assert_eq!(crate::app::screen::ScreenMap::default().table_rows(24), data_rows as usize);
        assert_eq!(crate::app::screen::ScreenMap::default().first_row, table.y + 1);
    }
}
