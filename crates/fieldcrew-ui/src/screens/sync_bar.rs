//! The sync status bar: offline or not, how many records wait, and a big
//! "sync now" button, or "sign in" when the server wants the phone paired.

use crate::format::local_short;
use crate::i18n::Lang;
use crate::sync_view::{SyncState, SyncView};
use dioxus::prelude::*;

#[component]
pub fn SyncBar(
    view: SyncView,
    waiting: u64,
    lang: Lang,
    on_sync_now: Option<EventHandler<()>>,
    on_sign_in: Option<EventHandler<()>>,
) -> Element {
    let s = lang.strings();
    let (class, text) = match view.state {
        SyncState::NotConfigured => ("sync-bar local", s.sync_not_configured.to_string()),
        SyncState::Idle => ("sync-bar ok", s.sync_idle.to_string()),
        SyncState::Syncing => ("sync-bar busy", s.sync_running.to_string()),
        SyncState::Offline { retry_in_secs } => {
            ("sync-bar offline", format!("{} ({retry_in_secs}s)", s.sync_offline))
        }
        SyncState::NeedsPairing => ("sync-bar offline", s.sync_needs_pairing.to_string()),
    };
    rsx! {
        section { class: "{class}", role: "status",
            div { class: "sync-text",
                strong { "{text}" }
                if waiting > 0 {
                    span { class: "waiting", "{waiting} {s.waiting_suffix}" }
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
