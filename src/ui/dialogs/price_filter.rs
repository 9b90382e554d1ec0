//! The price-filter dialog.

use crate::app::dialogs::price_filter::{Field, PriceFilterDialog};
use crate::app::keymap::{Action, Keymap, Layer};
use crate::ui::overlay::centered;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, dialog: &PriceFilterDialog, keys: &Keymap, theme: &Theme) {
    let key = |action| keys.key_label(Layer::Filter, action);
    let rect = centered(area, 50, if dialog.floats { 12 } else { 9 });
    frame.render_widget(Clear, rect);
    let field = |label: &str, unit: &str, input: &tui_input::Input, focused: bool| {
        let marker = if focused { "›" } else { " " };
        Line::from(vec![
            Span::styled(format!("{marker} {label:<8}{unit:<2}"), if focused { theme.accent() } else { theme.dim() }),
            Span::raw(input.value().to_string()),
        ])
    };
    let mut lines = vec![
        Line::styled("Offer price in dollars; empty means no bound.", theme.dim()),
        Line::raw(""),
        field("Minimum", "$", &dialog.min, dialog.focus == Field::Min),
        field("Maximum", "$", &dialog.max, dialog.focus == Field::Max),
        Line::raw(""),
    ];
    if dialog.floats {
        lines.push(Line::styled("Float (wear), 0 to 1:", theme.dim()));
        lines.push(field("Lowest", "", &dialog.float_min, dialog.focus == Field::FloatMin));
        lines.push(field("Highest", "", &dialog.float_max, dialog.focus == Field::FloatMax));
    }
    lines.push(match &dialog.error {
        Some(e) => Line::styled(e.clone(), theme.error()),
        None => Line::styled(
            format!(
                "{} applies · {} switches · {} cancels",
                key(Action::Apply),
                key(Action::NextField),
                key(Action::Cancel)
            ),
            theme.dim(),
        ),
    });
    let block = Block::bordered().title(" Price filter ").border_style(theme.accent());
    let inner = block.inner(rect);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
    let (input, row) = match dialog.focus {
        Field::Min => (&dialog.min, 2),
        Field::Max => (&dialog.max, 3),
        Field::FloatMin => (&dialog.float_min, 6),
        Field::FloatMax => (&dialog.float_max, 7),
    };
    let x = inner.x + 12 + input.visual_cursor() as u16;
    if inner.height > row && x < inner.right() {
        frame.set_cursor_position((x, inner.y + row));
    }
}
