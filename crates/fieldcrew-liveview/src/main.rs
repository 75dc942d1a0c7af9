//! Test harness: serves the real `fieldcrew_ui::App` with the liveview
//! renderer so a headless browser (Playwright + Chromium) can drive it end to
//! end. Every connection gets the real device store in the data dir, the
//! webview GPS and camera (they run in the browser through `document::eval`)
//! and the background sync the desktop app uses. Not shipped.
//!
//! Settings come from the environment:
//! - `FIELDCREW_DATA_DIR` (required): the phone's data dir;
//! - `FIELDCREW_LIVEVIEW_LISTEN`: address to serve on (default `127.0.0.1:8090`);
//! - `FIELDCREW_SERVER`: the server to sync with, prefilled on the pairing
//!   screen;
//! - `FIELDCREW_AUTO_PAIR`: `CREW:PIN:member`, e.g. `CREW-1:1234:李师傅`;
//!   without it an unpaired phone opens on the pairing screen;
//! - `FIELDCREW_DEMO=1`: show the demo-data banner;
//! - `FIELDCREW_LOG`: what to log to stderr, as a tracing filter (default
//!   `warn`; the browser tests ask for `fieldcrew_sync=debug`, so a failed
//!   flow's log shows what the sync loop was doing).

mod settings;

use axum::Router;
use axum::extract::WebSocketUpgrade;
use axum::response::Html;
use axum::routing::get;
use dioxus::prelude::VirtualDom;
use dioxus_liveview::{LiveViewPool, axum_socket, interpreter_glue};
use fieldcrew_core::Store;
use fieldcrew_ui::camera::WebviewCamera;
use fieldcrew_ui::location::WebviewLocator;
use fieldcrew_ui::{App, AppContext, SyncHandle};
use settings::Settings;
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

/// What every connection's `AppContext` is built from (all `Send`).
#[derive(Clone)]
struct Shared {
    dir: PathBuf,
    demo: bool,
    member: String,
    crew: Option<String>,
    server: Option<String>,
    auto_pair: bool,
    sync: SyncHandle,
}

impl Shared {
    fn app_context(&self) -> AppContext {
        let store = Store::open(&self.dir).map(|s| Rc::new(RefCell::new(s))).map_err(|e| e.to_string());
        AppContext {
            store,
            demo: self.demo,
            sync: Some(self.sync.clone()),
            locator: Rc::new(WebviewLocator),
            camera: Rc::new(WebviewCamera),
            member: self.member.clone(),
            crew: self.crew.clone(),
            server: self.server.clone(),
            auto_pair: self.auto_pair,
        }
    }
}

fn index_page() -> Html<String> {
    let glue = interpreter_glue("/ws");
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>抢修助手 (liveview)</title></head>
<body><div id="main"></div>{glue}</body>
</html>"#
    ))
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FIELDCREW_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("fieldcrew-liveview: {message}");
            std::process::exit(2);
        }
    };
    // Open (and migrate) once before the sync thread opens its own connection.
    if let Err(e) = Store::open(&settings.data_dir) {
        eprintln!("fieldcrew-liveview: cannot open the store in {}: {e}", settings.data_dir.display());
        std::process::exit(1);
    }
    let crew = settings.auto_pair.as_ref().map(|p| p.crew_code.clone());
    let member = settings.auto_pair.as_ref().map_or_else(|| "crew".to_string(), |p| p.member_name.clone());
    let server = settings.server;
    let auto_pair = settings.auto_pair.is_some();
    let sync = fieldcrew_app_sync::start(settings.data_dir.clone(), server.clone(), settings.auto_pair);
    let shared =
        Shared { dir: settings.data_dir, demo: settings.demo, member, crew, server, auto_pair, sync };
    let pool = LiveViewPool::new();

    let app = Router::new().route("/", get(|| async { index_page() })).route(
        "/ws",
        get(move |ws: WebSocketUpgrade| async move {
            ws.on_upgrade(move |socket| async move {
                let make_dom = move || VirtualDom::new(App).with_root_context(shared.app_context());
                if let Err(e) = pool.launch_virtualdom(axum_socket(socket), make_dom).await {
                    eprintln!("fieldcrew-liveview: connection ended: {e}");
                }
            })
        }),
    );
    let listener = match tokio::net::TcpListener::bind(&settings.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("fieldcrew-liveview: cannot listen on {}: {e}", settings.listen);
            std::process::exit(1);
        }
    };
    eprintln!("fieldcrew-liveview: serving on http://{}", settings.listen);
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("fieldcrew-liveview: {e}");
        std::process::exit(1);
    }
}
