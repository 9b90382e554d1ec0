//! The Trades pane: the trader's AssetPay trades, followed while any is in flight (a change of
//! status shows in the status bar), details with their item lines, and the merchant wallet.

use crate::api::assetpay::Auth;
use crate::app::dialogs::overlay::Overlay;
use crate::app::dialogs::trade_details::TradeDetails;
use crate::app::keymap::Action;
use crate::app::list_core::ListPane;
use crate::app::msg::Cmd;
use crate::app::msg::TradesMsg;
use crate::app::state::App;

/// Reads the trades (and the wallet, for a merchant).
pub fn fetch(app: &mut App) -> Vec<Cmd> {
    if !app.trades.is_ready() {
        return vec![];
    }
    app.trades.asked_at = Some(app.clock);
    let generation = app.trades.list.begin_fetch();
    let mut cmds = vec![Cmd::FetchTrades { generation, game: app.inventory.query.game }];
    if app.merchant {
        cmds.push(Cmd::FetchWallet);
    }
    cmds
}

/// On every tick: trades in flight are read again every few seconds.
pub fn poll(app: &mut App) -> Vec<Cmd> {
    if app.trades.poll_due(app.clock) { fetch(app) } else { vec![] }
}

pub fn on_msg(app: &mut App, msg: TradesMsg) -> Vec<Cmd> {
    match msg {
        TradesMsg::Page { generation, result } => {
            let rows = app.viewport_rows();
            if let Some(changed) = app.trades.apply(generation, result) {
                app.trades.scroll_into_view(rows);
                match changed.as_slice() {
                    [] => {}
                    [one] => app.notice = Some(format!("Trade {one}")),
                    many => app.notice = Some(format!("{} trades changed: {}", many.len(), many.join(", "))),
                }
                // Each change seen is journaled, with its time, beside the sale it belongs to.
                if !changed.is_empty() {
                    return vec![Cmd::JournalTrades(app.trades.trades.clone())];
                }
            }
        }
        TradesMsg::Wallet(Ok(balance)) => app.trades.balance = Some(balance),
        TradesMsg::Wallet(Err(e)) => tracing::info!("the wallet could not be read: {e}"),
    }
    vec![]
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    if !app.trades.is_ready() {
        return vec![];
    }
    match action {
        Action::Refresh => return fetch(app),
        Action::Details => {
            if let Some(trade) = app.trades.current() {
                let id = trade.id.clone();
                app.open(Overlay::TradeDetails(TradeDetails(id)));
            }
        }
        Action::Export => {
            let trades: Vec<_> = app.trades.visible.iter().map(|&i| app.trades.trades[i].clone()).collect();
            app.notice = Some(format!("Exporting {} trade(s)…", trades.len()));
            return vec![Cmd::Export(crate::app::msg::Export::Trades { trades })];
        }
        _ => {}
    }
    vec![]
}

/// Whether these credentials are a merchant's (they can read the wallet).
pub fn is_merchant(auth: &Auth) -> bool {
    matches!(auth, Auth::Secure { .. })
}
