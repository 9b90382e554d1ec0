//! What every list pane shares: the cursor and scroll position, the search being typed, and
//! the loading state of its rows. Each pane owns one and keeps only its own data beside it.

use crate::app::keymap::Action;
use crate::app::list_view::ListView;
use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug, Default)]
pub struct ListCore {
    pub view: ListView,
    pub search: Input,
    pub search_editing: bool,
    /// Bumped on every request; replies carrying an older generation are dropped.
    pub generation: u64,
    pub loading: bool,
    /// Whether any rows have arrived yet (tells "loading" from "empty").
    pub loaded: bool,
    pub error: Option<String>,
}

/// What a key did to the search being typed.
#[derive(Debug, PartialEq, Eq)]
pub enum SearchEdit {
    /// Typing ended; the search stays.
    Kept,
    /// Typing ended and the search was emptied.
    Cleared,
    /// The text changed.
    Changed,
    /// The cursor moved, or nothing happened.
    Unchanged,
    /// The text is at its longest: the character was not added.
    TooLong,
}

impl ListCore {
    /// Moves the cursor for a navigation action over `len` rows; false for other actions.
    pub fn navigate(&mut self, action: Action, len: usize, rows: usize) -> bool {
        let by = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            Action::PageDown => rows as isize,
            Action::PageUp => -(rows as isize),
            _ => return false,
        };
        self.view.move_by(by, len, rows);
        true
    }

    /// Starts a request: its generation.
    pub fn begin_fetch(&mut self) -> u64 {
        self.generation += 1;
        self.loading = true;
        self.error = None;
        self.generation
    }

    /// The search text as typed, trimmed; None when empty.
    pub fn search_text(&self) -> Option<String> {
        let text = self.search.value().trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    /// Starts typing a new search (like `/` in vim and less, it starts empty): true when a
    /// kept search was dropped.
    pub fn start_search(&mut self) -> bool {
        self.search_editing = true;
        let had = !self.search.value().is_empty();
        self.search.reset();
        had
    }

    /// A key while the search is typed: the search layer's action, else text.
    pub fn edit_search(
        &mut self,
        action: Option<Action>,
        key: &KeyEvent,
        len: usize,
        rows: usize,
        max_chars: usize,
    ) -> SearchEdit {
        match action {
            Some(Action::Keep) => {
                self.search_editing = false;
                SearchEdit::Kept
            }
            Some(Action::Cancel) => {
                self.search_editing = false;
                self.search.reset();
                SearchEdit::Cleared
            }
            Some(action) => {
                self.navigate(action, len, rows);
                SearchEdit::Unchanged
            }
            None => {
                let typing = matches!(key.code, crossterm::event::KeyCode::Char(_));
                if typing && self.search.value().chars().count() >= max_chars {
                    return SearchEdit::TooLong;
                }
                let before = self.search.value().to_string();
                self.search.handle_event(&Event::Key(*key));
                if self.search.value() == before {
                    return SearchEdit::Unchanged;
                }
                self.view.reset();
                SearchEdit::Changed
            }
        }
    }
}

/// A pane built on the list core: enough for the cursor, the mouse and the search to work
/// the same way on every pane.
pub trait ListPane {
    fn list(&self) -> &ListCore;
    fn list_mut(&mut self) -> &mut ListCore;
    /// Rows shown (after search and filters).
    fn len(&self) -> usize;

    /// Applies the search (and the pane's filters and sort) to the loaded rows again.
    fn refilter(&mut self);

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves the cursor by `delta` rows, clamped, and scrolls so it stays in view.
    fn move_cursor(&mut self, delta: isize, rows: usize) {
        let len = self.len();
        self.list_mut().view.move_by(delta, len, rows);
    }

    fn scroll_into_view(&mut self, rows: usize) {
        let len = self.len();
        self.list_mut().view.scroll_into_view(len, rows);
    }
}

/// `ListPane` for a pane whose state keeps its core in `list`, its shown rows in `visible`,
/// and narrows them with the method named.
#[macro_export]
macro_rules! list_pane {
    ($pane:ty, $refilter:ident) => {
        impl $crate::app::list_core::ListPane for $pane {
            fn list(&self) -> &$crate::app::list_core::ListCore {
                &self.list
            }

            fn list_mut(&mut self) -> &mut $crate::app::list_core::ListCore {
                &mut self.list
            }

            fn len(&self) -> usize {
                self.visible.len()
            }

            fn refilter(&mut self) {
                <$pane>::$refilter(self)
            }
        }
    };
}
