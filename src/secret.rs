//! A string that must never be printed: API tokens and keys.
//!
//! `Debug` and `Display` both redact, so a secret that slips into a log line, an error or a
//! panic message shows as `[redacted]`. The value is only reachable through `expose`, which
//! makes every use site greppable.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret and registers it, so `sanitize::redact` hides it from then on wherever
    /// it turns up (a server echoing it back in an error, say).
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        crate::sanitize::register_secret(&value);
        Secret(value)
    }

    /// The raw value, for the one place that puts it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A short, one-way fingerprint that tells accounts apart (the journal's file name)
    /// without revealing the secret: the first 12 hex digits of its SHA-256.
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(self.0.as_bytes());
        digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("ap_live_123456");
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(s.expose(), "ap_live_123456");
    }
}
