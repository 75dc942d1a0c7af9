//! The crew's daily check (每日出车前检查): a record on no order, kept with
//! its outbox row in one transaction, found again by its day in UTC+8.

use super::orders::to_json;
use super::outbox::{self, OutboxKind};
use super::{MediaKind, RecordError, Store, StoreError};
use crate::daily_check::{self, DailyCheck, DailyCheckItem, check_day};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

impl Store {
    /// Records the check if it is complete for the station's items, with
    /// its outbox row, in one transaction. The same check id again (a double
    /// tap on 提交) records nothing and answers `Ok(false)`.
    pub fn record_daily_check(&mut self, check: &DailyCheck) -> Result<bool, RecordError> {
        daily_check::validate_against(check, &self.daily_check_items())?;
        self.check_texts(
            [("checked_by", check.checked_by.as_str()), ("boot_id", check.evidence.boot_id.as_str())]
                .into_iter()
                .chain(check.items.iter().map(|i| ("note", i.note.as_str()))),
        )?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM daily_checks WHERE id = ?1)",
            params![check.id.to_string()],
            |r| r.get(0),
        )?;
        if known {
            return Ok(false);
        }
        for answer in &check.items {
            for photo in &answer.photos {
                check_photo(&tx, photo.media, &photo.sha256)?;
            }
        }
        let body = to_json(check);
        tx.execute(
            "INSERT INTO daily_checks (id, day, checked_at, body) VALUES (?1, ?2, ?3, ?4)",
            params![
                check.id.to_string(),
                check_day(check.evidence.device_time).to_string(),
                check.evidence.device_time.to_rfc3339(),
                body
            ],
        )?;
        outbox::enqueue(&tx, OutboxKind::DailyCheck, None, None, &body)?;
        tx.commit()?;
        Ok(true)
    }

    /// The check with this id, if this phone holds it.
    pub fn daily_check(
        &self,
        id: crate::daily_check::DailyCheckId,
    ) -> Result<Option<DailyCheck>, StoreError> {
        let body: Option<String> = self
            .conn
            .query_row("SELECT body FROM daily_checks WHERE id = ?1", params![id.to_string()], |r| r.get(0))
            .optional()?;
        body.map(|b| serde_json::from_str(&b).map_err(|e| StoreError::Corrupt(format!("daily check: {e}"))))
            .transpose()
    }

    /// The last check recorded for `day` (UTC+8), if any.
    pub fn daily_check_on(&self, day: NaiveDate) -> Result<Option<DailyCheck>, StoreError> {
        Ok(self.daily_checks_on(day)?.pop())
    }

    /// Every check recorded for `day` (UTC+8), oldest first: a second
    /// check that day must not hide what the first found.
    pub fn daily_checks_on(&self, day: NaiveDate) -> Result<Vec<DailyCheck>, StoreError> {
        let mut stmt =
            self.conn.prepare("SELECT body FROM daily_checks WHERE day = ?1 ORDER BY checked_at, rowid")?;
        let bodies = stmt.query_map(params![day.to_string()], |r| r.get::<_, String>(0))?;
        bodies
            .map(|body| {
                serde_json::from_str(&body?).map_err(|e| StoreError::Corrupt(format!("daily check: {e}")))
            })
            .collect()
    }
}

/// A photo a check names must be stored as a photo with that hash, and on
/// no order (it shows the crew's gear, not a site).
fn check_photo(tx: &Transaction, id: crate::ids::MediaId, sha256: &str) -> Result<(), RecordError> {
    let stored: Option<(String, String, Option<String>)> = tx
        .query_row("SELECT sha256, kind, order_id FROM media WHERE id = ?1", params![id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    match stored {
        None => Err(RecordError::UnknownMedia(id)),
        Some((hash, kind, owner))
            if hash != sha256 || kind != MediaKind::Photo.as_str() || owner.is_some() =>
        {
            Err(RecordError::MediaHashMismatch(id))
        }
        Some(_) => Ok(()),
    }
}

/// The station's items as the server last sent them (kept as sent, so the
/// settings' fingerprint matches the server's and an idle pull stays
/// small), else the standard list.
pub(super) fn station_items(json: Option<String>) -> Vec<DailyCheckItem> {
    json.and_then(|j| serde_json::from_str::<Vec<DailyCheckItem>>(&j).ok())
        .unwrap_or_else(daily_check::default_items)
}
