//! Orders down: the changes since a cursor, a page at a time.

use fieldcrew_domain::close_out::CloseOutSettings;
use fieldcrew_domain::daily_check::DailyCheckItem;
use fieldcrew_domain::handover::CrewHandover;
use fieldcrew_domain::{OrderId, StationContact, Thresholds, WorkOrder};
use serde::{Deserialize, Serialize};

/// Path: `GET /v1/changes?since=<cursor>&limit=<n>&station=<fingerprint>&outages=<fingerprint>&wait=<s>`.
pub const PATH: &str = "/v1/changes";
/// Longest a long-poll is held (`wait`, seconds); larger values are cut to
/// this. Under a minute so that NATs and carrier proxies, which drop idle
/// TCP flows after a few minutes, leave the held request alone.
pub const MAX_WAIT_SECS: u64 = 60;
pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

/// Why an order left this crew's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    Cancelled,
    Reassigned,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
// Pages are short lists sent once; boxing the order would only add noise.
#[allow(clippy::large_enum_variant)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum OrderChange {
    /// New or updated intake fields of an order assigned to this crew.
    Upsert {
        #[schema(value_type = Object)]
        order: WorkOrder,
    },
    /// The order is no longer this crew's.
    Removed {
        #[schema(value_type = String, format = Uuid)]
        order_id: OrderId,
        reason: RemovalReason,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PullPage {
    pub changes: Vec<OrderChange>,
    /// Pass as `since` next time; store it with the page in one transaction.
    pub cursor: i64,
    pub has_more: bool,
    /// The station's settings, sent when the `station` fingerprint the phone
    /// passed differs from the server's (so an idle pull stays small).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationSettings>,
    /// The crew's shift handover state (latest handover, open problems),
    /// sent when the `handover` fingerprint the phone passed differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub handover: Option<CrewHandover>,
    /// Every planned outage touching the crew's area that is not over (or
    /// ended within a day), sent when the `outages` fingerprint the phone
    /// passed differs; the phone replaces its list with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outages: Option<Vec<crate::outages::CrewOutage>>,
}

/// What the phone must judge by the same figures as the server, and the
/// station's contact the crew leaves with the customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StationSettings {
    #[schema(value_type = Object)]
    pub thresholds: Thresholds,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub contact: StationContact,
    /// What the crew checks once a day (每日出车前检查); a server that sends
    /// none leaves the phone the standard list.
    #[serde(default = "fieldcrew_domain::daily_check::default_items")]
    #[schema(value_type = Vec<Object>)]
    pub daily_check: Vec<DailyCheckItem>,
    /// The materials list and whether 结单 waits for a completion photo.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub close_out: CloseOutSettings,
}

impl StationSettings {
    /// A short digest: the phone sends it with each pull and the server
    /// answers its settings only when they differ.
    pub fn fingerprint(&self) -> String {
        let json = serde_json::to_vec(self).expect("station settings always serialise");
        fieldcrew_domain::hash::sha256_hex(&json)[..16].to_string()
    }
}
