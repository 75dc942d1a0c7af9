//! Signing in: server address, crew code, PIN and the member's name. The
//! attempt runs on the sync thread; this screen only shows how it stands,
//! and how much unsynced work waits on the phone meanwhile.

use crate::app::use_strings;
use crate::i18n::Strings;
use crate::pairing::{PairAttempt, PairOutcome, PairState};
use dioxus::prelude::*;

/// Records and photos recorded but not uploaded yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unsynced {
    pub records: u64,
    pub photos: u64,
}

impl Unsynced {
    pub fn is_empty(self) -> bool {
        self.records == 0 && self.photos == 0
    }
}

/// What went wrong, in the crew's words; `None` while nothing did.
fn problem(s: &Strings, state: &PairState) -> Option<String> {
    let PairState::Done(outcome) = state else { return None };
    Some(match outcome {
        PairOutcome::Paired { .. } => return None,
        PairOutcome::Refused => s.pair_refused.to_string(),
        PairOutcome::TooManyTries => s.pair_too_many.to_string(),
        PairOutcome::Unreachable => s.pair_unreachable.to_string(),
        PairOutcome::InvalidServer => s.pair_invalid_server.to_string(),
        PairOutcome::Failed(detail) => s.labelled(s.pair_failed, &detail),
    })
}

#[component]
pub fn PairScreen(
    /// Server, crew and name to start from (config, or the last sign-in).
    prefill: PairAttempt,
    state: PairState,
    unsynced: Unsynced,
    on_pair: EventHandler<PairAttempt>,
    /// Only when the crew came here from another screen.
    on_back: Option<EventHandler<()>>,
) -> Element {
    let s = use_strings();
    let mut form = use_signal(|| prefill.clone());
    let mut show_pin = use_signal(|| false);
    let mut tried_incomplete = use_signal(|| false);
    let pairing = state == PairState::Pairing;
    let field = |label: &'static str,
                 kind: &'static str,
                 mode: &'static str,
                 get: fn(&PairAttempt) -> &String,
                 set: fn(&mut PairAttempt, String)| {
        rsx! {
            label { class: "signer pair-field",
                span { "{label}" }
                input {
                    r#type: kind,
                    inputmode: mode,
                    autocapitalize: "off",
                    autocomplete: "off",
                    spellcheck: false,
                    disabled: pairing,
                    value: "{get(&form.read())}",
                    oninput: move |e| set(&mut form.write(), e.value()),
                }
            }
        }
    };
    let pin_kind = if show_pin() { "text" } else { "password" };
    rsx! {
        section { class: "meter-damage pair",
            if let Some(back) = on_back {
                button { class: "back", onclick: move |_| back.call(()), "{s.back}" }
            }
            h2 { "{s.pair_title}" }
            p { class: "pair-intro", "{s.pair_intro}" }
            {field(s.pair_crew_code, "text", "text", |f| &f.crew_code, |f, v| f.crew_code = v)}
            {field(s.pair_pin, pin_kind, "numeric", |f| &f.pin, |f, v| f.pin = v)}
            label { class: "check-item",
                input {
                    r#type: "checkbox",
                    checked: show_pin(),
                    onchange: move |e| show_pin.set(e.checked()),
                }
                span { "{s.pair_show_pin}" }
            }
            {field(s.pair_member, "text", "text", |f| &f.member_name, |f, v| f.member_name = v)}
            {field(s.pair_server, "url", "url", |f| &f.server, |f, v| f.server = v)}
            if pairing {
                p { class: "message", role: "status", "{s.pair_running}" }
            }
            if let Some(problem) = problem(s, &state) {
                p { class: "warning", role: "alert", "{problem}" }
            }
            if tried_incomplete() && !form.read().is_complete() {
                p { class: "warning", role: "alert", "{s.pair_missing}" }
            }
            button {
                class: "action primary",
                disabled: pairing,
                onclick: move |_| {
                    let attempt = form.read().trimmed();
                    tried_incomplete.set(!attempt.is_complete());
                    if attempt.is_complete() {
                        on_pair.call(attempt);
                    }
                },
                if pairing { "{s.pair_running}" } else { "{s.pair_submit}" }
            }
            if !unsynced.is_empty() {
                div { class: "unsynced-kept", role: "note",
                    p { strong { "{s.unsynced_summary(unsynced.records, unsynced.photos)}" } }
                    p { "{s.pair_kept}" }
                }
            }
        }
    }
}
