//! An inventory saved from an earlier response, read as the market sent it.

use super::decode::{InventoryDecoder, decode_with};
use super::error::AssetPayError;
use super::store::StoredInventory;

/// A saved response, or tradedeck's own `--json` output, decoded with the same decoder as a
/// live answer, as it is read.
pub fn read_saved(path: &std::path::Path, max_items: usize) -> Result<StoredInventory, AssetPayError> {
    let open = || {
        std::fs::File::open(path)
            .map_err(|e| AssetPayError::InvalidInput(format!("cannot read {}: {e}", path.display())))
    };
    match decode_with(InventoryDecoder::new(200, None).with_max_items(max_items), open()?) {
        Err(AssetPayError::InvalidResponse { detail, .. }) => {
            decode_with(InventoryDecoder::for_export().with_max_items(max_items), open()?).map_err(|export| {
                AssetPayError::InvalidInput(format!(
                    "{} is neither an AssetPay inventory response ({detail}) nor tradedeck's --json output ({export})",
                    path.display()
                ))
            })
        }
        other => other,
    }
}
