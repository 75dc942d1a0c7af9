//! A throwaway PostgreSQL database per test: made from an admin URL
//! (`FIELDCREW_TEST_DATABASE_URL`, scripts/postgres.sh prints one), dropped
//! when the value is.

use fieldcrew_sql::postgres::{PgConnection, parse_url};
use std::sync::atomic::{AtomicU32, Ordering};

/// The variable naming the admin URL; unset, PostgreSQL tests are skipped.
pub const ADMIN_URL_VAR: &str = "FIELDCREW_TEST_DATABASE_URL";

pub struct ScratchDatabase {
    admin_url: String,
    pub name: String,
    /// Its own URL, for `database_url`.
    pub url: String,
}

impl ScratchDatabase {
    /// A new empty database `fc_<pid>_<n>_<nanos>`, or `None` when no admin
    /// URL is set.
    pub fn create() -> Option<Self> {
        let admin_url = std::env::var(ADMIN_URL_VAR).ok().filter(|u| !u.is_empty())?;
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("fc_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let config = parse_url(&admin_url).unwrap_or_else(|e| panic!("{ADMIN_URL_VAR}: {e}"));
        let mut admin = PgConnection::connect(&config).unwrap_or_else(|e| panic!("{ADMIN_URL_VAR}: {e}"));
        admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("a scratch database is created");
        let url = with_database(&admin_url, &name);
        Some(Self { admin_url, name, url })
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        // FORCE: a server under test may still hold pooled connections.
        // Its change listener may reconnect while they are being ended
        // ("being accessed by other users"): a few tries, then give up.
        let drop_it = || {
            parse_url(&self.admin_url).and_then(|config| PgConnection::connect(&config)).and_then(
                |mut admin| {
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
                },
            )
        };
        let mut dropped = drop_it();
        for _ in 0..10 {
            if dropped.is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
            dropped = drop_it();
        }
        if let Err(e) = dropped {
            eprintln!("scratch database {} left behind: {e}", self.name);
        }
    }
}

/// `url` naming database `name` instead: the path of a `postgres://` URL,
/// or a `dbname=` added to a key=value string.
pub fn with_database(url: &str, name: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return format!("{url} dbname={name}") };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).map_or(url.len(), |i| scheme_end + 3 + i);
    let query = url[authority_end..].find('?').map_or("", |i| &url[authority_end + i..]);
    format!("{}/{name}{query}", &url[..authority_end])
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn a_url_is_pointed_at_another_database() {
        assert_eq!(
            with_database("postgres://u:p@127.0.0.1:5432/postgres", "fc_1"),
            "postgres://u:p@127.0.0.1:5432/fc_1"
        );
        assert_eq!(
            with_database("postgres://u:p@h/postgres?sslmode=disable", "fc_1"),
            "postgres://u:p@h/fc_1?sslmode=disable"
        );
        assert_eq!(with_database("postgresql://h:5432", "fc_1"), "postgresql://h:5432/fc_1");
        assert_eq!(
            with_database("postgres://h?application_name=x", "fc_1"),
            "postgres://h/fc_1?application_name=x"
        );
        assert_eq!(with_database("host=h user=u", "fc_1"), "host=h user=u dbname=fc_1");
    }
}
