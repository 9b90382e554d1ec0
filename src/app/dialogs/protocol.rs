//! The protocol every dialog speaks: what it answers (`layer`, `offers`), whether a `y` now
//! moves money, what it waits for, its keys, and the replies that carry its run id.

use crate::app::drawn::Window;
use crate::app::keymap::{Action, Layer};
use crate::app::msg::{Cmd, DialogMsg, RunId};
use crate::app::panes::assetpay::state::InventoryPane;
use crate::app::panes::history::state::HistoryPane;
use crate::app::panes::mannco::state::ManncoState;
use crate::app::panes::rules::state::RulesPane;
use crate::app::panes::trades::state::TradesPane;
use crossterm::event::KeyEvent;
use time::OffsetDateTime;

/// What a key did inside a dialog's own `handle`: nothing more to do, close it, or it
/// produced its result.
#[derive(Debug, PartialEq)]
pub enum Reply<T> {
    Stay,
    Close,
    Done(T),
}

/// What a key did to the open dialog, as the app applies it: the commands it asks for, and
/// whether the dialog stays open.
#[derive(Debug)]
pub enum Step {
    Stay(Vec<Cmd>),
    Close(Vec<Cmd>),
}

impl Step {
    pub const STAY: Step = Step::Stay(vec![]);
    pub const CLOSE: Step = Step::Close(vec![]);
}

/// What a dialog may read and change besides itself: the panes it steps through or
/// configures, and the status line. Never the other dialogs, never the terminal.
pub struct Ctx<'a> {
    pub run: RunId,
    /// Table rows that fit on screen (stepping through a pane's rows keeps the cursor seen).
    pub rows: usize,
    pub clock: OffsetDateTime,
    pub inventory: &'a mut InventoryPane,
    pub mannco: &'a mut ManncoState,
    pub trades: &'a mut TradesPane,
    pub history: &'a mut HistoryPane,
    pub rules: &'a mut RulesPane,
    pub notice: &'a mut Option<String>,
}

impl Ctx<'_> {
    /// Puts text on the clipboard, saying what it is; what is copied is what the screen
    /// shows: no control characters.
    pub fn copy(&mut self, what: &str, text: &str) -> Step {
        *self.notice = Some(format!("Copied the {what} to the clipboard."));
        Step::Stay(vec![Cmd::Copy(crate::sanitize::for_terminal(text).into_owned())])
    }
}

/// One dialog. Each lives in its own file in `app/dialogs/`, is drawn by its own function
/// in `ui/`, and is one variant of `Overlay`.
pub trait Dialog {
    /// The keymap layer whose keys this dialog answers now.
    fn layer(&self) -> Layer;

    /// Whether an action does something in the dialog's current stage: the hint bar offers
    /// only those. Only a sale has a delivery to choose (`Instant`).
    fn offers(&self, action: Action) -> bool {
        action != Action::Instant
    }

    /// Whether a `y` now would send money: the screen must be big enough to read first.
    fn confirms_money(&self) -> bool {
        false
    }

    /// The money calls it waits for, in words ("a withdrawal of 2 item(s)").
    fn in_flight(&self) -> Option<String> {
        None
    }

    /// What the last frame measured of it, when it scrolls.
    fn took(&mut self, _window: Window) {}

    /// The mouse wheel over it.
    fn scroll_by(&mut self, _by: isize) {}

    /// A key: its action in the dialog's layer, and the key itself for typing layers.
    fn on_key(&mut self, action: Option<Action>, key: KeyEvent, ctx: &mut Ctx) -> Step;

    /// A reply that carries this dialog's run id. Returns whether the dialog is finished
    /// with it (its last answer arrived): the panes then read the market again.
    fn on_reply(&mut self, _reply: &DialogMsg) -> bool {
        false
    }
}

/// `j` / `k` in a dialog that steps through its pane's rows: one row on, or back.
pub fn step_of(action: Option<Action>) -> Option<isize> {
    match action {
        Some(Action::Down) => Some(1),
        Some(Action::Up) => Some(-1),
        _ => None,
    }
}

/// What a money dialog offers: confirm and back while confirming, close once done, the
/// rest always.
pub fn money_offers(action: Action, confirming: bool, done: bool) -> bool {
    match action {
        Action::Confirm | Action::Back => confirming,
        Action::Close => done,
        Action::Instant => false,
        _ => true,
    }
}

/// The smallest screen on which a money dialog's preview and question can be read: below it,
/// confirming is not taken, so a confirmation is never given to something not seen.
pub const MIN_REVIEW_SIZE: (u16, u16) = (60, 16);

/// What happened to one money call's items, as a dialog shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done,
    Failed(String),
    /// The request may have been applied; the lists are re-read to find out.
    Unknown(String),
}
