//! The photo of the completed work (完工照片) at close-out, on any order:
//! how many are on record, a button to take one, and a warning while there
//! is none (a hard stop only where the station requires it).

use crate::app::use_lang;
use dioxus::prelude::*;

#[component]
pub fn CompletionPhoto(
    taken: usize,
    required: bool,
    can_take: bool,
    busy: bool,
    on_take: EventHandler<()>,
) -> Element {
    let w = use_lang().close_out();
    rsx! {
        section { class: "completion-photo", "data-testid": "completion-photo",
            h3 { "{w.co_completion_photo}" }
            if taken == 0 {
                p { class: "warning", role: "alert", "data-testid": "no-completion-photo",
                    if required { "{w.co_completion_photo_required}" } else { "{w.co_no_completion_photo}" }
                }
            } else {
                p { class: "message", "data-testid": "completion-taken", "{w.taken(taken)}" }
            }
            if can_take {
                button {
                    class: "action take-completion-photo",
                    disabled: busy,
                    onclick: move |_| on_take.call(()),
                    "{w.co_take_completion_photo}"
                }
            }
        }
    }
}
