//! Which process a journal entry belongs to. A money call's outcome is written by the process
//! that sent it; until that process ends, nobody else may settle the entry, or a reconcile run
//! beside a slow call would record "not done" for a call the market then applies.
//!
//! Each sending process holds an exclusive lock on a small file of its own
//! (`journals/owners/<token>.lock`) for as long as it lives, and stamps the token on every
//! entry it sends. The kernel drops the lock when the process ends, crash included, so a lock
//! that can be taken means its owner is gone. Within this process, the calls still in the air
//! are kept in a set.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, MutexGuard};

/// This process's token: its pid and start time, so a reused pid is another owner.
static TOKEN: LazyLock<String> = LazyLock::new(|| {
    let started = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    format!("{}-{started}", std::process::id())
});

/// The lock files this process holds, by journal directory. Never dropped: the lock lasts as
/// long as the process.
static HELD: LazyLock<Mutex<HashMap<PathBuf, File>>> = LazyLock::new(Default::default);

/// Entry ids this process sent and still waits for, across every open journal.
static WAITING: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Default::default);

/// Lock files older than this whose owner is gone are removed when another process starts
/// sending; a fresh one may be a process between creating and locking it.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn owners_dir(journal: &Path) -> PathBuf {
    journal.parent().unwrap_or(Path::new(".")).join("owners")
}

/// Takes this process's lock beside `journal` (once per directory) and returns the token to
/// stamp on an entry. An error means the entry must not be sent: another process could not
/// tell that it is in flight.
pub fn claim(journal: &Path) -> std::io::Result<String> {
    let dir = owners_dir(journal);
    let mut held = lock(&HELD);
    if let std::collections::hash_map::Entry::Vacant(slot) = held.entry(dir) {
        let dir = slot.key();
        std::fs::create_dir_all(dir)?;
        prune_stale(dir);
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(lock_name(&TOKEN)))?;
        file.try_lock().map_err(|e| match e {
            TryLockError::Error(e) => e,
            TryLockError::WouldBlock => std::io::Error::other("this process's owner lock is held elsewhere"),
        })?;
        slot.insert(file);
    }
    Ok(TOKEN.clone())
}

fn lock_name(token: &str) -> String {
    format!("{token}.lock")
}

fn prune_stale(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else { return };
    for file in read.flatten() {
        let old = file.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if old.is_some_and(|age| age > STALE_AFTER)
            && let Ok(f) = File::open(file.path())
            && f.try_lock().is_ok()
        {
            let _ = std::fs::remove_file(file.path());
        }
    }
}

pub fn waiting(id: &str) {
    lock(&WAITING).insert(id.to_string());
}

pub fn answered(id: &str) {
    lock(&WAITING).remove(id);
}

/// Who still waits for the answer to entry `id`, stamped `owner`, in the journal at
/// `journal`: "this tradedeck", "tradedeck process N", or nobody.
pub fn awaited_by(journal: &Path, id: &str, owner: Option<&str>) -> Option<String> {
    if lock(&WAITING).contains(id) {
        return Some("this tradedeck".into());
    }
    let owner = owner?;
    if owner == TOKEN.as_str() {
        // Sent by this process, which no longer waits for it.
        return None;
    }
    let file = File::open(owners_dir(journal).join(lock_name(owner))).ok()?;
    match file.try_lock() {
        Err(TryLockError::WouldBlock) => {
            let pid = owner.split('-').next().unwrap_or(owner);
            Some(format!("tradedeck process {pid}"))
        }
        // Taken at once, so the owner is gone; the lock drops with `file`.
        Ok(()) => None,
        // The lock cannot be read: the safe side is to leave the entry alone.
        Err(TryLockError::Error(e)) => Some(format!("a process whose lock cannot be read ({e})")),
    }
}
