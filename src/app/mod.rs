//! The Elm-style core: `update(&mut App, Msg) -> Vec<Cmd>` holds all behaviour and does no
//! I/O, so every key sequence and every API reply can be tested without a terminal or network.
//!
//! - `msg`: what comes in and what goes out; market replies nested by market.
//! - `keys`: where a key goes (dialog, search, pane, global), by keymap layer.
//! - `panes`: the pane list and each pane's update, over the shared `list_core`.
//! - `dialogs`: the open dialog, its protocol (`Stay | Close | Done`) and its run id.

pub mod action_dialog;
pub mod cost_dialog;
pub mod dialogs;
pub mod drawn;
pub mod keymap;
mod keys;
pub mod list_core;
pub mod list_view;
pub mod mouse;
pub mod msg;
pub mod panes;
pub mod price_filter;
pub mod sell_dialog;

pub use dialogs::{JournalView, Overlay};
pub use msg::{AssetPayMsg, Cmd, Export, HistoryMsg, ManncoMsg, Msg, RunId, TradesMsg};
pub use panes::{PANES, PaneId};

use keymap::Keymap;
use panes::assetpay::state::{InventoryPane, Source};
use panes::mannco::state::ManncoState;
use std::time::Duration;
use time::OffsetDateTime;

/// How long typing must pause before the search goes to the server.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub struct App {
    /// Running against the built-in simulated markets: the screen says DEMO.
    pub demo: bool,
    /// The focused pane's place in `PANES`.
    pub focus: usize,
    pub inventory: InventoryPane,
    pub mannco: ManncoState,
    pub trades: panes::trades::state::TradesPane,
    pub history: panes::history::state::HistoryPane,
    pub rules: panes::rules::state::RulesPane,
    /// AssetPay credentials are a merchant key (the wallet can be read).
    pub merchant: bool,
    pub overlay: Option<Overlay>,
    /// The open dialog's run id: replies carrying another one are not for it.
    pub run: RunId,
    next_run: RunId,
    pub keymap: Keymap,
    pub size: (u16, u16),
    pub clock: OffsetDateTime,
    pub spinner: usize,
    /// A transient line of information ("already on the last page").
    pub notice: Option<String>,
    /// Startup warnings (insecure config file, …), shown until a key is pressed.
    pub warnings: Vec<String>,
    pub use_color: bool,
    /// The colours by role (`[theme]`); `use_color` off drops them all.
    pub palette: crate::config::Palette,
    /// Journaled actions whose outcome is still unknown.
    pub unanswered: usize,
    pub rate_wait: Option<crate::api::rate_limit::Wait>,
    /// Where the last frame put tabs and rows, reported back by the drawing for the mouse.
    pub screen: mouse::ScreenMap,
    /// The trader asked to quit while money calls were in flight: tradedeck quits as soon as
    /// they are answered, or at once on a second Ctrl-C.
    pub quitting: bool,
}

impl App {
    pub fn new(assetpay: Source, mannco: Source, demo: bool) -> Self {
        App {
            demo,
            focus: 0,
            // Trades need the market: an inventory read from a file has none.
            trades: panes::trades::state::TradesPane::new(match &assetpay {
                Source::Ready { endpoint: "saved file" } => {
                    Source::Unavailable("Trades need AssetPay credentials: this inventory was read from a file.".into())
                }
                other => other.clone(),
            }),
            merchant: false,
            history: panes::history::state::HistoryPane::default(),
            rules: panes::rules::state::RulesPane::new(mannco.clone(), Err("No rules are loaded.".into()), None),
            inventory: InventoryPane::new(assetpay),
            mannco: ManncoState::new(mannco),
            overlay: None,
            run: 0,
            next_run: 0,
            keymap: Keymap::default(),
            size: (80, 24),
            clock: OffsetDateTime::UNIX_EPOCH,
            spinner: 0,
            notice: None,
            warnings: vec![],
            use_color: true,
            palette: Default::default(),
            unanswered: 0,
            rate_wait: None,
            quitting: false,
            screen: Default::default(),
        }
    }

    /// The commands to run at startup: the first AssetPay page and both Mannco lists.
    pub fn init(&mut self) -> Vec<Cmd> {
        let mut cmds = panes::assetpay::update::fetch(&mut self.inventory, false);
        if !self.inventory.is_local() {
            cmds.extend(panes::assetpay::update::fetch_full(&mut self.inventory, false));
        }
        cmds.extend(panes::mannco::update::refresh(&mut self.mannco));
        cmds.extend(panes::trades::update::fetch(self));
        cmds.extend(panes::history::update::fetch(self));
        cmds
    }

    pub fn focused(&self) -> PaneId {
        PANES[self.focus.min(PANES.len() - 1)]
    }

    /// Table rows that fit on screen, as the last frame laid them out.
    pub fn viewport_rows(&self) -> usize {
        self.screen.table_rows(self.size.1)
    }

    pub fn is_loading(&self) -> bool {
        PANES.iter().any(|&id| self.pane(id).list().loading)
    }
}

impl App {
    /// What money calls wait for their answer, in words, if any do.
    pub fn money_in_flight(&self) -> Option<String> {
        match &self.overlay {
            Some(Overlay::Pricing(d)) => match &d.stage {
                action_dialog::Stage::Submitting { results } => {
                    let answered: usize = results.iter().map(|r| r.ids.len()).sum();
                    Some(format!("prices for {} item(s)", d.preview.items_sent().saturating_sub(answered)))
                }
                _ => None,
            },
            Some(Overlay::Withdraw(d)) if d.stage == action_dialog::WithdrawStage::Sending => {
                Some(format!("a withdrawal of {} item(s)", d.items.len()))
            }
            Some(Overlay::Sell(d)) if d.in_flight > 0 => Some(format!("a sale of {} item(s)", d.items_in_flight())),
            _ => None,
        }
    }
}

/// Quits at once when no money call is in flight. Otherwise the first request waits for the
/// answers (quitting follows them), and a forced second one stops waiting.
fn request_quit(app: &mut App, force: bool) -> Vec<Cmd> {
    match app.money_in_flight() {
        None => vec![Cmd::Quit],
        Some(_) if force && app.quitting => {
            tracing::warn!("quitting without waiting for the money calls in flight");
            vec![Cmd::Quit]
        }
        Some(what) => {
            if !app.quitting {
                tracing::info!(what, "quit requested while money calls are in flight: waiting for them");
            }
            app.quitting = true;
            vec![]
        }
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
    match msg {
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
        Msg::Journal { run, result } => {
            if let Ok(listing) = &result {
                app.unanswered = listing.entries.iter().filter(|e| e.needs_reconciling()).count();
            }
            if let Some(Overlay::Journal(view)) = app.dialog_of(run) {
                match result {
                    Ok(listing) => {
                        let entries = Some(listing.entries.into_iter().rev().collect());
                        *view = JournalView { entries, awaited: listing.awaited, error: None, reconciling: false };
                    }
                    Err(e) => {
                        view.error = Some(e);
                        view.reconciling = false;
                    }
                }
            }
            vec![]
        }
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
