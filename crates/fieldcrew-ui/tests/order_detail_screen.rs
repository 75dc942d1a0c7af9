//! The order screen in each state a crew meets: just arrived at the list,
//! on site, far from the site, removed by dispatch, at cleanup time, and
//! after a step recorded past its deadline (asking for the reason).

use chrono::{Duration, Utc};
use dioxus::prelude::*;
use fieldcrew_core::checklist::standard_items;
use fieldcrew_core::event::{EventKind, EventType, Evidence};
use fieldcrew_core::store::{OrderRow, Removal};
use fieldcrew_core::{Fix, Thresholds, demo};
use fieldcrew_ui::Lang;
use fieldcrew_ui::location::Located;
use fieldcrew_ui::location::NoFix;
use fieldcrew_ui::screens::order_detail::{FixState, OrderDetail, OrderDetailProps, PendingStep};

fn row() -> OrderRow {
    let order = demo::demo_orders(Utc::now()).remove(0);
    OrderRow { order, state: Default::default(), unsynced: 0, removed: None }
}

/// Handlers can only be made inside a Dioxus runtime: wrap the screen.
#[component]
fn Screen(row: OrderRow, fix: FixState, lang: Lang, held: Held) -> Element {
    // The app's root provides the crew's language; here the test does.
    use_context_provider(|| Signal::new(lang));
    let props = OrderDetailProps {
        now: Utc::now(),
        confirming: held.confirming,
        pending: held.pending,
        on_confirm: EventHandler::new(|_| {}),
        on_cancel_step: EventHandler::new(|_| {}),
        on_record_without_fix: EventHandler::new(|_| {}),
        row,
        events: vec![],
        fix,
        limits: Thresholds::default(),
        contact: Default::default(),
        checklist: standard_items(),
        message: None,
        on_back: EventHandler::new(|_| {}),
        on_record: EventHandler::new(|_| {}),
        on_meter_damage: EventHandler::new(|_| {}),
        on_customer_sign: EventHandler::new(|_| {}),
        close_out: Default::default(),
        on_completion_photo: EventHandler::new(|_| {}),
        photo_busy: false,
    };
    OrderDetail(props)
}

/// A step held on the screen: waiting for confirmation or for a fix.
#[derive(Clone, Default, PartialEq)]
struct Held {
    confirming: Option<EventType>,
    pending: Option<PendingStep>,
}

fn render(row: OrderRow, fix: FixState, lang: Lang) -> String {
    render_held(row, fix, lang, Held::default())
}

fn render_held(row: OrderRow, fix: FixState, lang: Lang, held: Held) -> String {
    let mut dom = VirtualDom::new_with_props(Screen, ScreenProps { row, fix, lang, held });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

fn on_site(mut row: OrderRow) -> OrderRow {
    let evidence = Evidence {
        device_time: Utc::now(),
        monotonic_ms: 1,
        boot_id: "b".into(),
        gnss_time: None,
        fix: None,
    };
    let event = fieldcrew_core::FieldEvent::seal(
        row.order.id,
        EventKind::Arrived,
        evidence,
        "李师傅".into(),
        fieldcrew_core::DeviceId::new(),
        None,
    );
    row.state.apply(&event);
    row
}

#[test]
fn a_new_order_offers_arrival_with_a_call_link_and_a_warming_gps() {
    let html = render(row(), FixState::Waiting, Lang::ZhCn);
    assert!(html.contains("到达现场"));
    assert!(html.contains("正在定位"));
    assert!(html.contains("href=\"tel:13800001000\""));
    assert!(html.contains("geo:"));
    assert!(!html.contains("已送电（恢复供电）"), "restoration needs arrival first");
}

#[test]
fn on_site_the_crew_can_restore_report_or_escalate_but_not_arrive_again() {
    let html = render(on_site(row()), FixState::Waiting, Lang::ZhCn);
    assert!(html.contains("已送电（恢复供电）"));
    assert!(html.contains("现场汇报"));
    assert!(html.contains("上报升级"));
    assert!(!html.contains(">到达现场<"));
    assert!(html.contains("现场清理检查"), "the checklist is offered on site");
}

#[test]
fn a_meter_order_asks_for_the_seal_number_in_the_checklist() {
    let html = render(on_site(row()), FixState::Waiting, Lang::ZhCn);
    assert!(html.contains("封印号"));
    assert_eq!(html.matches("class=\"check-row\"").count(), 8, "eight items");
    assert_eq!(html.matches("不涉及").count(), 2, "borrowed items and damaged property may not apply");
    assert_eq!(html.matches("type=\"checkbox\"").count(), 10);
    assert!(
        html.contains("还差：安全标志和围栏已拆除、"),
        "the finish button's reason is spelled out: {html}"
    );
}

#[test]
fn a_fix_far_from_the_site_warns_before_arrival() {
    let site = row().order.site.unwrap();
    let far = Fix { lat: site.lat + 0.01, lon: site.lon, accuracy_m: 12.0, mock: false };
    let html = render(row(), FixState::Got(Located { fix: far, at: chrono::Utc::now() }), Lang::ZhCn);
    assert!(html.contains("位置离现场较远"), "{html}");
    assert!(html.contains("距现场 1112 米"));
}

#[test]
fn without_gps_the_screen_says_only_the_time_will_be_recorded() {
    let html = render(row(), FixState::Missing(NoFix::Denied), Lang::En);
    assert!(html.contains("Location permission denied"));
    assert!(html.contains("only the time will be recorded"));
}

#[test]
fn an_order_taken_away_by_dispatch_is_read_only() {
    let mut removed = on_site(row());
    removed.removed = Some(Removal::Reassigned);
    let html = render(removed, FixState::Waiting, Lang::ZhCn);
    assert!(html.contains("仅可查看"));
    assert!(!html.contains("<button class=\"action"), "no action buttons");
}

/// An urban order (45 minutes to arrive) the crew reached after `minutes`:
/// late ones ask for the reason a deadline was missed.
fn arrived_after(minutes: i64) -> OrderRow {
    let mut row = row();
    row.order.area = fieldcrew_core::order::AreaClass::Urban;
    row.state.arrived_at = Some(row.order.reported_at + Duration::minutes(minutes));
    row
}

#[test]
fn a_late_arrival_without_a_reason_asks_for_one_with_the_common_reasons() {
    let html = render(arrived_after(60), FixState::Waiting, Lang::ZhCn);
    assert!(html.contains("到达超时，请说明原因"));
    for reason in ["路途远", "交通受阻", "天气恶劣", "同时处理多张工单", "地址不准确", "其他"]
    {
        assert!(html.contains(reason), "{reason} offered");
    }
    let en = render(arrived_after(60), FixState::Waiting, Lang::En);
    assert!(en.contains("Arrived late — give the reason"));
}

#[test]
fn an_arrival_on_time_asks_nothing() {
    let html = render(arrived_after(30), FixState::Waiting, Lang::ZhCn);
    assert!(!html.contains("超时"), "{html}");
}

#[test]
fn once_explained_the_reason_shows_instead_of_the_prompt() {
    let mut row = arrived_after(60);
    row.state.arrival_late_reason = Some("交通受阻".into());
    let html = render(row, FixState::Waiting, Lang::ZhCn);
    assert!(!html.contains("请说明原因"));
    assert!(html.contains("到达超时原因：交通受阻"));
}

#[test]
fn a_late_restoration_asks_separately_from_an_explained_arrival() {
    let mut row = arrived_after(60);
    row.state.arrival_late_reason = Some("路途远".into());
    row.state.restored_at = Some(row.order.reported_at + Duration::days(5));
    let html = render(row, FixState::Waiting, Lang::ZhCn);
    assert!(html.contains("送电超时，请说明原因"));
    assert!(!html.contains("到达超时，请说明原因"));
}

#[test]
fn an_order_removed_by_dispatch_asks_nothing() {
    let mut row = arrived_after(60);
    row.removed = Some(Removal::Reassigned);
    let html = render(row, FixState::Waiting, Lang::ZhCn);
    assert!(!html.contains("请说明原因"));
}

#[test]
fn restoring_power_asks_for_confirmation_and_says_it_can_only_be_corrected() {
    let held = Held { confirming: Some(EventType::Restored), pending: None };
    let html = render_held(on_site(row()), FixState::Waiting, Lang::ZhCn, held);
    assert!(html.contains("确认已送电？"), "{html}");
    assert!(html.contains("只能更正，不能删除"));
    assert!(html.contains("确认 · 已送电"));
    assert!(html.contains("取消"));
}

#[test]
fn a_step_waiting_for_a_fix_counts_down_and_offers_to_record_without_position() {
    let pending = PendingStep { step: EventType::Arrived, tapped_at: Utc::now() - Duration::seconds(12) };
    let html =
        render_held(row(), FixState::Waiting, Lang::ZhCn, Held { confirming: None, pending: Some(pending) });
    assert!(html.contains("最多再等 18 秒"), "{html}");
    assert!(html.contains("不等定位，直接记录（无定位）"));
    let late = PendingStep { step: EventType::Arrived, tapped_at: Utc::now() - Duration::seconds(45) };
    let html =
        render_held(row(), FixState::Waiting, Lang::En, Held { confirming: None, pending: Some(late) });
    assert!(html.contains("No current position yet"), "{html}");
    assert!(html.contains("Record without position"));
}

#[test]
fn the_fix_shows_its_age() {
    let site = row().order.site.unwrap();
    let fix = Fix { lat: site.lat, lon: site.lon, accuracy_m: 7.0, mock: false };
    let located = Located { fix, at: Utc::now() - Duration::seconds(5) };
    let html = render(row(), FixState::Got(located), Lang::ZhCn);
    assert!(html.contains("5 秒前定位"), "{html}");
}

#[test]
fn a_recorded_arrival_can_be_corrected_with_a_reason() {
    let html = render(on_site(row()), FixState::Waiting, Lang::ZhCn);
    assert!(html.contains("更正误记的步骤"), "{html}");
    assert!(html.contains("撤销 · 到达现场"));
    assert!(
        !render(row(), FixState::Waiting, Lang::ZhCn).contains("更正误记的步骤"),
        "nothing to correct yet"
    );
}

#[test]
fn once_power_is_back_the_crew_can_text_the_customer_and_leave_the_station_number() {
    let before = render(on_site(row()), FixState::Waiting, Lang::ZhCn);
    assert!(!before.contains("短信告知客户已送电"), "nothing to tell before restoration");
    let mut restored = on_site(row());
    restored.state.restored_at = Some(Utc::now());
    let html = render(restored, FixState::Waiting, Lang::ZhCn);
    assert!(html.contains("短信告知客户已送电"));
    assert!(html.contains("href=\"sms:13800001000?body="), "to the reporter's phone");
    assert!(html.contains("留给客户的联系电话"));
    assert!(html.contains("href=\"tel:95598\""), "the default until the station sets its own");
}
