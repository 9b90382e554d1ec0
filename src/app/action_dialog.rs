//! The money-moving dialogs: pricing (rule → preview → confirm → progress → result) and
//! withdrawal (confirm → result). Their keys are handled here; the sends are `Cmd`s.

use crate::api::mannco::{AssetId, ItemPricing, WithdrawResult};
use crate::money::Cents;
use crate::trade::pricing::{self, Preview, PriceCall, Pricing, Rule, Target};
use crossterm::event::{Event, KeyCode, KeyEvent};
use std::collections::{HashMap, HashSet};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Rule,
    Amount,
    Floor,
    Ceiling,
}

/// What happened to one call's items.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done,
    Failed(String),
    /// The request may have been applied; the lists are re-read to find out.
    Unknown(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallResult {
    pub price: Cents,
    pub ids: Vec<AssetId>,
    pub outcome: Outcome,
    /// The answer was lost and re-reading the market showed the outcome.
    pub reconciled: bool,
    /// Once the lists were re-read after a success: how many items are listed and how many
    /// sold into buy orders.
    pub settled: Option<Settled>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settled {
    pub listed: usize,
    pub sold: usize,
}

#[derive(Debug, PartialEq)]
pub enum Stage {
    Editing,
    Confirming,
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
}

/// What a key asks of the app.
#[derive(Debug, PartialEq)]
pub enum Request {
    None,
    Close,
    Submit(Vec<PriceCall>),
}

impl PricingDialog {
    pub fn new(targets: Vec<Target>, balance_before: Option<Cents>) -> Self {
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
        }
    }

    pub fn item_count(&self) -> usize {
        self.targets.len()
    }

    /// Validates the inputs and recomputes the preview; called after every change.
    pub fn recompute(&mut self, market: &HashMap<i64, ItemPricing>, cap: &dyn Fn(i64) -> Option<Cents>) {
        match self.inputs() {
            Ok((rule, floor, ceiling)) => {
                self.preview = pricing::preview(rule, floor, ceiling, &self.targets, market, cap);
                self.error = None;
            }
            Err(e) => {
                self.preview = Preview::default();
                self.error = Some(e);
            }
        }
    }

    fn inputs(&self) -> Result<(Pricing, Option<Cents>, Option<Cents>), String> {
        let rule = Pricing::parse(self.rule, self.amount.value())?;
        let bound = |input: &Input, label: &str| -> Result<Option<Cents>, String> {
            let text = input.value().trim();
            if text.is_empty() {
                Ok(None)
            } else {
                Cents::parse_price(text).map(Some).map_err(|e| format!("{label}: {e}"))
            }
        };
        let floor = bound(&self.floor, "floor")?;
        let ceiling = bound(&self.ceiling, "ceiling")?;
        if let (Some(f), Some(c)) = (floor, ceiling)
            && f > c
        {
            return Err("the floor is above the ceiling".into());
        }
        Ok((rule, floor, ceiling))
    }

    pub fn handle_key(
        &mut self,
        key: KeyEvent,
        market: &HashMap<i64, ItemPricing>,
        cap: &dyn Fn(i64) -> Option<Cents>,
    ) -> Request {
        match &self.stage {
            Stage::Editing => self.edit(key, market, cap),
            Stage::Confirming => match key.code {
                KeyCode::Enter | KeyCode::Char('y') => {
                    let calls = self.preview.calls();
                    self.stage = Stage::Submitting { results: vec![] };
                    Request::Submit(calls)
                }
                KeyCode::Esc | KeyCode::Char('n') => {
                    self.stage = Stage::Editing;
                    Request::None
                }
                _ => Request::None,
            },
            // Calls already sent cannot be taken back: the dialog stays until they finish.
            Stage::Submitting { .. } => Request::None,
            Stage::Done { .. } => match key.code {
                KeyCode::Enter | KeyCode::Esc | KeyCode::Char('q') => Request::Close,
                _ => Request::None,
            },
        }
    }

    fn edit(
        &mut self,
        key: KeyEvent,
        market: &HashMap<i64, ItemPricing>,
        cap: &dyn Fn(i64) -> Option<Cents>,
    ) -> Request {
        let fields: Vec<Field> = [Field::Rule, Field::Amount, Field::Floor, Field::Ceiling]
            .into_iter()
            .filter(|f| *f != Field::Amount || self.rule.amount_label().is_some())
            .collect();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        match key.code {
            KeyCode::Esc => return Request::Close,
            KeyCode::Tab | KeyCode::Down => self.focus = fields[(at + 1) % fields.len()],
            KeyCode::BackTab | KeyCode::Up => self.focus = fields[(at + fields.len() - 1) % fields.len()],
            KeyCode::Left | KeyCode::Right if self.focus == Field::Rule => {
                self.rule = self.rule.cycle(key.code == KeyCode::Right);
                self.amount.reset();
            }
            KeyCode::Char(' ') if self.focus == Field::Rule => {
                self.rule = self.rule.cycle(true);
                self.amount.reset();
            }
            KeyCode::Enter => {
                self.recompute(market, cap);
                if self.error.is_none() {
                    if self.preview.items_sent() == 0 {
                        self.error = Some("nothing to send: every item is skipped (see the warnings)".into());
                    } else {
                        self.stage = Stage::Confirming;
                    }
                }
                return Request::None;
            }
            _ => {
                let input = match self.focus {
                    Field::Amount => &mut self.amount,
                    Field::Floor => &mut self.floor,
                    Field::Ceiling => &mut self.ceiling,
                    Field::Rule => return Request::None,
                };
                input.handle_event(&Event::Key(key));
            }
        }
        self.recompute(market, cap);
        Request::None
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
    /// many of its items are listed and how many are gone, sold into a buy order.
    pub fn settle(&mut self, listed: &HashSet<AssetId>, unlisted: &HashSet<AssetId>) {
        if let Stage::Done { results } = &mut self.stage {
            for r in results.iter_mut().filter(|r| r.outcome == Outcome::Done) {
                let on_sale = r.ids.iter().filter(|id| listed.contains(id)).count();
                let sold = r.ids.iter().filter(|id| !listed.contains(id) && !unlisted.contains(id)).count();
                r.settled = Some(Settled { listed: on_sale, sold });
            }
        }
    }

    pub fn results(&self) -> &[CallResult] {
        match &self.stage {
            Stage::Submitting { results, .. } | Stage::Done { results } => results,
            _ => &[],
        }
    }
}

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

pub enum WithdrawRequest {
    None,
    Close,
    Send(Vec<AssetId>),
}

impl WithdrawDialog {
    pub fn handle_key(&mut self, key: KeyEvent) -> WithdrawRequest {
        match (&self.stage, key.code) {
            (WithdrawStage::Confirming, KeyCode::Enter | KeyCode::Char('y')) if !self.items.is_empty() => {
                self.stage = WithdrawStage::Sending;
                WithdrawRequest::Send(self.items.iter().map(|(id, _)| *id).collect())
            }
            (WithdrawStage::Confirming, KeyCode::Esc | KeyCode::Char('n') | KeyCode::Enter) => WithdrawRequest::Close,
            (WithdrawStage::Done(_), KeyCode::Enter | KeyCode::Esc | KeyCode::Char('q')) => WithdrawRequest::Close,
            _ => WithdrawRequest::None,
        }
    }
}

/// Picks how many of a grouped row to select.
#[derive(Debug)]
pub struct QuantityDialog {
    pub name: String,
    pub available: usize,
    pub input: Input,
    pub error: Option<String>,
}

impl QuantityDialog {
    /// Some(n) when Enter confirmed a valid quantity, None while editing.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Option<usize>> {
        match key.code {
            KeyCode::Esc => return Some(None),
            KeyCode::Enter => match self.input.value().trim().parse::<usize>() {
                Ok(n) if n <= self.available => return Some(Some(n)),
                _ => self.error = Some(format!("a number from 0 to {}", self.available)),
            },
            KeyCode::Char(c) if !c.is_ascii_digit() => self.error = Some("digits only".into()),
            _ => {
                self.input.handle_event(&Event::Key(key));
                self.error = None;
            }
        }
        None
    }
}
