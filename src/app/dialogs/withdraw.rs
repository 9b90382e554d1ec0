//! The withdrawal dialog: what will be sent (and what cannot be, with why), then what the
//! market answered.

use crate::api::mannco::{AssetId, ManncoError, WithdrawResult};
use crate::app::dialogs::protocol::{Ctx, Dialog, Outcome, Reply, Step, money_offers};
use crate::app::keymap::{Action, Layer};
use crate::app::msg::{Cmd, DialogMsg};
use crossterm::event::KeyEvent;

/// The withdrawal dialog: what will be sent, then what the market answered.
#[derive(Debug)]
pub struct WithdrawDialog {
    /// (asset id, name) of what will be withdrawn.
    pub items: Vec<(AssetId, String)>,
    /// Selected items that cannot be withdrawn, with why; never sent.
    pub refused: Vec<(AssetId, String, String)>,
    pub stage: WithdrawStage,
}

#[derive(Debug, PartialEq)]
pub enum WithdrawStage {
    Confirming,
    Sending,
    Done(Result<WithdrawResult, Outcome>),
}

impl WithdrawDialog {
    /// A key in the review layer: `Done` is the items to send.
    pub fn handle(&mut self, action: Option<Action>) -> Reply<Vec<(AssetId, String)>> {
        match (&self.stage, action) {
            (WithdrawStage::Confirming, Some(Action::Confirm)) if !self.items.is_empty() => {
                self.stage = WithdrawStage::Sending;
                Reply::Done(self.items.clone())
            }
            (WithdrawStage::Confirming, Some(Action::Back)) => Reply::Close,
            (WithdrawStage::Confirming, Some(Action::Close)) if self.items.is_empty() => Reply::Close,
            (WithdrawStage::Done(_), Some(Action::Close | Action::Back)) => Reply::Close,
            _ => Reply::Stay,
        }
    }
}

impl Dialog for WithdrawDialog {
    fn layer(&self) -> Layer {
        Layer::Review
    }

    fn offers(&self, action: Action) -> bool {
        money_offers(action, self.confirms_money(), matches!(self.stage, WithdrawStage::Done(_)))
    }

    fn confirms_money(&self) -> bool {
        self.stage == WithdrawStage::Confirming
    }

    fn in_flight(&self) -> Option<String> {
        (self.stage == WithdrawStage::Sending).then(|| format!("a withdrawal of {} item(s)", self.items.len()))
    }

    fn on_key(&mut self, action: Option<Action>, _key: KeyEvent, ctx: &mut Ctx) -> Step {
        match self.handle(action) {
            Reply::Stay => Step::STAY,
            Reply::Close => Step::CLOSE,
            Reply::Done(items) => Step::Stay(vec![Cmd::Withdraw { run: ctx.run, items }]),
        }
    }

    fn on_reply(&mut self, reply: &DialogMsg) -> bool {
        let DialogMsg::Withdrawn(result) = reply else { return false };
        self.stage = WithdrawStage::Done(match result {
            Ok((r, _reconciled)) => Ok(r.clone()),
            Err(ManncoError::OutcomeUnknown(e)) => Err(Outcome::Unknown(e.clone())),
            Err(e) => Err(Outcome::Failed(e.to_string())),
        });
        true
    }
}
