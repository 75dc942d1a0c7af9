//! The embedded backend: one SQLite file under the data dir, WAL,
//! `synchronous=FULL` (an acknowledged push is on disk), one connection
//! behind a lock, so transactions never race.

use super::Backend;
use crate::change_signal::ChangeSignal;
use crate::db::{DbError, DbResult};
use fieldcrew_sql::{Dialect, Sql, SqlError};
use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

pub struct SqliteBackend {
    conn: Mutex<Connection>,
    /// Told after every transaction that added rows to `order_changes`.
    signal: OnceLock<Arc<dyn ChangeSignal>>,
    /// The last `order_changes.seq` told to `signal` (read and written
    /// under the connection's lock).
    signalled_seq: AtomicI64,
}

/// Opens (creating if missing) and migrates the database file. A file from
/// before versioned migrations holds exactly version 1's tables, created
/// `IF NOT EXISTS`, so it is taken over in place.
pub fn open_connection(path: &Path) -> DbResult<Connection> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // The push path alone keeps about fifteen statements prepared; the
    // default cache of 16 would evict them between batches.
    conn.set_prepared_statement_cache_capacity(64);
    embedded::migrations::runner()
        .run(&mut conn)
        .map_err(|e| DbError::Sql(SqlError::Backend(format!("migrating {}: {e}", path.display()))))?;
    Ok(conn)
}

/// The versions applied to the file, oldest first (`fieldcrew-server migrate`).
pub fn applied_versions(conn: &mut Connection) -> DbResult<Vec<(i32, String)>> {
    let applied = embedded::migrations::runner()
        .get_applied_migrations(conn)
        .map_err(|e| DbError::Sql(SqlError::Backend(e.to_string())))?;
    Ok(applied.iter().map(|m| (m.version(), m.name().to_owned())).collect())
}

impl SqliteBackend {
    pub fn open(path: &Path) -> DbResult<Self> {
        Self::from_connection(open_connection(path)?)
    }

    fn from_connection(conn: Connection) -> DbResult<Self> {
        let last: i64 =
            conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM order_changes", [], |r| r.get(0))?;
        Ok(Self { conn: Mutex::new(conn), signal: OnceLock::new(), signalled_seq: AtomicI64::new(last) })
    }

    /// The connection itself, for storage code not yet written against
    /// [`Sql`]; signals like [`Backend::run`].
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> DbResult<T>) -> DbResult<T> {
        // A panic while holding the lock leaves SQLite consistent (the
        // transaction rolls back on drop), so a poisoned lock is still usable.
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let result = f(&mut conn);
        self.signal_new_changes(&mut conn);
        result
    }

    /// Tells the change signal which crews' feeds grew during the last call.
    /// Checked here, after every transaction, rather than at each writer: a
    /// new kind of write (a follow-up, an edit) wakes waiting phones without
    /// remembering to. Costs one indexed look-up past the last seq.
    fn signal_new_changes(&self, conn: &mut Connection) {
        let Some(signal) = self.signal.get() else { return };
        let since = self.signalled_seq.load(Ordering::Relaxed);
        let sql: &mut dyn Sql = conn;
        let grown = sql.query_map(
            "SELECT crew_code, MAX(seq) FROM order_changes WHERE seq > ?1 GROUP BY crew_code",
            fieldcrew_sql::args![since],
            |row| Ok((row.get::<String>(0)?, row.get::<i64>(1)?)),
        );
        // A failed look-up only delays the wake-up: waiters re-read at
        // their deadline, and the next call looks again from `since`.
        let Ok(grown) = grown else { return };
        for (crew, seq) in grown {
            self.signalled_seq.fetch_max(seq, Ordering::Relaxed);
            signal.changed(&crew, seq);
        }
    }
}

impl Backend for SqliteBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn run(&self, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        self.with_conn(|conn| {
            let mut tx = conn.transaction()?;
            f(&mut tx)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// A read grows no change feed: no look for grown feeds after it.
    fn read(&self, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let mut tx = conn.transaction()?;
        f(&mut tx)?;
        tx.commit()?;
        Ok(())
    }

    fn signal_changes_to(&self, signal: Arc<dyn ChangeSignal>) {
        // Set once when the state is built; a second call (tests reusing a
        // database) keeps the first signal.
        let _ = self.signal.set(signal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file made by a server from before versioned migrations: every
    /// table already there, no history table.
    #[test]
    fn a_database_from_before_migrations_is_taken_over_with_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(include_str!("../../../migrations/sqlite/V1__schema.sql")).unwrap();
            conn.execute("INSERT INTO crews VALUES ('CREW-1', '一班', 'x', '[]')", []).unwrap();
        }
        let mut conn = open_connection(&path).unwrap();
        let crews: i64 = conn.query_row("SELECT COUNT(*) FROM crews", [], |r| r.get(0)).unwrap();
        assert_eq!(crews, 1, "the old rows are kept");
        // Version 1 taken over, then every later one of this build applied.
        let shipped: Vec<_> = embedded::migrations::runner()
            .get_migrations()
            .iter()
            .map(|m| (m.version(), m.name().to_owned()))
            .collect();
        assert_eq!(shipped[0], (1, "schema".to_owned()));
        assert_eq!(applied_versions(&mut conn).unwrap(), shipped);
        drop(conn);
        // Opening again applies nothing twice.
        let mut conn = open_connection(&path).unwrap();
        assert_eq!(applied_versions(&mut conn).unwrap(), shipped);
    }
}
