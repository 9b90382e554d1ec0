//! The filter dialog: minimum and maximum offer price in dollars and, once a CS2 inventory is
//! loaded, a float (wear) range; validated as typed.

use crate::app::dialogs::protocol::{Ctx, Dialog, Reply, Step};
use crate::app::keymap::{Action, Layer};
use crate::money::Usd;
pub use crate::trade::index::FloatRange;
use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Min,
    Max,
    FloatMin,
    FloatMax,
}

#[derive(Debug)]
pub struct PriceFilterDialog {
    pub min: Input,
    pub max: Input,
    pub float_min: Input,
    pub float_max: Input,
    /// Whether the float fields are offered (a loaded CS2 inventory).
    pub floats: bool,
    pub focus: Field,
    /// Why the values cannot be applied, shown in the dialog.
    pub error: Option<String>,
}

/// The filter the trader applied.
#[derive(Debug, PartialEq)]
pub struct FilterChoice {
    pub min: Option<Usd>,
    pub max: Option<Usd>,
    pub float: FloatRange,
}

impl PriceFilterDialog {
    pub fn new(min: Option<Usd>, max: Option<Usd>) -> Self {
        let text = |v: Option<Usd>| v.map(|u| format!("{:.2}", u.as_f64())).unwrap_or_default();
        PriceFilterDialog {
            min: Input::new(text(min)),
            max: Input::new(text(max)),
            float_min: Input::default(),
            float_max: Input::default(),
            floats: false,
            focus: Field::Min,
            error: None,
        }
    }

    /// The same, with the float range offered and filled in.
    pub fn with_floats(mut self, range: FloatRange) -> Self {
        let text = |v: Option<f64>| v.map(|f| f.to_string()).unwrap_or_default();
        self.floats = true;
        self.float_min = Input::new(text(range.min));
        self.float_max = Input::new(text(range.max));
        self
    }

    fn fields(&self) -> Vec<Field> {
        let mut fields = vec![Field::Min, Field::Max];
        if self.floats {
            fields.extend([Field::FloatMin, Field::FloatMax]);
        }
        fields
    }

    /// A key in the filter layer: `Done` is the filter to apply.
    pub fn handle(&mut self, action: Option<Action>, key: KeyEvent) -> Reply<FilterChoice> {
        match action {
            Some(Action::Cancel) => return Reply::Close,
            Some(turn @ (Action::NextField | Action::PrevField)) => {
                let fields = self.fields();
                let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
                let n = fields.len();
                self.focus = fields[if turn == Action::NextField { (at + 1) % n } else { (at + n - 1) % n }];
            }
            Some(Action::Apply) => match self.parse().and_then(|(min, max)| Ok((min, max, self.parse_floats()?))) {
                Ok((min, max, float)) => return Reply::Done(FilterChoice { min, max, float }),
                Err(e) => self.error = Some(e),
            },
            _ => {
                let input = match self.focus {
                    Field::Min => &mut self.min,
                    Field::Max => &mut self.max,
                    Field::FloatMin => &mut self.float_min,
                    Field::FloatMax => &mut self.float_max,
                };
                input.handle_event(&Event::Key(key));
                self.error = self.parse().and_then(|_| self.parse_floats()).err();
            }
        }
        Reply::Stay
    }

    /// Both bounds, or why not. Empty means no bound.
    pub fn parse(&self) -> Result<(Option<Usd>, Option<Usd>), String> {
        let bound = |input: &Input, label: &str| -> Result<Option<Usd>, String> {
            let text = input.value().trim();
            if text.is_empty() {
                return Ok(None);
            }
            Usd::parse_dollars(text).map(Some).map_err(|e| format!("{label}: {e}"))
        };
        let min = bound(&self.min, "minimum")?;
        let max = bound(&self.max, "maximum")?;
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            return Err("the minimum is above the maximum".into());
        }
        Ok((min, max))
    }
}

impl PriceFilterDialog {
    /// The float range, or why not: numbers from 0 to 1, the minimum not above the maximum.
    pub fn parse_floats(&self) -> Result<FloatRange, String> {
        let bound = |input: &Input, label: &str| -> Result<Option<f64>, String> {
            let text = input.value().trim();
            if text.is_empty() {
                return Ok(None);
            }
            match text.parse::<f64>() {
                Ok(f) if (0.0..=1.0).contains(&f) => Ok(Some(f)),
                _ => Err(format!("{label}: a float from 0 to 1, like 0.07")),
            }
        };
        let range =
            FloatRange { min: bound(&self.float_min, "lowest float")?, max: bound(&self.float_max, "highest float")? };
        if let (Some(lo), Some(hi)) = (range.min, range.max)
            && lo > hi
        {
            return Err("the lowest float is above the highest".into());
        }
        Ok(range)
    }
}

impl Dialog for PriceFilterDialog {
    fn layer(&self) -> Layer {
        Layer::Filter
    }

    /// Applying narrows the AssetPay pane to the range, from its first page.
    fn on_key(&mut self, action: Option<Action>, key: KeyEvent, ctx: &mut Ctx) -> Step {
        match self.handle(action, key) {
            Reply::Stay => Step::STAY,
            Reply::Close => Step::CLOSE,
            Reply::Done(choice) => {
                let pane = &mut *ctx.inventory;
                pane.float_range = choice.float;
                pane.query.min_price = choice.min;
                pane.query.max_price = choice.max;
                pane.query.page = 1;
                Step::Close(pane.fetch(false))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{Keymap, Layer};
    use crossterm::event::{KeyCode, KeyModifiers};

    /// A key through the shipped filter layer, as the app routes it.
    fn press(d: &mut PriceFilterDialog, code: KeyCode) -> Reply<FilterChoice> {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        d.handle(Keymap::default().action_for(Layer::Filter, &key), key)
    }

    fn type_text(d: &mut PriceFilterDialog, text: &str) {
        for c in text.chars() {
            press(d, KeyCode::Char(c));
        }
    }

    #[test]
    fn applies_valid_bounds_and_refuses_bad_ones() {
        let mut d = PriceFilterDialog::new(None, None);
        type_text(&mut d, "10");
        press(&mut d, KeyCode::Tab);
        type_text(&mut d, "1x");
        assert!(d.error.as_deref().unwrap().contains("maximum"));
        assert_eq!(press(&mut d, KeyCode::Enter), Reply::Stay);
        press(&mut d, KeyCode::Backspace);
        type_text(&mut d, "00");
        assert_eq!(
            press(&mut d, KeyCode::Enter),
            Reply::Done(FilterChoice {
                min: Some(Usd::from_cents(1000)),
                max: Some(Usd::from_cents(10000)),
                float: FloatRange::default()
            })
        );
    }

    #[test]
    fn min_above_max_is_refused() {
        let d = PriceFilterDialog::new(Some(Usd::from_cents(500)), Some(Usd::from_cents(100)));
        assert!(d.parse().is_err());
    }
}
