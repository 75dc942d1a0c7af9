//! A phone as the dispatcher thinks of it: one row per device id, folded
//! from its tokens (a phone paired again gets a new token each time).

use crate::db::{Principal, TokenRecord};
use chrono::{DateTime, Utc};
use fieldcrew_domain::DeviceId;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeviceState {
    /// At least one of its tokens still works.
    Live,
    Revoked(DateTime<Utc>),
    Expired,
}

/// What the latest pairing of a device says, and whether it still works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairedDevice {
    pub device_id: DeviceId,
    pub crew_code: String,
    pub member_name: String,
    pub device_label: String,
    pub paired_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub state: DeviceState,
    pub last_push: Option<DateTime<Utc>>,
}

/// Folds device tokens into devices, most recently paired first. A device
/// is listed under the crew of its latest pairing.
pub fn paired_devices(
    tokens: Vec<TokenRecord>,
    last_pushes: &[(DeviceId, DateTime<Utc>)],
    now: DateTime<Utc>,
) -> Vec<PairedDevice> {
    let mut by_id: HashMap<DeviceId, PairedDevice> = HashMap::new();
    for token in tokens {
        let Principal::Device { crew_code, device_id, member_name, device_label } = token.principal else {
            continue;
        };
        let live = token.revoked_at.is_none() && token.expires_at > now;
        let state = match token.revoked_at {
            _ if live => DeviceState::Live,
            Some(at) => DeviceState::Revoked(at),
            None => DeviceState::Expired,
        };
        let latest = PairedDevice {
            device_id,
            crew_code,
            member_name,
            device_label,
            paired_at: token.created_at,
            expires_at: token.expires_at,
            state,
            last_push: last_pushes.iter().find(|(id, _)| *id == device_id).map(|(_, at)| *at),
        };
        by_id
            .entry(device_id)
            .and_modify(|known| {
                let any_live = known.state == DeviceState::Live || latest.state == DeviceState::Live;
                if latest.paired_at >= known.paired_at {
                    *known = latest.clone();
                }
                if any_live {
                    known.state = DeviceState::Live;
                }
            })
            .or_insert(latest);
    }
    let mut devices: Vec<_> = by_id.into_values().collect();
    devices.sort_by_key(|d| std::cmp::Reverse(d.paired_at));
    devices
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn token(
        device: DeviceId,
        crew: &str,
        paired: DateTime<Utc>,
        revoked: Option<DateTime<Utc>>,
    ) -> TokenRecord {
        TokenRecord {
            token_hash: format!("{device}{paired}"),
            principal: Principal::Device {
                crew_code: crew.into(),
                device_id: device,
                member_name: "李师傅".into(),
                device_label: "手机".into(),
            },
            created_at: paired,
            expires_at: paired + Duration::days(90),
            revoked_at: revoked,
        }
    }

    #[test]
    fn a_phone_paired_twice_is_one_device_under_its_latest_crew_and_live_while_any_token_is() {
        let now = Utc::now();
        let phone = DeviceId::new();
        let tokens =
            vec![token(phone, "CREW-1", now - Duration::days(2), None), token(phone, "CREW-2", now, None)];
        let devices = paired_devices(tokens, &[(phone, now)], now);
        assert_eq!(devices.len(), 1);
        assert_eq!(devices[0].crew_code, "CREW-2");
        assert_eq!(devices[0].state, DeviceState::Live);
        assert_eq!(devices[0].last_push, Some(now));
    }

    #[test]
    fn revoked_and_expired_devices_say_so() {
        let now = Utc::now();
        let (revoked, expired) = (DeviceId::new(), DeviceId::new());
        let tokens = vec![
            token(revoked, "CREW-1", now - Duration::hours(1), Some(now)),
            token(expired, "CREW-1", now - Duration::days(100), None),
        ];
        let devices = paired_devices(tokens, &[], now);
        let state = |id| devices.iter().find(|d| d.device_id == id).map(|d| d.state.clone());
        assert_eq!(state(revoked), Some(DeviceState::Revoked(now)));
        assert_eq!(state(expired), Some(DeviceState::Expired));
    }
}
