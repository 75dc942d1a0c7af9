//! Reads on PostgreSQL without a SERIALIZABLE transaction: a read-only
//! snapshot (a pull's feed, handover state and outages), or one statement
//! alone (the bearer token's look-up on every request), which sends no
//! BEGIN or COMMIT at all.

use super::{MAX_TRIES, Shared};
use crate::db::{DbError, DbResult};
use fieldcrew_sql::Sql;
use fieldcrew_sql::postgres::{Isolation, is_connection_lost};

impl Shared {
    /// `f` at `level` ([`Isolation::ReadOnlySnapshot`] or
    /// [`Isolation::SingleStatement`]): it can lose no race, so it runs
    /// once, or again on another connection when the first was lost (a
    /// read has nothing to undo).
    pub(super) fn read_at(
        &self,
        level: Isolation,
        f: &mut dyn FnMut(&mut dyn Sql) -> DbResult<()>,
    ) -> DbResult<()> {
        let mut tries = 0;
        loop {
            tries += 1;
            let mut conn = self.connection()?;
            let outcome = conn.transaction(level).map_err(DbError::from).and_then(|mut tx| {
                f(&mut tx)?;
                Ok(tx.commit()?)
            });
            match outcome {
                Err(e) if tries < MAX_TRIES && (conn.is_closed() || lost(&e)) => {
                    tracing::debug!(tries, error = %e, "connection lost in a read; reading again");
                }
                outcome => return outcome,
            }
        }
    }
}

fn lost(e: &DbError) -> bool {
    matches!(e, DbError::Sql(e) if is_connection_lost(e))
}
