//! Shift handover (交接班记录): the outgoing duty person hands the log over
//! with every problem still open, and the incoming one acknowledges it
//! (003 §四.3(7): "将值班记录交代清楚,同时,将遗留问题移交接班人"; 004:
//! "交班时应将未处理完毕的业务连同责任一并转交接班人"). Both sign by name and
//! time. A problem stays open, and is carried into every later handover of
//! the crew, until someone closes it with a note.
//!
//! These are crew records, not order events: a handover belongs to no
//! order's hash chain, so it travels as its own push kind.

use crate::ids::OrderId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A handover as the outgoing person signed it on the phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    /// Made once per form on the phone, so a double tap or a resend is the
    /// same handover.
    pub id: Uuid,
    pub crew_code: String,
    /// 交班人: the signed-in member's name.
    pub written_by: String,
    /// The phone's wall clock when it was signed.
    pub written_at: DateTime<Utc>,
    /// 值班记录: the free summary of the shift.
    #[serde(default)]
    pub summary: String,
    /// Problems raised in this handover (遗留问题).
    #[serde(default)]
    pub problems: Vec<OpenProblem>,
    /// Problems carried from earlier handovers that the outgoing person
    /// closed while writing this one.
    #[serde(default)]
    pub closed: Vec<ProblemClosure>,
}

/// One open problem: its text, and optionally the order and the equipment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenProblem {
    pub id: Uuid,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// The order's number as the phone showed it, so the log reads alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equipment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemClosure {
    pub problem_id: Uuid,
    #[serde(default)]
    pub note: String,
}

/// The incoming person's acknowledgment (确认接班).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverAck {
    pub handover_id: Uuid,
    /// 接班人, as confirmed on the phone.
    pub acknowledged_by: String,
    pub acknowledged_at: DateTime<Utc>,
}

/// A problem still open, as the crew's phones are told with the pull.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedProblem {
    #[serde(flatten)]
    pub problem: OpenProblem,
    /// The handover that raised it, by whom and when.
    pub handover_id: Uuid,
    pub raised_by: String,
    pub raised_at: DateTime<Utc>,
}

/// A handover with its acknowledgment, once there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedHandover {
    pub handover: Handover,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack: Option<HandoverAck>,
}

/// The crew's handover state: its latest handover and every open problem.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrewHandover {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<SignedHandover>,
    #[serde(default)]
    pub open_problems: Vec<CarriedProblem>,
}

impl CrewHandover {
    /// A short digest: the phone sends the one it holds with each pull and
    /// the server answers the state only when it differs.
    pub fn fingerprint(&self) -> String {
        let json = serde_json::to_vec(self).expect("handover state always serialises");
        crate::hash::sha256_hex(&json)[..16].to_string()
    }
}

/// Why a handover or an acknowledgment can not be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HandoverError {
    #[error("the handover needs the name of the person handing over")]
    NoWriter,
    #[error("the acknowledgment needs the name of the person taking over")]
    NoAcknowledger,
    #[error("open problem {0} has no text")]
    EmptyProblem(usize),
    #[error("the handover holds neither a summary, an open problem nor a closed one")]
    Empty,
    /// Closing a problem says what was done, as on the console.
    #[error("closing problem {0} needs a note of what was done")]
    EmptyCloseNote(usize),
    #[error("{0} can not take over the shift from themselves")]
    SamePerson(String),
}

/// The checks every handover passes, on the phone and on the server.
pub fn check(handover: &Handover) -> Result<(), HandoverError> {
    if handover.written_by.trim().is_empty() {
        return Err(HandoverError::NoWriter);
    }
    if let Some(index) = handover.problems.iter().position(|p| p.text.trim().is_empty()) {
        return Err(HandoverError::EmptyProblem(index + 1));
    }
    if let Some(index) = handover.closed.iter().position(|c| c.note.trim().is_empty()) {
        return Err(HandoverError::EmptyCloseNote(index + 1));
    }
    if handover.summary.trim().is_empty() && handover.problems.is_empty() && handover.closed.is_empty() {
        return Err(HandoverError::Empty);
    }
    Ok(())
}

/// The checks an acknowledgment of `handover` passes: a name, and not the
/// person who handed over (one does not take over from oneself).
pub fn check_ack(handover: &Handover, ack: &HandoverAck) -> Result<(), HandoverError> {
    let by = ack.acknowledged_by.trim();
    if by.is_empty() {
        return Err(HandoverError::NoAcknowledger);
    }
    if by == handover.written_by.trim() {
        return Err(HandoverError::SamePerson(by.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handover() -> Handover {
        Handover {
            id: Uuid::now_v7(),
            crew_code: "CREW-1".into(),
            written_by: "张伟".into(),
            written_at: Utc::now(),
            summary: String::new(),
            problems: vec![OpenProblem {
                id: Uuid::now_v7(),
                text: "10kV 东湖线 3 号杆拉线松动".into(),
                order_id: None,
                order_number: None,
                equipment: Some("3号杆".into()),
            }],
            closed: vec![],
        }
    }

    #[test]
    fn a_handover_with_a_blank_problem_is_refused_with_its_position() {
        let mut h = handover();
        h.problems[0].text = "  ".into();
        assert_eq!(check(&h), Err(HandoverError::EmptyProblem(1)));
    }

    #[test]
    fn a_handover_with_nothing_in_it_is_refused() {
        let mut h = handover();
        h.problems.clear();
        assert_eq!(check(&h), Err(HandoverError::Empty));
        h.summary = "本班无遗留问题".into();
        assert_eq!(check(&h), Ok(()));
    }

    #[test]
    fn a_problem_closed_without_a_note_is_refused() {
        let mut h = handover();
        h.closed = vec![ProblemClosure { problem_id: Uuid::now_v7(), note: " ".into() }];
        assert_eq!(check(&h), Err(HandoverError::EmptyCloseNote(1)));
    }

    #[test]
    fn nobody_takes_over_from_themselves() {
        let h = handover();
        let ack =
            HandoverAck {
                handover_id: h.id, acknowledged_by: " 张伟 ".into(), acknowledged_at: Utc::now()
            };
        assert_eq!(check_ack(&h, &ack), Err(HandoverError::SamePerson("张伟".into())));
        let ack = HandoverAck { acknowledged_by: "李强".into(), ..ack };
        assert_eq!(check_ack(&h, &ack), Ok(()));
    }

    #[test]
    fn an_older_peer_s_handover_without_the_optional_parts_still_reads() {
        let json = r#"{"id":"0190a4f0-0000-7000-8000-000000000001","crew_code":"CREW-1","written_by":"张伟","written_at":"2026-12-07T08:00:00Z"}"#;
        let h: Handover = serde_json::from_str(json).unwrap();
        assert!(h.problems.is_empty() && h.closed.is_empty() && h.summary.is_empty());
    }
}
