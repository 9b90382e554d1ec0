//! The Trades pane: search line, the trades newest first (only the rows in view are built),
//! the status bar's part, and a trade's details.

use crate::api::assetpay::{Trade, TradeStatus};
use crate::app::App;
use crate::app::keymap::{Action, Layer};
use crate::app::panes::assetpay::state::Source;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};
use time::OffsetDateTime;

pub fn draw_search(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane = &app.trades;
    if pane.list.search_editing {
        return crate::ui::search_field::draw(frame, area, &pane.list.search, theme);
    }
    let line = match pane.list.search.value().trim() {
        "" => {
            let key = |action| app.keymap.key_label(Layer::List, action);
            let text = format!(
                "{} search   {} details   {} refresh   followed every 5 s while a trade is in flight",
                key(Action::Search),
                key(Action::Details),
                key(Action::Refresh)
            );
            Line::styled(text, theme.dim())
        }
        text => {
            Line::from(vec![Span::styled("search ", theme.dim()), Span::styled(format!("\"{text}\""), theme.accent())])
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

pub fn status_style(status: &TradeStatus, theme: &Theme) -> Style {
    match status {
        TradeStatus::Completed => theme.good(),
        TradeStatus::Failed | TradeStatus::Canceled | TradeStatus::Declined | TradeStatus::Reverted => theme.bad(),
        TradeStatus::Hold => theme.warn(),
        _ => theme.accent(),
    }
}

/// "in 6d 23h", "in 12s", or "ended".
pub fn countdown(end: OffsetDateTime, now: OffsetDateTime) -> String {
    crate::trade::time_until(end, now).map_or("ended".into(), |left| format!("in {left}"))
}

pub fn draw_table(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane = &app.trades;
    if let Source::Unavailable(text) = &pane.source {
        frame.render_widget(Paragraph::new(text.as_str()).wrap(Wrap { trim: false }), area);
        return;
    }
    if pane.visible.is_empty() {
        let message = match (&pane.list.error, pane.list.loaded, pane.list.loading) {
            (_, false, true) => vec![Line::styled("Loading trades…", theme.dim())],
            (Some(e), _, _) => vec![Line::styled(e.clone(), theme.error())],
            _ if !pane.list.search.value().trim().is_empty() => {
                vec![Line::styled("No trades match the search.", theme.dim())]
            }
            _ => {
                let sell = app.keymap.key_label(Layer::List, Action::Sell);
                vec![Line::styled(
                    format!("No trades yet. Select items in the AssetPay pane (1) and press {sell} to sell them."),
                    theme.dim(),
                )]
            }
        };
        return crate::ui::layout::draw_message(frame, area, message);
    }
    let wide = area.width >= 100;
    let window = pane.list.view.window(pane.visible.len(), (area.height as usize).saturating_sub(1));
    let first = window.start;
    let now = app.clock;
    let rows = pane.visible[window].iter().enumerate().map(|(i, &index)| {
        let t = &pane.trades[index];
        let money = |p: Option<crate::money::Usd>| p.map(|p| p.to_string()).unwrap_or_default();
        let mut cells = vec![
            Cell::from(t.id.clone()),
            Cell::from(t.status.label().to_string()).style(status_style(&t.status, theme)),
            Cell::from(t.items.len().to_string()),
            Cell::from(money(t.total_price)).style(theme.money()),
        ];
        if wide {
            cells.push(Cell::from(money(t.pre_credit)));
            cells.push(Cell::from(t.offer_id.clone().unwrap_or_default()));
        }
        let hold = match (&t.status, t.hold_end_date) {
            (TradeStatus::Hold, Some(end)) => format!("hold ends {}", countdown(end, now)),
            _ => String::new(),
        };
        cells.push(Cell::from(hold));
        let row = Row::new(cells);
        if first + i == pane.list.view.cursor { row.style(theme.cursor()) } else { row }
    });
    let mut widths =
        vec![Constraint::Length(14), Constraint::Length(10), Constraint::Length(5), Constraint::Length(11)];
    let mut header = vec!["Trade", "Status", "Items", "Total"];
    if wide {
        widths.extend([Constraint::Length(11), Constraint::Length(14)]);
        header.extend(["Pre-credit", "Steam offer"]);
    }
    widths.push(Constraint::Fill(1));
    header.push("Hold");
    let table = Table::new(rows, widths).header(Row::new(header).style(theme.header())).column_spacing(1);
    frame.render_widget(table, area);
}

pub fn status_spans(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let pane = &app.trades;
    if !pane.list.loaded {
        return vec![];
    }
    let sep = || Span::styled(" · ", theme.dim());
    let in_flight = pane.trades.iter().filter(|t| t.status.in_flight()).count();
    let mut spans =
        vec![Span::raw(format!("{}/{} trades · {in_flight} in flight", pane.visible.len(), pane.trades.len()))];
    // What the trades have credited: the pre-credit at once, the rest once the hold ends.
    let credited: crate::money::Usd = pane.trades.iter().map(credited).sum();
    spans.extend([sep(), Span::raw("credited "), Span::styled(credited.to_string(), theme.money())]);
    if let Some(b) = &pane.balance {
        spans.extend([sep(), Span::raw("balance "), Span::styled(b.balance.to_string(), theme.money())]);
        spans.extend([sep(), Span::raw(format!("pending {}", b.pending_balance))]);
        spans.extend([sep(), Span::raw(format!("escrow {}", b.escrow_balance))]);
    }
    spans
}

/// What a trade has credited so far: its pre-credit, and its pending credit once completed.
pub fn credited(t: &Trade) -> crate::money::Usd {
    let zero = crate::money::Usd::ZERO;
    match t.status {
        TradeStatus::Completed => t.pre_credit.unwrap_or(zero) + t.pending_credit.unwrap_or(zero),
        TradeStatus::Failed | TradeStatus::Canceled | TradeStatus::Declined | TradeStatus::Reverted => zero,
        _ => t.pre_credit.unwrap_or(zero),
    }
}
