//! What the crew reads on the 交接班 screen: the handover to acknowledge,
//! signed by the member signed in on this phone (no name to type; the one
//! who handed over waits for the incoming member's phone), and the
//! problems carried with their age. (Linking a new problem
//! to one of the crew's orders takes clicks: tests/e2e/handover.mjs.)

use dioxus::prelude::*;
use fieldcrew_ui::Lang;
use fieldcrew_ui::screens::handover::{
    CarriedView, HandoverScreen, HandoverScreenProps, LatestHandover, OrderChoice,
};

fn latest(ack: Option<(&str, &str)>) -> LatestHandover {
    LatestHandover {
        written_by: "张伟".into(),
        written_at: "12-07 08:30".into(),
        summary: "夜班处理故障2起".into(),
        problems: vec!["拉线松动 · DEMO-20261207-0001-0 · 3号杆".into()],
        ack: ack.map(|(by, at)| (by.to_string(), at.to_string())),
        unsent: false,
    }
}

#[component]
fn Screen(member: String, latest: Option<LatestHandover>, lang: Lang) -> Element {
    // The app's root provides the crew's language; here the test does.
    use_context_provider(|| Signal::new(lang));
    HandoverScreen(HandoverScreenProps {
        member,
        latest,
        carried: vec![CarriedView {
            id: "p1".into(),
            text: "2号配变异响".into(),
            order_number: None,
            equipment: Some("2号配变".into()),
            raised: "王芳 · 12-06 20:10".into(),
            age: "12.3 h".into(),
        }],
        orders: vec![OrderChoice { id: "o1".into(), label: "DEMO-20261207-0001-0 东湖村三组".into() }],
        message: None,
        on_write: EventHandler::new(|_| {}),
        on_acknowledge: EventHandler::new(|_| {}),
        on_back: EventHandler::new(|_| {}),
    })
}

fn render(member: &str, latest: Option<LatestHandover>, lang: Lang) -> String {
    let mut dom = VirtualDom::new_with_props(Screen, ScreenProps { member: member.into(), latest, lang });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn the_incoming_member_sees_the_handover_with_their_own_name_offered() {
    let html = render("李强", Some(latest(None)), Lang::ZhCn);
    for shown in [
        "待确认接班",
        "张伟 · 12-07 08:30",
        "夜班处理故障2起",
        "拉线松动",
        "确认接班",
        "接班人 </strong>李强",
    ] {
        assert!(html.contains(shown), "{shown} missing: {html}");
    }
    assert!(html.contains("2号配变异响") && html.contains("已持续 12.3 h"), "carried with its age: {html}");
}

#[test]
fn the_one_who_handed_over_cannot_acknowledge_it_and_no_name_can_be_typed() {
    let html = render("张伟", Some(latest(None)), Lang::ZhCn);
    assert!(html.contains("等待接班人在自己的手机上确认接班"), "{html}");
    assert!(!html.contains("data-testid=\"handover-acknowledge\""), "{html}");
}

#[test]
fn an_acknowledged_handover_shows_who_took_over_and_when() {
    let html = render("李强", Some(latest(Some(("李强", "12-07 08:40")))), Lang::ZhCn);
    assert!(html.contains("李强 于 12-07 08:40 确认接班"), "{html}");
    assert!(!html.contains("data-testid=\"handover-acknowledge\""));
    let en = render("Li", None, Lang::En);
    assert!(en.contains("No handover recorded for this crew yet"), "{en}");
}
