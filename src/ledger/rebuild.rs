//! Making a new ledger from the records it is derived from.

use super::cost::Costs;
use super::import::import_journals;
use super::store::{Ledger, LedgerError};
use std::path::{Path, PathBuf};

/// Makes a new ledger at `path` from the journals, `costs.jsonl` and what the old ledger
/// alone knew (its value points), if it can still be read. The old file is kept beside,
/// renamed, never deleted. Returns the new ledger and a note for the trader.
pub fn rebuild(path: &Path, journals_dir: &Path, costs: &Costs) -> Result<(Ledger, String), LedgerError> {
    let old_points = Ledger::open(path).and_then(|old| old.value_points(None));
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let kept = path.with_extension(format!("sqlite3.before-rebuild-{stamp}"));
    if path.exists() {
        std::fs::rename(path, &kept)?;
        for side in ["-wal", "-shm"] {
            let side_file = PathBuf::from(format!("{}{side}", path.display()));
            if side_file.exists() {
                std::fs::rename(&side_file, PathBuf::from(format!("{}{side}", kept.display())))?;
            }
        }
    }
    let mut ledger = Ledger::open(path)?;
    let imported = import_journals(&mut ledger, journals_dir)?;
    let costs_loaded = ledger.load_costs(costs)?;
    let mut note = format!(
        "{} entries from {} journal(s), {costs_loaded} cost(s) from {}",
        imported.added,
        imported.journals,
        costs.path().display()
    );
    match old_points {
        Ok(points) => {
            ledger.insert_value_points(&points)?;
            note.push_str(&format!(", {} value point(s) from the old ledger", points.len()));
        }
        Err(_) if kept.exists() => note.push_str("; the old ledger could not be read, so its value points are lost"),
        Err(_) => {}
    }
    if kept.exists() {
        note.push_str(&format!("; the old file is kept as {}", kept.display()));
    }
    Ok((ledger, note))
}
