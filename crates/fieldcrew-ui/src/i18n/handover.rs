//! The shift handover's words on the phone (`app-handover.ftl`), hung from
//! [`Lang`] so the shared `Strings` stays as it is.

use super::Lang;
use fieldcrew_l10n::Locale;
use std::sync::LazyLock;

fieldcrew_l10n::catalogue! {
    /// The handover screen's words in one language.
    pub struct HandoverStrings {
        extra {}
        texts {
            pub ho_open,
            pub ho_pending_badge,
            pub ho_title,
            pub ho_to_acknowledge,
            pub ho_handed_over_by,
            pub ho_taken_over_by,
            pub ho_summary,
            pub ho_problems,
            pub ho_no_problems,
            pub ho_your_name,
            pub ho_wait_incoming,
            pub ho_acknowledge,
            pub ho_acknowledged,
            pub ho_not_sent,
            pub ho_write,
            pub ho_carried,
            pub ho_close_it,
            pub ho_close_note,
            pub ho_new_problem,
            pub ho_problem_text,
            pub ho_linked_order,
            pub ho_no_order,
            pub ho_equipment,
            pub ho_add_problem,
            pub ho_remove_problem,
            pub ho_summary_placeholder,
            pub ho_signed_as,
            pub ho_submit,
            pub ho_saved,
            pub ho_ack_saved,
            pub ho_already,
            pub ho_needs_name,
            pub ho_failed,
            pub ho_last,
            pub ho_none_yet,
            pub ho_err_empty,
            pub ho_err_close_note,
        }
        formats {
            /// `by`, `time`.
            pub ho_ack_line,
            /// `by`, `time`.
            pub ho_written_line,
            /// `age`: "3 小时".
            pub ho_open_for,
            /// `n`: the problem's position.
            pub ho_err_empty_problem,
            /// `name`.
            pub ho_err_same_person,
            /// `n`: how long a problem has been open.
            pub ho_age_minutes,
            pub ho_age_hours,
            pub ho_age_days,
        }
    }
}

static ZH_CN: LazyLock<HandoverStrings> =
    LazyLock::new(|| HandoverStrings::from_catalogue(fieldcrew_l10n::files::APP_HANDOVER.get(Locale::ZhCn)));
static EN: LazyLock<HandoverStrings> =
    LazyLock::new(|| HandoverStrings::from_catalogue(fieldcrew_l10n::files::APP_HANDOVER.get(Locale::En)));

impl Lang {
    pub fn handover(self) -> &'static HandoverStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}

impl HandoverStrings {
    /// "张伟 · 12-07 08:30".
    pub fn written(&self, by: &str, time: &str) -> String {
        self.ho_written_line.format(&[("by", by.into()), ("time", time.into())])
    }

    /// How long a problem has been open, in the largest whole unit (as
    /// the console says it).
    pub fn age(&self, age: chrono::Duration) -> String {
        let minutes = age.num_minutes().max(0);
        let (message, n) = match minutes {
            m if m < 60 => (&self.ho_age_minutes, m),
            m if m < 48 * 60 => (&self.ho_age_hours, m / 60),
            m => (&self.ho_age_days, m / (24 * 60)),
        };
        message.format(&[("n", n.into())])
    }

    pub fn acknowledged(&self, by: &str, time: &str) -> String {
        self.ho_ack_line.format(&[("by", by.into()), ("time", time.into())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_l10n::catalogue::check_file;

    #[test]
    fn the_handover_catalogue_matches_its_ftl_file_in_both_languages() {
        let problems = check_file(
            &fieldcrew_l10n::files::APP_HANDOVER,
            HandoverStrings::MESSAGE_IDS,
            HandoverStrings::FORMAT_IDS,
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert_eq!(Lang::ZhCn.handover().acknowledged("李强", "08:30"), "李强 于 08:30 确认接班");
        assert_eq!(Lang::En.handover().acknowledged("Li", "08:30"), "acknowledged by Li at 08:30");
        assert_eq!(Lang::ZhCn.handover().age(chrono::Duration::minutes(150)), "2 小时");
        assert_eq!(Lang::En.handover().age(chrono::Duration::hours(50)), "2 d");
    }
}
