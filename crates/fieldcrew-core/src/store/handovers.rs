//! The crew's shift handover (交接班) on the phone: written here or pulled
//! from the server, acknowledged here. Writing or acknowledging stores the
//! record and its outbox row in one transaction, keyed by the handover's
//! id, so a double tap or a crash between tap and commit leaves exactly one.

use super::outbox::{self, OutboxKind};
use super::sync_state::{get, set};
use super::{RecordError, Store, StoreError};
use crate::handover::{self, CarriedProblem, CrewHandover, Handover, HandoverAck};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use std::collections::HashSet;
use uuid::Uuid;

/// The crew's handover state as last pulled (JSON of `CrewHandover`).
const CREW_HANDOVER: &str = "crew_handover";

/// A handover held on the phone, with its acknowledgment once there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoverRow {
    pub handover: Handover,
    pub ack: Option<HandoverAck>,
    /// Written on this phone and not yet taken by the server.
    pub unsent: bool,
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

impl Store {
    /// Records the handover the outgoing member signed. `Ok(false)` when
    /// this handover (same id) was recorded before: nothing is added.
    pub fn write_handover(&mut self, handover: &Handover) -> Result<bool, RecordError> {
        handover::check(handover)?;
        let texts = handover.problems.iter().flat_map(|p| {
            [("problem", p.text.as_str()), ("equipment", p.equipment.as_deref().unwrap_or(""))]
        });
        let closures = handover.closed.iter().map(|c| ("close_note", c.note.as_str()));
        self.check_texts(
            [("written_by", handover.written_by.as_str()), ("summary", handover.summary.as_str())]
                .into_iter()
                .chain(texts)
                .chain(closures),
        )?;
        let body = serde_json::to_string(handover).expect("a handover always serialises");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO handovers (id, body, written_at) VALUES (?1, ?2, ?3)",
            params![handover.id.to_string(), body, handover.written_at.to_rfc3339()],
        )?;
        if inserted == 0 {
            return Ok(false);
        }
        let seq = outbox::enqueue(&tx, OutboxKind::Handover, None, None, &body)?;
        tx.execute(
            "UPDATE handovers SET outbox_seq = ?2 WHERE id = ?1",
            params![handover.id.to_string(), seq],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Records the incoming member's 确认接班. `Ok(false)` when the handover
    /// was already acknowledged (here or, as pulled, elsewhere): the first
    /// acknowledgment stands and nothing is added.
    pub fn acknowledge_handover(&mut self, ack: &HandoverAck) -> Result<bool, RecordError> {
        self.check_texts([("acknowledged_by", ack.acknowledged_by.as_str())])?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT body, ack FROM handovers WHERE id = ?1",
                params![ack.handover_id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((body, held_ack)) = row else {
            return Err(RecordError::UnknownHandover(ack.handover_id));
        };
        if held_ack.is_some() {
            return Ok(false);
        }
        handover::check_ack(&parse::<Handover>("handover", &body)?, ack)?;
        let json = serde_json::to_string(ack).expect("an acknowledgment always serialises");
        let seq = outbox::enqueue(&tx, OutboxKind::HandoverAck, None, None, &json)?;
        tx.execute(
            "UPDATE handovers SET ack = ?2, ack_outbox_seq = ?3 WHERE id = ?1",
            params![ack.handover_id.to_string(), json, seq],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Stores the crew's handover state from a pull: its latest handover
    /// joins the ones held (an acknowledgment made here is kept), and its
    /// open problems replace the ones held before.
    pub fn apply_crew_handover(&mut self, state: &CrewHandover) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        if let Some(latest) = &state.latest {
            let h = &latest.handover;
            tx.execute(
                "INSERT INTO handovers (id, body, written_at, ack) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET ack = COALESCE(handovers.ack, excluded.ack)",
                params![
                    h.id.to_string(),
                    serde_json::to_string(h).expect("a handover always serialises"),
                    h.written_at.to_rfc3339(),
                    latest.ack.as_ref().map(|a| serde_json::to_string(a).expect("an ack always serialises")),
                ],
            )?;
        }
        set(&tx, CREW_HANDOVER, &serde_json::to_string(state).expect("handover state always serialises"))?;
        tx.commit()?;
        Ok(())
    }

    /// The crew's handover state as last pulled (empty before the first).
    pub fn crew_handover(&self) -> Result<CrewHandover, StoreError> {
        get(&self.conn, CREW_HANDOVER)?
            .map_or(Ok(CrewHandover::default()), |json| parse("crew handover", &json))
    }

    /// The newest handover the phone holds, written here or pulled.
    pub fn latest_handover(&self) -> Result<Option<HandoverRow>, StoreError> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT body, ack FROM handovers ORDER BY written_at DESC, rowid DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((body, ack)) = row else { return Ok(None) };
        let handover: Handover = parse("handover", &body)?;
        let unsent = self.handover_unsent(handover.id)?;
        Ok(Some(HandoverRow { handover, ack: ack.map(|a| parse("handover ack", &a)).transpose()?, unsent }))
    }

    fn handover_unsent(&self, id: Uuid) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM handovers h JOIN outbox o ON o.device_seq = h.outbox_seq
                            WHERE h.id = ?1 AND o.acked_at IS NULL)",
            params![id.to_string()],
            |r| r.get(0),
        )?)
    }

    /// Every problem still open for the crew as this phone knows it: the
    /// server's list from the last pull, with the problems raised and
    /// closed in handovers written here that the server has not taken yet.
    pub fn open_problems(&self) -> Result<Vec<CarriedProblem>, StoreError> {
        let mut open = self.crew_handover()?.open_problems;
        let mut stmt = self.conn.prepare(
            "SELECT h.body FROM handovers h JOIN outbox o ON o.device_seq = h.outbox_seq
             WHERE o.acked_at IS NULL ORDER BY h.written_at, h.rowid",
        )?;
        let unsent = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|body| parse::<Handover>("handover", &body?))
            .collect::<Result<Vec<_>, _>>()?;
        for handover in unsent {
            let closed: HashSet<Uuid> = handover.closed.iter().map(|c| c.problem_id).collect();
            open.retain(|p| !closed.contains(&p.problem.id));
            for problem in handover.problems {
                if !open.iter().any(|p| p.problem.id == problem.id) {
                    open.push(CarriedProblem {
                        problem,
                        handover_id: handover.id,
                        raised_by: handover.written_by.clone(),
                        raised_at: handover.written_at,
                    });
                }
            }
        }
        Ok(open)
    }
}
