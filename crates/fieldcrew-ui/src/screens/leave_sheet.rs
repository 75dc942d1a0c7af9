//! Asked when ← 返回 would drop a form's unsubmitted input: a glove or a
//! stray tap on the back button must not throw away eleven answers and a
//! defect photo. Keeping the input is the big, first button.

use crate::app::context::use_lang;
use dioxus::prelude::*;

#[component]
pub fn LeaveSheet(
    /// Photos taken on this form go with it (the daily check's defects).
    #[props(default)]
    drops_photos: bool,
    on_stay: EventHandler<()>,
    on_leave: EventHandler<()>,
) -> Element {
    let s = use_lang().strings();
    let detail = if drops_photos { s.leave_detail_photos } else { s.leave_detail };
    rsx! {
        div { class: "sheet-backdrop",
            section { class: "confirm-sheet leave-sheet", role: "dialog", "aria-modal": "true",
                p { class: "confirm-question", "{s.leave_question}" }
                p { class: "confirm-note", "{detail}" }
                div { class: "sheet-buttons",
                    button { class: "action primary leave-stay", onclick: move |_| on_stay.call(()), "{s.leave_stay}" }
                    button { class: "action danger leave-discard", onclick: move |_| on_leave.call(()), "{s.leave_discard}" }
                }
            }
        }
    }
}
