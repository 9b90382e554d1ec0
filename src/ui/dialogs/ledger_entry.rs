//! A ledger entry in full.

use crate::ledger::Entry;
use crate::ui::overlay::centered;
use crate::ui::panes::history::money;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// One entry in full: every field, nothing cut.
pub fn draw(frame: &mut Frame, area: Rect, e: &Entry, theme: &Theme) {
    let field = |label: &str, value: String| {
        Line::from(vec![Span::styled(format!("{label:<12} "), theme.dim()), Span::raw(value)])
    };
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    let at = time::OffsetDateTime::from_unix_timestamp(e.at).ok().and_then(|t| t.format(&format).ok());
    let mut lines = vec![
        field("Item", e.name.clone()),
        field("What", e.kind.label().to_string()),
        field("When", at.unwrap_or_default()),
        field("Market", format!("{} · account {}", e.market.as_str(), e.account)),
        field("Price", money(e.price)),
        field("Fee", money(e.fee)),
        field("Credit", money(e.credit)),
    ];
    if let Some(id) = &e.asset_id {
        lines.push(field("Asset id", id.clone()));
    }
    if let Some(status) = &e.status {
        let realised = if e.realised() { "the money is in" } else { "not yet in" };
        lines.push(field("Status", format!("{status} ({realised})")));
    }
    lines.push(field("From", format!("{} · {}", e.source, e.source_key)));
    let rect = centered(area, 90, (lines.len() as u16 + 2).min(area.height));
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Ledger entry ").border_style(theme.accent());
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}
