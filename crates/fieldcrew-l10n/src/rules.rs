//! Why a step was refused, in each language. The phone shows these when it
//! refuses a tap; the console shows them beside an event the server flagged,
//! so a rule reads the same to the crew and to the dispatcher.

use fieldcrew_domain::lifecycle::RuleViolation;

/// The words for each broken rule in one language.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleWords {
    pub closed: &'static str,
    pub already_recorded: &'static str,
    pub not_arrived: &'static str,
    pub already_on_site: &'static str,
    pub not_restored: &'static str,
    pub no_photos: &'static str,
    pub no_meter_damage: &'static str,
    pub signature_mismatch: &'static str,
    pub checklist_incomplete: &'static str,
    pub cleanup_missing: &'static str,
    pub signature_missing: &'static str,
    pub signature_stale: &'static str,
    pub step_not_recorded: &'static str,
    pub not_correctable: &'static str,
    pub materials_invalid: &'static str,
    pub completion_photo_missing: &'static str,
    /// The server holds no such order (the phone's copy came from elsewhere).
    pub unknown_order: &'static str,
}

pub static ZH_CN: RuleWords = RuleWords {
    closed: "工单已结单",
    already_recorded: "该步骤已记录过",
    not_arrived: "请先确认到达现场",
    already_on_site: "已到达现场，不能再记录此步骤",
    not_restored: "尚未送电或上报升级",
    no_photos: "电能表损坏记录至少需要一张照片",
    no_meter_damage: "没有需要签字的电能表损坏记录",
    signature_mismatch: "签字内容与当前记录不一致",
    checklist_incomplete: "现场清理检查未完成",
    cleanup_missing: "请先完成现场清理检查",
    signature_missing: "客户尚未签字确认电能表损坏",
    signature_stale: "原因或照片已修改，需客户重新签字",
    step_not_recorded: "该步骤还未记录，不能说明超时原因",
    not_correctable: "该步骤不能更正：未记录，或后续步骤已依赖它",
    materials_invalid: "材料记录有误：每种材料只能填一次，数量1–999",
    completion_photo_missing: "本所要求结单前拍摄完工照片",
    unknown_order: "服务器上没有这张工单",
};

pub static EN: RuleWords = RuleWords {
    closed: "The order is closed",
    already_recorded: "This step was already recorded",
    not_arrived: "Confirm arrival first",
    already_on_site: "Already on site: this step can no longer be recorded",
    not_restored: "Power is neither restored nor escalated",
    no_photos: "A meter-damage record needs at least one photo",
    no_meter_damage: "There is no meter-damage record to sign",
    signature_mismatch: "The signature does not match the current record",
    checklist_incomplete: "The cleanup checklist is incomplete",
    cleanup_missing: "Complete the cleanup checklist first",
    signature_missing: "The customer has not signed for the meter damage",
    signature_stale: "Cause or photos changed: the customer must sign again",
    step_not_recorded: "That step is not recorded yet, so it cannot be explained as late",
    not_correctable: "This step can not be corrected: it is not recorded, or later steps depend on it",
    materials_invalid: "The materials record is wrong: each material once, quantity 1–999",
    completion_photo_missing: "The station requires a photo of the completed work before closing",
    unknown_order: "The server holds no such order",
};

impl RuleWords {
    pub fn violation(&self, violation: &RuleViolation) -> &'static str {
        use RuleViolation::*;
        match violation {
            OrderClosed => self.closed,
            AlreadyRecorded(_) => self.already_recorded,
            NotArrived => self.not_arrived,
            AlreadyOnSite => self.already_on_site,
            NotRestoredOrEscalated => self.not_restored,
            NoPhotos => self.no_photos,
            NoMeterDamage => self.no_meter_damage,
            SignatureDoesNotMatch => self.signature_mismatch,
            ChecklistIncomplete(_) => self.checklist_incomplete,
            CleanupNotDone => self.cleanup_missing,
            SignatureMissing => self.signature_missing,
            SignatureStale => self.signature_stale,
            StepNotRecorded(_) => self.step_not_recorded,
            NotCorrectable(_) => self.not_correctable,
            MaterialsInvalid(_) => self.materials_invalid,
            CompletionPhotoMissing => self.completion_photo_missing,
        }
    }
}
