//! The ledger at scale: importing 100,000 entries from the journals, re-importing them
//! (nothing new), and a month's P&L over them. Numbers and method: docs/benchmarks.md.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tradedeck::journal::{Action, ItemFate, Journal, Named, Outcome};
use tradedeck::ledger::{self, Group, Ledger};
use tradedeck::money::Cents;

/// Journals holding `calls` price calls of ten items each, every item sold or listed.
fn journals(dir: &std::path::Path, calls: u64) -> std::path::PathBuf {
    let journals = dir.join("journals");
    let journal = Journal::open(&journals.join("mannco-bench.jsonl")).unwrap();
    for call in 0..calls {
        let ids: Vec<u64> = (0..10).map(|i| call * 10 + i).collect();
        let names =
            ids.iter().map(|&id| Named { id, name: format!("Mann Co. Supply Crate Key #{}", id % 50) }).collect();
        let price = Cents(150 + (call % 100) as i64);
        let id = journal.record_sent(&Action::Price { ids: ids.clone(), price, names }).unwrap();
        let items = ids
            .iter()
            .map(|&id| ItemFate {
                id,
                fate: if id % 3 == 0 { "sold" } else { "listed" }.into(),
                price: Some(price),
                credit: (id % 3 == 0).then(|| price.after_fee()),
            })
            .collect();
        journal.record_outcome(&id, Outcome::Settled { items }).unwrap();
    }
    journals
}

fn import(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let journals = journals(dir.path(), 10_000);
    let mut group = c.benchmark_group("ledger");
    group.sample_size(10);
    group.bench_function("import_100k_entries", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |fresh| {
                let mut ledger = Ledger::open(&fresh.path().join("ledger.sqlite3")).unwrap();
                let imported = ledger::import_journals(&mut ledger, &journals).unwrap();
                assert_eq!(imported.added, 100_000);
            },
            BatchSize::PerIteration,
        )
    });
    let path = dir.path().join("ledger.sqlite3");
    let mut ledger = Ledger::open(&path).unwrap();
    ledger::import_journals(&mut ledger, &journals).unwrap();
    group.bench_function("reimport_100k_nothing_new", |b| {
        b.iter(|| assert_eq!(ledger::import_journals(&mut ledger, &journals).unwrap().added, 0))
    });
    let month_ago = time::OffsetDateTime::now_utc().unix_timestamp() - 30 * 86_400;
    group.bench_function("pnl_month_by_day_over_100k", |b| {
        b.iter(|| black_box(ledger::realised(&mut ledger, Some(month_ago), Group::Day).unwrap()))
    });
    group.finish();
}

/// The History pane over 100,000 entries: a search keystroke (names normalized once, when
/// loaded) and a frame.
fn history_pane(c: &mut Criterion) {
    use tradedeck::app::panes::history::state::{HistoryPane, LedgerView};
    let dir = tempfile::tempdir().unwrap();
    let journals = journals(dir.path(), 10_000);
    let mut ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    ledger::import_journals(&mut ledger, &journals).unwrap();
    let entries = ledger.entries(&Default::default()).unwrap();
    let mut pane = HistoryPane::default();
    pane.apply(pane.list.generation, Ok(LedgerView { entries, ..Default::default() }.with_search_keys()));
    assert_eq!(pane.visible.len(), 100_000);
    let mut group = c.benchmark_group("history_100k");
    group.bench_function("search_keystroke", |b| {
        b.iter(|| {
            pane.list.search = tui_input::Input::new("key 4".into());
            pane.refilter();
            black_box(pane.visible.len())
        })
    });
    group.finish();
}

criterion_group!(benches, import, history_pane);
criterion_main!(benches);
