//! Pairing the phone with a crew (code + PIN) for a device token.

use crate::client::{SyncClient, read_json};
use crate::error::SyncError;
use fieldcrew_core::store::{Pairing, Store};
use fieldcrew_protocol::auth::{PairRequest, PairResponse};

const PAIR_PATH: &str = "/v1/pair";

impl SyncClient {
    /// Pairs with the crew and stores the token. Pairing again (after a
    /// revoked token or with another crew) keeps every unsynced record.
    /// A 409 means the device id has a live token this phone can not show:
    /// a dispatcher must revoke the device first.
    pub async fn pair(
        &self,
        store: &mut Store,
        crew_code: &str,
        pin: &str,
        member_name: &str,
        device_label: &str,
    ) -> Result<PairResponse, SyncError> {
        let request = PairRequest {
            crew_code: crew_code.to_string(),
            pin: pin.to_string(),
            member_name: member_name.to_string(),
            device_id: store.device_id(),
            device_label: device_label.to_string(),
            // Lets the server tell this phone from another claiming its id.
            previous_token: store.pairing_proof()?,
        };
        let sent = self.exchange(store, self.http.post(self.url(PAIR_PATH)?).json(&request)).await;
        let response = match sent {
            Ok(response) => response,
            // Before pairing, 401/403 can only mean a wrong code or PIN.
            Err(SyncError::NeedsPairing) => {
                return Err(SyncError::PairingRefused(fieldcrew_protocol::error::ErrorBody {
                    error: "unauthorized".into(),
                    message: "crew code or PIN not accepted".into(),
                }));
            }
            Err(SyncError::Rejected { status: 403, body }) => return Err(SyncError::PairingRefused(body)),
            Err(e) => return Err(e),
        };
        let answer: PairResponse = read_json(response).await?;
        store.set_pairing(&Pairing {
            token: answer.token.clone(),
            expires_at: answer.expires_at,
            crew_code: answer.crew_code.clone(),
            crew_name: answer.crew_name.clone(),
        })?;
        Ok(answer)
    }
}
