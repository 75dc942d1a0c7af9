//! fieldcrew's domain: power-repair work orders, their append-only events
//! and hash chains, the lifecycle rules, SLA clocks, the cleanup checklist,
//! geo checks and what a customer's signature covers. Pure: no storage, no
//! network, no UI, so the phone, the server and the wire types share it.

pub mod checklist;
pub mod clock;
pub mod close_out;
pub mod complaint;
pub mod config;
pub mod daily_check;
pub mod demo;
pub mod event;
pub mod geo;
pub mod handover;
pub mod hash;
pub mod ids;
pub mod late;
pub mod lifecycle;
pub mod numbering;
pub mod order;
pub mod planned_outage;
pub mod signature;
pub mod sla;

pub use config::{StationContact, Thresholds};
pub use event::{EventKind, Evidence, FieldEvent, Fix};
pub use ids::{DeviceId, EventId, MediaId, OrderId};
pub use lifecycle::{OrderState, RuleViolation};
pub use order::WorkOrder;
