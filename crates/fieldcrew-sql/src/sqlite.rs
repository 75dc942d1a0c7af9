//! The embedded backend's side of [`Sql`]: an open rusqlite connection or
//! transaction. Times are bound with rusqlite's own chrono format, so files
//! written before this interface read and compare as they always did.

use crate::{Dialect, Row, Sql, SqlError, SqlResult, Value};
use rusqlite::types::{ToSqlOutput, ValueRef};

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Value::Int(i) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(*i)),
            Value::Real(r) => ToSqlOutput::Owned(rusqlite::types::Value::Real(*r)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bool(b) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(i64::from(*b))),
            Value::Time(t) => return t.to_sql(),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Value::List(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure("SQLite has no array parameters".into()));
            }
        })
    }
}

fn read(value: ValueRef<'_>) -> SqlResult<Value> {
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(
            String::from_utf8(t.to_vec()).map_err(|_| SqlError::Corrupt("text that is not UTF-8".into()))?,
        ),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    })
}

impl From<rusqlite::Error> for SqlError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull => {
                SqlError::Full(e.to_string())
            }
            rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) => {
                SqlError::Corrupt(e.to_string())
            }
            _ => SqlError::Backend(e.to_string()),
        }
    }
}

fn execute(conn: &rusqlite::Connection, sql: &str, args: &[Value]) -> SqlResult<u64> {
    let changed = conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(args))?;
    Ok(changed as u64)
}

fn query(conn: &rusqlite::Connection, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let columns = stmt.column_count();
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let values = (0..columns).map(|i| read(row.get_ref(i)?)).collect::<SqlResult<Vec<_>>>()?;
        out.push(Row(values));
    }
    Ok(out)
}

/// A connection, or a transaction on one (which derefs to it).
macro_rules! sql_on_a_connection {
    ($($t:ty),*) => {$(
        impl Sql for $t {
            fn dialect(&self) -> Dialect {
                Dialect::Sqlite
            }
            fn execute(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64> {
                execute(self, sql, args)
            }
            fn query(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
                query(self, sql, args)
            }
        }
    )*};
}
sql_on_a_connection!(rusqlite::Connection, rusqlite::Transaction<'_>);

impl From<rusqlite::types::FromSqlError> for SqlError {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        SqlError::Corrupt(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Sql, Value, args};
    use chrono::{DateTime, Utc};

    #[test]
    fn values_go_in_and_come_back_the_same() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let sql: &mut dyn Sql = &mut conn;
        sql.execute("CREATE TABLE t (n INTEGER, s TEXT, b INTEGER, at TEXT, none TEXT)", &[]).unwrap();
        let at: DateTime<Utc> = "2026-12-07T13:00:00.5Z".parse().unwrap();
        sql.execute(
            "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)",
            args![42_i64, "电", true, at, None::<String>],
        )
        .unwrap();
        let row = sql.query_one("SELECT n, s, b, at, none FROM t", &[]).unwrap();
        assert_eq!(row.get::<i64>(0).unwrap(), 42);
        assert_eq!(row.get::<String>(1).unwrap(), "电");
        assert!(row.get::<bool>(2).unwrap());
        assert_eq!(row.get::<DateTime<Utc>>(3).unwrap(), at);
        assert_eq!(row.get::<Option<String>>(4).unwrap(), None);
        // Stored as rusqlite always wrote it, so old files compare alike.
        let text: String = sql.query_value("SELECT at FROM t", &[]).unwrap();
        assert_eq!(text, "2026-12-07 13:00:00.500+00:00");
        assert_eq!(sql.query_opt("SELECT n FROM t WHERE n = ?1", args![Value::Int(7)]).unwrap(), None);
        // Arrays are PostgreSQL's: refused here, not stored as something else.
        assert!(sql.execute("INSERT INTO t (n) VALUES (?1)", &[Value::List(vec![Value::Int(1)])]).is_err());
    }
}
