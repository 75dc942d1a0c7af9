//! The reason a deadline was missed (003 §四.1(7)): once arrival or
//! restoration is recorded past its deadline, the order screen asks for it
//! with big buttons for the usual reasons and a box for any other; once
//! given, it shows the reason on record. Lateness comes from the SLA clock.

use crate::app::use_lang;
use crate::i18n::Strings;
use dioxus::prelude::*;
use fieldcrew_core::Thresholds;
use fieldcrew_core::event::{EventKind, LateStep};
use fieldcrew_core::late::recorded_late;
use fieldcrew_core::store::OrderRow;

fn common_reasons(s: &Strings) -> [&'static str; 5] {
    [
        s.late_reason_far,
        s.late_reason_traffic,
        s.late_reason_weather,
        s.late_reason_other_orders,
        s.late_reason_wrong_address,
    ]
}

fn prompt(s: &Strings, step: LateStep) -> &'static str {
    match step {
        LateStep::Arrived => s.late_arrival_prompt,
        LateStep::Restored => s.late_restore_prompt,
    }
}

fn on_record_label(s: &Strings, step: LateStep) -> &'static str {
    match step {
        LateStep::Arrived => s.late_arrival_reason,
        LateStep::Restored => s.late_restore_reason,
    }
}

/// One block per late step: the prompt while unexplained, else the reason.
#[component]
pub fn LateReasons(row: OrderRow, limits: Thresholds, on_record: EventHandler<EventKind>) -> Element {
    let lang = use_lang();
    let calendar = limits.working_calendar.clone();
    let late: Vec<LateStep> = LateStep::ALL
        .into_iter()
        .filter(|step| recorded_late(*step, &row.order, &row.state, &limits, &calendar))
        .collect();
    // An order dispatch removed is read-only: its reasons show, nothing is asked.
    let can_ask = row.removed.is_none();
    rsx! {
        for step in late {
            if let Some(reason) = row.state.late_reason(step) {
                p { class: "late-reason", {lang.strings().labelled(on_record_label(lang.strings(), step), &reason)} }
            } else if can_ask {
                LatePrompt { key: "{step:?}", step, on_record }
            }
        }
    }
}

#[component]
fn LatePrompt(step: LateStep, on_record: EventHandler<EventKind>) -> Element {
    let s = use_lang().strings();
    let mut other = use_signal(String::new);
    let explain = move |reason: String| on_record.call(EventKind::DelayExplained { step, reason });
    rsx! {
        section { class: "late-prompt",
            p { class: "warning", role: "alert", "{prompt(s, step)}" }
            div { class: "actions",
                for reason in common_reasons(s) {
                    button { class: "action", onclick: move |_| explain(reason.to_string()), "{reason}" }
                }
            }
            textarea {
                class: "report-text",
                placeholder: "{s.late_reason_other}",
                value: "{other}",
                oninput: move |e| other.set(e.value()),
            }
            button {
                class: "action",
                disabled: other().trim().is_empty(),
                onclick: move |_| {
                    explain(other().trim().to_string());
                    other.set(String::new());
                },
                "{s.late_reason_submit}"
            }
        }
    }
}
