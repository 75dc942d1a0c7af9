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
    /// The crew may mark the item 不涉及 (nothing was borrowed, nothing
    /// damaged) instead of ticking something that did not happen.
    #[serde(default)]
    pub may_not_apply: bool,
}

/// One ticked line as recorded in the event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedItem {
    pub key: String,
    pub done: bool,
    /// The seal number, for items that ask for one.
    pub value: Option<String>,
    /// Marked 不涉及: the item did not apply to this job. Left out of the
    /// JSON when false, so records made before it existed hash the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
}

impl CheckedItem {
    /// An item not yet ticked nor marked.
    pub fn open(key: &str) -> Self {
        CheckedItem { key: key.to_string(), done: false, value: None, not_applicable: false }
    }
}

/// Why a checklist is not complete.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(tag = "problem", content = "item", rename_all = "snake_case")]
pub enum ChecklistIncomplete {
    #[error("checklist item `{0}` is not done")]
    NotDone(String),
    #[error("checklist item `{0}` needs a value (seal number)")]
    MissingValue(String),
    #[error("checklist item `{0}` is not part of the checklist")]
    Unknown(String),
    #[error("checklist item `{0}` can not be marked not applicable")]
    MustApply(String),
    #[error("checklist item `{0}` is both done and not applicable")]
    DoneAndNotApplicable(String),
}

fn item(key: &str, zh: &str, en: &str, applies: AppliesWhen, input: Option<ItemInput>) -> ChecklistItem {
    ChecklistItem { key: key.into(), zh: zh.into(), en: en.into(), applies, input, may_not_apply: false }
}

fn may_not_apply(item: ChecklistItem) -> ChecklistItem {
    ChecklistItem { may_not_apply: true, ..item }
}

/// The standard list from the service rules.
pub fn standard_items() -> Vec<ChecklistItem> {
    use AppliesWhen::*;
    vec![
        item("signs_removed", "安全标志和围栏已拆除", "Safety signs and barriers removed", Always, None),
        item("no_leftovers", "无遗留材料和废弃物", "No leftover material or waste", Always, None),
        item("site_clean", "设备和现场清洁、无污迹", "Equipment and site clean, no stains", Always, None),
        may_not_apply(item(
            "borrowed_returned",
            "借用客户物品已清洁归还",
            "Borrowed customer items cleaned and returned",
            Always,
            None,
        )),
        may_not_apply(item(
            "property_restored",
            "损坏的客户财物已恢复",
            "Damaged customer property restored",
            Always,
            None,
        )),
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
        let entry = checked.iter().find(|c| c.key == item.key);
        match entry {
            Some(c) if c.done && c.not_applicable => {
                return Err(ChecklistIncomplete::DoneAndNotApplicable(item.key.clone()));
            }
            Some(c) if c.not_applicable && !item.may_not_apply => {
                return Err(ChecklistIncomplete::MustApply(item.key.clone()));
            }
            Some(c) if c.not_applicable => continue,
            _ => {}
        }
        let Some(tick) = entry.filter(|c| c.done) else {
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
                value: i.input.map(|_| "SEAL-0042".to_string()),
                done: true,
                ..CheckedItem::open(&i.key)
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
    fn borrowed_items_and_damaged_property_may_be_marked_not_applicable() {
        let mut ticks = all_done(false);
        for t in ticks.iter_mut().filter(|t| t.key == "borrowed_returned" || t.key == "property_restored") {
            t.done = false;
            t.not_applicable = true;
        }
        assert_eq!(verify_complete(&standard_items(), &ticks, false), Ok(()));
    }

    #[test]
    fn a_cleanup_step_that_always_applies_can_not_be_waved_away() {
        let mut ticks = all_done(false);
        ticks[0].done = false;
        ticks[0].not_applicable = true;
        assert_eq!(
            verify_complete(&standard_items(), &ticks, false),
            Err(ChecklistIncomplete::MustApply("signs_removed".into()))
        );
    }

    #[test]
    fn an_item_ticked_and_marked_not_applicable_is_refused() {
        let mut ticks = all_done(false);
        let borrowed = ticks.iter_mut().find(|t| t.key == "borrowed_returned").unwrap();
        borrowed.not_applicable = true;
        assert_eq!(
            verify_complete(&standard_items(), &ticks, false),
            Err(ChecklistIncomplete::DoneAndNotApplicable("borrowed_returned".into()))
        );
    }

    #[test]
    fn a_tick_recorded_before_not_applicable_existed_hashes_the_same() {
        let json =
            serde_json::to_string(&CheckedItem { done: true, ..CheckedItem::open("site_clean") }).unwrap();
        assert_eq!(json, r#"{"key":"site_clean","done":true,"value":null}"#);
    }

    #[test]
    fn an_item_not_in_the_definition_is_refused() {
        let mut ticks = all_done(false);
        ticks.push(CheckedItem { done: true, ..CheckedItem::open("made_up") });
        assert_eq!(
            verify_complete(&standard_items(), &ticks, false),
            Err(ChecklistIncomplete::Unknown("made_up".into()))
        );
    }
}
