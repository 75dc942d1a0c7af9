//! Who is signed in, and signing out with a confirm step that says how much
//! is not uploaded yet and that it stays on the phone.

use crate::app::use_strings;
use crate::pairing::SignedIn;
use crate::screens::pair::Unsynced;
use dioxus::prelude::*;

#[component]
pub fn SignOut(
    signed_in: Option<SignedIn>,
    unsynced: Unsynced,
    on_sign_out: Option<EventHandler<()>>,
) -> Element {
    let s = use_strings();
    let mut confirming = use_signal(|| false);
    let Some(who) = signed_in else {
        return rsx! {
            section { class: "signed-in",
                p { class: "who", {s.labelled(s.signed_in_as, &s.not_signed_in)} }
            }
        };
    };
    rsx! {
        section { class: "signed-in",
            p { class: "who-label", "{s.signed_in_as}" }
            p { class: "who",
                strong { "{who.crew_code}" }
                " {who.crew_name} · "
                strong { "{who.member_name}" }
            }
            if let Some(sign_out) = on_sign_out {
                if confirming() {
                    SignOutConfirm {
                        unsynced,
                        on_cancel: move |_| confirming.set(false),
                        on_confirm: move |_| {
                            confirming.set(false);
                            sign_out.call(());
                        },
                    }
                } else {
                    button { class: "action", onclick: move |_| confirming.set(true), "{s.sign_out}" }
                }
            }
        }
    }
}

/// The confirm step: how many records and photos wait, and that signing
/// out keeps them.
#[component]
pub fn SignOutConfirm(
    unsynced: Unsynced,
    on_cancel: EventHandler<()>,
    on_confirm: EventHandler<()>,
) -> Element {
    let s = use_strings();
    rsx! {
        div { class: "sign-out-confirm", role: "alert",
            p { class: "question", "{s.sign_out_question}" }
            if unsynced.is_empty() {
                p { "{s.sign_out_all_synced}" }
            } else {
                p { class: "unsynced-count",
                    strong { "{s.unsynced_summary(unsynced.records, unsynced.photos)}" }
                }
                p { "{s.sign_out_keeps}" }
            }
            div { class: "pad-buttons",
                button { class: "action", onclick: move |_| on_cancel.call(()), "{s.cancel}" }
                button { class: "action danger", onclick: move |_| on_confirm.call(()), "{s.sign_out_confirm}" }
            }
        }
    }
}
