//! How many of a grouped Mannco row to select.

use crate::app::dialogs::quantity::QuantityDialog;
use crate::app::keymap::{Action, Keymap, Layer};
use crate::ui::dialogs::pricing::dialog_block;
use crate::ui::overlay::centered;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, d: &QuantityDialog, keys: &Keymap, theme: &Theme) {
    let key = |action| keys.key_label(Layer::Quantity, action);
    let lines = vec![
        Line::raw(format!("How many of {} × {} to select?", d.available, d.row.name)),
        Line::from(vec![Span::styled("› ", theme.accent()), Span::raw(d.input.value().to_string())]),
        match &d.error {
            Some(e) => Line::styled(e.clone(), theme.error()),
            None => Line::styled(
                format!("{} selects · {} cancels · 0 clears", key(Action::Apply), key(Action::Cancel)),
                theme.dim(),
            ),
        },
    ];
    let rect = centered(area, 70, 5);
    frame.render_widget(Clear, rect);
    let block = dialog_block("Select a quantity".into(), theme);
    let inner = block.inner(rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    let x = inner.x + 2 + d.input.visual_cursor() as u16;
    if inner.height > 1 && x < inner.right() {
        frame.set_cursor_position((x, inner.y + 1));
    }
}
