//! One key as the keymap writes it (`o`, `G`, `space`, `ctrl-x`, `PgDn`) and matches it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeySpec {
    pub fn matches(&self, key: &KeyEvent) -> bool {
        // Shift is part of the character itself ('G', '?'), so it is ignored for characters.
        let mods = match key.code {
            KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
            _ => key.modifiers,
        };
        key.code == self.code && mods == self.modifiers
    }

    /// A key as a keymap file writes it: `o`, `G`, `space`, `ctrl-x`, `Enter`, `Esc`, `Tab`,
    /// `shift-tab`, `Backspace`, `PgDn`, `PgUp`, `Up`, `Down`, `Left`, `Right`, `Home`, `End`.
    pub fn parse(text: &str) -> Result<KeySpec, String> {
        let lower = text.trim().to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("ctrl+")) {
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => {
                    Ok(KeySpec { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL })
                }
                _ => Err(format!("\"{text}\": Ctrl goes with one letter or digit, like ctrl-x")),
            };
        }
        let code = match lower.as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
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
        Ok(KeySpec { code, modifiers: KeyModifiers::NONE })
    }

    /// How the key is written in help and hints.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) { format!("Ctrl-{}", base.to_uppercase()) } else { base }
    }
}
