//! Which backend the `database_url` setting names.

use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// The embedded SQLite file at this path.
    File(PathBuf),
    /// A PostgreSQL server, by its `postgres://` URL.
    Postgres(String),
}

/// Empty: `data_dir/server.sqlite3`. `sqlite:PATH` (or `sqlite://PATH`) or a
/// plain path: that SQLite file. `postgres://…`/`postgresql://…`:
/// PostgreSQL. Any other `scheme://` is refused rather than taken for a
/// file name.
pub fn target(database_url: &str, data_dir: &std::path::Path) -> Result<DatabaseTarget, String> {
    let url = database_url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(DatabaseTarget::Postgres(url.to_owned()));
    }
    let path = match url.strip_prefix("sqlite:") {
        Some(rest) => rest.strip_prefix("//").unwrap_or(rest),
        None if url.contains("://") => {
            let scheme = &url[..url.find("://").unwrap_or(0)];
            return Err(format!(
                "database_url: `{scheme}://` is not a database fieldcrew knows \
                 (数据库地址：写文件路径、sqlite:路径 或 postgres://…)"
            ));
        }
        None => url,
    };
    Ok(DatabaseTarget::File(if path.is_empty() {
        data_dir.join(crate::DB_FILE)
    } else {
        PathBuf::from(path)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_setting_names_a_file_or_a_postgres_server() {
        let data = Path::new("/srv/fieldcrew");
        let file = |p: &str| Ok(DatabaseTarget::File(PathBuf::from(p)));
        assert_eq!(target("", data), file("/srv/fieldcrew/server.sqlite3"));
        assert_eq!(target("sqlite:", data), file("/srv/fieldcrew/server.sqlite3"));
        assert_eq!(target("/var/lib/fc.sqlite3", data), file("/var/lib/fc.sqlite3"));
        assert_eq!(target("sqlite:fc.sqlite3", data), file("fc.sqlite3"));
        assert_eq!(target("sqlite:///var/lib/fc.sqlite3", data), file("/var/lib/fc.sqlite3"));
        let pg = "postgres://fc:pw@10.0.0.5:5432/fieldcrew";
        assert_eq!(target(pg, data), Ok(DatabaseTarget::Postgres(pg.into())));
        assert_eq!(
            target(" postgresql://db/fc ", data),
            Ok(DatabaseTarget::Postgres("postgresql://db/fc".into()))
        );
        let err = target("mysql://db/fc", data).unwrap_err();
        assert!(err.contains("mysql://") && err.contains("postgres://"), "{err}");
    }
}
