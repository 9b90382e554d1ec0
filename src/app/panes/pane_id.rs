//! The panes, in tab order. `PaneId` is an enum on purpose: adding a variant and its line in
//! `PANES` makes the compiler list every match that must learn about it (here and in `ui`),
//! where a trait object would let a missing behaviour pass silently.

use crate::api::mannco::ManncoList;
use crate::app::keymap::Action;
use crate::app::panes::{assetpay, history, mannco, rules, trades};

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
    pub(crate) fn searches_locally(self) -> bool {
        !matches!(self, PaneId::AssetPay)
    }

    /// Whether this pane answers a list action: it drives the pane's hints, the help and
    /// the message when a key belongs to another pane.
    pub fn answers(self, action: Action) -> bool {
        let own = match self {
            PaneId::AssetPay => assetpay::state::COMMANDS,
            PaneId::Mannco(_) => mannco::state::COMMANDS,
            PaneId::Trades => trades::state::COMMANDS,
            PaneId::Rules => rules::state::COMMANDS,
            PaneId::History => history::state::COMMANDS,
        };
        EVERY_PANE.contains(&action) || own.contains(&action)
    }
}
