//! The backend against a real PostgreSQL (skipped, saying so, without
//! FIELDCREW_TEST_DATABASE_URL).

use super::scratch::ScratchDatabase;
use super::*;
use crate::change_signal::InProcessSignal;
use fieldcrew_sql::postgres::parse_url;
use std::sync::atomic::AtomicU32;

fn scratch() -> Option<ScratchDatabase> {
    let db = ScratchDatabase::create();
    if db.is_none() {
        eprintln!("skipped: FIELDCREW_TEST_DATABASE_URL is not set (scripts/postgres.sh prints one)");
    }
    db
}

fn on_its_own_connection(url: &str, statement: &str) {
    let mut conn = PgConnection::connect(&parse_url(url).unwrap()).unwrap();
    conn.batch_execute(statement).unwrap();
}

#[test]
fn instances_starting_together_migrate_once_and_open_again_unchanged() {
    let Some(db) = scratch() else { return };
    let opened: Vec<_> = (0..3)
        .map(|_| {
            let url = db.url.clone();
            std::thread::spawn(move || PostgresBackend::open(&url).map(|_| ()))
        })
        .collect();
    for instance in opened {
        instance.join().unwrap().expect("each instance opens");
    }
    // Every migration of this build, each applied once.
    let shipped: Vec<_> = embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| (m.version(), m.name().to_owned()))
        .collect();
    assert_eq!(shipped[0], (1, "schema".to_owned()));
    assert_eq!(PostgresBackend::applied_versions(&db.url).unwrap(), shipped);
    let backend = PostgresBackend::open(&db.url).unwrap();
    // The schema is the translated one: booleans, times, identity rowids.
    let kinds = super::super::run(&backend, |sql| {
        Ok(sql.query_map(
            "SELECT table_name, column_name, data_type FROM information_schema.columns
             WHERE (table_name, column_name) IN (('media', 'present'), ('events', 'corrected_time'), ('events', 'rowid'), ('media', 'offset'))
             ORDER BY table_name, column_name",
            &[],
            |row| Ok(format!("{}.{} {}", row.get::<String>(0)?, row.get::<String>(1)?, row.get::<String>(2)?)),
        )?)
    })
    .unwrap();
    assert_eq!(
        kinds,
        [
            "events.corrected_time timestamp with time zone",
            "events.rowid bigint",
            "media.offset bigint",
            "media.present boolean"
        ]
    );
}

#[test]
fn a_transaction_that_loses_a_race_is_run_again_and_commits() {
    let Some(db) = scratch() else { return };
    let backend = PostgresBackend::open(&db.url).unwrap();
    super::super::run(&backend, |sql| {
        sql.execute("INSERT INTO crew_areas (crew_code, places) VALUES ('CREW-1', '[]')", &[])?;
        Ok(())
    })
    .unwrap();
    let tries = AtomicU32::new(0);
    super::super::run(&backend, |sql| {
        let places: String =
            sql.query_value("SELECT places FROM crew_areas WHERE crew_code = 'CREW-1'", &[])?;
        if tries.fetch_add(1, Ordering::Relaxed) == 0 {
            // Another instance changes the row after this one read it.
            on_its_own_connection(
                &db.url,
                "UPDATE crew_areas SET places = '[\"东村\"]' WHERE crew_code = 'CREW-1'",
            );
        }
        let more = places.replace(']', if places == "[]" { "\"西村\"]" } else { ",\"西村\"]" });
        sql.execute("UPDATE crew_areas SET places = ?1 WHERE crew_code = 'CREW-1'", args![more])?;
        Ok(())
    })
    .unwrap();
    assert_eq!(tries.load(Ordering::Relaxed), 2, "run once more after the conflict");
    let places: String =
        super::super::run(&backend, |sql| Ok(sql.query_value("SELECT places FROM crew_areas", &[])?))
            .unwrap();
    assert_eq!(places, "[\"东村\",\"西村\"]", "the second run saw the other instance's write");
}

#[test]
fn an_error_in_the_closure_keeps_nothing_and_is_not_tried_again() {
    let Some(db) = scratch() else { return };
    let backend = PostgresBackend::open(&db.url).unwrap();
    let mut tries = 0;
    let err = super::super::run(&backend, |sql| {
        tries += 1;
        sql.execute("INSERT INTO crew_areas (crew_code, places) VALUES ('CREW-1', '[]')", &[])?;
        Err::<(), _>(DbError::Corrupt("refused".into()))
    })
    .unwrap_err();
    assert!(matches!(err, DbError::Corrupt(_)));
    assert_eq!(tries, 1);
    let rows: i64 =
        super::super::run(&backend, |sql| Ok(sql.query_value("SELECT COUNT(*) FROM crew_areas", &[])?))
            .unwrap();
    assert_eq!(rows, 0);
}

/// Adds a change row for `crew` as record_change does on PostgreSQL.
fn record_change(backend: &PostgresBackend, crew: &str) {
    super::super::run(backend, |sql| {
        sql.execute("SELECT pg_advisory_xact_lock(7355608)", &[])?;
        sql.execute("INSERT INTO order_changes (crew_code, order_id) VALUES (?1, 'o-1')", args![crew])?;
        sql.execute("SELECT pg_notify('fieldcrew_changes', ?1)", args![crew])?;
        Ok(())
    })
    .unwrap();
}

fn wait_for_change(watch: &mut tokio::sync::watch::Receiver<i64>, what: &str) -> i64 {
    for _ in 0..500 {
        if watch.has_changed().unwrap() {
            return *watch.borrow_and_update();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("no wake-up within 5 s: {what}");
}

#[test]
fn a_write_on_another_instance_wakes_this_ones_waiters_even_after_a_lost_connection() {
    let Some(db) = scratch() else { return };
    let (here, there) = (PostgresBackend::open(&db.url).unwrap(), PostgresBackend::open(&db.url).unwrap());
    let signal = Arc::new(InProcessSignal::default());
    here.signal_changes_to(signal.clone());
    let mut crew_1 = signal.watch("CREW-1");
    // Give the listener its LISTEN before the first write.
    std::thread::sleep(Duration::from_millis(300));
    record_change(&there, "CREW-1");
    assert_eq!(wait_for_change(&mut crew_1, "first write on the other instance"), 1);

    // Every connection of this database is cut (a failover, a restart).
    on_its_own_connection(
        &db.url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    std::thread::sleep(Duration::from_millis(300));
    record_change(&there, "CREW-1");
    assert_eq!(wait_for_change(&mut crew_1, "write after the cut"), 2);
    // This instance's own pool recovers too.
    record_change(&here, "CREW-1");
    assert_eq!(wait_for_change(&mut crew_1, "own write after the cut"), 3);
}

#[test]
fn a_transaction_cut_off_by_a_lost_connection_runs_again_on_another() {
    let Some(db) = scratch() else { return };
    let backend = PostgresBackend::open(&db.url).unwrap();
    let tries = AtomicU32::new(0);
    super::super::run(&backend, |sql| {
        sql.execute("INSERT INTO crew_areas (crew_code, places) VALUES ('CREW-1', '[\"东村\"]')", &[])?;
        if tries.fetch_add(1, Ordering::Relaxed) == 0 {
            // The server ends this session mid-transaction (a failover).
            let _ = sql.query("SELECT pg_terminate_backend(pg_backend_pid())", &[]);
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(tries.load(Ordering::Relaxed), 2);
    let rows: i64 =
        super::super::run(&backend, |sql| Ok(sql.query_value("SELECT COUNT(*) FROM crew_areas", &[])?))
            .unwrap();
    assert_eq!(rows, 1, "stored once");
}
