//! How sessions are kept: each distinct routine once in `routines` (found again by a stable hash
//! of its JSON), and a session row that refers to it by number and holds its event log packed in
//! a few bytes an event ([`encode`]). A year of daily use weighs a few hundred kilobytes instead
//! of megabytes (`docs/storage.md`).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::table::{self, event_code, event_from_code, id_blob, id_key, instant, ms, stable_hash};

/// A session's event log as stored: for each event, the milliseconds since the session's start
/// (zigzag LEB128, so a clock that went back still fits) and its number ([`event_code`]).
pub(crate) fn encode(start: DateTime<Utc>, events: &[TimedEvent]) -> Vec<u8> {
    let mut out = Vec::with_capacity(events.len() * 4);
    for e in events {
        let offset = ms(e.at) - ms(start);
        let mut z = ((offset << 1) ^ (offset >> 63)) as u64;
        loop {
            let byte = (z & 0x7f) as u8;
            z >>= 7;
            if z == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
        out.push(event_code(e.event) as u8);
    }
    out
}

/// A stored event log, read back ([`encode`]).
pub(crate) fn decode(start: DateTime<Utc>, bytes: &[u8]) -> rusqlite::Result<Vec<TimedEvent>> {
    let bad =
        || rusqlite::Error::InvalidColumnType(0, "events".into(), rusqlite::types::Type::Blob);
    let mut events = Vec::new();
    let mut rest = bytes.iter();
    while let Some(&first) = rest.next() {
        let (mut z, mut shift, mut byte) = (0u64, 0u32, first);
        loop {
            if shift > 63 {
                return Err(bad());
            }
            z |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
            byte = *rest.next().ok_or_else(bad)?;
        }
        let offset = ((z >> 1) as i64) ^ -((z & 1) as i64);
        let code = *rest.next().ok_or_else(bad)?;
        events.push(TimedEvent {
            at: instant(ms(start).checked_add(offset).ok_or_else(bad)?)?,
            event: event_from_code(i64::from(code))?,
        });
    }
    Ok(events)
}
use super::{blob, StoreError};
use crate::model::{Name, SessionRecord, SessionStatus};
use crate::routine::Routine;
use crate::vocab::TimedEvent;

/// Whether a stored session counts as done, as the layer above the store decides it (by replaying
/// its log): what the `counted` column keeps.
pub(crate) type CountsAsDone = fn(&SessionRecord) -> bool;

/// What a change to a session keeps: its log, status, end, and whether it counts as done.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SessionUpdate {
    pub events: Vec<TimedEvent>,
    pub status: SessionStatus,
    pub ended_at: Option<DateTime<Utc>>,
    pub counted: bool,
}

/// Routine numbers already looked up in one transaction (an import writes thousands of sessions
/// that share a few routines), found by a cheap key and then compared whole.
#[derive(Default)]
pub(crate) struct Interned(HashMap<RoutineKey, Vec<(Routine, i64)>>);

/// Total, budget, step count and content version: what tells most routines apart, cheaply.
type RoutineKey = (u32, u32, usize, u32);

/// [`routine_number`], remembering the answer in `seen`.
fn routine_number_cached(
    conn: &Connection,
    routine: &Routine,
    seen: &mut Interned,
) -> Result<i64, StoreError> {
    let key = (
        routine.total_s,
        routine.budget_s,
        routine.steps.len(),
        routine.content_version,
    );
    let same = seen.0.entry(key).or_default();
    if let Some((_, n)) = same.iter().find(|(r, _)| r == routine) {
        return Ok(*n);
    }
    let n = routine_number(conn, routine)?;
    same.push((routine.clone(), n));
    Ok(n)
}

/// The number of the stored routine with this content, storing it first if it is new.
fn routine_number(conn: &Connection, routine: &Routine) -> Result<i64, StoreError> {
    let body = blob::routine_json(routine)?;
    let hash = stable_hash(&body);
    let mut find = conn.prepare_cached("SELECT n, body FROM routines WHERE hash = ?1")?;
    let rows = find.query_map([hash], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (n, stored) = row?;
        if stored == body {
            return Ok(n);
        }
    }
    conn.prepare_cached("INSERT INTO routines (hash, body) VALUES (?1, ?2)")?
        .execute(params![hash, body])?;
    Ok(conn.last_insert_rowid())
}

/// Stores a new session with its events.
pub(crate) fn insert(conn: &Connection, s: &SessionRecord) -> Result<(), StoreError> {
    write(conn, s, false, &mut Interned::default(), true)
}

/// Stores a session: `new` for one whose id is not stored (a plain insert, which spares SQLite a
/// statement journal), else (an import) over the stored one with the same id, which keeps its
/// row number. Routines are looked up once per transaction through `seen`.
pub(crate) fn write(
    conn: &Connection,
    s: &SessionRecord,
    counted: bool,
    seen: &mut Interned,
    new: bool,
) -> Result<(), StoreError> {
    macro_rules! insert {
        () => {
            "INSERT INTO sessions (id, status, routine, started_at, ended_at, events, created_at, \
             updated_at, counted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        };
    }
    const INSERT: &str = insert!();
    const UPSERT: &str = concat!(
        insert!(),
        " ON CONFLICT (id) DO UPDATE SET status = excluded.status, routine = excluded.routine, \
         started_at = excluded.started_at, ended_at = excluded.ended_at, \
         events = excluded.events, created_at = excluded.created_at, \
         updated_at = excluded.updated_at, counted = excluded.counted"
    );
    let routine = routine_number_cached(conn, &s.routine, seen)?;
    conn.prepare_cached(if new { INSERT } else { UPSERT })?
        .execute(params![
            id_blob(&s.id)?,
            s.status.name(),
            routine,
            ms(s.started_at),
            s.ended_at.map(ms),
            encode(s.started_at, &s.events),
            ms(s.created_at),
            ms(s.updated_at),
            counted
        ])?;
    Ok(())
}

/// Stores the whole event log of session `s` (its stored events and the new ones), and where
/// the session now stands.
pub(crate) fn record(
    conn: &Connection,
    s: &SessionRecord,
    update: &SessionUpdate,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let changed = conn
        .prepare_cached(&format!(
            "UPDATE sessions SET events = ?2, status = ?3, ended_at = ?4, updated_at = {},
             counted = ?6 WHERE id = ?1",
            table::later_than("updated_at", "?5")
        ))?
        .execute(params![
            id_key(&s.id),
            encode(s.started_at, &update.events),
            update.status.name(),
            update.ended_at.map(ms),
            ms(now),
            update.counted
        ])?;
    if changed == 0 {
        return Err(StoreError::not_found("session", &s.id));
    }
    Ok(())
}

/// The upgrade to schema version 4 ([`super::schema::V4`]): the `counted` column, filled for each
/// finished session by `counts` (the session module's replay).
pub(crate) fn upgrade_v4(conn: &Connection, counts: CountsAsDone) -> Result<(), StoreError> {
    conn.execute_batch(super::schema::V4)?;
    for s in all(conn)? {
        if s.status != SessionStatus::Finished {
            continue;
        }
        conn.prepare_cached("UPDATE sessions SET counted = ?2 WHERE id = ?1")?
            .execute(params![id_key(&s.id), counts(&s)])?;
    }
    Ok(())
}

/// One session with its events.
pub(crate) fn load(conn: &Connection, id: &str) -> Result<SessionRecord, StoreError> {
    table::get(conn, id)
}

/// The id of the session in progress, if any.
pub(crate) fn active_id(conn: &Connection) -> Result<Option<String>, StoreError> {
    let id: Option<Vec<u8>> = conn
        .prepare_cached("SELECT id FROM sessions WHERE status = 'active'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(id.map(|b| table::id_text(&b)).transpose()?)
}

/// Every session with its events, oldest first (the export): two queries, each distinct
/// routine decoded once.
pub(crate) fn all(conn: &Connection) -> Result<Vec<SessionRecord>, StoreError> {
    let mut routines: HashMap<i64, Arc<Routine>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT n, body FROM routines")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        routines.insert(r.get(0)?, Arc::new(blob::routine(&r.get::<_, String>(1)?)?));
    }
    let mut stmt = conn.prepare(
        "SELECT id, status, routine, started_at, ended_at, events, created_at, updated_at
         FROM sessions ORDER BY started_at, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut sessions = Vec::new();
    while let Some(r) = rows.next()? {
        let routine = routines
            .get(&r.get::<_, i64>(2)?)
            .cloned()
            .ok_or_else(|| StoreError::not_found("routine", "of a session"))?;
        let started_at = instant(r.get(3)?)?;
        sessions.push(SessionRecord {
            id: table::id_text(&r.get::<_, Vec<u8>>(0)?)?,
            status: table::named(&r.get::<_, String>(1)?)?,
            routine,
            started_at,
            ended_at: r.get::<_, Option<i64>>(4)?.map(instant).transpose()?,
            events: decode(started_at, &r.get::<_, Vec<u8>>(5)?)?,
            created_at: instant(r.get(6)?)?,
            updated_at: instant(r.get(7)?)?,
        });
    }
    Ok(sessions)
}
