//! The demo Mannco.store account: realistic TF2 stock (keys and metal in bulk, unusual hats,
//! strange weapons) and a few CS items, generated from a seed.

use crate::money::Cents;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// One item type on the market: what other traders list it at, the buy orders waiting for it
/// and its price cap.
pub struct CatalogItem {
    pub name: &'static str,
    pub effect: &'static str,
    pub quality: &'static str,
    pub kind: &'static str,
    pub game: u32,
    pub url: &'static str,
    pub craftable: u8,
    pub cap: Option<Cents>,
    /// The lowest listing by other sellers.
    pub market_lowest: Option<Cents>,
    /// Open buy orders, best first; each fills one item.
    pub buy_orders: Vec<Cents>,
    pub suggested: Cents,
    pub steam_price: Cents,
    pub last_sale: Cents,
}

/// Where an asset is, as `mannco.md` numbers it in `state` (0–3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetState {
    InInventory,
    OnSale,
    PendingWithdrawal,
    InTrade,
}

impl AssetState {
    pub fn from_code(code: u8) -> Self {
        match code {
            1 => AssetState::OnSale,
            2 => AssetState::PendingWithdrawal,
            3 => AssetState::InTrade,
            _ => AssetState::InInventory,
        }
    }

    pub fn code(self) -> u8 {
        match self {
            AssetState::InInventory => 0,
            AssetState::OnSale => 1,
            AssetState::PendingWithdrawal => 2,
            AssetState::InTrade => 3,
        }
    }

    /// Whether the market lets the owner price or withdraw it.
    pub fn can_act(self) -> bool {
        matches!(self, AssetState::InInventory | AssetState::OnSale)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    pub asset_id: u64,
    pub item_id: i64,
    pub state: AssetState,
    pub price: Option<Cents>,
    pub bot: &'static str,
    /// CS items bought recently sit under Steam's 7-day trade hold (unix seconds).
    pub trade_lock_until: Option<i64>,
}

/// The market's trade bots (Steam64 ids).
const BOTS: [&str; 3] = ["76561198000000001", "76561198000000002", "76561198000000003"];

/// An asset as the demo keeps it between commands.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedAsset {
    pub asset_id: u64,
    item_id: i64,
    state: u8,
    price: Option<i64>,
    bot: String,
    trade_lock_until: Option<i64>,
}

impl SavedAsset {
    pub fn of(asset: &Asset) -> Self {
        SavedAsset {
            asset_id: asset.asset_id,
            item_id: asset.item_id,
            state: asset.state.code(),
            price: asset.price.map(|c| c.0),
            bot: asset.bot.to_string(),
            trade_lock_until: asset.trade_lock_until,
        }
    }

    pub fn into_asset(self) -> Asset {
        // The bots are the market's few; an unknown one becomes the first.
        let bot = BOTS.iter().copied().find(|b| *b == self.bot).unwrap_or(BOTS[0]);
        Asset {
            asset_id: self.asset_id,
            item_id: self.item_id,
            state: AssetState::from_code(self.state),
            price: self.price.map(Cents),
            bot,
            trade_lock_until: self.trade_lock_until,
        }
    }
}

/// (id, name, effect, quality, type, game, url, cap, lowest, buy order × count, suggested)
type Entry = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static str,
    Option<i64>,
    i64,
    (i64, usize),
    i64,
);

const CATALOG: &[Entry] = &[
    (
        5021,
        "Mann Co. Supply Crate Key",
        "",
        "Unique",
        "Tool",
        440,
        "mann_co_supply_crate_key",
        Some(250),
        209,
        (195, 40),
        205,
    ),
    (5002, "Refined Metal", "", "Unique", "Craft Item", 440, "refined_metal", Some(10), 5, (4, 200), 5),
    (5001, "Reclaimed Metal", "", "Unique", "Craft Item", 440, "reclaimed_metal", Some(5), 2, (1, 200), 2),
    (725, "Tour of Duty Ticket", "", "Unique", "Ticket", 440, "tour_of_duty_ticket", Some(120), 96, (88, 10), 94),
    (
        378,
        "Unusual Burning Flames Team Captain",
        "Burning Flames",
        "Unusual",
        "Hat",
        440,
        "unusual_burning_flames_team_captain",
        None,
        18500,
        (15000, 1),
        17900,
    ),
    (
        30162,
        "Unusual Sunbeams Anger",
        "Sunbeams",
        "Unusual",
        "Hat",
        440,
        "unusual_sunbeams_anger",
        None,
        42000,
        (0, 0),
        40500,
    ),
    (
        30177,
        "Unusual Hot Hong Kong Cone",
        "Hot",
        "Unusual",
        "Hat",
        440,
        "unusual_hot_hong_kong_cone",
        None,
        9800,
        (8200, 1),
        9400,
    ),
    (
        30065,
        "Unusual Purple Energy Towering Pillar of Hats",
        "Purple Energy",
        "Unusual",
        "Hat",
        440,
        "unusual_purple_energy_towering_pillar",
        None,
        12500,
        (0, 0),
        11900,
    ),
    (
        18,
        "Strange Rocket Launcher",
        "",
        "Strange",
        "Primary weapon",
        440,
        "strange_rocket_launcher",
        None,
        85,
        (70, 5),
        82,
    ),
    (
        200,
        "Strange Australium Scattergun",
        "",
        "Strange",
        "Primary weapon",
        440,
        "strange_australium_scattergun",
        None,
        4200,
        (3900, 2),
        4150,
    ),
    (
        205,
        "Strange Professional Killstreak Rocket Launcher",
        "",
        "Strange",
        "Primary weapon",
        440,
        "strange_pro_ks_rocket_launcher",
        None,
        2300,
        (0, 0),
        2200,
    ),
    (3780, "Team Captain", "", "Unique", "Hat", 440, "team_captain", None, 160, (110, 3), 155),
    (30013, "Vintage Tyrant's Helm", "", "Vintage", "Hat", 440, "vintage_tyrants_helm", None, 310, (0, 0), 300),
    (30014, "Genuine Bolgan", "", "Genuine", "Hat", 440, "genuine_bolgan", None, 90, (60, 2), 88),
    (
        1_001,
        "AK-47 | Redline (Field-Tested)",
        "",
        "Classified",
        "Rifle",
        730,
        "ak47_redline_ft",
        None,
        1390,
        (1200, 2),
        1350,
    ),
    (
        1_002,
        "AWP | Asiimov (Field-Tested)",
        "",
        "Covert",
        "Sniper Rifle",
        730,
        "awp_asiimov_ft",
        None,
        9100,
        (8500, 1),
        8900,
    ),
    (1_003, "Revolution Case", "", "Base Grade", "Container", 730, "revolution_case", None, 45, (40, 20), 44),
];

/// (item id, how many, state, listing price) — the demo account's holdings.
const HOLDINGS: &[(i64, usize, u8, Option<i64>)] = &[
    (5021, 24, 0, None),
    (5021, 6, 1, Some(212)),
    (5002, 40, 0, None),
    (5002, 1, 2, None),
    (5001, 15, 0, None),
    (725, 5, 0, None),
    (378, 1, 1, Some(19900)),
    (30162, 1, 0, None),
    (30177, 1, 1, Some(10500)),
    (30065, 1, 0, None),
    (18, 3, 0, None),
    (18, 1, 3, None),
    (200, 1, 1, Some(4500)),
    (205, 1, 0, None),
    (3780, 2, 0, None),
    (30013, 1, 0, None),
    (30014, 1, 0, None),
    (1001, 2, 0, None),
    (1002, 1, 0, None),
    (1003, 10, 0, None),
];

pub fn catalog() -> BTreeMap<i64, CatalogItem> {
    CATALOG
        .iter()
        .map(|&(item_id, name, effect, quality, kind, game, url, cap, lowest, (order, orders), suggested)| {
            let item = CatalogItem {
                name,
                effect,
                quality,
                kind,
                game,
                url,
                craftable: 1,
                cap: cap.map(Cents),
                market_lowest: Some(Cents(lowest)),
                buy_orders: vec![Cents(order); orders],
                suggested: Cents(suggested),
                steam_price: Cents(suggested * 115 / 100),
                last_sale: Cents(suggested),
            };
            (item_id, item)
        })
        .collect()
}

/// The account's assets. The seed moves asset ids, the bulk counts a little and which CS
/// item is still under trade hold.
pub fn holdings(seed: u64, now_unix: i64, extra_keys: usize) -> BTreeMap<u64, Asset> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4D41_4E4E_434F);
    let mut next_id = 14_000_000_000u64 + rng.random_range(0..1_000_000u64) * 100;
    let bots = BOTS;
    let mut assets = BTreeMap::new();
    for &(item_id, count, state, price) in HOLDINGS {
        let count = if count > 4 { count + rng.random_range(0..=count / 5) } else { count };
        let state = AssetState::from_code(state);
        let count = if (item_id, state) == (5021, AssetState::InInventory) { count + extra_keys } else { count };
        for n in 0..count {
            next_id += rng.random_range(1..40);
            let held =
                CATALOG.iter().any(|e| e.0 == item_id && e.5 == 730) && n == 0 && state == AssetState::InInventory;
            assets.insert(
                next_id,
                Asset {
                    asset_id: next_id,
                    item_id,
                    state,
                    price: price.map(Cents),
                    bot: bots[rng.random_range(0..bots.len())],
                    trade_lock_until: held.then(|| now_unix + rng.random_range(1..7) * 86_400),
                },
            );
        }
    }
    assets
}
