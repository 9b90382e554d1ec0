//! The configuration read from flags, environment and file: precedence, secrets, keys, theme.

use super::*;
use std::collections::HashMap;

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |k| map.get(k).cloned()
}

#[test]
fn flags_beat_env_beat_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[assetpay]\napi_url = \"http://file\"\nclient_token = \"file-token\"\n").unwrap();
    let flags = Flags { config_file: Some(file.clone()), ..Default::default() };
    let c = Config::load_from(&flags, &env_of(&[])).unwrap();
    assert_eq!(c.assetpay_url, "http://file");
    assert_eq!(c.assetpay_client_token.unwrap().expose(), "file-token");
    let env = env_of(&[(ENV_ASSETPAY_URL, "http://env"), (ENV_ASSETPAY_CLIENT_TOKEN, "env-token")]);
    let c = Config::load_from(&flags, &env).unwrap();
    assert_eq!(c.assetpay_url, "http://env");
    assert_eq!(c.assetpay_client_token.unwrap().expose(), "env-token");
    let flags = Flags { assetpay_url: Some("http://flag".into()), ..flags };
    assert_eq!(Config::load_from(&flags, &env).unwrap().assetpay_url, "http://flag");
}

#[test]
fn the_shipped_theme_sets_every_role() {
    let palette = Palette::default();
    assert_ne!(palette, Palette::PLAIN);
    assert_eq!(palette.accent, Colour::Ansi(6));
    assert_eq!(palette.cursor, Colour::Rgb(45, 52, 70));
    let roles = [palette.good, palette.warn, palette.bad, palette.error, palette.money, palette.selected, palette.dim];
    assert!(roles.iter().all(|c| *c != Colour::Reset));
}

#[test]
fn the_example_config_parses_with_every_setting_filled_in() {
    let text = include_str!("../../assets/config.example.toml");
    assert!(toml::from_str::<FileConfig>(text).is_ok());
    let is_setting = |l: &str| l.starts_with("# [") || (l.starts_with("# ") && l.contains(" = \""));
    let filled: Vec<&str> = text.lines().map(|l| if is_setting(l) { &l[2..] } else { l }).collect();
    let parsed = toml::from_str::<FileConfig>(&filled.join("\n")).unwrap();
    assert!(parsed.assetpay.client_token.is_some() && parsed.mannco.api_key.is_some());
    assert!(parsed.keys.get("list").is_some_and(|keys| keys.contains_key("sort")));
}

#[test]
fn bad_toml_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[assetpay]\napi_url = \"ok\"\nclient_token = 42\n").unwrap();
    let flags = Flags { config_file: Some(file), ..Default::default() };
    let err = Config::load_from(&flags, &env_of(&[])).unwrap_err().to_string();
    assert!(err.contains("line 3"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_secrets_file_others_can_read_draws_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[mannco]\napi_key = \"k\"\n").unwrap();
    let flags = Flags { config_file: Some(file.clone()), ..Default::default() };
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let warnings = Config::load_from(&flags, &env_of(&[])).unwrap().warnings;
    assert!(warnings[0].contains("chmod 600"), "{warnings:?}");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(Config::load_from(&flags, &env_of(&[])).unwrap().warnings.is_empty());
}

#[test]
fn api_key_without_trade_url_says_what_is_missing() {
    let c = Config::load_from(&Flags::default(), &env_of(&[(ENV_ASSETPAY_API_KEY, "ap_x")])).unwrap();
    let err = c.assetpay_auth().unwrap().unwrap_err();
    assert!(err.contains(ENV_ASSETPAY_TRADE_URL));
}

#[test]
fn client_token_selects_client_endpoint() {
    let env = env_of(&[(ENV_ASSETPAY_CLIENT_TOKEN, "t"), (ENV_ASSETPAY_API_KEY, "k")]);
    let c = Config::load_from(&Flags::default(), &env).unwrap();
    assert!(matches!(c.assetpay_auth(), Some(Ok(Auth::Client { .. }))));
    assert!(!format!("{c:?}").contains("\"t\""));
}
