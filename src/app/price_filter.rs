//! The price-filter dialog: minimum and maximum offer price in dollars, validated as typed.

use crate::money::Usd;
use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Min,
    Max,
}

#[derive(Debug)]
pub struct PriceFilterDialog {
    pub min: Input,
    pub max: Input,
    pub focus: Field,
    /// Why the values cannot be applied, shown in the dialog.
    pub error: Option<String>,
}

/// What a key did to the dialog.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Editing,
    Cancelled,
    Applied { min: Option<Usd>, max: Option<Usd> },
}

impl PriceFilterDialog {
    pub fn new(min: Option<Usd>, max: Option<Usd>) -> Self {
        let text = |v: Option<Usd>| v.map(|u| format!("{:.2}", u.as_f64())).unwrap_or_default();
        PriceFilterDialog { min: Input::new(text(min)), max: Input::new(text(max)), focus: Field::Min, error: None }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc => return Outcome::Cancelled,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.focus = if self.focus == Field::Min { Field::Max } else { Field::Min };
            }
            KeyCode::Enter => match self.parse() {
                Ok((min, max)) => return Outcome::Applied { min, max },
                Err(e) => self.error = Some(e),
            },
            _ => {
                let input = if self.focus == Field::Min { &mut self.min } else { &mut self.max };
                input.handle_event(&Event::Key(key));
                self.error = self.parse().err();
            }
        }
        Outcome::Editing
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

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn type_text(d: &mut PriceFilterDialog, text: &str) {
        for c in text.chars() {
            d.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn applies_valid_bounds_and_refuses_bad_ones() {
        let mut d = PriceFilterDialog::new(None, None);
        type_text(&mut d, "10");
        d.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
        type_text(&mut d, "1x");
        assert!(d.error.as_deref().unwrap().contains("maximum"));
        assert_eq!(d.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)), Outcome::Editing);
        d.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        type_text(&mut d, "00");
        assert_eq!(
            d.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            Outcome::Applied { min: Some(Usd::from_cents(1000)), max: Some(Usd::from_cents(10000)) }
        );
    }

    #[test]
    fn min_above_max_is_refused() {
        let d = PriceFilterDialog::new(Some(Usd::from_cents(500)), Some(Usd::from_cents(100)));
        assert!(d.parse().is_err());
    }
}
