//! Delivery receipts: the phone tells the server that an order reached it
//! (stored from a pull page) and that the crew saw it (opened the order).
//!
//! Not evidence in the order's chain, so not outbox items: a receipt has
//! its own key `(order, device, stage)`, the first one stored stands and a
//! repeat changes nothing, so resending a batch whose answer was lost is
//! safe and needs no per-device sequence.

use crate::clock::BootEpoch;
use chrono::{DateTime, Utc};
use fieldcrew_domain::OrderId;
use serde::{Deserialize, Serialize};

/// Path: `POST /v1/receipts`.
pub const PATH: &str = "/v1/receipts";
/// Most receipts in one batch.
pub const MAX_RECEIPTS: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStage {
    /// The order is in the phone's store (已送达).
    Delivered,
    /// The crew opened it (已查看).
    Seen,
}

impl ReceiptStage {
    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptStage::Delivered => "delivered",
            ReceiptStage::Seen => "seen",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "delivered" => Some(ReceiptStage::Delivered),
            "seen" => Some(ReceiptStage::Seen),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Receipt {
    #[schema(value_type = String, format = Uuid)]
    pub order_id: OrderId,
    pub stage: ReceiptStage,
    /// The phone's wall clock when it happened; the server prefers the boot
    /// clock below, corrected with the batch's boot epochs.
    pub device_time: DateTime<Utc>,
    pub monotonic_ms: u64,
    pub boot_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReceiptBatch {
    #[serde(default)]
    pub boot_epochs: Vec<BootEpoch>,
    pub receipts: Vec<Receipt>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReceiptsStored {
    /// Receipts new to the server (repeats and receipts for orders this
    /// crew never held are not counted).
    pub stored: u32,
}
