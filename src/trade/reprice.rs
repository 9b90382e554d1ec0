//! One re-pricing run, planned: for each listing the first matching rule's target, kept
//! within its floor, ceiling and maximum drop, never below the trader's own lowest listing
//! (the market's lowest may be theirs), then handed to the pricing engine, whose guards and
//! refusals apply as they do to every price. Pure: the caller reads the market and sends.

use super::guards::Guards;
use super::pricing::{self, MarketPrices, Preview, PriceRule, Pricing, Skip, Target};
use super::rules::{Rule, Rules, Strategy};
use crate::api::mannco::market::BookListing;
use crate::api::mannco::{AssetId, ItemPricing, ItemState, Row};
use crate::money::Cents;
use std::collections::{HashMap, HashSet};
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
/// The sell books read for this run, per item type: who else sells, at what price.
pub type Books = HashMap<i64, Vec<BookListing>>;

/// The item types whose sell book a run should read: those a rule undercuts where the
/// trader's own listing is the market's lowest (the only case where the next seller matters).
pub fn books_wanted(rules: &Rules, listed: &[Row], look_ups: &HashMap<i64, ItemPricing>) -> Vec<i64> {
    let (own_lowest, _) = own_listings(listed);
    let mut wanted: Vec<i64> = listed
        .iter()
        .filter(|r| r.state == ItemState::OnSale && r.price.is_some())
        .filter(|r| rules.rule_for(r).is_some_and(|rule| matches!(rule.strategy, Strategy::Undercut(_))))
        .filter(|r| {
            let lowest = look_ups.get(&r.item_id).and_then(ItemPricing::lowest_listing);
            lowest.is_none_or(|l| own_lowest.get(&r.item_id).is_some_and(|own| l >= *own))
        })
        .map(|r| r.item_id)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

/// Who sold under whom: each item type's lowest other seller a run undercut, to stand for the
/// sell book when it cannot be read (so a listing that is one step under that seller stays,
/// instead of probing up and coming back down every other run).
pub fn seen_sellers(run: &RunPlan) -> impl Iterator<Item = (i64, Cents)> + '_ {
    run.decisions.iter().filter_map(|d| Some((d.item_id, d.lowest_other?)))
}

/// The books read, completed by the sellers seen before for item types whose book was not.
pub fn with_seen_sellers(mut books: Books, wanted: &[i64], seen: &HashMap<i64, Cents>) -> Books {
    for item_id in wanted {
        if let (false, Some(price)) = (books.contains_key(item_id), seen.get(item_id)) {
            books.insert(*item_id, vec![BookListing { asset_id: None, price: *price }]);
        }
    }
    books
}

/// The trader's own lowest listing and listed assets, per item type.
fn own_listings(listed: &[Row]) -> (HashMap<i64, Cents>, HashMap<i64, HashSet<AssetId>>) {
    let mut lowest: HashMap<i64, Cents> = HashMap::new();
    let mut assets: HashMap<i64, HashSet<AssetId>> = HashMap::new();
    for row in listed.iter().filter(|r| r.state == ItemState::OnSale) {
        if let Some(price) = row.price {
            lowest.entry(row.item_id).and_modify(|c| *c = (*c).min(price)).or_insert(price);
        }
        assets.entry(row.item_id).or_default().extend(row.asset_ids());
    }
    (lowest, assets)
}

pub fn plan(
    rules: &Rules,
    listed: &[Row],
    market: &MarketPrices,
    books: &Books,
    guards: &Guards,
    last_changed: &HashMap<AssetId, OffsetDateTime>,
    now: OffsetDateTime,
) -> RunPlan {
    let look_ups = market.pricing;
    let on_sale: Vec<&Row> = listed.iter().filter(|r| r.state == ItemState::OnSale && r.price.is_some()).collect();
    // The trader's own lowest listing per item type: a market lowest at or above it is theirs.
    let (own_lowest, own_assets) = own_listings(listed);
    let mut run = RunPlan::default();
    for row in on_sale {
        let Some(rule) = rules.rule_for(row) else {
            run.unmatched += 1;
            continue;
        };
        // The cheapest listing that is not the trader's, from the sell book when it was read.
        let next_other = books.get(&row.item_id).map(|book| {
            let own = &own_assets[&row.item_id];
            book.iter().filter(|l| l.asset_id.is_none_or(|id| !own.contains(&id))).map(|l| l.price).min()
        });
        let market_view = MarketView {
            info: look_ups.get(&row.item_id),
            own_lowest: own_lowest[&row.item_id],
            next_other,
            step_up_percent: guards.max_drop_percent,
        };
        let decision = decide(rule, row, &market_view, last_changed, now);
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

/// What a decision knows of one item type's market.
struct MarketView<'a> {
    info: Option<&'a ItemPricing>,
    own_lowest: Cents,
    /// From the sell book: None when it was not read; Some(None) when it was and nobody else
    /// sells.
    next_other: Option<Option<Cents>>,
    /// A probe without the book raises by at most this percentage per run, so that coming
    /// back under the next seller is never a drop past the guard.
    step_up_percent: u32,
}

fn decide(
    rule: &Rule,
    row: &Row,
    view: &MarketView,
    last_changed: &HashMap<AssetId, OffsetDateTime>,
    now: OffsetDateTime,
) -> Decision {
    let (info, own_lowest) = (view.info, view.own_lowest);
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
    let aimed = match aim(rule, row, view, lowest, lowest_other) {
        Ok((aimed, note)) => {
            decision.note = note;
            aimed
        }
        Err(why) => return keep(decision, why),
    };
    let (target, notes) = match bound(rule, row, info, aimed) {
        Ok(bounded) => bounded,
        Err(why) => return keep(decision, why),
    };
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
        let before = decision.note.take().map(|n| format!("{n}; ")).unwrap_or_default();
        decision.note = Some(format!("{before}aimed at {aimed}; {}", notes.join(", ")));
    }
    decision
}

/// The price the rule's strategy aims at, and what to say about it; or why the listing is
/// kept.
fn aim(
    rule: &Rule,
    row: &Row,
    view: &MarketView,
    lowest: Option<Cents>,
    lowest_other: Option<Cents>,
) -> Result<(Cents, Option<String>), String> {
    let info = view.info;
    let aimed = match rule.strategy {
        Strategy::Undercut(by) => match (lowest, lowest_other) {
            (None, _) => return Err("the market's lowest listing is not known: kept".into()),
            // The trader's own listing is the lowest: prices go up too, to one step under the
            // next other seller; without the book, toward the suggested price, and the next
            // run undercuts whoever is lowest then.
            (Some(_), None) => {
                let target = raise(rule, row, view, by)?;
                let note = match view.next_other {
                    Some(Some(next)) => format!("raised to one step under the next seller ({next})"),
                    _ => "raised toward the suggested price: nobody else seen under it".into(),
                };
                return Ok((target, Some(note)));
            }
            (_, Some(other)) => Cents(other.0.saturating_sub(by.0)),
        },
        Strategy::MatchBuyOrder => info.and_then(ItemPricing::best_buy_order).ok_or("no buy order: kept")?,
        Strategy::PercentOfSuggested(hundredths) => match info.and_then(|i| i.suggested_price) {
            // Rounded up to the cent: a percentage never rounds a price down past its bound.
            Some(s) => Cents(s.0.saturating_mul(hundredths).saturating_add(9_999) / 10_000),
            None => return Err("no suggested price: kept".into()),
        },
        Strategy::Fixed(price) => price,
    };
    Ok((aimed, None))
}

/// The aimed price within the rule's bounds (floor, ceiling, the buy order, the largest drop
/// per run), with a note for each bound that moved it; or why the listing is kept.
fn bound(rule: &Rule, row: &Row, info: Option<&ItemPricing>, aimed: Cents) -> Result<(Cents, Vec<String>), String> {
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
                return Err(format!("the ceiling is not above the buy order at {bid}: kept"));
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
    Ok((target, notes))
}

/// Where a listing that is already the market's lowest should go: one step under the next
/// other seller when the book says who that is, else toward the lower of the ceiling and the
/// suggested price; never above the ceiling, never down. Why it stays, otherwise.
fn raise(rule: &Rule, row: &Row, view: &MarketView, step: Cents) -> Result<Cents, String> {
    let current = row.price.unwrap_or(view.own_lowest);
    let aim = match view.next_other {
        Some(Some(next)) => Cents(next.0.saturating_sub(step.0)),
        // Read, and nobody else sells; or not read: probe toward the suggested price.
        Some(None) | None => match view.info.and_then(|i| i.suggested_price) {
            Some(suggested) => {
                let step_up = current.0.saturating_mul(100 + i64::from(view.step_up_percent)) / 100;
                Cents(suggested.0.min(step_up))
            }
            None => {
                return Err(format!("your listing is the lowest ({current}) and nothing says how high to go: kept"));
            }
        },
    };
    let aim = rule.ceiling.map_or(aim, |c| aim.min(c));
    if aim <= current {
        return Err(match view.next_other {
            Some(Some(next)) => format!("one step under the next seller ({next}) or closer: kept"),
            _ => format!("your listing is the lowest ({current}): kept"),
        });
    }
    Ok(aim)
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
        plan(&rules, rows, &market, &Books::new(), &Guards::default(), &HashMap::new(), OffsetDateTime::UNIX_EPOCH)
    }

    #[test]
    fn the_lowest_listing_being_your_own_is_never_lowered() {
        let rows = [row("1", 7, "Key", 205), row("2", 7, "Key", 230)];
        // The market's lowest (205) is the trader's own, and the book shows the next seller
        // at 206: one step under it already, so nothing changes.
        let rules = Rules::parse(KEYS, "rules.toml").unwrap();
        let look_ups: HashMap<i64, ItemPricing> = [look_up(7, 205, 190, 210)].into_iter().collect();
        let book = |price| {
            vec![
                BookListing { asset_id: Some(1), price: Cents(205) },
                BookListing { asset_id: Some(9), price: Cents(price) },
            ]
        };
        let market = MarketPrices { pricing: &look_ups, learned: None };
        let epoch = OffsetDateTime::UNIX_EPOCH;
        let books = Books::from([(7, book(206))]);
        let plan = plan(&rules, &rows, &market, &books, &Guards::default(), &HashMap::new(), epoch);
        assert!(plan.decisions.iter().all(|d| d.target.is_none()), "{plan:?}");
        assert!(plan.plan().is_none());
        // Nobody seen above it: it goes up toward the suggested price, never down.
        let plan = run(KEYS, &rows, &[look_up(7, 205, 190, 210)]);
        assert_eq!(plan.decisions[0].target, Some(Cents(210)), "{plan:?}");
        assert_eq!(plan.decisions[1].target, None, "the other listing is not lowered to it");
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
        let rules = Rules::parse(KEYS, "rules.toml").unwrap();
        // The sell book is not read here: the seller a run undercut stands for it.
        let mut seen = HashMap::new();
        for _ in 0..10 {
            let own = rows.iter().filter_map(|r| r.price).min().unwrap();
            let lowest = own.0.min(220);
            let look_ups: HashMap<i64, ItemPricing> = [look_up(7, lowest, 190, 230)].into_iter().collect();
            let books = with_seen_sellers(Books::new(), &books_wanted(&rules, &rows, &look_ups), &seen);
            let market = MarketPrices { pricing: &look_ups, learned: None };
            let epoch = OffsetDateTime::UNIX_EPOCH;
            let plan = plan(&rules, &rows, &market, &books, &Guards::default(), &HashMap::new(), epoch);
            seen.extend(seen_sellers(&plan));
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

    /// Runs the rules on a still market until nothing changes (at most `runs` times): the
    /// other sellers stay put, the trader's listing moves as planned. Returns its prices.
    fn settle(runs: usize, with_book: bool) -> Vec<i64> {
        let rules =
            Rules::parse("[[rule]]\nname = \"keys\"\nitem = \"Key\"\nundercut = \"0.01\"\n", "rules.toml").unwrap();
        let mut own = row("1", 7, "Key", 150);
        let mut prices = vec![];
        let mut seen = HashMap::new();
        for _ in 0..runs {
            let mine = own.price.unwrap();
            // Others at $2.00 and $2.20; the look-up's lowest counts the trader too.
            let look_ups: HashMap<i64, ItemPricing> = [look_up(7, mine.0.min(200), 100, 250)].into_iter().collect();
            let mut books = Books::new();
            if with_book {
                let listing = |asset_id, price| BookListing { asset_id: Some(asset_id), price: Cents(price) };
                books.insert(7, vec![listing(1, mine.0), listing(50, 200), listing(51, 220)]);
            }
            let books = with_seen_sellers(books, &books_wanted(&rules, std::slice::from_ref(&own), &look_ups), &seen);
            let market = MarketPrices { pricing: &look_ups, learned: None };
            let run = plan(
                &rules,
                &[own.clone()],
                &market,
                &books,
                &Guards::default(),
                &HashMap::new(),
                OffsetDateTime::UNIX_EPOCH,
            );
            seen.extend(seen_sellers(&run));
            match run.plan().and_then(|p| p.calls.first().map(|c| c.price)) {
                Some(price) => own.price = Some(price),
                None => break,
            }
            prices.push(own.price.unwrap().0);
        }
        prices
    }

    #[test]
    fn prices_go_up_to_one_step_under_the_next_seller_and_stay() {
        // With the sell book: one run, straight to a cent under the next other seller.
        assert_eq!(settle(5, true), vec![199]);
        // Without it: up toward the suggested price, at most 30% a run (so coming back is
        // no drop past the guard), then under whoever is lowest then, where it stays: three
        // runs.
        assert_eq!(settle(8, false), vec![195, 250, 199]);
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
        let plan = plan(
            &rules,
            &rows,
            &MarketPrices { pricing: &look_ups, learned: None },
            &Books::new(),
            &Guards::default(),
            &recent,
            now,
        );
        assert_eq!(plan.unmatched, 1);
        assert!(plan.decisions[0].note.as_deref().unwrap().contains("next in 6 min"), "{plan:?}");
        assert!(plan.plan().is_none());
    }
}
