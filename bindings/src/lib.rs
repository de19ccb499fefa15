//! `fascia-ffi`: the one native library the Android and iOS apps load.
//!
//! It exports [`fascia_core`] through UniFFI (proc-macros, library mode) and adds nothing but
//! small wrappers: a [`FasciaApp`] for everything the screens do, a [`Session`] for the guided
//! routine in progress, one public error ([`FasciaError`]) and a few pure functions. The data
//! types are the core's own, derived under its `uniffi` feature. How time crosses is written once,
//! in `fascia_core::ffi` and `docs/ffi.md`: instants are timestamps rounded to the millisecond,
//! local dates and times are ISO 8601 text.
//!
//! Every exported call runs inside [`guard`], so a panic (a bug: the core is linted against them)
//! becomes [`FasciaError::Internal`] and never unwinds into Kotlin or Swift.
#![allow(unsafe_code)] // UniFFI's generated scaffolding; nothing hand-written here is unsafe.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::TimeDelta;
use fascia_core::ffi::Instant;
use fascia_core::plan::SeasonPlan;
use fascia_core::reminders::{self, PhoneState, Reminder, ReminderHealth};
use fascia_core::routine::{self, Routine, RoutineError, RoutineRequest};
use fascia_core::service::{self, Report, Today};
use fascia_core::store::export::ImportSummary;
use fascia_core::store::{
    BackupInfo, Bodywork, Downtime, NewBodywork, NewDowntime, NewRace, NewRun, NewSoreness, Race,
    ReminderDelivery, Run, Settings, Soreness, Store, StoreError,
};
use fascia_core::time::{self, Tz};
use fascia_core::timer::{Cue, Event, Snapshot, TimedEvent, Timer, TimerError};
use fascia_core::zones::{Catalog, ZoneText};
use fascia_core::Error;

uniffi::setup_scaffolding!("fascia");
uniffi::use_remote_type!(fascia_core::Instant);

/// The one error the apps see. Nothing was changed when a call fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum FasciaError {
    /// An input was refused; `field` names it (for an import, its path in the file).
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The field, e.g. `distance_m` or `runs[3].started_at`.
        field: String,
        /// What is wrong, in English.
        reason: String,
    },
    /// No record with that id.
    #[error("no {what} with id {id}")]
    NotFound {
        /// Kind of record.
        what: String,
        /// The id asked for.
        id: String,
    },
    /// A session is already in progress: resume, finish or abort it first.
    #[error("a session is already in progress ({id})")]
    SessionInProgress {
        /// Its id.
        id: String,
    },
    /// The session cannot do that now (already paused, not paused, over…).
    #[error("{reason}")]
    NotAllowed {
        /// Why, in English.
        reason: String,
    },
    /// The routine asked for cannot be built (budget too small, every zone excluded…).
    #[error("{reason}")]
    RoutineUnavailable {
        /// Why, in English.
        reason: String,
    },
    /// A time zone name that is not in the IANA database.
    #[error("unknown time zone {name}")]
    UnknownTimeZone {
        /// The name given.
        name: String,
    },
    /// The journal is damaged or is not a Fascia journal; it was kept as it is.
    #[error("the journal {path} is damaged ({detail})")]
    Damaged {
        /// The file.
        path: String,
        /// What SQLite reported.
        detail: String,
        /// The newest backup that can restore it (see [`FasciaApp::restore_damaged`]).
        newest_backup: Option<String>,
    },
    /// The journal or export was written by a newer Fascia: update the app.
    #[error(
        "written by a newer version of Fascia (version {found}; this app reads up to {supported})"
    )]
    IncompatibleVersion {
        /// Version found.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// The file system or SQLite failed (disk full, permission…).
    #[error("storage error: {reason}")]
    Storage {
        /// What the system said.
        reason: String,
    },
    /// A bug in Fascia (broken embedded content, a panic); please report it.
    #[error("internal error: {reason}")]
    Internal {
        /// Details for the report.
        reason: String,
    },
}

impl From<Error> for FasciaError {
    fn from(e: Error) -> FasciaError {
        match e {
            Error::Store(e) => e.into(),
            Error::Timer(e) => e.into(),
            Error::Routine(e) => e.into(),
            Error::TimeZone(e) => FasciaError::UnknownTimeZone { name: e.0 },
            Error::Content(e) => FasciaError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

impl From<StoreError> for FasciaError {
    fn from(e: StoreError) -> FasciaError {
        match e {
            StoreError::Invalid { field, message } => FasciaError::InvalidInput {
                field,
                reason: message,
            },
            StoreError::NotFound { what, id } => FasciaError::NotFound { what, id },
            StoreError::SessionInProgress { id } => FasciaError::SessionInProgress { id },
            StoreError::Timer(e) => e.into(),
            StoreError::Damaged {
                path,
                detail,
                newest_backup,
            } => FasciaError::Damaged {
                path,
                detail,
                newest_backup,
            },
            StoreError::NewerThanCode { found, supported } => {
                FasciaError::IncompatibleVersion { found, supported }
            }
            e @ (StoreError::Io { .. } | StoreError::Sqlite(_)) => FasciaError::Storage {
                reason: e.to_string(),
            },
            StoreError::Content(e) => FasciaError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

impl From<TimerError> for FasciaError {
    fn from(e: TimerError) -> FasciaError {
        match e {
            TimerError::BadLog { .. } => FasciaError::Internal {
                reason: e.to_string(),
            },
            e => FasciaError::NotAllowed {
                reason: e.to_string(),
            },
        }
    }
}

impl From<RoutineError> for FasciaError {
    fn from(e: RoutineError) -> FasciaError {
        let reason = e.to_string();
        match e {
            RoutineError::BudgetOutOfRange { .. } | RoutineError::BudgetTooSmall { .. } => {
                FasciaError::InvalidInput {
                    field: "budget_s".into(),
                    reason,
                }
            }
            RoutineError::UnknownZone { field, .. } | RoutineError::DuplicateZone { field, .. } => {
                FasciaError::InvalidInput { field, reason }
            }
            RoutineError::PriorityOutOfRange { .. } => FasciaError::InvalidInput {
                field: "priorities".into(),
                reason,
            },
            RoutineError::UnknownTextKey { .. } => FasciaError::InvalidInput {
                field: "reason".into(),
                reason,
            },
            RoutineError::OverBudget { .. } => FasciaError::InvalidInput {
                field: "budget_s".into(),
                reason,
            },
            RoutineError::HoldOutOfRange { .. } => FasciaError::InvalidInput {
                field: "hold_s".into(),
                reason,
            },
            RoutineError::EmptyCustom => FasciaError::InvalidInput {
                field: "zones".into(),
                reason,
            },
            RoutineError::NoZonesAvailable
            | RoutineError::ZoneExcluded { .. }
            | RoutineError::NoTool { .. } => FasciaError::RoutineUnavailable { reason },
        }
    }
}

/// Result of an exported call.
pub type FasciaResult<T> = Result<T, FasciaError>;

/// Runs one exported call: maps the core's error and turns a panic into [`FasciaError::Internal`].
fn guard<T, E: Into<FasciaError>>(f: impl FnOnce() -> Result<T, E>) -> FasciaResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(Into::into),
        Err(panic) => Err(FasciaError::Internal {
            reason: panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned()),
        }),
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn catalog() -> FasciaResult<&'static Catalog> {
    Catalog::embedded().map_err(|e| FasciaError::Internal {
        reason: e.to_string(),
    })
}

/// The zone map with its English text, in the order the body is worked.
#[uniffi::export]
pub fn zones() -> FasciaResult<Vec<ZoneText>> {
    guard(|| Ok::<_, FasciaError>(catalog()?.zones_in_english()))
}

/// The English text of a key (a warning, a tool, a cue…); the key itself when it has none.
#[uniffi::export]
pub fn text(key: String) -> FasciaResult<String> {
    guard(|| Ok::<_, FasciaError>(catalog()?.text(&key, &[])))
}

/// Builds a routine from a request, without the journal (custom routines, previews).
#[uniffi::export]
pub fn build_routine(request: RoutineRequest) -> FasciaResult<Routine> {
    guard(|| Ok::<_, FasciaError>(routine::build(catalog()?, &request)?))
}

/// Checks that `name` is an IANA time zone the library knows.
#[uniffi::export]
pub fn check_time_zone(name: String) -> FasciaResult<()> {
    guard(|| time::zone(&name).map(|_| ()).map_err(Error::from))
}

/// Does nothing: the floor the FFI benchmarks measure other calls against.
#[uniffi::export]
pub fn noop() {}

/// The runner's journal and everything the screens ask of it. Safe to call from any thread: the
/// journal serialises writes on one connection, and every call is independent.
#[derive(uniffi::Object)]
pub struct FasciaApp {
    store: Arc<Store>,
    tz: Mutex<Tz>,
}

#[uniffi::export]
impl FasciaApp {
    /// Opens (creating if needed) the journal at `path`, for a device in the IANA zone `time_zone`.
    #[uniffi::constructor]
    pub fn open(path: String, time_zone: String) -> FasciaResult<Arc<FasciaApp>> {
        guard(|| {
            let tz = time::zone(&time_zone)?;
            Ok::<_, Error>(FasciaApp::new(Store::open(&path)?, tz))
        })
    }

    /// Moves a damaged journal aside, restores backup `backup_id` in its place and opens it.
    #[uniffi::constructor]
    pub fn restore_damaged(
        path: String,
        backup_id: String,
        time_zone: String,
    ) -> FasciaResult<Arc<FasciaApp>> {
        guard(|| {
            let tz = time::zone(&time_zone)?;
            Ok::<_, Error>(FasciaApp::new(
                Store::restore_damaged(&path, &backup_id)?,
                tz,
            ))
        })
    }

    /// The device moved to another time zone.
    pub fn set_time_zone(&self, time_zone: String) -> FasciaResult<()> {
        guard(|| {
            *lock(&self.tz) = time::zone(&time_zone)?;
            Ok::<_, Error>(())
        })
    }

    /// The IANA zone in use.
    pub fn time_zone(&self) -> String {
        lock(&self.tz).name().to_owned()
    }

    /// The journal's file.
    pub fn path(&self) -> String {
        self.store.path().display().to_string()
    }

    // ---- screens --------------------------------------------------------------------------

    /// The today screen: the routine with reasons, streak, next reminder and the 7-day calendar.
    pub fn today(&self, now: Instant) -> FasciaResult<Today> {
        guard(|| service::today(&self.store, now, self.tz()))
    }

    /// Today's adaptive routine; `minutes` overrides the settings' budget (5–20).
    pub fn todays_routine(&self, now: Instant, minutes: Option<u32>) -> FasciaResult<Routine> {
        guard(|| service::todays_routine(&self.store, now, self.tz(), minutes))
    }

    /// The season: kickoff, peak, the 45-minute bodywork session, cadence, taper, race week.
    pub fn season_plan(&self, now: Instant) -> FasciaResult<SeasonPlan> {
        guard(|| service::season_plan(&self.store, now, self.tz()))
    }

    /// The reminders to schedule for the next `days` (at most 64, as many as iOS keeps pending).
    pub fn reminders(&self, now: Instant, days: u32) -> FasciaResult<Vec<Reminder>> {
        guard(|| {
            service::reminder_plan(&self.store, now, self.tz(), days, reminders::DEFAULT_LIMIT)
        })
    }

    /// Whether reminders can arrive, from the plan for a week and what the phone reports.
    pub fn reminder_health(&self, now: Instant, phone: PhoneState) -> FasciaResult<ReminderHealth> {
        guard(|| service::reminder_health(&self.store, now, self.tz(), phone))
    }

    /// Records that the phone delivered a reminder.
    pub fn record_delivery(
        &self,
        reminder: Reminder,
        delivered_at: Instant,
        now: Instant,
    ) -> FasciaResult<ReminderDelivery> {
        guard(|| {
            self.store.record_delivery(
                &reminder.id,
                reminder.kind.slug(),
                reminder.fire_at,
                delivered_at,
                now,
            )
        })
    }

    /// Trends, recovery after long runs, downtime, the streak, the personal before/after report
    /// and safety flags.
    pub fn report(&self, now: Instant) -> FasciaResult<Report> {
        guard(|| service::report(&self.store, now, self.tz()))
    }

    // ---- the guided session ---------------------------------------------------------------

    /// Starts a session of `routine` at `now`. Refused while another one is in progress.
    pub fn start_session(&self, routine: Routine, now: Instant) -> FasciaResult<Arc<Session>> {
        guard(|| {
            let active = self.store.start_session(routine, now)?;
            Ok::<_, StoreError>(Session::new(&self.store, active.id, active.timer))
        })
    }

    /// The session left in progress (after a relaunch or a kill), rebuilt from its stored log.
    pub fn active_session(&self) -> FasciaResult<Option<Arc<Session>>> {
        guard(|| {
            Ok::<_, StoreError>(
                self.store
                    .active_session()?
                    .map(|a| Session::new(&self.store, a.id, a.timer)),
            )
        })
    }

    // ---- logging --------------------------------------------------------------------------

    /// Logs a run.
    pub fn add_run(&self, run: NewRun, now: Instant) -> FasciaResult<Run> {
        guard(|| self.store.add_run(&run, now))
    }

    /// Corrects a run.
    pub fn update_run(&self, id: String, run: NewRun, now: Instant) -> FasciaResult<Run> {
        guard(|| self.store.update_run(&id, &run, now))
    }

    /// Deletes a run.
    pub fn delete_run(&self, id: String) -> FasciaResult<()> {
        guard(|| self.store.delete_run(&id))
    }

    /// The latest runs, newest first.
    pub fn recent_runs(&self, limit: u32) -> FasciaResult<Vec<Run>> {
        guard(|| self.store.recent_runs(limit))
    }

    /// Logs soreness for several zones at once (all or none are stored).
    pub fn add_soreness(
        &self,
        entries: Vec<NewSoreness>,
        now: Instant,
    ) -> FasciaResult<Vec<Soreness>> {
        guard(|| self.store.add_soreness_batch(&entries, now))
    }

    /// Deletes a soreness entry.
    pub fn delete_soreness(&self, id: String) -> FasciaResult<()> {
        guard(|| self.store.delete_soreness(&id))
    }

    /// Soreness entries in the last `days` days, oldest first.
    pub fn recent_soreness(&self, now: Instant, days: u32) -> FasciaResult<Vec<Soreness>> {
        guard(|| {
            self.store.soreness_between(
                now - TimeDelta::days(i64::from(days)),
                now + TimeDelta::milliseconds(1),
            )
        })
    }

    /// Logs downtime (rest, sleep, stretching) for a local day.
    pub fn add_downtime(&self, entry: NewDowntime, now: Instant) -> FasciaResult<Downtime> {
        guard(|| self.store.add_downtime(&entry, now))
    }

    /// Books a bodywork appointment (or logs one that happened).
    pub fn add_bodywork(&self, entry: NewBodywork, now: Instant) -> FasciaResult<Bodywork> {
        guard(|| self.store.add_bodywork(&entry, now))
    }

    /// Marks a bodywork appointment as done or not.
    pub fn set_bodywork_done(
        &self,
        id: String,
        done: bool,
        now: Instant,
    ) -> FasciaResult<Bodywork> {
        guard(|| self.store.set_bodywork_done(&id, done, now))
    }

    /// Cancels a bodywork appointment.
    pub fn delete_bodywork(&self, id: String) -> FasciaResult<()> {
        guard(|| self.store.delete_bodywork(&id))
    }

    /// Bodywork appointments from `days_back` days ago to `days_ahead` days ahead.
    pub fn bodywork(
        &self,
        now: Instant,
        days_back: u32,
        days_ahead: u32,
    ) -> FasciaResult<Vec<Bodywork>> {
        guard(|| {
            self.store.bodywork_between(
                now - TimeDelta::days(i64::from(days_back)),
                now + TimeDelta::days(i64::from(days_ahead)),
            )
        })
    }

    // ---- races and settings ---------------------------------------------------------------

    /// Adds a race.
    pub fn add_race(&self, race: NewRace, now: Instant) -> FasciaResult<Race> {
        guard(|| self.store.add_race(&race, now))
    }

    /// Deletes a race.
    pub fn delete_race(&self, id: String) -> FasciaResult<()> {
        guard(|| self.store.delete_race(&id))
    }

    /// Every race, soonest first.
    pub fn races(&self) -> FasciaResult<Vec<Race>> {
        guard(|| self.store.races())
    }

    /// The settings (defaults until changed).
    pub fn settings(&self) -> FasciaResult<Settings> {
        guard(|| self.store.settings())
    }

    /// Replaces the settings after validating every field.
    pub fn set_settings(&self, settings: Settings, now: Instant) -> FasciaResult<()> {
        guard(|| self.store.set_settings(&settings, now))
    }

    // ---- export, import, backups ----------------------------------------------------------

    /// The whole journal as a versioned JSON document (`docs/export.md`).
    pub fn export_json(&self, now: Instant) -> FasciaResult<String> {
        guard(|| self.store.export_json(now))
    }

    /// Merges an export into the journal by id, in one transaction, after validating all of it.
    pub fn import_json(&self, text: String, now: Instant) -> FasciaResult<ImportSummary> {
        guard(|| self.store.import_json(&text, now))
    }

    /// Runs as CSV.
    pub fn runs_csv(&self) -> FasciaResult<String> {
        guard(|| self.store.runs_csv())
    }

    /// Soreness as CSV.
    pub fn soreness_csv(&self) -> FasciaResult<String> {
        guard(|| self.store.soreness_csv())
    }

    /// Takes the daily backup if none was taken today; call on launch.
    pub fn backup_if_due(&self, now: Instant) -> FasciaResult<Option<BackupInfo>> {
        guard(|| self.store.backup_if_due(now))
    }

    /// The backups, newest first.
    pub fn backups(&self) -> FasciaResult<Vec<BackupInfo>> {
        guard(|| self.store.list_backups())
    }

    /// Restores a backup over the journal, keeping a copy of the current one first.
    pub fn restore_backup(&self, id: String, now: Instant) -> FasciaResult<BackupInfo> {
        guard(|| self.store.restore_backup(&id, now))
    }
}

impl FasciaApp {
    fn new(store: Store, tz: Tz) -> Arc<FasciaApp> {
        Arc::new(FasciaApp {
            store: Arc::new(store),
            tz: Mutex::new(tz),
        })
    }

    fn tz(&self) -> Tz {
        *lock(&self.tz)
    }
}

/// A guided session. Every change is recorded in the journal before it is applied here, so the
/// session is found again as it was after a kill ([`FasciaApp::active_session`]). Reading it
/// ([`Session::snapshot`], [`Session::cues`]) is pure: no clock, no database.
#[derive(uniffi::Object)]
pub struct Session {
    store: Arc<Store>,
    id: String,
    timer: Mutex<Timer>,
}

impl Session {
    fn new(store: &Arc<Store>, id: String, timer: Timer) -> Arc<Session> {
        Arc::new(Session {
            store: Arc::clone(store),
            id,
            timer: Mutex::new(timer),
        })
    }

    /// Records `event` at `now`: checked on a copy, stored, then applied.
    fn record(&self, event: Event, now: Instant) -> FasciaResult<Snapshot> {
        guard(|| {
            let mut timer = lock(&self.timer);
            let mut next = timer.clone();
            next.apply(event, now)?;
            self.store.record_event(&self.id, event, now)?;
            *timer = next;
            Ok::<_, StoreError>(timer.snapshot(now))
        })
    }
}

#[uniffi::export]
impl Session {
    /// The session's id.
    pub fn id(&self) -> String {
        self.id.clone()
    }

    /// The routine being followed.
    pub fn routine(&self) -> Routine {
        lock(&self.timer).routine().clone()
    }

    /// Every recorded event, in order.
    pub fn events(&self) -> Vec<TimedEvent> {
        lock(&self.timer).events().to_vec()
    }

    /// Where the session stands at `now`.
    pub fn snapshot(&self, now: Instant) -> Snapshot {
        lock(&self.timer).snapshot(now)
    }

    /// The cues due from `now` to `now + horizon_s`, to schedule at their instants.
    pub fn cues(&self, now: Instant, horizon_s: u32) -> Vec<Cue> {
        lock(&self.timer).cues(now, TimeDelta::seconds(i64::from(horizon_s)))
    }

    /// Pauses.
    pub fn pause(&self, now: Instant) -> FasciaResult<Snapshot> {
        self.record(Event::Pause, now)
    }

    /// Resumes after a pause.
    pub fn resume(&self, now: Instant) -> FasciaResult<Snapshot> {
        self.record(Event::Resume, now)
    }

    /// Skips to the next step.
    pub fn skip(&self, now: Instant) -> FasciaResult<Snapshot> {
        self.record(Event::Skip, now)
    }

    /// Goes back to the start of the step (or the previous one).
    pub fn back(&self, now: Instant) -> FasciaResult<Snapshot> {
        self.record(Event::Back, now)
    }

    /// Adds 30 s to the current step.
    pub fn extend(&self, now: Instant) -> FasciaResult<Snapshot> {
        self.record(Event::Extend, now)
    }

    /// Stops the current zone for sharp pain: skips it and marks it.
    pub fn pain_skip(&self, now: Instant) -> FasciaResult<Snapshot> {
        self.record(Event::PainSkip, now)
    }

    /// Ends the session as done.
    pub fn finish(&self, now: Instant) -> FasciaResult<Snapshot> {
        self.record(Event::Finish, now)
    }

    /// Ends the session as abandoned.
    pub fn abort(&self, now: Instant) -> FasciaResult<Snapshot> {
        self.record(Event::Abort, now)
    }
}
