//! The ledger against real files: journals imported once, history twins, rebuild, two
//! writers, a corrupt file.

use super::*;
use crate::journal::{Action, ItemFate, Journal, Named, Outcome, SoldItem};
use crate::money::Cents;
use crate::money::Usd;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn journals_with_a_sale_and_a_listing(dir: &Path) -> PathBuf {
    let journals = dir.join("journals");
    let mannco = Journal::open(&journals.join("mannco-demo.jsonl")).unwrap();
    let names =
        vec![Named { id: 1, name: "Mann Co. Supply Crate Key".into() }, Named { id: 2, name: "Team Captain".into() }];
    let id = mannco.record_sent(&Action::Price { ids: vec![1, 2], price: Cents(210), names }).unwrap();
    let items = vec![
        ItemFate { id: 1, fate: "sold".into(), price: Some(Cents(210)), credit: Some(Cents(199)) },
        ItemFate { id: 2, fate: "listed".into(), price: Some(Cents(210)), credit: None },
    ];
    mannco.record_outcome(&id, Outcome::Settled { items }).unwrap();
    let assetpay = Journal::open(&journals.join("assetpay-demo.jsonl")).unwrap();
    let sale = Action::Sell {
        external_id: "ref-1".into(),
        is_instant: false,
        game: Some(730),
        items: vec![SoldItem {
            item_id: "ap-1".into(),
            name: "AK-47 | Redline".into(),
            price: Usd::from_cents(1234),
            amount: 1,
        }],
    };
    let id = assetpay.record_sent(&sale).unwrap();
    let traded = |status: &str| Outcome::Traded {
        trade_id: "t-1".into(),
        status: status.into(),
        how: "answered".into(),
        related: vec![],
        credited: None,
    };
    assetpay.record_outcome(&id, traded("initiated")).unwrap();
    assetpay.record_outcome(&id, traded("completed")).unwrap();
    journals
}

#[test]
fn journals_import_once_with_price_fee_and_credit() {
    let dir = tempfile::tempdir().unwrap();
    let journals = journals_with_a_sale_and_a_listing(dir.path());
    let mut ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    let first = import_journals(&mut ledger, &journals).unwrap();
    assert_eq!((first.journals, first.added), (2, 3));
    let again = import_journals(&mut ledger, &journals).unwrap();
    assert_eq!(again.added, 0, "importing again adds nothing");
    assert_eq!(ledger.count().unwrap(), 3);
    let entries = ledger.entries(&Filter::default()).unwrap();
    let key = entries.iter().find(|e| e.kind == Kind::Sold).unwrap();
    assert_eq!((key.price, key.fee, key.credit), (Some(Cents(210)), Some(Cents(11)), Some(Cents(199))));
    let sold = entries.iter().find(|e| e.kind == Kind::SoldToAssetpay).unwrap();
    assert_eq!((sold.price, sold.status.as_deref()), (Some(Cents(1234)), Some("completed")));
    assert!(sold.realised());
    let filter = Filter { search: Some("redline ak".into()), ..Default::default() };
    assert_eq!(ledger.entries(&filter).unwrap().len(), 1, "search as / finds");
}

#[test]
fn a_history_sale_the_journal_already_has_is_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let journals = journals_with_a_sale_and_a_listing(dir.path());
    let mut ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    import_journals(&mut ledger, &journals).unwrap();
    let at = ledger.entries(&Filter::default()).unwrap()[0].at;
    let rows = [
        crate::api::mannco::history::SaleRow {
            at: Some(at + 60),
            item_id: Some(5021),
            asset_id: None,
            name: "Mann Co. Supply Crate Key".into(),
            price: Some(Cents(210)),
            count: 1,
        },
        crate::api::mannco::history::SaleRow {
            at: Some(at + 90),
            item_id: Some(5021),
            asset_id: None,
            name: "Mann Co. Supply Crate Key".into(),
            price: Some(Cents(210)),
            count: 1,
        },
    ];
    let entries = import::mannco_rows(&rows, "mannco-demo", Kind::Sold);
    ledger.upsert_history_sales(&entries).unwrap();
    ledger.upsert_history_sales(&entries).unwrap();
    let sales = ledger.entries(&Filter::default()).unwrap().into_iter().filter(|e| e.kind == Kind::Sold).count();
    assert_eq!(sales, 2, "the journaled sale once, and the other sale the market lists");
}

#[test]
fn costs_survive_a_rebuild_and_value_points_keep_one_an_hour() {
    let dir = tempfile::tempdir().unwrap();
    let journals = journals_with_a_sale_and_a_listing(dir.path());
    let path = dir.path().join("ledger.sqlite3");
    let costs = Costs::beside(&path);
    let mut ledger = Ledger::open(&path).unwrap();
    import_journals(&mut ledger, &journals).unwrap();
    let record = CostRecord {
        key: "set:1:1".into(),
        at: 1,
        name: None,
        asset_id: Some("1".into()),
        price: Cents(180),
        origin: "set".into(),
    };
    ledger.add_costs(&costs, &[record]).unwrap();
    let point = |at: i64, total: i64| ValuePoint {
        account: "mannco-demo".into(),
        market: Market::Mannco,
        at,
        items: 3,
        total: Cents(total),
        basis: "listing".into(),
    };
    for (at, total) in [(7200, 100), (7300, 110), (10_900, 120)] {
        ledger.record_value(&point(at, total)).unwrap();
    }
    let points = ledger.value_points(None).unwrap();
    assert_eq!(points.iter().map(|p| p.total.0).collect::<Vec<_>>(), vec![110, 120], "one point an hour, the last");
    let pnl = realised(&mut ledger, None, Group::Item).unwrap();
    let key = pnl.rows.iter().find(|r| r.key.contains("Key")).unwrap();
    assert_eq!(key.profit, Some(Cents(199 - 180)));
    assert_eq!(pnl.total.profit, None, "the AssetPay sale has no cost: the total is unknown");
    drop(ledger);
    let (mut rebuilt, note) = rebuild(&path, &journals, &costs).unwrap();
    assert!(note.contains("2 value point(s)"), "{note}");
    assert_eq!(rebuilt.count().unwrap(), 3);
    assert_eq!(realised(&mut rebuilt, None, Group::Item).unwrap(), pnl, "nothing lost");
}

#[test]
fn a_corrupt_ledger_is_refused_with_the_way_out_and_the_journals_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let journals = journals_with_a_sale_and_a_listing(dir.path());
    let before = std::fs::read(journals.join("mannco-demo.jsonl")).unwrap();
    let path = dir.path().join("ledger.sqlite3");
    std::fs::write(&path, b"this is not a database, it only looks like a file of one".repeat(100)).unwrap();
    let error = Ledger::open(&path).err().expect("refused").to_string();
    assert!(error.contains("cannot be read") && error.contains("tradedeck ledger rebuild"), "{error}");
    let (mut ledger, note) = rebuild(&path, &journals, &Costs::beside(&path)).unwrap();
    assert!(note.contains("could not be read"), "{note}");
    assert_eq!(ledger.count().unwrap(), 3);
    assert!(import_journals(&mut ledger, &journals).unwrap().added == 0);
    assert_eq!(std::fs::read(journals.join("mannco-demo.jsonl")).unwrap(), before);
}

#[test]
fn two_writers_at_once_neither_corrupts_nor_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    Ledger::open(&path).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut ledger = Ledger::open(&path).unwrap();
                for n in 0..200 {
                    let entry = Entry {
                        source: format!("writer-{w}"),
                        source_key: n.to_string(),
                        at: n,
                        market: Market::Mannco,
                        account: "a".into(),
                        kind: Kind::Listed,
                        name: "Team Captain".into(),
                        asset_id: None,
                        game: None,
                        price: Some(Cents(100)),
                        fee: None,
                        credit: None,
                        status: None,
                    };
                    ledger.upsert(&[entry]).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(ledger.count().unwrap(), 400);
    let check: String = ledger.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_cost_csv_with_bad_lines_imports_nothing_and_names_each() {
    let csv = "name,price,date\nMann Co. Supply Crate Key,1.80,2026-11-01\n,1.00,2026-11-01\nKey,abc,2026-11-01\nKey,1.00,yesterday\n";
    let errors = parse_cost_csv(csv).unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(
        errors[0].starts_with("line 3:")
            && errors[1].starts_with("line 4: price")
            && errors[2].starts_with("line 5: date")
    );
    let good = "\u{feff}asset_id,price,date\n14032530957,199.00,2026-11-03T10:00:00Z\n";
    let lines = parse_cost_csv(good).unwrap();
    assert_eq!(
        lines,
        vec![CostLine { name: None, asset_id: Some("14032530957".into()), price: Cents(19900), at: 1_793_700_000 }]
    );
}

#[test]
fn an_older_ledger_is_migrated_and_a_newer_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let ledger = Ledger::open(&path).unwrap();
    let version: i64 = ledger.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::MIGRATIONS.len() as i64);
    assert_eq!(ledger.imported_as(&dir.path().join("none.jsonl")).unwrap(), None, "version 2's table is there");
    ledger.conn.pragma_update(None, "user_version", 99).unwrap();
    drop(ledger);
    let refused = Ledger::open(&path).err().expect("refused").to_string();
    assert!(refused.contains("schema version 99") && refused.contains("update tradedeck"), "{refused}");
}
