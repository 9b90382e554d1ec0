//! Selling to AssetPay with the outcome always established: the official SDK's reconcile
//! recipe, made the only way to sell. A sale whose answer is lost is resent once with the
//! same externalId (AssetPay keeps one trade per externalId); if that fails too, the trade is
//! looked up by its externalId. One basket never becomes two trades, and a sale is never
//! called done or failed on a guess.

use crate::api::assetpay::trades::SellFailure;
use crate::api::assetpay::{AssetPayClient, AssetPayError, SellLine, SellRequest, Trade};
use crate::money::Usd;

/// Attempts when the connection never opened (nothing was sent, so trying again is safe).
const CONNECT_ATTEMPTS: usize = 3;

/// How the trade was known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Established {
    /// AssetPay answered the sale.
    Answered,
    /// The answer was lost; the identical sale, resent with the same externalId, answered.
    Resent,
    /// Both answers were lost or refused; the trade was found by its externalId.
    LookedUp,
}

impl Established {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Answered => "AssetPay answered the sale",
            Self::Resent => "the answer was lost; the same sale, resent with the same reference, was answered",
            Self::LookedUp => "the answer was lost; the trade was found by the sale's reference",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SellOutcome {
    /// The trade (and any trades its basket was split into).
    Sold { trade: Box<Trade>, how: Established },
    /// A definitive refusal, or refused before sending: nothing was sold by this sale. A new
    /// attempt gets a new externalId.
    Refused(SellFailure),
    /// The sale may have been made and no trade could be found: reconcile before selling
    /// these items again.
    Unknown(AssetPayError),
}

/// A fresh reference for a sale: a UUID, unique per attempt.
pub fn new_external_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A sale of `lines` with a fresh externalId, `isInstant` always explicit.
pub fn sale(lines: Vec<SellLine>, game: crate::api::assetpay::Game, is_instant: bool) -> SellRequest {
    SellRequest { lines, game, external_id: new_external_id(), is_instant }
}

/// The sale's total, exactly: the sum of offer × amount, in micro-dollars.
pub fn total(sale: &SellRequest) -> Usd {
    sale.lines.iter().map(|l| Usd::from_micros(l.price.micros().saturating_mul(l.amount.unwrap_or(1) as i64))).sum()
}

/// Sends a sale and establishes its outcome.
pub async fn sell(client: &AssetPayClient, sale: &SellRequest) -> SellOutcome {
    let mut attempt = 1;
    let first = loop {
        match client.sell(sale).await {
            Err(SellFailure::NotSent(AssetPayError::Network(why))) if attempt < CONNECT_ATTEMPTS => {
                tracing::info!(attempt, "assetpay sale not sent ({why}): trying again");
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(300 * attempt as u64)).await;
            }
            other => break other,
        }
    };
    let lost = match first {
        Ok(trade) => return SellOutcome::Sold { trade: Box::new(trade), how: Established::Answered },
        Err(SellFailure::Unknown(e)) => e,
        Err(refused) => return SellOutcome::Refused(refused),
    };
    tracing::warn!(external_id = %sale.external_id, "assetpay sale outcome unknown ({lost}): resending the same sale once");
    match client.sell(sale).await {
        Ok(trade) => return SellOutcome::Sold { trade: Box::new(trade), how: Established::Resent },
        Err(e) => {
            tracing::info!(external_id = %sale.external_id, "the resend did not answer with the trade ({e}): looking it up")
        }
    }
    match client.find_trade(sale.game, &sale.external_id).await {
        Ok(Some(trade)) => SellOutcome::Sold { trade: Box::new(trade), how: Established::LookedUp },
        Ok(None) => SellOutcome::Unknown(lost),
        Err(e) => {
            tracing::warn!("looking the sale up failed: {e}");
            SellOutcome::Unknown(lost)
        }
    }
}
