//! [`Value`]s bound by the type PostgreSQL inferred for each parameter, and
//! columns read back into [`Value`]s by their declared type.

use crate::{SqlError, SqlResult, Value};
use bytes::BytesMut;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::error::Error;
use tokio_postgres::types::{IsNull, Kind, ToSql, Type};

type BoxError = Box<dyn Error + Sync + Send>;

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match (self, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Int(i), &Type::INT8) => i.to_sql(ty, out),
            (Value::Int(i), &Type::INT4) => narrow::<i32>(*i, ty)?.to_sql(ty, out),
            (Value::Int(i), &Type::INT2) => narrow::<i16>(*i, ty)?.to_sql(ty, out),
            (Value::Int(i), &Type::FLOAT8) => (*i as f64).to_sql(ty, out),
            (Value::Real(r), &Type::FLOAT8) => r.to_sql(ty, out),
            (Value::Real(r), &Type::FLOAT4) => (*r as f32).to_sql(ty, out),
            (Value::Bool(b), &Type::BOOL) => b.to_sql(ty, out),
            (Value::Time(t), &Type::TIMESTAMPTZ) => t.to_sql(ty, out),
            (Value::Text(s), &Type::TEXT | &Type::VARCHAR | &Type::NAME | &Type::BPCHAR) => s.to_sql(ty, out),
            (Value::Blob(b), &Type::BYTEA) => b.to_sql(ty, out),
            // Each element bound by the array's element type, as above.
            (Value::List(items), ty) if matches!(ty.kind(), Kind::Array(_)) => {
                items.as_slice().to_sql(ty, out)
            }
            (value, ty) => Err(format!(
                "{value:?} can not be bound where PostgreSQL expects {ty} \
                 (bind the column's own kind, or CAST the placeholder)"
            )
            .into()),
        }
    }

    /// Every type is let through to `to_sql`, which knows the value: a
    /// NULL fits anywhere, the rest only their own kind.
    fn accepts(_: &Type) -> bool {
        true
    }

    fn to_sql_checked(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.to_sql(ty, out)
    }
}

fn narrow<T: TryFrom<i64>>(i: i64, ty: &Type) -> Result<T, BoxError> {
    T::try_from(i).map_err(|_| format!("{i} does not fit in {ty}").into())
}

/// Column `index` of `row` as a [`Value`] of its kind.
pub fn read(row: &tokio_postgres::Row, index: usize) -> SqlResult<Value> {
    let ty = row.columns()[index].type_().clone();
    let value = match ty {
        Type::INT8 => get::<i64>(row, index)?.map(Value::Int),
        Type::INT4 => get::<i32>(row, index)?.map(|i| Value::Int(i.into())),
        Type::INT2 => get::<i16>(row, index)?.map(|i| Value::Int(i.into())),
        Type::OID => get::<u32>(row, index)?.map(|i| Value::Int(i.into())),
        Type::BOOL => get::<bool>(row, index)?.map(Value::Bool),
        Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR | Type::UNKNOWN => {
            get::<String>(row, index)?.map(Value::Text)
        }
        Type::TIMESTAMPTZ => get::<DateTime<Utc>>(row, index)?.map(Value::Time),
        // A zone-less time is taken as UTC, as the SQLite side reads one.
        Type::TIMESTAMP => get::<NaiveDateTime>(row, index)?.map(|t| Value::Time(t.and_utc())),
        Type::FLOAT8 => get::<f64>(row, index)?.map(Value::Real),
        Type::FLOAT4 => get::<f32>(row, index)?.map(|r| Value::Real(r.into())),
        Type::BYTEA => get::<Vec<u8>>(row, index)?.map(Value::Blob),
        // `SELECT pg_notify(…)` answers one row of nothing.
        Type::VOID => None,
        other => {
            let hint = if other == Type::NUMERIC {
                " (SUM of integers is NUMERIC: CAST(SUM(x) AS BIGINT))"
            } else {
                ""
            };
            return Err(SqlError::Backend(format!(
                "column {index} is of type {other}, which is not read{hint}"
            )));
        }
    };
    Ok(value.unwrap_or(Value::Null))
}

fn get<'a, T: tokio_postgres::types::FromSql<'a>>(
    row: &'a tokio_postgres::Row,
    index: usize,
) -> SqlResult<Option<T>> {
    row.try_get::<_, Option<T>>(index).map_err(|e| SqlError::Corrupt(format!("column {index}: {e}")))
}
