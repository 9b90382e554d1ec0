//! Which Mannco items a command acts on: `--ids`, `--search` (what `/` means in the TUI),
//! `--exact NAME`, and `--count N` to take only N of what matched.

use crate::api::mannco::{self, AssetId, Row};
use crate::trade::snapshot::MarketSnapshot;
use clap::Args;

#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Comma-separated asset ids.
    #[arg(long, value_name = "A,B,…", conflicts_with_all = ["search", "exact"], required_unless_present_any = ["search", "exact"])]
    pub ids: Option<String>,
    /// Items, listed or not, matching every word (in any order, each the start of a word of
    /// the name, effect, quality or type; blind to case, accents, ™ and ★): what `/` finds.
    #[arg(long, value_name = "TEXT", conflicts_with = "exact")]
    pub search: Option<String>,
    /// Items whose whole name is NAME (case aside).
    #[arg(long, value_name = "NAME")]
    pub exact: Option<String>,
    /// Take only N of the items matched (the first N, row by row): 5 of 25 keys.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub count: Option<u32>,
}

impl SelectArgs {
    /// The ids typed, refused before any request when they are not ids.
    pub fn parsed_ids(&self) -> Result<Option<Vec<AssetId>>, String> {
        self.ids.as_deref().map(mannco::parse_ids).transpose().map_err(|e| format!("--ids: {e}"))
    }

    /// The assets these flags pick from one read of the market, each with its row.
    pub fn pick<'a>(
        &self,
        snapshot: &'a MarketSnapshot,
        ids: Option<&[AssetId]>,
    ) -> Result<Vec<(AssetId, &'a Row)>, String> {
        let mut picked: Vec<(AssetId, &Row)> = if let Some(ids) = ids {
            let unknown: Vec<String> =
                ids.iter().filter(|id| snapshot.row_of(**id).is_none()).map(u64::to_string).collect();
            if !unknown.is_empty() {
                return Err(format!("not in your Mannco listings or inventory: {}", unknown.join(", ")));
            }
            ids.iter().filter_map(|id| Some((*id, snapshot.row_of(*id)?))).collect()
        } else if let Some(name) = &self.exact {
            let found = snapshot.exact(name);
            if found.is_empty() {
                return Err(format!("nothing in your Mannco listings or inventory is named exactly \"{name}\""));
            }
            found
        } else if let Some(text) = &self.search {
            let found = snapshot.search(text);
            if found.is_empty() {
                return Err(format!("nothing in your Mannco listings or inventory matches \"{text}\""));
            }
            found
        } else {
            return Err("give --ids, --search or --exact".into());
        };
        if let Some(n) = self.count {
            if (n as usize) > picked.len() {
                return Err(format!("--count {n}: only {} item(s) match", picked.len()));
            }
            picked.truncate(n as usize);
        }
        Ok(picked)
    }
}
