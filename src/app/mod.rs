//! The Elm-style core: `update(&mut App, Msg) -> Vec<Cmd>` holds all behaviour and does no
//! I/O, so every key sequence and every API reply can be tested without a terminal or network.

pub mod inventory;
pub mod keymap;
pub mod list_view;
pub mod mannco;
pub mod price_filter;
pub mod pricing;

use crate::api::assetpay::{AssetPayError, InventoryPage, InventoryQuery, MAX_SEARCH_CHARS};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use inventory::{InventoryPane, Source};
use keymap::{Action, Keymap};
use price_filter::{Outcome, PriceFilterDialog};
use std::time::Duration;
use time::OffsetDateTime;
use tui_input::backend::crossterm::EventHandler;

/// How long typing must pause before the search goes to the server.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    Tick(OffsetDateTime),
    Inventory { generation: u64, result: Result<InventoryPage, AssetPayError> },
    SearchDue { seq: u64 },
}

#[derive(Debug)]
pub enum Cmd {
    FetchInventory {
        generation: u64,
        query: InventoryQuery,
    },
    /// Deliver `msg` back after `after` (debounce timers).
    Schedule {
        after: Duration,
        msg: Msg,
    },
    Suspend,
    Quit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneId {
    AssetPay,
}

impl PaneId {
    pub fn title(self) -> &'static str {
        match self {
            PaneId::AssetPay => "AssetPay",
        }
    }
}

#[derive(Debug)]
pub enum Overlay {
    Help,
    /// The details of the item with this id.
    Details(String),
    PriceFilter(PriceFilterDialog),
}

#[derive(Debug)]
pub struct App {
    /// Running against the built-in simulated markets: the screen says DEMO.
    pub demo: bool,
    pub panes: Vec<PaneId>,
    pub focus: usize,
    pub inventory: InventoryPane,
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
}

impl App {
    pub fn new(assetpay: Source, demo: bool) -> Self {
        App {
            demo,
            panes: vec![PaneId::AssetPay],
            focus: 0,
            inventory: InventoryPane::new(assetpay),
            overlay: None,
            keymap: Keymap::default(),
            size: (80, 24),
            clock: OffsetDateTime::UNIX_EPOCH,
            spinner: 0,
            notice: None,
            warnings: vec![],
            use_color: true,
        }
    }

    /// The commands to run at startup: the first page.
    pub fn init(&mut self) -> Vec<Cmd> {
        fetch(&mut self.inventory, false)
    }

    pub fn focused(&self) -> PaneId {
        self.panes[self.focus.min(self.panes.len() - 1)]
    }

    /// Table rows that fit on screen, from the same layout `ui` draws.
    pub fn viewport_rows(&self) -> usize {
        crate::ui::layout::table_rows(self.size.1)
    }

    pub fn is_loading(&self) -> bool {
        self.inventory.loading
    }
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            let rows = app.viewport_rows();
            app.inventory.scroll_into_view(rows);
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
        Msg::SearchDue { seq } => {
            let pane = &mut app.inventory;
            if seq != pane.search_seq || pane.search_text() == pane.query.search {
                return vec![];
            }
            pane.query.search = pane.search_text();
            pane.query.page = 1;
            fetch(pane, false)
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Cmd> {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return vec![Cmd::Quit];
    }
    app.warnings.clear();
    app.notice = None;
    if app.overlay.is_some() {
        return on_overlay_key(app, key);
    }
    if app.inventory.search_editing {
        return on_search_key(app, key);
    }
    match app.keymap.action_for(&key) {
        Some(action) => on_action(app, action),
        None => vec![],
    }
}

/// An open dialog consumes every key.
fn on_overlay_key(app: &mut App, key: KeyEvent) -> Vec<Cmd> {
    let Some(overlay) = app.overlay.as_mut() else {
        return vec![];
    };
    match overlay {
        Overlay::Help | Overlay::Details(_) => {
            let closes = matches!(key.code, KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('?'));
            if closes {
                app.overlay = None;
            }
            vec![]
        }
        Overlay::PriceFilter(dialog) => match dialog.handle_key(key) {
            Outcome::Editing => vec![],
            Outcome::Cancelled => {
                app.overlay = None;
                vec![]
            }
            Outcome::Applied { min, max } => {
                app.overlay = None;
                let pane = &mut app.inventory;
                pane.query.min_price = min;
                pane.query.max_price = max;
                pane.query.page = 1;
                fetch(pane, false)
            }
        },
    }
}

fn on_search_key(app: &mut App, key: KeyEvent) -> Vec<Cmd> {
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

fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let rows = app.viewport_rows();
    let pane = &mut app.inventory;
    match action {
        Action::Quit => return vec![Cmd::Quit],
        Action::Suspend => return vec![Cmd::Suspend],
        Action::Help => app.overlay = Some(Overlay::Help),
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
        Action::Down => pane.move_cursor(1, rows),
        Action::Up => pane.move_cursor(-1, rows),
        Action::Top => pane.move_cursor(isize::MIN / 2, rows),
        Action::Bottom => pane.move_cursor(isize::MAX / 2, rows),
        Action::PageDown => pane.move_cursor(rows as isize, rows),
        Action::PageUp => pane.move_cursor(-(rows as isize), rows),
        Action::Search if pane.is_ready() => pane.search_editing = true,
        Action::NextSort if pane.is_ready() => {
            pane.query.sort = pane.query.sort.next();
            pane.query.page = 1;
            return fetch(pane, false);
        }
        Action::PriceFilter if pane.is_ready() => {
            app.overlay =
                Some(Overlay::PriceFilter(PriceFilterDialog::new(pane.query.min_price, pane.query.max_price)));
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
        Action::Refresh if pane.is_ready() => return fetch(pane, true),
        Action::Details => {
            if let Some(item) = pane.current_item() {
                app.overlay = Some(Overlay::Details(item.id.clone()));
            }
        }
        Action::ToggleGame if pane.is_ready() => {
            pane.query.game = pane.query.game.toggled();
            pane.query.page = 1;
            pane.selected.clear();
            pane.view.reset();
            return fetch(pane, false);
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

/// A request for the pane's current query, with a fresh generation.
fn fetch(pane: &mut InventoryPane, refresh: bool) -> Vec<Cmd> {
    match pane.begin_fetch() {
        Some(generation) => {
            vec![Cmd::FetchInventory { generation, query: InventoryQuery { refresh, ..pane.query.clone() } }]
        }
        None => vec![],
    }
}
