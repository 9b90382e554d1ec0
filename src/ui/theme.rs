//! Colours in one place, by role, from the palette (`[theme]` in the config). With `NO_COLOR`
//! every colour is dropped; emphasis (bold, reverse) stays so the cursor and headers remain
//! visible.

use crate::colour::Colour;
use crate::config::Palette;
use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

/// The config's colour as the terminal's.
fn terminal(colour: Colour) -> Color {
    match colour {
        Colour::Reset => Color::Reset,
        Colour::Ansi(i) => [
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
        ]
        .get(i as usize)
        .copied()
        .unwrap_or(Color::Reset),
        Colour::Indexed(i) => Color::Indexed(i),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

impl Theme {
    fn fg(&self, colour: Colour) -> Style {
        if self.color { Style::new().fg(terminal(colour)) } else { Style::new() }
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn cursor(&self) -> Style {
        if self.color {
            Style::new().bg(terminal(self.palette.cursor)).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub fn dim(&self) -> Style {
        if self.color { Style::new().fg(terminal(self.palette.dim)) } else { Style::new().add_modifier(Modifier::DIM) }
    }
    pub fn accent(&self) -> Style {
        self.fg(self.palette.accent).add_modifier(Modifier::BOLD)
    }
    pub fn good(&self) -> Style {
        self.fg(self.palette.good)
    }
    pub fn warn(&self) -> Style {
        self.fg(self.palette.warn)
    }
    pub fn bad(&self) -> Style {
        self.fg(self.palette.bad)
    }
    pub fn error(&self) -> Style {
        self.fg(self.palette.error).add_modifier(Modifier::BOLD)
    }
    pub fn money(&self) -> Style {
        self.fg(self.palette.money)
    }
    pub fn selected(&self) -> Style {
        self.fg(self.palette.selected).add_modifier(Modifier::BOLD)
    }
    pub fn demo_badge(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    pub fn tab_active(&self) -> Style {
        self.accent().add_modifier(Modifier::REVERSED)
    }

    /// The rarity's own colour from its `#RRGGBB`, when colour is on and the hex is sane.
    pub fn rarity(&self, hex: Option<&str>) -> Style {
        match hex.and_then(parse_hex) {
            Some(c) if self.color => Style::new().fg(c),
            _ => Style::new(),
        }
    }
}

pub fn parse_hex(hex: &str) -> Option<Color> {
    let hex = hex.trim().trim_start_matches('#');
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Color::Rgb(byte(0)?, byte(2)?, byte(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours() {
        assert_eq!(parse_hex("#D32CE6"), Some(Color::Rgb(0xD3, 0x2C, 0xE6)));
        assert_eq!(parse_hex("nope"), None);
        assert_eq!(parse_hex("#ééé"), None);
    }
}
