//! What the customer reads before signing for a damaged meter: a plain
//! statement, the order, the address, the meter and its reading.

use dioxus::prelude::*;
use fieldcrew_ui::Lang;
use fieldcrew_ui::screens::customer_confirm::{CustomerConfirm, CustomerConfirmProps};

#[component]
fn Screen(responsible: bool, meter_number: String, lang: Lang) -> Element {
    // The app's root provides the crew's language; here the test does.
    use_context_provider(|| Signal::new(lang));
    CustomerConfirm(CustomerConfirmProps {
        order_number: "DEMO-20261202-0001".into(),
        address: "东湖村三组12号".into(),
        meter_number,
        meter_reading: "04512.3".into(),
        cause: "外力撞击".into(),
        customer_responsible: responsible,
        photos: vec![],
        message: None,
        on_sign: EventHandler::new(|_| {}),
        on_back: EventHandler::new(|_| {}),
    })
}

fn render(responsible: bool, meter_number: &str, lang: Lang) -> String {
    let props = ScreenProps { responsible, meter_number: meter_number.into(), lang };
    let mut dom = VirtualDom::new_with_props(Screen, props);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn the_customer_reads_the_statement_order_address_meter_and_reading_before_signing() {
    let html = render(true, "3100078452", Lang::ZhCn);
    assert!(html.contains("本人确认：电能表损坏原因为“外力撞击”，经现场核实属客户责任"), "{html}");
    for shown in ["DEMO-20261202-0001", "东湖村三组12号", "3100078452", "04512.3", "签字时间"] {
        assert!(html.contains(shown), "{shown} missing: {html}");
    }
}

#[test]
fn a_damage_not_caused_by_the_customer_says_so_and_an_unread_meter_is_named() {
    let html = render(false, "", Lang::ZhCn);
    assert!(html.contains("经现场核实不属客户责任"), "{html}");
    assert!(html.contains("未能读取"));
    let en = render(false, "", Lang::En);
    assert!(en.contains("this is not the customer"), "{en}");
}
