//! CSV, as the headless `--format csv` prints it and the TUI's `e` writes it: one place
//! defines the columns, so a file exported from the screen and one from a script agree.
//! Prices are exactly as the markets sent them: AssetPay's JSON numbers, Mannco's cents.

use crate::api::assetpay::ItemRef;
use crate::api::mannco::{Row, game_label};
use crate::money::Usd;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const INVENTORY_HEADER: [&str; 11] = [
    "id",
    "name",
    "market_hash_name",
    "type",
    "exterior",
    "wear",
    "paint_seed",
    "offer",
    "market",
    "deposit",
    "tradable",
];

/// One AssetPay item as a CSV row.
pub fn inventory_row(i: ItemRef<'_>) -> Vec<String> {
    let item = i.to_item();
    // Exactly as the API sent it (the JSON number), not rounded for display.
    let money = |p: Option<Usd>| p.and_then(|p| serde_json::to_string(&p).ok()).unwrap_or_default();
    vec![
        item.id,
        item.name.unwrap_or_default(),
        item.market_hash_name.unwrap_or_default(),
        item.item_type.unwrap_or_default(),
        item.exterior.unwrap_or_default(),
        item.wear.unwrap_or_default(),
        item.paint_seed.map(|s| s.to_string()).unwrap_or_default(),
        money(i.offer_price()),
        money(i.market_price()),
        i.deposit().label().to_string(),
        item.tradable.to_string(),
    ]
}

pub const MANNCO_HEADER: [&str; 10] =
    ["ids", "item_id", "name", "effect", "type", "game", "count", "price_cents", "state", "status"];

/// One Mannco row (a group of identical items) as a CSV row.
pub fn mannco_row(r: &Row, now_unix: i64) -> Vec<String> {
    vec![
        r.ids.clone(),
        r.item_id.to_string(),
        r.name.clone(),
        r.effect().unwrap_or("").to_string(),
        r.item_type.clone().unwrap_or_default(),
        game_label(r.game),
        r.quantity().to_string(),
        r.price.map(|p| p.0.to_string()).unwrap_or_default(),
        r.state.code().to_string(),
        r.status(now_unix),
    ]
}

pub const TRADES_HEADER: [&str; 10] = [
    "id",
    "external_id",
    "status",
    "items",
    "total",
    "pre_credit",
    "pending_credit",
    "steam_offer",
    "hold_end",
    "created_at",
];

/// One AssetPay trade as a CSV row; money as AssetPay sent it, times in RFC 3339.
pub fn trade_row(t: &crate::api::assetpay::Trade) -> Vec<String> {
    let money = |p: Option<Usd>| p.and_then(|p| serde_json::to_string(&p).ok()).unwrap_or_default();
    let when = |t: Option<time::OffsetDateTime>| {
        t.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()).unwrap_or_default()
    };
    vec![
        t.id.clone(),
        t.external_id.clone().unwrap_or_default(),
        t.status.label().to_string(),
        t.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(" "),
        money(t.total_price),
        money(t.pre_credit),
        money(t.pending_credit),
        t.offer_id.clone().unwrap_or_default(),
        when(t.hold_end_date),
        when(t.created_at),
    ]
}

/// The ledger's entries as a spreadsheet reads them: names, dollars with two decimals, ISO
/// 8601 times (seconds, UTC).
pub const HISTORY_HEADER: [&str; 10] =
    ["time", "market", "account", "kind", "item", "asset_id", "price", "fee", "credit", "status"];

pub fn history_row(e: &crate::ledger::Entry) -> Vec<String> {
    vec![
        iso_time(e.at),
        e.market.as_str().into(),
        e.account.clone(),
        e.kind.label().into(),
        e.name.clone(),
        e.asset_id.clone().unwrap_or_default(),
        dollars(e.price),
        dollars(e.fee),
        dollars(e.credit),
        e.status.clone().unwrap_or_default(),
    ]
}

/// ISO 8601 to the second, UTC: "2026-11-03T10:00:00Z".
pub fn iso_time(at: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp(at).ok().and_then(|t| t.format(&format).ok()).unwrap_or_default()
}

/// "12.50": dollars with two decimals, empty when unknown.
pub fn dollars(c: Option<crate::money::Cents>) -> String {
    c.map(|c| format!("{}{}.{:02}", if c.0 < 0 { "-" } else { "" }, c.0.unsigned_abs() / 100, c.0.unsigned_abs() % 100))
        .unwrap_or_default()
}

/// Writes CSV rows (a header first) to `out`.
pub fn write_csv(out: impl Write, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> std::io::Result<()> {
    write_csv_as(out, header, rows, Cells::default())
}

/// How the cells of a CSV are written.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cells {
    /// Exactly as the market sent them: no neutralising of formula cells (`--raw`).
    pub raw: bool,
    /// Bound for a terminal: control characters made harmless too.
    pub terminal: bool,
}

impl Cells {
    fn apply(self, cell: String) -> String {
        let cell = if self.terminal { crate::sanitize::for_terminal(&cell).into_owned() } else { cell };
        if self.raw { cell } else { neutralised(cell) }
    }
}

/// A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) is kept as text with a leading `'`, the OWASP way.
pub fn neutralised(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell }
}

pub fn write_csv_as(
    out: impl Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    cells: Cells,
) -> std::io::Result<()> {
    // The writer's own error hides the io::Error's kind: unwrap it, so a closed pipe (`| head`)
    // is still recognised as one.
    let io = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    };
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header).map_err(io)?;
    for row in rows {
        writer.write_record(row.into_iter().map(|c| cells.apply(c))).map_err(io)?;
    }
    writer.flush()
}

/// Writes rows to a new file named after `what` and the time in `dir`, creating `dir`:
/// the file's path. Written beside and renamed into place, so a file that exists is whole.
pub fn to_file(
    dir: &Path,
    what: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let stamp = time::OffsetDateTime::now_utc()
        .format(time::macros::format_description!("[year][month][day]-[hour][minute][second]"))
        .map_err(std::io::Error::other)?;
    let mut path = dir.join(format!("{what}-{stamp}.csv"));
    // Two exports in the same second get their own files.
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{what}-{stamp}-{n}.csv"));
    }
    let partial = path.with_extension("csv.partial");
    let file = std::fs::File::create(&partial)?;
    let mut out = std::io::BufWriter::new(file);
    write_csv(&mut out, header, rows)?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(&partial, &path)?;
    Ok(path)
}

#[cfg(test)]
mod cell_tests {
    use super::*;

    #[test]
    fn formula_cells_are_kept_as_text_and_terminal_cells_are_harmless() {
        let rows = vec![vec![
            "=HYPERLINK(\"x\")".to_string(),
            "+1".into(),
            "AK-47 | Redline".into(),
            "\u{1b}]0;owned\u{7}".into(),
        ]];
        let mut out = vec![];
        write_csv_as(&mut out, &["a", "b", "c", "d"], rows.clone().into_iter(), Cells { raw: false, terminal: true })
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("'=HYPERLINK") && text.contains("'+1") && text.contains("AK-47 | Redline"), "{text}");
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
        let mut raw = vec![];
        write_csv_as(&mut raw, &["a", "b", "c", "d"], rows.into_iter(), Cells { raw: true, terminal: false }).unwrap();
        let raw = String::from_utf8(raw).unwrap();
        assert!(
            raw.contains("\"=HYPERLINK(\"\"x\"\")\"") && raw.contains('\u{1b}'),
            "exact with --raw into a file: {raw:?}"
        );
    }
}
