//! The Rules pane: what the re-pricing rules would do now (planned again whenever the Mannco
//! lists or look-ups change), Enter to review and send it, and auto-run, which sends each plan
//! every few minutes without asking (turning it on is the confirmation, and it says so).

use crate::app::dialogs::overlay::Overlay;
use crate::app::dialogs::pricing::PricingDialog;
use crate::app::keymap::Action;
use crate::app::msg::Cmd;
use crate::app::state::App;
use crate::trade::reprice;

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

/// On every tick: when auto-run is due (and nothing else is in flight), the lists are read
/// again; the plan is made and sent once they are in (`after_lists`).
pub fn tick(app: &mut App) -> Vec<Cmd> {
    let Some(due) = app.rules.auto_next else { return vec![] };
    if app.clock < due || app.overlay.is_some() || app.money_in_flight().is_some() || !app.mannco.is_ready() {
        return vec![];
    }
    app.rules.auto_next = Some(app.clock + app.rules.auto.every);
    app.rules.auto_armed = true;
    let mut cmds = app.mannco.refresh();
    // The rules file is read again before each automatic run: an edit takes effect, and is said.
    cmds.extend(rules_file(app).map(Cmd::ReadRules));
    cmds
}

/// The rules file to read again, when the rules came from one (the demo's built-in example
/// did not).
fn rules_file(app: &App) -> Option<std::path::PathBuf> {
    app.rules.path.clone().filter(|p| p.extension().is_some_and(|e| e == "toml"))
}

/// Both lists arrived: an armed auto-run plans on them and sends, without asking.
pub fn after_lists(app: &mut App) -> Vec<Cmd> {
    if !std::mem::take(&mut app.rules.auto_armed) || app.money_in_flight().is_some() {
        return vec![];
    }
    replan(app);
    let Some(plan) = app.rules.run.plan() else { return vec![] };
    // Selling into buy orders, or changing more than the limit, is asked first even with
    // auto-run on: the review opens, and only its `y` sends.
    let (fills, items, limit) = (app.rules.run.preview.fills(), plan.items(), app.rules.auto.max_items);
    let why = if fills > 0 {
        Some(format!("it would sell {fills} item(s) into buy orders"))
    } else if items > limit {
        Some(format!("it would change {items} items, more than auto_run_max_items ({limit})"))
    } else {
        None
    };
    if let Some(why) = why {
        app.notice = Some(format!("Auto-run asks first: {why}."));
        if app.overlay.is_none() {
            let m = &app.mannco;
            let dialog = PricingDialog::for_plan(app.rules.run.preview.clone(), m.balance, m.guards);
            app.open(Overlay::Pricing(dialog));
        }
        return vec![Cmd::Alert(format!("tradedeck re-pricing asks first: {why}"))];
    }
    app.notice = Some(format!("Auto-run: sending {} price change(s).", plan.items()));
    vec![Cmd::SubmitPrices { origin: crate::app::msg::Origin::AutoRun, plan }]
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
        // r reads everything the plan rests on again: the lists, the look-ups (asked for
        // again once the lists are in) and the rules file.
        Action::Refresh => {
            app.mannco.pricing.clear();
            let mut cmds = app.mannco.refresh();
            cmds.extend(rules_file(app).map(Cmd::ReadRules));
            return cmds;
        }
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
        Action::AutoRun if app.rules.auto_next.is_some() => {
            app.rules.auto_next = None;
            app.notice = Some("Auto-run off.".into());
        }
        // Turning auto-run on shows the plan it is about to send; only the review's `y`
        // starts it (and sends that plan as its first run).
        Action::AutoRun => {
            replan(app);
            let every = app.rules.auto.every.whole_minutes();
            match app.rules.run.plan() {
                Some(_) => {
                    let m = &app.mannco;
                    let mut dialog = PricingDialog::for_plan(app.rules.run.preview.clone(), m.balance, m.guards);
                    dialog.starts_auto_run = true;
                    app.open(Overlay::Pricing(dialog));
                    app.notice = Some(format!(
                        "y sends this plan and starts auto-run: the rules then send their plan every {every} min."
                    ));
                }
                None => {
                    app.rules.auto_next = Some(app.clock + app.rules.auto.every);
                    app.notice = Some(format!(
                        "Auto-run on: the rules change nothing now; they run every {every} min without asking."
                    ));
                }
            }
        }
        _ => {}
    }
    vec![]
}
