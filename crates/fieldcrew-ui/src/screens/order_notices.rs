//! Orders that left the crew while they held them: cancelled by dispatch or
//! reassigned. Each stays on every screen until the crew says they read it,
//! with what happened, when, and what of theirs is still to upload.

use crate::app::use_strings;
use crate::format::local_short;
use crate::i18n::Strings;
use dioxus::prelude::*;
use fieldcrew_core::OrderId;
use fieldcrew_core::store::{OrderNotice, Removal};

/// The notice's sentence in the crew's language.
pub fn notice_text(s: &Strings, notice: &OrderNotice) -> String {
    match notice.reason {
        Removal::Cancelled => s.notice_cancelled(&notice.number, &notice.address),
        Removal::Reassigned => s.notice_reassigned(&notice.number, &notice.address),
    }
}

fn unsynced_text(s: &Strings, n: u32) -> String {
    s.notice_unsynced(n.into())
}

#[component]
pub fn OrderNotices(
    notices: Vec<OrderNotice>,
    on_open: EventHandler<OrderId>,
    on_read: EventHandler<OrderId>,
) -> Element {
    let s = use_strings();
    rsx! {
        for notice in notices {
            section { class: "order-notice", role: "alert", key: "{notice.order_id}",
                p { class: "notice-text", "{notice_text(s, &notice)}" }
                p { class: "notice-when", "{local_short(notice.noticed_at)}" }
                if notice.unsynced > 0 {
                    p { class: "notice-unsynced", "{unsynced_text(s, notice.unsynced)}" }
                }
                div { class: "sheet-buttons",
                    button { class: "action", onclick: move |_| on_open.call(notice.order_id), "{s.notice_open}" }
                    button { class: "action primary", onclick: move |_| on_read.call(notice.order_id), "{s.notice_read}" }
                }
            }
        }
    }
}
