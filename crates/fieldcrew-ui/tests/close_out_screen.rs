//! The order screen once power is back: the materials stepper, the
//! completion photo with its warning, and the same with the station's
//! completion-photo rule on; and the planned outages list and banner.

use chrono::{Duration, Utc};
use dioxus::prelude::*;
use fieldcrew_core::checklist::standard_items;
use fieldcrew_core::close_out::{CloseOutSettings, MaterialUse, default_materials};
use fieldcrew_core::event::{EventKind, Evidence, PhotoRef};
use fieldcrew_core::store::{CrewOutage, OrderRow};
use fieldcrew_core::{MediaId, Thresholds, demo};
use fieldcrew_ui::Lang;
use fieldcrew_ui::screens::order_detail::{FixState, OrderDetail, OrderDetailProps};
use fieldcrew_ui::screens::planned_outages::{
    OutageBanner, OutageBannerProps, PlannedOutages, PlannedOutagesProps,
};

fn apply(row: &mut OrderRow, kind: EventKind) {
    let evidence = Evidence {
        device_time: Utc::now(),
        monotonic_ms: 1,
        boot_id: "b".into(),
        gnss_time: None,
        fix: None,
    };
    let event = fieldcrew_core::FieldEvent::seal(
        row.order.id,
        kind,
        evidence,
        "李师傅".into(),
        fieldcrew_core::DeviceId::new(),
        row.state.last_hash.clone(),
    );
    row.state.apply(&event);
}

fn restored() -> OrderRow {
    let order = demo::demo_orders(Utc::now()).remove(0);
    let mut row = OrderRow { order, state: Default::default(), unsynced: 0, removed: None };
    apply(&mut row, EventKind::Arrived);
    apply(&mut row, EventKind::Restored);
    row
}

#[component]
fn Screen(row: OrderRow, close_out: CloseOutSettings, lang: Lang) -> Element {
    // The app's root provides the crew's language; here the test does.
    use_context_provider(|| Signal::new(lang));
    OrderDetail(OrderDetailProps {
        now: Utc::now(),
        confirming: None,
        pending: None,
        on_confirm: EventHandler::new(|_| {}),
        on_cancel_step: EventHandler::new(|_| {}),
        on_record_without_fix: EventHandler::new(|_| {}),
        row,
        events: vec![],
        fix: FixState::Waiting,
        limits: Thresholds::default(),
        contact: Default::default(),
        checklist: standard_items(),
        message: None,
        on_back: EventHandler::new(|_| {}),
        on_record: EventHandler::new(|_| {}),
        on_meter_damage: EventHandler::new(|_| {}),
        on_customer_sign: EventHandler::new(|_| {}),
        close_out,
        on_completion_photo: EventHandler::new(|_| {}),
        photo_busy: false,
    })
}

fn render(row: OrderRow, close_out: CloseOutSettings, lang: Lang) -> String {
    let mut dom = VirtualDom::new_with_props(Screen, ScreenProps { row, close_out, lang });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn after_restoration_the_crew_counts_materials_with_big_steppers_and_is_asked_for_a_photo() {
    let html = render(restored(), CloseOutSettings::default(), Lang::ZhCn);
    assert!(html.contains("材料使用") && html.contains("还未记录材料"), "{html}");
    for m in default_materials() {
        assert!(html.contains(&format!("data-code=\"{}\"", m.code)), "{} has a stepper", m.code);
    }
    assert!(html.contains("stepper plus") && html.contains("stepper minus"));
    assert!(html.contains("保存材料"));
    let save = &html[html.find("save-materials").unwrap()..];
    let save = &save[..save.find('>').unwrap()];
    assert!(save.contains("disabled"), "nothing counted, nothing to save (one stray tap): {save}");
    assert!(html.contains("未拍完工照片") && html.contains("拍摄完工照片"), "{html}");
    assert!(!html.contains("本所要求"), "not required by default");
}

#[test]
fn before_restoration_there_is_no_close_out_yet() {
    let order = demo::demo_orders(Utc::now()).remove(0);
    let mut row = OrderRow { order, state: Default::default(), unsynced: 0, removed: None };
    apply(&mut row, EventKind::Arrived);
    let html = render(row, CloseOutSettings::default(), Lang::ZhCn);
    assert!(!html.contains("材料使用") && !html.contains("完工照片"), "{html}");
}

#[test]
fn recorded_materials_and_a_photo_show_and_the_save_becomes_a_correction() {
    let mut row = restored();
    let list = default_materials();
    let fuse = list.iter().find(|m| m.code == "RS").unwrap();
    apply(&mut row, EventKind::MaterialsUsed { items: vec![MaterialUse::of(fuse, 2)] });
    apply(
        &mut row,
        EventKind::CompletionPhoto { photo: PhotoRef { media: MediaId::new(), sha256: "ab".into() } },
    );
    let html = render(row, CloseOutSettings::default(), Lang::ZhCn);
    assert!(html.contains("已记录材料：熔丝 2只"), "{html}");
    assert!(html.contains("更正材料"));
    assert!(html.contains("已拍 1 张") && !html.contains("未拍完工照片"), "{html}");
}

#[test]
fn a_station_that_requires_the_photo_says_so_before_closing() {
    let settings = CloseOutSettings { completion_photo_required: true, ..Default::default() };
    let html = render(restored(), settings, Lang::En);
    assert!(html.contains("The station requires a completion photo before closing"), "{html}");
}

fn outage(starts_in_h: i64) -> CrewOutage {
    let now = Utc::now();
    CrewOutage {
        id: "o-1".into(),
        area: "10kV东湖线".into(),
        villages: vec!["东湖村".into(), "西湖村".into()],
        starts_at: now + Duration::hours(starts_in_h),
        ends_at: now + Duration::hours(starts_in_h + 2),
        reason: "线路检修".into(),
    }
}

#[component]
fn List(outages: Vec<CrewOutage>) -> Element {
    PlannedOutages(PlannedOutagesProps { outages, now: Utc::now(), on_back: EventHandler::new(|_| {}) })
}

#[component]
fn Banner(outages: Vec<CrewOutage>) -> Element {
    OutageBanner(OutageBannerProps { outages, now: Utc::now(), on_open: EventHandler::new(|_| {}) })
}

#[test]
fn the_outage_list_shows_area_villages_times_and_reason() {
    let mut dom = VirtualDom::new_with_props(List, ListProps { outages: vec![outage(-1)] });
    dom.rebuild_in_place();
    let html = dioxus_ssr::render(&dom);
    assert!(
        html.contains("10kV东湖线") && html.contains("东湖村、西湖村") && html.contains("线路检修"),
        "{html}"
    );
    assert!(html.contains("正在停电") && html.contains(" 至 "), "{html}");
}

#[test]
fn the_banner_shows_only_on_a_day_with_an_outage() {
    let banner = |outages: Vec<CrewOutage>| {
        let mut dom = VirtualDom::new_with_props(Banner, BannerProps { outages });
        dom.rebuild_in_place();
        dioxus_ssr::render(&dom)
    };
    assert!(banner(vec![outage(0)]).contains("今日有计划停电"));
    assert!(!banner(vec![outage(24 * 3)]).contains("今日有计划停电"), "in three days: not today");
    assert!(!banner(vec![]).contains("今日有计划停电"));
}

#[test]
fn english_steppers_name_the_material_and_its_unit_in_english() {
    let html = render(restored(), CloseOutSettings::default(), Lang::En);
    let stepper = |code: &str| {
        let row = &html[html.find(&format!("data-code=\"{code}\"")).unwrap()..];
        row[..row.find("</li>").unwrap()].to_string()
    };
    let wire = stepper("BLV-10");
    assert!(wire.contains("Insulated wire BLV-10") && wire.contains(">m<"), "{wire}");
    let tape = stepper("JYJD");
    assert!(tape.contains(">rolls<") && !tape.contains('卷'), "{tape}");
    // Chinese screens keep the station's own units.
    let zh = render(restored(), CloseOutSettings::default(), Lang::ZhCn);
    assert!(zh.contains(">米<") && zh.contains(">卷<"), "{zh}");
}
