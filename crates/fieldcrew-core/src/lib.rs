//! fieldcrew's crash-safe device store: the phone's SQLite file with the
//! orders, their event chains, the outbox, media and sync state. The domain
//! it stores lives in `fieldcrew-domain`; its modules are re-exported here so
//! the app side reaches both through one crate.

pub use fieldcrew_domain::{
    checklist, close_out, complaint, config, daily_check, demo, event, geo, handover, hash, ids, late,
    lifecycle, numbering, order, planned_outage, signature, sla,
};

mod system_clock;

/// The domain's clock trait and fixed clock, with the OS reading.
pub mod clock {
    pub use crate::system_clock::SystemClock;
    pub use fieldcrew_domain::clock::*;
}

pub mod store;

pub use config::{StationContact, Thresholds};
pub use event::{EventKind, Evidence, FieldEvent, Fix};
pub use ids::{DeviceId, EventId, MediaId, OrderId};
pub use lifecycle::{OrderState, RuleViolation};
pub use order::WorkOrder;
pub use store::{RecordError, Store};
