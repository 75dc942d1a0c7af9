//! The PostgreSQL side of [`Sql`]: a connection that keeps its prepared
//! statements, and the transactions opened on it.
//!
//! Statements are written once in the common subset (`?N` placeholders);
//! each text is rewritten to `$N` and prepared the first time a connection
//! meets it, then reused for the connection's life. Values are bound by the
//! type PostgreSQL inferred for each parameter, so an integer meets an
//! `INT2`/`INT4`/`INT8` column alike and a mismatch is an error, not a
//! silently stored string.

mod driver;
mod placeholders;
mod socket;
mod values;

pub use driver::Pending;
pub use placeholders::to_dollar;
pub use tokio_postgres::{Client, Config};

use crate::{Dialect, Row, Sql, SqlError, SqlResult, Value};
use driver::Driver;
use socket::Socket;
use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Statement};

/// Prepared statements a connection keeps, by their `?N` text. Storage code
/// has a bounded set of statements; past this many (say, texts built with a
/// varying number of placeholders) the cache starts again rather than grow.
const MAX_STATEMENTS: usize = 512;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isolation {
    ReadCommitted,
    Serializable,
    /// REPEATABLE READ READ ONLY: every statement reads one snapshot, takes
    /// no predicate locks and can lose no race.
    ReadOnlySnapshot,
    /// No BEGIN or COMMIT at all: one statement, its own transaction, one
    /// round trip. A second statement is refused (it would read another
    /// snapshot).
    SingleStatement,
}

/// `NOTIFY` payloads heard on a connection that ran `LISTEN`.
pub struct Notification {
    pub channel: String,
    pub payload: String,
}

/// One open connection and the statements prepared on it. Its socket is
/// read and written by whichever thread makes a call (see `driver`).
pub struct PgConnection {
    // Dropped in this order: the client, then the driver, which then sends
    // the server a clean goodbye.
    client: Client,
    statements: HashMap<String, Statement>,
    driver: Driver,
}

impl PgConnection {
    /// Connects unencrypted: the database is expected on loopback or a
    /// private network. `config` parses from a `postgres://` URL.
    pub fn connect(config: &Config) -> SqlResult<Self> {
        let mut socket = Socket::open(config)
            .map_err(|e| SqlError::Backend(format!("error connecting to server: {e}")))?;
        let mut driver = Driver::new(&mut socket)
            .map_err(|e| SqlError::Backend(format!("cannot watch the PostgreSQL socket: {e}")))?;
        let (client, connection) = driver.wait(config.connect_raw(socket, NoTls))?;
        driver.attach(connection);
        Ok(Self { client, statements: HashMap::new(), driver })
    }

    /// Connects to a `postgres://` URL.
    pub fn connect_url(url: &str) -> SqlResult<Self> {
        Self::connect(&parse_url(url)?)
    }

    /// Runs what `call` makes of the client itself, for what is not a
    /// storage call (migrations), to its end on this thread.
    pub fn with_client<'c, F: Future + 'c>(
        &'c mut self,
        call: impl FnOnce(&'c mut Client) -> F,
    ) -> F::Output {
        let future = call(&mut self.client);
        self.driver.wait(future)
    }

    /// Whether the server or the network closed it: a pool drops it then.
    /// Reads what the server already sent (a goodbye), without waiting.
    pub fn is_closed(&mut self) -> bool {
        self.driver.is_closed() || self.client.is_closed()
    }

    /// Runs statements without parameters or results (migrations, `LISTEN`,
    /// session settings), outside any transaction this type opened.
    pub fn batch_execute(&mut self, sql: &str) -> SqlResult<()> {
        Ok(self.driver.wait(self.client.batch_execute(sql))?)
    }

    /// A transaction at `level`; dropped without [`PgTransaction::commit`],
    /// it is rolled back. Its BEGIN goes out with its first statement, not
    /// on a round trip of its own (the snapshot is taken at that statement
    /// either way); a connection already closed is refused here.
    pub fn transaction(&mut self, level: Isolation) -> SqlResult<PgTransaction<'_>> {
        if self.is_closed() {
            return Err(SqlError::Backend(format!("{LOST}the connection is closed")));
        }
        let begin = match level {
            Isolation::ReadCommitted => "BEGIN ISOLATION LEVEL READ COMMITTED",
            Isolation::Serializable => "BEGIN ISOLATION LEVEL SERIALIZABLE",
            Isolation::ReadOnlySnapshot => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            Isolation::SingleStatement => {
                return Ok(PgTransaction {
                    conn: self,
                    open: false,
                    begin: None,
                    failed: None,
                    single: Some(0),
                });
            }
        };
        Ok(PgTransaction { conn: self, open: true, begin: Some(begin), failed: None, single: None })
    }

    /// The next notification for a `LISTEN` this connection ran, waiting
    /// at most `timeout`; `Err` once the connection is gone.
    pub fn notification(&mut self, timeout: Duration) -> SqlResult<Option<Notification>> {
        match self.driver.notification(timeout) {
            Some(n) => Ok(Some(n)),
            None if !self.is_closed() => Ok(None),
            None => Err(SqlError::Backend("connection to PostgreSQL lost while listening".into())),
        }
    }

    /// How many statements are prepared on this connection.
    pub fn prepared(&self) -> usize {
        self.statements.len()
    }

    fn statement(&mut self, sql: &str) -> SqlResult<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        // Prepared statements belong to the session, not the transaction:
        // one prepared here outlives a rollback.
        let statement = self.driver.wait(self.client.prepare(&to_dollar(sql)?))?;
        if self.statements.len() >= MAX_STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

const LOST: &str = "connection to PostgreSQL lost: ";

/// Whether `e` says the connection went away: a transaction it cut short
/// before COMMIT was rolled back by the server, so running it again on
/// another connection is safe.
pub fn is_connection_lost(e: &SqlError) -> bool {
    matches!(e, SqlError::Backend(text) if text.starts_with(LOST))
}

/// A `postgres://user:password@host:port/db` URL (or key=value pairs) as a
/// connection config; a bad one is a clear error naming no password.
pub fn parse_url(url: &str) -> SqlResult<Config> {
    url.parse::<Config>().map_err(|e| SqlError::Backend(format!("not a PostgreSQL URL: {e}")))
}

/// An open transaction: what storage code is given as `&mut dyn Sql`.
pub struct PgTransaction<'c> {
    conn: &'c mut PgConnection,
    open: bool,
    /// The BEGIN not yet sent: it leads the first statement's pipeline.
    begin: Option<&'static str>,
    /// The first statement that failed: PostgreSQL then rolls back at
    /// COMMIT without an error, so committing is refused instead of
    /// reporting success for writes that were dropped.
    failed: Option<(String, bool)>,
    /// [`Isolation::SingleStatement`]: statements sent so far (at most one).
    single: Option<usize>,
}

impl PgTransaction<'_> {
    pub fn commit(mut self) -> SqlResult<()> {
        self.open = false;
        // A single statement committed (or failed) on its own.
        let begun = self.begin.is_none() && self.single.is_none();
        if let Some((first, lost)) = self.failed.take() {
            if begun {
                let _ = self.conn.batch_execute("ROLLBACK");
            }
            let why = format!("not committed: an earlier statement failed ({first})");
            return Err(SqlError::Backend(if lost { format!("{LOST}{why}") } else { why }));
        }
        if !begun {
            return Ok(()); // Nothing was sent, so nothing to commit.
        }
        self.conn.batch_execute("COMMIT")
    }

    /// Whether a statement failed: [`Self::commit`] then only rolls back.
    pub fn failed(&self) -> bool {
        self.failed.is_some()
    }

    pub fn rollback(mut self) -> SqlResult<()> {
        self.open = false;
        if self.begin.is_some() || self.single.is_some() {
            return Ok(());
        }
        self.conn.batch_execute("ROLLBACK")
    }

    /// `calls` sent back to back after the BEGIN if it is still to go, then
    /// waited for together: one round trip. Their answers, in order; the
    /// first failure (the BEGIN's before any statement's) if one failed.
    fn pipeline(&mut self, calls: &[(&str, &[Value], Call)]) -> SqlResult<Vec<Answer>> {
        if let Some(sent) = &mut self.single {
            *sent += calls.len();
            if *sent > 1 {
                return Err(SqlError::Backend("a single-statement read ran a second statement".into()));
            }
        }
        // Preparing is per session: a miss costs its own round trip once
        // per connection, before the BEGIN if that is still to go.
        let statements =
            calls.iter().map(|(sql, ..)| self.conn.statement(sql)).collect::<SqlResult<Vec<_>>>()?;
        let bound: Vec<_> = calls.iter().map(|(_, args, _)| params(args)).collect();
        let client = &self.conn.client;
        let begin = self.begin.take();
        let mut futures: Vec<Pending<'_, Result<Answer, tokio_postgres::Error>>> =
            Vec::with_capacity(calls.len() + 1);
        // The BEGIN only ever fails with the connection, and then nothing
        // after it on the same socket runs either.
        if let Some(begin) = begin {
            futures
                .push(Box::pin(async move { client.batch_execute(begin).await.map(|()| Answer::Count(0)) }));
        }
        for ((statement, args), (.., call)) in statements.iter().zip(&bound).zip(calls) {
            futures.push(match call {
                Call::Query => Box::pin(async move { client.query(statement, args).await.map(Answer::Rows) }),
                Call::Execute => {
                    Box::pin(async move { client.execute(statement, args).await.map(Answer::Count) })
                }
            });
        }
        let mut answers = self.conn.driver.wait_all(futures);
        if begin.is_some() {
            answers.remove(0)?;
        }
        answers.into_iter().map(|a| a.map_err(SqlError::from)).collect()
    }

    fn note<T>(&mut self, result: SqlResult<T>) -> SqlResult<T> {
        if let Err(e) = &result {
            self.failed.get_or_insert_with(|| (e.to_string(), is_connection_lost(e)));
        }
        result
    }
}

/// What a pipelined call waits for.
#[derive(Clone, Copy)]
enum Call {
    Query,
    Execute,
}

enum Answer {
    Rows(Vec<tokio_postgres::Row>),
    Count(u64),
}

fn to_rows(answer: Answer) -> SqlResult<Vec<Row>> {
    let Answer::Rows(rows) = answer else { return Ok(Vec::new()) };
    rows.iter()
        .map(|row| (0..row.len()).map(|i| values::read(row, i)).collect::<SqlResult<Vec<_>>>().map(Row))
        .collect()
}

impl Drop for PgTransaction<'_> {
    fn drop(&mut self) {
        if self.open && self.begin.is_none() && !self.conn.is_closed() {
            let _ = self.conn.batch_execute("ROLLBACK");
        }
    }
}

fn params(args: &[Value]) -> Vec<&(dyn tokio_postgres::types::ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn tokio_postgres::types::ToSql + Sync)).collect()
}

impl Sql for PgTransaction<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64> {
        let result = self.pipeline(&[(sql, args, Call::Execute)]).map(|mut answers| match answers.pop() {
            Some(Answer::Count(n)) => n,
            _ => 0,
        });
        self.note(result)
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
        let result = self
            .pipeline(&[(sql, args, Call::Query)])
            .and_then(|answers| answers.into_iter().next().map_or(Ok(Vec::new()), to_rows));
        self.note(result)
    }

    fn query_many(&mut self, statements: &[(&str, &[Value])]) -> SqlResult<Vec<Vec<Row>>> {
        let calls: Vec<_> = statements.iter().map(|(sql, args)| (*sql, *args, Call::Query)).collect();
        let result = self.pipeline(&calls).and_then(|answers| answers.into_iter().map(to_rows).collect());
        self.note(result)
    }
}

impl From<tokio_postgres::Error> for SqlError {
    fn from(e: tokio_postgres::Error) -> Self {
        let text = match e.as_db_error() {
            // The server's own words, without the crate's "db error:" prefix.
            Some(db) => format!("{}: {}", db.code().code(), db.message()),
            // "error serializing parameter 0" says which, its source why.
            None => match std::error::Error::source(&e) {
                Some(why) => format!("{e}: {why}"),
                None => e.to_string(),
            },
        };
        match e.code() {
            Some(code)
                if *code == SqlState::T_R_SERIALIZATION_FAILURE
                    || *code == SqlState::T_R_DEADLOCK_DETECTED =>
            {
                SqlError::Conflict(text)
            }
            Some(code) if *code == SqlState::DISK_FULL => SqlError::Full(text),
            // The server ending the session (shut down, a terminated
            // backend) or the link failing: the socket closes right after.
            Some(code) if code.code().starts_with("57P") || code.code().starts_with("08") => {
                SqlError::Backend(format!("{LOST}{text}"))
            }
            _ if e.is_closed() => SqlError::Backend(format!("{LOST}{text}")),
            _ => SqlError::Backend(text),
        }
    }
}

#[cfg(test)]
mod tests;
