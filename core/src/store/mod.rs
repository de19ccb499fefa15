//! The journal: months of a runner's health data, kept only on their phone, in SQLite.
//!
//! Every write is one immediate transaction that is on disk when the call returns
//! (`synchronous = FULL` in WAL mode). Bad input is refused with a typed error before anything is
//! written. A damaged file is never deleted: it is reported with the newest good backup.
//! Details in `docs/storage.md`.

mod backup;
pub mod export;
mod records;
pub(crate) mod schema;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::{de::DeserializeOwned, Serialize};

pub use backup::{BackupInfo, BackupKind};
pub use records::{
    Bodywork, Downtime, NewBodywork, NewDowntime, NewRace, NewRun, NewSoreness, QuietHours, Race,
    RacePriority, ReminderDelivery, Run, RunKind, SessionRecord, SessionStatus, Settings, Soreness,
    Units, WeeklyReport,
};
pub use schema::SCHEMA_VERSION;

use crate::routine::{Routine, RoutineKind};
use crate::timer::{Event, Snapshot, Status, TimedEvent, Timer, TimerError};
use crate::zones::{Catalog, ContentError};

/// Why the journal could not do what was asked. Nothing was changed when any of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// An input failed validation.
    #[error("invalid {field}: {message}")]
    Invalid {
        /// The offending field (for an import, its path in the file, e.g. `runs[3].distance_m`).
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// No record with that id.
    #[error("no {what} with id {id}")]
    NotFound {
        /// Kind of record.
        what: String,
        /// The id asked for.
        id: String,
    },
    /// A session is already in progress.
    #[error("a session is already in progress ({id}): resume, finish or abort it first")]
    SessionInProgress {
        /// Its id.
        id: String,
    },
    /// The timer refused the event.
    #[error(transparent)]
    Timer(#[from] TimerError),
    /// The file is damaged or is not a Fascia journal. It was left exactly as it was.
    #[error("the journal {path} is damaged or not a Fascia journal ({detail}); it was kept as it is{}",
        newest_backup.as_ref().map(|b| format!(", and backup {b} can restore it")).unwrap_or_default())]
    Damaged {
        /// The file.
        path: String,
        /// What SQLite reported.
        detail: String,
        /// The newest backup that passed an integrity check, if any.
        newest_backup: Option<String>,
    },
    /// The journal (schema version) or an export file (format version) was written by a newer
    /// Fascia.
    #[error("written by a newer version of Fascia (version {found}; this version reads up to {supported}); update the app")]
    NewerThanCode {
        /// Version in the file.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// A file could not be read or written.
    #[error("could not use {path}: {message}")]
    Io {
        /// The file or folder.
        path: String,
        /// What the system said.
        message: String,
    },
    /// The embedded content is broken (a build problem, never the runner's data).
    #[error(transparent)]
    Content(#[from] ContentError),
    /// SQLite failed in a way none of the above describes.
    #[error("storage error: {0}")]
    Sqlite(String),
}

impl From<rusqlite::Error> for StoreError {
    /// A damaged or foreign file is recognised by SQLite's error code; [`StoreError::on`] then
    /// names the file and its newest good backup.
    fn from(e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => StoreError::Damaged {
                path: String::new(),
                detail: e.to_string(),
                newest_backup: None,
            },
            _ => StoreError::Sqlite(e.to_string()),
        }
    }
}

impl StoreError {
    /// Maps a SQLite error on `path`, recognising a damaged or foreign file.
    pub(crate) fn at(path: &Path, e: rusqlite::Error) -> StoreError {
        StoreError::from(e).on(path)
    }

    /// Names the file in a `Damaged` error, with the newest backup that can restore it.
    pub(crate) fn on(self, path: &Path) -> StoreError {
        match self {
            StoreError::Damaged { detail, .. } => StoreError::Damaged {
                path: path.display().to_string(),
                detail,
                newest_backup: backup::newest_good(&backup::dir_for(path)),
            },
            other => other,
        }
    }

    fn io(path: &Path, e: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }

    fn invalid(field: &str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    fn not_found(what: &str, id: &str) -> StoreError {
        StoreError::NotFound {
            what: what.to_owned(),
            id: id.to_owned(),
        }
    }
}

/// A session in progress, found again after a relaunch.
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveSession {
    /// Session id.
    pub id: String,
    /// The timer rebuilt from the stored log.
    pub timer: Timer,
}

/// The runner's journal. Safe to share between threads: calls are serialised on one connection,
/// and other connections to the same file wait their turn instead of failing.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    catalog: &'static Catalog,
}

pub(crate) fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn instant(ms: i64) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or(rusqlite::Error::IntegralValueOutOfRange(0, ms))
}

fn conversion(e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

/// An enum's stored name: its serde name (`long`, `pain-skip`, `A`…), so files and tables agree.
pub(crate) fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn from_name<T: DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(conversion)
}

fn from_json<T: DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(conversion)
}

fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Sqlite(e.to_string()))
}

fn date(text: &str) -> rusqlite::Result<NaiveDate> {
    text.parse().map_err(conversion)
}

const RUN_COLUMNS: &str = "id, started_at, distance_m, duration_s, kind, created_at, updated_at";
fn run_row(r: &Row) -> rusqlite::Result<Run> {
    Ok(Run {
        id: r.get(0)?,
        started_at: instant(r.get(1)?)?,
        distance_m: r.get(2)?,
        duration_s: r.get(3)?,
        kind: from_name(&r.get::<_, String>(4)?)?,
        created_at: instant(r.get(5)?)?,
        updated_at: instant(r.get(6)?)?,
    })
}

const SORENESS_COLUMNS: &str = "id, zone, side, level, at, run_id, note, created_at, updated_at";
fn soreness_row(r: &Row) -> rusqlite::Result<Soreness> {
    Ok(Soreness {
        id: r.get(0)?,
        zone: r.get(1)?,
        side: from_name(&r.get::<_, String>(2)?)?,
        level: r.get(3)?,
        at: instant(r.get(4)?)?,
        run_id: r.get(5)?,
        note: r.get(6)?,
        created_at: instant(r.get(7)?)?,
        updated_at: instant(r.get(8)?)?,
    })
}

const DOWNTIME_COLUMNS: &str = "id, date, minutes, zone, created_at, updated_at";
fn downtime_row(r: &Row) -> rusqlite::Result<Downtime> {
    Ok(Downtime {
        id: r.get(0)?,
        date: date(&r.get::<_, String>(1)?)?,
        minutes: r.get(2)?,
        zone: r.get(3)?,
        created_at: instant(r.get(4)?)?,
        updated_at: instant(r.get(5)?)?,
    })
}

const RACE_COLUMNS: &str = "id, name, date, distance_m, priority, created_at, updated_at";
fn race_row(r: &Row) -> rusqlite::Result<Race> {
    Ok(Race {
        id: r.get(0)?,
        name: r.get(1)?,
        date: date(&r.get::<_, String>(2)?)?,
        distance_m: r.get(3)?,
        priority: from_name(&r.get::<_, String>(4)?)?,
        created_at: instant(r.get(5)?)?,
        updated_at: instant(r.get(6)?)?,
    })
}

const BODYWORK_COLUMNS: &str = "id, at, minutes, done, created_at, updated_at";
fn bodywork_row(r: &Row) -> rusqlite::Result<Bodywork> {
    Ok(Bodywork {
        id: r.get(0)?,
        at: instant(r.get(1)?)?,
        minutes: r.get(2)?,
        done: r.get(3)?,
        created_at: instant(r.get(4)?)?,
        updated_at: instant(r.get(5)?)?,
    })
}

const DELIVERY_COLUMNS: &str =
    "id, reminder_id, kind, fire_at, delivered_at, created_at, updated_at";
fn delivery_row(r: &Row) -> rusqlite::Result<ReminderDelivery> {
    Ok(ReminderDelivery {
        id: r.get(0)?,
        reminder_id: r.get(1)?,
        kind: r.get(2)?,
        fire_at: instant(r.get(3)?)?,
        delivered_at: instant(r.get(4)?)?,
        created_at: instant(r.get(5)?)?,
        updated_at: instant(r.get(6)?)?,
    })
}

const SESSION_COLUMNS: &str = "id, status, started_at, ended_at, routine, created_at, updated_at";

/// A session row without its events (they are loaded separately).
fn session_row(r: &Row) -> rusqlite::Result<SessionRecord> {
    Ok(SessionRecord {
        id: r.get(0)?,
        status: from_name(&r.get::<_, String>(1)?)?,
        started_at: instant(r.get(2)?)?,
        ended_at: r.get::<_, Option<i64>>(3)?.map(instant).transpose()?,
        routine: from_json(&r.get::<_, String>(4)?)?,
        events: Vec::new(),
        created_at: instant(r.get(5)?)?,
        updated_at: instant(r.get(6)?)?,
    })
}

fn kind_name(kind: &RoutineKind) -> &'static str {
    match kind {
        RoutineKind::Daily => "daily",
        RoutineKind::Bodywork => "bodywork",
        RoutineKind::Custom { .. } => "custom",
    }
}

impl Store {
    /// Opens (creating if needed) the journal at `path`, upgrading its schema. A copy of the file
    /// is kept in the backup folder before any upgrade. A newer or damaged file is left untouched.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(path.as_ref(), schema::MIGRATIONS)
    }

    pub(crate) fn open_with(path: &Path, migrations: &[&str]) -> Result<Store, StoreError> {
        let catalog = Catalog::embedded()?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        let mut conn = schema::connect(path)?;
        // Reading the schema touches the file: a foreign or damaged file fails here.
        schema::version(&conn).map_err(|e| StoreError::at(path, e))?;
        schema::migrate(&mut conn, migrations, |conn, found| {
            backup::copy_before_migration(conn, path, found).map(|_| ())
        })
        .map_err(|e| e.on(path))?;
        Ok(Store {
            conn: Mutex::new(conn),
            path: path.to_owned(),
            catalog,
        })
    }

    /// Where the journal lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The zone content the journal validates against.
    pub fn catalog(&self) -> &'static Catalog {
        self.catalog
    }

    /// The connection. A panic while it was held cannot have left a half-written change (every
    /// change is a transaction, rolled back when dropped), so a poisoned lock is safe to reuse.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = self.lock();
        f(&conn).map_err(|e| e.on(&self.path))
    }

    /// Runs `f` in one immediate transaction: all of it is stored, or none of it.
    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.lock();
        let result: Result<T, StoreError> = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        result.map_err(|e| e.on(&self.path))
    }

    fn new_id(tx: &Connection) -> Result<String, StoreError> {
        let bytes: Vec<u8> = tx.query_row("SELECT randomblob(16)", [], |r| r.get(0))?;
        let bytes: [u8; 16] = bytes
            .try_into()
            .map_err(|_| StoreError::Sqlite("randomblob(16) returned the wrong size".into()))?;
        Ok(uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string())
    }

    // ---- sessions -------------------------------------------------------------------------

    /// Starts a session of `routine` at `now`. Refused while another session is in progress.
    pub fn start_session(
        &self,
        routine: Routine,
        now: DateTime<Utc>,
    ) -> Result<ActiveSession, StoreError> {
        let timer = Timer::start(routine, now)?;
        self.write(|tx| {
            if let Some(id) = active_id(tx)? {
                return Err(StoreError::SessionInProgress { id });
            }
            let id = Store::new_id(tx)?;
            tx.execute(
                "INSERT INTO sessions (id, kind, status, routine, started_at, ended_at, created_at, updated_at)
                 VALUES (?1, ?2, 'active', ?3, ?4, NULL, ?4, ?4)",
                params![id, kind_name(&timer.routine().kind), to_json(timer.routine())?, ms(now)],
            )?;
            insert_event(tx, &id, 0, &timer.events()[0])?;
            Ok(ActiveSession { id, timer })
        })
    }

    /// Records a timer event of the active session; it is on disk when this returns.
    pub fn record_event(
        &self,
        session_id: &str,
        event: Event,
        now: DateTime<Utc>,
    ) -> Result<Snapshot, StoreError> {
        self.write(|tx| {
            let record = load_session(tx, session_id)?;
            if record.status != SessionStatus::Active {
                return Err(TimerError::SessionOver {
                    status: match record.status {
                        SessionStatus::Aborted => Status::Aborted,
                        _ => Status::Finished,
                    },
                }
                .into());
            }
            let mut timer = Timer::from_log(record.routine, &record.events)?;
            timer.apply(event, now)?;
            let seq = timer.events().len() - 1;
            insert_event(tx, session_id, seq, &timer.events()[seq])?;
            let snapshot = timer.snapshot(now);
            let status = match snapshot.status {
                Status::Finished => "finished",
                Status::Aborted => "aborted",
                _ => "active",
            };
            tx.execute(
                "UPDATE sessions SET status = ?2, ended_at = ?3, updated_at = ?4 WHERE id = ?1",
                params![
                    session_id,
                    status,
                    (status != "active")
                        .then_some(snapshot.ended_at)
                        .flatten()
                        .map(ms),
                    ms(now)
                ],
            )?;
            Ok(snapshot)
        })
    }

    /// The session in progress, rebuilt from its stored log, if there is one.
    pub fn active_session(&self) -> Result<Option<ActiveSession>, StoreError> {
        self.read(|conn| {
            let Some(id) = active_id(conn)? else {
                return Ok(None);
            };
            let record = load_session(conn, &id)?;
            let timer = Timer::from_log(record.routine, &record.events)?;
            Ok(Some(ActiveSession { id, timer }))
        })
    }

    /// One session with its events.
    pub fn session(&self, id: &str) -> Result<SessionRecord, StoreError> {
        self.read(|conn| load_session(conn, id))
    }

    /// Sessions started in `[from, to)`, oldest first, with their events: the history screen.
    pub fn sessions_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        self.read(|conn| {
            sessions_where(
                conn,
                "started_at >= ?1 AND started_at < ?2",
                params![ms(from), ms(to)],
            )
        })
    }

    /// Start instants of finished sessions in `[from, to)`: the input of streaks and adherence.
    pub fn finished_session_starts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT started_at FROM sessions
                 WHERE status = 'finished' AND started_at >= ?1 AND started_at < ?2
                 ORDER BY started_at",
            )?;
            let rows = stmt.query_map(params![ms(from), ms(to)], |r| instant(r.get(0)?))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    // ---- runs -----------------------------------------------------------------------------

    /// Logs a run.
    pub fn add_run(&self, run: &NewRun, now: DateTime<Utc>) -> Result<Run, StoreError> {
        run.validate(now)?;
        self.write(|tx| {
            let id = Store::new_id(tx)?;
            tx.execute(
                "INSERT INTO runs (id, started_at, distance_m, duration_s, kind, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, ms(run.started_at), run.distance_m, run.duration_s, name_of(&run.kind), ms(now)],
            )?;
            get_one(tx, "runs", RUN_COLUMNS, &id, run_row)
        })
    }

    /// Corrects a logged run.
    pub fn update_run(
        &self,
        id: &str,
        run: &NewRun,
        now: DateTime<Utc>,
    ) -> Result<Run, StoreError> {
        run.validate(now)?;
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE runs SET started_at = ?2, distance_m = ?3, duration_s = ?4, kind = ?5, updated_at = ?6
                 WHERE id = ?1",
                params![id, ms(run.started_at), run.distance_m, run.duration_s, name_of(&run.kind), ms(now)],
            )?;
            if changed == 0 {
                return Err(StoreError::not_found("run", id));
            }
            get_one(tx, "runs", RUN_COLUMNS, id, run_row)
        })
    }

    /// Deletes a run; soreness logged after it stays, unlinked.
    pub fn delete_run(&self, id: &str) -> Result<(), StoreError> {
        self.delete("runs", "run", id)
    }

    /// The latest `limit` runs, newest first.
    pub fn recent_runs(&self, limit: u32) -> Result<Vec<Run>, StoreError> {
        self.read(|conn| {
            let sql =
                format!("SELECT {RUN_COLUMNS} FROM runs ORDER BY started_at DESC, id LIMIT ?1");
            query(conn, &sql, params![limit], run_row)
        })
    }

    /// Runs started in `[from, to)`, oldest first.
    pub fn runs_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Run>, StoreError> {
        self.between("runs", RUN_COLUMNS, "started_at", from, to, run_row)
    }

    /// The latest long run (by the long-run rule) started before `before`.
    pub fn last_long_run(
        &self,
        before: DateTime<Utc>,
        threshold_m: u32,
    ) -> Result<Option<Run>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {RUN_COLUMNS} FROM runs
                 WHERE started_at < ?1 AND (kind = 'long' OR distance_m >= ?2)
                 ORDER BY started_at DESC LIMIT 1"
            );
            Ok(query(conn, &sql, params![ms(before), threshold_m], run_row)?.pop())
        })
    }

    // ---- soreness -------------------------------------------------------------------------

    /// Logs soreness in one zone.
    pub fn add_soreness(
        &self,
        entry: &NewSoreness,
        now: DateTime<Utc>,
    ) -> Result<Soreness, StoreError> {
        entry.validate(self.catalog, now)?;
        let mut stored = self.insert_soreness(std::slice::from_ref(entry), now)?;
        stored
            .pop()
            .ok_or_else(|| StoreError::Sqlite("the entry was not stored".into()))
    }

    /// Logs several soreness entries at once (the post-run prompt): all or none.
    pub fn add_soreness_batch(
        &self,
        entries: &[NewSoreness],
        now: DateTime<Utc>,
    ) -> Result<Vec<Soreness>, StoreError> {
        for (i, e) in entries.iter().enumerate() {
            e.validate(self.catalog, now).map_err(|err| match err {
                StoreError::Invalid { field, message } => {
                    StoreError::invalid(&format!("[{i}].{field}"), message)
                }
                other => other,
            })?;
        }
        self.insert_soreness(entries, now)
    }

    /// Stores validated soreness entries in one transaction.
    fn insert_soreness(
        &self,
        entries: &[NewSoreness],
        now: DateTime<Utc>,
    ) -> Result<Vec<Soreness>, StoreError> {
        self.write(|tx| {
            let mut stored = Vec::with_capacity(entries.len());
            for entry in entries {
                if let Some(run_id) = &entry.run_id {
                    require(tx, "runs", "run", run_id)?;
                }
                let id = Store::new_id(tx)?;
                tx.execute(
                    "INSERT INTO soreness (id, zone, side, level, at, run_id, note, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                    params![id, entry.zone, name_of(&entry.side), entry.level, ms(entry.at), entry.run_id, entry.note, ms(now)],
                )?;
                stored.push(get_one(tx, "soreness", SORENESS_COLUMNS, &id, soreness_row)?);
            }
            Ok(stored)
        })
    }

    /// Deletes a soreness entry.
    pub fn delete_soreness(&self, id: &str) -> Result<(), StoreError> {
        self.delete("soreness", "soreness entry", id)
    }

    /// Soreness felt in `[from, to)`, oldest first.
    pub fn soreness_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Soreness>, StoreError> {
        self.between("soreness", SORENESS_COLUMNS, "at", from, to, soreness_row)
    }

    /// One zone's soreness in `[from, to)`, oldest first: the trend chart.
    pub fn soreness_series(
        &self,
        zone: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Soreness>, StoreError> {
        if self.catalog.zone(zone).is_none() {
            return Err(StoreError::invalid(
                "zone",
                format!("unknown zone {zone:?}"),
            ));
        }
        self.read(|conn| {
            let sql = format!(
                "SELECT {SORENESS_COLUMNS} FROM soreness WHERE zone = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id"
            );
            query(conn, &sql, params![zone, ms(from), ms(to)], soreness_row)
        })
    }

    // ---- downtime -------------------------------------------------------------------------

    /// Logs training time lost to pain.
    pub fn add_downtime(
        &self,
        entry: &NewDowntime,
        now: DateTime<Utc>,
    ) -> Result<Downtime, StoreError> {
        entry.validate(self.catalog, now)?;
        self.write(|tx| {
            let id = Store::new_id(tx)?;
            tx.execute(
                "INSERT INTO downtime (id, date, minutes, zone, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![
                    id,
                    entry.date.to_string(),
                    entry.minutes,
                    entry.zone,
                    ms(now)
                ],
            )?;
            get_one(tx, "downtime", DOWNTIME_COLUMNS, &id, downtime_row)
        })
    }

    /// Downtime on local dates in `[from, to]`, oldest first.
    pub fn downtime_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Downtime>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {DOWNTIME_COLUMNS} FROM downtime WHERE date >= ?1 AND date <= ?2 ORDER BY date, id"
            );
            query(conn, &sql, params![from.to_string(), to.to_string()], downtime_row)
        })
    }

    // ---- races ----------------------------------------------------------------------------

    /// Adds a race.
    pub fn add_race(&self, race: &NewRace, now: DateTime<Utc>) -> Result<Race, StoreError> {
        race.validate()?;
        self.write(|tx| {
            let id = Store::new_id(tx)?;
            tx.execute(
                "INSERT INTO races (id, name, date, distance_m, priority, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    id,
                    race.name.trim(),
                    race.date.to_string(),
                    race.distance_m,
                    name_of(&race.priority),
                    ms(now)
                ],
            )?;
            get_one(tx, "races", RACE_COLUMNS, &id, race_row)
        })
    }

    /// Deletes a race.
    pub fn delete_race(&self, id: &str) -> Result<(), StoreError> {
        self.delete("races", "race", id)
    }

    /// Every race, by date.
    pub fn races(&self) -> Result<Vec<Race>, StoreError> {
        self.read(|conn| {
            let sql = format!("SELECT {RACE_COLUMNS} FROM races ORDER BY date, id");
            query(conn, &sql, [], race_row)
        })
    }

    // ---- bodywork -------------------------------------------------------------------------

    /// Adds a bodywork appointment.
    pub fn add_bodywork(
        &self,
        entry: &NewBodywork,
        now: DateTime<Utc>,
    ) -> Result<Bodywork, StoreError> {
        entry.validate()?;
        self.write(|tx| {
            let id = Store::new_id(tx)?;
            tx.execute(
                "INSERT INTO bodywork (id, at, minutes, done, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 0, ?4, ?4)",
                params![id, ms(entry.at), entry.minutes, ms(now)],
            )?;
            get_one(tx, "bodywork", BODYWORK_COLUMNS, &id, bodywork_row)
        })
    }

    /// Marks an appointment as done (or not).
    pub fn set_bodywork_done(
        &self,
        id: &str,
        done: bool,
        now: DateTime<Utc>,
    ) -> Result<Bodywork, StoreError> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE bodywork SET done = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, done, ms(now)],
            )?;
            if changed == 0 {
                return Err(StoreError::not_found("bodywork appointment", id));
            }
            get_one(tx, "bodywork", BODYWORK_COLUMNS, id, bodywork_row)
        })
    }

    /// Deletes an appointment.
    pub fn delete_bodywork(&self, id: &str) -> Result<(), StoreError> {
        self.delete("bodywork", "bodywork appointment", id)
    }

    /// Appointments in `[from, to)`, by time.
    pub fn bodywork_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Bodywork>, StoreError> {
        self.between("bodywork", BODYWORK_COLUMNS, "at", from, to, bodywork_row)
    }

    // ---- settings -------------------------------------------------------------------------

    /// The runner's settings (the defaults until they change one).
    pub fn settings(&self) -> Result<Settings, StoreError> {
        self.read(|conn| {
            let body: Option<String> = conn
                .query_row(
                    "SELECT body FROM settings WHERE id = ?1",
                    [SETTINGS_ID],
                    |r| r.get(0),
                )
                .optional()?;
            match body {
                Some(body) => Ok(from_json(&body)?),
                None => Ok(Settings::default()),
            }
        })
    }

    /// Replaces the settings.
    pub fn set_settings(&self, settings: &Settings, now: DateTime<Utc>) -> Result<(), StoreError> {
        settings.validate(self.catalog)?;
        let body = to_json(settings)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (id, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
                 ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                params![SETTINGS_ID, body, ms(now)],
            )?;
            Ok(())
        })
    }

    // ---- reminder log ---------------------------------------------------------------------

    /// Records that the phone delivered a reminder.
    pub fn record_delivery(
        &self,
        reminder_id: &str,
        kind: &str,
        fire_at: DateTime<Utc>,
        delivered_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<ReminderDelivery, StoreError> {
        records::validate_delivery(reminder_id, kind)?;
        self.write(|tx| {
            let id = Store::new_id(tx)?;
            tx.execute(
                "INSERT INTO reminder_log (id, reminder_id, kind, fire_at, delivered_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, reminder_id, kind, ms(fire_at), ms(delivered_at), ms(now)],
            )?;
            get_one(tx, "reminder_log", DELIVERY_COLUMNS, &id, delivery_row)
        })
    }

    /// The most recent delivery, if any.
    pub fn last_delivery(&self) -> Result<Option<ReminderDelivery>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {DELIVERY_COLUMNS} FROM reminder_log ORDER BY delivered_at DESC, id LIMIT 1"
            );
            Ok(query(conn, &sql, [], delivery_row)?.pop())
        })
    }

    // ---- shared ---------------------------------------------------------------------------

    /// Rows of `table` whose `column` (an instant) lies in `[from, to)`, oldest first.
    fn between<T>(
        &self,
        table: &str,
        columns: &str,
        column: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        row: fn(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {columns} FROM {table} WHERE {column} >= ?1 AND {column} < ?2 ORDER BY {column}, id"
            );
            query(conn, &sql, params![ms(from), ms(to)], row)
        })
    }

    /// Whether `table` has a row with this id.
    fn has(&self, table: &str, id: &str) -> Result<bool, StoreError> {
        self.read(|conn| match require(conn, table, table, id) {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound { .. }) => Ok(false),
            Err(e) => Err(e),
        })
    }

    fn delete(&self, table: &str, what: &str, id: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let changed = tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
            if changed == 0 {
                return Err(StoreError::not_found(what, id));
            }
            Ok(())
        })
    }
}

/// The settings row's fixed id: there is one settings record per journal.
pub(crate) const SETTINGS_ID: &str = "00000000-0000-4000-8000-000000000001";

fn query<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    row: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn get_one<T>(
    conn: &Connection,
    table: &str,
    columns: &str,
    id: &str,
    row: fn(&Row) -> rusqlite::Result<T>,
) -> Result<T, StoreError> {
    let sql = format!("SELECT {columns} FROM {table} WHERE id = ?1");
    query(conn, &sql, [id], row)?
        .pop()
        .ok_or_else(|| StoreError::not_found(table, id))
}

fn require(conn: &Connection, table: &str, what: &str, id: &str) -> Result<(), StoreError> {
    let found: Option<i64> = conn
        .query_row(&format!("SELECT 1 FROM {table} WHERE id = ?1"), [id], |r| {
            r.get(0)
        })
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| StoreError::not_found(what, id))
}

fn active_id(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT id FROM sessions WHERE status = 'active'", [], |r| {
            r.get(0)
        })
        .optional()?)
}

fn insert_event(
    conn: &Connection,
    session: &str,
    seq: usize,
    e: &TimedEvent,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO session_events (session_id, seq, at, event) VALUES (?1, ?2, ?3, ?4)",
        params![session, seq as i64, ms(e.at), name_of(&e.event)],
    )?;
    Ok(())
}

fn events_of(conn: &Connection, session: &str) -> Result<Vec<TimedEvent>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, event FROM session_events WHERE session_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([session], |r| {
        Ok(TimedEvent {
            at: instant(r.get(0)?)?,
            event: from_name(&r.get::<_, String>(1)?)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn load_session(conn: &Connection, id: &str) -> Result<SessionRecord, StoreError> {
    let mut record =
        get_one(conn, "sessions", SESSION_COLUMNS, id, session_row).map_err(|e| match e {
            StoreError::NotFound { id, .. } => StoreError::not_found("session", &id),
            other => other,
        })?;
    record.events = events_of(conn, id)?;
    Ok(record)
}

fn sessions_where<P: rusqlite::Params>(
    conn: &Connection,
    filter: &str,
    params: P,
) -> Result<Vec<SessionRecord>, StoreError> {
    let sql =
        format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE {filter} ORDER BY started_at, id");
    let mut sessions = query(conn, &sql, params, session_row)?;
    for s in &mut sessions {
        s.events = events_of(conn, &s.id)?;
    }
    Ok(sessions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_of(conn: &Connection) -> Vec<(String, String, Option<String>)> {
        let mut stmt = conn
            .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
            .expect("schema query");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("schema")
    }

    #[test]
    fn every_connection_gets_the_pragmas() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(dir.path().join("f.db")).expect("open");
        let conn = store.lock();
        let get = |p: &str| -> String {
            conn.query_row(&format!("PRAGMA {p}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .expect("pragma")
        };
        assert_eq!(get("journal_mode"), "wal");
        assert_eq!(get("foreign_keys"), "1");
        assert_eq!(get("synchronous"), "2", "FULL");
        assert_eq!(get("temp_store"), "2", "MEMORY");
        assert_eq!(get("busy_timeout"), "10000");
        assert_eq!(get("user_version"), SCHEMA_VERSION.to_string());
    }

    #[test]
    fn every_past_schema_upgrades_to_the_fresh_schema_with_its_data() {
        let dir = tempfile::tempdir().expect("dir");
        let fresh = Store::open(dir.path().join("fresh.db")).expect("fresh");
        let want = schema_of(&fresh.lock());
        for past in 0..schema::MIGRATIONS.len() {
            let path = dir.path().join(format!("v{past}.db"));
            let old = Store::open_with(&path, &schema::MIGRATIONS[..past]).expect("old schema");
            drop(old);
            let upgraded = Store::open(&path).expect("upgrade");
            assert_eq!(schema_of(&upgraded.lock()), want, "from version {past}");
        }
    }

    /// A made-up second version proves the mechanism: data kept, a copy taken first, and a
    /// failing step leaves the file exactly at its old version.
    #[test]
    fn upgrades_keep_data_copy_the_file_first_and_fail_as_a_whole() {
        const V2: &str = "ALTER TABLE runs ADD COLUMN feel INTEGER;";
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("j.db");
        let now = DateTime::from_timestamp(1_790_000_000, 0).expect("now");
        let v1 = Store::open_with(&path, &[schema::MIGRATIONS[0]]).expect("v1");
        let run = NewRun {
            started_at: now,
            distance_m: 10_000,
            duration_s: 3_000,
            kind: RunKind::Easy,
        };
        let stored = v1.add_run(&run, now).expect("run");
        drop(v1);

        let broken = Store::open_with(&path, &[schema::MIGRATIONS[0], V2, "NOT SQL AT ALL"]);
        assert!(matches!(broken, Err(StoreError::Sqlite(_))));
        let conn = Connection::open(&path).expect("raw");
        assert_eq!(
            schema::version(&conn).expect("version"),
            1,
            "rolled back whole"
        );
        drop(conn);

        let v2 = Store::open_with(&path, &[schema::MIGRATIONS[0], V2]).expect("v2");
        assert_eq!(v2.recent_runs(1).expect("runs"), vec![stored]);
        let copies = v2.list_backups().expect("backups");
        assert!(
            copies.iter().any(|b| b.id == "pre-migration-v1.db"),
            "{copies:?}"
        );
        drop(v2);
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::NewerThanCode {
                found: 2,
                supported: 1
            })
        ));
    }
}
