//! The built-in simulated markets: a real HTTP server on loopback that speaks the documented
//! contracts, so the demo and the tests go through the same client code as production.

pub mod assetpay;
pub mod assetpay_trades;
mod catalog;
pub mod dataset;
pub mod faults;
pub mod mannco;

use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const DEFAULT_SEED: u64 = 2026;
pub const DEFAULT_ITEMS: usize = 300;

#[derive(Clone, Debug)]
pub struct SimOptions {
    pub seed: u64,
    /// Items in each CS2 inventory; Rust inventories get a quarter as many.
    pub items: usize,
    pub faults: faults::Faults,
    /// Extra Mann Co. keys in the Mannco inventory, for bulk tests.
    pub mannco_extra_keys: usize,
    /// Other Mannco sellers undercut the lowest listing once per this interval (None: they
    /// never move).
    pub competition: Option<std::time::Duration>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            seed: DEFAULT_SEED,
            items: DEFAULT_ITEMS,
            faults: faults::Faults::default(),
            mannco_extra_keys: 0,
            competition: None,
        }
    }
}

/// A running simulator. Dropping it shuts the server down.
pub struct SimHandle {
    pub addr: SocketAddr,
    pub assetpay: Arc<assetpay::AssetPayMarket>,
    pub mannco: Arc<mannco::ManncoMarket>,
    /// The fault injector: change faults while running, read the request log.
    pub faults: Arc<faults::FaultLayer>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl SimHandle {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the simulator on `127.0.0.1:port` (0 picks a free port) on the current runtime.
pub async fn start(options: SimOptions, port: u16) -> std::io::Result<SimHandle> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let fault_layer = Arc::new(faults::FaultLayer::new(options.faults.clone()));
    let assetpay = Arc::new(assetpay::AssetPayMarket::new(options.seed, options.items, fault_layer.clone()));
    let mannco = Arc::new(
        mannco::ManncoMarket::new(options.seed, options.mannco_extra_keys).with_competition(options.competition),
    );
    let app = assetpay
        .clone()
        .router()
        .merge(mannco.clone().router())
        .layer(axum::middleware::from_fn_with_state(fault_layer.clone(), faults::inject));
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = rx.await;
        });
        if let Err(e) = server.await {
            tracing::error!("simulator stopped: {e}");
        }
    });
    tracing::info!(%addr, seed = options.seed, items = options.items, "simulator listening");
    Ok(SimHandle { addr, assetpay, mannco, faults: fault_layer, shutdown: Some(tx) })
}
