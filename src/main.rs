//! 抢修助手 (fieldcrew): the phone app. Finds the data dir, opens the device
//! store, starts background sync (it waits for the pairing screen until the
//! phone is paired), and launches the UI; everything else lives in the crates.

mod platform;

use fieldcrew_app_sync as sync;
use fieldcrew_core::Store;
use fieldcrew_ui::camera::WebviewCamera;
use fieldcrew_ui::location::WebviewLocator;
use fieldcrew_ui::{App, AppContext};
use std::cell::RefCell;
use std::rc::Rc;

/// The server the demo run talks to unless `FIELDCREW_SERVER` says otherwise.
const DEMO_SERVER: &str = "http://127.0.0.1:8080";
/// The demo station's first crew (see fieldcrew-server's demo seed).
const DEMO_CREW: &str = "CREW-1:1234:李师傅";

fn main() {
    let demo =
        std::env::args().any(|a| a == "--demo") || std::env::var("FIELDCREW_DEMO").is_ok_and(|v| v == "1");
    let dir = platform::data_dir();
    eprintln!("fieldcrew: data in {}", dir.display());
    let server = std::env::var("FIELDCREW_SERVER").ok().or_else(|| demo.then(|| DEMO_SERVER.to_string()));
    let auto_pair = std::env::var("FIELDCREW_AUTO_PAIR")
        .ok()
        .or_else(|| demo.then(|| DEMO_CREW.to_string()))
        .and_then(|spec| sync::AutoPair::parse(&spec));
    // Open (and migrate) once before the sync thread opens its own connection.
    if let Err(e) = Store::open(&dir) {
        eprintln!("fieldcrew: cannot open the store in {}: {e}", dir.display());
    }
    let crew = auto_pair.as_ref().map(|p| p.crew_code.clone());
    let server_shown = server.clone();
    let member = auto_pair.as_ref().map_or_else(|| "crew".to_string(), |p| p.member_name.clone());
    let pairs_itself = auto_pair.is_some();
    let sync = sync::start(dir.clone(), server, auto_pair);

    let builder = dioxus::LaunchBuilder::new().with_context_provider(move || {
        let store = Store::open(&dir).map(|s| Rc::new(RefCell::new(s))).map_err(|e| e.to_string());
        Box::new(AppContext {
            store,
            demo,
            sync: Some(sync.clone()),
            locator: Rc::new(WebviewLocator),
            camera: Rc::new(WebviewCamera),
            member: member.clone(),
            crew: crew.clone(),
            server: server_shown.clone(),
            auto_pair: pairs_itself,
        })
    });
    #[cfg(feature = "desktop")]
    let builder = builder.with_cfg(platform::desktop_config());
    builder.launch(App);
}
