//! `update(&mut App, Msg) -> Vec<Cmd>`: every message, key or reply, reaches the state here,
//! and what must happen next comes back as commands.

use crate::app::dialogs;
use crate::app::keys;
use crate::app::mouse;
use crate::app::msg::{Cmd, Msg};
use crate::app::panes;
use crate::app::panes::pane_id::PANES;
use crate::app::quit::request_quit;
use crate::app::state::App;

impl App {
    /// The commands to run at startup: the first AssetPay page and both Mannco lists.
    pub fn init(&mut self) -> Vec<Cmd> {
        let mut cmds = self.inventory.fetch(false);
        if !self.inventory.is_local() {
            cmds.extend(self.inventory.fetch_full(false));
        }
        cmds.extend(self.mannco.refresh());
        cmds.extend(panes::trades::update::fetch(self));
        cmds.extend(panes::history::update::fetch(self));
        cmds
    }
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    let mut cmds = dispatch(app, msg);
    // Quitting was waiting for the money calls: they are answered now.
    if app.quitting && app.money_in_flight().is_none() && !cmds.iter().any(|c| matches!(c, Cmd::Quit)) {
        cmds.push(Cmd::Quit);
    }
    cmds
}

fn dispatch(app: &mut App, msg: Msg) -> Vec<Cmd> {
    match msg.routed() {
        Msg::Key(key) => keys::on_key(app, key),
        Msg::Mouse(event) => mouse::on_mouse(app, event),
        Msg::QuitRequested => request_quit(app, true),
        Msg::Drawn(drawn) => {
            app.took(drawn);
            vec![]
        }
        Msg::Resize(w, h) => {
            app.size = (w, h);
            let rows = app.viewport_rows();
            for &id in PANES {
                app.pane_mut(id).scroll_into_view(rows);
            }
            vec![]
        }
        Msg::Tick(now) => {
            app.clock = now;
            if app.is_loading() {
                app.spinner = app.spinner.wrapping_add(1);
            }
            let mut cmds = panes::trades::update::poll(app);
            let auto_run = panes::rules::update::tick(app);
            // An automatic run reads the lists itself; otherwise they are read on schedule.
            if auto_run.is_empty() {
                cmds.extend(panes::mannco::update::tick(app));
            }
            cmds.extend(auto_run);
            cmds
        }
        Msg::AssetPay(msg) => panes::assetpay::update::on_msg(app, msg),
        Msg::Mannco(msg) => panes::mannco::update::on_msg(app, msg),
        Msg::Trades(msg) => panes::trades::update::on_msg(app, msg),
        Msg::History(msg) => panes::history::update::on_msg(app, msg),
        Msg::RateLimitWait(wait) => {
            app.rate_wait = wait;
            vec![]
        }
        Msg::Dialog { run, reply } => dialogs::route::on_reply(app, run, reply),
        Msg::RulesRead(Ok(rules)) => {
            if app.rules.rules.as_ref().ok() != Some(&rules) {
                app.rules.rules = Ok(rules);
                panes::rules::update::replan(app);
                app.notice = Some("The rules file changed: the rules were read again.".into());
            }
            vec![]
        }
        // A broken edit keeps the rules that worked.
        Msg::RulesRead(Err(e)) => {
            app.notice = Some(format!("The rules file cannot be read, the earlier rules stay: {e}"));
            vec![]
        }
        Msg::Exported(result) => {
            app.notice = Some(match result {
                Ok((path, rows)) => format!("Exported {rows} row(s) to {}", path.display()),
                Err(e) => format!("The export failed: {e}"),
            });
            vec![]
        }
    }
}
