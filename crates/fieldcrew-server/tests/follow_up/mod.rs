//! Orders with known report times whose steps a paired phone pushes through
//! the real API at chosen times, for the call-back and report tests.
#![allow(dead_code)]

use crate::common::{self, Device};
use crate::console_client::{Console, location};
use chrono::{DateTime, Duration, TimeZone, Utc};
use fieldcrew_domain::clock::{DeviceClock, FixedClock};
use fieldcrew_domain::event::{EventKind, Fix};
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_domain::sla::china_time;
use fieldcrew_domain::{FieldEvent, WorkOrder};
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;

/// A wall-clock time in China.
pub fn china(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    china_time().with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
}

/// Creates an order as dispatch would, reported at `reported_at`.
pub fn order(
    server: &TestServer,
    number: &str,
    area: AreaClass,
    equipment: EquipmentKind,
    reported_at: DateTime<Utc>,
    crew: &str,
) -> WorkOrder {
    let mut order = fieldcrew_domain::demo::demo_orders(reported_at).remove(0);
    order.id = fieldcrew_domain::OrderId::new();
    order.number = number.into();
    order.area = area;
    order.equipment = equipment;
    order.reported_at = reported_at;
    order.notified_at = Some(reported_at + Duration::minutes(2));
    order.assigned_crew = Some(crew.into());
    assert!(server.db().create_order(&order).unwrap());
    order
}

/// A phone of one crew pushing one order's steps, each at its own time.
pub struct Phone {
    pub device: Device,
    seq: i64,
    last: Option<FieldEvent>,
}

impl Phone {
    pub async fn of(server: &TestServer, crew: &str, pin: &str) -> Phone {
        Phone { device: common::pair(server, crew, pin).await, seq: 0, last: None }
    }

    /// Pushes `steps` for `order` in one batch; the phone's clock is right,
    /// so the server keeps its times.
    pub async fn push(&mut self, order: &WorkOrder, steps: &[(EventKind, DateTime<Utc>)]) {
        let mut items = Vec::new();
        let mut prev = self.last.as_ref().filter(|e| e.order_id == order.id).map(|e| e.hash.clone());
        for (kind, at) in steps {
            let clock = FixedClock { now: *at, since_boot_ms: 60_000, boot_id: "boot-1".into() };
            let fix = order.site.map(|s| Fix { lat: s.lat, lon: s.lon, accuracy_m: 10.0, mock: false });
            let event = FieldEvent::seal(
                order.id,
                kind.clone(),
                clock.evidence(fix, None),
                "李师傅".into(),
                self.device.id,
                prev,
            );
            self.seq += 1;
            items.push(common::item(self.seq, &event));
            prev = Some(event.hash.clone());
            self.last = Some(event);
        }
        self.device.push(items).await;
    }

    /// Arrived `arrive_min` after the report and, if given, restored after `restore_min`.
    pub async fn arrive_and_restore(&mut self, order: &WorkOrder, arrive_min: i64, restore_min: Option<i64>) {
        let mut steps = vec![(EventKind::Arrived, order.reported_at + Duration::minutes(arrive_min))];
        if let Some(m) = restore_min {
            steps.push((EventKind::Restored, order.reported_at + Duration::minutes(m)));
        }
        self.push(order, &steps).await;
    }
}

/// The report CSV's rows, after its byte-order mark; rows differ in length.
pub fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..])
        .records()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Records a call-back through the console form; answers the redirect target.
pub async fn record_callback(console: &Console, order: &WorkOrder, fields: &[(&str, &str)]) -> String {
    let csrf = console.csrf().await;
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let response = console.post(&format!("/console/orders/{}/callbacks", order.id), &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    location(&response)
}
