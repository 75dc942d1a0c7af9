//! 交接班: the incoming member acknowledges the crew's latest handover, and
//! the outgoing one writes the next: every open problem (text, optionally
//! an order of the crew and the equipment), the problems carried from
//! earlier shifts closed or handed on, a free summary, signed with the
//! signed-in member's name. Renderer-free: the glue turns the draft into
//! the store's record.

use crate::app::use_lang;
use crate::screens::leave_sheet::LeaveSheet;
use dioxus::prelude::*;
use std::collections::BTreeMap;

/// The crew's latest handover as the screen shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct LatestHandover {
    pub written_by: String,
    /// China time, formatted.
    pub written_at: String,
    pub summary: String,
    pub problems: Vec<String>,
    /// Who acknowledged it and when (formatted), once someone has.
    pub ack: Option<(String, String)>,
    /// Written or acknowledged here, not yet taken by the server.
    pub unsent: bool,
}

/// A problem still open from an earlier handover.
#[derive(Clone, Debug, PartialEq)]
pub struct CarriedView {
    pub id: String,
    pub text: String,
    pub order_number: Option<String>,
    pub equipment: Option<String>,
    /// "张伟 · 12-07 08:30".
    pub raised: String,
    /// "3 小时".
    pub age: String,
}

/// An order of the crew that a problem may name.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderChoice {
    pub id: String,
    pub label: String,
}

/// One new problem as typed; `order` is an order id or empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftProblem {
    pub text: String,
    pub order: String,
    pub equipment: String,
}

/// What the outgoing member submits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HandoverDraft {
    pub summary: String,
    pub problems: Vec<DraftProblem>,
    /// Carried problems closed now: id and note.
    pub closed: Vec<(String, String)>,
}

#[component]
pub fn HandoverScreen(
    /// The signed-in member: the outgoing signature, and the name offered
    /// for the acknowledgment unless it is the one who handed over.
    member: String,
    latest: Option<LatestHandover>,
    carried: Vec<CarriedView>,
    orders: Vec<OrderChoice>,
    message: Option<String>,
    on_write: EventHandler<HandoverDraft>,
    on_acknowledge: EventHandler<String>,
    on_back: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let h = lang.handover();
    let back = lang.strings().back;
    let mut summary = use_signal(String::new);
    let mut problems = use_signal(Vec::<DraftProblem>::new);
    let mut closing = use_signal(BTreeMap::<String, String>::new);
    // The acknowledgment is signed by the member signed in on this phone,
    // never a typed name: a name anyone can type proves nothing. The one
    // who handed over waits for the incoming member's own phone.
    let own_handover = latest.as_ref().is_some_and(|l| l.written_by.trim() == member.trim());
    let signer = member.clone();
    let ack_as = member.clone();
    // One record per tap however fast the second comes (the store also
    // keys the record): what was last submitted is not submitted again
    // until it is changed, say after a refusal.
    let mut submitted = use_signal(|| None::<HandoverDraft>);
    let mut acknowledging = use_signal(|| None::<String>);
    let draft = move || HandoverDraft {
        summary: summary(),
        problems: problems(),
        closed: closing().into_iter().collect(),
    };
    let to_acknowledge = latest.as_ref().is_some_and(|l| l.ack.is_none());
    let awaiting_my_ack = to_acknowledge && !own_handover;
    // ← 返回 with something written asks first (see LeaveSheet); a saved
    // form starts afresh, so what is left here was never recorded.
    let mut leaving = use_signal(|| false);
    let has_input = move || !summary().trim().is_empty() || !problems().is_empty() || !closing().is_empty();
    rsx! {
        if leaving() {
            LeaveSheet { on_stay: move |_| leaving.set(false), on_leave: move |_| on_back.call(()) }
        }
        section { class: "meter-damage handover",
            button {
                class: "back",
                onclick: move |_| if has_input() { leaving.set(true) } else { on_back.call(()) },
                "{back}"
            }
            h2 { "{h.ho_title}" }
            if let Some(m) = message {
                p { class: "message", role: "status", "data-testid": "handover-message", "{m}" }
            }
            match &latest {
                None => rsx! { p { class: "muted", "{h.ho_none_yet}" } },
                Some(l) => rsx! {
                    div { class: if to_acknowledge { "handover-latest pending" } else { "handover-latest" },
                        "data-testid": "handover-latest",
                        h3 { if to_acknowledge { "{h.ho_to_acknowledge}" } else { "{h.ho_last}" } }
                        p { strong { "{h.ho_handed_over_by} " } "{h.written(&l.written_by, &l.written_at)}" }
                        if !l.summary.trim().is_empty() {
                            p { strong { "{h.ho_summary} " } "{l.summary}" }
                        }
                        if l.problems.is_empty() {
                            p { class: "muted", "{h.ho_no_problems}" }
                        } else {
                            ul { for p in l.problems.iter() { li { "{p}" } } }
                        }
                        if let Some((by, at)) = &l.ack {
                            p { class: "done", "data-testid": "handover-acknowledged", "✓ {h.acknowledged(by, at)}" }
                        } else if own_handover {
                            p { class: "muted", "data-testid": "handover-wait-incoming", "{h.ho_wait_incoming}" }
                        } else {
                            p { class: "signer", "data-testid": "handover-ack-name",
                                strong { "{h.ho_your_name} " }
                                "{signer}"
                            }
                            button {
                                class: "action primary",
                                "data-testid": "handover-acknowledge",
                                disabled: acknowledging() == Some(signer.clone()),
                                onclick: move |_| {
                                    if acknowledging() == Some(ack_as.clone()) {
                                        return;
                                    }
                                    acknowledging.set(Some(ack_as.clone()));
                                    on_acknowledge.call(ack_as.clone());
                                },
                                "{h.ho_acknowledge}"
                            }
                        }
                        if l.unsent {
                            p { class: "muted", "{h.ho_not_sent}" }
                        }
                    }
                },
            }
            // The incoming member came to acknowledge: the form for the
            // next handover stays folded under its heading until asked for.
            details { class: "handover-write", open: !awaiting_my_ack,
            summary { h3 { "{h.ho_write}" } }
            if !carried.is_empty() {
                fieldset { class: "causes", "data-testid": "handover-carried",
                    legend { "{h.ho_carried}" }
                    for c in carried.iter().cloned() {
                        div { class: "carried", key: "{c.id}",
                            p {
                                "{c.text}"
                                if let Some(n) = &c.order_number { " · {n}" }
                                if let Some(e) = &c.equipment { " · {e}" }
                                span { class: "muted", " · {c.raised} · {h.ho_open_for.format(&[(\"age\", c.age.as_str().into())])}" }
                            }
                            label { class: "check-item",
                                input {
                                    r#type: "checkbox",
                                    "data-testid": "carried-close",
                                    checked: closing.read().contains_key(&c.id),
                                    onchange: {
                                        let id = c.id.clone();
                                        move |e: FormEvent| {
                                            if e.checked() {
                                                closing.write().insert(id.clone(), String::new());
                                            } else {
                                                closing.write().remove(&id);
                                            }
                                        }
                                    },
                                }
                                span { "{h.ho_close_it}" }
                            }
                            if closing.read().contains_key(&c.id) {
                                input {
                                    "data-testid": "carried-note",
                                    placeholder: "{h.ho_close_note}",
                                    value: "{closing.read().get(&c.id).cloned().unwrap_or_default()}",
                                    oninput: {
                                        let id = c.id.clone();
                                        move |e: FormEvent| {
                                            closing.write().insert(id.clone(), e.value());
                                        }
                                    },
                                }
                            }
                        }
                    }
                }
            }
            for (i, p) in problems.read().iter().cloned().enumerate() {
                fieldset { class: "causes new-problem", key: "{i}", "data-testid": "new-problem",
                    legend { "{h.ho_new_problem} {i + 1}" }
                    label { class: "signer",
                        span { "{h.ho_problem_text}" }
                        input {
                            "data-testid": "problem-text",
                            value: "{p.text}",
                            oninput: move |e| problems.write()[i].text = e.value(),
                        }
                    }
                    label { class: "signer",
                        span { "{h.ho_linked_order}" }
                        select {
                            "data-testid": "problem-order",
                            onchange: move |e| problems.write()[i].order = e.value(),
                            option { value: "", selected: p.order.is_empty(), "{h.ho_no_order}" }
                            for o in orders.iter() {
                                option { value: "{o.id}", selected: p.order == o.id, "{o.label}" }
                            }
                        }
                    }
                    label { class: "signer",
                        span { "{h.ho_equipment}" }
                        input {
                            "data-testid": "problem-equipment",
                            value: "{p.equipment}",
                            oninput: move |e| problems.write()[i].equipment = e.value(),
                        }
                    }
                    button {
                        class: "link",
                        onclick: move |_| {
                            problems.write().remove(i);
                        },
                        "{h.ho_remove_problem}"
                    }
                }
            }
            button {
                class: "action",
                "data-testid": "handover-add-problem",
                onclick: move |_| problems.write().push(DraftProblem::default()),
                "+ {h.ho_add_problem}"
            }
            label { class: "signer",
                span { "{h.ho_summary}" }
                textarea {
                    class: "report-text",
                    "data-testid": "handover-summary",
                    placeholder: "{h.ho_summary_placeholder}",
                    value: "{summary}",
                    oninput: move |e| summary.set(e.value()),
                }
            }
            p { strong { "{h.ho_signed_as} " } "{member}" }
            button {
                class: "action primary",
                "data-testid": "handover-submit",
                disabled: submitted() == Some(draft()),
                onclick: move |_| {
                    let now = draft();
                    if submitted() == Some(now.clone()) {
                        return;
                    }
                    submitted.set(Some(now.clone()));
                    on_write.call(now);
                },
                "{h.ho_submit}"
            }
            }
        }
    }
}
