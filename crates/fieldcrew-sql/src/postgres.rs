//! The PostgreSQL side of [`Sql`]: a connection that keeps its prepared
//! statements, and the transactions opened on it.
//!
//! Statements are written once in the common subset (`?N` placeholders);
//! each text is rewritten to `$N` and prepared the first time a connection
//! meets it, then reused for the connection's life. Values are bound by the
//! type PostgreSQL inferred for each parameter, so an integer meets an
//! `INT2`/`INT4`/`INT8` column alike and a mismatch is an error, not a
//! silently stored string.

mod placeholders;
mod values;

pub use placeholders::to_dollar;

use crate::{Dialect, Row, Sql, SqlError, SqlResult, Value};
use postgres::error::SqlState;
use postgres::{IsolationLevel, Statement};
use std::collections::HashMap;

/// Prepared statements a connection keeps, by their `?N` text. Storage code
/// has a bounded set of statements; past this many (say, texts built with a
/// varying number of placeholders) the cache starts again rather than grow.
const MAX_STATEMENTS: usize = 512;

/// One open connection and the statements prepared on it.
pub struct PgConnection {
    client: postgres::Client,
    statements: HashMap<String, Statement>,
}

impl PgConnection {
    /// Connects to a `postgres://` URL (or a key=value string), unencrypted:
    /// the database is expected on loopback or a private network.
    pub fn connect(url: &str) -> SqlResult<Self> {
        Ok(Self::new(postgres::Client::connect(url, postgres::NoTls)?))
    }

    pub fn new(client: postgres::Client) -> Self {
        Self { client, statements: HashMap::new() }
    }

    /// The connection itself, for what is not a storage call (migrations,
    /// `LISTEN`).
    pub fn client(&mut self) -> &mut postgres::Client {
        &mut self.client
    }

    /// Whether the server or the network closed it: a pool drops it then.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// A transaction at `level`; dropped without [`PgTransaction::commit`],
    /// it is rolled back.
    pub fn transaction(&mut self, level: IsolationLevel) -> SqlResult<PgTransaction<'_>> {
        let tx = self.client.build_transaction().isolation_level(level).start()?;
        Ok(PgTransaction { tx, statements: &mut self.statements })
    }

    /// How many statements are prepared on this connection.
    pub fn prepared(&self) -> usize {
        self.statements.len()
    }
}

/// An open transaction: what storage code is given as `&mut dyn Sql`.
pub struct PgTransaction<'c> {
    tx: postgres::Transaction<'c>,
    statements: &'c mut HashMap<String, Statement>,
}

impl PgTransaction<'_> {
    pub fn commit(self) -> SqlResult<()> {
        Ok(self.tx.commit()?)
    }

    pub fn rollback(self) -> SqlResult<()> {
        Ok(self.tx.rollback()?)
    }

    fn statement(&mut self, sql: &str) -> SqlResult<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        // Prepared statements belong to the session, not the transaction:
        // one prepared here outlives a rollback.
        let statement = self.tx.prepare(&to_dollar(sql)?)?;
        if self.statements.len() >= MAX_STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

fn params(args: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)).collect()
}

impl Sql for PgTransaction<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64> {
        let statement = self.statement(sql)?;
        Ok(self.tx.execute(&statement, &params(args))?)
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
        let statement = self.statement(sql)?;
        let rows = self.tx.query(&statement, &params(args))?;
        rows.iter()
            .map(|row| (0..row.len()).map(|i| values::read(row, i)).collect::<SqlResult<Vec<_>>>().map(Row))
            .collect()
    }
}

impl From<postgres::Error> for SqlError {
    fn from(e: postgres::Error) -> Self {
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
            _ if e.is_closed() => SqlError::Backend(format!("connection to PostgreSQL lost: {text}")),
            _ => SqlError::Backend(text),
        }
    }
}

#[cfg(test)]
mod tests;
