//! The daily check as a crew sees it, rendered through a real VirtualDom:
//! the order list's banner before and after today's check, and the form
//! with a defect open for its note and photo, in Chinese and English.

use dioxus::prelude::*;
use fieldcrew_core::Store;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::daily_check::{CheckedItem, DailyCheck, ItemOutcome, default_items, new_check_id};
use fieldcrew_ui::app::context::LangRoot;
use fieldcrew_ui::camera::{CameraError, FixedCamera};
use fieldcrew_ui::location::{FixedLocator, NoFix};
use fieldcrew_ui::screens::daily_check::{AnswerDraft, DailyCheckForm};
use fieldcrew_ui::{App, AppContext, Lang};
use std::cell::RefCell;
use std::rc::Rc;

fn render_app(store: Store) -> String {
    let ctx = AppContext {
        store: Ok(Rc::new(RefCell::new(store))),
        demo: false,
        sync: None,
        locator: Rc::new(FixedLocator(Err(NoFix::Unavailable("test".into())))),
        camera: Rc::new(FixedCamera(Err(CameraError::Cancelled))),
        member: "李师傅".into(),
        crew: None,
        server: None,
        auto_pair: false,
    };
    let mut dom = VirtualDom::new(App).with_root_context(ctx);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn the_order_list_says_not_checked_today_until_the_check_is_recorded_then_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let html = render_app(Store::open(dir.path()).unwrap());
    assert!(html.contains("今日未检查"), "{html}");

    let mut store = Store::open(dir.path()).unwrap();
    let evidence = SystemClock.evidence(None, None);
    let time = fieldcrew_core::sla::to_local(evidence.device_time).format("%H:%M").to_string();
    let items = default_items()
        .into_iter()
        .map(|item| {
            let defect = item.code == "vehicle_lights";
            CheckedItem {
                item,
                outcome: if defect { ItemOutcome::Defect } else { ItemOutcome::Ok },
                note: if defect { "左前大灯不亮".into() } else { String::new() },
                photos: vec![],
            }
        })
        .collect();
    let check = DailyCheck {
        id: new_check_id(),
        crew_code: "CREW-1".into(),
        checked_by: "李师傅".into(),
        device_id: store.device_id(),
        evidence,
        items,
    };
    store.record_daily_check(&check).unwrap();
    let html = render_app(store);
    assert!(!html.contains("今日未检查"), "{html}");
    assert!(html.contains(&format!("今日已检查 {time}")), "{html}");
    assert!(html.contains("缺陷 1 项"), "{html}");
}

#[component]
fn Form(lang: Lang, answers: Vec<AnswerDraft>) -> Element {
    rsx! {
        LangRoot { lang,
            DailyCheckForm {
                answers,
                member: "王师傅".to_string(),
                message: None,
                on_answer: |_| {},
                on_note: |_| {},
                on_take_photo: |_| {},
                on_delete_photo: |_| {},
                on_submit: |_| {},
                on_back: |_| {},
            }
        }
    }
}

fn render_form(lang: Lang) -> String {
    let answers: Vec<AnswerDraft> = default_items()
        .into_iter()
        .map(|item| {
            let outcome = match item.code.as_str() {
                "vehicle_brakes" => Some(ItemOutcome::Defect),
                "vehicle_fuel" => Some(ItemOutcome::Ok),
                _ => None,
            };
            AnswerDraft { item, outcome, note: String::new(), photos: vec![] }
        })
        .collect();
    let mut dom = VirtualDom::new_with_props(Form, FormProps { lang, answers });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn the_form_groups_the_items_and_opens_a_note_and_photo_only_for_a_defect() {
    let html = render_form(Lang::ZhCn);
    for group in ["工器具", "安全用具", "材料", "车辆"] {
        assert!(html.contains(group), "{group}: {html}");
    }
    assert!(html.contains("检查人：王师傅"));
    assert!(html.contains("已检查 2 / 11"), "{html}");
    assert_eq!(html.matches("写明缺陷情况（必填）").count(), 1, "one note field, for the one defect");
    assert_eq!(html.matches(">拍照<").count(), 1);
    assert!(html.contains(r#"aria-pressed="true""#));

    let en = render_form(Lang::En);
    assert!(
        en.contains("Checked 2 / 11") && en.contains(">Brakes<") && en.contains("What is wrong (required)")
    );
}

#[component]
fn FormDone() -> Element {
    rsx! {
        LangRoot { lang: Lang::ZhCn,
            DailyCheckForm {
                answers: vec![],
                member: "王师傅".to_string(),
                message: None,
                done_today: Some(fieldcrew_ui::screens::daily_check::DoneToday {
                    time: "08:12".into(),
                    checked_by: "李师傅".into(),
                    defects: vec![(
                        fieldcrew_core::daily_check::CheckGroup::Vehicle,
                        "轮胎".into(),
                        "左后轮胎压不足".into(),
                    )],
                }),
                on_answer: |_| {},
                on_note: |_| {},
                on_take_photo: |_| {},
                on_delete_photo: |_| {},
                on_submit: |_| {},
                on_back: |_| {},
            }
        }
    }
}

#[test]
fn opened_again_the_form_first_shows_todays_check_with_its_defects() {
    let mut dom = VirtualDom::new(FormDone);
    dom.rebuild_in_place();
    let html = dioxus_ssr::render(&dom);
    assert!(html.contains("今日已检查 08:12"), "{html}");
    assert!(html.contains("李师傅") && html.contains("车辆 · 轮胎：左后轮胎压不足"), "{html}");
}
