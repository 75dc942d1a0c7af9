//! The wire protocol between the phone and the server. Both sides compile
//! these types, so a field renamed on one side is a compile error on the
//! other.

pub mod auth;
pub mod clock;
pub mod error;
pub mod outages;
pub mod pull;
pub mod push;
pub mod receipts;
pub mod tus;

/// Every API path starts here.
pub const API_PREFIX: &str = "/v1";
/// Response headers with the server's receive and send instants (RFC 3339).
pub const HEADER_SERVER_RECEIVED: &str = "x-fieldcrew-server-received";
pub const HEADER_SERVER_SENT: &str = "x-fieldcrew-server-sent";
