//! A search and sort index over a whole loaded inventory, with the server's semantics:
//! case-insensitive substring of name or market hash name, the five sorts, offer-price bounds.
//! Haystacks are lower-cased once per distinct (name, market hash name) pair, which many items
//! share, and every sort order is prepared once, so a keystroke is a scan (only of the previous
//! matches when the query extends) and a walk, never a sort.

use crate::api::assetpay::{ItemStore, Sort};
use crate::money::Usd;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct InventoryIndex {
    /// "name\nmarket hash name", lower-cased, per distinct pair.
    haystacks: Vec<Box<str>>,
    /// Each item's pair, as an index into `haystacks`.
    pair_of: Vec<u32>,
    offers: Vec<Usd>,
    price_asc: Vec<u32>,
    price_desc: Vec<u32>,
    name_asc: Vec<u32>,
    name_desc: Vec<u32>,
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
        let mut pairs = HashMap::new();
        let mut haystacks = vec![];
        let pair_of: Vec<u32> = (0..items.len())
            .map(|i| {
                let symbols = items.name_symbols(i);
                *pairs.entry(symbols).or_insert_with(|| {
                    let text = |s: Option<_>| s.map(|s| items.resolve_shared(s)).unwrap_or("");
                    haystacks.push(format!("{}\n{}", text(symbols.0), text(symbols.1)).to_lowercase().into_boxed_str());
                    haystacks.len() as u32 - 1
                })
            })
            .collect();
        let offers: Vec<Usd> = items.iter().map(|i| i.offer_price().unwrap_or(Usd::ZERO)).collect();
        let name_rank = rank_display_names(items);
        let all: Vec<u32> = (0..items.len() as u32).collect();
        // Stable sorts, as the server's: equal keys keep inventory order.
        let mut price_asc = all.clone();
        price_asc.sort_by_key(|&i| offers[i as usize]);
        let mut price_desc = all.clone();
        price_desc.sort_by_key(|&i| std::cmp::Reverse(offers[i as usize]));
        let mut name_asc = all.clone();
        name_asc.sort_by_key(|&i| name_rank[i as usize]);
        let mut name_desc = all;
        name_desc.sort_by_key(|&i| std::cmp::Reverse(name_rank[i as usize]));
        InventoryIndex { haystacks, pair_of, offers, price_asc, price_desc, name_asc, name_desc }
    }

    pub fn len(&self) -> usize {
        self.pair_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pair_of.is_empty()
    }

    /// Items whose name or market hash name contains `needle` (lower case), in inventory
    /// order. When `last` searched for a substring of this needle, only its matches are
    /// rescanned.
    pub fn search(&self, needle: &str, last: Option<&LastSearch>) -> LastSearch {
        if needle.is_empty() {
            return LastSearch { needle: String::new(), matches: (0..self.len() as u32).collect(), pairs: vec![] };
        }
        let extends = last.filter(|l| !l.needle.is_empty() && needle.contains(l.needle.as_str()));
        // One SIMD substring finder per keystroke, reused over every distinct haystack.
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let hit = |p: &u32| finder.find(self.haystacks[*p as usize].as_bytes()).is_some();
        let pairs: Vec<u32> = match extends {
            Some(last) => last.pairs.iter().copied().filter(hit).collect(),
            None => (0..self.haystacks.len() as u32).filter(hit).collect(),
        };
        let mut pair_hit = vec![false; self.haystacks.len()];
        pairs.iter().for_each(|&p| pair_hit[p as usize] = true);
        let item_hit = |i: &u32| pair_hit[self.pair_of[*i as usize] as usize];
        let matches = match extends {
            Some(last) => last.matches.iter().copied().filter(item_hit).collect(),
            None => (0..self.len() as u32).filter(item_hit).collect(),
        };
        LastSearch { needle: needle.to_string(), matches, pairs }
    }
    /// The matches within the offer-price bounds, in the order of `sort`.
    pub fn arrange(&self, matches: &[u32], sort: Sort, min: Option<Usd>, max: Option<Usd>) -> Vec<u32> {
        let in_range = |i: u32| {
            let price = self.offers[i as usize];
            min.is_none_or(|m| price >= m) && max.is_none_or(|m| price <= m)
        };
        let order = match sort {
            Sort::Relevance => return matches.iter().copied().filter(|&i| in_range(i)).collect(),
            Sort::PriceAsc => &self.price_asc,
            Sort::PriceDesc => &self.price_desc,
            Sort::NameAsc => &self.name_asc,
            Sort::NameDesc => &self.name_desc,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::assetpay::{Game, Item};
    use crate::sim::dataset;

    fn indexed(seed: u64, n: usize) -> (Vec<Item>, InventoryIndex) {
        let items = dataset::generate(Game::Cs2, seed, n);
        let index = InventoryIndex::build(&ItemStore::from_items(&items));
        (items, index)
    }

    #[test]
    fn narrows_incrementally_with_the_same_result() {
        let (items, index) = indexed(1, 3000);
        let first = index.search("a", None);
        let extended = index.search("ak", Some(&first));
        assert_eq!(extended.matches, index.search("ak", None).matches);
        let expected: Vec<u32> = (0..3000).filter(|&i| items[i as usize].matches_search("ak")).collect();
        assert!(!expected.is_empty());
        assert_eq!(extended.matches, expected);
        let unrelated = index.search("m4", Some(&first));
        assert_eq!(unrelated.matches, index.search("m4", None).matches);
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
