//! Complaints (投诉) and reports (举报) as the centre keeps them: taken at
//! intake, owned by someone, answered within the deadline the domain sets
//! (`fieldcrew_domain::complaint`), then closed.

use chrono::{DateTime, Utc};
use fieldcrew_domain::complaint::{ComplaintKind, ComplaintStatus};
use fieldcrew_domain::sla::Deadline;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub id: Uuid,
    pub kind: ComplaintKind,
    /// Server time of the call: the answer deadline counts from here.
    pub received_at: DateTime<Utc>,
    /// Fixed when taken, so a later calendar change does not move a promise
    /// already made to the caller.
    pub due_at: DateTime<Utc>,
    pub reporter_name: String,
    pub reporter_phone: String,
    /// Where it happened or who it is about (003 §四.1(6): 投诉地点).
    pub place: String,
    pub content: String,
    /// Who must answer it (a person or department, free text).
    pub owner: String,
    /// The dispatcher who took the call.
    pub taken_by: String,
    pub status: ComplaintStatus,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl Complaint {
    pub fn deadline(&self) -> Deadline {
        Deadline { starts: self.received_at, due: self.due_at }
    }
}

/// Why an answer or a close was not stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplaintRefusal {
    Unknown,
    /// Answering needs an open complaint; closing one not closed yet.
    WrongStatus,
}
