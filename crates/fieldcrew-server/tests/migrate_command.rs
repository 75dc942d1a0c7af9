//! `fieldcrew-server migrate`: an operator brings a database to the build's
//! schema before starting instances (or checks what it holds), on the
//! embedded file and on PostgreSQL alike.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_fieldcrew-server");

fn migrate(data_dir: &std::path::Path, database_url: &str) -> String {
    let output = Command::new(BIN)
        .arg("migrate")
        .env("FIELDCREW_DATA_DIR", data_dir)
        .env("FIELDCREW_DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn migrate_creates_the_schema_once_and_lists_what_is_applied() {
    let data = tempfile::tempdir().unwrap();
    let first = migrate(data.path(), "");
    assert!(first.starts_with("V1 schema\n"), "{first}");
    assert!(data.path().join(fieldcrew_server::DB_FILE).exists());
    assert_eq!(migrate(data.path(), ""), first, "a second run applies nothing new");
}

#[test]
fn migrate_brings_a_postgres_database_to_the_same_versions_as_the_file() {
    let Some(scratch) = fieldcrew_server::test_support::scratch_postgres() else {
        println!("skipped: FIELDCREW_TEST_DATABASE_URL is not set (scripts/postgres.sh prints one)");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let on_postgres = migrate(data.path(), &scratch.url);
    assert!(!data.path().join(fieldcrew_server::DB_FILE).exists(), "PostgreSQL chosen, yet a file made");
    assert_eq!(on_postgres, migrate(data.path(), ""), "both backends at the same versions");
}

#[test]
fn an_unknown_database_scheme_is_refused_with_a_clear_message() {
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .arg("migrate")
        .env("FIELDCREW_DATA_DIR", data.path())
        .env("FIELDCREW_DATABASE_URL", "mysql://db/fieldcrew")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("mysql://") && stderr.contains("postgres://"), "{stderr}");
}
