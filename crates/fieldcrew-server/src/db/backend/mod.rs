//! Where the storage's transactions run: the embedded SQLite file, or
//! PostgreSQL. The storage code above is written once against
//! [`fieldcrew_sql::Sql`]; a backend only opens, migrates, and runs a
//! transaction, and tells the long-polls when a crew's change feed grew.

pub mod choice;
pub mod postgres;
pub mod sqlite;

use super::DbResult;
use crate::change_signal::ChangeSignal;
use fieldcrew_sql::{Dialect, Sql};
use std::sync::Arc;

pub trait Backend: Send + Sync + 'static {
    fn dialect(&self) -> Dialect;
    /// Runs `f` in one transaction, committed when it returns `Ok` and
    /// rolled back otherwise. A backend with concurrent writers may run `f`
    /// again from the start after losing a serialization race, so `f` does
    /// nothing outside the transaction.
    fn run(&self, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()>;
    /// [`Backend::run`] after every transaction of the same `line` started
    /// before it has ended, on every instance: writers that could only race
    /// each other (one crew's phones pushing onto the same orders) wait
    /// their turn instead of losing and running again. A backend with one
    /// writer at a time has nothing to order.
    fn run_in_line(&self, line: &str, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        let _ = line;
        self.run(f)
    }
    /// Runs `f`, which only reads, in one snapshot: on PostgreSQL a READ
    /// ONLY REPEATABLE READ transaction, which takes no predicate locks and
    /// has no race to lose (a SERIALIZABLE one would, and would make the
    /// writers it overlaps lose theirs).
    fn read(&self, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        self.run(f)
    }
    /// [`Backend::read`] of one statement (a second one is an error): on
    /// PostgreSQL without BEGIN or COMMIT, one round trip.
    fn read_statement(&self, f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()> {
        self.read(f)
    }
    /// From now on, tell `signal` whenever a crew's change feed grows (after
    /// the write commits), whichever process wrote it.
    fn signal_changes_to(&self, signal: Arc<dyn ChangeSignal>);
    /// Storage calls worth running at once: more only queue on threads. One
    /// writer at a time needs few; a pool, one per connection.
    fn calls_at_once(&self) -> usize {
        4
    }
}

/// [`Backend::run`] for a closure with a result.
pub fn run<T>(backend: &dyn Backend, f: impl FnMut(&mut dyn Sql) -> DbResult<T>) -> DbResult<T> {
    with_result(f, |g| backend.run(g))
}

/// [`Backend::run_in_line`] for a closure with a result.
pub fn run_in_line<T>(
    backend: &dyn Backend,
    line: &str,
    f: impl FnMut(&mut dyn Sql) -> DbResult<T>,
) -> DbResult<T> {
    with_result(f, |g| backend.run_in_line(line, g))
}

/// [`Backend::read`] for a closure with a result.
pub fn read<T>(backend: &dyn Backend, f: impl FnMut(&mut dyn Sql) -> DbResult<T>) -> DbResult<T> {
    with_result(f, |g| backend.read(g))
}

/// [`Backend::read_statement`] for a closure with a result.
pub fn read_statement<T>(backend: &dyn Backend, f: impl FnMut(&mut dyn Sql) -> DbResult<T>) -> DbResult<T> {
    with_result(f, |g| backend.read_statement(g))
}

fn with_result<T>(
    mut f: impl FnMut(&mut dyn Sql) -> DbResult<T>,
    runner: impl FnOnce(&mut dyn FnMut(&mut dyn Sql) -> DbResult<()>) -> DbResult<()>,
) -> DbResult<T> {
    let mut result = None;
    runner(&mut |sql| {
        result = Some(f(sql)?);
        Ok(())
    })?;
    Ok(result.expect("the backend returned Ok, so the closure ran and returned Ok"))
}
