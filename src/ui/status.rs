//! The top tab bar, the status line and the command hints, all from the app state.

use super::theme::Theme;
use crate::api::mannco::ManncoList;
use crate::app::keymap::{Action, Layer};
use crate::app::panes::assetpay::state::Source;
use crate::app::{App, PANES, PaneId};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use time::OffsetDateTime;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The tab bar: full titles when they fit beside the badges on the right, else short ones,
/// else the shortest; the endpoint only when there is room for it too.
/// Returns where each tab is, for a click.
pub fn draw_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) -> Vec<std::ops::Range<u16>> {
    let mut badges = vec![];
    // Auto-run is said on every pane: it sends prices without asking.
    if let Some(next) = app.rules.auto_next {
        let secs = (next - app.clock).whole_seconds().max(0);
        badges.push(Span::styled(format!("auto-run {}:{:02} ", secs / 60, secs % 60), theme.warn()));
    }
    if app.unanswered > 0 {
        badges.push(Span::styled(format!("{} unanswered (J) ", app.unanswered), theme.warn()));
    }
    if app.demo {
        badges.push(Span::styled(" DEMO ", theme.demo_badge()));
    }
    let badges_width: usize = badges.iter().map(|s| s.width()).sum();
    // 2: full titles, 1: short ones, 0: the shortest.
    let tabs_of = |length: u8| -> Vec<Span<'static>> {
        let mut spans = vec![Span::styled(" tradedeck ", theme.accent()), Span::raw(" ")];
        for (i, pane) in PANES.iter().enumerate() {
            let game = app.inventory.query.game.label();
            let title = match (pane, length) {
                (PaneId::AssetPay, 0) => game.to_string(),
                (PaneId::AssetPay, _) => format!("AssetPay · {game}"),
                (_, 2) => pane.title().to_string(),
                (_, 1) => pane.short_title().to_string(),
                (PaneId::Mannco(ManncoList::OnSale), _) => "Sale".into(),
                (PaneId::Mannco(ManncoList::Inventory), _) => "Inv".into(),
                _ => pane.short_title().to_string(),
            };
            let style = if i == app.focus { theme.tab_active() } else { theme.dim() };
            spans.push(Span::styled(format!(" {} {title} ", i + 1), style));
            spans.push(Span::raw(" "));
        }
        spans
    };
    let width = |spans: &[Span]| spans.iter().map(|s| s.width()).sum::<usize>();
    let fits = |spans: &Vec<Span>| width(spans) + badges_width <= area.width as usize;
    let spans = [tabs_of(2), tabs_of(1)].into_iter().find(fits).unwrap_or_else(|| tabs_of(0));
    // Where each tab is, for a click.
    let mut tabs = vec![];
    let mut x = area.x;
    for (i, span) in spans.iter().enumerate() {
        let w = span.width() as u16;
        if i >= 2 && i % 2 == 0 {
            tabs.push(x..x + w);
        }
        x = x.saturating_add(w);
    }
    let used = width(&spans);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let mut right = vec![];
    if let (Source::Ready { endpoint }, PaneId::AssetPay) = (&app.inventory.source, app.focused())
        && used + badges_width + endpoint.len() < area.width as usize
    {
        right.push(Span::styled(format!("{endpoint} "), theme.dim()));
    }
    right.extend(badges);
    frame.render_widget(Paragraph::new(Line::from(right)).alignment(Alignment::Right), area);
    tabs
}

pub fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let spans = match app.focused() {
        PaneId::AssetPay => assetpay_spans(app, theme),
        PaneId::Mannco(list) => crate::ui::panes::mannco::status_spans(app, list, theme),
        PaneId::Trades => crate::ui::panes::trades::status_spans(app, theme),
        PaneId::Rules => crate::ui::panes::rules::status_spans(app, theme),
        PaneId::History => crate::ui::panes::history::status_spans(app, theme),
    };
    let list = app.pane(app.focused()).list();
    let (loading, error) = (list.loading, list.error.as_ref().filter(|_| list.loaded));
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
        Layer::List => app.keymap.hints(Layer::List, |action| {
            // A whole inventory loaded has no pages to turn.
            let no_pages = action == Action::PrevPage && focused == PaneId::AssetPay && app.inventory.is_local();
            focused.answers(action) && !no_pages
        }),
        layer => app.keymap.hints(layer, |action| app.overlay.as_ref().is_none_or(|o| o.offers(action))),
    };
    if layer == Layer::List {
        pairs.extend(app.keymap.hints(Layer::Global, |_| true));
    }
    // In the History pane the page keys change the range.
    if layer == Layer::List && focused == PaneId::History {
        for pair in pairs.iter_mut().filter(|(_, hint)| *hint == "page") {
            pair.1 = "range";
        }
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
