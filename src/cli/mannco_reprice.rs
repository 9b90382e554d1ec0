//! `tradedeck mannco reprice`: the re-pricing rules, run once or every interval. Each run reads
//! both lists and the price look-ups, plans through the engine (guards included), prints the
//! plan and sends it, journaled. A run that cannot read prices changes nothing; unknown
//! outcomes are reconciled before the next plan.

use super::common::{Failure, confirm, open_journal, until_answered, write_json};
use super::mannco_price::{render_preview, send};
use crate::api::mannco::{AssetId, ManncoClient};
use crate::journal::Journal;
use crate::money::Cents;
use crate::trade::execute;
use crate::trade::guards::Guards;
use crate::trade::pricing::MarketPrices;
use crate::trade::reprice::{self, RunPlan};
use crate::trade::rules::Rules;
use crate::trade::settle::{ItemOutcome, ItemReport, Sent, record_fates, settle};
use crate::trade::snapshot::{self, Gone, MarketSnapshot};
use clap::Args;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct RepriceArgs {
    /// The rules (default: rules.toml beside config.toml; assets/rules.example.toml shows them).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Print the plan and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// JSON lines on stdout: each run's plan, then its outcome, one document per line (prices
    /// in cents); every line for a person goes to stderr.
    #[arg(long)]
    pub json: bool,
    /// Run again every interval (90s, 5m, 1h) until Ctrl-C or SIGTERM; needs --yes.
    #[arg(long, value_name = "INTERVAL")]
    pub watch: Option<String>,
    /// Send without asking: the rules are the confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Announce sales and failed runs to this webhook (Discord-compatible); `[trading]
    /// notify_url` in config.toml keeps it out of the process list.
    #[arg(long, value_name = "URL")]
    pub notify: Option<String>,
}

/// What one run saw and did, for the next one to compare against.
struct RunReport {
    code: ExitCode,
    /// Listed assets and their (name, price) when the run read the market.
    listed: snapshot::Listed,
    /// Every asset in either list.
    held: std::collections::HashSet<AssetId>,
    balance: Option<Cents>,
    unknown: usize,
    /// The sales history's newest rows, when it could be read.
    history: Option<Vec<crate::api::mannco::history::SaleRow>>,
    /// What this run itself sold into buy orders, in words (a rule with `fill = true`).
    sold_now: Vec<String>,
}

pub async fn run(
    args: RepriceArgs,
    client: &ManncoClient,
    trading: &super::common::Trading,
) -> Result<ExitCode, Failure> {
    let guards = trading.guards;
    let notifier = args
        .notify
        .clone()
        .map(crate::secret::Secret::new)
        .or_else(|| trading.notify_url.clone())
        .map(crate::notify::Notifier::new);
    let path = rules_path(&args, trading)?;
    let rules = Rules::read(&path).map_err(Failure::Input)?;
    let interval = watch_interval(&args)?;
    let journal_path = &trading.journal.resolve(client).await;
    let Some(interval) = interval else {
        let report = once(&args, &rules, client, journal_path, guards, true).await;
        if let (Some(notifier), Err(Failure::Market(e))) = (&notifier, &report) {
            notifier.send(format!("tradedeck re-pricing: the run failed, nothing changed: {e}"));
            // A webhook that does not answer holds the trader 2 s at most.
            notifier.finish().await;
        }
        return report.map(|r| r.code);
    };
    let watching = Watch { args: &args, client, journal_path, guards, path, interval, notifier };
    watching.run(rules).await
}

/// The rules file: `--rules`, else the configured one; it must exist.
fn rules_path(args: &RepriceArgs, trading: &super::common::Trading) -> Result<PathBuf, Failure> {
    let Some(path) = args.rules.clone().or_else(|| trading.rules.clone()) else {
        return Err(Failure::Input("no rules file: give --rules FILE".into()));
    };
    if !path.exists() {
        return Err(Failure::Input(format!(
            "no rules at {}: write them there (see assets/rules.example.toml) or give --rules FILE",
            path.display()
        )));
    }
    Ok(path)
}

/// `--watch`: at least a second, and only unattended with `--yes` (or `--dry-run`).
fn watch_interval(args: &RepriceArgs) -> Result<Option<std::time::Duration>, Failure> {
    let interval =
        args.watch.as_deref().map(crate::trade::rules::parse_interval).transpose().map_err(Failure::Input)?;
    if interval.is_some_and(|i| i < std::time::Duration::from_secs(1)) {
        return Err(Failure::Input("--watch: give an interval of at least 1s (like 90s or 5m)".into()));
    }
    if interval.is_some() && !args.yes && !args.dry_run {
        return Err(Failure::Input("--watch runs unattended: add --yes to let the rules send, or --dry-run".into()));
    }
    Ok(interval)
}

/// Watching: a run every interval; a signal between runs stops at once, during a run after
/// its calls are answered.
struct Watch<'a> {
    args: &'a RepriceArgs,
    client: &'a ManncoClient,
    journal_path: &'a Path,
    guards: Guards,
    path: PathBuf,
    interval: std::time::Duration,
    notifier: Option<crate::notify::Notifier>,
}

impl Watch<'_> {
    async fn run(&self, mut rules: Rules) -> Result<ExitCode, Failure> {
        let mut signals = crate::signals::Signals::new().map_err(|e| Failure::Input(e.to_string()))?;
        let mut rules_modified = modified(&self.path);
        let mut worst = ExitCode::SUCCESS;
        let mut previous: Option<RunReport> = None;
        let mut run = 0u64;
        loop {
            run += 1;
            let started = std::time::Instant::now();
            crate::say_err!("{} run {run}", super::local_time());
            self.reread(&mut rules, &mut rules_modified);
            match once(self.args, &rules, self.client, self.journal_path, self.guards, false).await {
                Ok(report) => {
                    if report.code != ExitCode::SUCCESS {
                        worst = ExitCode::from(1);
                    }
                    self.tell(&report, previous.as_ref());
                    previous = Some(report);
                }
                Err(Failure::Input(e)) => {
                    self.finish().await;
                    return Err(Failure::Input(e));
                }
                Err(Failure::Market(e)) => {
                    self.notify(format!("tradedeck re-pricing: the run failed, nothing changed: {e}"));
                    worst = ExitCode::from(1);
                }
            }
            let wait = self.interval.saturating_sub(started.elapsed());
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = signals.next() => {
                    crate::say_err!("Stopped watching.");
                    self.finish().await;
                    return Ok(worst);
                }
            }
        }
    }

    /// Rules edited while watching are read again before the run; a broken edit keeps the
    /// rules that worked, and says why.
    fn reread(&self, rules: &mut Rules, rules_modified: &mut Option<std::time::SystemTime>) {
        let now_modified = modified(&self.path);
        if now_modified == *rules_modified {
            return;
        }
        *rules_modified = now_modified;
        let (at, path) = (super::local_time(), self.path.display());
        match Rules::read(&self.path) {
            Ok(fresh) => {
                *rules = fresh;
                crate::say_err!("{at} {path} changed: the rules are read again.");
            }
            Err(e) => crate::say_err!("{at} {path} changed but cannot be read, the earlier rules stay: {e}"),
        }
    }

    /// What a run did that the trader should hear: unknown outcomes, and sales (its own,
    /// and those since the run before).
    fn tell(&self, report: &RunReport, previous: Option<&RunReport>) {
        if report.unknown > 0 {
            self.notify(format!(
                "tradedeck re-pricing: {} price call(s) with an unknown outcome; they are reconciled before the next run.",
                report.unknown
            ));
        }
        for sale in &report.sold_now {
            self.notify(sale.clone());
        }
        for sale in previous.map(|before| sales_between(before, report)).unwrap_or_default() {
            self.notify(sale);
        }
    }

    fn notify(&self, text: String) {
        crate::say_err!("{} {text}", super::local_time());
        if let Some(notifier) = &self.notifier {
            notifier.send(text);
        }
    }

    /// Notifications on their way get 2 s in all, then are dropped (and logged).
    async fn finish(&self) {
        if let Some(notifier) = &self.notifier {
            notifier.finish().await;
        }
    }
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// One run: read, plan, print, send. `ask` asks before sending (a single run without --yes).
async fn once(
    args: &RepriceArgs,
    rules: &Rules,
    client: &ManncoClient,
    journal_path: &Path,
    guards: Guards,
    ask: bool,
) -> Result<RunReport, Failure> {
    let journal = (!args.dry_run).then(|| open_journal(journal_path)).transpose()?;
    // What is unknown from an earlier run is settled before planning on top of it.
    if let Some(journal) = &journal
        && journal.open_count() == 0
        && let Err(e) = execute::reconcile_journal(client, journal).await
    {
        crate::say_err!("note: could not reconcile the journal: {e}");
    }
    let market = MarketSnapshot::read(client).await?;
    let balance = client.balance().await.ok();
    let mut report = RunReport {
        code: ExitCode::SUCCESS,
        listed: snapshot::listed(market.rows()),
        held: snapshot::held(market.rows()),
        balance,
        unknown: 0,
        history: client.sales_history().await.ok(),
        sold_now: vec![],
    };
    let run = plan_run(args, rules, client, journal_path, guards, &market).await?;
    if args.json {
        write_json(&PlanDoc::new(&run, args.dry_run))?;
    } else {
        crate::sanitize::print_safe(&render_run(&run));
    }
    let (Some(plan), Some(journal)) = (run.plan(), journal) else {
        return Ok(report);
    };
    if ask && !args.yes && !confirm(&format!("Send {} price change(s)?", plan.items()))? {
        crate::say_err!("Nothing was sent.");
        report.code = ExitCode::from(2);
        return Ok(report);
    }
    let outcomes = match until_answered(send(client, &journal, plan, &market), &journal).await {
        Ok(outcomes) => outcomes,
        Err(code) => {
            report.code = code;
            return Ok(report);
        }
    };
    settle_run(args, client, &journal, &outcomes, &run, &mut report).await;
    Ok(report)
}

/// The run's plan: the price look-ups, the sell books the rules need, and what an earlier
/// run taught (caps, the sellers it undercut).
async fn plan_run(
    args: &RepriceArgs,
    rules: &Rules,
    client: &ManncoClient,
    journal_path: &Path,
    guards: Guards,
    market: &MarketSnapshot,
) -> Result<RunPlan, Failure> {
    let mut item_ids: Vec<i64> = market.rows().iter().map(|r| r.item_id).collect();
    item_ids.sort_unstable();
    item_ids.dedup();
    let look_ups = client.pricing(&item_ids).await.map_err(|e| {
        Failure::Market(crate::api::mannco::ManncoError::InvalidInput(format!(
            "cannot read the price look-ups: this run changes nothing ({e})"
        )))
    })?;
    let now = time::OffsetDateTime::now_utc();
    let (entries, _) = Journal::read(journal_path).unwrap_or_default();
    let last_changed = reprice::last_changed(&entries);
    let learned = super::mannco_price::learned_before(journal_path);
    let prices = MarketPrices { pricing: &look_ups, learned: Some(&learned) };
    // Who else sells the items where the trader's own listing is the lowest: a book that
    // cannot be read leaves that item to probe upward instead.
    let mut books = reprice::Books::new();
    let wanted = reprice::books_wanted(rules, market.rows(), &look_ups);
    for item_id in wanted.iter().copied() {
        match client.sell_book(item_id).await.map(|book| book.listings()) {
            Ok(Some(listings)) => {
                books.insert(item_id, listings);
            }
            Ok(None) => tracing::info!(item_id, "the sell book's rows do not say their prices"),
            Err(e) => tracing::info!(item_id, "the sell book cannot be read: {e}"),
        }
    }
    // A book that could not be read: the seller an earlier run undercut stands for it.
    let books = reprice::with_seen_sellers(books, &wanted, &learned.seen_sellers());
    let run = reprice::plan(rules, market.rows(), &prices, &books, &guards, &last_changed, now);
    if !args.dry_run {
        let mut learned = learned.clone();
        if learned.remember_sellers(reprice::seen_sellers(&run), now.unix_timestamp()) {
            let path = crate::trade::learned::Learned::path_beside(journal_path);
            if let Err(e) = learned.save(&path) {
                crate::say_err!("note: cannot keep the sellers seen for the next run ({e})");
            }
        }
    }
    tracing::info!(
        decisions = run.decisions.len(),
        changes = run.preview.items_sent(),
        unmatched = run.unmatched,
        "re-pricing run planned"
    );
    Ok(run)
}

/// What the sent prices did, read again as `mannco price` does: a price that sold into a
/// buy order is said as sold, with its credit, and the journal keeps each item's fate.
async fn settle_run(
    args: &RepriceArgs,
    client: &ManncoClient,
    journal: &Journal,
    outcomes: &HashMap<AssetId, Sent>,
    run: &RunPlan,
    report: &mut RunReport,
) {
    let failed = outcomes.values().filter(|s| s.result.is_err()).count();
    // What the listings are at now: a sale before the next run is at these prices.
    for (id, sent) in outcomes.iter().filter(|(_, s)| s.result.is_ok()) {
        if let Some((_, price)) = report.listed.get_mut(id) {
            *price = sent.price;
        }
    }
    report.unknown = outcomes
        .values()
        .filter(|s| matches!(s.result, Err(crate::api::mannco::ManncoError::OutcomeUnknown(_))))
        .count();
    let after = MarketSnapshot::read(client).await;
    let balance_after = client.balance().await.ok();
    let items = settle(&run.preview, outcomes, after.as_ref().ok(), report.balance, balance_after);
    if let Err(e) = record_fates(journal, outcomes, &items) {
        crate::say_err!("note: the journal could not record what became of each item ({e})");
    }
    // The next run compares with the market as this run left it: what sold now is said now,
    // not again as a sale between runs.
    if let Ok(after) = &after {
        report.listed = snapshot::listed(after.rows());
        report.held = snapshot::held(after.rows());
    }
    report.balance = balance_after.or(report.balance);
    report.history = client.sales_history().await.ok().or(report.history.take());
    let mut sold: std::collections::BTreeMap<(String, Cents), usize> = std::collections::BTreeMap::new();
    for item in items.iter().filter(|i| matches!(i.outcome, ItemOutcome::Sold)) {
        *sold.entry((item.name.clone(), item.price.unwrap_or(Cents::ZERO))).or_default() += 1;
    }
    report.sold_now = sold
        .into_iter()
        .map(|((name, price), n)| {
            format!(
                "tradedeck re-pricing: sold {n} × {name} at {price} into a buy order: {} credited",
                Gone::credit_of(price, n)
            )
        })
        .collect();
    if args.json {
        let _ = write_json(&OutcomeDoc::new(&items));
    } else {
        crate::sanitize::print_safe(&super::mannco_price::render_outcome(&items));
    }
    report.code = if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) };
    report.code = super::common::journal_checked(journal, report.code);
}

/// Sales between two runs: the sales history's new rows when it can be read on both, else
/// listings that left both lists, said as sales when the balance rose by their credit (95% of
/// the listing), and as "left your listings" when it did not (yet).
fn sales_between(before: &RunReport, now: &RunReport) -> Vec<String> {
    if let (Some(old), Some(new)) = (&before.history, &now.history) {
        let seen: std::collections::HashSet<_> = old.iter().map(|r| r.key()).collect();
        // One message per item and price, however many rows the history has for it.
        let mut sold: std::collections::BTreeMap<(String, Cents), u32> = std::collections::BTreeMap::new();
        for r in new.iter().filter(|r| !seen.contains(&r.key())) {
            *sold.entry((r.name.clone(), r.price.unwrap_or(Cents::ZERO))).or_default() += r.count;
        }
        return sold
            .into_iter()
            .map(|((name, price), n)| {
                let credit = Gone::credit_of(price, n as usize);
                format!("tradedeck: sold {n} × {name} at {price}: {credit} credited")
            })
            .collect();
    }
    let gone = Gone::since(&before.listed, &now.held);
    let rose = match (before.balance, now.balance) {
        (Some(b), Some(n)) => Some(Cents(n.0.saturating_sub(b.0))),
        _ => None,
    };
    let proven = gone.proven_by(rose);
    gone.groups
        .into_iter()
        .map(|((name, price), n)| {
            let credit = Gone::credit_of(price, n);
            if proven {
                format!("tradedeck: sold {n} × {name} at {price}: {credit} credited")
            } else {
                format!("tradedeck: {n} × {name} left your listings (listed at {price}, {credit} if sold); the balance does not show the sale yet")
            }
        })
        .collect()
}

fn render_run(run: &RunPlan) -> String {
    let mut text = String::new();
    for d in &run.decisions {
        let current = d.current.map(|c| c.to_string()).unwrap_or_default();
        let target = d.target.map(|t| format!("→ {t}")).unwrap_or_else(|| "kept".into());
        let note = d.note.as_deref().map(|n| format!("  ({n})")).unwrap_or_default();
        let other = d.lowest_other.map(|o| format!("  lowest other seller {o}")).unwrap_or_default();
        text.push_str(&format!("{} × {}  {current} {target}  [{}]{other}{note}\n", d.ids.len(), d.name, d.rule));
    }
    if run.unmatched > 0 {
        text.push_str(&format!("{} listing(s) no rule covers: left alone.\n", run.unmatched));
    }
    if !run.preview.lines.is_empty() {
        text.push('\n');
        text.push_str(&render_preview(&run.preview));
    }
    text
}

#[derive(Serialize)]
struct PlanDoc {
    kind: &'static str,
    dry_run: bool,
    unmatched: usize,
    items: Vec<DecisionDoc>,
}

#[derive(Serialize)]
struct DecisionDoc {
    rule: String,
    name: String,
    item_id: i64,
    ids: Vec<AssetId>,
    current: Option<Cents>,
    lowest_other: Option<Cents>,
    target: Option<Cents>,
    /// Sent when the plan runs (the engine may refuse a target: see `refused`).
    send: bool,
    note: Option<String>,
    refused: Option<String>,
}

impl PlanDoc {
    fn new(run: &RunPlan, dry_run: bool) -> Self {
        let items = run
            .decisions
            .iter()
            .map(|d| {
                let line = run.preview.lines.iter().find(|l| l.ids.iter().any(|id| d.ids.contains(id)));
                let refused = line.and_then(|l| match &l.skip {
                    Some(crate::trade::pricing::Skip::Refused(why)) => Some(why.clone()),
                    _ => None,
                });
                DecisionDoc {
                    rule: d.rule.clone(),
                    name: d.name.clone(),
                    item_id: d.item_id,
                    ids: d.ids.clone(),
                    current: d.current,
                    lowest_other: d.lowest_other,
                    target: d.target,
                    send: line.is_some_and(|l| l.send()),
                    note: d.note.clone(),
                    refused,
                }
            })
            .collect();
        PlanDoc { kind: "reprice_plan", dry_run, unmatched: run.unmatched, items }
    }
}

#[derive(Serialize)]
struct OutcomeDoc {
    kind: &'static str,
    items: Vec<OutcomeItem>,
}

#[derive(Serialize)]
struct OutcomeItem {
    id: AssetId,
    price: Option<Cents>,
    /// listed, sold, gone, unchanged, failed, not_applied or unknown.
    outcome: &'static str,
    reason: Option<String>,
    /// What a sale into a buy order credited.
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<Cents>,
}

impl OutcomeDoc {
    fn new(items: &[ItemReport]) -> Self {
        let mut items: Vec<OutcomeItem> = items
            .iter()
            .filter(|i| !matches!(i.outcome, ItemOutcome::NotSent(_)))
            .map(|i| {
                let (outcome, reason) = (i.outcome.fate(), i.outcome.reason());
                let credit = matches!(i.outcome, ItemOutcome::Sold).then(|| i.price.map(Cents::after_fee)).flatten();
                OutcomeItem { id: i.id, price: i.price, outcome, reason, credit }
            })
            .collect();
        items.sort_by_key(|i| i.id);
        OutcomeDoc { kind: "reprice_outcome", items }
    }
}
