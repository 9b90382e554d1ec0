//! The item details view: everything AssetPay told us about one item.

use crate::api::assetpay::Item;
use crate::sim::dataset::exterior_of;
use crate::ui::overlay::centered;
use crate::ui::theme::Theme;
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
    out.extend(offer_lines(item, theme));
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
    out.extend(sticker_lines(item, theme));
    out
}

/// One label and its value, aligned with the others.
fn field(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<LABEL$}"), theme.dim()), Span::raw(value)])
}

/// What AssetPay offers for it, and whether it would take it now.
fn offer_lines(item: &Item, theme: &Theme) -> Vec<Line<'static>> {
    let Some(offer) = &item.offer else { return vec![field("Offer", "none".into(), theme)] };
    let verdict = match (item.tradable, offer.accepted) {
        (false, _) => Span::styled("  not tradable now (trade hold; AssetPay does not say until when)", theme.warn()),
        (true, Some(true)) => Span::styled("  accepted for deposit", theme.good()),
        _ => Span::styled("  not accepted for deposit", theme.bad()),
    };
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{:<LABEL$}", "Offer"), theme.dim()),
        Span::styled(offer.price.to_string(), theme.money()),
        verdict,
    ])];
    if let Some(r) = &offer.reference {
        out.push(field("Offer reference", r.clone(), theme));
    }
    if let Some(m) = offer.max_amount {
        out.push(field("Max amount", m.to_string(), theme));
    }
    if let Some(d) = &offer.delivery {
        out.push(field("Delivery", d.clone(), theme));
    }
    out
}

/// Each sticker: its slot, name and wear.
fn sticker_lines(item: &Item, theme: &Theme) -> Vec<Line<'static>> {
    if item.stickers.is_empty() {
        return vec![];
    }
    let mut out = vec![Line::raw(""), Line::styled(format!("Stickers ({})", item.stickers.len()), theme.header())];
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
    out
}

/// The wear float on Steam's exterior scale: a coloured bar with a marker at the value.
fn wear_bar(wear: f64, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    // Rounded like the legend's columns, so a float past a boundary is drawn past its label.
    let marker_at = ((wear * width as f64).round() as usize).min(width - 1);
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
    vec![marker, Line::from(bar), Line::styled(" ".repeat(LABEL) + &wear_legend(width), theme.dim())]
}

/// The exterior boundaries under the bar, each at its own column (the column where the bar
/// crosses it), so the marker reads against the right numbers; a label that would overlap
/// the one before is left out rather than shifted.
fn wear_legend(width: usize) -> String {
    let mut legend = vec![' '; width];
    let mut free_from = 0;
    let mut place = |at: usize, text: &str| {
        let start = at.min(width.saturating_sub(text.len()));
        let fits = start >= free_from && start + text.len() <= width;
        if fits {
            legend[start..start + text.len()].iter_mut().zip(text.chars()).for_each(|(c, t)| *c = t);
            free_from = start + text.len() + 1;
        }
        fits
    };
    place(0, "0");
    for (bound, text) in [(0.07, ".07"), (0.15, ".15"), (0.38, ".38"), (0.45, ".45")] {
        let at = (bound * width as f64).round() as usize;
        // Close boundaries (.38, .45) on a narrow bar: the shorter label, starting at the column.
        if !place(at, text) {
            place(at, &text[1..]);
        }
    }
    place(width.saturating_sub(1), "1");
    legend.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::wear_legend;

    #[test]
    fn boundaries_sit_where_the_bar_crosses_them() {
        let legend = wear_legend(60);
        for (bound, text) in [(0.07, ".07"), (0.15, ".15"), (0.38, ".38"), (0.45, ".45")] {
            assert_eq!(legend.find(text), Some((bound * 60.0_f64).round() as usize), "{legend}");
        }
        let narrow = wear_legend(48);
        assert!(narrow.contains(".38") && narrow.contains("45"), "{narrow}");
        assert!((0.45422 * 48.0_f64).round() as usize >= narrow.find("45").unwrap() - 1, "{narrow}");
        // 0.45422 is past .45: its marker column is at or after the label's.
        assert!((0.45422 * 60.0_f64).round() as usize >= legend.find(".45").unwrap());
        assert!(!wear_legend(8).contains(".4 "), "labels never overlap: {}", wear_legend(8));
    }
}
