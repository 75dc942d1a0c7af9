//! Pairing a phone with a crew, and dispatcher sign-in.

use chrono::{DateTime, Utc};
use fieldcrew_domain::DeviceId;
use serde::{Deserialize, Serialize};

/// A crew member pairs the phone with the crew's code and PIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PairRequest {
    pub crew_code: String,
    pub pin: String,
    pub member_name: String,
    #[schema(value_type = String, format = Uuid)]
    pub device_id: DeviceId,
    /// A label the dispatcher recognises, e.g. the phone model.
    pub device_label: String,
    /// The token this phone held last (current, expired, or kept at
    /// sign-out): proves the device id is this phone's when it pairs again
    /// while the id has a live token. Absent on a first pairing and from
    /// older apps; the server ignores it there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_token: Option<String>,
}

/// The device token: sent as `Authorization: Bearer <token>` from now on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PairResponse {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub crew_code: String,
    pub crew_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DispatcherLogin {
    pub username: String,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DispatcherToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}
