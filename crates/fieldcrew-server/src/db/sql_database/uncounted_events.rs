//! Events kept out of their order's state: pushed by a crew that never held
//! the order (a phone re-paired to another crew sends its queue, or a crew
//! names an order that is not theirs). They stay stored as what the phone
//! sent, but the console must not present their photos or signatures as
//! the order's evidence. A separate table, so an existing database gains it
//! at open without altering `events`; events stored before it existed are
//! all taken as counted.

use super::push_rows;

/// The table a push batch's uncounted marks go into (each row one
/// `event_id`; `push_rows` writes them with the batch's other rows).
pub const TABLE: push_rows::Table = push_rows::Table {
    into: "uncounted_events (event_id)",
    types: &["text"],
    tail: "ON CONFLICT (event_id) DO NOTHING",
};
