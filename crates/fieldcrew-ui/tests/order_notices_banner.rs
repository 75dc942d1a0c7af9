//! The notice of an order that left the crew: what happened, to which order,
//! and what of theirs is still to upload.

use chrono::Utc;
use dioxus::prelude::*;
use fieldcrew_core::OrderId;
use fieldcrew_core::store::{OrderNotice, Removal};
use fieldcrew_ui::Lang;
use fieldcrew_ui::screens::order_notices::{OrderNotices, OrderNoticesProps};

fn notice(reason: Removal, unsynced: u32) -> OrderNotice {
    OrderNotice {
        order_id: OrderId::new(),
        number: "DEMO-20261202-0007".into(),
        address: "柳河村四组30号".into(),
        reason,
        noticed_at: Utc::now(),
        unsynced,
    }
}

#[component]
fn Banner(notices: Vec<OrderNotice>, lang: Lang) -> Element {
    // The app's root provides the crew's language; here the test does.
    use_context_provider(|| Signal::new(lang));
    OrderNotices(OrderNoticesProps {
        notices,
        on_open: EventHandler::new(|_| {}),
        on_read: EventHandler::new(|_| {}),
    })
}

fn render(notices: Vec<OrderNotice>, lang: Lang) -> String {
    let mut dom = VirtualDom::new_with_props(Banner, BannerProps { notices, lang });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn a_cancelled_order_is_named_with_its_address_and_the_unsynced_records_are_mentioned() {
    let html = render(vec![notice(Removal::Cancelled, 2)], Lang::ZhCn);
    assert!(html.contains("工单 DEMO-20261202-0007（柳河村四组30号）已被调度取消"), "{html}");
    assert!(html.contains("本机还有 2 条记录未上传，会继续上传"));
    assert!(html.contains("知道了"));
}

#[test]
fn a_reassigned_order_says_so_and_nothing_about_uploads_when_all_went() {
    let html = render(vec![notice(Removal::Reassigned, 0)], Lang::En);
    assert!(html.contains("was reassigned to another crew"), "{html}");
    assert!(!html.contains("uploaded"));
}
