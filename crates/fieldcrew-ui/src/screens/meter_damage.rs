//! Recording a damaged meter: the cause (a common one or free text), whether
//! the customer is responsible, and at least one photo. Photos can be
//! retaken or deleted until the record is saved.

use crate::app::use_strings;
use crate::i18n::Strings;
use crate::screens::photo_view::PhotoView;
use dioxus::prelude::*;

fn common_causes(s: &Strings) -> [&'static str; 6] {
    [s.cause_forced_open, s.cause_tampered, s.cause_impact, s.cause_water, s.cause_lightning, s.cause_fire]
}

/// The cause text as the customer will read it: the chosen cause, then the
/// crew's own words.
pub fn cause_text(choice: &str, detail: &str) -> String {
    match (choice.trim(), detail.trim()) {
        (c, "") => c.to_string(),
        ("", d) => d.to_string(),
        (c, d) => format!("{c}：{d}"),
    }
}

/// The damage record as the crew filled it in.
#[derive(Clone, Debug, PartialEq)]
pub struct DamageDraft {
    pub cause: String,
    pub customer_responsible: bool,
    pub meter_number: String,
    pub meter_reading: String,
}

#[component]
pub fn MeterDamageForm(
    photos: Vec<PhotoView>,
    /// A photo is being shrunk and stamped: no second one until it is done.
    #[props(default)]
    processing: bool,
    message: Option<String>,
    on_take_photo: EventHandler<()>,
    on_delete_photo: EventHandler<String>,
    on_save: EventHandler<DamageDraft>,
    on_back: EventHandler<()>,
) -> Element {
    let s = use_strings();
    let mut choice = use_signal(String::new);
    let mut detail = use_signal(String::new);
    let mut responsible = use_signal(|| None::<bool>);
    let mut meter_number = use_signal(String::new);
    let mut meter_reading = use_signal(String::new);
    let cause = cause_text(&choice(), &detail());
    let ready = !cause.is_empty() && responsible().is_some() && !photos.is_empty();
    rsx! {
        section { class: "meter-damage",
            button { class: "back", onclick: move |_| on_back.call(()), "{s.back}" }
            h2 { "{s.meter_damage_title}" }
            fieldset { class: "causes",
                legend { "{s.cause_label}" }
                for c in common_causes(s) {
                    label { class: "check-item", key: "{c}",
                        input {
                            r#type: "radio",
                            name: "cause",
                            checked: choice() == c,
                            onchange: move |_| choice.set(c.to_string()),
                        }
                        span { "{c}" }
                    }
                }
                textarea {
                    class: "report-text",
                    placeholder: "{s.cause_other_placeholder}",
                    value: "{detail}",
                    oninput: move |e| detail.set(e.value()),
                }
            }
            fieldset { class: "meter-facts",
                label { class: "field",
                    span { "{s.meter_number}" }
                    input {
                        class: "meter-number",
                        inputmode: "numeric",
                        value: "{meter_number}",
                        oninput: move |e| meter_number.set(e.value()),
                    }
                }
                label { class: "field",
                    span { "{s.meter_reading}" }
                    input {
                        class: "meter-reading",
                        inputmode: "decimal",
                        value: "{meter_reading}",
                        oninput: move |e| meter_reading.set(e.value()),
                    }
                }
            }
            fieldset { class: "responsibility",
                legend { "{s.responsibility_question}" }
                for (value, label) in [(true, s.yes), (false, s.no)] {
                    label { class: "check-item",
                        input {
                            r#type: "radio",
                            name: "responsible",
                            checked: responsible() == Some(value),
                            onchange: move |_| responsible.set(Some(value)),
                        }
                        span { "{label}" }
                    }
                }
            }
            div { class: "photos",
                for photo in photos.iter().cloned() {
                    figure { class: "thumb", key: "{photo.sha256}",
                        img { src: "{photo.data_url}", alt: "" }
                        button {
                            class: "delete-photo",
                            onclick: move |_| on_delete_photo.call(photo.sha256.clone()),
                            "{s.delete_photo}"
                        }
                    }
                }
            }
            if photos.is_empty() {
                p { class: "gps missing", "{s.photos_needed}" }
            }
            if let Some(m) = message {
                p { class: "warning", role: "alert", "{m}" }
            }
            if processing {
                p { class: "message processing", role: "status", "{s.photo_processing}" }
            }
            // No emoji: cheap phones' fonts draw it as a box.
            button { class: "action", disabled: processing, onclick: move |_| on_take_photo.call(()), "{s.take_photo}" }
            button {
                class: "action primary",
                disabled: !ready || processing,
                onclick: move |_| {
                    on_save.call(DamageDraft {
                        cause: cause_text(&choice(), &detail()),
                        customer_responsible: responsible().unwrap_or(false),
                        meter_number: meter_number().trim().to_string(),
                        meter_reading: meter_reading().trim().to_string(),
                    })
                },
                "{s.save_damage}"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cause_text;

    #[test]
    fn the_cause_text_joins_choice_and_detail() {
        assert_eq!(cause_text("表箱被撬", ""), "表箱被撬");
        assert_eq!(cause_text("", " 邻居反映 "), "邻居反映");
        assert_eq!(cause_text("表箱被撬", "锁已损坏"), "表箱被撬：锁已损坏");
    }
}
