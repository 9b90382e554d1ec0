//! Turning AssetPay response bodies into pages or typed errors: from one slice, from any
//! reader, or from a download as it arrives. Never panics, whatever the bytes.

use super::error::{ApiError, AssetPayError, ErrorKey, transport_error};
use super::models::SkippedItem;
use super::models::{InventoryPage, Item};
use super::split::{SplitError, Splitter};
use super::store::ItemStore;
use bytes::Bytes;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::io::Read;
use std::time::Duration;

/// Where decoded items go: a page's `Vec<Item>`, or the compact store.
pub trait ItemSink: Default + DeserializeOwned + Send + 'static {
    fn push_item(&mut self, item: Item);
}

impl ItemSink for Vec<Item> {
    fn push_item(&mut self, item: Item) {
        self.push(item);
    }
}

impl ItemSink for ItemStore {
    fn push_item(&mut self, item: Item) {
        self.push(&item);
    }
}

/// The body of any AssetPay response. Both envelopes share it; which fields are present says
/// which one it is.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<T> {
    success: Option<bool>,
    request_id: Option<String>,
    data: Option<T>,
    error: Option<ErrorBody>,
}

/// Loosely typed on purpose: an odd error body still becomes an error, not a decode failure.
#[derive(Deserialize)]
struct ErrorBody {
    code: Option<serde_json::Value>,
    key: Option<String>,
    message: Option<serde_json::Value>,
    fields: Option<serde_json::Value>,
    details: Option<serde_json::Value>,
}

/// Decodes a body fed in pieces: each item is parsed from its own slice as soon as it is
/// whole, so memory holds one item of the body at a time, never all of it.
pub struct InventoryDecoder<T> {
    status: u16,
    retry_after: Option<Duration>,
    splitter: Splitter,
    items: T,
    decoded: usize,
    skipped: Vec<SkippedItem>,
    max_items: usize,
}

impl<T: ItemSink> InventoryDecoder<T> {
    pub fn new(status: u16, retry_after: Option<Duration>) -> Self {
        InventoryDecoder {
            status,
            retry_after,
            splitter: Splitter::default(),
            items: T::default(),
            decoded: 0,
            skipped: vec![],
            max_items: DEFAULT_MAX_ITEMS,
        }
    }

    /// Refuses an inventory of more than `n` items (`[assetpay] max_items`).
    pub fn with_max_items(mut self, n: usize) -> Self {
        self.max_items = n;
        self
    }

    /// A decoder for tradedeck's own `inventory --json` output: `{"count", "updatedAt",
    /// "collateral", "items"}`, so a saved export can be read back with `--input`.
    pub fn for_export() -> Self {
        let mut decoder = InventoryDecoder::new(200, None);
        decoder.splitter.items_at = Some(b"items");
        decoder
    }

    fn invalid(&self, detail: String) -> AssetPayError {
        AssetPayError::InvalidResponse { status: self.status, detail }
    }

    /// The next bytes of the body. An error ends the decode: the body is not an inventory.
    /// One item of the right syntax but the wrong shape is left out and recorded, so one bad
    /// item never costs the whole inventory.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), AssetPayError> {
        let (items, decoded, skipped, max) = (&mut self.items, &mut self.decoded, &mut self.skipped, self.max_items);
        let fed = self.splitter.feed(bytes, |element| {
            if *decoded + skipped.len() >= max {
                return Err(ItemError::TooMany);
            }
            // One UTF-8 check, then the faster `str` reader.
            let text = std::str::from_utf8(element).map_err(|e| ItemError::Utf8(e.to_string()))?;
            match serde_json::from_str::<Item>(text) {
                Ok(item) => {
                    items.push_item(item);
                    *decoded += 1;
                }
                // Of the right syntax but the wrong shape: that item only. (serde stops at the
                // first fault, so the syntax of the rest is checked before calling it that.)
                Err(e) if e.is_data() => match serde_json::from_slice::<serde::de::IgnoredAny>(element) {
                    Ok(_) => skipped.push(skipped_item(element, *decoded + skipped.len() + 1)),
                    Err(syntax) => return Err(ItemError::Json(syntax)),
                },
                Err(e) => return Err(ItemError::Json(e)),
            }
            Ok(())
        });
        fed.map_err(|e| match e {
            SplitError::Malformed(why) => self.invalid(format!("not JSON ({why})")),
            SplitError::Element(ItemError::Json(e)) => {
                let kind = if e.is_syntax() || e.is_eof() { "not JSON" } else { "unexpected shape" };
                self.invalid(format!("{kind} (inventory item {}: {e})", self.decoded + self.skipped.len() + 1))
            }
            SplitError::Element(ItemError::Utf8(e)) => self.invalid(format!(
                "not JSON (inventory item {}: not UTF-8: {e})",
                self.decoded + self.skipped.len() + 1
            )),
            SplitError::Element(ItemError::TooMany) => self.invalid(format!(
                "more than {} items: raise [assetpay] max_items in the config to read an inventory this big",
                self.max_items
            )),
        })
    }

    /// The page, once the whole body was fed; or the error the body carries or is.
    pub fn finish(self) -> Result<InventoryPage<T>, AssetPayError> {
        let (splitter_items_at, skipped) = (self.splitter.items_at, self.skipped);
        let invalid = |detail: String| AssetPayError::InvalidResponse { status: self.status, detail };
        let rest = self.splitter.finish().map_err(|why| invalid(format!("not JSON ({why})")))?;
        if rest.blank {
            return Err(invalid("the body was empty".into()));
        }
        let mut page = match splitter_items_at {
            None => page_or_error(self.status, self.retry_after, &rest.bytes)?,
            // tradedeck's own export: the page itself, no envelope around it.
            Some(_) => serde_json::from_slice(&rest.bytes).map_err(|e| invalid(format!("unexpected shape ({e})")))?,
        };
        if rest.split {
            page.items = self.items;
        }
        if !skipped.is_empty() {
            tracing::warn!(count = skipped.len(), "inventory items skipped: {}", skipped[0].why);
        }
        page.skipped = skipped;
        Ok(page)
    }
}

/// The page or the error a whole envelope carries.
fn page_or_error<T: ItemSink>(
    status: u16,
    retry_after: Option<Duration>,
    envelope: &[u8],
) -> Result<InventoryPage<T>, AssetPayError> {
    decode_envelope(status, retry_after, envelope)
}

/// The `data` of a success envelope, or the error an error envelope carries; anything else
/// (a success status with an error, an error status with data, not JSON) is invalid.
pub fn decode_envelope<D: DeserializeOwned>(
    status: u16,
    retry_after: Option<Duration>,
    envelope: &[u8],
) -> Result<D, AssetPayError> {
    let invalid = |detail: String| AssetPayError::InvalidResponse { status, detail };
    let envelope: Envelope<D> = serde_json::from_slice(envelope).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            invalid(format!("not JSON ({e})"))
        } else {
            // Read again with the path tracked, to name the field at fault.
            let mut track = serde_json::Deserializer::from_slice(envelope);
            match serde_path_to_error::deserialize::<_, Envelope<D>>(&mut track) {
                Err(e) => invalid(format!(
                    "unexpected shape ({})",
                    field_words(&e.path().to_string(), &e.inner().to_string())
                )),
                Ok(_) => invalid(format!("unexpected shape ({e})")),
            }
        }
    })?;
    if let Some(error) = envelope.error {
        return Err(AssetPayError::Api(Box::new(api_error(status, retry_after, envelope.request_id, error))));
    }
    match (envelope.success, envelope.data) {
        (Some(true) | None, Some(page)) if (200..300).contains(&status) => Ok(page),
        _ => Err(invalid("neither a success nor an error envelope".into())),
    }
}

/// Turns a status and body into a page or a typed error.
pub fn decode_inventory(
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
) -> Result<InventoryPage, AssetPayError> {
    decode_inventory_from(status, retry_after, body)
}

/// `decode_inventory` over any reader (a saved file), into a `Vec<Item>` page or straight into
/// an `ItemStore`.
pub fn decode_inventory_from<T: ItemSink>(
    status: u16,
    retry_after: Option<Duration>,
    body: impl Read,
) -> Result<InventoryPage<T>, AssetPayError> {
    decode_with(InventoryDecoder::new(status, retry_after), body)
}

/// Feeds a whole reader through `decoder`, 64 KiB at a time.
pub fn decode_with<T: ItemSink>(
    mut decoder: InventoryDecoder<T>,
    mut body: impl Read,
) -> Result<InventoryPage<T>, AssetPayError> {
    let mut buffer = vec![0; 64 * 1024];
    loop {
        match body.read(&mut buffer) {
            Ok(0) => return decoder.finish(),
            Ok(n) => decoder.feed(&buffer[..n])?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(decoder.invalid(format!("the body could not be read ({e})")));
            }
        }
    }
}

/// Why one item could not be read, with the field at fault: decoded again with its path
/// tracked (only on failure, so the common case pays nothing).
fn skipped_item(element: &[u8], position: usize) -> SkippedItem {
    let id = serde_json::from_slice::<serde_json::Value>(element)
        .ok()
        .and_then(|v| v.get("id").and_then(|id| id.as_str().map(str::to_string)));
    let mut track = serde_json::Deserializer::from_slice(element);
    let why = match serde_path_to_error::deserialize::<_, Item>(&mut track) {
        Ok(_) => "unreadable".to_string(),
        Err(e) => field_words(&e.path().to_string(), &e.inner().to_string()),
    };
    SkippedItem {
        position,
        id: id.map(|id| crate::sanitize::for_terminal(&id).into_owned()),
        why: crate::sanitize::for_terminal(&why).into_owned(),
    }
}

/// "offer.price is not a number", "id is missing": serde's words with the field's path.
fn field_words(path: &str, message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    let join = |field: &str| if path == "." || path.is_empty() { field.to_string() } else { format!("{path}.{field}") };
    if let Some(rest) = message.strip_prefix("missing field `") {
        return format!("{} is missing", join(rest.trim_end_matches('`')));
    }
    if message.starts_with("is ") {
        return format!("{path} {message}");
    }
    format!("{path}: {message}")
}

/// Items one inventory may hold unless `[assetpay] max_items` says otherwise: a million (ten
/// times the largest inventory tradedeck is built for), and a bound on memory whatever a
/// server sends (about 300 bytes an item once decoded).
pub const DEFAULT_MAX_ITEMS: usize = 1_000_000;

/// Why an element of the inventory array was refused.
enum ItemError {
    Json(serde_json::Error),
    Utf8(String),
    TooMany,
}

/// Decodes a download on a blocking thread as its chunks arrive. Cancelling the request drops
/// the sender: the decoder sees the end and stops.
pub(super) async fn decode_streamed<T: ItemSink>(
    status: u16,
    retry_after: Option<Duration>,
    response: reqwest::Response,
    limit: u64,
    max_items: usize,
    progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
) -> Result<InventoryPage<T>, AssetPayError> {
    let (chunks, mut received) = tokio::sync::mpsc::channel::<Bytes>(16);
    let decoding = tokio::task::spawn_blocking(move || {
        let mut decoder = InventoryDecoder::new(status, retry_after).with_max_items(max_items);
        while let Some(chunk) = received.blocking_recv() {
            decoder.feed(&chunk)?;
        }
        decoder.finish()
    });
    let downloaded = forward_body(response, chunks, limit, progress).await;
    let decoded = decoding
        .await
        .map_err(|e| AssetPayError::InvalidResponse { status, detail: format!("the decoder stopped ({e})") })?;
    // A broken download explains a broken decode: report the transport error, which retries.
    match downloaded {
        Err(crate::api::BodyError::Transport(e)) => return Err(transport_error(e)),
        Err(crate::api::BodyError::TooLarge(limit)) => return Err(AssetPayError::TooLarge(limit)),
        Ok(()) => {}
    }
    decoded
}

/// Hands the body to the decoder chunk by chunk, stopping past `limit` bytes (decompressed).
async fn forward_body(
    mut response: reqwest::Response,
    chunks: tokio::sync::mpsc::Sender<Bytes>,
    limit: u64,
    progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
) -> Result<(), crate::api::BodyError> {
    let mut received = 0u64;
    while let Some(chunk) = response.chunk().await.map_err(crate::api::BodyError::Transport)? {
        received += chunk.len() as u64;
        if let Some(progress) = &progress {
            progress.fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
        }
        if received > limit {
            return Err(crate::api::BodyError::TooLarge(limit));
        }
        // The decoder gave up (the body is not an inventory): the rest is not needed.
        if chunks.send(chunk).await.is_err() {
            break;
        }
    }
    Ok(())
}

fn api_error(status: u16, retry_after: Option<Duration>, request_id: Option<String>, body: ErrorBody) -> ApiError {
    let code = body.code.as_ref().and_then(|c| c.as_i64().or_else(|| c.as_str()?.parse().ok()));
    let key = match (&body.key, code) {
        (Some(key), _) => ErrorKey::parse(key),
        (None, Some(code)) => ErrorKey::from_code(code).unwrap_or(ErrorKey::Other(format!("code {code}"))),
        (None, None) if status == 429 => ErrorKey::RateLimited,
        (None, None) => ErrorKey::Other(format!("HTTP {status}")),
    };
    let messages = match body.message {
        Some(serde_json::Value::String(s)) => vec![s],
        Some(serde_json::Value::Array(items)) => items.iter().map(value_text).collect(),
        Some(other) => vec![value_text(&other)],
        None => vec![],
    };
    let fields: BTreeMap<String, String> = match body.fields {
        Some(serde_json::Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), value_text(v))).collect(),
        _ => BTreeMap::new(),
    };
    ApiError { status, key, code, messages, fields, request_id, retry_after, details: body.details }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::dataset;
    use proptest::prelude::*;

    /// The reference: serde_json over the whole body at once, then each item on its own (a
    /// bad one skipped), as the splitter should do it piece by piece.
    fn whole(status: u16, body: &[u8]) -> Result<InventoryPage, AssetPayError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(AssetPayError::InvalidResponse { status, detail: String::new() });
        }
        let raw: InventoryPage<Vec<serde_json::Value>> = decode_envelope(status, None, body)?;
        let mut page = InventoryPage {
            items: vec![],
            count: raw.count,
            updated_at: raw.updated_at,
            collateral: raw.collateral,
            skipped: vec![],
        };
        for (n, value) in raw.items.into_iter().enumerate() {
            match serde_json::from_value::<Item>(value.clone()) {
                Ok(item) => page.items.push(item),
                Err(_) => page.skipped.push(skipped_item(&serde_json::to_vec(&value).unwrap(), n + 1)),
            }
        }
        Ok(page)
    }

    fn split(status: u16, body: &[u8], chunk: usize) -> Result<InventoryPage, AssetPayError> {
        let mut decoder = InventoryDecoder::new(status, None);
        for piece in body.chunks(chunk.max(1)) {
            decoder.feed(piece)?;
        }
        decoder.finish()
    }

    fn same_outcome(a: &Result<InventoryPage, AssetPayError>, b: &Result<InventoryPage, AssetPayError>) -> bool {
        match (a, b) {
            (Ok(a), Ok(b)) => a == b,
            (Err(AssetPayError::Api(a)), Err(AssetPayError::Api(b))) => a.key == b.key,
            (Err(AssetPayError::InvalidResponse { .. }), Err(AssetPayError::InvalidResponse { .. })) => true,
            _ => false,
        }
    }

    /// Bodies in the shapes servers send: keys in any order, compact or pretty, with stickers
    /// and unicode, the array first, last or between.
    fn body(items: usize, layout: u8) -> Vec<u8> {
        let inventory = dataset::generate_json(730, items as u64, items);
        let data = match layout % 3 {
            0 => format!(r#"{{"inventory":{inventory},"count":{items},"collateral":1.5}}"#),
            1 => format!(r#"{{"count":{items}, "inventory" : {inventory} ,"updatedAt":"2026-01-01T00:00:00Z"}}"#),
            _ => format!(r#"{{"collateral":0,"count":{items},"inventory":{inventory}}}"#),
        };
        let text = if layout.is_multiple_of(2) {
            format!(r#"{{"requestId":"r\"1[","success":true,"data":{data}}}"#)
        } else {
            format!(r#"{{"data":{data},"success":true,"requestId":"r-{{"}}"#)
        };
        if layout >= 4 {
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            return serde_json::to_vec_pretty(&value).unwrap();
        }
        text.into_bytes()
    }

    #[test]
    fn splits_every_layout_at_every_chunk_size() {
        for layout in 0..6 {
            let body = body(12, layout);
            let expected = whole(200, &body).unwrap();
            assert_eq!(expected.items.len(), 12);
            for chunk in [1, 2, 3, 7, 64, 4096] {
                let page = split(200, &body, chunk).unwrap();
                assert_eq!(page, expected, "layout {layout}, chunks of {chunk}");
            }
        }
    }

    #[test]
    fn an_error_envelope_and_odd_inventories_decode_as_before() {
        let bodies: [&[u8]; 9] = [
            br#"{"success":false,"error":{"code":7,"key":"USER_NOT_TRADEABLE","message":"no"}}"#,
            br#"{"success":true,"data":{"inventory":null,"count":0}}"#,
            br#"{"success":true,"data":{"inventory":[],"count":0}}"#,
            br#"{"success":true,"data":{"inventory":[null],"count":1}}"#,
            br#"{"success":true,"data":{"inventory":[{"id":"a","appid":730,"tradable":true},],"count":1}}"#,
            br#"{"success":true,"data":{"inventory":[{"id":"a","appid":730,"tradable":true} {"id":"b","appid":730,"tradable":true}],"count":2}}"#,
            br#"{"success":true,"data":{"inventory":[{"id":"a","appid":730,"tradable":true}],"inventory":[],"count":1}}"#,
            br#"{"success":true,"data":{"inv\u0065ntory":[{"id":"a","appid":730,"tradable":true}],"count":1}}"#,
            br#"{"success":true,"data":{"inventory":[{"id":"a","appid":730,"tradable":true}"#,
        ];
        for body in bodies {
            let (expected, got) = (whole(200, body), split(200, body, 5));
            assert!(same_outcome(&expected, &got), "{}: {expected:?} vs {got:?}", String::from_utf8_lossy(body));
        }
        assert!(split(200, b"  \n ", 2).is_err_and(|e| e.to_string().contains("empty")));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// A body cut, with a byte dropped or changed anywhere, decodes (or fails) exactly as the
        /// whole-body decoder would.
        #[test]
        fn damaged_bodies_decode_as_the_whole_body_would(
            layout in 0u8..6,
            at in any::<prop::sample::Index>(),
            structural in any::<bool>(),
            damage in 0u8..3,
            byte in prop::sample::select(b"{}[],:\"\\ 0an".to_vec()),
            chunk in 1usize..300,
        ) {
            let mut body = body(4, layout);
            // Half the time, damage the structure the splitter reads: brackets, commas, quotes.
            let marks: Vec<usize> = (0..body.len()).filter(|&i| b"{}[],:\"".contains(&body[i])).collect();
            let at = if structural { marks[at.index(marks.len())] } else { at.index(body.len()) };
            match damage {
                0 => body.truncate(at),
                1 => { body.remove(at); }
                _ => body[at] = byte,
            }
            let (expected, got) = (whole(200, &body), split(200, &body, chunk));
            prop_assert!(same_outcome(&expected, &got), "{}: {:?} vs {:?}", String::from_utf8_lossy(&body), expected, got);
        }
    }
}
