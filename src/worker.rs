//! The background worker: owns the HTTP clients, turns `Cmd`s into API calls and sends the
//! results back as `Msg`s. The UI task never waits on the network.

use crate::api::assetpay::{AssetPayClient, AssetPayError};
use crate::api::mannco::{ManncoClient, ManncoError};
use crate::app::mannco::ManncoList;
use crate::app::pricing::PriceCall;
use crate::app::{Cmd, Msg};
use std::collections::HashMap;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

#[derive(Clone, Debug, Default)]
pub struct Clients {
    pub assetpay: Option<AssetPayClient>,
    pub mannco: Option<ManncoClient>,
}

/// Starts the worker; commands sent on the returned channel are executed in the background.
pub fn spawn(clients: Clients, msgs: mpsc::Sender<Msg>) -> mpsc::UnboundedSender<Cmd> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(run(clients, rx, msgs));
    tx
}

fn not_configured() -> ManncoError {
    ManncoError::InvalidInput("Mannco.store is not configured.".into())
}

async fn run(clients: Clients, mut cmds: mpsc::UnboundedReceiver<Cmd>, msgs: mpsc::Sender<Msg>) {
    // A newer read of the same thing supersedes the one in flight: its reply would be
    // dropped as stale anyway, so the request itself is cancelled. Money-moving calls are
    // never cancelled.
    let mut inventory_request: Option<AbortHandle> = None;
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
                    let _ = msgs.send(Msg::Inventory { generation, result }).await;
                });
                inventory_request = Some(task.abort_handle());
            }
            Cmd::FetchMannco { list, generation } => {
                if let Some(previous) = mannco_requests.remove(&list) {
                    previous.abort();
                }
                let client = clients.mannco.clone();
                let task = tokio::spawn(async move {
                    let result = match (client, list) {
                        (Some(c), ManncoList::OnSale) => c.on_sale().await,
                        (Some(c), ManncoList::Inventory) => c.on_inventory().await,
                        (None, _) => Err(not_configured()),
                    };
                    let _ = msgs.send(Msg::ManncoList { list, generation, result }).await;
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
                    let _ = msgs.send(Msg::ManncoPricing(result)).await;
                });
            }
            Cmd::FetchManncoBalance => {
                let client = clients.mannco.clone();
                tokio::spawn(async move {
                    let result = match client {
                        Some(c) => c.balance().await,
                        None => Err(not_configured()),
                    };
                    let _ = msgs.send(Msg::ManncoBalance(result)).await;
                });
            }
            Cmd::SubmitPrices(calls) => {
                let client = clients.mannco.clone();
                tokio::spawn(async move { submit_prices(client, calls, msgs).await });
            }
            Cmd::Withdraw(ids) => {
                let client = clients.mannco.clone();
                tokio::spawn(async move {
                    let result = match client {
                        Some(c) => c.withdraw(&ids).await,
                        None => Err(not_configured()),
                    };
                    tracing::info!(items = ids.len(), ok = result.is_ok(), "withdrawal answered");
                    let _ = msgs.send(Msg::Withdrawn(result)).await;
                });
            }
            Cmd::Schedule { after, msg } => {
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = msgs.send(msg).await;
                });
            }
            Cmd::Suspend | Cmd::Quit => {}
        }
    }
}

/// Sends the price calls one after another, reporting each answer. When the market refuses
/// a group because of one item (not found, over its cap, trade hold), nothing in the group
/// was applied, so each item is tried on its own to find which one it was: the others go
/// through and the culprit gets its own error.
async fn submit_prices(client: Option<ManncoClient>, calls: Vec<PriceCall>, msgs: mpsc::Sender<Msg>) {
    for call in calls {
        let result = match &client {
            Some(c) => c.price(&call.ids, call.price).await,
            None => Err(not_configured()),
        };
        tracing::info!(items = call.ids.len(), price = call.price.0, ok = result.is_ok(), "price call answered");
        let split =
            matches!(&result, Err(e) if e.market_kind().is_some_and(|k| k.is_about_one_item())) && call.ids.len() > 1;
        if !split {
            let _ = msgs.send(Msg::PriceCallDone { price: call.price, ids: call.ids, result }).await;
            continue;
        }
        for id in call.ids {
            let result = match &client {
                Some(c) => c.price(&[id], call.price).await,
                None => Err(not_configured()),
            };
            let _ = msgs.send(Msg::PriceCallDone { price: call.price, ids: vec![id], result }).await;
        }
    }
}
