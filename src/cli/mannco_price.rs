//! `tradedeck mannco price`: the pricing dialog for scripts. The same rules, the same preview,
//! the same refusals and guards as the TUI, because both ask the trade engine.

use super::common::{Failure, confirm, open_journal, until_answered, write_json};
use super::table::{self, Align};
use crate::api::mannco::{self, AssetId, ManncoClient};
use crate::money::Cents;
use crate::trade::execute;
use crate::trade::guards::Guards;
use crate::trade::learned::Learned;
use crate::trade::pricing::{self, Line, MarketPrices, Plan, PriceRule, Pricing, Refusal, Skip, Target};
use crate::trade::settle::{ItemOutcome, ItemReport, Sent, record_fates, settle, tally};
use crate::trade::snapshot::MarketSnapshot;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct PriceArgs {
    #[command(flatten)]
    pub select: super::mannco_select::SelectArgs,
    #[command(flatten)]
    pub rule: RuleArgs,
    /// With --percent-of: the percentage, like 95 or 97.5.
    #[arg(long, value_name = "N", requires = "percent_of")]
    pub percent: Option<String>,
    /// No computed price goes below this, in dollars.
    #[arg(long, value_name = "USD")]
    pub floor: Option<String>,
    /// No computed price goes above this, in dollars.
    #[arg(long, value_name = "USD")]
    pub ceiling: Option<String>,
    /// Print the plan and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// JSON lines on stdout: the plan, then (once sent) the outcome, one document per line
    /// (prices in cents); every line for a person, and the question, go to stderr.
    #[arg(long)]
    pub json: bool,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Send prices more than max_drop_percent (30%) below the current listing or the suggested price.
    #[arg(long)]
    pub allow_drop: bool,
    /// Sell into buy orders: a price at or under the highest buy order is sent at the bid, so
    /// the item sells at once and you receive 95% of the bid. Without it, a price is never at
    /// or under a buy order: a rule's is raised one cent above it, a fixed one is refused.
    #[arg(long)]
    pub fill: bool,
}

/// Exactly one rule.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct RuleArgs {
    /// A fixed price in dollars, $0.01 – $50,000.00.
    #[arg(long, value_name = "USD")]
    pub price: Option<String>,
    /// A fixed price in cents, 1 – 5000000.
    #[arg(long, value_name = "CENTS", allow_negative_numbers = true)]
    pub cents: Option<String>,
    /// Undercut the lowest listing by this many cents.
    #[arg(long, value_name = "CENTS")]
    pub undercut: Option<String>,
    /// Match the highest buy order.
    #[arg(long)]
    pub match_buy_order: bool,
    /// A percentage (--percent) of the suggested price or of the lowest listing.
    #[arg(long, value_name = "BASE", requires = "percent")]
    pub percent_of: Option<PercentOf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PercentOf {
    Suggested,
    Lowest,
}

impl PriceArgs {
    /// Whether the flags can be sent at all (the rule and the ids), before any request.
    pub fn checked(&self) -> Result<(), String> {
        self.price_rule()?;
        self.select.parsed_ids()?;
        Ok(())
    }

    /// The rule as the engine takes it, or why the flags do not make one.
    pub fn price_rule(&self) -> Result<PriceRule, String> {
        use pricing::Rule;
        let r = &self.rule;
        let pricing = if let Some(dollars) = &r.price {
            Pricing::parse(Rule::Fixed, dollars).map_err(|e| format!("--price: {e}"))?
        } else if let Some(cents) = &r.cents {
            let price = cents.trim().parse::<i64>().ok().map(Cents).filter(|c| c.is_valid_price());
            Pricing::Fixed(
                price.ok_or_else(|| format!("--cents: \"{cents}\" is not a price in cents from 1 to 5000000"))?,
            )
        } else if let Some(by) = &r.undercut {
            Pricing::parse(Rule::Undercut, by).map_err(|e| format!("--undercut: {e}"))?
        } else if r.match_buy_order {
            Pricing::MatchBuyOrder
        } else if let Some(base) = r.percent_of {
            let rule = if base == PercentOf::Suggested { Rule::PercentOfSuggested } else { Rule::PercentOfLowest };
            Pricing::parse(rule, self.percent.as_deref().unwrap_or("")).map_err(|e| format!("--percent: {e}"))?
        } else {
            return Err("give a rule: --price, --cents, --undercut, --match-buy-order or --percent-of".into());
        };
        let bound = |text: &Option<String>, flag: &str| {
            text.as_deref().map(|t| Cents::parse_price(t).map_err(|e| format!("{flag}: {e}"))).transpose()
        };
        PriceRule::new(pricing, bound(&self.floor, "--floor")?, bound(&self.ceiling, "--ceiling")?)
            .map(|rule| rule.filling(self.fill))
    }
}

pub async fn run(
    args: PriceArgs,
    client: &ManncoClient,
    journal_path: &Path,
    guards: Guards,
) -> Result<ExitCode, Failure> {
    let rule = args.price_rule().map_err(Failure::Input)?;
    // Refused before any request: ids that are not ids.
    let ids = args.select.parsed_ids().map_err(Failure::Input)?;
    let snapshot = MarketSnapshot::read(client).await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let picked = args.select.pick(&snapshot, ids.as_deref()).map_err(Failure::Input)?;
    let targets: Vec<Target> =
        picked.into_iter().map(|(id, row)| Target::of(id, row, row.blocked_reason(now))).collect();
    let mut item_ids: Vec<i64> = targets.iter().map(|t| t.item_id).collect();
    item_ids.sort_unstable();
    item_ids.dedup();
    // The guards need the suggested prices and caps: without them nothing is sent.
    let look_ups = client.pricing(&item_ids).await.map_err(|e| {
        Failure::Market(mannco::ManncoError::InvalidInput(format!(
            "cannot look up prices, which the rule and the guards need; nothing was sent: {e}"
        )))
    })?;
    let learned = learned_before(journal_path);
    let market = MarketPrices { pricing: &look_ups, learned: Some(&learned) };
    let preview = pricing::preview(&rule, &targets, &market, &guards);
    let plan = preview.plan(args.allow_drop);
    if args.json {
        write_json(&PlanDoc::new(&preview, &plan, args.dry_run))?;
    } else {
        crate::sanitize::print_safe(&render_preview(&preview));
    }
    let plan = match sendable(plan)? {
        Some(plan) => plan,
        None => return Ok(ExitCode::SUCCESS),
    };
    if args.dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    let question = format!(
        "List {} item(s) in {} call(s) for {} in all? You receive {} if every item sells.",
        plan.items(),
        plan.calls.len(),
        preview.total(),
        preview.total_receive()
    );
    if !args.yes && !confirm(&question)? {
        crate::say_err!("Nothing was sent.");
        return Ok(ExitCode::from(2));
    }
    let journal = open_journal(journal_path)?;
    let balance_before = client.balance().await.ok();
    let outcomes = match until_answered(send(client, &journal, plan, &snapshot), &journal).await {
        Ok(outcomes) => outcomes,
        Err(code) => return Ok(code),
    };
    let after = MarketSnapshot::read(client).await;
    let balance_after = client.balance().await.ok();
    let items = settle(&preview, &outcomes, after.as_ref().ok(), balance_before, balance_after);
    if let Err(e) = record_fates(&journal, &outcomes, &items) {
        crate::say_err!("note: the journal could not record what became of each item ({e})");
    }
    if let Err(e) = &after {
        crate::say_err!("note: could not re-read the market to confirm each item: {e}");
    }
    let failed = report_outcome(&args, &items, balance_before, balance_after);
    let code = if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) };
    Ok(super::common::journal_checked(&journal, code))
}

/// Prints what became of each item (JSON or a table, the balance, the tally) and returns
/// how many failed.
fn report_outcome(
    args: &PriceArgs,
    items: &[ItemReport],
    balance_before: Option<Cents>,
    balance_after: Option<Cents>,
) -> usize {
    // Items the plan skipped (already at the price, refused in the preview) were not sent:
    // they neither succeed nor fail.
    let failed =
        items.iter().filter(|i| !i.outcome.went_through() && !matches!(i.outcome, ItemOutcome::NotSent(_))).count();
    if args.json {
        // The money has moved: a failure to print the outcome must not change the exit status
        // (the journal has it all).
        let _ = write_json(&OutcomeDoc { items, balance_before, balance_after });
    } else {
        crate::sanitize::print_safe(&render_outcome(items));
        if let (Some(before), Some(after)) = (balance_before, balance_after) {
            crate::say!("Balance {before} → {after}");
        }
    }
    crate::say_err!("{}", tally(items));
    if failed > 0 {
        crate::say_err!("See above for each item; `tradedeck journal` has them all.");
    }
    failed
}

/// The plan to send, or why not: nothing to do (None), or a refusal that names its cause.
fn sendable(plan: Result<Plan, Refusal>) -> Result<Option<Plan>, Failure> {
    match plan {
        Ok(plan) => Ok(Some(plan)),
        Err(Refusal::NothingToSend { all_at_price: true }) => {
            crate::say_err!("Nothing to do: every item is at that price already.");
            Ok(None)
        }
        Err(Refusal::UnconfirmedDrops(lines)) => Err(Failure::Input(format!(
            "{}; add --allow-drop to send them, or set a --floor. Nothing was sent.",
            Refusal::UnconfirmedDrops(lines)
        ))),
        Err(refusal) => Err(Failure::Input(format!("{refusal}. Nothing was sent."))),
    }
}

/// Sends the plan journaled and gathers each item's answer. What a refusal teaches (a cap, a
/// trade hold) is kept beside the journal for the next run.
pub(super) async fn send(
    client: &ManncoClient,
    journal: &crate::journal::Journal,
    plan: Plan,
    market: &MarketSnapshot,
) -> HashMap<AssetId, Sent> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    execute::submit_prices(client, journal, plan, &tx).await;
    drop(tx);
    let learned_path = Learned::path_beside(journal.path());
    let mut learned = Learned::load(&learned_path);
    let mut learned_more = false;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut sent = HashMap::new();
    while let Some(report) = rx.recv().await {
        if let Err(e) = &report.result
            && let Some(kind) = e.market_kind()
        {
            let item_id = report.ids.first().and_then(|id| market.row_of(*id)).map(|r| r.item_id);
            learned_more |= learned.learn(item_id, &report.ids, kind, now);
        }
        for id in report.ids {
            let result = report.result.clone();
            let entry = report.entry.clone();
            sent.insert(id, Sent { price: report.price, result, reconciled: report.reconciled, entry });
        }
    }
    if learned_more && let Err(e) = learned.save(&learned_path) {
        crate::say_err!("note: cannot keep what the market refused for next time ({e})");
    }
    sent
}

/// What earlier runs learned from the market's refusals, with ended holds dropped.
pub(super) fn learned_before(journal_path: &Path) -> Learned {
    let mut learned = Learned::load(&Learned::path_beside(journal_path));
    learned.prune(time::OffsetDateTime::now_utc().unix_timestamp());
    learned
}

pub(super) fn render_outcome(items: &[ItemReport]) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let price = i.price.map(|p| p.to_string()).unwrap_or_default();
            let what = match &i.outcome {
                ItemOutcome::Listed => format!("listed at {price}"),
                ItemOutcome::Accepted(why) => format!("accepted at {price}: {why}"),
                ItemOutcome::Sold => format!(
                    "sold into a buy order: you receive {}",
                    i.price.map(|p| p.after_fee().to_string()).unwrap_or_default()
                ),
                ItemOutcome::Unchanged(why) => format!("not changed: {why}"),
                ItemOutcome::Gone(why) => format!("outcome not proven: {why}"),
                ItemOutcome::Failed(why) => format!("failed: {why}"),
                ItemOutcome::NotApplied(words) => format!("not applied: {words}"),
                ItemOutcome::Unknown(why) => format!("outcome unknown: {why}"),
                ItemOutcome::NotSent(why) | ItemOutcome::Stopped(why) => format!("not sent: {why}"),
            };
            let lost = if i.reconciled { " (answer lost; confirmed by re-reading the market)" } else { "" };
            vec![i.id.to_string(), i.name.clone(), what + lost]
        })
        .collect();
    table::render(&[("Id", Align::Left), ("Name", Align::Left), ("Outcome", Align::Left)], &rows)
}

/// The preview as a table, one row per item, and the totals.
pub(super) fn render_preview(preview: &pricing::Preview) -> String {
    let money = |c: Option<Cents>| c.map(|c| c.to_string()).unwrap_or_else(|| "—".into());
    let rows: Vec<Vec<String>> = preview
        .lines
        .iter()
        .flat_map(|l| {
            l.ids.iter().map(move |id| {
                vec![
                    id.to_string(),
                    l.name.clone(),
                    money(l.current),
                    money(l.new),
                    money(l.new.filter(|_| l.send()).map(Cents::after_fee)),
                    l.warnings.join("; "),
                ]
            })
        })
        .collect();
    let headers = [
        ("Id", Align::Left),
        ("Name", Align::Left),
        ("Now", Align::Right),
        ("New", Align::Right),
        ("You receive", Align::Right),
        ("Warnings", Align::Left),
    ];
    let mut text = table::render(&headers, &rows);
    text.push_str(&format!(
        "{} item(s) to send in {} call(s) · listed for {} · you receive {} after the 5% fee",
        preview.items_sent(),
        preview.call_count(),
        preview.total(),
        preview.total_receive()
    ));
    if preview.fills() > 0 {
        text.push_str(&format!(" · {} fill instantly", preview.fills()));
    }
    if preview.items_skipped() > 0 {
        text.push_str(&format!(" · {} not sent", preview.items_skipped()));
    }
    text.push('\n');
    text
}

/// `--json` plan: one entry per item, the calls, the totals, and why it would be refused.
#[derive(Serialize)]
struct PlanDoc<'a> {
    dry_run: bool,
    items: Vec<PlanItem<'a>>,
    calls: Vec<CallDoc>,
    items_sent: usize,
    total: Cents,
    receive: Cents,
    refused: Option<String>,
}

#[derive(Serialize)]
struct PlanItem<'a> {
    id: AssetId,
    name: &'a str,
    item_id: i64,
    current: Option<Cents>,
    new: Option<Cents>,
    receive: Option<Cents>,
    send: bool,
    skip: Option<&'static str>,
    fills_instantly: bool,
    big_drop: Option<crate::trade::guards::Drop>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct CallDoc {
    price: Cents,
    ids: Vec<AssetId>,
}

impl<'a> PlanDoc<'a> {
    fn new(preview: &'a pricing::Preview, plan: &Result<Plan, Refusal>, dry_run: bool) -> Self {
        let item = |l: &'a Line, id: AssetId| PlanItem {
            id,
            name: &l.name,
            item_id: l.item_id,
            current: l.current,
            new: l.new,
            receive: l.new.filter(|_| l.send()).map(Cents::after_fee),
            send: l.send(),
            skip: l.skip.as_ref().map(|s| match s {
                Skip::AlreadyAtPrice => "already_at_price",
                Skip::Refused(_) => "refused",
            }),
            fills_instantly: l.fills_instantly,
            big_drop: l.big_drop,
            warnings: &l.warnings,
        };
        let calls = match plan {
            Ok(plan) => plan.calls.iter().map(|c| CallDoc { price: c.price, ids: c.ids.clone() }).collect(),
            Err(_) => vec![],
        };
        PlanDoc {
            dry_run,
            items: preview.lines.iter().flat_map(|l| l.ids.iter().map(move |id| item(l, *id))).collect(),
            calls,
            items_sent: preview.items_sent(),
            total: preview.total(),
            receive: preview.total_receive(),
            refused: plan.as_ref().err().map(|r| r.to_string()),
        }
    }
}

#[derive(Serialize)]
struct OutcomeDoc<'a> {
    items: &'a [ItemReport],
    balance_before: Option<Cents>,
    balance_after: Option<Cents>,
}
