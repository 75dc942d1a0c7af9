//! Storage behind a trait, so handlers don't know the backend: one
//! implementation over SQL (`sql_database`), run on the embedded SQLite
//! file by default or on PostgreSQL (`backend`).
//! Methods are blocking: handlers call them through `spawn_blocking`.

pub mod backend;
mod callback;
mod complaints;
mod daily_checks;
pub mod handovers;
mod order_record;
mod planned_outages;
mod receipts;
mod report_data;
mod retention;
mod safety;
mod sql_database;

pub use callback::{
    Callback, CallbackOutcome, CallbackRefusal, DOUBLE_SUBMIT, Satisfaction, callback_due, settling_callback,
};
pub use complaints::{Complaint, ComplaintRefusal};
pub use daily_checks::{StoredDailyCheck, corrected_time as daily_check_time};
pub use order_record::{Assignment, FollowUp, OrderRecord, notified_in_time};
pub use planned_outages::{OutageAnswer, PlannedOutage};
pub use receipts::{DeviceReceipts, StoredReceipt, earliest, per_device};
pub use report_data::{AwaitingCallback, ReportData};
pub use safety::{AccidentKind, SafetyContact, SafetyNotice};
pub use sql_database::SqlDatabase;

use crate::pairing_lineage::{DeviceIdTaken, PairingVia};
use chrono::{DateTime, Utc};
use fieldcrew_domain::lifecycle::OrderState;
use fieldcrew_domain::{DeviceId, FieldEvent, MediaId, OrderId, Thresholds, WorkOrder};
use fieldcrew_protocol::clock::BootEpoch;
use fieldcrew_protocol::pull::PullPage;
use fieldcrew_protocol::push::{Flag, PushBody, PushResponse};
use serde::{Deserialize, Serialize};

/// What a pull reads besides the change feed, when the phone asked.
#[derive(Clone, Copy, Debug, Default)]
pub struct PullWants {
    pub handover: bool,
    pub outages: bool,
}

/// A pull's reads, all from one snapshot.
#[derive(Debug)]
pub struct Pulled {
    /// The feed's page; the handler fills in what differs from the phone's.
    pub page: PullPage,
    pub handover: Option<fieldcrew_domain::handover::CrewHandover>,
    /// Every planned outage and the crew's area (the handler picks the crew's).
    pub outages: Option<(Vec<PlannedOutage>, Vec<String>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// What the backend said, in terms that name no backend.
    #[error(transparent)]
    Sql(#[from] fieldcrew_sql::SqlError),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("file system: {0}")]
    Io(#[from] std::io::Error),
}

pub type DbResult<T> = Result<T, DbError>;

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sql(e.into())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crew {
    pub code: String,
    pub name: String,
    /// argon2 PHC string of the crew PIN.
    pub pin_hash: String,
    pub members: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispatcher {
    pub username: String,
    pub display_name: String,
    /// argon2 PHC string.
    pub password_hash: String,
}

/// Who a token speaks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Principal {
    Device { crew_code: String, device_id: DeviceId, member_name: String, device_label: String },
    Dispatcher { username: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRecord {
    /// SHA-256 of the token: the token itself is never stored.
    pub token_hash: String,
    pub principal: Principal,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// An event as the server keeps it: the device's record untouched, plus
/// what the server worked out when it arrived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    pub event: FieldEvent,
    /// Device time corrected by the boot's clock estimate (or the device
    /// time itself when there was none; see `time_corrected`).
    pub corrected_time: DateTime<Utc>,
    pub time_corrected: bool,
    pub flags: Vec<Flag>,
    pub received_at: DateTime<Utc>,
    /// Whether the event counts in its order's state. `false` for an event
    /// pushed by a crew that never held the order: it is kept as evidence of
    /// what that phone sent, but it is not the order's record (neither its
    /// photos nor its signature are the order's evidence).
    #[serde(default = "counts")]
    pub counted: bool,
}

fn counts() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMedia {
    pub id: MediaId,
    pub order_id: Option<OrderId>,
    pub sha256: String,
    pub size: u64,
    pub mime: String,
    pub kind: String,
    /// Bytes received so far.
    pub offset: u64,
    /// The whole file arrived and matched its declared sha256.
    pub present: bool,
}

/// An order with everything the dispatcher sees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerOrder {
    pub order: WorkOrder,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub state: OrderState,
    pub events: Vec<StoredEvent>,
    pub media: Vec<StoredMedia>,
    /// Who took the call, the assignments, the repeat calls.
    #[serde(default)]
    pub record: OrderRecord,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub order: WorkOrder,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub state: OrderState,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct OrderFilter {
    pub crew: Option<String>,
    /// Include closed and cancelled orders.
    #[serde(default)]
    pub include_finished: bool,
}

/// Why `assign_order` left an order as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignRefusal {
    UnknownOrder,
    Cancelled,
    Closed,
}

/// Why `cancel_order` left an order as it was. A repaired order stays in
/// the reports and the call-back list: cancelling it would erase work done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelRefusal {
    UnknownOrder,
    Cancelled,
    /// Power is back (restored) or the order is closed.
    Repaired,
}

/// One push item, parsed or not.
#[derive(Clone, Debug)]
pub struct IncomingItem {
    pub device_seq: i64,
    /// `Err` holds why the item could not be read: it is rejected permanently.
    pub body: Result<PushBody, String>,
    /// What the item is, stable across versions (`crate::slot_identity`).
    pub identity: String,
    /// The item as it arrived, kept if it conflicts with its slot.
    pub raw_json: String,
}

/// The device pushing, as its token says.
#[derive(Clone, Debug)]
pub struct Pusher {
    pub crew_code: String,
    pub device_id: DeviceId,
    /// Which pairing sent the push, for the record of a slot conflict.
    pub token_hash: String,
}

/// One link of a device id's pairing chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevicePairing {
    pub token_hash: String,
    pub device_id: DeviceId,
    pub crew_code: String,
    /// The token the phone showed to pair again; `None` starts a lineage.
    pub parent_token_hash: Option<String>,
    pub via: PairingVia,
    pub paired_at: DateTime<Utc>,
}

/// An item sent for a slot that already held a different item: kept, not
/// applied, and answered as rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotConflict {
    pub device_id: DeviceId,
    pub device_seq: i64,
    pub held_identity: String,
    pub sent_identity: String,
    pub raw_json: String,
    pub crew_code: String,
    pub token_hash: String,
    pub received_at: DateTime<Utc>,
}

/// The answer to a push, and the conflicts it ran into (for the log).
#[derive(Clone, Debug)]
pub struct AppliedPush {
    pub response: PushResponse,
    pub conflicts: Vec<SlotConflict>,
}

pub trait Database: Send + Sync + 'static {
    /// The schema migrations applied to this database (version, name),
    /// oldest first; opening a database applies what is missing.
    fn schema_versions(&self) -> DbResult<Vec<(i64, String)>>;
    /// From now on, tell `signal` whenever a crew's change feed grows
    /// (after the write commits): it wakes the phones' long-polls.
    fn signal_changes_to(&self, signal: std::sync::Arc<dyn crate::change_signal::ChangeSignal>);
    /// Storage calls worth running at once (the server's storage lane).
    fn calls_at_once(&self) -> usize;
    /// Stores delivery receipts of `device` for orders `crew` holds or held
    /// (others are dropped); the first per (order, device, stage) stands.
    /// Returns how many were new.
    fn store_receipts(
        &self,
        device: DeviceId,
        crew: &str,
        receipts: &[(OrderId, fieldcrew_protocol::receipts::ReceiptStage, DateTime<Utc>)],
    ) -> DbResult<u32>;
    /// Every delivery receipt of these orders.
    fn receipts_for(&self, orders: &[OrderId]) -> DbResult<Vec<StoredReceipt>>;
    fn save_crew(&self, crew: &Crew) -> DbResult<()>;
    fn crew(&self, code: &str) -> DbResult<Option<Crew>>;
    fn crews(&self) -> DbResult<Vec<Crew>>;
    fn save_dispatcher(&self, dispatcher: &Dispatcher) -> DbResult<()>;
    fn dispatcher(&self, username: &str) -> DbResult<Option<Dispatcher>>;

    fn save_token(&self, token: &TokenRecord) -> DbResult<()>;
    /// Saves a device token unless its device id belongs to another phone
    /// (`crate::pairing_lineage::admit`, given the hash of the token the
    /// phone showed), and records the link in the id's pairing chain; one
    /// transaction, so two phones racing for an id can not both get in.
    fn pair_device(
        &self,
        token: &TokenRecord,
        presented_hash: Option<&str>,
    ) -> DbResult<Result<PairingVia, DeviceIdTaken>>;
    /// A device id's pairing chain, oldest first.
    fn device_pairings(&self, device: DeviceId) -> DbResult<Vec<DevicePairing>>;
    fn token(&self, token_hash: &str) -> DbResult<Option<TokenRecord>>;
    /// Revokes every token of a device; returns how many were live.
    fn revoke_device(&self, device_id: DeviceId, at: DateTime<Utc>) -> DbResult<usize>;
    /// Revokes one token (a dispatcher signing out); `false` if it was not live.
    fn revoke_token(&self, token_hash: &str, at: DateTime<Utc>) -> DbResult<bool>;
    fn devices(&self) -> DbResult<Vec<TokenRecord>>;
    /// When each device's last push arrived (devices that never pushed are absent).
    fn last_push_by_device(&self) -> DbResult<Vec<(DeviceId, DateTime<Utc>)>>;

    /// Inserts a new order (and its change for the assigned crew); `false`
    /// when the id exists already.
    fn create_order(&self, order: &WorkOrder) -> DbResult<bool>;
    /// Assigns or reassigns an open order; the old crew gets a removal and
    /// `notified_at` becomes the new crew's. The same crew again changes
    /// nothing (its first `notified_at` stands). A
    /// cancelled or closed order is refused: assigning it would put it back
    /// on a phone.
    fn assign_order(
        &self,
        id: OrderId,
        crew_code: &str,
        notified_at: DateTime<Utc>,
    ) -> DbResult<Result<WorkOrder, AssignRefusal>> {
        self.assign_order_by(id, crew_code, notified_at, None)
    }
    /// `assign_order`, recording which dispatcher did it in the order's
    /// assignment history (every assign and reassign, 003 §四.1(7)).
    fn assign_order_by(
        &self,
        id: OrderId,
        crew_code: &str,
        notified_at: DateTime<Utc>,
        by: Option<&str>,
    ) -> DbResult<Result<WorkOrder, AssignRefusal>>;
    /// Records the dispatcher who took the order's call (and made the
    /// assignment the intake form carried).
    fn set_taken_by(&self, id: OrderId, by: &str) -> DbResult<()>;
    /// Links a repeat call to an order; `false` when the order is unknown.
    fn add_follow_up(&self, follow_up: &FollowUp) -> DbResult<bool>;
    /// Cancels an order not yet repaired; the crew gets a removal.
    fn cancel_order(&self, id: OrderId, at: DateTime<Utc>) -> DbResult<Result<(), CancelRefusal>>;
    fn order(&self, id: OrderId) -> DbResult<Option<ServerOrder>>;
    /// The known orders of `ids` in the order asked, read in one
    /// transaction with a few queries per 64 ids (not a few per order).
    fn orders(&self, ids: &[OrderId]) -> DbResult<Vec<ServerOrder>>;
    fn list_orders(&self, filter: &OrderFilter) -> DbResult<Vec<OrderSummary>>;
    /// The crew's changes after `since`, at most `limit`.
    fn changes_since(&self, crew_code: &str, since: i64, limit: u32) -> DbResult<PullPage>;
    /// `changes_since` and what else the phone asked for, from one snapshot.
    fn pull(&self, crew_code: &str, since: i64, limit: u32, wants: PullWants) -> DbResult<Pulled>;

    /// Whether `crew` may add evidence to `order`: it holds or once held it,
    /// or the server does not know the order yet (created in the field).
    /// The same rule decides whether a pushed event counts in the order.
    fn crew_may_write(&self, order: OrderId, crew: &str) -> DbResult<bool>;

    /// Stores a push in one transaction, idempotently per
    /// `(device_id, device_seq)`: a repeat of the same item gets its first
    /// answer; a different item for a taken slot is kept as a conflict and
    /// rejected, and the slot's first answer stands.
    fn apply_push(
        &self,
        pusher: &Pusher,
        items: &[IncomingItem],
        boot_epochs: &[BootEpoch],
        thresholds: &Thresholds,
    ) -> DbResult<AppliedPush>;
    /// The slot conflicts of a device, oldest first.
    fn slot_conflicts(&self, device: DeviceId) -> DbResult<Vec<SlotConflict>>;

    /// Creates an upload owned by `device`, or returns the existing one
    /// with the same id; `None` when another device created that id.
    fn create_upload(&self, media: &StoredMedia, device: DeviceId) -> DbResult<Option<StoredMedia>>;
    fn upload(&self, id: MediaId) -> DbResult<Option<StoredMedia>>;
    /// The upload if `device` created it; `None` for another device's.
    fn device_upload(&self, id: MediaId, device: DeviceId) -> DbResult<Option<StoredMedia>>;
    fn set_upload_progress(&self, id: MediaId, offset: u64, present: bool) -> DbResult<()>;
    fn delete_upload(&self, id: MediaId) -> DbResult<bool>;

    /// Adds one call-back attempt (回访) if the order is due one, checked in
    /// the same transaction; attempts are never changed. An attempt that
    /// `repeats` one already stored (a form sent twice) is not stored again.
    fn record_callback(&self, callback: &Callback) -> DbResult<Result<(), CallbackRefusal>>;
    /// Every call-back attempt of these orders, oldest first.
    fn callbacks_for(&self, orders: &[OrderId]) -> DbResult<Vec<Callback>>;
    /// A report's orders (reported in `[from, to)`), their call-backs and
    /// the complaints received in the range, in one transaction: one
    /// consistent moment even while other instances write.
    fn report_data(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> DbResult<ReportData>;
    /// The repaired orders whose customer no call-back has reached yet,
    /// with their attempts, in one transaction.
    fn awaiting_callbacks(&self) -> DbResult<Vec<AwaitingCallback>>;

    // The station's routine beyond a repair (issue 17): complaints,
    // planned outages, safety notices. Each lives in its own tables.
    fn save_complaint(&self, complaint: &Complaint) -> DbResult<()>;
    fn complaint(&self, id: uuid::Uuid) -> DbResult<Option<Complaint>>;
    /// The complaints not answered yet (for the needs-action strip).
    fn open_complaints(&self) -> DbResult<Vec<Complaint>>;
    /// Every complaint and report, newest first.
    fn complaints(&self) -> DbResult<Vec<Complaint>>;
    fn complaints_received_between(&self, from: DateTime<Utc>, to: DateTime<Utc>)
    -> DbResult<Vec<Complaint>>;
    /// Records the answer of an open complaint.
    fn answer_complaint(
        &self,
        id: uuid::Uuid,
        answer: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> DbResult<Result<Complaint, ComplaintRefusal>>;
    fn close_complaint(
        &self,
        id: uuid::Uuid,
        at: DateTime<Utc>,
    ) -> DbResult<Result<Complaint, ComplaintRefusal>>;
    fn save_planned_outage(&self, outage: &PlannedOutage) -> DbResult<()>;
    /// Calls an outage off; `false` when unknown or already cancelled.
    fn cancel_planned_outage(&self, id: uuid::Uuid, at: DateTime<Utc>) -> DbResult<bool>;
    /// The places (area names, villages) a crew serves; empty when unset.
    fn crew_area(&self, crew: &str) -> DbResult<Vec<String>>;
    fn set_crew_area(&self, crew: &str, places: &[String]) -> DbResult<()>;
    /// Every planned outage, the latest start first.
    fn planned_outages(&self) -> DbResult<Vec<PlannedOutage>>;
    /// `false` when the outage is unknown.
    fn record_outage_answer(&self, answer: &OutageAnswer) -> DbResult<bool>;
    fn outage_answers(&self, outage: uuid::Uuid) -> DbResult<Vec<OutageAnswer>>;
    /// Every crew's daily checks counting for `day` (UTC+8), by crew code
    /// and time.
    fn daily_checks_on(&self, day: chrono::NaiveDate) -> DbResult<Vec<(String, StoredDailyCheck)>>;
    fn record_safety_notice(&self, notice: &SafetyNotice) -> DbResult<()>;
    fn safety_notices(&self, order: OrderId) -> DbResult<Vec<SafetyNotice>>;
    /// The crew's handover state for its phones (latest handover, open problems).
    fn crew_handover(&self, crew: &str) -> DbResult<fieldcrew_domain::handover::CrewHandover>;
    /// The handover log, newest first.
    fn handovers(&self, filter: &handovers::HandoverFilter) -> DbResult<Vec<handovers::HandoverEntry>>;
    /// Closes an open problem on the console; `Ok(crew)` is the crew it belongs to.
    fn close_handover_problem(
        &self,
        id: uuid::Uuid,
        by: &str,
        note: &str,
        at: DateTime<Utc>,
    ) -> DbResult<Result<String, handovers::CloseRefusal>>;
    /// Each crew's latest handover still unacknowledged and written before `written_before`.
    fn unacknowledged_handovers(
        &self,
        written_before: DateTime<Utc>,
    ) -> DbResult<Vec<handovers::HandoverEntry>>;
}
