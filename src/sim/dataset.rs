//! Deterministic demo inventories: the same seed always yields the same items, so tests and
//! screenshots are stable.

use super::catalog::{self, Rarity, Skin};
use super::wire::{FadeInfo, Game, Item, Named, Offer, Sticker};
use crate::money::Usd;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Generates `count` items of one game's inventory for one account, as the simulator serves
/// them.
pub fn generate(game: Game, seed: u64, count: usize) -> Vec<Item> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (game.app_id() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    (0..count)
        .map(|n| match game {
            Game::Cs2 => cs2_item(&mut rng, n),
            Game::Rust => rust_item(&mut rng, n),
        })
        .collect()
}

/// The same items as the JSON array the market sends, for tests and benchmarks that read them
/// through the client.
pub fn generate_json(app_id: u32, seed: u64, count: usize) -> String {
    let game = Game::from_app_id(app_id).unwrap_or(Game::Cs2);
    serde_json::to_string(&generate(game, seed, count)).unwrap_or_else(|_| "[]".into())
}

fn cs2_item(rng: &mut ChaCha8Rng, n: usize) -> Item {
    let roll: f64 = rng.random();
    if roll < 0.12 {
        let &(name, kind, rarity, cents) = pick_weighted(rng, catalog::CS2_PLAIN, |p| p.3);
        let mut item = base_item(rng, n, 730, name.to_string(), name.to_string(), kind, cents as f64);
        item.rarity = Some(rarity.name().into());
        item.color = Some(rarity.color().into());
        return item;
    }
    let (skin, star) = if roll < 0.18 {
        (pick_weighted(rng, catalog::CS2_KNIVES, |s| s.base_cents), true)
    } else {
        (pick_weighted(rng, catalog::CS2_SKINS, |s| s.base_cents), false)
    };
    skin_item(rng, n, skin, star)
}

/// Cheap items are common and a Dragon Lore is rare: an entry's chance falls with its price.
fn pick_weighted<'a, T>(rng: &mut ChaCha8Rng, entries: &'a [T], cents: impl Fn(&T) -> u32) -> &'a T {
    let weight = |e: &T| (1.0e6 / (cents(e) as f64 + 400.0)).powf(0.5);
    let total: f64 = entries.iter().map(weight).sum();
    let mut ticket = rng.random::<f64>() * total;
    for entry in entries {
        ticket -= weight(entry);
        if ticket <= 0.0 {
            return entry;
        }
    }
    &entries[entries.len() - 1]
}

fn skin_item(rng: &mut ChaCha8Rng, n: usize, skin: &Skin, star: bool) -> Item {
    let (low, high) = catalog::float_range(skin);
    // Cut to the five decimals it is shown with, so the exterior follows the float as sent.
    let wear: f64 = ((low + (high - low) * rng.random::<f64>().powf(1.6)) * 1e5).floor() / 1e5;
    let (exterior, multiplier) = exterior_of(wear);
    let stattrak = skin.rarity != Rarity::Contraband
        && skin.kind != "Gloves"
        && skin.base_cents < 100_000
        && rng.random_bool(0.15);
    let name = format!(
        "{}{}{} | {}",
        if star { "★ " } else { "" },
        if stattrak { "StatTrak™ " } else { "" },
        skin.weapon,
        skin.finish
    );
    let market_hash_name = format!("{name} ({exterior})");
    let price = skin.base_cents as f64 * multiplier * if stattrak { 1.8 } else { 1.0 };
    let mut item = base_item(rng, n, 730, name, market_hash_name, skin.kind, price);
    item.exterior = Some(exterior.into());
    item.wear = Some(format!("{wear:.5}"));
    item.rarity = Some(skin.rarity.name().into());
    item.color = Some(skin.rarity.color().into());
    item.paint_seed = Some(rng.random_range(1..=1000));
    if rng.random_bool(0.7) {
        item.prop_id = Some(format!(
            "S76561198012345678A{}D{}",
            30_000_000_000u64 + n as u64,
            rng.random_range(1_000_000_000_000_000u64..9_999_999_999_999_999)
        ));
    }
    if !star && rng.random_bool(0.3) {
        item.stickers = stickers(rng);
    }
    if skin.finish.contains("Doppler") {
        let phase = catalog::DOPPLER_PHASES[rng.random_range(0..catalog::DOPPLER_PHASES.len())];
        item.doppler = Some(Named { name: Some(phase.into()) });
    }
    if skin.finish == "Fade" {
        item.fade = Some(FadeInfo { percentage: Some((rng.random_range(800..=1000) as f64) / 10.0) });
    }
    item
}

fn stickers(rng: &mut ChaCha8Rng) -> Vec<Sticker> {
    let count = rng.random_range(1..=4);
    (0..count)
        .map(|slot| {
            let name = catalog::CS2_STICKERS[rng.random_range(0..catalog::CS2_STICKERS.len())];
            let wear = if rng.random_bool(0.5) { 0.0 } else { (rng.random_range(1..80) as f64) / 100.0 };
            Sticker {
                name: Some(name.into()),
                market_hash_name: Some(format!("Sticker | {name}")),
                slot: Some(slot),
                wear: Some(wear),
                icon_url: Some(icon_of(name)),
            }
        })
        .collect()
}

fn rust_item(rng: &mut ChaCha8Rng, n: usize) -> Item {
    let (name, kind, cents) = catalog::RUST_ITEMS[rng.random_range(0..catalog::RUST_ITEMS.len())];
    base_item(rng, n, 252490, name.into(), name.into(), kind, cents as f64)
}

/// The fields every item has, with market and offer prices drawn around `reference_cents`.
fn base_item(
    rng: &mut ChaCha8Rng,
    n: usize,
    appid: u32,
    name: String,
    market_hash_name: String,
    kind: &str,
    reference_cents: f64,
) -> Item {
    let market_cents = (reference_cents * rng.random_range(0.8..1.25)).round().max(1.0) as i64;
    let offer_cents = ((market_cents as f64) * rng.random_range(0.55..0.85)).round().max(1.0) as i64;
    let tradable = !rng.random_bool(0.06);
    let accepted = tradable && market_cents >= 10 && !rng.random_bool(0.05);
    let icon_url = Some(icon_of(&market_hash_name));
    Item {
        id: uuid_like(rng),
        appid,
        tradable,
        name: Some(name),
        market_hash_name: Some(market_hash_name),
        item_type: Some(kind.into()),
        icon_url,
        market_price: Some(Usd::from_cents(market_cents)),
        offer: Some(Offer {
            price: Usd::from_cents(offer_cents),
            accepted: Some(accepted),
            reference: Some(format!("ref_{:010x}", rng.random::<u64>() & 0xff_ffff_ffff)),
            max_amount: Some(1.0),
            delivery: Some(if offer_cents < 50_000 { "instant" } else { "standard" }.into()),
        }),
        exterior: None,
        wear: None,
        rarity: None,
        color: None,
        paint_seed: None,
        prop_id: None,
        stickers: vec![],
        asset_id: Some((38_000_000_000u64 + n as u64).to_string()),
        amount: Some(1),
        doppler: None,
        fade: None,
        hardened: None,
        charm: None,
    }
}

/// Steam's exterior bands and the price multiplier each one carries.
pub fn exterior_of(wear: f64) -> (&'static str, f64) {
    match wear {
        w if w < 0.07 => ("Factory New", 1.6),
        w if w < 0.15 => ("Minimal Wear", 1.2),
        w if w < 0.38 => ("Field-Tested", 1.0),
        w if w < 0.45 => ("Well-Worn", 0.85),
        _ => ("Battle-Scarred", 0.75),
    }
}

fn uuid_like(rng: &mut ChaCha8Rng) -> String {
    let a: u128 = rng.random();
    let h = format!("{a:032x}");
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// Steam gives every copy of an item the same icon, so it follows from the name. FNV-1a keeps
/// it the same on every build.
fn icon_of(market_hash_name: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let hash =
        market_hash_name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    let mut rng = ChaCha8Rng::seed_from_u64(hash);
    (0..48).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_items() {
        assert_eq!(generate(Game::Cs2, 7, 50), generate(Game::Cs2, 7, 50));
        assert_ne!(generate(Game::Cs2, 7, 50), generate(Game::Cs2, 8, 50));
    }

    #[test]
    fn realistic_mix() {
        let items = generate(Game::Cs2, 1, 2000);
        assert!(items.iter().any(|i| i.display_name().starts_with("★ ")));
        assert!(items.iter().any(|i| i.display_name().contains("StatTrak™")));
        assert!(items.iter().any(|i| i.display_name().contains('龍')));
        assert!(items.iter().any(|i| !i.stickers.is_empty()));
        assert!(items.iter().any(|i| !i.tradable));
        assert!(items.iter().any(|i| !i.is_accepted()));
        // Every skin within its float range: no Fade Battle-Scarred, no Factory New Asiimov.
        for item in items.iter().filter(|i| i.wear.is_some()) {
            let wear: f64 = item.wear.as_deref().unwrap().parse().unwrap();
            let name = item.display_name();
            if name.contains("| Fade") || name.contains("Doppler") {
                assert!(wear < 0.08, "{name} at {wear}");
                assert!(item.exterior.as_deref().is_some_and(|e| e == "Factory New" || e == "Minimal Wear"));
            }
            if name.contains("AWP | Asiimov") {
                assert!(wear >= 0.18 && item.exterior.as_deref() != Some("Factory New"), "{name} at {wear}");
            }
            assert_eq!(Some(exterior_of(wear).0), item.exterior.as_deref());
        }
        let rust = generate(Game::Rust, 1, 50);
        assert!(rust.iter().all(|i| i.appid == 252490 && i.exterior.is_none()));
    }
}
