//! The crew's daily check of tools, materials and vehicle (每日出车前检查).
//! 003 §四.2(5): 抢(急)修值班人员应把常用的处理紧急故障的工具、材料、车辆等
//! 随时准备充足,并每天进行检查一次. The items are station data; the check is
//! a record of its own, on no order, made offline on the phone.

use crate::event::{Evidence, PhotoRef};
use crate::ids::{DeviceId, MediaId};
use crate::sla::to_local;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A check's own id, made on the phone: the server stores a check once per id.
pub type DailyCheckId = uuid::Uuid;

/// A new time-ordered check id, made when the check form opens.
pub fn new_check_id() -> DailyCheckId {
    uuid::Uuid::now_v7()
}

/// What an item belongs to, as the check form groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckGroup {
    /// 工器具
    Tools,
    /// 安全用具
    SafetyGear,
    /// 材料
    Materials,
    /// 车辆
    Vehicle,
}

impl CheckGroup {
    /// The order the form shows the groups in.
    pub const ALL: [CheckGroup; 4] =
        [CheckGroup::Tools, CheckGroup::SafetyGear, CheckGroup::Materials, CheckGroup::Vehicle];
}

/// One thing to look at, as the station defines it: named as a thing
/// (轮胎), since the crew answers 正常 or 有缺陷 for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyCheckItem {
    /// Stable code, e.g. `vehicle_brakes`.
    pub code: String,
    pub group: CheckGroup,
    pub zh: String,
    pub en: String,
}

impl DailyCheckItem {
    /// The label in the reader's language (`zh…` tags read Chinese).
    pub fn label(&self, lang_tag: &str) -> &str {
        if lang_tag.starts_with("zh") { &self.zh } else { &self.en }
    }
}

fn item(code: &str, group: CheckGroup, zh: &str, en: &str) -> DailyCheckItem {
    DailyCheckItem { code: code.into(), group, zh: zh.into(), en: en.into() }
}

/// The list a station starts with: what the seeds name for emergency repair
/// (tools, materials, vehicle) plus the safety gear no crew goes out without.
pub fn default_items() -> Vec<DailyCheckItem> {
    use CheckGroup::*;
    vec![
        item("tools_kit", Tools, "常用工器具", "Hand tools"),
        item("tools_tester", Tools, "验电器、万用表", "Voltage tester, multimeter"),
        item("tools_lights", Tools, "照明灯具及电池", "Work lights and batteries"),
        item("safety_insulation", SafetyGear, "绝缘手套、绝缘鞋", "Insulating gloves and boots"),
        item("safety_helmet_belt", SafetyGear, "安全帽、安全带", "Helmets and safety belts"),
        item(
            "safety_earthing",
            SafetyGear,
            "接地线、警示牌、围栏",
            "Earthing leads, warning signs, barriers",
        ),
        item(
            "materials_spares",
            Materials,
            "常用材料备品（熔丝、导线、表箱配件）",
            "Spare materials (fuses, wire, meter-box parts)",
        ),
        item("vehicle_fuel", Vehicle, "燃油", "Fuel"),
        item("vehicle_lights", Vehicle, "车灯", "Lights"),
        item("vehicle_tyres", Vehicle, "轮胎", "Tyres"),
        item("vehicle_brakes", Vehicle, "制动（刹车）", "Brakes"),
    ]
}

/// How an item was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemOutcome {
    Ok,
    Defect,
}

/// One item's answer. The item's words travel with it, so the record still
/// reads the same after the station changes its list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedItem {
    pub item: DailyCheckItem,
    pub outcome: ItemOutcome,
    /// What is wrong; required for a defect.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoRef>,
}

/// One crew's check, signed by the member who did it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DailyCheck {
    pub id: DailyCheckId,
    pub crew_code: String,
    /// The signed-in member's name.
    pub checked_by: String,
    pub device_id: DeviceId,
    /// When it was recorded (device clock with its boot, so the server can
    /// correct it like an event's).
    pub evidence: Evidence,
    pub items: Vec<CheckedItem>,
}

impl DailyCheck {
    pub fn defects(&self) -> impl Iterator<Item = &CheckedItem> {
        self.items.iter().filter(|i| i.outcome == ItemOutcome::Defect)
    }

    /// Every photo the check names.
    pub fn photo_ids(&self) -> impl Iterator<Item = MediaId> + '_ {
        self.items.iter().flat_map(|i| i.photos.iter().map(|p| p.media))
    }
}

/// The day a check counts for: the calendar day in UTC+8, so one made at
/// 23:30 Beijing time is that day's and not the next.
pub fn check_day(at: DateTime<Utc>) -> NaiveDate {
    to_local(at).date_naive()
}

/// Why a check can not be recorded as it stands.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DailyCheckError {
    #[error("the check holds no items")]
    NoItems,
    #[error("who checked is not known")]
    NoChecker,
    #[error("item `{0}` is not answered")]
    Unanswered(String),
    #[error("item `{0}` is answered twice")]
    AnsweredTwice(String),
    #[error("defect `{0}` needs a note saying what is wrong")]
    DefectWithoutNote(String),
    #[error("item `{0}` is found ok but carries a photo")]
    PhotoOnOkItem(String),
}

/// Checks the record on its own: items answered once each, a defect says
/// what is wrong. The server keeps a check the phone judged complete even
/// when its own list has changed since.
pub fn validate(check: &DailyCheck) -> Result<(), DailyCheckError> {
    if check.items.is_empty() {
        return Err(DailyCheckError::NoItems);
    }
    if check.checked_by.trim().is_empty() {
        return Err(DailyCheckError::NoChecker);
    }
    let mut seen = HashSet::new();
    for answer in &check.items {
        let code = &answer.item.code;
        if !seen.insert(code.as_str()) {
            return Err(DailyCheckError::AnsweredTwice(code.clone()));
        }
        match answer.outcome {
            ItemOutcome::Defect if answer.note.trim().is_empty() => {
                return Err(DailyCheckError::DefectWithoutNote(code.clone()));
            }
            ItemOutcome::Ok if !answer.photos.is_empty() => {
                return Err(DailyCheckError::PhotoOnOkItem(code.clone()));
            }
            _ => {}
        }
    }
    Ok(())
}

/// On the phone: every item of the station's list is answered.
pub fn validate_against(check: &DailyCheck, station_items: &[DailyCheckItem]) -> Result<(), DailyCheckError> {
    validate(check)?;
    match station_items.iter().find(|wanted| !check.items.iter().any(|a| a.item.code == wanted.code)) {
        Some(missing) => Err(DailyCheckError::Unanswered(missing.code.clone())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn check(items: Vec<CheckedItem>) -> DailyCheck {
        DailyCheck {
            id: uuid::Uuid::now_v7(),
            crew_code: "CREW-1".into(),
            checked_by: "王师傅".into(),
            device_id: DeviceId::new(),
            evidence: Evidence {
                device_time: Utc::now(),
                monotonic_ms: 1,
                boot_id: "b".into(),
                gnss_time: None,
                fix: None,
            },
            items,
        }
    }

    fn answer(code: &str, outcome: ItemOutcome, note: &str) -> CheckedItem {
        let item = default_items().into_iter().find(|i| i.code == code).unwrap();
        CheckedItem { item, outcome, note: note.into(), photos: vec![] }
    }

    #[test]
    fn half_past_eleven_at_night_beijing_time_counts_for_that_day() {
        // 23:30 in Beijing is 15:30 UTC the same day.
        let late = Utc.with_ymd_and_hms(2026, 12, 7, 15, 30, 0).unwrap();
        assert_eq!(check_day(late), NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        // 00:10 the next morning in Beijing is still 16:10 UTC of the 7th.
        let next_morning = Utc.with_ymd_and_hms(2026, 12, 7, 16, 10, 0).unwrap();
        assert_eq!(check_day(next_morning), NaiveDate::from_ymd_opt(2026, 12, 8).unwrap());
    }

    #[test]
    fn a_defect_without_a_note_is_refused() {
        let c = check(vec![answer("vehicle_brakes", ItemOutcome::Defect, "  ")]);
        assert_eq!(validate(&c), Err(DailyCheckError::DefectWithoutNote("vehicle_brakes".into())));
    }

    #[test]
    fn every_station_item_must_be_answered_on_the_phone() {
        let c = check(vec![answer("vehicle_fuel", ItemOutcome::Ok, "")]);
        assert!(validate(&c).is_ok());
        assert_eq!(
            validate_against(&c, &default_items()),
            Err(DailyCheckError::Unanswered("tools_kit".into()))
        );
        let all: Vec<CheckedItem> = default_items()
            .into_iter()
            .map(|item| CheckedItem { item, outcome: ItemOutcome::Ok, note: String::new(), photos: vec![] })
            .collect();
        assert!(validate_against(&check(all), &default_items()).is_ok());
    }

    #[test]
    fn an_item_answered_twice_is_refused() {
        let c = check(vec![
            answer("vehicle_fuel", ItemOutcome::Ok, ""),
            answer("vehicle_fuel", ItemOutcome::Ok, ""),
        ]);
        assert_eq!(validate(&c), Err(DailyCheckError::AnsweredTwice("vehicle_fuel".into())));
    }
}
