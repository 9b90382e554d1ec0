//! The guards every price passes, whoever asks for it: a price that pays nothing is refused,
//! and a big drop needs a confirmation of its own.

use crate::money::Cents;
use std::fmt;

/// A new price more than this far below the current listing or the suggested price needs
/// its own confirmation (`max_drop_percent` in the config).
pub const DEFAULT_MAX_DROP_PERCENT: u32 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Guards {
    pub max_drop_percent: u32,
}

impl Default for Guards {
    fn default() -> Self {
        Guards { max_drop_percent: DEFAULT_MAX_DROP_PERCENT }
    }
}

/// What a big drop is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropBasis {
    Listing,
    Suggested,
}

/// A new price far below a reference price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Drop {
    pub from: Cents,
    pub basis: DropBasis,
    /// How far below, in whole percent (rounded down).
    pub percent: u32,
}

impl fmt::Display for Drop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let basis = match self.basis {
            DropBasis::Listing => "the listing",
            DropBasis::Suggested => "suggested",
        };
        write!(f, "{}% under {basis} {}", self.percent, self.from)
    }
}

impl Guards {
    /// The biggest drop past the limit, against the current listing or the suggested price.
    pub fn big_drop(&self, new: Cents, current: Option<Cents>, suggested: Option<Cents>) -> Option<Drop> {
        // Raising a listing is never a drop, however far under the suggested price it stays.
        if current.is_some_and(|c| new > c) {
            return None;
        }
        [(current, DropBasis::Listing), (suggested, DropBasis::Suggested)]
            .into_iter()
            .filter_map(|(from, basis)| {
                let from = from.filter(|f| f.0 > 0 && new < *f)?;
                // In i128: market prices can be absurd.
                let below = (from.0 as i128 - new.0 as i128) * 100;
                let percent = (below / from.0 as i128).min(100) as u32;
                (below > from.0 as i128 * i128::from(self.max_drop_percent)).then_some(Drop { from, basis, percent })
            })
            .max_by_key(|d| d.percent)
    }
}

/// Whether a listing at this price pays the seller nothing after the 5% fee.
pub fn pays_nothing(price: Cents) -> bool {
    price.after_fee() <= Cents::ZERO
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_cent_listing_pays_nothing() {
        assert!(pays_nothing(Cents(1)));
        assert!(!pays_nothing(Cents(2)), "2¢ pays 1¢");
    }

    #[test]
    fn drops_past_the_limit_need_confirmation() {
        let g = Guards::default();
        assert_eq!(g.big_drop(Cents(70), Some(Cents(100)), None), None, "exactly 30% is allowed");
        let d = g.big_drop(Cents(69), Some(Cents(100)), None).unwrap();
        assert_eq!((d.basis, d.percent), (DropBasis::Listing, 31));
        let d = g.big_drop(Cents(18_499), Some(Cents(19_900)), Some(Cents(40_000))).unwrap();
        assert_eq!((d.basis, d.percent), (DropBasis::Suggested, 53), "the bigger drop is named");
        assert_eq!(g.big_drop(Cents(120), Some(Cents(100)), Some(Cents(100))), None, "a rise is no drop");
        assert_eq!(g.big_drop(Cents(10), None, None), None);
        assert!(Guards { max_drop_percent: 90 }.big_drop(Cents(10), Some(Cents(100)), None).is_none());
        let d = g.big_drop(Cents(1), Some(Cents(i64::MAX)), None).unwrap();
        assert_eq!(d.percent, 99);
    }
}
