//! One word for one thing: the domain's terms in each language, shared by
//! the phone's screens, the dispatcher console and the report CSV, so a
//! restored order is 已送电 wherever it is read. Wording follows the service
//! rules' own (送电, 结单, 配电变压器, 边远). Numbers that are settings (the
//! minutes an area class allows) are never part of a word: a screen that
//! shows them puts them beside it from the thresholds.

pub mod bundle;
pub mod catalogue;
pub mod files;
pub mod rules;

pub use bundle::{Arg, Catalogue, Locale, Message};
pub use files::FtlFile;

use fieldcrew_domain::event::EventType;
use fieldcrew_domain::lifecycle::Status;
use fieldcrew_domain::order::{AreaClass, EquipmentKind};

/// The domain's words in one language.
#[derive(Debug, PartialEq, Eq)]
pub struct DomainWords {
    pub status_new: &'static str,
    pub status_acknowledged: &'static str,
    pub status_en_route: &'static str,
    pub status_on_site: &'static str,
    pub status_escalated: &'static str,
    pub status_restored: &'static str,
    pub status_closed: &'static str,
    pub equipment_line: &'static str,
    pub equipment_transformer: &'static str,
    pub equipment_switch: &'static str,
    pub equipment_meter: &'static str,
    pub equipment_customer_owned: &'static str,
    pub area_urban: &'static str,
    pub area_rural: &'static str,
    pub area_remote: &'static str,
    pub area_appointment: &'static str,
    pub step_acknowledged: &'static str,
    pub step_departed: &'static str,
    pub step_arrived: &'static str,
    pub step_site_report: &'static str,
    pub step_escalated: &'static str,
    pub step_customer_fault: &'static str,
    pub step_restored: &'static str,
    pub step_meter_damage: &'static str,
    pub step_signature: &'static str,
    pub step_cleanup: &'static str,
    pub step_closed: &'static str,
    pub step_note: &'static str,
    pub step_delay_explained: &'static str,
    pub step_corrected: &'static str,
    pub step_materials: &'static str,
    pub step_completion_photo: &'static str,
    /// Why a step was refused.
    pub rules: &'static rules::RuleWords,
}

pub static ZH_CN: DomainWords = DomainWords {
    status_new: "新工单",
    status_acknowledged: "已接单",
    status_en_route: "在途",
    status_on_site: "已到达",
    status_escalated: "已上报",
    status_restored: "已送电",
    status_closed: "已结单",
    equipment_line: "线路",
    equipment_transformer: "配电变压器",
    equipment_switch: "开关",
    equipment_meter: "电能表",
    equipment_customer_owned: "客户产权设备",
    area_urban: "城区",
    area_rural: "农村",
    area_remote: "边远地区",
    area_appointment: "预约",
    step_acknowledged: "已接单",
    step_departed: "已出发",
    step_arrived: "到达现场",
    step_site_report: "现场汇报",
    step_escalated: "上报升级",
    step_customer_fault: "协助客户处理",
    step_restored: "已送电",
    step_meter_damage: "电能表损坏记录",
    step_signature: "客户签字",
    step_cleanup: "现场清理完成",
    step_closed: "已结单",
    step_note: "备注",
    step_delay_explained: "超时原因",
    step_corrected: "更正",
    step_materials: "材料使用",
    step_completion_photo: "完工照片",
    rules: &rules::ZH_CN,
};

pub static EN: DomainWords = DomainWords {
    status_new: "New",
    status_acknowledged: "Acknowledged",
    status_en_route: "En route",
    status_on_site: "On site",
    status_escalated: "Escalated",
    status_restored: "Power restored",
    status_closed: "Closed",
    equipment_line: "Line",
    equipment_transformer: "Distribution transformer",
    equipment_switch: "Switch",
    equipment_meter: "Meter",
    equipment_customer_owned: "Customer-owned equipment",
    area_urban: "Urban",
    area_rural: "Rural",
    area_remote: "Remote",
    area_appointment: "Appointment",
    step_acknowledged: "Acknowledged",
    step_departed: "Departed",
    step_arrived: "Arrived",
    step_site_report: "Site report",
    step_escalated: "Escalated",
    step_customer_fault: "Customer fault assisted",
    step_restored: "Power restored",
    step_meter_damage: "Meter damage recorded",
    step_signature: "Customer signature",
    step_cleanup: "Site cleanup done",
    step_closed: "Closed",
    step_note: "Note",
    step_delay_explained: "Reason for delay",
    step_corrected: "Correction",
    step_materials: "Materials used",
    step_completion_photo: "Completion photo",
    rules: &rules::EN,
};

impl DomainWords {
    pub fn status(&self, status: Status) -> &'static str {
        match status {
            Status::New => self.status_new,
            Status::Acknowledged => self.status_acknowledged,
            Status::EnRoute => self.status_en_route,
            Status::OnSite => self.status_on_site,
            Status::Escalated => self.status_escalated,
            Status::Restored => self.status_restored,
            Status::Closed => self.status_closed,
        }
    }

    pub fn equipment(&self, kind: EquipmentKind) -> &'static str {
        match kind {
            EquipmentKind::Line => self.equipment_line,
            EquipmentKind::DistributionTransformer => self.equipment_transformer,
            EquipmentKind::Switch => self.equipment_switch,
            EquipmentKind::Meter => self.equipment_meter,
            EquipmentKind::CustomerOwned => self.equipment_customer_owned,
        }
    }

    pub fn area(&self, area: &AreaClass) -> &'static str {
        match area {
            AreaClass::Urban => self.area_urban,
            AreaClass::Rural => self.area_rural,
            AreaClass::Remote => self.area_remote,
            AreaClass::Appointment(_) => self.area_appointment,
        }
    }

    /// The timeline's name of a recorded step.
    pub fn step(&self, step: EventType) -> &'static str {
        match step {
            EventType::Acknowledged => self.step_acknowledged,
            EventType::Departed => self.step_departed,
            EventType::Arrived => self.step_arrived,
            EventType::SiteReport => self.step_site_report,
            EventType::Escalated => self.step_escalated,
            EventType::CustomerFaultAssisted => self.step_customer_fault,
            EventType::Restored => self.step_restored,
            EventType::MeterDamageRecorded => self.step_meter_damage,
            EventType::CustomerSignature => self.step_signature,
            EventType::CleanupCompleted => self.step_cleanup,
            EventType::Closed => self.step_closed,
            EventType::Note => self.step_note,
            EventType::DelayExplained => self.step_delay_explained,
            EventType::StepCorrected => self.step_corrected,
            EventType::MaterialsUsed => self.step_materials,
            EventType::CompletionPhoto => self.step_completion_photo,
        }
    }
}
