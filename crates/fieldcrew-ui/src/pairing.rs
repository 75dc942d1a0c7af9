//! Pairing as the UI sees it: what the crew typed, and how the server
//! answered. The background sync thread does the network part, so the
//! screen never waits on a socket.

/// What the pairing screen sends to the sync thread.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairAttempt {
    pub server: String,
    pub crew_code: String,
    pub pin: String,
    pub member_name: String,
}

impl PairAttempt {
    /// Gloves and phone keyboards add stray spaces and type lower case;
    /// crew codes are written in capitals ("CREW-1").
    pub fn trimmed(&self) -> Self {
        Self {
            server: self.server.trim().to_string(),
            crew_code: self.crew_code.trim().to_ascii_uppercase(),
            pin: self.pin.trim().to_string(),
            member_name: self.member_name.trim().to_string(),
        }
    }

    pub fn is_complete(&self) -> bool {
        let t = self.trimmed();
        !(t.server.is_empty() || t.crew_code.is_empty() || t.pin.is_empty() || t.member_name.is_empty())
    }
}

/// How a pairing attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairOutcome {
    Paired {
        crew_code: String,
        crew_name: String,
    },
    /// Wrong crew code or PIN (the server does not say which).
    Refused,
    /// Too many guesses for this crew: wait a minute.
    TooManyTries,
    /// No connection to the server: pairing needs one, once.
    Unreachable,
    /// The server address is not a URL.
    InvalidServer,
    /// Anything else, in the server's or the store's words.
    Failed(String),
}

/// What the pairing screen shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PairState {
    #[default]
    Idle,
    Pairing,
    Done(PairOutcome),
}

/// Who is signed in on this phone, for settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub crew_code: String,
    pub crew_name: String,
    pub member_name: String,
}
