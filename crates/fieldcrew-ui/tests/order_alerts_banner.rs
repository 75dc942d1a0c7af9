//! The banner of a new or changed order from dispatch: which order, where,
//! and a way to open it.

use chrono::Utc;
use dioxus::prelude::*;
use fieldcrew_core::OrderId;
use fieldcrew_core::store::{AlertReason, OrderAlert};
use fieldcrew_ui::Lang;
use fieldcrew_ui::screens::order_alerts::{OrderAlerts, OrderAlertsProps};

fn alert(reason: AlertReason) -> OrderAlert {
    OrderAlert {
        order_id: OrderId::new(),
        number: "DEMO-20261207-0003".into(),
        address: "柳河村四组30号".into(),
        reason,
        raised_at: Utc::now(),
    }
}

#[component]
fn Banner(alerts: Vec<OrderAlert>, lang: Lang) -> Element {
    // The app's root provides the crew's language; here the test does.
    use_context_provider(|| Signal::new(lang));
    OrderAlerts(OrderAlertsProps { alerts, on_open: EventHandler::new(|_| {}) })
}

fn render(alerts: Vec<OrderAlert>, lang: Lang) -> String {
    let mut dom = VirtualDom::new_with_props(Banner, BannerProps { alerts, lang });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn a_new_order_is_announced_with_its_number_address_and_an_open_button() {
    let html = render(vec![alert(AlertReason::New)], Lang::ZhCn);
    assert!(html.contains("新工单 DEMO-20261207-0003（柳河村四组30号），请立即查看"), "{html}");
    assert!(html.contains("打开工单"));
    assert!(html.contains(r#"role="alert""#));
    assert!(html.contains(r#"data-reason="new""#));
}

#[test]
fn a_changed_order_says_so_in_english_too() {
    let html = render(vec![alert(AlertReason::Changed)], Lang::En);
    assert!(html.contains("Order DEMO-20261207-0003 (柳河村四组30号) was changed: please check"), "{html}");
    assert!(html.contains("Open order"));
}

#[test]
fn several_alerts_show_the_newest_and_how_many_more() {
    let mut newest = alert(AlertReason::New);
    newest.number = "DEMO-20261207-0009".into();
    let html = render(vec![newest, alert(AlertReason::New), alert(AlertReason::Changed)], Lang::ZhCn);
    assert_eq!(html.matches("order-alert").count(), 1, "{html}");
    assert!(html.contains("DEMO-20261207-0009"));
    assert!(html.contains("另有 2 个新的或变更的工单未查看"), "{html}");
}

#[test]
fn no_alert_no_banner() {
    assert!(!render(Vec::new(), Lang::ZhCn).contains("order-alert"));
}
