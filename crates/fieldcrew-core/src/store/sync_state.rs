//! What the sync client remembers between runs: the device token and crew,
//! the pull cursor, and how the last sync went. A small key/value table so a
//! new fact needs no migration.

use super::{Store, StoreError};
use chrono::{DateTime, Utc};
use fieldcrew_protocol::pull::StationSettings;
use rusqlite::{Connection, OptionalExtension, params};

const TOKEN: &str = "token";
const TOKEN_EXPIRES_AT: &str = "token_expires_at";
/// The token kept after signing out, only to prove at the next pairing that
/// the device id is this phone's (the server refuses an id with a live
/// token to anyone who can not show one of its tokens).
const PREVIOUS_TOKEN: &str = "previous_token";
const CREW_CODE: &str = "crew_code";
const CREW_NAME: &str = "crew_name";
const PULL_CURSOR: &str = "pull_cursor";
const LAST_SUCCESS: &str = "last_success";
const LAST_ERROR: &str = "last_error";

/// The phone's pairing with a crew.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pairing {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub crew_code: String,
    pub crew_name: String,
}

/// How syncing went, for the UI.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncStatus {
    pub last_success: Option<DateTime<Utc>>,
    /// The error of the last attempt, cleared by a success.
    pub last_error: Option<String>,
}

pub(super) fn get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT value FROM sync_state WHERE key = ?1", params![key], |r| r.get(0))
        .optional()?)
}

pub(super) fn set(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

fn remove(conn: &Connection, key: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM sync_state WHERE key = ?1", params![key])?;
    Ok(())
}

fn parse_time(text: Option<String>, what: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.map(|t| {
        DateTime::parse_from_rfc3339(&t)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
    })
    .transpose()
}

/// Where the next pull starts, inside any connection or transaction.
pub(super) fn set_cursor(conn: &Connection, cursor: i64) -> Result<(), StoreError> {
    set(conn, PULL_CURSOR, &cursor.to_string())
}

impl Store {
    /// The pairing, if the phone is paired (has a token).
    pub fn pairing(&self) -> Result<Option<Pairing>, StoreError> {
        let Some(token) = get(&self.conn, TOKEN)? else { return Ok(None) };
        let expires_at = parse_time(get(&self.conn, TOKEN_EXPIRES_AT)?, "token expiry")?
            .ok_or_else(|| StoreError::Corrupt("token without expiry".into()))?;
        Ok(Some(Pairing {
            token,
            expires_at,
            crew_code: get(&self.conn, CREW_CODE)?.unwrap_or_default(),
            crew_name: get(&self.conn, CREW_NAME)?.unwrap_or_default(),
        }))
    }

    /// Stores a new pairing. Pairing with a different crew starts the pull
    /// from the beginning, because cursors are per crew.
    pub fn set_pairing(&mut self, pairing: &Pairing) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        if get(&tx, CREW_CODE)?.is_some_and(|crew| crew != pairing.crew_code) {
            set_cursor(&tx, 0)?;
        }
        set(&tx, TOKEN, &pairing.token)?;
        remove(&tx, PREVIOUS_TOKEN)?;
        set(&tx, TOKEN_EXPIRES_AT, &pairing.expires_at.to_rfc3339())?;
        set(&tx, CREW_CODE, &pairing.crew_code)?;
        set(&tx, CREW_NAME, &pairing.crew_name)?;
        tx.commit()?;
        Ok(())
    }

    /// Signs out: the phone is no longer paired. Orders, events, the outbox
    /// and media stay, so nothing unsynced is lost; they go up after pairing
    /// again. The token is kept aside for `pairing_proof` only.
    pub fn clear_token(&mut self) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        if let Some(token) = get(&tx, TOKEN)? {
            set(&tx, PREVIOUS_TOKEN, &token)?;
        }
        remove(&tx, TOKEN)?;
        remove(&tx, TOKEN_EXPIRES_AT)?;
        tx.commit()?;
        Ok(())
    }

    /// The token to show when pairing again: the current one, else the one
    /// kept at sign-out; `None` before the first pairing.
    pub fn pairing_proof(&self) -> Result<Option<String>, StoreError> {
        match get(&self.conn, TOKEN)? {
            Some(token) => Ok(Some(token)),
            None => get(&self.conn, PREVIOUS_TOKEN),
        }
    }

    /// Where the next pull starts; 0 before the first.
    pub fn pull_cursor(&self) -> Result<i64, StoreError> {
        get(&self.conn, PULL_CURSOR)?
            .map(|c| c.parse().map_err(|_| StoreError::Corrupt(format!("pull cursor `{c}`"))))
            .transpose()
            .map(|c| c.unwrap_or(0))
    }

    /// A sync finished without error at `at`.
    pub fn record_sync_success(&mut self, at: DateTime<Utc>) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        set(&tx, LAST_SUCCESS, &at.to_rfc3339())?;
        remove(&tx, LAST_ERROR)?;
        tx.commit()?;
        Ok(())
    }

    /// A sync attempt failed; the last success is kept.
    pub fn record_sync_error(&mut self, message: &str) -> Result<(), StoreError> {
        set(&self.conn, LAST_ERROR, message)
    }

    pub fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        Ok(SyncStatus {
            last_success: parse_time(get(&self.conn, LAST_SUCCESS)?, "last sync")?,
            last_error: get(&self.conn, LAST_ERROR)?,
        })
    }
}

/// The key under which the interface language is kept.
const LANGUAGE_KEY: &str = "ui_language";

impl Store {
    /// The interface language the crew chose last (a BCP 47 tag), if any.
    pub fn ui_language(&self) -> Result<Option<String>, StoreError> {
        get(&self.conn, LANGUAGE_KEY)
    }

    /// Keeps the crew's language choice across restarts.
    pub fn set_ui_language(&mut self, tag: &str) -> Result<(), StoreError> {
        set(&self.conn, LANGUAGE_KEY, tag)
    }
}

/// The key under which the station's thresholds from the server are kept.
const STATION_THRESHOLDS_KEY: &str = "station_thresholds";

/// The thresholds the server sent, if any (unreadable ones count as none).
pub(super) fn station_thresholds(conn: &Connection) -> Result<Option<crate::Thresholds>, StoreError> {
    Ok(get(conn, STATION_THRESHOLDS_KEY)?.and_then(|json| serde_json::from_str(&json).ok()))
}

const STATION_CONTACT_KEY: &str = "station_contact";
const STATION_DAILY_CHECK_KEY: &str = "station_daily_check";
const STATION_CLOSE_OUT_KEY: &str = "station_close_out";

impl Store {
    /// Keeps the station's settings from the server: the phone's warnings
    /// then use the same figures as the server's flags, and the crew leaves
    /// the station's number with the customer.
    pub fn set_station(&mut self, station: &StationSettings) -> Result<(), StoreError> {
        let thresholds = serde_json::to_string(&station.thresholds).expect("thresholds always serialise");
        let contact = serde_json::to_string(&station.contact).expect("a contact always serialises");
        let daily_check = serde_json::to_string(&station.daily_check).expect("check items always serialise");
        let close_out =
            serde_json::to_string(&station.close_out).expect("close-out settings always serialise");
        let tx = self.conn.transaction()?;
        set(&tx, STATION_THRESHOLDS_KEY, &thresholds)?;
        set(&tx, STATION_CONTACT_KEY, &contact)?;
        set(&tx, STATION_DAILY_CHECK_KEY, &daily_check)?;
        set(&tx, STATION_CLOSE_OUT_KEY, &close_out)?;
        tx.commit()?;
        Ok(())
    }

    /// The station's contact as the server last sent it, else the default.
    pub fn station_contact(&self) -> crate::StationContact {
        get(&self.conn, STATION_CONTACT_KEY)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// The materials list and the completion-photo rule as the server last
    /// sent them, else the defaults.
    pub fn close_out_settings(&self) -> crate::close_out::CloseOutSettings {
        get(&self.conn, STATION_CLOSE_OUT_KEY)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// What the crew checks once a day, as the server last sent it, else
    /// the standard list.
    pub fn daily_check_items(&self) -> Vec<crate::daily_check::DailyCheckItem> {
        super::daily_checks::station_items(get(&self.conn, STATION_DAILY_CHECK_KEY).ok().flatten())
    }

    /// The station's settings as the phone holds them; their fingerprint
    /// goes with each pull.
    pub fn station_settings(&self) -> StationSettings {
        StationSettings {
            thresholds: self.thresholds(),
            contact: self.station_contact(),
            daily_check: self.daily_check_items(),
            close_out: self.close_out_settings(),
        }
    }
}
