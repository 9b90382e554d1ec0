//! The AssetPay inventory pane: the search line and the table. Only the rows in view are built.

use crate::api::assetpay::{Deposit, ItemRef};
use crate::app::App;
use crate::app::keymap::{Action, Layer};
use crate::app::panes::assetpay::state::{InventoryPane, Source};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

pub fn draw_search(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane = &app.inventory;
    if pane.list.search_editing {
        return crate::ui::search_field::draw(frame, area, &pane.list.search, theme);
    }
    let mut spans = vec![];
    if let Some(text) = pane.search_text() {
        spans.push(Span::styled("search ", theme.dim()));
        spans.push(Span::styled(format!("\"{text}\""), theme.accent()));
        spans.push(Span::raw("  "));
    }
    if pane.query.min_price.is_some() || pane.query.max_price.is_some() {
        spans.push(Span::styled("offer ", theme.dim()));
        spans.push(Span::styled(price_range(pane), theme.accent()));
        spans.push(Span::raw("  "));
    }
    if !pane.float_range.is_open() {
        spans.push(Span::styled("float ", theme.dim()));
        spans.push(Span::styled(pane.float_range.label(), theme.accent()));
        spans.push(Span::raw("  "));
    }
    if spans.is_empty() {
        // From the keymap, so a rebound key shows as bound.
        let key = |action| app.keymap.key_label(Layer::List, action);
        let text = format!(
            "{} search   {} price filter   {} sort   {} help",
            key(Action::Search),
            key(Action::PriceFilter),
            key(Action::NextSort),
            app.keymap.key_label(Layer::Global, Action::Help)
        );
        spans.push(Span::styled(text, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn price_range(pane: &InventoryPane) -> String {
    let bound = |v: Option<crate::money::Usd>| v.map(|u| u.to_string()).unwrap_or_else(|| "any".into());
    format!("{} – {}", bound(pane.query.min_price), bound(pane.query.max_price))
}

pub fn draw_table(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane = &app.inventory;
    if let Source::Unavailable(text) = &pane.source {
        let p = Paragraph::new(text.as_str()).wrap(Wrap { trim: false });
        frame.render_widget(p, area);
        return;
    }
    if pane.visible.is_empty() {
        let [_, middle, _] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(4), Constraint::Fill(1)]).areas(area);
        let message = Paragraph::new(empty_message(pane, &app.keymap, theme))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        frame.render_widget(message, middle);
        return;
    }

    let columns = Columns::for_width(area.width, pane.query.game);
    let rows_in_view = (area.height as usize).saturating_sub(1);
    let window = pane.list.view.window(pane.visible.len(), rows_in_view);
    let first = window.start;
    let rows = pane.visible[window].iter().enumerate().filter_map(|(i, &index)| {
        let item = pane.items.get(index as usize)?;
        let row = columns.row(item, pane.selected.contains_key(item.id()), theme);
        Some(if first + i == pane.list.view.cursor { row.style(theme.cursor()) } else { row })
    });
    let table = Table::new(rows, columns.widths()).header(columns.header(theme)).column_spacing(1);
    frame.render_widget(table, area);
}

/// What the table area says when there are no rows to show, and what to do about it.
fn empty_message(pane: &InventoryPane, keys: &crate::app::keymap::Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let list = |action| keys.key_label(Layer::List, action);
    let global = |action| keys.key_label(Layer::Global, action);
    if !pane.list.loaded && pane.list.loading {
        return vec![Line::styled("Loading inventory…", theme.dim())];
    }
    if let (false, Some(error)) = (pane.list.loaded, &pane.list.error) {
        return vec![
            Line::styled(error.clone(), theme.error()),
            Line::styled(
                format!(
                    "{} tries again · {} help · {} quits",
                    list(Action::Refresh),
                    global(Action::Help),
                    global(Action::Quit)
                ),
                theme.dim(),
            ),
        ];
    }
    let filtered = pane.search_text().is_some()
        || pane.query.search.is_some()
        || pane.query.min_price.is_some()
        || pane.query.max_price.is_some()
        || !pane.float_range.is_open();
    if filtered {
        let text = format!(
            "No items match.  {} clears the search and filters; {} changes the price filter.",
            list(Action::ClearFilters),
            list(Action::PriceFilter)
        );
        vec![Line::styled(text, theme.dim())]
    } else {
        vec![Line::styled(
            format!("No {} items in this inventory.  t switches game.", pane.query.game.label()),
            theme.dim(),
        )]
    }
}

/// Which columns fit: the name always; exterior, wear, market price and type as width allows.
/// Rust items have no exterior or wear: those columns give their room to the type.
struct Columns {
    exterior: Option<u16>,
    wear: bool,
    market: bool,
    kind: bool,
    seed: bool,
}

impl Columns {
    fn for_width(width: u16, game: crate::api::assetpay::Game) -> Self {
        if game == crate::api::assetpay::Game::Rust {
            return Columns { exterior: None, wear: false, market: width >= 60, kind: width >= 70, seed: false };
        }
        Columns {
            exterior: match width {
                100.. => Some(14),
                66..=99 => Some(2),
                _ => None,
            },
            wear: width >= 58,
            market: width >= 80,
            kind: width >= 118,
            seed: width >= 136,
        }
    }

    fn widths(&self) -> Vec<Constraint> {
        let mut w = vec![Constraint::Length(1), Constraint::Fill(1)];
        if self.kind {
            w.push(Constraint::Length(12));
        }
        if let Some(n) = self.exterior {
            w.push(Constraint::Length(n));
        }
        if self.wear {
            w.push(Constraint::Length(7));
        }
        if self.seed {
            w.push(Constraint::Length(5));
        }
        w.push(Constraint::Length(11));
        if self.market {
            w.push(Constraint::Length(11));
        }
        w.push(Constraint::Length(7));
        w
    }

    fn header(&self, theme: &Theme) -> Row<'static> {
        let mut cells = vec![Cell::from(""), Cell::from("Name")];
        if self.kind {
            cells.push(Cell::from("Type"));
        }
        if let Some(n) = self.exterior {
            cells.push(Cell::from(if n > 2 { "Exterior" } else { "Ex" }));
        }
        if self.wear {
            cells.push(Cell::from("Float"));
        }
        if self.seed {
            cells.push(Cell::from(Line::from("Seed").alignment(Alignment::Right)));
        }
        cells.push(Cell::from(Line::from("Offer").alignment(Alignment::Right)));
        if self.market {
            cells.push(Cell::from(Line::from("Market").alignment(Alignment::Right)));
        }
        cells.push(Cell::from("Deposit"));
        Row::new(cells).style(theme.header().add_modifier(ratatui::style::Modifier::UNDERLINED))
    }

    fn row<'a>(&self, item: ItemRef<'a>, selected: bool, theme: &Theme) -> Row<'a> {
        let mut cells = vec![
            Cell::from(if selected { "●" } else { " " }).style(theme.selected()),
            Cell::from(item.display_name()).style(theme.rarity(item.color())),
        ];
        if self.kind {
            cells.push(Cell::from(item.item_type().unwrap_or("")).style(theme.dim()));
        }
        if let Some(n) = self.exterior {
            let ext = item.exterior().unwrap_or("");
            cells.push(Cell::from(if n > 2 { ext.to_string() } else { exterior_short(ext).to_string() }));
        }
        if self.wear {
            let wear: String = item.wear().unwrap_or("").chars().take(7).collect();
            cells.push(Cell::from(wear).style(theme.dim()));
        }
        if self.seed {
            let seed = item.paint_seed().map(|s| s.to_string()).unwrap_or_default();
            cells.push(Cell::from(Line::from(seed).alignment(Alignment::Right)).style(theme.dim()));
        }
        let offer_style = if item.is_accepted() { theme.money() } else { theme.dim() };
        cells.push(money_cell(item.offer_price(), offer_style));
        if self.market {
            cells.push(money_cell(item.market_price(), Style::new()));
        }
        cells.push(deposit_cell(item.deposit(), theme));
        Row::new(cells)
    }
}

fn money_cell(value: Option<crate::money::Usd>, style: Style) -> Cell<'static> {
    let text = value.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
    Cell::from(Line::from(text).alignment(Alignment::Right)).style(style)
}

fn deposit_cell(deposit: Deposit, theme: &Theme) -> Cell<'static> {
    let style = match deposit {
        Deposit::Accepted => theme.good(),
        Deposit::Refused => theme.bad(),
        Deposit::Held => theme.warn(),
    };
    Cell::from(deposit.label()).style(style)
}

pub fn exterior_short(exterior: &str) -> &'static str {
    match exterior {
        "Factory New" => "FN",
        "Minimal Wear" => "MW",
        "Field-Tested" => "FT",
        "Well-Worn" => "WW",
        "Battle-Scarred" => "BS",
        _ => "",
    }
}
