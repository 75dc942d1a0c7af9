//! Settings' glue: the facts shown (store folder, device id, thresholds),
//! signing out, the diagnostics export, and the language chosen and kept.

use super::{AppContext, Screen, Ui, pair_flow};
use crate::i18n::Lang;
use crate::screens::settings::Settings;
use dioxus::prelude::*;

pub(super) fn screen(ctx: &AppContext, mut ui: Ui, limits: &fieldcrew_core::Thresholds) -> Element {
    let (data_dir, device_id) = match &ctx.store {
        Ok(store) => {
            let store = store.borrow();
            (store.dir().display().to_string(), store.device_id().to_string())
        }
        Err(e) => (e.clone(), String::new()),
    };
    let export_ctx = ctx.clone();
    let sign_out_ctx = ctx.clone();
    let server = pair_flow::server(ctx);
    let on_sign_out =
        ctx.sync.is_some().then(|| EventHandler::new(move |_| pair_flow::sign_out(&sign_out_ctx, ui)));
    rsx! {
        Settings {
            server: server.clone(),
            limits: limits.clone(),
            data_dir,
            device_id,
            signed_in: pair_flow::signed_in(ctx),
            unsynced: pair_flow::unsynced(ctx),
            message: (ui.message)(),
            on_sign_out,
            on_language: {
                let ctx = ctx.clone();
                move |lang| choose_language(&ctx, ui, lang)
            },
            on_export: move |_| {
                let Ok(store) = &export_ctx.store else { return };
                let s = (ui.lang)().strings();
                let outcome = crate::diagnostics::export(&store.borrow(), server.as_deref());
                ui.message.set(Some(match outcome {
                    Ok(path) => format!("{} {}", s.diagnostics_saved, path.display()),
                    Err(e) => s.labelled(s.record_failed, &e),
                }));
            },
            on_back: move |_| ui.screen.set(Screen::Orders),
        }
    }
}

/// The language chosen last on this phone, Chinese until one was chosen.
pub(super) fn saved_language(ctx: &AppContext) -> Lang {
    let saved = ctx.store.as_ref().ok().and_then(|s| s.borrow().ui_language().ok().flatten());
    saved.map(|tag| Lang::from_tag(&tag)).unwrap_or_default()
}

/// Switches the language and keeps the choice for the next start.
pub(super) fn choose_language(ctx: &AppContext, mut ui: Ui, lang: Lang) {
    ui.lang.set(lang);
    if let Ok(store) = &ctx.store {
        let _ = store.borrow_mut().set_ui_language(lang.tag());
    }
}
