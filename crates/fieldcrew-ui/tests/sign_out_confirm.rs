//! Signing out in settings: who is signed in, and a confirm step that counts
//! what is not uploaded yet and promises it stays on the phone.

use dioxus::prelude::*;
use fieldcrew_ui::Lang;
use fieldcrew_ui::pairing::SignedIn;
use fieldcrew_ui::screens::pair::Unsynced;
use fieldcrew_ui::screens::sign_out::{SignOut, SignOutConfirm, SignOutConfirmProps, SignOutProps};

#[component]
fn Confirm(unsynced: Unsynced, lang: Lang) -> Element {
    // The app's root provides the crew's language; here the test does.
    use_context_provider(|| Signal::new(lang));
    SignOutConfirm(SignOutConfirmProps {
        unsynced,
        on_cancel: EventHandler::new(|_| {}),
        on_confirm: EventHandler::new(|_| {}),
    })
}

/// Renders `root` with `props` to HTML.
fn ssr<P: Clone + 'static, M: 'static>(root: impl dioxus::core::ComponentFunction<P, M>, props: P) -> String {
    let mut dom = VirtualDom::new_with_props(root, props);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

fn confirm(unsynced: Unsynced, lang: Lang) -> String {
    ssr(Confirm, ConfirmProps { unsynced, lang })
}

#[component]
fn Who(signed_in: Option<SignedIn>) -> Element {
    SignOut(SignOutProps {
        signed_in,
        unsynced: Unsynced::default(),
        on_sign_out: Some(EventHandler::new(|_| {})),
    })
}

fn who(signed_in: Option<SignedIn>) -> String {
    ssr(Who, WhoProps { signed_in })
}

#[test]
fn the_confirm_step_counts_unsynced_records_and_photos_and_says_they_stay() {
    let html = confirm(Unsynced { records: 3, photos: 2 }, Lang::ZhCn);
    assert!(html.contains("确定退出登录吗？"), "{html}");
    assert!(html.contains("3 条记录、2 张照片还没有上传"), "{html}");
    assert!(html.contains("它们会留在这部手机上，重新登录后自动上传"), "{html}");
    assert!(html.contains("确认退出") && html.contains("取消"), "{html}");
}

#[test]
fn with_everything_uploaded_the_confirm_step_says_so() {
    let html = confirm(Unsynced::default(), Lang::ZhCn);
    assert!(html.contains("所有记录和照片都已上传"), "{html}");
    assert!(!html.contains("还没有上传"), "{html}");
}

#[test]
fn the_confirm_step_speaks_english_when_asked() {
    let html = confirm(Unsynced { records: 5, photos: 0 }, Lang::En);
    assert!(html.contains("5 records are not uploaded yet"), "{html}");
    assert!(html.contains("They stay on this phone"), "{html}");
}

#[test]
fn settings_show_the_crew_and_member_signed_in_with_a_sign_out_button() {
    let html = who(Some(SignedIn {
        crew_code: "CREW-1".into(),
        crew_name: "城关抢修一班".into(),
        member_name: "李师傅".into(),
    }));
    assert!(html.contains("当前登录"), "{html}");
    assert!(html.contains("CREW-1") && html.contains("城关抢修一班") && html.contains("李师傅"), "{html}");
    assert!(html.contains("退出登录"), "{html}");
    assert!(!html.contains("确认退出"), "confirming takes a second tap: {html}");
}

#[test]
fn settings_say_when_nobody_is_signed_in_and_offer_no_sign_out() {
    let html = who(None);
    assert!(html.contains("未登录"), "{html}");
    assert!(!html.contains("退出登录"), "{html}");
}

#[test]
fn a_zero_count_is_left_out_of_the_warning() {
    let html = confirm(Unsynced { records: 0, photos: 2 }, Lang::ZhCn);
    assert!(html.contains("2 张照片还没有上传"), "{html}");
    assert!(!html.contains("条记录"), "{html}");
}
