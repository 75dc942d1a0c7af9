//! What the server notices about an event from the field. Events are always
//! kept; these checks only add flags for the dispatcher.

use chrono::{DateTime, Utc};
use fieldcrew_domain::checklist::standard_items;
use fieldcrew_domain::geo::check_fix;
use fieldcrew_domain::lifecycle::{OrderState, RuleContext};
use fieldcrew_domain::{FieldEvent, Thresholds, WorkOrder};
use fieldcrew_protocol::clock::BootEpoch;
use fieldcrew_protocol::push::{BrokenRule, Flag};

/// The order as the server had it before this event.
pub struct OrderBefore<'a> {
    pub order: &'a WorkOrder,
    pub state: &'a OrderState,
    pub cancelled: bool,
}

#[derive(Debug, PartialEq)]
pub struct Assessment {
    pub flags: Vec<Flag>,
    pub corrected_time: DateTime<Utc>,
    pub time_corrected: bool,
}

/// How far after its arrival at the server an event may claim to have
/// happened: clock estimates are good to a few seconds.
const FUTURE_TOLERANCE: chrono::Duration = chrono::Duration::minutes(2);

/// How far before the order was reported, or before the device was first
/// paired, an event may claim to have happened (a reported time typed in
/// rounded, clock estimates).
const PAST_TOLERANCE: chrono::Duration = chrono::Duration::minutes(10);

/// `paired_at` is when the pushing device id was first paired, if known.
pub fn assess_event(
    event: &FieldEvent,
    before: Option<OrderBefore<'_>>,
    pusher_crew: &str,
    boot_epochs: &[BootEpoch],
    thresholds: &Thresholds,
    received_at: DateTime<Utc>,
    paired_at: Option<DateTime<Utc>>,
) -> Assessment {
    let mut flags = Vec::new();
    let epoch = boot_epochs.iter().find(|e| e.boot_id == event.evidence.boot_id);
    // Nothing on an order happens before it was reported, nor on a phone
    // before it was paired.
    let not_before = before.as_ref().map(|b| b.order.reported_at).into_iter().chain(paired_at).max();
    // A correction that lands after the event reached us, or before that,
    // is a wrong (or forged) boot epoch: keep the device's own time and say so.
    let corrected = epoch
        .and_then(|epoch| epoch.correct(event.evidence.monotonic_ms))
        .filter(|at| *at <= received_at + FUTURE_TOLERANCE)
        .filter(|at| not_before.is_none_or(|earliest| *at >= earliest - PAST_TOLERANCE));
    let (corrected_time, time_corrected) = match corrected {
        Some(at) => (at, true),
        None => {
            flags.push(Flag::ClockUncorrected);
            (event.evidence.device_time, false)
        }
    };
    match before {
        None => flags.push(Flag::UnknownOrder),
        Some(before) => {
            if event.compute_hash() != event.hash || event.prev_hash != before.state.last_hash {
                flags.push(Flag::ChainBroken);
            }
            if before.cancelled {
                flags.push(Flag::OrderCancelled);
            } else if before.order.assigned_crew.as_deref() != Some(pusher_crew) {
                flags.push(Flag::OrderReassigned);
            }
            let checklist = standard_items();
            // Not flagged here: a phone closes by the settings it held when offline,
            // and the console's order page shows a missing completion photo itself.
            let rules = RuleContext {
                order: before.order,
                state: before.state,
                checklist: &checklist,
                completion_photo_required: false,
            };
            if let Err(violation) = rules.check(&event.kind) {
                flags.push(Flag::RuleViolation(BrokenRule::Rule(violation)));
            }
            if let Some(fix) = &event.evidence.fix {
                let geo = check_fix(fix, before.order.site, thresholds);
                // Acknowledging or setting off happens anywhere: far means nothing there.
                if geo.far_from_site && event.kind.event_type().distance_matters() {
                    flags.push(Flag::FarFromSite);
                }
                if geo.poor_accuracy {
                    flags.push(Flag::PoorAccuracy);
                }
                if geo.mock_location {
                    flags.push(Flag::MockLocation);
                }
            }
        }
    }
    Assessment { flags, corrected_time, time_corrected }
}
