//! Where a key goes (gitui's routing by consumption): an open dialog gets it first, then the
//! search being typed, then the focused pane, then the global keys. Each stage asks the
//! keymap what the key means in its own layer.

use crate::app::dialogs;
use crate::app::dialogs::journal::JournalView;
use crate::app::dialogs::overlay::Overlay;
use crate::app::keymap::{Action, Layer};
use crate::app::msg::Cmd;
use crate::app::panes;
use crate::app::panes::pane_id::{PANES, PaneId};
use crate::app::quit::request_quit;
use crate::app::state::App;
use crossterm::event::KeyEvent;

impl App {
    /// The layer whose keys apply now.
    pub fn layer(&self) -> Layer {
        match &self.overlay {
            Some(overlay) => overlay.layer(),
            None if self.pane(self.focused()).list().search_editing => Layer::Search,
            None => Layer::List,
        }
    }
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Cmd> {
    let global = app.keymap.action_for(Layer::Global, &key);
    // Force-quit works in every mode, typing included.
    if global == Some(Action::ForceQuit) {
        return request_quit(app, true);
    }
    // While money calls are in flight the dialog ignores keys, but quit still asks to quit.
    if global == Some(Action::Quit) && app.money_in_flight().is_some() {
        return request_quit(app, false);
    }
    app.warnings.clear();
    app.notice = None;
    let layer = app.layer();
    let action = app.keymap.action_for(layer, &key);
    match layer {
        Layer::List => match action {
            Some(action) if Layer::Global.actions().contains(&action) => on_global(app, action),
            Some(action) => panes::route::on_action(app, action),
            None => vec![],
        },
        Layer::Search => panes::route::on_search_key(app, action, key),
        _ => dialogs::route::on_key(app, action, key),
    }
}

/// Actions that apply whatever the pane: quit, help, journal, switching panes.
fn on_global(app: &mut App, action: Action) -> Vec<Cmd> {
    let count = PANES.len();
    let before = app.focused();
    match action {
        Action::Quit => return request_quit(app, false),
        Action::ForceQuit => return request_quit(app, true),
        Action::Suspend => return vec![Cmd::Suspend],
        Action::Help => {
            app.open(Overlay::Help(Default::default()));
        }
        Action::Journal => {
            let run = app.open(Overlay::Journal(JournalView::default()));
            return vec![Cmd::LoadJournal { run, reconcile: false }];
        }
        Action::NextPane => app.focus = (app.focus + 1) % count,
        Action::PrevPane => app.focus = (app.focus + count - 1) % count,
        Action::FocusPane1 => app.focus = 0,
        Action::FocusPane2 => app.focus = 1.min(count - 1),
        Action::FocusPane3 => app.focus = 2.min(count - 1),
        Action::FocusPane4 => app.focus = 3.min(count - 1),
        Action::FocusPane5 => app.focus = 4.min(count - 1),
        Action::FocusPane6 => app.focus = 5.min(count - 1),
        _ => {}
    }
    // The history is read again each time its pane is shown: sales land there meanwhile.
    if app.focused() == PaneId::History && before != PaneId::History {
        return panes::history::update::fetch(app);
    }
    vec![]
}
