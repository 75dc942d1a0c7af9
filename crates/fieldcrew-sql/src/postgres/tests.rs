//! Against a real PostgreSQL: `FIELDCREW_TEST_DATABASE_URL` is an admin URL
//! (scripts/postgres.sh prints one); each test makes its own database and
//! drops it at the end. Without the variable the tests say so and pass.

use super::{Config, Isolation, PgConnection};
use crate::{Sql, SqlError, Value, args};
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

struct TestDb {
    admin: Config,
    config: Config,
    name: String,
}

impl TestDb {
    fn create() -> Option<Self> {
        let Ok(url) = std::env::var("FIELDCREW_TEST_DATABASE_URL") else {
            eprintln!("skipped: FIELDCREW_TEST_DATABASE_URL is not set (scripts/postgres.sh prints one)");
            return None;
        };
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let name = format!("fc_sql_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let admin = super::parse_url(&url).expect("FIELDCREW_TEST_DATABASE_URL parses");
        let mut conn = PgConnection::connect(&admin).expect("admin connection");
        conn.batch_execute(&format!("CREATE DATABASE {name}")).expect("test database created");
        let mut config = admin.clone();
        config.dbname(&name);
        Some(Self { admin, config, name })
    }

    fn connect(&self) -> PgConnection {
        PgConnection::connect(&self.config).expect("test database connection")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::connect(&self.admin) {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// Runs `f` in one committed transaction.
fn in_tx<T>(conn: &mut PgConnection, f: impl FnOnce(&mut dyn Sql) -> T) -> T {
    let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
    let out = f(&mut tx);
    tx.commit().unwrap();
    out
}

#[test]
fn values_go_in_and_come_back_the_same() {
    let Some(db) = TestDb::create() else { return };
    let mut conn = db.connect();
    in_tx(&mut conn, |sql| {
        sql.execute(
            "CREATE TABLE t (n BIGINT, i INT, s SMALLINT, b BOOLEAN, txt TEXT, v VARCHAR(10), at TIMESTAMPTZ,
                             r DOUBLE PRECISION, bytes BYTEA, none TEXT)",
            &[],
        )
        .unwrap();
        let at: DateTime<Utc> = "2026-12-07T13:00:00.123456Z".parse().unwrap();
        let inserted = sql
            .execute(
                "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                args![
                    i64::MAX,
                    7_i64,
                    -3_i64,
                    true,
                    "抢修 'x'",
                    "v?1",
                    at,
                    0.5_f64,
                    &b"\x00\xff"[..],
                    None::<String>
                ],
            )
            .unwrap();
        assert_eq!(inserted, 1);
        let row = sql
            .query_one("SELECT n, i, s, b, txt, v, at, r, bytes, none FROM t WHERE n = ?1", args![i64::MAX])
            .unwrap();
        assert_eq!(row.get::<i64>(0).unwrap(), i64::MAX);
        assert_eq!(row.get::<u32>(1).unwrap(), 7);
        assert_eq!(row.get::<i64>(2).unwrap(), -3);
        assert!(row.get::<bool>(3).unwrap());
        assert_eq!(row.get::<String>(4).unwrap(), "抢修 'x'");
        assert_eq!(row.get::<String>(5).unwrap(), "v?1");
        assert_eq!(row.get::<DateTime<Utc>>(6).unwrap(), at);
        assert_eq!(row.get::<f64>(7).unwrap(), 0.5);
        assert_eq!(row.get::<Vec<u8>>(8).unwrap(), vec![0, 255]);
        assert_eq!(row.get::<Option<String>>(9).unwrap(), None);
        // NULL fits a column of any type.
        sql.execute(
            "INSERT INTO t (n, b, at, bytes) VALUES (?1, ?2, ?3, ?4)",
            args![Value::Null, Value::Null, Value::Null, Value::Null],
        )
        .unwrap();
        // What storage code counts and asks: COUNT is BIGINT, EXISTS a boolean, MAX of a time a time.
        let row = sql
            .query_one("SELECT COUNT(*), EXISTS (SELECT 1 FROM t WHERE b = TRUE), MAX(at), CAST(SUM(n) AS BIGINT) FROM t WHERE at <= ?1", args![at])
            .unwrap();
        assert_eq!(row.get::<u64>(0).unwrap(), 1);
        assert!(row.get::<bool>(1).unwrap());
        assert_eq!(row.get::<DateTime<Utc>>(2).unwrap(), at);
        assert_eq!(row.get::<i64>(3).unwrap(), i64::MAX);
    });
}

#[test]
fn a_value_of_the_wrong_kind_is_a_clear_error_not_a_panic() {
    let Some(db) = TestDb::create() else { return };
    let mut conn = db.connect();
    in_tx(&mut conn, |sql| {
        sql.execute("CREATE TABLE t (small SMALLINT, n BIGINT, flag BOOLEAN, total NUMERIC)", &[]).unwrap()
    });
    let cases: [(&str, Value, &str); 3] = [
        ("INSERT INTO t (small) VALUES (?1)", Value::Int(40_000), "does not fit in int2"),
        ("INSERT INTO t (n) VALUES (?1)", Value::Text("12".into()), "expects int8"),
        ("INSERT INTO t (flag) VALUES (?1)", Value::Int(1), "expects bool"),
    ];
    for (statement, value, expected) in cases {
        let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
        let sql: &mut dyn Sql = &mut tx;
        let err = sql.execute(statement, &[value]).unwrap_err();
        assert!(matches!(err, SqlError::Backend(_)), "{err:?}");
        assert!(err.to_string().contains(expected), "{statement}: {err}");
    }
    let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
    let sql: &mut dyn Sql = &mut tx;
    let err = sql.query("SELECT SUM(n) FROM t", &[]).unwrap_err();
    assert!(err.to_string().contains("CAST(SUM(x) AS BIGINT)"), "{err}");
}

#[test]
fn each_statement_is_prepared_once_per_connection_and_outlives_a_rollback() {
    let Some(db) = TestDb::create() else { return };
    let mut conn = db.connect();
    in_tx(&mut conn, |sql| sql.execute("CREATE TABLE t (k BIGINT PRIMARY KEY)", &[]).unwrap());
    let insert = "INSERT INTO t (k) VALUES (?1) ON CONFLICT (k) DO NOTHING";
    let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
    tx.execute(insert, args![1_i64]).unwrap();
    tx.rollback().unwrap();
    let prepared = conn.prepared();
    for k in 0..50_i64 {
        in_tx(&mut conn, |sql| sql.execute(insert, args![k % 10]).unwrap());
    }
    assert_eq!(conn.prepared(), prepared, "no statement prepared again");
    let count: i64 = in_tx(&mut conn, |sql| sql.query_value("SELECT COUNT(*) FROM t", &[]).unwrap());
    assert_eq!(count, 10);
    let statements: i64 =
        in_tx(&mut conn, |sql| sql.query_value("SELECT COUNT(*) FROM pg_prepared_statements", &[]).unwrap());
    assert!(statements >= prepared as i64, "{statements} statements on the session, {prepared} cached");
}

#[test]
fn a_lost_serialization_race_is_a_conflict_to_run_again() {
    let Some(db) = TestDb::create() else { return };
    let (mut first, mut second) = (db.connect(), db.connect());
    in_tx(&mut first, |sql| sql.execute("CREATE TABLE shifts (crew TEXT, member TEXT)", &[]).unwrap());
    // Both read "nobody is on shift", both add someone: only one may commit.
    let mut a = first.transaction(Isolation::Serializable).unwrap();
    let mut b = second.transaction(Isolation::Serializable).unwrap();
    let count = "SELECT COUNT(*) FROM shifts WHERE crew = ?1";
    let add = "INSERT INTO shifts (crew, member) VALUES (?1, ?2)";
    for tx in [&mut a, &mut b] {
        let sql: &mut dyn Sql = tx;
        assert_eq!(sql.query_value::<i64>(count, args!["C1"]).unwrap(), 0);
    }
    a.execute(add, args!["C1", "张"]).unwrap();
    b.execute(add, args!["C1", "李"]).unwrap();
    a.commit().unwrap();
    let err = b.commit().unwrap_err();
    assert!(matches!(err, SqlError::Conflict(_)), "{err:?}");
    assert!(err.to_string().contains("40001"), "{err}");
}

#[test]
fn a_lost_connection_is_a_backend_error_and_the_connection_says_closed() {
    let Some(db) = TestDb::create() else { return };
    let mut conn = db.connect();
    let pid: i64 = in_tx(&mut conn, |sql| sql.query_value("SELECT pg_backend_pid()", &[]).unwrap());
    let mut admin = db.connect();
    in_tx(&mut admin, |sql| sql.query("SELECT pg_terminate_backend(CAST(?1 AS INT))", args![pid]).unwrap());
    // The server's goodbye reaches the socket task shortly after.
    for _ in 0..100 {
        if conn.is_closed() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let err = match conn.transaction(Isolation::Serializable) {
        Err(e) => e,
        Ok(mut tx) => tx.query("SELECT 1", &[]).unwrap_err(),
    };
    assert!(matches!(err, SqlError::Backend(_)), "{err:?}");
    assert!(super::is_connection_lost(&err), "{err}");
    assert!(conn.is_closed());
}

#[test]
fn a_notification_sent_in_a_query_reads_as_nothing() {
    let Some(db) = TestDb::create() else { return };
    let mut conn = db.connect();
    let row = in_tx(&mut conn, |sql| {
        sql.query_one("SELECT pg_notify('fieldcrew_changes', ?1)", args!["C1"]).unwrap()
    });
    assert_eq!(row.0, vec![Value::Null]);
}

#[test]
fn a_notification_reaches_a_listening_connection() {
    let Some(db) = TestDb::create() else { return };
    let (mut listener, mut writer) = (db.connect(), db.connect());
    listener.batch_execute("LISTEN fieldcrew_changes").unwrap();
    assert!(listener.notification(Duration::from_millis(20)).unwrap().is_none());
    in_tx(&mut writer, |sql| {
        sql.execute("SELECT pg_notify('fieldcrew_changes', ?1)", args!["CREW-1"]).unwrap()
    });
    let heard = listener.notification(Duration::from_secs(5)).unwrap().expect("a notification");
    assert_eq!((heard.channel.as_str(), heard.payload.as_str()), ("fieldcrew_changes", "CREW-1"));
}

#[test]
fn a_call_from_inside_an_async_runtime_blocks_instead_of_panicking() {
    let Some(db) = TestDb::create() else { return };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let answer: i64 = runtime.block_on(async {
        let mut conn = db.connect();
        in_tx(&mut conn, |sql| sql.query_value("SELECT CAST(?1 AS BIGINT) + 1", args![41_i64]).unwrap())
    });
    assert_eq!(answer, 42);
}

#[test]
fn a_transaction_whose_statement_failed_is_not_reported_committed() {
    let Some(db) = TestDb::create() else { return };
    let mut conn = db.connect();
    in_tx(&mut conn, |sql| sql.execute("CREATE TABLE t (k BIGINT PRIMARY KEY)", &[]).unwrap());
    let mut tx = conn.transaction(Isolation::Serializable).unwrap();
    tx.execute("INSERT INTO t (k) VALUES (?1)", args![1_i64]).unwrap();
    // A caller that swallows an error and carries on.
    let _ = tx.execute("INSERT INTO t (k) VALUES (?1)", args![1_i64]);
    let err = tx.commit().unwrap_err();
    assert!(err.to_string().contains("23505"), "{err}");
    let count: i64 = in_tx(&mut conn, |sql| sql.query_value("SELECT COUNT(*) FROM t", &[]).unwrap());
    assert_eq!(count, 0);
}

#[test]
fn lists_bind_as_arrays_so_a_batch_of_rows_is_one_statement() {
    let Some(db) = TestDb::create() else { return };
    let mut conn = db.connect();
    in_tx(&mut conn, |sql| {
        sql.execute("CREATE TABLE t (n BIGINT, s TEXT, at TIMESTAMPTZ)", &[]).unwrap();
        let at: DateTime<Utc> = "2026-12-07T13:00:00.5Z".parse().unwrap();
        let inserted = sql
            .execute(
                "INSERT INTO t SELECT * FROM UNNEST(?1::bigint[], ?2::text[], ?3::timestamptz[])",
                &[
                    Value::List(vec![Value::Int(1), Value::Int(2)]),
                    Value::List(vec![Value::Text("电".into()), Value::Null]),
                    Value::List(vec![Value::Time(at), Value::Time(at)]),
                ],
            )
            .unwrap();
        assert_eq!(inserted, 2);
        let rows = sql
            .query_map(
                "SELECT n, s FROM t WHERE n = ANY(?1) ORDER BY n",
                &[Value::List(vec![Value::Int(2)])],
                |r| Ok((r.get::<i64>(0)?, r.get::<Option<String>>(1)?)),
            )
            .unwrap();
        assert_eq!(rows, [(2, None)], "NULL elements stay NULL");
    });
    // A list where PostgreSQL expects one value is an error, not a guess.
    let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
    let refused = tx.execute("INSERT INTO t (n) VALUES (?1)", &[Value::List(vec![Value::Int(3)])]);
    assert!(refused.unwrap_err().to_string().contains("can not be bound"));
    tx.rollback().unwrap();
}

#[test]
fn statements_sent_together_answer_in_order_and_a_failed_one_fails_the_transaction() {
    let Some(db) = TestDb::create() else { return };
    let mut conn = db.connect();
    in_tx(&mut conn, |sql| sql.execute("CREATE TABLE t (k BIGINT PRIMARY KEY)", &[]).unwrap());
    let insert = "INSERT INTO t (k) VALUES (?1)";
    let count = "SELECT COUNT(*) FROM t";
    let answers = in_tx(&mut conn, |sql| {
        sql.query_many(&[(insert, args![1_i64]), (count, &[]), (insert, args![2_i64]), (count, &[])]).unwrap()
    });
    let counts: Vec<i64> = [&answers[1], &answers[3]].iter().map(|rows| rows[0].get(0).unwrap()).collect();
    assert_eq!(counts, [1, 2], "each statement sees the ones before it");
    assert!(answers[0].is_empty());
    // The duplicate key in the middle: an error, and nothing of the three kept.
    let mut tx = conn.transaction(Isolation::Serializable).unwrap();
    let err =
        tx.query_many(&[(insert, args![3_i64]), (insert, args![1_i64]), (insert, args![4_i64])]).unwrap_err();
    assert!(err.to_string().contains("23505"), "{err}");
    assert!(tx.commit().is_err());
    let after: i64 = in_tx(&mut conn, |sql| sql.query_value(count, &[]).unwrap());
    assert_eq!(after, 2);
}

#[test]
fn a_read_only_snapshot_sees_no_later_commit_and_refuses_writes() {
    let Some(db) = TestDb::create() else { return };
    let (mut reader, mut writer) = (db.connect(), db.connect());
    in_tx(&mut writer, |sql| sql.execute("CREATE TABLE t (k BIGINT PRIMARY KEY)", &[]).unwrap());
    let count = "SELECT COUNT(*) FROM t";
    let mut tx = reader.transaction(Isolation::ReadOnlySnapshot).unwrap();
    let before: i64 = (&mut tx as &mut dyn Sql).query_value(count, &[]).unwrap();
    in_tx(&mut writer, |sql| sql.execute("INSERT INTO t (k) VALUES (1)", &[]).unwrap());
    let after: i64 = (&mut tx as &mut dyn Sql).query_value(count, &[]).unwrap();
    assert_eq!((before, after), (0, 0), "both statements read the snapshot of the first");
    let refused = tx.execute("INSERT INTO t (k) VALUES (2)", &[]).unwrap_err();
    assert!(refused.to_string().contains("25006"), "read-only transaction: {refused}");
    assert!(tx.commit().is_err(), "nothing to commit after a refused write");
    let now: i64 = in_tx(&mut reader, |sql| sql.query_value(count, &[]).unwrap());
    assert_eq!(now, 1);
}

#[test]
fn a_single_statement_read_leaves_no_transaction_open_and_refuses_a_second_statement() {
    let Some(db) = TestDb::create() else { return };
    let (mut reader, mut watcher) = (db.connect(), db.connect());
    in_tx(&mut watcher, |sql| sql.execute("CREATE TABLE t (k BIGINT PRIMARY KEY)", &[]).unwrap());
    let mut tx = reader.transaction(Isolation::SingleStatement).unwrap();
    let pid: i32 = (&mut tx as &mut dyn Sql).query_value("SELECT pg_backend_pid()", &[]).unwrap();
    // Still inside the closure's "transaction": PostgreSQL already sees the
    // connection idle, the statement committed on its own.
    let state: String = in_tx(&mut watcher, |sql| {
        sql.query_value("SELECT state FROM pg_stat_activity WHERE pid = ?1", args![pid]).unwrap()
    });
    assert_eq!(state, "idle");
    let second = tx.query("SELECT COUNT(*) FROM t", &[]).unwrap_err();
    assert!(second.to_string().contains("second statement"), "{second}");
    assert!(tx.commit().is_err(), "a refused statement is reported at commit too");
    let mut tx = reader.transaction(Isolation::SingleStatement).unwrap();
    let rows: i64 = (&mut tx as &mut dyn Sql).query_value("SELECT COUNT(*) FROM t", &[]).unwrap();
    tx.commit().unwrap();
    assert_eq!(rows, 0, "the connection serves the next read");
}
