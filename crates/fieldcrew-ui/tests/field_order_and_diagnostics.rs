//! Meter staff create an order on the spot, offline; support gets a
//! diagnostics bundle without customer data.

use chrono::Utc;
use fieldcrew_core::Fix;
use fieldcrew_core::Store;
use fieldcrew_core::order::{EquipmentKind, OrderSource};
use fieldcrew_core::store::OutboxKind;
use fieldcrew_ui::screens::new_order::NewOrderForm;

fn form() -> NewOrderForm {
    NewOrderForm {
        customer_name: " 王秀英 ".into(),
        customer_phone: "13900001111".into(),
        village_or_street: "青山村五组".into(),
        house_number: "8号".into(),
        fault: "表计黑屏".into(),
        use_fix: true,
        ..Default::default()
    }
}

#[test]
fn an_order_created_on_the_spot_is_stored_and_queued_with_its_own_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let fix = Fix { lat: 30.1, lon: 114.2, accuracy_m: 9.0, mock: false };
    let order = form().to_order(Some("CREW-1".into()), Some(fix), Utc::now());
    assert_eq!(order.source, OrderSource::Field);
    assert_eq!(order.equipment, EquipmentKind::Meter);
    assert_eq!(order.reporter_name, "王秀英");
    assert!(order.number.starts_with("FD-"));
    assert_eq!(order.site.map(|s| (s.lat, s.lon)), Some((30.1, 114.2)));
    store.create_field_order(&order).unwrap();
    let queued = store.outbox_pending(10).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, OutboxKind::Order);
    assert_eq!(queued[0].order_id, Some(order.id));
}

#[test]
fn the_form_needs_an_address_and_a_fault_and_the_site_only_when_asked() {
    assert!(form().is_complete());
    assert!(!NewOrderForm { fault: " ".into(), ..form() }.is_complete());
    assert!(!NewOrderForm { village_or_street: String::new(), ..form() }.is_complete());
    let fix = Fix { lat: 30.1, lon: 114.2, accuracy_m: 9.0, mock: false };
    assert_eq!(NewOrderForm { use_fix: false, ..form() }.to_order(None, Some(fix), Utc::now()).site, None);
}

#[test]
fn the_diagnostics_bundle_describes_the_phone_without_customer_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.create_field_order(&form().to_order(None, None, Utc::now())).unwrap();
    let path = fieldcrew_ui::diagnostics::export(&store, Some("http://127.0.0.1:8080")).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["orders"], 1);
    assert_eq!(json["outbox_waiting"], 1);
    assert_eq!(json["integrity"], "ok");
    assert_eq!(json["device_id"], store.device_id().to_string());
    for private in ["王秀英", "13900001111", "青山村"] {
        assert!(!text.contains(private), "{private} leaked into diagnostics");
    }
}

#[test]
fn an_order_made_at_the_meter_starts_on_site_without_asking_for_acknowledge_depart_arrive() {
    use fieldcrew_core::clock::SystemClock;
    use fieldcrew_core::event::EventType;
    use fieldcrew_core::lifecycle::{RuleContext, Status};
    use fieldcrew_ui::Lang;
    use fieldcrew_ui::evidence::Recorder;
    use fieldcrew_ui::location::Located;

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let recorder = Recorder { member: "李师傅", clock: &SystemClock, strings: Lang::ZhCn.strings() };
    let here = Located { fix: Fix { lat: 30.1, lon: 114.2, accuracy_m: 9.0, mock: false }, at: Utc::now() };
    let order = form().to_order(Some("CREW-1".into()), Some(here.fix), Utc::now());
    let id = recorder.create_on_the_spot(&mut store, order, Some(here)).unwrap();

    let row = store.order(id).unwrap().unwrap();
    assert_eq!(row.state.status(), Status::OnSite);
    let rules = RuleContext {
        order: &row.order,
        state: &row.state,
        checklist: store.checklist(),
        completion_photo_required: false,
    };
    let offered = rules.allowed_now();
    for step in [EventType::Acknowledged, EventType::Departed, EventType::Arrived] {
        assert!(!offered.contains(&step), "{step:?} offered on an order made on site");
    }
    assert_eq!(
        store.outbox_pending(10).unwrap().len(),
        2,
        "the order, then its arrival, queued in that order"
    );
}
