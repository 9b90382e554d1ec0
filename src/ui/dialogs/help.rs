//! The help overlay, generated from the keymap layer by layer, so it always matches the keys.
//! Taller than the screen, it scrolls.

use crate::app::dialogs::help::HelpView;
use crate::app::keymap::{Action, Layer};
use crate::app::{App, PANES, PaneId};
use crate::ui::overlay::centered;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The layers summed up in one line each under the main keys.
const DIALOG_LAYERS: [Layer; 7] =
    [Layer::Search, Layer::Details, Layer::Filter, Layer::Quantity, Layer::Pricing, Layer::Review, Layer::Journal];

/// The width of one column of keys.
const COLUMN: usize = 48;

/// Returns its window: the lines that fit, and the last useful scroll.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &HelpView, theme: &Theme) -> crate::app::drawn::Window {
    let keymap = &app.keymap;
    let entries: Vec<Vec<Span>> = [Layer::List, Layer::Global]
        .into_iter()
        .flat_map(|layer| keymap.bindings(layer).iter().map(move |b| (layer, b.action)))
        .filter(|&(_, action)| applies(action))
        .map(|(layer, action)| {
            vec![
                Span::styled(format!("{:>9} ", keymap.keys_label(layer, action)), theme.accent()),
                Span::raw(action.description()),
                Span::styled(panes_tag(action), theme.dim()),
            ]
        })
        .collect();
    // Two columns when the screen is wide enough: the keys take half the lines.
    let two_columns = area.width as usize >= 2 * COLUMN + 4;
    let mut lines: Vec<Line> = if two_columns {
        let half = entries.len().div_ceil(2);
        (0..half)
            .map(|i| {
                let mut left = entries[i].clone();
                let used: usize = left.iter().map(|s| s.content.width()).sum();
                left.push(Span::raw(" ".repeat(COLUMN.saturating_sub(used))));
                left.extend(entries.get(i + half).cloned().unwrap_or_default());
                Line::from(left)
            })
            .collect()
    } else {
        entries.into_iter().map(Line::from).collect()
    };
    lines.push(Line::raw(""));
    for layer in DIALOG_LAYERS {
        let keys: Vec<String> =
            keymap.hints(layer, |_| true).into_iter().map(|(keys, label)| format!("{keys} {label}")).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", layer.title()), theme.accent()),
            Span::styled(keys.join(" · "), theme.dim()),
        ]));
    }
    let close = keymap.key_label(Layer::Help, Action::Close);
    lines.push(Line::styled(
        format!("Change any key in config.toml under [keys.<layer>]. {close} closes."),
        theme.dim(),
    ));

    let width = if two_columns { 2 * COLUMN as u16 + 4 } else { 72 };
    let rect = centered(area, width, lines.len() as u16 + 2);
    let fits = rect.height.saturating_sub(2) as usize;
    let max_scroll = lines.len().saturating_sub(fits);
    let scroll = view.scroll.min(max_scroll);
    let mut title = " Keys ".to_string();
    if max_scroll > 0 {
        let (down, up) = (keymap.key_label(Layer::Help, Action::Down), keymap.key_label(Layer::Help, Action::Up));
        title = format!(" Keys · {down}/{up} scroll · {}–{} of {} ", scroll + 1, scroll + fits, lines.len());
    }
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(title).border_style(theme.accent());
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll as u16, 0)), rect);
    crate::app::drawn::Window { page: fits, max_scroll }
}

/// " (AssetPay)", " (AssetPay, Mannco)"…: the panes a list action works on, when not all.
fn panes_tag(action: Action) -> String {
    if Layer::Global.actions().contains(&action) || PANES.iter().all(|id| id.answers(action)) {
        return String::new();
    }
    let mut families: Vec<&str> = vec![];
    for id in PANES.iter().filter(|id| id.answers(action)) {
        let family = match id {
            PaneId::AssetPay => "AssetPay",
            PaneId::Mannco(_) => "Mannco",
            PaneId::Trades => "Trades",
            PaneId::Rules => "Rules",
            PaneId::History => "History",
        };
        if !families.contains(&family) {
            families.push(family);
        }
    }
    format!(" ({})", families.join(", "))
}

/// Pane switching is listed only for panes that exist.
fn applies(action: Action) -> bool {
    match action {
        Action::NextPane | Action::PrevPane => PANES.len() > 1,
        Action::FocusPane2 => PANES.len() >= 2,
        Action::FocusPane3 => PANES.len() >= 3,
        Action::FocusPane4 => PANES.len() >= 4,
        Action::FocusPane5 => PANES.len() >= 5,
        Action::FocusPane6 => PANES.len() >= 6,
        _ => true,
    }
}
