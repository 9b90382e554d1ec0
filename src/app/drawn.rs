//! What a frame measured, reported back by the drawing (television-style): `ui::draw` returns
//! it and `update` takes it in `Msg::Drawn`, so drawing changes nothing and `app` never asks
//! `ui`.

use crate::app::screen::ScreenMap;

/// A frame's measurements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Where the table and the tabs are: what a click can hit, how many rows a page is.
    pub screen: ScreenMap,
    /// The open dialog's scrolling window, when it scrolls.
    pub window: Option<Window>,
}

/// A scrolling dialog's window as last drawn: a screenful, and where scrolling ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub page: usize,
    pub max_scroll: usize,
}

impl Window {
    /// Before the first frame: one line a page, scrolling unbounded (the frame clamps it).
    pub const UNMEASURED: Window = Window { page: 1, max_scroll: usize::MAX };

    /// `scroll` moved by `by` lines, within the window.
    pub fn scrolled(self, scroll: usize, by: isize) -> usize {
        scroll.min(self.max_scroll).saturating_add_signed(by).min(self.max_scroll)
    }
}
