//! The background worker: owns the HTTP clients, turns `Cmd`s into API calls and sends the
//! results back as `Msg`s. The UI task never waits on the network.

use crate::api::assetpay::{AssetPayClient, AssetPayError, InventoryQuery, Limit};
use crate::api::mannco::{ManncoClient, ManncoError};
use crate::app::mannco::ManncoList;
use crate::app::{AssetPayMsg, Cmd, Export, ManncoMsg, Msg, TradesMsg};
use crate::journal::Journal;
use crate::ledger::ValuePoint;
use crate::trade::execute;
use crate::trade::index::FullInventory;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

#[derive(Clone, Debug, Default)]
pub struct Clients {
    pub assetpay: Option<AssetPayClient>,
    pub mannco: Option<ManncoClient>,
    /// Where money-moving actions are recorded; without it they are refused.
    pub journal: Option<Arc<Journal>>,
    /// Where AssetPay sales are recorded; without it they are refused.
    pub assetpay_journal: Option<Arc<Journal>>,
    /// Journals of the Mannco account that earlier versions wrote: read and reconciled too.
    pub earlier_journals: Vec<std::path::PathBuf>,
    /// Where `e` writes its CSV files.
    pub export_dir: std::path::PathBuf,
    /// The ledger, and the journals it is brought up to date from.
    pub ledger: std::path::PathBuf,
    pub journals_dir: std::path::PathBuf,
    /// Where alerts are POSTed (`[trading] notify_url`), if anywhere.
    pub notifier: Option<crate::notify::Notifier>,
}

/// Starts the worker; commands sent on the returned channel are executed in the background.
pub fn spawn(clients: Clients, msgs: mpsc::Sender<Msg>) -> mpsc::UnboundedSender<Cmd> {
    let (tx, rx) = mpsc::unbounded_channel();
    let limits = [clients.assetpay.as_ref().map(|c| c.rate_limits()), clients.mannco.as_ref().map(|c| c.rate_limits())];
    for mut waits in limits.into_iter().flatten().map(|l| l.subscribe()) {
        let msgs = msgs.clone();
        // The status bar says when work waits for a rate limit, and for how long.
        tokio::spawn(async move {
            while waits.changed().await.is_ok() {
                let wait = waits.borrow_and_update().clone();
                if msgs.send(Msg::RateLimitWait(wait)).await.is_err() {
                    break;
                }
            }
        });
    }
    tokio::spawn(run(clients, rx, msgs));
    tx
}

/// Money-moving actions need both the market and a journal to record them in.
fn unavailable() -> ManncoError {
    ManncoError::InvalidInput("not sent: Mannco.store is not configured, or the journal could not be opened.".into())
}

fn not_configured() -> ManncoError {
    ManncoError::InvalidInput("Mannco.store is not configured.".into())
}

async fn run(clients: Clients, mut cmds: mpsc::UnboundedReceiver<Cmd>, msgs: mpsc::Sender<Msg>) {
    // A newer read of the same thing supersedes the one in flight: its reply would be
    // dropped as stale anyway, so the request itself is cancelled. Money-moving calls are
    // never cancelled.
    let mut inventory_request: Option<AbortHandle> = None;
    let mut full_request: Option<AbortHandle> = None;
    let mut mannco_requests: HashMap<ManncoList, AbortHandle> = HashMap::new();
    while let Some(cmd) = cmds.recv().await {
        let msgs = msgs.clone();
        match cmd {
            Cmd::FetchInventory { generation, query } => {
                if let Some(previous) = inventory_request.take() {
                    previous.abort();
                }
                let client = clients.assetpay.clone();
                let task = tokio::spawn(async move {
                    let result = match client {
                        Some(client) => client.inventory(&query).await,
                        None => Err(AssetPayError::InvalidInput("AssetPay is not configured.".into())),
                    };
                    let _ = msgs.send(AssetPayMsg::Page { generation, result }.into()).await;
                });
                inventory_request = Some(task.abort_handle());
            }
            Cmd::FetchFullInventory { generation, game, refresh } => {
                if let Some(previous) = full_request.take() {
                    previous.abort();
                }
                let client = clients.assetpay.clone();
                let value_account = clients.value_accounts();
                let task = tokio::spawn(async move {
                    let query = InventoryQuery { game, refresh, limit: Limit::All, ..Default::default() };
                    let started = std::time::Instant::now();
                    let result = match client {
                        Some(client) => client.inventory_stored(&query).await,
                        None => Err(AssetPayError::InvalidInput("AssetPay is not configured.".into())),
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
                        if let Some(account) = &value_account.assetpay {
                            let at = time::OffsetDateTime::now_utc().unix_timestamp();
                            let account = format!("{account}/{}", game.label().to_lowercase());
                            let point = ValuePoint::of_assetpay(account, &full.page.items, at);
                            keep_value(value_account.ledger.clone(), point);
                        }
                        let items = full.page.items.len();
                        let (fetched, total) = (fetched.as_millis(), started.elapsed().as_millis());
                        tracing::info!(
                            items,
                            fetched_ms = fetched,
                            total_ms = total,
                            "whole inventory loaded and indexed"
                        );
                    }
                    let _ = msgs.send(AssetPayMsg::Full { generation, result }.into()).await;
                });
                full_request = Some(task.abort_handle());
            }
            Cmd::FetchMannco { list, generation } => {
                if let Some(previous) = mannco_requests.remove(&list) {
                    previous.abort();
                }
                let client = clients.mannco.clone();
                let value_account = clients.value_accounts();
                let task = tokio::spawn(async move {
                    let result = match (client, list) {
                        (Some(c), ManncoList::OnSale) => c.on_sale().await,
                        (Some(c), ManncoList::Inventory) => c.on_inventory().await,
                        (None, _) => Err(not_configured()),
                    };
                    if let (Ok(listing), ManncoList::OnSale, Some(account)) = (&result, list, value_account.mannco) {
                        let at = time::OffsetDateTime::now_utc().unix_timestamp();
                        keep_value(
                            value_account.ledger.clone(),
                            ValuePoint::of_mannco_listed(account, &listing.items, at),
                        );
                    }
                    let _ = msgs.send(ManncoMsg::List { list, generation, result }.into()).await;
                });
                mannco_requests.insert(list, task.abort_handle());
            }
            Cmd::FetchManncoPricing(item_ids) => {
                let client = clients.mannco.clone();
                tokio::spawn(async move {
                    let result = match client {
                        Some(c) => c.pricing(&item_ids).await,
                        None => Err(not_configured()),
                    };
                    let _ = msgs.send(ManncoMsg::Pricing(result).into()).await;
                });
            }
            Cmd::FetchSalesGraphs(item_ids) => {
                let client = clients.mannco.clone();
                tokio::spawn(async move {
                    let Some(client) = client else { return };
                    for item_id in item_ids {
                        let result = client.sales_graph(item_id, "1M").await;
                        if msgs.send(ManncoMsg::SalesGraph { item_id, result }.into()).await.is_err() {
                            break;
                        }
                    }
                });
            }
            Cmd::FetchSalesHistory => {
                let client = clients.mannco.clone();
                tokio::spawn(async move {
                    let Some(client) = client else { return };
                    let result = client.sales_history().await;
                    let _ = msgs.send(ManncoMsg::SalesHistory(result).into()).await;
                });
            }
            Cmd::FetchSellBooks(item_ids) => {
                let client = clients.mannco.clone();
                tokio::spawn(async move {
                    let Some(client) = client else { return };
                    for item_id in item_ids {
                        let result = client.sell_book(item_id).await.map(|book| book.listings());
                        if msgs.send(ManncoMsg::SellBook { item_id, result }.into()).await.is_err() {
                            break;
                        }
                    }
                });
            }
            Cmd::FetchManncoBalance => {
                let client = clients.mannco.clone();
                tokio::spawn(async move {
                    let result = match client {
                        Some(c) => c.balance().await,
                        None => Err(not_configured()),
                    };
                    let _ = msgs.send(ManncoMsg::Balance(result).into()).await;
                });
            }
            Cmd::SubmitPrices { origin, plan } => {
                let (client, journal) = (clients.mannco.clone(), clients.journal.clone());
                tokio::spawn(async move {
                    let (Some(client), Some(journal)) = (client, journal) else {
                        for call in plan.calls {
                            let result = Err(unavailable());
                            let _ = msgs
                                .send(Msg::Mannco(ManncoMsg::PriceCallDone {
                                    origin,
                                    price: call.price,
                                    ids: call.ids,
                                    result,
                                    reconciled: false,
                                }))
                                .await;
                        }
                        return;
                    };
                    let (tx, mut rx) = mpsc::unbounded_channel();
                    let sending =
                        tokio::spawn(async move { execute::submit_prices(&client, &journal, plan, &tx).await });
                    while let Some(r) = rx.recv().await {
                        let _ = msgs
                            .send(Msg::Mannco(ManncoMsg::PriceCallDone {
                                origin,
                                price: r.price,
                                ids: r.ids,
                                result: r.result,
                                reconciled: r.reconciled,
                            }))
                            .await;
                    }
                    let _ = sending.await;
                });
            }
            Cmd::Withdraw { run, items } => {
                let (client, journal) = (clients.mannco.clone(), clients.journal.clone());
                tokio::spawn(async move {
                    let ids = items.iter().map(|(id, _)| *id).collect();
                    let names = items.into_iter().collect();
                    let result = match (client, journal) {
                        (Some(c), Some(j)) => execute::withdraw(&c, &j, ids, &names).await,
                        _ => Err(unavailable()),
                    };
                    let _ = msgs.send(ManncoMsg::Withdrawn { run, result }.into()).await;
                });
            }
            Cmd::LoadJournal { run, reconcile } => {
                let clients = clients.clone();
                tokio::spawn(async move {
                    let result = read_journals(&clients, reconcile).await;
                    let _ = msgs.send(Msg::Journal { run, result }).await;
                });
            }
            Cmd::Sell { run, sales, names } => {
                let (client, journal) = (clients.assetpay.clone(), clients.assetpay_journal.clone());
                tokio::spawn(sell(client, journal, run, sales, names, msgs));
            }
            Cmd::FetchTrades { generation, game } => {
                let client = clients.assetpay.clone();
                tokio::spawn(async move {
                    let result = match client {
                        Some(client) => client.trades_page(game, None).await,
                        None => Err(AssetPayError::InvalidInput("AssetPay is not configured.".into())),
                    };
                    let _ = msgs.send(TradesMsg::Page { generation, result }.into()).await;
                });
            }
            Cmd::FetchWallet => {
                let client = clients.assetpay.clone();
                tokio::spawn(async move {
                    let result = match client {
                        Some(client) => client.balance().await,
                        None => Err(AssetPayError::InvalidInput("AssetPay is not configured.".into())),
                    };
                    let _ = msgs.send(TradesMsg::Wallet(result).into()).await;
                });
            }
            Cmd::Export(export) => {
                let dir = clients.export_dir.clone();
                tokio::spawn(async move {
                    // Formatting 100,000 rows and writing them is blocking work.
                    let written = tokio::task::spawn_blocking(move || export_csv(&dir, export))
                        .await
                        .map_err(|e| e.to_string())
                        .and_then(|r| r);
                    let _ = msgs.send(Msg::Exported(written)).await;
                });
            }
            Cmd::JournalTrades(trades) => {
                if let Some(journal) = clients.assetpay_journal.clone() {
                    tokio::task::spawn_blocking(move || {
                        if let Err(e) = crate::trade::sell_journal::journal_statuses(&journal, &trades) {
                            tracing::warn!("cannot journal the trades' new statuses: {e}");
                        }
                    });
                }
            }
            Cmd::ReadRules(path) => {
                tokio::spawn(async move {
                    let read = tokio::task::spawn_blocking(move || crate::trade::rules::Rules::read(&path))
                        .await
                        .unwrap_or_else(|e| Err(e.to_string()));
                    let _ = msgs.send(Msg::RulesRead(read)).await;
                });
            }
            Cmd::SaveLearned(learned) => {
                if let Some(journal) = clients.journal.clone() {
                    tokio::task::spawn_blocking(move || {
                        let path = crate::trade::learned::Learned::path_beside(journal.path());
                        if let Err(e) = learned.save(&path) {
                            tracing::warn!(path = %path.display(), "cannot keep the learned caps and holds: {e}");
                        }
                    });
                }
            }
            Cmd::Schedule { after, msg } => {
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = msgs.send(msg).await;
                });
            }
            Cmd::Alert(text) => {
                if let Some(notifier) = &clients.notifier {
                    notifier.send(text);
                }
            }
            Cmd::LoadLedger { generation, since } => {
                let clients = clients.clone();
                tokio::spawn(async move {
                    let result = load_ledger(&clients, since).await;
                    let _ = msgs.send(crate::app::HistoryMsg::Loaded { generation, result }.into()).await;
                });
            }
            Cmd::SetCost { ids, name, price } => {
                let ledger = clients.ledger.clone();
                tokio::spawn(async move {
                    let result = tokio::task::spawn_blocking(move || set_cost(&ledger, ids, name, price))
                        .await
                        .unwrap_or_else(|e| Err(e.to_string()));
                    let _ = msgs.send(crate::app::HistoryMsg::CostSet(result).into()).await;
                });
            }
            Cmd::Suspend | Cmd::Quit | Cmd::Copy(_) => {}
        }
    }
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
async fn sell(
    client: Option<AssetPayClient>,
    journal: Option<Arc<Journal>>,
    run: crate::app::RunId,
    sales: Vec<crate::api::assetpay::SellRequest>,
    names: HashMap<String, String>,
    msgs: mpsc::Sender<Msg>,
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
async fn load_ledger(clients: &Clients, since: Option<i64>) -> Result<crate::app::history::LedgerView, String> {
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
        let mut read = || -> Result<crate::app::history::LedgerView, ledger::LedgerError> {
            ledger::import_journals(&mut ledger, &journals_dir)?;
            ledger.load_costs(&Costs::beside(&path))?;
            fetched.store(&mut ledger)?;
            let entries = ledger.entries(&Filter { since, ..Default::default() })?;
            let pnl = ledger::realised(&mut ledger, since, Group::Month)?.total;
            let unrealised = ledger::unrealised(&mut ledger)?;
            let value = ledger::total_over_time(&ledger.value_points(since)?);
            let notes = fetched.notes.clone();
            let view = crate::app::history::LedgerView { entries, pnl, unrealised, value, notes, search_keys: vec![] };
            Ok(view.with_search_keys())
        };
        read().map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Records a cost typed with `$`: in `costs.jsonl`, then the ledger.
fn set_cost(
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

/// The accounts value points are kept under: each market's journal name.
#[derive(Clone)]
struct ValueAccounts {
    mannco: Option<String>,
    assetpay: Option<String>,
    ledger: std::path::PathBuf,
}

impl Clients {
    fn value_accounts(&self) -> ValueAccounts {
        let name = |j: &Option<Arc<Journal>>| j.as_ref().map(|j| crate::ledger::journal_account(j.path()).1);
        ValueAccounts {
            mannco: name(&self.journal),
            assetpay: name(&self.assetpay_journal),
            ledger: self.ledger.clone(),
        }
    }
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
