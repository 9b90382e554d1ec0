//! The sell dialog: the preview (each item at its offer, or why not), the total and the
//! delivery; `y` sends; then each sale's trade, or why not. A sale refused because offers
//! moved or AssetPay is overstocked comes back read again, old → new, and is asked again.

use crate::api::assetpay::{Game, SellRequest};
use crate::app::dialogs::protocol::{Ctx, Dialog, Reply, Step, money_offers};
use crate::app::drawn::Window;
use crate::app::keymap::{Action, Layer};
use crate::app::msg::{Cmd, DialogMsg};
pub use crate::trade::sell::Revision;
use crate::trade::sell::{SalePreview, SellOutcome};
use crossterm::event::KeyEvent;

#[derive(Debug)]
pub struct SellDialog {
    pub game: Game,
    pub preview: SalePreview,
    pub instant: bool,
    /// Whether anything was sent.
    pub sent: bool,
    /// Sales sent and not answered yet.
    pub in_flight: usize,
    /// Each answered sale: its externalId and what became of it.
    pub results: Vec<(String, SellOutcome)>,
    /// A refused sale read again, waiting for the trader.
    pub revision: Option<Revision>,
    pub scroll: usize,
    /// The lines that fit and the last useful scroll, reported by the drawing.
    pub drawn: crate::app::drawn::Window,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SellStage {
    Confirming,
    Sending,
    AskingAgain,
    Done,
}

impl SellDialog {
    pub fn new(game: Game, preview: SalePreview) -> Self {
        SellDialog {
            game,
            preview,
            instant: false,
            sent: false,
            in_flight: 0,
            results: vec![],
            revision: None,
            scroll: 0,
            drawn: crate::app::drawn::Window::UNMEASURED,
        }
    }

    pub fn stage(&self) -> SellStage {
        match (self.sent, self.in_flight, &self.revision) {
            (false, _, _) => SellStage::Confirming,
            (true, 1.., _) => SellStage::Sending,
            (true, 0, Some(_)) => SellStage::AskingAgain,
            (true, 0, None) => SellStage::Done,
        }
    }

    /// The items the sales in flight carry, for "quitting waits for…".
    pub fn items_in_flight(&self) -> usize {
        if self.in_flight == 0 { 0 } else { self.preview.selling().count() }
    }

    /// A key in the review layer: `Done` is the sales to send.
    pub fn handle(&mut self, action: Option<Action>) -> Reply<Vec<SellRequest>> {
        if let Some(by) = match action {
            Some(Action::Down) => Some(1),
            Some(Action::Up) => Some(-1),
            Some(Action::PageDown) => Some(self.drawn.page as isize),
            Some(Action::PageUp) => Some(-(self.drawn.page as isize)),
            _ => None,
        } {
            self.scroll = self.drawn.scrolled(self.scroll, by);
            return Reply::Stay;
        }
        match (self.stage(), action) {
            (SellStage::Confirming, Some(Action::Instant)) => self.instant = !self.instant,
            (SellStage::Confirming, Some(Action::Confirm)) => return self.send(),
            (SellStage::Confirming, Some(Action::Back)) => return Reply::Close,
            (SellStage::AskingAgain, Some(Action::Confirm)) => {
                if let Some(revision) = self.revision.take() {
                    self.preview = revision.preview;
                    self.scroll = 0;
                    return self.send();
                }
            }
            // Not sold at the new offers: the refusal stands.
            (SellStage::AskingAgain, Some(Action::Back)) => self.revision = None,
            (SellStage::Done, Some(Action::Close | Action::Back)) => return Reply::Close,
            _ => {}
        }
        Reply::Stay
    }

    fn send(&mut self) -> Reply<Vec<SellRequest>> {
        let sales = self.preview.sales(self.game, self.instant);
        if sales.is_empty() {
            return Reply::Stay;
        }
        self.sent = true;
        self.in_flight += sales.len();
        Reply::Done(sales)
    }

    /// One sale's outcome.
    pub fn record(&mut self, external_id: String, outcome: SellOutcome) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.results.push((external_id, outcome));
    }

    /// A refused sale, read again: asked once every sale in flight is answered.
    pub fn revise(&mut self, revision: Revision) {
        self.revision = Some(revision);
    }
}

impl Dialog for SellDialog {
    fn layer(&self) -> Layer {
        Layer::Review
    }

    fn offers(&self, action: Action) -> bool {
        let stage = self.stage();
        let confirming = matches!(stage, SellStage::Confirming | SellStage::AskingAgain);
        match action {
            Action::Instant => stage == SellStage::Confirming,
            _ => money_offers(action, confirming, stage == SellStage::Done),
        }
    }

    fn confirms_money(&self) -> bool {
        matches!(self.stage(), SellStage::Confirming | SellStage::AskingAgain)
    }

    fn in_flight(&self) -> Option<String> {
        (self.in_flight > 0).then(|| format!("a sale of {} item(s)", self.items_in_flight()))
    }

    fn took(&mut self, window: Window) {
        self.drawn = window;
    }

    fn on_key(&mut self, action: Option<Action>, _key: KeyEvent, ctx: &mut Ctx) -> Step {
        match self.handle(action) {
            Reply::Stay => Step::STAY,
            Reply::Close => Step::CLOSE,
            Reply::Done(sales) => {
                let names = self.preview.names();
                let items: usize = sales.iter().map(|s| s.lines.len()).sum();
                tracing::info!(sales = sales.len(), items, "sale confirmed");
                Step::Stay(vec![Cmd::Sell { run: ctx.run, sales, names }])
            }
        }
    }

    fn on_reply(&mut self, reply: &DialogMsg) -> bool {
        match reply {
            DialogMsg::Sold { external_id, outcome } => {
                self.record(external_id.clone(), outcome.clone());
                self.stage() == SellStage::Done
            }
            DialogMsg::Revised(revision) => {
                self.revise(revision.clone());
                false
            }
            _ => false,
        }
    }
}
