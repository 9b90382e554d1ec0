//! A compact store for a whole inventory: 100,000 items in a few hundred bytes each.
//!
//! An `Item` keeps every field as its own `String`, well over a kilobyte per item once
//! decoded. Here each item is one fixed-size record of small ids: text that repeats across
//! items (names, type, icon, exterior, rarity, colour, delivery) is interned once, text unique
//! to an item (ids, wear, inspect certificate, offer reference) sits in one shared buffer, and
//! the rare extras (stickers, doppler, fade, …) live in side tables. Decoding pushes each item
//! as it is read, so a full `Vec<Item>` never exists; `ItemRef::to_item` gives back the exact
//! `Item`.

use super::models::{Deposit, Fade, InventoryPage, Item, NamedVariant, Offer, Sticker};

/// A whole inventory, decoded into the compact store.
pub type StoredInventory = InventoryPage<ItemStore>;
use crate::money::Usd;
use serde::de::{SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::num::NonZeroU32;
use string_interner::backend::{Backend, BufferBackend};
use string_interner::{DefaultHashBuilder, DefaultSymbol, StringInterner};

/// Text shared by many items, interned once.
type Shared = DefaultSymbol;

/// Text unique to one item, appended to one buffer (no per-string allocation, no dedup table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Own(DefaultSymbol);

/// Items in push order. Both text pools use the buffer backend: a string costs its bytes and
/// a one-byte length, with no per-string pointer.
pub struct ItemStore {
    records: Vec<Record>,
    shared: StringInterner<BufferBackend<DefaultSymbol>, DefaultHashBuilder>,
    own: BufferBackend<DefaultSymbol>,
    extras: Vec<Extras>,
    stickers: Vec<StoredSticker>,
}

impl Default for ItemStore {
    fn default() -> Self {
        ItemStore {
            records: vec![],
            shared: StringInterner::new(),
            own: BufferBackend::default(),
            extras: vec![],
            stickers: vec![],
        }
    }
}

/// One item, with every field as the `Item` has it. Optional numbers are kept bare, their
/// presence in `flags`: 104 bytes instead of 136.
struct Record {
    id: Own,
    asset_id: Option<Own>,
    prop_id: Option<Own>,
    wear: Option<Own>,
    reference: Option<Own>,
    name: Option<Shared>,
    market_hash_name: Option<Shared>,
    item_type: Option<Shared>,
    icon_url: Option<Shared>,
    exterior: Option<Shared>,
    rarity: Option<Shared>,
    color: Option<Shared>,
    delivery: Option<Shared>,
    appid: u32,
    /// One past the index into `extras`; most items have none.
    extras: Option<NonZeroU32>,
    flags: Flags,
    offer_price: Usd,
    market_price: Usd,
    max_amount: f64,
    paint_seed: i64,
    amount: i64,
}

bitflags::bitflags! {
    /// A record's booleans, and which of its optional numbers are present.
    #[derive(Clone, Copy)]
    struct Flags: u8 {
        const TRADABLE = 1;
        const OFFER = 1 << 1;
        const ACCEPTED_SENT = 1 << 2;
        const ACCEPTED = 1 << 3;
        const MARKET_PRICE = 1 << 4;
        const MAX_AMOUNT = 1 << 5;
        const PAINT_SEED = 1 << 6;
        const AMOUNT = 1 << 7;
    }
}

impl Record {
    fn get<T>(&self, flag: Flags, value: T) -> Option<T> {
        self.flags.contains(flag).then_some(value)
    }

    fn accepted(&self) -> Option<bool> {
        self.get(Flags::ACCEPTED_SENT, self.flags.contains(Flags::ACCEPTED))
    }
}

/// The fields few items carry.
struct Extras {
    stickers: std::ops::Range<u32>,
    doppler: Option<Option<Shared>>,
    fade: Option<Option<f64>>,
    hardened: Option<Option<Shared>>,
    charm: Option<Option<Shared>>,
}

struct StoredSticker {
    name: Option<Shared>,
    market_hash_name: Option<Shared>,
    icon_url: Option<Shared>,
    slot: Option<i64>,
    wear: Option<f64>,
}

impl ItemStore {
    pub fn from_items<'a>(items: impl IntoIterator<Item = &'a Item>) -> Self {
        let mut store = ItemStore::default();
        for item in items {
            store.push(item);
        }
        store
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<ItemRef<'_>> {
        self.records.get(index).map(|record| ItemRef { store: self, record })
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = ItemRef<'_>> + DoubleEndedIterator {
        self.records.iter().map(|record| ItemRef { store: self, record })
    }

    /// Every item, whole (for tests and small pages; a whole inventory stays compact).
    pub fn to_items(&self) -> Vec<Item> {
        self.iter().map(|i| i.to_item()).collect()
    }

    /// The index of the item with this id, if it is here.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.iter().position(|i| i.id() == id)
    }

    pub fn push(&mut self, item: &Item) {
        let offer = item.offer.as_ref();
        let accepted = offer.and_then(|o| o.accepted);
        let mut flags = Flags::empty();
        flags.set(Flags::TRADABLE, item.tradable);
        flags.set(Flags::OFFER, offer.is_some());
        flags.set(Flags::ACCEPTED_SENT, accepted.is_some());
        flags.set(Flags::ACCEPTED, accepted == Some(true));
        flags.set(Flags::MARKET_PRICE, item.market_price.is_some());
        flags.set(Flags::MAX_AMOUNT, offer.is_some_and(|o| o.max_amount.is_some()));
        flags.set(Flags::PAINT_SEED, item.paint_seed.is_some());
        flags.set(Flags::AMOUNT, item.amount.is_some());
        let record = Record {
            id: Own(self.own.intern(&item.id)),
            asset_id: self.keep(item.asset_id.as_deref()),
            prop_id: self.keep(item.prop_id.as_deref()),
            wear: self.keep(item.wear.as_deref()),
            reference: self.keep(offer.and_then(|o| o.reference.as_deref())),
            name: self.share(item.name.as_deref()),
            market_hash_name: self.share(item.market_hash_name.as_deref()),
            item_type: self.share(item.item_type.as_deref()),
            icon_url: self.share(item.icon_url.as_deref()),
            exterior: self.share(item.exterior.as_deref()),
            rarity: self.share(item.rarity.as_deref()),
            color: self.share(item.color.as_deref()),
            delivery: self.share(offer.and_then(|o| o.delivery.as_deref())),
            appid: item.appid,
            extras: self.push_extras(item),
            flags,
            offer_price: offer.map(|o| o.price).unwrap_or(Usd::ZERO),
            market_price: item.market_price.unwrap_or(Usd::ZERO),
            max_amount: offer.and_then(|o| o.max_amount).unwrap_or_default(),
            paint_seed: item.paint_seed.unwrap_or_default(),
            amount: item.amount.unwrap_or_default(),
        };
        self.records.push(record);
    }

    /// Interns text many items share.
    fn share(&mut self, text: Option<&str>) -> Option<Shared> {
        text.map(|t| self.shared.get_or_intern(t))
    }

    /// Appends text unique to one item.
    fn keep(&mut self, text: Option<&str>) -> Option<Own> {
        text.map(|t| Own(self.own.intern(t)))
    }

    fn push_extras(&mut self, item: &Item) -> Option<NonZeroU32> {
        let has_any = !item.stickers.is_empty()
            || item.doppler.is_some()
            || item.fade.is_some()
            || item.hardened.is_some()
            || item.charm.is_some();
        if !has_any {
            return None;
        }
        let start = self.stickers.len() as u32;
        for s in &item.stickers {
            let sticker = StoredSticker {
                name: self.share(s.name.as_deref()),
                market_hash_name: self.share(s.market_hash_name.as_deref()),
                icon_url: self.share(s.icon_url.as_deref()),
                slot: s.slot,
                wear: s.wear,
            };
            self.stickers.push(sticker);
        }
        let variant = |store: &mut Self, v: &Option<NamedVariant>| v.as_ref().map(|v| store.share(v.name.as_deref()));
        let extras = Extras {
            stickers: start..self.stickers.len() as u32,
            doppler: variant(self, &item.doppler),
            hardened: variant(self, &item.hardened),
            charm: variant(self, &item.charm),
            fade: item.fade.as_ref().map(|f| f.percentage),
        };
        self.extras.push(extras);
        NonZeroU32::new(self.extras.len() as u32)
    }

    /// Gives back capacity the decoder reserved ahead.
    pub fn shrink_to_fit(&mut self) {
        self.records.shrink_to_fit();
        self.shared.shrink_to_fit();
        self.own.shrink_to_fit();
        self.extras.shrink_to_fit();
        self.stickers.shrink_to_fit();
    }

    fn shared_text(&self, symbol: Option<Shared>) -> Option<&str> {
        symbol.and_then(|s| self.shared.resolve(s))
    }

    fn own_text(&self, symbol: Option<Own>) -> Option<&str> {
        symbol.and_then(|s| self.own.resolve(s.0))
    }

    /// The distinct shared symbol of an item's name and market hash name, for the index.
    pub(crate) fn name_symbols(&self, index: usize) -> (Option<Shared>, Option<Shared>) {
        let r = &self.records[index];
        (r.name, r.market_hash_name)
    }

    /// The text of a shared symbol handed out by `name_symbols`.
    pub(crate) fn resolve_shared(&self, symbol: Shared) -> &str {
        self.shared.resolve(symbol).unwrap_or("")
    }
}

impl std::fmt::Debug for ItemStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ItemStore({} items)", self.len())
    }
}

/// One stored item, read in place.
#[derive(Clone, Copy)]
pub struct ItemRef<'a> {
    store: &'a ItemStore,
    record: &'a Record,
}

impl<'a> ItemRef<'a> {
    pub fn id(&self) -> &'a str {
        self.store.own_text(Some(self.record.id)).unwrap_or("")
    }

    pub fn name(&self) -> Option<&'a str> {
        self.store.shared_text(self.record.name)
    }

    pub fn market_hash_name(&self) -> Option<&'a str> {
        self.store.shared_text(self.record.market_hash_name)
    }

    /// The name to show: `name`, else the market hash name, else the id.
    pub fn display_name(&self) -> &'a str {
        self.name().or(self.market_hash_name()).unwrap_or(self.id())
    }

    pub fn item_type(&self) -> Option<&'a str> {
        self.store.shared_text(self.record.item_type)
    }

    pub fn exterior(&self) -> Option<&'a str> {
        self.store.shared_text(self.record.exterior)
    }

    pub fn color(&self) -> Option<&'a str> {
        self.store.shared_text(self.record.color)
    }

    pub fn wear(&self) -> Option<&'a str> {
        self.store.own_text(self.record.wear)
    }

    pub fn offer_price(&self) -> Option<Usd> {
        self.record.get(Flags::OFFER, self.record.offer_price)
    }

    pub fn market_price(&self) -> Option<Usd> {
        self.record.get(Flags::MARKET_PRICE, self.record.market_price)
    }

    pub fn is_accepted(&self) -> bool {
        self.record.flags.contains(Flags::OFFER | Flags::ACCEPTED)
    }

    pub fn deposit(&self) -> Deposit {
        Deposit::of(self.record.flags.contains(Flags::TRADABLE), self.is_accepted())
    }

    /// The names of the item's stickers (market hash name when the name is missing).
    pub fn sticker_names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let store = self.store;
        let range = self.extras().map(|e| e.stickers.clone()).unwrap_or(0..0);
        store.stickers[range.start as usize..range.end as usize]
            .iter()
            .filter_map(move |s| store.shared_text(s.name.or(s.market_hash_name)))
    }

    pub fn paint_seed(&self) -> Option<i64> {
        self.record.get(Flags::PAINT_SEED, self.record.paint_seed)
    }

    pub fn has_stickers(&self) -> bool {
        self.extras().is_some_and(|e| !e.stickers.is_empty())
    }

    /// Case-insensitive substring match on name or market hash name: the server's search.
    pub fn matches_search(&self, needle_lower: &str) -> bool {
        let hit = |s: Option<&str>| s.is_some_and(|s| s.to_lowercase().contains(needle_lower));
        needle_lower.is_empty() || hit(self.name()) || hit(self.market_hash_name())
    }

    fn extras(&self) -> Option<&'a Extras> {
        self.record.extras.map(|n| &self.store.extras[n.get() as usize - 1])
    }

    /// The item exactly as it was pushed.
    pub fn to_item(&self) -> Item {
        let (store, r) = (self.store, self.record);
        let shared = |s: Option<Shared>| store.shared_text(s).map(str::to_string);
        let own = |s: Option<Own>| store.own_text(s).map(str::to_string);
        let extras = self.extras();
        let variant = |v: Option<Option<Shared>>| v.map(|name| NamedVariant { name: shared(name) });
        let stickers = extras.map(|e| &store.stickers[e.stickers.start as usize..e.stickers.end as usize]);
        Item {
            id: self.id().to_string(),
            appid: r.appid,
            tradable: r.flags.contains(Flags::TRADABLE),
            name: shared(r.name),
            market_hash_name: shared(r.market_hash_name),
            item_type: shared(r.item_type),
            icon_url: shared(r.icon_url),
            market_price: self.market_price(),
            offer: self.offer_price().map(|price| Offer {
                price,
                accepted: r.accepted(),
                reference: own(r.reference),
                max_amount: r.get(Flags::MAX_AMOUNT, r.max_amount),
                delivery: shared(r.delivery),
            }),
            exterior: shared(r.exterior),
            wear: own(r.wear),
            rarity: shared(r.rarity),
            color: shared(r.color),
            paint_seed: r.get(Flags::PAINT_SEED, r.paint_seed),
            prop_id: own(r.prop_id),
            stickers: stickers
                .unwrap_or_default()
                .iter()
                .map(|s| Sticker {
                    name: shared(s.name),
                    market_hash_name: shared(s.market_hash_name),
                    slot: s.slot,
                    wear: s.wear,
                    icon_url: shared(s.icon_url),
                })
                .collect(),
            asset_id: own(r.asset_id),
            amount: r.get(Flags::AMOUNT, r.amount),
            doppler: extras.and_then(|e| variant(e.doppler)),
            fade: extras.and_then(|e| e.fade.map(|percentage| Fade { percentage })),
            hardened: extras.and_then(|e| variant(e.hardened)),
            charm: extras.and_then(|e| variant(e.charm)),
        }
    }
}

/// Decodes an `inventory` array item by item into the store: only one `Item` is ever whole.
impl<'de> Deserialize<'de> for ItemStore {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StoreVisitor;
        impl<'de> Visitor<'de> for StoreVisitor {
            type Value = ItemStore;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of items")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ItemStore, A::Error> {
                let mut store = ItemStore::default();
                while let Some(item) = seq.next_element::<Item>()? {
                    store.push(&item);
                }
                store.shrink_to_fit();
                Ok(store)
            }
        }
        deserializer.deserialize_seq(StoreVisitor)
    }
}

/// Serializes as the API's array of items, one rebuilt `Item` at a time.
impl Serialize for ItemStore {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ItemsInOrder { store: self, order: &(0..self.len() as u32).collect::<Vec<_>>() }.serialize(serializer)
    }
}

/// Some of a store's items in a chosen order, serialized as the API's array of items.
pub struct ItemsInOrder<'a> {
    pub store: &'a ItemStore,
    pub order: &'a [u32],
}

impl Serialize for ItemsInOrder<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.order.len()))?;
        for item in self.order.iter().filter_map(|&i| self.store.get(i as usize)) {
            seq.serialize_element(&item.to_item())?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::dataset;

    #[test]
    fn gives_back_every_item_exactly() {
        let mut items = serde_json::from_str::<Vec<crate::api::assetpay::Item>>(&dataset::generate_json(730, 7, 500))
            .expect("demo items decode");
        items.extend(
            serde_json::from_str::<Vec<crate::api::assetpay::Item>>(&dataset::generate_json(252490, 7, 100))
                .expect("demo items decode"),
        );
        items[0].doppler = Some(NamedVariant { name: Some("Phase 2".into()) });
        items[1].fade = Some(Fade { percentage: None });
        items[2].charm = Some(NamedVariant { name: None });
        items[3].offer = None;
        items[4].name = None;
        assert!(items.iter().any(|i| !i.stickers.is_empty()), "the sample has stickers");
        let store = ItemStore::from_items(&items);
        let back: Vec<Item> = store.iter().map(|i| i.to_item()).collect();
        assert_eq!(back, items);
        assert_eq!(store.get(4).unwrap().display_name(), items[4].market_hash_name.as_deref().unwrap());
        assert_eq!(store.position(&items[42].id), Some(42));
    }

    #[test]
    fn a_record_stays_small() {
        assert_eq!(std::mem::size_of::<Record>(), 104);
    }

    #[test]
    fn decodes_and_serializes_as_the_api_spells_it() {
        let items = serde_json::from_str::<Vec<crate::api::assetpay::Item>>(&dataset::generate_json(730, 3, 40))
            .expect("demo items decode");
        let json = serde_json::to_string(&items).unwrap();
        let store: ItemStore = serde_json::from_str(&json).unwrap();
        assert_eq!(store.len(), 40);
        assert_eq!(serde_json::to_string(&store).unwrap(), json);
    }
}
