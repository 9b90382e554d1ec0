//! What the `tradedeck mannco …` tests share: the binary run against a simulator, its text,
//! asset ids of an item type, and a journal caught with a call in the air.

use super::*;
use std::process::Output;

pub async fn tradedeck(sim: &tradedeck::sim::SimHandle, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    run_mannco_cli(sim, home.path(), args).await
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn ids(sim: &tradedeck::sim::SimHandle, item_id: i64, n: usize) -> String {
    assets_named(sim, item_id, 0).iter().take(n).map(|a| a.asset_id.to_string()).collect::<Vec<_>>().join(",")
}

/// The journal under `home`, once a money call's line is on disk: the call is then in flight.
pub async fn journal_once_a_call_is_sent(home: &std::path::Path) -> std::path::PathBuf {
    let journals = home.join("data/tradedeck/journals");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let sent = std::fs::read_dir(&journals)
            .ok()
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("\"sent\"")));
        if let Some(path) = sent {
            return path;
        }
        assert!(std::time::Instant::now() < deadline, "no money call was sent");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
