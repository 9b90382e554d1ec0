//! `$`: what an item cost, for the ledger's P&L. Typed in dollars; recorded for the row's
//! asset ids, or by name (first in, first out) where the row has none.

use crate::app::dialogs::protocol::{Ctx, Dialog, Reply, Step};
use crate::app::keymap::{Action, Layer};
use crate::app::msg::Cmd;
use crate::money::Cents;
use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug)]
pub struct CostDialog {
    /// The assets (or AssetPay items) the cost is for; empty: by name.
    pub ids: Vec<String>,
    pub name: String,
    pub input: Input,
    pub error: Option<String>,
}

impl CostDialog {
    pub fn new(ids: Vec<String>, name: String) -> Self {
        CostDialog { ids, name, input: Input::default(), error: None }
    }

    /// What it applies to, in words: "3 × Mann Co. Supply Crate Key (each)".
    pub fn target(&self) -> String {
        match self.ids.len() {
            0 => format!("{} (one, by name: first in, first out)", self.name),
            1 => self.name.clone(),
            n => format!("{n} × {} (each)", self.name),
        }
    }

    /// A key while typing the cost: `Done` is the price.
    pub fn handle(&mut self, action: Option<Action>, key: KeyEvent) -> Reply<Cents> {
        match action {
            Some(Action::Cancel) => Reply::Close,
            Some(Action::Apply) => match Cents::parse_price(self.input.value()) {
                Ok(price) => Reply::Done(price),
                Err(e) => {
                    self.error = Some(e);
                    Reply::Stay
                }
            },
            _ => {
                self.input.handle_event(&Event::Key(key));
                self.error = None;
                Reply::Stay
            }
        }
    }
}

impl Dialog for CostDialog {
    fn layer(&self) -> Layer {
        Layer::Quantity
    }

    fn on_key(&mut self, action: Option<Action>, key: KeyEvent, _ctx: &mut Ctx) -> Step {
        match self.handle(action, key) {
            Reply::Stay => Step::STAY,
            Reply::Close => Step::CLOSE,
            Reply::Done(price) => {
                Step::Close(vec![Cmd::SetCost { ids: self.ids.clone(), name: self.name.clone(), price }])
            }
        }
    }
}
