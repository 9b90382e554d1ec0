//! The AssetPay pane: its search (local at every keystroke, the server after a pause), sort,
//! filters, paging, game switch, selection and export, and the replies that fill it.

use crate::api::assetpay::{Game, MAX_SEARCH_CHARS};
use crate::app::dialogs::details::ItemDetails;
use crate::app::dialogs::overlay::Overlay;
use crate::app::dialogs::price_filter::PriceFilterDialog;
use crate::app::keymap::Action;
use crate::app::list_core::{ListPane, SearchEdit};
use crate::app::msg::{AssetPayMsg, Export};
use crate::app::msg::{Cmd, Msg};
use crate::app::panes::assetpay::state::InventoryPane;
use crate::app::state::App;
use std::time::Duration;

/// How long typing must pause before the search goes to the server.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);
use crate::trade::index::Order;
use crate::trade::sell::SellOutcome;
use crossterm::event::KeyEvent;

pub fn on_msg(app: &mut App, msg: AssetPayMsg) -> Vec<Cmd> {
    let rows = app.viewport_rows();
    let pane = &mut app.inventory;
    match msg {
        AssetPayMsg::Page { generation, result } => {
            let skipped = result.as_ref().ok().and_then(|p| crate::api::assetpay::skipped_summary(&p.skipped));
            if pane.apply(generation, result) {
                if let Some(skipped) = skipped {
                    app.notice = Some(format!("{skipped}; the rest is shown."));
                }
                pane.list.view.offset = 0;
                pane.scroll_into_view(rows);
            }
            vec![]
        }
        AssetPayMsg::Full { generation, result } => {
            let skipped = result.as_ref().ok().and_then(|f| crate::api::assetpay::skipped_summary(&f.page.skipped));
            if pane.apply_full(generation, result) {
                if let Some(skipped) = skipped {
                    app.notice = Some(format!("{skipped}; the rest is shown."));
                }
                pane.scroll_into_view(rows);
            }
            vec![]
        }
        // A sale's answers reach its dialog as `Msg::Dialog` (see `Msg::routed`).
        AssetPayMsg::Sold { .. } | AssetPayMsg::Revised { .. } => vec![],
        AssetPayMsg::SearchDue { seq } => {
            if seq != pane.search_seq || pane.search_text() == pane.query.search {
                return vec![];
            }
            pane.query.search = pane.search_text();
            pane.query.page = 1;
            // Local searches already ran at every keystroke.
            if pane.is_local() { vec![] } else { pane.fetch(false) }
        }
    }
}

/// A sale was answered: sold items leave the selection and show in the trades; once the
/// dialog has every answer, the inventory is read again.
pub fn after_sale(app: &mut App, outcome: &SellOutcome, finished: bool) -> Vec<Cmd> {
    let mut cmds = if finished { app.inventory.fetch_full(true) } else { vec![] };
    if matches!(outcome, SellOutcome::Sold { .. }) {
        app.inventory.selected.clear();
        cmds.extend(crate::app::panes::trades::update::fetch(app));
    }
    cmds
}

/// The search goes to the server once typing pauses.
fn search_later(pane: &mut InventoryPane) -> Vec<Cmd> {
    pane.search_seq += 1;
    let msg = Msg::AssetPay(AssetPayMsg::SearchDue { seq: pane.search_seq });
    vec![Cmd::Schedule { after: SEARCH_DEBOUNCE, msg }]
}

pub fn on_search_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let rows = app.viewport_rows();
    let pane = &mut app.inventory;
    let len = pane.len();
    match pane.list.edit_search(action, &key, len, rows, MAX_SEARCH_CHARS) {
        SearchEdit::Kept | SearchEdit::Unchanged => vec![],
        SearchEdit::TooLong => {
            app.notice = Some(format!("A search is at most {MAX_SEARCH_CHARS} characters."));
            vec![]
        }
        SearchEdit::Cleared => {
            pane.narrow();
            pane.search_seq += 1;
            if pane.query.search.take().is_some() {
                pane.query.page = 1;
                return pane.fetch(false);
            }
            vec![]
        }
        SearchEdit::Changed => {
            pane.narrow();
            search_later(pane)
        }
    }
}

/// A list action on the AssetPay pane (moving the cursor is done by the list core).
pub fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let rows = app.viewport_rows();
    let pane = &mut app.inventory;
    if !pane.is_ready() {
        return vec![];
    }
    match action {
        // A kept search is dropped: the list widens at once, the server after the pause.
        Action::Search if pane.list.start_search() => {
            pane.narrow();
            return search_later(pane);
        }
        Action::ClearFilters => return clear_filters(app),
        Action::NextSort => {
            // A loaded inventory also sorts by float and paint seed; the server does not.
            pane.order = if pane.is_local() { pane.order.next() } else { Order::from_server(pane.query.sort.next()) };
            if let Some(sort) = pane.order.server() {
                pane.query.sort = sort;
            }
            pane.query.page = 1;
            return pane.fetch(false);
        }
        Action::PriceFilter => {
            let dialog = PriceFilterDialog::new(pane.query.min_price, pane.query.max_price);
            // Floats are filtered locally: offered once a CS2 inventory is loaded.
            let floats = pane.is_local() && pane.query.game == Game::Cs2;
            let dialog = if floats { dialog.with_floats(pane.float_range) } else { dialog };
            app.open(Overlay::PriceFilter(dialog));
        }
        Action::PrevPage | Action::NextPage if pane.is_local() => {
            app.notice = Some("The whole inventory is loaded: j/k, PgUp/PgDn and g/G move through all of it.".into());
        }
        Action::PrevPage | Action::NextPage => return turn_page(app, action == Action::NextPage),
        Action::Refresh if pane.is_local() => return pane.fetch_full(true),
        Action::Refresh => {
            let mut cmds = pane.fetch(true);
            cmds.extend(pane.fetch_full(false));
            return cmds;
        }
        Action::Details => {
            if let Some(item) = pane.current_item() {
                let id = item.id().to_string();
                app.open(Overlay::Details(ItemDetails(id)));
            }
        }
        Action::ToggleGame => return toggle_game(app),
        Action::SetCost => {
            if let Some(item) = pane.current_item() {
                let (id, name) = (item.id().to_string(), item.name().unwrap_or_else(|| item.id()).to_string());
                crate::app::panes::history::update::open_cost(app, vec![id], name);
            }
        }
        Action::ToggleSelect => {
            pane.toggle_selected();
            pane.move_cursor(1, rows);
        }
        Action::SelectAll => pane.toggle_select_all(),
        Action::Sell => open_sell(app),
        Action::Export => {
            let export =
                Export::AssetPay { game: pane.query.game, items: pane.items.clone(), order: pane.visible.clone() };
            app.notice = Some(format!("Exporting {} row(s)…", pane.visible.len()));
            return vec![Cmd::Export(export)];
        }
        _ => {}
    }
    vec![]
}

fn clear_filters(app: &mut App) -> Vec<Cmd> {
    let pane = &mut app.inventory;
    let had = pane.query.search.is_some()
        || pane.query.min_price.is_some()
        || pane.query.max_price.is_some()
        || !pane.float_range.is_open()
        || !pane.list.search.value().is_empty();
    if !had {
        return vec![];
    }
    pane.float_range = Default::default();
    pane.list.search.reset();
    pane.search_seq += 1;
    pane.query.search = None;
    pane.query.min_price = None;
    pane.query.max_price = None;
    pane.query.page = 1;
    pane.narrow();
    app.notice = Some("Search and filters cleared.".into());
    app.inventory.fetch(false)
}

fn turn_page(app: &mut App, next: bool) -> Vec<Cmd> {
    let pane = &mut app.inventory;
    let (page, last) = (pane.query.page, pane.page_count());
    let target = if next { page.saturating_add(1) } else { page.saturating_sub(1) };
    if target < 1 || target > last {
        let which = if next { "next" } else { "previous" };
        app.notice = Some(format!("Page {page} of {last}: there is no {which} page."));
        return vec![];
    }
    pane.query.page = target;
    pane.list.view.reset();
    pane.fetch(false)
}

fn toggle_game(app: &mut App) -> Vec<Cmd> {
    let pane = &mut app.inventory;
    let (from, unselected) = (pane.query.game, pane.selected.len());
    pane.query.game = pane.query.game.toggled();
    pane.query.page = 1;
    pane.selected.clear();
    if unselected > 0 {
        app.notice = Some(format!(
            "Switched to {}: the {unselected} selected {} item(s) were unselected.",
            pane.query.game.label(),
            from.label()
        ));
    }
    pane.list.view.reset();
    pane.drop_local();
    let mut cmds = pane.fetch(false);
    cmds.extend(pane.fetch_full(false));
    cmds
}

/// The sell dialog for the selection, or the item under the cursor: each at its offer, or why
/// AssetPay would not take it (items already in a trade in flight included).
fn open_sell(app: &mut App) {
    let pane = &app.inventory;
    let mut items: Vec<crate::api::assetpay::Item> = if pane.selected.is_empty() {
        pane.current_item().map(|i| vec![i.to_item()]).unwrap_or_default()
    } else {
        // One pass over the store: a lookup per selected id would be quadratic at 100,000.
        pane.items.iter().filter(|i| pane.selected.contains_key(i.id())).map(|i| i.to_item()).collect()
    };
    items.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    if items.is_empty() {
        app.notice = Some("Nothing to sell: select items with space, or put the cursor on one.".into());
        return;
    }
    let preview = crate::trade::sell::preview(&items, &app.trades.items_in_flight());
    let game = pane.query.game;
    // A client token's sales are limited per account: refused here, with the reason, rather
    // than sent to be refused.
    if !app.merchant && app.trades.list.loaded {
        let sales = preview.sales(game, false).len();
        if let Err(why) = crate::trade::sell::deposit_guard(&app.trades.trades, app.clock, sales) {
            app.notice = Some(why);
            return;
        }
    }
    app.open(Overlay::Sell(crate::app::dialogs::sell::SellDialog::new(game, preview)));
}
