//! What is open over the panes: one dialog at a time, each behind the `Dialog` trait.
//! Adding a dialog is one variant here, one file beside this one and one function in `ui/`.

use crate::app::dialogs::cost::CostDialog;
use crate::app::dialogs::details::ItemDetails;
use crate::app::dialogs::help::HelpView;
use crate::app::dialogs::journal::JournalView;
use crate::app::dialogs::ledger_entry::LedgerEntryView;
use crate::app::dialogs::price_filter::PriceFilterDialog;
use crate::app::dialogs::pricing::PricingDialog;
use crate::app::dialogs::protocol::Dialog;
use crate::app::dialogs::quantity::QuantityDialog;
use crate::app::dialogs::sell::SellDialog;
use crate::app::dialogs::trade_details::TradeDetails;
use crate::app::dialogs::withdraw::WithdrawDialog;
use crate::app::keymap::{Action, Layer};

/// Every dialog, by name; `dialog()` reaches the one open through its trait.
macro_rules! overlays {
    ($($(#[$doc:meta])* $variant:ident($dialog:ty),)*) => {
        #[derive(Debug)]
        pub enum Overlay {
            $($(#[$doc])* $variant($dialog),)*
        }

        impl Overlay {
            pub fn dialog(&self) -> &dyn Dialog {
                match self {
                    $(Overlay::$variant(d) => d,)*
                }
            }

            pub fn dialog_mut(&mut self) -> &mut dyn Dialog {
                match self {
                    $(Overlay::$variant(d) => d,)*
                }
            }
        }
    };
}

overlays! {
    Help(HelpView),
    /// An AssetPay item's details.
    Details(ItemDetails),
    PriceFilter(PriceFilterDialog),
    Pricing(PricingDialog),
    Withdraw(WithdrawDialog),
    Quantity(QuantityDialog),
    Journal(JournalView),
    Sell(SellDialog),
    /// A trade's details.
    TradeDetails(TradeDetails),
    /// A ledger entry in full (the History pane).
    LedgerEntry(LedgerEntryView),
    /// What an item cost (`$`).
    Cost(CostDialog),
}

impl Overlay {
    /// The keymap layer whose keys the open dialog answers now.
    pub fn layer(&self) -> Layer {
        self.dialog().layer()
    }

    /// Whether an action does something in the dialog's current stage (the hint bar).
    pub fn offers(&self, action: Action) -> bool {
        self.dialog().offers(action)
    }
}
