//! A search and sort index over a whole loaded inventory, with the server's semantics:
//! case-insensitive substring of name or market hash name, the five sorts, offer-price bounds.
//! Haystacks are lower-cased once and every sort order is prepared once, so a keystroke is a
//! scan (only of the previous matches when the query extends) and a walk, never a sort.

use crate::api::assetpay::{Item, Sort};
use crate::money::Usd;

#[derive(Debug, Default)]
pub struct InventoryIndex {
    haystacks: Vec<Box<str>>,
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
    pub matches: Vec<u32>,
}

impl InventoryIndex {
    pub fn build(items: &[Item]) -> Self {
        let haystacks: Vec<Box<str>> = items
            .iter()
            .map(|i| {
                let text =
                    format!("{}\n{}", i.name.as_deref().unwrap_or(""), i.market_hash_name.as_deref().unwrap_or(""));
                text.to_lowercase().into_boxed_str()
            })
            .collect();
        let offers: Vec<Usd> = items.iter().map(|i| i.offer_price().unwrap_or(Usd::ZERO)).collect();
        let names: Vec<String> = items.iter().map(|i| i.display_name().to_lowercase()).collect();
        let all: Vec<u32> = (0..items.len() as u32).collect();
        // Stable sorts, as the server's: equal keys keep inventory order.
        let mut price_asc = all.clone();
        price_asc.sort_by_key(|&i| offers[i as usize]);
        let mut price_desc = all.clone();
        price_desc.sort_by_key(|&i| std::cmp::Reverse(offers[i as usize]));
        let mut name_asc = all.clone();
        name_asc.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut name_desc = all;
        name_desc.sort_by(|&a, &b| names[b as usize].cmp(&names[a as usize]));
        InventoryIndex { haystacks, offers, price_asc, price_desc, name_asc, name_desc }
    }

    pub fn len(&self) -> usize {
        self.haystacks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.haystacks.is_empty()
    }

    /// Items whose name or market hash name contains `needle` (lower case), in inventory
    /// order. When `last` searched for a substring of this needle, only its matches are
    /// rescanned.
    pub fn search(&self, needle: &str, last: Option<&LastSearch>) -> Vec<u32> {
        if needle.is_empty() {
            return (0..self.len() as u32).collect();
        }
        // One SIMD substring finder per keystroke, reused over every haystack.
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let hit = |i: &u32| finder.find(self.haystacks[*i as usize].as_bytes()).is_some();
        match last {
            Some(last) if !last.needle.is_empty() && needle.contains(last.needle.as_str()) => {
                last.matches.iter().copied().filter(hit).collect()
            }
            _ => (0..self.len() as u32).filter(hit).collect(),
        }
    }

    /// The matches within the offer-price bounds, in the order of `sort`.
    pub fn arrange(&self, matches: &[u32], sort: Sort, min: Option<Usd>, max: Option<Usd>) -> Vec<usize> {
        let in_range = |i: u32| {
            let price = self.offers[i as usize];
            min.is_none_or(|m| price >= m) && max.is_none_or(|m| price <= m)
        };
        let order = match sort {
            Sort::Relevance => return matches.iter().copied().filter(|&i| in_range(i)).map(|i| i as usize).collect(),
            Sort::PriceAsc => &self.price_asc,
            Sort::PriceDesc => &self.price_desc,
            Sort::NameAsc => &self.name_asc,
            Sort::NameDesc => &self.name_desc,
        };
        if matches.len() == self.len() {
            return order.iter().copied().filter(|&i| in_range(i)).map(|i| i as usize).collect();
        }
        let mut wanted = vec![false; self.len()];
        for &i in matches {
            wanted[i as usize] = true;
        }
        order.iter().copied().filter(|&i| wanted[i as usize] && in_range(i)).map(|i| i as usize).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::assetpay::Game;
    use crate::sim::dataset;

    #[test]
    fn narrows_incrementally_with_the_same_result() {
        let items = dataset::generate(Game::Cs2, 1, 3000);
        let index = InventoryIndex::build(&items);
        let first = LastSearch { needle: "a".into(), matches: index.search("a", None) };
        let extended = index.search("ak", Some(&first));
        assert_eq!(extended, index.search("ak", None));
        assert!(extended.iter().all(|&i| items[i as usize].matches_search("ak")));
        let unrelated = index.search("m4", Some(&first));
        assert_eq!(unrelated, index.search("m4", None));
    }

    #[test]
    fn sorts_and_bounds_match_a_plain_sort() {
        let items = dataset::generate(Game::Cs2, 2, 2000);
        let index = InventoryIndex::build(&items);
        let matches = index.search("redline", None);
        let (min, max) = (Some(Usd::from_cents(500)), Some(Usd::from_cents(5000)));
        let arranged = index.arrange(&matches, Sort::PriceDesc, min, max);
        let mut expected: Vec<usize> = matches.iter().map(|&i| i as usize).collect();
        expected.retain(|&i| (Usd::from_cents(500)..=Usd::from_cents(5000)).contains(&items[i].offer_price().unwrap()));
        expected.sort_by_key(|&i| std::cmp::Reverse(items[i].offer_price()));
        assert_eq!(arranged, expected);
        let names = index.arrange(&index.search("", None), Sort::NameAsc, None, None);
        assert!(
            names
                .windows(2)
                .all(|w| items[w[0]].display_name().to_lowercase() <= items[w[1]].display_name().to_lowercase())
        );
    }
}
