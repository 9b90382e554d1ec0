//! The trade engine: everything tradedeck knows about moving money, with no UI in it. Item
//! states and market snapshots, pricing rules → preview → plan, the guards every plan passes,
//! and execution with the journal and reconciliation. The TUI, the headless commands and the
//! automation call the same functions, so they cannot disagree.

pub mod execute;
pub mod guards;
pub mod index;
pub mod learned;
pub mod pricing;
pub mod reprice;
pub mod rules;
pub mod sell;
pub mod sell_journal;
pub mod settle;
pub mod snapshot;

/// How long until `end`, in words a hold countdown uses: "6d 23h", "4h 10m", "12m", "40s";
/// None once it has passed.
pub fn time_until(end: time::OffsetDateTime, now: time::OffsetDateTime) -> Option<String> {
    let secs = (end - now).whole_seconds();
    let mins = secs / 60;
    Some(match secs {
        ..=0 => return None,
        1..=59 => format!("{secs}s"),
        60..=3599 => format!("{mins}m"),
        3600..=86_399 => format!("{}h {}m", mins / 60, mins % 60),
        _ => format!("{}d {}h", mins / 1440, (mins % 1440) / 60),
    })
}
