//! The help overlay, generated from the keymap so it always matches the keys.

use super::overlay::centered;
use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::{Action, Scope};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let entries: Vec<Line> = app
        .keymap
        .bindings
        .iter()
        .filter(|b| applies(app, b.action))
        .map(|b| {
            Line::from(vec![
                Span::styled(format!("{:>9} ", app.keymap.keys_label(b.action)), theme.accent()),
                Span::raw(b.action.description()),
                Span::styled(
                    match b.action.scope() {
                        Scope::AssetPay => " (AssetPay)",
                        Scope::Mannco => " (Mannco)",
                        _ => "",
                    },
                    theme.dim(),
                ),
            ])
        })
        .collect();
    let footer = [
        Line::raw(""),
        Line::styled("In search: type to narrow, Enter keeps, Esc clears. Esc or ? closes.", theme.dim()),
    ];
    // On a short screen the keys go in two columns rather than off the bottom.
    let two_columns = entries.len() + footer.len() + 2 > area.height as usize && area.width >= 60;
    let rows = if two_columns { entries.len().div_ceil(2) } else { entries.len() };
    let rect = centered(area, if two_columns { 100 } else { 72 }, (rows + footer.len() + 2) as u16);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Keys ").border_style(theme.accent());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [body, foot] = Layout::vertical([Constraint::Length(rows as u16), Constraint::Fill(1)]).areas(inner);
    if two_columns {
        let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(body);
        let (first, second) = entries.split_at(rows);
        frame.render_widget(Paragraph::new(first.to_vec()), left);
        frame.render_widget(Paragraph::new(second.to_vec()), right);
    } else {
        frame.render_widget(Paragraph::new(entries), body);
    }
    frame.render_widget(Paragraph::new(footer.to_vec()).wrap(Wrap { trim: true }), foot);
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
