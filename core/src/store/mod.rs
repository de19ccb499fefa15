//! The journal's storage: months of a runner's health data, kept only on their phone, in SQLite.
//! Private to the crate; frontends go through [`crate::Journal`].
//!
//! Every write is one immediate transaction that is on disk when the call returns
//! (`synchronous = FULL` in WAL mode). Bad input is refused with a typed error before anything is
//! written. A damaged file is never deleted: it is reported with the newest good backup.
//! Details in `docs/storage.md`.

mod backup;
pub(crate) mod blob;
pub(crate) mod export;
pub(crate) mod files;
pub(crate) mod imports;
pub(crate) mod schema;
pub(crate) mod sessions;
pub(crate) mod table;
mod v2;

pub(crate) use backup::{backups_of, dir_for};

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

pub(crate) use crate::error::{storage_problem, StoreError};
use crate::model::{
    Bodywork, Downtime, NewBodywork, NewDowntime, NewRace, NewRun, NewSoreness, Race,
    ReminderDelivery, ReminderKind, Run, SessionRecord, SessionStatus, Settings, Soreness,
};
use crate::routine::Routine;
use crate::vocab::Invalid;
use crate::vocab::{Event, TimedEvent};
use crate::zones::Catalog;
pub(crate) use sessions::{CountsAsDone, SessionUpdate};
use table::{instant, ms, Table};

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

    pub(crate) fn io(path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    pub(crate) fn not_found(what: &'static str, id: &str) -> StoreError {
        StoreError::NotFound {
            what,
            id: id.to_owned(),
        }
    }
}

/// The runner's journal on disk. Safe to share between threads: calls are serialised on one
/// connection, and other connections to the same file wait their turn instead of failing.
#[derive(Debug)]
pub(crate) struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    catalog: &'static Catalog,
    counts: CountsAsDone,
}

/// The shortest start of an id the journal looks a record up by: a shorter one would often mean
/// several records.
pub(crate) const MIN_ID_PREFIX: usize = 4;
/// How many of the ids an ambiguous prefix starts its error lists.
pub(crate) const AMBIGUOUS_LISTED: usize = 10;

/// Start instants of finished sessions that count as done, in `[?1, ?2)`, in order: answered from
/// the partial index `sessions_counted_by_start` alone.
const FINISHED_STARTS: &str = "SELECT started_at FROM sessions
     WHERE status = 'finished' AND counted = 1 AND started_at >= ?1 AND started_at < ?2
     ORDER BY started_at";

/// The settings row's fixed id: there is one settings record per journal.
pub(crate) const SETTINGS_ID: [u8; 16] = [0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 1];

impl Store {
    /// Opens (creating if needed) the journal at `path`, upgrading its schema. A copy of the file
    /// is kept in the backup folder before any upgrade. A newer or damaged file is left untouched.
    ///
    /// Launching also finishes a restore in place of a damaged journal that was killed
    /// (`backup::finish_restore`), refuses to create a journal where one is missing but its
    /// damaged file, restore or write-ahead log lies beside it (`Damaged`, with the newest good
    /// backup), and removes what killed writes left: temporary copies in the backups folder and
    /// the journal's own temporary files beside it, once the process that made them is gone.
    ///
    /// `catalog` is the zone content records are checked against; `counts` says whether a
    /// stored session counts as done (an upgrade fills that in).
    pub fn open(
        path: impl AsRef<Path>,
        catalog: &'static Catalog,
        counts: CountsAsDone,
    ) -> Result<Store, StoreError> {
        Store::open_with(
            path.as_ref(),
            schema::MIGRATIONS,
            Some(schema::LATEST),
            catalog,
            counts,
        )
    }

    pub(crate) fn open_with(
        path: &Path,
        migrations: &[schema::Migration],
        fresh: Option<schema::Migration>,
        catalog: &'static Catalog,
        counts: CountsAsDone,
    ) -> Result<Store, StoreError> {
        // A folder already there (every launch but the first) is seen with one look, where
        // `create_dir_all` tries to make it first.
        if let Some(parent) = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !p.is_dir())
        {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        backup::finish_restore(path)?;
        if !files::taken(path) {
            backup::refuse_empty_in_place_of(path)?;
        }
        let latest = u32::try_from(migrations.len()).unwrap_or(u32::MAX);
        let (mut conn, identity) = schema::connect(path, latest)?;
        // A journal `connect` found stamped and at the latest schema (every launch but the
        // first of a new version) has nothing to upgrade: its version is not read again.
        let current = schema::Identity::Journal {
            version: latest,
            stamped: true,
        };
        if identity != current {
            schema::migrate(&mut conn, migrations, fresh, counts, |conn, found| {
                backup::copy_before_migration(conn, path, found).map(|_| ())
            })
            .map_err(|e| e.on(path))?;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        files::remove_leftovers(&backup::dir_for(path), "");
        files::remove_leftovers(files::parent(path), &format!("{name}."));
        Ok(Store {
            conn: Mutex::new(conn),
            path: path.to_owned(),
            catalog,
            counts,
        })
    }

    /// Opens the journal only to read it, without writing a byte (not even SQLite's shared-memory
    /// file): for a full disk or a read-only folder. Possible only when its write-ahead log is
    /// empty (it was closed cleanly), so every committed change is in the main file; otherwise
    /// the error that made the normal open fail is returned. Writes then fail as read-only.
    pub fn open_read_only(
        path: &Path,
        failed: StoreError,
        catalog: &'static Catalog,
        counts: CountsAsDone,
    ) -> Result<Store, StoreError> {
        let mut wal = path.as_os_str().to_os_string();
        wal.push("-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) || !path.is_file() {
            return Err(failed);
        }
        let conn = files::open_immutable(path)?;
        let identity = schema::identify(&conn, path, schema::SCHEMA_VERSION)?;
        // The schema is read now, as opening for writing reads it: a damaged one is found here.
        schema::read_schema(&conn).map_err(|e| StoreError::at(path, e))?;
        match identity {
            schema::Identity::Journal { version, .. } if version == schema::SCHEMA_VERSION => {
                Ok(Store {
                    conn: Mutex::new(conn),
                    path: path.to_owned(),
                    catalog,
                    counts,
                })
            }
            _ => Err(failed),
        }
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
        let bytes: [u8; 16] = bytes.try_into().map_err(|_| {
            StoreError::Sqlite(rusqlite::Error::InvalidColumnType(
                0,
                "randomblob(16)".into(),
                rusqlite::types::Type::Blob,
            ))
        })?;
        Ok(uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string())
    }

    /// Stores a new record made from `make(id)`, and reads it back.
    fn add<T: table::Stored>(&self, make: impl FnOnce(String) -> T) -> Result<T, StoreError> {
        self.write(|tx| {
            let record = make(Store::new_id(tx)?);
            table::insert(tx, &record)?;
            table::get(tx, record.id())
        })
    }

    /// The full id of the one record of `T` whose id starts with `prefix`, in any case (as git
    /// takes the shortest unique start of a commit's hash). A prefix shorter than
    /// [`MIN_ID_PREFIX`] is refused; one that starts no id is not found; one that starts several
    /// is [`StoreError::AmbiguousId`], listing them.
    pub fn resolve_id<T: Table>(&self, prefix: &str) -> Result<String, StoreError> {
        let prefix = prefix.trim();
        if prefix.chars().count() < MIN_ID_PREFIX {
            return Err(Invalid::new(
                "id",
                format!(
                    "give at least {MIN_ID_PREFIX} characters of the {}'s id, got {prefix:?}",
                    T::WHAT
                ),
            )
            .into());
        }
        let mut ids =
            self.read(|conn| table::ids_starting::<T>(conn, prefix, AMBIGUOUS_LISTED + 1))?;
        match ids.len() {
            0 => Err(StoreError::not_found(T::WHAT, prefix)),
            1 => Ok(ids.remove(0)),
            n => {
                ids.truncate(AMBIGUOUS_LISTED);
                Err(StoreError::AmbiguousId {
                    what: T::WHAT,
                    prefix: prefix.to_owned(),
                    matches: ids,
                    more: n > AMBIGUOUS_LISTED,
                })
            }
        }
    }

    /// The record of `T` with this id.
    pub fn get<T: Table>(&self, id: &str) -> Result<T, StoreError> {
        self.read(|conn| table::get(conn, id))
    }

    /// Writes `record` over the stored one with its id (keeping when it was created) and reads
    /// it back.
    fn update<T: table::Stored>(&self, record: T) -> Result<T, StoreError> {
        self.write(|tx| {
            table::replace(tx, &record)?;
            table::get(tx, record.id())
        })
    }

    fn remove<T: table::Deletable>(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(|tx| table::delete::<T>(tx, id, now))
    }

    fn between<T: Table>(
        &self,
        column: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<T>, StoreError> {
        self.read(|conn| table::between(conn, column, from, to))
    }

    // ---- sessions -------------------------------------------------------------------------

    /// Stores a new session of `routine` whose log is `events` (its start), started at `now`.
    /// Refused while another session is in progress. Returns its id.
    pub fn start_session(
        &self,
        routine: Arc<Routine>,
        events: Vec<TimedEvent>,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        self.write(|tx| {
            if let Some(id) = sessions::active_id(tx)? {
                return Err(StoreError::SessionInProgress { id });
            }
            let record = SessionRecord {
                id: Store::new_id(tx)?,
                status: SessionStatus::Active,
                started_at: now,
                ended_at: None,
                routine,
                events,
                created_at: now,
                updated_at: now,
            };
            sessions::insert(tx, &record)?;
            Ok(record.id)
        })
    }

    /// Changes the session `session_id` in one transaction: `change` reads the stored session and
    /// says what to keep (the session module replays it; the store never does); that is stored,
    /// and what `change` returned beside it is returned. A refused change stores nothing.
    pub fn update_session<T, E: From<StoreError>>(
        &self,
        session_id: &str,
        now: DateTime<Utc>,
        change: impl FnOnce(&SessionRecord) -> Result<(SessionUpdate, T), E>,
    ) -> Result<T, E> {
        let mut conn = self.lock();
        let on = |e: StoreError| E::from(e.on(&self.path));
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| on(e.into()))?;
        let record = sessions::load(&tx, session_id).map_err(on)?;
        let (update, value) = change(&record)?;
        sessions::record(&tx, &record, &update, now).map_err(on)?;
        tx.commit().map_err(|e| on(e.into()))?;
        Ok(value)
    }

    /// The session in progress, as stored, if there is one.
    pub fn active_session(&self) -> Result<Option<SessionRecord>, StoreError> {
        self.read(|conn| Snapshot(conn).active_session())
    }

    /// One session with its events.
    pub fn session(&self, id: &str) -> Result<SessionRecord, StoreError> {
        self.read(|conn| sessions::load(conn, id))
    }

    /// Sessions started in `[from, to)`, oldest first, with their events: the history screen.
    pub fn sessions_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        self.read(|conn| table::between(conn, "s.started_at", from, to))
    }

    /// Sessions started in `[from, to)` that hold a pain-skip, oldest first, with their events:
    /// the only sessions a pain stop can come from. Finding them reads the packed event logs
    /// alone; the routine of a session without a pain-skip is never decoded.
    pub fn sessions_with_pain_skips(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        self.read(|conn| Snapshot(conn).sessions_with_pain_skips(from, to))
    }

    /// Start instants of finished sessions in `[from, to)`: the input of streaks and adherence.
    pub fn finished_session_starts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(FINISHED_STARTS)?;
            let rows = stmt.query_map(params![ms(from), ms(to)], |r| instant(r.get(0)?))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    // ---- runs -----------------------------------------------------------------------------

    /// Logs a run.
    pub fn add_run(&self, run: &NewRun, now: DateTime<Utc>, zone: &str) -> Result<Run, StoreError> {
        run.validate(now)?;
        self.add(|id| Run {
            time_zone: Some(zone.to_owned()),
            ..run.stored(id, now)
        })
    }

    /// Corrects a logged run.
    pub fn update_run(
        &self,
        id: &str,
        run: &NewRun,
        now: DateTime<Utc>,
        zone: &str,
    ) -> Result<Run, StoreError> {
        run.validate(now)?;
        self.write(|tx| {
            // What an import measured and where it came from stay with the run.
            let old: Run = table::get(tx, id)?;
            let record = Run {
                time_zone: Some(zone.to_owned()),
                source: old.source,
                source_id: old.source_id,
                cadence_spm: old.cadence_spm,
                elevation_gain_m: old.elevation_gain_m,
                ..run.stored(id.to_owned(), now)
            };
            table::replace(tx, &record)?;
            table::get(tx, id)
        })
    }

    /// Deletes a run; soreness logged after it stays, unlinked.
    pub fn delete_run(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(|tx| imports::delete_run(tx, id, now))
    }

    /// The latest `limit` runs, newest first.
    pub fn recent_runs(&self, limit: u32) -> Result<Vec<Run>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {} FROM runs ORDER BY started_at DESC, id LIMIT ?1",
                Run::COLUMNS.join(", ")
            );
            table::query(conn, &sql, params![limit])
        })
    }

    /// Runs started in `[from, to)`, oldest first.
    pub fn runs_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Run>, StoreError> {
        self.between("started_at", from, to)
    }

    // ---- soreness -------------------------------------------------------------------------

    /// Logs soreness entries (one, or the post-run check-in's several): all or none.
    pub fn add_soreness(
        &self,
        entries: &[NewSoreness],
        now: DateTime<Utc>,
        zone: &str,
    ) -> Result<Vec<Soreness>, StoreError> {
        for (i, e) in entries.iter().enumerate() {
            // One entry's fields are named plainly; in a batch, with the entry's position.
            e.validate(self.catalog, now)
                .map_err(|err| match entries.len() {
                    1 => err,
                    _ => err.within(&format!("[{i}]")),
                })?;
        }
        self.write(|tx| {
            let mut stored = Vec::with_capacity(entries.len());
            for entry in entries {
                if let Some(run_id) = &entry.run_id {
                    if !table::exists::<Run>(tx, run_id)? {
                        return Err(StoreError::not_found(Run::WHAT, run_id));
                    }
                }
                let record = Soreness {
                    time_zone: Some(zone.to_owned()),
                    ..entry.stored(Store::new_id(tx)?, now)
                };
                table::insert(tx, &record)?;
                stored.push(record);
            }
            Ok(stored)
        })
    }

    /// Corrects a soreness entry.
    pub fn update_soreness(
        &self,
        id: &str,
        entry: &NewSoreness,
        now: DateTime<Utc>,
        zone: &str,
    ) -> Result<Soreness, StoreError> {
        entry.validate(self.catalog, now)?;
        if let Some(run) = &entry.run_id {
            if !self.read(|conn| table::exists::<Run>(conn, run))? {
                return Err(StoreError::not_found(Run::WHAT, run));
            }
        }
        self.update(Soreness {
            time_zone: Some(zone.to_owned()),
            ..entry.stored(id.to_owned(), now)
        })
    }

    /// Deletes a soreness entry.
    pub fn delete_soreness(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.remove::<Soreness>(id, now)
    }

    /// Soreness felt in `[from, to)`, oldest first.
    pub fn soreness_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Soreness>, StoreError> {
        self.read(|conn| Snapshot(conn).soreness_between(from, to))
    }

    // ---- downtime -------------------------------------------------------------------------

    /// Logs training time lost to pain.
    pub fn add_downtime(
        &self,
        entry: &NewDowntime,
        now: DateTime<Utc>,
    ) -> Result<Downtime, StoreError> {
        entry.validate(self.catalog, now)?;
        self.add(|id| entry.stored(id, now))
    }

    /// Corrects a downtime entry.
    pub fn update_downtime(
        &self,
        id: &str,
        entry: &NewDowntime,
        now: DateTime<Utc>,
    ) -> Result<Downtime, StoreError> {
        entry.validate(self.catalog, now)?;
        self.update(entry.stored(id.to_owned(), now))
    }

    /// Deletes a downtime entry.
    pub fn delete_downtime(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.remove::<Downtime>(id, now)
    }

    /// Downtime on local dates in `[from, to]`, oldest first.
    pub fn downtime_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Downtime>, StoreError> {
        // Dates are stored as ISO text, which sorts as dates only for years 0000–9999: a bound
        // outside them (NaiveDate::MIN prints as "-262143-01-01") is brought inside first.
        let first = NaiveDate::from_ymd_opt(0, 1, 1).unwrap_or(NaiveDate::MIN);
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
        let (from, to) = (from.clamp(first, last), to.clamp(first, last));
        self.read(|conn| {
            table::select(
                conn,
                "date >= ?1 AND date <= ?2",
                params![from.to_string(), to.to_string()],
            )
        })
    }

    // ---- races ----------------------------------------------------------------------------

    /// Adds a race.
    pub fn add_race(&self, race: &NewRace, now: DateTime<Utc>) -> Result<Race, StoreError> {
        race.validate()?;
        self.write(|tx| {
            let mut stored = race.stored(Store::new_id(tx)?, now);
            stored.name = stored.name.trim().to_owned();
            refuse_duplicate_race(tx, &stored)?;
            table::insert(tx, &stored)?;
            table::get(tx, &stored.id)
        })
    }

    /// Corrects a race.
    pub fn update_race(
        &self,
        id: &str,
        race: &NewRace,
        now: DateTime<Utc>,
    ) -> Result<Race, StoreError> {
        race.validate()?;
        let mut stored = race.stored(id.to_owned(), now);
        stored.name = stored.name.trim().to_owned();
        self.write(|tx| {
            refuse_duplicate_race(tx, &stored)?;
            table::replace(tx, &stored)?;
            table::get(tx, &stored.id)
        })
    }

    /// Deletes a race.
    pub fn delete_race(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.remove::<Race>(id, now)
    }

    /// Every race, by date.
    pub fn races(&self) -> Result<Vec<Race>, StoreError> {
        self.read(|conn| Snapshot(conn).races())
    }

    // ---- bodywork -------------------------------------------------------------------------

    /// Adds a bodywork appointment.
    pub fn add_bodywork(
        &self,
        entry: &NewBodywork,
        now: DateTime<Utc>,
        zone: &str,
    ) -> Result<Bodywork, StoreError> {
        entry.validate()?;
        self.add(|id| Bodywork {
            time_zone: Some(zone.to_owned()),
            ..entry.stored(id, now)
        })
    }

    /// Moves or resizes an appointment (whether it took place is kept).
    pub fn update_bodywork(
        &self,
        id: &str,
        entry: &NewBodywork,
        now: DateTime<Utc>,
        zone: &str,
    ) -> Result<Bodywork, StoreError> {
        entry.validate()?;
        self.write(|tx| {
            let done = table::get::<Bodywork>(tx, id)?.done;
            table::replace(
                tx,
                &Bodywork {
                    done,
                    time_zone: Some(zone.to_owned()),
                    ..entry.stored(id.to_owned(), now)
                },
            )?;
            table::get(tx, id)
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
            let mut b: Bodywork = table::get(tx, id)?;
            b.done = done;
            b.updated_at = now;
            table::replace(tx, &b)?;
            table::get(tx, id)
        })
    }

    /// Deletes an appointment.
    pub fn delete_bodywork(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.remove::<Bodywork>(id, now)
    }

    /// Appointments in `[from, to)`, by time.
    pub fn bodywork_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Bodywork>, StoreError> {
        self.read(|conn| Snapshot(conn).bodywork_between(from, to))
    }

    // ---- settings -------------------------------------------------------------------------

    /// The runner's settings (the defaults until they change one).
    pub fn settings(&self) -> Result<Settings, StoreError> {
        self.read(|conn| Snapshot(conn).settings())
    }

    /// Replaces the settings.
    pub fn set_settings(&self, settings: &Settings, now: DateTime<Utc>) -> Result<(), StoreError> {
        settings.validate(self.catalog)?;
        let body = blob::settings_json(settings)?;
        self.write(|tx| {
            tx.execute(
                &format!(
                    "INSERT INTO settings (id, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
                     ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = {}",
                    table::later_than("settings.updated_at", "excluded.updated_at")
                ),
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
        kind: ReminderKind,
        fire_at: DateTime<Utc>,
        delivered_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<ReminderDelivery, StoreError> {
        crate::model::validate_delivery(reminder_id, fire_at, delivered_at)?;
        self.add(|id| ReminderDelivery {
            id,
            reminder_id: reminder_id.to_owned(),
            kind,
            fire_at,
            delivered_at,
            created_at: now,
            updated_at: now,
        })
    }

    /// The most recent delivery, if any.
    pub fn last_delivery(&self) -> Result<Option<ReminderDelivery>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {} FROM reminder_log ORDER BY delivered_at DESC, id LIMIT 1",
                ReminderDelivery::COLUMNS.join(", ")
            );
            Ok(table::query(conn, &sql, [])?.pop())
        })
    }

    /// Whether a run with this id is stored.
    pub(crate) fn has_run(&self, id: &str) -> Result<bool, StoreError> {
        self.read(|conn| table::exists::<Run>(conn, id))
    }
}

/// Reads made on one read transaction ([`Store::snapshot`]): the queries of a screen see one
/// state of the journal, even while another process writes, and take the read lock once.
pub(crate) struct Snapshot<'c>(&'c Connection);

impl Store {
    /// Runs `f` on one read transaction of the journal (a deferred one, ended when `f` returns):
    /// one consistent view for the several queries of a screen. The connection is held
    /// meanwhile, so `f` reads through the snapshot alone, never through the store.
    pub fn snapshot<T>(
        &self,
        f: impl FnOnce(&Snapshot) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.read(|conn| {
            // Only reads: ending it changes nothing, and a failed read ends it as it is dropped.
            let tx = conn.unchecked_transaction()?;
            let value = f(&Snapshot(&tx))?;
            tx.commit()?;
            Ok(value)
        })
    }
}

impl Snapshot<'_> {
    /// See [`Store::settings`].
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let body: Option<String> = self
            .0
            .prepare_cached("SELECT body FROM settings WHERE id = ?1")?
            .query_row([SETTINGS_ID], |r| r.get(0))
            .optional()?;
        match body {
            Some(body) => blob::settings(&body),
            None => Ok(Settings::default()),
        }
    }

    /// See [`Store::active_session`].
    pub fn active_session(&self) -> Result<Option<SessionRecord>, StoreError> {
        let Some(id) = sessions::active_id(self.0)? else {
            return Ok(None);
        };
        sessions::load(self.0, &id).map(Some)
    }

    /// See [`Store::sessions_with_pain_skips`].
    pub fn sessions_with_pain_skips(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        let conn = self.0;
        let mut stmt = conn.prepare_cached(
            "SELECT id, started_at, events FROM sessions
             WHERE started_at >= ?1 AND started_at < ?2",
        )?;
        let mut rows = stmt.query(params![ms(from), ms(to)])?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            let started_at = instant(r.get(1)?)?;
            // The log read in place; anything but a blob fails as `get` says.
            let events = match r.get_ref(2)? {
                rusqlite::types::ValueRef::Blob(log) => sessions::decode(started_at, log)?,
                _ => sessions::decode(started_at, &r.get::<_, Vec<u8>>(2)?)?,
            };
            if events.iter().any(|e| e.event == Event::PainSkip) {
                found.push((started_at, table::id_text(&r.get::<_, Vec<u8>>(0)?)?));
            }
        }
        // The order of `sessions_between`.
        found.sort();
        found
            .iter()
            .map(|(_, id)| sessions::load(conn, id))
            .collect()
    }

    /// The local dates in `tz` of [`Store::finished_session_starts`], each once, in order (the
    /// streak's days), without an instant built for each session.
    pub fn finished_session_days(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        tz: crate::time::Tz,
    ) -> Result<Vec<NaiveDate>, StoreError> {
        let mut stmt = self.0.prepare_cached(FINISHED_STARTS)?;
        let mut rows = stmt.query(params![ms(from), ms(to)])?;
        let mut local = crate::time::LocalDays::new(tz);
        let mut days: Vec<NaiveDate> = Vec::new();
        while let Some(r) = rows.next()? {
            let at: i64 = r.get(0)?;
            let day = local
                .date(at)
                .ok_or_else(|| rusqlite::Error::IntegralValueOutOfRange(0, at))?;
            if days.last() != Some(&day) {
                days.push(day);
            }
        }
        // In time order, dates only step back where an offset changes just after midnight.
        days.sort_unstable();
        days.dedup();
        Ok(days)
    }

    /// Runs started in `[from, to)` that bring the soreness check-in ([`Run::brings_check_in`]:
    /// long runs, of kind long or at least `threshold_m`, and races), oldest first: the only runs
    /// the planners read.
    pub fn check_in_runs_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        threshold_m: u32,
    ) -> Result<Vec<Run>, StoreError> {
        table::select(
            self.0,
            "started_at >= ?1 AND started_at < ?2
             AND (kind IN ('long', 'race') OR distance_m >= ?3)",
            params![ms(from), ms(to), threshold_m],
        )
    }

    /// The latest long run (by the long-run rule) started before `before`.
    pub fn last_long_run(
        &self,
        before: DateTime<Utc>,
        threshold_m: u32,
    ) -> Result<Option<Run>, StoreError> {
        self.last_run_of(before, threshold_m, "'long'")
    }

    /// The latest run started before `before` that brings the soreness check-in
    /// ([`Run::brings_check_in`]: a long run or a race).
    pub fn last_check_in_run(
        &self,
        before: DateTime<Utc>,
        threshold_m: u32,
    ) -> Result<Option<Run>, StoreError> {
        self.last_run_of(before, threshold_m, "'long', 'race'")
    }

    /// The latest run started before `before` of one of `kinds` (SQL string literals) or at
    /// least `threshold_m` long.
    fn last_run_of(
        &self,
        before: DateTime<Utc>,
        threshold_m: u32,
        kinds: &str,
    ) -> Result<Option<Run>, StoreError> {
        let sql = format!(
            "SELECT {} FROM runs
             WHERE started_at < ?1 AND (kind IN ({kinds}) OR distance_m >= ?2)
             ORDER BY started_at DESC LIMIT 1",
            Run::COLUMNS.join(", ")
        );
        Ok(table::query(self.0, &sql, params![ms(before), threshold_m])?.pop())
    }

    /// See [`Store::soreness_between`].
    pub fn soreness_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Soreness>, StoreError> {
        table::between(self.0, "at", from, to)
    }

    /// See [`Store::races`].
    pub fn races(&self) -> Result<Vec<Race>, StoreError> {
        table::all(self.0)
    }

    /// The races on or after `from`, by date: [`Store::races`] without the earlier ones.
    pub fn races_from(&self, from: NaiveDate) -> Result<Vec<Race>, StoreError> {
        // Dates are kept as `YYYY-MM-DD`, whose order as text is the order of the dates.
        table::select(self.0, "date >= ?1", [from.to_string()])
    }

    /// See [`Store::bodywork_between`].
    pub fn bodywork_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Bodywork>, StoreError> {
        table::between(self.0, "at", from, to)
    }
}

/// Two races with the same name (ignoring case and spaces) on the same date are one race logged
/// twice: refused, naming the one already there.
fn refuse_duplicate_race(conn: &Connection, race: &Race) -> Result<(), StoreError> {
    let same = table::all::<Race>(conn)?.into_iter().find(|r| {
        r.id != race.id && r.date == race.date && r.name.to_lowercase() == race.name.to_lowercase()
    });
    match same {
        Some(r) => Err(Invalid::new(
            "name",
            format!(
                "{:?} on {} is already in your races (id {}): edit that one instead",
                r.name, r.date, r.id
            ),
        )
        .into()),
        None => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod schema_tests;
