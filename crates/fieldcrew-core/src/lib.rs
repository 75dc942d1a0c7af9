//! fieldcrew core: the domain of power-repair work orders and the crash-safe
//! device store. No UI and no network live here, so everything is testable
//! headless; the app, the sync client and the server build on top.

pub mod checklist;
pub mod clock;
pub mod config;
pub mod demo;
pub mod event;
pub mod geo;
pub mod hash;
pub mod ids;
pub mod late;
pub mod lifecycle;
pub mod order;
pub mod signature;
pub mod sla;
pub mod store;

pub use config::Thresholds;
pub use event::{EventKind, Evidence, FieldEvent, Fix};
pub use ids::{DeviceId, EventId, MediaId, OrderId};
pub use lifecycle::{OrderState, RuleViolation};
pub use order::WorkOrder;
pub use store::{RecordError, Store};
