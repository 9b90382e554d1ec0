//! Quitting: at once when no money call waits for its answer, else after the answers.

use crate::app::msg::Cmd;
use crate::app::state::App;

/// Quits at once when no money call is in flight. Otherwise the first request waits for the
/// answers (quitting follows them), and a forced second one stops waiting.
pub(crate) fn request_quit(app: &mut App, force: bool) -> Vec<Cmd> {
    match app.money_in_flight() {
        None => vec![Cmd::Quit],
        Some(_) if force && app.quitting => {
            tracing::warn!("quitting without waiting for the money calls in flight");
            vec![Cmd::Quit]
        }
        Some(what) => {
            if !app.quitting {
                tracing::info!(what, "quit requested while money calls are in flight: waiting for them");
            }
            app.quitting = true;
            vec![]
        }
    }
}
