//! Every string of the console, one catalogue per language (Chinese first).
//! A catalogue is a struct, so a missing translation does not compile.

use std::sync::LazyLock;

use axum::http::HeaderMap;
use fieldcrew_domain::event::EventType;
use fieldcrew_domain::lifecycle::{RuleViolation, Status};
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_domain::sla::SlaStatus;
use fieldcrew_l10n::DomainWords;
use fieldcrew_l10n::Locale;
use fieldcrew_protocol::push::{BrokenRule, Flag};

/// The console languages; Chinese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

/// The cookie remembering the chosen language.
pub const LANG_COOKIE: &str = "fc_lang";

impl Lang {
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language chosen by cookie; Chinese otherwise.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        super::session::cookie(headers, LANG_COOKIE).and_then(|c| Lang::from_code(&c)).unwrap_or_default()
    }
}

fieldcrew_l10n::catalogue! {
    /// One language's strings.
    pub struct Strings {
        extra {
            /// The domain's terms, shared with the phone.
            pub words: &'static DomainWords,
        }
        texts {
            pub console_title,
            pub other_language,
            pub nav_board,
            pub nav_intake,
            pub nav_crews,
            pub sign_in,
            pub sign_out,
            pub username,
            pub password,
            pub wrong_password,
            pub form_expired,
            pub forbidden,
            pub not_found,
            pub signed_in_as,
            pub board_heading,
            pub filter,
            pub all_crews,
            pub all_statuses,
            pub unassigned,
            pub no_open_orders,
            pub col_number,
            pub col_reported,
            pub col_address,
            pub col_fault,
            pub col_crew,
            pub col_status,
            pub col_notify,
            pub col_arrive,
            pub col_restore,
            pub col_actions,
            pub assign,
            pub cancel_order,
            pub confirm_cancel,
            pub done_at,
            pub sla_on_time,
            pub sla_at_risk,
            pub sla_breached,
            pub refreshed_at,
            pub crews_heading,
            pub crew_members,
            pub no_crews,
            pub no_devices,
            pub col_device_label,
            pub col_member,
            pub col_device_id,
            pub col_paired_at,
            pub col_expires_at,
            pub col_device_state,
            pub col_last_push,
            pub device_live,
            pub device_revoked,
            pub device_expired,
            pub never_pushed,
            pub revoke_device,
            pub confirm_revoke,
            pub no_live_device,
            pub new_pin,
            pub new_pin_again,
            pub change_pin,
            pub pin_rules,
            pub pin_mismatch,
            pub crew_not_found,
            pub assign_refused_cancelled,
            pub assign_refused_closed,
            pub cancel_refused_cancelled,
            pub cancel_refused_repaired,
            pub intake_heading,
            pub reporter_name,
            pub reporter_phone,
            pub village_or_street,
            pub house_number,
            pub fault_description,
            pub equipment,
            pub area,
            pub appointment_at,
            pub appointment_needs_time,
            pub coordinates,
            pub latitude,
            pub longitude,
            pub bad_coordinates,
            pub safety_reminder,
            pub safety_reminder_required,
            pub crew,
            pub create_order,
            pub repeat_heading,
            pub repeat_explain,
            pub create_anyway,
            pub order_created,
            pub order_heading,
            pub reporter,
            pub site,
            pub timeline,
            pub col_event,
            pub col_corrected_time,
            pub col_device_time,
            pub col_author,
            pub col_distance,
            pub col_flags,
            pub no_events,
            pub photos,
            pub no_photos,
            pub photos_on_no_record,
            pub photos_on_no_record_note,
            /// Files named only by events of a crew that never held the order.
            pub photos_not_counted,
            pub photos_not_counted_note,
            /// The timeline's chip on such an event.
            pub not_counted,
            pub waiting_upload,
            pub signature,
            pub no_signature,
            pub signature_current,
            pub signature_stale,
            pub signer,
            pub damage_cause,
            pub meter_number,
            pub meter_reading,
            pub not_applicable,
            pub customer_responsible,
            pub yes,
            pub no,
            pub covered_photos,
            pub checklist,
            pub no_checklist,
            pub escalations,
            pub no_escalations,
            pub cancelled,
            pub times_note,
            pub flag_far,
            pub flag_poor_accuracy,
            pub flag_mock,
            pub flag_chain_broken,
            pub flag_clock_uncorrected,
            pub flag_rule_violation,
            pub flag_order_cancelled,
            pub flag_order_reassigned,
            pub flag_duplicate,
            pub flag_no_daily_check,
            /// Put before the step a correction withdraws.
            pub withdrawn,
            pub no_fix,
            pub fix_taken_before,
            /// The unit after a number of seconds.
            pub seconds,
        }
        formats {
            /// "标签：内容" / "Label: value".
            pub labelled,
        }
    }
}

impl Strings {
    pub fn status(&self, status: Status) -> &'static str {
        self.words.status(status)
    }

    pub fn equipment(&self, kind: EquipmentKind) -> &'static str {
        self.words.equipment(kind)
    }

    pub fn area(&self, area: &AreaClass) -> &'static str {
        self.words.area(area)
    }

    pub fn sla(&self, status: SlaStatus) -> &'static str {
        match status {
            SlaStatus::OnTime => self.sla_on_time,
            SlaStatus::AtRisk => self.sla_at_risk,
            SlaStatus::Breached => self.sla_breached,
        }
    }

    /// A label and its value, with the language's colon (： in Chinese).
    pub fn labelled(&self, label: &str, value: &dyn std::fmt::Display) -> String {
        let value = value.to_string();
        self.labelled.format(&[("label", label.into()), ("value", value.as_str().into())])
    }

    /// A flag's label; a rule violation keeps the rule's own text.
    pub fn flag(&self, flag: &Flag) -> String {
        match flag {
            Flag::FarFromSite => self.flag_far.into(),
            Flag::PoorAccuracy => self.flag_poor_accuracy.into(),
            Flag::MockLocation => self.flag_mock.into(),
            Flag::ChainBroken => self.flag_chain_broken.into(),
            Flag::ClockUncorrected => self.flag_clock_uncorrected.into(),
            Flag::RuleViolation(BrokenRule::Rule(rule)) => {
                self.labelled(self.flag_rule_violation, &self.rule_violation(rule))
            }
            Flag::RuleViolation(BrokenRule::Text(text)) => self.labelled(self.flag_rule_violation, text),
            Flag::UnknownOrder => {
                self.labelled(self.flag_rule_violation, &self.words.rules.rule_unknown_order)
            }
            Flag::OrderCancelled => self.flag_order_cancelled.into(),
            Flag::OrderReassigned => self.flag_order_reassigned.into(),
            Flag::Duplicate => self.flag_duplicate.into(),
            Flag::NoDailyCheck => self.flag_no_daily_check.into(),
        }
    }

    /// A broken rule in the reader's words, naming the step it concerns.
    fn rule_violation(&self, rule: &RuleViolation) -> String {
        let words = self.words.rules.violation(rule);
        match rule {
            RuleViolation::AlreadyRecorded(step) => format!("{words} ({})", self.words.step(*step)),
            _ => words.to_string(),
        }
    }

    pub fn event(&self, event: EventType) -> &'static str {
        self.words.step(event)
    }
}

pub static ZH_CN: LazyLock<Strings> = LazyLock::new(|| {
    Strings::from_catalogue(fieldcrew_l10n::files::CONSOLE.get(Locale::ZhCn), &fieldcrew_l10n::ZH_CN)
});

pub static EN: LazyLock<Strings> = LazyLock::new(|| {
    Strings::from_catalogue(fieldcrew_l10n::files::CONSOLE.get(Locale::En), &fieldcrew_l10n::EN)
});

#[cfg(test)]
mod rule_flag_tests {
    use super::*;

    #[test]
    fn a_dispatcher_reads_a_broken_rule_in_their_own_language() {
        let flag = Flag::RuleViolation(BrokenRule::Rule(RuleViolation::AlreadyRecorded(EventType::Arrived)));
        assert_eq!(ZH_CN.flag(&flag), "违反流程：该步骤已记录过 (到达现场)");
        assert_eq!(EN.flag(&flag), "rule violation: This step was already recorded (Arrived)");
        assert_eq!(ZH_CN.flag(&Flag::UnknownOrder), "违反流程：服务器上没有这张工单");
    }
}
