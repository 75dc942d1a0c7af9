//! Who signed in on this phone and with which server. Kept after signing
//! out, unlike the token, so the pairing screen offers them again and events
//! recorded meanwhile still carry the member's name.

use super::sync_state::{get, set};
use super::{Store, StoreError};

const SERVER_URL: &str = "server_url";
const SIGNED_IN_CREW: &str = "signed_in_crew";
const MEMBER_NAME: &str = "member_name";

/// The server, crew and member name of the last successful pairing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignIn {
    pub server: String,
    pub crew_code: String,
    pub member_name: String,
}

impl Store {
    /// The last sign-in, if the phone was ever paired through the app.
    pub fn sign_in(&self) -> Result<Option<SignIn>, StoreError> {
        let (Some(server), Some(crew_code), Some(member_name)) =
            (get(&self.conn, SERVER_URL)?, get(&self.conn, SIGNED_IN_CREW)?, get(&self.conn, MEMBER_NAME)?)
        else {
            return Ok(None);
        };
        Ok(Some(SignIn { server, crew_code, member_name }))
    }

    pub fn set_sign_in(&mut self, sign_in: &SignIn) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        set(&tx, SERVER_URL, &sign_in.server)?;
        set(&tx, SIGNED_IN_CREW, &sign_in.crew_code)?;
        set(&tx, MEMBER_NAME, &sign_in.member_name)?;
        tx.commit()?;
        Ok(())
    }
}
