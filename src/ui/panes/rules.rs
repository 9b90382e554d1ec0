//! The Rules pane: each listing a rule covers, what the rule would do now and why, and the
//! last run's outcome; the status bar says whether auto-run is on and when it runs next.

use crate::app::App;
use crate::app::keymap::{Action, Layer};
use crate::app::panes::assetpay::state::Source;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

pub fn draw_search(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane = &app.rules;
    if pane.list.search_editing {
        return crate::ui::search_field::draw(frame, area, &pane.list.search, theme);
    }
    let key = |action| app.keymap.key_label(Layer::List, action);
    let path = pane.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
    let text = format!(
        "{} review and send   {} auto-run   {} search   rules: {path}",
        key(Action::Details),
        key(Action::AutoRun),
        key(Action::Search)
    );
    frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), area);
}

/// " · 3m": how long ago the item type's price look-up was read; empty before it was.
fn look_up_age(app: &App, item_id: i64) -> String {
    let Some(at) = app.mannco.pricing_at.get(&item_id) else { return String::new() };
    let secs = (app.clock - *at).whole_seconds().max(0);
    match secs {
        0..60 => format!(" · {secs}s"),
        60..3600 => format!(" · {}m", secs / 60),
        _ => format!(" · {}h", secs / 3600),
    }
}

pub fn draw_table(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane = &app.rules;
    if let Source::Unavailable(text) = &pane.source {
        frame.render_widget(Paragraph::new(text.as_str()).wrap(Wrap { trim: false }), area);
        return;
    }
    if let Err(why) = &pane.rules {
        return crate::ui::layout::draw_message(frame, area, vec![Line::styled(why.clone(), theme.warn())]);
    }
    if pane.visible.is_empty() {
        let message = match (pane.list.loaded, pane.run.unmatched) {
            (false, _) => "Reading your listings…".to_string(),
            (true, 0) => "No listing on sale.".to_string(),
            (true, n) => format!("No rule covers your {n} listing(s): they are left alone."),
        };
        return crate::ui::layout::draw_message(frame, area, vec![Line::styled(message, theme.dim())]);
    }
    let window = pane.list.view.window(pane.visible.len(), (area.height as usize).saturating_sub(1));
    let first = window.start;
    let rows = pane.visible[window].iter().enumerate().map(|(i, &index)| {
        let d = &pane.run.decisions[index];
        let money = |c: Option<crate::money::Cents>| c.map(|c| c.to_string()).unwrap_or_default();
        let (now, style) = match d.target {
            Some(t) => (format!("→ {t}"), theme.money()),
            None => ("kept".to_string(), theme.dim()),
        };
        let last = d.ids.iter().find_map(|id| pane.outcomes.get(id)).cloned().unwrap_or_default();
        let row = Row::new(vec![
            Cell::from(format!("{} × {}", d.ids.len(), d.name)),
            Cell::from(money(d.current)),
            Cell::from(now).style(style),
            Cell::from(Line::from(vec![
                Span::raw(money(d.lowest_other)),
                Span::styled(look_up_age(app, d.item_id), theme.dim()),
            ])),
            Cell::from(
                app.mannco.sales.get(&d.item_id).map(|p| crate::ui::sparkline::sparkline(p)).unwrap_or_default(),
            )
            .style(theme.accent()),
            Cell::from(d.note.clone().unwrap_or_default()),
            Cell::from(last),
            Cell::from(d.rule.clone()).style(theme.dim()),
        ]);
        if first + i == pane.list.view.cursor { row.style(theme.cursor()) } else { row }
    });
    let widths = [
        Constraint::Fill(5),
        Constraint::Length(9),
        Constraint::Length(11),
        Constraint::Length(15),
        Constraint::Length(30),
        Constraint::Fill(3),
        Constraint::Fill(2),
        Constraint::Fill(2),
    ];
    let header =
        Row::new(["Listing", "Now", "Rule says", "Others · read", "30 days of sales", "Why", "Last run", "Rule"])
            .style(theme.header());
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
}

pub fn status_spans(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let pane = &app.rules;
    let sep = || Span::styled(" · ", theme.dim());
    let changes = pane.run.decisions.iter().filter(|d| d.target.is_some()).count();
    let mut spans = vec![Span::raw(format!("{} listing(s) · {changes} to change", pane.run.decisions.len()))];
    match pane.auto_next {
        Some(next) => {
            let secs = (next - app.clock).whole_seconds().max(0);
            spans.extend([
                sep(),
                Span::styled(format!("auto-run on, next in {}:{:02}", secs / 60, secs % 60), theme.warn()),
            ]);
        }
        None => spans.extend([sep(), Span::styled("auto-run off", theme.dim())]),
    }
    spans
}
