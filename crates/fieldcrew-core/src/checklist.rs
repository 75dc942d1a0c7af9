//! The site-cleanup checklist (001 4.3.12, 5.3.9: 工完料净场地清). Items are
//! data, so the UI renders whatever list the station configures.

use serde::{Deserialize, Serialize};

/// When an item has to be ticked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppliesWhen {
    Always,
    /// Only when the crew touched a meter (meter box opened).
    MeterTouched,
}

/// A value an item needs besides the tick.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemInput {
    /// The number of the new seal on the meter box.
    SealNumber,
}

/// One line of the checklist definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub key: String,
    pub zh: String,
    pub en: String,
    pub applies: AppliesWhen,
    pub input: Option<ItemInput>,
}

/// One ticked line as recorded in the event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedItem {
    pub key: String,
    pub done: bool,
    /// The seal number, for items that ask for one.
    pub value: Option<String>,
}

/// Why a checklist is not complete.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChecklistIncomplete {
    #[error("checklist item `{0}` is not done")]
    NotDone(String),
    #[error("checklist item `{0}` needs a value (seal number)")]
    MissingValue(String),
    #[error("checklist item `{0}` is not part of the checklist")]
    Unknown(String),
}

fn item(key: &str, zh: &str, en: &str, applies: AppliesWhen, input: Option<ItemInput>) -> ChecklistItem {
    ChecklistItem { key: key.into(), zh: zh.into(), en: en.into(), applies, input }
}

/// The standard list from the service rules.
pub fn standard_items() -> Vec<ChecklistItem> {
    use AppliesWhen::*;
    vec![
        item("signs_removed", "安全标志和围栏已拆除", "Safety signs and barriers removed", Always, None),
        item("no_leftovers", "无遗留材料和废弃物", "No leftover material or waste", Always, None),
        item("site_clean", "设备和现场清洁、无污迹", "Equipment and site clean, no stains", Always, None),
        item(
            "borrowed_returned",
            "借用客户物品已清洁归还",
            "Borrowed customer items cleaned and returned",
            Always,
            None,
        ),
        item("property_restored", "损坏的客户财物已恢复", "Damaged customer property restored", Always, None),
        item(
            "meter_sealed",
            "表箱已关闭并重新加封，记录封印号",
            "Meter box closed and re-sealed, seal number recorded",
            MeterTouched,
            Some(ItemInput::SealNumber),
        ),
        item("opinion_asked", "已征询客户意见", "Customer's opinion asked", Always, None),
        item(
            "phone_left",
            "已留下供电所联系电话",
            "Department phone number left with the customer",
            Always,
            None,
        ),
    ]
}

/// The items that apply to this visit.
pub fn applicable(items: &[ChecklistItem], meter_touched: bool) -> impl Iterator<Item = &ChecklistItem> {
    items.iter().filter(move |i| i.applies == AppliesWhen::Always || meter_touched)
}

/// Checks that every applicable item is done and carries its value.
pub fn verify_complete(
    definition: &[ChecklistItem],
    checked: &[CheckedItem],
    meter_touched: bool,
) -> Result<(), ChecklistIncomplete> {
    if let Some(unknown) = checked.iter().find(|c| !definition.iter().any(|d| d.key == c.key)) {
        return Err(ChecklistIncomplete::Unknown(unknown.key.clone()));
    }
    for item in applicable(definition, meter_touched) {
        let Some(tick) = checked.iter().find(|c| c.key == item.key && c.done) else {
            return Err(ChecklistIncomplete::NotDone(item.key.clone()));
        };
        let has_value = tick.value.as_deref().is_some_and(|v| !v.trim().is_empty());
        if item.input.is_some() && !has_value {
            return Err(ChecklistIncomplete::MissingValue(item.key.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_done(meter: bool) -> Vec<CheckedItem> {
        applicable(&standard_items(), meter)
            .map(|i| CheckedItem {
                key: i.key.clone(),
                done: true,
                value: i.input.map(|_| "SEAL-0042".to_string()),
            })
            .collect()
    }

    #[test]
    fn the_standard_list_has_the_eight_items_of_the_rules() {
        assert_eq!(standard_items().len(), 8);
        assert_eq!(applicable(&standard_items(), false).count(), 7);
        assert_eq!(applicable(&standard_items(), true).count(), 8);
    }

    #[test]
    fn a_fully_ticked_list_is_complete() {
        assert_eq!(verify_complete(&standard_items(), &all_done(false), false), Ok(()));
        assert_eq!(verify_complete(&standard_items(), &all_done(true), true), Ok(()));
    }

    #[test]
    fn an_unticked_item_is_named() {
        let mut ticks = all_done(false);
        ticks[2].done = false;
        assert_eq!(
            verify_complete(&standard_items(), &ticks, false),
            Err(ChecklistIncomplete::NotDone("site_clean".into()))
        );
    }

    #[test]
    fn a_touched_meter_needs_its_seal_number() {
        assert_eq!(
            verify_complete(&standard_items(), &all_done(false), true),
            Err(ChecklistIncomplete::NotDone("meter_sealed".into()))
        );
        let mut ticks = all_done(true);
        ticks.iter_mut().for_each(|t| {
            if t.key == "meter_sealed" {
                t.value = Some("  ".into());
            }
        });
        assert_eq!(
            verify_complete(&standard_items(), &ticks, true),
            Err(ChecklistIncomplete::MissingValue("meter_sealed".into()))
        );
    }

    #[test]
    fn an_item_not_in_the_definition_is_refused() {
        let mut ticks = all_done(false);
        ticks.push(CheckedItem { key: "made_up".into(), done: true, value: None });
        assert_eq!(
            verify_complete(&standard_items(), &ticks, false),
            Err(ChecklistIncomplete::Unknown("made_up".into()))
        );
    }
}
