//! The item details view: everything AssetPay told us about one item.

use super::overlay::centered;
use super::theme::Theme;
use crate::api::assetpay::Item;
use crate::sim::dataset::exterior_of;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

const LABEL: usize = 18;

pub fn draw(frame: &mut Frame, area: Rect, item: Option<&Item>, theme: &Theme) {
    let Some(item) = item else {
        let rect = centered(area, 60, 3);
        frame.render_widget(Clear, rect);
        let block = Block::bordered().title(" Item ").border_style(theme.accent());
        frame.render_widget(Paragraph::new("This item is no longer on the current page.").block(block), rect);
        return;
    };
    let width = area.width.min(96);
    let bar_width = (width as usize).saturating_sub(LABEL + 4).clamp(10, 50);
    let lines = lines(item, theme, bar_width);
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let title = Line::from(vec![
        Span::raw(" "),
        Span::styled(
            item.display_name(),
            theme.rarity(item.color.as_deref()).add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Span::raw(" "),
    ]);
    let block = Block::bordered().title(title).border_style(theme.accent());
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}

fn lines(item: &Item, theme: &Theme, bar_width: usize) -> Vec<Line<'static>> {
    let field = |label: &str, value: String| {
        Line::from(vec![Span::styled(format!("{label:<LABEL$}"), theme.dim()), Span::raw(value)])
    };
    let opt = |v: &Option<String>| v.clone();
    let mut out = vec![];
    if let Some(v) = opt(&item.market_hash_name) {
        out.push(field("Market hash name", v));
    }
    if let Some(v) = opt(&item.item_type) {
        out.push(field("Type", v));
    }
    if let Some(rarity) = opt(&item.rarity) {
        out.push(Line::from(vec![
            Span::styled(format!("{:<LABEL$}", "Rarity"), theme.dim()),
            Span::styled(format!("{rarity} ■"), theme.rarity(item.color.as_deref())),
        ]));
    }
    if let Some(v) = opt(&item.exterior) {
        out.push(field("Exterior", v));
    }
    if let Some(raw) = opt(&item.wear) {
        out.push(field("Wear", raw));
        if let Some(wear) = item.wear_value() {
            out.extend(wear_bar(wear, bar_width, theme));
        }
    }
    if let Some(seed) = item.paint_seed {
        out.push(field("Paint seed", seed.to_string()));
    }
    if let Some(phase) = item.doppler.as_ref().and_then(|d| d.name.clone()) {
        out.push(field("Doppler", phase));
    }
    if let Some(pct) = item.fade.as_ref().and_then(|f| f.percentage) {
        out.push(field("Fade", format!("{pct}%")));
    }
    if let Some(pattern) = item.hardened.as_ref().and_then(|h| h.name.clone()) {
        out.push(field("Case hardened", pattern));
    }
    if let Some(charm) = item.charm.as_ref().and_then(|c| c.name.clone()) {
        out.push(field("Charm", charm));
    }
    out.push(Line::raw(""));
    match &item.offer {
        Some(offer) => {
            let verdict = match (item.tradable, offer.accepted) {
                (false, _) => Span::styled("  not tradable now (trade hold)", theme.warn()),
                (true, Some(true)) => Span::styled("  accepted for deposit", theme.good()),
                _ => Span::styled("  not accepted for deposit", theme.bad()),
            };
            out.push(Line::from(vec![
                Span::styled(format!("{:<LABEL$}", "Offer"), theme.dim()),
                Span::styled(offer.price.to_string(), theme.money()),
                verdict,
            ]));
            if let Some(r) = &offer.reference {
                out.push(field("Offer reference", r.clone()));
            }
            if let Some(m) = offer.max_amount {
                out.push(field("Max amount", m.to_string()));
            }
            if let Some(d) = &offer.delivery {
                out.push(field("Delivery", d.clone()));
            }
        }
        None => out.push(field("Offer", "none".into())),
    }
    if let Some(p) = item.market_price {
        out.push(field("Market price", format!("{p}  (reference, not the trade price)")));
    }
    if let Some(cert) = opt(&item.prop_id) {
        out.push(field("Inspect cert.", cert));
    }
    out.push(field("Item id", item.id.clone()));
    if let Some(a) = opt(&item.asset_id) {
        out.push(field("Asset id", a));
    }
    if !item.stickers.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled(format!("Stickers ({})", item.stickers.len()), theme.header()));
        for s in &item.stickers {
            let slot = s.slot.map(|n| format!("slot {n}")).unwrap_or_else(|| "slot ?".into());
            let wear = s.wear.map(|w| format!("wear {:.0}%", w * 100.0)).unwrap_or_default();
            let name = s.name.clone().or_else(|| s.market_hash_name.clone()).unwrap_or_default();
            out.push(Line::from(vec![
                Span::styled(format!("  {slot:<8}"), theme.dim()),
                Span::raw(format!("{name:<44} ")),
                Span::styled(wear, theme.dim()),
            ]));
        }
    }
    out
}

/// The wear float on Steam's exterior scale: a coloured bar with a marker at the value.
fn wear_bar(wear: f64, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let marker_at = ((wear * width as f64) as usize).min(width - 1);
    let marker = Line::from(vec![Span::raw(" ".repeat(LABEL + marker_at)), Span::styled("▼", theme.accent())]);
    let mut bar = vec![Span::raw(" ".repeat(LABEL))];
    for column in 0..width {
        let (exterior, _) = exterior_of((column as f64 + 0.5) / width as f64);
        let color = match exterior {
            "Factory New" => Color::Green,
            "Minimal Wear" => Color::LightGreen,
            "Field-Tested" => Color::Yellow,
            "Well-Worn" => Color::LightRed,
            _ => Color::Red,
        };
        let style = if theme.color { Style::new().fg(color) } else { Style::new() };
        bar.push(Span::styled("━", style));
    }
    let legend = Line::styled(format!("{:LABEL$}0  FN .07 MW .15 FT .38 WW .45 BS  1", ""), theme.dim());
    vec![marker, Line::from(bar), legend]
}
