//! What differs between desktop, Android and iOS: where data lives and how
//! the window is set up.

#[cfg(target_os = "android")]
mod android;

use std::path::PathBuf;

/// The app's private data directory. `FIELDCREW_DATA_DIR` overrides it
/// everywhere (tests, demo runs).
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FIELDCREW_DATA_DIR") {
        return PathBuf::from(dir);
    }
    #[cfg(target_os = "android")]
    if let Some(dir) = android::files_dir() {
        return dir.join("fieldcrew");
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("fieldcrew")
}

/// A phone-sized window on desktop, so the desktop build shows what a crew sees.
#[cfg(feature = "desktop")]
pub fn desktop_config() -> dioxus::desktop::Config {
    use dioxus::desktop::{Config, LogicalSize, WindowBuilder};
    Config::new().with_menu(None).with_window(
        WindowBuilder::new().with_title("抢修助手").with_inner_size(LogicalSize::new(412.0, 860.0)),
    )
}
