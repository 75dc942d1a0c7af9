//! A paired device and a signed-in dispatcher against a real test server.
#![allow(dead_code)]

use chrono::Utc;
use fieldcrew_domain::clock::{DeviceClock, FixedClock};
use fieldcrew_domain::event::{EventKind, Fix};
use fieldcrew_domain::{DeviceId, FieldEvent, OrderId};
use fieldcrew_protocol::auth::{PairRequest, PairResponse};
use fieldcrew_protocol::clock::BootEpoch;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_protocol::push::{PushBatch, PushBody, PushItem, PushResponse};
use fieldcrew_server::test_support::TestServer;
use reqwest::{Client, Response};

pub struct Device {
    pub id: DeviceId,
    pub token: String,
    pub http: Client,
    pub base: String,
}

pub async fn pair(server: &TestServer, crew: &str, pin: &str) -> Device {
    pair_as(server, crew, pin, DeviceId::new(), None).await.expect("pairing accepted")
}

/// Pairs under a chosen device id, showing `previous_token` if given;
/// `Err` has the status and the error body.
pub async fn pair_as(
    server: &TestServer,
    crew: &str,
    pin: &str,
    id: DeviceId,
    previous_token: Option<&str>,
) -> Result<Device, (u16, ErrorBody)> {
    let http = Client::new();
    let request = PairRequest {
        crew_code: crew.into(),
        pin: pin.into(),
        member_name: "李师傅".into(),
        device_id: id,
        device_label: "测试手机".into(),
        previous_token: previous_token.map(str::to_string),
    };
    let response = http.post(format!("{}/v1/pair", server.base_url)).json(&request).send().await.unwrap();
    if response.status() != 200 {
        return Err((response.status().as_u16(), response.json().await.unwrap()));
    }
    let paired: PairResponse = response.json().await.unwrap();
    Ok(Device { id, token: paired.token, http, base: server.base_url.clone() })
}

pub async fn dispatcher_token(server: &TestServer) -> String {
    let body = serde_json::json!({ "username": server.dispatcher.0, "password": server.dispatcher.1 });
    let response = Client::new()
        .post(format!("{}/v1/dispatcher/login", server.base_url))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

impl Device {
    pub async fn get(&self, path: &str) -> Response {
        self.http.get(format!("{}{path}", self.base)).bearer_auth(&self.token).send().await.unwrap()
    }

    pub async fn push(&self, items: Vec<PushItem>) -> PushResponse {
        self.push_with_epochs(vec![], items).await
    }

    /// A push carrying the phone's clock estimates for its boots.
    pub async fn push_with_epochs(&self, boot_epochs: Vec<BootEpoch>, items: Vec<PushItem>) -> PushResponse {
        let batch = PushBatch { device_id: self.id, boot_epochs, items };
        let response = self
            .http
            .post(format!("{}/v1/push", self.base))
            .bearer_auth(&self.token)
            .json(&batch)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// A sealed event of this device for `order`, chained after `prev`.
    pub fn event(&self, order: OrderId, kind: EventKind, prev: Option<&FieldEvent>) -> FieldEvent {
        let clock = FixedClock { now: Utc::now(), since_boot_ms: 60_000, boot_id: "boot-1".into() };
        let fix = Fix { lat: 30.5928, lon: 114.3055, accuracy_m: 10.0, mock: false };
        FieldEvent::seal(
            order,
            kind,
            clock.evidence(Some(fix), None),
            "李师傅".into(),
            self.id,
            prev.map(|p| p.hash.clone()),
        )
    }
}

pub fn item(device_seq: i64, event: &FieldEvent) -> PushItem {
    PushItem { device_seq, body: PushBody::Event { event: event.clone() } }
}
