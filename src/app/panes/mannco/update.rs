//! The two Mannco panes (on sale, inventory): local search and sort, selection by row or
//! quantity, the pricing and withdrawal dialogs they open, and the replies that fill them.

use crate::api::mannco::ManncoError;
use crate::app::dialogs::overlay::Overlay;
use crate::app::dialogs::pricing::{PricingDialog, Stage};
use crate::app::dialogs::quantity::QuantityDialog;
use crate::app::dialogs::withdraw::{WithdrawDialog, WithdrawStage};
use crate::app::keymap::Action;
use crate::app::msg::{Cmd, Export, ManncoMsg, Origin, PriceCall};
use crate::app::panes::mannco::state::{ManncoList, ManncoState};
use crate::app::state::App;
use crate::money::Cents;
use crate::trade::pricing::Target;

/// Item types whose sales graphs are read at a time (each is one request).
const SALES_GRAPHS: usize = 30;

/// On every tick: the lists (then the balance) are read again every `refresh_every`, so a
/// listing bought while the TUI runs is announced; not while a money call is in flight or
/// a dialog is open (their own re-reads settle those).
pub fn tick(app: &mut App) -> Vec<Cmd> {
    let m = &mut app.mannco;
    let due = m.refreshed_at.is_none_or(|at| app.clock - at >= m.refresh_every);
    if !due || !m.is_ready() || m.on_sale.list.loading || m.inventory.list.loading {
        return vec![];
    }
    if m.refreshed_at.is_none() {
        // The start-up read counts as the first.
        m.refreshed_at = Some(app.clock);
        return vec![];
    }
    if app.overlay.is_some() || app.money_in_flight().is_some() {
        return vec![];
    }
    let m = &mut app.mannco;
    m.refreshed_at = Some(app.clock);
    m.refresh()
}

fn now_unix(app: &App) -> i64 {
    app.clock.unix_timestamp()
}

/// A list action on a Mannco pane (moving the cursor is done by the list core).
pub fn on_action(app: &mut App, list: ManncoList, action: Action) -> Vec<Cmd> {
    let rows = app.viewport_rows();
    let now = now_unix(app);
    if !app.mannco.is_ready() {
        return vec![];
    }
    let ManncoState { on_sale, inventory, selection, .. } = &mut app.mannco;
    let pane = if list == ManncoList::OnSale { on_sale } else { inventory };
    let len = pane.visible.len();
    match action {
        Action::NextSort => {
            pane.sort = pane.sort.next();
            pane.refilter();
            pane.list.view.reset();
        }
        Action::Refresh => return app.mannco.refresh(),
        Action::ToggleSelect => {
            toggle_current(app, list);
            app.mannco.pane_mut(list).list.view.move_by(1, len, rows);
        }
        Action::SelectAll => {
            let shown: Vec<_> = pane.visible_rows().filter(|r| r.blocked_reason(now).is_none()).cloned().collect();
            let all_selected = shown.iter().all(|r| selection.count_in(r) == r.asset_ids().len());
            for row in &shown {
                selection.set_quantity(row, if all_selected { 0 } else { row.asset_ids().len() });
            }
        }
        Action::SelectQuantity => {
            if let Some(row) = pane.current_row().cloned() {
                match row.blocked_reason(now) {
                    Some(why) => app.notice = Some(format!("{}: {why}.", row.name)),
                    None => {
                        let current = selection.count_in(&row);
                        app.open(Overlay::Quantity(QuantityDialog::new(row, current)));
                    }
                }
            }
        }
        Action::Price => open_pricing(app, list),
        Action::Withdraw => open_withdraw(app, list),
        Action::SetCost => {
            if let Some(row) = pane.current_row() {
                let ids = row.asset_ids().iter().map(u64::to_string).collect();
                let name = row.name.clone();
                crate::app::panes::history::update::open_cost(app, ids, name);
            }
        }
        Action::Export => {
            let rows: Vec<_> = pane.visible_rows().cloned().collect();
            app.notice = Some(format!("Exporting {} row(s)…", rows.len()));
            return vec![Cmd::Export(Export::Mannco { list, rows, now })];
        }
        _ => {}
    }
    vec![]
}

/// Selects or unselects the row under the cursor, or says why it cannot be selected.
pub fn toggle_current(app: &mut App, list: ManncoList) {
    let now = now_unix(app);
    let Some(row) = app.mannco.pane(list).current_row().cloned() else { return };
    match row.blocked_reason(now) {
        Some(why) => app.notice = Some(format!("{}: {why}, so it cannot be priced or withdrawn.", row.name)),
        None => app.mannco.selection.toggle_row(&row),
    }
}

/// The assets an action applies to: the selection, or else the row under the cursor.
fn action_rows(app: &App, list: ManncoList) -> Vec<(crate::api::mannco::AssetId, crate::api::mannco::Row)> {
    let m = &app.mannco;
    let all_rows = m.on_sale.rows.iter().chain(&m.inventory.rows);
    if !m.selection.assets.is_empty() {
        return all_rows
            .flat_map(|r| {
                r.asset_ids()
                    .into_iter()
                    .filter(|id| m.selection.assets.contains_key(id))
                    .map(move |id| (id, r.clone()))
            })
            .collect();
    }
    m.pane(list)
        .current_row()
        .map(|r| r.asset_ids().into_iter().map(|id| (id, r.clone())).collect())
        .unwrap_or_default()
}

fn open_pricing(app: &mut App, list: ManncoList) {
    let now = now_unix(app);
    let targets: Vec<Target> = action_rows(app, list)
        .into_iter()
        .map(|(asset_id, row)| Target::of(asset_id, &row, app.mannco.asset_blocked(&row, asset_id, now)))
        .collect();
    if targets.is_empty() {
        app.notice = Some("Nothing to price: select rows with space, or put the cursor on one.".into());
        return;
    }
    let m = &app.mannco;
    let mut dialog = PricingDialog::new(targets, m.balance, m.guards);
    dialog.recompute(&m.market_prices());
    app.open(Overlay::Pricing(dialog));
}

fn open_withdraw(app: &mut App, list: ManncoList) {
    let now = now_unix(app);
    let (mut items, mut refused) = (vec![], vec![]);
    for (id, row) in action_rows(app, list) {
        match app.mannco.asset_blocked(&row, id, now) {
            Some(why) => refused.push((id, row.name.clone(), why)),
            None => items.push((id, row.name.clone())),
        }
    }
    if items.is_empty() && refused.is_empty() {
        app.notice = Some("Nothing to withdraw: select rows with space, or put the cursor on one.".into());
        return;
    }
    app.open(Overlay::Withdraw(WithdrawDialog { items, refused, stage: WithdrawStage::Confirming }));
}

pub fn on_msg(app: &mut App, msg: ManncoMsg) -> Vec<Cmd> {
    match msg {
        ManncoMsg::List { list, generation, result } => on_list(app, list, generation, result),
        ManncoMsg::Pricing(Ok(pricing)) => on_pricing(app, pricing),
        ManncoMsg::Pricing(Err(e)) => {
            app.notice = Some(format!("Price look-ups failed: {e}"));
            vec![]
        }
        ManncoMsg::SellBook { item_id, result: Ok(Some(listings)) } => {
            app.mannco.books.insert(item_id, listings);
            crate::app::panes::rules::update::replan(app);
            vec![]
        }
        // Unreadable: the rules probe upward, or use the seller a run undercut.
        ManncoMsg::SellBook { item_id, result } => {
            tracing::info!(item_id, "no sell book: {:?}", result.err());
            vec![]
        }
        ManncoMsg::SalesGraph { item_id, result: Ok(points) } => {
            app.mannco.sales.insert(item_id, points);
            vec![]
        }
        ManncoMsg::SalesGraph { item_id, result: Err(e) } => {
            tracing::info!(item_id, "no sales graph: {e}");
            vec![]
        }
        ManncoMsg::Balance(Ok(balance)) => on_balance(app, balance),
        ManncoMsg::Balance(Err(_)) => vec![],
        ManncoMsg::SalesHistory(Ok(rows)) => on_sales_history(app, rows),
        // Unreadable: sales are told from the lists and the balance.
        ManncoMsg::SalesHistory(Err(e)) => {
            tracing::info!("the sales history cannot be read: {e}");
            vec![]
        }
        ManncoMsg::PriceCallDone { origin, price, ids, result, reconciled } => {
            after_price_call(app, origin, PriceCall { price, ids, result, reconciled }, false)
        }
        // A withdrawal's answer reaches its dialog as `Msg::Dialog` (see `Msg::routed`).
        ManncoMsg::Withdrawn { .. } => vec![],
    }
}

/// Price look-ups arrived: the rules plan again, and the dialogs' context is read (sales
/// graphs, sell books) before an open pricing dialog recomputes.
fn on_pricing(app: &mut App, pricing: std::collections::HashMap<i64, crate::api::mannco::ItemPricing>) -> Vec<Cmd> {
    let m = &mut app.mannco;
    // Sales graphs for the item types priced: a few, for the dialogs' context.
    let wanted: Vec<i64> = pricing.keys().copied().filter(|id| !m.sales.contains_key(id)).take(SALES_GRAPHS).collect();
    let now = app.clock;
    m.pricing_at.extend(pricing.keys().map(|id| (*id, now)));
    m.pricing.extend(pricing);
    crate::app::panes::rules::update::replan(app);
    let mut cmds = books_to_read(app);
    if !wanted.is_empty() {
        cmds.push(Cmd::FetchSalesGraphs(wanted));
        return cmds;
    }
    if !cmds.is_empty() {
        return cmds;
    }
    if let Some(Overlay::Pricing(dialog)) = &mut app.overlay
        && dialog.stage == Stage::Editing
    {
        dialog.recompute(&app.mannco.market_prices());
    }
    vec![]
}

fn on_balance(app: &mut App, balance: Cents) -> Vec<Cmd> {
    let m = &mut app.mannco;
    // Both lists are read with the balance: only then is "gone" meaningful.
    let settled = !m.on_sale.list.loading && !m.inventory.list.loading;
    // Once the sales history can be read, it tells the sales; the lists and the balance
    // only until then.
    let sales = if settled && m.sales_seen.is_none() { m.sales_since(balance) } else { vec![] };
    m.balance = Some(balance);
    if settled {
        m.listed_at_balance = m.listed_now();
    }
    let mut cmds = vec![Cmd::FetchSalesHistory];
    if !sales.is_empty() {
        let text = sales.join(" · ");
        app.notice = Some(text.clone());
        cmds.push(Cmd::Alert(format!("tradedeck: {text}")));
    }
    cmds
}

/// Sales the history shows since it was last read: said once, one line per item and price.
fn on_sales_history(app: &mut App, rows: Vec<crate::api::mannco::history::SaleRow>) -> Vec<Cmd> {
    let keys: std::collections::HashSet<_> = rows.iter().map(|r| r.key()).collect();
    let Some(seen) = app.mannco.sales_seen.replace(keys) else { return vec![] };
    let mut sold: std::collections::BTreeMap<(String, Cents), u32> = std::collections::BTreeMap::new();
    for r in rows.iter().filter(|r| !seen.contains(&r.key())) {
        *sold.entry((r.name.clone(), r.price.unwrap_or(Cents::ZERO))).or_default() += r.count;
    }
    if sold.is_empty() {
        return vec![];
    }
    let text = sold
        .into_iter()
        .map(|((name, price), n)| {
            let credit = crate::trade::snapshot::Gone::credit_of(price, n as usize);
            format!("Sold {n} × {name} at {price}: {credit} credited")
        })
        .collect::<Vec<_>>()
        .join(" · ");
    app.notice = Some(text.clone());
    vec![Cmd::Alert(format!("tradedeck: {text}"))]
}

/// One price call's answer: the Rules pane and the selection learn it whoever sent it (a
/// dialog has recorded it already); the lists are read again once the dialog has every
/// answer, and after each of auto-run's.
pub fn after_price_call(app: &mut App, origin: Origin, call: PriceCall, finished: bool) -> Vec<Cmd> {
    let PriceCall { price, ids, result, .. } = call;
    let said = match &result {
        Ok(()) => "listed".to_string(),
        Err(ManncoError::OutcomeUnknown(_)) => "unknown".to_string(),
        Err(e) => format!("refused ({e})"),
    };
    crate::app::panes::rules::update::record(app, &ids, price, said);
    let m = &mut app.mannco;
    let mut cmds: Vec<Cmd> = vec![];
    match &result {
        Ok(()) => {
            for id in &ids {
                m.selection.assets.remove(id);
                m.selection.errors.remove(id);
            }
        }
        Err(e) => {
            cmds.extend(learn_from(m, &ids, e, app.clock.unix_timestamp()));
            for id in &ids {
                m.selection.errors.insert(*id, e.to_string());
            }
        }
    }
    match origin {
        Origin::Dialog(_) if finished => cmds.extend(app.mannco.refresh()),
        Origin::Dialog(_) => {}
        Origin::AutoRun => {
            // Auto-run's calls have no dialog: the lists are read again after each.
            cmds.extend(app.mannco.refresh());
            if let Err(e) = &result {
                let why = e.to_string();
                app.notice = Some(format!("Auto-run: {why}"));
                cmds.push(Cmd::Alert(format!("tradedeck re-pricing: a price call did not go through: {why}")));
            }
        }
    }
    cmds
}

/// A list arrived: the selection follows the new rows, a finished pricing dialog can now
/// say what sold, and item types not yet looked up are priced.
fn on_list(
    app: &mut App,
    list: ManncoList,
    generation: u64,
    result: Result<crate::api::mannco::Listing, ManncoError>,
) -> Vec<Cmd> {
    let skipped = result.as_ref().ok().and_then(|l| l.skipped.first().map(|first| (l.skipped.len(), first.clone())));
    if !app.mannco.pane_mut(list).apply(generation, result) {
        return vec![];
    }
    if let Some((n, first)) = skipped {
        app.notice = Some(format!("{n} Mannco row(s) skipped, unreadable: {first}; the rest is shown."));
    }
    crate::app::panes::rules::update::replan(app);
    let m = &mut app.mannco;
    let rows: Vec<&crate::api::mannco::Row> = m.on_sale.rows.iter().chain(&m.inventory.rows).collect();
    m.selection.reconcile(&rows);
    let both_loaded = !m.on_sale.list.loading && !m.inventory.list.loading;
    if let Some(Overlay::Pricing(dialog)) = &mut app.overlay
        && matches!(dialog.stage, Stage::Done { .. })
        && both_loaded
    {
        let rows = m.on_sale.rows.iter().chain(&m.inventory.rows).cloned().collect();
        dialog.settle(&crate::trade::snapshot::MarketSnapshot::from_rows(rows));
    }
    let missing: Vec<i64> = m.item_ids().into_iter().filter(|id| !m.pricing.contains_key(id)).collect();
    let mut cmds = vec![];
    if both_loaded {
        cmds.push(Cmd::FetchManncoBalance);
        if missing.is_empty() {
            cmds.extend(books_to_read(app));
        } else {
            cmds.push(Cmd::FetchManncoPricing(missing));
        }
        cmds.extend(crate::app::panes::rules::update::after_lists(app));
    }
    cmds
}

/// The sell books the rules need and the app does not hold: for item types a rule undercuts
/// where the trader's own listing is the lowest.
fn books_to_read(app: &App) -> Vec<Cmd> {
    let Ok(rules) = &app.rules.rules else { return vec![] };
    let m = &app.mannco;
    let wanted: Vec<i64> = crate::trade::reprice::books_wanted(rules, &m.on_sale.rows, &m.pricing)
        .into_iter()
        .filter(|id| !m.books.contains_key(id))
        .collect();
    if wanted.is_empty() { vec![] } else { vec![Cmd::FetchSellBooks(wanted)] }
}

/// Remembers what a refusal taught (an item type's cap, or that a lone item is on hold) and
/// has the worker keep it for the next run.
fn learn_from(m: &mut ManncoState, ids: &[crate::api::mannco::AssetId], e: &ManncoError, now: i64) -> Option<Cmd> {
    let kind = e.market_kind()?;
    let item_id = ids.first().and_then(|id| m.item_of(*id));
    m.learned.learn(item_id, ids, kind, now).then(|| Cmd::SaveLearned(m.learned.clone()))
}
