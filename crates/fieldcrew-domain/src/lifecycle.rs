//! The order lifecycle: the state derived from an order's events, and the one
//! table of rules that decides which event may be recorded next.

use crate::checklist::{self, ChecklistIncomplete, ChecklistItem};
use crate::close_out::{self, MaterialUse, MaterialsProblem};
use crate::event::{CorrectableStep, EventKind, EventType, FieldEvent, LateStep};
use crate::ids::OrderId;
use crate::order::{EquipmentKind, WorkOrder};
use crate::signature::SignedContent;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The meter-damage record currently in force (the latest one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterDamage {
    pub cause: String,
    pub customer_responsible: bool,
    pub photo_sha256: Vec<String>,
    #[serde(default)]
    pub meter_number: String,
    #[serde(default)]
    pub meter_reading: String,
}

/// Where an order stands, derived by folding its events in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderState {
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub departed_at: Option<DateTime<Utc>>,
    pub arrived_at: Option<DateTime<Utc>>,
    pub restored_at: Option<DateTime<Utc>>,
    pub escalated: bool,
    pub customer_fault_assisted: bool,
    pub meter_damage: Option<MeterDamage>,
    /// Content hash of the latest customer signature.
    pub signed_content_hash: Option<String>,
    pub cleanup_done: bool,
    pub closed_at: Option<DateTime<Utc>>,
    /// The crew's latest reason for arriving late; states stored before
    /// reasons existed have none.
    #[serde(default)]
    pub arrival_late_reason: Option<String>,
    /// The crew's latest reason for restoring power late.
    #[serde(default)]
    pub restore_late_reason: Option<String>,
    /// Steps withdrawn by a correction, with the crew's reason, latest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<(CorrectableStep, String)>,
    /// The latest materials record; `Some(empty)` says none were used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materials: Option<Vec<MaterialUse>>,
    /// SHA-256 of each completion photo, in the order taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completion_photos: Vec<String>,
    pub event_count: u64,
    pub last_hash: Option<String>,
}

/// A coarse status for lists and chips.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Acknowledged,
    EnRoute,
    OnSite,
    Escalated,
    Restored,
    Closed,
}

fn earliest(known: Option<DateTime<Utc>>, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    Some(known.map_or(at, |known| known.min(at)))
}

impl OrderState {
    /// Derives the state from a whole chain.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a FieldEvent>) -> Self {
        let mut state = Self::default();
        for event in events {
            state.apply(event);
        }
        state
    }

    /// Folds one event in at the phone's own time. Only called with events
    /// that passed the rules (or that the server accepted), so it never rejects.
    pub fn apply(&mut self, event: &FieldEvent) {
        self.apply_at(event, event.evidence.device_time);
    }

    /// Folds one event in as having happened `at`: the server passes the
    /// time it corrected for the phone's clock, so the promises a dispatcher
    /// watches are judged on true times.
    pub fn apply_at(&mut self, event: &FieldEvent, at: DateTime<Utc>) {
        match &event.kind {
            // Two phones of a crew may both record a step, and their pushes
            // may arrive in any order: the step happened when it first did.
            EventKind::Acknowledged => self.acknowledged_at = earliest(self.acknowledged_at, at),
            EventKind::Departed => self.departed_at = earliest(self.departed_at, at),
            EventKind::Arrived => self.arrived_at = earliest(self.arrived_at, at),
            EventKind::Restored => self.restored_at = earliest(self.restored_at, at),
            EventKind::Escalated { .. } => self.escalated = true,
            EventKind::CustomerFaultAssisted { .. } => self.customer_fault_assisted = true,
            EventKind::MeterDamageRecorded {
                cause,
                customer_responsible,
                photos,
                meter_number,
                meter_reading,
            } => {
                self.meter_damage = Some(MeterDamage {
                    cause: cause.clone(),
                    customer_responsible: *customer_responsible,
                    photo_sha256: photos.iter().map(|p| p.sha256.clone()).collect(),
                    meter_number: meter_number.clone(),
                    meter_reading: meter_reading.clone(),
                })
            }
            EventKind::CustomerSignature { content_hash, .. } => {
                self.signed_content_hash = Some(content_hash.clone())
            }
            EventKind::CleanupCompleted { .. } => self.cleanup_done = true,
            EventKind::Closed => self.closed_at = self.closed_at.or(Some(at)),
            EventKind::DelayExplained { step, reason } => *self.late_reason_mut(*step) = Some(reason.clone()),
            EventKind::StepCorrected { step, reason } => {
                *self.step_mut(*step) = None;
                match step {
                    CorrectableStep::Arrived => self.arrival_late_reason = None,
                    CorrectableStep::Restored => self.restore_late_reason = None,
                    CorrectableStep::Acknowledged | CorrectableStep::Departed => {}
                }
                self.corrections.push((*step, reason.clone()));
            }
            EventKind::MaterialsUsed { items } => self.materials = Some(items.clone()),
            EventKind::CompletionPhoto { photo } => self.completion_photos.push(photo.sha256.clone()),
            EventKind::SiteReport { .. } | EventKind::Note { .. } => {}
        }
        self.event_count += 1;
        self.last_hash = Some(event.hash.clone());
    }

    /// The reason on record for `step` being late, if the crew gave one.
    pub fn late_reason(&self, step: LateStep) -> Option<&str> {
        match step {
            LateStep::Arrived => self.arrival_late_reason.as_deref(),
            LateStep::Restored => self.restore_late_reason.as_deref(),
        }
    }

    fn late_reason_mut(&mut self, step: LateStep) -> &mut Option<String> {
        match step {
            LateStep::Arrived => &mut self.arrival_late_reason,
            LateStep::Restored => &mut self.restore_late_reason,
        }
    }

    fn step_mut(&mut self, step: CorrectableStep) -> &mut Option<DateTime<Utc>> {
        match step {
            CorrectableStep::Acknowledged => &mut self.acknowledged_at,
            CorrectableStep::Departed => &mut self.departed_at,
            CorrectableStep::Arrived => &mut self.arrived_at,
            CorrectableStep::Restored => &mut self.restored_at,
        }
    }

    /// Whether `step` can be withdrawn now: it is on record and nothing
    /// recorded since depends on it (arrival before restoration and cleanup).
    pub fn can_correct(&self, step: CorrectableStep) -> bool {
        let recorded = self.has_recorded(step.event_type());
        let later_depends = match step {
            CorrectableStep::Acknowledged => self.departed_at.is_some() || self.arrived_at.is_some(),
            CorrectableStep::Departed => self.arrived_at.is_some(),
            CorrectableStep::Arrived => {
                self.restored_at.is_some() || self.cleanup_done || self.meter_damage.is_some()
            }
            CorrectableStep::Restored => false,
        };
        recorded && !later_depends
    }

    /// The steps that a correction may withdraw now.
    pub fn correctable_now(&self) -> Vec<CorrectableStep> {
        CorrectableStep::ALL.into_iter().filter(|s| self.can_correct(*s)).collect()
    }

    /// When `step` was recorded, if it was.
    pub fn step_at(&self, step: LateStep) -> Option<DateTime<Utc>> {
        match step {
            LateStep::Arrived => self.arrived_at,
            LateStep::Restored => self.restored_at,
        }
    }

    /// Whether a once-only event of this type is on record.
    pub fn has_recorded(&self, event_type: EventType) -> bool {
        match event_type {
            EventType::Acknowledged => self.acknowledged_at.is_some(),
            EventType::Departed => self.departed_at.is_some(),
            EventType::Arrived => self.arrived_at.is_some(),
            EventType::Restored => self.restored_at.is_some(),
            EventType::Closed => self.closed_at.is_some(),
            _ => false,
        }
    }

    /// Power is back or the order is closed: the crew's work is done, so a
    /// call-back is due and the order can no longer be cancelled.
    pub fn is_repaired(&self) -> bool {
        self.restored_at.is_some() || self.closed_at.is_some()
    }

    pub fn status(&self) -> Status {
        if self.closed_at.is_some() {
            Status::Closed
        } else if self.restored_at.is_some() {
            Status::Restored
        } else if self.escalated {
            Status::Escalated
        } else if self.arrived_at.is_some() {
            Status::OnSite
        } else if self.departed_at.is_some() {
            Status::EnRoute
        } else if self.acknowledged_at.is_some() {
            Status::Acknowledged
        } else {
            Status::New
        }
    }

    /// The content a signature must cover now, if there is a damage record.
    pub fn signable_content(&self, order_id: OrderId) -> Option<SignedContent<'_>> {
        self.meter_damage.as_ref().map(|d| SignedContent {
            order_id,
            cause: &d.cause,
            customer_responsible: d.customer_responsible,
            photo_sha256: d.photo_sha256.iter().map(String::as_str).collect(),
            meter_number: &d.meter_number,
            meter_reading: &d.meter_reading,
        })
    }

    /// Whether the latest signature covers the current damage record.
    pub fn signature_is_current(&self, order_id: OrderId) -> bool {
        match (self.signable_content(order_id), &self.signed_content_hash) {
            (Some(content), Some(hash)) => content.is_covered_by(hash),
            _ => false,
        }
    }
}

/// One condition an event needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// The order is not closed.
    Open,
    /// This kind of event was not recorded before.
    Once,
    /// The crew has arrived on site.
    Arrived,
    /// The crew has not arrived yet (steps on the way there).
    BeforeArrival,
    /// Power is restored, or the fault was escalated.
    RestoredOrEscalated,
    /// The event itself carries at least one photo.
    AtLeastOnePhoto,
    /// A meter-damage record exists.
    MeterDamageOnRecord,
    /// The signature event covers the current damage record.
    SignsCurrentContent,
    /// The checklist in the event is complete.
    ChecklistInEventComplete,
    /// The cleanup checklist was completed.
    CleanupDone,
    /// A customer-caused meter damage has a current signature.
    CustomerSignedIfResponsible,
    /// The step the event explains is on record.
    ExplainedStepRecorded,
    /// The corrected step is on record and nothing since depends on it.
    CorrectedStepWithdrawable,
    /// The materials in the event list each item once with a quantity.
    MaterialsInEventValid,
    /// A completion photo is on record, if the station requires one.
    CompletionPhotoIfRequired,
}

use Requirement::*;

/// The lifecycle rules: what each event needs. This table is the single
/// source of truth; the UI asks it which buttons to show.
pub const RULES: &[(EventType, &[Requirement])] = &[
    (EventType::Acknowledged, &[Open, Once, BeforeArrival]),
    (EventType::Departed, &[Open, Once, BeforeArrival]),
    (EventType::Arrived, &[Open, Once]),
    (EventType::SiteReport, &[Open, Arrived]),
    (EventType::Escalated, &[Open, Arrived]),
    (EventType::CustomerFaultAssisted, &[Open, Arrived]),
    (EventType::Restored, &[Open, Arrived, Once]),
    (EventType::MeterDamageRecorded, &[Open, Arrived, AtLeastOnePhoto]),
    (EventType::CustomerSignature, &[Open, MeterDamageOnRecord, SignsCurrentContent]),
    (EventType::CleanupCompleted, &[Open, Arrived, ChecklistInEventComplete]),
    (
        EventType::Closed,
        &[Open, RestoredOrEscalated, CleanupDone, CustomerSignedIfResponsible, CompletionPhotoIfRequired],
    ),
    // A note may be added at any time, even after closing: it only adds.
    (EventType::Note, &[]),
    // A delay is explained once the late step is recorded, even after closing
    // (the record must hold the reason); again to correct it, the latest counts.
    (EventType::DelayExplained, &[Arrived, ExplainedStepRecorded]),
    // A mistaken step is withdrawn, never erased: the chain keeps both.
    (EventType::StepCorrected, &[Open, CorrectedStepWithdrawable]),
    // Materials are counted once the work is done, and corrected even after
    // closing (the store's slips arrive later): the latest record counts.
    (EventType::MaterialsUsed, &[RestoredOrEscalated, MaterialsInEventValid]),
    // A photo of the finished work, on any order, before it is closed.
    (EventType::CompletionPhoto, &[Open, RestoredOrEscalated]),
];

/// Why an event was refused. It travels as a code with its detail
/// (`{"code":"already_recorded","detail":"arrived"}`), so each reader renders
/// it in their own language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum RuleViolation {
    #[error("the order is closed")]
    OrderClosed,
    #[error("{0:?} was already recorded")]
    AlreadyRecorded(EventType),
    #[error("the crew has not arrived on site yet")]
    NotArrived,
    #[error("the crew is already on site")]
    AlreadyOnSite,
    #[error("power is neither restored nor the fault escalated")]
    NotRestoredOrEscalated,
    #[error("a meter-damage record needs at least one photo")]
    NoPhotos,
    #[error("there is no meter-damage record to sign")]
    NoMeterDamage,
    #[error("the signature does not cover the current cause text and photos")]
    SignatureDoesNotMatch,
    #[error("the site-cleanup checklist is incomplete: {0}")]
    ChecklistIncomplete(ChecklistIncomplete),
    #[error("the site-cleanup checklist has not been completed")]
    CleanupNotDone,
    #[error("the customer has not signed for the meter damage")]
    SignatureMissing,
    #[error("the customer's signature no longer covers the edited cause or photos")]
    SignatureStale,
    #[error("{0:?} is not recorded yet, so it can not be explained as late")]
    StepNotRecorded(LateStep),
    #[error("{0:?} can not be corrected: it is not on record, or later steps depend on it")]
    NotCorrectable(CorrectableStep),
    #[error("the materials record is not valid: {0}")]
    MaterialsInvalid(MaterialsProblem),
    #[error("the station requires a photo of the completed work before closing")]
    CompletionPhotoMissing,
}

/// The requirements of one event type.
pub fn requirements(event: EventType) -> &'static [Requirement] {
    RULES.iter().find(|(t, _)| *t == event).map(|(_, r)| *r).expect("every event type has a row in RULES")
}

/// Everything a rule may look at.
pub struct RuleContext<'a> {
    pub order: &'a WorkOrder,
    pub state: &'a OrderState,
    pub checklist: &'a [ChecklistItem],
    /// The station's setting: 结单 waits for a completion photo.
    pub completion_photo_required: bool,
}

impl RuleContext<'_> {
    /// A meter was touched when the fault is a meter or damage was recorded.
    pub fn meter_touched(&self) -> bool {
        self.order.equipment == EquipmentKind::Meter || self.state.meter_damage.is_some()
    }

    /// Checks `kind` against every requirement of its row, in order.
    pub fn check(&self, kind: &EventKind) -> Result<(), RuleViolation> {
        let event_type = kind.event_type();
        for requirement in requirements(event_type) {
            self.check_one(*requirement, event_type, kind)?;
        }
        Ok(())
    }

    /// The event types that may be recorded now (ignoring payload checks).
    pub fn allowed_now(&self) -> Vec<EventType> {
        RULES
            .iter()
            .filter(|(t, reqs)| {
                reqs.iter().all(|r| match r {
                    AtLeastOnePhoto
                    | SignsCurrentContent
                    | ChecklistInEventComplete
                    | ExplainedStepRecorded
                    | MaterialsInEventValid => true,
                    CorrectedStepWithdrawable => !self.state.correctable_now().is_empty(),
                    other => self.check_state(*other, *t).is_ok(),
                })
            })
            .map(|(t, _)| *t)
            .collect()
    }

    fn check_one(
        &self,
        r: Requirement,
        event_type: EventType,
        kind: &EventKind,
    ) -> Result<(), RuleViolation> {
        match (r, kind) {
            (AtLeastOnePhoto, EventKind::MeterDamageRecorded { photos, .. }) if photos.is_empty() => {
                Err(RuleViolation::NoPhotos)
            }
            (SignsCurrentContent, EventKind::CustomerSignature { content_hash, .. }) => {
                match self.state.signable_content(self.order.id) {
                    Some(content) if content.is_covered_by(content_hash) => Ok(()),
                    _ => Err(RuleViolation::SignatureDoesNotMatch),
                }
            }
            (ChecklistInEventComplete, EventKind::CleanupCompleted { items }) => {
                checklist::verify_complete(self.checklist, items, self.meter_touched())
                    .map_err(RuleViolation::ChecklistIncomplete)
            }
            (ExplainedStepRecorded, EventKind::DelayExplained { step, .. }) => {
                match self.state.step_at(*step) {
                    Some(_) => Ok(()),
                    None => Err(RuleViolation::StepNotRecorded(*step)),
                }
            }
            (CorrectedStepWithdrawable, EventKind::StepCorrected { step, .. }) => {
                match self.state.can_correct(*step) {
                    true => Ok(()),
                    false => Err(RuleViolation::NotCorrectable(*step)),
                }
            }
            (MaterialsInEventValid, EventKind::MaterialsUsed { items }) => {
                close_out::check_uses(items).map_err(RuleViolation::MaterialsInvalid)
            }
            (
                AtLeastOnePhoto
                | SignsCurrentContent
                | ChecklistInEventComplete
                | ExplainedStepRecorded
                | CorrectedStepWithdrawable
                | MaterialsInEventValid,
                _,
            ) => Ok(()),
            (other, _) => self.check_state(other, event_type),
        }
    }

    /// Requirements that depend only on the order's state.
    fn check_state(&self, r: Requirement, event_type: EventType) -> Result<(), RuleViolation> {
        let s = self.state;
        let ok = match r {
            Open => s.closed_at.is_none(),
            Once => !s.has_recorded(event_type),
            Arrived => s.arrived_at.is_some(),
            BeforeArrival => s.arrived_at.is_none(),
            RestoredOrEscalated => s.restored_at.is_some() || s.escalated,
            MeterDamageOnRecord => s.meter_damage.is_some(),
            CleanupDone => s.cleanup_done,
            CompletionPhotoIfRequired => {
                return match self.completion_photo_required && s.completion_photos.is_empty() {
                    true => Err(RuleViolation::CompletionPhotoMissing),
                    false => Ok(()),
                };
            }
            CustomerSignedIfResponsible => {
                return match &s.meter_damage {
                    Some(d) if d.customer_responsible => match &s.signed_content_hash {
                        None => Err(RuleViolation::SignatureMissing),
                        Some(_) if !s.signature_is_current(self.order.id) => {
                            Err(RuleViolation::SignatureStale)
                        }
                        Some(_) => Ok(()),
                    },
                    _ => Ok(()),
                };
            }
            AtLeastOnePhoto
            | SignsCurrentContent
            | ChecklistInEventComplete
            | ExplainedStepRecorded
            | CorrectedStepWithdrawable
            | MaterialsInEventValid => true,
        };
        if ok {
            return Ok(());
        }
        Err(match r {
            Open => RuleViolation::OrderClosed,
            Once => RuleViolation::AlreadyRecorded(event_type),
            Arrived => RuleViolation::NotArrived,
            BeforeArrival => RuleViolation::AlreadyOnSite,
            RestoredOrEscalated => RuleViolation::NotRestoredOrEscalated,
            MeterDamageOnRecord => RuleViolation::NoMeterDamage,
            _ => RuleViolation::CleanupNotDone,
        })
    }
}
