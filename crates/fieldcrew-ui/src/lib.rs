//! fieldcrew's user interface as renderer-free Dioxus components. The app
//! binary picks the renderer (desktop, Android, iOS); tests render the same
//! components to HTML.

pub mod alert_sound;
pub mod app;
pub mod camera;
pub mod diagnostics;
pub mod evidence;
pub mod format;
pub mod i18n;
pub mod location;
pub mod pairing;
pub mod screens;
pub mod signature_pad;
pub mod step_gate;
pub mod sync_view;

pub use app::{App, AppContext, SyncHandle};
pub use i18n::Lang;
pub use sync_view::{SyncState, SyncView};
