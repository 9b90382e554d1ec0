//! Keys are data: one table per layer (`assets/keymap.toml`, read by the same code that
//! applies the config's `[keys.<layer>]` overrides). The same tables drive key handling, the
//! hint bar and the help, so neither can drift from the keys.

mod action;
mod key;

pub use action::{Action, Layer};
pub use key::KeySpec;

use crate::config::KeyOverride;
use crossterm::event::KeyEvent;
use std::collections::BTreeMap;

/// The default keys, as shipped and documented.
pub const DEFAULT_KEYMAP: &str = include_str!("../../../assets/keymap.toml");

#[derive(Clone, Debug)]
pub struct Binding {
    pub keys: Vec<KeySpec>,
    pub action: Action,
}

#[derive(Clone, Debug)]
pub struct Keymap {
    /// Each layer's bindings, in the actions' order (the order of help and hints).
    layers: BTreeMap<Layer, Vec<Binding>>,
}

impl Default for Keymap {
    fn default() -> Self {
        match Keymap::with_overrides(&[]) {
            Ok(keymap) => keymap,
            // The shipped table is checked by a test; should it ever fail, tradedeck still
            // starts, with no keys but Ctrl-C (handled by the terminal loop's signal path).
            Err(e) => {
                tracing::error!("the built-in keymap is invalid: {e}");
                Keymap { layers: BTreeMap::new() }
            }
        }
    }
}

impl Keymap {
    /// The shipped keymap with the config's overrides applied: each replaces an action's
    /// keys in its layer. An unknown layer or action, a bad key, an action in the wrong layer
    /// or a key bound twice is refused, naming the line.
    pub fn with_overrides(overrides: &[KeyOverride]) -> Result<Keymap, String> {
        let tables: crate::config::KeyTables =
            toml::from_str(DEFAULT_KEYMAP).map_err(|e| format!("assets/keymap.toml: {}", e.message()))?;
        let defaults = crate::config::key_lines(tables, DEFAULT_KEYMAP, "assets/keymap.toml");
        let mut keymap = Keymap { layers: BTreeMap::new() };
        // Where each (layer, action) got its keys, to name the line when a key is bound twice.
        let mut placed: BTreeMap<(Layer, Action), &str> = BTreeMap::new();
        for line in defaults.iter().chain(overrides) {
            let (layer, action, keys) = parse_line(line)?;
            let bindings = keymap.layers.entry(layer).or_default();
            match bindings.iter_mut().find(|b| b.action == action) {
                Some(binding) => binding.keys = keys,
                None => bindings.push(Binding { keys, action }),
            }
            placed.insert((layer, action), &line.place);
        }
        for bindings in keymap.layers.values_mut() {
            bindings.sort_by_key(|b| b.action);
        }
        keymap.refuse_conflicts(&placed)?;
        Ok(keymap)
    }

    /// No key may mean two things in one layer, nor in the list and global layers, which
    /// apply together.
    fn refuse_conflicts(&self, placed: &BTreeMap<(Layer, Action), &str>) -> Result<(), String> {
        let empty = vec![];
        for (&layer, bindings) in &self.layers {
            let mut seen: Vec<(Layer, &Binding)> = bindings.iter().map(|b| (layer, b)).collect();
            if layer == Layer::List {
                seen.extend(self.layers.get(&Layer::Global).unwrap_or(&empty).iter().map(|b| (Layer::Global, b)));
            }
            for (i, (layer_a, a)) in seen.iter().enumerate() {
                for key in &a.keys {
                    let Some((layer_b, b)) = seen[i + 1..].iter().find(|(_, b)| b.keys.contains(key)) else {
                        continue;
                    };
                    // Name the line a trader wrote when there is one, else the shipped one.
                    let places = [placed.get(&(*layer_a, a.action)), placed.get(&(*layer_b, b.action))];
                    let place = places
                        .iter()
                        .flatten()
                        .find(|p| !p.starts_with("assets/"))
                        .or(places.iter().flatten().next())
                        .map_or("the keymap", |p| **p);
                    return Err(format!(
                        "{place}: {} is bound to both \"{}\" and \"{}\"",
                        key.label(),
                        a.action.description(),
                        b.action.description()
                    ));
                }
            }
        }
        Ok(())
    }

    /// The action a key asks for in a layer; the list layer falls back to the global one.
    pub fn action_for(&self, layer: Layer, key: &KeyEvent) -> Option<Action> {
        let find =
            |layer| self.bindings(layer).iter().find(|b| b.keys.iter().any(|k| k.matches(key))).map(|b| b.action);
        find(layer).or_else(|| if layer == Layer::List { find(Layer::Global) } else { None })
    }

    pub fn bindings(&self, layer: Layer) -> &[Binding] {
        self.layers.get(&layer).map_or(&[], Vec::as_slice)
    }

    /// "j ↓": every key bound to an action in a layer, for help and messages.
    pub fn keys_label(&self, layer: Layer, action: Action) -> String {
        self.keys(layer, action).iter().map(KeySpec::label).collect::<Vec<_>>().join(" ")
    }

    /// The first key of an action, as hints show it ("" when it has none).
    pub fn key_label(&self, layer: Layer, action: Action) -> String {
        self.keys(layer, action).first().map(KeySpec::label).unwrap_or_default()
    }

    fn keys(&self, layer: Layer, action: Action) -> &[KeySpec] {
        self.bindings(layer).iter().find(|b| b.action == action).map_or(&[], |b| b.keys.as_slice())
    }

    /// A layer's hint bar: (keys, label) pairs, skipping actions `shows` leaves out.
    pub fn hints(&self, layer: Layer, shows: impl Fn(Action) -> bool) -> Vec<(String, &'static str)> {
        layer
            .hints()
            .iter()
            .filter(|(action, _, _)| shows(*action))
            .filter_map(|&(action, with, label)| {
                let first = self.key_label(layer, action);
                let keys = match with {
                    Some(other) => format!("{first} {}", self.key_label(layer, other)),
                    None => first,
                };
                (!keys.trim().is_empty()).then(|| (keys.trim().to_string(), label))
            })
            .collect()
    }
}

/// One `[keys.<layer>] action = keys` line, checked.
fn parse_line(line: &KeyOverride) -> Result<(Layer, Action, Vec<KeySpec>), String> {
    let refuse = |why: String| Err(format!("{}: [keys.{}] {}: {why}", line.place, line.layer, line.action));
    let Some(layer) = Layer::parse(&line.layer) else {
        let names: Vec<&str> = Layer::ALL.iter().map(|l| l.name()).collect();
        return refuse(format!("there is no such layer; layers are {}", names.join(", ")));
    };
    let action: Action = match serde_json::from_value(serde_json::Value::String(line.action.clone())) {
        Ok(action) => action,
        Err(_) => return refuse("no such action (assets/keymap.toml lists them all)".into()),
    };
    if !layer.actions().contains(&action) {
        let homes: Vec<String> = Layer::ALL
            .iter()
            .filter(|l| l.actions().contains(&action))
            .map(|l| format!("[keys.{}]", l.name()))
            .collect();
        return refuse(format!("this action is in {}", homes.join(" or ")));
    }
    match line.keys.iter().map(|k| KeySpec::parse(k)).collect::<Result<Vec<_>, _>>() {
        Ok(keys) if !keys.is_empty() => Ok((layer, action, keys)),
        Ok(_) => refuse("give at least one key".into()),
        Err(why) => refuse(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn shifted_characters_and_ctrl() {
        let km = Keymap::default();
        let key = |code, modifiers| KeyEvent::new(code, modifiers);
        assert_eq!(km.action_for(Layer::List, &key(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(km.action_for(Layer::List, &ctrl_c), Some(Action::ForceQuit), "falls back to global");
        assert_eq!(km.action_for(Layer::Search, &ctrl_c), None, "typing layers do not");
        assert_eq!(km.action_for(Layer::List, &key(KeyCode::Char('c'), KeyModifiers::NONE)), None);
        assert_eq!(km.action_for(Layer::List, &key(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::PrevPane));
        assert_eq!(km.keys_label(Layer::List, Action::Down), "j ↓");
        assert_eq!(km.action_for(Layer::Review, &key(KeyCode::Char('y'), KeyModifiers::NONE)), Some(Action::Confirm));
    }

    #[test]
    fn the_shipped_keymap_binds_every_action_of_every_layer() {
        let km = Keymap::with_overrides(&[]).expect("assets/keymap.toml is valid");
        for layer in Layer::ALL {
            for action in layer.actions() {
                assert!(!km.keys_label(layer, *action).is_empty(), "[{}] {action:?} has no key", layer.name());
            }
            for (action, with, _) in layer.hints() {
                assert!(layer.actions().contains(action), "[{}] hints {action:?}", layer.name());
                assert!(with.is_none_or(|w| layer.actions().contains(&w)));
            }
        }
    }

    #[test]
    fn an_override_in_a_dialog_layer_applies_there_only() {
        let line = |layer: &str, action: &str, key: &str| KeyOverride {
            layer: layer.into(),
            action: action.into(),
            keys: vec![key.into()],
            place: "config.toml line 3".into(),
        };
        let km = Keymap::with_overrides(&[line("review", "confirm", "Y")]).unwrap();
        let press = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(km.action_for(Layer::Review, &press('Y')), Some(Action::Confirm));
        assert_eq!(km.action_for(Layer::Review, &press('y')), None);
        let err = Keymap::with_overrides(&[line("pricing", "confirm", "y")]).unwrap_err();
        assert!(err.contains("config.toml line 3") && err.contains("[keys.review]"), "{err}");
        let err = Keymap::with_overrides(&[line("dialogs", "close", "x")]).unwrap_err();
        assert!(err.contains("no such layer"), "{err}");
        let err = Keymap::with_overrides(&[line("list", "sort", "q")]).unwrap_err();
        assert!(err.contains("q is bound to both"), "list and global apply together: {err}");
    }
}
