//! Where a pane's data comes from: a market that can be read, or why not.

/// Where the pane's data comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// Credentials are set: the worker can fetch.
    Ready { endpoint: &'static str },
    /// Not configured, or misconfigured: the text says what to set.
    Unavailable(String),
}
