//! Storage of complaints and reports (投诉, 举报). The row's JSON is the
//! record; the columns beside it (the time, the status) are for ordering,
//! the report range and the open ones, written with the body every time.

use super::{from_json, to_json};
use crate::db::{Complaint, ComplaintRefusal, DbError, DbResult};
use chrono::{DateTime, Utc};
use fieldcrew_domain::complaint::ComplaintStatus;
use fieldcrew_sql::{Sql, SqlError, args};
use uuid::Uuid;

pub fn insert(sql: &mut dyn Sql, complaint: &Complaint) -> DbResult<()> {
    sql.execute(
        "INSERT INTO complaints (id, received_at, body, status) VALUES (?1, ?2, ?3, ?4)",
        args![
            complaint.id.to_string(),
            complaint.received_at,
            to_json(complaint),
            status_text(complaint.status)
        ],
    )?;
    Ok(())
}

pub fn get(sql: &mut dyn Sql, id: Uuid) -> DbResult<Option<Complaint>> {
    let row = sql.query_opt("SELECT body FROM complaints WHERE id = ?1", args![id.to_string()])?;
    row.map(|row| from_json(&row.get::<String>(0)?)).transpose()
}

fn bodies(sql: &mut dyn Sql, query: &str, args: &[fieldcrew_sql::Value]) -> DbResult<Vec<Complaint>> {
    sql.query(query, args)?.iter().map(|row| from_json(&row.get::<String>(0)?)).collect()
}

/// Every complaint, newest first.
pub fn all(sql: &mut dyn Sql) -> DbResult<Vec<Complaint>> {
    bodies(sql, "SELECT body FROM complaints ORDER BY received_at DESC, rowid DESC", &[])
}

/// Those not answered yet, read every few seconds by the board, oldest
/// first: by the status column, along its partial index (the literal
/// `'open'` is what lets the index serve; a bound value would not).
pub fn open(sql: &mut dyn Sql) -> DbResult<Vec<Complaint>> {
    bodies(sql, "SELECT body FROM complaints WHERE status = 'open' ORDER BY received_at, rowid", &[])
}

/// The status column's text: the body's own (serde) name of it.
fn status_text(status: ComplaintStatus) -> &'static str {
    match status {
        ComplaintStatus::Open => "open",
        ComplaintStatus::Answered => "answered",
        ComplaintStatus::Closed => "closed",
    }
}

/// Those received in `[from, to)`, oldest first.
pub fn received_between(
    sql: &mut dyn Sql,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<Complaint>> {
    bodies(
        sql,
        "SELECT body FROM complaints WHERE received_at >= ?1 AND received_at < ?2 ORDER BY received_at, rowid",
        args![from, to],
    )
}

/// Loads, checks and changes one complaint in the caller's transaction, so
/// two dispatchers answering at once can not both pass the status check.
/// The write is a compare-and-set on the body read: where another
/// connection's change can commit between the read and the write
/// (PostgreSQL at READ COMMITTED) it then changes nothing, and the check
/// runs again on what that change left.
pub fn update(
    sql: &mut dyn Sql,
    id: Uuid,
    change: impl Fn(&mut Complaint) -> Result<(), ComplaintRefusal>,
) -> DbResult<Result<Complaint, ComplaintRefusal>> {
    for _ in 0..3 {
        let Some(row) = sql.query_opt("SELECT body FROM complaints WHERE id = ?1", args![id.to_string()])?
        else {
            return Ok(Err(ComplaintRefusal::Unknown));
        };
        let before: String = row.get(0)?;
        let mut complaint: Complaint = from_json(&before)?;
        if let Err(refusal) = change(&mut complaint) {
            return Ok(Err(refusal));
        }
        let changed = sql.execute(
            "UPDATE complaints SET body = ?2, status = ?4 WHERE id = ?1 AND body = ?3",
            args![id.to_string(), to_json(&complaint), before, status_text(complaint.status)],
        )?;
        if changed == 1 {
            return Ok(Ok(complaint));
        }
    }
    Err(DbError::Sql(SqlError::Conflict(format!("complaint {id} kept changing under the update"))))
}

/// The answer, once: only an open complaint takes one.
pub fn answer(
    sql: &mut dyn Sql,
    id: Uuid,
    text: &str,
    by: &str,
    at: DateTime<Utc>,
) -> DbResult<Result<Complaint, ComplaintRefusal>> {
    update(sql, id, |c| {
        if c.status != ComplaintStatus::Open {
            return Err(ComplaintRefusal::WrongStatus);
        }
        c.status = ComplaintStatus::Answered;
        c.answer = Some(text.to_string());
        c.answered_by = Some(by.to_string());
        c.answered_at = Some(at);
        Ok(())
    })
}

pub fn close(
    sql: &mut dyn Sql,
    id: Uuid,
    at: DateTime<Utc>,
) -> DbResult<Result<Complaint, ComplaintRefusal>> {
    update(sql, id, |c| {
        if c.status == ComplaintStatus::Closed {
            return Err(ComplaintRefusal::WrongStatus);
        }
        c.status = ComplaintStatus::Closed;
        c.closed_at = Some(at);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    //! Version 2 takes over complaints stored at version 1, when the status
    //! lived only in the body.
    use crate::db::backend::postgres::PostgresBackend;
    use crate::db::backend::postgres::scratch::ScratchDatabase;
    use crate::db::{Complaint, Database, SqlDatabase};
    use chrono::{Duration, TimeZone, Utc};
    use fieldcrew_domain::complaint::{ComplaintKind, ComplaintStatus};
    use fieldcrew_sql::{Sql, args};

    mod sqlite_migrations {
        refinery::embed_migrations!("migrations/sqlite");
    }
    mod postgres_migrations {
        refinery::embed_migrations!("migrations/postgres");
    }

    /// Four complaints written as version 1 wrote them (no status column),
    /// one a minute: open, answered, open, closed. The open ones come back.
    fn stored_at_v1(sql: &mut dyn Sql) -> Vec<Complaint> {
        let at = Utc.with_ymd_and_hms(2026, 11, 3, 2, 0, 0).unwrap();
        let mut open = Vec::new();
        for (i, status) in
            [ComplaintStatus::Open, ComplaintStatus::Answered, ComplaintStatus::Open, ComplaintStatus::Closed]
                .into_iter()
                .enumerate()
        {
            let received_at = at + Duration::minutes(i as i64);
            let complaint = Complaint {
                id: uuid::Uuid::now_v7(),
                kind: ComplaintKind::Complaint,
                received_at,
                due_at: received_at + Duration::days(1),
                reporter_name: "张三".into(),
                reporter_phone: "13800000000".into(),
                place: "城关镇".into(),
                content: format!("第{i}次停电"),
                owner: "营业班".into(),
                taken_by: "王调度".into(),
                status,
                answer: (status != ComplaintStatus::Open).then(|| "已处理".into()),
                answered_by: None,
                answered_at: None,
                closed_at: None,
            };
            sql.execute(
                "INSERT INTO complaints (id, received_at, body) VALUES (?1, ?2, ?3)",
                args![complaint.id.to_string(), received_at, super::to_json(&complaint)],
            )
            .unwrap();
            if status == ComplaintStatus::Open {
                open.push(complaint);
            }
        }
        open
    }

    /// After the migration, answering one moves it off the open list (the
    /// column follows the body) and a new one joins it.
    fn still_kept_in_step(db: &dyn Database, open: &[Complaint]) {
        assert_eq!(db.open_complaints().unwrap(), open);
        db.answer_complaint(open[0].id, "已回复", "王调度", Utc::now()).unwrap().unwrap();
        let mut new = open[1].clone();
        new.id = uuid::Uuid::now_v7();
        new.received_at += Duration::hours(1);
        db.save_complaint(&new).unwrap();
        assert_eq!(db.open_complaints().unwrap(), vec![open[1].clone(), new]);
        assert_eq!(db.complaints().unwrap().len(), 5);
    }

    #[test]
    fn a_sqlite_file_at_version_1_lists_the_same_open_complaints_after_version_2() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite3");
        let open = {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            sqlite_migrations::migrations::runner()
                .set_target(refinery::Target::Version(1))
                .run(&mut conn)
                .unwrap();
            stored_at_v1(&mut conn)
        };
        let db = SqlDatabase::open_sqlite(&path).unwrap();
        let versions: Vec<i64> = db.schema_versions().unwrap().into_iter().map(|(v, _)| v).collect();
        // Version 2 and every later one applied on top of version 1.
        assert!(versions.starts_with(&[1, 2]), "{versions:?}");
        still_kept_in_step(&db, &open);
    }

    #[test]
    fn a_sqlite_file_from_before_migrations_lists_the_same_open_complaints() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        let open = {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(include_str!("../../../migrations/sqlite/V1__schema.sql")).unwrap();
            stored_at_v1(&mut conn)
        };
        still_kept_in_step(&SqlDatabase::open_sqlite(&path).unwrap(), &open);
    }

    #[test]
    fn a_postgres_database_at_version_1_lists_the_same_open_complaints_after_version_2() {
        let Some(scratch) = ScratchDatabase::create() else {
            eprintln!("skipped: FIELDCREW_TEST_DATABASE_URL is not set (scripts/postgres.sh prints one)");
            return;
        };
        let open = {
            use fieldcrew_sql::postgres::{Isolation, PgConnection};
            let mut conn = PgConnection::connect_url(&scratch.url).unwrap();
            let runner = postgres_migrations::migrations::runner().set_target(refinery::Target::Version(1));
            conn.with_client(|client| runner.run_async(client)).unwrap();
            let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
            let open = stored_at_v1(&mut tx);
            tx.commit().unwrap();
            open
        };
        let db = SqlDatabase::with_backend(Box::new(PostgresBackend::open(&scratch.url).unwrap()));
        still_kept_in_step(&db, &open);
    }
}
