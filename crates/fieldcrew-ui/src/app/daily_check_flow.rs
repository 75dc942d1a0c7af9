//! The daily check's glue: today's check read from the store for the list's
//! banner and the order's warning, and the form's state, photos and record.
//! The form keeps one check id for as long as it is open, so a double tap on
//! 提交 records one check (the store answers the second with "already").

use super::{AppContext, Screen, Ui, pair_flow};
use crate::app::context::use_lang;
use crate::camera::CameraError;
use crate::evidence;
use crate::i18n::Lang;
use crate::screens::daily_check::{
    AnswerDraft, DailyCheckBanner, DailyCheckForm, DailyCheckWarning, DoneToday,
};
use crate::screens::leave_sheet::LeaveSheet;
use crate::screens::photo_view::PhotoView;
use dioxus::prelude::*;
use fieldcrew_core::RecordError;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::daily_check::{
    CheckedItem, DailyCheck, DailyCheckError, ItemOutcome, check_day, new_check_id,
};
use fieldcrew_core::event::PhotoRef;
use fieldcrew_core::lifecycle::Status;
use fieldcrew_core::sla::to_local;
use fieldcrew_core::store::{MediaKind, OrderRow};
use fieldcrew_media::Stamp;

/// Today's (UTC+8) checks on this phone, oldest first.
pub(super) fn todays_checks(ctx: &AppContext) -> Vec<DailyCheck> {
    let Ok(store) = ctx.store.as_ref() else { return Vec::new() };
    store.borrow().daily_checks_on(check_day(SystemClock.now())).unwrap_or_default()
}

/// Today's last check on this phone, if any.
pub(super) fn todays_check(ctx: &AppContext) -> Option<DailyCheck> {
    todays_checks(ctx).pop()
}

fn hh_mm(check: &DailyCheck) -> String {
    to_local(check.evidence.device_time).format("%H:%M").to_string()
}

/// The list's banner: 今日未检查 until today's check is recorded.
pub(super) fn banner(ctx: &AppContext, mut ui: Ui) -> Element {
    let today = todays_checks(ctx);
    rsx! {
        DailyCheckBanner {
            done_at: today.last().map(hh_mm),
            // Every defect found today: a later check all 正常 does not
            // make the morning's brakes go away.
            defects: today.iter().map(|c| c.defects().count()).sum::<usize>(),
            on_open: move |_| {
                ui.message.set(None);
                ui.screen.set(Screen::DailyCheck);
            },
        }
    }
}

/// The order's warning before arrival when today's check is missing.
pub(super) fn warning(ctx: &AppContext, mut ui: Ui, row: &OrderRow) -> Element {
    let before_site = matches!(row.state.status(), Status::New | Status::Acknowledged | Status::EnRoute);
    if !before_site || row.removed.is_some() || todays_check(ctx).is_some() {
        return rsx! {};
    }
    rsx! {
        DailyCheckWarning {
            on_open: move |_| {
                ui.message.set(None);
                ui.screen.set(Screen::DailyCheck);
            },
        }
    }
}

/// The form, or today's record once it is done.
pub(super) fn screen(ctx: &AppContext, mut ui: Ui) -> Element {
    let lang = (ui.lang)();
    let mut after = move |recorded: bool| {
        ui.message.set(recorded.then(|| lang.daily_check().dc_saved.to_string()));
        ui.screen.set(Screen::Orders);
    };
    let ctx = ctx.clone();
    rsx! {
        DailyCheckScreen {
            on_done: move |recorded: bool| {
                // The list's banner and the sync bar read the store again.
                let _ = ui.with_store(&ctx, |_, _| ());
                after(recorded);
            },
        }
    }
}

#[component]
fn DailyCheckScreen(on_done: EventHandler<bool>) -> Element {
    let ctx = use_context::<AppContext>();
    let lang = use_lang();
    let check_id = use_signal(new_check_id);
    let mut answers = use_signal({
        let ctx = ctx.clone();
        move || {
            let items = ctx.store.as_ref().map(|s| s.borrow().daily_check_items()).unwrap_or_default();
            items
                .into_iter()
                .map(|item| AnswerDraft { item, outcome: None, note: String::new(), photos: Vec::new() })
                .collect::<Vec<_>>()
        }
    });
    // The photo refs behind each answer's thumbnails, by item code.
    let mut refs = use_signal(Vec::<(String, PhotoRef)>::new);
    let mut busy = use_signal(|| false);
    let mut submitting = use_signal(|| false);
    let mut message = use_signal(|| None::<String>);
    // ← 返回 with answers given asks first (see LeaveSheet).
    let mut leaving = use_signal(|| false);
    let member = match &ctx.store {
        Ok(store) => pair_flow::member(&ctx, &store.borrow()),
        Err(_) => ctx.member.clone(),
    };

    let (photo_ctx, delete_ctx, submit_ctx, back_ctx) = (ctx.clone(), ctx.clone(), ctx.clone(), ctx.clone());
    let submit_member = member.clone();
    rsx! {
        DailyCheckForm {
            answers: answers(),
            member,
            processing: busy(),
            submitting: submitting(),
            message: message(),
            done_today: {
                let today = todays_checks(&ctx);
                today.last().map(|last| DoneToday {
                    time: hh_mm(last),
                    checked_by: last.checked_by.clone(),
                    defects: today
                        .iter()
                        .flat_map(|c| c.defects())
                        .map(|d| (d.item.group, d.item.label(lang.tag()).to_string(), d.note.clone()))
                        .collect(),
                })
            },
            on_answer: move |(code, outcome): (String, ItemOutcome)| {
                message.set(None);
                if let Some(a) = answers.write().iter_mut().find(|a| a.item.code == code) {
                    a.outcome = Some(outcome);
                }
                // Photos show a defect; an item found ok again drops its own.
                if outcome == ItemOutcome::Ok {
                    let gone: Vec<PhotoRef> =
                        refs.peek().iter().filter(|(c, _)| *c == code).map(|(_, p)| p.clone()).collect();
                    for photo in gone {
                        discard(&delete_ctx, &mut answers, &mut refs, &photo.sha256);
                    }
                }
            },
            on_note: move |(code, text): (String, String)| {
                if let Some(a) = answers.write().iter_mut().find(|a| a.item.code == code) {
                    a.note = text;
                }
            },
            on_take_photo: move |code: String| {
                let ctx = photo_ctx.clone();
                spawn(async move {
                    match ctx.camera.take_photo().await {
                        Ok(original) => {
                            busy.set(true);
                            let added = add_photo(&ctx, lang, original).await;
                            busy.set(false);
                            match added {
                                Ok((photo, view)) => {
                                    if let Some(a) = answers.write().iter_mut().find(|a| a.item.code == code) {
                                        a.photos.push(view);
                                    }
                                    refs.write().push((code, photo));
                                }
                                Err(e) => message.set(Some(e)),
                            }
                        }
                        Err(CameraError::Cancelled) => {}
                        Err(CameraError::Failed(e)) => {
                            message.set(Some(lang.strings().labelled(lang.strings().photo_failed, &e)))
                        }
                    }
                });
            },
            on_delete_photo: {
                let ctx = ctx.clone();
                move |sha: String| discard(&ctx, &mut answers, &mut refs, &sha)
            },
            on_submit: move |_| {
                // The second tap of a double tap finds the first one saving.
                if *submitting.peek() {
                    return;
                }
                submitting.set(true);
                let Ok(store) = &submit_ctx.store else { return };
                let check = DailyCheck {
                    id: check_id(),
                    crew_code: pair_flow::crew(&submit_ctx).unwrap_or_default(),
                    checked_by: submit_member.clone(),
                    device_id: store.borrow().device_id(),
                    evidence: SystemClock.evidence(None, None),
                    items: answers
                        .peek()
                        .iter()
                        .filter_map(|a| {
                            Some(CheckedItem {
                                item: a.item.clone(),
                                outcome: a.outcome?,
                                note: a.note.trim().to_string(),
                                photos: refs
                                    .peek()
                                    .iter()
                                    .filter(|(c, _)| *c == a.item.code)
                                    .map(|(_, p)| p.clone())
                                    .collect(),
                            })
                        })
                        .collect(),
                };
                let recorded = store.borrow_mut().record_daily_check(&check);
                match recorded {
                    Ok(_) => on_done.call(true),
                    Err(e) => {
                        submitting.set(false);
                        message.set(Some(explain(lang, &answers.peek(), e)));
                    }
                }
            },
            on_back: {
                let back_ctx = back_ctx.clone();
                move |_| {
                    if has_input(&answers.peek(), &refs.peek()) {
                        leaving.set(true);
                    } else {
                        leave(&back_ctx, &mut answers, &mut refs, on_done);
                    }
                }
            },
        }
        if leaving() {
            LeaveSheet {
                drops_photos: !refs.read().is_empty(),
                on_stay: move |_| leaving.set(false),
                on_leave: move |_| leave(&back_ctx, &mut answers, &mut refs, on_done),
            }
        }
    }
}

/// Whether backing out would drop something the crew entered.
fn has_input(answers: &[AnswerDraft], refs: &[(String, PhotoRef)]) -> bool {
    !refs.is_empty() || answers.iter().any(|a| a.outcome.is_some() || !a.note.trim().is_empty())
}

/// Leaves the form without a check: photos of a check never submitted
/// never leave the phone.
fn leave(
    ctx: &AppContext,
    answers: &mut Signal<Vec<AnswerDraft>>,
    refs: &mut Signal<Vec<(String, PhotoRef)>>,
    on_done: EventHandler<bool>,
) {
    let shas: Vec<String> = refs.peek().iter().map(|(_, p)| p.sha256.clone()).collect();
    for sha in shas {
        discard(ctx, answers, refs, &sha);
    }
    on_done.call(false);
}

/// The error in the crew's words.
fn explain(lang: Lang, answers: &[AnswerDraft], e: RecordError) -> String {
    let s = lang.daily_check();
    match e {
        RecordError::DailyCheck(DailyCheckError::Unanswered(_))
        | RecordError::DailyCheck(DailyCheckError::NoItems) => s.dc_needs_all.to_string(),
        RecordError::DailyCheck(DailyCheckError::DefectWithoutNote(code)) => {
            let label = answers
                .iter()
                .find(|a| a.item.code == code)
                .map(|a| a.item.label(lang.tag()).to_string())
                .unwrap_or(code);
            s.dc_needs_note.format(&[("item", label.as_str().into())])
        }
        other => lang.strings().labelled(s.dc_failed, &other),
    }
}

/// Drops a draft photo from the form and the store (row and file).
fn discard(
    ctx: &AppContext,
    answers: &mut Signal<Vec<AnswerDraft>>,
    refs: &mut Signal<Vec<(String, PhotoRef)>>,
    sha: &str,
) {
    let gone: Vec<PhotoRef> =
        refs.peek().iter().filter(|(_, p)| p.sha256 == sha).map(|(_, p)| p.clone()).collect();
    refs.write().retain(|(_, p)| p.sha256 != sha);
    for a in answers.write().iter_mut() {
        a.photos.retain(|v| v.sha256 != sha);
    }
    if let Ok(store) = &ctx.store {
        for photo in gone {
            let _ = store.borrow_mut().discard_draft_media(photo.media);
        }
    }
}

/// Shrinks and stamps a camera photo on a worker thread and keeps it as a
/// photo on no order until the check names it.
async fn add_photo(ctx: &AppContext, lang: Lang, original: Vec<u8>) -> Result<(PhotoRef, PhotoView), String> {
    let strings = lang.strings();
    let store = ctx.store.as_ref().map_err(Clone::clone)?;
    let (taken_at, _) = store.borrow().corrected_now(&SystemClock);
    // The stamp names the check, not an order (ASCII, like order numbers).
    let stamp = Stamp {
        order_no: format!("CHECK-{}", check_day(taken_at).format("%Y%m%d")),
        taken_at,
        fix: None,
        crew: pair_flow::crew(ctx).unwrap_or_default(),
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("photo-ingest".into())
        .spawn(move || {
            let _ = reply.send(evidence::ingest(&original, &stamp, lang));
        })
        .map_err(|e| strings.labelled(strings.photo_failed, &e))?;
    let photo = answer.await.unwrap_or_else(|_| Err(strings.photo_internal_error.to_string()))?;
    let media = store
        .borrow_mut()
        .put_media(None, MediaKind::Photo, photo.mime, &photo.bytes)
        .map_err(|e| strings.labelled(strings.photo_failed, &e))?;
    let view = PhotoView::new(Some(media.id), media.sha256.clone(), &photo.bytes);
    Ok((PhotoRef { media: media.id, sha256: media.sha256 }, view))
}
