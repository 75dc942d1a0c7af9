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
    /// The SQL of every storage file of the SQLite backend.
    const SOURCES: [(&str, &str); 2] = [
        ("sqlite.rs", include_str!("sqlite.rs")),
        ("sqlite/callbacks.rs", include_str!("sqlite/callbacks.rs")),
    ];

    const ALLOWED: &str = "DELETE FROM media WHERE id = ?1 AND present = 0";

    #[test]
    fn no_statement_deletes_orders_events_or_call_backs() {
        for (file, text) in SOURCES {
            let upper = text.to_uppercase();
            for keyword in ["DELETE ", "DROP ", "TRUNCATE "] {
                let allowed = if keyword == "DELETE " { text.matches(ALLOWED).count() } else { 0 };
                assert_eq!(
                    upper.matches(keyword).count(),
                    allowed,
                    "{keyword}in {file}: see db/retention.rs"
                );
            }
        }
    }
}
