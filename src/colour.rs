//! A colour as the config names it, free of any terminal library: the drawing layer turns it
//! into the terminal's (`ui::theme`). The names and numbers are those terminals share: the 16
//! ANSI names, an index 0–255, or `#RRGGBB`.

/// One colour of the theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    /// The terminal's own.
    Reset,
    /// One of the 16 ANSI colours, by its index (0 black … 15 white).
    Ansi(u8),
    /// One of the 256 indexed colours.
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// The 16 ANSI names, in index order, with the spellings terminals and ratatui accept.
const NAMES: [&[&str]; 16] = [
    &["black"],
    &["red"],
    &["green"],
    &["yellow"],
    &["blue"],
    &["magenta"],
    &["cyan"],
    &["gray", "grey", "lightgray", "lightgrey", "light-gray", "light-grey", "light gray"],
    &["darkgray", "darkgrey", "dark-gray", "dark-grey", "dark gray", "bright-black", "brightblack"],
    &["lightred", "light-red", "bright-red", "brightred"],
    &["lightgreen", "light-green", "bright-green", "brightgreen"],
    &["lightyellow", "light-yellow", "bright-yellow", "brightyellow"],
    &["lightblue", "light-blue", "bright-blue", "brightblue"],
    &["lightmagenta", "light-magenta", "bright-magenta", "brightmagenta"],
    &["lightcyan", "light-cyan", "bright-cyan", "brightcyan"],
    &["white", "bright-white", "brightwhite"],
];

impl std::str::FromStr for Colour {
    type Err = ();

    /// `cyan`, `light-red`, `reset`, `208`, `#2D3446` (case aside).
    fn from_str(text: &str) -> Result<Colour, ()> {
        let text = text.trim().to_lowercase();
        if text == "reset" || text == "default" {
            return Ok(Colour::Reset);
        }
        if let Some(i) = NAMES.iter().position(|names| names.contains(&text.as_str())) {
            return Ok(Colour::Ansi(i as u8));
        }
        if let Ok(n) = text.parse::<u8>() {
            return Ok(Colour::Indexed(n));
        }
        let hex = text.strip_prefix('#').ok_or(())?;
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| ());
        Ok(Colour::Rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_hex() {
        assert_eq!("Cyan".parse(), Ok(Colour::Ansi(6)));
        assert_eq!("dark-gray".parse(), Ok(Colour::Ansi(8)));
        assert_eq!("208".parse(), Ok(Colour::Indexed(208)));
        assert_eq!("#2D3446".parse(), Ok(Colour::Rgb(45, 52, 70)));
        assert_eq!("reset".parse(), Ok(Colour::Reset));
        assert!(
            "nope".parse::<Colour>().is_err()
                && "#12345".parse::<Colour>().is_err()
                && "256".parse::<Colour>().is_err()
        );
    }
}
