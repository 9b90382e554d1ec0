//! The pricing dialog: rule → preview → confirm → progress → result. Its keys are handled
//! here; the sends are `Cmd`s.

use crate::api::mannco::{AssetId, ManncoError};
pub use crate::app::dialogs::protocol::Outcome;
use crate::app::dialogs::protocol::{Ctx, Dialog, Reply, Step, money_offers};
use crate::app::drawn::Window;
use crate::app::keymap::{Action, Layer};
use crate::app::msg::{Cmd, DialogMsg, Origin};
use crate::money::Cents;
use crate::trade::guards::Guards;
use crate::trade::pricing::{self, Line, MarketPrices, Plan, Preview, PriceRule, Pricing, Refusal, Rule, Target};
use crate::trade::snapshot::{Fate, MarketSnapshot};
use crossterm::event::{Event, KeyEvent};

use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Rule,
    Amount,
    Floor,
    Ceiling,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallResult {
    pub price: Cents,
    pub ids: Vec<AssetId>,
    pub outcome: Outcome,
    /// The answer was lost and re-reading the market showed the outcome.
    pub reconciled: bool,
    /// Once the lists were re-read after a success: how many items are listed at the price,
    /// how many are not (the market left them unchanged), and how many left both lists.
    pub settled: Option<Settled>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settled {
    pub listed: usize,
    /// Still unlisted, or listed at another price: the market did not apply it.
    pub unchanged: usize,
    /// In neither list: sold into a buy order if the balance rose by its credit.
    pub gone: usize,
}

#[derive(Debug, PartialEq)]
pub enum Stage {
    Editing,
    /// Some prices drop past the guard: those lines are shown alone and `y` accepts them.
    ConfirmingDrops,
    /// Some prices are at or under the highest buy order: those lines are shown alone with the
    /// buy order named, and `y` sells them into it (at the bid, never under it).
    ConfirmingFill,
    /// `y` sends, nothing else does; the flag says big drops were accepted.
    Confirming {
        drops_confirmed: bool,
    },
    /// Sent; results arrive call by call.
    Submitting {
        results: Vec<CallResult>,
    },
    Done {
        results: Vec<CallResult>,
    },
}

#[derive(Debug)]
pub struct PricingDialog {
    pub rule: Rule,
    pub amount: Input,
    pub floor: Input,
    pub ceiling: Input,
    pub focus: Field,
    pub targets: Vec<Target>,
    pub preview: Preview,
    /// Why Enter does nothing now, in words.
    pub error: Option<String>,
    pub stage: Stage,
    pub balance_before: Option<Cents>,
    pub guards: Guards,
    /// The first preview or result line shown; the drawing clamps it to what fits.
    pub scroll: usize,
    /// What the last frame showed, reported back by the drawing: how many lines fit (a page
    /// down moves by exactly that, skipping nothing) and the last useful scroll position.
    pub drawn: crate::app::drawn::Window,
    /// A plan made by the re-pricing rules: reviewed and confirmed, never edited here.
    pub from_rules: bool,
    /// The trader confirmed selling into buy orders (its own `y`, naming the buy order).
    pub fill: bool,
    /// Opened by turning auto-run on: its `y` sends the plan and starts auto-run.
    pub starts_auto_run: bool,
}

impl PricingDialog {
    pub fn new(targets: Vec<Target>, balance_before: Option<Cents>, guards: Guards) -> Self {
        PricingDialog {
            rule: Rule::Fixed,
            amount: Input::default(),
            floor: Input::default(),
            ceiling: Input::default(),
            focus: Field::Amount,
            targets,
            preview: Preview::default(),
            error: None,
            stage: Stage::Editing,
            balance_before,
            guards,
            scroll: 0,
            drawn: crate::app::drawn::Window::UNMEASURED,
            from_rules: false,
            fill: false,
            starts_auto_run: false,
        }
    }

    /// The review of a plan the re-pricing rules made: `y` sends it, going back closes.
    pub fn for_plan(preview: Preview, balance_before: Option<Cents>, guards: Guards) -> Self {
        let mut dialog = PricingDialog::new(vec![], balance_before, guards);
        dialog.preview = preview;
        dialog.from_rules = true;
        dialog.stage = Stage::Confirming { drops_confirmed: false };
        dialog
    }

    pub fn item_count(&self) -> usize {
        if self.from_rules { self.preview.lines.iter().map(|l| l.ids.len()).sum() } else { self.targets.len() }
    }

    /// Validates the inputs and recomputes the preview; called after every change.
    pub fn recompute(&mut self, market: &MarketPrices) {
        match self.inputs() {
            Ok(rule) => {
                self.preview = pricing::preview(&rule, &self.targets, market, &self.guards);
                self.error = None;
            }
            Err(e) => {
                self.preview = Preview::default();
                self.error = Some(e);
            }
        }
    }

    fn inputs(&self) -> Result<PriceRule, String> {
        let rule = Pricing::parse(self.rule, self.amount.value())?;
        let bound = |input: &Input, label: &str| -> Result<Option<Cents>, String> {
            let text = input.value().trim();
            if text.is_empty() {
                Ok(None)
            } else {
                Cents::parse_price(text).map(Some).map_err(|e| format!("{label}: {e}"))
            }
        };
        PriceRule::new(rule, bound(&self.floor, "floor")?, bound(&self.ceiling, "ceiling")?)
            .map(|rule| rule.filling(self.fill))
    }

    /// The preview lines the current stage shows: only the big drops while they are being
    /// confirmed, else every line.
    pub fn shown_lines(&self) -> Vec<&Line> {
        match self.stage {
            Stage::ConfirmingDrops => self.preview.sending().filter(|l| l.big_drop.is_some()).collect(),
            Stage::ConfirmingFill => self.preview.lines.iter().filter(|l| l.under_bid.is_some()).collect(),
            _ => self.preview.lines.iter().collect(),
        }
    }

    /// Scrolls for a scrolling action; false for other actions.
    fn scroll_key(&mut self, action: Option<Action>) -> bool {
        let page = self.drawn.page.max(1) as isize;
        let by: isize = match action {
            Some(Action::PageDown) => page,
            Some(Action::PageUp) => -page,
            Some(Action::Down) => 1,
            Some(Action::Up) => -1,
            _ => return false,
        };
        self.scroll_by(by);
        true
    }

    /// Scrolls the preview or the results by `by` lines, within what the last frame showed.
    pub fn scroll_by(&mut self, by: isize) {
        self.scroll = self.drawn.scrolled(self.scroll, by);
    }

    fn go(&mut self, stage: Stage) {
        self.stage = stage;
        self.scroll = 0;
        self.drawn = crate::app::drawn::Window::UNMEASURED;
    }

    /// A key in the pricing layer (while editing) or the review layer (after): `Done` is the
    /// confirmed plan, to be sent.
    pub fn handle(&mut self, action: Option<Action>, key: KeyEvent, market: &MarketPrices) -> Reply<Plan> {
        if self.scroll_key(action) {
            return Reply::Stay;
        }
        match &self.stage {
            Stage::Editing => self.edit(action, key, market),
            Stage::ConfirmingDrops => {
                match action {
                    Some(Action::Confirm) => self.go(Stage::Confirming { drops_confirmed: true }),
                    Some(Action::Back) => self.go(Stage::Editing),
                    _ => {}
                }
                Reply::Stay
            }
            Stage::ConfirmingFill => {
                match action {
                    // Sold into the buy order, at the bid: the preview is made again with
                    // filling allowed, then reviewed as any other.
                    Some(Action::Confirm) => {
                        self.fill = true;
                        self.recompute(market);
                        self.review();
                    }
                    Some(Action::Back) => self.go(Stage::Editing),
                    _ => {}
                }
                Reply::Stay
            }
            // Only an explicit confirm sends: Enter, or a stray key, does nothing.
            &Stage::Confirming { drops_confirmed } => match action {
                Some(Action::Confirm) => match self.preview.plan(drops_confirmed) {
                    Ok(plan) => {
                        self.go(Stage::Submitting { results: vec![] });
                        Reply::Done(plan)
                    }
                    Err(refusal) => {
                        self.error = Some(refusal.to_string());
                        self.go(Stage::Editing);
                        Reply::Stay
                    }
                },
                Some(Action::Back) if self.from_rules => Reply::Close,
                Some(Action::Back) => {
                    self.go(Stage::Editing);
                    Reply::Stay
                }
                _ => Reply::Stay,
            },
            // Calls already sent cannot be taken back: the dialog stays until they finish.
            Stage::Submitting { .. } => Reply::Stay,
            Stage::Done { .. } => match action {
                Some(Action::Close | Action::Back) => Reply::Close,
                _ => Reply::Stay,
            },
        }
    }

    fn edit(&mut self, action: Option<Action>, key: KeyEvent, market: &MarketPrices) -> Reply<Plan> {
        let fields: Vec<Field> = [Field::Rule, Field::Amount, Field::Floor, Field::Ceiling]
            .into_iter()
            .filter(|f| *f != Field::Amount || self.rule.amount_label().is_some())
            .collect();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        match action {
            Some(Action::Cancel) => return Reply::Close,
            Some(Action::NextField) => self.focus = fields[(at + 1) % fields.len()],
            Some(Action::PrevField) => self.focus = fields[(at + fields.len() - 1) % fields.len()],
            Some(turn @ (Action::NextRule | Action::PrevRule)) if self.focus == Field::Rule => {
                self.rule = self.rule.cycle(turn == Action::NextRule);
                self.amount.reset();
            }
            Some(Action::Review) => {
                // A new review asks about buy orders again.
                self.fill = false;
                self.recompute(market);
                if self.error.is_none() {
                    self.review();
                }
                return Reply::Stay;
            }
            // Rule keys off the rule field, and unbound keys, edit the focused field.
            _ => {
                let input = match self.focus {
                    Field::Amount => &mut self.amount,
                    Field::Floor => &mut self.floor,
                    Field::Ceiling => &mut self.ceiling,
                    Field::Rule => return Reply::Stay,
                };
                input.handle_event(&Event::Key(key));
            }
        }
        self.recompute(market);
        Reply::Stay
    }

    /// The next stage for the preview as it stands: what needs its own confirmation first
    /// (selling into a buy order, then big drops), else the question that sends.
    fn review(&mut self) {
        match self.preview.plan(false) {
            Ok(_) => self.go(Stage::Confirming { drops_confirmed: false }),
            Err(Refusal::UnderBuyOrder(_)) if !self.fill => self.go(Stage::ConfirmingFill),
            Err(Refusal::UnconfirmedDrops(_)) => self.go(Stage::ConfirmingDrops),
            Err(refusal) => {
                self.error = Some(refusal.to_string());
                self.go(Stage::Editing);
            }
        }
    }

    /// Records one call's outcome; the dialog is done when every item has one.
    pub fn record(&mut self, result: CallResult) {
        if let Stage::Submitting { results, .. } = &mut self.stage {
            results.push(result);
            let answered: usize = results.iter().map(|r| r.ids.len()).sum();
            if answered >= self.preview.items_sent() {
                let results = std::mem::take(results);
                self.stage = Stage::Done { results };
            }
        }
    }

    /// Once both lists were re-read after the last answer: says of each successful call how
    /// many of its items are listed at its price, left unchanged, or gone from both lists.
    pub fn settle(&mut self, market: &MarketSnapshot) {
        if let Stage::Done { results } = &mut self.stage {
            for r in results.iter_mut().filter(|r| r.outcome == Outcome::Done) {
                let mut settled = Settled { listed: 0, unchanged: 0, gone: 0 };
                for id in &r.ids {
                    match market.fate(*id, r.price) {
                        Fate::Listed => settled.listed += 1,
                        Fate::Unchanged(..) => settled.unchanged += 1,
                        Fate::Gone => settled.gone += 1,
                    }
                }
                r.settled = Some(settled);
            }
        }
    }

    /// What the items gone from both lists would have paid, had they sold into buy orders.
    pub fn gone_credit(&self) -> Cents {
        self.results().iter().filter_map(|r| r.settled.map(|s| Cents(r.price.after_fee().0 * s.gone as i64))).sum()
    }

    /// Whether the items gone from both lists sold: only once the balance rose by at least
    /// their credit (a withdrawal elsewhere also empties the lists).
    pub fn gone_items_sold(&self, balance_now: Option<Cents>) -> bool {
        crate::trade::settle::gone_sold(self.balance_before, balance_now, self.gone_credit())
    }

    pub fn results(&self) -> &[CallResult] {
        match &self.stage {
            Stage::Submitting { results, .. } | Stage::Done { results } => results,
            _ => &[],
        }
    }
}

impl PricingDialog {
    fn confirming(&self) -> bool {
        matches!(self.stage, Stage::Confirming { .. } | Stage::ConfirmingDrops | Stage::ConfirmingFill)
    }
}

impl Dialog for PricingDialog {
    fn layer(&self) -> Layer {
        if self.stage == Stage::Editing { Layer::Pricing } else { Layer::Review }
    }

    fn offers(&self, action: Action) -> bool {
        money_offers(action, self.confirming(), matches!(self.stage, Stage::Done { .. }))
    }

    fn confirms_money(&self) -> bool {
        self.confirming()
    }

    fn in_flight(&self) -> Option<String> {
        let Stage::Submitting { results } = &self.stage else { return None };
        let answered: usize = results.iter().map(|r| r.ids.len()).sum();
        Some(format!("prices for {} item(s)", self.preview.items_sent().saturating_sub(answered)))
    }

    fn took(&mut self, window: Window) {
        self.drawn = window;
    }

    fn scroll_by(&mut self, by: isize) {
        PricingDialog::scroll_by(self, by);
    }

    fn on_key(&mut self, action: Option<Action>, key: KeyEvent, ctx: &mut Ctx) -> Step {
        match self.handle(action, key, &ctx.mannco.market_prices()) {
            Reply::Stay => Step::STAY,
            Reply::Close => Step::CLOSE,
            Reply::Done(plan) => {
                tracing::info!(calls = plan.calls.len(), items = plan.items(), "pricing confirmed");
                if self.starts_auto_run {
                    ctx.rules.auto_next = Some(ctx.clock + ctx.rules.auto.every);
                    *ctx.notice = Some(format!(
                        "Auto-run on: sending this plan; then every {} min without asking.",
                        ctx.rules.auto.every.whole_minutes()
                    ));
                }
                Step::Stay(vec![Cmd::SubmitPrices { origin: Origin::Dialog(ctx.run), plan }])
            }
        }
    }

    fn on_reply(&mut self, reply: &DialogMsg) -> bool {
        let DialogMsg::PriceCall(call) = reply else { return false };
        let outcome = match &call.result {
            Ok(()) => Outcome::Done,
            Err(e @ ManncoError::OutcomeUnknown(_)) => Outcome::Unknown(e.to_string()),
            Err(e) => Outcome::Failed(e.to_string()),
        };
        self.record(CallResult {
            price: call.price,
            ids: call.ids.clone(),
            outcome,
            reconciled: call.reconciled,
            settled: None,
        });
        matches!(self.stage, Stage::Done { .. })
    }
}
