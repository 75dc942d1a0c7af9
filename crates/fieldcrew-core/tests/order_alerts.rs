//! A new or changed order alerts the crew until they open it, and queues
//! the receipts the dispatcher sees (已送达, 已查看), once each.

mod common;

use common::*;
use fieldcrew_core::clock::SystemClock;
use fieldcrew_core::store::{AlertReason, PulledChange, Removal};

#[test]
fn a_new_order_alerts_until_opened_and_a_replayed_page_alerts_nothing() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    let page = [PulledChange::Upsert(order.clone())];
    store.apply_pull_page_received(&page, 1, Some(&SystemClock)).unwrap();
    let alerts = store.unseen_alerts().unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!((alerts[0].order_id, alerts[0].reason), (order.id, AlertReason::New));
    let receipts = store.pending_receipts(10).unwrap();
    assert_eq!(receipts.iter().map(|r| r.stage).collect::<Vec<_>>(), ["delivered"]);

    store.mark_order_seen(order.id, &SystemClock).unwrap();
    assert!(store.unseen_alerts().unwrap().is_empty());
    store.apply_pull_page_received(&page, 1, Some(&SystemClock)).unwrap();
    assert!(store.unseen_alerts().unwrap().is_empty(), "the same order again is not news");

    store.mark_order_seen(order.id, &SystemClock).unwrap();
    let stages: Vec<_> = store.pending_receipts(10).unwrap().into_iter().map(|r| r.stage).collect();
    assert_eq!(stages, ["delivered", "seen"], "each receipt once");
}

#[test]
fn a_changed_order_alerts_again_and_one_assigned_back_is_new_again() {
    let (_dir, mut store) = open_store();
    let mut order = meter_order();
    store.apply_pull_page_received(&[PulledChange::Upsert(order.clone())], 1, Some(&SystemClock)).unwrap();
    store.mark_order_seen(order.id, &SystemClock).unwrap();

    order.fault_description = "表箱冒烟".into();
    store.apply_pull_page_received(&[PulledChange::Upsert(order.clone())], 2, Some(&SystemClock)).unwrap();
    assert_eq!(store.unseen_alerts().unwrap()[0].reason, AlertReason::Changed);

    let gone = PulledChange::Removed { order_id: order.id, reason: Removal::Reassigned };
    store.apply_pull_page_received(&[gone], 3, Some(&SystemClock)).unwrap();
    assert!(store.unseen_alerts().unwrap().is_empty(), "a removed order is the notice's business");
    store.apply_pull_page_received(&[PulledChange::Upsert(order.clone())], 4, Some(&SystemClock)).unwrap();
    assert_eq!(store.unseen_alerts().unwrap()[0].reason, AlertReason::New);
}
