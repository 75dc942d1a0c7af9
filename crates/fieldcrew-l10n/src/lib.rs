//! One word for one thing: the domain's terms in each language, shared by
//! the phone's screens, the dispatcher console and the report CSV, so a
//! restored order is 已送电 wherever it is read. Wording follows the service
//! rules' own (送电, 结单, 配电变压器, 边远). Numbers that are settings (the
//! minutes an area class allows) are never part of a word: a screen that
//! shows them puts them beside it from the thresholds.
//!
//! The words themselves are Project Fluent messages in `ftl/<lang>/*.ftl`
//! (`domain.ftl` here; `app.ftl` for the phone, `console*.ftl` for the
//! console), compiled in; each catalogue struct is their typed face, filled
//! once per language at first use (see [`catalogue!`] and docs/L10N.md).

pub mod bundle;
pub mod catalogue;
pub mod files;
pub mod rules;

pub use bundle::{Arg, Catalogue, Locale, Message};
pub use files::FtlFile;

use std::sync::LazyLock;

use fieldcrew_domain::daily_check::CheckGroup;
use fieldcrew_domain::event::EventType;
use fieldcrew_domain::lifecycle::Status;
use fieldcrew_domain::order::{AreaClass, EquipmentKind};

crate::catalogue! {
    /// The domain's words in one language.
    pub struct DomainWords {
        extra {
            /// Why a step was refused.
            pub rules: &'static rules::RuleWords,
        }
        texts {
            pub status_new,
            pub status_acknowledged,
            pub status_en_route,
            pub status_on_site,
            pub status_escalated,
            pub status_restored,
            pub status_closed,
            pub equipment_line,
            pub equipment_transformer,
            pub equipment_switch,
            pub equipment_meter,
            pub equipment_customer_owned,
            pub area_urban,
            pub area_rural,
            pub area_remote,
            pub area_appointment,
            pub step_acknowledged,
            pub step_departed,
            pub step_arrived,
            pub step_site_report,
            pub step_escalated,
            pub step_customer_fault,
            pub step_restored,
            pub step_meter_damage,
            pub step_signature,
            pub step_cleanup,
            pub step_closed,
            pub step_note,
            pub step_delay_explained,
            pub step_corrected,
            pub step_materials,
            pub step_completion_photo,
            pub check_group_tools,
            pub check_group_safety_gear,
            pub check_group_materials,
            pub check_group_vehicle,
        }
        formats {}
    }
}

pub static ZH_CN: LazyLock<DomainWords> =
    LazyLock::new(|| DomainWords::from_catalogue(crate::files::DOMAIN.get(Locale::ZhCn), &rules::ZH_CN));

pub static EN: LazyLock<DomainWords> =
    LazyLock::new(|| DomainWords::from_catalogue(crate::files::DOMAIN.get(Locale::En), &rules::EN));

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

    /// A daily check group's name, on the phone's form and the console alike.
    pub fn check_group(&self, group: CheckGroup) -> &'static str {
        match group {
            CheckGroup::Tools => self.check_group_tools,
            CheckGroup::SafetyGear => self.check_group_safety_gear,
            CheckGroup::Materials => self.check_group_materials,
            CheckGroup::Vehicle => self.check_group_vehicle,
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
