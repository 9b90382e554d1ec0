//! One table of key bindings drives both key handling and the help overlay, so the help can
//! never drift from the keys. Actions derive serde so the table can later come from a file.

use crate::config::KeyOverride;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // Names in `[keys.…]` are these, snake_case; a few read as traders say them (`sort`).
    Quit,
    Help,
    NextPane,
    PrevPane,
    FocusPane1,
    FocusPane2,
    FocusPane3,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Search,
    #[serde(alias = "sort")]
    NextSort,
    PriceFilter,
    PrevPage,
    NextPage,
    Refresh,
    Details,
    ToggleGame,
    ToggleSelect,
    SelectAll,
    SelectQuantity,
    Price,
    Withdraw,
    Journal,
    Suspend,
    ClearFilters,
}

/// Where an action applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Global,
    /// Every list pane.
    Lists,
    AssetPay,
    Mannco,
}

impl Action {
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "show or hide this help",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::FocusPane1 => "AssetPay inventory pane",
            Action::FocusPane2 => "Mannco on-sale pane",
            Action::FocusPane3 => "Mannco inventory pane",
            Action::Down => "move down",
            Action::Up => "move up",
            Action::Top => "first row",
            Action::Bottom => "last row",
            Action::PageDown => "one screen down",
            Action::PageUp => "one screen up",
            Action::Search => "search",
            Action::NextSort => "next sort order",
            Action::PriceFilter => "filter by offer price",
            Action::PrevPage => "previous page",
            Action::NextPage => "next page",
            Action::Refresh => "refresh (bypass caches)",
            Action::Details => "item details",
            Action::ToggleGame => "switch game CS2 / Rust",
            Action::ToggleSelect => "select / unselect row",
            Action::SelectAll => "select all shown / clear",
            Action::SelectQuantity => "select how many of a row",
            Action::Price => "price the selection",
            Action::Withdraw => "withdraw selection to Steam",
            Action::Journal => "journal of prices and withdrawals",
            Action::Suspend => "suspend to the shell",
            Action::ClearFilters => "clear the kept search and filters",
        }
    }

    pub fn scope(self) -> Scope {
        match self {
            Action::Quit
            | Action::Help
            | Action::NextPane
            | Action::PrevPane
            | Action::FocusPane1
            | Action::FocusPane2
            | Action::FocusPane3
            | Action::Journal
            | Action::Suspend => Scope::Global,
            Action::PriceFilter | Action::PrevPage | Action::NextPage | Action::Details | Action::ToggleGame => {
                Scope::AssetPay
            }
            Action::SelectQuantity | Action::Price | Action::Withdraw => Scope::Mannco,
            _ => Scope::Lists,
        }
    }

    /// The short label in the bottom command bar, for the actions worth showing there.
    pub fn hint(self) -> Option<&'static str> {
        Some(match self {
            Action::Search => "search",
            Action::NextSort => "sort",
            Action::PriceFilter => "price",
            Action::PrevPage => "page",
            Action::Refresh => "refresh",
            Action::Details => "details",
            Action::ToggleGame => "game",
            Action::ToggleSelect => "select",
            Action::SelectQuantity => "quantity",
            Action::Price => "price",
            Action::Withdraw => "withdraw",
            Action::Help => "help",
            Action::Quit => "quit",
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeySpec {
    const fn plain(code: KeyCode) -> Self {
        KeySpec { code, modifiers: KeyModifiers::NONE }
    }

    const fn ctrl(c: char) -> Self {
        KeySpec { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
    }

    fn matches(&self, key: &KeyEvent) -> bool {
        // Shift is part of the character itself ('G', '?'), so it is ignored for characters.
        let mods = match key.code {
            KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
            _ => key.modifiers,
        };
        let mods = if key.code == KeyCode::BackTab { mods - KeyModifiers::SHIFT } else { mods };
        key.code == self.code && mods == self.modifiers
    }

    /// A key as a config file writes it: `o`, `G`, `space`, `ctrl-x`, `Enter`, `Esc`, `Tab`,
    /// `shift-tab`, `PgDn`, `PgUp`, `Up`, `Down`, `Left`, `Right`, `Home`, `End`.
    pub fn parse(text: &str) -> Result<KeySpec, String> {
        let lower = text.trim().to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("ctrl+")) {
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => Ok(KeySpec::ctrl(c)),
                _ => Err(format!("\"{text}\": Ctrl goes with one letter or digit, like ctrl-x")),
            };
        }
        let code = match lower.as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "pgup" | "pageup" => KeyCode::PageUp,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            _ => {
                let mut chars = text.trim().chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() => KeyCode::Char(c),
                    _ => {
                        return Err(format!(
                            "\"{text}\" is not a key tradedeck knows (a character, space, Enter, Esc, Tab, PgDn, Up, ctrl-x…)"
                        ));
                    }
                }
            }
        };
        Ok(KeySpec::plain(code))
    }

    /// How the key is written in help and hints.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) { format!("Ctrl-{}", base.to_uppercase()) } else { base }
    }
}

#[derive(Clone, Debug)]
pub struct Binding {
    pub keys: Vec<KeySpec>,
    pub action: Action,
}

#[derive(Clone, Debug)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode::*;
        let c = |ch| KeySpec::plain(Char(ch));
        let p = KeySpec::plain;
        let bind = |action, keys: &[KeySpec]| Binding { keys: keys.to_vec(), action };
        Keymap {
            bindings: vec![
                bind(Action::Down, &[c('j'), p(Down)]),
                bind(Action::Up, &[c('k'), p(Up)]),
                bind(Action::Top, &[c('g'), p(Home)]),
                bind(Action::Bottom, &[c('G'), p(End)]),
                bind(Action::PageDown, &[p(PageDown)]),
                bind(Action::PageUp, &[p(PageUp)]),
                bind(Action::Search, &[c('/')]),
                bind(Action::ClearFilters, &[p(Esc)]),
                bind(Action::NextSort, &[c('s')]),
                bind(Action::PriceFilter, &[c('f')]),
                bind(Action::PrevPage, &[c('[')]),
                bind(Action::NextPage, &[c(']')]),
                bind(Action::Refresh, &[c('r')]),
                bind(Action::Details, &[p(Enter)]),
                bind(Action::ToggleGame, &[c('t')]),
                bind(Action::ToggleSelect, &[c(' ')]),
                bind(Action::SelectAll, &[c('a')]),
                bind(Action::SelectQuantity, &[c('n')]),
                bind(Action::Price, &[c('p')]),
                bind(Action::Withdraw, &[c('w')]),
                bind(Action::NextPane, &[p(Tab)]),
                bind(Action::PrevPane, &[p(BackTab)]),
                bind(Action::FocusPane1, &[c('1')]),
                bind(Action::FocusPane2, &[c('2')]),
                bind(Action::FocusPane3, &[c('3')]),
                bind(Action::Journal, &[c('J')]),
                bind(Action::Help, &[c('?')]),
                bind(Action::Suspend, &[KeySpec::ctrl('z')]),
                bind(Action::Quit, &[c('q'), KeySpec::ctrl('c')]),
            ],
        }
    }
}

impl Keymap {
    /// The default keymap with the config's overrides applied: each override replaces the
    /// action's keys. An unknown layer or action, a bad key, an action in the wrong layer or
    /// a key bound twice is refused, naming the line.
    pub fn with_overrides(overrides: &[KeyOverride]) -> Result<Keymap, String> {
        let mut keymap = Keymap::default();
        // Which line set each action's keys, to name it when a key is bound twice.
        let mut placed: Vec<(Action, &str)> = vec![];
        for o in overrides {
            let refuse = |why: String| Err(format!("{}: [keys.{}] {}: {why}", o.place, o.layer, o.action));
            let action: Action = match serde_json::from_value(serde_json::Value::String(o.action.clone())) {
                Ok(action) => action,
                Err(_) => return refuse("no such action (see the example in assets/config.example.toml)".into()),
            };
            let layer_ok = match o.layer.as_str() {
                "global" => action.scope() == Scope::Global,
                "list" => action.scope() != Scope::Global,
                _ => return refuse("layers are [keys.global] and [keys.list]".into()),
            };
            if !layer_ok {
                let right = if action.scope() == Scope::Global { "global" } else { "list" };
                return refuse(format!("this action is in [keys.{right}]"));
            }
            let keys = match o.keys.iter().map(|k| KeySpec::parse(k)).collect::<Result<Vec<_>, _>>() {
                Ok(keys) if !keys.is_empty() => keys,
                Ok(_) => return refuse("give at least one key".into()),
                Err(why) => return refuse(why),
            };
            // In place: help and hints keep the table's order.
            match keymap.bindings.iter_mut().find(|b| b.action == action) {
                Some(binding) => binding.keys = keys,
                None => keymap.bindings.push(Binding { keys, action }),
            }
            placed.push((action, &o.place));
        }
        // No key may mean two things.
        for (i, b) in keymap.bindings.iter().enumerate() {
            for key in &b.keys {
                if let Some(other) = keymap.bindings[i + 1..].iter().find(|o| o.keys.contains(key)) {
                    let place = placed
                        .iter()
                        .find(|(action, _)| *action == b.action || *action == other.action)
                        .map_or("the config", |(_, place)| place);
                    return Err(format!(
                        "{place}: {} is bound to both \"{}\" and \"{}\"",
                        key.label(),
                        b.action.description(),
                        other.action.description()
                    ));
                }
            }
        }
        Ok(keymap)
    }

    pub fn action_for(&self, key: &KeyEvent) -> Option<Action> {
        self.bindings.iter().find(|b| b.keys.iter().any(|k| k.matches(key))).map(|b| b.action)
    }

    /// "j ↓" — every key bound to an action, for help and hints.
    pub fn keys_label(&self, action: Action) -> String {
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .flat_map(|b| b.keys.iter().map(KeySpec::label))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_characters_and_ctrl() {
        let km = Keymap::default();
        let key = |code, modifiers| KeyEvent::new(code, modifiers);
        assert_eq!(km.action_for(&key(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(km.action_for(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(km.action_for(&key(KeyCode::Char('c'), KeyModifiers::NONE)), None);
        assert_eq!(km.action_for(&key(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::PrevPane));
        assert_eq!(km.keys_label(Action::Down), "j ↓");
    }

    #[test]
    fn every_action_has_a_key() {
        let km = Keymap::default();
        for b in &km.bindings {
            assert!(!b.keys.is_empty(), "{:?}", b.action);
        }
    }
}
