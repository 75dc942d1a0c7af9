//! The report's lookup of orders by report time: the report reads only
//! the orders of its range, not every order the server keeps, and all it
//! shows in the caller's one transaction.

use super::{callbacks, complaints, order_sets, parse_id};
use crate::db::{DbResult, ReportData};
use chrono::{DateTime, Utc};
use fieldcrew_domain::OrderId;
use fieldcrew_sql::{Sql, args};

/// Orders reported in `[from, to)`, oldest first.
pub fn reported_between(sql: &mut dyn Sql, from: DateTime<Utc>, to: DateTime<Utc>) -> DbResult<Vec<OrderId>> {
    sql.query_map(
        "SELECT id FROM orders WHERE reported_at >= ?1 AND reported_at < ?2 ORDER BY reported_at",
        args![from, to],
        |row| row.get::<String>(0),
    )?
    .iter()
    .map(|id| parse_id(id))
    .collect()
}

/// Everything a report of `[from, to)` shows: its orders, loaded by id
/// lists, their call-backs, and the complaints received in the range.
pub fn report(sql: &mut dyn Sql, from: DateTime<Utc>, to: DateTime<Utc>) -> DbResult<ReportData> {
    let ids = reported_between(sql, from, to)?;
    let orders = order_sets::load(sql, &ids)?;
    let callbacks = callbacks::for_orders(sql, &ids)?;
    let complaints = complaints::received_between(sql, from, to)?;
    Ok(ReportData { orders, callbacks, complaints })
}

#[cfg(test)]
mod tests {
    use crate::db::{Database, SqlDatabase};
    use chrono::{Duration, TimeZone, Utc};
    use fieldcrew_domain::OrderId;

    fn open() -> (tempfile::TempDir, SqlDatabase) {
        let dir = tempfile::tempdir().unwrap();
        let db = SqlDatabase::open_sqlite(&dir.path().join("db.sqlite3")).unwrap();
        (dir, db)
    }

    #[test]
    fn a_report_holds_the_orders_reported_in_its_range_with_the_end_excluded() {
        let (_dir, db) = open();
        let start = Utc.with_ymd_and_hms(2026, 10, 31, 16, 0, 0).unwrap();
        let mut ids = Vec::new();
        for offset in
            [Duration::seconds(-1), Duration::zero(), Duration::milliseconds(1500), Duration::days(30)]
        {
            let mut order = fieldcrew_domain::demo::demo_orders(start).remove(0);
            order.id = OrderId::new();
            order.reported_at = start + offset;
            db.create_order(&order).unwrap();
            ids.push(order.id);
        }
        let report = db.report_data(start, start + Duration::days(30)).unwrap();
        let found: Vec<OrderId> = report.orders.iter().map(|o| o.order.id).collect();
        assert_eq!(found, ids[1..3].to_vec());
    }
}
