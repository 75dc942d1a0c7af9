//! The PostgreSQL backend: a pool of connections (each keeping its prepared
//! statements), every transaction SERIALIZABLE (a line's READ COMMITTED
//! behind its lock, `in_line`) and run again from the start when it loses
//! a race, and a listener that hears other instances' writes.

use super::Backend;
use crate::change_signal::ChangeSignal;
use crate::db::{DbError, DbResult};
use fieldcrew_sql::postgres::{Config, Isolation, PgConnection, is_connection_lost, parse_url};
use fieldcrew_sql::{Dialect, Sql, SqlError, args};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

mod in_line;

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// Connections at most: storage calls are already let through a few at a
/// time (crate::blocking), and each instance of several holds this many.
const POOL_SIZE: u32 = 8;
/// Tries of a transaction that keeps losing serialization races.
const MAX_TRIES: u32 = 10;
/// Who migrates: instances starting together wait for the first.
const MIGRATION_LOCK: i64 = 7_355_609;
/// The channel `record_change` notifies on, the crew as payload.
const CHANNEL: &str = "fieldcrew_changes";

struct Manager {
    config: Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = PgConnection;
    type Error = SqlError;

    fn connect(&self) -> Result<PgConnection, SqlError> {
        PgConnection::connect(&self.config)
    }

    fn is_valid(&self, conn: &mut PgConnection) -> Result<(), SqlError> {
        conn.batch_execute("")
    }

    /// A connection the server closed (a restart, an idle timeout) is left
    /// out of the pool when given back.
    fn has_broken(&self, conn: &mut PgConnection) -> bool {
        conn.is_closed()
    }
}

/// What the listener thread shares with the backend; it holds it weakly,
/// so dropping the backend ends the thread.
struct Shared {
    pool: r2d2::Pool<Manager>,
    signal: OnceLock<Arc<dyn ChangeSignal>>,
    /// The last `order_changes.seq` told to `signal`. Change rows commit in
    /// seq order (record_change holds an advisory lock to the commit), so
    /// everything above it is news.
    signalled_seq: AtomicI64,
    /// Transactions run again after losing a serialization race.
    reruns: AtomicU64,
}

pub struct PostgresBackend {
    shared: Arc<Shared>,
    config: Config,
}

fn backend_error(what: &str, e: impl std::fmt::Display) -> DbError {
    DbError::Sql(SqlError::Backend(format!("{what}: {e}")))
}

impl PostgresBackend {
    /// Connects to `url` (`postgres://user:password@host:port/db`), brings
    /// the schema up to date and opens the pool.
    pub fn open(url: &str) -> DbResult<Self> {
        let config = parse_url(url)?;
        migrate(&config)?;
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            // A round trip per checkout buys nothing: a dead connection
            // fails its BEGIN, and `run` then takes another.
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .build(Manager { config: config.clone() })
            .map_err(|e| backend_error("PostgreSQL connection pool", e))?;
        let shared = Arc::new(Shared {
            pool,
            signal: OnceLock::new(),
            signalled_seq: AtomicI64::new(0),
            reruns: AtomicU64::new(0),
        });
        let last = shared.read(|sql| {
            Ok(sql.query_value::<i64>("SELECT COALESCE(MAX(seq), 0) FROM order_changes", &[])?)
        })?;
        shared.signalled_seq.store(last, Ordering::Relaxed);
        Ok(Self { shared, config })
    }

    /// Transactions run again so far after losing a serialization race.
    pub fn reruns(&self) -> u64 {
        self.shared.reruns.load(Ordering::Relaxed)
    }

    /// The versions applied, oldest first (`fieldcrew-server migrate`).
    pub fn applied_versions(url: &str) -> DbResult<Vec<(i32, String)>> {
        let mut conn = PgConnection::connect(&parse_url(url)?)?;
        let runner = embedded::migrations::runner();
        let applied = conn
            .with_client(|client| runner.get_applied_migrations_async(client))
            .map_err(|e| backend_error("reading the migration history", e))?;
        Ok(applied.iter().map(|m| (m.version(), m.name().to_owned())).collect())
    }
}

/// Applies the migrations not yet applied, one instance at a time.
fn migrate(config: &Config) -> DbResult<()> {
    let mut conn = PgConnection::connect(config)?;
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
    let runner = embedded::migrations::runner();
    let migrated = conn.with_client(|client| runner.run_async(client));
    let _ = conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
    migrated.map_err(|e| backend_error("migrating the PostgreSQL schema", e))?;
    Ok(())
}

impl Shared {
    fn connection(&self) -> DbResult<r2d2::PooledConnection<Manager>> {
        self.pool.get().map_err(|e| backend_error("no PostgreSQL connection", e))
    }

    /// One transaction running `f`, committed on `Ok`; run again from the
    /// start after a lost race, with a short pause that grows and is
    /// jittered so the rivals do not collide again. SERIALIZABLE, or in
    /// `line`: READ COMMITTED behind the line's lock (`in_line`).
    fn run(&self, line: Option<i64>, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        let level = if line.is_some() { Isolation::ReadCommitted } else { Isolation::Serializable };
        let mut tries = 0;
        loop {
            tries += 1;
            let mut conn = self.connection()?;
            // Whether a failure left nothing committed for sure: anything
            // but a COMMIT that did not answer.
            let mut before_commit = true;
            let outcome = match conn.transaction(level) {
                Ok(mut tx) => {
                    let done = match line {
                        Some(key) => f(&mut in_line::InLine::new(&mut tx, key)),
                        None => f(&mut tx),
                    };
                    match done {
                        Ok(()) => {
                            // After a failed statement no COMMIT is sent.
                            before_commit = tx.failed();
                            tx.commit().map_err(DbError::from)
                        }
                        Err(e) => {
                            drop(tx);
                            Err(e)
                        }
                    }
                }
                Err(e) => Err(e.into()),
            };
            // A connection the server closed (a restart, a failover, an
            // idle timeout) before COMMIT: the server rolled the
            // transaction back, so it runs again on another connection
            // (this one leaves the pool).
            if let Err(e) = &outcome {
                let lost = conn.is_closed() || matches!(e, DbError::Sql(e) if is_connection_lost(e));
                if lost && before_commit && tries < MAX_TRIES {
                    tracing::debug!(tries, error = %e, "connection lost in a transaction; running it again");
                    continue;
                }
            }
            drop(conn);
            match outcome {
                // No look for grown feeds here: a write that grows one
                // notifies at commit, and the listener hears this
                // instance's notifications as well as the others'. (A look
                // after every transaction doubled their number under load.)
                Ok(()) => return Ok(()),
                Err(e) if tries < MAX_TRIES && lost_race(&e, line.is_some()) => {
                    self.reruns.fetch_add(1, Ordering::Relaxed);
                    tracing::debug!(tries, error = %e, "lost a race; running the transaction again");
                    let base = 2u64 << tries.min(5);
                    let pause = base + rand::random::<u64>() % base;
                    std::thread::sleep(Duration::from_millis(pause));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// A read of its own (READ COMMITTED; no race to lose), on another
    /// connection if the first one turns out closed.
    fn read<T>(&self, mut f: impl FnMut(&mut dyn Sql) -> DbResult<T>) -> DbResult<T> {
        for _ in 1..MAX_TRIES {
            let mut conn = self.connection()?;
            if let Ok(mut tx) = conn.transaction(Isolation::ReadCommitted) {
                let out = f(&mut tx)?;
                tx.commit()?;
                return Ok(out);
            }
        }
        let mut conn = self.connection()?;
        let mut tx = conn.transaction(Isolation::ReadCommitted)?;
        let out = f(&mut tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Tells the change signal which crews' feeds grew since the last look,
    /// by whichever instance: on each notification and after the listener
    /// (re)connects.
    fn signal_new_changes(&self) {
        let Some(signal) = self.signal.get() else { return };
        let since = self.signalled_seq.load(Ordering::Relaxed);
        let grown = self.read(|sql| {
            Ok(sql.query_map(
                "SELECT crew_code, MAX(seq) FROM order_changes WHERE seq > ?1 GROUP BY crew_code",
                args![since],
                |row| Ok((row.get::<String>(0)?, row.get::<i64>(1)?)),
            )?)
        });
        // A failed look-up only delays the wake-up: waiters re-read at
        // their deadline, and the next look starts from `since` again.
        let Ok(grown) = grown else { return };
        for (crew, seq) in grown {
            self.signalled_seq.fetch_max(seq, Ordering::Relaxed);
            signal.changed(&crew, seq);
        }
    }
}

/// Whether `e` says only that another transaction got there first, so
/// running again from the start will do.
fn lost_race(e: &DbError, in_line: bool) -> bool {
    matches!(e, DbError::Sql(SqlError::Conflict(_))) || (in_line && in_line::lost_key_race(e))
}

/// The advisory lock key of a line: the same on every instance, and an
/// integer, so no name is ever spliced into SQL.
fn line_key(line: &str) -> i64 {
    let digest = fieldcrew_domain::hash::sha256_hex(format!("fieldcrew line {line}").as_bytes());
    u64::from_str_radix(&digest[..16], 16).expect("hex digits") as i64
}

/// Hears `NOTIFY fieldcrew_changes` on a connection of its own and looks
/// for grown feeds on each; reconnects after a loss (and looks then too:
/// notifications sent meanwhile are gone). Ends when the backend is dropped.
fn listen(config: Config, shared: Weak<Shared>) {
    let mut pause = Duration::from_millis(100);
    while shared.strong_count() > 0 {
        let mut conn = match PgConnection::connect(&config) {
            Ok(conn) => conn,
            // The database itself is gone (a test's scratch database
            // dropped): nothing will be written to it again.
            Err(e) if e.to_string().contains("3D000") => return,
            Err(e) => {
                tracing::warn!(error = %e, "change listener could not connect to PostgreSQL; trying again");
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(5));
                continue;
            }
        };
        if let Err(e) = conn.batch_execute(&format!("LISTEN {CHANNEL}")) {
            tracing::warn!(error = %e, "LISTEN failed; reconnecting");
            continue;
        }
        pause = Duration::from_millis(100);
        let Some(backend) = shared.upgrade() else { return };
        backend.signal_new_changes();
        drop(backend);
        loop {
            match conn.notification(Duration::from_secs(1)) {
                Ok(Some(_)) => {
                    // One look covers every notification already queued.
                    while let Ok(Some(_)) = conn.notification(Duration::ZERO) {}
                    let Some(backend) = shared.upgrade() else { return };
                    backend.signal_new_changes();
                }
                Ok(None) if shared.strong_count() == 0 => return,
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "change listener lost its PostgreSQL connection; reconnecting");
                    std::thread::sleep(pause);
                    break;
                }
            }
        }
    }
}

impl Backend for PostgresBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn calls_at_once(&self) -> usize {
        POOL_SIZE as usize
    }

    fn run(&self, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        self.shared.run(None, f)
    }

    fn run_in_line(&self, line: &str, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        self.shared.run(Some(line_key(line)), f)
    }

    fn read(&self, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        self.shared.read_at(Isolation::ReadOnlySnapshot, f)
    }

    fn read_statement(&self, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        self.shared.read_at(Isolation::SingleStatement, f)
    }

    fn signal_changes_to(&self, signal: Arc<dyn ChangeSignal>) {
        // Set once when the state is built; the listener starts with it.
        if self.shared.signal.set(signal).is_err() {
            return;
        }
        let (config, shared) = (self.config.clone(), Arc::downgrade(&self.shared));
        let started = std::thread::Builder::new()
            .name("fieldcrew-pg-listen".into())
            .spawn(move || listen(config, shared));
        if let Err(e) = started {
            tracing::error!(error = %e, "no thread for the change listener: other instances' writes wake phones only at their poll deadline");
        }
    }
}

/// Scratch databases for tests; the file lives outside `src/db`, where the
/// retention guard (db/retention.rs) allows no dropping statement at all.
#[cfg(any(test, feature = "test-support"))]
pub use crate::scratch_postgres as scratch;

/// A migrated scratch database and its backend, for the storage's own
/// tests; `None` (said on stderr) without `FIELDCREW_TEST_DATABASE_URL`.
#[cfg(test)]
pub(crate) fn scratch_backend() -> Option<(scratch::ScratchDatabase, PostgresBackend)> {
    let Some(db) = scratch::ScratchDatabase::create() else {
        eprintln!("skipped: FIELDCREW_TEST_DATABASE_URL is not set (scripts/postgres.sh prints one)");
        return None;
    };
    let backend = PostgresBackend::open(&db.url).expect("the scratch database opens and migrates");
    Some((db, backend))
}
mod reads;
#[cfg(test)]
mod tests;
