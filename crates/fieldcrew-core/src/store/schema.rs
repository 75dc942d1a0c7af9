//! Versioned migrations, applied in order inside one transaction each and
//! tracked in `PRAGMA user_version`.

use super::StoreError;
use rusqlite::Connection;

/// Migration `i` takes the schema from version `i` to `i + 1`. Never edit a
/// released migration: append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: orders, their event chains, the outbox, media, device facts.
    "
    CREATE TABLE device (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE orders (
        id          TEXT PRIMARY KEY,
        number      TEXT NOT NULL,
        body        TEXT NOT NULL,   -- WorkOrder as JSON
        state       TEXT NOT NULL,   -- OrderState derived from the events, as JSON
        status      TEXT NOT NULL,
        last_hash   TEXT,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE events (
        id          TEXT PRIMARY KEY,
        order_id    TEXT NOT NULL REFERENCES orders(id),
        seq         INTEGER NOT NULL,   -- position in the order's chain
        type        TEXT NOT NULL,
        body        TEXT NOT NULL,      -- FieldEvent as JSON
        hash        TEXT NOT NULL,
        prev_hash   TEXT,
        UNIQUE (order_id, seq)
    );
    CREATE TABLE outbox (
        device_seq  INTEGER PRIMARY KEY AUTOINCREMENT,
        kind        TEXT NOT NULL CHECK (kind IN ('event', 'order')),
        order_id    TEXT NOT NULL REFERENCES orders(id),
        event_id    TEXT REFERENCES events(id),
        payload     TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        acked_at    TEXT
    );
    CREATE INDEX outbox_pending ON outbox (device_seq) WHERE acked_at IS NULL;
    CREATE TABLE media (
        id          TEXT PRIMARY KEY,
        sha256      TEXT NOT NULL,
        size        INTEGER NOT NULL,
        mime        TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('photo', 'signature')),
        order_id    TEXT REFERENCES orders(id),
        state       TEXT NOT NULL DEFAULT 'local' CHECK (state IN ('local', 'uploading', 'uploaded')),
        created_at  TEXT NOT NULL
    );
    CREATE INDEX media_by_order ON media (order_id);
    ",
    // 2: sync: pairing and cursor, clock samples, resumable uploads, orders
    // that left the crew.
    "
    CREATE TABLE sync_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE clock_samples (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        boot_id          TEXT NOT NULL,
        sent_mono        INTEGER NOT NULL,   -- client ms since boot when the request left
        received_mono    INTEGER NOT NULL,   -- client ms since boot when the answer came
        server_received  TEXT NOT NULL,      -- RFC 3339
        server_sent      TEXT NOT NULL
    );
    CREATE INDEX clock_samples_by_boot ON clock_samples (boot_id, id);
    ALTER TABLE media ADD COLUMN upload_url TEXT;
    ALTER TABLE media ADD COLUMN upload_offset INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE orders ADD COLUMN removed TEXT CHECK (removed IN ('cancelled', 'reassigned'));
    ",
    // 3: records the server refused for good, and orders purged after the
    // retention period (a replayed pull must not bring them back as new).
    "
    ALTER TABLE outbox ADD COLUMN refused TEXT;
    CREATE TABLE purged_orders (
        id        TEXT PRIMARY KEY,
        purged_at TEXT NOT NULL
    );
    ",
    // 4: an order cancelled or reassigned away is told to the crew, and the
    // message stays until they have read it.
    "
    CREATE TABLE order_notices (
        order_id   TEXT PRIMARY KEY,
        reason     TEXT NOT NULL CHECK (reason IN ('cancelled', 'reassigned')),
        noticed_at TEXT NOT NULL,   -- RFC 3339, when the phone learnt it
        read_at    TEXT
    );
    ",
    // 5: media the server refuses for good (not a photo, too large, not the
    // crew's order): why, so it is neither retried nor ever deleted.
    "
    ALTER TABLE media ADD COLUMN refused TEXT;
    ",
    // 6: delivery receipts for the server (stored from a pull, opened by the
    // crew), kept once each; alerts for new or changed orders until opened.
    "
    CREATE TABLE receipts (
        order_id     TEXT NOT NULL,
        stage        TEXT NOT NULL CHECK (stage IN ('delivered', 'seen')),
        device_time  TEXT NOT NULL,      -- RFC 3339, the phone's wall clock
        monotonic_ms INTEGER NOT NULL,
        boot_id      TEXT NOT NULL,
        sent_at      TEXT,
        PRIMARY KEY (order_id, stage)
    );
    CREATE TABLE order_alerts (
        order_id  TEXT PRIMARY KEY,
        reason    TEXT NOT NULL CHECK (reason IN ('new', 'changed')),
        raised_at TEXT NOT NULL,
        seen_at   TEXT
    );
    ",
    // 7: the outbox also carries records that belong to no order (the
    // crew's shift handover and its acknowledgment): order_id becomes
    // optional and the kind is checked in code. SQLite cannot loosen a
    // column, so the table is rebuilt; its AUTOINCREMENT counter is carried
    // over, because a device_seq reused after purged rows would be taken by
    // the server for a duplicate and dropped.
    "
    CREATE TABLE outbox_new (
        device_seq  INTEGER PRIMARY KEY AUTOINCREMENT,
        kind        TEXT NOT NULL,
        order_id    TEXT REFERENCES orders(id),
        event_id    TEXT REFERENCES events(id),
        payload     TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        acked_at    TEXT,
        refused     TEXT
    );
    INSERT INTO outbox_new (device_seq, kind, order_id, event_id, payload, created_at, acked_at, refused)
        SELECT device_seq, kind, order_id, event_id, payload, created_at, acked_at, refused FROM outbox;
    DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
    INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
    DROP TABLE outbox;
    ALTER TABLE outbox_new RENAME TO outbox;
    CREATE INDEX outbox_pending ON outbox (device_seq) WHERE acked_at IS NULL;
    CREATE INDEX outbox_by_order ON outbox (order_id);
    ",
    // 8: the crew's shift handovers, written here or pulled, with the
    // acknowledgment and the outbox rows that carry them up.
    "
    CREATE TABLE handovers (
        id              TEXT PRIMARY KEY,
        body            TEXT NOT NULL,   -- Handover as JSON, as signed
        written_at      TEXT NOT NULL,   -- RFC 3339, for the newest first
        outbox_seq      INTEGER,         -- written on this phone
        ack             TEXT,            -- HandoverAck as JSON
        ack_outbox_seq  INTEGER          -- acknowledged on this phone
    );
    ",
    // 9: the crew's daily checks of tools, materials and vehicle, on no
    // order; `day` is the check's calendar day in UTC+8.
    "
    CREATE TABLE daily_checks (
        id          TEXT PRIMARY KEY,
        day         TEXT NOT NULL,
        checked_at  TEXT NOT NULL,
        body        TEXT NOT NULL
    );
    CREATE INDEX daily_checks_by_day ON daily_checks (day, checked_at);
    ",
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > CURRENT_VERSION {
        return Err(StoreError::TooNew { found, supported: CURRENT_VERSION });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilding_the_outbox_never_hands_out_a_device_seq_again() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..6] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        conn.execute_batch(
            "INSERT INTO orders (id, number, body, state, status, updated_at) VALUES ('o', 'n', '{}', '{}', 'new', 'now');
             INSERT INTO outbox (kind, order_id, payload, created_at) VALUES ('order', 'o', '{}', 'now');
             INSERT INTO outbox (kind, order_id, payload, created_at) VALUES ('order', 'o', '{}', 'now');
             DELETE FROM outbox;",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        conn.execute("INSERT INTO outbox (kind, payload, created_at) VALUES ('handover', '{}', 'now')", [])
            .unwrap();
        assert_eq!(conn.last_insert_rowid(), 3, "items 1 and 2 were sent and purged: 3 comes next");
    }
}
