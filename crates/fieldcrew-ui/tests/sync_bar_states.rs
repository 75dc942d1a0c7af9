//! The sync bar in each state a crew meets in a village: offline with
//! records waiting and a countdown that follows the app's ticking clock,
//! syncing with a photo half uploaded, needing to pair again, and working
//! without a server.

use chrono::{DateTime, TimeDelta, Utc};
use dioxus::prelude::*;
use fieldcrew_ui::Lang;
use fieldcrew_ui::screens::sync_bar::{SyncBar, SyncBarProps};
use fieldcrew_ui::{SyncState, SyncView};

fn render_at(view: SyncView, waiting: u64, lang: Lang, now: DateTime<Utc>) -> String {
    render_refused(view, waiting, 0, lang, now)
}

fn render_refused(view: SyncView, waiting: u64, refused: u64, lang: Lang, now: DateTime<Utc>) -> String {
    let props = SyncBarProps {
        view,
        now,
        waiting,
        refused,
        on_retry_refused: None,
        on_sync_now: None,
        on_sign_in: None,
    };
    // The app's root provides the crew's language; here the test does.
    let in_lang = move |props: SyncBarProps| {
        use_context_provider(|| Signal::new(lang));
        SyncBar(props)
    };
    let mut dom = VirtualDom::new_with_props(in_lang, props);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

fn render(view: SyncView, waiting: u64) -> String {
    render_at(view, waiting, Lang::ZhCn, Utc::now())
}

fn offline_until(retry_at: DateTime<Utc>) -> SyncView {
    SyncView { state: SyncState::Offline { retry_at }, ..Default::default() }
}

/// The bar's main line, between `<strong>` and `</strong>`.
fn headline(html: &str) -> &str {
    let start = html.find("<strong>").expect("a headline") + "<strong>".len();
    &html[start..start + html[start..].find("</strong>").unwrap()]
}

#[test]
fn offline_says_so_with_the_retry_and_the_records_waiting() {
    let now = Utc::now();
    let html = render_at(offline_until(now + TimeDelta::seconds(30)), 7, Lang::ZhCn, now);
    assert!(html.contains("sync-bar offline"));
    assert!(html.contains("离线，30 秒后重试"), "{html}");
    assert!(html.contains("7 条待上传"));
}

#[test]
fn the_countdown_shrinks_as_the_apps_clock_ticks_and_then_says_retrying() {
    let start = Utc::now();
    let view = offline_until(start + TimeDelta::seconds(12));
    let at = |secs: i64| {
        let html = render_at(view.clone(), 0, Lang::ZhCn, start + TimeDelta::seconds(secs));
        headline(&html).to_string()
    };
    assert_eq!(at(0), "离线，12 秒后重试");
    assert_eq!(at(1), "离线，11 秒后重试");
    assert_eq!(at(5), "离线，7 秒后重试");
    assert_eq!(at(11), "离线，1 秒后重试");
    // Part of a second left still counts as one, never as zero.
    let just_before = render_at(view.clone(), 0, Lang::ZhCn, start + TimeDelta::milliseconds(11_900));
    assert_eq!(headline(&just_before), "离线，1 秒后重试");
    // Reached or passed (a probe under way): no negative count.
    assert_eq!(at(12), "离线，正在重试…");
    assert_eq!(at(40), "离线，正在重试…");
}

#[test]
fn chinese_counts_in_miao_and_english_in_s() {
    let now = Utc::now();
    let view = offline_until(now + TimeDelta::seconds(12));
    let zh = render_at(view.clone(), 0, Lang::ZhCn, now);
    assert_eq!(headline(&zh), "离线，12 秒后重试");
    assert!(!headline(&zh).contains('s'), "no Latin unit in Chinese text: {zh}");
    let en = render_at(view.clone(), 0, Lang::En, now);
    assert_eq!(headline(&en), "Offline, retrying in 12 s");
    assert!(!headline(&en).contains('秒'), "{en}");
    let en_now = render_at(view, 0, Lang::En, now + TimeDelta::seconds(13));
    assert_eq!(headline(&en_now), "Offline, retrying now…");
}

#[test]
fn syncing_shows_the_photo_upload_progress_and_the_last_sync() {
    let view = SyncView {
        state: SyncState::Syncing,
        uploading: Some((32_768, 65_536)),
        last_success: Some(Utc::now()),
        ..Default::default()
    };
    let html = render(view, 1);
    assert!(html.contains("正在同步"));
    assert!(html.contains("正在上传照片 50%"));
    assert!(html.contains("上次同步"));
}

#[test]
fn a_refused_token_asks_to_pair_again_and_promises_the_data_is_kept() {
    let html = render(SyncView { state: SyncState::NeedsPairing, ..Default::default() }, 3);
    assert!(html.contains("需要重新绑定班组，未同步的数据已保留"));
}

#[test]
fn files_the_server_refused_for_good_are_named_with_what_to_do_in_chinese_and_english() {
    let idle = SyncView { state: SyncState::Idle, ..Default::default() };
    let html = render_refused(idle.clone(), 0, 2, Lang::ZhCn, Utc::now());
    assert!(html.contains("2 张照片或签名被服务器拒收，已保留在手机上，请联系调度员"), "{html}");
    let html = render_refused(idle.clone(), 0, 2, Lang::En, Utc::now());
    assert!(html.contains("2 photos or signatures refused by the server, kept on this phone"), "{html}");
    assert!(!render_refused(idle, 0, 0, Lang::ZhCn, Utc::now()).contains("拒收"));
}

#[component]
fn BarWithRefusedFiles(refused: u64) -> Element {
    SyncBar(SyncBarProps {
        view: SyncView { state: SyncState::Idle, ..Default::default() },
        now: Utc::now(),
        waiting: 0,
        refused,
        on_retry_refused: Some(EventHandler::new(|_| {})),
        on_sync_now: Some(EventHandler::new(|_| {})),
        on_sign_in: None,
    })
}

#[test]
fn refused_files_can_be_sent_again_once_the_dispatcher_fixed_the_cause() {
    let render = |refused| {
        let mut dom = VirtualDom::new_with_props(BarWithRefusedFiles, BarWithRefusedFilesProps { refused });
        dom.rebuild_in_place();
        dioxus_ssr::render(&dom)
    };
    assert!(render(1).contains("调度处理后重新上传"));
    assert!(!render(0).contains("调度处理后重新上传"), "no button without refused files");
}

#[test]
fn without_a_server_the_phone_says_data_stays_local_and_offers_no_sync_button() {
    let html = render(SyncView::default(), 0);
    assert!(html.contains("未连接服务器"));
    assert!(!html.contains("立即同步"));
    assert!(!html.contains("条待上传"));
}

#[component]
fn BarLeadingToSignIn(view: SyncView) -> Element {
    SyncBar(SyncBarProps {
        view,
        now: Utc::now(),
        waiting: 2,
        refused: 0,
        on_retry_refused: None,
        on_sync_now: Some(EventHandler::new(|_| {})),
        on_sign_in: Some(EventHandler::new(|_| {})),
    })
}

fn render_with_sign_in(view: SyncView) -> String {
    let mut dom = VirtualDom::new_with_props(BarLeadingToSignIn, BarLeadingToSignInProps { view });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn needing_to_pair_offers_sign_in_instead_of_a_sync_that_would_fail() {
    let html = render_with_sign_in(SyncView { state: SyncState::NeedsPairing, ..Default::default() });
    assert!(html.contains("去登录"), "{html}");
    assert!(!html.contains("立即同步"), "{html}");
}

#[test]
fn a_paired_phone_keeps_its_sync_now_button() {
    let html = render_with_sign_in(SyncView { state: SyncState::Idle, ..Default::default() });
    assert!(html.contains("立即同步"), "{html}");
    assert!(!html.contains("去登录"), "{html}");
}
