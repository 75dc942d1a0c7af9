//! Shift handovers on the board's needs-action strip: a crew's latest
//! handover still not acknowledged `handover_ack_minutes` after it was
//! signed (30 by default) means nobody has taken over the open problems.
//! Keyed `handover:<id>`, so the board's script highlights and sounds it.

use super::i18n::Lang;
use super::layout::local_time;
use crate::db::handovers::HandoverEntry;
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{Duration, Utc};
use maud::{Markup, html};

pub async fn load(state: &AppState) -> Result<Vec<HandoverEntry>, ApiError> {
    let before = Utc::now() - Duration::minutes(state.settings.handover_ack_minutes);
    state.db(move |db| db.unacknowledged_handovers(before)).await
}

/// The strip's rows for them, in the strip's five columns.
pub fn rows(lang: Lang, handovers: &[HandoverEntry]) -> Markup {
    let h = lang.handover();
    let now = Utc::now();
    html! {
        @for e in handovers {
            tr data-need={ "handover:" (e.id) } data-kind="handover" {
                td.need-kind { (h.hol_strip_unacknowledged) }
                td { a href={ "/console/handovers?crew=" (e.crew_code) "#handover-" (e.id) } { (h.hol_nav) } }
                td { (h.hol_handed_over_by) " " (e.written_by) " · " (local_time(e.written_at))
                     div.muted { (e.problems.len() + e.carried.len()) " · " (e.summary) } }
                td { (e.crew_code) }
                td.overdue { (h.age(now - e.written_at)) }
            }
        }
    }
}
