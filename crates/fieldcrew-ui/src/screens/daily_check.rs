//! The daily check of tools, safety gear, materials and vehicle (每日出车前
//! 检查): the banner on the order list, the warning on an order not yet
//! reached, and the form. Every item is 正常 or 有缺陷 with big targets
//! (gloves); a defect takes a note and photos.

use crate::app::context::use_lang;
use crate::screens::photo_view::PhotoView;
use dioxus::prelude::*;
use fieldcrew_core::daily_check::{CheckGroup, DailyCheckItem, ItemOutcome};

/// One item as the crew is answering it.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerDraft {
    pub item: DailyCheckItem,
    pub outcome: Option<ItemOutcome>,
    pub note: String,
    pub photos: Vec<PhotoView>,
}

/// Today's check already on record, shown above a new one.
#[derive(Clone, Debug, PartialEq)]
pub struct DoneToday {
    /// `HH:MM` in UTC+8.
    pub time: String,
    pub checked_by: String,
    /// Group, item label and note of each defect.
    pub defects: Vec<(CheckGroup, String, String)>,
}

/// On the order list: whether today's check is done, and the way to it.
#[component]
pub fn DailyCheckBanner(
    /// `HH:MM` (UTC+8) of today's check; `None` while not done.
    done_at: Option<String>,
    #[props(default)] defects: usize,
    on_open: EventHandler<()>,
) -> Element {
    let s = use_lang().daily_check();
    match done_at {
        None => rsx! {
            button { class: "daily-check-banner not-done", onclick: move |_| on_open.call(()),
                span { class: "dc-state", "{s.dc_not_done}" }
                span { class: "dc-hint", "{s.dc_not_done_hint}" }
                span { class: "dc-go", "{s.dc_open} ›" }
            }
        },
        Some(time) => {
            let done = s.dc_done.format(&[("time", time.as_str().into())]);
            let summary = if defects == 0 {
                s.dc_no_defects.to_string()
            } else {
                s.dc_defects.format(&[("n", (defects as u32).into())])
            };
            let class =
                if defects == 0 { "daily-check-banner done" } else { "daily-check-banner done with-defects" };
            rsx! {
                button { class: "{class}", onclick: move |_| on_open.call(()),
                    span { class: "dc-state", "{done}" }
                    span { class: "dc-hint", "{summary}" }
                    span { class: "dc-go", "{s.dc_view} ›" }
                }
            }
        }
    }
}

/// On an order before arrival when today's check is missing. It never
/// stops the repair: the steps stay where they are.
#[component]
pub fn DailyCheckWarning(on_open: EventHandler<()>) -> Element {
    let s = use_lang().daily_check();
    rsx! {
        div { class: "warning daily-check-warning", role: "status",
            p { class: "dc-warning-text", "{s.dc_warning}" }
            p { class: "dc-warning-hint", "{s.dc_warning_hint}" }
            button { class: "action dc-warning-open", onclick: move |_| on_open.call(()), "{s.dc_open}" }
        }
    }
}

#[component]
pub fn DailyCheckForm(
    answers: Vec<AnswerDraft>,
    member: String,
    /// A photo is being shrunk and stamped.
    #[props(default)]
    processing: bool,
    /// 提交 was tapped and the record is being saved.
    #[props(default)]
    submitting: bool,
    message: Option<String>,
    /// Today's check when one is recorded already.
    #[props(default)]
    done_today: Option<DoneToday>,
    on_answer: EventHandler<(String, ItemOutcome)>,
    on_note: EventHandler<(String, String)>,
    on_take_photo: EventHandler<String>,
    on_delete_photo: EventHandler<String>,
    on_submit: EventHandler<()>,
    on_back: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let s = lang.daily_check();
    let tag = lang.tag();
    let total = answers.len();
    let done = answers.iter().filter(|a| a.outcome.is_some()).count();
    let progress = s.dc_progress.format(&[("done", (done as u32).into()), ("total", (total as u32).into())]);
    let groups: Vec<(CheckGroup, Vec<AnswerDraft>)> = CheckGroup::ALL
        .into_iter()
        .map(|g| (g, answers.iter().filter(|a| a.item.group == g).cloned().collect::<Vec<_>>()))
        .filter(|(_, items)| !items.is_empty())
        .collect();
    rsx! {
        section { class: "daily-check",
            button { class: "back", onclick: move |_| on_back.call(()), "{lang.strings().back}" }
            h2 { "{s.dc_title}" }
            if let Some(done) = done_today {
                div { class: "message dc-done-today",
                    p { class: "dc-state", {s.dc_done.format(&[("time", done.time.as_str().into())])} " · {done.checked_by}" }
                    if done.defects.is_empty() {
                        p { "{s.dc_no_defects}" }
                    }
                    for (group, label, note) in done.defects {
                        p { class: "dc-done-defect", "{lang.strings().words.check_group(group)} · {label}：{note}" }
                    }
                }
            }
            p { class: "dc-who", "{s.dc_checked_by}：{member}" }
            for (group, items) in groups {
                fieldset { class: "dc-group", key: "{group:?}",
                    legend { "{lang.strings().words.check_group(group)}" }
                    for answer in items {
                        ItemRow {
                            key: "{answer.item.code}",
                            label: answer.item.label(tag).to_string(),
                            answer: answer.clone(),
                            processing,
                            on_answer,
                            on_note,
                            on_take_photo,
                            on_delete_photo,
                        }
                    }
                }
            }
            p { class: "dc-progress", "{progress}" }
            if let Some(text) = message {
                p { class: "warning", role: "alert", "{text}" }
            }
            button {
                class: "action primary dc-submit",
                disabled: submitting || processing,
                onclick: move |_| on_submit.call(()),
                if submitting { "{s.dc_submitting}" } else { "{s.dc_submit}" }
            }
        }
    }
}

#[component]
fn ItemRow(
    label: String,
    answer: AnswerDraft,
    processing: bool,
    on_answer: EventHandler<(String, ItemOutcome)>,
    on_note: EventHandler<(String, String)>,
    on_take_photo: EventHandler<String>,
    on_delete_photo: EventHandler<String>,
) -> Element {
    let s = use_lang().daily_check();
    let code = answer.item.code.clone();
    let pressed = |o: ItemOutcome| if answer.outcome == Some(o) { "true" } else { "false" };
    let (ok_code, defect_code, note_code, photo_code) =
        (code.clone(), code.clone(), code.clone(), code.clone());
    rsx! {
        div { class: "dc-item", "data-code": "{code}",
            p { class: "dc-label", "{label}" }
            div { class: "dc-choices",
                button {
                    class: "dc-choice ok",
                    "aria-pressed": pressed(ItemOutcome::Ok),
                    onclick: move |_| on_answer.call((ok_code.clone(), ItemOutcome::Ok)),
                    "{s.dc_ok}"
                }
                button {
                    class: "dc-choice defect",
                    "aria-pressed": pressed(ItemOutcome::Defect),
                    onclick: move |_| on_answer.call((defect_code.clone(), ItemOutcome::Defect)),
                    "{s.dc_defect}"
                }
            }
            if answer.outcome == Some(ItemOutcome::Defect) {
                textarea {
                    class: "report-text dc-note",
                    placeholder: "{s.dc_note_placeholder}",
                    value: "{answer.note}",
                    oninput: move |e| on_note.call((note_code.clone(), e.value())),
                }
                div { class: "photos",
                    for photo in answer.photos.clone() {
                        figure { class: "thumb", key: "{photo.sha256}",
                            img { src: "{photo.data_url}", alt: "" }
                            button {
                                class: "delete-photo",
                                onclick: {
                                    let sha = photo.sha256.clone();
                                    move |_| on_delete_photo.call(sha.clone())
                                },
                                "{s.dc_delete_photo}"
                            }
                        }
                    }
                }
                button {
                    class: "action dc-photo",
                    disabled: processing,
                    onclick: move |_| on_take_photo.call(photo_code.clone()),
                    "{s.dc_take_photo}"
                }
            }
        }
    }
}
