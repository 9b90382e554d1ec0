//! The inventory request: every documented query parameter, validated before anything is sent.

use super::error::AssetPayError;
use crate::money::Usd;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::LazyLock;

pub const MAX_SEARCH_CHARS: usize = 100;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Game {
    #[default]
    Cs2,
    Rust,
}

impl Game {
    pub fn app_id(self) -> u32 {
        match self {
            Game::Cs2 => 730,
            Game::Rust => 252490,
        }
    }

    pub fn from_app_id(id: u32) -> Option<Game> {
        match id {
            730 => Some(Game::Cs2),
            252490 => Some(Game::Rust),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Game::Cs2 => "CS2",
            Game::Rust => "Rust",
        }
    }

    pub fn toggled(self) -> Game {
        match self {
            Game::Cs2 => Game::Rust,
            Game::Rust => Game::Cs2,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Relevance,
    PriceDesc,
    PriceAsc,
    NameAsc,
    NameDesc,
}

impl Sort {
    /// The cycle `s` walks through.
    pub const ALL: [Sort; 5] = [Sort::Relevance, Sort::PriceDesc, Sort::PriceAsc, Sort::NameAsc, Sort::NameDesc];

    pub fn as_param(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "priceAsc",
            Sort::PriceDesc => "priceDesc",
            Sort::NameAsc => "nameAsc",
            Sort::NameDesc => "nameDesc",
        }
    }

    pub fn from_param(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|sort| sort.as_param() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price ↑",
            Sort::PriceDesc => "price ↓",
            Sort::NameAsc => "name A–Z",
            Sort::NameDesc => "name Z–A",
        }
    }

    pub fn next(self) -> Sort {
        let i = Sort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Sort::ALL[(i + 1) % Sort::ALL.len()]
    }
}

/// Page size: a positive number of items, or the whole inventory at once (`-1` on the wire).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Limit {
    PerPage(u32),
    All,
}

impl Limit {
    pub const DEFAULT: Limit = Limit::PerPage(50);

    pub fn from_param(n: i64) -> Option<Limit> {
        match n {
            -1 => Some(Limit::All),
            1..=100_000 => Some(Limit::PerPage(n as u32)),
            _ => None,
        }
    }

    pub fn as_param(self) -> i64 {
        match self {
            Limit::PerPage(n) => n as i64,
            Limit::All => -1,
        }
    }
}

static TRADE_URL_PATTERN: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^https://steamcommunity\.com/tradeoffer/new/\?partner=\d{1,10}&token=[A-Za-z0-9_-]{8}$")
        .expect("the trade URL pattern is a valid regex")
});

/// A Steam trade URL that matches the documented pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TradeUrl(String);

impl TradeUrl {
    pub fn parse(text: &str) -> Result<TradeUrl, AssetPayError> {
        let text = text.trim();
        if TRADE_URL_PATTERN.is_match(text) {
            Ok(TradeUrl(text.to_string()))
        } else {
            Err(AssetPayError::InvalidInput(
                "The trade URL is malformed: it must look like https://steamcommunity.com/tradeoffer/new/?partner=123456&token=AbCd12_- (copy it from Steam → Inventory → Trade Offers → Who can send me trade offers).".into(),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Steam partner number in the URL.
    pub fn partner(&self) -> u64 {
        self.0
            .split("partner=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }
}

impl fmt::Display for TradeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InventoryQuery {
    pub game: Game,
    pub refresh: bool,
    pub search: Option<String>,
    pub sort: Sort,
    pub min_price: Option<Usd>,
    pub max_price: Option<Usd>,
    pub page: u32,
    pub limit: Limit,
}

impl Default for InventoryQuery {
    fn default() -> Self {
        InventoryQuery {
            game: Game::Cs2,
            refresh: false,
            search: None,
            sort: Sort::Relevance,
            min_price: None,
            max_price: None,
            page: 1,
            limit: Limit::DEFAULT,
        }
    }
}

impl InventoryQuery {
    /// Checks what the server would refuse, so a bad query never leaves tradedeck.
    pub fn validate(&self) -> Result<(), AssetPayError> {
        let invalid = |msg: &str| Err(AssetPayError::InvalidInput(msg.to_string()));
        if let Some(search) = &self.search
            && search.chars().count() > MAX_SEARCH_CHARS
        {
            return invalid("The search is longer than AssetPay's 100-character limit.");
        }
        if self.page == 0 {
            return invalid("Pages start at 1.");
        }
        if let (Some(min), Some(max)) = (self.min_price, self.max_price)
            && min > max
        {
            return invalid("The minimum price is above the maximum price.");
        }
        if self.min_price.is_some_and(|p| p < Usd::ZERO) || self.max_price.is_some_and(|p| p < Usd::ZERO) {
            return invalid("Prices cannot be negative.");
        }
        Ok(())
    }

    /// The query string pairs, in the documented names. Defaults are sent explicitly so the
    /// request says what it means.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = vec![
            ("game", self.game.app_id().to_string()),
            ("sort", self.sort.as_param().to_string()),
            ("page", self.page.to_string()),
            ("limit", self.limit.as_param().to_string()),
        ];
        if self.refresh {
            params.push(("refresh", "true".into()));
        }
        if let Some(search) = self.search.as_deref().filter(|s| !s.is_empty()) {
            params.push(("search", search.to_string()));
        }
        if let Some(min) = self.min_price {
            params.push(("minPrice", min.as_f64().to_string()));
        }
        if let Some(max) = self.max_price {
            params.push(("maxPrice", max.as_f64().to_string()));
        }
        params
    }

    /// How many pages the server holds for `count` matches.
    pub fn page_count(&self, count: u64) -> u32 {
        match self.limit {
            Limit::All => 1,
            Limit::PerPage(n) => count.div_ceil(n as u64).max(1).min(u32::MAX as u64) as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trade_url_follows_the_documented_pattern() {
        let ok = "https://steamcommunity.com/tradeoffer/new/?partner=12345&token=ABCDEFGH";
        assert_eq!(TradeUrl::parse(ok).unwrap().partner(), 12345);
        for bad in [
            "",
            "http://steamcommunity.com/tradeoffer/new/?partner=12345&token=ABCDEFGH",
            "https://steamcommunity.com/tradeoffer/new/?partner=12345&token=ABCDEFG",
            "https://steamcommunity.com/tradeoffer/new/?partner=12345678901&token=ABCDEFGH",
            "https://steamcommunity.com/tradeoffer/new/?partner=12a45&token=ABCDEFGH",
            "https://steamcommunity.com/tradeoffer/new/?partner=12345&token=ABCDEFGH&x=1",
        ] {
            assert!(TradeUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn search_over_100_chars_is_refused_before_sending() {
        let q = InventoryQuery { search: Some("a".repeat(101)), ..Default::default() };
        assert!(q.validate().is_err());
        let q = InventoryQuery { search: Some("龍".repeat(100)), ..Default::default() };
        assert!(q.validate().is_ok());
    }

    #[test]
    fn sort_cycles_through_all_five() {
        let mut s = Sort::Relevance;
        let mut seen = vec![];
        for _ in 0..5 {
            seen.push(s);
            s = s.next();
        }
        assert_eq!(s, Sort::Relevance);
        assert_eq!(seen.len(), 5);
    }
}
