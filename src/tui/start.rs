//! Starting the TUI: the saved or live sources, the journal, the worker, then the loop.

use super::worker;
use crate::api::{assetpay::AssetPayClient, mannco::ManncoClient};
use crate::app::App;
use crate::app::panes::assetpay::state::Source;
use crate::config::{self, Config};
use crate::journal::Journal;
use std::process::ExitCode;
use std::sync::Arc;

type Shared = Option<Arc<Journal>>;

pub async fn run(
    config: Config,
    assetpay: Result<AssetPayClient, String>,
    mannco: Option<ManncoClient>,
    demo: bool,
    input: Option<std::path::PathBuf>,
) -> ExitCode {
    // A saved inventory, decoded and indexed before the screen opens.
    let saved = match &input {
        Some(path) => match crate::api::assetpay::read_saved(path, config.assetpay_max_items) {
            Ok(page) => Some(crate::trade::index::FullInventory::indexed(page)),
            Err(e) => {
                crate::say_err!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    if saved.is_none() && assetpay.is_err() && !config.has_mannco() && config.assetpay_api_key.is_none() {
        eprintln!("{}", config::setup_help());
        return ExitCode::from(2);
    }
    let (source, mannco_source) = sources(&assetpay, &mannco, saved.is_some());
    let mut app = App::new(source, mannco_source, demo);
    if let Some(full) = saved
        && let Some(generation) = app.inventory.begin_full_fetch()
    {
        app.inventory.apply_full(generation, Ok(full));
    }
    if let Err(why) = dress(&mut app, &config) {
        crate::say_err!("error: {why}");
        return ExitCode::from(2);
    }
    let (msg_tx, msg_rx) = tokio::sync::mpsc::channel(256);
    let assetpay = assetpay.ok().filter(|_| input.is_none());
    app.merchant = assetpay.as_ref().is_some_and(|c| crate::app::panes::trades::update::is_merchant(c.auth()));
    let (journal, earlier_journals, assetpay_journal) = open_journals(&mut app, &config, &mannco, &assetpay).await;
    load_rules(&mut app, &config, demo);
    remember(&mut app, &journal, &assetpay_journal);
    let notifier = config.notify_url.clone().map(crate::notify::Notifier::new);
    let clients = worker::Clients {
        assetpay,
        mannco,
        journal: journal.clone(),
        assetpay_journal: assetpay_journal.clone(),
        earlier_journals,
        export_dir: config::data_dir().join("exports"),
        ledger: config::ledger_path(),
        journals_dir: config::journals_dir(),
        notifier: notifier.clone(),
    };
    let commands = worker::spawn(clients, msg_tx);
    let ended = super::run(app, commands, msg_rx).await;
    // Alerts still on their way get 2 s, then are dropped (and logged).
    if let Some(notifier) = &notifier {
        notifier.finish().await;
    }
    finish(ended, &journal, &assetpay_journal)
}

/// What each pane reads from: the saved file or the live market, or why it cannot.
fn sources(assetpay: &Result<AssetPayClient, String>, mannco: &Option<ManncoClient>, saved: bool) -> (Source, Source) {
    let source = match (assetpay, saved) {
        (_, true) => Source::Ready { endpoint: "saved file" },
        (Ok(client), false) => Source::Ready { endpoint: client.auth().endpoint() },
        (Err(why), false) => Source::Unavailable(why.clone()),
    };
    let mannco_source = match mannco {
        Some(_) => Source::Ready { endpoint: "/inventory" },
        None => Source::Unavailable(format!(
            "Mannco.store is not configured.\n\nSet {} (a JWT) or {} (tradedeck logs in with it), in the environment or under [mannco] in the config file.\nTry it on the built-in demo market: tradedeck --demo",
            config::ENV_MANNCO_TOKEN,
            config::ENV_MANNCO_API_KEY
        )),
    };
    (source, mannco_source)
}

/// The config's look and guards on the app: colours, warnings, keys.
fn dress(app: &mut App, config: &Config) -> Result<(), String> {
    app.use_color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    app.warnings = config.warnings.clone();
    app.mannco.guards = config.guards;
    app.palette = config.palette;
    app.keymap = crate::app::keymap::Keymap::with_overrides(&config.key_overrides)?;
    Ok(())
}

/// The Mannco account's journal (named after the account as the market names it, so a token
/// and an API key of one account share it), its earlier versions', and the AssetPay one. A
/// journal that cannot be opened disables what it records, and says so.
async fn open_journals(
    app: &mut App,
    config: &Config,
    mannco: &Option<ManncoClient>,
    assetpay: &Option<AssetPayClient>,
) -> (Shared, Vec<std::path::PathBuf>, Shared) {
    // Bounded, so a silent market cannot hold the start up.
    let account = match (mannco, config.demo) {
        (Some(client), false) => {
            tokio::time::timeout(std::time::Duration::from_secs(5), client.account()).await.ok().flatten()
        }
        _ => None,
    };
    let journal_path = config.mannco_journal_path(account.as_deref());
    let earlier = config.earlier_mannco_journals(&journal_path);
    let journal = match Journal::open(&journal_path) {
        Ok(journal) => Some(Arc::new(journal)),
        Err(e) => {
            app.warnings.push(format!("The journal cannot be opened ({e}): pricing and withdrawals are disabled."));
            None
        }
    };
    let assetpay_journal = match assetpay {
        Some(_) => match Journal::open(&config.assetpay_journal_path()) {
            Ok(journal) => Some(Arc::new(journal)),
            Err(e) => {
                app.warnings.push(format!("The AssetPay journal cannot be opened ({e}): selling is disabled."));
                None
            }
        },
        None => None,
    };
    (journal, earlier, assetpay_journal)
}

/// The re-pricing rules; the demo shows the example when the trader has none.
fn load_rules(app: &mut App, config: &Config, demo: bool) {
    let rules_path = config::rules_path();
    app.rules.path = rules_path.clone();
    app.rules.auto = config.auto_run;
    app.mannco.refresh_every = config.mannco_refresh;
    app.rules.rules = match &rules_path {
        Some(path) if path.exists() => crate::trade::rules::Rules::read(path),
        _ if demo => {
            app.rules.path = Some("assets/rules.example.toml (the demo's)".into());
            crate::trade::rules::Rules::parse(crate::trade::rules::EXAMPLE, "assets/rules.example.toml")
        }
        Some(path) => {
            Err(format!("No re-pricing rules yet: write {} (assets/rules.example.toml shows how).", path.display()))
        }
        None => Err("No re-pricing rules: set XDG_CONFIG_HOME or HOME to find rules.toml.".into()),
    };
}

/// What earlier runs left: when each listing was last changed, what refusals taught, whether
/// auto-run was on, and what is still unanswered (said at once).
fn remember(app: &mut App, journal: &Shared, assetpay_journal: &Shared) {
    if let Some(journal) = journal {
        let (entries, _) = Journal::read(journal.path()).unwrap_or_default();
        app.rules.last_changed = crate::trade::reprice::last_changed(&entries);
        let mut learned =
            crate::trade::learned::Learned::load(&crate::trade::learned::Learned::path_beside(journal.path()));
        learned.prune(time::OffsetDateTime::now_utc().unix_timestamp());
        if std::mem::take(&mut learned.auto_run_was_on) {
            app.warnings.push(
                "Auto-run was on when tradedeck last quit: it stays off until you turn it on (pane 5, A).".into(),
            );
        }
        app.mannco.learned = learned;
    }
    for journal in [journal, assetpay_journal].into_iter().flatten() {
        let (entries, _) = Journal::read(journal.path()).unwrap_or_default();
        app.unanswered += entries.iter().filter(|e| e.needs_reconciling()).count();
    }
    if app.unanswered > 0 {
        app.warnings
            .push(format!("{} action(s) with unknown outcome: press J to review and reconcile them.", app.unanswered));
    }
}

/// After the loop, with the terminal restored: what is still unanswered is journaled unknown
/// and said on stderr, auto-run is remembered as off, and the exit status tells the truth.
fn finish(ended: std::io::Result<super::Ended>, journal: &Shared, assetpay_journal: &Shared) -> ExitCode {
    let unanswered: usize = [journal, assetpay_journal]
        .into_iter()
        .flatten()
        .map(|journal| {
            journal.abandon_open("tradedeck quit before the market answered").unwrap_or_else(|e| {
                eprintln!("error: cannot record the unanswered actions in {}: {e}", journal.path().display());
                journal.open_count()
            })
        })
        .sum();
    if unanswered > 0 {
        crate::say_err!(
            "{unanswered} money call(s) were sent but not answered when tradedeck quit: their outcome is unknown."
        );
        crate::say_err!("Run `tradedeck journal --reconcile` (or press J, then r) to find out what the market did.");
    }
    if let (Ok(ended), Some(journal)) = (&ended, journal) {
        // Auto-run never survives a restart; the next start says it was on.
        let path = crate::trade::learned::Learned::path_beside(journal.path());
        let mut learned = crate::trade::learned::Learned::load(&path);
        if learned.auto_run_was_on != ended.auto_run_was_on {
            learned.auto_run_was_on = ended.auto_run_was_on;
            let _ = learned.save(&path);
        }
        if ended.auto_run_was_on {
            crate::say_err!("Auto-run was on: it is off now, until you turn it on again (pane 5, A).");
        }
    }
    match ended {
        Err(e) => {
            crate::say_err!("error: terminal: {e}");
            ExitCode::from(1)
        }
        Ok(_) if unanswered > 0 => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
    }
}
