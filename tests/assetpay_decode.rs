//! The AssetPay decoder over the contract's examples and hostile edge cases: every body
//! becomes a page or a typed error, never a panic.

use std::time::Duration;
use tradedeck::api::assetpay::{AssetPayError, ErrorKey, decode_inventory};
use tradedeck::money::Usd;

/// The example response from the /client/inventory page, verbatim.
const CLIENT_EXAMPLE: &str = r##"{
  "requestId": "...",
  "success": true,
  "data": {
    "inventory": [
      {
        "id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        "name": "AK-47 | Redline",
        "marketHashName": "AK-47 | Redline (Field-Tested)",
        "type": "Rifle",
        "iconUrl": "IzMF03bk9WpSBq-S-ekoE33L-iLqGFHVaU25ZzQNQcXdA3g5gMEPvUZZEfSMJ6dESN8p_2SVTY7V2N4MxGVIwXpaL3_a3Hh...",
        "appid": 730,
        "tradable": true,
        "marketPrice": 12.50,
        "offer": { "price": 10.75, "reference": "ref_abc123", "accepted": true, "maxAmount": 1 },
        "exterior": "Field-Tested",
        "wear": "0.25432",
        "rarity": "Classified",
        "color": "#D32CE6",
        "paintSeed": 312,
        "propId": "S76561198012345678A12345678D8888888888888888888",
        "stickers": [
          { "name": "Natus Vincere | Katowice 2019", "marketHashName": "Sticker | Natus Vincere | Katowice 2019",
            "slot": 0, "wear": 0.05, "iconUrl": "IzMF03bi9WpSBq-S-ekoE33L-iLqGFHVaU25Zzc..." }
        ]
      }
    ],
    "count": 42,
    "updatedAt": "2026-03-04T10:00:00.000Z",
    "collateral": 150.00
  }
}"##;

/// The example response from the /secure/inventory page, verbatim (ellipsis id and all).
const SECURE_EXAMPLE: &str = r##"{
  "requestId": "...",
  "success": true,
  "data": {
    "inventory": [
      { "id": "a1b2c3d4-...", "name": "AK-47 | Redline", "marketHashName": "AK-47 | Redline (Field-Tested)",
        "appid": 730, "tradable": true, "marketPrice": 12.50,
        "offer": { "price": 10.75, "reference": "12345678901", "accepted": true },
        "exterior": "Field-Tested", "wear": "0.25432", "stickers": [] }
    ],
    "count": 47,
    "updatedAt": "2026-05-14T12:00:00.000Z",
    "collateral": 0
  }
}"##;

#[test]
fn decodes_the_client_example() {
    let page = decode_inventory(200, None, CLIENT_EXAMPLE.as_bytes()).unwrap();
    assert_eq!(page.count, 42);
    assert_eq!(page.collateral, Usd::from_cents(15_000));
    assert_eq!(page.updated_at.unwrap().to_string(), "2026-03-04 10:00:00.0 +00:00:00");
    let item = &page.items[0];
    assert_eq!(item.display_name(), "AK-47 | Redline");
    assert_eq!(item.offer_price(), Some(Usd::from_cents(1075)));
    assert_eq!(item.market_price, Some(Usd::from_cents(1250)));
    assert_eq!(item.wear.as_deref(), Some("0.25432"));
    assert_eq!(item.stickers[0].wear, Some(0.05));
    assert_eq!(item.stickers[0].slot, Some(0));
    assert_eq!(item.offer.as_ref().unwrap().max_amount, Some(1.0));
    assert_eq!(item.paint_seed, Some(312));
    assert!(item.is_accepted());
}

#[test]
fn decodes_the_secure_example() {
    let page = decode_inventory(200, None, SECURE_EXAMPLE.as_bytes()).unwrap();
    assert_eq!(page.count, 47);
    assert_eq!(page.collateral, Usd::ZERO);
    assert_eq!(page.items[0].offer.as_ref().unwrap().reference.as_deref(), Some("12345678901"));
    assert!(page.items[0].stickers.is_empty());
}

#[test]
fn missing_optionals_and_unknown_fields() {
    let body = r#"{"success":true,"data":{"inventory":[
        {"id":"x","appid":252490,"tradable":false,"brandNewField":{"a":[1,2]},"doppler":{"name":"Phase 2","extra":1},
         "fade":{"percentage":97.5},"charm":{"name":"Lil' Squirt"},"offer":{"price":3,"delivery":"instant"}}],
        "count":1,"somethingElse":true}}"#;
    let page = decode_inventory(200, None, body.as_bytes()).unwrap();
    let item = &page.items[0];
    assert_eq!(item.display_name(), "x");
    assert_eq!(item.exterior, None);
    assert_eq!(item.wear, None);
    assert_eq!(item.doppler.as_ref().unwrap().name.as_deref(), Some("Phase 2"));
    assert_eq!(item.fade.as_ref().unwrap().percentage, Some(97.5));
    assert!(!item.is_accepted());
    assert_eq!(page.updated_at, None);
    assert_eq!(page.collateral, Usd::ZERO);
}

#[test]
fn tolerates_quoted_numbers_and_null_lists() {
    let body = r#"{"success":true,"data":{"inventory":[
        {"id":"x","appid":"730","tradable":true,"wear":0.5,"marketPrice":"12.5","offer":{"price":"1.25"},"stickers":null}],
        "count":1,"updatedAt":"not a date"}}"#;
    let page = decode_inventory(200, None, body.as_bytes()).unwrap();
    let item = &page.items[0];
    assert_eq!(item.appid, 730);
    assert_eq!(item.wear.as_deref(), Some("0.5"));
    assert_eq!(item.market_price, Some(Usd::from_cents(1250)));
    assert_eq!(item.offer_price(), Some(Usd::from_cents(125)));
    assert_eq!(page.updated_at, None);
}

#[test]
fn wrong_types_in_the_envelope_are_an_invalid_response() {
    for body in [
        r#"{"success":true,"data":{"inventory":"nope","count":1}}"#,
        r#"{"success":true,"data":{"inventory":[],"count":-3}}"#,
    ] {
        let err = decode_inventory(200, None, body.as_bytes()).unwrap_err();
        assert!(matches!(err, AssetPayError::InvalidResponse { .. }), "{body}: {err:?}");
    }
}

#[test]
fn wrong_types_in_an_item_skip_that_item_and_name_the_field() {
    for (body, why) in [
        (
            r#"{"success":true,"data":{"inventory":[{"id":1,"appid":730,"tradable":true}],"count":1}}"#,
            "id: invalid type",
        ),
        (
            r#"{"success":true,"data":{"inventory":[{"id":"x","appid":730,"tradable":"yes"}],"count":1}}"#,
            "tradable: invalid type",
        ),
        (
            r#"{"success":true,"data":{"inventory":[{"id":"x","appid":730,"tradable":true,"offer":{"price":"abc"}}],"count":1}}"#,
            "offer.price is not a number",
        ),
        (
            r#"{"success":true,"data":{"inventory":[{"id":"x","appid":730,"tradable":true,"offer":{"price":1e300}}],"count":1}}"#,
            "offer.price is out of range",
        ),
    ] {
        let page = decode_inventory(200, None, body.as_bytes()).unwrap();
        assert!(page.items.is_empty(), "{body}");
        assert!(page.skipped[0].why.starts_with(why), "{body}: {:?}", page.skipped);
    }
}

#[test]
fn non_json_and_foreign_bodies_are_an_invalid_response() {
    for (status, body) in [
        (200, ""),
        (200, "   "),
        (502, "<html><body>Bad Gateway</body></html>"),
        (200, "{\"success\":true"),
        (200, "[]"),
        (200, "null"),
        (200, "{}"),
        (200, "{\"success\":false}"),
        (500, "{\"success\":true,\"data\":{\"inventory\":[],\"count\":0}}"),
    ] {
        let err = decode_inventory(status, None, body.as_bytes()).unwrap_err();
        assert!(matches!(err, AssetPayError::InvalidResponse { .. }), "{body:?}: {err:?}");
        assert!(!err.to_string().contains("panicked"));
    }
}

#[test]
fn error_envelope_becomes_a_typed_error() {
    let body =
        r#"{"requestId":"r1","success":false,"error":{"code":7,"key":"USER_NOT_TRADEABLE","message":"private"}}"#;
    let AssetPayError::Api(e) = decode_inventory(403, None, body.as_bytes()).unwrap_err() else { panic!() };
    assert_eq!(e.key, ErrorKey::UserNotTradeable);
    assert_eq!(e.code, Some(7));
    assert_eq!(e.messages, vec!["private".to_string()]);
    assert_eq!(e.request_id.as_deref(), Some("r1"));
    assert!(!e.key.is_retryable());
}

#[test]
fn validation_errors_carry_fields_and_message_lists() {
    let body = r#"{"success":false,"error":{"key":"VALIDATION_FAILED","message":["sort is bad","page is bad"],
        "fields":{"sort":"must be one of …","page":"must be ≥ 1"},"details":{}}}"#;
    let AssetPayError::Api(e) = decode_inventory(400, None, body.as_bytes()).unwrap_err() else { panic!() };
    assert_eq!(e.key, ErrorKey::ValidationFailed);
    assert_eq!(e.messages.len(), 2);
    assert_eq!(e.fields.get("page").map(String::as_str), Some("must be ≥ 1"));
    assert!(e.describe().contains("sort: must be one of"));
}

#[test]
fn every_documented_key_has_a_sentence_and_the_right_retry_flag() {
    let cases = [
        (3, "INVENTORY_FETCH_FAILED", false),
        (7, "USER_NOT_TRADEABLE", false),
        (13, "INVALID_TRADEURL", false),
        (31, "STEAM_UNAVAILABLE", true),
        (33, "STEAM_RATE_LIMITED", true),
        (1010, "NO_BOTS_AVAILABLE", true),
        (1011, "FLEET_DEGRADED", true),
        (1102, "INVALID_TOKEN", false),
    ];
    for (code, key, retryable) in cases {
        let parsed = ErrorKey::parse(key);
        assert_eq!(ErrorKey::from_code(code), Some(parsed.clone()));
        assert_eq!(parsed.as_str(), key);
        assert_eq!(parsed.is_retryable(), retryable, "{key}");
        assert!(parsed.sentence().ends_with('.'), "{key}");
    }
    assert!(ErrorKey::RateLimited.is_retryable());
    assert!(!ErrorKey::ValidationFailed.is_retryable());
}

#[test]
fn code_without_key_and_unknown_keys() {
    let body = r#"{"success":false,"error":{"code":1011,"message":"degraded"}}"#;
    let AssetPayError::Api(e) = decode_inventory(503, Some(Duration::from_secs(30)), body.as_bytes()).unwrap_err()
    else {
        panic!()
    };
    assert_eq!(e.key, ErrorKey::FleetDegraded);
    assert_eq!(e.retry_after, Some(Duration::from_secs(30)));
    assert!(e.describe().contains("Retry after 30s"));

    let body = r#"{"success":false,"error":{"key":"BRAND_NEW","message":{"odd":true},"fields":[1]}}"#;
    let AssetPayError::Api(e) = decode_inventory(418, None, body.as_bytes()).unwrap_err() else { panic!() };
    assert_eq!(e.key, ErrorKey::Other("BRAND_NEW".into()));
    assert!(e.describe().contains("odd"));

    let body = r#"{"success":false,"error":{}}"#;
    let AssetPayError::Api(e) = decode_inventory(429, None, body.as_bytes()).unwrap_err() else { panic!() };
    assert_eq!(e.key, ErrorKey::RateLimited);
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let fragments: [&[u8]; 12] = [
        b"{",
        b"}",
        b"[",
        b"]",
        b"\"success\":",
        b"true",
        b"\"data\":",
        b"\"error\":",
        b"\"inventory\":",
        b",",
        b"\"count\":1",
        b"\xff\xfe",
    ];
    for _ in 0..5000 {
        let mut body = vec![];
        for _ in 0..(seed % 12) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            body.extend_from_slice(fragments[(seed % fragments.len() as u64) as usize]);
        }
        let _ = decode_inventory((seed % 600) as u16, None, &body);
    }
}

/// 10,000 items, the seventh with `offer.price` given as "abc".
fn inventory_with_one_bad_item() -> String {
    let items: Vec<String> = (0..10_000)
        .map(|n| {
            let price = if n == 6 { "\"abc\"".to_string() } else { format!("{}.25", n % 90) };
            format!(
                r#"{{"id":"item-{n}","name":"Item {n}","appid":730,"tradable":true,"offer":{{"price":{price},"accepted":true}}}}"#
            )
        })
        .collect();
    format!(r#"{{"success":true,"data":{{"inventory":[{}],"count":10000,"collateral":0}}}}"#, items.join(","))
}

#[test]
fn one_bad_item_is_skipped_and_named_the_rest_loads() {
    let page = decode_inventory(200, None, inventory_with_one_bad_item().as_bytes()).unwrap();
    assert_eq!(page.items.len(), 9_999);
    assert_eq!(page.skipped.len(), 1);
    assert_eq!((page.skipped[0].position, page.skipped[0].id.as_deref()), (7, Some("item-6")));
    let summary = tradedeck::api::assetpay::skipped_summary(&page.skipped).unwrap();
    assert!(summary.starts_with("1 item skipped: offer.price is not a number"), "{summary}");
    // A missing field is named too.
    let body = r#"{"success":true,"data":{"inventory":[{"id":"x","appid":730,"tradable":true,"offer":{}},
        {"id":"y","appid":730,"tradable":true}],"count":2,"collateral":0}}"#;
    let page = decode_inventory(200, None, body.as_bytes()).unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.skipped[0].why, "offer.price is missing");
}

#[test]
fn a_malformed_envelope_is_still_an_error_that_says_what() {
    for (body, says) in [
        (r#"{"success":true,"data":{"inventory":[{"id":"x"}],"count":"many","collateral":0}}"#, "count"),
        (r#"{"success":true,"data":{"inventory":[{"id":"x",]}}"#, "not JSON"),
    ] {
        match decode_inventory(200, None, body.as_bytes()) {
            Err(AssetPayError::InvalidResponse { detail, .. }) => assert!(detail.contains(says), "{detail}"),
            other => panic!("{body}: {other:?}"),
        }
    }
}
