//! A ledger entry in full (the History pane): `j` `k` step through the pane's rows.

use crate::app::dialogs::protocol::{Ctx, Dialog, Step, step_of};
use crate::app::keymap::{Action, Layer};
use crate::app::list_core::ListPane;
use crossterm::event::KeyEvent;

#[derive(Clone, Debug, PartialEq)]
pub struct LedgerEntryView(pub Box<crate::ledger::Entry>);

impl std::ops::Deref for LedgerEntryView {
    type Target = crate::ledger::Entry;
    fn deref(&self) -> &crate::ledger::Entry {
        &self.0
    }
}

impl Dialog for LedgerEntryView {
    fn layer(&self) -> Layer {
        Layer::Details
    }

    /// A ledger entry has no inspect certificate to copy.
    fn offers(&self, action: Action) -> bool {
        !matches!(action, Action::Instant | Action::Copy)
    }

    fn on_key(&mut self, action: Option<Action>, _key: KeyEvent, ctx: &mut Ctx) -> Step {
        if let Some(by) = step_of(action) {
            ctx.history.move_cursor(by, ctx.rows);
            if let Some(entry) = ctx.history.current() {
                *self.0 = entry.clone();
            }
            return Step::STAY;
        }
        if action == Some(Action::Close) { Step::CLOSE } else { Step::STAY }
    }
}
