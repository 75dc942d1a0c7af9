//! Accidents reported at intake: a serious personal-injury or equipment
//! accident also goes to the safety department (003 §四.1(5): 如遇人身及设备
//! 等的重大事故,还应立即通知安监等部门共同到现场处理).

use chrono::{DateTime, Utc};
use fieldcrew_domain::OrderId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccidentKind {
    /// 人身事故
    PersonalInjury,
    /// 设备事故
    Equipment,
}

impl AccidentKind {
    pub const ALL: [AccidentKind; 2] = [AccidentKind::PersonalInjury, AccidentKind::Equipment];

    pub fn code(self) -> &'static str {
        match self {
            AccidentKind::PersonalInjury => "personal_injury",
            AccidentKind::Equipment => "equipment",
        }
    }

    pub fn from_code(code: &str) -> Option<AccidentKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Someone in the safety department (安监) to tell, from the settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyContact {
    pub name: String,
    pub phone: String,
}

/// The record that the safety department was told about an order's accident:
/// who was on the list at that moment, when, and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyNotice {
    pub order_id: OrderId,
    pub accident: AccidentKind,
    pub contacts: Vec<SafetyContact>,
    pub notified_at: DateTime<Utc>,
    pub notified_by: String,
}
