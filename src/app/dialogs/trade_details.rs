//! A trade's details: `j` `k` step through the Trades pane; `c` copies the Steam offer id
//! (else the trade id).

use crate::app::dialogs::protocol::{Ctx, Dialog, Step, step_of};
use crate::app::keymap::{Action, Layer};
use crate::app::list_core::ListPane;
use crossterm::event::KeyEvent;

/// The details of the trade with this id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TradeDetails(pub String);

impl std::ops::Deref for TradeDetails {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Dialog for TradeDetails {
    fn layer(&self) -> Layer {
        Layer::Details
    }

    fn on_key(&mut self, action: Option<Action>, _key: KeyEvent, ctx: &mut Ctx) -> Step {
        if let Some(by) = step_of(action) {
            ctx.trades.move_cursor(by, ctx.rows);
            if let Some(trade) = ctx.trades.current() {
                self.0 = trade.id.clone();
            }
            return Step::STAY;
        }
        match action {
            Some(Action::Close) => return Step::CLOSE,
            Some(Action::Copy) => {
                let Some(trade) = ctx.trades.find(&self.0) else { return Step::STAY };
                let (what, text) = match &trade.offer_id {
                    Some(offer) => ("Steam offer id", offer.clone()),
                    None => ("trade id", trade.id.clone()),
                };
                return ctx.copy(what, &text);
            }
            _ => {}
        }
        Step::STAY
    }
}
