//! The demo markets' state between commands: `tradedeck --demo mannco price … --yes`, then
//! `tradedeck --demo mannco on-sale`, shows the new price. Kept under the demo's own data
//! directory; `--demo-reset` starts over.

use super::SimHandle;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Bumped when the saved shape changes: an older file is then ignored, not misread.
const VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DemoState {
    version: u32,
    /// The dataset the state was made on: another seed or size starts over.
    seed: u64,
    items: usize,
    mannco: super::mannco::Saved,
    assetpay_trades: Vec<super::assetpay_trade::SimTrade>,
}

/// `$XDG_DATA_HOME/tradedeck/demo/markets.json`.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join("demo").join("markets.json")
}

impl DemoState {
    pub fn of(handle: &SimHandle, seed: u64, items: usize) -> Self {
        DemoState {
            version: VERSION,
            seed,
            items,
            mannco: handle.mannco.saved(),
            assetpay_trades: handle.assetpay.saved_trades(),
        }
    }

    /// The state saved for this dataset, if any (another version, seed or size: none).
    pub fn load(path: &Path, seed: u64, items: usize) -> Option<DemoState> {
        let bytes = std::fs::read(path).ok()?;
        let state: DemoState = serde_json::from_slice(&bytes)
            .inspect_err(|e| tracing::warn!(path = %path.display(), "the demo's saved state is unreadable: {e}"))
            .ok()?;
        (state.version == VERSION && state.seed == seed && state.items == items).then_some(state)
    }

    pub fn restore_into(self, handle: &SimHandle) {
        handle.mannco.restore(self.mannco);
        handle.assetpay.restore_trades(self.assetpay_trades);
    }

    /// Writes the state through a temporary file, so a crash leaves the last whole one.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, serde_json::to_vec(self).map_err(std::io::Error::other)?)?;
        std::fs::rename(&temporary, path)
    }
}
