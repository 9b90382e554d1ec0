use clap::Parser;
use std::process::ExitCode;
use tradedeck::api::{self, assetpay::AssetPayClient, mannco::ManncoClient};
use tradedeck::cli::{Cli, Command, GlobalArgs};
use tradedeck::config::{self, Config, Flags};
use tradedeck::sim::{self, SimHandle, SimOptions};
use tradedeck::{logging, tui};

/// Decoding a big inventory is bound by allocation: mimalloc measures fastest here
/// (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Read while the process has one thread, the only time the time zone can be read soundly.
    tradedeck::cli::remember_local_offset();
    let log = logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    let log_off = log.as_ref().err().cloned();
    runtime.block_on(run(cli, log_off))
}

async fn run(cli: Cli, log_off: Option<String>) -> ExitCode {
    if cli.command.as_ref().is_some_and(Command::writes_data) {
        tradedeck::sanitize::keep_stdout_for_data();
    }
    if let Some(Command::Sim(args)) = cli.command {
        return tradedeck::cli::sim::run(args).await;
    }
    let trade_url = match &cli.command {
        Some(Command::Inventory(args)) => args.trade_url.clone(),
        _ => None,
    };
    let (mut config, sim) = match load_config(&cli.global, trade_url).await {
        Ok(loaded) => loaded,
        Err(message) => {
            tradedeck::say_err!("error: {message}");
            return ExitCode::from(2);
        }
    };
    config.warnings.extend(log_off);
    // Headless commands say the warnings (a secrets file others can read, no log) on stderr;
    // the TUI shows them on screen.
    if cli.command.is_some() {
        for warning in &config.warnings {
            tradedeck::say_err!("warning: {warning}");
        }
    }
    let (assetpay, mannco) = clients(&config);
    let (demo, input) = (cli.global.demo, cli.input);
    let code = command(cli.command, config, assetpay, mannco, demo, input).await;
    // The demo markets keep what this command did for the next one.
    if let Some(sim) = &sim {
        let state = sim::saved::DemoState::of(sim, cli.global.demo_seed, cli.global.demo_items);
        if let Err(e) = state.save(&sim::saved::path(&config::data_dir())) {
            tradedeck::say_err!("note: the demo's state could not be kept for the next command: {e}");
        }
    }
    code
}

/// The command asked for (the TUI without one), with the clients the config allows.
async fn command(
    command: Option<Command>,
    config: Config,
    assetpay: Result<AssetPayClient, String>,
    mannco: Option<ManncoClient>,
    demo: bool,
    input: Option<std::path::PathBuf>,
) -> ExitCode {
    match command {
        Some(Command::Journal(args)) => journal_command(args, &config, mannco, assetpay.ok()).await,
        Some(Command::Mannco(command)) => match mannco {
            Some(client) => {
                let trading = tradedeck::cli::common::Trading {
                    journal: tradedeck::cli::common::JournalPlace { config: config.clone() },
                    guards: config.guards,
                    notify_url: config.notify_url.clone(),
                    rules: config::rules_path(),
                    ledger: config::ledger_path(),
                };
                tradedeck::cli::mannco::run(command, client, trading).await
            }
            None => {
                eprintln!("{}", config::setup_help());
                ExitCode::from(2)
            }
        },
        Some(Command::Assetpay(command)) => match assetpay {
            Ok(client) => tradedeck::cli::assetpay::run(command, client, &config.assetpay_journal_path()).await,
            Err(why) => {
                eprintln!("{why}");
                ExitCode::from(2)
            }
        },
        Some(Command::Inventory(args)) => match assetpay {
            Ok(client) => {
                let account = tradedeck::ledger::journal_account(&config.assetpay_journal_path()).1;
                let value = tradedeck::cli::inventory::ValueTarget { account, ledger: config::ledger_path() };
                tradedeck::cli::inventory::run(args, Some(client), Some(value), config.assetpay_max_items).await
            }
            Err(_) if args.input.is_some() => {
                tradedeck::cli::inventory::run(args, None, None, config.assetpay_max_items).await
            }
            Err(why) => {
                eprintln!("{why}");
                ExitCode::from(2)
            }
        },
        Some(
            command @ (Command::History(_)
            | Command::Pnl(_)
            | Command::Value(_)
            | Command::Cost(_)
            | Command::Ledger(_)),
        ) => ledger_command(command, &config, mannco, assetpay.ok()).await,
        _ => tui::start::run(config, assetpay, mannco, demo, input).await,
    }
}

/// The ledger's commands: the ledger is brought up to date from every source first.
async fn ledger_command(
    command: Command,
    config: &Config,
    mannco: Option<ManncoClient>,
    assetpay: Option<AssetPayClient>,
) -> ExitCode {
    let sources = ledger_sources(config, mannco, assetpay).await;
    match command {
        Command::History(args) => tradedeck::cli::ledger::history(args, sources).await,
        Command::Pnl(args) => tradedeck::cli::ledger::pnl(args, sources).await,
        Command::Value(args) => tradedeck::cli::ledger::value(args, sources).await,
        Command::Cost(command) => tradedeck::cli::ledger::cost(command, sources).await,
        Command::Ledger(command) => tradedeck::cli::ledger::ledger_command(command, sources).await,
        _ => {
            tradedeck::say_err!("error: not a ledger command");
            ExitCode::from(2)
        }
    }
}

/// The market clients the config allows: AssetPay (or why not), and Mannco when configured.
fn clients(config: &Config) -> (Result<AssetPayClient, String>, Option<ManncoClient>) {
    let assetpay = match config.assetpay_auth() {
        Some(Ok(auth)) => {
            let client = AssetPayClient::new(api::http_client(), &config.assetpay_url, auth)
                .with_whole_body_limit(config.assetpay_max_inventory_bytes)
                .with_max_items(config.assetpay_max_items);
            Ok(match config.assetpay_requests_per_minute {
                Some(n) => client.with_rate_limit(n),
                None => client,
            })
        }
        Some(Err(why)) => Err(why),
        None => Err(config::setup_help()),
    };
    let mannco = config.has_mannco().then(|| {
        let client = ManncoClient::new(
            api::http_client(),
            &config.mannco_url,
            config.mannco_token.clone(),
            config.mannco_api_key.clone(),
        );
        match config.mannco_requests_per_minute {
            Some(n) => client.with_rate_limit(n),
            None => client,
        }
    });
    (assetpay, mannco)
}

/// `tradedeck journal`: both markets' journals, keyed by the Mannco account as the market
/// names it (a token and an API key of one account share its journal).
async fn journal_command(
    args: tradedeck::cli::journal::JournalArgs,
    config: &Config,
    mannco: Option<ManncoClient>,
    assetpay: Option<AssetPayClient>,
) -> ExitCode {
    // The Mannco account as the market names it: a token and an API key of one
    // account share its journal.
    let account = match (&mannco, config.demo) {
        (Some(client), false) => {
            tokio::time::timeout(std::time::Duration::from_secs(10), client.account()).await.ok().flatten()
        }
        _ => None,
    };
    let mannco_journal = config.mannco_journal_path(account.as_deref());
    let journals = tradedeck::cli::journal::Journals {
        mannco_earlier: config.earlier_mannco_journals(&mannco_journal),
        mannco_account: account,
        mannco: mannco_journal,
        mannco_client: mannco,
        assetpay: config.assetpay_journal_path(),
        assetpay_client: assetpay,
    };
    tradedeck::cli::journal::run_all(args, journals).await
}

/// The ledger's inputs: every journal, and each configured market's history under the
/// account its journal is named for.
async fn ledger_sources(
    config: &Config,
    mannco: Option<ManncoClient>,
    assetpay: Option<AssetPayClient>,
) -> tradedeck::cli::ledger::Sources {
    let journals = config::journals_dir();
    let stem = |p: std::path::PathBuf| tradedeck::ledger::journal_account(&p).1;
    let mannco = match mannco {
        Some(client) => {
            let account = match config.demo {
                false => {
                    tokio::time::timeout(std::time::Duration::from_secs(10), client.account()).await.ok().flatten()
                }
                true => None,
            };
            Some((client, stem(config.mannco_journal_path(account.as_deref()))))
        }
        None => None,
    };
    let assetpay = assetpay.map(|client| (client, stem(config.assetpay_journal_path())));
    tradedeck::cli::ledger::Sources {
        ledger: config::ledger_path(),
        journals,
        markets: tradedeck::ledger::MarketHistories { mannco, assetpay },
    }
}

/// The configuration; with `--demo`, the simulator started in-process and every market
/// pointed at it with its demo credentials.
async fn load_config(global: &GlobalArgs, trade_url: Option<String>) -> Result<(Config, Option<SimHandle>), String> {
    let flags = Flags {
        assetpay_url: global.assetpay_url.clone(),
        mannco_url: global.mannco_url.clone(),
        trade_url,
        config_file: global.config.clone(),
    };
    let mut config = Config::load(&flags).map_err(|e| e.to_string())?;
    if !global.demo {
        return Ok((config, None));
    }
    // In the demo, other Mannco sellers move every two minutes: re-pricing has something to follow.
    let competition = Some(std::time::Duration::from_secs(120));
    let handle = sim::start(
        SimOptions { seed: global.demo_seed, items: global.demo_items, competition, ..Default::default() },
        0,
    )
    .await
    .map_err(|e| format!("cannot start the demo markets: {e}"))?;
    let saved = sim::saved::path(&config::data_dir());
    if global.demo_reset {
        let _ = std::fs::remove_file(&saved);
    } else if let Some(state) = sim::saved::DemoState::load(&saved, global.demo_seed, global.demo_items) {
        state.restore_into(&handle);
    }
    config.demo = true;
    config.assetpay_url = handle.url();
    config.assetpay_client_token = Some(tradedeck::secret::Secret::new(sim::assetpay::DEMO_CLIENT_TOKEN));
    config.mannco_url = handle.url();
    config.mannco_token = Some(tradedeck::secret::Secret::new(sim::mannco::DEMO_MANNCO_TOKEN));
    Ok((config, Some(handle)))
}
