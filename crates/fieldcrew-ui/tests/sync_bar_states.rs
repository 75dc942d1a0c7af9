//! The sync bar in each state a crew meets in a village: offline with
//! records waiting, syncing with a photo half uploaded, needing to pair
//! again, and working without a server.

use chrono::Utc;
use dioxus::prelude::*;
use fieldcrew_ui::Lang;
use fieldcrew_ui::screens::sync_bar::{SyncBar, SyncBarProps};
use fieldcrew_ui::{SyncState, SyncView};

fn render(view: SyncView, waiting: u64) -> String {
    let props = SyncBarProps { view, waiting, lang: Lang::ZhCn, on_sync_now: None, on_sign_in: None };
    let mut dom = VirtualDom::new_with_props(SyncBar, props);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn offline_says_so_with_the_retry_and_the_records_waiting() {
    let html = render(SyncView { state: SyncState::Offline { retry_in_secs: 30 }, ..Default::default() }, 7);
    assert!(html.contains("sync-bar offline"));
    assert!(html.contains("离线，稍后自动重试 (30s)"));
    assert!(html.contains("7 条待上传"));
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
        waiting: 2,
        lang: Lang::ZhCn,
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
