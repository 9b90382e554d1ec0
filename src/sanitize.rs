//! Server text made safe before it reaches a terminal or a file, in one place:
//!
//! - `redact` replaces every secret tradedeck holds (configured keys and tokens, the JWT a
//!   login returned) with `[redacted]`, so a server that echoes one back cannot make tradedeck
//!   print or log it;
//! - `for_terminal` also replaces what a terminal would obey rather than show: C0 controls
//!   (ESC, BEL, CR, a newline that would forge a table row…), DEL, C1 controls, bidi overrides
//!   and invisible format characters.
//!
//! `--json` output is not passed through here: it stays the market's exact data, and JSON
//! escapes control characters itself.

use std::borrow::Cow;
use std::sync::RwLock;

/// What an unsafe character becomes.
pub const REPLACEMENT: char = '\u{FFFD}';
const REDACTED: &str = "[redacted]";
/// Shorter values are not secrets worth hunting for in every string (and would redact
/// ordinary words).
const MIN_SECRET_LEN: usize = 6;

static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Remembers a secret so every later `redact` hides it.
pub fn register_secret(value: &str) {
    let value = value.trim();
    if value.len() < MIN_SECRET_LEN {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    if !secrets.iter().any(|s| s == value) {
        secrets.push(value.to_string());
        // Longest first, so a secret containing another is hidden whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// The text with every registered secret replaced.
pub fn redact(text: &str) -> Cow<'_, str> {
    let secrets = SECRETS.read().unwrap_or_else(|e| e.into_inner());
    if !secrets.iter().any(|s| text.contains(s.as_str())) {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for secret in secrets.iter() {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), REDACTED);
        }
    }
    Cow::Owned(out)
}

/// Whether a terminal would act on this character instead of showing it, or show it in a
/// way that misleads (reordering text, hiding text).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Text for a terminal: secrets redacted; tabs and line breaks become spaces (one line stays
/// one line); every other unsafe character becomes U+FFFD.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    let redacted = redact(text);
    if !redacted.chars().any(is_unsafe) {
        return redacted;
    }
    Cow::Owned(
        redacted
            .chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if is_unsafe(c) => REPLACEMENT,
                c => c,
            })
            .collect(),
    )
}

/// Set when stdout carries data for a program (`--json`, `--format csv`): lines for a person
/// then go to stderr, so stdout holds the documents and nothing else.
static STDOUT_IS_DATA: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on, `say!` and `print_safe` write to stderr: stdout is for data.
pub fn keep_stdout_for_data() {
    STDOUT_IS_DATA.store(true, std::sync::atomic::Ordering::Relaxed);
}

fn human_to_stderr() -> bool {
    STDOUT_IS_DATA.load(std::sync::atomic::Ordering::Relaxed)
}

/// Writes one line of text for the terminal to stdout (or stderr), made safe with
/// `for_terminal`. A closed or broken output is ignored: what tradedeck did, and its exit
/// status, do not depend on whether anyone still reads.
pub fn print_line(to_stderr: bool, text: &str) {
    use std::io::Write;
    let line = format!("{}\n", for_terminal(text));
    let _ = if to_stderr || human_to_stderr() {
        std::io::stderr().lock().write_all(line.as_bytes())
    } else {
        std::io::stdout().lock().write_all(line.as_bytes())
    };
}

/// Writes text already made safe (a rendered table) to stdout, ignoring a closed output.
pub fn print_safe(text: &str) {
    use std::io::Write;
    if human_to_stderr() {
        let mut out = std::io::stderr().lock();
        let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    } else {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    }
}

/// `println!` for anything that may carry market text: sanitized, never panicking on a
/// closed stdout.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { $crate::sanitize::print_line(false, &format!($($arg)*)) };
}

/// `eprintln!` for anything that may carry market text.
#[macro_export]
macro_rules! say_err {
    ($($arg:tt)*) => { $crate::sanitize::print_line(true, &format!($($arg)*)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_never_pass() {
        let hostile = "Key\x1b]0;pwned\x07\r\nforged row\u{9b}31m\u{202E}gnp.exe\u{7f}";
        let safe = for_terminal(hostile);
        assert!(!safe.chars().any(is_unsafe), "{safe:?}");
        assert!(!safe.contains('\n') && safe.starts_with("Key"));
        assert_eq!(for_terminal("AK-47 | Redline (Field-Tested) ★ 東京"), "AK-47 | Redline (Field-Tested) ★ 東京");
    }

    #[test]
    fn registered_secrets_are_redacted() {
        register_secret("sekrit-token-123");
        register_secret("abc");
        assert_eq!(redact("bad token sekrit-token-123!"), "bad token [redacted]!");
        assert_eq!(redact("abc is too short to hunt"), "abc is too short to hunt");
        assert_eq!(for_terminal("x\nsekrit-token-123"), "x [redacted]");
    }
}
