//! A push batch, stored in the caller's transaction: each item answered
//! once per `(device_id, device_seq)`, a different item for a taken slot
//! kept as a conflict, and each order the batch touches read and written
//! back once (`push_orders`). Set-based: the batch's slots and event ids
//! are looked up at once (`push_lookups`), its events and slot rows
//! written at its end as multi-row INSERTs (`push_rows`).
//!
//! On PostgreSQL a batch runs at READ COMMITTED behind its crew's line
//! (`backend::postgres::in_line`): the crew's own pushes, on any instance,
//! come one after the other, each seeing the one ahead's commit. What else
//! keeps each read-then-write right when a writer outside the line races:
//! - a device's slots and the events' ids (the same phone under two crews
//!   after a re-pairing): the primary keys; the slower batch fails on the
//!   key and runs again, then answers from what the faster stored;
//! - the orders' state (a handed-over order both crews hold; a dispatcher
//!   reassigning or cancelling): `push_lookups` locks the named orders'
//!   rows (`FOR UPDATE`, in id order) before reading who held them;
//! - orders, daily checks, handovers and slot conflicts stored by the
//!   batch: `ON CONFLICT DO NOTHING` on their keys (a duplicate answers
//!   Duplicate); a handover's acknowledgment: `WHERE ack_by IS NULL`;
//!   change rows: `record_change`'s advisory lock, as everywhere;
//! - the crew's daily checks, open handover problems and handovers to
//!   acknowledge: written only by the crew's pushes (in the line), and a
//!   dispatcher closing a problem meanwhile reads as closing it just
//!   before or after the batch (its update skips a row already closed).

use super::push_lookups::{self, Slot};
use super::push_rows::PushRows;
use super::{daily_checks, from_json, handovers, insert_order, push_orders, slot_conflicts, to_json};
use crate::db::{AppliedPush, DbResult, IncomingItem, Pusher, StoredDailyCheck, daily_check_time};
use crate::ingest::{OrderBefore, assess_event};
use chrono::{DateTime, Utc};
use fieldcrew_domain::Thresholds;
use fieldcrew_protocol::clock::BootEpoch;
use fieldcrew_protocol::push::{Flag, ItemResult, Outcome, PushBody, PushResponse};
use fieldcrew_sql::{Dialect, Value};
use fieldcrew_sql::{Sql, ToValue, args};
use std::collections::{HashMap, HashSet};

/// What the batch knows and has gathered so far; each item sees the ones
/// before it in the same batch as if they had been read from the tables.
struct Batch {
    slots: HashMap<i64, Slot>,
    stored_events: HashSet<String>,
    orders: push_orders::BatchOrders,
    rows: PushRows,
    /// The crew's first check of each day asked (`daily_checks`), read
    /// once per batch; forgotten when the batch stores a check.
    first_checks: HashMap<String, Option<i64>>,
}

/// Stores the batch and answers each item.
pub fn apply(
    sql: &mut dyn Sql,
    pusher: &Pusher,
    items: &[IncomingItem],
    boot_epochs: &[BootEpoch],
    thresholds: &Thresholds,
) -> DbResult<AppliedPush> {
    let mut results = Vec::with_capacity(items.len());
    let mut conflicts = Vec::new();
    let device = pusher.device_id.to_string();
    let named = event_orders(items);
    let known = push_lookups::read(sql, &device, &pusher.crew_code, items, &named)?;
    let paired_at = known.paired_at;
    let mut batch = Batch {
        slots: known.slots,
        stored_events: known.stored_events,
        orders: push_orders::BatchOrders::default(),
        rows: PushRows::default(),
        first_checks: HashMap::new(),
    };
    batch.orders.known(&named, known.orders, &known.held_once);
    for item in items {
        let outcome = match batch.slots.get(&item.device_seq) {
            Some((_, Some(held))) if *held != item.identity => {
                conflicts.push(slot_conflicts::keep(sql, pusher, item, held.clone(), Utc::now())?);
                Outcome::RejectedPermanently { reason: slot_conflicts::SLOT_TAKEN.into() }
            }
            // The same item again, or a slot from before identities.
            Some((outcome, _)) => from_json(outcome)?,
            None => {
                let outcome = store_item(sql, pusher, item, boot_epochs, thresholds, paired_at, &mut batch)?;
                let answer = to_json(&outcome);
                batch.rows.slot(
                    &device,
                    item.device_seq,
                    answer.clone(),
                    Utc::now().to_value(),
                    &item.identity,
                );
                batch.slots.insert(item.device_seq, (answer, Some(item.identity.clone())));
                outcome
            }
        };
        results.push(ItemResult { device_seq: item.device_seq, outcome });
    }
    // The batch's writes go together (one round trip on PostgreSQL): none
    // needs another's answer, and the first failure fails the batch.
    let postgres = sql.dialect() == Dialect::Postgres;
    let mut writes = batch.rows.statements(postgres);
    writes.extend(batch.orders.write_back(postgres));
    let writes: Vec<(&str, &[Value])> = writes.iter().map(|(s, a)| (s.as_str(), a.as_slice())).collect();
    sql.query_many(&writes)?;
    let acked_seq = items.iter().map(|i| i.device_seq).max().unwrap_or(0);
    Ok(AppliedPush { response: PushResponse { acked_seq, results }, conflicts })
}

/// The orders the batch's events name, each once.
fn event_orders(items: &[IncomingItem]) -> Vec<fieldcrew_domain::OrderId> {
    let mut seen = HashSet::new();
    items
        .iter()
        .filter_map(|i| match &i.body {
            Ok(PushBody::Event { event }) => Some(event.order_id),
            _ => None,
        })
        .filter(|id| seen.insert(*id))
        .collect()
}

/// Stores one item not seen before and answers it.
fn store_item(
    sql: &mut dyn Sql,
    pusher: &Pusher,
    item: &IncomingItem,
    boot_epochs: &[BootEpoch],
    thresholds: &Thresholds,
    paired_at: Option<DateTime<Utc>>,
    batch: &mut Batch,
) -> DbResult<Outcome> {
    let body = match &item.body {
        Err(reason) => return Ok(Outcome::RejectedPermanently { reason: reason.clone() }),
        Ok(body) => body,
    };
    match body {
        PushBody::Order { order } => {
            let mut order = order.clone();
            order.assigned_crew = Some(pusher.crew_code.clone());
            if insert_order(sql, &order)? {
                batch.orders.forget(sql, order.id)?;
                Ok(Outcome::Accepted)
            } else {
                Ok(Outcome::AcceptedWithFlags { flags: vec![Flag::Duplicate] })
            }
        }
        PushBody::DailyCheck { check } => {
            if check.device_id != pusher.device_id {
                return Ok(Outcome::RejectedPermanently {
                    reason: "the check was recorded on another device".into(),
                });
            }
            if let Err(why) = fieldcrew_domain::daily_check::validate(check) {
                return Ok(Outcome::RejectedPermanently { reason: why.to_string() });
            }
            let received_at = Utc::now();
            let (checked_at, time_corrected) = daily_check_time(check, boot_epochs, received_at);
            let stored = StoredDailyCheck {
                check: check.clone(),
                checked_at,
                time_corrected,
                day: fieldcrew_domain::daily_check::check_day(checked_at),
                received_at,
            };
            batch.first_checks.clear();
            Ok(if daily_checks::insert(sql, &pusher.crew_code, &stored)? {
                Outcome::Accepted
            } else {
                Outcome::AcceptedWithFlags { flags: vec![Flag::Duplicate] }
            })
        }
        PushBody::Handover { handover } => {
            if handover.crew_code != pusher.crew_code {
                return Ok(Outcome::RejectedPermanently { reason: "the handover is another crew's".into() });
            }
            if let Err(why) = fieldcrew_domain::handover::check(handover) {
                return Ok(Outcome::RejectedPermanently { reason: why.to_string() });
            }
            Ok(if handovers::insert(sql, &pusher.crew_code, pusher.device_id, handover, Utc::now())? {
                Outcome::Accepted
            } else {
                Outcome::AcceptedWithFlags { flags: vec![Flag::Duplicate] }
            })
        }
        PushBody::HandoverAck { ack } => {
            Ok(match handovers::acknowledge(sql, &pusher.crew_code, pusher.device_id, ack, Utc::now())? {
                handovers::AckStored::First => Outcome::Accepted,
                handovers::AckStored::AlreadyAcknowledged => {
                    Outcome::AcceptedWithFlags { flags: vec![Flag::Duplicate] }
                }
                handovers::AckStored::Refused(reason) => Outcome::RejectedPermanently { reason },
            })
        }
        PushBody::Event { event } => {
            if event.device_id != pusher.device_id {
                return Ok(Outcome::RejectedPermanently {
                    reason: "the event was recorded on another device".into(),
                });
            }
            if !batch.stored_events.insert(event.id.to_string()) {
                return Ok(Outcome::AcceptedWithFlags { flags: vec![Flag::Duplicate] });
            }
            let order = batch.orders.get(sql, event.order_id, &pusher.crew_code)?;
            let held = order.held;
            let received_at = Utc::now();
            let mut assessment = assess_event(
                event,
                order.row.as_ref().map(|(order, state, cancelled)| OrderBefore {
                    order,
                    state,
                    cancelled: cancelled.is_some(),
                }),
                &pusher.crew_code,
                boot_epochs,
                thresholds,
                received_at,
                paired_at,
            );
            // A repair started without the day's check of tools and
            // vehicle is flagged, never refused (the repair must not wait).
            if held
                && matches!(event.kind, fieldcrew_domain::EventKind::Arrived)
                && !daily_checks::checked_before_in(
                    sql,
                    &pusher.crew_code,
                    assessment.corrected_time,
                    &mut batch.first_checks,
                )?
            {
                assessment.flags.push(Flag::NoDailyCheck);
            }
            batch.rows.event(
                args![
                    event.id.to_string(),
                    event.order_id.to_string(),
                    pusher.device_id.to_string(),
                    item.device_seq,
                    to_json(event),
                    assessment.corrected_time,
                    assessment.time_corrected,
                    to_json(&assessment.flags),
                    received_at
                ]
                .to_vec(),
            );
            match (&mut order.row, held) {
                (Some(_), false) => batch.rows.uncounted(event.id.to_string()),
                (Some((_, state, _)), true) => {
                    state.apply_at(event, assessment.corrected_time);
                    order.changed = true;
                }
                (None, _) => {}
            }
            Ok(if assessment.flags.is_empty() {
                Outcome::Accepted
            } else {
                Outcome::AcceptedWithFlags { flags: assessment.flags }
            })
        }
    }
}
