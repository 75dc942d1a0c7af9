//! The report as a CSV file for Excel: UTF-8 with a byte-order mark (Excel
//! reads BOM-less UTF-8 as the local code page and garbles Chinese), in
//! Chinese whatever the console's language, since it goes to the centre's
//! own records. A summary block first, then one row per order counted, so a
//! supervisor can filter the rows and find the summary's numbers again.

use super::csv_text::text_cell;
use super::follow_up_i18n::{area_group, area_group_with_minutes};
use super::i18n::Lang;
use super::layout::{local_time, local_time_or};
use super::report_query::{ReportQuery, load};
use super::reports::{callback_result, corrections, late_reasons};
use super::session::ConsoleSession;
use crate::report::{Report, Tally, percent};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub async fn download(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<ReportQuery>,
) -> Response {
    let Ok(range) = query.range() else {
        return (StatusCode::BAD_REQUEST, session.lang.follow_up().bad_date).into_response();
    };
    let report = match load(&state, range).await {
        Ok((report, _complaints)) => report,
        Err(e) => return e.into_response(),
    };
    match write(&report) {
        Ok(bytes) => csv_attachment(bytes, &format!("fieldcrew-report-{}.csv", range.label())),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// A CSV file to download: never cached (it holds customers' numbers), never
/// sniffed as anything else. `file_name` is ASCII.
pub fn csv_attachment(bytes: Vec<u8>, file_name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let disposition = format!("attachment; filename=\"{file_name}\"");
    headers
        .insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).expect("ASCII file name"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

type Sheet<'a> = csv::Writer<&'a mut Vec<u8>>;

/// The whole file, BOM first: four blocks of rows parted by an empty line.
pub fn write(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let mut out = BOM.to_vec();
    block(&mut out, |w| heading(w, report))?;
    out.extend_from_slice(b"\r\n");
    block(&mut out, |w| summary(w, report))?;
    out.extend_from_slice(b"\r\n");
    // The totals sit with the summary: the order rows stay the last block,
    // so a supervisor's filter over them runs to the end of the sheet.
    block(&mut out, |w| material_totals(w, report))?;
    out.extend_from_slice(b"\r\n");
    block(&mut out, |w| orders(w, report))?;
    Ok(out)
}

/// Rows differ in length between the blocks; CRLF like Excel's own files.
fn block(out: &mut Vec<u8>, rows: impl FnOnce(&mut Sheet) -> csv::Result<()>) -> csv::Result<()> {
    let mut writer =
        csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(out);
    rows(&mut writer)?;
    writer.flush()?;
    Ok(())
}

/// The range and the order counts.
fn heading(out: &mut Sheet, report: &Report) -> csv::Result<()> {
    let f = Lang::ZhCn.follow_up();
    let range = report.range;
    out.write_record([f.report_title, &range.from.to_string(), &range.to.to_string()])?;
    out.write_record([f.generated_at, &local_time(report.computed_at)])?;
    out.write_record([f.orders_counted, &report.lines.len().to_string()])?;
    out.write_record([f.cancelled_excluded, &report.cancelled.to_string()])?;
    out.write_record([f.escalations_heading, &report.escalated.to_string()])?;
    Ok(())
}

/// The rates: arrival by area class and crew, restoration, meter faults, call-backs.
fn summary(out: &mut Sheet, report: &Report) -> csv::Result<()> {
    let t = Lang::ZhCn.strings();
    let f = Lang::ZhCn.follow_up();
    out.write_record([f.col_measure, f.col_class, f.col_on_time, f.col_late, f.col_pending, f.col_rate])?;
    let mut tally = |measure: &str, class: &str, tally: &Tally| {
        let counts = [tally.on_time, tally.late, tally.pending].map(|n| n.to_string());
        out.write_record([measure, class, &counts[0], &counts[1], &counts[2], &percent(tally.rate())])
    };
    tally(f.arrival_heading, f.total, &report.arrival)?;
    for (group, counts) in &report.arrival_by_area {
        tally(f.arrival_heading, &area_group_with_minutes(t, f, *group, &report.limits), counts)?;
    }
    for (crew, counts) in &report.arrival_by_crew {
        tally(
            f.arrival_heading,
            // Starts with our own label, so a crew code inside can not start a formula.
            &format!("{} {}", f.by_crew, crew.as_deref().unwrap_or(t.unassigned)),
            counts,
        )?;
    }
    tally(Lang::ZhCn.live().notify_rate_heading, f.total, &report.notify)?;
    tally(f.restoration_heading, f.total, &report.restoration)?;
    tally(f.meter_heading, f.total, &report.meter_faults)?;
    let callbacks = &report.callbacks;
    out.write_record([
        f.col_measure,
        f.col_class,
        f.col_called_back,
        f.col_not_called_back,
        f.callback_pending,
        f.callback_heading,
    ])?;
    // Pending orders sit under the tallies' 未到期 column: not in the rate.
    out.write_record([
        f.callback_heading,
        f.callback_target,
        &callbacks.called_back.to_string(),
        &callbacks.missed.to_string(),
        &callbacks.pending.to_string(),
        &percent(callbacks.rate()),
    ])?;
    Ok(())
}

/// One row per order counted. Order numbers (typed on phones for field
/// orders), crew codes, late reasons and usernames go through `text_cell`.
fn orders(out: &mut Sheet, report: &Report) -> csv::Result<()> {
    let t = Lang::ZhCn.strings();
    let f = Lang::ZhCn.follow_up();
    let l = Lang::ZhCn.live();
    out.write_record([
        t.col_number,
        t.area,
        t.equipment,
        t.col_crew,
        t.col_reported,
        f.col_notified,
        f.col_arrived,
        f.col_restored,
        f.col_arrival_verdict,
        f.col_restoration_verdict,
        f.col_late_reason,
        f.col_escalated,
        f.col_callback,
        f.col_recorded_at,
        f.col_recorded_by,
        f.col_corrections,
        l.taken_by,
        l.col_first_notified,
        l.notify_verdict,
        l.col_assignments,
        l.closed_at,
        l.person_in_charge,
        l.col_follow_ups,
        super::close_out_section::ZH_CN.csv_materials,
    ])?;
    for line in &report.lines {
        let callback = line.callback.as_ref();
        out.write_record([
            &*text_cell(&line.number),
            area_group(t, line.area),
            t.equipment(line.equipment),
            &*text_cell(line.crew.as_deref().unwrap_or(t.unassigned)),
            &local_time(line.reported_at),
            &local_time_or(line.notified_at, ""),
            &local_time_or(line.arrived_at, ""),
            &local_time_or(line.restored_at, ""),
            f.verdict(line.arrival),
            f.verdict(line.restoration),
            &*text_cell(&late_reasons(t, f, line)),
            if line.escalated { t.yes } else { t.no },
            &callback_result(f, line),
            &local_time_or(callback.map(|c| c.recorded_at), ""),
            &*text_cell(callback.map_or("", |c| c.recorded_by.as_str())),
            &*text_cell(&corrections(t, line)),
            &*text_cell(line.taken_by.as_deref().unwrap_or("")),
            &local_time_or(line.first_notified_at, ""),
            f.verdict(line.notify),
            &*text_cell(&assignments(line)),
            &local_time_or(line.closed_at, ""),
            &*text_cell(line.person_in_charge.as_deref().unwrap_or("")),
            &line.follow_ups.to_string(),
            &*text_cell(&materials(line)),
        ])?;
    }
    Ok(())
}

/// `熔丝 2只; 接户线 15米`: the order's latest materials record in one cell.
fn materials(line: &crate::report::OrderLine) -> String {
    line.materials
        .iter()
        .map(|m| format!("{} {}{}", m.name, m.quantity, m.unit))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Each material used in the range, summed: what the store's slips should add up to.
fn material_totals(out: &mut Sheet, report: &Report) -> csv::Result<()> {
    let w = &super::close_out_section::ZH_CN;
    out.write_record([w.materials_totals])?;
    out.write_record([w.col_code, w.col_material, w.col_quantity, w.col_unit, w.col_orders])?;
    for m in &report.materials {
        out.write_record([
            &*text_cell(&m.code),
            &*text_cell(&m.name),
            &m.quantity.to_string(),
            &*text_cell(&m.unit),
            &m.orders.to_string(),
        ])?;
    }
    Ok(())
}

/// `CREW-1 2026-12-07 12:00:05 (wang); CREW-2 …`: every hand-over in one cell.
fn assignments(line: &crate::report::OrderLine) -> String {
    line.assignments
        .iter()
        .map(|a| match &a.by {
            Some(by) => format!("{} {} ({by})", a.crew_code, local_time(a.at)),
            None => format!("{} {}", a.crew_code, local_time(a.at)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
