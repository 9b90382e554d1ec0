//! The pricing dialog's logic: a rule turns each selected item into a new price, bounded by
//! an optional floor and ceiling; the preview says item by item what the trader receives and
//! what to watch for; the submission groups equal prices into as few calls as possible.

use crate::api::mannco::{AssetId, ItemPricing};
use crate::money::{Cents, Usd};
use std::collections::{BTreeMap, HashMap};

/// Asset ids per `POST /inventory/price` call: few calls, without giant request bodies.
pub const IDS_PER_CALL: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Fixed,
    Undercut,
    MatchBuyOrder,
    PercentOfSuggested,
    PercentOfLowest,
}

impl Rule {
    pub const ALL: [Rule; 5] =
        [Rule::Fixed, Rule::Undercut, Rule::MatchBuyOrder, Rule::PercentOfSuggested, Rule::PercentOfLowest];

    pub fn label(self) -> &'static str {
        match self {
            Rule::Fixed => "fixed price",
            Rule::Undercut => "undercut the lowest listing",
            Rule::MatchBuyOrder => "match the highest buy order",
            Rule::PercentOfSuggested => "percent of the suggested price",
            Rule::PercentOfLowest => "percent of the lowest listing",
        }
    }

    /// What the amount field means for this rule; None when the rule takes no amount.
    pub fn amount_label(self) -> Option<&'static str> {
        match self {
            Rule::Fixed => Some("Price $"),
            Rule::Undercut => Some("By cents"),
            Rule::MatchBuyOrder => None,
            Rule::PercentOfSuggested | Rule::PercentOfLowest => Some("Percent"),
        }
    }

    pub fn cycle(self, forward: bool) -> Rule {
        let i = Rule::ALL.iter().position(|r| *r == self).unwrap_or(0);
        let n = Rule::ALL.len();
        Rule::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// A rule with its validated amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pricing {
    Fixed(Cents),
    Undercut(Cents),
    MatchBuyOrder,
    /// Basis points (hundredths of a percent) of the suggested price.
    PercentOfSuggested(i64),
    PercentOfLowest(i64),
}

impl Pricing {
    /// Parses the amount as typed for `rule`, or says why it cannot be used.
    pub fn parse(rule: Rule, amount: &str) -> Result<Pricing, String> {
        match rule {
            Rule::Fixed => Cents::parse_price(amount).map(Pricing::Fixed),
            Rule::Undercut => {
                let text = amount.trim();
                if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 7 {
                    return Err("undercut by a whole number of cents, like 1".into());
                }
                Ok(Pricing::Undercut(Cents(text.parse().unwrap_or(0))))
            }
            Rule::MatchBuyOrder => Ok(Pricing::MatchBuyOrder),
            Rule::PercentOfSuggested | Rule::PercentOfLowest => {
                let text = amount.trim().trim_end_matches('%');
                let bp = Usd::parse_dollars(text).map_err(|_| "a percentage, like 95 or 97.5".to_string())?.micros()
                    / 10_000;
                if !(100..=100_000).contains(&bp) {
                    return Err("a percentage from 1 to 1000".into());
                }
                Ok(if rule == Rule::PercentOfSuggested {
                    Pricing::PercentOfSuggested(bp)
                } else {
                    Pricing::PercentOfLowest(bp)
                })
            }
        }
    }

    /// The price for one item type, or why there is none.
    fn price_for(self, market: Option<&ItemPricing>) -> Result<Cents, String> {
        let percent = |base: Option<Cents>, what: &str, bp: i64| {
            let base = base.ok_or_else(|| format!("no {what} to work from"))?;
            // In i128: a market's absurd price must give a refused price, not an overflow.
            let price = (base.0 as i128 * bp as i128 + 5_000) / 10_000;
            Ok(Cents(price.clamp(i64::MIN as i128, i64::MAX as i128) as i64))
        };
        match self {
            Pricing::Fixed(price) => Ok(price),
            Pricing::Undercut(by) => {
                let lowest = market.and_then(|m| m.lowest_sale_price).ok_or("no listing to undercut")?;
                Ok(Cents(lowest.0.saturating_sub(by.0)))
            }
            Pricing::MatchBuyOrder => {
                market.and_then(ItemPricing::best_buy_order).ok_or_else(|| "no buy order to match".into())
            }
            Pricing::PercentOfSuggested(bp) => percent(market.and_then(|m| m.suggested_price), "suggested price", bp),
            Pricing::PercentOfLowest(bp) => percent(market.and_then(|m| m.lowest_sale_price), "lowest listing", bp),
        }
    }
}

/// One asset the dialog would price.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub asset_id: AssetId,
    pub item_id: i64,
    pub name: String,
    pub current: Option<Cents>,
    /// Why it cannot be priced now (trade hold, pending withdrawal…), if so.
    pub blocked: Option<String>,
}

/// One preview line: the targets of one item type at one current price.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub name: String,
    pub ids: Vec<AssetId>,
    pub current: Option<Cents>,
    pub new: Option<Cents>,
    pub warnings: Vec<String>,
    /// False when the line will not be sent; the last warning says why.
    pub send: bool,
    pub fills_instantly: bool,
}

impl Line {
    /// What the trader receives for the whole line if it is sent and sells: 95% per item,
    /// exact cents.
    pub fn receive(&self) -> Option<Cents> {
        self.new.filter(|_| self.send).map(|p| Cents(p.after_fee().0.saturating_mul(self.ids.len() as i64)))
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preview {
    pub lines: Vec<Line>,
}

impl Preview {
    pub fn sending(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.send)
    }

    pub fn items_sent(&self) -> usize {
        self.sending().map(|l| l.ids.len()).sum()
    }

    pub fn items_skipped(&self) -> usize {
        self.lines.iter().filter(|l| !l.send).map(|l| l.ids.len()).sum()
    }

    /// The listing value of everything sent.
    pub fn total(&self) -> Cents {
        self.sending().filter_map(|l| l.new.map(|p| Cents(p.0 * l.ids.len() as i64))).sum()
    }

    pub fn total_receive(&self) -> Cents {
        self.sending().filter_map(Line::receive).sum()
    }

    pub fn fills(&self) -> usize {
        self.sending().filter(|l| l.fills_instantly).map(|l| l.ids.len()).sum()
    }

    /// The calls to make: one price per call, ids chunked, equal prices merged.
    pub fn calls(&self) -> Vec<PriceCall> {
        let mut by_price: BTreeMap<Cents, Vec<AssetId>> = BTreeMap::new();
        for line in self.sending() {
            if let Some(price) = line.new {
                by_price.entry(price).or_default().extend(&line.ids);
            }
        }
        by_price
            .into_iter()
            .flat_map(|(price, ids)| {
                ids.chunks(IDS_PER_CALL).map(|c| PriceCall { price, ids: c.to_vec() }).collect::<Vec<_>>()
            })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceCall {
    pub price: Cents,
    pub ids: Vec<AssetId>,
}

/// Targets share a preview line when they share name, item type, current price and blocker.
type LineKey = (String, i64, Option<Cents>, Option<String>);

/// The whole preview for the targets under a pricing rule and optional bounds.
pub fn preview(
    pricing: Pricing,
    floor: Option<Cents>,
    ceiling: Option<Cents>,
    targets: &[Target],
    market: &HashMap<i64, ItemPricing>,
    cap: &dyn Fn(i64) -> Option<Cents>,
) -> Preview {
    let mut groups: BTreeMap<LineKey, Vec<AssetId>> = BTreeMap::new();
    for t in targets {
        groups.entry((t.name.clone(), t.item_id, t.current, t.blocked.clone())).or_default().push(t.asset_id);
    }
    let lines = groups
        .into_iter()
        .map(|((name, item_id, current, blocked), ids)| {
            let mut line =
                Line { name, ids, current, new: None, warnings: vec![], send: false, fills_instantly: false };
            if let Some(why) = blocked {
                line.warnings.push(format!("{why} — not sent"));
                return line;
            }
            let info = market.get(&item_id);
            let mut price = match pricing.price_for(info) {
                Ok(p) => p,
                Err(why) => {
                    line.warnings.push(format!("{why} — not sent"));
                    return line;
                }
            };
            if let Some(floor) = floor.filter(|f| price < *f) {
                line.warnings.push(format!("below floor: raised to {floor}"));
                price = floor;
            }
            if let Some(ceiling) = ceiling.filter(|c| price > *c) {
                line.warnings.push(format!("above ceiling: lowered to {ceiling}"));
                price = ceiling;
            }
            line.new = Some(price);
            if !price.is_valid_price() {
                line.warnings.push("outside $0.01 – $50,000 — not sent".into());
                return line;
            }
            if let Some(cap) = cap(item_id).filter(|cap| price > *cap) {
                line.warnings.push(format!("over the item's cap {cap} — not sent"));
                return line;
            }
            if current == Some(price) {
                line.warnings.push("already at this price — not sent".into());
                return line;
            }
            if let Some(suggested) = info.and_then(|i| i.suggested_price).filter(|s| price.0 * 2 < s.0) {
                line.warnings.push(format!("under half the suggested {suggested}"));
            }
            if let Some(order) = info.and_then(ItemPricing::best_buy_order).filter(|o| *o >= price) {
                line.fills_instantly = true;
                line.warnings.push(format!("fills instantly: buy order {order}"));
            }
            line.send = true;
            line
        })
        .collect();
    Preview { lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(id: u64, item_id: i64, name: &str) -> Target {
        Target { asset_id: id, item_id, name: name.into(), current: None, blocked: None }
    }

    fn market() -> HashMap<i64, ItemPricing> {
        let key = ItemPricing {
            item_id: 1,
            lowest_sale_price: Some(Cents(209)),
            lowest_buy_order: Some(Cents(195)),
            suggested_price: Some(Cents(205)),
            price_limit: Some(Cents(250)),
            ..Default::default()
        };
        let hat = ItemPricing {
            item_id: 2,
            lowest_sale_price: Some(Cents(160)),
            suggested_price: Some(Cents(155)),
            ..Default::default()
        };
        HashMap::from([(1, key), (2, hat)])
    }

    fn caps(item_id: i64) -> Option<Cents> {
        (item_id == 1).then_some(Cents(250))
    }

    #[test]
    fn undercut_with_a_floor() {
        let targets: Vec<Target> =
            (0..20).map(|i| target(i, 1, "Key")).chain((100..103).map(|i| target(i, 2, "Team Captain"))).collect();
        let p = preview(Pricing::Undercut(Cents(1)), Some(Cents(180)), None, &targets, &market(), &caps);
        let key = p.lines.iter().find(|l| l.name == "Key").unwrap();
        assert_eq!((key.new, key.ids.len(), key.fills_instantly), (Some(Cents(208)), 20, false));
        let hat = p.lines.iter().find(|l| l.name == "Team Captain").unwrap();
        assert_eq!(hat.new, Some(Cents(180)), "159 is below the floor");
        assert!(hat.warnings[0].contains("below floor"));
        assert_eq!(p.items_sent(), 23);
        assert_eq!(p.total_receive(), Cents(208 * 95 / 100 * 20 + 180 * 95 / 100 * 3));
        assert_eq!(
            p.calls(),
            vec![
                PriceCall { price: Cents(180), ids: vec![100, 101, 102] },
                PriceCall { price: Cents(208), ids: (0..20).collect() }
            ]
        );
    }

    #[test]
    fn fills_caps_and_blocked_items() {
        let mut held = target(9, 1, "Key");
        held.blocked = Some("trade hold".into());
        let targets = vec![target(1, 1, "Key"), held, target(2, 2, "Team Captain")];
        let p = preview(Pricing::Fixed(Cents(123)), None, None, &targets, &market(), &caps);
        let fill = p.lines.iter().find(|l| l.name == "Key" && l.send).unwrap();
        assert!(fill.fills_instantly && fill.warnings[0].contains("$1.95"));
        assert!(p.lines.iter().any(|l| !l.send && l.warnings[0].contains("trade hold")));
        let cheap = preview(Pricing::Fixed(Cents(60)), None, None, &targets[2..], &market(), &caps);
        assert!(cheap.lines[0].send && cheap.lines[0].warnings[0].contains("under half the suggested $1.55"));
        assert_eq!(p.fills(), 1);
        let over = preview(Pricing::Fixed(Cents(300)), None, None, &targets[..1], &market(), &caps);
        assert!(!over.lines[0].send && over.lines[0].warnings[0].contains("cap $2.50"));
    }

    #[test]
    fn percentages_round_to_the_nearest_cent() {
        let targets = vec![target(1, 1, "Key")];
        let p = preview(Pricing::PercentOfSuggested(9750), None, None, &targets, &market(), &caps);
        assert_eq!(p.lines[0].new, Some(Cents(200)), "97.5% of 205 is 199.875");
        let p = preview(Pricing::PercentOfLowest(9000), None, Some(Cents(150)), &targets, &market(), &caps);
        assert_eq!(p.lines[0].new, Some(Cents(150)));
        let p = preview(Pricing::MatchBuyOrder, None, None, &[target(2, 2, "Team Captain")], &market(), &caps);
        assert!(!p.lines[0].send && p.lines[0].warnings[0].contains("no buy order"));
    }

    #[test]
    fn absurd_market_prices_are_refused_not_overflowed() {
        let huge = ItemPricing {
            item_id: 1,
            lowest_sale_price: Some(Cents(i64::MAX)),
            suggested_price: Some(Cents(i64::MAX)),
            lowest_buy_order: Some(Cents(i64::MIN)),
            ..Default::default()
        };
        let market = HashMap::from([(1, huge)]);
        for pricing in [
            Pricing::PercentOfSuggested(100_000),
            Pricing::PercentOfLowest(100),
            Pricing::Undercut(Cents(1)),
            Pricing::MatchBuyOrder,
        ] {
            let p = preview(pricing, None, None, &[target(1, 1, "Key")], &market, &|_| None);
            assert!(!p.lines[0].send, "{pricing:?} would send {:?}", p.lines[0].new);
        }
        assert_eq!(Cents(i64::MAX).after_fee(), Cents((i64::MAX as i128 * 95 / 100) as i64));
    }

    #[test]
    fn amounts_as_typed() {
        assert_eq!(Pricing::parse(Rule::Fixed, "1.23"), Ok(Pricing::Fixed(Cents(123))));
        assert!(Pricing::parse(Rule::Fixed, "1.2.3").is_err());
        assert!(Pricing::parse(Rule::Fixed, "50000.01").is_err());
        assert_eq!(Pricing::parse(Rule::Undercut, "1"), Ok(Pricing::Undercut(Cents(1))));
        assert!(Pricing::parse(Rule::Undercut, "1.5").is_err());
        assert_eq!(Pricing::parse(Rule::PercentOfLowest, "97.5%"), Ok(Pricing::PercentOfLowest(9750)));
        assert!(Pricing::parse(Rule::PercentOfSuggested, "0").is_err());
    }

    #[test]
    fn large_groups_are_chunked() {
        let targets: Vec<Target> = (0..120).map(|i| target(i, 2, "Team Captain")).collect();
        let calls = preview(Pricing::Fixed(Cents(100)), None, None, &targets, &market(), &caps).calls();
        assert_eq!(calls.iter().map(|c| c.ids.len()).collect::<Vec<_>>(), vec![50, 50, 20]);
    }
}
