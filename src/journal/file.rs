//! The journal file: written before a call is sent, its outcome appended, read back whole.

use super::entry::{Action, Entry, Line, Outcome};
use super::owner;
use std::collections::{BTreeMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use time::OffsetDateTime;

/// The last entry number this process handed out.
static NEXT_ENTRY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The calls this journal sent that still wait for their answer, and whether it still sends.
#[derive(Debug, Default)]
struct Open {
    ids: HashSet<String>,
    closed: bool,
}

#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
    /// Actions this process sent whose answer has not been recorded yet.
    open: Mutex<Open>,
    /// Outcomes that could not be written (a full disk after sending): the record is then
    /// incomplete, which the command must say, and not end as a success.
    unwritten: std::sync::atomic::AtomicUsize,
}

impl Journal {
    pub fn open(path: &Path) -> std::io::Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut file = OpenOptions::new().create(true).append(true).read(true).open(path)?;
        // A crash mid-write leaves a torn last line: the next entry starts on a line of its
        // own, so the torn one stays unreadable alone instead of swallowing it.
        if ends_torn(&mut file)? {
            file.write_all(b"\n")?;
            file.sync_data()?;
        }
        Ok(Journal {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            open: Mutex::new(Open::default()),
            unwritten: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records an action about to be sent and returns its id. The line is on disk when this
    /// returns; if it cannot be written the action must not be sent.
    pub fn record_sent(&self, action: &Action) -> std::io::Result<String> {
        let now = OffsetDateTime::now_utc();
        // Numbered across the whole process: two journals opened in the same millisecond
        // (a re-pricing run after another) must never hand out the same id.
        let n = NEXT_ENTRY.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let id = format!("{}-{}-{n}", now.unix_timestamp_nanos() / 1_000_000, std::process::id());
        let owner = Some(owner::claim(&self.path)?);
        // Held across the write: once `abandon_open` has run, nothing more is sent.
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.closed {
            return Err(std::io::Error::other("tradedeck is quitting"));
        }
        self.append(&Line::Sent { id: id.clone(), at: now, owner, action: action.clone() })?;
        owner::waiting(&id);
        open.ids.insert(id.clone());
        Ok(id)
    }

    pub fn record_outcome(&self, id: &str, outcome: Outcome) -> std::io::Result<()> {
        if let Err(e) = self.append(&Line::Answered { id: id.to_string(), at: OffsetDateTime::now_utc(), outcome }) {
            self.unwritten.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Err(e);
        }
        self.open.lock().unwrap_or_else(|e| e.into_inner()).ids.remove(id);
        owner::answered(id);
        Ok(())
    }

    /// How many outcomes this process could not write.
    pub fn unwritten(&self) -> usize {
        self.unwritten.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many actions this process sent are still waiting for their answer.
    pub fn open_count(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).ids.len()
    }

    /// Records every action still waiting for its answer as unknown (tradedeck is quitting
    /// without it) and returns how many there were. Nothing more is sent through this
    /// journal afterwards, so a call a worker was about to make cannot slip past the count.
    pub fn abandon_open(&self, reason: &str) -> std::io::Result<usize> {
        let open: Vec<String> = {
            let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
            open.closed = true;
            open.ids.iter().cloned().collect()
        };
        for id in &open {
            self.record_outcome(id, Outcome::Unknown { reason: reason.to_string() })?;
        }
        Ok(open.len())
    }

    fn append(&self, line: &Line) -> std::io::Result<()> {
        // Reasons can quote a server that echoed a secret back: it never reaches the file.
        let mut text =
            crate::sanitize::redact(&serde_json::to_string(line).map_err(std::io::Error::other)?).into_owned();
        text.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(text.as_bytes())?;
        file.sync_data()
    }

    /// Every action in the journal, oldest first, with its outcomes. Lines that cannot be read
    /// (a torn last line after a crash) are counted, not fatal.
    pub fn read(path: &Path) -> std::io::Result<(Vec<Entry>, usize)> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((vec![], 0)),
            Err(e) => return Err(e),
        };
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        let mut order = vec![];
        let mut unreadable = 0;
        for line in BufReader::new(file).lines() {
            match serde_json::from_str::<Line>(&line?) {
                Ok(Line::Sent { id, at, owner, action }) => {
                    order.push(id.clone());
                    entries.insert(id.clone(), Entry { id, at, action, outcomes: vec![], owner });
                }
                Ok(Line::Answered { id, outcome, .. }) => match entries.get_mut(&id) {
                    Some(entry) => entry.outcomes.push(outcome),
                    None => unreadable += 1,
                },
                Err(_) => unreadable += 1,
            }
        }
        Ok((order.into_iter().filter_map(|id| entries.remove(&id)).collect(), unreadable))
    }
}

/// Whether the file is non-empty and does not end with a newline.
fn ends_torn(file: &mut File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

#[cfg(test)]
mod tests {
    use super::super::awaited::split_awaited;
    use super::super::entry::*;
    use super::*;
    use crate::money::Cents;

    #[test]
    fn actions_and_outcomes_round_trip_and_pending_ones_show() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let journal = Journal::open(&path).unwrap();
        let a = journal.record_sent(&Action::Price { ids: vec![1, 2], price: Cents(150), names: vec![] }).unwrap();
        let b = journal
            .record_sent(&Action::Withdraw { ids: vec![3], names: vec![Named { id: 3, name: "Team Captain".into() }] })
            .unwrap();
        let c = journal.record_sent(&Action::Price { ids: vec![4], price: Cents(99), names: vec![] }).unwrap();
        journal.record_outcome(&a, Outcome::Done).unwrap();
        journal.record_outcome(&c, Outcome::Unknown { reason: "connection dropped".into() }).unwrap();
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"{\"event\":\"sent\",\"id\"").unwrap();
        let (entries, unreadable) = Journal::read(&path).unwrap();
        assert_eq!(unreadable, 1);
        assert_eq!(entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), vec![a.as_str(), b.as_str(), c.as_str()]);
        let pending: Vec<&str> = entries.iter().filter(|e| e.needs_reconciling()).map(|e| e.id.as_str()).collect();
        assert_eq!(pending, vec![b.as_str(), c.as_str()]);
        assert_eq!(entries[0].status(), "done");
        assert_eq!(entries[1].action.describe(), "withdraw 1 item(s): Team Captain (3)");
    }

    #[test]
    fn actions_left_unanswered_at_exit_are_recorded_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let journal = Journal::open(&path).unwrap();
        let answered = journal.record_sent(&Action::Withdraw { ids: vec![1], names: vec![] }).unwrap();
        journal.record_outcome(&answered, Outcome::Done).unwrap();
        journal.record_sent(&Action::Withdraw { ids: vec![2], names: vec![] }).unwrap();
        assert_eq!(journal.open_count(), 1);
        assert_eq!(journal.abandon_open("tradedeck quit").unwrap(), 1);
        assert_eq!(journal.open_count(), 0);
        let (entries, _) = Journal::read(&path).unwrap();
        assert_eq!(entries[1].outcomes, vec![Outcome::Unknown { reason: "tradedeck quit".into() }]);
        assert!(entries[1].needs_reconciling() && !entries[0].needs_reconciling());
    }

    #[test]
    fn after_quitting_nothing_more_is_sent_through_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(&dir.path().join("journal.jsonl")).unwrap();
        assert_eq!(journal.abandon_open("tradedeck quit").unwrap(), 0);
        let late = journal.record_sent(&Action::Withdraw { ids: vec![1], names: vec![] });
        assert!(late.is_err(), "a call a worker was about to make is not sent once the count is taken");
        assert!(Journal::read(journal.path()).unwrap().0.is_empty());
    }

    #[test]
    fn an_entry_belongs_to_its_sender_while_the_sender_lives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let journal = Journal::open(&path).unwrap();
        let mine = journal.record_sent(&Action::Price { ids: vec![1], price: Cents(150), names: vec![] }).unwrap();
        // Another process: its own token, its lock held, its call still in the air.
        let other = "4242-1700000000000";
        let owners = dir.path().join("owners");
        let lock = std::fs::File::create(owners.join(format!("{other}.lock"))).unwrap();
        lock.lock().unwrap();
        let line = format!(
            r#"{{"event":"sent","id":"1-4242-1","at":"2026-12-02T10:00:00Z","owner":"{other}","kind":"withdraw","ids":[2]}}"#
        );
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(format!("{line}\n").as_bytes())
            .unwrap();
        let (entries, _) = Journal::read(&path).unwrap();
        assert_eq!(entries[0].awaited_by(&path).as_deref(), Some("this tradedeck"));
        assert_eq!(entries[1].awaited_by(&path).as_deref(), Some("tradedeck process 4242"));
        assert_eq!(split_awaited(&entries, &path).0, 2, "neither is settled by a reconcile run now");
        // The other process ends: its lock goes with it, and its entry is anyone's to settle.
        drop(lock);
        journal.record_outcome(&mine, Outcome::Done).unwrap();
        let (entries, _) = Journal::read(&path).unwrap();
        assert_eq!(entries[1].awaited_by(&path), None);
        let (awaited, pending) = split_awaited(&entries, &path);
        assert_eq!((awaited, pending.iter().map(|e| e.id.as_str()).collect::<Vec<_>>()), (0, vec!["1-4242-1"]));
    }

    #[test]
    fn a_torn_last_line_does_not_swallow_the_next_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let first = Journal::open(&path).unwrap();
        first.record_sent(&Action::Withdraw { ids: vec![1], names: vec![] }).unwrap();
        drop(first);
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"{\"event\":\"sent\",\"id").unwrap();
        let journal = Journal::open(&path).unwrap();
        let id = journal.record_sent(&Action::Withdraw { ids: vec![2], names: vec![] }).unwrap();
        journal.record_outcome(&id, Outcome::Done).unwrap();
        let (entries, unreadable) = Journal::read(&path).unwrap();
        assert_eq!((entries.len(), unreadable), (2, 1), "the torn line is counted, the entries after it kept");
        assert_eq!(entries[1].outcomes, vec![Outcome::Done]);
    }

    #[test]
    fn a_missing_journal_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Journal::read(&dir.path().join("none.jsonl")).unwrap().0, vec![]);
    }
}

#[cfg(test)]
mod unwritten_tests {
    use super::super::entry::*;
    use super::*;

    #[test]
    fn an_outcome_that_cannot_be_written_is_counted() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(&dir.path().join("j.jsonl")).unwrap();
        let id = journal.record_sent(&Action::Withdraw { ids: vec![1], names: vec![] }).unwrap();
        assert_eq!(journal.unwritten(), 0);
        // The file is swapped for a read-only handle: the next write fails, as on a full disk.
        *journal.file.lock().unwrap() = std::fs::File::open(dir.path().join("j.jsonl")).unwrap();
        assert!(journal.record_outcome(&id, Outcome::Done).is_err());
        assert_eq!(journal.unwritten(), 1);
        assert_eq!(journal.open_count(), 1, "still open: its outcome is not on disk");
    }
}
