//! Meter staff find faults themselves: a work order created on the phone,
//! offline, queued for the server with its own id.

use crate::app::use_strings;
use chrono::{DateTime, Utc};
use dioxus::prelude::*;
use fieldcrew_core::numbering::{NumberSeries, id_tail, order_number};
use fieldcrew_core::order::{Address, AreaClass, Coordinates, EquipmentKind, OrderSource, Priority};
use fieldcrew_core::{Fix, OrderId, WorkOrder};

const EQUIPMENT: [EquipmentKind; 5] = [
    EquipmentKind::Meter,
    EquipmentKind::Line,
    EquipmentKind::DistributionTransformer,
    EquipmentKind::Switch,
    EquipmentKind::CustomerOwned,
];
const AREAS: [AreaClass; 3] = [AreaClass::Rural, AreaClass::Urban, AreaClass::Remote];

/// What the form collected.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewOrderForm {
    pub customer_name: String,
    pub customer_phone: String,
    pub village_or_street: String,
    pub house_number: String,
    pub fault: String,
    pub equipment: Option<EquipmentKind>,
    pub area: Option<AreaClass>,
    pub use_fix: bool,
}

impl NewOrderForm {
    pub fn is_complete(&self) -> bool {
        !self.village_or_street.trim().is_empty() && !self.fault.trim().is_empty()
    }

    /// The order as the store keeps it, reported `now`; the number is
    /// readable over the phone and unique through the id's random tail.
    pub fn to_order(&self, crew: Option<String>, fix: Option<Fix>, now: DateTime<Utc>) -> WorkOrder {
        let id = OrderId::new();
        WorkOrder {
            id,
            number: order_number(NumberSeries::Field, now, &id_tail(id)),
            source: OrderSource::Field,
            reporter_name: self.customer_name.trim().to_string(),
            reporter_phone: self.customer_phone.trim().to_string(),
            address: Address {
                village_or_street: self.village_or_street.trim().to_string(),
                house_number: self.house_number.trim().to_string(),
            },
            fault_description: self.fault.trim().to_string(),
            equipment: self.equipment.unwrap_or(EquipmentKind::Meter),
            area: self.area.unwrap_or(AreaClass::Rural),
            reported_at: now,
            notified_at: Some(now),
            site: fix.filter(|_| self.use_fix).map(|f| Coordinates { lat: f.lat, lon: f.lon }),
            assigned_crew: crew,
            priority: Priority::Normal,
        }
    }
}

#[component]
pub fn NewOrder(
    has_fix: bool,
    message: Option<String>,
    on_create: EventHandler<NewOrderForm>,
    on_back: EventHandler<()>,
) -> Element {
    let s = use_strings();
    let mut form = use_signal(|| NewOrderForm { use_fix: true, ..Default::default() });
    let text_field = |label: &'static str,
                      get: fn(&NewOrderForm) -> &String,
                      set: fn(&mut NewOrderForm, String)| {
        rsx! {
            label { class: "signer",
                span { "{label}" }
                input { value: "{get(&form.read())}", oninput: move |e| set(&mut form.write(), e.value()) }
            }
        }
    };
    rsx! {
        section { class: "meter-damage new-order",
            button { class: "back", onclick: move |_| on_back.call(()), "{s.back}" }
            h2 { "{s.new_order_title}" }
            {text_field(s.village_or_street, |f| &f.village_or_street, |f, v| f.village_or_street = v)}
            {text_field(s.house_number, |f| &f.house_number, |f, v| f.house_number = v)}
            {text_field(s.customer_name, |f| &f.customer_name, |f, v| f.customer_name = v)}
            {text_field(s.customer_phone, |f| &f.customer_phone, |f, v| f.customer_phone = v)}
            label { class: "signer",
                span { "{s.fault}" }
                textarea {
                    class: "report-text",
                    value: "{form.read().fault}",
                    oninput: move |e| form.write().fault = e.value(),
                }
            }
            fieldset { class: "causes",
                legend { "{s.equipment_label}" }
                for kind in EQUIPMENT {
                    label { class: "check-item",
                        input {
                            r#type: "radio",
                            name: "equipment",
                            checked: form.read().equipment.unwrap_or(EquipmentKind::Meter) == kind,
                            onchange: move |_| form.write().equipment = Some(kind),
                        }
                        span { "{s.equipment(kind)}" }
                    }
                }
            }
            fieldset { class: "causes",
                legend { "{s.area_label}" }
                for area in AREAS {
                    label { class: "check-item",
                        input {
                            r#type: "radio",
                            name: "area",
                            checked: form.read().area.unwrap_or(AreaClass::Rural) == area,
                            onchange: move |_| form.write().area = Some(area),
                        }
                        span { "{s.area(area)}" }
                    }
                }
            }
            if has_fix {
                label { class: "check-item",
                    input {
                        r#type: "checkbox",
                        checked: form.read().use_fix,
                        onchange: move |e| form.write().use_fix = e.checked(),
                    }
                    span { "{s.site_from_gps}" }
                }
            }
            if let Some(m) = message {
                p { class: "warning", role: "alert", "{m}" }
            }
            if !form.read().is_complete() {
                p { class: "gps missing", "{s.required_fields}" }
            }
            button {
                class: "action primary",
                disabled: !form.read().is_complete(),
                onclick: move |_| on_create.call(form()),
                "{s.create_order}"
            }
        }
    }
}
