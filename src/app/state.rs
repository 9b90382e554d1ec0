//! The whole state of the screen: every pane, the open dialog, the keymap and what the last
//! frame measured. Changing it is `update`'s job.

use crate::app::dialogs::Overlay;
use crate::app::keymap::Keymap;
use crate::app::list_core::ListPane;
use crate::app::msg::RunId;
use crate::app::panes::assetpay::state::{InventoryPane, Source};
use crate::app::panes::history::state::HistoryPane;
use crate::app::panes::mannco::state::ManncoState;
use crate::app::panes::pane_id::{PANES, PaneId};
use crate::app::panes::rules::state::RulesPane;
use crate::app::panes::trades::state::TradesPane;
use crate::app::screen::ScreenMap;
use time::OffsetDateTime;

#[derive(Debug)]
pub struct App {
    /// Running against the built-in simulated markets: the screen says DEMO.
    pub demo: bool,
    /// The focused pane's place in `PANES`.
    pub focus: usize,
    pub inventory: InventoryPane,
    pub mannco: ManncoState,
    pub trades: TradesPane,
    pub history: HistoryPane,
    pub rules: RulesPane,
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
    pub screen: ScreenMap,
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
            trades: TradesPane::new(match &assetpay {
                Source::Ready { endpoint: "saved file" } => {
                    Source::Unavailable("Trades need AssetPay credentials: this inventory was read from a file.".into())
                }
                other => other.clone(),
            }),
            merchant: false,
            history: HistoryPane::default(),
            rules: RulesPane::new(mannco.clone(), Err("No rules are loaded.".into()), None),
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
        self.overlay.as_ref().and_then(|overlay| overlay.dialog().in_flight())
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

impl App {
    /// What the last frame measured: the screen map, and the open dialog's window.
    pub fn took(&mut self, drawn: crate::app::drawn::Drawn) {
        self.screen = drawn.screen;
        if let (Some(window), Some(overlay)) = (drawn.window, &mut self.overlay) {
            overlay.dialog_mut().took(window);
        }
    }

    /// Opens a dialog with a new run id: replies to an earlier one can no longer reach it.
    pub fn open(&mut self, overlay: Overlay) -> RunId {
        self.next_run += 1;
        self.run = self.next_run;
        self.overlay = Some(overlay);
        self.run
    }

    /// The open dialog, if it is the one this reply's run belongs to.
    pub fn dialog_of(&mut self, run: RunId) -> Option<&mut Overlay> {
        if run == self.run { self.overlay.as_mut() } else { None }
    }

    pub(crate) fn close(&mut self) {
        self.overlay = None;
    }
}
