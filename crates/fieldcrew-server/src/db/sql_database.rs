//! The `Database` over SQL: every storage decision written once against
//! `fieldcrew_sql::Sql`, each method one transaction of its backend (the
//! embedded SQLite file or PostgreSQL, `super::backend`).

use super::*;
use crate::db::backend;
use fieldcrew_protocol::pull::RemovalReason;
use fieldcrew_sql::{Dialect, Row, Sql, args};
use std::path::Path;

mod device_pairings;
mod push;
mod push_lookups;
mod push_orders;
mod push_rows;
mod slot_conflicts;
mod uncounted_events;
mod upload_owners;

mod callbacks;
mod id_lists;
mod order_record;
mod order_sets;
mod receipts;
mod report_orders;

mod complaints;
mod crew_areas;
mod daily_checks;
mod handovers;
mod planned_outages;
mod pulls;
mod safety_notices;

#[cfg(test)]
mod push_on_postgres;
#[cfg(test)]
mod push_overlap_on_postgres;
#[cfg(test)]
mod push_races_on_postgres;
#[cfg(test)]
mod report_timing;
#[cfg(test)]
mod routine_on_postgres;

pub struct SqlDatabase {
    backend: Box<dyn backend::Backend>,
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("server types always serialise")
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> DbResult<T> {
    serde_json::from_str(text).map_err(|e| DbError::Corrupt(e.to_string()))
}

fn parse_id<T: std::str::FromStr>(text: &str) -> DbResult<T> {
    text.parse().map_err(|_| DbError::Corrupt(format!("bad id `{text}`")))
}

impl SqlDatabase {
    /// Opens (creating and migrating) the database file.
    pub fn open_sqlite(path: &Path) -> DbResult<Self> {
        Ok(Self::with_backend(Box::new(backend::sqlite::SqliteBackend::open(path)?)))
    }

    /// The storage over any backend (PostgreSQL: `backend::postgres`).
    pub fn with_backend(backend: Box<dyn backend::Backend>) -> Self {
        Self { backend }
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled
    /// back otherwise. Code written against [`fieldcrew_sql::Sql`] runs here.
    fn with_tx<T>(&self, f: impl FnMut(&mut dyn fieldcrew_sql::Sql) -> DbResult<T>) -> DbResult<T> {
        backend::run(self.backend.as_ref(), f)
    }

    /// Runs `f`, which only reads, in one snapshot (never run again).
    fn with_read<T>(&self, f: impl FnMut(&mut dyn fieldcrew_sql::Sql) -> DbResult<T>) -> DbResult<T> {
        backend::read(self.backend.as_ref(), f)
    }

    /// `with_read` of one statement: on PostgreSQL one round trip.
    fn with_read_statement<T>(
        &self,
        f: impl FnMut(&mut dyn fieldcrew_sql::Sql) -> DbResult<T>,
    ) -> DbResult<T> {
        backend::read_statement(self.backend.as_ref(), f)
    }

    /// `with_tx` after the transactions of the same `line` before it.
    fn with_tx_in_line<T>(
        &self,
        line: &str,
        f: impl FnMut(&mut dyn fieldcrew_sql::Sql) -> DbResult<T>,
    ) -> DbResult<T> {
        backend::run_in_line(self.backend.as_ref(), line, f)
    }
}

fn record_change(
    sql: &mut dyn Sql,
    crew: &str,
    order: OrderId,
    removed: Option<RemovalReason>,
) -> DbResult<()> {
    let postgres = sql.dialect() == Dialect::Postgres;
    if postgres {
        // Phones read `seq` as a cursor. On PostgreSQL two transactions can
        // take seq 10 and 11 and commit 11 first: a phone reading in between
        // moves past 10 and never sees it. Held to the commit, this lock
        // makes change rows commit in seq order. (SQLite has one writer.)
        sql.execute("SELECT pg_advisory_xact_lock(7355608)", &[])?;
    }
    sql.execute(
        "INSERT INTO order_changes (crew_code, order_id, removed) VALUES (?1, ?2, ?3)",
        args![crew, order.to_string(), removed.map(|r| to_json(&r))],
    )?;
    if postgres {
        // Delivered at commit: wakes the long-polls of the other server
        // instances (each instance's own are woken by its backend).
        sql.execute("SELECT pg_notify('fieldcrew_changes', ?1)", args![crew])?;
    }
    Ok(())
}

/// A crew writes to orders it holds or once held (a reassigned order still
/// takes the evidence recorded before the news reached the phone), and to
/// orders the server does not know yet (created in the field, arriving
/// later). Events for another crew's order are still kept as evidence (a
/// phone re-paired to another crew must not lose its queue), but flagged and
/// left out of that order's state and chain.
fn crew_may_write(sql: &mut dyn Sql, order: OrderId, crew: &str) -> DbResult<bool> {
    Ok(sql.query_value(
        "SELECT NOT EXISTS (SELECT 1 FROM orders WHERE id = ?1)
             OR EXISTS (SELECT 1 FROM order_changes WHERE order_id = ?1 AND crew_code = ?2)",
        args![order.to_string(), crew],
    )?)
}

type OrderRowData = (WorkOrder, OrderState, Option<DateTime<Utc>>);

fn load_order(sql: &mut dyn Sql, id: OrderId) -> DbResult<Option<OrderRowData>> {
    let Some(row) =
        sql.query_opt("SELECT body, state, cancelled_at FROM orders WHERE id = ?1", args![id.to_string()])?
    else {
        return Ok(None);
    };
    Ok(Some((from_json(&row.get::<String>(0)?)?, from_json(&row.get::<String>(1)?)?, row.get(2)?)))
}

fn insert_order(sql: &mut dyn Sql, order: &WorkOrder) -> DbResult<bool> {
    let inserted = sql.execute(
        "INSERT INTO orders (id, body, crew_code, state, reported_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO NOTHING",
        args![
            order.id.to_string(),
            to_json(order),
            order.assigned_crew,
            to_json(&OrderState::default()),
            order.reported_at
        ],
    )?;
    if inserted == 1
        && let Some(crew) = &order.assigned_crew
    {
        record_change(sql, crew, order.id, None)?;
        order_record::add_assignment(
            sql,
            order.id,
            crew,
            order.notified_at.unwrap_or(order.reported_at),
            None,
        )?;
    }
    Ok(inserted == 1)
}

/// The columns `to_media` reads, in its order. `offset` is quoted: a
/// reserved word in PostgreSQL.
const SELECT_MEDIA: &str = r#"SELECT id, order_id, sha256, size, mime, kind, "offset", present FROM media"#;

fn to_media(row: &Row) -> DbResult<StoredMedia> {
    Ok(StoredMedia {
        id: parse_id(&row.get::<String>(0)?)?,
        order_id: row.get::<Option<String>>(1)?.as_deref().map(parse_id).transpose()?,
        sha256: row.get(2)?,
        size: row.get(3)?,
        mime: row.get(4)?,
        kind: row.get(5)?,
        offset: row.get(6)?,
        present: row.get(7)?,
    })
}

fn insert_token(sql: &mut dyn Sql, t: &TokenRecord) -> DbResult<()> {
    let device = match &t.principal {
        Principal::Device { device_id, .. } => Some(device_id.to_string()),
        Principal::Dispatcher { .. } => None,
    };
    sql.execute(
        "INSERT INTO tokens (token_hash, principal, device_id, created_at, expires_at, revoked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![t.token_hash, to_json(&t.principal), device, t.created_at, t.expires_at, t.revoked_at],
    )?;
    Ok(())
}

/// The columns `to_token` reads, in its order.
const SELECT_TOKEN: &str = "SELECT token_hash, principal, created_at, expires_at, revoked_at FROM tokens";

fn to_token(row: &Row) -> DbResult<TokenRecord> {
    Ok(TokenRecord {
        token_hash: row.get(0)?,
        principal: from_json(&row.get::<String>(1)?)?,
        created_at: row.get(2)?,
        expires_at: row.get(3)?,
        revoked_at: row.get(4)?,
    })
}

impl Database for SqlDatabase {
    fn schema_versions(&self) -> DbResult<Vec<(i64, String)>> {
        // refinery's own table, the same on every backend.
        self.with_tx(|sql| {
            Ok(sql.query_map(
                "SELECT version, name FROM refinery_schema_history ORDER BY version",
                &[],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
    }

    fn signal_changes_to(&self, signal: std::sync::Arc<dyn crate::change_signal::ChangeSignal>) {
        self.backend.signal_changes_to(signal);
    }

    fn calls_at_once(&self) -> usize {
        self.backend.calls_at_once()
    }

    fn store_receipts(
        &self,
        device: DeviceId,
        crew: &str,
        receipts: &[(OrderId, fieldcrew_protocol::receipts::ReceiptStage, DateTime<Utc>)],
    ) -> DbResult<u32> {
        self.with_tx(|sql| receipts::store(sql, device, crew, receipts, Utc::now()))
    }

    fn receipts_for(&self, orders: &[OrderId]) -> DbResult<Vec<StoredReceipt>> {
        self.with_tx(|sql| receipts::for_orders(sql, orders))
    }

    fn save_crew(&self, crew: &Crew) -> DbResult<()> {
        self.with_tx(|sql| {
            sql.execute(
                "INSERT INTO crews (code, name, pin_hash, members) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash,
                     members = excluded.members",
                args![crew.code, crew.name, crew.pin_hash, to_json(&crew.members)],
            )?;
            Ok(())
        })
    }

    fn crew(&self, code: &str) -> DbResult<Option<Crew>> {
        Ok(self.crews()?.into_iter().find(|c| c.code == code))
    }

    fn crews(&self) -> DbResult<Vec<Crew>> {
        self.with_tx(|sql| {
            let rows = sql.query("SELECT code, name, pin_hash, members FROM crews ORDER BY code", &[])?;
            rows.iter()
                .map(|row| {
                    Ok(Crew {
                        code: row.get(0)?,
                        name: row.get(1)?,
                        pin_hash: row.get(2)?,
                        members: from_json(&row.get::<String>(3)?)?,
                    })
                })
                .collect()
        })
    }

    fn save_dispatcher(&self, d: &Dispatcher) -> DbResult<()> {
        self.with_tx(|sql| {
            sql.execute(
                "INSERT INTO dispatchers (username, display_name, password_hash) VALUES (?1, ?2, ?3)
                 ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,
                     password_hash = excluded.password_hash",
                args![d.username, d.display_name, d.password_hash],
            )?;
            Ok(())
        })
    }

    fn dispatcher(&self, username: &str) -> DbResult<Option<Dispatcher>> {
        self.with_tx(|sql| {
            let row = sql.query_opt(
                "SELECT username, display_name, password_hash FROM dispatchers WHERE username = ?1",
                args![username],
            )?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some(Dispatcher {
                username: row.get(0)?,
                display_name: row.get(1)?,
                password_hash: row.get(2)?,
            }))
        })
    }

    fn save_token(&self, t: &TokenRecord) -> DbResult<()> {
        self.with_tx(|sql| insert_token(sql, t))
    }

    fn pair_device(
        &self,
        t: &TokenRecord,
        presented_hash: Option<&str>,
    ) -> DbResult<Result<PairingVia, DeviceIdTaken>> {
        let Principal::Device { crew_code, device_id, .. } = &t.principal else {
            return Err(DbError::Corrupt("a dispatcher token is no device pairing".into()));
        };
        self.with_tx(|sql| {
            let tokens = device_pairings::tokens_of(sql, *device_id)?;
            let via = match crate::pairing_lineage::admit(&tokens, presented_hash, t.created_at) {
                Ok(via) => via,
                Err(taken) => return Ok(Err(taken)),
            };
            insert_token(sql, t)?;
            device_pairings::record(
                sql,
                &DevicePairing {
                    token_hash: t.token_hash.clone(),
                    device_id: *device_id,
                    crew_code: crew_code.clone(),
                    parent_token_hash: presented_hash
                        .filter(|_| via == PairingVia::Token)
                        .map(str::to_string),
                    via,
                    paired_at: t.created_at,
                },
            )?;
            Ok(Ok(via))
        })
    }

    fn device_pairings(&self, device: DeviceId) -> DbResult<Vec<DevicePairing>> {
        self.with_tx(|sql| device_pairings::of_device(sql, device))
    }

    fn token(&self, token_hash: &str) -> DbResult<Option<TokenRecord>> {
        // Every request's look-up: one statement, no transaction around it.
        self.with_read_statement(|sql| {
            let token = format!("{SELECT_TOKEN} WHERE token_hash = ?1");
            sql.query_opt(&token, args![token_hash])?.as_ref().map(to_token).transpose()
        })
    }

    fn revoke_device(&self, device_id: DeviceId, at: DateTime<Utc>) -> DbResult<usize> {
        self.with_tx(|sql| {
            let revoked = sql.execute(
                "UPDATE tokens SET revoked_at = ?2 WHERE device_id = ?1 AND revoked_at IS NULL",
                args![device_id.to_string(), at],
            )?;
            Ok(revoked as usize)
        })
    }

    fn revoke_token(&self, token_hash: &str, at: DateTime<Utc>) -> DbResult<bool> {
        self.with_tx(|sql| {
            Ok(sql.execute(
                "UPDATE tokens SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
                args![token_hash, at],
            )? == 1)
        })
    }

    fn devices(&self) -> DbResult<Vec<TokenRecord>> {
        self.with_tx(|sql| {
            let devices = format!("{SELECT_TOKEN} WHERE device_id IS NOT NULL ORDER BY created_at");
            sql.query(&devices, &[])?.iter().map(to_token).collect()
        })
    }

    fn last_push_by_device(&self) -> DbResult<Vec<(DeviceId, DateTime<Utc>)>> {
        self.with_tx(|sql| {
            let rows =
                sql.query("SELECT device_id, MAX(received_at) FROM received_items GROUP BY device_id", &[])?;
            rows.iter().map(|row| Ok((parse_id(&row.get::<String>(0)?)?, row.get(1)?))).collect()
        })
    }

    fn create_order(&self, order: &WorkOrder) -> DbResult<bool> {
        self.with_tx(|sql| {
            let inserted = insert_order(sql, order)?;
            Ok(inserted)
        })
    }

    fn assign_order_by(
        &self,
        id: OrderId,
        crew: &str,
        notified_at: DateTime<Utc>,
        by: Option<&str>,
    ) -> DbResult<Result<WorkOrder, AssignRefusal>> {
        self.with_tx(|sql| {
            let Some((mut order, state, cancelled_at)) = load_order(sql, id)? else {
                return Ok(Err(AssignRefusal::UnknownOrder));
            };
            if cancelled_at.is_some() {
                return Ok(Err(AssignRefusal::Cancelled));
            }
            if state.closed_at.is_some() {
                return Ok(Err(AssignRefusal::Closed));
            }
            // Pressing 派工 again for the same crew changes nothing: its
            // `notified_at` is the 3-minute rule's record of when the crew got
            // the order, and the phone already has it.
            if order.assigned_crew.as_deref() == Some(crew) {
                return Ok(Ok(order));
            }
            if let Some(old) = order.assigned_crew.as_deref() {
                record_change(sql, old, id, Some(RemovalReason::Reassigned))?;
            }
            // The order keeps the new crew's notification time; every
            // hand-over stays in the assignment history.
            order.assigned_crew = Some(crew.to_string());
            order.notified_at = Some(notified_at);
            sql.execute(
                "UPDATE orders SET body = ?2, crew_code = ?3 WHERE id = ?1",
                args![id.to_string(), to_json(&order), crew],
            )?;
            record_change(sql, crew, id, None)?;
            order_record::add_assignment(sql, id, crew, notified_at, by)?;
            Ok(Ok(order))
        })
    }

    fn cancel_order(&self, id: OrderId, at: DateTime<Utc>) -> DbResult<Result<(), CancelRefusal>> {
        self.with_tx(|sql| {
            let Some((order, state, cancelled_at)) = load_order(sql, id)? else {
                return Ok(Err(CancelRefusal::UnknownOrder));
            };
            if cancelled_at.is_some() {
                return Ok(Err(CancelRefusal::Cancelled));
            }
            if state.is_repaired() {
                return Ok(Err(CancelRefusal::Repaired));
            }
            sql.execute("UPDATE orders SET cancelled_at = ?2 WHERE id = ?1", args![id.to_string(), at])?;
            if let Some(crew) = &order.assigned_crew {
                record_change(sql, crew, id, Some(RemovalReason::Cancelled))?;
            }
            Ok(Ok(()))
        })
    }

    fn order(&self, id: OrderId) -> DbResult<Option<ServerOrder>> {
        self.with_tx(|sql| Ok(order_sets::load(sql, &[id])?.pop()))
    }

    fn orders(&self, ids: &[OrderId]) -> DbResult<Vec<ServerOrder>> {
        self.with_tx(|sql| order_sets::load(sql, ids))
    }

    fn list_orders(&self, filter: &OrderFilter) -> DbResult<Vec<OrderSummary>> {
        self.with_tx(|sql| {
            // Two texts rather than `?1 IS NULL OR crew_code = ?1`, whose
            // parameter PostgreSQL can not type.
            let rows = match &filter.crew {
                Some(crew) => sql.query(
                    "SELECT body, state, cancelled_at FROM orders WHERE crew_code = ?1
                     ORDER BY reported_at DESC",
                    args![crew],
                )?,
                None => {
                    sql.query("SELECT body, state, cancelled_at FROM orders ORDER BY reported_at DESC", &[])?
                }
            };
            let mut out = Vec::new();
            for row in rows {
                let summary = OrderSummary {
                    order: from_json(&row.get::<String>(0)?)?,
                    state: from_json(&row.get::<String>(1)?)?,
                    cancelled_at: row.get(2)?,
                };
                let finished = summary.cancelled_at.is_some() || summary.state.closed_at.is_some();
                if filter.include_finished || !finished {
                    out.push(summary);
                }
            }
            Ok(out)
        })
    }

    fn changes_since(&self, crew: &str, since: i64, limit: u32) -> DbResult<PullPage> {
        self.with_read(|sql| pulls::changes(sql, crew, since, limit))
    }

    fn pull(&self, crew: &str, since: i64, limit: u32, wants: PullWants) -> DbResult<Pulled> {
        self.with_read(|sql| pulls::read(sql, crew, since, limit, wants))
    }

    fn crew_may_write(&self, order: OrderId, crew: &str) -> DbResult<bool> {
        self.with_tx(|sql| crew_may_write(sql, order, crew))
    }

    fn apply_push(
        &self,
        pusher: &Pusher,
        items: &[IncomingItem],
        boot_epochs: &[BootEpoch],
        thresholds: &Thresholds,
    ) -> DbResult<AppliedPush> {
        // A crew's phones push onto the same orders: in line per crew, not
        // racing (on PostgreSQL; the SQLite file has one writer anyway).
        self.with_tx_in_line(&pusher.crew_code, |sql| {
            push::apply(sql, pusher, items, boot_epochs, thresholds)
        })
    }

    fn slot_conflicts(&self, device: DeviceId) -> DbResult<Vec<SlotConflict>> {
        self.with_tx(|sql| slot_conflicts::of_device(sql, device))
    }

    fn create_upload(&self, media: &StoredMedia, device: DeviceId) -> DbResult<Option<StoredMedia>> {
        self.with_tx(|sql| {
            sql.execute(
                r#"INSERT INTO media (id, order_id, sha256, size, mime, kind, "offset", present)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, FALSE)
                   ON CONFLICT (id) DO NOTHING"#,
                args![
                    media.id.to_string(),
                    media.order_id.map(|o| o.to_string()),
                    media.sha256,
                    media.size,
                    media.mime,
                    media.kind
                ],
            )?;
            if !upload_owners::claim(sql, media.id, device)? {
                return Ok(None);
            }
            let row = sql.query_one(&format!("{SELECT_MEDIA} WHERE id = ?1"), args![media.id.to_string()])?;
            to_media(&row).map(Some)
        })
    }

    fn device_upload(&self, id: MediaId, device: DeviceId) -> DbResult<Option<StoredMedia>> {
        self.with_tx(|sql| {
            let Some(row) = sql.query_opt(&format!("{SELECT_MEDIA} WHERE id = ?1"), args![id.to_string()])?
            else {
                return Ok(None);
            };
            if !upload_owners::claim(sql, id, device)? {
                return Ok(None);
            }
            to_media(&row).map(Some)
        })
    }

    fn upload(&self, id: MediaId) -> DbResult<Option<StoredMedia>> {
        self.with_tx(|sql| {
            sql.query_opt(&format!("{SELECT_MEDIA} WHERE id = ?1"), args![id.to_string()])?
                .as_ref()
                .map(to_media)
                .transpose()
        })
    }

    fn set_upload_progress(&self, id: MediaId, offset: u64, present: bool) -> DbResult<()> {
        self.with_tx(|sql| {
            // The handlers write under the upload's lock, but that lock is
            // one process's: with several servers on one PostgreSQL, a
            // writer behind another must not move the offset back over
            // bytes already counted. Only a restart (the whole file did not
            // match its hash) goes back to 0, and a complete file stays so.
            if offset == 0 && !present {
                sql.execute(
                    r#"UPDATE media SET "offset" = 0 WHERE id = ?1 AND present = FALSE"#,
                    args![id.to_string()],
                )?;
            } else {
                sql.execute(
                    r#"UPDATE media SET "offset" = ?2, present = ?3 WHERE id = ?1 AND "offset" <= ?2"#,
                    args![id.to_string(), offset, present],
                )?;
            }
            Ok(())
        })
    }

    fn delete_upload(&self, id: MediaId) -> DbResult<bool> {
        self.with_tx(|sql| {
            let deleted =
                sql.execute("DELETE FROM media WHERE id = ?1 AND present = FALSE", args![id.to_string()])?;
            if deleted == 1 {
                upload_owners::release(sql, id)?;
            }
            Ok(deleted == 1)
        })
    }

    fn record_callback(&self, callback: &Callback) -> DbResult<Result<(), CallbackRefusal>> {
        self.with_tx(|sql| callbacks::record(sql, callback))
    }

    fn callbacks_for(&self, orders: &[OrderId]) -> DbResult<Vec<Callback>> {
        self.with_tx(|sql| callbacks::for_orders(sql, orders))
    }

    fn save_complaint(&self, complaint: &Complaint) -> DbResult<()> {
        self.with_tx(|sql| complaints::insert(sql, complaint))
    }

    fn complaint(&self, id: uuid::Uuid) -> DbResult<Option<Complaint>> {
        self.with_tx(|sql| complaints::get(sql, id))
    }

    fn complaints(&self) -> DbResult<Vec<Complaint>> {
        self.with_tx(|sql| complaints::all(sql))
    }

    fn open_complaints(&self) -> DbResult<Vec<Complaint>> {
        self.with_tx(|sql| complaints::open(sql))
    }

    fn complaints_received_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> DbResult<Vec<Complaint>> {
        self.with_tx(|sql| complaints::received_between(sql, from, to))
    }

    fn answer_complaint(
        &self,
        id: uuid::Uuid,
        answer: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> DbResult<Result<Complaint, ComplaintRefusal>> {
        self.with_tx(|sql| complaints::answer(sql, id, answer, by, at))
    }

    fn close_complaint(
        &self,
        id: uuid::Uuid,
        at: DateTime<Utc>,
    ) -> DbResult<Result<Complaint, ComplaintRefusal>> {
        self.with_tx(|sql| complaints::close(sql, id, at))
    }

    fn save_planned_outage(&self, outage: &PlannedOutage) -> DbResult<()> {
        self.with_tx(|sql| planned_outages::insert(sql, outage))
    }

    fn cancel_planned_outage(&self, id: uuid::Uuid, at: DateTime<Utc>) -> DbResult<bool> {
        self.with_tx(|sql| planned_outages::cancel(sql, id, at))
    }

    fn crew_area(&self, crew: &str) -> DbResult<Vec<String>> {
        self.with_read(|sql| crew_areas::get(sql, crew))
    }

    fn set_crew_area(&self, crew: &str, places: &[String]) -> DbResult<()> {
        self.with_tx(|sql| crew_areas::set(sql, crew, places))
    }

    fn planned_outages(&self) -> DbResult<Vec<PlannedOutage>> {
        self.with_read(|sql| planned_outages::all(sql))
    }

    fn record_outage_answer(&self, answer: &OutageAnswer) -> DbResult<bool> {
        self.with_tx(|sql| planned_outages::record_answer(sql, answer))
    }

    fn outage_answers(&self, outage: uuid::Uuid) -> DbResult<Vec<OutageAnswer>> {
        self.with_tx(|sql| planned_outages::answers(sql, outage))
    }

    fn daily_checks_on(&self, day: chrono::NaiveDate) -> DbResult<Vec<(String, StoredDailyCheck)>> {
        self.with_tx(|sql| daily_checks::on_day(sql, day))
    }

    fn record_safety_notice(&self, notice: &SafetyNotice) -> DbResult<()> {
        self.with_tx(|sql| safety_notices::insert(sql, notice))
    }

    fn safety_notices(&self, order: OrderId) -> DbResult<Vec<SafetyNotice>> {
        self.with_tx(|sql| safety_notices::for_order(sql, order))
    }

    fn crew_handover(&self, crew: &str) -> DbResult<fieldcrew_domain::handover::CrewHandover> {
        self.with_read(|sql| handovers::crew_state(sql, crew))
    }

    fn handovers(
        &self,
        filter: &crate::db::handovers::HandoverFilter,
    ) -> DbResult<Vec<crate::db::handovers::HandoverEntry>> {
        self.with_tx(|sql| handovers::log(sql, filter))
    }

    fn close_handover_problem(
        &self,
        id: uuid::Uuid,
        by: &str,
        note: &str,
        at: DateTime<Utc>,
    ) -> DbResult<Result<String, crate::db::handovers::CloseRefusal>> {
        self.with_tx(|sql| handovers::close(sql, id, by, note, at))
    }

    fn unacknowledged_handovers(
        &self,
        written_before: DateTime<Utc>,
    ) -> DbResult<Vec<crate::db::handovers::HandoverEntry>> {
        self.with_tx(|sql| handovers::unacknowledged(sql, written_before))
    }

    fn set_taken_by(&self, id: OrderId, by: &str) -> DbResult<()> {
        self.with_tx(|sql| order_record::set_taken_by(sql, id, by))
    }

    fn add_follow_up(&self, follow_up: &FollowUp) -> DbResult<bool> {
        self.with_tx(|sql| {
            let Some((order, state, cancelled_at)) = load_order(sql, follow_up.order_id)? else {
                return Ok(false);
            };
            order_record::add_follow_up(sql, follow_up)?;
            // The crew's phone gets the order again, with the repeat call.
            if let Some(crew) = order.assigned_crew.as_deref()
                && cancelled_at.is_none()
                && state.closed_at.is_none()
            {
                record_change(sql, crew, order.id, None)?;
            }
            Ok(true)
        })
    }

    fn report_data(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> DbResult<ReportData> {
        self.with_tx(|sql| report_orders::report(sql, from, to))
    }

    fn awaiting_callbacks(&self) -> DbResult<Vec<AwaitingCallback>> {
        self.with_tx(|sql| callbacks::awaiting(sql))
    }
}
