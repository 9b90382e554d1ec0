//! Configuration: flags > environment > `$XDG_CONFIG_HOME/tradedeck/config.toml`.
//!
//! Secrets (tokens, keys) come only from the environment or the file, never from argv, and
//! are held as `Secret` from the moment they are read.

use crate::api::assetpay::{self, Auth, TradeUrl};
use crate::colour::Colour;
use crate::secret::Secret;
use crate::trade::guards::Guards;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const ENV_ASSETPAY_URL: &str = "ASSETPAY_API_URL";
pub const ENV_ASSETPAY_CLIENT_TOKEN: &str = "ASSETPAY_CLIENT_TOKEN";
pub const ENV_ASSETPAY_API_KEY: &str = "ASSETPAY_API_KEY";
pub const ENV_ASSETPAY_TRADE_URL: &str = "ASSETPAY_TRADE_URL";
pub const ENV_MANNCO_URL: &str = "MANNCO_API_URL";
pub const ENV_MANNCO_TOKEN: &str = "MANNCO_TOKEN";
pub const ENV_MANNCO_API_KEY: &str = "MANNCO_API_KEY";
pub const MANNCO_DEFAULT_URL: &str = "https://api.mannco.store";

/// The file's shape. Every field is optional; unknown keys are refused so a typo is noticed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(default)]
    pub assetpay: AssetPaySection,
    #[serde(default)]
    pub mannco: ManncoSection,
    #[serde(default)]
    pub trading: TradingSection,
    /// `[theme]`: colours by role.
    #[serde(default)]
    pub theme: ThemeSection,
    /// `[keys.<layer>]`: action = "key" or ["key", …], as in `assets/keymap.toml`.
    #[serde(default)]
    pub keys: KeyTables,
}

/// `[theme]`: each role's colour, as a name (`cyan`, `lightgreen`), an index (`208`) or
/// `#RRGGBB`. `NO_COLOR` still turns every colour off.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSection {
    pub accent: Option<toml::Spanned<String>>,
    pub good: Option<toml::Spanned<String>>,
    pub warn: Option<toml::Spanned<String>>,
    pub bad: Option<toml::Spanned<String>>,
    pub error: Option<toml::Spanned<String>>,
    pub money: Option<toml::Spanned<String>>,
    pub selected: Option<toml::Spanned<String>>,
    pub dim: Option<toml::Spanned<String>>,
    pub cursor: Option<toml::Spanned<String>>,
}

/// The colours the screens draw with, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub accent: Colour,
    pub good: Colour,
    pub warn: Colour,
    pub bad: Colour,
    pub error: Colour,
    pub money: Colour,
    pub selected: Colour,
    pub dim: Colour,
    /// The cursor row's background.
    pub cursor: Colour,
}

/// The default colours, as shipped and documented.
pub const DEFAULT_THEME: &str = include_str!("../assets/theme.toml");

impl Default for Palette {
    /// The shipped theme, read by the same code as the config's `[theme]`.
    fn default() -> Self {
        #[derive(Deserialize)]
        struct ThemeFile {
            theme: ThemeSection,
        }
        let parsed = toml::from_str::<ThemeFile>(DEFAULT_THEME)
            .map_err(|e| e.message().to_string())
            .and_then(|file| palette(Palette::PLAIN, &file.theme, DEFAULT_THEME));
        // A test checks the shipped theme; should it ever fail, tradedeck still draws.
        parsed.unwrap_or_else(|e| {
            tracing::error!("the built-in theme is invalid: {e}");
            Palette::PLAIN
        })
    }
}

impl Palette {
    /// The terminal's own colours for every role.
    pub const PLAIN: Palette = Palette {
        accent: Colour::Reset,
        good: Colour::Reset,
        warn: Colour::Reset,
        bad: Colour::Reset,
        error: Colour::Reset,
        money: Colour::Reset,
        selected: Colour::Reset,
        dim: Colour::Reset,
        cursor: Colour::Reset,
    };
}

/// Layer name → action name → its keys, with where each is written.
pub type KeyTables = std::collections::BTreeMap<String, std::collections::BTreeMap<String, toml::Spanned<KeysValue>>>;

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum KeysValue {
    One(String),
    Many(Vec<String>),
}

/// One line of `[keys.<layer>]` in the config: the keymap checks and applies it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyOverride {
    pub layer: String,
    pub action: String,
    pub keys: Vec<String>,
    /// Where it is, for the message when it is refused ("config.toml line 12").
    pub place: String,
}

/// The TUI's automatic re-pricing runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AutoRun {
    pub every: time::Duration,
    /// A run changing more items than this asks first.
    pub max_items: usize,
}

impl Default for AutoRun {
    fn default() -> Self {
        AutoRun { every: time::Duration::minutes(5), max_items: 50 }
    }
}

fn auto_run(trading: &TradingSection) -> Result<AutoRun, String> {
    let mut auto = AutoRun::default();
    match trading.auto_run_minutes {
        Some(0) => return Err("[trading] auto_run_minutes = 0: give at least 1 minute".into()),
        Some(m) if m > 24 * 60 => return Err(format!("[trading] auto_run_minutes = {m}: at most a day (1440)")),
        Some(m) => auto.every = time::Duration::minutes(i64::from(m)),
        None => {}
    }
    if let Some(n) = trading.auto_run_max_items {
        auto.max_items = n as usize;
    }
    Ok(auto)
}

/// Limits every money move obeys, whichever market.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TradingSection {
    /// A new price more than this many percent below the current listing or the suggested
    /// price needs a confirmation of its own (default 30).
    pub max_drop_percent: Option<u32>,
    /// Where sales and failed re-pricing runs are announced: a Discord-compatible webhook
    /// (`{"content": …}`). A secret: such URLs carry their token.
    pub notify_url: Option<String>,
    /// Minutes between the TUI's automatic re-pricing runs (default 5).
    pub auto_run_minutes: Option<u32>,
    /// An automatic run that would change more items than this asks first (default 50).
    pub auto_run_max_items: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetPaySection {
    pub api_url: Option<String>,
    pub client_token: Option<String>,
    pub api_key: Option<String>,
    pub trade_url: Option<String>,
    /// Requests per minute: the verified tier's by default (1000 on /client, 10000 on /secure).
    pub requests_per_minute: Option<u32>,
    /// The largest whole-inventory answer read, in MB (decompressed; default 1024).
    pub max_inventory_mb: Option<u32>,
    /// The most items a whole inventory may hold (default 1,000,000).
    pub max_items: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManncoSection {
    pub api_url: Option<String>,
    pub token: Option<String>,
    pub api_key: Option<String>,
    /// Requests per minute per route (default 600).
    pub requests_per_minute: Option<u32>,
    /// The TUI reads the lists and the balance again this often, to see sales (default 60).
    pub refresh_seconds: Option<u32>,
}

/// Values given on the command line (never secrets).
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub assetpay_url: Option<String>,
    pub mannco_url: Option<String>,
    pub trade_url: Option<String>,
    pub config_file: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub assetpay_url: String,
    pub assetpay_client_token: Option<Secret>,
    pub assetpay_api_key: Option<Secret>,
    pub assetpay_trade_url: Option<String>,
    pub mannco_url: String,
    pub mannco_token: Option<Secret>,
    pub mannco_api_key: Option<Secret>,
    pub assetpay_requests_per_minute: Option<u32>,
    pub mannco_requests_per_minute: Option<u32>,
    /// How often the TUI reads the Mannco lists again, to see sales (at least 10 s).
    pub mannco_refresh: time::Duration,
    /// The largest whole-inventory answer read, in bytes.
    pub assetpay_max_inventory_bytes: u64,
    /// The most items a whole inventory (live or saved) may hold.
    pub assetpay_max_items: usize,
    /// The guards every money move passes.
    pub guards: Guards,
    /// The webhook notifications go to (`[trading] notify_url`, or `--notify`).
    pub notify_url: Option<Secret>,
    /// The TUI's automatic re-pricing: how often, and how many items it changes unasked.
    pub auto_run: AutoRun,
    /// Key bindings the config changes, in file order.
    pub key_overrides: Vec<KeyOverride>,
    /// The colours, `[theme]` applied.
    pub palette: Palette,
    /// Running against the built-in demo markets: the demo keeps its own journal.
    pub demo: bool,
    /// Said on screen: warnings found while loading (a world-readable secrets file, …).
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path} is not valid configuration: {reason}")]
    Parse { path: String, reason: String },
}

impl Config {
    /// Loads from the given flags, the process environment and the config file.
    pub fn load(flags: &Flags) -> Result<Config, ConfigError> {
        Config::load_from(flags, &|name| std::env::var(name).ok())
    }

    /// The same, with the environment supplied (tests pass a map).
    pub fn load_from(flags: &Flags, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut warnings = vec![];
        let path = flags.config_file.clone().or_else(|| default_config_path(env));
        let file = match &path {
            Some(path) if path.exists() || flags.config_file.is_some() => read_file(path, &mut warnings)?,
            _ => Loaded::default(),
        };
        let env_value = |name: &str| env(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let secret = |name: &str, file_value: Option<String>| {
            env_value(name).or(file_value).map(Secret::new).filter(|s| !s.is_empty())
        };
        Ok(Config {
            assetpay_url: flags
                .assetpay_url
                .clone()
                .or_else(|| env_value(ENV_ASSETPAY_URL))
                .or(file.assetpay.api_url)
                .unwrap_or_else(|| assetpay::DEFAULT_URL.into()),
            assetpay_client_token: secret(ENV_ASSETPAY_CLIENT_TOKEN, file.assetpay.client_token),
            assetpay_api_key: secret(ENV_ASSETPAY_API_KEY, file.assetpay.api_key),
            assetpay_trade_url: flags
                .trade_url
                .clone()
                .or_else(|| env_value(ENV_ASSETPAY_TRADE_URL))
                .or(file.assetpay.trade_url),
            mannco_url: flags
                .mannco_url
                .clone()
                .or_else(|| env_value(ENV_MANNCO_URL))
                .or(file.mannco.api_url)
                .unwrap_or_else(|| MANNCO_DEFAULT_URL.into()),
            mannco_token: secret(ENV_MANNCO_TOKEN, file.mannco.token),
            mannco_api_key: secret(ENV_MANNCO_API_KEY, file.mannco.api_key),
            assetpay_requests_per_minute: file.assetpay.requests_per_minute,
            assetpay_max_inventory_bytes: file
                .assetpay
                .max_inventory_mb
                .map(|mb| u64::from(mb.max(1)) << 20)
                .unwrap_or(assetpay::DEFAULT_WHOLE_BODY_LIMIT),
            assetpay_max_items: file
                .assetpay
                .max_items
                .map(|n| n.max(1) as usize)
                .unwrap_or(assetpay::DEFAULT_MAX_ITEMS),
            mannco_requests_per_minute: file.mannco.requests_per_minute,
            mannco_refresh: time::Duration::seconds(i64::from(file.mannco.refresh_seconds.unwrap_or(60).max(10))),
            guards: guards(&file.trading).map_err(|reason| ConfigError::Parse {
                path: path.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
                reason,
            })?,
            notify_url: file.trading.notify_url.clone().map(Secret::new),
            auto_run: auto_run(&file.trading).map_err(|reason| ConfigError::Parse {
                path: path.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
                reason,
            })?,
            demo: false,
            key_overrides: file.key_overrides,
            palette: file.palette,
            warnings,
        })
    }

    /// How to reach AssetPay: a client token selects /client; else an API key and a trade URL
    /// select /secure. `None` when neither is configured; an error when the trade URL is bad.
    pub fn assetpay_auth(&self) -> Option<Result<Auth, String>> {
        if let Some(token) = &self.assetpay_client_token {
            return Some(Ok(Auth::Client { token: token.clone() }));
        }
        let api_key = self.assetpay_api_key.clone()?;
        let Some(trade_url) = &self.assetpay_trade_url else {
            return Some(Err(format!(
                "{ENV_ASSETPAY_API_KEY} is set but {ENV_ASSETPAY_TRADE_URL} is not: the /secure inventory needs the trade URL of the account to read."
            )));
        };
        let checked = TradeUrl::parse(trade_url).map_err(|e| format!("{ENV_ASSETPAY_TRADE_URL} (or --trade-url): {e}"));
        Some(checked.map(|trade_url| Auth::Secure { api_key, trade_url }))
    }

    /// The journal of the configured Mannco account, under the data dir, named after the
    /// market's address and the account: the Steam id the market names (so a token and an API
    /// key of one account share it), else a fingerprint of the credential. The demo, a
    /// simulator and live use never see each other's entries.
    pub fn mannco_journal_path(&self, account: Option<&str>) -> PathBuf {
        let name = match (self.demo, account) {
            (true, _) => "mannco-demo".to_string(),
            (false, Some(steam_id)) => format!("mannco-{}-steam{steam_id}", url_label(&self.mannco_url)),
            (false, None) => self.mannco_credential_journal_name(),
        };
        data_dir().join("journals").join(format!("{name}.jsonl"))
    }

    fn mannco_credential_journal_name(&self) -> String {
        let account = self
            .mannco_api_key
            .as_ref()
            .or(self.mannco_token.as_ref())
            .map(Secret::fingerprint)
            .unwrap_or_else(|| "anonymous".into());
        format!("mannco-{}-{account}", url_label(&self.mannco_url))
    }

    /// Journals of this Mannco account that earlier versions wrote, still read, listed and
    /// reconciled: one per credential (before accounts were told apart by the market), and
    /// the single `journal.jsonl` of the first versions.
    pub fn earlier_mannco_journals(&self, current: &std::path::Path) -> Vec<PathBuf> {
        if self.demo {
            return vec![];
        }
        let label = url_label(&self.mannco_url);
        let mut paths: Vec<PathBuf> = [&self.mannco_api_key, &self.mannco_token]
            .into_iter()
            .flatten()
            .map(|secret| data_dir().join("journals").join(format!("mannco-{label}-{}.jsonl", secret.fingerprint())))
            .collect();
        paths.push(data_dir().join("journal.jsonl"));
        paths.dedup();
        paths.into_iter().filter(|p| p != current && p.exists()).collect()
    }

    /// The journal of AssetPay sales for this account, beside the Mannco ones.
    pub fn assetpay_journal_path(&self) -> PathBuf {
        let name = if self.demo {
            "assetpay-demo".to_string()
        } else {
            let account = self
                .assetpay_api_key
                .as_ref()
                .or(self.assetpay_client_token.as_ref())
                .map(Secret::fingerprint)
                .unwrap_or_else(|| "anonymous".into());
            format!("assetpay-{}-{account}", url_label(&self.assetpay_url))
        };
        data_dir().join("journals").join(format!("{name}.jsonl"))
    }

    pub fn has_mannco(&self) -> bool {
        self.mannco_token.is_some() || self.mannco_api_key.is_some()
    }

    /// Every secret configured, for tests that prove none of them leaks.
    pub fn secrets(&self) -> Vec<&Secret> {
        [
            &self.assetpay_client_token,
            &self.assetpay_api_key,
            &self.mannco_token,
            &self.mannco_api_key,
            &self.notify_url,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

fn guards(trading: &TradingSection) -> Result<Guards, String> {
    match trading.max_drop_percent {
        None => Ok(Guards::default()),
        Some(p) if p <= 100 => Ok(Guards { max_drop_percent: p }),
        Some(p) => Err(format!("[trading] max_drop_percent = {p}: give a percentage from 0 to 100")),
    }
}

/// A market's address as a file-name part: host and port, anything else replaced.
fn url_label(url: &str) -> String {
    let parsed = reqwest::Url::parse(url).ok();
    let host = parsed.as_ref().and_then(|u| u.host_str()).unwrap_or(url);
    let label = match parsed.as_ref().and_then(|u| u.port()) {
        Some(port) => format!("{host}-{port}"),
        None => host.to_string(),
    };
    label.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).take(80).collect()
}

pub fn default_config_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let base = env("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("tradedeck").join("config.toml"))
}

/// The default place of the re-pricing rules: `$XDG_CONFIG_HOME/tradedeck/rules.toml`.
pub fn rules_path() -> Option<PathBuf> {
    let env = |k: &str| std::env::var(k).ok();
    default_config_path(&env).map(|p| p.with_file_name("rules.toml"))
}

/// The ledger (`docs/ledger.md`): `$XDG_DATA_HOME/tradedeck/ledger.sqlite3`.
pub fn ledger_path() -> PathBuf {
    data_dir().join("ledger.sqlite3")
}

/// Where every account's journal is.
pub fn journals_dir() -> PathBuf {
    data_dir().join("journals")
}

/// `$XDG_DATA_HOME/tradedeck` (or `~/.local/share/tradedeck`): logs and, later, the journal.
pub fn data_dir() -> PathBuf {
    std::env::var("XDG_DATA_HOME")
        .ok()
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var("HOME").ok().map(|h| PathBuf::from(h).join(".local").join("share")))
        .unwrap_or_else(std::env::temp_dir)
        .join("tradedeck")
}

/// The file's sections, with the key overrides placed by line.
#[derive(Default)]
struct Loaded {
    assetpay: AssetPaySection,
    mannco: ManncoSection,
    trading: TradingSection,
    key_overrides: Vec<KeyOverride>,
    palette: Palette,
}

/// The largest config file read.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

fn read_file(path: &Path, warnings: &mut Vec<String>) -> Result<Loaded, ConfigError> {
    use std::io::Read;
    let shown = path.display().to_string();
    let read_error = |reason: String| ConfigError::Read { path: shown.clone(), reason };
    // At most 1 MB: the config (key bindings included) is small, and `/dev/zero` is refused,
    // not read until memory runs out.
    let mut bytes = vec![];
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| read_error(e.to_string()))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(read_error("it is larger than 1 MB: not read".into()));
    }
    let text = String::from_utf8(bytes).map_err(|_| read_error("it is not UTF-8 text".into()))?;
    let file: FileConfig = toml::from_str(&text)
        .map_err(|e| ConfigError::Parse { path: shown.clone(), reason: describe_toml_error(&text, &e) })?;
    let holds_secrets = [&file.assetpay.client_token, &file.assetpay.api_key, &file.mannco.token, &file.mannco.api_key]
        .iter()
        .any(|s| s.is_some());
    if holds_secrets && readable_by_others(path) {
        warnings.push(format!("{shown} holds secrets and other users can read it: run chmod 600 {shown}"));
    }
    let key_overrides = key_lines(file.keys, &text, &shown);
    let palette = palette(Palette::default(), &file.theme, &text)
        .map_err(|reason| ConfigError::Parse { path: shown.clone(), reason })?;
    Ok(Loaded { assetpay: file.assetpay, mannco: file.mannco, trading: file.trading, key_overrides, palette })
}

/// Key tables (`layer → action → keys`) as lines the keymap checks and applies, each with
/// its place in `text` (the file `shown`).
pub fn key_lines(tables: KeyTables, text: &str, shown: &str) -> Vec<KeyOverride> {
    let mut lines = vec![];
    for (layer, bindings) in tables {
        for (action, value) in bindings {
            let line = line_of(text, value.span().start);
            let keys = match value.into_inner() {
                KeysValue::One(key) => vec![key],
                KeysValue::Many(keys) => keys,
            };
            lines.push(KeyOverride { layer: layer.clone(), action, keys, place: format!("{shown} line {line}") });
        }
    }
    lines
}

/// `base` with `[theme]` applied; a colour that is not one says its line.
fn palette(base: Palette, theme: &ThemeSection, text: &str) -> Result<Palette, String> {
    let mut palette = base;
    let roles = [
        (&theme.accent, &mut palette.accent),
        (&theme.good, &mut palette.good),
        (&theme.warn, &mut palette.warn),
        (&theme.bad, &mut palette.bad),
        (&theme.error, &mut palette.error),
        (&theme.money, &mut palette.money),
        (&theme.selected, &mut palette.selected),
        (&theme.dim, &mut palette.dim),
        (&theme.cursor, &mut palette.cursor),
    ];
    for (value, slot) in roles {
        if let Some(value) = value {
            let line = line_of(text, value.span().start);
            *slot = value.get_ref().trim().parse::<Colour>().map_err(|_| {
                format!("line {line}: \"{}\" is not a colour (a name like cyan, a number, or #RRGGBB)", value.get_ref())
            })?;
        }
    }
    Ok(palette)
}

/// The line (from 1) a byte offset of the file falls on.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The TOML error with the line it is on, which toml reports as a byte span.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let line = line_of(text, span.start);
            format!("line {line}: {message}")
        }
        None => message,
    }
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).map(|m| m.permissions().mode() & 0o044 != 0).unwrap_or(false)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

/// What to set, in one screen, for a trader who has configured nothing yet.
pub fn setup_help() -> String {
    format!(
        "tradedeck needs market credentials.\n\
         \n\
         AssetPay (CS2 and Rust inventory with instant-sell offers), either:\n\
         \x20 {ENV_ASSETPAY_CLIENT_TOKEN}   your client token               → /client/inventory\n\
         \x20 {ENV_ASSETPAY_API_KEY} + {ENV_ASSETPAY_TRADE_URL}   merchant key + trade URL → /secure/inventory\n\
         Mannco.store (TF2 and CS stock):\n\
         \x20 {ENV_MANNCO_TOKEN} (a JWT) or {ENV_MANNCO_API_KEY}\n\
         Optional: {ENV_ASSETPAY_URL}, {ENV_MANNCO_URL} to point at another server.\n\
         \n\
         The same settings can live in {}:\n\
         \x20 [assetpay]\n\
         \x20 client_token = \"…\"\n\
         \x20 [mannco]\n\
         \x20 api_key = \"…\"\n\
         \n\
         To try tradedeck now on built-in simulated markets: tradedeck --demo",
        default_config_path(&|n| std::env::var(n).ok())
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "$XDG_CONFIG_HOME/tradedeck/config.toml".into())
    )
}

#[cfg(test)]
mod tests;
