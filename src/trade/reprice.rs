//! One re-pricing run, planned: for each listing the first matching rule's target, kept
//! within its floor, ceiling and maximum drop, never below the trader's own lowest listing
//! (the market's lowest may be theirs), then handed to the pricing engine, whose guards and
//! refusals apply as they do to every price. Pure: the caller reads the market and sends.

use super::guards::Guards;
use super::pricing::{self, MarketPrices, Preview, PriceRule, Pricing, Skip, Target};
use super::rules::{Rule, Rules, Strategy};
use crate::api::mannco::{AssetId, ItemPricing, ItemState, Row};
use crate::money::Cents;
use std::collections::HashMap;
use time::OffsetDateTime;

/// What a run decided for one listing (a row of identical items at one price).
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub rule: String,
    pub name: String,
    pub item_id: i64,
    pub ids: Vec<AssetId>,
    pub current: Option<Cents>,
    /// The market's lowest listing by another seller, when known.
    pub lowest_other: Option<Cents>,
    /// The price the rule aims for, within its bounds; None when kept.
    pub target: Option<Cents>,
    /// Why the listing is kept as it is, or how the target was bounded.
    pub note: Option<String>,
}

/// The run's plan: every decision, and the engine's preview of the changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunPlan {
    pub decisions: Vec<Decision>,
    pub preview: Preview,
    /// Listings no rule covers: left alone.
    pub unmatched: usize,
}

impl RunPlan {
    /// The calls to send: lines the engine refused, or that drop past the guard (which an
    /// unattended run cannot confirm), are not among them.
    pub fn plan(&self) -> Option<pricing::Plan> {
        self.preview.plan(false).ok()
    }
}

/// Plans a run over the trader's listings. `last_changed` says when a run last changed each
/// asset (from the journal), for the rules' minimum intervals.
pub fn plan(
    rules: &Rules,
    listed: &[Row],
    market: &MarketPrices,
    guards: &Guards,
    last_changed: &HashMap<AssetId, OffsetDateTime>,
    now: OffsetDateTime,
) -> RunPlan {
    let look_ups = market.pricing;
    let on_sale: Vec<&Row> = listed.iter().filter(|r| r.state == ItemState::OnSale && r.price.is_some()).collect();
    // The trader's own lowest listing per item type: a market lowest at or above it is theirs.
    let mut own_lowest: HashMap<i64, Cents> = HashMap::new();
    for row in &on_sale {
        if let Some(price) = row.price {
            own_lowest.entry(row.item_id).and_modify(|c| *c = (*c).min(price)).or_insert(price);
        }
    }
    let mut run = RunPlan::default();
    for row in on_sale {
        let Some(rule) = rules.rule_for(row) else {
            run.unmatched += 1;
            continue;
        };
        let decision = decide(rule, row, look_ups.get(&row.item_id), own_lowest[&row.item_id], last_changed, now);
        if let Some(target) = decision.target {
            let targets: Vec<Target> = row.asset_ids().iter().map(|id| Target::of(*id, row, None)).collect();
            let rule = PriceRule {
                pricing: Pricing::Fixed(target),
                floor: rule.floor,
                ceiling: rule.ceiling,
                fill: rule.fill,
            };
            let mut preview = pricing::preview(&rule, &targets, market, guards);
            for line in preview.lines.iter_mut().filter(|l| l.big_drop.is_some() && l.send()) {
                // Nobody is there to confirm a drop past the guard: it is not sent.
                let why = format!("{}: not sent unattended", line.big_drop.map(|d| d.to_string()).unwrap_or_default());
                line.warnings.push(why.clone());
                line.skip = Some(Skip::Refused(why));
            }
            run.preview.lines.extend(preview.lines);
        }
        run.decisions.push(decision);
    }
    run
}

/// When a price the journal shows as applied last changed each asset.
pub fn last_changed(entries: &[crate::journal::Entry]) -> HashMap<AssetId, OffsetDateTime> {
    use crate::journal::{Action, Outcome};
    let mut at = HashMap::new();
    for entry in entries {
        let Action::Price { ids, .. } = &entry.action else { continue };
        let applied = match entry.outcomes.last() {
            Some(Outcome::Done) => ids,
            Some(Outcome::Reconciled { done, .. }) => done,
            _ => continue,
        };
        for id in applied {
            at.insert(*id, entry.at);
        }
    }
    at
}

fn decide(
    rule: &Rule,
    row: &Row,
    info: Option<&ItemPricing>,
    own_lowest: Cents,
    last_changed: &HashMap<AssetId, OffsetDateTime>,
    now: OffsetDateTime,
) -> Decision {
    let lowest = info.and_then(|i| i.lowest_sale_price).filter(|c| c.0 > 0);
    // The market's lowest is another seller's only when it is below the trader's own.
    let lowest_other = lowest.filter(|l| *l < own_lowest);
    let mut decision = Decision {
        rule: rule.name.clone(),
        name: row.name.clone(),
        item_id: row.item_id,
        ids: row.asset_ids(),
        current: row.price,
        lowest_other,
        target: None,
        note: None,
    };
    let keep = |mut d: Decision, why: String| {
        d.note = Some(why);
        d
    };
    let changed = row.asset_ids().iter().filter_map(|id| last_changed.get(id)).max().copied();
    if let Some(at) = changed
        && !rule.min_interval.is_zero()
        && now - at < rule.min_interval
    {
        let next = at + rule.min_interval;
        let wait = (next - now).whole_minutes().max(1);
        return keep(decision, format!("changed by a run {} min ago: next in {wait} min", (now - at).whole_minutes()));
    }
    let aimed = match rule.strategy {
        Strategy::Undercut(by) => match (lowest, lowest_other) {
            (None, _) => return keep(decision, "the market's lowest listing is not known: kept".into()),
            (Some(l), None) => return keep(decision, format!("your listing is the lowest ({l}): kept")),
            (_, Some(other)) => Cents(other.0.saturating_sub(by.0)),
        },
        Strategy::MatchBuyOrder => match info.and_then(ItemPricing::best_buy_order) {
            Some(order) => order,
            None => return keep(decision, "no buy order: kept".into()),
        },
        Strategy::PercentOfSuggested(hundredths) => match info.and_then(|i| i.suggested_price) {
            // Rounded up to the cent: a percentage never rounds a price down past its bound.
            Some(s) => Cents(s.0.saturating_mul(hundredths).saturating_add(9_999) / 10_000),
            None => return keep(decision, "no suggested price: kept".into()),
        },
        Strategy::Fixed(price) => price,
    };
    let mut target = aimed;
    let mut notes = vec![];
    if let Some(floor) = rule.floor.filter(|f| target < *f) {
        notes.push(format!("floor {floor}"));
        target = floor;
    }
    if let Some(ceiling) = rule.ceiling.filter(|c| target > *c) {
        notes.push(format!("ceiling {ceiling}"));
        target = ceiling;
    }
    // At or under the highest buy order the listing would sell into it at once, at the
    // trader's price: one cent above it, unless the rule says `fill = true` (then at the
    // bid, never under it).
    if let Some(bid) = info.and_then(ItemPricing::best_buy_order).filter(|b| target <= *b) {
        if rule.fill {
            if target < bid {
                notes.push(format!("sells into the buy order at {bid}"));
                target = bid;
            }
        } else {
            let above = Cents(bid.0.saturating_add(1));
            if rule.ceiling.is_some_and(|c| above > c) {
                return keep(decision, format!("the ceiling is not above the buy order at {bid}: kept"));
            }
            notes.push(format!("not under the buy order at {bid}"));
            target = above;
        }
    }
    if let (Some(max), Some(current)) = (rule.max_drop_percent, row.price) {
        // At most `max`% below the current price in one run, rounded up to the cent.
        let lowest_allowed = Cents(current.0.saturating_mul(100 - max as i64).saturating_add(99) / 100);
        if target < lowest_allowed {
            notes.push(format!("at most {max}% lower per run"));
            target = lowest_allowed;
        }
    }
    if Some(target) == row.price {
        let why = if notes.is_empty() {
            "already at its target".to_string()
        } else {
            format!("held at {}", notes.join(", "))
        };
        return keep(decision, format!("{why}: kept"));
    }
    decision.target = Some(target);
    if !notes.is_empty() {
        decision.note = Some(format!("aimed at {aimed}; {}", notes.join(", ")));
    }
    decision
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trade::rules::Rules;

    fn row(ids: &str, item_id: i64, name: &str, price: i64) -> Row {
        serde_json::from_value(serde_json::json!({
            "ids": ids, "count": ids.split(',').count(), "item_id": item_id, "game": 440, "state": 1,
            "price": price, "name": name,
        }))
        .unwrap()
    }

    fn look_up(item_id: i64, lowest: i64, order: i64, suggested: i64) -> (i64, ItemPricing) {
        let info = ItemPricing {
            item_id,
            lowest_sale_price: Some(Cents(lowest)),
            lowest_buy_order: Some(Cents(order)),
            suggested_price: Some(Cents(suggested)),
            ..Default::default()
        };
        (item_id, info)
    }

    const KEYS: &str =
        "[[rule]]\nname = \"keys\"\nitem = \"Key\"\nundercut = \"0.01\"\nfloor = \"1.90\"\nmax_drop_percent = 5\n";

    fn run(rules: &str, rows: &[Row], look_ups: &[(i64, ItemPricing)]) -> RunPlan {
        let rules = Rules::parse(rules, "rules.toml").unwrap();
        let look_ups: HashMap<i64, ItemPricing> = look_ups.iter().cloned().collect();
        let market = MarketPrices { pricing: &look_ups, learned: None };
        plan(&rules, rows, &market, &Guards::default(), &HashMap::new(), OffsetDateTime::UNIX_EPOCH)
    }

    #[test]
    fn the_lowest_listing_being_your_own_is_kept() {
        let rows = [row("1", 7, "Key", 205), row("2", 7, "Key", 230)];
        // The market's lowest (205) is the trader's own: nothing is lowered.
        let plan = run(KEYS, &rows, &[look_up(7, 205, 190, 210)]);
        assert!(plan.decisions.iter().all(|d| d.target.is_none()), "{plan:?}");
        assert!(plan.decisions[0].note.as_deref().unwrap().contains("your listing is the lowest"));
        assert!(plan.plan().is_none());
    }

    #[test]
    fn another_seller_below_is_undercut_within_the_floor_and_the_maximum_drop() {
        let rows = [row("1,2", 7, "Key", 215)];
        let plan = run(KEYS, &rows, &[look_up(7, 209, 190, 210)]);
        assert_eq!(plan.decisions[0].target, Some(Cents(208)), "a cent under the other seller");
        let calls = plan.plan().unwrap().calls;
        assert_eq!((calls.len(), calls[0].price, calls[0].ids.len()), (1, Cents(208), 2));
        // Far below: the maximum drop (5%) bounds this run.
        let plan = run(KEYS, &rows, &[look_up(7, 150, 140, 210)]);
        assert_eq!(plan.decisions[0].target, Some(Cents(205)), "215 less 5%, rounded up");
        // Below the floor: never under it.
        let rows = [row("1", 7, "Key", 195)];
        let plan = run(KEYS, &rows, &[look_up(7, 150, 140, 210)]);
        assert_eq!(plan.decisions[0].target, Some(Cents(190)));
        let rows = [row("1", 7, "Key", 190)];
        let plan = run(KEYS, &rows, &[look_up(7, 150, 140, 210)]);
        assert_eq!(plan.decisions[0].target, None, "at the floor: kept");
    }

    #[test]
    fn ten_runs_never_spiral_down_against_yourself() {
        // Two of the trader's own listings and one other seller who never moves.
        let mut rows = vec![row("1", 7, "Key", 240), row("2", 7, "Key", 260)];
        let mut history = vec![];
        for _ in 0..10 {
            let own = rows.iter().filter_map(|r| r.price).min().unwrap();
            let lowest = own.0.min(220);
            let plan = run(KEYS, &rows, &[look_up(7, lowest, 190, 230)]);
            for call in plan.plan().map(|p| p.calls).unwrap_or_default() {
                for r in rows.iter_mut().filter(|r| r.asset_ids().iter().any(|id| call.ids.contains(id))) {
                    r.price = Some(call.price);
                }
            }
            history.push(rows.iter().map(|r| r.price.unwrap().0).collect::<Vec<_>>());
        }
        let lowest = history.iter().flatten().min().copied();
        assert_eq!(lowest, Some(219), "a cent under the other seller, never lower: {history:?}");
        // Once the trader's own listing is the lowest, the runs stop: the second listing
        // does not undercut the first.
        assert_eq!(history[9], history[2], "{history:?}");
        assert_eq!(history[9][0], 219);
    }

    #[test]
    fn never_at_or_under_the_highest_buy_order_unless_the_rule_fills() {
        let rows = [row("1", 7, "Key", 200)];
        // Another seller at $1.96 with a $1.96 bid: undercutting to $1.95 would sell at once.
        let plan = run(KEYS, &rows, &[look_up(7, 196, 196, 210)]);
        assert_eq!(plan.decisions[0].target, Some(Cents(197)), "one cent above the bid");
        assert!(plan.decisions[0].note.as_deref().unwrap().contains("not under the buy order at $1.96"));
        assert_eq!(plan.preview.fills(), 0, "nothing sells by accident");
        // `fill = true`: the rule may sell into it, at the bid, never under it.
        let filling = format!("{KEYS}fill = true\n");
        let plan = run(&filling, &rows, &[look_up(7, 196, 196, 210)]);
        assert_eq!(plan.decisions[0].target, Some(Cents(196)));
        assert_eq!(plan.preview.fills(), 1);
    }

    #[test]
    fn unmatched_listings_and_the_minimum_interval_leave_things_alone() {
        let rules = "[[rule]]\nname = \"keys\"\nitem = \"Key\"\nundercut = \"0.01\"\nmin_interval = \"10m\"\n";
        let rows = [row("1", 7, "Key", 215), row("3", 9, "Team Captain", 5000)];
        let rules = Rules::parse(rules, "rules.toml").unwrap();
        let look_ups: HashMap<i64, ItemPricing> = [look_up(7, 209, 190, 210)].into_iter().collect();
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::hours(1);
        let recent = HashMap::from([(1, now - time::Duration::minutes(4))]);
        let plan =
            plan(&rules, &rows, &MarketPrices { pricing: &look_ups, learned: None }, &Guards::default(), &recent, now);
        assert_eq!(plan.unmatched, 1);
        assert!(plan.decisions[0].note.as_deref().unwrap().contains("next in 6 min"), "{plan:?}");
        assert!(plan.plan().is_none());
    }
}
