//! Orders with everything the dispatcher sees, read for a whole list of
//! ids at once: six queries per list of up to 64 orders (the orders, their
//! events, media, intake, assignments, repeat calls) instead of six per
//! order. A month's report of 3,000 orders is then ~300 statements, not
//! ~18,000, and all of them can run in the caller's one transaction.

use super::{SELECT_MEDIA, from_json, id_lists, order_record, parse_id, to_media};
use crate::db::{DbResult, ServerOrder, StoredEvent, StoredMedia};
use fieldcrew_domain::OrderId;
use fieldcrew_sql::Sql;
use std::collections::{HashMap, HashSet};

/// The orders of `ids` known to the server, in the order asked (an id
/// asked twice comes once; unknown ids are left out).
pub fn load(sql: &mut dyn Sql, ids: &[OrderId]) -> DbResult<Vec<ServerOrder>> {
    let mut seen = HashSet::new();
    let ids: Vec<OrderId> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
    let mut heads = HashMap::new();
    for (list, args) in id_lists::lists(&ids) {
        let query = format!("SELECT id, body, state, cancelled_at FROM orders WHERE id IN ({list})");
        for row in sql.query(&query, &args)? {
            let id: OrderId = parse_id(&row.get::<String>(0)?)?;
            let head = (from_json(&row.get::<String>(1)?)?, from_json(&row.get::<String>(2)?)?, row.get(3)?);
            heads.insert(id, head);
        }
    }
    // The rest is asked only for orders that exist.
    let known: Vec<OrderId> = ids.into_iter().filter(|id| heads.contains_key(id)).collect();
    let mut events = events_of(sql, &known)?;
    let mut media = media_of(sql, &known)?;
    let mut records = order_record::load_many(sql, &known)?;
    Ok(known
        .into_iter()
        .filter_map(|id| {
            let (order, state, cancelled_at) = heads.remove(&id)?;
            Some(ServerOrder {
                order,
                cancelled_at,
                state,
                events: events.remove(&id).unwrap_or_default(),
                media: media.remove(&id).unwrap_or_default(),
                record: records.remove(&id).unwrap_or_default(),
            })
        })
        .collect())
}

/// Each order's events in the order they arrived (`rowid`; the order's
/// index holds it on both backends).
fn events_of(sql: &mut dyn Sql, ids: &[OrderId]) -> DbResult<HashMap<OrderId, Vec<StoredEvent>>> {
    let mut out: HashMap<OrderId, Vec<StoredEvent>> = HashMap::new();
    for (list, args) in id_lists::lists(ids) {
        let query = format!(
            "SELECT order_id, body, corrected_time, time_corrected, flags, received_at,
                 NOT EXISTS (SELECT 1 FROM uncounted_events u WHERE u.event_id = events.id)
             FROM events WHERE order_id IN ({list}) ORDER BY order_id, rowid"
        );
        for row in sql.query(&query, &args)? {
            let event = StoredEvent {
                event: from_json(&row.get::<String>(1)?)?,
                corrected_time: row.get(2)?,
                time_corrected: row.get(3)?,
                flags: from_json(&row.get::<String>(4)?)?,
                received_at: row.get(5)?,
                counted: row.get(6)?,
            };
            out.entry(parse_id(&row.get::<String>(0)?)?).or_default().push(event);
        }
    }
    Ok(out)
}

fn media_of(sql: &mut dyn Sql, ids: &[OrderId]) -> DbResult<HashMap<OrderId, Vec<StoredMedia>>> {
    let mut out: HashMap<OrderId, Vec<StoredMedia>> = HashMap::new();
    for (list, args) in id_lists::lists(ids) {
        for row in sql.query(&format!("{SELECT_MEDIA} WHERE order_id IN ({list})"), &args)? {
            let media = to_media(&row)?;
            if let Some(order) = media.order_id {
                out.entry(order).or_default().push(media);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::db::backend::postgres::PostgresBackend;
    use crate::db::backend::postgres::scratch::ScratchDatabase;
    use crate::db::{Database, FollowUp, IncomingItem, Pusher, SqlDatabase, StoredMedia};
    use chrono::{Duration, Utc};
    use fieldcrew_domain::clock::{DeviceClock, FixedClock};
    use fieldcrew_domain::event::{EventKind, Fix};
    use fieldcrew_domain::{DeviceId, FieldEvent, MediaId, OrderId, Thresholds};
    use fieldcrew_protocol::push::{PushBody, PushItem};

    fn event(device: DeviceId, order: OrderId, kind: EventKind, prev: Option<&FieldEvent>) -> FieldEvent {
        let clock = FixedClock { now: Utc::now(), since_boot_ms: 60_000, boot_id: "boot-1".into() };
        let fix = Fix { lat: 30.5928, lon: 114.3055, accuracy_m: 10.0, mock: false };
        let evidence = clock.evidence(Some(fix), None);
        FieldEvent::seal(order, kind, evidence, "李师傅".into(), device, prev.map(|p| p.hash.clone()))
    }

    fn push(db: &dyn Database, crew: &str, device: DeviceId, seq: &mut i64, events: &[FieldEvent]) {
        let pusher = Pusher { crew_code: crew.into(), device_id: device, token_hash: "ab".repeat(32) };
        let items: Vec<IncomingItem> = events
            .iter()
            .map(|e| {
                *seq += 1;
                let body = PushBody::Event { event: e.clone() };
                let raw_json =
                    serde_json::to_string(&PushItem { device_seq: *seq, body: body.clone() }).unwrap();
                let body = Ok(body);
                let identity = crate::slot_identity::slot_identity(&body, &raw_json);
                IncomingItem { device_seq: *seq, body, identity, raw_json }
            })
            .collect();
        db.apply_push(&pusher, &items, &[], &Thresholds::default()).unwrap();
    }

    /// 70 orders (a full list of 64 and a padded one of 6), each with its
    /// own mix: events from its crew and, for some, one from another crew
    /// (kept, not counted), a photo, a repeat call, a reassignment.
    fn fill(db: &dyn Database) -> Vec<OrderId> {
        let start = Utc::now() - Duration::hours(2);
        let (ours, theirs) = (DeviceId::new(), DeviceId::new());
        let (mut our_seq, mut their_seq) = (0, 0);
        let mut ids = Vec::new();
        for i in 0..70 {
            let mut order = fieldcrew_domain::demo::demo_orders(start).remove(0);
            order.id = OrderId::new();
            order.number = format!("T{i:03}");
            order.assigned_crew = Some("CREW-1".into());
            order.reported_at = start + Duration::seconds(i);
            db.create_order(&order).unwrap();
            let mut chain: Vec<FieldEvent> = Vec::new();
            for kind in [EventKind::Acknowledged, EventKind::Departed, EventKind::Arrived]
                .into_iter()
                .take(i as usize % 4)
            {
                chain.push(event(ours, order.id, kind, chain.last()));
            }
            push(db, "CREW-1", ours, &mut our_seq, &chain);
            if i % 5 == 0 {
                push(
                    db,
                    "CREW-9",
                    theirs,
                    &mut their_seq,
                    &[event(theirs, order.id, EventKind::Acknowledged, None)],
                );
            }
            if i % 3 == 0 {
                let media = StoredMedia {
                    id: MediaId::new(),
                    order_id: Some(order.id),
                    sha256: "0".repeat(64),
                    size: 10,
                    mime: "image/jpeg".into(),
                    kind: "photo".into(),
                    offset: 0,
                    present: false,
                };
                db.create_upload(&media, ours).unwrap().unwrap();
            }
            if i % 2 == 0 {
                db.set_taken_by(order.id, "王调度").unwrap();
                let follow_up = FollowUp {
                    id: uuid::Uuid::now_v7(),
                    order_id: order.id,
                    caller_name: "张三".into(),
                    caller_phone: "13800000000".into(),
                    content: format!("还没来 {i}"),
                    received_at: start + Duration::minutes(i),
                    taken_by: "王调度".into(),
                };
                assert!(db.add_follow_up(&follow_up).unwrap());
            }
            if i % 7 == 0 {
                db.assign_order_by(order.id, "CREW-2", start + Duration::minutes(5), Some("王调度"))
                    .unwrap()
                    .unwrap();
            }
            ids.push(order.id);
        }
        ids
    }

    fn orders_by_lists_are_each_order_as_read_alone(db: &dyn Database) {
        let ids = fill(db);
        let mut asked = ids.clone();
        asked.rotate_left(17);
        asked.insert(3, OrderId::new()); // unknown: left out
        asked.push(asked[10]); // asked twice: once
        let all = db.orders(&asked).unwrap();
        let numbers: Vec<String> = all.iter().map(|o| o.order.number.clone()).collect();
        let mut expected: Vec<OrderId> = ids.clone();
        expected.rotate_left(17);
        assert_eq!(all.iter().map(|o| o.order.id).collect::<Vec<_>>(), expected, "{numbers:?}");
        for (i, id) in ids.iter().enumerate() {
            let alone = db.order(*id).unwrap().unwrap();
            let listed = all.iter().find(|o| o.order.id == *id).unwrap();
            assert_eq!(listed, &alone, "order {i}");
            let counted = listed.events.iter().filter(|e| e.counted).count();
            assert_eq!(counted, i % 4, "order {i}'s own events");
            assert_eq!(listed.events.len() - counted, usize::from(i % 5 == 0), "another crew's event, kept");
            assert_eq!(listed.media.len(), usize::from(i % 3 == 0));
            assert_eq!(listed.record.follow_ups.len(), usize::from(i % 2 == 0));
            assert_eq!(listed.record.taken_by.is_some(), i % 2 == 0);
            assert_eq!(listed.record.assignments.len(), 1 + usize::from(i % 7 == 0));
            assert_eq!(listed.record.assignments[0].crew_code, "CREW-1", "oldest first");
        }
        assert!(db.orders(&[]).unwrap().is_empty());
        assert!(db.orders(&[OrderId::new()]).unwrap().is_empty());
    }

    #[test]
    fn seventy_orders_read_by_lists_are_each_order_as_read_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = SqlDatabase::open_sqlite(&dir.path().join("db.sqlite3")).unwrap();
        orders_by_lists_are_each_order_as_read_alone(&db);
    }

    #[test]
    fn seventy_orders_read_by_lists_are_each_order_as_read_alone_on_postgres() {
        let Some(scratch) = ScratchDatabase::create() else {
            eprintln!("skipped: FIELDCREW_TEST_DATABASE_URL is not set (scripts/postgres.sh prints one)");
            return;
        };
        let db = SqlDatabase::with_backend(Box::new(PostgresBackend::open(&scratch.url).unwrap()));
        orders_by_lists_are_each_order_as_read_alone(&db);
    }
}
