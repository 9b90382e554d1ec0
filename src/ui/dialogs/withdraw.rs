//! The withdrawal dialog: what goes to Steam, what cannot, then what the market answered.

use crate::app::dialogs::pricing::Outcome;
use crate::app::dialogs::withdraw::{WithdrawDialog, WithdrawStage};
use crate::app::keymap::{Action, Keymap, Layer};
use crate::ui::dialogs::pricing::{count_names, dialog_block, quit_keys};
use crate::ui::overlay::centered;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, d: &WithdrawDialog, keys: &Keymap, theme: &Theme) {
    let key = |action| keys.key_label(Layer::Review, action);
    let mut lines: Vec<Line> = vec![];
    for (name, n) in count_names(d.items.iter().map(|(_, name)| name.as_str())) {
        lines.push(Line::raw(format!("  {n} × {name}")));
    }
    for (id, name, why) in &d.refused {
        lines.push(Line::styled(format!("  not sent: {name} ({id}): {why}"), theme.warn()));
    }
    lines.push(Line::raw(""));
    lines.push(match &d.stage {
        WithdrawStage::Confirming if d.items.is_empty() => {
            Line::styled(format!("Nothing here can be withdrawn. {} closes.", key(Action::Close)), theme.error())
        }
        WithdrawStage::Confirming => Line::styled(
            format!(
                "Withdraw {} item(s) to your Steam account? {} sends · {} cancels",
                d.items.len(),
                key(Action::Confirm),
                key(Action::Back)
            ),
            theme.warn(),
        ),
        WithdrawStage::Sending => {
            Line::styled(format!("Sending… {} quits once the market answers", quit_keys(keys)), theme.accent())
        }
        WithdrawStage::Done(Ok(r)) => Line::from(vec![
            Span::styled(format!("{}: updated {}", r.message, r.updated), theme.good()),
            Span::styled(format!(" · locked {}", r.locked), if r.locked > 0 { theme.warn() } else { theme.dim() }),
            Span::styled(format!("  ({} closes)", key(Action::Close)), theme.dim()),
        ]),
        WithdrawStage::Done(Err(Outcome::Unknown(why))) => Line::styled(
            format!("Outcome unknown: {why}. The lists are being re-read; check before trying again."),
            theme.warn(),
        ),
        WithdrawStage::Done(Err(Outcome::Failed(why))) => Line::styled(format!("Failed: {why}"), theme.error()),
        WithdrawStage::Done(Err(Outcome::Done)) => Line::raw(""),
    });
    let rect = centered(area, 90, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(dialog_block("Withdraw to Steam".into(), theme)).wrap(Wrap { trim: false }),
        rect,
    );
}
