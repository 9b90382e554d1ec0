//! The help overlay, generated from the keymap so it always matches the keys.

use super::overlay::centered;
use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::Action;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lines: Vec<Line> = app
        .keymap
        .bindings
        .iter()
        .filter(|b| applies(app, b.action))
        .map(|b| {
            Line::from(vec![
                Span::styled(format!("{:>12}  ", app.keymap.keys_label(b.action)), theme.accent()),
                Span::raw(b.action.description()),
            ])
        })
        .chain([
            Line::raw(""),
            Line::styled("In search: type to narrow, Enter keeps, Esc clears.", theme.dim()),
            Line::styled("Esc or ? closes this help.", theme.dim()),
        ])
        .collect();
    let rect = centered(area, 60, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Keys ").border_style(theme.accent());
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// Pane switching is listed only for panes that exist.
fn applies(app: &App, action: Action) -> bool {
    match action {
        Action::NextPane | Action::PrevPane => app.panes.len() > 1,
        Action::FocusPane2 => app.panes.len() >= 2,
        Action::FocusPane3 => app.panes.len() >= 3,
        _ => true,
    }
}
