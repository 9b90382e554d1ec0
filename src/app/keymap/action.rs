//! What a key can ask for (`Action`) and the modes that give keys their meaning (`Layer`).
//! Both are named in TOML as they are here, in snake_case: `assets/keymap.toml` and the
//! config's `[keys.<layer>]` tables.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // The declaration order is the order of the help and the hints.
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Search,
    ClearFilters,
    #[serde(rename = "sort", alias = "next_sort")]
    NextSort,
    PriceFilter,
    PrevPage,
    NextPage,
    Refresh,
    Details,
    ToggleGame,
    ToggleSelect,
    SelectAll,
    SelectQuantity,
    Price,
    Withdraw,
    Sell,
    AutoRun,
    Export,
    SetCost,
    ValueChart,
    // Dialogs and typing.
    Keep,
    Apply,
    Review,
    Confirm,
    NextField,
    PrevField,
    NextRule,
    PrevRule,
    Instant,
    Copy,
    Reconcile,
    Back,
    Cancel,
    Close,
    // Anywhere.
    NextPane,
    PrevPane,
    #[serde(rename = "focus_pane_1", alias = "focus_pane1")]
    FocusPane1,
    #[serde(rename = "focus_pane_2", alias = "focus_pane2")]
    FocusPane2,
    #[serde(rename = "focus_pane_3", alias = "focus_pane3")]
    FocusPane3,
    #[serde(rename = "focus_pane_4", alias = "focus_pane4")]
    FocusPane4,
    #[serde(rename = "focus_pane_5", alias = "focus_pane5")]
    FocusPane5,
    #[serde(rename = "focus_pane_6", alias = "focus_pane6")]
    FocusPane6,
    Journal,
    Suspend,
    Help,
    Quit,
    ForceQuit,
}

/// A mode with keys of its own. An open dialog gets every key; the list layer falls back to
/// the global one; typing layers pass unbound keys to the text field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Global,
    List,
    Search,
    Details,
    Help,
    Journal,
    Filter,
    Quantity,
    Pricing,
    Review,
}

impl Layer {
    pub const ALL: [Layer; 10] = [
        Layer::Global,
        Layer::List,
        Layer::Search,
        Layer::Details,
        Layer::Help,
        Layer::Journal,
        Layer::Filter,
        Layer::Quantity,
        Layer::Pricing,
        Layer::Review,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layer::Global => "global",
            Layer::List => "list",
            Layer::Search => "search",
            Layer::Details => "details",
            Layer::Help => "help",
            Layer::Journal => "journal",
            Layer::Filter => "filter",
            Layer::Quantity => "quantity",
            Layer::Pricing => "pricing",
            Layer::Review => "review",
        }
    }

    pub fn parse(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Where the help says these keys work.
    pub fn title(self) -> &'static str {
        match self {
            Layer::Global => "Anywhere",
            Layer::List => "Lists",
            Layer::Search => "Typing a search",
            Layer::Details => "Item details",
            Layer::Help => "This help",
            Layer::Journal => "Journal",
            Layer::Filter => "Price filter",
            Layer::Quantity => "Quantity",
            Layer::Pricing => "Pricing rule",
            Layer::Review => "Reviewing a price, withdrawal or sale",
        }
    }

    /// Whether unbound keys type text in this layer.
    pub fn types_text(self) -> bool {
        matches!(self, Layer::Search | Layer::Filter | Layer::Quantity | Layer::Pricing)
    }

    /// The actions this layer answers.
    pub fn actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            Layer::Global => &[
                NextPane, PrevPane, FocusPane1, FocusPane2, FocusPane3, FocusPane4, FocusPane5, FocusPane6, Journal,
                Suspend, Help, Quit, ForceQuit,
            ],
            Layer::List => &[
                Down,
                Up,
                Top,
                Bottom,
                PageDown,
                PageUp,
                Search,
                ClearFilters,
                NextSort,
                PriceFilter,
                PrevPage,
                NextPage,
                Refresh,
                Details,
                ToggleGame,
                ToggleSelect,
                SelectAll,
                SelectQuantity,
                Price,
                Withdraw,
                Sell,
                AutoRun,
                Export,
                SetCost,
                ValueChart,
            ],
            Layer::Search => &[Keep, Cancel, Down, Up],
            Layer::Details => &[Close, Down, Up, Copy],
            Layer::Help => &[Close, Down, Up, PageDown, PageUp],
            Layer::Journal => &[Close, Reconcile],
            Layer::Filter => &[Apply, Cancel, NextField, PrevField],
            Layer::Quantity => &[Apply, Cancel],
            Layer::Pricing => &[Review, Cancel, NextField, PrevField, NextRule, PrevRule, PageDown, PageUp],
            Layer::Review => &[Confirm, Back, Close, Instant, Down, Up, PageDown, PageUp],
        }
    }

    /// The hint bar's entries, in order: an action (with the one its keys are shown beside,
    /// as `[ ]` for pages) and its short label.
    pub fn hints(self) -> &'static [(Action, Option<Action>, &'static str)] {
        use Action::*;
        match self {
            Layer::Global => &[(Help, None, "help"), (Quit, None, "quit")],
            Layer::List => &[
                (Search, None, "search"),
                (NextSort, None, "sort"),
                (PriceFilter, None, "price"),
                (PrevPage, Some(NextPage), "page"),
                (Refresh, None, "refresh"),
                (Details, None, "details"),
                (ToggleGame, None, "game"),
                (ToggleSelect, None, "select"),
                (SelectQuantity, None, "quantity"),
                (Price, None, "price"),
                (Withdraw, None, "withdraw"),
                (Sell, None, "sell"),
                (AutoRun, None, "auto-run"),
                (SetCost, None, "cost"),
                (ValueChart, None, "chart"),
                (Export, None, "export"),
            ],
            Layer::Search => &[(Keep, None, "keep"), (Cancel, None, "clear"), (Up, Some(Down), "move")],
            Layer::Details => {
                &[(Down, Some(Up), "next / previous item"), (Copy, None, "copy inspect cert."), (Close, None, "close")]
            }
            Layer::Help => &[(Down, Some(Up), "scroll"), (Close, None, "close")],
            Layer::Journal => &[(Reconcile, None, "reconcile"), (Close, None, "close")],
            Layer::Filter => &[(NextField, None, "next field"), (Apply, None, "apply"), (Cancel, None, "cancel")],
            Layer::Quantity => &[(Apply, None, "apply"), (Cancel, None, "cancel")],
            Layer::Pricing => &[
                (NextField, None, "next field"),
                (PrevRule, Some(NextRule), "rule"),
                (Review, None, "review"),
                (Cancel, None, "cancel"),
            ],
            Layer::Review => &[
                (Confirm, None, "confirm"),
                (Back, None, "back"),
                (Instant, None, "instant"),
                (Down, Some(Up), "scroll"),
                (Close, None, "close"),
            ],
        }
    }
}

impl Action {
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ForceQuit => "quit, even while typing",
            Action::Help => "show or hide this help",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::FocusPane1 => "AssetPay inventory pane",
            Action::FocusPane2 => "Mannco on-sale pane",
            Action::FocusPane3 => "Mannco inventory pane",
            Action::FocusPane4 => "trades pane",
            Action::FocusPane5 => "re-pricing rules pane",
            Action::FocusPane6 => "history pane: what sold, P&L, value",
            Action::Down => "move down",
            Action::Up => "move up",
            Action::Top => "first row",
            Action::Bottom => "last row",
            Action::PageDown => "one screen down",
            Action::PageUp => "one screen up",
            Action::Search => "search",
            Action::NextSort => "next sort order",
            Action::PriceFilter => "filter by offer price",
            Action::PrevPage => "previous page",
            Action::NextPage => "next page",
            Action::Refresh => "refresh (bypass caches)",
            Action::Details => "item details",
            Action::ToggleGame => "switch game CS2 / Rust",
            Action::ToggleSelect => "select / unselect row",
            Action::SelectAll => "select all shown / clear",
            Action::SelectQuantity => "select how many of a row",
            Action::Price => "price the selection",
            Action::Withdraw => "withdraw selection to Steam",
            Action::Sell => "sell the selection",
            Action::AutoRun => "auto-run the rules on / off",
            Action::Export => "export what the pane shows to CSV",
            Action::SetCost => "set an item's cost (P&L)",
            Action::ValueChart => "value chart / table",
            Action::Journal => "journal of prices, withdrawals and sales",
            Action::Suspend => "suspend to the shell",
            Action::ClearFilters => "clear the kept search and filters",
            Action::Keep => "keep the search and go back to the list",
            Action::Apply => "apply",
            Action::Review => "review the preview before sending",
            Action::Confirm => "confirm: send it",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::NextRule => "next pricing rule (on the rule field)",
            Action::PrevRule => "previous pricing rule (on the rule field)",
            Action::Instant => "instant or standard delivery (selling)",
            Action::Copy => "copy the inspect certificate",
            Action::Reconcile => "reconcile unanswered actions with the market",
            Action::Back => "go back without sending (closes when done)",
            Action::Cancel => "cancel",
            Action::Close => "close",
        }
    }
}
