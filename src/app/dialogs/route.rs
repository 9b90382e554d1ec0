//! Keys to the open dialog, and replies to the dialog whose run they carry: the dialog
//! first, then the panes learn what the reply says about the market.

use crate::app::dialogs::protocol::{Ctx, MIN_REVIEW_SIZE, Step};
use crate::app::keymap::Action;
use crate::app::msg::{Cmd, DialogMsg, Origin, RunId};
use crate::app::panes::{assetpay, mannco};
use crate::app::state::App;
use crossterm::event::KeyEvent;

/// An open dialog consumes every key: its layer's action, else (typing layers) the key.
pub fn on_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let Some(overlay) = app.overlay.as_ref() else { return vec![] };
    let (w, h) = app.size;
    if action == Some(Action::Confirm)
        && overlay.dialog().confirms_money()
        && (w < MIN_REVIEW_SIZE.0 || h < MIN_REVIEW_SIZE.1)
    {
        app.notice = Some(format!(
            "The terminal is too small to review this ({w}×{h}): enlarge it to at least {}×{} to confirm.",
            MIN_REVIEW_SIZE.0, MIN_REVIEW_SIZE.1
        ));
        return vec![];
    }
    let rows = app.viewport_rows();
    let App { overlay, inventory, mannco, trades, history, rules, notice, run, clock, .. } = app;
    let Some(overlay) = overlay else { return vec![] };
    let mut ctx = Ctx { run: *run, rows, clock: *clock, inventory, mannco, trades, history, rules, notice };
    match overlay.dialog_mut().on_key(action, key, &mut ctx) {
        Step::Stay(cmds) => cmds,
        Step::Close(cmds) => {
            app.close();
            cmds
        }
    }
}

/// A reply for the dialog opened as `run`. It reaches that dialog (if it is still the one
/// open) before any pane; the panes then learn from it whoever asked.
pub fn on_reply(app: &mut App, run: RunId, reply: DialogMsg) -> Vec<Cmd> {
    let finished = app.dialog_of(run).is_some_and(|overlay| overlay.dialog_mut().on_reply(&reply));
    match reply {
        DialogMsg::Sold { outcome, .. } => assetpay::update::after_sale(app, &outcome, finished),
        DialogMsg::Revised(_) => vec![],
        DialogMsg::PriceCall(call) => mannco::update::after_price_call(app, Origin::Dialog(run), call, finished),
        DialogMsg::Withdrawn(_) => app.mannco.refresh(),
        DialogMsg::Journal(result) => {
            if let Ok(listing) = &result {
                app.unanswered = listing.entries.iter().filter(|e| e.needs_reconciling()).count();
            }
            vec![]
        }
    }
}
