//! The one place that sends the focused pane its list actions and search keys.

use crate::app::keymap::{Action, Layer};
use crate::app::list_core::SearchEdit;
use crate::app::msg::Cmd;
use crate::app::panes::pane_id::PANES;
use crate::app::panes::pane_id::PaneId;
use crate::app::panes::{assetpay, history, mannco, rules, trades};
use crate::app::state::App;
use crossterm::event::KeyEvent;

/// A list action on the focused pane, or a word on where it works.
pub fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let id = app.focused();
    if !id.answers(action) {
        let elsewhere: Vec<String> =
            PANES.iter().enumerate().filter(|(_, p)| p.answers(action)).map(|(i, _)| (i + 1).to_string()).collect();
        if !elsewhere.is_empty() {
            let keys = app.keymap.keys_label(Layer::List, action);
            app.notice = Some(format!("{keys} works on pane {}.", elsewhere.join(", ")));
        }
        return vec![];
    }
    let (rows, len) = (app.viewport_rows(), app.pane(id).len());
    if app.pane_ready(id) && app.pane_mut(id).list_mut().navigate(action, len, rows) {
        return vec![];
    }
    if id.searches_locally() && app.pane_ready(id) {
        let pane = app.pane_mut(id);
        match action {
            Action::Search => {
                pane.list_mut().start_search();
                pane.refilter();
                return vec![];
            }
            Action::ClearFilters if !pane.list().search.value().is_empty() => {
                pane.list_mut().search.reset();
                pane.refilter();
                app.notice = Some("Search cleared.".into());
                return vec![];
            }
            _ => {}
        }
    }
    match id {
        PaneId::AssetPay => assetpay::update::on_action(app, action),
        PaneId::Mannco(list) => mannco::update::on_action(app, list, action),
        PaneId::Trades => trades::update::on_action(app, action),
        PaneId::Rules => rules::update::on_action(app, action),
        PaneId::History => history::update::on_action(app, action),
    }
}

/// A key while the focused pane's search is typed.
pub fn on_search_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let id = app.focused();
    if !id.searches_locally() {
        return assetpay::update::on_search_key(app, action, key);
    }
    let rows = app.viewport_rows();
    let pane = app.pane_mut(id);
    let len = pane.len();
    let edit = pane.list_mut().edit_search(action, &key, len, rows, usize::MAX);
    if matches!(edit, SearchEdit::Changed | SearchEdit::Cleared) {
        pane.refilter();
    }
    vec![]
}
