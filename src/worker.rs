//! The background worker: owns the HTTP clients, turns `Cmd`s into API calls and sends the
//! results back as `Msg`s. The UI task never waits on the network.

use crate::api::assetpay::{AssetPayClient, AssetPayError};
use crate::app::{Cmd, Msg};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

#[derive(Clone, Debug, Default)]
pub struct Clients {
    pub assetpay: Option<AssetPayClient>,
}

/// Starts the worker; commands sent on the returned channel are executed in the background.
pub fn spawn(clients: Clients, msgs: mpsc::Sender<Msg>) -> mpsc::UnboundedSender<Cmd> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(run(clients, rx, msgs));
    tx
}

async fn run(clients: Clients, mut cmds: mpsc::UnboundedReceiver<Cmd>, msgs: mpsc::Sender<Msg>) {
    // A newer inventory request supersedes the one in flight: its reply would be dropped as
    // stale anyway, so the request itself is cancelled.
    let mut inventory_request: Option<AbortHandle> = None;
    while let Some(cmd) = cmds.recv().await {
        match cmd {
            Cmd::FetchInventory { generation, query } => {
                if let Some(previous) = inventory_request.take() {
                    previous.abort();
                }
                let client = clients.assetpay.clone();
                let msgs = msgs.clone();
                let task = tokio::spawn(async move {
                    let result = match client {
                        Some(client) => client.inventory(&query).await,
                        None => Err(AssetPayError::InvalidInput("AssetPay is not configured.".into())),
                    };
                    let _ = msgs.send(Msg::Inventory { generation, result }).await;
                });
                inventory_request = Some(task.abort_handle());
            }
            Cmd::Schedule { after, msg } => {
                let msgs = msgs.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = msgs.send(msg).await;
                });
            }
            Cmd::Suspend | Cmd::Quit => {}
        }
    }
}
