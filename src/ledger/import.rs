//! What goes into the ledger: every journal's money calls and their fates, and the markets'
//! own histories (Mannco sales and purchases, AssetPay trades), read leniently.

use super::store::{Entry, Kind, Ledger, LedgerError, Market};
use crate::journal::{Action, Journal, Outcome};
use crate::money::{Cents, Usd};
use std::path::{Path, PathBuf};

/// What an import added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub journals: usize,
    pub added: usize,
}

/// The account a journal file belongs to, and its market, from its name:
/// `mannco-<host>-steam<id>.jsonl`, `assetpay-<host>-<fingerprint>.jsonl`, the demo's, or an
/// earlier version's `journal.jsonl` (Mannco).
pub fn journal_account(path: &Path) -> (Market, String) {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("journal").to_string();
    let market = if stem.starts_with("assetpay") { Market::Assetpay } else { Market::Mannco };
    (market, stem)
}

/// Every journal tradedeck has written: each account's in `journals/`, and the single
/// `journal.jsonl` of the earliest versions beside it.
fn journal_files(journals_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(journals_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    if let Some(earliest) = journals_dir.parent().map(|d| d.join("journal.jsonl"))
        && earliest.exists()
    {
        files.push(earliest);
    }
    files.sort();
    files
}

/// Imports every journal under `journals_dir`. Idempotent: a second run adds nothing, and
/// only updates what moved on (a trade's status).
pub fn import_journals(ledger: &mut Ledger, journals_dir: &Path) -> Result<Imported, LedgerError> {
    let mut imported = Imported::default();
    for path in journal_files(journals_dir) {
        imported.journals += 1;
        // Journals only grow: one whose length and time are those last imported has nothing new.
        let stamp = std::fs::metadata(&path).map(|m| {
            let modified = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            (m.len() as i64, modified.map(|d| d.as_nanos() as i64).unwrap_or(0))
        })?;
        if ledger.imported_as(&path)? == Some(stamp) {
            continue;
        }
        let (entries, _) = Journal::read(&path)?;
        let (market, account) = journal_account(&path);
        let rows: Vec<Entry> = entries.iter().flat_map(|e| from_journal(e, market, &account)).collect();
        imported.added += ledger.upsert(&rows)?;
        ledger.mark_imported(&path, stamp)?;
    }
    Ok(imported)
}

/// AssetPay's numbers are in dollars as sent; the ledger keeps cents (sub-cent amounts,
/// which AssetPay does not use for offers, are rounded to the nearest cent).
fn cents(usd: Usd) -> Cents {
    let micros = usd.micros();
    Cents((micros + micros.signum() * 5_000) / 10_000)
}

/// The ledger entries one journal entry stands for: what its last outcome proves.
fn from_journal(entry: &crate::journal::Entry, market: Market, account: &str) -> Vec<Entry> {
    let at = entry.at.unix_timestamp();
    let base = |asset: &str, kind: Kind, name: String| Entry {
        source: "journal".into(),
        source_key: format!("{account}/{}/{asset}", entry.id),
        at,
        market,
        account: account.to_string(),
        kind,
        name,
        asset_id: Some(asset.to_string()),
        game: None,
        price: None,
        fee: None,
        credit: None,
        status: None,
    };
    let name_of = |id: u64| {
        entry
            .action
            .names()
            .iter()
            .find(|n| n.id == id)
            .map(|n| n.name.clone())
            .unwrap_or_else(|| format!("asset {id}"))
    };
    match (&entry.action, entry.outcomes.last()) {
        (Action::Price { ids, price, .. }, Some(outcome)) => {
            let fates: Vec<(u64, &str, Option<Cents>, Option<Cents>)> = match outcome {
                Outcome::Settled { items } => {
                    items.iter().map(|i| (i.id, i.fate.as_str(), i.price.or(Some(*price)), i.credit)).collect()
                }
                Outcome::Done => ids.iter().map(|id| (*id, "listed", Some(*price), None)).collect(),
                Outcome::Reconciled { done, .. } => done.iter().map(|id| (*id, "listed", Some(*price), None)).collect(),
                _ => vec![],
            };
            fates
                .into_iter()
                .filter_map(|(id, fate, price, credit)| {
                    let kind = match fate {
                        "listed" | "accepted" => Kind::Listed,
                        "sold" => Kind::Sold,
                        _ => return None,
                    };
                    let mut e = base(&id.to_string(), kind, name_of(id));
                    e.price = price;
                    if kind == Kind::Sold {
                        e.credit = credit.or(price.map(Cents::after_fee));
                        e.fee = price.zip(e.credit).map(|(p, c)| Cents(p.0 - c.0));
                    }
                    Some(e)
                })
                .collect()
        }
        (Action::Withdraw { ids, .. }, Some(Outcome::Done)) => {
            ids.iter().map(|id| base(&id.to_string(), Kind::Withdrawn, name_of(*id))).collect()
        }
        (Action::Withdraw { .. }, Some(Outcome::Reconciled { done, .. })) => {
            done.iter().map(|id| base(&id.to_string(), Kind::Withdrawn, name_of(*id))).collect()
        }
        (Action::Sell { external_id, game, items, .. }, Some(Outcome::Traded { status, .. })) => items
            .iter()
            .map(|item| {
                let price = Cents(cents(item.price).0.saturating_mul(i64::from(item.amount.max(1))));
                Entry {
                    source: "assetpay-sale".into(),
                    source_key: format!("{external_id}/{}", item.item_id),
                    game: game.map(|g| g.to_string()),
                    price: Some(price),
                    fee: Some(Cents::ZERO),
                    credit: Some(price),
                    status: Some(status.clone()),
                    ..base(&item.item_id, Kind::SoldToAssetpay, item.name.clone())
                }
            })
            .collect(),
        _ => vec![],
    }
}

/// The markets' own histories, read where credentials allow. Each failure is a note, not an
/// error: the ledger keeps what it has.
#[derive(Default)]
pub struct MarketHistories {
    pub mannco: Option<(crate::api::mannco::ManncoClient, String)>,
    pub assetpay: Option<(crate::api::assetpay::AssetPayClient, String)>,
}

impl MarketHistories {
    /// Reads each market's history (no ledger held across the network). A history that
    /// cannot be read is a note.
    pub async fn fetch(&self) -> Fetched {
        let mut fetched = Fetched::default();
        if let Some((client, account)) = &self.mannco {
            match client.sales_history().await {
                Ok(rows) => fetched.sales.extend(mannco_rows(&rows, account, Kind::Sold)),
                Err(e) => fetched.notes.push(format!("Mannco sales history not read: {e}")),
            }
            match client.purchase_history().await {
                Ok(rows) => fetched.other.extend(mannco_rows(&rows, account, Kind::Bought)),
                Err(e) => fetched.notes.push(format!("Mannco purchase history not read: {e}")),
            }
        }
        if let Some((client, account)) = &self.assetpay {
            for game in [crate::api::assetpay::Game::Cs2, crate::api::assetpay::Game::Rust] {
                match client.trades_page(game, None).await {
                    Ok(page) => fetched.other.extend(assetpay_rows(&page.items, account, game)),
                    Err(e) => fetched.notes.push(format!("AssetPay {} trades not read: {e}", game.label())),
                }
            }
        }
        fetched
    }
}

/// What the markets' histories said.
#[derive(Debug, Default)]
pub struct Fetched {
    /// Sales from a market's sales history: matched against the journal's.
    pub sales: Vec<Entry>,
    pub other: Vec<Entry>,
    pub notes: Vec<String>,
}

impl Fetched {
    /// Into the ledger; returns how many entries were new.
    pub fn store(&self, ledger: &mut Ledger) -> Result<usize, LedgerError> {
        Ok(ledger.upsert(&self.other)? + ledger.upsert_history_sales(&self.sales)?)
    }
}

/// Mannco history rows (sales or purchases) as entries, keyed by what they show: time,
/// asset (or item and name, where no asset is given), price, and the place among equals.
pub fn mannco_rows(rows: &[crate::api::mannco::history::SaleRow], account: &str, kind: Kind) -> Vec<Entry> {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    rows.iter()
        .filter(|r| !r.name.is_empty())
        .map(|r| {
            let at = r.at.unwrap_or(0);
            let what = match r.asset_id {
                Some(asset) => format!("asset {asset}"),
                None => format!("{}/{}", r.item_id.unwrap_or(0), r.name),
            };
            let key = format!("{at}/{what}/{}", r.price.map(|c| c.0).unwrap_or(-1));
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let price = r.price.map(|p| Cents(p.0.saturating_mul(i64::from(r.count.max(1)))));
            let credit = (kind == Kind::Sold).then(|| price.map(Cents::after_fee)).flatten();
            Entry {
                source: if kind == Kind::Sold { "mannco-sales" } else { "mannco-purchases" }.into(),
                source_key: format!("{account}/{key}/{n}"),
                at,
                market: Market::Mannco,
                account: account.to_string(),
                kind,
                name: r.name.clone(),
                asset_id: r.asset_id.map(|a| a.to_string()),
                game: None,
                price,
                fee: price.zip(credit).map(|(p, c)| Cents(p.0 - c.0)),
                credit,
                status: None,
            }
        })
        .collect()
}

/// AssetPay trades as sales to AssetPay, keyed like the journal's (by the sale's reference
/// and the item) so a sale tradedeck made and the trade the market lists are one entry.
pub fn assetpay_rows(
    trades: &[crate::api::assetpay::Trade],
    account: &str,
    game: crate::api::assetpay::Game,
) -> Vec<Entry> {
    trades
        .iter()
        .flat_map(|t| {
            let reference = t.external_id.clone().unwrap_or_else(|| format!("trade-{}", t.id));
            let at = t.created_at.map(|d| d.unix_timestamp()).unwrap_or(0);
            t.items.iter().map(move |item| {
                let each = item.offer.as_ref().and_then(|o| o.price).map(cents);
                let price = each.map(|p| Cents(p.0.saturating_mul(i64::from(item.amount.unwrap_or(1).max(1)))));
                let name = item.name.clone().or(item.market_hash_name.clone()).unwrap_or_else(|| item.id.clone());
                Entry {
                    source: "assetpay-sale".into(),
                    source_key: format!("{reference}/{}", item.id),
                    at,
                    market: Market::Assetpay,
                    account: account.to_string(),
                    kind: Kind::SoldToAssetpay,
                    name,
                    asset_id: Some(item.id.clone()),
                    game: Some(game.app_id().to_string()),
                    price,
                    fee: price.map(|_| Cents::ZERO),
                    credit: price,
                    status: Some(t.status.label().to_string()),
                }
            })
        })
        .collect()
}
