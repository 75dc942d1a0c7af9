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
    /// From now on, tell `signal` whenever a crew's change feed grows (after
    /// the write commits), whichever process wrote it.
    fn signal_changes_to(&self, signal: Arc<dyn ChangeSignal>);
}

/// [`Backend::run`] for a closure with a result.
pub fn run<T>(backend: &dyn Backend, mut f: impl FnMut(&mut dyn Sql) -> DbResult<T>) -> DbResult<T> {
    let mut result = None;
    backend.run(&mut |sql| {
        result = Some(f(sql)?);
        Ok(())
    })?;
    Ok(result.expect("run returned Ok, so the closure ran and returned Ok"))
}
