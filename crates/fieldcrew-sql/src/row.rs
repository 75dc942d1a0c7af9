//! What a query gives back.

use crate::{SqlError, SqlResult, Value};
use chrono::{DateTime, NaiveDateTime, Utc};

/// One result row, its columns in the order the query named them.
#[derive(Clone, Debug, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Column `index` as a `T`; a missing column or a value of another kind
    /// is damage, not a panic.
    pub fn get<T: FromValue>(&self, index: usize) -> SqlResult<T> {
        let value = self.0.get(index).ok_or_else(|| SqlError::Corrupt(format!("no column {index}")))?;
        T::from_value(value).map_err(|why| SqlError::Corrupt(format!("column {index}: {why}")))
    }
}

pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Result<Self, String>;
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Text(s) => Ok(s.clone()),
            v => Err(format!("expected text, found {v:?}")),
        }
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Bool(b) => Ok(*b),
            // SQLite keeps booleans (and EXISTS) as 0/1.
            Value::Int(i) => Ok(*i != 0),
            v => Err(format!("expected a boolean, found {v:?}")),
        }
    }
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Int(i) => Ok(*i),
            v => Err(format!("expected an integer, found {v:?}")),
        }
    }
}

macro_rules! narrower_integers {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: &Value) -> Result<Self, String> {
                let wide = i64::from_value(value)?;
                <$t>::try_from(wide).map_err(|_| format!("{wide} is out of range"))
            }
        }
    )*};
}
narrower_integers!(i32, u32, u64, usize);

impl FromValue for f64 {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Real(r) => Ok(*r),
            Value::Int(i) => Ok(*i as f64),
            v => Err(format!("expected a number, found {v:?}")),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Blob(b) => Ok(b.clone()),
            v => Err(format!("expected bytes, found {v:?}")),
        }
    }
}

impl FromValue for DateTime<Utc> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Time(t) => Ok(*t),
            Value::Text(s) => parse_time(s).ok_or_else(|| format!("`{s}` is not a time")),
            v => Err(format!("expected a time, found {v:?}")),
        }
    }
}

/// The text forms SQLite files hold: rusqlite writes `2026-12-07
/// 13:00:00.123+00:00`; RFC 3339 and zone-less UTC are read too.
fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let rfc3339 = text.replacen(' ', "T", 1);
    if let Ok(t) = DateTime::parse_from_rfc3339(&rfc3339) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_written_by_older_servers_still_read() {
        let expected: DateTime<Utc> = "2026-12-07T13:00:00.123Z".parse().unwrap();
        for text in ["2026-12-07 13:00:00.123+00:00", "2026-12-07T13:00:00.123Z", "2026-12-07 13:00:00.123"] {
            assert_eq!(parse_time(text), Some(expected), "{text}");
        }
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_damage_not_a_panic() {
        let row = Row(vec![Value::Text("x".into())]);
        assert!(matches!(row.get::<i64>(0), Err(SqlError::Corrupt(_))));
        assert!(matches!(row.get::<String>(1), Err(SqlError::Corrupt(_))));
    }
}
