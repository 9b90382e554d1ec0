//! `tradedeck sim`: the simulated markets as a standalone server, for scripts and manual tries.

use crate::config;
use crate::sim::{self, SimOptions, assetpay, mannco};
use clap::Args;

#[derive(Debug, Args)]
pub struct SimArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// Dataset seed: the same seed gives the same items.
    #[arg(long, default_value_t = sim::DEFAULT_SEED)]
    pub seed: u64,
    /// Items in each CS2 inventory (Rust inventories get a quarter as many).
    #[arg(long, default_value_t = sim::DEFAULT_ITEMS)]
    pub items: usize,
    /// Failures to inject, e.g. "transient=0.3,latency=20ms,drop_after_apply=0.5,seed=1"
    /// (also post_latency, rate_limited, malformed, truncated, server_error; rates from 0 to 1).
    #[arg(long, default_value = "", value_name = "SPEC")]
    pub faults: crate::sim::faults::Faults,
    /// Print every request as it is answered, with the time and any injected fault.
    #[arg(long)]
    pub log_requests: bool,
    /// Other Mannco sellers undercut the lowest listing once per this interval (90s, 5m),
    /// down to 70% of where they started: a market for `mannco reprice --watch`.
    #[arg(long, value_name = "INTERVAL", value_parser = crate::trade::rules::parse_interval)]
    pub competition: Option<std::time::Duration>,
    /// Which documented reading to answer in where the sources disagree: `docs` (the first
    /// reading of each) or `alt` (the others: `cached` instead of `from_cache`, float cents,
    /// ISO dates, `err` as a number, the other sales-graph points, the old error codes…).
    #[arg(long, default_value = "docs", value_name = "docs|alt")]
    pub shapes: sim::Shapes,
}

pub async fn run(args: SimArgs) -> std::process::ExitCode {
    let handle = match sim::start(
        SimOptions {
            seed: args.seed,
            items: args.items,
            faults: args.faults.clone(),
            mannco_extra_keys: 0,
            competition: args.competition,
            shapes: args.shapes,
        },
        args.port,
    )
    .await
    {
        Ok(handle) => handle,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return std::process::ExitCode::from(1);
        }
    };
    handle.faults.echo.store(args.log_requests, std::sync::atomic::Ordering::Relaxed);
    let url = handle.url();
    println!("tradedeck simulator listening on {url}  (seed {}, {} items)", args.seed, args.items);
    if args.shapes == sim::Shapes::Alt {
        println!("Answering in the other documented readings (--shapes alt).");
    }
    if !args.faults.is_none() {
        println!("Injecting faults: {:?}", args.faults);
    }
    println!();
    println!("Demo credentials (AssetPay):");
    println!("  export {}={url}", config::ENV_ASSETPAY_URL);
    println!("  export {}={}", config::ENV_ASSETPAY_CLIENT_TOKEN, assetpay::DEMO_CLIENT_TOKEN);
    println!("  export {}={}", config::ENV_ASSETPAY_API_KEY, assetpay::DEMO_API_KEY);
    println!("  export {}='{}'", config::ENV_ASSETPAY_TRADE_URL, assetpay::DEMO_TRADE_URL);
    println!();
    println!("Demo credentials (Mannco.store):");
    println!("  export {}={url}", config::ENV_MANNCO_URL);
    println!("  export {}={}", config::ENV_MANNCO_TOKEN, mannco::DEMO_MANNCO_TOKEN);
    println!("  # or log in with: export {}={}", config::ENV_MANNCO_API_KEY, mannco::DEMO_MANNCO_API_KEY);
    println!();
    println!("AssetPay error triggers: client token demo-fail-CODE, or a trade URL with partner=CODE,");
    println!("for CODE in 3 7 31 33 1010 1011 429.");
    println!("Ctrl-C stops the server.");
    let _ = tokio::signal::ctrl_c().await;
    drop(handle);
    std::process::ExitCode::SUCCESS
}
