//! The Rules pane through `update()` and `draw()`: the dry-run plan listing by listing, the
//! review and send through the pricing dialog, auto-run and its countdown.

mod common;

use common::*;
use crossterm::event::KeyCode;
use tradedeck::app::mannco::ManncoList;
use tradedeck::app::{Cmd, ManncoMsg, Msg, Overlay, PaneId, update};
use tradedeck::trade::rules::{EXAMPLE, Rules};

fn rules_app() -> tradedeck::app::App {
    let mut app = mannco_app(120, 30);
    app.rules.rules = Rules::parse(EXAMPLE, "rules.example.toml");
    app.rules.path = Some("rules.example.toml".into());
    tradedeck::app::panes::rules::replan(&mut app);
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
    let [Cmd::SubmitPrices { run, plan }] = &cmds[..] else { panic!("{cmds:?}") };
    assert_eq!(plan.items(), changes);
    let (run, call) = (*run, plan.calls[0].clone());
    update(
        &mut app,
        Msg::from(ManncoMsg::PriceCallDone {
            run,
            price: call.price,
            ids: call.ids.clone(),
            result: Ok(()),
            reconciled: false,
        }),
    );
    assert_eq!(app.rules.outcomes.get(&call.ids[0]), Some(&format!("listed at {}", call.price)));
    // Back on the pane: auto-run on sends at once, then every 5 minutes, without asking.
    app.overlay = None;
    let now = time::macros::datetime!(2026-11-23 10:00 UTC);
    app.clock = now;
    update(&mut app, ch('A'));
    // Due at once: the lists are read again first, and the plan goes out when they are in.
    let cmds = update(&mut app, Msg::Tick(now));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FetchMannco { .. })), "{cmds:?}");
    let (on_sale, inventory) = mannco_lists();
    let mut sent = vec![];
    for (list, listing) in [(ManncoList::OnSale, on_sale), (ManncoList::Inventory, inventory)] {
        let generation = app.mannco.pane(list).list.generation;
        sent = update(&mut app, Msg::from(ManncoMsg::List { list, generation, result: Ok(listing) }));
    }
    assert!(sent.iter().any(|c| matches!(c, Cmd::SubmitPrices { run: 0, .. })), "sent without asking: {sent:?}");
    update(&mut app, ch('k'));
    let text = screen(&app);
    assert!(text.contains("auto-run on, next in 5:00"), "{text}");
    update(&mut app, ch('A'));
    assert!(app.rules.auto_next.is_none());
}
