//! Every user-visible string of the phone. The words live in
//! `fieldcrew-l10n/ftl/{zh-CN,en}/app.ftl`; `Strings` is their typed face
//! (a field per message, so a screen cannot ask for a word that does not
//! exist), filled once per language at first use. See docs/L10N.md.

pub mod close_out;
pub mod daily_check;
mod en;
mod formats;
pub mod handover;
mod zh_cn;

use fieldcrew_core::lifecycle::Status;
use fieldcrew_core::order::{AreaClass, EquipmentKind, Priority};
use fieldcrew_l10n::DomainWords;

/// The interface languages; Chinese comes first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::ZhCn => &zh_cn::STRINGS,
            Lang::En => &en::STRINGS,
        }
    }

    /// The language of a tag from [`Lang::tag`]; anything else is Chinese.
    pub fn from_tag(tag: &str) -> Lang {
        if tag == Lang::En.tag() { Lang::En } else { Lang::ZhCn }
    }

    /// The language whose catalogue `strings` is.
    pub fn of(strings: &Strings) -> Lang {
        if strings.language_name == en::STRINGS.language_name { Lang::En } else { Lang::ZhCn }
    }

    /// The BCP 47 tag for the page's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }
}

fieldcrew_l10n::catalogue! {
    /// One language's strings.
    pub struct Strings {
        extra {
            /// The domain's terms, shared with the console and the CSV.
            pub words: &'static DomainWords,
        }
        texts {
            pub app_title,
            pub orders_heading,
            pub no_orders,
            pub no_orders_hint,
            pub store_error,
            pub switch_language,
            /// This language's own name, for the settings list.
            pub language_name,
            pub arrival_due,
            pub restoration_due,
            pub overdue,
            pub left,
            pub kept,
            pub missed,
            pub demo_data,
            pub sync_not_configured,
            pub sync_idle,
            pub sync_running,
            /// Offline, the next try under way (the countdown reached zero).
            pub sync_offline_retrying,
            pub sync_needs_pairing,
            pub sync_last_success,
            pub sync_now,
            pub uploading_photo,
            /// Puts the refused files back in the queue (once the dispatcher fixed the cause).
            pub upload_refused_retry,
            pub priority_high,
            pub priority_emergency,
            pub back,
            pub reporter,
            pub phone_call,
            pub address,
            pub fault,
            pub open_map,
            pub history,
            pub no_history,
            pub gps_waiting,
            pub gps_none,
            pub gps_denied,
            pub distance_to_site,
            pub accuracy,
            pub metres,
            pub warn_far,
            pub warn_poor_accuracy,
            pub text_placeholder,
            pub recorded,
            pub action_acknowledge,
            pub action_depart,
            pub action_arrive,
            pub action_site_report,
            pub action_escalate,
            pub action_customer_fault,
            pub action_restore,
            pub action_cleanup,
            pub action_close,
            pub action_note,
            pub checklist_title,
            pub seal_number,
            pub withdrawn,
            pub not_applicable,
            pub checklist_missing,
            pub seal_number_missing,
            pub confirm_restore,
            pub confirm_close,
            pub confirm_is_evidence,
            pub confirm_yes,
            pub fix_timed_out,
            pub record_without_fix,
            pub correct_step,
            pub correction_reason,
            pub no_fix,
            pub photo_processing,
            pub photo_internal_error,
            pub meter_number,
            pub meter_reading,
            pub meter_not_read,
            pub order_number,
            pub signed_at,
            pub notice_read,
            pub notice_open,
            pub alert_open,
            pub late_arrival_prompt,
            pub late_restore_prompt,
            pub late_arrival_reason,
            pub late_restore_reason,
            pub late_reason_far,
            pub late_reason_traffic,
            pub late_reason_weather,
            pub late_reason_other_orders,
            pub late_reason_wrong_address,
            pub late_reason_other,
            pub late_reason_submit,
            pub record_failed,
            pub read_only_removed,
            pub action_meter_damage,
            pub action_customer_sign,
            pub meter_damage_title,
            pub cause_label,
            pub cause_other_placeholder,
            pub cause_forced_open,
            pub cause_tampered,
            pub cause_impact,
            pub cause_water,
            pub cause_lightning,
            pub cause_fire,
            pub responsibility_question,
            pub yes,
            pub no,
            pub take_photo,
            pub delete_photo,
            pub photos_needed,
            pub save_damage,
            pub photo_failed,
            pub confirm_title,
            pub confirm_intro,
            pub signer_name,
            pub signature_pad_hint,
            pub clear_signature,
            pub confirm_signature,
            pub signature_needed,
            pub signature_current,
            pub signature_failed,
            pub new_order,
            pub new_order_title,
            pub customer_name,
            pub customer_phone,
            pub village_or_street,
            pub house_number,
            pub equipment_label,
            pub area_label,
            pub site_from_gps,
            pub create_order,
            pub required_fields,
            pub settings,
            pub settings_title,
            pub language_label,
            pub server_label,
            pub no_server,
            pub thresholds_label,
            pub far_threshold,
            pub accuracy_threshold,
            pub arrival_commitments,
            pub minutes,
            pub app_version,
            pub data_location,
            pub device_id,
            pub export_diagnostics,
            pub diagnostics_saved,
            pub pair_title,
            pub pair_intro,
            pub pair_server,
            pub pair_crew_code,
            pub pair_pin,
            pub pair_show_pin,
            pub pair_member,
            pub pair_submit,
            pub pair_running,
            pub pair_missing,
            pub pair_refused,
            pub pair_too_many,
            pub pair_unreachable,
            pub pair_invalid_server,
            pub pair_failed,
            pub pair_kept,
            pub sync_sign_in,
            pub signed_in_as,
            pub not_signed_in,
            pub sign_out,
            pub sign_out_question,
            pub sign_out_keeps,
            pub sign_out_all_synced,
            pub sign_out_confirm,
            pub cancel,
            /// Asked on ← 返回 from a form with unsubmitted input.
            pub leave_question,
            pub leave_detail,
            pub leave_detail_photos,
            pub leave_stay,
            pub leave_discard,
            pub sync_stopped,
            /// Left with the customer when the work is done (001 4.3.12).
            pub contact_left,
            pub sms_restored,
        }
        formats {
            /// "标签：内容" / "Label: value".
            pub labelled,
            /// "{ $n } 条未同步" on an order card.
            pub unsynced_count,
            /// "{ $n } 条待上传" in the sync bar.
            pub waiting_count,
            /// `$n`: whole seconds until the next try, "离线，{ $n } 秒后重试".
            pub sync_offline,
            /// `$n`: photos or signatures the server refused for good, kept on the phone.
            pub upload_refused,
            pub fix_pending,
            pub fix_age,
            pub statement_customer_responsible,
            pub statement_not_responsible,
            pub notice_cancelled,
            pub notice_reassigned,
            pub notice_unsynced,
            /// A new order from dispatch: `$number`, `$address`.
            pub alert_new,
            /// An order whose intake fields dispatch changed: `$number`, `$address`.
            pub alert_changed,
            /// Alerts behind the one shown: `$n`.
            pub alert_more,
            /// For `unsynced_summary()`: `$records` and `$photos` are counts.
            pub unsynced_both,
            pub unsynced_records_only,
            pub unsynced_photos_only,
            /// The text the crew may send: `$station` `$address` `$number` `$time` `$phone`.
            pub sms_restored_body,
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

    pub fn area(&self, area: AreaClass) -> &'static str {
        self.words.area(&area)
    }

    /// A label for raised priorities only; normal needs no chip.
    pub fn priority(&self, priority: Priority) -> Option<&'static str> {
        match priority {
            Priority::Normal => None,
            Priority::High => Some(self.priority_high),
            Priority::Emergency => Some(self.priority_emergency),
        }
    }
}

impl Strings {
    /// Why an action was refused, in words a crew understands.
    pub fn rule_violation(&self, v: &fieldcrew_core::RuleViolation) -> &'static str {
        self.words.rules.violation(v)
    }

    /// The timeline label of an event.
    pub fn event(&self, t: fieldcrew_core::event::EventType) -> &'static str {
        self.words.step(t)
    }
}
