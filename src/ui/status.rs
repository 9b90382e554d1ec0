//! The top tab bar, the status line and the command hints, all from the app state.

use super::theme::Theme;
use crate::app::inventory::Source;
use crate::app::keymap::Layer;
use crate::app::{App, PANES, PaneId};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use time::OffsetDateTime;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let wide = area.width >= 100;
    let mut spans = vec![Span::styled(" tradedeck ", theme.accent()), Span::raw(" ")];
    let mut tabs = vec![];
    for (i, pane) in PANES.iter().enumerate() {
        let title = match (pane, wide) {
            (PaneId::AssetPay, _) => format!("AssetPay · {}", app.inventory.query.game.label()),
            (_, true) => pane.title().to_string(),
            (PaneId::Mannco(list), false) => list.short_title().into(),
        };
        let style = if i == app.focus { theme.tab_active() } else { theme.dim() };
        let start = area.x + spans.iter().map(|s| s.width() as u16).sum::<u16>();
        let tab = Span::styled(format!(" {} {title} ", i + 1), style);
        tabs.push(start..start + tab.width() as u16);
        spans.push(tab);
        spans.push(Span::raw(" "));
    }
    // Where each tab is, for a click.
    app.screen.borrow_mut().tabs = tabs;
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let mut right = vec![];
    if let (Source::Ready { endpoint }, PaneId::AssetPay, true) = (&app.inventory.source, app.focused(), wide) {
        right.push(Span::styled(format!("{endpoint} "), theme.dim()));
    }
    if app.unanswered > 0 {
        right.push(Span::styled(format!("{} unanswered (J) ", app.unanswered), theme.warn()));
    }
    if app.demo {
        right.push(Span::styled(" DEMO ", theme.demo_badge()));
    }
    frame.render_widget(Paragraph::new(Line::from(right)).alignment(Alignment::Right), area);
}

pub fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let (spans, loading, error) = match app.focused().mannco_list() {
        None => (
            assetpay_spans(app, theme),
            app.inventory.list.loading,
            app.inventory.list.error.as_ref().filter(|_| app.inventory.list.loaded),
        ),
        Some(list) => {
            let pane = app.mannco.pane(list);
            (
                super::mannco::status_spans(app, list, theme),
                pane.list.loading,
                pane.list.error.as_ref().filter(|_| pane.list.loaded),
            )
        }
    };
    let spans = fit_spans(spans, area.width as usize);
    let left_width: usize = spans.iter().map(|s| s.width()).sum();
    let right = if let (true, Some(what)) = (app.quitting, app.money_in_flight()) {
        Some(Span::styled(quitting_message(&what), theme.error()))
    } else if let Some(wait) = &app.rate_wait {
        let secs = (wait.until - app.clock).whole_seconds().max(1);
        Some(Span::styled(format!("waiting {secs}s for the {} rate limit", wait.what), theme.warn()))
    } else if loading {
        Some(Span::styled(format!("{} loading", SPINNER[app.spinner % SPINNER.len()]), theme.accent()))
    } else if let Some(warning) = app.warnings.first() {
        Some(Span::styled(warning.clone(), theme.warn()))
    } else if let Some(notice) = &app.notice {
        Some(Span::styled(notice.clone(), theme.warn()))
    } else {
        error.map(|e| Span::styled(e.clone(), theme.error()))
    };
    match right {
        // A long message gets the whole line rather than being cut to nothing.
        Some(message) if left_width + message.width() + 2 > area.width as usize => {
            frame.render_widget(Paragraph::new(Line::from(message)), area);
        }
        Some(message) => {
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            frame.render_widget(Paragraph::new(Line::from(message)).alignment(Alignment::Right), area);
        }
        None => frame.render_widget(Paragraph::new(Line::from(spans)), area),
    }
}

/// The status parts that fit the width, most important first: a part that does not fit is
/// dropped whole (at its " · " separator), so no number is ever shown cut.
fn fit_spans(mut spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    while spans.iter().map(|s| s.width()).sum::<usize>() > width {
        match spans.iter().rposition(|s| s.content == " · ") {
            Some(i) => spans.truncate(i),
            None => break,
        }
    }
    spans
}

/// Said while tradedeck waits for money calls before quitting.
pub fn quitting_message(what: &str) -> String {
    format!("Quitting once the market answers ({what} in flight) · Ctrl-C again quits now, outcome unknown")
}

/// Most important first: a narrow screen cuts from the end.
fn assetpay_spans(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let pane = &app.inventory;
    if !pane.list.loaded {
        return vec![];
    }
    let sep = || Span::styled(" · ", theme.dim());
    let mut spans = vec![Span::raw(format!("{}/{} items", pane.visible.len(), pane.count))];
    spans.extend([sep(), Span::raw(format!("page {}/{}", pane.query.page, pane.page_count()))]);
    if !pane.selected.is_empty() {
        let text = format!("{} selected {}", pane.selected.len(), pane.selected_total());
        spans.extend([sep(), Span::styled(text, theme.selected())]);
    }
    spans.extend([sep(), Span::raw(format!("sort {}", pane.order.label()))]);
    if let Some(updated) = pane.updated_at {
        spans.extend([sep(), Span::raw(format!("updated {}", age(updated, app.clock)))]);
    }
    if pane.source == (Source::Ready { endpoint: "/client/inventory" }) {
        spans.extend([sep(), Span::raw("collateral "), Span::styled(pane.collateral.to_string(), theme.money())]);
    }
    spans
}

/// The hint bar: the current layer's keys, from the keymap (so a rebound key shows as bound),
/// with help and quit on the lists.
pub fn draw_hints(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let layer = app.layer();
    let focused = app.focused();
    let ready = app.pane_ready(focused);
    let mut pairs = match layer {
        Layer::List if !ready => vec![],
        Layer::List => app.keymap.hints(Layer::List, |action| focused.answers(action)),
        layer => app.keymap.hints(layer, |action| app.overlay.as_ref().is_none_or(|o| o.offers(action))),
    };
    if layer == Layer::List {
        pairs.extend(app.keymap.hints(Layer::Global, |_| true));
    }
    let pairs = fit_hints(pairs, area.width as usize);
    let mut spans = vec![];
    for (keys, hint) in pairs {
        spans.push(Span::styled(keys, theme.accent()));
        spans.push(Span::styled(format!(" {hint}  "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The hints that fit the width: help and quit always stay; others are dropped from the end
/// of the list, whole, rather than cut.
fn fit_hints(mut pairs: Vec<(String, &str)>, width: usize) -> Vec<(String, &str)> {
    use unicode_width::UnicodeWidthStr;
    // "keys hint  " each; the last pair's two trailing spaces may fall off the edge.
    let used = |pairs: &[(String, &str)]| {
        pairs.iter().map(|(k, h)| k.width() + h.width() + 3).sum::<usize>().saturating_sub(2)
    };
    while used(&pairs) > width {
        match pairs.iter().rposition(|(_, hint)| !matches!(*hint, "help" | "quit")) {
            Some(i) => {
                pairs.remove(i);
            }
            None => break,
        }
    }
    pairs
}

/// "42s ago", "6m ago", "3h ago", "2d ago".
pub fn age(then: OffsetDateTime, now: OffsetDateTime) -> String {
    let secs = (now - then).whole_seconds().max(0);
    match secs {
        0..=59 => format!("{secs}s ago"),
        60..=3599 => format!("{}m ago", secs / 60),
        3600..=86_399 => format!("{}h ago", secs / 3600),
        _ => format!("{}d ago", secs / 86_400),
    }
}
