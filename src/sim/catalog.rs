//! Real-world item names, rarities and price levels the demo inventories are drawn from.

/// A CS2 skin: weapon, finish, rarity, weapon type, and a Field-Tested reference price in cents.
pub struct Skin {
    pub weapon: &'static str,
    pub finish: &'static str,
    pub rarity: Rarity,
    pub kind: &'static str,
    pub base_cents: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Rarity {
    Consumer,
    Industrial,
    MilSpec,
    Restricted,
    Classified,
    Covert,
    Contraband,
    Extraordinary,
    Base,
    HighGrade,
    Remarkable,
    Exotic,
}

impl Rarity {
    pub fn name(self) -> &'static str {
        match self {
            Rarity::Consumer => "Consumer Grade",
            Rarity::Industrial => "Industrial Grade",
            Rarity::MilSpec => "Mil-Spec Grade",
            Rarity::Restricted => "Restricted",
            Rarity::Classified => "Classified",
            Rarity::Covert => "Covert",
            Rarity::Contraband => "Contraband",
            Rarity::Extraordinary => "Extraordinary",
            Rarity::Base => "Base Grade",
            Rarity::HighGrade => "High Grade",
            Rarity::Remarkable => "Remarkable",
            Rarity::Exotic => "Exotic",
        }
    }

    pub fn color(self) -> &'static str {
        match self {
            Rarity::Consumer | Rarity::Base => "#B0C3D9",
            Rarity::Industrial => "#5E98D9",
            Rarity::MilSpec | Rarity::HighGrade => "#4B69FF",
            Rarity::Restricted | Rarity::Remarkable => "#8847FF",
            Rarity::Classified | Rarity::Exotic => "#D32CE6",
            Rarity::Covert | Rarity::Extraordinary => "#EB4B4B",
            Rarity::Contraband => "#E4AE39",
        }
    }
}

macro_rules! skins {
    ($(($weapon:expr, $finish:expr, $rarity:ident, $kind:expr, $cents:expr)),* $(,)?) => {
        &[$(Skin { weapon: $weapon, finish: $finish, rarity: Rarity::$rarity, kind: $kind, base_cents: $cents }),*]
    };
}

pub const CS2_SKINS: &[Skin] = skins![
    ("AK-47", "Redline", Classified, "Rifle", 1250),
    ("AK-47", "Asiimov", Covert, "Rifle", 5200),
    ("AK-47", "Vulcan", Covert, "Rifle", 17500),
    ("AK-47", "Slate", Restricted, "Rifle", 420),
    ("AK-47", "Elite Build", MilSpec, "Rifle", 190),
    ("AK-47", "Neon Rider", Covert, "Rifle", 3900),
    ("AK-47", "水栽竹 (Hydroponic)", Classified, "Rifle", 21000),
    ("AWP", "Asiimov", Covert, "Sniper Rifle", 9200),
    ("AWP", "Redline", Classified, "Sniper Rifle", 2900),
    ("AWP", "Atheris", Restricted, "Sniper Rifle", 380),
    ("AWP", "Neo-Noir", Covert, "Sniper Rifle", 3100),
    ("AWP", "Dragon Lore", Covert, "Sniper Rifle", 980000),
    ("M4A4", "龍王 (Dragon King)", Classified, "Rifle", 1100),
    ("M4A4", "Howl", Contraband, "Rifle", 420000),
    ("M4A4", "Neo-Noir", Covert, "Rifle", 2100),
    ("M4A4", "Desolate Space", Classified, "Rifle", 1400),
    ("M4A1-S", "Printstream", Covert, "Rifle", 11000),
    ("M4A1-S", "Hyper Beast", Covert, "Rifle", 2300),
    ("M4A1-S", "Decimator", Classified, "Rifle", 1300),
    ("M4A1-S", "Nightmare", Classified, "Rifle", 950),
    ("Desert Eagle", "Blaze", Restricted, "Pistol", 42000),
    ("Desert Eagle", "Printstream", Covert, "Pistol", 4800),
    ("Desert Eagle", "Code Red", Covert, "Pistol", 2600),
    ("Glock-18", "Water Elemental", Classified, "Pistol", 620),
    ("Glock-18", "Vogue", Classified, "Pistol", 540),
    ("Glock-18", "Fade", Restricted, "Pistol", 120000),
    ("USP-S", "Kill Confirmed", Covert, "Pistol", 5400),
    ("USP-S", "Cortex", Classified, "Pistol", 450),
    ("USP-S", "Orion", Classified, "Pistol", 1200),
    ("P250", "See Ya Later", Classified, "Pistol", 360),
    ("P250", "Sand Dune", Consumer, "Pistol", 3),
    ("Five-SeveN", "Case Hardened", MilSpec, "Pistol", 420),
    ("Tec-9", "Fuel Injector", Classified, "Pistol", 310),
    ("MAC-10", "Neon Rider", Covert, "SMG", 920),
    ("MP9", "Starlight Protector", Covert, "SMG", 880),
    ("UMP-45", "Primal Saber", Classified, "SMG", 270),
    ("P90", "Asiimov", Covert, "SMG", 840),
    ("P90", "Sand Spray", Consumer, "SMG", 4),
    ("MP7", "Bloodsport", Covert, "SMG", 790),
    ("Nova", "Hyper Beast", Classified, "Shotgun", 260),
    ("XM1014", "Tranquility", Restricted, "Shotgun", 150),
    ("Nova", "Predator", Industrial, "Shotgun", 6),
    ("Sawed-Off", "The Kraken", Covert, "Shotgun", 1300),
    ("Negev", "Power Loader", Restricted, "Machinegun", 160),
    ("SSG 08", "Dragonfire", Covert, "Sniper Rifle", 2700),
    ("FAMAS", "Commemoration", Covert, "Rifle", 780),
    ("Galil AR", "Chatterbox", Covert, "Rifle", 1500),
    ("SG 553", "Integrale", Covert, "Rifle", 1800),
    ("AUG", "Akihabara Accept", Covert, "Rifle", 21000),
    ("MP5-SD", "Phosphor", Restricted, "SMG", 90),
    ("Dual Berettas", "Melondrama", Classified, "Pistol", 240),
    ("CZ75-Auto", "Victoria", Classified, "Pistol", 290),
    ("R8 Revolver", "Fade", Restricted, "Pistol", 850),
];

/// The float range a skin is made in: Steam never makes a Fade Battle-Scarred, nor an AWP
/// Asiimov Factory New. (min, max) of the wear value.
pub fn float_range(skin: &Skin) -> (f64, f64) {
    match (skin.weapon, skin.finish) {
        (_, "Fade" | "Doppler" | "Marble Fade" | "Tiger Tooth") => (0.0, 0.08),
        ("Desert Eagle", "Blaze") => (0.0, 0.08),
        (_, "Slaughter") => (0.01, 0.26),
        (_, "Redline") => (0.10, 0.70),
        ("AWP", "Asiimov") => (0.18, 1.0),
        ("AK-47", "Asiimov") => (0.05, 0.70),
        ("AK-47", "Vulcan") => (0.0, 0.90),
        ("AK-47", "水栽竹 (Hydroponic)") => (0.0, 0.50),
        ("AWP", "Dragon Lore") => (0.0, 0.70),
        ("M4A4", "Howl") => (0.0, 0.40),
        ("M4A4", "龍王 (Dragon King)") => (0.0, 0.75),
        ("Galil AR", "Chatterbox") => (0.35, 0.85),
        ("Sawed-Off", "The Kraken") => (0.0, 0.30),
        ("MP7", "Bloodsport") => (0.0, 0.65),
        ("AUG", "Akihabara Accept") => (0.0, 0.75),
        (_, "Printstream" | "Neo-Noir" | "Orion") => (0.0, 0.80),
        (_, "Crimson Web" | "Safari Mesh" | "Sand Dune" | "Predator" | "Night Stripe") => (0.06, 0.80),
        _ if skin.kind == "Gloves" => (0.06, 0.80),
        _ => (0.0, 1.0),
    }
}

/// Knives and gloves: always ★, Covert or Extraordinary.
pub const CS2_KNIVES: &[Skin] = skins![
    ("Karambit", "Doppler", Covert, "Knife", 98000),
    ("Karambit", "Fade", Covert, "Knife", 145000),
    ("Butterfly Knife", "Slaughter", Covert, "Knife", 112000),
    ("Butterfly Knife", "Doppler", Covert, "Knife", 130000),
    ("M9 Bayonet", "Crimson Web", Covert, "Knife", 89000),
    ("Bayonet", "Tiger Tooth", Covert, "Knife", 41000),
    ("Flip Knife", "Marble Fade", Covert, "Knife", 36000),
    ("Talon Knife", "Case Hardened", Covert, "Knife", 52000),
    ("Gut Knife", "Safari Mesh", Covert, "Knife", 8600),
    ("Navaja Knife", "Night Stripe", Covert, "Knife", 7900),
    ("Sport Gloves", "Pandora's Box", Extraordinary, "Gloves", 410000),
    ("Driver Gloves", "King Snake", Extraordinary, "Gloves", 38000),
    ("Specialist Gloves", "Crimson Kimono", Extraordinary, "Gloves", 92000),
    ("Hand Wraps", "Cobalt Skulls", Extraordinary, "Gloves", 21000),
];

/// Items without wear: cases, sticker capsules, stickers, agents. (name, type, rarity, cents)
pub const CS2_PLAIN: &[(&str, &str, Rarity, u32)] = &[
    ("Revolution Case", "Container", Rarity::Base, 45),
    ("Kilowatt Case", "Container", Rarity::Base, 92),
    ("Dreams & Nightmares Case", "Container", Rarity::Base, 160),
    ("Fracture Case", "Container", Rarity::Base, 38),
    ("Recoil Case", "Container", Rarity::Base, 30),
    ("Chroma 2 Case", "Container", Rarity::Base, 320),
    ("Sticker | Crown (Foil)", "Sticker", Rarity::Exotic, 52000),
    ("Sticker | Natus Vincere | Katowice 2019", "Sticker", Rarity::HighGrade, 180),
    ("Sticker | Team Liquid (Holo) | Stockholm 2021", "Sticker", Rarity::Remarkable, 95),
    ("Sir Bloody Miami Darryl | The Professionals", "Agent", Rarity::Covert, 1450),
    ("Special Agent Ava | FBI", "Agent", Rarity::Covert, 1320),
    ("Graffiti | Worry (Shark White)", "Graffiti", Rarity::Base, 3),
];

pub const CS2_STICKERS: &[&str] = &[
    "Natus Vincere | Katowice 2019",
    "iBUYPOWER | Katowice 2014",
    "Titan (Holo) | Katowice 2014",
    "Crown (Foil)",
    "Team Liquid | Stockholm 2021",
    "FaZe Clan (Holo) | Antwerp 2022",
    "Vitality | Paris 2023",
    "s1mple (Gold) | Stockholm 2021",
    "Howling Dawn",
    "Flammable (Foil)",
];

pub const DOPPLER_PHASES: &[&str] = &["Phase 1", "Phase 2", "Phase 3", "Phase 4", "Ruby", "Sapphire", "Black Pearl"];

/// Rust skins: (name, type, cents). Rust items have no exterior or wear.
pub const RUST_ITEMS: &[(&str, &str, u32)] = &[
    ("Tempered AK47", "Assault Rifle", 4200),
    ("Glory AK47", "Assault Rifle", 3100),
    ("Alien Red", "Garage Door", 2600),
    ("Punishment Mask", "Metal Facemask", 9500),
    ("Big Grin", "Metal Facemask", 7400),
    ("Whiteout Facemask", "Metal Facemask", 1900),
    ("No Mercy Hoodie", "Hoodie", 310),
    ("Blackout Hoodie", "Hoodie", 820),
    ("Rainbow Pony Hoodie", "Hoodie", 1200),
    ("Azul Hoodie", "Hoodie", 140),
    ("Neon Tempered MP5", "MP5A4", 560),
    ("Playroom Box", "Large Wood Box", 230),
    ("Bunny Hoodie", "Hoodie", 470),
    ("Doodle Garage Door", "Garage Door", 380),
    ("Apocalyptic Knight Sheet Metal Door", "Sheet Metal Door", 650),
    ("Tactical Bolt Rifle", "Bolt Action Rifle", 2100),
    ("Heat Seeker SAR", "Semi-Automatic Rifle", 120),
    ("Chieftain's Hoodie", "Hoodie", 90),
];
