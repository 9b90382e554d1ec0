//! Pricing: a rule turns each target into a new price, bounded by an optional floor and
//! ceiling; the preview says item by item what the trader receives and what to watch for; the
//! plan groups equal prices into as few calls as possible, once the guards are satisfied.

use super::guards::{self, Drop, Guards};
use crate::api::mannco::{AssetId, ItemPricing, Row};
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

/// One asset a rule would price.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub asset_id: AssetId,
    pub item_id: i64,
    pub name: String,
    pub current: Option<Cents>,
    /// Why it cannot be priced now (trade hold, pending withdrawal…), if so.
    pub blocked: Option<String>,
}

impl Target {
    /// The target for one asset of a row; `blocked` says why it cannot be acted on, if so.
    pub fn of(asset_id: AssetId, row: &Row, blocked: Option<String>) -> Target {
        Target { asset_id, item_id: row.item_id, name: row.name.clone(), current: row.price, blocked }
    }
}

/// A pricing rule with its optional bounds: what the dialog and `mannco price` both take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceRule {
    pub pricing: Pricing,
    pub floor: Option<Cents>,
    pub ceiling: Option<Cents>,
    /// The trader asked to sell into buy orders (`--fill`, `fill = true`, the dialog's own
    /// confirmation). Without it no price goes at or under the highest buy order.
    pub fill: bool,
}

impl PriceRule {
    pub fn new(pricing: Pricing, floor: Option<Cents>, ceiling: Option<Cents>) -> Result<PriceRule, String> {
        if let (Some(f), Some(c)) = (floor, ceiling)
            && f > c
        {
            return Err("the floor is above the ceiling".into());
        }
        Ok(PriceRule { pricing, floor, ceiling, fill: false })
    }

    /// The same rule, allowed (or not) to sell into buy orders.
    pub fn filling(self, fill: bool) -> PriceRule {
        PriceRule { fill, ..self }
    }
}

/// Why a line is not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Nothing needs doing: the item is listed at that price already.
    AlreadyAtPrice,
    /// It cannot or must not be sent, and why.
    Refused(String),
}

/// One preview line: the targets of one item type at one current price.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub name: String,
    pub item_id: i64,
    pub ids: Vec<AssetId>,
    pub current: Option<Cents>,
    pub new: Option<Cents>,
    pub warnings: Vec<String>,
    /// None when the line will be sent.
    pub skip: Option<Skip>,
    pub fills_instantly: bool,
    /// A drop past the guard: sent only once the trader confirms it.
    pub big_drop: Option<Drop>,
    /// The highest buy order this line's price was refused under: a fixed price (or "match
    /// the buy order") at or under it would sell at once, and the trader did not ask to fill.
    pub under_bid: Option<Cents>,
}

impl Line {
    pub fn send(&self) -> bool {
        self.skip.is_none()
    }

    /// What the trader receives for the whole line if it is sent and sells: 95% per item,
    /// exact cents.
    pub fn receive(&self) -> Option<Cents> {
        self.new.filter(|_| self.send()).map(|p| Cents(p.after_fee().0.saturating_mul(self.ids.len() as i64)))
    }

    fn skipped(mut self, skip: Skip, warning: String) -> Line {
        self.warnings.push(warning);
        self.skip = Some(skip);
        self
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preview {
    pub lines: Vec<Line>,
}

/// Why a preview cannot become a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Every item is skipped; true when they are all at that price already.
    NothingToSend { all_at_price: bool },
    /// Items whose new price drops past the guard, and the trader has not confirmed them.
    UnconfirmedDrops(Vec<Line>),
    /// Items priced at or under the highest buy order without the trader asking to fill it:
    /// nothing is sent.
    UnderBuyOrder(Vec<Line>),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NothingToSend { all_at_price: true } => {
                write!(f, "nothing to send: every item is at that price already")
            }
            Refusal::NothingToSend { all_at_price: false } => {
                write!(f, "nothing to send: every item is skipped (see the warnings)")
            }
            Refusal::UnconfirmedDrops(lines) => {
                let named: Vec<String> = lines
                    .iter()
                    .map(|l| {
                        let drop = l.big_drop.map(|d| d.to_string()).unwrap_or_default();
                        format!("{} × {} to {} ({drop})", l.ids.len(), l.name, l.new.unwrap_or_default())
                    })
                    .collect();
                write!(f, "a big price drop needs confirming: {}", named.join("; "))
            }
            Refusal::UnderBuyOrder(lines) => {
                let named: Vec<String> = lines
                    .iter()
                    .map(|l| {
                        let bid = l.under_bid.unwrap_or_default();
                        format!(
                            "{} × {} at {} would sell at once into the buy order at {bid} (you would receive {} each)",
                            l.ids.len(),
                            l.name,
                            l.new.unwrap_or_default(),
                            bid.after_fee()
                        )
                    })
                    .collect();
                write!(f, "{}; to sell into it, ask to fill (--fill)", named.join("; "))
            }
        }
    }
}

impl Preview {
    pub fn sending(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.send())
    }

    pub fn items_sent(&self) -> usize {
        self.sending().map(|l| l.ids.len()).sum()
    }

    pub fn items_skipped(&self) -> usize {
        self.lines.iter().filter(|l| !l.send()).map(|l| l.ids.len()).sum()
    }

    /// The listing value of everything sent.
    pub fn total(&self) -> Cents {
        self.sending().filter_map(|l| l.new.map(|p| Cents(p.0.saturating_mul(l.ids.len() as i64)))).sum()
    }

    pub fn total_receive(&self) -> Cents {
        self.sending().filter_map(Line::receive).sum()
    }

    pub fn fills(&self) -> usize {
        self.sending().filter(|l| l.fills_instantly).map(|l| l.ids.len()).sum()
    }

    /// The lines that would be sent at a price far below the current or suggested one.
    pub fn big_drops(&self) -> Vec<Line> {
        self.sending().filter(|l| l.big_drop.is_some()).cloned().collect()
    }

    /// The plan to send, once every guard is satisfied: big drops must be confirmed, and
    /// something must be left to send.
    pub fn plan(&self, drops_confirmed: bool) -> Result<Plan, Refusal> {
        let under_bid: Vec<Line> = self.lines.iter().filter(|l| l.under_bid.is_some()).cloned().collect();
        if !under_bid.is_empty() {
            return Err(Refusal::UnderBuyOrder(under_bid));
        }
        if self.items_sent() == 0 {
            let all_at_price =
                !self.lines.is_empty() && self.lines.iter().all(|l| l.skip == Some(Skip::AlreadyAtPrice));
            return Err(Refusal::NothingToSend { all_at_price });
        }
        let drops = self.big_drops();
        if !drops.is_empty() && !drops_confirmed {
            return Err(Refusal::UnconfirmedDrops(drops));
        }
        let mut by_price: BTreeMap<Cents, Vec<AssetId>> = BTreeMap::new();
        let mut names = HashMap::new();
        for line in self.sending() {
            if let Some(price) = line.new {
                by_price.entry(price).or_default().extend(&line.ids);
                names.extend(line.ids.iter().map(|id| (*id, line.name.clone())));
            }
        }
        let calls = by_price
            .into_iter()
            .flat_map(|(price, ids)| {
                ids.chunks(IDS_PER_CALL).map(|c| PriceCall { price, ids: c.to_vec() }).collect::<Vec<_>>()
            })
            .collect();
        Ok(Plan { calls, names })
    }

    /// How many calls the plan would make, whatever the guards say.
    pub fn call_count(&self) -> usize {
        let mut by_price: BTreeMap<Cents, usize> = BTreeMap::new();
        for line in self.sending() {
            if let Some(price) = line.new {
                *by_price.entry(price).or_default() += line.ids.len();
            }
        }
        by_price.values().map(|n| n.div_ceil(IDS_PER_CALL)).sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceCall {
    pub price: Cents,
    pub ids: Vec<AssetId>,
}

/// What will be sent: one call per price (ids chunked, equal prices merged), and each asset's
/// name for the journal. The screens and commands get theirs from `Preview::plan`, so every
/// plan they send has passed the guards.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub calls: Vec<PriceCall>,
    pub names: HashMap<AssetId, String>,
}

impl Plan {
    pub fn items(&self) -> usize {
        self.calls.iter().map(|c| c.ids.len()).sum()
    }
}

/// Targets share a preview line when they share name, item type, current price and blocker.
type LineKey = (String, i64, Option<Cents>, Option<String>);

/// What the engine knows of the market while previewing: price look-ups and caps.
#[derive(Clone, Copy)]
pub struct MarketPrices<'a> {
    pub pricing: &'a HashMap<i64, ItemPricing>,
    /// Caps and holds the market named when it refused a price before.
    pub learned: Option<&'a super::learned::Learned>,
}

impl MarketPrices<'_> {
    /// An item type's cap, as a refusal named it (the look-ups do not carry caps).
    pub fn cap(&self, item_id: i64) -> Option<Cents> {
        self.learned.and_then(|l| l.caps.get(&item_id).copied())
    }

    /// Why an asset cannot be priced, when the market said so before (a trade hold).
    pub fn learned_block(&self, asset_id: AssetId) -> Option<String> {
        self.learned.and_then(|l| l.holds.contains_key(&asset_id).then(|| l.hold_words(asset_id)))
    }
}

/// The whole preview for the targets under a rule: per line the new price, what the trader
/// receives, the warnings, and whether it is sent.
pub fn preview(rule: &PriceRule, targets: &[Target], market: &MarketPrices, guards: &Guards) -> Preview {
    let mut groups: BTreeMap<LineKey, Vec<AssetId>> = BTreeMap::new();
    for t in targets {
        let blocked = t.blocked.clone().or_else(|| market.learned_block(t.asset_id));
        groups.entry((t.name.clone(), t.item_id, t.current, blocked)).or_default().push(t.asset_id);
    }
    let lines = groups
        .into_iter()
        .map(|((name, item_id, current, blocked), ids)| {
            let line = Line {
                name,
                item_id,
                ids,
                current,
                new: None,
                warnings: vec![],
                skip: None,
                fills_instantly: false,
                big_drop: None,
                under_bid: None,
            };
            match blocked {
                Some(why) => line.skipped(Skip::Refused(why.clone()), format!("{why} — not sent")),
                None => price_line(line, rule, market, guards),
            }
        })
        .collect();
    Preview { lines }
}

fn price_line(mut line: Line, rule: &PriceRule, market: &MarketPrices, guards: &Guards) -> Line {
    let info = market.pricing.get(&line.item_id);
    let mut price = match rule.pricing.price_for(info) {
        Ok(p) => p,
        Err(why) => return line.skipped(Skip::Refused(why.clone()), format!("{why} — not sent")),
    };
    if let Some(floor) = rule.floor.filter(|f| price < *f) {
        line.warnings.push(format!("below floor: raised to {floor}"));
        price = floor;
    }
    if let Some(ceiling) = rule.ceiling.filter(|c| price > *c) {
        line.warnings.push(format!("above ceiling: lowered to {ceiling}"));
        price = ceiling;
    }
    // At or under the highest buy order a listing sells at once, at the trader's price: only
    // on purpose, and then at the bid, never under it.
    let mut named_under_bid = None;
    if let Some(bid) = info.and_then(ItemPricing::best_buy_order).filter(|bid| price <= *bid) {
        if rule.fill {
            if price < bid {
                line.warnings.push(format!("raised to the buy order {bid}"));
                price = bid;
            }
        } else if matches!(rule.pricing, Pricing::Fixed(_) | Pricing::MatchBuyOrder) {
            // A price the trader named: refused below (once its other checks pass), not
            // quietly changed.
            named_under_bid = Some(bid);
        } else {
            let above = Cents(bid.0.saturating_add(1));
            if rule.ceiling.is_some_and(|c| above > c) {
                let why = format!("the ceiling is not above the buy order at {bid}");
                return line.skipped(Skip::Refused(why.clone()), format!("{why} — not sent"));
            }
            line.warnings.push(format!("not under the buy order at {bid}"));
            price = above;
        }
    }
    line.new = Some(price);
    if !price.is_valid_price() {
        let why = "outside $0.01 – $50,000".to_string();
        return line.skipped(Skip::Refused(why.clone()), format!("{why} — not sent"));
    }
    if guards::pays_nothing(price) {
        let why = format!("pays {} after the 5% fee", price.after_fee());
        return line.skipped(Skip::Refused(why.clone()), format!("{why} — not sent"));
    }
    if let Some(cap) = market.cap(line.item_id).filter(|cap| price > *cap) {
        let why = format!("over the item's cap {cap}");
        return line.skipped(Skip::Refused(why.clone()), format!("{why} — not sent"));
    }
    if line.current == Some(price) {
        return line.skipped(Skip::AlreadyAtPrice, "already at this price — not sent".into());
    }
    if let Some(bid) = named_under_bid {
        line.under_bid = Some(bid);
        let why = format!("at or under the buy order at {bid}: it would sell at once");
        return line.skipped(Skip::Refused(why.clone()), format!("{why} — not sent (fill to sell into it)"));
    }
    line.big_drop = guards.big_drop(price, line.current, info.and_then(|i| i.suggested_price));
    if let Some(drop) = line.big_drop {
        line.warnings.push(format!("{drop}: confirm"));
    }
    if let Some(order) = info.and_then(ItemPricing::best_buy_order).filter(|o| *o >= price) {
        line.fills_instantly = true;
        line.warnings.push(format!("sells now into a buy order at {order}; you receive {} each", order.after_fee()));
    }
    line
}

#[cfg(test)]
mod tests;
