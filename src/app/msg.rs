//! What reaches `update` (`Msg`) and what it asks the worker and the terminal to do (`Cmd`).
//! Market replies are nested by market, so each pane's `match` stays exhaustive; replies to a
//! dialog carry its run id, so they reach that dialog and no other.

use crate::api::assetpay::{AssetPayError, Game, InventoryPage, InventoryQuery, ItemStore, SellRequest};
use crate::api::mannco::ManncoList;
use crate::api::mannco::{AssetId, ItemPricing, Listing, ManncoError, Row, WithdrawResult};
use crate::money::Cents;
use crate::trade::index::FullInventory;
use crate::trade::pricing::Plan;
use crossterm::event::{KeyEvent, MouseEvent};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

/// Which opening of a dialog a reply belongs to: every dialog opened gets a new one.
pub type RunId = u64;

/// Who sent a price call, so its answers reach them: a dialog (by its run), or auto-run,
/// which has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Dialog(RunId),
    AutoRun,
}

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// SIGINT, SIGTERM or SIGHUP: quit, but not while money calls wait for their answer.
    QuitRequested,
    Resize(u16, u16),
    /// What the last frame measured (`ui::draw` returns it).
    Drawn(crate::app::drawn::Drawn),
    Tick(OffsetDateTime),
    AssetPay(AssetPayMsg),
    Mannco(ManncoMsg),
    Trades(TradesMsg),
    History(HistoryMsg),
    /// Work is waiting for a client-side rate limit (None: no longer).
    RateLimitWait(Option<crate::api::rate_limit::Wait>),
    /// A reply for the dialog opened as `run`: it reaches that dialog before any pane
    /// sees it. Replies a market's message carries (`AssetPayMsg::Sold`,
    /// `ManncoMsg::Withdrawn`, a dialog's `PriceCallDone`) become this on their way in.
    Dialog {
        run: RunId,
        reply: DialogMsg,
    },
    /// A CSV export was written: where, and how many rows.
    Exported(Result<(std::path::PathBuf, usize), String>),
    /// `rules.toml` read again (`r` in the Rules pane).
    RulesRead(Result<crate::trade::rules::Rules, String>),
}

/// What a dialog hears back about the work it asked for.
#[derive(Debug)]
pub enum DialogMsg {
    /// One sale's outcome.
    Sold { external_id: String, outcome: crate::trade::sell::SellOutcome },
    /// A sale refused for moved offers or overstock, read again: sent before its `Sold`.
    Revised(crate::trade::sell::Revision),
    /// One price call's answer.
    PriceCall(PriceCall),
    /// The withdrawal's result, and whether it was reconciled after a lost answer.
    Withdrawn(Result<(WithdrawResult, bool), ManncoError>),
    /// The journal, read (and reconciled, when asked) by the worker.
    Journal(Result<crate::journal::Listing, String>),
}

/// One `POST /inventory/price` call's answer (or one item's, when a group was split).
#[derive(Debug)]
pub struct PriceCall {
    pub price: Cents,
    pub ids: Vec<AssetId>,
    pub result: Result<(), ManncoError>,
    /// The answer was lost and re-reading the market showed the outcome.
    pub reconciled: bool,
}

#[derive(Debug)]
pub enum AssetPayMsg {
    /// One page of the inventory.
    Page { generation: u64, result: Result<InventoryPage, AssetPayError> },
    /// The whole inventory of a game, indexed by the worker.
    Full { generation: u64, result: Result<Box<FullInventory>, AssetPayError> },
    /// Typing paused: the search goes to the server if it is still the latest.
    SearchDue { seq: u64 },
    /// One sale's outcome, for the sell dialog of this run.
    Sold { run: RunId, external_id: String, outcome: crate::trade::sell::SellOutcome },
    /// A sale refused for moved offers or overstock, read again: sent before its `Sold`.
    Revised { run: RunId, revision: crate::trade::sell::Revision },
}

#[derive(Debug)]
pub enum TradesMsg {
    Page { generation: u64, result: Result<crate::api::assetpay::TradePage, AssetPayError> },
    Wallet(Result<crate::api::assetpay::Balance, AssetPayError>),
}

#[derive(Debug)]
pub enum HistoryMsg {
    /// The ledger, brought up to date and read for the pane's range.
    Loaded { generation: u64, result: Result<crate::app::panes::history::state::LedgerView, String> },
    /// A cost was recorded (what to say), or could not be.
    CostSet(Result<String, String>),
}

impl From<HistoryMsg> for Msg {
    fn from(msg: HistoryMsg) -> Msg {
        Msg::History(msg)
    }
}

impl From<TradesMsg> for Msg {
    fn from(msg: TradesMsg) -> Msg {
        Msg::Trades(msg)
    }
}

#[derive(Debug)]
pub enum ManncoMsg {
    List {
        list: ManncoList,
        generation: u64,
        result: Result<Listing, ManncoError>,
    },
    Pricing(Result<HashMap<i64, ItemPricing>, ManncoError>),
    /// An item type's last 30 days of sales.
    SalesGraph {
        item_id: i64,
        result: Result<Vec<crate::api::mannco::history::SalesPoint>, ManncoError>,
    },
    /// The account's newest sales (`/user/getSalesHistory`).
    SalesHistory(Result<Vec<crate::api::mannco::history::SaleRow>, ManncoError>),
    /// Who sells an item type (None: the book's rows do not say their prices).
    SellBook {
        item_id: i64,
        result: Result<Option<Vec<crate::api::mannco::market::BookListing>>, ManncoError>,
    },
    Balance(Result<Cents, ManncoError>),
    /// One `POST /inventory/price` call's answer (or one item's, when a group was split).
    PriceCallDone {
        origin: Origin,
        price: Cents,
        ids: Vec<AssetId>,
        result: Result<(), ManncoError>,
        reconciled: bool,
    },
    /// The withdrawal's result, and whether it was reconciled after a lost answer.
    Withdrawn {
        run: RunId,
        result: Result<(WithdrawResult, bool), ManncoError>,
    },
}

/// A sale's answers belong to the sell dialog of their run.
impl From<AssetPayMsg> for Msg {
    fn from(msg: AssetPayMsg) -> Msg {
        match msg {
            AssetPayMsg::Sold { run, external_id, outcome } => {
                Msg::Dialog { run, reply: DialogMsg::Sold { external_id, outcome } }
            }
            AssetPayMsg::Revised { run, revision } => Msg::Dialog { run, reply: DialogMsg::Revised(revision) },
            msg => Msg::AssetPay(msg),
        }
    }
}

/// A dialog's price calls and a withdrawal belong to the dialog of their run; auto-run's
/// price calls to the panes.
impl From<ManncoMsg> for Msg {
    fn from(msg: ManncoMsg) -> Msg {
        match msg {
            ManncoMsg::PriceCallDone { origin: Origin::Dialog(run), price, ids, result, reconciled } => {
                Msg::Dialog { run, reply: DialogMsg::PriceCall(PriceCall { price, ids, result, reconciled }) }
            }
            ManncoMsg::Withdrawn { run, result } => Msg::Dialog { run, reply: DialogMsg::Withdrawn(result) },
            msg => Msg::Mannco(msg),
        }
    }
}

impl Msg {
    /// The message as it is routed: a market message that is a dialog's reply becomes
    /// `Msg::Dialog`, however it was built.
    pub fn routed(self) -> Msg {
        match self {
            Msg::AssetPay(msg) => msg.into(),
            Msg::Mannco(msg) => msg.into(),
            msg => msg,
        }
    }
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
        game: Game,
        refresh: bool,
    },
    FetchMannco {
        list: ManncoList,
        generation: u64,
    },
    FetchManncoPricing(Vec<i64>),
    /// The last 30 days of sales of these item types, one after another.
    FetchSalesGraphs(Vec<i64>),
    /// The account's newest sales, to tell what sold.
    FetchSalesHistory,
    /// The sell books of these item types, for re-pricing.
    FetchSellBooks(Vec<i64>),
    FetchManncoBalance,
    /// A pricing plan's calls, sent one after another; each answer comes back as
    /// `ManncoMsg::PriceCallDone` with the same origin.
    SubmitPrices {
        origin: Origin,
        plan: Plan,
    },
    /// (asset id, name) of each item to withdraw.
    Withdraw {
        run: RunId,
        items: Vec<(AssetId, String)>,
    },
    /// Sales to AssetPay, sent one after another; each answer comes back as
    /// `AssetPayMsg::Sold` with the dialog's run id.
    Sell {
        run: RunId,
        sales: Vec<SellRequest>,
        /// Item id → name, for the journal.
        names: HashMap<String, String>,
    },
    /// The trader's trades, newest first.
    FetchTrades {
        generation: u64,
        game: Game,
    },
    /// The merchant wallet.
    FetchWallet,
    /// Read the journal, reconciling unanswered actions against the market first if asked.
    LoadJournal {
        run: RunId,
        reconcile: bool,
    },
    /// Bring the ledger up to date (journals, the markets' histories) and read it from
    /// `since` on.
    LoadLedger {
        generation: u64,
        since: Option<i64>,
    },
    /// Record what items cost: by asset (or item) id, else by name (first in, first out).
    SetCost {
        ids: Vec<String>,
        name: String,
        price: Cents,
    },
    /// Write what a pane shows to a CSV file in the data directory.
    Export(Export),
    /// Read the re-pricing rules again from this file.
    ReadRules(std::path::PathBuf),
    /// Journal the statuses these trades have now, with the sales they belong to.
    JournalTrades(Vec<crate::api::assetpay::Trade>),
    /// Keep what the market's refusals taught (caps, holds) beside the Mannco journal.
    SaveLearned(crate::trade::learned::Learned),
    /// Deliver `msg` back after `after` (debounce timers).
    Schedule {
        after: Duration,
        msg: Msg,
    },
    Suspend,
    Quit,
    /// Put text on the clipboard of the terminal tradedeck runs in (OSC 52).
    Copy(String),
    /// Something the trader should hear about (a sale, a failed re-pricing run): the
    /// terminal bell, and the webhook when one is configured.
    Alert(String),
}

/// What a pane shows, handed to the worker to write: formatting 100,000 rows is not work for
/// the UI task, so the items travel shared and the rows' order as indices.
#[derive(Debug)]
pub enum Export {
    AssetPay { game: Game, items: Arc<ItemStore>, order: Vec<u32> },
    Mannco { list: ManncoList, rows: Vec<Row>, now: i64 },
    Trades { trades: Vec<crate::api::assetpay::Trade> },
    History { entries: Vec<crate::ledger::Entry> },
}
