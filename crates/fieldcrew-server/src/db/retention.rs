//! Retention: records are kept at least three months (003 §四.1(7)), and the
//! server keeps orders, their events and call-backs for good. No backend
//! statement deletes them; the only deletion is of an upload that never
//! completed (`Database::delete_upload`, tus termination), which was never
//! evidence. A purge of old records, if one is ever wanted, belongs here and
//! must spare everything younger than three months at their longest (92
//! days, like the phone's `fieldcrew_core::store::retention`) and every order
//! still open. The test below keeps any other `DELETE` from slipping in.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// The only deletions: an upload that never completed, and its owner
    /// claim, both on tus termination (`Database::delete_upload`).
    const ALLOWED: [(&str, &str); 2] = [
        ("sql_database.rs", "DELETE FROM media WHERE id = ?1 AND present = FALSE"),
        ("sql_database/upload_owners.rs", "DELETE FROM upload_owners WHERE media_id = ?1"),
    ];

    /// Every Rust file under `src/db/` but this one, read at test time so a
    /// file added later is covered without being listed.
    fn storage_sources() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db");
        let mut dirs = vec![root.clone()];
        let mut files = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/db is readable") {
                let path: PathBuf = entry.expect("a directory entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let name = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                    if name != "retention.rs" {
                        files.push((name, std::fs::read_to_string(&path).expect("a readable source")));
                    }
                }
            }
        }
        files
    }

    #[test]
    fn no_statement_deletes_orders_events_or_call_backs() {
        let sources = storage_sources();
        for file in
            ["sql_database.rs", "sql_database/callbacks.rs", "sql_database/upload_owners.rs", "mod.rs"]
        {
            assert!(sources.iter().any(|(name, _)| name == file), "{file} was not scanned");
        }
        for (file, text) in &sources {
            let upper = text.to_uppercase();
            for keyword in ["DELETE ", "DROP ", "TRUNCATE "] {
                let allowed = ALLOWED
                    .iter()
                    .filter(|(f, _)| keyword == "DELETE " && f == file)
                    .map(|(_, statement)| text.matches(statement).count())
                    .sum::<usize>();
                assert_eq!(
                    upper.matches(keyword).count(),
                    allowed,
                    "{keyword}in {file}: see db/retention.rs"
                );
            }
        }
    }
}
