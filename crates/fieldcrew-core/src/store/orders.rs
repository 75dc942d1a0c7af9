//! Orders in the store: receiving them from dispatch, creating them in the
//! field, and reading them back with their derived state.

use super::outbox::{self, OutboxKind};
use super::pull::Removal;
use super::{RecordError, Store, StoreError};
use crate::event::{ChainBreak, FieldEvent, verify_chain};
use crate::ids::OrderId;
use crate::lifecycle::OrderState;
use crate::order::WorkOrder;
use rusqlite::{OptionalExtension, Transaction, params};

/// An order as the app lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderRow {
    pub order: WorkOrder,
    pub state: OrderState,
    /// Outbox items of this order the server has not acknowledged yet.
    pub unsynced: u32,
    /// Set when the order left the crew: it is then read-only.
    pub removed: Option<Removal>,
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("domain types always serialise")
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

impl Store {
    /// Stores an order received from dispatch, or updates its intake fields.
    /// The derived state (from the crew's own events) is kept.
    pub fn upsert_order(&mut self, order: &WorkOrder) -> Result<(), RecordError> {
        self.validate_order(order)?;
        let tx = self.conn.transaction()?;
        write_order(&tx, order)?;
        tx.commit()?;
        Ok(())
    }

    /// Creates an order on the phone (meter staff found the fault) and
    /// queues it for the server in the same transaction.
    pub fn create_field_order(&mut self, order: &WorkOrder) -> Result<(), RecordError> {
        self.validate_order(order)?;
        let tx = self.conn.transaction()?;
        if tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM orders WHERE id = ?1)",
            params![order.id.to_string()],
            |r| r.get::<_, bool>(0),
        )? {
            return Err(RecordError::DuplicateOrder(order.id));
        }
        write_order(&tx, order)?;
        outbox::enqueue(&tx, OutboxKind::Order, Some(order.id), None, &to_json(order))?;
        tx.commit()?;
        Ok(())
    }

    fn validate_order(&self, order: &WorkOrder) -> Result<(), RecordError> {
        self.check_texts(order.text_fields())?;
        for (field, text) in [("number", &order.number), ("fault_description", &order.fault_description)] {
            if text.trim().is_empty() {
                return Err(RecordError::EmptyText(field));
            }
        }
        if order.site.is_some_and(|s| !s.is_valid()) {
            return Err(RecordError::InvalidFix);
        }
        Ok(())
    }

    /// Refuses any text longer than the configured limit.
    pub(super) fn check_texts<'a>(
        &self,
        fields: impl IntoIterator<Item = (&'static str, &'a str)>,
    ) -> Result<(), RecordError> {
        let max = self.thresholds().max_text_chars;
        for (field, text) in fields {
            let len = text.chars().count();
            if len > max {
                return Err(RecordError::TextTooLong { field, len, max });
            }
        }
        Ok(())
    }

    /// Every order the crew should see, with its state and unsynced count,
    /// newest report first. An order that left the crew is listed only while
    /// it still has unsynced outbox items or media on the phone.
    pub fn orders(&self) -> Result<Vec<OrderRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT o.body, o.state,
                    (SELECT COUNT(*) FROM outbox b WHERE b.order_id = o.id AND b.acked_at IS NULL),
                    o.removed
             FROM orders o
             WHERE o.removed IS NULL
                OR EXISTS (SELECT 1 FROM outbox b WHERE b.order_id = o.id AND b.acked_at IS NULL)
                OR EXISTS (SELECT 1 FROM media m WHERE m.order_id = o.id AND m.state <> 'uploaded')
             ORDER BY json_extract(o.body, '$.reported_at') DESC",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.map(|row| to_order_row(row?)).collect()
    }

    /// One order, if the store has it.
    pub fn order(&self, id: OrderId) -> Result<Option<OrderRow>, StoreError> {
        load_order(&self.conn, id)
    }

    /// The order's events in recording order.
    pub fn events(&self, id: OrderId) -> Result<Vec<FieldEvent>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT body FROM events WHERE order_id = ?1 ORDER BY seq")?;
        let rows = stmt.query_map(params![id.to_string()], |r| r.get::<_, String>(0))?;
        rows.map(|body| parse(&body?, "event")).collect()
    }

    /// Verifies the order's hash chain as stored.
    pub fn verify_chain(&self, id: OrderId) -> Result<Result<(), ChainBreak>, StoreError> {
        Ok(verify_chain(&self.events(id)?))
    }
}

/// Loads one order inside any connection or transaction.
pub(super) fn load_order(conn: &rusqlite::Connection, id: OrderId) -> Result<Option<OrderRow>, StoreError> {
    let row: Option<RawOrderRow> = conn
        .query_row(
            "SELECT o.body, o.state,
                    (SELECT COUNT(*) FROM outbox b WHERE b.order_id = o.id AND b.acked_at IS NULL),
                    o.removed
             FROM orders o WHERE o.id = ?1",
            params![id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    row.map(to_order_row).transpose()
}

/// body, state, unsynced count, removal reason: as selected above.
type RawOrderRow = (String, String, u32, Option<String>);

fn to_order_row((body, state, unsynced, removed): RawOrderRow) -> Result<OrderRow, StoreError> {
    let removed = removed
        .map(|r| Removal::parse(&r).ok_or_else(|| StoreError::Corrupt(format!("order removal `{r}`"))))
        .transpose()?;
    Ok(OrderRow { order: parse(&body, "order")?, state: parse(&state, "order state")?, unsynced, removed })
}

/// Inserts an order from dispatch or updates its intake fields, keeping the
/// derived state. An order sent again is the crew's again: the removal mark
/// is cleared.
pub(super) fn write_order(tx: &Transaction, order: &WorkOrder) -> Result<(), StoreError> {
    let purged: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM purged_orders WHERE id = ?1)",
        params![order.id.to_string()],
        |r| r.get(0),
    )?;
    if purged {
        // Settled and on the server long ago; a replayed pull must not
        // bring it back as a new order.
        return Ok(());
    }
    tx.execute(
        "INSERT INTO orders (id, number, body, state, status, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, datetime('now'))
         ON CONFLICT (id) DO UPDATE SET number = excluded.number, body = excluded.body,
             removed = NULL, updated_at = excluded.updated_at",
        params![
            order.id.to_string(),
            order.number,
            to_json(order),
            to_json(&OrderState::default()),
            to_json(&OrderState::default().status())
        ],
    )?;
    Ok(())
}

/// Writes the derived state after an event.
pub(super) fn save_state(tx: &Transaction, id: OrderId, state: &OrderState) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE orders SET state = ?2, status = ?3, last_hash = ?4, updated_at = datetime('now') WHERE id = ?1",
        params![id.to_string(), to_json(state), to_json(&state.status()), state.last_hash],
    )?;
    Ok(())
}
