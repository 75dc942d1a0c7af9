//! The sync status bar: offline or not (with a live countdown to the next
//! try), how many records wait, how many files the server refused for good,
//! and a big "sync now" button, or "sign in" when the server wants the phone
//! paired.

use crate::app::use_strings;
use crate::format::local_short;
use crate::i18n::Strings;
use crate::sync_view::{SyncState, SyncView};
use chrono::{DateTime, Utc};
use dioxus::prelude::*;

/// Whole seconds from `now` until `at`, rounded up, never negative: the bar
/// says "1 秒" until the instant has passed, then "retrying now".
pub fn seconds_until(at: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    let millis = (at - now).num_milliseconds();
    if millis <= 0 { 0 } else { (millis as u64).div_ceil(1000) }
}

/// "离线，12 秒后重试" / "Offline, retrying in 12 s"; once the instant has
/// passed (a try under way), "离线，正在重试…".
pub fn offline_text(s: &Strings, retry_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match seconds_until(retry_at, now) {
        0 => s.sync_offline_retrying.to_string(),
        n => s.sync_offline(n),
    }
}

/// `now` is the app's clock ticking once a second: the countdown follows it
/// without the sync thread publishing anything.
#[component]
pub fn SyncBar(
    view: SyncView,
    now: DateTime<Utc>,
    waiting: u64,
    /// Photos or signatures the server refused for good (kept on the phone).
    #[props(default)]
    refused: u64,
    /// Puts the refused files back in the queue.
    #[props(default)]
    on_retry_refused: Option<EventHandler<()>>,
    on_sync_now: Option<EventHandler<()>>,
    on_sign_in: Option<EventHandler<()>>,
) -> Element {
    let s = use_strings();
    let (class, text) = match view.state {
        SyncState::NotConfigured => ("sync-bar local", s.sync_not_configured.to_string()),
        SyncState::Idle => ("sync-bar ok", s.sync_idle.to_string()),
        SyncState::Syncing => ("sync-bar busy", s.sync_running.to_string()),
        SyncState::Offline { retry_at } => ("sync-bar offline", offline_text(s, retry_at, now)),
        SyncState::NeedsPairing => ("sync-bar offline", s.sync_needs_pairing.to_string()),
    };
    rsx! {
        section { class: "{class}", role: "status",
            div { class: "sync-text",
                strong { "{text}" }
                if waiting > 0 {
                    span { class: "waiting", {s.waiting_count(waiting)} }
                }
                // Not retried by itself: the crew needs the dispatcher to act.
                if refused > 0 {
                    span { class: "refused", {s.upload_refused(refused)} }
                    if let Some(handler) = on_retry_refused {
                        button { class: "action", onclick: move |_| handler.call(()), "{s.upload_refused_retry}" }
                    }
                }
                if let Some((sent, total)) = view.uploading {
                    span { "{s.uploading_photo} {sent * 100 / total.max(1)}%" }
                }
                if let Some(at) = view.last_success {
                    span { class: "last-sync", "{s.sync_last_success} {local_short(at)}" }
                }
            }
            // Without a token "sync now" can only fail again: lead to signing in.
            if let (SyncState::NeedsPairing, Some(handler)) = (&view.state, on_sign_in) {
                button { class: "sync-now", onclick: move |_| handler.call(()), "{s.sync_sign_in}" }
            } else if let Some(handler) = on_sync_now {
                button { class: "sync-now", onclick: move |_| handler.call(()), "{s.sync_now}" }
            }
        }
    }
}
