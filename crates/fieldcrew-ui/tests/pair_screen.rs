//! The pairing screen in each state a crew meets: a fresh phone, waiting for
//! the server, a mistyped PIN, too many tries, no signal, with unsynced work
//! still on the phone; and when the app opens on it.

use chrono::{Duration, Utc};
use dioxus::prelude::*;
use fieldcrew_core::Store;
use fieldcrew_core::store::Pairing;
use fieldcrew_ui::camera::{CameraError, FixedCamera};
use fieldcrew_ui::location::{FixedLocator, NoFix};
use fieldcrew_ui::pairing::{PairAttempt, PairOutcome, PairState};
use fieldcrew_ui::screens::pair::{PairScreen, PairScreenProps, Unsynced};
use fieldcrew_ui::{App, AppContext, Lang, SyncHandle, SyncView};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

/// Handlers can only be made inside a Dioxus runtime: wrap the screen.
#[component]
fn Screen(state: PairState, unsynced: Unsynced, lang: Lang) -> Element {
    // The app's root provides the crew's language; here the test does.
    use_context_provider(|| Signal::new(lang));
    PairScreen(PairScreenProps {
        prefill: PairAttempt { server: "http://10.0.0.5:8080".into(), ..Default::default() },
        state,
        unsynced,
        on_pair: EventHandler::new(|_| {}),
        on_back: None,
    })
}

fn render(state: PairState, unsynced: Unsynced, lang: Lang) -> String {
    let mut dom = VirtualDom::new_with_props(Screen, ScreenProps { state, unsynced, lang });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

fn zh(state: PairState) -> String {
    render(state, Unsynced::default(), Lang::ZhCn)
}

#[test]
fn a_fresh_phone_asks_for_crew_code_pin_and_name_with_the_server_prefilled() {
    let html = zh(PairState::Idle);
    for label in ["登录班组", "班组编号", "班组PIN码", "您的姓名", "服务器地址", "只需联网一次"]
    {
        assert!(html.contains(label), "{label} missing: {html}");
    }
    assert!(html.contains("value=\"http://10.0.0.5:8080\""), "{html}");
    assert!(html.contains("type=\"password\""), "the PIN is hidden until asked: {html}");
    assert!(html.contains("inputmode=\"numeric\""), "a number pad for the PIN: {html}");
    assert!(!html.contains("role=\"alert\""), "no problem before trying: {html}");
    assert!(!html.contains("返回"), "nowhere to go back to on a fresh phone");
}

#[test]
fn while_pairing_the_form_says_so_and_cannot_be_sent_twice() {
    let html = zh(PairState::Pairing);
    assert!(html.contains("正在登录…"), "{html}");
    assert!(html.contains("disabled"), "{html}");
}

#[test]
fn a_wrong_pin_says_to_check_code_and_pin() {
    let html = zh(PairState::Done(PairOutcome::Refused));
    assert!(html.contains("班组编号或PIN码不对，请核对后再试"), "{html}");
    assert!(!html.contains("disabled"), "the crew can try again at once: {html}");
}

#[test]
fn too_many_tries_says_to_wait_a_minute() {
    assert!(zh(PairState::Done(PairOutcome::TooManyTries)).contains("请等一分钟再试"));
}

#[test]
fn no_signal_says_pairing_needs_a_connection_once() {
    let html = zh(PairState::Done(PairOutcome::Unreachable));
    assert!(html.contains("连不上服务器"), "{html}");
    assert!(html.contains("登录需要联网一次"), "{html}");
    assert!(html.contains("之后离线也能用"), "{html}");
}

#[test]
fn a_mistyped_server_address_is_named_as_such() {
    assert!(zh(PairState::Done(PairOutcome::InvalidServer)).contains("服务器地址不对"));
}

#[test]
fn unsynced_work_on_the_phone_is_counted_and_promised_to_upload_after_sign_in() {
    let html = render(PairState::Idle, Unsynced { records: 4, photos: 2 }, Lang::ZhCn);
    assert!(html.contains("4 条记录、2 张照片还没有上传"), "{html}");
    assert!(html.contains("登录后自动上传"), "{html}");
}

#[test]
fn the_screen_speaks_english_when_asked() {
    let html = render(PairState::Done(PairOutcome::Refused), Unsynced { records: 1, photos: 0 }, Lang::En);
    assert!(html.contains("Crew code or PIN not accepted"), "{html}");
    assert!(html.contains("1 record is not uploaded yet"), "{html}");
}

fn app_with(paired: bool, auto_pair: bool) -> (tempfile::TempDir, AppContext) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    if paired {
        let pairing = Pairing {
            token: "t".into(),
            expires_at: Utc::now() + Duration::days(90),
            crew_code: "CREW-1".into(),
            crew_name: "抢修一班".into(),
        };
        store.set_pairing(&pairing).unwrap();
    }
    let (_, view) = tokio::sync::watch::channel(SyncView::default());
    let sync =
        SyncHandle { view, sync_now: Arc::new(|| {}), pair: Arc::new(|_| tokio::sync::oneshot::channel().1) };
    let ctx = AppContext {
        store: Ok(Rc::new(RefCell::new(store))),
        demo: false,
        sync: Some(sync),
        locator: Rc::new(FixedLocator(Err(NoFix::Unavailable("test".into())))),
        camera: Rc::new(FixedCamera(Err(CameraError::Cancelled))),
        member: "crew".into(),
        crew: None,
        server: Some("http://10.0.0.5:8080".into()),
        auto_pair,
    };
    (dir, ctx)
}

fn render_app(ctx: AppContext) -> String {
    let mut dom = VirtualDom::new(App).with_root_context(ctx);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn an_unpaired_phone_opens_on_the_pairing_screen() {
    let (_dir, ctx) = app_with(false, false);
    let html = render_app(ctx);
    assert!(html.contains("登录班组"), "{html}");
    assert!(!html.contains("我的工单"), "{html}");
}

#[test]
fn a_paired_phone_opens_on_its_orders_even_offline() {
    let (_dir, ctx) = app_with(true, false);
    let html = render_app(ctx);
    assert!(!html.contains("登录班组"), "{html}");
    assert!(html.contains("暂无工单"), "{html}");
}

#[test]
fn an_auto_paired_demo_phone_skips_the_pairing_screen() {
    let (_dir, ctx) = app_with(false, true);
    assert!(!render_app(ctx).contains("登录班组"));
}
