//! The pricing dialog: rule, preview, confirmation, progress, result.

use crate::app::dialogs::pricing::{CallResult, Field, Outcome, PricingDialog, Settled, Stage};
use crate::app::keymap::{Action, Keymap, Layer};
use crate::app::panes::mannco::state::ManncoState;
use crate::money::Cents;
use crate::ui::overlay::centered;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table, Wrap};
use std::collections::HashMap;

/// The keys that page the preview in the dialog's current layer ("PgDn/PgUp").
fn scroll_keys(keys: &Keymap, d: &PricingDialog) -> String {
    let layer = if d.stage == Stage::Editing { Layer::Pricing } else { Layer::Review };
    format!("{}/{}", keys.key_label(layer, Action::PageDown), keys.key_label(layer, Action::PageUp))
}

/// The keys that quit while money calls are in flight ("q or Ctrl-C").
pub fn quit_keys(keys: &Keymap) -> String {
    format!("{} or {}", keys.key_label(Layer::Global, Action::Quit), keys.key_label(Layer::Global, Action::ForceQuit))
}

pub fn dialog_block<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::bordered().title(format!(" {title} ")).border_style(theme.accent())
}

/// `quitting` says what is in flight while tradedeck waits for it before quitting.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    d: &PricingDialog,
    m: &ManncoState,
    quitting: Option<&str>,
    keys: &Keymap,
    theme: &Theme,
) -> Option<crate::app::drawn::Window> {
    let balance_now = m.balance;
    let rect = centered(area, 110, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let block = dialog_block(format!("Price {} item(s) on Mannco", d.item_count()), theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [form, preview, footer] =
        Layout::vertical([Constraint::Length(6), Constraint::Fill(1), Constraint::Length(3)]).areas(inner);
    draw_form(frame, form, d, m, theme);
    let window = match &d.stage {
        Stage::Editing | Stage::ConfirmingDrops | Stage::ConfirmingFill | Stage::Confirming { .. } => {
            draw_preview(frame, preview, d, &scroll_keys(keys, d), theme)
        }
        Stage::Submitting { results } | Stage::Done { results } => {
            draw_results(frame, preview, d, results, balance_now, &scroll_keys(keys, d), theme)
        }
    };
    let footer_lines = pricing_footer(d, balance_now, quitting, keys, theme);
    frame.render_widget(Paragraph::new(footer_lines).wrap(Wrap { trim: true }), footer);
    Some(window)
}

/// The pricing dialog's last lines: the totals and the keys while editing, the question while
/// confirming, the progress and the balance once sent.
fn pricing_footer(
    d: &PricingDialog,
    balance_now: Option<Cents>,
    quitting: Option<&str>,
    keys: &Keymap,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let review = |action| keys.key_label(Layer::Review, action);
    match &d.stage {
        Stage::Editing => vec![totals_line(d, theme), editing_hint(d, keys, theme)],
        Stage::ConfirmingDrops => drops_footer(d, review(Action::Confirm), review(Action::Back), theme),
        Stage::ConfirmingFill => fill_footer(d, review(Action::Confirm), review(Action::Back), theme),
        Stage::Confirming { .. } => confirm_footer(d, review(Action::Confirm), review(Action::Back), theme),
        Stage::Submitting { results } => sending_footer(d, results, quitting, keys, theme),
        Stage::Done { results } => {
            let mut lines = vec![summary_line(results, theme)];
            if let (Some(before), Some(now)) = (d.balance_before, balance_now) {
                lines.push(Line::raw(format!("Balance {before} → {now}")));
            }
            let close = review(Action::Close);
            lines.push(Line::styled(format!("{close} closes · failed items stay selected, marked !"), theme.dim()));
            lines
        }
    }
}

/// While editing: why Enter does nothing now, else the keys.
fn editing_hint(d: &PricingDialog, keys: &Keymap, theme: &Theme) -> Line<'static> {
    if let Some(e) = &d.error {
        return Line::styled(e.clone(), theme.error());
    }
    let k = |action| keys.key_label(Layer::Pricing, action);
    let text = format!(
        "{} field · {}/{} rule · {}/{} scroll · {} review · {} cancel",
        k(Action::NextField),
        k(Action::PrevRule),
        k(Action::NextRule),
        k(Action::PageDown),
        k(Action::PageUp),
        k(Action::Review),
        k(Action::Cancel)
    );
    Line::styled(text, theme.dim())
}

fn drops_footer(d: &PricingDialog, confirm: String, back: String, theme: &Theme) -> Vec<Line<'static>> {
    let items: usize = d.preview.big_drops().iter().map(|l| l.ids.len()).sum();
    vec![
        Line::styled(
            format!(
                "{items} item(s) above would sell more than {}% below their current listing or suggested price.",
                d.guards.max_drop_percent
            ),
            theme.error(),
        ),
        Line::styled(
            format!("{confirm} accepts these drops · {back} goes back to change the rule or set a floor"),
            theme.accent(),
        ),
    ]
}

/// Lines at or under the highest buy order: the bid each sells at, and what it pays.
fn fill_footer(d: &PricingDialog, confirm: String, back: String, theme: &Theme) -> Vec<Line<'static>> {
    let lines: Vec<&crate::trade::pricing::Line> = d.preview.lines.iter().filter(|l| l.under_bid.is_some()).collect();
    let items: usize = lines.iter().map(|l| l.ids.len()).sum();
    let bids: Vec<String> = lines
        .iter()
        .filter_map(|l| l.under_bid.map(|bid| format!("{bid} (you receive {} each)", bid.after_fee())))
        .collect();
    vec![
        Line::styled(
            format!(
                "{items} item(s) above are at or under the buy order at {}: they would sell at once.",
                bids.join(", ")
            ),
            theme.error(),
        ),
        Line::styled(
            format!("{confirm} sells them into the buy order, at the bid · {back} goes back to price above it"),
            theme.accent(),
        ),
    ]
}

fn confirm_footer(d: &PricingDialog, confirm: String, back: String, theme: &Theme) -> Vec<Line<'static>> {
    let fills = match d.preview.fills() {
        0 => String::new(),
        n => format!("; {n} sell now into buy orders"),
    };
    let question = format!(
        "List {} item(s) for {} in all? You receive {} if every item sells{fills}.",
        d.preview.items_sent(),
        d.preview.total(),
        d.preview.total_receive(),
    );
    let keys = if d.starts_auto_run {
        format!("{confirm} sends it and turns auto-run on (then the rules send without asking) · {back} goes back")
    } else {
        format!("{confirm} sends · {back} goes back")
    };
    vec![Line::styled(question, theme.warn()), Line::styled(keys, theme.accent())]
}

fn sending_footer(
    d: &PricingDialog,
    results: &[CallResult],
    quitting: Option<&str>,
    keys: &Keymap,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let done: usize = results.iter().map(|r| r.ids.len()).sum();
    let sending = format!("Sending… {done}/{} items answered", d.preview.items_sent());
    vec![
        Line::styled(sending, theme.accent()),
        match quitting {
            Some(what) => Line::styled(crate::ui::status::quitting_message(what), theme.error()),
            None => Line::styled(format!("{} quits once every call is answered", quit_keys(keys)), theme.dim()),
        },
    ]
}

fn draw_form(frame: &mut Frame, area: Rect, d: &PricingDialog, m: &ManncoState, theme: &Theme) {
    let label = |field: Field, text: &str| {
        let focused = d.focus == field && d.stage == Stage::Editing;
        Span::styled(
            format!("{} {text:<9}", if focused { "›" } else { " " }),
            if focused { theme.accent() } else { theme.dim() },
        )
    };
    let mut lines = vec![Line::from(vec![label(Field::Rule, "Rule"), Span::raw(format!("‹ {} ›", d.rule.label()))])];
    if let Some(amount) = d.rule.amount_label() {
        lines.push(Line::from(vec![label(Field::Amount, amount), Span::raw(d.amount.value().to_string())]));
    } else {
        lines.push(Line::styled("  (this rule takes no amount)", theme.dim()));
    }
    lines.push(Line::from(vec![
        label(Field::Floor, "Floor $"),
        Span::raw(d.floor.value().to_string()),
        Span::styled("  optional: no price goes below", theme.dim()),
    ]));
    lines.push(Line::from(vec![
        label(Field::Ceiling, "Ceiling $"),
        Span::raw(d.ceiling.value().to_string()),
        Span::styled("  optional: no price goes above", theme.dim()),
    ]));
    // The market for the first item type priced: what the rule works from. With several
    // item types selected, the line says which one it describes.
    let first = d
        .targets
        .first()
        .map(|t| (t.item_id, t.name.clone()))
        .or_else(|| d.preview.lines.first().map(|l| (l.item_id, l.name.clone())));
    if let Some((item_id, name)) = first {
        let mut spans = market_spans(item_id, m, theme);
        let types: std::collections::HashSet<i64> = d.targets.iter().map(|t| t.item_id).collect();
        if types.len() > 1 {
            spans.push(Span::styled(format!(" · for {name} (1 of {} kinds)", types.len()), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
    if d.stage == Stage::Editing {
        let (input, row) = match d.focus {
            Field::Amount => (&d.amount, 1),
            Field::Floor => (&d.floor, 2),
            Field::Ceiling => (&d.ceiling, 3),
            Field::Rule => return,
        };
        let x = area.x + 12 + input.visual_cursor() as u16;
        if x < area.right() && area.height > row {
            frame.set_cursor_position((x, area.y + row));
        }
    }
}

/// "Market: lowest $2.09 · bid $1.95 · suggested $2.10 · 30d ▃▅▂▇ 61 sold": the look-up
/// and the sales graph of an item type, where known.
pub fn market_spans(item_id: i64, m: &ManncoState, theme: &Theme) -> Vec<Span<'static>> {
    let info = m.pricing.get(&item_id);
    let money = |c: Option<Cents>| c.map(|c| c.to_string()).unwrap_or_else(|| "—".into());
    let mut spans = vec![
        Span::styled("  Market    ", theme.dim()),
        Span::raw(format!(
            "lowest {} · bid {} · suggested {}",
            money(info.and_then(|i| i.lowest_sale_price)),
            money(info.and_then(|i| i.best_buy_order())),
            money(info.and_then(|i| i.suggested_price))
        )),
    ];
    if let Some(points) = m.sales.get(&item_id) {
        let sold: u32 = points.iter().map(|p| p.sold).sum();
        spans.push(Span::styled(" · 30d ", theme.dim()));
        spans.push(Span::styled(crate::ui::sparkline::sparkline(points), theme.accent()));
        spans.push(Span::styled(format!(" {sold} sold"), theme.dim()));
    }
    spans
}

fn draw_preview(
    frame: &mut Frame,
    area: Rect,
    d: &PricingDialog,
    scroll: &str,
    theme: &Theme,
) -> crate::app::drawn::Window {
    let money = |c: Option<Cents>| {
        Cell::from(Line::from(c.map(|c| c.to_string()).unwrap_or_else(|| "—".into())).alignment(Alignment::Right))
    };
    let lines = d.shown_lines();
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Fill(1),
    ];
    // Names and warnings wrap rather than being cut: a money preview hides nothing.
    let columns = Layout::horizontal(widths).spacing(1).split(area);
    let wrap = |text: &str, width: u16| -> Vec<Line<'static>> {
        textwrap::wrap(text, usize::from(width.max(1))).into_iter().map(|l| Line::raw(l.into_owned())).collect()
    };
    let cells: Vec<(Vec<Line>, Vec<Line>)> = lines
        .iter()
        .map(|l| {
            let name = wrap(&format!("{} × {}", l.ids.len(), l.name), columns[0].width);
            let warnings = l.warnings.iter().flat_map(|w| wrap(w, columns[4].width)).collect();
            (name, warnings)
        })
        .collect();
    let heights: Vec<usize> = cells.iter().map(|(name, warnings)| name.len().max(warnings.len()).max(1)).collect();
    let window = Window::new(&heights, d.scroll, area.height.saturating_sub(1) as usize);
    let measured = window.drawn();
    let rows = (window.start..window.end).map(|i| {
        let l = lines[i];
        let (name, warnings) = cells[i].clone();
        let style = if !l.send() {
            theme.dim()
        } else if l.big_drop.is_some() {
            theme.error()
        } else if l.fills_instantly {
            theme.warn()
        } else {
            ratatui::style::Style::new()
        };
        Row::new(vec![
            Cell::from(Text::from(name)),
            money(l.current),
            money(l.new),
            money(l.receive()).style(theme.money()),
            Cell::from(Text::from(warnings)),
        ])
        .height(heights[i] as u16)
        .style(style)
    });
    let header = Row::new(["Item", "Now", "New", "You receive", "Warnings"].map(Cell::from)).style(theme.header());
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
    window.draw_more(frame, area, scroll, theme);
    measured
}

/// The part of a list that fits: items `start..end`, and a last row saying what is hidden.
struct Window {
    start: usize,
    end: usize,
    above: usize,
    below: usize,
    /// The last start that still fills the room.
    last_start: usize,
}

impl Window {
    /// `heights` are the items' rows and `rows` the room; when some items are hidden, one row
    /// goes to saying so. `scroll` is the first item wanted, pulled back so the end is full.
    fn new(heights: &[usize], scroll: usize, rows: usize) -> Window {
        let len = heights.len();
        if heights.iter().sum::<usize>() <= rows {
            return Window { start: 0, end: len, above: 0, below: 0, last_start: 0 };
        }
        let room = rows.saturating_sub(1);
        // The earliest start from which the rest still fills the room.
        let mut last_start = len;
        let mut used = 0;
        while last_start > 0 && used + heights[last_start - 1] <= room {
            last_start -= 1;
            used += heights[last_start];
        }
        let start = scroll.min(last_start);
        let mut end = start;
        let mut used = 0;
        while end < len && used + heights[end] <= room {
            used += heights[end];
            end += 1;
        }
        Window { start, end, above: start, below: len - end, last_start }
    }

    /// What the dialog needs to know to scroll: a screenful, and where scrolling ends.
    fn drawn(&self) -> crate::app::drawn::Window {
        crate::app::drawn::Window { page: self.end - self.start, max_scroll: self.last_start }
    }

    fn draw_more(&self, frame: &mut Frame, area: Rect, scroll: &str, theme: &Theme) {
        if self.above == 0 && self.below == 0 || area.height == 0 {
            return;
        }
        let mut parts = vec![];
        if self.below > 0 {
            parts.push(format!("↓ {} more", self.below));
        }
        if self.above > 0 {
            parts.push(format!("↑ {} above", self.above));
        }
        let text = format!("{} · {scroll} scroll", parts.join(" · "));
        let row = Rect { y: area.bottom() - 1, height: 1, ..area };
        frame.render_widget(Paragraph::new(Line::styled(text, theme.accent())), row);
    }
}

fn totals_line(d: &PricingDialog, theme: &Theme) -> Line<'static> {
    let p = &d.preview;
    let mut spans = vec![
        Span::raw(format!(
            "{} item(s) in {} call(s) · listed for {} · you receive ",
            p.items_sent(),
            p.call_count(),
            p.total()
        )),
        Span::styled(p.total_receive().to_string(), theme.money()),
        Span::raw(" after the 5% fee"),
    ];
    if p.fills() > 0 {
        spans.push(Span::styled(format!(" · {} fill instantly", p.fills()), theme.warn()));
    }
    if p.items_skipped() > 0 {
        spans.push(Span::styled(format!(" · {} not sent", p.items_skipped()), theme.dim()));
    }
    Line::from(spans)
}

fn draw_results(
    frame: &mut Frame,
    area: Rect,
    d: &PricingDialog,
    results: &[CallResult],
    balance_now: Option<Cents>,
    scroll: &str,
    theme: &Theme,
) -> crate::app::drawn::Window {
    let credit_seen = d.gone_items_sold(balance_now);
    let names: HashMap<u64, &str> = d.targets.iter().map(|t| (t.asset_id, t.name.as_str())).collect();
    let lines: Vec<Line> = results
        .iter()
        .map(|r| {
            let what = count_names(r.ids.iter().map(|id| names.get(id).copied().unwrap_or("?")))
                .iter()
                .map(|(n, c)| format!("{c} × {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            match (&r.outcome, r.settled) {
                (Outcome::Done, Some(Settled { listed, unchanged, gone })) => {
                    let mut text = format!("{what} at {}: {listed} listed", r.price);
                    if gone > 0 && credit_seen {
                        let credit = Cents(r.price.after_fee().0 * gone as i64);
                        text.push_str(&format!(", {gone} sold into buy orders (+{credit})"));
                    } else if gone > 0 {
                        text.push_str(&format!(
                            ", {gone} gone from your lists without the balance rising (sold or withdrawn? check)"
                        ));
                    }
                    if unchanged > 0 {
                        text.push_str(&format!(", {unchanged} NOT changed by the market"));
                    }
                    let (mark, style) = if unchanged > 0 || (gone > 0 && !credit_seen) {
                        ("! ", theme.warn())
                    } else {
                        ("✓ ", theme.good())
                    };
                    Line::from(vec![Span::styled(mark, style), Span::raw(text + lost(r))])
                }
                (Outcome::Done, None) => Line::from(vec![
                    Span::styled("✓ ", theme.good()),
                    Span::raw(format!("{what} at {}: done{}", r.price, lost(r))),
                ]),
                (Outcome::Failed(why), _) => Line::from(vec![
                    Span::styled("✗ ", theme.bad()),
                    Span::raw(format!("{what} at {}: {why}", r.price)),
                ]),
                (Outcome::Unknown(why), _) => Line::from(vec![
                    Span::styled("? ", theme.warn()),
                    Span::raw(format!("{what} at {}: {why} The lists are being re-read.", r.price)),
                ]),
            }
        })
        .collect();
    // Newest answers stay in sight while sending; once done, the trader scrolls.
    let first = match d.stage {
        Stage::Done { .. } => d.scroll,
        _ => usize::MAX,
    };
    let window = Window::new(&vec![1; lines.len()], first, area.height as usize);
    let measured = window.drawn();
    frame.render_widget(Paragraph::new(lines[window.start..window.end].to_vec()), area);
    window.draw_more(frame, area, scroll, theme);
    measured
}

/// "3 × Key, 2 × Team Captain": how many of each name, in first-seen order.
pub fn count_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(&'a str, usize)> {
    let mut counts: Vec<(&str, usize)> = vec![];
    for name in names {
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 += 1,
            None => counts.push((name, 1)),
        }
    }
    counts
}

/// Said of a call whose answer never came and whose outcome was read back from the market.
fn lost(r: &CallResult) -> &'static str {
    if r.reconciled { " — the answer was lost; confirmed by re-reading the market" } else { "" }
}

fn summary_line(results: &[CallResult], theme: &Theme) -> Line<'static> {
    let count = |f: fn(&Outcome) -> bool| results.iter().filter(|r| f(&r.outcome)).map(|r| r.ids.len()).sum::<usize>();
    let done = count(|o| matches!(o, Outcome::Done));
    let failed = count(|o| matches!(o, Outcome::Failed(_)));
    let unknown = count(|o| matches!(o, Outcome::Unknown(_)));
    let mut spans = vec![Span::styled(format!("{done} priced"), theme.good())];
    if failed > 0 {
        spans.push(Span::styled(format!(" · {failed} failed"), theme.bad()));
    }
    if unknown > 0 {
        spans.push(Span::styled(format!(" · {unknown} outcome unknown"), theme.warn()));
    }
    spans.push(Span::raw(format!(" in {} call(s).", results.len())));
    Line::from(spans)
}
