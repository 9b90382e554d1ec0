//! The Elm-style core: `update(&mut App, Msg) -> Vec<Cmd>` holds all behaviour and does no
//! I/O, so every key sequence and every API reply can be tested without a terminal or network.
//!
//! - `state`: the `App`; `update`: the one entry for every message.
//! - `msg`: what comes in and what goes out; market replies nested by market.
//! - `keys`: where a key goes (dialog, search, pane, global), by keymap layer.
//! - `panes`: the pane list, and one folder per pane (its state and its update).
//! - `dialogs`: one file per dialog, behind one trait; the open one is an `Overlay`.

pub mod dialogs;
pub mod drawn;
pub mod keymap;
mod keys;
pub mod list_core;
pub mod list_view;
pub mod mouse;
pub mod msg;
pub mod panes;
mod quit;
pub mod screen;
pub mod state;
pub mod update;

pub use dialogs::{JournalView, Overlay};
pub use msg::{AssetPayMsg, Cmd, DialogMsg, Export, HistoryMsg, ManncoMsg, Msg, RunId, TradesMsg};
pub use panes::pane_id::{PANES, PaneId};
pub use state::App;
pub use update::update;
