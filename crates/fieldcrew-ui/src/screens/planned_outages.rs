//! Planned outages (计划停电) in the crew's area, as the last pull brought
//! them and kept offline: area, villages, from–to in Beijing time, reason.
//! A customer who calls a crew about an announced outage gets an answer
//! without anyone driving out. The order list shows a banner on a day with
//! one.

use crate::app::use_lang;
use crate::format::local_short;
use chrono::{DateTime, Utc};
use dioxus::prelude::*;
use fieldcrew_core::store::{CrewOutage, on_today};

/// "今日有计划停电" above the order list when an outage touches today.
#[component]
pub fn OutageBanner(outages: Vec<CrewOutage>, now: DateTime<Utc>, on_open: EventHandler<()>) -> Element {
    let w = use_lang().close_out();
    let today: Vec<&CrewOutage> = outages.iter().filter(|o| on_today(o, now)).collect();
    if today.is_empty() {
        return rsx! {};
    }
    let places = today.iter().map(|o| o.area.as_str()).collect::<Vec<_>>().join("、");
    rsx! {
        button { class: "outage-banner", role: "alert", "data-testid": "outage-banner",
            onclick: move |_| on_open.call(()),
            strong { "{w.co_outages_today}" }
            " · {places}"
        }
    }
}

#[component]
pub fn PlannedOutages(outages: Vec<CrewOutage>, now: DateTime<Utc>, on_back: EventHandler<()>) -> Element {
    let lang = use_lang();
    let (w, back) = (lang.close_out(), lang.strings().back);
    rsx! {
        section { class: "planned-outages",
            button { class: "back", onclick: move |_| on_back.call(()), "{back}" }
            h2 { "{w.co_outages}" }
            p { class: "muted", "{w.co_outages_note}" }
            if outages.is_empty() {
                p { class: "empty", "data-testid": "no-outages", "{w.co_outages_none}" }
            }
            ul { class: "outage-list",
                for o in outages.iter() {
                    li { class: "outage", key: "{o.id}", "data-testid": "outage",
                        p { class: "outage-area",
                            span { class: "muted", {lang.strings().labelled(w.co_outage_area, &"")} }
                            strong { "{o.area}" }
                            " "
                            if o.starts_at <= now && now <= o.ends_at {
                                span { class: "chip warn", "{w.co_outage_now}" }
                            } else if o.ends_at < now {
                                span { class: "chip", "{w.co_outage_ended}" }
                            }
                        }
                        p { class: "outage-window", "{w.window(&local_short(o.starts_at), &local_short(o.ends_at))}" }
                        if !o.villages.is_empty() {
                            p { {lang.strings().labelled(w.co_outage_villages, &o.villages.join("、"))} }
                        }
                        p { {lang.strings().labelled(w.co_outage_reason, &o.reason)} }
                    }
                }
            }
        }
    }
}
