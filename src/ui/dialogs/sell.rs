//! The sell dialog: the preview item by item, the total and delivery, then each sale's trade;
//! a sale refused for moved offers shows them old → new before asking again.

use crate::app::dialogs::sell::{SellDialog, SellStage};
use crate::app::keymap::{Action, Keymap, Layer};
use crate::trade::sell::{PreviewLine, SellOutcome};
use crate::ui::overlay::centered;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// One item of a preview: its offer, or why it is not sold.
fn preview_line(l: &PreviewLine, theme: &Theme) -> Line<'static> {
    let price = l.price.map(|p| p.to_string()).unwrap_or_else(|| "—".into());
    let amount = if l.amount > 1 { format!("{} × ", l.amount) } else { String::new() };
    match &l.refused {
        None => Line::from(vec![Span::raw(format!("  {amount}{}  ", l.name)), Span::styled(price, theme.money())]),
        Some(why) => Line::styled(format!("  {amount}{}  {price}  not sold: {why}", l.name), theme.warn()),
    }
}

/// A message a clause a line (at ": " and ". "), so a long one is never cut at the border.
fn clauses(text: &str, style: ratatui::style::Style) -> Vec<Line<'static>> {
    text.split_inclusive(": ")
        .flat_map(|part| part.split_inclusive(". "))
        .map(|part| Line::styled(format!("  {}", part.trim()), style))
        .collect()
}

fn result_lines(d: &SellDialog, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![];
    for (external_id, outcome) in &d.results {
        match outcome {
            SellOutcome::Sold { trade, how } => {
                let total = trade.total_price.map(|p| p.to_string()).unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::styled(format!("  trade {}  ", trade.id), theme.good()),
                    Span::raw(format!("{} item(s)  ", trade.items.len())),
                    Span::styled(total, theme.money()),
                    Span::raw(format!("  {}", trade.status.label())),
                ]));
                for related in &trade.related_trades {
                    let total = related.total_price.map(|p| p.to_string()).unwrap_or_default();
                    lines.push(Line::raw(format!(
                        "    split into trade {}  {} item(s)  {total}  {}",
                        related.id,
                        related.items.len(),
                        related.status.label()
                    )));
                }
                lines.push(Line::styled(format!("    {}", how.describe()), theme.dim()));
            }
            SellOutcome::Refused(e) => lines.extend(clauses(&format!("not sold: {e}"), theme.error())),
            SellOutcome::Unknown(e) => lines.extend(clauses(
                &format!("outcome unknown ({e}); reference {external_id}: J then r looks it up"),
                theme.warn(),
            )),
        }
    }
    lines
}

/// Returns its window: what fits, and where scrolling ends.
pub fn draw(frame: &mut Frame, area: Rect, d: &SellDialog, keys: &Keymap, theme: &Theme) -> crate::app::drawn::Window {
    let key = |action| keys.key_label(Layer::Review, action);
    let (head, items) = head_and_items(d, theme);
    let length = head.len() + items.len();
    let footer = footer(d, keys, theme);
    let rect = centered(area, 100, (length + footer.len() + 4).min(area.height.saturating_sub(2) as usize) as u16);
    frame.render_widget(Clear, rect);
    let title = format!(" Sell {} item(s) to AssetPay ", d.preview.lines.len());
    let block = Block::bordered().title(title).border_style(theme.accent());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [top, bottom] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(footer.len() as u16 + 1)]).areas(inner);
    // Scrolled when longer than the dialog; the drawing reports what fits.
    let fits = top.height as usize;
    let max_scroll = length.saturating_sub(fits);
    let window = crate::app::drawn::Window { page: fits.max(1), max_scroll };
    let scroll = d.scroll.min(max_scroll);
    let line = |i: usize| match head.get(i) {
        Some(line) => line.clone(),
        None => preview_line(&items[i - head.len()], theme),
    };
    let mut body: Vec<Line> = (scroll..(scroll + fits).min(length)).map(line).collect();
    if max_scroll > 0 {
        let (down, up) = (key(Action::Down), key(Action::Up));
        if let Some(last) = body.get_mut(fits.saturating_sub(1)) {
            *last = Line::styled(format!("  … {down}/{up} scroll",), theme.accent());
        }
    }
    frame.render_widget(Paragraph::new(body), top);
    frame.render_widget(Paragraph::new(footer).wrap(Wrap { trim: true }), bottom);
    window
}

/// A few lines first (the refusal, the results), then the preview's items: only those in
/// view are built, whatever the size of the sale.
fn head_and_items<'a>(d: &'a SellDialog, theme: &Theme) -> (Vec<Line<'static>>, &'a [PreviewLine]) {
    match (&d.stage(), &d.revision) {
        (SellStage::AskingAgain, Some(revision)) => {
            let mut lines = clauses(&revision.refusal, theme.error());
            lines.push(Line::raw(""));
            for r in &revision.revised {
                let new = r.new.map(|p| p.to_string()).unwrap_or_else(|| "no longer offered".into());
                lines.push(Line::from(vec![
                    Span::raw(format!("  {}  ", r.name)),
                    Span::styled(format!("{} → {new}", r.old), theme.warn()),
                ]));
            }
            lines.push(Line::raw(""));
            (lines, &revision.preview.lines)
        }
        (SellStage::Confirming, _) => (vec![], &d.preview.lines),
        _ => {
            let mut lines = result_lines(d, theme);
            if d.in_flight > 0 {
                lines
                    .push(Line::styled(format!("  sending… {} sale(s) not answered yet", d.in_flight), theme.accent()));
            }
            (lines, &[])
        }
    }
}

/// The question or the state, and the keys that answer it.
fn footer(d: &SellDialog, keys: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let key = |action| keys.key_label(Layer::Review, action);
    let delivery = if d.instant { "instant" } else { "standard delivery" };
    match d.stage() {
        SellStage::Confirming => vec![
            Line::styled(
                format!(
                    "Sell {} item(s) to AssetPay for {} ({delivery})?",
                    d.preview.selling().count(),
                    d.preview.total()
                ),
                theme.warn(),
            ),
            Line::styled(
                format!(
                    "{} sends · {} instant / standard · {} goes back",
                    key(Action::Confirm),
                    key(Action::Instant),
                    key(Action::Back)
                ),
                theme.accent(),
            ),
        ],
        SellStage::AskingAgain => {
            let total = d.revision.as_ref().map(|r| r.preview.total()).unwrap_or_default();
            vec![
                Line::styled(format!("AssetPay's offers moved. Sell at the new offers, {total} in all?"), theme.warn()),
                Line::styled(
                    format!(
                        "{} sells at the new offers · {} keeps them unsold",
                        key(Action::Confirm),
                        key(Action::Back)
                    ),
                    theme.accent(),
                ),
            ]
        }
        SellStage::Sending => vec![Line::styled(
            format!(
                "Sending… {} or {} quits once AssetPay answers",
                keys.key_label(Layer::Global, Action::Quit),
                keys.key_label(Layer::Global, Action::ForceQuit)
            ),
            theme.accent(),
        )],
        SellStage::Done => {
            vec![Line::styled(format!("{} closes · the Trades pane (4) follows them", key(Action::Close)), theme.dim())]
        }
    }
}
