//! Each crew's daily check of tools, materials and vehicle for today (UTC+8)
//! on the crews page: done at what time and by whom, or not done; every
//! defect found that day with its note and photo links. The board names the crews not checked.

use super::i18n::Lang;
use super::layout::local_hm;
use crate::error::ApiError;
use crate::handlers::daily_checks::{DailyChecksDay, day_report};
use crate::state::AppState;
use chrono::Utc;
use fieldcrew_domain::daily_check::check_day;
use maud::{Markup, html};

/// Today's checks of every crew.
pub async fn load_today(state: &AppState) -> Result<DailyChecksDay, ApiError> {
    day_report(state, check_day(Utc::now())).await
}

/// The crews page's section.
pub fn section(lang: Lang, day: &DailyChecksDay) -> Markup {
    let d = lang.daily_check();
    let tag = lang.tag();
    html! {
        section.daily-checks data-testid="daily-checks" {
            h2 { (d.dc_heading_day.format(&[("day", day.date.to_string().as_str().into())])) }
            table.daily-checks {
                thead { tr { th { (d.dc_col_crew) } th { (d.dc_col_state) } th { (d.dc_col_by) } th { (d.dc_col_defects) } } }
                tbody {
                    @for crew in &day.crews {
                        @let last = crew.checks.last();
                        tr data-testid={ "daily-check-" (crew.crew_code) } class=[last.is_none().then_some("not-checked")] {
                            td { (crew.crew_code) " " (crew.crew_name) }
                            @match last {
                                None => {
                                    td.at-risk { (d.dc_not_done) }
                                    td {} td {}
                                }
                                Some(stored) => {
                                    td.on-time { (d.done_at(&local_hm(stored.checked_at))) }
                                    td { (stored.check.checked_by) }
                                    td {
                                        // Every defect of the day, not only the latest check's: a
                                        // second check all 正常 must not hide the first one's
                                        // brakes. With several checks each says when it was found.
                                        @let several = crew.checks.len() > 1;
                                        @let defects: Vec<_> = crew.checks.iter()
                                            .flat_map(|c| c.check.defects().map(move |d| (c.checked_at, d)))
                                            .collect();
                                        @if defects.is_empty() { span.muted { (d.dc_none) } }
                                        @for (found_at, defect) in defects {
                                            div.defect data-code=(defect.item.code) {
                                                @if several { span.muted { (local_hm(found_at)) " " } }
                                                span.chip.warn { (lang.strings().words.check_group(defect.item.group)) " · " (defect.item.label(tag)) }
                                                " " (defect.note)
                                                @for photo in &defect.photos {
                                                    " " a href={ "/console/media/" (photo.media) } { (d.dc_photo) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// On the board: the crews with no check today, or nothing when all did.
/// Always the same container, which the board's live refresh replaces.
pub fn unchecked_line(lang: Lang, day: &DailyChecksDay) -> Markup {
    let d = lang.daily_check();
    let missing: Vec<_> = day.crews.iter().filter(|c| c.checks.is_empty()).collect();
    html! {
        div #unchecked-crews {
            @if !missing.is_empty() {
                p.notice data-testid="unchecked-crews" {
                    a href="/console/crews" { (d.dc_needs) } ": "
                    @for (i, crew) in missing.iter().enumerate() {
                        @if i > 0 { "、" }
                        span.chip.warn data-crew=(crew.crew_code) { (crew.crew_code) " " (crew.crew_name) }
                    }
                }
            }
        }
    }
}
