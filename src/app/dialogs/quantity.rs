//! How many of a grouped Mannco row to select (`n`).

use crate::api::mannco::Row;
use crate::app::dialogs::protocol::{Ctx, Dialog, Reply, Step};
use crate::app::keymap::{Action, Layer};
use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// Picks how many of a grouped row to select.
#[derive(Debug)]
pub struct QuantityDialog {
    /// The row whose items are picked.
    pub row: Row,
    pub available: usize,
    pub input: Input,
    pub error: Option<String>,
    /// The count shown is the current one: the first digit typed replaces it (with 20
    /// selected, `n` then `15` means 15, not 2015).
    pub fresh: bool,
}

impl QuantityDialog {
    pub fn new(row: Row, selected: usize) -> Self {
        let available = row.asset_ids().len();
        QuantityDialog { row, available, input: Input::new(selected.to_string()), error: None, fresh: true }
    }

    /// A key in the quantity layer: `Done` is the quantity to select.
    pub fn handle(&mut self, action: Option<Action>, key: KeyEvent) -> Reply<usize> {
        let fresh = std::mem::replace(&mut self.fresh, false);
        match (action, key.code) {
            (Some(Action::Cancel), _) => return Reply::Close,
            (Some(Action::Apply), _) => match self.input.value().trim().parse::<usize>() {
                Ok(n) if n <= self.available => return Reply::Done(n),
                _ => self.error = Some(format!("a number from 0 to {}", self.available)),
            },
            (_, crossterm::event::KeyCode::Char(c)) if !c.is_ascii_digit() => self.error = Some("digits only".into()),
            (_, crossterm::event::KeyCode::Char(c)) if fresh => {
                self.input = Input::new(c.to_string());
                self.error = None;
            }
            _ => {
                self.input.handle_event(&Event::Key(key));
                self.error = None;
            }
        }
        Reply::Stay
    }
}

impl Dialog for QuantityDialog {
    fn layer(&self) -> Layer {
        Layer::Quantity
    }

    fn on_key(&mut self, action: Option<Action>, key: KeyEvent, ctx: &mut Ctx) -> Step {
        match self.handle(action, key) {
            Reply::Stay => Step::STAY,
            Reply::Close => Step::CLOSE,
            Reply::Done(n) => {
                ctx.mannco.selection.set_quantity(&self.row, n);
                Step::CLOSE
            }
        }
    }
}
