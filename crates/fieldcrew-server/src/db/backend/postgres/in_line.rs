//! A transaction in a line (`Backend::run_in_line`) on PostgreSQL: READ
//! COMMITTED, its first statement waiting for the line's transaction-scoped
//! advisory lock. Each later statement takes a fresh snapshot, so it sees
//! what the one ahead in the line committed; the lock goes with the COMMIT
//! or ROLLBACK, so no unlock round trip and none forgotten on an error.
//!
//! READ COMMITTED does not guard a read-then-write against writers outside
//! the line: what runs here takes its own row locks or relies on unique
//! keys for those (see `sql_database::push`'s module comment), and a lost
//! key race fails the transaction, which then runs again (`lost_key_race`).

use crate::db::DbError;
use fieldcrew_sql::{Dialect, Row, Sql, SqlError, SqlResult, Value};

/// Waits for the line; a row, not `void`, so it can ride in a pipeline of
/// queries.
const TAKE_LINE: &str = "SELECT 1 FROM pg_advisory_xact_lock(?1)";

/// `tx` with the line's lock taken by its first statement: sent in the same
/// pipeline as the first batch of reads, so waiting in line costs no round
/// trip of its own.
pub struct InLine<'t> {
    tx: &'t mut dyn Sql,
    line: Option<i64>,
}

impl<'t> InLine<'t> {
    pub fn new(tx: &'t mut dyn Sql, line: i64) -> Self {
        Self { tx, line: Some(line) }
    }

    /// Takes the lock on its own when the first statement is not a
    /// pipeline it can lead.
    fn take_line(&mut self) -> SqlResult<()> {
        if let Some(line) = self.line.take() {
            self.tx.query(TAKE_LINE, &[Value::Int(line)])?;
        }
        Ok(())
    }
}

impl Sql for InLine<'_> {
    fn dialect(&self) -> Dialect {
        self.tx.dialect()
    }

    fn execute(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64> {
        self.take_line()?;
        self.tx.execute(sql, args)
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
        self.take_line()?;
        self.tx.query(sql, args)
    }

    fn query_many(&mut self, statements: &[(&str, &[Value])]) -> SqlResult<Vec<Vec<Row>>> {
        let Some(line) = self.line.take() else { return self.tx.query_many(statements) };
        let key = [Value::Int(line)];
        let mut led = Vec::with_capacity(statements.len() + 1);
        led.push((TAKE_LINE, &key[..]));
        led.extend_from_slice(statements);
        let mut answers = self.tx.query_many(&led)?;
        answers.remove(0);
        Ok(answers)
    }
}

/// Whether a transaction in a line failed on a unique key a writer outside
/// the line took meanwhile (23505; SERIALIZABLE reports such a race as
/// 40001). Run again, it reads what the other stored and answers from that,
/// so nothing is stored twice.
pub fn lost_key_race(e: &DbError) -> bool {
    matches!(e, DbError::Sql(SqlError::Backend(text)) if text.starts_with("23505") || text.contains("(23505"))
}
