//! The journal view: recent prices and withdrawals with what became of them.

use crate::app::JournalView;
use crate::app::keymap::{Action, Keymap, Layer};
use crate::journal::Outcome;
use crate::ui::overlay::centered;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table};

pub fn draw(frame: &mut Frame, area: Rect, view: &JournalView, can_reconcile: bool, keys: &Keymap, theme: &Theme) {
    let close = keys.key_label(Layer::Journal, Action::Close);
    let reconcile = keys.key_label(Layer::Journal, Action::Reconcile);
    let rect = centered(area, 110, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Journal of prices, withdrawals and sales ").border_style(theme.accent());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [body, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let Some(entries) = &view.entries else {
        let text = view.error.clone().unwrap_or_else(|| "Reading the journal…".into());
        frame.render_widget(Paragraph::new(text), body);
        return;
    };
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let rows = entries.iter().take(body.height.saturating_sub(1) as usize).map(|e| {
        if let Some(who) = view.awaited.get(&e.id) {
            return Row::new(vec![
                Cell::from(e.at.format(&format).unwrap_or_default()).style(theme.dim()),
                Cell::from(e.action.describe()),
                Cell::from(format!("waiting for the market's answer ({who})")).style(theme.accent()),
            ]);
        }
        let style = match e.outcomes.last() {
            Some(Outcome::Done | Outcome::Traded { .. }) => theme.good(),
            Some(Outcome::Failed { .. }) => theme.bad(),
            Some(Outcome::Reconciled { .. }) => theme.accent(),
            _ => theme.warn(),
        };
        Row::new(vec![
            Cell::from(e.at.format(&format).unwrap_or_default()).style(theme.dim()),
            Cell::from(e.action.describe()),
            Cell::from(e.status()).style(style),
        ])
    });
    let widths = [Constraint::Length(19), Constraint::Length(30), Constraint::Fill(1)];
    let header = Row::new(["When (UTC)", "Action", "Outcome"]).style(theme.header());
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(2), body);
    let unanswered = entries.iter().filter(|e| e.needs_reconciling() && !view.awaited.contains_key(&e.id)).count();
    let hint = match (view.reconciling, unanswered, can_reconcile) {
        (true, _, _) => Line::styled("Re-reading the market…", theme.accent()),
        (false, 0, _) => {
            Line::styled(format!("{} action(s), every outcome known · {close} closes", entries.len()), theme.dim())
        }
        (false, n, true) => Line::styled(
            format!("{n} without a known outcome: {reconcile} re-reads the market to settle them · {close} closes"),
            theme.warn(),
        ),
        (false, n, false) => Line::styled(
            format!("{n} without a known outcome; configure the market to reconcile · {close} closes"),
            theme.warn(),
        ),
    };
    frame.render_widget(Paragraph::new(hint), footer);
}
