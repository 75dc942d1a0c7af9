//! Every tunable number of the domain in one place, so a reader finds them
//! together and the server can override them from its settings file.

use serde::{Deserialize, Serialize};

/// Thresholds used by the rules, the SLA clock and the geo checks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// A fix farther than this from the site is flagged "far from site".
    pub far_from_site_m: f64,
    /// A fix whose accuracy radius exceeds this is flagged "poor accuracy".
    pub poor_accuracy_m: f64,
    /// Arrival commitment in town (001/004 第十条(二)5).
    pub urban_arrival_min: i64,
    /// Arrival commitment in rural areas (State Grid practice).
    pub rural_arrival_min: i64,
    /// Arrival commitment in remote areas (State Grid practice).
    pub remote_arrival_min: i64,
    /// An appointment must be met within this many minutes of the agreed time.
    pub appointment_grace_min: i64,
    /// A general fault must be dealt with within this many hours (001 第五条 2).
    pub general_restore_hours: i64,
    /// A meter fault must be dealt with within this many working days.
    pub meter_restore_working_days: u32,
    /// A deadline is "at risk" when less than this share of its window is left.
    pub at_risk_fraction: f64,
    /// Longest free text accepted in any field (characters).
    pub max_text_chars: usize,
    /// Largest photo or signature image stored (bytes).
    pub max_media_bytes: usize,
    /// A step recorded where distance matters takes a fix at most this old.
    pub fresh_fix_s: i64,
    /// How long the phone offers to wait for a fresh fix before it says so.
    pub fix_wait_s: i64,
    /// The days `*_working_days` count: the year's statutory holidays and
    /// weekend make-up workdays (调休), which the State Council announces
    /// each year (`[thresholds.working_calendar]`: `holidays`,
    /// `make_up_workdays`, dates as "2027-01-01"). Empty: weekends only.
    pub working_calendar: crate::sla::WorkCalendar,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            far_from_site_m: 200.0,
            poor_accuracy_m: 100.0,
            urban_arrival_min: 45,
            rural_arrival_min: 90,
            remote_arrival_min: 120,
            appointment_grace_min: 60,
            general_restore_hours: 24,
            meter_restore_working_days: 2,
            at_risk_fraction: 0.25,
            max_text_chars: 2000,
            max_media_bytes: 16 * 1024 * 1024,
            fresh_fix_s: 30,
            fix_wait_s: 30,
            working_calendar: crate::sla::WorkCalendar::default(),
        }
    }
}

/// Who the customer calls about the job: the station's name and the number
/// the crew leaves with the customer when the work is done (001 4.3.12:
/// 将本部门联系电话留给客户). Set per station on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StationContact {
    pub name: String,
    pub service_phone: String,
}

impl Default for StationContact {
    /// The national customer-service line until the station sets its own.
    fn default() -> Self {
        Self { name: "供电服务".into(), service_phone: "95598".into() }
    }
}
