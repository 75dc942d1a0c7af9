//! The order list as a crew sees it, rendered through a real VirtualDom to
//! HTML: empty, demo, breached SLA, unsynced badge, language switch, error.

use chrono::{Duration, Utc};
use dioxus::prelude::*;
use fieldcrew_core::event::{EventKind, Evidence};
use fieldcrew_core::{Store, demo};
use fieldcrew_ui::camera::{CameraError, FixedCamera};
use fieldcrew_ui::location::{FixedLocator, NoFix};
use fieldcrew_ui::{App, AppContext};
use std::cell::RefCell;
use std::rc::Rc;

fn render(ctx: AppContext) -> String {
    let mut dom = VirtualDom::new(App).with_root_context(ctx);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

fn with_store(fill: impl FnOnce(&mut Store)) -> (tempfile::TempDir, AppContext) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    fill(&mut store);
    (
        dir,
        AppContext {
            store: Ok(Rc::new(RefCell::new(store))),
            demo: false,
            sync: None,
            locator: Rc::new(FixedLocator(Err(NoFix::Unavailable("test".into())))),
            camera: Rc::new(FixedCamera(Err(CameraError::Cancelled))),
            member: "李师傅".into(),
            crew: None,
            server: None,
            auto_pair: false,
        },
    )
}

#[test]
fn an_empty_phone_says_there_are_no_orders_in_chinese() {
    let (_dir, ctx) = with_store(|_| {});
    let html = render(ctx);
    assert!(html.contains("暂无工单"), "{html}");
    assert!(html.contains("lang=\"zh-CN\""));
}

#[test]
fn demo_orders_are_listed_with_a_demo_banner() {
    let (_dir, mut ctx) = with_store(|store| {
        for order in demo::demo_orders(Utc::now()) {
            store.upsert_order(&order).unwrap();
        }
    });
    ctx.demo = true;
    let html = render(ctx);
    assert!(html.contains("演示数据"));
    assert_eq!(html.matches("class=\"order-card\"").count(), 10);
    assert!(html.contains("东湖村三组12号"));
}

#[test]
fn a_breached_arrival_is_red_and_listed_before_orders_with_time_left() {
    let (_dir, ctx) = with_store(|store| {
        let mut orders = demo::demo_orders(Utc::now());
        orders.truncate(2);
        orders[0].reported_at = Utc::now() - Duration::minutes(5);
        orders[0].number = "FRESH".into();
        orders[1].reported_at = Utc::now() - Duration::minutes(200);
        orders[1].number = "LATE".into();
        for order in &orders {
            store.upsert_order(order).unwrap();
        }
    });
    let html = render(ctx);
    assert!(html.contains("sla breached"));
    assert!(html.contains("已超时"));
    assert!(html.find("LATE").unwrap() < html.find("FRESH").unwrap(), "most urgent first");
}

#[test]
fn an_order_with_unsent_events_shows_the_not_synced_badge() {
    let (_dir, ctx) = with_store(|store| {
        let order = demo::demo_orders(Utc::now()).remove(0);
        store.upsert_order(&order).unwrap();
        let evidence = Evidence {
            device_time: Utc::now(),
            monotonic_ms: 1,
            boot_id: "b".into(),
            gnss_time: None,
            fix: None,
        };
        store.record(order.id, EventKind::Arrived, "李师傅", evidence).unwrap();
    });
    let html = render(ctx);
    assert!(html.contains("1 条未同步"), "{html}");
    assert!(html.contains("已到达"));
    assert!(html.contains("恢复时限"));
}

#[test]
fn a_store_that_cannot_open_is_shown_as_an_error_not_an_empty_list() {
    let html = render(AppContext {
        store: Err("disk full".into()),
        demo: false,
        sync: None,
        locator: Rc::new(FixedLocator(Err(NoFix::Unavailable("test".into())))),
        camera: Rc::new(FixedCamera(Err(CameraError::Cancelled))),
        member: "李师傅".into(),
        crew: None,
        server: None,
        auto_pair: false,
    });
    assert!(html.contains("无法打开本机数据"));
    assert!(html.contains("disk full"));
    assert!(!html.contains("暂无工单"));
}

#[test]
fn the_language_chosen_last_is_the_language_at_the_next_start() {
    let (_dir, ctx) = with_store(|store| store.set_ui_language("en").unwrap());
    let html = render(ctx);
    assert!(html.contains("lang=\"en\""), "{html}");
    assert!(html.contains("No work orders"), "{html}");
}

#[test]
fn a_crew_code_typed_in_lower_case_signs_in_as_the_crew() {
    let typed = fieldcrew_ui::pairing::PairAttempt {
        server: " http://10.0.0.2:8080 ".into(),
        crew_code: " crew-1 ".into(),
        pin: "1234".into(),
        member_name: "李师傅".into(),
    };
    assert_eq!(typed.trimmed().crew_code, "CREW-1");
}
