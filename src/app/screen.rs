//! Where the last frame put things on the screen, as the drawing reported it.

/// Where the last frame put things, reported back by the drawing (so `app` never asks `ui`):
/// what a click can hit, and how many rows a page is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScreenMap {
    /// Each tab's columns (`start..end`) on the top row, in pane order.
    pub tabs: Vec<std::ops::Range<u16>>,
    /// The screen row of the table's first data row, and how many data rows it shows.
    pub first_row: u16,
    pub rows: u16,
    /// Screen rows that are not table data (tabs, search, header, status, hints): the
    /// layout's fixed part, which tells the table's height at any terminal height.
    pub chrome: u16,
}

impl Default for ScreenMap {
    fn default() -> Self {
        // The layout's chrome until the first frame reports it (a test checks they agree).
        ScreenMap { tabs: vec![], first_row: 3, rows: 0, chrome: 5 }
    }
}

impl ScreenMap {
    /// Table data rows at a terminal height: at least one.
    pub fn table_rows(&self, height: u16) -> usize {
        height.saturating_sub(self.chrome).max(1) as usize
    }
}
