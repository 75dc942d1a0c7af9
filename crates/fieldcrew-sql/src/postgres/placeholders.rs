//! SQLite's `?N` placeholders as PostgreSQL's `$N`, so one statement text
//! serves both backends.

use crate::{SqlError, SqlResult};

/// `sql` with every `?N` outside quoted strings, quoted identifiers and
/// comments written `$N`. A bare `?` is refused: the common subset numbers
/// its placeholders, and PostgreSQL would read a bare `?` as an operator.
pub fn to_dollar(sql: &str) -> SqlResult<String> {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                // Copied through to the matching quote; a doubled quote is
                // an escaped one and simply closes and reopens.
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    return Err(SqlError::Backend(format!(
                        "a placeholder without its number (write ?1, ?2…) in `{sql}`"
                    )));
                }
                out.push('$');
                out.push_str(&digits);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::to_dollar;

    #[test]
    fn numbered_placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            to_dollar("SELECT a FROM t WHERE b = ?1 AND c = ?12 AND d = '?3' AND \"e?4\" = ?2").unwrap(),
            "SELECT a FROM t WHERE b = $1 AND c = $12 AND d = '?3' AND \"e?4\" = $2"
        );
        assert_eq!(to_dollar("SELECT 'it''s ?1', ?1").unwrap(), "SELECT 'it''s ?1', $1");
        assert_eq!(to_dollar("SELECT ?1 -- is ?2 here?\n, ?2").unwrap(), "SELECT $1 -- is ?2 here?\n, $2");
        assert_eq!(to_dollar("SELECT '电 ?1', ?1").unwrap(), "SELECT '电 ?1', $1");
    }

    #[test]
    fn a_bare_question_mark_is_a_clear_error() {
        let err = to_dollar("SELECT a FROM t WHERE b = ?").unwrap_err();
        assert!(err.to_string().contains("?1"), "{err}");
    }
}
