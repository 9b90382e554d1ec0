//! The History pane: the ledger's entries (only the rows in view are built), the range's P&L
//! on the status line, `v` the value over time as a Braille line chart, an entry in full, and
//! the `$` cost dialog.

use crate::app::App;
use crate::app::keymap::{Action, Layer};
use crate::ledger::{Entry, Kind};
use crate::money::Cents;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Cell, Chart, Dataset, GraphType, Paragraph, Row, Table};

pub fn draw_search(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane = &app.history;
    if pane.list.search_editing {
        return crate::ui::search_field::draw(frame, area, &pane.list.search, theme);
    }
    let key = |action| app.keymap.key_label(Layer::List, action);
    let mut spans = vec![Span::styled(format!("{} · {}", pane.range.label(), pane.sort.label()), theme.accent())];
    match pane.list.search.value().trim() {
        "" => spans.push(Span::styled(
            format!(
                "   {} search  {}{} range  {} chart  {} cost  {} details",
                key(Action::Search),
                key(Action::PrevPage),
                key(Action::NextPage),
                key(Action::ValueChart),
                key(Action::SetCost),
                key(Action::Details)
            ),
            theme.dim(),
        )),
        text => {
            spans.extend([Span::styled("   search ", theme.dim()), Span::styled(format!("\"{text}\""), theme.accent())])
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn kind_style(entry: &Entry, theme: &Theme) -> Style {
    match entry.kind {
        Kind::Sold | Kind::SoldToAssetpay if entry.realised() => theme.good(),
        Kind::Sold | Kind::SoldToAssetpay => theme.warn(),
        Kind::Bought => theme.accent(),
        _ => theme.dim(),
    }
}

pub fn money(c: Option<Cents>) -> String {
    c.map(|c| c.to_string()).unwrap_or_else(|| "—".into())
}

/// "2026-11-03 10:00" in UTC.
pub fn when(at: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp(at).ok().and_then(|t| t.format(&format).ok()).unwrap_or_default()
}

pub fn draw_table(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane = &app.history;
    if pane.chart {
        return draw_chart(frame, area, app, theme);
    }
    if pane.visible.is_empty() {
        let message = match (&pane.list.error, pane.list.loaded) {
            (Some(e), _) => Line::styled(e.clone(), theme.error()),
            (None, false) => Line::styled("Reading the ledger…", theme.dim()),
            _ if !pane.list.search.value().trim().is_empty() => {
                Line::styled("No entries match the search.", theme.dim())
            }
            _ => Line::styled(
                format!(
                    "Nothing in {}: sales, purchases, listings and withdrawals land here as they happen ({} for a longer range).",
                    pane.range.label(),
                    app.keymap.key_label(Layer::List, Action::NextPage)
                ),
                theme.dim(),
            ),
        };
        return crate::ui::layout::draw_message(frame, area, vec![message]);
    }
    let wide = area.width >= 110;
    let window = pane.list.view.window(pane.visible.len(), (area.height as usize).saturating_sub(1));
    let first = window.start;
    let rows = pane.visible[window].iter().enumerate().map(|(i, &index)| {
        let e = &pane.view.entries[index];
        let mut cells = vec![
            Cell::from(when(e.at)).style(theme.dim()),
            Cell::from(e.kind.label()).style(kind_style(e, theme)),
            Cell::from(e.name.clone()),
            Cell::from(money(e.price)).style(theme.money()),
            Cell::from(money(e.credit)),
        ];
        if wide {
            cells.insert(1, Cell::from(e.market.as_str()));
            cells.push(Cell::from(e.status.clone().unwrap_or_default()));
        }
        let row = Row::new(cells);
        if first + i == pane.list.view.cursor { row.style(theme.cursor()) } else { row }
    });
    let mut widths = vec![
        Constraint::Length(16),
        Constraint::Length(16),
        Constraint::Fill(1),
        Constraint::Length(11),
        Constraint::Length(11),
    ];
    let mut header = vec!["When (UTC)", "Kind", "Item", "Price", "Credit"];
    if wide {
        widths.insert(1, Constraint::Length(8));
        header.insert(1, "Market");
        widths.push(Constraint::Length(10));
        header.push("Status");
    }
    let table = Table::new(rows, widths).header(Row::new(header).style(theme.header())).column_spacing(1);
    frame.render_widget(table, area);
}

/// The value of every account together over the range: a Braille line, dollars up the side,
/// dates along the bottom.
fn draw_chart(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane = &app.history;
    let series = &pane.view.value;
    if series.len() < 2 {
        let text = format!(
            "{} value point(s) in {}: the chart needs two. A point is kept each time an inventory or the Mannco listings are read in full (at most one an hour).",
            series.len(),
            pane.range.label()
        );
        return crate::ui::layout::draw_message(frame, area, vec![Line::styled(text, theme.dim())]);
    }
    let points: Vec<(f64, f64)> = series.iter().map(|(at, total)| (*at as f64, total.0 as f64 / 100.0)).collect();
    let (x0, x1) = (points[0].0, points[points.len() - 1].0.max(points[0].0 + 1.0));
    let lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.1).max(1.0);
    let (y0, y1) = ((lo - pad).max(0.0), hi + pad);
    let day = |x: f64| {
        let format = time::macros::format_description!("[month]-[day]");
        time::OffsetDateTime::from_unix_timestamp(x as i64)
            .ok()
            .and_then(|t| t.format(&format).ok())
            .unwrap_or_default()
    };
    let dollars = |y: f64| format!("${y:.0}");
    let dataset = Dataset::default()
        .name("all accounts")
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(theme.money())
        .data(&points);
    let chart = Chart::new(vec![dataset])
        .block(Block::bordered().title(format!(" Value, {} ", pane.range.label())).border_style(theme.dim()))
        .x_axis(Axis::default().bounds([x0, x1]).labels([day(x0), day((x0 + x1) / 2.0), day(x1)]).style(theme.dim()))
        .y_axis(
            Axis::default()
                .bounds([y0, y1])
                .labels([dollars(y0), dollars((y0 + y1) / 2.0), dollars(y1)])
                .style(theme.dim()),
        );
    frame.render_widget(chart, area);
}

/// The status line: the range's realised P&L and what is held.
pub fn status_spans(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let pane = &app.history;
    if !pane.list.loaded {
        return vec![];
    }
    let sep = || Span::styled(" · ", theme.dim());
    let pnl = &pane.view.pnl;
    let profit = match pnl.profit {
        Some(p) => Span::styled(format!("profit {p}"), if p.0 < 0 { theme.bad() } else { theme.good() }),
        None => Span::styled(
            format!(
                "profit unknown ({} sale(s) without a cost; {} on the rest)",
                pnl.without_cost, pnl.profit_of_known
            ),
            theme.warn(),
        ),
    };
    let mut spans = vec![Span::raw(format!("{}/{} entries", pane.visible.len(), pane.view.entries.len())), sep()];
    if pnl.sales == 0 {
        spans.push(Span::styled(format!("no completed sales in {}", pane.range.label()), theme.dim()));
    } else {
        spans.extend([
            Span::raw(format!("{} sale(s) ", pnl.sales)),
            Span::styled(format!("credit {}", pnl.credit), theme.money()),
            sep(),
            profit,
        ]);
    }
    let held = &pane.view.unrealised;
    if held.items > 0 {
        spans.extend([sep(), Span::raw(format!("held {} worth {}", held.items, held.value))]);
    }
    if let Some(note) = pane.view.notes.first() {
        spans.extend([sep(), Span::styled(note.clone(), theme.warn())]);
    }
    spans
}
