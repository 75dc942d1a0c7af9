//! A pull's reads: the crew's change feed after the cursor and, when the
//! phone asked, its handover state and the planned outages with its area.
//! One snapshot, and the statements sent together (`Sql::query_many`): on
//! PostgreSQL one round trip for all of them, where each had had a
//! SERIALIZABLE transaction of its own (BEGIN, statements, COMMIT).

use super::{crew_areas, from_json, handovers, order_record, parse_id, planned_outages};
use crate::db::{DbResult, PullWants, Pulled};
use fieldcrew_protocol::pull::{OrderChange, PullPage};
use fieldcrew_sql::{Row, Sql, Value, args};

/// The feed after `?2` for crew `?1`, `?3` rows at most.
const FEED: &str = "SELECT ch.seq, ch.order_id, ch.removed, o.body FROM order_changes ch
                    JOIN orders o ON o.id = ch.order_id
                    WHERE ch.crew_code = ?1 AND ch.seq > ?2 ORDER BY ch.seq LIMIT ?3";

/// The crew's changes after `since`, at most `limit`.
pub fn changes(sql: &mut dyn Sql, crew: &str, since: i64, limit: u32) -> DbResult<PullPage> {
    let rows = sql.query(FEED, &feed_args(crew, since, limit))?;
    page(sql, rows, since, limit)
}

/// Everything `wants` asks for besides the feed, read with it.
pub fn read(sql: &mut dyn Sql, crew: &str, since: i64, limit: u32, wants: PullWants) -> DbResult<Pulled> {
    let (feed, of_crew) = (feed_args(crew, since, limit), [Value::Text(crew.to_string())]);
    let [latest, open] = handovers::crew_state_statements();
    let mut statements: Vec<(&str, &[Value])> = vec![(FEED, &feed)];
    if wants.handover {
        statements.extend([(latest.as_str(), &of_crew[..]), (open.as_str(), &of_crew[..])]);
    }
    if wants.outages {
        statements.extend([(planned_outages::ALL, &[][..]), (crew_areas::GET, &of_crew[..])]);
    }
    let mut answers = sql.query_many(&statements)?.into_iter();
    let mut next = || answers.next().unwrap_or_default();
    let feed = next();
    let handover = match wants.handover {
        true => Some(handovers::crew_state_from(&next(), &next())?),
        false => None,
    };
    let outages = match wants.outages {
        true => Some((planned_outages::from_rows(&next())?, crew_areas::from_rows(&next())?)),
        false => None,
    };
    // The orders' repeat calls only now: which orders is the feed's answer.
    Ok(Pulled { page: page(sql, feed, since, limit)?, handover, outages })
}

fn feed_args(crew: &str, since: i64, limit: u32) -> Vec<Value> {
    // One extra row tells whether another page follows.
    args![crew, since, i64::from(limit) + 1].to_vec()
}

fn page(sql: &mut dyn Sql, mut rows: Vec<Row>, since: i64, limit: u32) -> DbResult<PullPage> {
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let cursor = match rows.last() {
        Some(row) => row.get(0)?,
        None => since,
    };
    let mut changes = Vec::with_capacity(rows.len());
    for row in &rows {
        changes.push(match row.get::<Option<String>>(2)? {
            Some(reason) => OrderChange::Removed {
                order_id: parse_id(&row.get::<String>(1)?)?,
                reason: from_json(&reason)?,
            },
            None => OrderChange::Upsert {
                order: order_record::for_phone(sql, from_json(&row.get::<String>(3)?)?)?,
            },
        });
    }
    Ok(PullPage { changes, cursor, has_more, station: None, handover: None, outages: None })
}
