//! The one place that opens a connection, and the one list of migrations.
//!
//! Pragmas and the `synchronous` choice are explained in `docs/storage.md`.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::sessions::CountsAsDone;
use super::StoreError;

/// One step of the schema: SQL, or SQL plus a data conversion written in Rust.
#[derive(Clone, Copy)]
pub(crate) enum Migration {
    /// SQL run as one batch, in the same transaction as every other step of the upgrade.
    Sql(&'static str),
    /// A conversion that needs code (hashing, re-encoding ids), run in the same transaction.
    Code(fn(&Connection, CountsAsDone) -> Result<(), StoreError>),
}

/// Forward-only migrations: entry `i` takes the schema from version `i` to `i + 1`.
/// Never edit a shipped entry; append a new one.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration::Sql(V1),
    Migration::Code(super::v2::upgrade),
    Migration::Sql(V3),
    Migration::Code(super::sessions::upgrade_v4),
    Migration::Sql(V5),
];

/// The latest schema in one step, for a new journal: what every upgrade ends at (a test proves
/// the two schemas are the same, from every past version).
pub(crate) const LATEST: Migration = Migration::Code(create_latest);

fn create_latest(conn: &Connection, _: CountsAsDone) -> Result<(), StoreError> {
    super::v2::create(conn)?;
    conn.execute_batch(V3)?;
    conn.execute_batch(V4)?;
    conn.execute_batch(V5)?;
    Ok(())
}

/// Version 4: whether a finished session counts as done (`Timer::counts_as_done`: pressure held
/// for enough of its planned time), so the streak and the report read it without replaying every
/// session. Older sessions are replayed once by the upgrade. The partial index answers the
/// streak's question (the starts of counted sessions) from the index alone.
pub(crate) const V4: &str = r#"
ALTER TABLE sessions ADD COLUMN counted INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0, 1));
CREATE INDEX sessions_counted_by_start ON sessions (started_at) WHERE status = 'finished' AND counted = 1;
"#;

/// Version 5: runs imported from files and health stores keep their source and the source's own
/// id (one run per activity: the unique index), and what the source measured. All absent for a
/// run typed by hand.
pub(crate) const V5: &str = r#"
ALTER TABLE runs ADD COLUMN source TEXT
    CHECK (source IS NULL OR source IN ('fit', 'gpx', 'tcx', 'health-connect', 'healthkit'));
ALTER TABLE runs ADD COLUMN source_id TEXT
    CHECK (source_id IS NULL OR length(source_id) BETWEEN 1 AND 800);
ALTER TABLE runs ADD COLUMN cadence_spm INTEGER CHECK (cadence_spm IS NULL OR cadence_spm BETWEEN 1 AND 400);
ALTER TABLE runs ADD COLUMN elevation_gain_m INTEGER CHECK (elevation_gain_m IS NULL OR elevation_gain_m >= 0);
CREATE UNIQUE INDEX runs_by_source ON runs (source, source_id) WHERE source IS NOT NULL;
"#;

/// Version 3: runs, soreness and bodywork keep the IANA zone they were logged in, so past
/// entries show the local time the runner saw (absent for older entries).
const V3: &str = r#"
ALTER TABLE runs ADD COLUMN time_zone TEXT CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 64);
ALTER TABLE soreness ADD COLUMN time_zone TEXT CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 64);
ALTER TABLE bodywork ADD COLUMN time_zone TEXT CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 64);
"#;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// How long a connection waits for another connection's write before giving up. Long enough
/// for the longest import (ten years merge in well under a second), short of an app's patience.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

const V1: &str = r#"
CREATE TABLE settings (
    id TEXT PRIMARY KEY NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('daily', 'bodywork', 'custom')),
    status TEXT NOT NULL CHECK (status IN ('active', 'finished', 'aborted')),
    routine TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX sessions_one_active ON sessions (status) WHERE status = 'active';
CREATE INDEX sessions_by_start ON sessions (started_at);

CREATE TABLE session_events (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 0),
    at INTEGER NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE runs (
    id TEXT PRIMARY KEY NOT NULL,
    started_at INTEGER NOT NULL,
    distance_m INTEGER NOT NULL CHECK (distance_m >= 0),
    duration_s INTEGER NOT NULL CHECK (duration_s > 0),
    kind TEXT NOT NULL CHECK (kind IN ('easy', 'long', 'race', 'workout')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX runs_by_start ON runs (started_at);

CREATE TABLE soreness (
    id TEXT PRIMARY KEY NOT NULL,
    zone TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
    at INTEGER NOT NULL,
    run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,
    note TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX soreness_by_time ON soreness (at);
CREATE INDEX soreness_by_zone_time ON soreness (zone, at);
CREATE INDEX soreness_by_run ON soreness (run_id) WHERE run_id IS NOT NULL;

CREATE TABLE downtime (
    id TEXT PRIMARY KEY NOT NULL,
    date TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    zone TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX downtime_by_date ON downtime (date);

CREATE TABLE races (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    date TEXT NOT NULL,
    distance_m INTEGER CHECK (distance_m > 0),
    priority TEXT NOT NULL CHECK (priority IN ('A', 'B', 'C')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX races_by_date ON races (date);

CREATE TABLE bodywork (
    id TEXT PRIMARY KEY NOT NULL,
    at INTEGER NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    done INTEGER NOT NULL CHECK (done IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX bodywork_by_time ON bodywork (at);

CREATE TABLE reminder_log (
    id TEXT PRIMARY KEY NOT NULL,
    reminder_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    fire_at INTEGER NOT NULL,
    delivered_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reminder_log_by_delivery ON reminder_log (delivered_at);
"#;

/// `PRAGMA application_id` of a Fascia journal: "FASC". Journals written before it existed have
/// 0 and are recognised by their tables.
pub(crate) const APPLICATION_ID: i32 = 0x4641_5343;

/// How many of the tables every Fascia journal has had since version 1 (`settings`, `sessions`,
/// `runs`, `soreness`) a file must have to be a journal from before the application id.
const CORE_TABLES: i64 = 4;

/// What a file turned out to be, read before anything is written to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Identity {
    /// A new or empty file: it becomes a journal.
    Empty,
    /// A Fascia journal at this schema version (`stamped`: it carries the application id).
    Journal { version: u32, stamped: bool },
}

/// Reads (never writes) what the file at `conn` is, and refuses another app's database or a
/// journal newer than `latest` before a single byte of it changes.
pub(crate) fn identify(
    conn: &Connection,
    path: &Path,
    latest: u32,
) -> Result<Identity, StoreError> {
    // One read transaction, so one consistent view even while another process creates the
    // journal (it only reads: dropping it ends it). Plain pragmas: the `pragma_…()` table
    // functions cost more to prepare than all the rest, on every launch. The schema is counted
    // only in a file without Fascia's application id (a new file, a journal from before the id,
    // or another app's database): a stamped journal is told apart by the id alone, and the
    // count was the dearest statement of a launch to prepare.
    let read = || -> rusqlite::Result<(i64, i64, i64, i64)> {
        let tx = conn.unchecked_transaction()?;
        let app_id = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if app_id == i64::from(APPLICATION_ID) {
            return Ok((app_id, version, 0, 0));
        }
        let (objects, tables) = tx.query_row(
            "SELECT (SELECT COUNT(*) FROM sqlite_schema),
                    (SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'
                        AND name IN ('settings', 'sessions', 'runs', 'soreness'))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((app_id, version, objects, tables))
    };
    let (app_id, version, objects, tables) = read().map_err(|e| StoreError::at(path, e))?;
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    let ours = app_id == i64::from(APPLICATION_ID);
    let identity = if ours {
        Identity::Journal {
            version,
            stamped: true,
        }
    } else if app_id == 0 && objects == 0 && version == 0 {
        Identity::Empty
    } else {
        // Only version 1 journals were written before the application id (it came before
        // version 2): an unstamped file that claims a later version is not one of ours, and
        // upgrading it would fail, leaving a pre-migration copy each time it is opened.
        if app_id != 0 || version != 1 || tables < CORE_TABLES {
            return Err(StoreError::Damaged {
                path: path.display().to_string(),
                detail: "it is another app's database, not a Fascia journal".into(),
                newest_backup: None,
            });
        }
        Identity::Journal {
            version,
            stamped: false,
        }
    };
    if let Identity::Journal { version, .. } = identity {
        if version > latest {
            return Err(StoreError::IncompatibleVersion {
                found: version,
                supported: latest,
            });
        }
    }
    Ok(identity)
}

/// Reads the file's schema (a damaged one is an error), as every connection's first statement
/// that names a table does; [`connect`] reads it with its first pragma.
pub(crate) fn read_schema(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
}

/// Opens a connection with Fascia's pragmas. Every connection to a journal comes from here. The
/// file is identified first ([`identify`]): another app's database or a newer journal is refused
/// before the first pragma that writes. Returns what the file was found to be, too: a journal
/// already at `latest` needs no [`migrate`].
pub(crate) fn connect(path: &Path, latest: u32) -> Result<(Connection, Identity), StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::at(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| StoreError::at(path, e))?;
    let identity = identify(&conn, path, latest)?;
    // The first pragma reads the schema (a damaged one is refused here, before any write).
    // WAL: readers never block the writer. FULL: a commit is on disk before the call returns,
    // even across power loss (docs/storage.md). MEMORY: Android has no usable temp directory.
    let mode = set_wal(&conn).map_err(|e| StoreError::at(path, e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Damaged {
            path: path.display().to_string(),
            detail: format!("the journal could not switch to WAL mode (got {mode})"),
            newest_backup: None,
        });
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -8192;",
    )
    .map_err(|e| StoreError::at(path, e))?;
    Ok((conn, identity))
}

/// Switches the journal to WAL (once: a journal already in WAL is left alone). SQLite reports
/// "busy" at once, without waiting, when several processes switch a new file at the same
/// moment; the switch is then tried again, for as long as the busy timeout.
fn set_wal(conn: &Connection) -> rusqlite::Result<String> {
    let tries = BUSY_TIMEOUT.as_millis() / 10;
    let mut tried = 0;
    loop {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if mode.eq_ignore_ascii_case("wal") {
            return Ok(mode);
        }
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && tried < tries =>
            {
                tried += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// The schema version recorded in the file (0 for a new, empty file).
pub(crate) fn version(conn: &Connection) -> Result<u32, rusqlite::Error> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Brings the schema up to the end of `migrations` in one immediate transaction: either every
/// step applies or none does. `before` runs first when an existing schema is about to change
/// (the caller copies the file there). A schema newer than the list is left untouched.
pub(crate) fn migrate(
    conn: &mut Connection,
    migrations: &[Migration],
    fresh: Option<Migration>,
    counts: CountsAsDone,
    before: impl FnOnce(&Connection, u32) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let latest = u32::try_from(migrations.len()).unwrap_or(u32::MAX);
    // Decide only what the file says once this connection holds the write lock: two processes
    // creating or upgrading the same journal at once must not both run the steps.
    let current = |conn: &Connection| -> Result<(u32, bool), StoreError> {
        let found = version(conn)?;
        if found > latest {
            return Err(StoreError::IncompatibleVersion {
                found,
                supported: latest,
            });
        }
        let stamped: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        Ok((found, stamped == APPLICATION_ID))
    };
    let (before_lock, stamped) = current(conn)?;
    if (before_lock, stamped) == (latest, true) {
        return Ok(());
    }
    // The copy is read outside the write transaction (a backup cannot read a connection that is
    // writing); if another process upgraded meanwhile, the copy is simply one more backup.
    if before_lock > 0 && before_lock < latest {
        before(conn, before_lock)?;
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (found, stamped) = current(&tx)?;
    if (found, stamped) == (latest, true) {
        return Ok(());
    }
    let steps: Vec<Migration> = match fresh {
        Some(latest) if found == 0 => vec![latest],
        _ => migrations.iter().skip(found as usize).copied().collect(),
    };
    for step in steps {
        match step {
            Migration::Sql(sql) => tx.execute_batch(sql)?,
            Migration::Code(convert) => convert(&tx, counts)?,
        }
    }
    tx.pragma_update(None, "user_version", latest)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}
