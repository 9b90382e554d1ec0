//! `$`: what an item cost.

use crate::app::dialogs::cost::CostDialog;
use crate::app::keymap::{Action, Keymap, Layer};
use crate::ui::overlay::centered;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, d: &CostDialog, keys: &Keymap, theme: &Theme) {
    let key = |action| keys.key_label(Layer::Quantity, action);
    let lines = vec![
        Line::raw(format!("What did {} cost, in dollars?", d.target())),
        Line::from(vec![Span::styled("› $", theme.accent()), Span::raw(d.input.value().to_string())]),
        match &d.error {
            Some(e) => Line::styled(e.clone(), theme.error()),
            None => Line::styled(
                format!("{} records it (P&L uses it) · {} cancels", key(Action::Apply), key(Action::Cancel)),
                theme.dim(),
            ),
        },
    ];
    let rect = centered(area, 80, 5);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Cost ").border_style(theme.accent());
    let inner = block.inner(rect);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
    let x = inner.x + 3 + d.input.visual_cursor() as u16;
    if inner.height > 1 && x < inner.right() {
        frame.set_cursor_position((x, inner.y + 1));
    }
}
