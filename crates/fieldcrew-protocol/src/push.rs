//! Evidence up: a batch of outbox items, each answered on its own.

use crate::clock::BootEpoch;
use fieldcrew_domain::{DeviceId, FieldEvent, WorkOrder};
use serde::{Deserialize, Serialize};

/// Path: `POST /v1/push`, body optionally `Content-Encoding: gzip` or `zstd`.
pub const PATH: &str = "/v1/push";
pub const MAX_BATCH: usize = 200;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PushBody {
    Event {
        #[schema(value_type = Object)]
        event: FieldEvent,
    },
    /// An order created on the phone, with its client-generated id.
    Order {
        #[schema(value_type = Object)]
        order: WorkOrder,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PushItem {
    /// The device's outbox sequence: the server deduplicates on
    /// `(device_id, device_seq)`.
    pub device_seq: i64,
    #[serde(flatten)]
    pub body: PushBody,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PushBatch {
    #[schema(value_type = String, format = Uuid)]
    pub device_id: DeviceId,
    /// The client's best estimate of each boot's start in server time, so
    /// the server can correct event times.
    pub boot_epochs: Vec<BootEpoch>,
    pub items: Vec<PushItem>,
}

/// Something the dispatcher should know about an accepted item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "flag", content = "detail", rename_all = "snake_case")]
pub enum Flag {
    OrderCancelled,
    OrderReassigned,
    FarFromSite,
    PoorAccuracy,
    MockLocation,
    ChainBroken,
    /// No clock offset was known for the event's boot: device time kept.
    ClockUncorrected,
    /// The event breaks a lifecycle rule as the server sees the order.
    RuleViolation(String),
    /// The same item had been received before.
    Duplicate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Accepted,
    AcceptedWithFlags {
        flags: Vec<Flag>,
    },
    /// Never retried: the item can not be stored (e.g. malformed).
    RejectedPermanently {
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemResult {
    pub device_seq: i64,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PushResponse {
    /// Every item up to here is durably stored (or permanently rejected):
    /// the client may drop it from its outbox.
    pub acked_seq: i64,
    pub results: Vec<ItemResult>,
}
