//! A search and sort index over a whole loaded inventory: the five sorts, offer-price bounds,
//! and a word search a trader can type from memory. Every word of the query must start a
//! word, in any order, of the name, the market hash name, the exterior's short form (fn, mw,
//! ft, ww, bs) or a sticker's name (`ak` finds AK-47, not StatTrak); case, accents, ™ and ★
//! do not matter. A query word that starts with a symbol (`(field`, `|`) matches anywhere, as
//! the server's substring search does.
//!
//! Haystacks are normalized once per distinct (name, market hash name) pair, which many items
//! share, and every sort order is prepared once, so a keystroke is a scan (only of the previous
//! matches when the query extends) and a walk, never a sort.

use crate::api::assetpay::{ItemStore, Sort};
use crate::money::Usd;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct InventoryIndex {
    /// "name\nmarket hash name" and the exterior's short form, normalized, per distinct pair.
    haystacks: Vec<Box<str>>,
    /// Each distinct set of sticker names, normalized (sticker sets repeat across items).
    sticker_texts: Vec<Box<str>>,
    /// Each item's sticker set, as an index into `sticker_texts`; `NO_STICKERS` for none.
    sticker_of: Vec<u32>,
    /// Each item's pair, as an index into `haystacks`.
    pair_of: Vec<u32>,
    offers: Vec<Usd>,
    price_asc: Vec<u32>,
    price_desc: Vec<u32>,
    name_asc: Vec<u32>,
    name_desc: Vec<u32>,
    /// By float (wear), lowest first; items without one last.
    float_asc: Vec<u32>,
    /// How many items have a float: the first this many of `float_asc`.
    floats_known: usize,
    /// Each item's float, NaN where it has none.
    floats: Vec<f32>,
    /// By paint seed, lowest first; items without one last.
    seed_asc: Vec<u32>,
}

/// How a loaded inventory can be ordered: the server's sorts, and three it does not offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Server(Sort),
    FloatAsc,
    FloatDesc,
    SeedAsc,
}

impl Default for Order {
    fn default() -> Self {
        Order::Server(Sort::default())
    }
}

impl Order {
    /// The next order for the sort key: the server's sorts, then float and seed.
    pub fn next(self) -> Order {
        match self {
            Order::Server(sort) if sort.next() == Sort::default() => Order::FloatAsc,
            Order::Server(sort) => Order::Server(sort.next()),
            Order::FloatAsc => Order::FloatDesc,
            Order::FloatDesc => Order::SeedAsc,
            Order::SeedAsc => Order::default(),
        }
    }

    /// The server's sort for this order, or None for an order only a loaded inventory has.
    pub fn server(self) -> Option<Sort> {
        match self {
            Order::Server(sort) => Some(sort),
            _ => None,
        }
    }

    pub fn from_server(sort: Sort) -> Order {
        Order::Server(sort)
    }

    pub fn label(self) -> &'static str {
        match self {
            Order::Server(sort) => sort.label(),
            Order::FloatAsc => "float ↑",
            Order::FloatDesc => "float ↓",
            Order::SeedAsc => "paint seed ↑",
        }
    }
}

/// The last search's matches, so a query that extends it only rescans them.
#[derive(Debug, Default, Clone)]
pub struct LastSearch {
    pub needle: String,
    /// Matching items, in inventory order.
    pub matches: Vec<u32>,
    /// Matching pairs, as indices into the haystacks.
    pairs: Vec<u32>,
}

impl InventoryIndex {
    pub fn build(items: &ItemStore) -> Self {
        InventoryIndex::build_for(items, true, None)
    }

    /// Only what one query needs (the headless path): the word index when there is a search,
    /// and the one order asked for (`None`: every order, as the TUI sorts at any key).
    pub fn build_for(items: &ItemStore, words: bool, only: Option<Order>) -> Self {
        let wants = |order: Order| only.is_none_or(|o| o == order);
        let (haystacks, pair_of) = if words { name_haystacks(items) } else { (vec![], vec![]) };
        let (sticker_texts, sticker_of) = if words { sticker_haystacks(items) } else { (vec![], vec![]) };
        let offers: Vec<Usd> = items.iter().map(|i| i.offer_price().unwrap_or(Usd::ZERO)).collect();
        let all: Vec<u32> = (0..items.len() as u32).collect();
        // Stable sorts, as the server's: equal keys keep inventory order.
        let mut price_asc = if wants(Order::Server(Sort::PriceAsc)) { all.clone() } else { vec![] };
        price_asc.sort_by_key(|&i| offers[i as usize]);
        let mut price_desc = if wants(Order::Server(Sort::PriceDesc)) { all.clone() } else { vec![] };
        price_desc.sort_by_key(|&i| std::cmp::Reverse(offers[i as usize]));
        let by_name = wants(Order::Server(Sort::NameAsc)) || wants(Order::Server(Sort::NameDesc));
        let name_rank = if by_name { rank_display_names(items) } else { vec![] };
        let mut name_asc = if wants(Order::Server(Sort::NameAsc)) { all.clone() } else { vec![] };
        name_asc.sort_by_key(|&i| name_rank[i as usize]);
        let mut name_desc = if wants(Order::Server(Sort::NameDesc)) { all.clone() } else { vec![] };
        name_desc.sort_by_key(|&i| std::cmp::Reverse(name_rank[i as usize]));
        // Floats as the API sent them (text); compared as numbers, missing ones last. Parsed
        // only for the TUI's float filter and orders (`float_of` is None otherwise).
        let by_float = wants(Order::FloatAsc) || wants(Order::FloatDesc);
        let floats: Vec<f64> = if by_float || only.is_none() {
            items.iter().map(|i| i.wear().and_then(|w| w.trim().parse::<f64>().ok()).unwrap_or(f64::INFINITY)).collect()
        } else {
            vec![]
        };
        let mut float_asc = if by_float { all.clone() } else { vec![] };
        float_asc.sort_by(|&a, &b| floats[a as usize].total_cmp(&floats[b as usize]));
        let floats_known = floats.iter().filter(|f| f.is_finite()).count();
        let item_floats: Vec<f32> = floats.iter().map(|&f| if f.is_finite() { f as f32 } else { f32::NAN }).collect();
        let mut seed_asc = if wants(Order::SeedAsc) { all } else { vec![] };
        seed_asc.sort_by_key(|&i| items.get(i as usize).and_then(|item| item.paint_seed()).unwrap_or(i64::MAX));
        InventoryIndex {
            haystacks,
            sticker_texts,
            sticker_of,
            pair_of,
            offers,
            price_asc,
            price_desc,
            name_asc,
            name_desc,
            float_asc,
            floats_known,
            floats: item_floats,
            seed_asc,
        }
    }

    pub fn len(&self) -> usize {
        self.offers.len()
    }

    /// An item's float (wear), when it has one.
    pub fn float_of(&self, item: u32) -> Option<f64> {
        self.floats.get(item as usize).copied().filter(|f| !f.is_nan()).map(f64::from)
    }

    pub fn is_empty(&self) -> bool {
        self.offers.is_empty()
    }

    /// Items matching every word of `query`, in inventory order. When the query extends the
    /// last one (typed on), only the last matches are rescanned.
    pub fn search(&self, query: &str, last: Option<&LastSearch>) -> LastSearch {
        let needle = normalize(query);
        let words: Vec<&str> = needle.split_whitespace().collect();
        if words.is_empty() {
            return LastSearch { needle: String::new(), matches: (0..self.len() as u32).collect(), pairs: vec![] };
        }
        let extends = last.filter(|l| !l.needle.is_empty() && needle.starts_with(l.needle.as_str()));
        // One SIMD substring finder per word, reused over every distinct haystack.
        let finders: Vec<WordFinder> = words.iter().map(|w| WordFinder::new(w)).collect();
        let candidates: Vec<u32> = match extends {
            Some(last) => last.pairs.clone(),
            None => (0..self.haystacks.len() as u32).collect(),
        };
        // Per pair and per sticker set, which words it holds (a bit per word; words past 64
        // share one).
        let all_words: u64 = if words.len() >= 64 { u64::MAX } else { (1u64 << words.len()) - 1 };
        let words_in = |haystack: &str| {
            finders
                .iter()
                .enumerate()
                .filter(|(_, f)| f.is_in(haystack.as_bytes()))
                .fold(0u64, |m, (w, _)| m | 1 << w.min(63))
        };
        let mut pair_words = vec![0u64; self.haystacks.len()];
        let mut pairs = vec![];
        for &p in &candidates {
            pair_words[p as usize] = words_in(&self.haystacks[p as usize]);
            // A pair missing words can still match through an item's stickers.
            if pair_words[p as usize] == all_words || !self.sticker_texts.is_empty() {
                pairs.push(p);
            }
        }
        let sticker_words: Vec<u64> = self.sticker_texts.iter().map(|t| words_in(t)).collect();
        let item_hit = |i: &u32| {
            let i = *i as usize;
            let stickers = match self.sticker_of[i] {
                NO_STICKERS => 0,
                s => sticker_words[s as usize],
            };
            pair_words[self.pair_of[i] as usize] | stickers == all_words
        };
        let matches = match extends {
            Some(last) => last.matches.iter().copied().filter(item_hit).collect(),
            None => (0..self.len() as u32).filter(item_hit).collect(),
        };
        LastSearch { needle, matches, pairs }
    }

    /// The matches within the offer-price bounds, in the order of `sort`.
    pub fn arrange(&self, matches: &[u32], sort: Sort, min: Option<Usd>, max: Option<Usd>) -> Vec<u32> {
        self.arrange_by(matches, Order::from_server(sort), min, max)
    }

    /// The same, in any order a loaded inventory offers (float and paint seed included).
    pub fn arrange_by(&self, matches: &[u32], order: Order, min: Option<Usd>, max: Option<Usd>) -> Vec<u32> {
        let float_desc: Vec<u32>;
        let in_range = |i: u32| {
            let price = self.offers[i as usize];
            min.is_none_or(|m| price >= m) && max.is_none_or(|m| price <= m)
        };
        let order = match order {
            Order::Server(Sort::Relevance) => return matches.iter().copied().filter(|&i| in_range(i)).collect(),
            Order::Server(Sort::PriceAsc) => &self.price_asc,
            Order::Server(Sort::PriceDesc) => &self.price_desc,
            Order::Server(Sort::NameAsc) => &self.name_asc,
            Order::Server(Sort::NameDesc) => &self.name_desc,
            Order::FloatAsc => &self.float_asc,
            Order::SeedAsc => &self.seed_asc,
            Order::FloatDesc => {
                // Highest float first, items without one still last.
                let (known, unknown) = self.float_asc.split_at(self.floats_known);
                float_desc = known.iter().rev().chain(unknown).copied().collect();
                &float_desc
            }
        };
        if matches.len() == self.len() {
            return order.iter().copied().filter(|&i| in_range(i)).collect();
        }
        let mut wanted = vec![false; self.len()];
        for &i in matches {
            wanted[i as usize] = true;
        }
        order.iter().copied().filter(|&i| wanted[i as usize] && in_range(i)).collect()
    }
}

/// Each distinct (name, market hash name) pair's search text, and each item's pair.
fn name_haystacks(items: &ItemStore) -> (Vec<Box<str>>, Vec<u32>) {
    let mut pairs = HashMap::new();
    let mut haystacks = vec![];
    let pair_of: Vec<u32> = (0..items.len())
        .map(|i| {
            let symbols = items.name_symbols(i);
            *pairs.entry(symbols).or_insert_with(|| {
                let text = |s: Option<_>| s.map(|s| items.resolve_shared(s)).unwrap_or("");
                let mut haystack = normalize(&format!("{}\n{}", text(symbols.0), text(symbols.1)));
                for (long, short) in EXTERIORS {
                    if haystack.contains(long) {
                        haystack.push_str(short);
                    }
                }
                haystacks.push(haystack.into_boxed_str());
                haystacks.len() as u32 - 1
            })
        })
        .collect();
    (haystacks, pair_of)
}

/// Each distinct set of sticker names' search text, and each item's set.
fn sticker_haystacks(items: &ItemStore) -> (Vec<Box<str>>, Vec<u32>) {
    let mut sticker_sets: HashMap<String, u32> = HashMap::new();
    let mut sticker_texts = vec![];
    let sticker_of = items
        .iter()
        .map(|item| {
            if !item.has_stickers() {
                return NO_STICKERS;
            }
            let text = normalize(&item.sticker_names().collect::<Vec<_>>().join("\n"));
            *sticker_sets.entry(text).or_insert_with_key(|text| {
                sticker_texts.push(text.clone().into_boxed_str());
                sticker_texts.len() as u32 - 1
            })
        })
        .collect();
    (sticker_texts, sticker_of)
}

/// Whether every word of `query` starts a word of `haystack` (both normalized as the search
/// compares them): the one search rule, for rows that are not in an index.
pub fn words_match(query: &str, haystack: &str) -> bool {
    words_match_normalized(&normalize(query), &normalize(haystack))
}

/// The same, for a query and a haystack already normalized (a list that keeps its rows'
/// normalized text and searches it at every keystroke).
pub fn words_match_normalized(query: &str, haystack: &str) -> bool {
    query.split_whitespace().all(|word| WordFinder::new(word).is_in(haystack.as_bytes()))
}

/// `sticker_of` for an item without stickers.
const NO_STICKERS: u32 = u32::MAX;

/// Finds one query word at the start of a word (anywhere, when the word starts with a symbol).
struct WordFinder<'w> {
    finder: memchr::memmem::Finder<'w>,
    anywhere: bool,
}

impl<'w> WordFinder<'w> {
    fn new(word: &'w str) -> Self {
        let anywhere = !word.chars().next().is_some_and(char::is_alphanumeric);
        WordFinder { finder: memchr::memmem::Finder::new(word), anywhere }
    }

    fn is_in(&self, haystack: &[u8]) -> bool {
        let starts_word =
            |at: usize| at == 0 || !(haystack[at - 1].is_ascii_alphanumeric() || haystack[at - 1] >= 0x80);
        if self.anywhere {
            return self.finder.find(haystack).is_some();
        }
        self.finder.find_iter(haystack).any(starts_word)
    }
}

/// Exteriors as traders abbreviate them: a haystack naming one also holds its short form.
const EXTERIORS: [(&str, &str); 5] = [
    ("factory new", " fn"),
    ("minimal wear", " mw"),
    ("field-tested", " ft"),
    ("well-worn", " ww"),
    ("battle-scarred", " bs"),
];

/// Text as the search compares it: lower case, accents removed (é → e), and the marks that
/// decorate names (™, ★) dropped, so `stattrak awp` finds "StatTrak™ AWP".
pub fn normalize(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfd()
        .filter(|c| !is_combining_mark(*c) && !matches!(c, '™' | '★' | '☆'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Each item's place among the display names in lower-case order (equal names share one),
/// so the name sorts compare integers. Names are lower-cased once per distinct name.
fn rank_display_names(items: &ItemStore) -> Vec<u32> {
    let mut distinct: HashMap<&str, u32> = HashMap::new();
    for item in items.iter() {
        distinct.entry(item.display_name()).or_insert(0);
    }
    let mut names: Vec<(String, &str)> = distinct.keys().map(|&n| (n.to_lowercase(), n)).collect();
    names.sort_unstable();
    let mut rank = 0;
    for (position, (lower, name)) in names.iter().enumerate() {
        if position > 0 && names[position - 1].0 != *lower {
            rank = position as u32;
        }
        distinct.insert(name, rank);
    }
    items.iter().map(|item| distinct[item.display_name()]).collect()
}

/// A float (wear) range: either bound may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FloatRange {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl FloatRange {
    pub fn is_open(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }

    /// Whether an item's float is inside; an item without a float is outside a set range.
    pub fn contains(&self, float: Option<f64>) -> bool {
        if self.is_open() {
            return true;
        }
        float.is_some_and(|f| self.min.is_none_or(|lo| f >= lo) && self.max.is_none_or(|hi| f <= hi))
    }

    pub fn label(&self) -> String {
        let bound = |v: Option<f64>, open: &str| v.map(|f| format!("{f}")).unwrap_or_else(|| open.to_string());
        format!("{}–{}", bound(self.min, "0"), bound(self.max, "1"))
    }
}

/// The whole inventory of one game with its index, built off the UI task.
#[derive(Debug)]
pub struct FullInventory {
    pub page: crate::api::assetpay::StoredInventory,
    pub index: InventoryIndex,
}

impl FullInventory {
    /// Indexes a whole inventory: longer than a frame at 100,000 items, so never on the UI task.
    pub fn indexed(page: crate::api::assetpay::StoredInventory) -> Box<Self> {
        let index = InventoryIndex::build(&page.items);
        Box::new(FullInventory { page, index })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::assetpay::Item;
    use crate::sim::dataset;

    fn indexed(seed: u64, n: usize) -> (Vec<Item>, InventoryIndex) {
        let items = serde_json::from_str::<Vec<crate::api::assetpay::Item>>(&dataset::generate_json(730, seed, n))
            .expect("demo items decode");
        let index = InventoryIndex::build(&ItemStore::from_items(&items));
        (items, index)
    }

    #[test]
    fn narrows_incrementally_with_the_same_result() {
        let (items, index) = indexed(1, 3000);
        let first = index.search("a", None);
        let extended = index.search("ak", Some(&first));
        assert_eq!(extended.matches, index.search("ak", None).matches);
        // Every server match for "ak" that has it at a word start is found.
        let expected: Vec<u32> = (0..3000)
            .filter(|&i| {
                items[i as usize].market_hash_name.as_deref().is_some_and(|n| n.to_lowercase().contains("ak-"))
            })
            .collect();
        assert!(!expected.is_empty());
        assert!(expected.iter().all(|i| extended.matches.contains(i)));
        let unrelated = index.search("m4", Some(&first));
        assert_eq!(unrelated.matches, index.search("m4", None).matches);
    }

    #[test]
    fn words_match_in_any_order_without_case_accents_or_marks() {
        let (items, index) = indexed(1, 3000);
        let ids = |query: &str| index.search(query, None).matches;
        let names = |found: &[u32]| {
            found.iter().map(|&i| items[i as usize].market_hash_name.clone().unwrap_or_default()).collect::<Vec<_>>()
        };
        let ak = ids("ak redline");
        assert!(!ak.is_empty());
        assert!(names(&ak).iter().all(|n| n.contains("AK-47") && n.contains("Redline")), "{:?}", names(&ak));
        assert_eq!(ids("redline ak"), ak, "any order");
        assert_eq!(ids("AK REDLINE"), ak, "any case");
        let ft = ids("redline ft");
        assert!(!ft.is_empty() && names(&ft).iter().all(|n| n.contains("Redline") && n.contains("Field-Tested")));
        let stattrak = ids("stattrak awp");
        assert!(names(&stattrak).iter().all(|n| n.starts_with("StatTrak™ AWP")));
        assert_eq!(normalize("Café ★ StatTrak™"), "cafe  stattrak");
        let ak_alone = names(&ids("ak"));
        assert!(
            ak_alone.iter().all(|n| !n.starts_with("StatTrak™ AWP")),
            "ak starts a word, not StatTrak: {ak_alone:?}"
        );
        // Where a word starts a word, or starts with a symbol, the server's substring search
        // finds nothing the local search misses.
        for word in ["redline", "awp", "(field", "|", "-47"] {
            let server: Vec<u32> = (0..3000).filter(|&i| items[i as usize].matches_search(word)).collect();
            let local = ids(word);
            assert!(server.iter().all(|i| local.contains(i)), "{word}");
        }
        // Typing on narrows from the last matches with the same result.
        let first = index.search("ak", None);
        assert_eq!(index.search("ak red", Some(&first)).matches, ids("ak red"));
    }

    #[test]
    fn sorts_and_bounds_match_a_plain_sort() {
        let (items, index) = indexed(2, 2000);
        let matches = index.search("redline", None).matches;
        let (min, max) = (Some(Usd::from_cents(500)), Some(Usd::from_cents(5000)));
        let arranged = index.arrange(&matches, Sort::PriceDesc, min, max);
        let mut expected = matches.clone();
        let price = |i: u32| items[i as usize].offer_price().unwrap();
        expected.retain(|&i| (Usd::from_cents(500)..=Usd::from_cents(5000)).contains(&price(i)));
        expected.sort_by_key(|&i| std::cmp::Reverse(price(i)));
        assert_eq!(arranged, expected);
        let all = index.search("", None).matches;
        let name = |i: u32| items[i as usize].display_name().to_lowercase();
        let mut by_name = all.clone();
        by_name.sort_by_cached_key(|&i| name(i));
        assert_eq!(index.arrange(&all, Sort::NameAsc, None, None), by_name);
        by_name = all.clone();
        by_name.sort_by_cached_key(|&i| std::cmp::Reverse(name(i)));
        assert_eq!(index.arrange(&all, Sort::NameDesc, None, None), by_name);
    }
}
