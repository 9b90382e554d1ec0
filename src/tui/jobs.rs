//! The worker's jobs, one per command: each reads or sends through a client and answers with
//! the app's message. Reads answer through `reply`; the ones that answer several times (one
//! message per item or per call) send as they go.

use super::clients::Clients;
use crate::api::assetpay::AssetPayClient;
use crate::api::assetpay::{AssetPayError, Game, InventoryQuery, Limit};
use crate::api::mannco::ManncoError;
use crate::api::mannco::ManncoList;
use crate::app::msg::Origin;
use crate::app::{AssetPayMsg, DialogMsg, Export, HistoryMsg, ManncoMsg, Msg, RunId, TradesMsg};
use crate::journal::Journal;
use crate::ledger::ValuePoint;
use crate::money::Cents;
use crate::trade::execute;
use crate::trade::index::FullInventory;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::mpsc::Sender;

/// Runs a read in the background and sends its answer.
pub fn reply(msgs: Sender<Msg>, read: impl Future<Output = Msg> + Send + 'static) {
    tokio::spawn(async move {
        let _ = msgs.send(read.await).await;
    });
}

fn no_assetpay() -> AssetPayError {
    AssetPayError::InvalidInput("AssetPay is not configured.".into())
}

pub async fn inventory_page(c: Clients, generation: u64, query: InventoryQuery, msgs: Sender<Msg>) {
    let result = match &c.assetpay {
        Some(client) => client.inventory(&query).await,
        None => Err(no_assetpay()),
    };
    let _ = msgs.send(AssetPayMsg::Page { generation, result }.into()).await;
}

/// The whole inventory of a game, indexed off the UI task; its value goes into the ledger.
pub async fn whole_inventory(c: Clients, generation: u64, game: Game, refresh: bool, msgs: Sender<Msg>) {
    let query = InventoryQuery { game, refresh, limit: Limit::All, ..Default::default() };
    let started = std::time::Instant::now();
    let result = match &c.assetpay {
        Some(client) => client.inventory_stored(&query).await,
        None => Err(no_assetpay()),
    };
    let fetched = started.elapsed();
    // Indexing 100,000 items takes longer than a frame: not on the UI task.
    let result = match result {
        Ok(page) => tokio::task::spawn_blocking(move || FullInventory::indexed(page))
            .await
            .map_err(|e| AssetPayError::InvalidInput(format!("indexing failed: {e}"))),
        Err(e) => Err(e),
    };
    if let Ok(full) = &result {
        let accounts = c.value_accounts();
        if let Some(account) = &accounts.assetpay {
            let at = time::OffsetDateTime::now_utc().unix_timestamp();
            let account = format!("{account}/{}", game.label().to_lowercase());
            keep_value(accounts.ledger.clone(), ValuePoint::of_assetpay(account, &full.page.items, at));
        }
        let (items, fetched_ms, total_ms) = (full.page.items.len(), fetched.as_millis(), started.elapsed().as_millis());
        tracing::info!(items, fetched_ms, total_ms, "whole inventory loaded and indexed");
    }
    let _ = msgs.send(AssetPayMsg::Full { generation, result }.into()).await;
}

/// One Mannco list; the listings' value goes into the ledger.
pub async fn mannco_list(c: Clients, list: ManncoList, generation: u64, msgs: Sender<Msg>) {
    let result = c.mannco_read(async |client| client.list(list).await).await;
    let accounts = c.value_accounts();
    if let (Ok(listing), ManncoList::OnSale, Some(account)) = (&result, list, accounts.mannco) {
        let at = time::OffsetDateTime::now_utc().unix_timestamp();
        keep_value(accounts.ledger.clone(), ValuePoint::of_mannco_listed(account, &listing.items, at));
    }
    let _ = msgs.send(ManncoMsg::List { list, generation, result }.into()).await;
}

pub async fn mannco_pricing(c: Clients, item_ids: Vec<i64>) -> Msg {
    let result = c.mannco_read(async |client| client.pricing(&item_ids).await).await;
    ManncoMsg::Pricing(result).into()
}

pub async fn mannco_balance(c: Clients) -> Msg {
    let result = c.mannco_read(async |client| client.balance().await).await;
    ManncoMsg::Balance(result).into()
}

/// One message per item, as each graph arrives.
pub async fn sales_graphs(c: Clients, item_ids: Vec<i64>, msgs: Sender<Msg>) {
    let Ok(client) = c.mannco() else { return };
    for item_id in item_ids {
        let result = client.sales_graph(item_id, "1M").await;
        if msgs.send(ManncoMsg::SalesGraph { item_id, result }.into()).await.is_err() {
            break;
        }
    }
}

pub async fn sales_history(c: Clients, msgs: Sender<Msg>) {
    let Ok(client) = c.mannco() else { return };
    let result = client.sales_history().await;
    let _ = msgs.send(ManncoMsg::SalesHistory(result).into()).await;
}

/// One message per item, as each book arrives.
pub async fn sell_books(c: Clients, item_ids: Vec<i64>, msgs: Sender<Msg>) {
    let Ok(client) = c.mannco() else { return };
    for item_id in item_ids {
        let result = client.sell_book(item_id).await.map(|book| book.listings());
        if msgs.send(ManncoMsg::SellBook { item_id, result }.into()).await.is_err() {
            break;
        }
    }
}

/// A plan's price calls through the engine; each call's answer as it comes.
pub async fn submit_prices(c: Clients, origin: Origin, plan: crate::trade::pricing::Plan, msgs: Sender<Msg>) {
    let answer = |price, ids, result, reconciled| {
        Msg::Mannco(ManncoMsg::PriceCallDone { origin, price, ids, result, reconciled })
    };
    let (Some(client), Some(journal)) = (c.mannco.clone(), c.journal.clone()) else {
        for call in plan.calls {
            let _ = msgs.send(answer(call.price, call.ids, Err(unavailable()), false)).await;
        }
        return;
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let sending = tokio::spawn(async move { execute::submit_prices(&client, &journal, plan, &tx).await });
    while let Some(r) = rx.recv().await {
        let _ = msgs.send(answer(r.price, r.ids, r.result, r.reconciled)).await;
    }
    let _ = sending.await;
}

pub async fn withdraw(c: Clients, run: RunId, items: Vec<(u64, String)>, msgs: Sender<Msg>) {
    let ids = items.iter().map(|(id, _)| *id).collect();
    let names = items.into_iter().collect();
    let result = match (&c.mannco, &c.journal) {
        (Some(client), Some(journal)) => execute::withdraw(client, journal, ids, &names).await,
        _ => Err(unavailable()),
    };
    let _ = msgs.send(ManncoMsg::Withdrawn { run, result }.into()).await;
}

pub async fn journal(c: Clients, run: RunId, reconcile: bool, msgs: Sender<Msg>) {
    let result = read_journals(&c, reconcile).await;
    let _ = msgs.send(Msg::Dialog { run, reply: DialogMsg::Journal(result) }).await;
}

pub async fn trades(c: Clients, generation: u64, game: Game) -> Msg {
    let result = match &c.assetpay {
        Some(client) => client.trades_page(game, None).await,
        None => Err(no_assetpay()),
    };
    TradesMsg::Page { generation, result }.into()
}

pub async fn wallet(c: Clients) -> Msg {
    let result = match &c.assetpay {
        Some(client) => client.balance().await,
        None => Err(no_assetpay()),
    };
    TradesMsg::Wallet(result).into()
}

/// Formatting 100,000 rows and writing them is blocking work.
pub async fn export(dir: std::path::PathBuf, export: Export, msgs: Sender<Msg>) {
    let written =
        tokio::task::spawn_blocking(move || export_csv(&dir, export)).await.map_err(|e| e.to_string()).and_then(|r| r);
    let _ = msgs.send(Msg::Exported(written)).await;
}

pub fn journal_trades(c: &Clients, trades: Vec<crate::api::assetpay::Trade>) {
    let Some(journal) = c.assetpay_journal.clone() else { return };
    tokio::task::spawn_blocking(move || {
        if let Err(e) = crate::trade::sell_journal::journal_statuses(&journal, &trades) {
            tracing::warn!("cannot journal the trades' new statuses: {e}");
        }
    });
}

pub async fn read_rules(path: std::path::PathBuf, msgs: Sender<Msg>) {
    let read = tokio::task::spawn_blocking(move || crate::trade::rules::Rules::read(&path))
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    let _ = msgs.send(Msg::RulesRead(read)).await;
}

pub fn save_learned(c: &Clients, learned: crate::trade::learned::Learned) {
    let Some(journal) = c.journal.clone() else { return };
    tokio::task::spawn_blocking(move || {
        let path = crate::trade::learned::Learned::path_beside(journal.path());
        if let Err(e) = learned.save(&path) {
            tracing::warn!(path = %path.display(), "cannot keep the learned caps and holds: {e}");
        }
    });
}

pub async fn schedule(after: std::time::Duration, msg: Msg, msgs: Sender<Msg>) {
    tokio::time::sleep(after).await;
    let _ = msgs.send(msg).await;
}

pub async fn ledger(c: Clients, generation: u64, since: Option<i64>, msgs: Sender<Msg>) {
    let result = load_ledger(&c, since).await;
    let _ = msgs.send(HistoryMsg::Loaded { generation, result }.into()).await;
}

pub async fn set_cost(ledger: std::path::PathBuf, ids: Vec<String>, name: String, price: Cents, msgs: Sender<Msg>) {
    let result = tokio::task::spawn_blocking(move || write_cost(&ledger, ids, name, price))
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    let _ = msgs.send(HistoryMsg::CostSet(result).into()).await;
}

/// Money-moving actions need both the market and a journal to record them in.
fn unavailable() -> ManncoError {
    ManncoError::InvalidInput("not sent: Mannco.store is not configured, or the journal could not be opened.".into())
}

/// Writes what a pane showed to a CSV file: its path and row count.
pub fn export_csv(dir: &std::path::Path, export: Export) -> Result<(std::path::PathBuf, usize), String> {
    use crate::export::{INVENTORY_HEADER, MANNCO_HEADER, inventory_row, mannco_row, to_file};
    let (written, rows) = match export {
        Export::AssetPay { game, items, order } => {
            let rows = order.iter().filter_map(|&i| items.get(i as usize)).map(inventory_row);
            let what = format!("assetpay-{}", game.label().to_lowercase());
            (to_file(dir, &what, &INVENTORY_HEADER, rows), order.len())
        }
        Export::Mannco { list, rows, now } => {
            let what = match list {
                ManncoList::OnSale => "mannco-on-sale",
                ManncoList::Inventory => "mannco-inventory",
            };
            (to_file(dir, what, &MANNCO_HEADER, rows.iter().map(|r| mannco_row(r, now))), rows.len())
        }
        Export::Trades { trades } => {
            let rows = trades.iter().map(crate::export::trade_row);
            (to_file(dir, "assetpay-trades", &crate::export::TRADES_HEADER, rows), trades.len())
        }
        Export::History { entries } => {
            let rows = entries.iter().map(crate::export::history_row);
            (to_file(dir, "history", &crate::export::HISTORY_HEADER, rows), entries.len())
        }
    };
    written.map(|path| (path, rows)).map_err(|e| format!("cannot write to {}: {e}", dir.display()))
}

/// Sends the sales one after another, journaled, each answer back as `AssetPayMsg::Sold`. A sale
/// refused for moved offers or overstock is read again first and sent back as `Revised`, for
/// the trader to decide; nothing is resent unasked.
pub async fn sell(
    client: Option<AssetPayClient>,
    journal: Option<Arc<Journal>>,
    run: crate::app::RunId,
    sales: Vec<crate::api::assetpay::SellRequest>,
    names: HashMap<String, String>,
    msgs: Sender<Msg>,
) {
    use crate::api::assetpay::trades::SellFailure;
    use crate::trade::sell::{self, SellOutcome};

    for sale in sales {
        let outcome = match (&client, &journal) {
            (Some(client), Some(journal)) => {
                crate::trade::sell_journal::sell_journaled(client, journal, &sale, &names).await
            }
            _ => SellOutcome::Refused(SellFailure::NotSent(AssetPayError::InvalidInput(
                "not sent: AssetPay is not configured, or its journal could not be opened.".into(),
            ))),
        };
        if let (Some(refusal), Some(client)) = (sell::revisable(&outcome), &client) {
            match sell::revise_from_market(client, &sale, refusal).await {
                Ok((preview, revised)) => {
                    let refusal = refusal.to_string();
                    let revision = crate::trade::sell::Revision { refusal, revised, preview };
                    let _ = msgs.send(AssetPayMsg::Revised { run, revision }.into()).await;
                }
                Err(e) => tracing::warn!("could not read the inventory again after a refused sale: {e}"),
            }
        }
        let _ = msgs.send(AssetPayMsg::Sold { run, external_id: sale.external_id.clone(), outcome }.into()).await;
    }
}

/// Brings the ledger up to date (journals, entered costs, the markets' histories) and reads
/// it for the History pane: the range's entries, its P&L, and the value over time.
async fn load_ledger(
    clients: &Clients,
    since: Option<i64>,
) -> Result<crate::app::panes::history::state::LedgerView, String> {
    let accounts = clients.value_accounts();
    let markets = crate::ledger::MarketHistories {
        mannco: clients.mannco.clone().zip(accounts.mannco),
        assetpay: clients.assetpay.clone().zip(accounts.assetpay),
    };
    let fetched = markets.fetch().await;
    let (ledger_path, journals_dir) = (clients.ledger.clone(), clients.journals_dir.clone());
    tokio::task::spawn_blocking(move || {
        use crate::ledger::{self, Costs, Filter, Group, Ledger};
        let path = ledger_path;
        let mut ledger = Ledger::open(&path).map_err(|e| e.to_string())?;
        let mut read = || -> Result<crate::app::panes::history::state::LedgerView, ledger::LedgerError> {
            ledger::import_journals(&mut ledger, &journals_dir)?;
            ledger.load_costs(&Costs::beside(&path))?;
            fetched.store(&mut ledger)?;
            let entries = ledger.entries(&Filter { since, ..Default::default() })?;
            let pnl = ledger::realised(&mut ledger, since, Group::Month)?.total;
            let unrealised = ledger::unrealised(&mut ledger)?;
            let value = ledger::total_over_time(&ledger.value_points(since)?);
            let notes = fetched.notes.clone();
            let view = crate::app::panes::history::state::LedgerView {
                entries,
                pnl,
                unrealised,
                value,
                notes,
                search_keys: vec![],
            };
            Ok(view.with_search_keys())
        };
        read().map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Records a cost typed with `$`: in `costs.jsonl`, then the ledger.
fn write_cost(
    path: &std::path::Path,
    ids: Vec<String>,
    name: String,
    price: crate::money::Cents,
) -> Result<String, String> {
    use crate::ledger::{CostRecord, Costs, Ledger};
    let at = time::OffsetDateTime::now_utc().unix_timestamp();
    let records: Vec<CostRecord> = if ids.is_empty() {
        vec![CostRecord {
            key: format!("set:{at}:{name}"),
            at,
            name: Some(name.clone()),
            asset_id: None,
            price,
            origin: "set".into(),
        }]
    } else {
        ids.iter()
            .map(|id| CostRecord {
                key: format!("set:{at}:{id}"),
                at,
                name: Some(name.clone()),
                asset_id: Some(id.clone()),
                price,
                origin: "set".into(),
            })
            .collect()
    };
    let mut ledger = Ledger::open(path).map_err(|e| e.to_string())?;
    ledger.add_costs(&Costs::beside(path), &records).map_err(|e| e.to_string())?;
    Ok(format!("Cost {price} recorded for {} × {name}.", records.len()))
}

/// A full read's value into the ledger, off the async workers (SQLite blocks).
fn keep_value(ledger: std::path::PathBuf, point: ValuePoint) {
    tokio::task::spawn_blocking(move || point.record_at(&ledger));
}

/// Both journals, oldest first: Mannco's prices and withdrawals, AssetPay's sales. With
/// `reconcile`, unknown outcomes are settled first by re-reading each market.
async fn read_journals(clients: &Clients, reconcile: bool) -> Result<crate::journal::Listing, String> {
    if clients.journal.is_none() && clients.assetpay_journal.is_none() {
        return Err("the journal could not be opened".into());
    }
    if reconcile {
        if let (Some(client), Some(journal)) = (&clients.mannco, &clients.journal)
            && let Err(e) = execute::reconcile_journal(client, journal).await
        {
            tracing::error!("reconciling the Mannco journal: {e}");
        }
        if let (Some(client), Some(journal)) = (&clients.assetpay, &clients.assetpay_journal)
            && let Err(e) = crate::trade::sell_journal::reconcile_sales(client, journal).await
        {
            tracing::error!("reconciling the AssetPay journal: {e}");
        }
        if let Some(client) = &clients.mannco {
            for path in &clients.earlier_journals {
                let settled = match Journal::open(path) {
                    Ok(journal) => execute::reconcile_journal(client, &journal).await,
                    Err(e) => Err(e),
                };
                if let Err(e) = settled {
                    tracing::error!(path = %path.display(), "reconciling an earlier journal: {e}");
                }
            }
        }
    }
    let mut listing = crate::journal::Listing::default();
    let paths = [&clients.journal, &clients.assetpay_journal].into_iter().flatten().map(|j| j.path().to_path_buf());
    for path in paths.chain(clients.earlier_journals.iter().cloned()) {
        let (read, _) = Journal::read(&path).map_err(|e| e.to_string())?;
        listing.add(&path, read);
    }
    listing.entries.sort_by_key(|e| e.at);
    Ok(listing)
}
