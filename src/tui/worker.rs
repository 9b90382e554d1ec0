//! The background worker: owns the HTTP clients, turns each `Cmd` into its job (`jobs.rs`) and
//! the job's answers back into `Msg`s. The UI task never waits on the network.

use crate::app::panes::mannco::state::ManncoList;
use crate::app::{Cmd, Msg};
use std::collections::HashMap;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

pub use super::clients::Clients;
use super::jobs;
pub use super::jobs::export_csv;

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

/// The reads in flight that a newer read of the same thing supersedes: its reply would be
/// dropped as stale anyway, so the request itself is cancelled. Money-moving calls are never
/// cancelled.
#[derive(Default)]
struct Superseded {
    page: Option<AbortHandle>,
    full: Option<AbortHandle>,
    mannco: HashMap<ManncoList, AbortHandle>,
}

/// Keeps `task` as the one in flight in `slot`, cancelling the one it supersedes.
fn supersede(slot: &mut Option<AbortHandle>, task: tokio::task::JoinHandle<()>) {
    if let Some(previous) = slot.replace(task.abort_handle()) {
        previous.abort();
    }
}

/// The worker: one job per command, each in `jobs`.
async fn run(clients: Clients, mut cmds: mpsc::UnboundedReceiver<Cmd>, msgs: mpsc::Sender<Msg>) {
    let mut superseded = Superseded::default();
    while let Some(cmd) = cmds.recv().await {
        let (c, msgs) = (&clients, msgs.clone());
        match cmd {
            Cmd::FetchInventory { generation, query } => {
                supersede(&mut superseded.page, tokio::spawn(jobs::inventory_page(c.clone(), generation, query, msgs)))
            }
            Cmd::FetchFullInventory { generation, game, refresh } => supersede(
                &mut superseded.full,
                tokio::spawn(jobs::whole_inventory(c.clone(), generation, game, refresh, msgs)),
            ),
            Cmd::FetchMannco { list, generation } => {
                let task = tokio::spawn(jobs::mannco_list(c.clone(), list, generation, msgs));
                if let Some(previous) = superseded.mannco.insert(list, task.abort_handle()) {
                    previous.abort();
                }
            }
            Cmd::FetchManncoPricing(item_ids) => jobs::reply(msgs, jobs::mannco_pricing(c.clone(), item_ids)),
            Cmd::FetchSalesGraphs(item_ids) => drop(tokio::spawn(jobs::sales_graphs(c.clone(), item_ids, msgs))),
            Cmd::FetchSalesHistory => drop(tokio::spawn(jobs::sales_history(c.clone(), msgs))),
            Cmd::FetchSellBooks(item_ids) => drop(tokio::spawn(jobs::sell_books(c.clone(), item_ids, msgs))),
            Cmd::FetchManncoBalance => jobs::reply(msgs, jobs::mannco_balance(c.clone())),
            Cmd::SubmitPrices { origin, plan } => {
                drop(tokio::spawn(jobs::submit_prices(c.clone(), origin, plan, msgs)))
            }
            Cmd::Withdraw { run, items } => drop(tokio::spawn(jobs::withdraw(c.clone(), run, items, msgs))),
            Cmd::LoadJournal { run, reconcile } => drop(tokio::spawn(jobs::journal(c.clone(), run, reconcile, msgs))),
            Cmd::Sell { run, sales, names } => {
                drop(tokio::spawn(jobs::sell(c.assetpay.clone(), c.assetpay_journal.clone(), run, sales, names, msgs)))
            }
            Cmd::FetchTrades { generation, game } => jobs::reply(msgs, jobs::trades(c.clone(), generation, game)),
            Cmd::FetchWallet => jobs::reply(msgs, jobs::wallet(c.clone())),
            Cmd::Export(export) => drop(tokio::spawn(jobs::export(c.export_dir.clone(), export, msgs))),
            Cmd::JournalTrades(trades) => jobs::journal_trades(c, trades),
            Cmd::ReadRules(path) => drop(tokio::spawn(jobs::read_rules(path, msgs))),
            Cmd::SaveLearned(learned) => jobs::save_learned(c, learned),
            Cmd::Schedule { after, msg } => drop(tokio::spawn(jobs::schedule(after, msg, msgs))),
            Cmd::Alert(text) => c.notifier.iter().for_each(|n| n.send(text.clone())),
            Cmd::LoadLedger { generation, since } => {
                drop(tokio::spawn(jobs::ledger(c.clone(), generation, since, msgs)))
            }
            Cmd::SetCost { ids, name, price } => {
                drop(tokio::spawn(jobs::set_cost(c.ledger.clone(), ids, name, price, msgs)))
            }
            Cmd::Suspend | Cmd::Quit | Cmd::Copy(_) => {}
        }
    }
}
