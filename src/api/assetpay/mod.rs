//! The AssetPay client: `GET /client/inventory` (client token) and `GET /secure/inventory`
//! (merchant API key + trade URL).

pub mod account;
mod client;
mod decode;
mod error;
mod models;
mod query;
mod saved;
mod split;
pub mod store;
pub mod trades;

pub use client::{AssetPayClient, Auth, DEFAULT_URL, DEFAULT_WHOLE_BODY_LIMIT, MAX_PAGES, WHOLE_INVENTORY_TIMEOUT};
pub use decode::{
    DEFAULT_MAX_ITEMS, InventoryDecoder, ItemSink, decode_envelope, decode_inventory, decode_inventory_from,
    decode_with,
};
pub use error::{ApiError, AssetPayError, ErrorKey};
pub use models::{Deposit, Fade, InventoryPage, Item, NamedVariant, Offer, SkippedItem, Sticker, skipped_summary};
pub use query::{Game, InventoryQuery, Limit, MAX_SEARCH_CHARS, Sort, TradeUrl};
pub use saved::read_saved;
pub use store::StoredInventory;
pub use store::{ItemRef, ItemStore, ItemsInOrder};
pub use trades::{Balance, SellFailure, SellLine, SellRequest, Trade, TradePage, TradeStatus};
