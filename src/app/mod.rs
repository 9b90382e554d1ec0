//! The Elm-style core: `update(&mut App, Msg) -> Vec<Cmd>` holds all behaviour and does no
//! I/O, so every key sequence and every API reply can be tested without a terminal or network.

pub mod action_dialog;
pub mod inventory;
mod inventory_update;
pub mod keymap;
pub mod list_view;
pub mod mannco;
mod mannco_update;
pub mod mouse;
pub mod price_filter;

use crate::api::assetpay::{AssetPayError, InventoryPage, InventoryQuery};
use crate::api::mannco::{AssetId, ItemPricing, Listing, ManncoError, WithdrawResult};
use crate::money::Cents;
use crate::trade::pricing::Plan;
use action_dialog::{PricingDialog, QuantityDialog, WithdrawDialog};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use inventory::{InventoryPane, Source};
use keymap::{Action, Keymap, Scope};
use mannco::{ManncoList, ManncoState};
use price_filter::{Outcome, PriceFilterDialog};
use std::collections::HashMap;
use std::time::Duration;
use time::OffsetDateTime;

/// How long typing must pause before the search goes to the server.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(crossterm::event::MouseEvent),
    /// SIGINT, SIGTERM or SIGHUP: quit, but not while money calls wait for their answer.
    QuitRequested,
    Resize(u16, u16),
    Tick(OffsetDateTime),
    Inventory {
        generation: u64,
        result: Result<InventoryPage, AssetPayError>,
    },
    /// The whole inventory of a game, indexed by the worker.
    FullInventory {
        generation: u64,
        result: Result<Box<inventory::FullInventory>, AssetPayError>,
    },
    SearchDue {
        seq: u64,
    },
    ManncoList {
        list: ManncoList,
        generation: u64,
        result: Result<Listing, ManncoError>,
    },
    ManncoPricing(Result<HashMap<i64, ItemPricing>, ManncoError>),
    ManncoBalance(Result<Cents, ManncoError>),
    /// One `POST /inventory/price` call's answer (or one item's, when a group was split).
    PriceCallDone {
        price: Cents,
        ids: Vec<AssetId>,
        result: Result<(), ManncoError>,
        reconciled: bool,
    },
    /// Work is waiting for a client-side rate limit (None: no longer).
    RateLimitWait(Option<crate::api::rate_limit::Wait>),
    /// The journal, read (and reconciled, when asked) by the worker.
    Journal(Result<Vec<crate::journal::Entry>, String>),
    /// The withdrawal's result, and whether it was reconciled after a lost answer.
    Withdrawn(Result<(WithdrawResult, bool), ManncoError>),
}

#[derive(Debug)]
pub enum Cmd {
    FetchInventory {
        generation: u64,
        query: InventoryQuery,
    },
    /// Every item of a game in one response (`limit=-1`), indexed off the UI task.
    FetchFullInventory {
        generation: u64,
        game: crate::api::assetpay::Game,
        refresh: bool,
    },
    FetchMannco {
        list: ManncoList,
        generation: u64,
    },
    FetchManncoPricing(Vec<i64>),
    FetchManncoBalance,
    /// A pricing plan's calls, sent one after another; each answer comes back as
    /// `PriceCallDone`.
    SubmitPrices(Plan),
    /// (asset id, name) of each item to withdraw.
    Withdraw(Vec<(AssetId, String)>),
    /// Read the journal, reconciling unanswered actions against the market first if asked.
    LoadJournal {
        reconcile: bool,
    },
    /// Deliver `msg` back after `after` (debounce timers).
    Schedule {
        after: Duration,
        msg: Msg,
    },
    Suspend,
    Quit,
    /// Put text on the clipboard of the terminal tradedeck runs in (OSC 52).
    Copy(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneId {
    AssetPay,
    ManncoOnSale,
    ManncoInventory,
}

impl PaneId {
    pub fn title(self) -> &'static str {
        match self {
            PaneId::AssetPay => "AssetPay",
            PaneId::ManncoOnSale => ManncoList::OnSale.title(),
            PaneId::ManncoInventory => ManncoList::Inventory.title(),
        }
    }

    pub fn mannco_list(self) -> Option<ManncoList> {
        match self {
            PaneId::AssetPay => None,
            PaneId::ManncoOnSale => Some(ManncoList::OnSale),
            PaneId::ManncoInventory => Some(ManncoList::Inventory),
        }
    }
}

#[derive(Debug)]
pub enum Overlay {
    Help,
    /// The details of the item with this id.
    Details(String),
    PriceFilter(PriceFilterDialog),
    Pricing(PricingDialog),
    Withdraw(WithdrawDialog),
    Quantity(QuantityDialog),
    Journal(JournalView),
}

/// The journal of money-moving actions, newest first.
#[derive(Debug, Default)]
pub struct JournalView {
    /// None while the worker reads it.
    pub entries: Option<Vec<crate::journal::Entry>>,
    pub error: Option<String>,
    pub reconciling: bool,
}

#[derive(Debug)]
pub struct App {
    /// Running against the built-in simulated markets: the screen says DEMO.
    pub demo: bool,
    pub panes: Vec<PaneId>,
    pub focus: usize,
    pub inventory: InventoryPane,
    pub mannco: ManncoState,
    pub overlay: Option<Overlay>,
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
    pub screen: std::cell::RefCell<mouse::ScreenMap>,
    /// The trader asked to quit while money calls were in flight: tradedeck quits as soon as
    /// they are answered, or at once on a second Ctrl-C.
    pub quitting: bool,
}

impl App {
    pub fn new(assetpay: Source, mannco: Source, demo: bool) -> Self {
        App {
            demo,
            panes: vec![PaneId::AssetPay, PaneId::ManncoOnSale, PaneId::ManncoInventory],
            focus: 0,
            inventory: InventoryPane::new(assetpay),
            mannco: ManncoState::new(mannco),
            overlay: None,
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
        let mut cmds = inventory_update::fetch(&mut self.inventory, false);
        if !self.inventory.is_local() {
            cmds.extend(inventory_update::fetch_full(&mut self.inventory, false));
        }
        cmds.extend(mannco_update::refresh(&mut self.mannco));
        cmds
    }

    pub fn focused(&self) -> PaneId {
        self.panes[self.focus.min(self.panes.len() - 1)]
    }

    /// Table rows that fit on screen, from the same layout `ui` draws.
    pub fn viewport_rows(&self) -> usize {
        crate::ui::layout::table_rows(self.size.1)
    }

    pub fn is_loading(&self) -> bool {
        self.inventory.loading || self.mannco.on_sale.loading || self.mannco.inventory.loading
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
        Msg::Key(key) => on_key(app, key),
        Msg::Mouse(event) => mouse::on_mouse(app, event),
        Msg::QuitRequested => request_quit(app, true),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            let rows = app.viewport_rows();
            app.inventory.scroll_into_view(rows);
            for pane in [&mut app.mannco.on_sale, &mut app.mannco.inventory] {
                pane.view.scroll_into_view(pane.visible.len(), rows);
            }
            vec![]
        }
        Msg::Tick(now) => {
            app.clock = now;
            if app.is_loading() {
                app.spinner = app.spinner.wrapping_add(1);
            }
            vec![]
        }
        Msg::Inventory { generation, result } => {
            if app.inventory.apply(generation, result) {
                let rows = app.viewport_rows();
                app.inventory.view.offset = 0;
                app.inventory.scroll_into_view(rows);
            }
            vec![]
        }
        Msg::FullInventory { generation, result } => {
            if app.inventory.apply_full(generation, result) {
                let rows = app.viewport_rows();
                app.inventory.scroll_into_view(rows);
            }
            vec![]
        }
        Msg::SearchDue { seq } => {
            let pane = &mut app.inventory;
            if seq != pane.search_seq || pane.search_text() == pane.query.search {
                return vec![];
            }
            pane.query.search = pane.search_text();
            pane.query.page = 1;
            // Local searches already ran at every keystroke.
            if pane.is_local() { vec![] } else { inventory_update::fetch(pane, false) }
        }
        Msg::RateLimitWait(wait) => {
            app.rate_wait = wait;
            vec![]
        }
        Msg::Journal(result) => {
            match result {
                Ok(entries) => {
                    app.unanswered = entries.iter().filter(|e| e.needs_reconciling()).count();
                    if let Some(Overlay::Journal(view)) = &mut app.overlay {
                        *view = JournalView {
                            entries: Some(entries.into_iter().rev().collect()),
                            error: None,
                            reconciling: false,
                        };
                    }
                }
                Err(e) => {
                    if let Some(Overlay::Journal(view)) = &mut app.overlay {
                        view.error = Some(e);
                        view.reconciling = false;
                    }
                }
            }
            vec![]
        }
        other => mannco_update::on_msg(app, other),
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Cmd> {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return request_quit(app, true);
    }
    // While money calls are in flight the dialog ignores keys, but `q` still asks to quit.
    if key.code == KeyCode::Char('q') && app.money_in_flight().is_some() {
        return request_quit(app, false);
    }
    app.warnings.clear();
    app.notice = None;
    if app.overlay.is_some() {
        return on_overlay_key(app, key);
    }
    match app.focused().mannco_list() {
        Some(list) if app.mannco.pane(list).search_editing => return mannco_update::on_search_key(app, list, key),
        None if app.inventory.search_editing => return inventory_update::on_search_key(app, key),
        _ => {}
    }
    let Some(action) = app.keymap.action_for(&key) else { return vec![] };
    match (action.scope(), app.focused().mannco_list()) {
        (Scope::Global, _) => on_global(app, action),
        (Scope::Lists | Scope::AssetPay, None) => inventory_update::on_action(app, action),
        (Scope::Lists | Scope::Mannco, Some(list)) => mannco_update::on_action(app, list, action),
        (Scope::Mannco, None) => {
            app.notice = Some(format!("{} works on the Mannco panes (2, 3).", app.keymap.keys_label(action)));
            vec![]
        }
        (Scope::AssetPay, Some(_)) => {
            app.notice = Some(format!("{} works on the AssetPay pane (1).", app.keymap.keys_label(action)));
            vec![]
        }
    }
}

/// An open dialog consumes every key.
fn on_overlay_key(app: &mut App, key: KeyEvent) -> Vec<Cmd> {
    let Some(overlay) = app.overlay.as_mut() else {
        return vec![];
    };
    match overlay {
        Overlay::Details(_) if matches!(key.code, KeyCode::Char('j' | 'k') | KeyCode::Down | KeyCode::Up) => {
            // The next or previous item, without leaving the details.
            let rows = app.viewport_rows();
            let by = if matches!(key.code, KeyCode::Char('j') | KeyCode::Down) { 1 } else { -1 };
            app.inventory.move_cursor(by, rows);
            if let Some(item) = app.inventory.current_item() {
                app.overlay = Some(Overlay::Details(item.id().to_string()));
            }
            vec![]
        }
        Overlay::Details(id) if key.code == KeyCode::Char('c') => {
            // The inspect certificate when the item has one, else its id.
            let Some(item) = app.inventory.find(id) else { return vec![] };
            let (what, text) = match item.prop_id.filter(|p| !p.is_empty()) {
                Some(cert) => ("inspect certificate", cert),
                None => ("item id", item.id),
            };
            app.notice = Some(format!("Copied the {what} to the clipboard."));
            vec![Cmd::Copy(text)]
        }
        Overlay::Help | Overlay::Details(_) => {
            let closes = matches!(key.code, KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('?'));
            if closes {
                app.overlay = None;
            }
            vec![]
        }
        Overlay::Pricing(_) | Overlay::Withdraw(_) | Overlay::Quantity(_) => mannco_update::on_dialog_key(app, key),
        Overlay::Journal(view) => match key.code {
            KeyCode::Char('r') if !view.reconciling && app.mannco.is_ready() => {
                view.reconciling = true;
                vec![Cmd::LoadJournal { reconcile: true }]
            }
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('J') | KeyCode::Enter => {
                app.overlay = None;
                vec![]
            }
            _ => vec![],
        },
        Overlay::PriceFilter(dialog) => match dialog.handle_key(key) {
            Outcome::Editing => vec![],
            Outcome::Cancelled => {
                app.overlay = None;
                vec![]
            }
            Outcome::Applied { min, max, float } => {
                app.overlay = None;
                let pane = &mut app.inventory;
                pane.float_range = float;
                pane.query.min_price = min;
                pane.query.max_price = max;
                pane.query.page = 1;
                inventory_update::fetch(pane, false)
            }
        },
    }
}

/// Actions that apply whatever the pane: quit, help, journal, switching panes.
fn on_global(app: &mut App, action: Action) -> Vec<Cmd> {
    match action {
        Action::Quit => return request_quit(app, false),
        Action::Suspend => return vec![Cmd::Suspend],
        Action::Help => app.overlay = Some(Overlay::Help),
        Action::Journal => {
            app.overlay = Some(Overlay::Journal(JournalView::default()));
            return vec![Cmd::LoadJournal { reconcile: false }];
        }
        Action::NextPane => app.focus = (app.focus + 1) % app.panes.len(),
        Action::PrevPane => app.focus = (app.focus + app.panes.len() - 1) % app.panes.len(),
        Action::FocusPane1 | Action::FocusPane2 | Action::FocusPane3 => {
            let index = match action {
                Action::FocusPane1 => 0,
                Action::FocusPane2 => 1,
                _ => 2,
            };
            if index < app.panes.len() {
                app.focus = index;
            }
        }
        _ => {}
    }
    vec![]
}
