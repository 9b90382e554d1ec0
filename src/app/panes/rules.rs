//! The Rules pane: what the re-pricing rules would do now (planned again whenever the Mannco
//! lists or look-ups change), Enter to review and send it, and auto-run, which sends each plan
//! every few minutes without asking (turning it on is the confirmation, and it says so).

use crate::app::action_dialog::PricingDialog;
use crate::app::dialogs::Overlay;
use crate::app::keymap::Action;
use crate::app::rules_pane::AUTO_EVERY;
use crate::app::{App, Cmd};
use crate::trade::reprice;

/// The list actions this pane answers beyond those every pane does.
pub const COMMANDS: &[Action] = &[Action::Details, Action::AutoRun];

/// Plans again from what the app holds: the Mannco lists, the look-ups and the journal's
/// last changes. Pure and quick: a few hundred listings at most.
pub fn replan(app: &mut App) {
    let pane = &mut app.rules;
    let Ok(rules) = &pane.rules else { return };
    let m = &mut app.mannco;
    if !m.on_sale.list.loaded {
        return;
    }
    // The TUI does not read sell books: the sellers runs undercut stand for them.
    let wanted = reprice::books_wanted(rules, &m.on_sale.rows, &m.pricing);
    let books = reprice::with_seen_sellers(m.books.clone(), &wanted, &m.learned.seen_sellers());
    pane.run =
        reprice::plan(rules, &m.on_sale.rows, &m.market_prices(), &books, &m.guards, &pane.last_changed, app.clock);
    let now = app.clock.unix_timestamp();
    m.learned.remember_sellers(reprice::seen_sellers(&pane.run), now);
    pane.list.loaded = true;
    pane.refilter();
}

/// The run id of auto-run's price calls: no dialog waits for them.
pub const AUTO_RUN: crate::app::RunId = 0;

/// On every tick: when auto-run is due (and nothing else is in flight), the lists are read
/// again; the plan is made and sent once they are in (`after_lists`).
pub fn tick(app: &mut App) -> Vec<Cmd> {
    let Some(due) = app.rules.auto_next else { return vec![] };
    if app.clock < due || app.overlay.is_some() || app.money_in_flight().is_some() || !app.mannco.is_ready() {
        return vec![];
    }
    app.rules.auto_next = Some(app.clock + AUTO_EVERY);
    app.rules.auto_armed = true;
    crate::app::panes::mannco::refresh(&mut app.mannco)
}

/// Both lists arrived: an armed auto-run plans on them and sends, without asking.
pub fn after_lists(app: &mut App) -> Vec<Cmd> {
    if !std::mem::take(&mut app.rules.auto_armed) || app.money_in_flight().is_some() {
        return vec![];
    }
    replan(app);
    match app.rules.run.plan() {
        Some(plan) => {
            app.notice = Some(format!("Auto-run: sending {} price change(s).", plan.items()));
            vec![Cmd::SubmitPrices { run: AUTO_RUN, plan }]
        }
        None => vec![],
    }
}

/// A price call's answer: the Rules pane keeps it per asset, whoever sent it.
pub fn record(app: &mut App, ids: &[crate::api::mannco::AssetId], price: crate::money::Cents, outcome: String) {
    for id in ids {
        app.rules.outcomes.insert(*id, format!("{outcome} at {price}"));
        if outcome == "listed" {
            app.rules.last_changed.insert(*id, app.clock);
        }
    }
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    if !app.rules.is_ready() {
        return vec![];
    }
    match action {
        Action::Refresh => return crate::app::panes::mannco::refresh(&mut app.mannco),
        // Enter reviews the whole plan, as the pricing dialog does; y sends it.
        Action::Details => {
            replan(app);
            match &app.rules.run.plan() {
                Some(_) => {
                    let m = &app.mannco;
                    let dialog = PricingDialog::for_plan(app.rules.run.preview.clone(), m.balance, m.guards);
                    app.open(Overlay::Pricing(dialog));
                }
                None => app.notice = Some("The rules change nothing now.".into()),
            }
        }
        Action::AutoRun => {
            app.rules.auto_next = match app.rules.auto_next {
                Some(_) => {
                    app.notice = Some("Auto-run off.".into());
                    None
                }
                None => {
                    app.notice = Some(format!(
                        "Auto-run on: the rules send their plan every {} min without asking.",
                        AUTO_EVERY.whole_minutes()
                    ));
                    Some(app.clock)
                }
            };
        }
        _ => {}
    }
    vec![]
}
