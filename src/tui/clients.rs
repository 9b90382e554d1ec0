//! What the worker's jobs work with: the market clients, the journals, and where the ledger
//! and the exports are.

use crate::api::assetpay::AssetPayClient;
use crate::api::mannco::{ManncoClient, ManncoError};
use crate::journal::Journal;
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct Clients {
    pub assetpay: Option<AssetPayClient>,
    pub mannco: Option<ManncoClient>,
    /// Where money-moving actions are recorded; without it they are refused.
    pub journal: Option<Arc<Journal>>,
    /// Where AssetPay sales are recorded; without it they are refused.
    pub assetpay_journal: Option<Arc<Journal>>,
    /// Journals of the Mannco account that earlier versions wrote: read and reconciled too.
    pub earlier_journals: Vec<std::path::PathBuf>,
    /// Where `e` writes its CSV files.
    pub export_dir: std::path::PathBuf,
    /// The ledger, and the journals it is brought up to date from.
    pub ledger: std::path::PathBuf,
    pub journals_dir: std::path::PathBuf,
    /// Where alerts are POSTed (`[trading] notify_url`), if anywhere.
    pub notifier: Option<crate::notify::Notifier>,
}

/// The accounts value points are kept under: each market's journal name.
#[derive(Clone)]
pub struct ValueAccounts {
    pub mannco: Option<String>,
    pub assetpay: Option<String>,
    pub ledger: std::path::PathBuf,
}

impl Clients {
    pub fn value_accounts(&self) -> ValueAccounts {
        let name = |j: &Option<Arc<Journal>>| j.as_ref().map(|j| crate::ledger::journal_account(j.path()).1);
        ValueAccounts {
            mannco: name(&self.journal),
            assetpay: name(&self.assetpay_journal),
            ledger: self.ledger.clone(),
        }
    }
}

/// Mannco.store is not configured: nothing can be read from it or sent to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Mannco.store is not configured.")]
pub struct NotConfigured;

impl From<NotConfigured> for ManncoError {
    fn from(e: NotConfigured) -> ManncoError {
        ManncoError::InvalidInput(e.to_string())
    }
}

impl Clients {
    pub fn mannco(&self) -> Result<&ManncoClient, NotConfigured> {
        self.mannco.as_ref().ok_or(NotConfigured)
    }

    /// One Mannco read, or why it cannot be made.
    pub async fn mannco_read<T>(
        &self,
        read: impl AsyncFnOnce(&ManncoClient) -> Result<T, ManncoError>,
    ) -> Result<T, ManncoError> {
        read(self.mannco()?).await
    }
}
