//! 抢修助手 (fieldcrew): the phone app. Finds the data dir, opens the device
//! store and launches the UI; everything else lives in the crates.

mod platform;

use fieldcrew_core::{Store, demo};
use fieldcrew_ui::{App, AppContext};
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

fn main() {
    let demo_requested =
        std::env::args().any(|a| a == "--demo") || std::env::var("FIELDCREW_DEMO").is_ok_and(|v| v == "1");
    let dir = platform::data_dir();
    if demo_requested && let Err(e) = seed_demo(&dir) {
        eprintln!("fieldcrew: could not seed demo data in {}: {e}", dir.display());
    }
    eprintln!("fieldcrew: data in {}", dir.display());

    let builder = dioxus::LaunchBuilder::new().with_context_provider(move || {
        let store = Store::open(&dir).map(|s| Rc::new(RefCell::new(s))).map_err(|e| e.to_string());
        Box::new(AppContext { store, demo: demo_requested })
    });
    #[cfg(feature = "desktop")]
    let builder = builder.with_cfg(platform::desktop_config());
    builder.launch(App);
}

/// Fills an empty store with the demo station's orders.
fn seed_demo(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = Store::open(dir)?;
    if store.orders()?.is_empty() {
        for order in demo::demo_orders(chrono::Utc::now()) {
            store.upsert_order(&order)?;
        }
    }
    Ok(())
}
