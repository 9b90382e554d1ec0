//! Reading a journal beside the processes that wrote it: which unanswered entries a sender
//! still waits for (left to it), and what a reconcile pass settled.

use super::entry::Entry;
use std::path::Path;

/// Entries read for showing, newest last, with who still waits for the answer to each entry
/// that is still in the air (by entry id).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub entries: Vec<Entry>,
    pub awaited: std::collections::HashMap<String, String>,
}

impl Listing {
    /// Adds a journal's entries, noting the ones whose sender still waits.
    pub fn add(&mut self, path: &Path, entries: Vec<Entry>) {
        for entry in &entries {
            if let Some(who) = entry.awaited_by(path) {
                self.awaited.insert(entry.id.clone(), who);
            }
        }
        self.entries.extend(entries);
    }
}

/// The entries that need reconciling, less those whose sender still waits for the answer
/// (counted, and logged with who waits).
pub fn split_awaited<'a>(entries: &'a [Entry], journal: &Path) -> (usize, Vec<&'a Entry>) {
    let mut awaited = 0;
    let mut pending = vec![];
    for entry in entries.iter().filter(|e| e.needs_reconciling()) {
        match entry.awaited_by(journal) {
            Some(who) => {
                tracing::info!(entry = entry.id, "left to {who}, which still waits for the market's answer");
                awaited += 1;
            }
            None => pending.push(entry),
        }
    }
    (awaited, pending)
}

/// What one reconcile pass over a journal did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Entries whose outcome the market's answer now settles.
    pub settled: usize,
    /// Entries left alone because their sender still waits for the answer.
    pub awaited: usize,
}

impl Reconciled {
    /// One line for the trader, e.g. "2 action(s) reconciled with the market; 1 left to the
    /// tradedeck still waiting for its answer."
    pub fn describe(&self, settled_what: &str) -> String {
        let mut text = format!("{} {settled_what}", self.settled);
        if self.awaited > 0 {
            text.push_str(&format!(
                "; {} left alone: another tradedeck still waits for the market's answer and will record it",
                self.awaited
            ));
        }
        text.push('.');
        text
    }
}
