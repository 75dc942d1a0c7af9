//! Intake: the call taken down as a new order, through the same creation
//! path as the JSON API. A call about an order already open for the same
//! phone or address is offered as a repeat report first.

use super::follow_ups;
use super::i18n::Strings;
use super::intake_routine;
use super::layout;
use super::outages;
use super::session::{CheckedForm, ConsoleSession};
use crate::db::{Crew, OrderFilter, OrderSummary};
use crate::error::ApiError;
use crate::handlers::dispatch::{NewOrder, create_new_order};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use fieldcrew_domain::WorkOrder;
use fieldcrew_domain::order::{Address, AreaClass, Coordinates, EquipmentKind, Priority};
use fieldcrew_domain::sla::china_time;
use maud::{Markup, html};
use serde::Deserialize;

/// How far back an open order counts as the same fault being reported again.
const REPEAT_WINDOW_HOURS: i64 = 24;

const EQUIPMENT: [EquipmentKind; 5] = [
    EquipmentKind::Line,
    EquipmentKind::DistributionTransformer,
    EquipmentKind::Switch,
    EquipmentKind::Meter,
    EquipmentKind::CustomerOwned,
];

/// The form as posted: all text, so a bad value comes back with the
/// dispatcher's input intact instead of a bare rejection.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct IntakeForm {
    reporter_name: String,
    reporter_phone: String,
    village_or_street: String,
    house_number: String,
    fault_description: String,
    equipment: String,
    area: String,
    /// `datetime-local`, read as UTC+8.
    appointment_at: String,
    lat: String,
    lon: String,
    safety_reminder: Option<String>,
    crew_code: String,
    /// Set by "create anyway" after a repeat report was offered.
    confirm_new: Option<String>,
    /// Set once a matching planned outage was shown: the order is wanted
    /// anyway, but a repeat report is still offered.
    confirm_outage: Option<String>,
    /// `normal`, `high` or `emergency`; an accident makes it `emergency`.
    priority: String,
    /// `none`, `personal_injury` or `equipment`.
    accident: String,
}

pub async fn form(session: ConsoleSession, State(state): State<AppState>) -> Response {
    let form = IntakeForm { area: "rural".into(), equipment: "line".into(), ..Default::default() };
    render(&session, &state, &form, Notice::None, StatusCode::OK).await
}

pub async fn submit(
    State(state): State<AppState>,
    CheckedForm { session, form }: CheckedForm<IntakeForm>,
) -> Response {
    let t = session.lang.strings();
    let Some((priority, accident)) = intake_routine::priority(&form.priority, &form.accident) else {
        let message = session.lang.routine().priority.to_string();
        return render(&session, &state, &form, Notice::Error(message), StatusCode::BAD_REQUEST).await;
    };
    let mut new = match to_new_order(&form, t) {
        Ok(new) => new,
        Err(message) => {
            return render(&session, &state, &form, Notice::Error(message.into()), StatusCode::BAD_REQUEST)
                .await;
        }
    };
    new.priority = priority;
    if form.confirm_new.is_none() {
        // A caller inside a planned outage is answered from its notice.
        let address = format!("{}{}", new.address.village_or_street, new.address.house_number);
        match intake_routine::outage_matches(&state, address).await {
            Ok(found) if !found.is_empty() && form.confirm_outage.is_none() => {
                let shown = IntakeForm { confirm_outage: Some("1".into()), ..form.clone() };
                return render(&session, &state, &shown, Notice::Outages(found), StatusCode::CONFLICT).await;
            }
            Ok(_) => {}
            Err(e) => return e.into_response(),
        }
        let open = match state.db(|db| db.list_orders(&OrderFilter::default())).await {
            Ok(open) => open,
            Err(e) => return e.into_response(),
        };
        let repeats: Vec<WorkOrder> = find_repeats(&open, &form.reporter_phone, &new.address, Utc::now())
            .into_iter()
            .cloned()
            .collect();
        if !repeats.is_empty() {
            return render(&session, &state, &form, Notice::Repeats(repeats), StatusCode::CONFLICT).await;
        }
    }
    match create_new_order(&state, new).await {
        Ok(order) => {
            let (id, by) = (order.id, session.username.clone());
            if let Err(e) = state.db(move |db| db.set_taken_by(id, &by)).await {
                return e.into_response();
            }
            if let Some(accident) = accident
                && let Err(e) = super::safety_notice::record(&state, id, accident, &session.username).await
            {
                return e.into_response();
            }
            Redirect::to(&format!("/console/orders/{id}")).into_response()
        }
        Err(ApiError::BadRequest(message)) => {
            render(&session, &state, &form, Notice::Error(message), StatusCode::BAD_REQUEST).await
        }
        Err(e) => e.into_response(),
    }
}

fn parse_enum<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).ok()
}

fn enum_value<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn to_new_order(form: &IntakeForm, t: &Strings) -> Result<NewOrder, &'static str> {
    // DOMAIN.md "Intake": the dispatcher reminds the caller about safety.
    if form.safety_reminder.is_none() {
        return Err(t.safety_reminder_required);
    }
    let area = match form.area.as_str() {
        "appointment" => {
            let local = NaiveDateTime::parse_from_str(form.appointment_at.trim(), "%Y-%m-%dT%H:%M")
                .map_err(|_| t.appointment_needs_time)?;
            let at = china_time().from_local_datetime(&local).single().ok_or(t.appointment_needs_time)?;
            AreaClass::Appointment(at.with_timezone(&Utc))
        }
        // AreaClass is an adjacently tagged enum, so its plain names are matched here.
        "urban" => AreaClass::Urban,
        "rural" => AreaClass::Rural,
        "remote" => AreaClass::Remote,
        _ => return Err(t.area),
    };
    let site = match (form.lat.trim(), form.lon.trim()) {
        ("", "") => None,
        (lat, lon) => Some(Coordinates {
            lat: lat.parse().map_err(|_| t.bad_coordinates)?,
            lon: lon.parse().map_err(|_| t.bad_coordinates)?,
        }),
    };
    Ok(NewOrder {
        reporter_name: form.reporter_name.trim().to_string(),
        reporter_phone: form.reporter_phone.trim().to_string(),
        address: Address {
            village_or_street: form.village_or_street.trim().to_string(),
            house_number: form.house_number.trim().to_string(),
        },
        fault_description: form.fault_description.trim().to_string(),
        equipment: parse_enum(&form.equipment).ok_or(t.equipment)?,
        area,
        reported_at: None,
        site,
        crew_code: Some(form.crew_code.trim().to_string()).filter(|c| !c.is_empty()),
        priority: Priority::Normal,
    })
}

/// Digits only, so "138 0000 0000" and "13800000000" are the same phone.
fn phone_key(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

fn address_key(address: &Address) -> String {
    format!("{}|{}", address.village_or_street, address.house_number)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Open orders reported in the last 24 h with the same phone or address.
pub fn find_repeats<'a>(
    open: &'a [OrderSummary],
    phone: &str,
    address: &Address,
    now: DateTime<Utc>,
) -> Vec<&'a WorkOrder> {
    let phone = phone_key(phone);
    let address = address_key(address);
    let since = now - Duration::hours(REPEAT_WINDOW_HOURS);
    open.iter()
        .filter(|o| o.cancelled_at.is_none() && o.state.closed_at.is_none() && o.order.reported_at >= since)
        .map(|o| &o.order)
        .filter(|o| {
            (!phone.is_empty() && phone_key(&o.reporter_phone) == phone) || address_key(&o.address) == address
        })
        .collect()
}

enum Notice {
    None,
    Error(String),
    Repeats(Vec<WorkOrder>),
    Outages(Vec<crate::db::PlannedOutage>),
}

async fn render(
    session: &ConsoleSession,
    state: &AppState,
    form: &IntakeForm,
    notice: Notice,
    status: StatusCode,
) -> Response {
    let crews = match state.db(|db| db.crews()).await {
        Ok(crews) => crews,
        Err(e) => return e.into_response(),
    };
    let t = session.lang.strings();
    let repeat = matches!(notice, Notice::Repeats(_));
    let body = html! {
        h1 { (t.intake_heading) }
        (intake_routine::choice_bar(session))
        @match &notice {
            Notice::None => {}
            Notice::Error(message) => { p.message { (message) } }
            Notice::Outages(found) => {
                (outages::intake_notice(session, found, &form.reporter_name, &form.reporter_phone,
                    &format!("{}{}", form.village_or_street, form.house_number)))
            }
            Notice::Repeats(orders) => {
                div.notice #repeat-report {
                    strong { (t.repeat_heading) } " " (t.repeat_explain)
                    ul { @for order in orders {
                        li { a href={ "/console/orders/" (order.id) } { (order.number) } " · " (order.address) " · "
                            (order.reporter_phone) " · " (layout::local_time(order.reported_at)) " "
                            (follow_ups::attach_form(session, order, &form.reporter_name, &form.reporter_phone, &form.fault_description)) }
                    } }
                }
            }
        }
        (fields(session, form, &crews, repeat))
    };
    layout::page_with_status(session.lang, Some(session), t.intake_heading, status, body)
}

fn fields(session: &ConsoleSession, form: &IntakeForm, crews: &[Crew], repeat: bool) -> Markup {
    let t = session.lang.strings();
    let areas = [
        ("urban", t.words.area_urban),
        ("rural", t.words.area_rural),
        ("remote", t.words.area_remote),
        ("appointment", t.words.area_appointment),
    ];
    html! {
        form.card #intake method="post" action="/console/intake" {
            input type="hidden" name="csrf" value=(session.csrf);
            @if repeat { input type="hidden" name="confirm_new" value="1"; }
            div.row {
                div { label for="reporter_name" { (t.reporter_name) }
                    input #reporter_name type="text" name="reporter_name" value=(form.reporter_name) required; }
                div { label for="reporter_phone" { (t.reporter_phone) }
                    input #reporter_phone type="tel" name="reporter_phone" value=(form.reporter_phone) required; }
            }
            div.row {
                div { label for="village_or_street" { (t.village_or_street) }
                    input #village_or_street type="text" name="village_or_street" value=(form.village_or_street) required; }
                div { label for="house_number" { (t.house_number) }
                    input #house_number type="text" name="house_number" value=(form.house_number); }
            }
            label for="fault_description" { (t.fault_description) }
            textarea #fault_description name="fault_description" rows="3" required { (form.fault_description) }
            div.row {
                div { label for="equipment" { (t.equipment) }
                    select #equipment name="equipment" {
                        @for kind in EQUIPMENT {
                            @let value = enum_value(kind);
                            option value=(value) selected[form.equipment == value] { (t.equipment(kind)) }
                        }
                    } }
                div { label for="area" { (t.area) }
                    select #area name="area" {
                        @for (value, label) in areas {
                            option value=(value) selected[form.area == value] { (label) }
                        }
                    } }
                div { label for="appointment_at" { (t.appointment_at) }
                    input #appointment_at type="datetime-local" name="appointment_at" value=(form.appointment_at); }
            }
            label { (t.coordinates) }
            div.row {
                div { input type="text" name="lat" inputmode="decimal" placeholder=(t.latitude) aria-label=(t.latitude) value=(form.lat); }
                div { input type="text" name="lon" inputmode="decimal" placeholder=(t.longitude) aria-label=(t.longitude) value=(form.lon); }
            }
            label for="crew_code" { (t.crew) }
            select #crew_code name="crew_code" {
                option value="" { (t.unassigned) }
                @for crew in crews {
                    option value=(crew.code) selected[form.crew_code == crew.code] { (crew.code) " " (crew.name) }
                }
            }
            (intake_routine::fields(session, &form.priority, &form.accident, form.confirm_outage.is_some()))
            label.check {
                input type="checkbox" name="safety_reminder" value="1" checked[form.safety_reminder.is_some()];
                " " (t.safety_reminder)
            }
            div.actions {
                button.primary type="submit" { @if repeat { (t.create_anyway) } @else { (t.create_order) } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::OrderSummary;
    use fieldcrew_domain::lifecycle::OrderState;
    use fieldcrew_domain::order::OrderSource;

    fn open_order(
        phone: &str,
        village: &str,
        house: &str,
        hours_ago: i64,
        now: DateTime<Utc>,
    ) -> OrderSummary {
        let order = WorkOrder {
            id: fieldcrew_domain::OrderId::new(),
            number: format!("T-{phone}-{hours_ago}"),
            source: OrderSource::Dispatch,
            reporter_name: "王".into(),
            reporter_phone: phone.into(),
            address: Address { village_or_street: village.into(), house_number: house.into() },
            fault_description: "停电".into(),
            equipment: EquipmentKind::Line,
            area: AreaClass::Rural,
            reported_at: now - Duration::hours(hours_ago),
            notified_at: None,
            site: None,
            assigned_crew: None,
            priority: Priority::Normal,
        };
        OrderSummary { order, cancelled_at: None, state: OrderState::default() }
    }

    #[test]
    fn the_same_phone_or_address_within_a_day_is_a_repeat() {
        let now = Utc::now();
        let open = [
            open_order("138 0000 0001", "东湖村二组", "17号", 2, now),
            open_order("13900000002", "西湖村", "3号", 1, now),
            open_order("13700000003", "南山村", "5号", 30, now),
        ];
        let other = Address { village_or_street: "北村".into(), house_number: "1号".into() };
        let by_phone = find_repeats(&open, "13800000001", &other, now);
        assert_eq!(by_phone.len(), 1);
        assert_eq!(by_phone[0].reporter_phone, "138 0000 0001");
        let same_house = Address { village_or_street: "西湖村 ".into(), house_number: "3号".into() };
        assert_eq!(find_repeats(&open, "", &same_house, now).len(), 1);
        // 30 hours old: outside the window.
        let old = Address { village_or_street: "南山村".into(), house_number: "5号".into() };
        assert!(find_repeats(&open, "13700000003", &old, now).is_empty());
        assert!(find_repeats(&open, "", &other, now).is_empty());
    }
}
