//! The site-cleanup checklist as big tick boxes, rendered from the
//! checklist definition (data), with the seal number where asked.

use crate::i18n::Lang;
use dioxus::prelude::*;
use fieldcrew_core::checklist::{self, CheckedItem, ChecklistItem};

#[component]
pub fn ChecklistForm(
    items: Vec<ChecklistItem>,
    meter_touched: bool,
    lang: Lang,
    on_done: EventHandler<Vec<CheckedItem>>,
) -> Element {
    let s = lang.strings();
    let shown: Vec<ChecklistItem> = checklist::applicable(&items, meter_touched).cloned().collect();
    let mut ticks = use_signal(|| {
        shown.iter().map(|i| CheckedItem { key: i.key.clone(), done: false, value: None }).collect::<Vec<_>>()
    });
    let complete = checklist::verify_complete(&items, &ticks(), meter_touched).is_ok();
    rsx! {
        fieldset { class: "checklist",
            legend { "{s.checklist_title}" }
            for (index, item) in shown.iter().enumerate() {
                label { class: "check-item", key: "{item.key}",
                    input {
                        r#type: "checkbox",
                        checked: ticks.read()[index].done,
                        onchange: move |e| ticks.write()[index].done = e.checked(),
                    }
                    span { if lang == Lang::ZhCn { "{item.zh}" } else { "{item.en}" } }
                }
                if item.input.is_some() {
                    input {
                        class: "seal-number",
                        placeholder: "{s.seal_number}",
                        value: ticks.read()[index].value.clone().unwrap_or_default(),
                        oninput: move |e| ticks.write()[index].value = Some(e.value()),
                    }
                }
            }
            button {
                class: "action primary",
                disabled: !complete,
                onclick: move |_| on_done.call(ticks()),
                "{s.action_cleanup}"
            }
        }
    }
}
