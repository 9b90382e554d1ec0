//! The History pane (6): what sold, bought, listed and withdrew, from the ledger; the range's
//! P&L on one line; `v` the value over time as a chart; `[` `]` the range; `$` a cost.

use crate::app::dialogs::ledger_entry::LedgerEntryView;
use crate::app::dialogs::overlay::Overlay;
use crate::app::keymap::Action;
use crate::app::msg::Cmd;
use crate::app::msg::HistoryMsg;
use crate::app::state::App;

/// Reads the ledger for the pane's range (the worker brings it up to date first).
pub fn fetch(app: &mut App) -> Vec<Cmd> {
    let generation = app.history.list.begin_fetch();
    let since = app.history.range.since(app.clock.unix_timestamp());
    vec![Cmd::LoadLedger { generation, since }]
}

pub fn on_msg(app: &mut App, msg: HistoryMsg) -> Vec<Cmd> {
    match msg {
        HistoryMsg::Loaded { generation, result } => {
            app.history.apply(generation, result);
            let rows = app.viewport_rows();
            crate::app::list_core::ListPane::scroll_into_view(&mut app.history, rows);
            vec![]
        }
        HistoryMsg::CostSet(Ok(said)) => {
            app.notice = Some(said);
            fetch(app)
        }
        HistoryMsg::CostSet(Err(e)) => {
            app.notice = Some(format!("The cost was not recorded: {e}"));
            vec![]
        }
    }
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let pane = &mut app.history;
    match action {
        Action::Refresh => return fetch(app),
        Action::NextSort => {
            pane.sort = pane.sort.next();
            pane.refilter();
            app.notice = Some(format!("Sorted by {}.", pane.sort.label()));
        }
        Action::PrevPage | Action::NextPage => {
            let range = if action == Action::PrevPage { pane.range.shorter() } else { pane.range.longer() };
            if range != pane.range {
                pane.range = range;
                app.notice = Some(format!("History of {}.", range.label()));
                return fetch(app);
            }
        }
        Action::ValueChart => pane.chart = !pane.chart,
        Action::Details => {
            if let Some(entry) = pane.current() {
                let entry = Box::new(entry.clone());
                app.open(Overlay::LedgerEntry(LedgerEntryView(entry)));
            }
        }
        Action::SetCost => {
            if let Some(entry) = pane.current() {
                let ids = entry.asset_id.clone().into_iter().collect();
                let name = entry.name.clone();
                open_cost(app, ids, name);
            }
        }
        Action::Export => {
            let entries: Vec<_> = pane.visible.iter().map(|&i| pane.view.entries[i].clone()).collect();
            app.notice = Some(format!("Exporting {} entr(ies)…", entries.len()));
            return vec![Cmd::Export(crate::app::msg::Export::History { entries })];
        }
        _ => {}
    }
    vec![]
}

/// Asks what `name` (these ids, or by name when there are none) cost.
pub fn open_cost(app: &mut App, ids: Vec<String>, name: String) {
    app.open(Overlay::Cost(crate::app::dialogs::cost::CostDialog::new(ids, name)));
}
