//! Complaints (投诉) and reports (举报) taken by the centre: each must be
//! answered within its own deadline, counted in working days.
//!
//! The seeds disagree on the unit: the station's own standard says 5 and 10
//! working days (000 4.2.7: 受理信访投诉5个工作日内向客户作出答复,举报在10个
//! 工作日给予答复), the county rules say 5 and 10 days (001 4.2.5, 第十三条
//! (五)). The station's standard is the one its staff are assessed by, so
//! working days it is, on the same calendar as the meter deadline.

use crate::config::Thresholds;
use crate::sla::{Deadline, SlaStatus, WorkCalendar};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the caller brought: a complaint about the service, or a report of
/// wrongdoing (power theft, staff misconduct), kept confidential (000 4.2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintKind {
    /// 投诉
    Complaint,
    /// 举报
    Report,
}

impl ComplaintKind {
    pub const ALL: [ComplaintKind; 2] = [ComplaintKind::Complaint, ComplaintKind::Report];

    pub fn code(self) -> &'static str {
        match self {
            ComplaintKind::Complaint => "complaint",
            ComplaintKind::Report => "report",
        }
    }

    pub fn from_code(code: &str) -> Option<ComplaintKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Working days the centre has to answer (000 4.2.7).
    pub fn answer_within_working_days(self) -> u32 {
        match self {
            ComplaintKind::Complaint => 5,
            ComplaintKind::Report => 10,
        }
    }
}

/// Where a complaint stands. Answered means the caller got the answer;
/// closed means the case is filed (after the answer, or withdrawn).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    Open,
    Answered,
    Closed,
}

impl ComplaintStatus {
    pub const ALL: [ComplaintStatus; 3] =
        [ComplaintStatus::Open, ComplaintStatus::Answered, ComplaintStatus::Closed];

    pub fn code(self) -> &'static str {
        match self {
            ComplaintStatus::Open => "open",
            ComplaintStatus::Answered => "answered",
            ComplaintStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<ComplaintStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// When the answer is due: the kind's working days after the call.
pub fn answer_deadline(kind: ComplaintKind, received_at: DateTime<Utc>, calendar: &WorkCalendar) -> Deadline {
    Deadline {
        starts: received_at,
        due: calendar.add_working_days(received_at, kind.answer_within_working_days()),
    }
}

/// The answer clock at `now`: on time, at risk or late, by the same
/// at-risk share as the repair clocks.
pub fn answer_status(
    deadline: &Deadline,
    answered_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    limits: &Thresholds,
) -> SlaStatus {
    deadline.evaluate(now, answered_at, limits).status
}

/// Complaints counted for a report: answered on time, answered late, still
/// open past the deadline, still open within it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerTally {
    pub received: u32,
    pub on_time: u32,
    pub late: u32,
    pub overdue: u32,
    pub pending: u32,
}

impl AnswerTally {
    pub fn add(&mut self, deadline: &Deadline, answered_at: Option<DateTime<Utc>>, now: DateTime<Utc>) {
        self.received += 1;
        match answered_at {
            Some(at) if at <= deadline.due => self.on_time += 1,
            Some(_) => self.late += 1,
            None if now > deadline.due => self.overdue += 1,
            None => self.pending += 1,
        }
    }

    /// Share answered on time of those whose outcome is known (answered, or
    /// past the deadline unanswered); `None` when none is known yet.
    pub fn on_time_rate(&self) -> Option<f64> {
        let decided = self.on_time + self.late + self.overdue;
        (decided > 0).then(|| f64::from(self.on_time) / f64::from(decided))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    /// A UTC+8 wall-clock time as UTC.
    fn china(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        crate::sla::china_time().with_ymd_and_hms(y, m, d, h, 0, 0).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_complaint_on_friday_is_due_five_working_days_later_skipping_the_weekend() {
        // 2026-12-04 is a Friday: Fri, Mon, Tue, Wed, Thu → the next Friday 10:00.
        let due =
            answer_deadline(ComplaintKind::Complaint, china(2026, 12, 4, 10), &WorkCalendar::default()).due;
        assert_eq!(due, china(2026, 12, 11, 10));
    }

    #[test]
    fn a_report_gets_ten_working_days_two_weekends_included() {
        let due =
            answer_deadline(ComplaintKind::Report, china(2026, 12, 4, 10), &WorkCalendar::default()).due;
        assert_eq!(due, china(2026, 12, 18, 10));
    }

    #[test]
    fn a_complaint_taken_on_saturday_starts_counting_on_monday() {
        let due =
            answer_deadline(ComplaintKind::Complaint, china(2026, 12, 5, 15), &WorkCalendar::default()).due;
        // Mon 00:00 + 5 working days = the next Saturday 00:00, i.e. the end of Friday.
        assert_eq!(due, china(2026, 12, 12, 0));
    }

    #[test]
    fn holidays_in_the_calendar_push_the_deadline() {
        let calendar = WorkCalendar {
            holidays: vec![NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()],
            make_up_workdays: vec![],
        };
        let due = answer_deadline(ComplaintKind::Complaint, china(2026, 12, 4, 10), &calendar).due;
        assert_eq!(due, china(2026, 12, 14, 10));
    }

    #[test]
    fn the_tally_tells_on_time_late_and_overdue_apart() {
        let calendar = WorkCalendar::default();
        let d = answer_deadline(ComplaintKind::Complaint, china(2026, 12, 1, 9), &calendar);
        let now = china(2026, 12, 20, 9);
        let mut tally = AnswerTally::default();
        tally.add(&d, Some(china(2026, 12, 3, 9)), now);
        tally.add(&d, Some(china(2026, 12, 9, 9)), now);
        tally.add(&d, None, now);
        tally.add(&d, None, china(2026, 12, 2, 9));
        assert_eq!(tally, AnswerTally { received: 4, on_time: 1, late: 1, overdue: 1, pending: 1 });
        assert_eq!(tally.on_time_rate(), Some(1.0 / 3.0));
        assert_eq!(AnswerTally::default().on_time_rate(), None);
    }

    #[test]
    fn codes_round_trip() {
        for k in ComplaintKind::ALL {
            assert_eq!(ComplaintKind::from_code(k.code()), Some(k));
        }
        for s in ComplaintStatus::ALL {
            assert_eq!(ComplaintStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(ComplaintKind::from_code("praise"), None);
    }
}
