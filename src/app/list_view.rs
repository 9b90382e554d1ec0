//! Cursor and scroll position over a list of rows: shared by every pane.

/// The cursor row and the first row on screen, as positions in the pane's visible rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListView {
    pub cursor: usize,
    pub offset: usize,
}

impl ListView {
    /// Moves by `delta` rows, clamped to `len`, and scrolls so the cursor stays in view.
    pub fn move_by(&mut self, delta: isize, len: usize, viewport_rows: usize) {
        let last = len.saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize).saturating_add(delta).clamp(0, last.max(0)) as usize;
        self.scroll_into_view(len, viewport_rows);
    }

    pub fn scroll_into_view(&mut self, len: usize, viewport_rows: usize) {
        let rows = viewport_rows.max(1);
        self.cursor = self.cursor.min(len.saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + rows {
            self.offset = self.cursor + 1 - rows;
        }
        self.offset = self.offset.min(len.saturating_sub(rows));
    }

    pub fn reset(&mut self) {
        *self = ListView::default();
    }

    /// The range of rows to draw for a viewport.
    pub fn window(&self, len: usize, viewport_rows: usize) -> std::ops::Range<usize> {
        let end = (self.offset + viewport_rows).min(len);
        self.offset.min(end)..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_in_bounds_and_in_view() {
        let mut v = ListView::default();
        v.move_by(isize::MAX, 100, 10);
        assert_eq!((v.cursor, v.offset), (99, 90));
        v.move_by(-5, 100, 10);
        assert_eq!((v.cursor, v.offset), (94, 90));
        v.move_by(isize::MIN, 100, 10);
        assert_eq!((v.cursor, v.offset), (0, 0));
        v.move_by(3, 0, 10);
        assert_eq!((v.cursor, v.offset), (0, 0));
        assert_eq!(v.window(5, 10), 0..5);
    }
}
