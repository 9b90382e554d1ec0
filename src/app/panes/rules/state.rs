//! The Rules pane's state: the re-pricing rules, what they would do now (a dry-run plan over
//! the loaded Mannco lists and look-ups), auto-run, and the last run's outcome per listing.

use crate::api::mannco::AssetId;
use crate::app::keymap::Action;
use crate::app::list_core::ListCore;
use crate::app::panes::source::Source;
use crate::trade::reprice::RunPlan;
use crate::trade::rules::Rules;
use std::collections::HashMap;
use time::OffsetDateTime;

/// How often auto-run plans and sends when on.

#[derive(Debug)]
pub struct RulesPane {
    pub source: Source,
    pub list: ListCore,
    /// The rules, or why they could not be read.
    pub rules: Result<Rules, String>,
    /// Where they are read from.
    pub path: Option<std::path::PathBuf>,
    /// What the rules would do now.
    pub run: RunPlan,
    /// Indices into `run.decisions`, as shown.
    pub visible: Vec<usize>,
    /// When each asset was last changed by a price the journal shows applied.
    pub last_changed: HashMap<AssetId, OffsetDateTime>,
    /// The last run's outcome per asset, in words.
    pub outcomes: HashMap<AssetId, String>,
    /// When the next automatic run is due; None while auto-run is off.
    pub auto_next: Option<OffsetDateTime>,
    /// An automatic run is waiting for the lists it asked for.
    pub auto_armed: bool,
    /// How often auto-run runs and how much it may change unasked (`[trading]`).
    pub auto: crate::config::AutoRun,
}

impl RulesPane {
    pub fn new(source: Source, rules: Result<Rules, String>, path: Option<std::path::PathBuf>) -> Self {
        RulesPane {
            source,
            list: ListCore::default(),
            rules,
            path,
            run: RunPlan::default(),
            visible: vec![],
            last_changed: HashMap::new(),
            outcomes: HashMap::new(),
            auto_next: None,
            auto_armed: false,
            auto: crate::config::AutoRun::default(),
        }
    }

    pub fn is_ready(&self) -> bool {
        matches!(self.source, Source::Ready { .. }) && self.rules.is_ok()
    }

    /// Re-applies the search to the decisions: by name or rule.
    pub fn refilter(&mut self) {
        let needle = self.list.search.value().trim().to_lowercase();
        self.visible = (0..self.run.decisions.len())
            .filter(|&i| {
                let d = &self.run.decisions[i];
                needle.is_empty() || d.name.to_lowercase().contains(&needle) || d.rule.to_lowercase().contains(&needle)
            })
            .collect();
        self.list.view.cursor = self.list.view.cursor.min(self.visible.len().saturating_sub(1));
    }
}

crate::list_pane!(RulesPane, refilter);

/// The list actions this pane answers beyond those every pane does.
pub const COMMANDS: &[Action] = &[Action::Details, Action::AutoRun];
