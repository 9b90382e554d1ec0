//! Re-pricing rules (`rules.toml`): which listings a rule covers, the price it aims for, and
//! the bounds it never crosses. Parsed strictly: a mistake is refused with its line, because
//! an unattended repricer must do exactly what the trader wrote.

use crate::api::mannco::Row;
use crate::money::Cents;
use serde::Deserialize;
use std::time::Duration;

/// What a rule aims for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// This many cents below the lowest listing of any *other* seller.
    Undercut(Cents),
    /// The highest buy order.
    MatchBuyOrder,
    /// This percentage of the suggested price (in hundredths of a percent: 9550 = 95.5%).
    PercentOfSuggested(i64),
    /// A fixed price.
    Fixed(Cents),
}

impl Strategy {
    pub fn describe(&self) -> String {
        match self {
            Strategy::Undercut(c) => format!("undercut other sellers by {c}"),
            Strategy::MatchBuyOrder => "match the highest buy order".into(),
            Strategy::PercentOfSuggested(p) => format!("{}% of the suggested price", *p as f64 / 100.0),
            Strategy::Fixed(c) => format!("fixed at {c}"),
        }
    }
}

/// Which listings a rule covers. Every field set must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matcher {
    /// Lower-cased; a substring of the name, or the whole name when `exact`.
    pub name: Option<String>,
    pub exact: bool,
    pub quality: Option<String>,
    pub effect: Option<String>,
    pub game: Option<u32>,
}

impl Matcher {
    pub fn matches(&self, row: &Row) -> bool {
        let lower = |s: &str| s.trim().trim_end_matches(';').to_lowercase();
        let name_ok = self.name.as_ref().is_none_or(|n| {
            let have = lower(&row.name);
            if self.exact { have == *n } else { have.contains(n.as_str()) }
        });
        let quality_ok =
            self.quality.as_ref().is_none_or(|q| row.quality.as_deref().is_some_and(|have| lower(have) == *q));
        let effect_ok = self.effect.as_ref().is_none_or(|e| row.effect().is_some_and(|have| lower(have) == *e));
        name_ok && quality_ok && effect_ok && self.game.is_none_or(|g| g == row.game)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub name: String,
    pub matcher: Matcher,
    pub strategy: Strategy,
    pub floor: Option<Cents>,
    pub ceiling: Option<Cents>,
    /// The most one run may lower a listing, in percent of its current price.
    pub max_drop_percent: Option<u32>,
    /// A listing this rule changed is left alone for this long.
    pub min_interval: Duration,
    /// `fill = true`: the rule may sell into a buy order (at the bid, never under it).
    /// Without it, no price goes at or under the highest buy order.
    pub fill: bool,
    /// Where the rule is written ("rules.toml line 12").
    pub place: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    pub rules: Vec<Rule>,
}

impl Rules {
    /// The first rule that covers the row: the first match wins.
    pub fn rule_for(&self, row: &Row) -> Option<&Rule> {
        self.rules.iter().find(|r| r.matcher.matches(row))
    }

    /// Parses `text` (the file `shown`), refusing any mistake with its line.
    pub fn parse(text: &str, shown: &str) -> Result<Rules, String> {
        if text.len() as u64 > MAX_RULES_BYTES {
            return Err(format!("the rules file {shown} is larger than 1 MB: not read"));
        }
        let lines = LineStarts::of(text);
        let file: RulesFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| lines.line_of(s.start)).unwrap_or(1);
            format!("{shown} line {line}: {}", e.message().trim())
        })?;
        if file.rule.len() > MAX_RULES {
            return Err(format!("the rules file {shown} has {} rules: at most {MAX_RULES} are read", file.rule.len()));
        }
        let rules = file
            .rule
            .into_iter()
            .map(|spanned| {
                let place = format!("{shown} line {}", lines.line_of(spanned.span().start));
                spanned.into_inner().checked(place)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Rules { rules })
    }

    /// Reads and parses a rules file, at most 1 MB of it (`/dev/zero` is refused, not read
    /// until memory runs out).
    pub fn read(path: &std::path::Path) -> Result<Rules, String> {
        use std::io::Read;
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let mut bytes = vec![];
        file.take(MAX_RULES_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read {shown}: {e}"))?;
        if bytes.len() as u64 > MAX_RULES_BYTES {
            return Err(format!("the rules file {shown} is larger than 1 MB: not read"));
        }
        let text = String::from_utf8(bytes).map_err(|_| format!("{shown} is not UTF-8 text"))?;
        Rules::parse(&text, &shown)
    }
}

/// The rules file shipped as an example.
pub const EXAMPLE: &str = include_str!("../../assets/rules.example.toml");

/// Where each line starts, so a position's line is a binary search, not a scan from the
/// top (which made a big file quadratic).
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn of(text: &str) -> Self {
        LineStarts(std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect())
    }

    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rule: Vec<toml::Spanned<RuleToml>>,
}

/// One `[[rule]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleToml {
    name: String,
    item: Option<String>,
    #[serde(default)]
    exact: bool,
    quality: Option<String>,
    effect: Option<String>,
    game: Option<String>,
    undercut: Option<String>,
    #[serde(default)]
    match_buy_order: bool,
    percent_of_suggested: Option<f64>,
    price: Option<String>,
    floor: Option<String>,
    ceiling: Option<String>,
    max_drop_percent: Option<u32>,
    min_interval: Option<String>,
    #[serde(default)]
    fill: bool,
}

impl RuleToml {
    fn checked(self, place: String) -> Result<Rule, String> {
        let refuse = |why: String| Err(format!("{place} (rule \"{}\"): {why}", self.name));
        let dollars = |label: &str, text: &Option<String>| -> Result<Option<Cents>, String> {
            text.as_deref().map(|t| Cents::parse_price(t).map_err(|e| format!("{label}: {e}"))).transpose()
        };
        let set =
            [self.undercut.is_some(), self.match_buy_order, self.percent_of_suggested.is_some(), self.price.is_some()];
        if set.iter().filter(|s| **s).count() != 1 {
            return refuse(
                "give exactly one of undercut = \"0.01\", match_buy_order = true, percent_of_suggested = 95, price = \"12.50\""
                    .into(),
            );
        }
        let strategy = if let Some(by) = &self.undercut {
            match by.trim().parse::<f64>() {
                Ok(d) if (0.0..=100.0).contains(&d) => Strategy::Undercut(Cents((d * 100.0).round() as i64)),
                _ => return refuse(format!("undercut: \"{by}\" is not an amount in dollars, like 0.01")),
            }
        } else if self.match_buy_order {
            Strategy::MatchBuyOrder
        } else if let Some(p) = self.percent_of_suggested {
            if !(1.0..=1000.0).contains(&p) {
                return refuse(format!("percent_of_suggested: {p} is not between 1 and 1000"));
            }
            Strategy::PercentOfSuggested((p * 100.0).round() as i64)
        } else {
            match dollars("price", &self.price) {
                Ok(Some(c)) => Strategy::Fixed(c),
                Ok(None) => return refuse("price is missing".into()),
                Err(e) => return refuse(e),
            }
        };
        let (floor, ceiling) = match (dollars("floor", &self.floor), dollars("ceiling", &self.ceiling)) {
            (Ok(f), Ok(c)) => (f, c),
            (Err(e), _) | (_, Err(e)) => return refuse(e),
        };
        if let (Some(f), Some(c)) = (floor, ceiling)
            && f > c
        {
            return refuse(format!("the floor {f} is above the ceiling {c}"));
        }
        if let Some(d) = self.max_drop_percent.filter(|d| *d > 100) {
            return refuse(format!("max_drop_percent: {d} is over 100"));
        }
        let min_interval = match self.min_interval.as_deref().map(parse_interval).transpose() {
            Ok(d) => d.unwrap_or_default(),
            Err(e) => return refuse(format!("min_interval: {e}")),
        };
        let game = match self.game.as_deref().map(parse_game).transpose() {
            Ok(g) => g,
            Err(e) => return refuse(e),
        };
        let lower = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
        let matcher = Matcher {
            name: lower(&self.item),
            exact: self.exact,
            quality: lower(&self.quality),
            effect: lower(&self.effect),
            game,
        };
        Ok(Rule {
            name: self.name,
            matcher,
            strategy,
            floor,
            ceiling,
            max_drop_percent: self.max_drop_percent,
            min_interval,
            fill: self.fill,
            place,
        })
    }
}

/// "90s", "10m", "2h", "1d".
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (number, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = number.parse().map_err(|_| format!("\"{text}\" is not a duration like 90s, 10m, 2h or 1d"))?;
    let unit_secs: u64 = match unit {
        "s" | "" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("\"{text}\" is not a duration like 90s, 10m, 2h or 1d")),
    };
    // A year at most: any longer is a typo, and the arithmetic on it must never overflow.
    match n.checked_mul(unit_secs) {
        Some(secs) if secs <= MAX_INTERVAL_SECS => Ok(Duration::from_secs(secs)),
        _ => Err(format!("\"{text}\" is longer than a year (365d)")),
    }
}

/// The longest interval a rule or a watch may name.
const MAX_INTERVAL_SECS: u64 = 365 * 86_400;

/// The largest rules file read, and the most rules in it.
pub const MAX_RULES_BYTES: u64 = 1 << 20;
pub const MAX_RULES: usize = 10_000;

fn parse_game(text: &str) -> Result<u32, String> {
    match text.trim().to_lowercase().as_str() {
        "tf2" | "440" => Ok(440),
        "cs" | "cs2" | "csgo" | "730" => Ok(730),
        "dota" | "dota2" | "570" => Ok(570),
        "rust" | "252490" => Ok(252490),
        other => Err(format!("game: \"{other}\" is not tf2, cs2, dota2 or rust")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_and_sizes_that_would_overflow_or_grow_without_bound_are_refused() {
        assert!(parse_interval("99999999999999999d").unwrap_err().contains("longer than a year"));
        assert!(parse_interval("366d").is_err() && parse_interval("365d").is_ok());
        let huge =
            format!("[[rule]]\nname = \"x\"\nitem = \"k\"\nundercut = \"0.01\"\nmin_interval = \"{}s\"\n", u64::MAX);
        assert!(Rules::parse(&huge, "rules.toml").unwrap_err().contains("line 1"));
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("rules.toml");
        std::fs::write(&big, "#".repeat(2 << 20)).unwrap();
        assert!(Rules::read(&big).unwrap_err().contains("larger than 1 MB"));
        if std::path::Path::new("/dev/zero").exists() {
            assert!(Rules::read(std::path::Path::new("/dev/zero")).unwrap_err().contains("larger than 1 MB"));
        }
        // Many rules read in linear time, each named by its line.
        let many: String =
            (0..5_000).map(|n| format!("[[rule]]\nname = \"r{n}\"\nitem = \"k\"\nundercut = \"0.01\"\n")).collect();
        let rules = Rules::parse(&many, "rules.toml").unwrap();
        assert_eq!(rules.rules[4_999].place, "rules.toml line 19997");
    }

    use super::*;

    #[test]
    fn the_example_parses_and_mistakes_are_refused_with_their_line() {
        let rules = Rules::parse(EXAMPLE, "rules.example.toml").expect("the shipped example parses");
        assert!(rules.rules.len() >= 3);
        assert!(rules.rules.iter().all(|r| r.floor.is_some()), "every example rule has a floor");
        let two = "[[rule]]\nname = \"a\"\nundercut = \"0.01\"\n\n[[rule]]\nname = \"b\"\nprice = \"1\"\nmatch_buy_order = true\n";
        let err = Rules::parse(two, "rules.toml").unwrap_err();
        assert!(err.contains("rules.toml line 5") && err.contains("exactly one"), "{err}");
        let typo = "[[rule]]\nname = \"a\"\nundercutt = \"0.01\"\n";
        assert!(Rules::parse(typo, "rules.toml").unwrap_err().contains("line"));
        let bounds = "[[rule]]\nname = \"a\"\nfixed = 1\n";
        assert!(Rules::parse(bounds, "rules.toml").is_err());
        let upside = "[[rule]]\nname = \"a\"\nprice = \"2\"\nfloor = \"3\"\nceiling = \"1\"\n";
        assert!(Rules::parse(upside, "rules.toml").unwrap_err().contains("above the ceiling"));
        assert_eq!(parse_interval("10m"), Ok(Duration::from_secs(600)));
        assert!(parse_interval("soon").is_err());
    }
}
