//! What the report pages and the call-back list read, each in one
//! transaction: on PostgreSQL, with other instances writing, the orders,
//! their events and their call-backs are then one moment's state (the
//! backend runs SERIALIZABLE), never a mix of before and after a push.

use super::{Callback, Complaint, ServerOrder};

/// A report's data for `[from, to)`.
#[derive(Clone, Debug, Default)]
pub struct ReportData {
    /// The orders reported in the range with their events, media and
    /// record, oldest report first.
    pub orders: Vec<ServerOrder>,
    /// Every call-back attempt of those orders, oldest first.
    pub callbacks: Vec<Callback>,
    /// The complaints and reports received in the range, oldest first.
    pub complaints: Vec<Complaint>,
}

/// A repaired order no call-back has reached its customer for yet.
#[derive(Clone, Debug)]
pub struct AwaitingCallback {
    pub order: ServerOrder,
    /// The attempts made so far (none reached the customer), oldest first.
    pub attempts: Vec<Callback>,
}
