//! Aligned plain-text tables for headless output, measuring display width so CJK names and
//! symbols line up.

use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// The table, every cell made safe for a terminal first (market text can hold escapes,
/// newlines that would forge a row, bidi overrides), so the widths are those shown.
pub fn render(headers: &[(&str, Align)], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> =
        rows.iter().map(|r| r.iter().map(|c| crate::sanitize::for_terminal(c).into_owned()).collect()).collect();
    let rows = &rows;
    let mut widths: Vec<usize> = headers.iter().map(|(h, _)| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    let header_cells: Vec<String> = headers.iter().map(|(h, _)| h.to_string()).collect();
    for row in std::iter::once(&header_cells).chain(rows) {
        let mut line = String::new();
        for (i, ((cell, (_, align)), width)) in row.iter().zip(headers).zip(&widths).enumerate() {
            let pad = " ".repeat(width - cell.width());
            if i > 0 {
                line.push_str("  ");
            }
            match align {
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_wide_characters() {
        let rows =
            vec![vec!["M4A4 | 龍王".to_string(), "$1.00".to_string()], vec!["AK".to_string(), "$10.00".to_string()]];
        let text = render(&[("Name", Align::Left), ("Offer", Align::Right)], &rows);
        let widths: Vec<usize> = text.lines().map(|l| l.width()).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{text}");
    }
}
