//! The journal of money-moving actions, newest first; `r` reconciles what is unanswered.

use crate::app::dialogs::protocol::{Ctx, Dialog, Step};
use crate::app::keymap::{Action, Layer};
use crate::app::msg::{Cmd, DialogMsg};
use crossterm::event::KeyEvent;

#[derive(Debug, Default)]
pub struct JournalView {
    /// None while the worker reads it.
    pub entries: Option<Vec<crate::journal::Entry>>,
    /// Who still waits for the answer to an entry in the air, by entry id.
    pub awaited: std::collections::HashMap<String, String>,
    pub error: Option<String>,
    pub reconciling: bool,
}

impl Dialog for JournalView {
    fn layer(&self) -> Layer {
        Layer::Journal
    }

    fn on_key(&mut self, action: Option<Action>, _key: KeyEvent, ctx: &mut Ctx) -> Step {
        let can_reconcile = ctx.mannco.is_ready() || ctx.trades.is_ready();
        match action {
            Some(Action::Reconcile) if !self.reconciling && can_reconcile => {
                self.reconciling = true;
                Step::Stay(vec![Cmd::LoadJournal { run: ctx.run, reconcile: true }])
            }
            Some(Action::Close) => Step::CLOSE,
            _ => Step::STAY,
        }
    }

    fn on_reply(&mut self, reply: &DialogMsg) -> bool {
        let DialogMsg::Journal(result) = reply else { return false };
        match result {
            Ok(listing) => {
                let entries = Some(listing.entries.iter().rev().cloned().collect());
                *self = JournalView { entries, awaited: listing.awaited.clone(), error: None, reconciling: false };
            }
            Err(e) => {
                self.error = Some(e.clone());
                self.reconciling = false;
            }
        }
        true
    }
}
