//! Materials used (材料使用) at close-out: the station's list with a big
//! − / ＋ stepper per item (gloved fingers; no small number fields), saved
//! as one record. Saving again corrects it; the latest record counts.

use crate::app::use_lang;
use crate::i18n::Lang;
use dioxus::prelude::*;
use fieldcrew_core::close_out::{MAX_QUANTITY, Material, MaterialUse, materials_line};

/// The quantities as they stand, in the list's order, zero ones left out.
pub fn uses(list: &[Material], counts: &[u32]) -> Vec<MaterialUse> {
    list.iter().zip(counts).filter(|(_, n)| **n > 0).map(|(m, n)| MaterialUse::of(m, *n)).collect()
}

/// The stepper's starting counts: the record on file, else all zero.
pub fn counts_from(list: &[Material], recorded: Option<&[MaterialUse]>) -> Vec<u32> {
    list.iter()
        .map(|m| recorded.and_then(|r| r.iter().find(|u| u.code == m.code)).map_or(0, |u| u.quantity))
        .collect()
}

/// Set by the panel while its counts differ from the record on file, so
/// the order page can ask before ← 返回 drops them.
#[derive(Clone, Copy)]
pub struct UnsavedMaterials(pub Signal<bool>);

/// Whether `counts` would say something the record on file does not.
fn unsaved(list: &[Material], counts: &[u32], recorded: Option<&[MaterialUse]>) -> bool {
    let now = uses(list, counts);
    match recorded {
        Some(items) => now != items,
        None => !now.is_empty(),
    }
}

#[component]
pub fn MaterialsPanel(
    list: Vec<Material>,
    recorded: Option<Vec<MaterialUse>>,
    on_save: EventHandler<Vec<MaterialUse>>,
) -> Element {
    let lang = use_lang();
    let w = lang.close_out();
    let zh = lang == Lang::ZhCn;
    let start = counts_from(&list, recorded.as_deref());
    // Re-seeded when a new record arrives, so the panel shows what is on file.
    let mut counts = use_signal(|| start.clone());
    let mut seeded = use_signal(|| recorded.clone());
    let pending = try_use_context::<UnsavedMaterials>();
    // After every tap, tell the order page whether anything is unsaved.
    let tapped = {
        let (list, recorded) = (list.clone(), recorded.clone());
        move |counts: &[u32]| {
            if let Some(UnsavedMaterials(mut flag)) = pending {
                flag.set(unsaved(&list, counts, recorded.as_deref()));
            }
        }
    };
    if *seeded.peek() != recorded {
        seeded.set(recorded.clone());
        counts.set(start);
    }
    let changed = uses(&list, &counts()) != recorded.clone().unwrap_or_default() || recorded.is_none();
    // A record goes into the order's hash chain for good: one stray tap
    // with every count at 0 must not state "no materials used".
    let counted = !uses(&list, &counts()).is_empty();
    let save_label = if recorded.is_some() { w.co_materials_correct } else { w.co_materials_save };
    rsx! {
        section { class: "materials", "data-testid": "materials",
            h3 { "{w.co_materials}" }
            match &recorded {
                None => rsx! { p { class: "muted", "{w.co_materials_not_recorded}" } },
                Some(items) if items.is_empty() => rsx! { p { class: "message", {lang.strings().labelled(w.co_materials_recorded, &w.co_materials_none)} } },
                Some(items) => {
                    let line = materials_line(items);
                    rsx! { p { class: "message materials-on-record", {lang.strings().labelled(w.co_materials_recorded, &line)} } }
                }
            }
            p { class: "muted", "{w.co_materials_hint}" }
            ul { class: "stepper-list",
                for (i, m) in list.iter().enumerate() {
                    li { class: "stepper-row", key: "{m.code}", "data-code": "{m.code}",
                        span { class: "stepper-name", "{m.name(zh)}" }
                        button {
                            class: "stepper minus",
                            "aria-label": "{w.co_minus} {m.name(zh)}",
                            disabled: counts()[i] == 0,
                            onclick: {
                                let tapped = tapped.clone();
                                move |_| {
                                    counts.write()[i] = counts()[i].saturating_sub(1);
                                    tapped(&counts.peek());
                                }
                            },
                            "{w.co_minus}"
                        }
                        span { class: "stepper-count", "data-testid": "count-{m.code}", "{counts()[i]}" }
                        span { class: "stepper-unit", "{m.unit(zh)}" }
                        button {
                            class: "stepper plus",
                            "aria-label": "{w.co_plus} {m.name(zh)}",
                            disabled: counts()[i] >= MAX_QUANTITY,
                            onclick: {
                                let tapped = tapped.clone();
                                move |_| {
                                    counts.write()[i] = (counts()[i] + 1).min(MAX_QUANTITY);
                                    tapped(&counts.peek());
                                }
                            },
                            "{w.co_plus}"
                        }
                    }
                }
            }
            button {
                class: "action primary save-materials",
                disabled: !changed || !counted,
                onclick: {
                    let list = list.clone();
                    move |_| {
                        if let Some(UnsavedMaterials(mut flag)) = pending {
                            flag.set(false);
                        }
                        on_save.call(uses(&list, &counts()))
                    }
                },
                "{save_label}"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_core::close_out::default_materials;

    #[test]
    fn the_stepper_starts_from_the_record_and_saves_only_what_was_used() {
        let list = default_materials();
        let fuse = list.iter().position(|m| m.code == "RS").unwrap();
        let recorded = vec![MaterialUse::of(&list[fuse], 3)];
        let mut counts = counts_from(&list, Some(&recorded));
        assert_eq!(counts[fuse], 3);
        assert_eq!(counts.iter().sum::<u32>(), 3);
        counts[fuse] = 2;
        counts[0] = 15;
        let saved = uses(&list, &counts);
        assert_eq!(saved.len(), 2);
        assert_eq!((saved[0].code.as_str(), saved[0].quantity), (list[0].code.as_str(), 15));
        assert_eq!((saved[1].code.as_str(), saved[1].quantity, saved[1].unit.as_str()), ("RS", 2, "只"));
    }
}
