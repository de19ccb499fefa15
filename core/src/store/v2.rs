//! Schema version 2: a year of daily use in a few hundred kilobytes.
//!
//! - each distinct routine is stored once (`routines`, found again by a stable hash of its JSON);
//!   a session refers to it by number;
//! - a session has an integer key and holds its event log packed in a few bytes an event
//!   (milliseconds after the start, event number: `sessions::encode`);
//! - every id is 16 bytes instead of 36 characters (and stored once: no text copy in an index);
//! - a deleted record leaves its id and the time of deletion in `deleted`, so deletions travel
//!   through export and import.
//!
//! Version 1 journals are converted in the upgrade's one transaction, every record kept: ids are
//! read in any UUID spelling and written canonical, routines are re-encoded in the versioned
//! format (`blob.rs`) and deduplicated.

use rusqlite::{params, Connection};

use super::table::{id_blob, instant, ms, named, stable_hash};
use super::{blob, StoreError};
use crate::vocab::{Event, TimedEvent};

/// The tables of version 2, created after the version 1 tables were renamed `…_v1`.
const TABLES: &str = r#"
CREATE TABLE settings (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE routines (
    n INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    body TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
    n INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    status TEXT NOT NULL CHECK (status IN ('active', 'finished', 'aborted')),
    routine INTEGER NOT NULL REFERENCES routines (n),
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    events BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE runs (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    started_at INTEGER NOT NULL,
    distance_m INTEGER NOT NULL CHECK (distance_m >= 0),
    duration_s INTEGER NOT NULL CHECK (duration_s > 0),
    kind TEXT NOT NULL CHECK (kind IN ('easy', 'long', 'race', 'workout')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE soreness (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    zone TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
    at INTEGER NOT NULL,
    run_id BLOB REFERENCES runs (id) ON DELETE SET NULL,
    note TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE downtime (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    date TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    zone TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE races (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name TEXT NOT NULL,
    date TEXT NOT NULL,
    distance_m INTEGER CHECK (distance_m > 0),
    priority TEXT NOT NULL CHECK (priority IN ('A', 'B', 'C')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE bodywork (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    at INTEGER NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    done INTEGER NOT NULL CHECK (done IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE deleted (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    kind TEXT NOT NULL CHECK (kind IN ('run', 'soreness', 'downtime', 'race', 'bodywork')),
    deleted_at INTEGER NOT NULL
) STRICT;

CREATE TABLE reminder_log (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    reminder_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    fire_at INTEGER NOT NULL,
    delivered_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
"#;

/// Indexes, created once the version 1 tables (and their indexes) are gone.
const INDEXES: &str = r#"
CREATE INDEX routines_by_hash ON routines (hash);
CREATE UNIQUE INDEX sessions_one_active ON sessions (status) WHERE status = 'active';
CREATE INDEX sessions_by_start ON sessions (started_at);
CREATE INDEX runs_by_start ON runs (started_at);
CREATE INDEX soreness_by_time ON soreness (at);
CREATE INDEX soreness_by_zone_time ON soreness (zone, at);
CREATE INDEX soreness_by_run ON soreness (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX downtime_by_date ON downtime (date);
CREATE INDEX races_by_date ON races (date);
CREATE INDEX bodywork_by_time ON bodywork (at);
CREATE INDEX reminder_log_by_delivery ON reminder_log (delivered_at);
"#;

const OLD: [&str; 9] = [
    "settings",
    "sessions",
    "session_events",
    "runs",
    "soreness",
    "downtime",
    "races",
    "bodywork",
    "reminder_log",
];

/// Tables whose rows keep their columns and only change their id (and `run_id`) to bytes.
const PLAIN: [(&str, &str); 6] = [
    (
        "runs",
        "id, started_at, distance_m, duration_s, kind, created_at, updated_at",
    ),
    (
        "soreness",
        "id, zone, side, level, at, run_id, note, created_at, updated_at",
    ),
    (
        "downtime",
        "id, date, minutes, zone, created_at, updated_at",
    ),
    (
        "races",
        "id, name, date, distance_m, priority, created_at, updated_at",
    ),
    ("bodywork", "id, at, minutes, done, created_at, updated_at"),
    (
        "reminder_log",
        "id, reminder_id, kind, fire_at, delivered_at, created_at, updated_at",
    ),
];

/// Creates the version 2 tables in a new journal.
pub(crate) fn create(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(TABLES)?;
    conn.execute_batch(INDEXES)?;
    Ok(())
}

/// Converts a version 1 journal (or creates the tables of a new one) in the upgrade's
/// transaction.
pub(crate) fn upgrade(
    conn: &Connection,
    _: super::sessions::CountsAsDone,
) -> Result<(), StoreError> {
    for t in OLD {
        conn.execute_batch(&format!("ALTER TABLE {t} RENAME TO {t}_v1;"))?;
    }
    conn.execute_batch(TABLES)?;
    copy_plain(conn)?;
    copy_settings(conn)?;
    copy_sessions(conn)?;
    for t in [
        "session_events",
        "sessions",
        "soreness",
        "runs",
        "settings",
        "downtime",
        "races",
        "bodywork",
        "reminder_log",
    ] {
        conn.execute_batch(&format!("DROP TABLE {t}_v1;"))?;
    }
    conn.execute_batch(INDEXES)?;
    Ok(())
}

/// Any id column value: text ids become 16 bytes; null stays null.
fn convert_id(v: rusqlite::types::Value) -> Result<rusqlite::types::Value, StoreError> {
    match v {
        rusqlite::types::Value::Text(t) => id_blob(&t),
        other => Ok(other),
    }
}

fn copy_plain(conn: &Connection) -> Result<(), StoreError> {
    for (table, columns) in PLAIN {
        let n = columns.split(',').count();
        let placeholders: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let mut insert = conn.prepare(&format!(
            "INSERT INTO {table} ({columns}) VALUES ({})",
            placeholders.join(", ")
        ))?;
        let mut read = conn.prepare(&format!("SELECT {columns} FROM {table}_v1"))?;
        let names: Vec<&str> = columns.split(',').map(str::trim).collect();
        let mut rows = read.query([])?;
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(n);
            for (i, name) in names.iter().enumerate() {
                let v: rusqlite::types::Value = row.get(i)?;
                values.push(if *name == "id" || *name == "run_id" {
                    convert_id(v)?
                } else {
                    v
                });
            }
            insert.execute(rusqlite::params_from_iter(values))?;
        }
    }
    Ok(())
}

fn copy_settings(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO settings (id, body, created_at, updated_at)
         SELECT ?1, body, created_at, updated_at FROM settings_v1",
        [super::SETTINGS_ID.to_vec()],
    )?;
    Ok(())
}

fn copy_sessions(conn: &Connection) -> Result<(), StoreError> {
    let mut read = conn.prepare(
        "SELECT id, status, routine, started_at, ended_at, created_at, updated_at
         FROM sessions_v1 ORDER BY started_at, id",
    )?;
    let mut events =
        conn.prepare("SELECT at, event FROM session_events_v1 WHERE session_id = ?1 ORDER BY seq")?;
    let mut known: Vec<(i64, String, i64)> = Vec::new();
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let status: String = row.get(1)?;
        let body = blob::routine_json(&blob::routine(&row.get::<_, String>(2)?)?)?;
        let started_at = instant(row.get(3)?)?;
        let hash = stable_hash(&body);
        let routine = match known.iter().find(|(h, b, _)| *h == hash && *b == body) {
            Some((_, _, n)) => *n,
            None => {
                conn.execute(
                    "INSERT INTO routines (hash, body) VALUES (?1, ?2)",
                    params![hash, body],
                )?;
                let n = conn.last_insert_rowid();
                known.push((hash, body, n));
                n
            }
        };
        let log = events
            .query_map([&id], |e| {
                Ok(TimedEvent {
                    at: instant(e.get(0)?)?,
                    event: named::<Event>(&e.get::<_, String>(1)?)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        conn.execute(
            "INSERT INTO sessions (id, status, routine, started_at, ended_at, events, created_at,
             updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id_blob(&id)?,
                status,
                routine,
                ms(started_at),
                row.get::<_, Option<i64>>(4)?,
                super::sessions::encode(started_at, &log),
                row.get::<_, i64>(5)?,
                row.get::<_, i64>(6)?
            ],
        )?;
    }
    Ok(())
}
