//! Field events: the immutable, append-only evidence of what a crew did.
//!
//! Each event carries the device's wall time, a monotonic reading with the
//! boot it belongs to (so the server can correct clock skew per boot), the GNSS
//! time and fix when known, and `prev_hash`: the hash of the previous event of
//! the same order. The chain makes a deleted or edited event visible.

use crate::checklist::CheckedItem;
use crate::close_out::MaterialUse;
use crate::hash::sha256_hex;
use crate::ids::{DeviceId, EventId, MediaId, OrderId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A position fix as the phone reported it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub lat: f64,
    pub lon: f64,
    /// Radius of the 68 % confidence circle, metres.
    pub accuracy_m: f64,
    /// The OS said a mock-location provider produced this fix.
    pub mock: bool,
}

/// When and where an event was recorded, as the device saw it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Device wall clock, UTC. May be wrong; the server corrects it.
    pub device_time: DateTime<Utc>,
    /// Milliseconds since boot (CLOCK_BOOTTIME where the OS has it).
    pub monotonic_ms: u64,
    /// Identifies the boot the monotonic reading belongs to.
    pub boot_id: String,
    /// When the position in `fix` was taken (the location provider's own
    /// timestamp), so a reader can tell a fresh fix from a stale one.
    pub gnss_time: Option<DateTime<Utc>>,
    pub fix: Option<Fix>,
}

/// A photo referenced by an event, with the hash that binds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    pub media: MediaId,
    pub sha256: String,
}

/// What happened. The variants follow the repair flow in DOMAIN.md.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    Acknowledged,
    Departed,
    Arrived,
    /// The site situation reported to the centre on arrival.
    SiteReport {
        text: String,
    },
    /// The fault is too big for the crew.
    Escalated {
        reason: String,
    },
    /// The fault is on customer-owned equipment; the crew guided the customer.
    CustomerFaultAssisted {
        text: String,
    },
    /// Power is back on (以送电为准).
    Restored,
    /// A damaged meter: cause analysed with the customer, photos as evidence.
    MeterDamageRecorded {
        cause: String,
        customer_responsible: bool,
        photos: Vec<PhotoRef>,
        /// The meter's number (表号), when it could be read. Left out of the
        /// JSON when empty, so records made before it existed hash the same.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        meter_number: String,
        /// The meter's reading at the visit, as displayed.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        meter_reading: String,
    },
    /// The customer signed for exactly the content hashed in `content_hash`.
    CustomerSignature {
        signer_name: String,
        strokes_sha256: String,
        image: MediaId,
        image_sha256: String,
        content_hash: String,
    },
    /// The site-cleanup checklist, as ticked.
    CleanupCompleted {
        items: Vec<CheckedItem>,
    },
    Closed,
    Note {
        text: String,
    },
    /// Why a promised step was recorded after its deadline (003 §四.1(7)).
    /// May be given again; the latest reason counts.
    DelayExplained {
        step: LateStep,
        reason: String,
    },
    /// A step recorded by mistake (a double tap, the wrong button) is
    /// withdrawn: the record stays in the chain, the state no longer counts it.
    StepCorrected {
        step: CorrectableStep,
        reason: String,
    },
    /// The materials used on the job (材料使用), from the station's list.
    /// Recorded again to correct it, also after closing: the latest counts.
    MaterialsUsed {
        items: Vec<MaterialUse>,
    },
    /// A photo of the finished work (完工照片), on any order.
    CompletionPhoto {
        photo: PhotoRef,
    },
}

/// A step that can be withdrawn by a correction event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectableStep {
    Acknowledged,
    Departed,
    Arrived,
    Restored,
}

impl CorrectableStep {
    pub const ALL: [CorrectableStep; 4] = [Self::Acknowledged, Self::Departed, Self::Arrived, Self::Restored];

    pub fn event_type(self) -> EventType {
        match self {
            Self::Acknowledged => EventType::Acknowledged,
            Self::Departed => EventType::Departed,
            Self::Arrived => EventType::Arrived,
            Self::Restored => EventType::Restored,
        }
    }
}

/// A step with a promised deadline, which can therefore be late.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LateStep {
    Arrived,
    Restored,
}

/// The kind of an event without its payload: the key of the rules table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    Acknowledged,
    Departed,
    Arrived,
    SiteReport,
    Escalated,
    CustomerFaultAssisted,
    Restored,
    MeterDamageRecorded,
    CustomerSignature,
    CleanupCompleted,
    Closed,
    Note,
    DelayExplained,
    StepCorrected,
    MaterialsUsed,
    CompletionPhoto,
}

impl EventType {
    /// Steps recorded where the work is, so a position far from the site
    /// means something. Acknowledging or leaving is done anywhere.
    pub fn distance_matters(self) -> bool {
        matches!(
            self,
            EventType::Arrived
                | EventType::SiteReport
                | EventType::Restored
                | EventType::MeterDamageRecorded
                | EventType::CustomerSignature
                | EventType::CleanupCompleted
                | EventType::CompletionPhoto
        )
    }
}

impl EventKind {
    pub fn event_type(&self) -> EventType {
        match self {
            EventKind::Acknowledged => EventType::Acknowledged,
            EventKind::Departed => EventType::Departed,
            EventKind::Arrived => EventType::Arrived,
            EventKind::SiteReport { .. } => EventType::SiteReport,
            EventKind::Escalated { .. } => EventType::Escalated,
            EventKind::CustomerFaultAssisted { .. } => EventType::CustomerFaultAssisted,
            EventKind::Restored => EventType::Restored,
            EventKind::MeterDamageRecorded { .. } => EventType::MeterDamageRecorded,
            EventKind::CustomerSignature { .. } => EventType::CustomerSignature,
            EventKind::CleanupCompleted { .. } => EventType::CleanupCompleted,
            EventKind::Closed => EventType::Closed,
            EventKind::Note { .. } => EventType::Note,
            EventKind::DelayExplained { .. } => EventType::DelayExplained,
            EventKind::StepCorrected { .. } => EventType::StepCorrected,
            EventKind::MaterialsUsed { .. } => EventType::MaterialsUsed,
            EventKind::CompletionPhoto { .. } => EventType::CompletionPhoto,
        }
    }

    /// The free-text fields with their names, for length checks.
    pub fn text_fields(&self) -> Vec<(&'static str, &str)> {
        match self {
            EventKind::SiteReport { text }
            | EventKind::CustomerFaultAssisted { text }
            | EventKind::Note { text } => vec![("text", text)],
            EventKind::Escalated { reason }
            | EventKind::DelayExplained { reason, .. }
            | EventKind::StepCorrected { reason, .. } => {
                vec![("reason", reason)]
            }
            EventKind::MeterDamageRecorded { cause, meter_number, meter_reading, .. } => {
                vec![("cause", cause), ("meter_number", meter_number), ("meter_reading", meter_reading)]
            }
            EventKind::CustomerSignature { signer_name, .. } => vec![("signer_name", signer_name)],
            EventKind::CleanupCompleted { items } => {
                items.iter().filter_map(|i| i.value.as_deref().map(|v| ("items.value", v))).collect()
            }
            EventKind::MaterialsUsed { items } => items
                .iter()
                .flat_map(|i| {
                    [("items.code", i.code.as_str()), ("items.name", &i.name), ("items.unit", &i.unit)]
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// One recorded event, hashed into its order's chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldEvent {
    pub id: EventId,
    pub order_id: OrderId,
    pub kind: EventKind,
    pub evidence: Evidence,
    /// The crew member who recorded it.
    pub author: String,
    pub device_id: DeviceId,
    /// Hash of the previous event of the same order; `None` for the first.
    pub prev_hash: Option<String>,
    /// Hash over every field above.
    pub hash: String,
}

/// The hashed part of an event, borrowed, in a fixed field order.
#[derive(Serialize)]
struct HashedFields<'a> {
    id: &'a EventId,
    order_id: &'a OrderId,
    kind: &'a EventKind,
    evidence: &'a Evidence,
    author: &'a str,
    device_id: &'a DeviceId,
    prev_hash: &'a Option<String>,
}

impl FieldEvent {
    /// Builds an event and seals it with its hash.
    pub fn seal(
        order_id: OrderId,
        kind: EventKind,
        evidence: Evidence,
        author: String,
        device_id: DeviceId,
        prev_hash: Option<String>,
    ) -> Self {
        let mut event = FieldEvent {
            id: EventId::new(),
            order_id,
            kind,
            evidence,
            author,
            device_id,
            prev_hash,
            hash: String::new(),
        };
        event.hash = event.compute_hash();
        event
    }

    /// The hash the event should carry. JSON of fixed field order is stable
    /// across a round trip (serde_json prints f64 shortest-roundtrip), so the
    /// server recomputes the same value from what it receives.
    pub fn compute_hash(&self) -> String {
        let fields = HashedFields {
            id: &self.id,
            order_id: &self.order_id,
            kind: &self.kind,
            evidence: &self.evidence,
            author: &self.author,
            device_id: &self.device_id,
            prev_hash: &self.prev_hash,
        };
        let json = serde_json::to_vec(&fields).expect("event fields always serialise");
        sha256_hex(&json)
    }
}

/// Where a chain of events stops verifying.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("event {index} ({id}) does not match its own hash")]
    Tampered { index: usize, id: EventId },
    #[error("event {index} ({id}) does not point at the event before it")]
    Unlinked { index: usize, id: EventId },
}

/// Verifies a per-order chain given in recording order.
pub fn verify_chain(events: &[FieldEvent]) -> Result<(), ChainBreak> {
    let mut prev: Option<&str> = None;
    for (index, event) in events.iter().enumerate() {
        if event.compute_hash() != event.hash {
            return Err(ChainBreak::Tampered { index, id: event.id });
        }
        if event.prev_hash.as_deref() != prev {
            return Err(ChainBreak::Unlinked { index, id: event.id });
        }
        prev = Some(&event.hash);
    }
    Ok(())
}
