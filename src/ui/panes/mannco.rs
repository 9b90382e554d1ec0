//! The two Mannco.store panes: search line and table. Only the rows in view are built.

use crate::api::mannco::{Row, game_label};
use crate::app::App;
use crate::app::keymap::{Action, Keymap, Layer};
use crate::app::panes::assetpay::state::Source;
use crate::app::panes::mannco::state::{ManncoList, ManncoPane};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TableRow, Table, Wrap};

/// TF2's quality colours, and CS rarities for the CS items Mannco sells.
pub fn quality_color(quality: Option<&str>) -> Option<&'static str> {
    Some(match quality? {
        "Unique" => "#FFD700",
        "Strange" => "#CF6A32",
        "Unusual" => "#8650AC",
        "Vintage" => "#476291",
        "Genuine" => "#4D7455",
        "Haunted" => "#38F3AB",
        "Collector's" => "#AA0000",
        "Self-Made" => "#70B04A",
        "Decorated Weapon" => "#FAFAFA",
        "Normal" | "Base Grade" => "#B2B2B2",
        "Mil-Spec Grade" => "#4B69FF",
        "Restricted" => "#8847FF",
        "Classified" => "#D32CE6",
        "Covert" => "#EB4B4B",
        _ => return None,
    })
}

pub fn draw_search(frame: &mut Frame, area: Rect, pane: &ManncoPane, keymap: &Keymap, theme: &Theme) {
    if pane.list.search_editing {
        return crate::ui::search_field::draw(frame, area, &pane.list.search, theme);
    }
    // From the keymap, so a rebound key shows as bound.
    let key = |action| match action {
        Action::Help => keymap.key_label(Layer::Global, action),
        _ => keymap.key_label(Layer::List, action),
    };
    let hints = [
        (Action::Search, "search"),
        (Action::ToggleSelect, "select"),
        (Action::SelectQuantity, "quantity"),
        (Action::Price, "price"),
        (Action::Withdraw, "withdraw"),
        (Action::Help, "help"),
    ]
    .map(|(action, what)| format!("{} {what}", key(action)))
    .join("   ");
    let line = match pane.list.search.value().trim() {
        "" => Line::styled(hints, theme.dim()),
        text => {
            Line::from(vec![Span::styled("search ", theme.dim()), Span::styled(format!("\"{text}\""), theme.accent())])
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

pub fn draw_table(frame: &mut Frame, area: Rect, app: &App, list: ManncoList, theme: &Theme) {
    let m = &app.mannco;
    if let Source::Unavailable(text) = &m.source {
        frame.render_widget(Paragraph::new(text.as_str()).wrap(Wrap { trim: false }), area);
        return;
    }
    let pane = m.pane(list);
    if pane.visible.is_empty() {
        let message = match (&pane.list.error, pane.list.loaded, pane.list.loading) {
            (_, false, true) => vec![Line::styled("Loading…", theme.dim())],
            (Some(e), false, _) => {
                let again = format!("{} tries again", app.keymap.key_label(Layer::List, Action::Refresh));
                vec![Line::styled(e.clone(), theme.error()), Line::styled(again, theme.dim())]
            }
            _ if !pane.list.search.value().trim().is_empty() => {
                vec![Line::styled("No rows match the search.", theme.dim())]
            }
            _ if list == ManncoList::OnSale => {
                vec![Line::styled("Nothing listed. Price items from the inventory pane (3) with p.", theme.dim())]
            }
            _ => vec![Line::styled("No items in the Mannco inventory.", theme.dim())],
        };
        return crate::ui::layout::draw_message(frame, area, message);
    }
    let wide = area.width >= 100;
    let window = pane.list.view.window(pane.visible.len(), (area.height as usize).saturating_sub(1));
    let first = window.start;
    let now = app.clock.unix_timestamp();
    let rows = pane.visible[window].iter().enumerate().map(|(i, &index)| {
        let row = &pane.rows[index];
        let table_row = build_row(row, app, now, wide, theme);
        if first + i == pane.list.view.cursor { table_row.style(theme.cursor()) } else { table_row }
    });
    let mut widths = vec![Constraint::Length(1), Constraint::Fill(3)];
    let mut header = vec!["", "Name"];
    if wide {
        widths.extend([Constraint::Fill(1), Constraint::Length(15), Constraint::Length(4)]);
        header.extend(["Effect", "Type", "Game"]);
    }
    widths.extend([Constraint::Length(7), Constraint::Length(10), Constraint::Length(18)]);
    // Listings show their price; unlisted items the market's lowest listing, to price against.
    header.extend(["Count", if list == ManncoList::OnSale { "Price" } else { "Lowest" }, "State"]);
    let header = TableRow::new(header.into_iter().map(|h| match h {
        "Count" | "Price" | "Lowest" => Cell::from(Line::from(h).alignment(Alignment::Right)),
        _ => Cell::from(h),
    }))
    .style(theme.header().add_modifier(ratatui::style::Modifier::UNDERLINED));
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
}

fn build_row<'a>(row: &'a Row, app: &App, now: i64, wide: bool, theme: &Theme) -> TableRow<'a> {
    let m = &app.mannco;
    let ids = row.asset_ids();
    let picked = m.selection.count_in(row);
    let failed = ids.iter().any(|id| m.selection.errors.contains_key(id));
    let marker = match (failed, picked) {
        (true, _) => Cell::from("!").style(theme.error()),
        (_, 0) => Cell::from(" "),
        (_, n) if n == ids.len() => Cell::from("●").style(theme.selected()),
        _ => Cell::from("◐").style(theme.selected()),
    };
    let name = match (wide, row.effect()) {
        (false, Some(effect)) if !row.name.contains(effect) => format!("{} ({effect})", row.name),
        _ => row.name.clone(),
    };
    let mut cells = vec![marker, Cell::from(name).style(theme.rarity(quality_color(row.quality.as_deref())))];
    if wide {
        cells.push(Cell::from(row.effect().unwrap_or("")).style(theme.dim()));
        cells.push(Cell::from(row.item_type.clone().unwrap_or_default()).style(theme.dim()));
        cells.push(Cell::from(game_label(row.game)));
    }
    let count = if picked > 0 && picked < ids.len() {
        format!("{picked}/{}", row.quantity())
    } else {
        row.quantity().to_string()
    };
    cells.push(Cell::from(Line::from(count).alignment(Alignment::Right)));
    let (price, style) = match row.price {
        Some(p) => (p.to_string(), theme.money()),
        None => {
            let lowest = m.pricing.get(&row.item_id).and_then(|p| p.lowest_sale_price);
            (lowest.map(|p| p.to_string()).unwrap_or_default(), theme.dim())
        }
    };
    cells.push(Cell::from(Line::from(price).alignment(Alignment::Right)).style(style));
    let (state, style) = match row.blocked_reason(now) {
        Some(why) => (why, theme.warn()),
        None => (row.state.label().to_string(), Style::new()),
    };
    cells.push(Cell::from(state).style(style));
    TableRow::new(cells)
}

/// "12/18 rows · 117 items · sort … · 23 selected ≈$52.10 · balance $123.45"
pub fn status_spans(app: &App, list: ManncoList, theme: &Theme) -> Vec<Span<'static>> {
    let m = &app.mannco;
    let pane = m.pane(list);
    if !pane.list.loaded {
        return vec![];
    }
    let sep = || Span::styled(" · ", theme.dim());
    let items: u64 = pane.visible_rows().map(|r| u64::from(r.quantity())).sum();
    let mut spans = vec![Span::raw(format!("{}/{} rows · {items} items", pane.visible.len(), pane.rows.len()))];
    if !m.selection.assets.is_empty() {
        let (value, estimated) = m.selection.value(&m.pricing);
        let text = format!("{} selected {}{value}", m.selection.assets.len(), if estimated { "≈" } else { "" });
        spans.extend([sep(), Span::styled(text, theme.selected())]);
        if !m.selection.errors.is_empty() {
            spans.extend([sep(), Span::styled(format!("{} failed (!)", m.selection.errors.len()), theme.error())]);
        }
    }
    spans.extend([sep(), Span::raw(format!("sort {}", pane.sort.label()))]);
    if let Some(balance) = m.balance {
        spans.extend([sep(), Span::raw("balance "), Span::styled(balance.to_string(), theme.money())]);
    }
    spans
}
