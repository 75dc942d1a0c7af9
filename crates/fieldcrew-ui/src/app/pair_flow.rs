//! The app's side of signing in and out: what the store says about the
//! pairing, handing an attempt to the sync thread without blocking the
//! screen, and signing out without touching unsynced work.

use super::{AppContext, Screen, Ui, read};
use crate::pairing::{PairAttempt, PairOutcome, PairState, SignedIn};
use crate::screens::pair::{PairScreen, Unsynced};
use dioxus::prelude::*;
use fieldcrew_core::Store;

fn with_store<T: Default>(ctx: &AppContext, f: impl FnOnce(&Store) -> T) -> T {
    ctx.store.as_ref().map(|store| f(&store.borrow())).unwrap_or_default()
}

/// Whether the app opens on the pairing screen: it can pair (a sync
/// thread), nobody pairs it automatically, and it holds no token.
pub(super) fn starts_unpaired(ctx: &AppContext) -> bool {
    ctx.sync.is_some() && !ctx.auto_pair && with_store(ctx, |s| s.pairing().ok().flatten().is_none())
}

/// The member recording events: the last sign-in's name, else the one the
/// app was started with.
pub(super) fn member(ctx: &AppContext, store: &Store) -> String {
    store.sign_in().ok().flatten().map(|s| s.member_name).unwrap_or_else(|| ctx.member.clone())
}

/// The crew new field orders belong to.
pub(super) fn crew(ctx: &AppContext) -> Option<String> {
    with_store(ctx, |s| s.pairing().ok().flatten().map(|p| p.crew_code)).or_else(|| ctx.crew.clone())
}

/// The server shown in settings: the one signed in to, else the configured one.
pub(super) fn server(ctx: &AppContext) -> Option<String> {
    with_store(ctx, |s| s.sign_in().ok().flatten().map(|s| s.server)).or_else(|| ctx.server.clone())
}

pub(super) fn signed_in(ctx: &AppContext) -> Option<SignedIn> {
    with_store(ctx, |store| {
        let pairing = store.pairing().ok().flatten()?;
        Some(SignedIn {
            crew_code: pairing.crew_code,
            crew_name: pairing.crew_name,
            member_name: member(ctx, store),
        })
    })
}

/// Outbox records and photos the server does not have yet.
pub(super) fn unsynced(ctx: &AppContext) -> Unsynced {
    with_store(ctx, |s| Unsynced {
        records: s.outbox_len().unwrap_or_default(),
        photos: s.pending_uploads().map(|p| p.len() as u64).unwrap_or_default(),
    })
}

fn prefill(ctx: &AppContext) -> PairAttempt {
    let last = with_store(ctx, |s| s.sign_in().ok().flatten());
    PairAttempt {
        server: server(ctx).unwrap_or_default(),
        crew_code: last
            .as_ref()
            .map(|l| l.crew_code.clone())
            .or_else(|| ctx.crew.clone())
            .unwrap_or_default(),
        pin: String::new(),
        member_name: last.map(|l| l.member_name).unwrap_or_default(),
    }
}

pub(super) fn pair_screen(ctx: &AppContext, mut ui: Ui, can_go_back: bool) -> Element {
    let pair_ctx = ctx.clone();
    let on_back = can_go_back.then(|| EventHandler::new(move |_| ui.screen.set(Screen::Orders)));
    rsx! {
        PairScreen {
            prefill: prefill(ctx),
            state: (ui.pair_state)(),
            unsynced: unsynced(ctx),
            on_pair: move |attempt| start_pairing(&pair_ctx, ui, attempt),
            on_back,
        }
    }
}

/// The sync thread does the network part; the screen shows "pairing…"
/// meanwhile and the outcome when it comes.
fn start_pairing(ctx: &AppContext, mut ui: Ui, attempt: PairAttempt) {
    let Some(sync) = &ctx.sync else { return };
    ui.pair_state.set(PairState::Pairing);
    let answer = (sync.pair)(attempt);
    let ctx = ctx.clone();
    spawn(async move {
        let stopped = || PairOutcome::Failed((ui.lang)().strings().sync_stopped.to_string());
        match answer.await.unwrap_or_else(|_| stopped()) {
            PairOutcome::Paired { .. } => {
                ui.pair_state.set(PairState::Idle);
                ui.message.set(None);
                ui.snapshot.set(read(&ctx));
                ui.screen.set(Screen::Orders);
            }
            problem => ui.pair_state.set(PairState::Done(problem)),
        }
    });
}

/// Forgets the token only: orders, the outbox and photos stay, and go up
/// after the next sign-in. The sync thread notices on its next pass.
pub(super) fn sign_out(ctx: &AppContext, mut ui: Ui) {
    let Ok(store) = &ctx.store else { return };
    let outcome = store.borrow_mut().clear_token();
    match outcome {
        Ok(()) => {
            ui.pair_state.set(PairState::Idle);
            ui.message.set(None);
            ui.screen.set(Screen::Pair { can_go_back: false });
            if let Some(sync) = &ctx.sync {
                (sync.sync_now)();
            }
        }
        Err(e) => {
            ui.message.set(Some((ui.lang)().strings().labelled((ui.lang)().strings().record_failed, &e)))
        }
    }
}
