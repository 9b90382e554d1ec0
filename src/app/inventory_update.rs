//! How the AssetPay pane answers keys: its search (local at every keystroke, the server after
//! a pause), sort, filters, paging, game switch and selection, and the fetches they start.

use super::inventory::InventoryPane;
use super::keymap::Action;
use super::price_filter::PriceFilterDialog;
use super::{App, Cmd, Msg, Overlay, SEARCH_DEBOUNCE};
use crate::api::assetpay::{InventoryQuery, MAX_SEARCH_CHARS};
use crate::trade::index::Order;
use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

pub fn on_search_key(app: &mut App, key: KeyEvent) -> Vec<Cmd> {
    let rows = app.viewport_rows();
    let pane = &mut app.inventory;
    match key.code {
        KeyCode::Enter => {
            pane.search_editing = false;
            return vec![];
        }
        KeyCode::Esc => {
            pane.search_editing = false;
            pane.search.reset();
            pane.narrow();
            pane.search_seq += 1;
            if pane.query.search.take().is_some() {
                pane.query.page = 1;
                return fetch(pane, false);
            }
            return vec![];
        }
        KeyCode::Down | KeyCode::Up => {
            pane.move_cursor(if key.code == KeyCode::Down { 1 } else { -1 }, rows);
            return vec![];
        }
        KeyCode::Char(_) if pane.search.value().chars().count() >= MAX_SEARCH_CHARS => {
            app.notice = Some(format!("A search is at most {MAX_SEARCH_CHARS} characters."));
            return vec![];
        }
        _ => {}
    }
    let before = pane.search.value().to_string();
    pane.search.handle_event(&Event::Key(key));
    if pane.search.value() == before {
        return vec![];
    }
    pane.view.reset();
    pane.narrow();
    pane.search_seq += 1;
    vec![Cmd::Schedule { after: SEARCH_DEBOUNCE, msg: Msg::SearchDue { seq: pane.search_seq } }]
}

/// A list action on the AssetPay pane.
pub fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let rows = app.viewport_rows();
    let pane = &mut app.inventory;
    match action {
        Action::Down => pane.move_cursor(1, rows),
        Action::Up => pane.move_cursor(-1, rows),
        Action::Top => pane.move_cursor(isize::MIN / 2, rows),
        Action::Bottom => pane.move_cursor(isize::MAX / 2, rows),
        Action::PageDown => pane.move_cursor(rows as isize, rows),
        Action::PageUp => pane.move_cursor(-(rows as isize), rows),
        // Like `/` in vim and less, a new search starts empty; the server follows after the
        // usual pause.
        Action::Search if pane.is_ready() => {
            pane.search_editing = true;
            if !pane.search.value().is_empty() {
                pane.search.reset();
                pane.narrow();
                pane.search_seq += 1;
                return vec![Cmd::Schedule { after: SEARCH_DEBOUNCE, msg: Msg::SearchDue { seq: pane.search_seq } }];
            }
        }
        Action::ClearFilters if pane.is_ready() => {
            let had = pane.query.search.is_some()
                || pane.query.min_price.is_some()
                || pane.query.max_price.is_some()
                || !pane.float_range.is_open();
            pane.float_range = Default::default();
            if !had && pane.search.value().is_empty() {
                return vec![];
            }
            pane.search.reset();
            pane.search_seq += 1;
            pane.query.search = None;
            pane.query.min_price = None;
            pane.query.max_price = None;
            pane.query.page = 1;
            pane.narrow();
            app.notice = Some("Search and filters cleared.".into());
            return fetch(pane, false);
        }
        Action::NextSort if pane.is_ready() => {
            // A loaded inventory also sorts by float and paint seed; the server does not.
            pane.order = if pane.is_local() { pane.order.next() } else { Order::from_server(pane.query.sort.next()) };
            if let Some(sort) = pane.order.server() {
                pane.query.sort = sort;
            }
            pane.query.page = 1;
            return fetch(pane, false);
        }
        Action::PriceFilter if pane.is_ready() => {
            let dialog = PriceFilterDialog::new(pane.query.min_price, pane.query.max_price);
            // Floats are filtered locally: offered once a CS2 inventory is loaded.
            let floats = pane.is_local() && pane.query.game == crate::api::assetpay::Game::Cs2;
            app.overlay =
                Some(Overlay::PriceFilter(if floats { dialog.with_floats(pane.float_range) } else { dialog }));
        }
        Action::PrevPage | Action::NextPage if pane.is_local() => {
            app.notice = Some("The whole inventory is loaded: j/k, PgUp/PgDn and g/G move through all of it.".into());
        }
        Action::PrevPage | Action::NextPage if pane.is_ready() => {
            let last = pane.page_count();
            let page = pane.query.page;
            let target = if action == Action::NextPage { page.saturating_add(1) } else { page.saturating_sub(1) };
            if target < 1 || target > last {
                app.notice = Some(format!(
                    "Page {page} of {last}: there is no {} page.",
                    if action == Action::NextPage { "next" } else { "previous" }
                ));
                return vec![];
            }
            pane.query.page = target;
            pane.view.reset();
            return fetch(pane, false);
        }
        Action::Refresh if pane.is_local() => return fetch_full(pane, true),
        Action::Refresh if pane.is_ready() => {
            let mut cmds = fetch(pane, true);
            cmds.extend(fetch_full(pane, false));
            return cmds;
        }
        Action::Details => {
            if let Some(item) = pane.current_item() {
                app.overlay = Some(Overlay::Details(item.id().to_string()));
            }
        }
        Action::ToggleGame if pane.is_ready() => {
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
            pane.view.reset();
            pane.drop_local();
            let mut cmds = fetch(pane, false);
            cmds.extend(fetch_full(pane, false));
            return cmds;
        }
        Action::ToggleSelect => {
            pane.toggle_selected();
            pane.move_cursor(1, rows);
        }
        Action::SelectAll => pane.toggle_select_all(),
        _ => {}
    }
    vec![]
}

/// Applies the pane's current query: locally and at once when the whole inventory is loaded,
/// else as a request with a fresh generation.
pub fn fetch(pane: &mut InventoryPane, refresh: bool) -> Vec<Cmd> {
    if pane.is_local() && !refresh {
        pane.view.reset();
        pane.narrow();
        return vec![];
    }
    match pane.begin_fetch() {
        Some(generation) => {
            vec![Cmd::FetchInventory { generation, query: InventoryQuery { refresh, ..pane.query.clone() } }]
        }
        None => vec![],
    }
}

/// Loads the whole inventory of the pane's game, to be indexed and browsed locally.
pub fn fetch_full(pane: &mut InventoryPane, refresh: bool) -> Vec<Cmd> {
    match pane.begin_full_fetch() {
        Some(generation) => vec![Cmd::FetchFullInventory { generation, game: pane.query.game, refresh }],
        None => vec![],
    }
}
