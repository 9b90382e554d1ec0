//! Dialogs: what is open over the panes, the protocol every dialog answers keys with, and
//! the routing of keys to them and of worker replies back to the dialog that asked.

use crate::app::action_dialog::{PricingDialog, QuantityDialog, Stage, WithdrawDialog, WithdrawStage};
use crate::app::keymap::{Action, Layer};
use crate::app::list_core::ListPane;
use crate::app::price_filter::PriceFilterDialog;
use crate::app::sell_dialog::{SellDialog, SellStage};
use crate::app::{App, Cmd};
use crossterm::event::KeyEvent;

/// What a key did to a dialog: nothing more to do, close it, or it produced its result.
#[derive(Debug, PartialEq)]
pub enum Reply<T> {
    Stay,
    Close,
    Done(T),
}

#[derive(Debug)]
pub enum Overlay {
    Help(HelpView),
    /// The details of the item with this id.
    Details(String),
    PriceFilter(PriceFilterDialog),
    Pricing(PricingDialog),
    Withdraw(WithdrawDialog),
    Quantity(QuantityDialog),
    Journal(JournalView),
    Sell(SellDialog),
    /// The details of the trade with this id.
    TradeDetails(String),
    /// A ledger entry in full (the History pane).
    LedgerEntry(Box<crate::ledger::Entry>),
    /// What an item cost (`$`).
    Cost(crate::app::cost_dialog::CostDialog),
}

impl Overlay {
    /// The keymap layer whose keys this dialog answers now.
    pub fn layer(&self) -> Layer {
        match self {
            Overlay::Help(_) => Layer::Help,
            Overlay::Details(_) | Overlay::TradeDetails(_) | Overlay::LedgerEntry(_) => Layer::Details,
            Overlay::PriceFilter(_) => Layer::Filter,
            Overlay::Pricing(d) if d.stage == Stage::Editing => Layer::Pricing,
            Overlay::Pricing(_) | Overlay::Withdraw(_) | Overlay::Sell(_) => Layer::Review,
            Overlay::Quantity(_) | Overlay::Cost(_) => Layer::Quantity,
            Overlay::Journal(_) => Layer::Journal,
        }
    }

    /// Whether an action does something in the dialog's current stage: the hint bar offers
    /// only those (reviewing a price offers confirm and back; its results, close).
    pub fn offers(&self, action: Action) -> bool {
        let (confirming, done) = match self {
            Overlay::Pricing(d) => (
                matches!(d.stage, Stage::Confirming { .. } | Stage::ConfirmingDrops | Stage::ConfirmingFill),
                matches!(d.stage, Stage::Done { .. }),
            ),
            Overlay::Withdraw(d) => (d.stage == WithdrawStage::Confirming, matches!(d.stage, WithdrawStage::Done(_))),
            Overlay::Sell(d) => {
                let stage = d.stage();
                if action == Action::Instant {
                    return stage == SellStage::Confirming;
                }
                (matches!(stage, SellStage::Confirming | SellStage::AskingAgain), stage == SellStage::Done)
            }
            // A ledger entry has no inspect certificate to copy.
            Overlay::LedgerEntry(_) => return !matches!(action, Action::Instant | Action::Copy),
            _ => return action != Action::Instant,
        };
        match action {
            Action::Confirm | Action::Back => confirming,
            Action::Close => done,
            // Only a sale has a delivery to choose.
            Action::Instant => false,
            _ => true,
        }
    }

    /// Whether a `y` now would send money: the screen must be big enough to read first.
    fn confirms_money(&self) -> bool {
        match self {
            Overlay::Pricing(d) => {
                matches!(d.stage, Stage::Confirming { .. } | Stage::ConfirmingDrops | Stage::ConfirmingFill)
            }
            Overlay::Withdraw(d) => d.stage == WithdrawStage::Confirming,
            Overlay::Sell(d) => matches!(d.stage(), SellStage::Confirming | SellStage::AskingAgain),
            _ => false,
        }
    }
}

/// The help, scrolled when it is taller than the screen.
#[derive(Debug, Default)]
pub struct HelpView {
    pub scroll: usize,
    /// Reported back by the drawing: the lines that fit, and the last useful scroll.
    pub drawn: crate::app::drawn::Window,
}

impl HelpView {
    fn page(&self) -> usize {
        self.drawn.page.max(1)
    }

    pub fn scroll_by(&mut self, by: isize) {
        self.scroll = self.drawn.scrolled(self.scroll, by);
    }
}

/// The journal of money-moving actions, newest first.
#[derive(Debug, Default)]
pub struct JournalView {
    /// None while the worker reads it.
    pub entries: Option<Vec<crate::journal::Entry>>,
    /// Who still waits for the answer to an entry in the air, by entry id.
    pub awaited: std::collections::HashMap<String, String>,
    pub error: Option<String>,
    pub reconciling: bool,
}

/// The smallest screen on which a money dialog's preview and question can be read: below it,
/// confirming is not taken, so a confirmation is never given to something not seen.
pub const MIN_REVIEW_SIZE: (u16, u16) = (60, 16);

/// An open dialog consumes every key: its layer's action, else (typing layers) the key.
pub fn on_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let Some(overlay) = app.overlay.as_ref() else { return vec![] };
    let (w, h) = app.size;
    if action == Some(Action::Confirm) && overlay.confirms_money() && (w < MIN_REVIEW_SIZE.0 || h < MIN_REVIEW_SIZE.1) {
        app.notice = Some(format!(
            "The terminal is too small to review this ({w}×{h}): enlarge it to at least {}×{} to confirm.",
            MIN_REVIEW_SIZE.0, MIN_REVIEW_SIZE.1
        ));
        return vec![];
    }
    match overlay {
        Overlay::Help(_) => help_key(app, action),
        Overlay::Details(_) => details_key(app, action),
        Overlay::Journal(_) => journal_key(app, action),
        Overlay::PriceFilter(_) => price_filter_key(app, action, key),
        Overlay::Quantity(_) => quantity_key(app, action, key),
        Overlay::Pricing(_) => pricing_key(app, action, key),
        Overlay::Withdraw(_) => withdraw_key(app, action),
        Overlay::Sell(_) => sell_key(app, action),
        Overlay::LedgerEntry(_) => ledger_entry_key(app, action),
        Overlay::Cost(_) => cost_key(app, action, key),
        Overlay::TradeDetails(_) => trade_details_key(app, action),
    }
}

/// What is copied is what the screen shows: no control characters.
fn copy(app: &mut App, what: &str, text: &str) -> Vec<Cmd> {
    app.notice = Some(format!("Copied the {what} to the clipboard."));
    vec![Cmd::Copy(crate::sanitize::for_terminal(text).into_owned())]
}

fn help_key(app: &mut App, action: Option<Action>) -> Vec<Cmd> {
    let Some(Overlay::Help(view)) = &mut app.overlay else { return vec![] };
    match action {
        Some(Action::Close) => app.close(),
        Some(Action::Down) => view.scroll_by(1),
        Some(Action::Up) => view.scroll_by(-1),
        Some(Action::PageDown) => view.scroll_by(view.page() as isize),
        Some(Action::PageUp) => view.scroll_by(-(view.page() as isize)),
        _ => {}
    }
    vec![]
}

/// An item's details: `j` `k` step to the next or previous item without leaving them.
fn details_key(app: &mut App, action: Option<Action>) -> Vec<Cmd> {
    let Some(Overlay::Details(id)) = &app.overlay else { return vec![] };
    match action {
        Some(Action::Close) => app.close(),
        Some(by @ (Action::Down | Action::Up)) => {
            let rows = app.viewport_rows();
            let pane = &mut app.inventory;
            pane.move_cursor(if by == Action::Down { 1 } else { -1 }, rows);
            if let Some(item) = pane.current_item() {
                let id = item.id().to_string();
                app.overlay = Some(Overlay::Details(id));
            }
        }
        Some(Action::Copy) => {
            // The inspect certificate when the item has one, else its id.
            let Some(item) = app.inventory.find(id) else { return vec![] };
            let (what, text) = match item.prop_id.filter(|p| !p.is_empty()) {
                Some(cert) => ("inspect certificate", cert),
                None => ("item id", item.id),
            };
            return copy(app, what, &text);
        }
        _ => {}
    }
    vec![]
}

fn journal_key(app: &mut App, action: Option<Action>) -> Vec<Cmd> {
    let (run, can_reconcile) = (app.run, app.mannco.is_ready() || app.trades.is_ready());
    let Some(Overlay::Journal(view)) = &mut app.overlay else { return vec![] };
    match action {
        Some(Action::Reconcile) if !view.reconciling && can_reconcile => {
            view.reconciling = true;
            return vec![Cmd::LoadJournal { run, reconcile: true }];
        }
        Some(Action::Close) => app.close(),
        _ => {}
    }
    vec![]
}

fn price_filter_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let Some(Overlay::PriceFilter(dialog)) = &mut app.overlay else { return vec![] };
    match dialog.handle(action, key) {
        Reply::Stay => {}
        Reply::Close => app.close(),
        Reply::Done(choice) => {
            app.close();
            let pane = &mut app.inventory;
            pane.float_range = choice.float;
            pane.query.min_price = choice.min;
            pane.query.max_price = choice.max;
            pane.query.page = 1;
            return pane.fetch(false);
        }
    }
    vec![]
}

fn quantity_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let Some(Overlay::Quantity(dialog)) = &mut app.overlay else { return vec![] };
    match dialog.handle(action, key) {
        Reply::Stay => {}
        Reply::Close => app.close(),
        Reply::Done(n) => {
            let row = dialog.row.clone();
            app.close();
            app.mannco.selection.set_quantity(&row, n);
        }
    }
    vec![]
}

fn pricing_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let (run, market) = (app.run, app.mannco.market_prices());
    let Some(Overlay::Pricing(dialog)) = &mut app.overlay else { return vec![] };
    match dialog.handle(action, key, &market) {
        Reply::Stay => {}
        Reply::Close => app.close(),
        Reply::Done(plan) => {
            tracing::info!(calls = plan.calls.len(), items = plan.items(), "pricing confirmed");
            if dialog.starts_auto_run {
                app.rules.auto_next = Some(app.clock + app.rules.auto.every);
                app.notice = Some(format!(
                    "Auto-run on: sending this plan; then every {} min without asking.",
                    app.rules.auto.every.whole_minutes()
                ));
            }
            return vec![Cmd::SubmitPrices { origin: crate::app::msg::Origin::Dialog(run), plan }];
        }
    }
    vec![]
}

fn withdraw_key(app: &mut App, action: Option<Action>) -> Vec<Cmd> {
    let run = app.run;
    let Some(Overlay::Withdraw(dialog)) = &mut app.overlay else { return vec![] };
    match dialog.handle(action) {
        Reply::Stay => vec![],
        Reply::Close => {
            app.close();
            vec![]
        }
        Reply::Done(items) => vec![Cmd::Withdraw { run, items }],
    }
}

fn sell_key(app: &mut App, action: Option<Action>) -> Vec<Cmd> {
    let run = app.run;
    let Some(Overlay::Sell(dialog)) = &mut app.overlay else { return vec![] };
    match dialog.handle(action) {
        Reply::Stay => vec![],
        Reply::Close => {
            app.close();
            vec![]
        }
        Reply::Done(sales) => {
            let names = dialog.preview.names();
            let items: usize = sales.iter().map(|s| s.lines.len()).sum();
            tracing::info!(sales = sales.len(), items, "sale confirmed");
            vec![Cmd::Sell { run, sales, names }]
        }
    }
}

/// A ledger entry in full: `j` `k` step through the History pane's rows.
fn ledger_entry_key(app: &mut App, action: Option<Action>) -> Vec<Cmd> {
    match action {
        Some(Action::Close) => app.close(),
        Some(by @ (Action::Down | Action::Up)) => {
            let rows = app.viewport_rows();
            app.history.move_cursor(if by == Action::Down { 1 } else { -1 }, rows);
            if let Some(entry) = app.history.current() {
                app.overlay = Some(Overlay::LedgerEntry(Box::new(entry.clone())));
            }
        }
        _ => {}
    }
    vec![]
}

fn cost_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let Some(Overlay::Cost(dialog)) = &mut app.overlay else { return vec![] };
    match dialog.handle(action, key) {
        Reply::Stay => vec![],
        Reply::Close => {
            app.close();
            vec![]
        }
        Reply::Done(price) => {
            let (ids, name) = (dialog.ids.clone(), dialog.name.clone());
            app.close();
            vec![Cmd::SetCost { ids, name, price }]
        }
    }
}

/// A trade's details: `j` `k` step through the Trades pane; `c` copies the Steam offer id.
fn trade_details_key(app: &mut App, action: Option<Action>) -> Vec<Cmd> {
    let Some(Overlay::TradeDetails(id)) = &app.overlay else { return vec![] };
    match action {
        Some(Action::Close) => app.close(),
        Some(by @ (Action::Down | Action::Up)) => {
            let rows = app.viewport_rows();
            app.trades.move_cursor(if by == Action::Down { 1 } else { -1 }, rows);
            if let Some(trade) = app.trades.current() {
                let id = trade.id.clone();
                app.overlay = Some(Overlay::TradeDetails(id));
            }
        }
        Some(Action::Copy) => {
            // The Steam offer, once there is one, else the trade's id.
            let Some(trade) = app.trades.find(id) else { return vec![] };
            let (what, text) = match &trade.offer_id {
                Some(offer) => ("Steam offer id", offer.clone()),
                None => ("trade id", trade.id.clone()),
            };
            return copy(app, what, &text);
        }
        _ => {}
    }
    vec![]
}
