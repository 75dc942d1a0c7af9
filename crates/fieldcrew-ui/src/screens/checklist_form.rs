//! The site-cleanup checklist as big tick boxes, rendered from the
//! checklist definition (data), with the seal number where asked. Items that
//! may not apply to a job (nothing borrowed, nothing damaged) carry 不涉及,
//! so nobody has to tick something that did not happen; the finish button
//! says what is still missing.

use crate::app::use_lang;
use crate::i18n::{Lang, Strings};
use dioxus::prelude::*;
use fieldcrew_core::checklist::{self, CheckedItem, ChecklistItem};

/// The item's name in the screen's language.
fn name(item: &ChecklistItem, lang: Lang) -> &str {
    if lang == Lang::ZhCn { &item.zh } else { &item.en }
}

/// What still stands between the crew and a complete checklist, in words.
pub fn missing(shown: &[ChecklistItem], ticks: &[CheckedItem], lang: Lang, s: &Strings) -> Vec<String> {
    shown
        .iter()
        .zip(ticks)
        .filter_map(|(item, tick)| {
            if tick.not_applicable {
                None
            } else if !tick.done {
                Some(name(item, lang).to_string())
            } else if item.input.is_some() && tick.value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                Some(s.seal_number_missing.to_string())
            } else {
                None
            }
        })
        .collect()
}

/// The two boxes of an item.
#[derive(Clone, Copy)]
enum Mark {
    Done,
    NotApplicable,
}

/// Sets one box; ticking one clears the other, since an item is done or
/// does not apply, never both.
fn mark(tick: &mut CheckedItem, which: Mark, checked: bool) {
    let (this, other) = match which {
        Mark::Done => (&mut tick.done, &mut tick.not_applicable),
        Mark::NotApplicable => (&mut tick.not_applicable, &mut tick.done),
    };
    *this = checked;
    if checked {
        *other = false;
    }
}

#[component]
pub fn ChecklistForm(
    items: Vec<ChecklistItem>,
    meter_touched: bool,
    on_done: EventHandler<Vec<CheckedItem>>,
) -> Element {
    let lang = use_lang();
    let s = lang.strings();
    let shown: Vec<ChecklistItem> = checklist::applicable(&items, meter_touched).cloned().collect();
    let mut ticks = use_signal(|| shown.iter().map(|i| CheckedItem::open(&i.key)).collect::<Vec<_>>());
    let complete = checklist::verify_complete(&items, &ticks(), meter_touched).is_ok();
    let still_missing = missing(&shown, &ticks(), lang, s);
    let separator = if lang == Lang::ZhCn { "、" } else { ", " };
    rsx! {
        fieldset { class: "checklist",
            legend { "{s.checklist_title}" }
            for (index, item) in shown.iter().enumerate() {
                div { class: "check-row", key: "{item.key}",
                    label { class: "check-item",
                        input {
                            r#type: "checkbox",
                            checked: ticks.read()[index].done,
                            onchange: move |e| mark(&mut ticks.write()[index], Mark::Done, e.checked()),
                        }
                        span { "{name(item, lang)}" }
                    }
                    if item.may_not_apply {
                        label { class: "check-item not-applicable",
                            input {
                                r#type: "checkbox",
                                checked: ticks.read()[index].not_applicable,
                                onchange: move |e| mark(&mut ticks.write()[index], Mark::NotApplicable, e.checked()),
                            }
                            span { "{s.not_applicable}" }
                        }
                    }
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
            if !still_missing.is_empty() {
                p { class: "checklist-missing", "{s.checklist_missing}{still_missing.join(separator)}" }
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
