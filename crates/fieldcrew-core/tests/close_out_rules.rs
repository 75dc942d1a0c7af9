//! Close-out on the phone's real store: materials are counted once power is
//! back and corrected later (even after closing), a bad list is refused, a
//! completion photo must be a stored photo of this order, and 结单 waits for
//! one only when the station says so.

mod common;

use common::{all_ticked, evidence, open_store, order, photo};
use fieldcrew_core::close_out::{CloseOutSettings, MaterialUse, MaterialsProblem, default_materials};
use fieldcrew_core::event::{EventKind, PhotoRef};
use fieldcrew_core::order::{AreaClass, EquipmentKind};
use fieldcrew_core::store::Store;
use fieldcrew_core::{MediaId, RecordError, RuleViolation};

fn line_order() -> fieldcrew_core::WorkOrder {
    order(EquipmentKind::Line, AreaClass::Rural, common::friday_morning_utc())
}

fn record(store: &mut Store, id: fieldcrew_core::OrderId, kind: EventKind) -> Result<(), RecordError> {
    store.record(id, kind, "李师傅", evidence()).map(|_| ())
}

fn uses(pairs: &[(&str, u32)]) -> Vec<MaterialUse> {
    let list = default_materials();
    pairs
        .iter()
        .map(|(code, n)| MaterialUse::of(list.iter().find(|m| m.code == *code).unwrap(), *n))
        .collect()
}

#[test]
fn materials_wait_for_power_back_and_the_latest_record_counts_even_after_closing() {
    let (_dir, mut store) = open_store();
    let o = line_order();
    store.upsert_order(&o).unwrap();
    record(&mut store, o.id, EventKind::Arrived).unwrap();
    let early = record(&mut store, o.id, EventKind::MaterialsUsed { items: uses(&[("RS", 2)]) });
    assert!(matches!(early, Err(RecordError::Rule(RuleViolation::NotRestoredOrEscalated))), "{early:?}");

    record(&mut store, o.id, EventKind::Restored).unwrap();
    record(&mut store, o.id, EventKind::MaterialsUsed { items: uses(&[("RS", 3), ("JHX", 15)]) }).unwrap();
    record(&mut store, o.id, all_ticked(false)).unwrap();
    record(&mut store, o.id, EventKind::Closed).unwrap();
    // The store's slip says two fuses: corrected after closing.
    record(&mut store, o.id, EventKind::MaterialsUsed { items: uses(&[("RS", 2), ("JHX", 15)]) }).unwrap();
    let state = store.order(o.id).unwrap().unwrap().state;
    assert_eq!(state.materials, Some(uses(&[("RS", 2), ("JHX", 15)])));
    assert_eq!(store.outbox_len().unwrap(), 6, "every record queued for the server, the correction too");
}

#[test]
fn a_list_with_a_zero_a_duplicate_or_too_many_is_refused_and_nothing_is_stored() {
    let (_dir, mut store) = open_store();
    let o = line_order();
    store.upsert_order(&o).unwrap();
    record(&mut store, o.id, EventKind::Arrived).unwrap();
    record(&mut store, o.id, EventKind::Restored).unwrap();
    let before = store.outbox_len().unwrap();
    for (items, problem) in [
        (uses(&[("RS", 0)]), MaterialsProblem::ZeroQuantity("RS".into())),
        (uses(&[("RS", 1), ("RS", 2)]), MaterialsProblem::Duplicate("RS".into())),
        (uses(&[("BLV-10", 1000)]), MaterialsProblem::TooMany("BLV-10".into())),
    ] {
        let refused = record(&mut store, o.id, EventKind::MaterialsUsed { items });
        assert_eq!(
            refused.unwrap_err().to_string(),
            RecordError::Rule(RuleViolation::MaterialsInvalid(problem)).to_string()
        );
    }
    assert_eq!(store.outbox_len().unwrap(), before);
    assert_eq!(store.order(o.id).unwrap().unwrap().state.materials, None);
}

#[test]
fn a_completion_photo_must_be_a_stored_photo_of_this_order() {
    let (_dir, mut store) = open_store();
    let (o, other) = (line_order(), line_order());
    store.upsert_order(&o).unwrap();
    store.upsert_order(&other).unwrap();
    record(&mut store, o.id, EventKind::Arrived).unwrap();
    record(&mut store, o.id, EventKind::Restored).unwrap();
    let unknown = PhotoRef { media: MediaId::new(), sha256: "00".into() };
    assert!(matches!(
        record(&mut store, o.id, EventKind::CompletionPhoto { photo: unknown }),
        Err(RecordError::UnknownMedia(_))
    ));
    let elsewhere = photo(&mut store, other.id, 7);
    assert!(matches!(
        record(&mut store, o.id, EventKind::CompletionPhoto { photo: elsewhere }),
        Err(RecordError::MediaHashMismatch(_))
    ));
    let ours = photo(&mut store, o.id, 8);
    record(&mut store, o.id, EventKind::CompletionPhoto { photo: ours.clone() }).unwrap();
    assert_eq!(store.order(o.id).unwrap().unwrap().state.completion_photos, [ours.sha256]);
}

#[test]
fn closing_waits_for_a_completion_photo_only_where_the_station_requires_one() {
    for required in [false, true] {
        let (_dir, mut store) = open_store();
        let mut station = store.station_settings();
        station.close_out = CloseOutSettings { completion_photo_required: required, ..Default::default() };
        store.set_station(&station).unwrap();
        let o = line_order();
        store.upsert_order(&o).unwrap();
        for kind in [EventKind::Arrived, EventKind::Restored, all_ticked(false)] {
            record(&mut store, o.id, kind).unwrap();
        }
        let closed = record(&mut store, o.id, EventKind::Closed);
        if !required {
            assert!(closed.is_ok(), "asked for, not required: {closed:?}");
            continue;
        }
        assert!(
            matches!(closed, Err(RecordError::Rule(RuleViolation::CompletionPhotoMissing))),
            "{closed:?}"
        );
        let shot = photo(&mut store, o.id, 9);
        record(&mut store, o.id, EventKind::CompletionPhoto { photo: shot }).unwrap();
        record(&mut store, o.id, EventKind::Closed).unwrap();
    }
}
