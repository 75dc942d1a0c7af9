//! The migrations are compiled in (refinery's `embed_migrations!`), but
//! cargo does not know the macro reads `migrations/`: without this, a new
//! or changed migration file would not rebuild the server.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
