//! The server's storage speaks SQL through this one interface, so its
//! decisions (what a push stores, who may pair, when a call-back is due)
//! are written once and run unchanged on the embedded SQLite file and on
//! PostgreSQL.
//!
//! The SQL is the common subset of both: `?N` placeholders (rewritten to
//! `$N` for PostgreSQL), `ON CONFLICT … DO NOTHING`, `TRUE`/`FALSE`,
//! `RETURNING`, an explicit `rowid` column where order of insertion matters
//! (SQLite has one implicitly; the PostgreSQL migrations add an identity
//! column of that name). Where the dialects really differ, callers ask
//! [`Sql::dialect`].
//!
//! Every call runs inside a transaction the backend opened: callers never
//! begin or commit.

#![forbid(unsafe_code)]

mod error;
#[cfg(feature = "postgres")]
pub mod postgres;
mod row;
pub mod sqlite;
mod value;

pub use error::{SqlError, SqlResult};
pub use row::{FromValue, Row};
pub use value::{ToValue, Value};

/// Which SQL a statement is about to meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// One open transaction.
pub trait Sql {
    fn dialect(&self) -> Dialect;
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64>;
    /// Runs a query; every row it returned.
    fn query(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>>;
    /// Runs statements (reads or writes) none of which needs another's
    /// answer, in order; each one's rows. PostgreSQL sends them all and then
    /// waits once, one round trip instead of one each; SQLite, in process,
    /// just runs them one by one. The first failure is the answer.
    fn query_many(&mut self, statements: &[(&str, &[Value])]) -> SqlResult<Vec<Vec<Row>>> {
        statements.iter().map(|(sql, args)| self.query(sql, args)).collect()
    }
}

impl<'a> dyn Sql + 'a {
    /// The first row, if any.
    pub fn query_opt(&mut self, sql: &str, args: &[Value]) -> SqlResult<Option<Row>> {
        Ok(self.query(sql, args)?.into_iter().next())
    }

    /// Exactly the first row; none is damage (the query always answers one).
    pub fn query_one(&mut self, sql: &str, args: &[Value]) -> SqlResult<Row> {
        self.query_opt(sql, args)?.ok_or_else(|| SqlError::Corrupt(format!("no row from `{sql}`")))
    }

    /// The first column of the first row.
    pub fn query_value<T: FromValue>(&mut self, sql: &str, args: &[Value]) -> SqlResult<T> {
        self.query_one(sql, args)?.get(0)
    }

    /// Each row turned into a `T`.
    pub fn query_map<T>(
        &mut self,
        sql: &str,
        args: &[Value],
        f: impl FnMut(&Row) -> SqlResult<T>,
    ) -> SqlResult<Vec<T>> {
        self.query(sql, args)?.iter().map(f).collect()
    }
}

/// Statement arguments: `args![a, b]` is `&[Value]` of each converted.
#[macro_export]
macro_rules! args {
    ($($x:expr),* $(,)?) => {
        &[$($crate::ToValue::to_value(&$x)),*][..]
    };
}
