//! The panes, in tab order, and the one place that sends each its keys and replies.
//!
//! A pane is a module here (its update) over a state built on the shared list core, plus its
//! drawing in `ui`. `PaneId` is an enum on purpose: adding a variant and its line in `PANES`
//! makes the compiler list every match that must learn about it (here and in `ui`), where a
//! trait object would let a missing behaviour pass silently.

pub mod assetpay;
pub mod history;
pub mod mannco;
pub mod rules;
pub mod trades;

use super::keymap::Action;
use super::list_core::{ListPane, SearchEdit};
use super::{App, Cmd};
use crate::api::mannco::ManncoList;
use crossterm::event::KeyEvent;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneId {
    AssetPay,
    Mannco(ManncoList),
    Trades,
    Rules,
    History,
}

/// Every pane, in tab order (keys 1, 2, 3…).
pub const PANES: &[PaneId] = &[
    PaneId::AssetPay,
    PaneId::Mannco(ManncoList::OnSale),
    PaneId::Mannco(ManncoList::Inventory),
    PaneId::Trades,
    PaneId::Rules,
    PaneId::History,
];

/// The list actions every pane answers: the list core's, plus refresh and export.
const EVERY_PANE: &[Action] = &[
    Action::Down,
    Action::Up,
    Action::Top,
    Action::Bottom,
    Action::PageDown,
    Action::PageUp,
    Action::Search,
    Action::ClearFilters,
    Action::Refresh,
    Action::Export,
];

impl PaneId {
    pub fn title(self) -> &'static str {
        match self {
            PaneId::AssetPay => "AssetPay",
            PaneId::Mannco(ManncoList::OnSale) => "Mannco · On sale",
            PaneId::Mannco(ManncoList::Inventory) => "Mannco · Inventory",
            PaneId::Trades => "Trades",
            PaneId::Rules => "Rules",
            PaneId::History => "History",
        }
    }

    /// The title on a narrow tab bar.
    pub fn short_title(self) -> &'static str {
        match self {
            PaneId::Mannco(ManncoList::OnSale) => "On sale",
            PaneId::Mannco(ManncoList::Inventory) => "Inventory",
            other => other.title(),
        }
    }

    pub fn mannco_list(self) -> Option<ManncoList> {
        match self {
            PaneId::Mannco(list) => Some(list),
            PaneId::AssetPay | PaneId::Trades | PaneId::Rules | PaneId::History => None,
        }
    }

    /// Whether the pane searches only the rows it has (every edit narrows them at once); the
    /// AssetPay pane also asks the server while its inventory is not whole.
    fn searches_locally(self) -> bool {
        !matches!(self, PaneId::AssetPay)
    }

    /// Whether this pane answers a list action: it drives the pane's hints, the help and
    /// the message when a key belongs to another pane.
    pub fn answers(self, action: Action) -> bool {
        let own = match self {
            PaneId::AssetPay => assetpay::update::COMMANDS,
            PaneId::Mannco(_) => mannco::update::COMMANDS,
            PaneId::Trades => trades::update::COMMANDS,
            PaneId::Rules => rules::update::COMMANDS,
            PaneId::History => history::update::COMMANDS,
        };
        EVERY_PANE.contains(&action) || own.contains(&action)
    }
}

impl App {
    /// A pane's list, for what every pane does alike (cursor, mouse, search state).
    pub fn pane(&self, id: PaneId) -> &dyn ListPane {
        match id {
            PaneId::AssetPay => &self.inventory,
            PaneId::Mannco(list) => self.mannco.pane(list),
            PaneId::Trades => &self.trades,
            PaneId::Rules => &self.rules,
            PaneId::History => &self.history,
        }
    }

    pub fn pane_mut(&mut self, id: PaneId) -> &mut dyn ListPane {
        match id {
            PaneId::AssetPay => &mut self.inventory,
            PaneId::Mannco(list) => self.mannco.pane_mut(list),
            PaneId::Trades => &mut self.trades,
            PaneId::Rules => &mut self.rules,
            PaneId::History => &mut self.history,
        }
    }

    /// Whether the pane's market is configured.
    pub fn pane_ready(&self, id: PaneId) -> bool {
        match id {
            PaneId::AssetPay => self.inventory.is_ready(),
            PaneId::Mannco(_) => self.mannco.is_ready(),
            PaneId::Trades => self.trades.is_ready(),
            PaneId::Rules => self.rules.is_ready(),
            PaneId::History => true,
        }
    }
}

/// A list action on the focused pane, or a word on where it works.
pub fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let id = app.focused();
    if !id.answers(action) {
        let elsewhere: Vec<String> =
            PANES.iter().enumerate().filter(|(_, p)| p.answers(action)).map(|(i, _)| (i + 1).to_string()).collect();
        if !elsewhere.is_empty() {
            let keys = app.keymap.keys_label(super::keymap::Layer::List, action);
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
