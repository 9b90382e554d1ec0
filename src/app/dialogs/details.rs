//! An AssetPay item's details: `j` `k` step to the next or previous item without leaving
//! them; `c` copies the inspect certificate (else the item id).

use crate::app::dialogs::protocol::{Ctx, Dialog, Step, step_of};
use crate::app::keymap::{Action, Layer};
use crate::app::list_core::ListPane;
use crossterm::event::KeyEvent;

/// The details of the item with this id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDetails(pub String);

impl std::ops::Deref for ItemDetails {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for ItemDetails {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<String> for ItemDetails {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl Dialog for ItemDetails {
    fn layer(&self) -> Layer {
        Layer::Details
    }

    fn on_key(&mut self, action: Option<Action>, _key: KeyEvent, ctx: &mut Ctx) -> Step {
        if let Some(by) = step_of(action) {
            ctx.inventory.move_cursor(by, ctx.rows);
            if let Some(item) = ctx.inventory.current_item() {
                self.0 = item.id().to_string();
            }
            return Step::STAY;
        }
        match action {
            Some(Action::Close) => return Step::CLOSE,
            Some(Action::Copy) => {
                let Some(item) = ctx.inventory.find(&self.0) else { return Step::STAY };
                let (what, text) = match item.prop_id.filter(|p| !p.is_empty()) {
                    Some(cert) => ("inspect certificate", cert),
                    None => ("item id", item.id),
                };
                return ctx.copy(what, &text);
            }
            _ => {}
        }
        Step::STAY
    }
}
