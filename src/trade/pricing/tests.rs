//! The pricing engine: rules, guards, buy orders, previews and plans.

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

/// The preview under the test market, with the default guards.
fn run(pricing: Pricing, floor: Option<Cents>, ceiling: Option<Cents>, targets: &[Target]) -> Preview {
    let pricing_table = market();
    let mut learned = crate::trade::learned::Learned::default();
    learned.caps.insert(1, Cents(250));
    let market = MarketPrices { pricing: &pricing_table, learned: Some(&learned) };
    preview(&PriceRule::new(pricing, floor, ceiling).unwrap(), targets, &market, &Guards::default())
}

#[test]
fn undercut_with_a_floor() {
    let targets: Vec<Target> =
        (0..20).map(|i| target(i, 1, "Key")).chain((100..103).map(|i| target(i, 2, "Team Captain"))).collect();
    let p = run(Pricing::Undercut(Cents(1)), Some(Cents(180)), None, &targets);
    let key = p.lines.iter().find(|l| l.name == "Key").unwrap();
    assert_eq!((key.new, key.ids.len(), key.fills_instantly), (Some(Cents(208)), 20, false));
    let hat = p.lines.iter().find(|l| l.name == "Team Captain").unwrap();
    assert_eq!(hat.new, Some(Cents(180)), "159 is below the floor");
    assert!(hat.warnings[0].contains("below floor"));
    assert_eq!(p.items_sent(), 23);
    assert_eq!(p.total_receive(), Cents(208 * 95 / 100 * 20 + 180 * 95 / 100 * 3));
    assert_eq!(
        p.plan(false).unwrap().calls,
        vec![
            PriceCall { price: Cents(180), ids: vec![100, 101, 102] },
            PriceCall { price: Cents(208), ids: (0..20).collect() }
        ]
    );
}

#[test]
fn caps_and_blocked_items() {
    let mut held = target(9, 1, "Key");
    held.blocked = Some("trade hold".into());
    let targets = vec![target(1, 1, "Key"), held, target(2, 2, "Team Captain")];
    let p = run(Pricing::Fixed(Cents(250)), None, None, &targets);
    assert!(p.lines.iter().any(|l| !l.send() && l.warnings[0].contains("trade hold")));
    assert_eq!(p.items_sent(), 2);
    let over = run(Pricing::Fixed(Cents(300)), None, None, &targets[..1]);
    assert!(!over.lines[0].send() && over.lines[0].warnings[0].contains("cap $2.50"));
}

#[test]
fn a_buy_order_is_filled_only_on_purpose_and_then_at_the_bid() {
    let key = [target(1, 1, "Key")];
    // A fixed price under the $1.95 bid: refused, naming the bid; nothing can be planned.
    let p = run(Pricing::Fixed(Cents(180)), None, None, &key);
    assert_eq!((p.lines[0].under_bid, p.lines[0].send()), (Some(Cents(195)), false));
    let refusal = p.plan(true).unwrap_err();
    assert!(matches!(refusal, Refusal::UnderBuyOrder(_)));
    assert!(refusal.to_string().contains("buy order at $1.95"), "{refusal}");
    // At the bid is the same: it would sell at once.
    assert!(run(Pricing::Fixed(Cents(195)), None, None, &key).lines[0].under_bid.is_some());
    // A rule's price is raised one cent above the bid instead, and says why.
    let p = run(Pricing::PercentOfLowest(9000), None, None, &key);
    assert_eq!(p.lines[0].new, Some(Cents(196)), "90% of $2.09 is $1.88, under the bid");
    assert!(p.lines[0].warnings.iter().any(|w| w == "not under the buy order at $1.95"), "{:?}", p.lines[0].warnings);
    assert!(!p.lines[0].fills_instantly && p.fills() == 0);
    // Unless the ceiling is not above the bid: then it is not sent.
    let p = run(Pricing::PercentOfLowest(9000), None, Some(Cents(195)), &key);
    assert!(!p.lines[0].send() && p.lines[0].warnings[0].contains("ceiling is not above the buy order"));
    // Asked to fill: the trader gets the bid, never less.
    let rule = PriceRule::new(Pricing::Fixed(Cents(180)), None, None).unwrap().filling(true);
    let table = market();
    let p = preview(&rule, &key, &MarketPrices { pricing: &table, learned: None }, &Guards::default());
    assert_eq!((p.lines[0].new, p.lines[0].fills_instantly), (Some(Cents(195)), true));
    assert!(p.lines[0].warnings.iter().any(|w| w.contains("sells now into a buy order at $1.95; you receive $1.85")));
    assert_eq!(p.plan(true).unwrap().calls, vec![PriceCall { price: Cents(195), ids: vec![1] }]);
}

#[test]
fn a_price_that_pays_nothing_is_refused() {
    let p = run(Pricing::Undercut(Cents(159)), None, None, &[target(1, 2, "Team Captain")]);
    assert_eq!(p.lines[0].new, Some(Cents(1)));
    assert!(!p.lines[0].send());
    assert!(p.lines[0].warnings[0].contains("pays $0.00 after the 5% fee"), "{:?}", p.lines[0].warnings);
    assert_eq!(p.plan(true), Err(Refusal::NothingToSend { all_at_price: false }));
}

#[test]
fn a_big_drop_is_planned_only_once_confirmed() {
    let mut listed = target(1, 2, "Team Captain");
    listed.current = Some(Cents(1000));
    let p = run(Pricing::Fixed(Cents(100)), None, None, &[listed.clone(), target(2, 2, "Team Captain")]);
    let drops = p.big_drops();
    assert_eq!(drops.len(), 2, "90% below the listing, and 35% below the suggested $1.55");
    match p.plan(false) {
        Err(Refusal::UnconfirmedDrops(lines)) => assert_eq!(lines.len(), 2),
        other => panic!("{other:?}"),
    }
    let text = p.plan(false).unwrap_err().to_string();
    assert!(text.contains("Team Captain") && text.contains("90% under the listing $10.00"), "{text}");
    assert_eq!(p.plan(true).unwrap().items(), 2);
    let small = run(Pricing::Fixed(Cents(800)), None, None, &[listed]);
    assert!(small.big_drops().is_empty() && small.plan(false).is_ok(), "20% is within the guard");
}

#[test]
fn an_item_already_at_the_price_is_skipped() {
    let mut listed = target(1, 2, "Team Captain");
    listed.current = Some(Cents(150));
    let p = run(Pricing::Fixed(Cents(150)), None, None, &[listed]);
    assert_eq!(p.lines[0].skip, Some(Skip::AlreadyAtPrice));
    assert_eq!(p.plan(true), Err(Refusal::NothingToSend { all_at_price: true }));
}

#[test]
fn percentages_round_to_the_nearest_cent() {
    let targets = vec![target(1, 1, "Key")];
    let p = run(Pricing::PercentOfSuggested(9750), None, None, &targets);
    assert_eq!(p.lines[0].new, Some(Cents(200)), "97.5% of 205 is 199.875");
    let p = run(Pricing::PercentOfLowest(9000), None, Some(Cents(150)), &[target(2, 2, "Team Captain")]);
    assert_eq!(p.lines[0].new, Some(Cents(144)), "90% of $1.60");
    let p = run(Pricing::PercentOfLowest(9000), None, Some(Cents(140)), &[target(2, 2, "Team Captain")]);
    assert_eq!(p.lines[0].new, Some(Cents(140)), "the ceiling");
    let p = run(Pricing::MatchBuyOrder, None, None, &[target(2, 2, "Team Captain")]);
    assert!(!p.lines[0].send() && p.lines[0].warnings[0].contains("no buy order"));
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
    let table = HashMap::from([(1, huge)]);
    let market = MarketPrices { pricing: &table, learned: None };
    for pricing in [
        Pricing::PercentOfSuggested(100_000),
        Pricing::PercentOfLowest(100),
        Pricing::Undercut(Cents(1)),
        Pricing::MatchBuyOrder,
    ] {
        let rule = PriceRule::new(pricing, None, None).unwrap();
        let p = preview(&rule, &[target(1, 1, "Key")], &market, &Guards::default());
        assert!(!p.lines[0].send(), "{pricing:?} would send {:?}", p.lines[0].new);
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
    assert!(PriceRule::new(Pricing::MatchBuyOrder, Some(Cents(200)), Some(Cents(100))).is_err());
}

#[test]
fn large_groups_are_chunked() {
    let targets: Vec<Target> = (0..120).map(|i| target(i, 2, "Team Captain")).collect();
    let plan = run(Pricing::Fixed(Cents(150)), None, None, &targets).plan(false).unwrap();
    assert_eq!(plan.calls.iter().map(|c| c.ids.len()).collect::<Vec<_>>(), vec![50, 50, 20]);
    assert_eq!(plan.names.len(), 120);
}
