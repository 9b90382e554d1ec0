//! The built-in simulated markets: a real HTTP server on loopback that speaks the documented
//! contracts, so the demo and the tests go through the same client code as production.

pub mod assetpay;
mod assetpay_demo;
mod assetpay_market;
mod assetpay_trade;
pub mod assetpay_trades;
mod catalog;
pub mod dataset;
pub mod faults;
pub mod mannco;
pub mod saved;
pub mod wire;

use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const DEFAULT_SEED: u64 = 2026;
pub const DEFAULT_ITEMS: usize = 300;

/// Which documented reading the simulator answers in, where the sources disagree (a cache
/// flag named `cached` or `from_cache`, prices as integers or floats, an error's HTTP status or
/// code under the old or the current documents…). Clients must read both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shapes {
    /// The first documented reading of every disputed shape.
    #[default]
    Docs,
    /// The other documented readings.
    Alt,
}

impl std::str::FromStr for Shapes {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "docs" => Ok(Shapes::Docs),
            "alt" => Ok(Shapes::Alt),
            other => Err(format!("\"{other}\" is not a shape set: use docs or alt")),
        }
    }
}

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
    /// The documented reading to answer in where the sources disagree.
    pub shapes: Shapes,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            seed: DEFAULT_SEED,
            items: DEFAULT_ITEMS,
            faults: faults::Faults::default(),
            mannco_extra_keys: 0,
            competition: None,
            shapes: Shapes::Docs,
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
    let assetpay = Arc::new(
        assetpay::AssetPayMarket::new(options.seed, options.items, fault_layer.clone()).with_shapes(options.shapes),
    );
    let mannco = Arc::new(
        mannco::ManncoMarket::new(options.seed, options.mannco_extra_keys)
            .with_competition(options.competition)
            .with_shapes(options.shapes),
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
