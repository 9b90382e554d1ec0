//! The Rules pane through `update()` and `draw()`: the dry-run plan listing by listing, the
//! review and send through the pricing dialog, auto-run and its countdown.

mod common;

use common::*;
use crossterm::event::KeyCode;
use tradedeck::app::panes::mannco::state::ManncoList;
use tradedeck::app::{Cmd, ManncoMsg, Msg, Overlay, PaneId, update};
use tradedeck::trade::rules::{EXAMPLE, Rules};

fn rules_app() -> tradedeck::app::App {
    let mut app = mannco_app(120, 30);
    app.rules.rules = Rules::parse(EXAMPLE, "rules.example.toml");
    app.rules.path = Some("rules.example.toml".into());
    tradedeck::app::panes::rules::update::replan(&mut app);
    update(&mut app, ch('5'));
    assert_eq!(app.focused(), PaneId::Rules);
    app
}

#[test]
fn the_rules_pane_shows_what_the_rules_would_do_and_matches_the_engine() {
    let app = rules_app();
    let m = &app.mannco;
    let rules = Rules::parse(EXAMPLE, "rules.example.toml").unwrap();
    use tradedeck::trade::reprice;
    let wanted = reprice::books_wanted(&rules, &m.on_sale.rows, &m.pricing);
    let books = reprice::with_seen_sellers(m.books.clone(), &wanted, &m.learned.seen_sellers());
    let headless =
        reprice::plan(&rules, &m.on_sale.rows, &m.market_prices(), &books, &m.guards, &Default::default(), app.clock);
    assert_eq!(app.rules.run, headless, "the pane's plan is the engine's plan");
    let text = screen(&app);
    assert!(text.contains("auto-run off"), "{text}");
    insta::assert_snapshot!("rules_pane", text);
}

#[test]
fn enter_reviews_the_plan_and_y_sends_it_auto_run_sends_without_asking() {
    let mut app = rules_app();
    let changes = app.rules.run.plan().map(|p| p.items()).unwrap_or(0);
    assert!(changes > 0, "the example rules change something in the fixture: {:?}", app.rules.run.decisions);
    update(&mut app, key(KeyCode::Enter));
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!("the review") };
    assert!(dialog.from_rules);
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty(), "Enter does not send");
    let cmds = update(&mut app, ch('y'));
    let [Cmd::SubmitPrices { origin: tradedeck::app::msg::Origin::Dialog(run), plan }] = &cmds[..] else {
        panic!("{cmds:?}")
    };
    assert_eq!(plan.items(), changes);
    let (run, call) = (*run, plan.calls[0].clone());
    update(
        &mut app,
        Msg::from(ManncoMsg::PriceCallDone {
            origin: tradedeck::app::msg::Origin::Dialog(run),
            price: call.price,
            ids: call.ids.clone(),
            result: Ok(()),
            reconciled: false,
        }),
    );
    assert_eq!(app.rules.outcomes.get(&call.ids[0]), Some(&format!("listed at {}", call.price)));
    // Back on the pane: A shows the plan auto-run is about to send, and sends nothing.
    app.overlay = None;
    let now = time::macros::datetime!(2026-11-23 10:00 UTC);
    app.clock = now;
    assert!(update(&mut app, ch('A')).is_empty(), "A sends nothing");
    assert!(app.rules.auto_next.is_none(), "not on before y");
    let Some(Overlay::Pricing(dialog)) = &app.overlay else { panic!("the plan, to review") };
    assert!(dialog.starts_auto_run);
    // y sends it and starts auto-run: the next run is due in 5 minutes.
    let cmds = update(&mut app, ch('y'));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::SubmitPrices { .. })), "{cmds:?}");
    assert_eq!(app.rules.auto_next, Some(now + time::Duration::minutes(5)));
    app.overlay = None;
    // When due, the lists are read again first, and the plan goes out when they are in,
    // without asking.
    let now = now + time::Duration::minutes(5);
    app.clock = now;
    let cmds = update(&mut app, Msg::Tick(now));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchMannco { .. })), "{cmds:?}");
    let (on_sale, inventory) = mannco_lists();
    let mut sent = vec![];
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane(list).list.generation;
        sent = update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    assert!(
        sent.iter().any(|c| matches!(c, Cmd::SubmitPrices { origin: tradedeck::app::msg::Origin::AutoRun, .. })),
        "sent without asking: {sent:?}"
    );
    update(&mut app, ch('k'));
    let text = screen(&app);
    assert!(text.contains("auto-run on, next in 5:00"), "{text}");
    // A run that would change more than auto_run_max_items asks first, even with auto-run on.
    app.rules.auto.max_items = 0;
    app.overlay = None;
    let now = now + time::Duration::minutes(5);
    app.clock = now;
    update(&mut app, Msg::Tick(now));
    let (on_sale, inventory) = mannco_lists();
    let mut sent = vec![];
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane(list).list.generation;
        sent = update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    assert!(!sent.iter().any(|c| matches!(c, Cmd::SubmitPrices { .. })), "asked first: {sent:?}");
    assert!(matches!(app.overlay, Some(Overlay::Pricing(_))), "the review opened");
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("asks first")), "{:?}", app.notice);
    app.overlay = None;
    update(&mut app, ch('A'));
    assert!(app.rules.auto_next.is_none());
}

#[test]
fn r_reads_the_lists_the_look_ups_and_the_rules_file_again() {
    let mut app = rules_app();
    let cmds = update(&mut app, ch('r'));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchMannco { .. })), "{cmds:?}");
    assert!(cmds.iter().any(|c| matches!(c, Cmd::ReadRules(p) if p.ends_with("rules.example.toml"))), "{cmds:?}");
    assert!(app.mannco.pricing.is_empty(), "the look-ups are asked for again once the lists are in");
    // A good file replaces the rules; a broken one keeps those that worked.
    let one = Rules::parse("[[rule]]\nname = \"only keys\"\nitem = \"Key\"\nundercut = \"0.01\"\n", "rules.toml");
    update(&mut app, Msg::RulesRead(one));
    assert_eq!(app.rules.rules.as_ref().unwrap().rules.len(), 1);
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("changed")), "said: {:?}", app.notice);
    update(&mut app, Msg::RulesRead(Err("rules.toml line 2: expected `=`".into())));
    assert_eq!(app.rules.rules.as_ref().unwrap().rules.len(), 1, "kept");
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("line 2")), "{:?}", app.notice);
}

#[test]
fn where_your_listing_is_the_lowest_the_sell_book_is_read_and_the_plan_goes_up_to_it() {
    use tradedeck::api::mannco::market::BookListing;
    let mut app = rules_app();
    // The keys' lowest listing is now the trader's own $2.12.
    let mut pricing = mannco_pricing();
    pricing.get_mut(&KEY).unwrap().lowest_sale_price = Some(tradedeck::money::Cents(212));
    let cmds = update(&mut app, Msg::from(ManncoMsg::Pricing(Ok(pricing))));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchSellBooks(ids) if ids.contains(&KEY))), "{cmds:?}");
    // The book: the trader's three keys, and another seller at $2.30.
    let own = |id| BookListing { asset_id: Some(id), price: tradedeck::money::Cents(212) };
    let other = BookListing { asset_id: Some(99), price: tradedeck::money::Cents(230) };
    let book = vec![own(7001), own(7002), own(7003), other];
    update(&mut app, Msg::from(ManncoMsg::SellBook { item_id: KEY, result: Ok(Some(book)) }));
    let keys = app.rules.run.decisions.iter().find(|d| d.item_id == KEY).unwrap();
    assert_eq!(keys.target, Some(tradedeck::money::Cents(229)), "one step under the next seller: {keys:?}");
}
