//! Delivery receipts as stored: when an order reached a crew's phone
//! (已送达) and when the crew opened it (已查看), per device.

use chrono::{DateTime, Utc};
use fieldcrew_domain::{DeviceId, OrderId};
use fieldcrew_protocol::receipts::ReceiptStage;
use serde::{Deserialize, Serialize};

/// One receipt; the first per (order, device, stage) stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReceipt {
    pub order_id: OrderId,
    pub device_id: DeviceId,
    pub stage: ReceiptStage,
    /// When it happened on the phone, in server time where the phone's
    /// clock could be corrected, never later than `received_at`.
    pub at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
}

/// What the dispatcher sees of one device's receipts for an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeviceReceipts {
    #[schema(value_type = String, format = Uuid)]
    pub device_id: Option<DeviceId>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub seen_at: Option<DateTime<Utc>>,
}

/// Per device, in the order the receipts came; `orders` picks one order.
pub fn per_device(receipts: &[StoredReceipt], order: OrderId) -> Vec<DeviceReceipts> {
    let mut out: Vec<DeviceReceipts> = Vec::new();
    for r in receipts.iter().filter(|r| r.order_id == order) {
        let index = match out.iter().position(|d| d.device_id == Some(r.device_id)) {
            Some(i) => i,
            None => {
                out.push(DeviceReceipts { device_id: Some(r.device_id), ..Default::default() });
                out.len() - 1
            }
        };
        let slot = match r.stage {
            ReceiptStage::Delivered => &mut out[index].delivered_at,
            ReceiptStage::Seen => &mut out[index].seen_at,
        };
        *slot = Some(slot.map_or(r.at, |t| t.min(r.at)));
    }
    out
}

/// The earliest delivery and sighting of an order on any device.
pub fn earliest(receipts: &[StoredReceipt], order: OrderId) -> DeviceReceipts {
    let first =
        |stage| receipts.iter().filter(|r| r.order_id == order && r.stage == stage).map(|r| r.at).min();
    DeviceReceipts {
        device_id: None,
        delivered_at: first(ReceiptStage::Delivered),
        seen_at: first(ReceiptStage::Seen),
    }
}
