//! A trade's details.

use crate::api::assetpay::Trade;
use crate::ui::overlay::centered;
use crate::ui::panes::trades::{countdown, credited, status_style};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use time::OffsetDateTime;

/// One trade: its item lines, money, Steam offer and hold.
pub fn draw(frame: &mut Frame, area: Rect, trade: Option<&Trade>, now: OffsetDateTime, theme: &Theme) {
    let Some(t) = trade else { return };
    let money = |p: Option<crate::money::Usd>| p.map(|p| p.to_string()).unwrap_or_else(|| "—".into());
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Status       ", theme.dim()),
            Span::styled(t.status.label().to_string(), status_style(&t.status, theme)),
        ]),
        Line::from(vec![Span::styled("Total        ", theme.dim()), Span::styled(money(t.total_price), theme.money())]),
        Line::raw(format!("Pre-credit   {}   pending credit {}", money(t.pre_credit), money(t.pending_credit))),
        Line::from(vec![
            Span::styled("Credited     ", theme.dim()),
            Span::styled(credited(t).to_string(), theme.money()),
        ]),
        Line::raw(format!("Steam offer  {}", t.offer_id.as_deref().unwrap_or("not sent yet"))),
    ];
    if let Some(end) = t.hold_end_date {
        let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
        lines.push(Line::raw(format!(
            "Hold ends    {} ({})",
            end.format(&format).unwrap_or_default(),
            countdown(end, now)
        )));
    }
    if let Some(ext) = &t.external_id {
        lines.push(Line::raw(format!("Reference    {ext}")));
    }
    if let Some(error) = &t.error {
        lines.push(Line::styled(format!("Reason       {error}"), theme.error()));
    }
    lines.push(Line::raw(""));
    for item in &t.items {
        let name = item.name.as_deref().or(item.market_hash_name.as_deref()).unwrap_or(&item.id);
        let price = item.offer.as_ref().and_then(|o| o.price).map(|p| p.to_string()).unwrap_or_default();
        let amount = item.amount.filter(|a| *a > 1).map(|a| format!("{a} × ")).unwrap_or_default();
        lines.push(Line::from(vec![Span::raw(format!("  {amount}{name}  ")), Span::styled(price, theme.money())]));
    }
    let rect = centered(area, 90, (lines.len() as u16 + 2).min(area.height));
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(format!(" Trade {} ", t.id)).border_style(theme.accent());
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}
