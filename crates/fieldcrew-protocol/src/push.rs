//! Evidence up: a batch of outbox items, each answered on its own.

use crate::clock::BootEpoch;
use fieldcrew_domain::daily_check::DailyCheck;
use fieldcrew_domain::handover::{Handover, HandoverAck};
use fieldcrew_domain::{DeviceId, FieldEvent, RuleViolation, WorkOrder};
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
    /// A crew's daily check of tools, materials and vehicle (每日检查):
    /// on no order.
    DailyCheck {
        #[schema(value_type = Object)]
        check: DailyCheck,
    },
    /// A crew's shift handover (交接班), written on the phone.
    Handover {
        #[schema(value_type = Object)]
        handover: Handover,
    },
    /// The incoming member's acknowledgment of a handover (确认接班).
    HandoverAck {
        #[schema(value_type = Object)]
        ack: HandoverAck,
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
    RuleViolation(BrokenRule),
    /// The event is for an order the server does not hold.
    UnknownOrder,
    /// The same item had been received before.
    Duplicate,
    /// The crew reached the site on a day (UTC+8) with no daily check of
    /// tools, materials and vehicle recorded before it.
    NoDailyCheck,
}

/// A broken lifecycle rule as a code with its detail, rendered by each
/// reader's catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BrokenRule {
    Rule(RuleViolation),
    /// Flags stored before rules travelled as codes held the server's English
    /// text; they are read back as they were written.
    Text(String),
}

// By hand: the derive can not describe a newtype variant of a foreign type.
impl utoipa::PartialSchema for BrokenRule {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .description(Some("the rule's code and its detail")),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("English text, stored before codes")),
            )
            .into()
    }
}

impl utoipa::ToSchema for BrokenRule {}

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

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_domain::event::EventType;

    #[test]
    fn a_broken_rule_travels_as_a_code_with_its_detail() {
        let flag = Flag::RuleViolation(BrokenRule::Rule(RuleViolation::AlreadyRecorded(EventType::Arrived)));
        let wire = serde_json::to_value(&flag).unwrap();
        assert_eq!(
            wire,
            serde_json::json!({"flag": "rule_violation", "detail": {"code": "already_recorded", "detail": "arrived"}})
        );
        assert_eq!(serde_json::from_value::<Flag>(wire).unwrap(), flag);
    }

    #[test]
    fn a_flag_stored_as_english_text_before_codes_still_reads() {
        let stored = r#"[{"flag":"rule_violation","detail":"the order is closed"},{"flag":"far_from_site"}]"#;
        let flags: Vec<Flag> = serde_json::from_str(stored).unwrap();
        assert_eq!(flags[0], Flag::RuleViolation(BrokenRule::Text("the order is closed".into())));
        assert_eq!(flags[1], Flag::FarFromSite);
    }
}
