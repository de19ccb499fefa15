//! `fascia-ffi`: the one native library the Android and iOS apps load.
//!
//! It exports [`fascia_core`] through UniFFI (proc-macros, library mode) and adds nothing but
//! argument conversion: a [`FasciaJournal`] over the core's `Journal`, a [`GuidedSession`] over
//! the core's session in progress, one public error ([`FasciaError`], mapped from the core's one
//! `ErrorKind`) and a few pure functions. The data types are the core's own, derived under its
//! `uniffi` feature. How time crosses is written once, in `fascia_core::ffi` and `docs/ffi.md`:
//! instants are timestamps rounded to the millisecond, local dates and times are ISO 8601 text.
//!
//! Every exported call runs inside [`guard`], so a panic (a bug: the core is linted against them)
//! becomes [`FasciaError::Internal`] and never unwinds into Kotlin or Swift.
#![allow(unsafe_code)] // UniFFI's generated scaffolding; nothing hand-written here is unsafe.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use chrono::TimeDelta;
use fascia_core::ffi::Instant;
use fascia_core::model::{
    BackupInfo, Bodywork, Downtime, ImportSummary, NewBodywork, NewDowntime, NewRace, NewRun,
    NewSoreness, Race, Reason, RecordKind, ReminderDelivery, Run, Settings, Soreness,
};
use fascia_core::plan::SeasonPlan;
use fascia_core::reminders::{self, PhoneState, Reminder, ReminderHealth};
use fascia_core::routine::{self, Routine, RoutineKind, RoutineRequest, Step};
use fascia_core::time;
use fascia_core::timer::{Cue, Event, Snapshot, TimedEvent};
use fascia_core::zones::{Catalog, MapRegion, Pressure, ZoneText};
use fascia_core::{Error, ErrorKind, Journal, Report, Today};

uniffi::setup_scaffolding!("fascia");
uniffi::use_remote_type!(fascia_core::Instant);

/// The one error the apps see, one variant per kind of failure. Nothing was changed when a call
/// fails. Every `reason` is English the app may show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum FasciaError {
    /// An input was refused; `field` names it (for an import, its path in the file; `time_zone`
    /// for an unknown zone).
    #[error("{reason}")]
    InvalidInput {
        /// The field, e.g. `distance_m`, `budget_s` or `runs[3].started_at`.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// No record with that id.
    #[error("{reason}")]
    NotFound {
        /// What was not found.
        reason: String,
    },
    /// Valid, but not possible now: a session is already in progress (resume it with
    /// `activeSession()`), the session is paused or over, every zone is excluded…
    #[error("{reason}")]
    Conflict {
        /// What stands in the way, in English (the session in progress, every zone excluded…).
        reason: String,
    },
    /// The journal is damaged or is not a Fascia journal; it was kept as it is.
    #[error("{reason}")]
    Damaged {
        /// Path of the damaged file: the journal, or a backup that failed its check.
        path: String,
        /// What is wrong and that the file was kept, in English.
        reason: String,
        /// The newest backup that can restore it (see [`FasciaJournal::restore_damaged`]).
        newest_backup: Option<String>,
    },
    /// The journal or export was written by a newer Fascia: update the app.
    #[error("{reason}")]
    IncompatibleVersion {
        /// The version the file was written with: the journal's schema version, or an export's or a
        /// stored blob's format version.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
        /// What to tell the runner.
        reason: String,
    },
    /// The file system or SQLite failed (disk full, permission…).
    #[error("{reason}")]
    Storage {
        /// What the system said.
        reason: String,
        /// The failure with every cause under it (SQLite's code, the OS error), for a bug
        /// report; not for the runner's eyes.
        detail: String,
    },
    /// A bug in Fascia (broken embedded content, a log that does not replay, a panic); please
    /// report it.
    #[error("{reason}")]
    Internal {
        /// What happened, in words.
        reason: String,
        /// The failure with every cause under it, for the report.
        detail: String,
    },
}

/// The core's one [`ErrorKind`] decides the variant, as it decides the CLI's exit code.
impl From<Error> for FasciaError {
    // Written once in the library, not copied into every exported call (17 KB of it).
    #[inline(never)]
    fn from(e: Error) -> FasciaError {
        let reason = e.to_string();
        match e.kind() {
            ErrorKind::BadInput => FasciaError::InvalidInput {
                field: e.field().unwrap_or_default(),
                reason,
            },
            ErrorKind::NotFound => FasciaError::NotFound { reason },
            ErrorKind::Conflict => FasciaError::Conflict { reason },
            ErrorKind::Damaged => {
                let (path, newest_backup) = e.damaged().unwrap_or_default();
                FasciaError::Damaged {
                    path: path.to_owned(),
                    newest_backup: newest_backup.map(str::to_owned),
                    reason,
                }
            }
            ErrorKind::NewerVersion => {
                let (found, supported) = e.versions().unwrap_or_default();
                FasciaError::IncompatibleVersion {
                    found,
                    supported,
                    reason,
                }
            }
            ErrorKind::Storage => FasciaError::Storage {
                reason,
                detail: e.detail(),
            },
            ErrorKind::Internal => FasciaError::Internal {
                reason,
                detail: e.detail(),
            },
        }
    }
}

/// Result of an exported call.
pub type FasciaResult<T> = Result<T, FasciaError>;

/// Runs one exported call: maps the core's error and turns a panic into [`FasciaError::Internal`].
fn guard<T, E: Into<FasciaError>>(f: impl FnOnce() -> Result<T, E>) -> FasciaResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(Into::into),
        Err(panic) => Err(panicked(panic)),
    }
}

/// The error a caught panic becomes (once in the library, not in every call).
#[inline(never)]
fn panicked(panic: Box<dyn std::any::Any + Send>) -> FasciaError {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_owned());
    FasciaError::Internal {
        detail: format!("panic: {message}"),
        reason: message,
    }
}

fn catalog() -> Result<&'static Catalog, Error> {
    Ok(Catalog::embedded()?)
}

fn zone(name: &str) -> Result<time::Tz, Error> {
    Ok(time::zone(name)?)
}

/// The zone map with its English text, in the order the body is worked.
#[uniffi::export]
pub fn zones() -> FasciaResult<Vec<ZoneText>> {
    guard(|| Ok::<_, Error>(catalog()?.zones_in_english()))
}

/// The body map to draw (SVG, front and back): one ellipse per zone and side.
#[uniffi::export]
pub fn body_map_svg() -> String {
    fascia_core::zones::BODY_MAP_SVG.to_owned()
}

/// The body map's tappable regions (the SVG's ellipses, checked against the zones).
#[uniffi::export]
pub fn body_map() -> FasciaResult<Vec<MapRegion>> {
    guard(|| Ok::<_, Error>(catalog()?.body_map()?))
}

/// The English text of a key (a warning, a tool, a cue…); the key itself when it has none.
#[uniffi::export]
pub fn text(key: String) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(catalog()?.text(&key, &[])))
}

/// A reason in English with its values filled in ("Sore on the left side: 5/10 …"): the words
/// for any reason the core gives, so the apps keep no copy of the templates or their keys.
#[uniffi::export]
pub fn reason_text(reason: Reason) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(reason.english(catalog()?)))
}

/// The hold cue for a routine zone's pressure of the day (`RoutineZone.pressure`), in words:
/// "Pressure today: light: you feel it, nothing more".
#[uniffi::export]
pub fn pressure_text(level: u8) -> FasciaResult<String> {
    guard(|| {
        let c = catalog()?;
        let words = c.text(Pressure::words_key(level), &[]);
        Ok::<_, Error>(c.text(fascia_core::keys::CUE_PRESSURE, &[("words", &words)]))
    })
}

/// A step as the runner reads it at its start (`Calves, left: Hold`), for the session screen and
/// its notification.
#[uniffi::export]
pub fn step_title(step: Step) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(fascia_core::timer::step_title(catalog()?, &step)))
}

/// Where a step works (`Calves, left`), for a "next" line.
#[uniffi::export]
pub fn step_place(step: Step) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(catalog()?.place(&step.zone, step.side)))
}

/// Builds a routine from a request, without the journal and so without the runner's soreness and
/// races: for previews and tests. A custom routine to follow comes from
/// `FasciaJournal.customRoutine`, which applies the safety rule; a session refuses a routine that
/// breaks it.
#[uniffi::export]
pub fn build_routine(request: RoutineRequest) -> FasciaResult<Routine> {
    guard(|| Ok::<_, Error>(routine::build(catalog()?, &request)?))
}

/// Checks that `name` is an IANA time zone the library knows.
#[uniffi::export]
pub fn check_time_zone(name: String) -> FasciaResult<()> {
    guard(|| zone(&name).map(|_| ()))
}

/// Does nothing: the floor the FFI benchmarks measure other calls against.
#[uniffi::export]
pub fn noop() {}

/// The runner's journal and everything the screens ask of it. Safe to call from any thread.
#[derive(uniffi::Object)]
pub struct FasciaJournal {
    journal: Journal,
}

#[uniffi::export]
impl FasciaJournal {
    /// Opens (creating if needed) the journal at `path`, for a device in the IANA zone `time_zone`.
    #[uniffi::constructor]
    pub fn open(path: String, time_zone: String) -> FasciaResult<Arc<FasciaJournal>> {
        guard(|| Ok::<_, Error>(FasciaJournal::new(Journal::open(path, zone(&time_zone)?)?)))
    }

    /// Moves a damaged journal aside, restores backup `backup_id` in its place and opens it.
    #[uniffi::constructor]
    pub fn restore_damaged(
        path: String,
        backup_id: String,
        time_zone: String,
    ) -> FasciaResult<Arc<FasciaJournal>> {
        guard(|| {
            let journal = Journal::restore_damaged(path, &backup_id, zone(&time_zone)?)?;
            Ok::<_, Error>(FasciaJournal::new(journal))
        })
    }

    /// The device moved to another time zone.
    pub fn set_time_zone(&self, time_zone: String) -> FasciaResult<()> {
        guard(|| {
            self.journal.set_time_zone(zone(&time_zone)?);
            Ok::<_, Error>(())
        })
    }

    /// The IANA zone in use.
    pub fn time_zone(&self) -> String {
        self.journal.time_zone().name().to_owned()
    }

    /// The journal's file.
    pub fn path(&self) -> String {
        self.journal.path().display().to_string()
    }

    // ---- screens --------------------------------------------------------------------------

    /// The today screen: the routine with reasons, streak, next reminder and the 7-day calendar.
    pub fn today(&self, now: Instant) -> FasciaResult<Today> {
        guard(|| self.journal.today(now))
    }

    /// Today's adaptive routine; `minutes` overrides the settings' budget (5–20).
    pub fn todays_routine(&self, now: Instant, minutes: Option<u32>) -> FasciaResult<Routine> {
        guard(|| self.journal.todays_routine(now, minutes))
    }

    /// The guided 45-minute bodywork session (`minutes` 30–60), to start like any routine.
    pub fn bodywork_routine(&self, now: Instant, minutes: Option<u32>) -> FasciaResult<Routine> {
        guard(|| self.journal.bodywork_routine(now, minutes))
    }

    /// A custom routine (the runner's zones and holds) under today's safety rule: a resting side
    /// is left out and no hold goes past today's cap.
    pub fn custom_routine(
        &self,
        kind: RoutineKind,
        budget_s: Option<u32>,
        now: Instant,
    ) -> FasciaResult<Routine> {
        guard(|| self.journal.custom_routine(kind, budget_s, now))
    }

    /// Warnings, in words, for a bodywork appointment at `at` (within 3 days of a race): show
    /// them before booking.
    pub fn bodywork_warnings(&self, at: Instant) -> FasciaResult<Vec<String>> {
        guard(|| self.journal.bodywork_warnings(at))
    }

    /// The season: kickoff, peak, the 45-minute bodywork session, cadence, taper, race week.
    pub fn season_plan(&self, now: Instant) -> FasciaResult<SeasonPlan> {
        guard(|| self.journal.season_plan(now))
    }

    /// The reminders to schedule for the next `days`: at most `limit` (64 by default, as many as
    /// iOS keeps pending; less while a session's cues take room), season milestones first.
    #[uniffi::method(default(limit = None))]
    pub fn reminders(
        &self,
        now: Instant,
        days: u32,
        limit: Option<u32>,
    ) -> FasciaResult<Vec<Reminder>> {
        let limit = limit.map_or(reminders::DEFAULT_LIMIT, |l| l as usize);
        guard(|| self.journal.reminders(now, days, limit))
    }

    /// Whether reminders can arrive, from the plan for a week and what the phone reports.
    pub fn reminder_health(&self, now: Instant, phone: PhoneState) -> FasciaResult<ReminderHealth> {
        guard(|| self.journal.reminder_health(now, phone))
    }

    /// Records that the phone delivered a reminder.
    pub fn record_delivery(
        &self,
        reminder: Reminder,
        delivered_at: Instant,
        now: Instant,
    ) -> FasciaResult<ReminderDelivery> {
        guard(|| self.journal.record_delivery(&reminder, delivered_at, now))
    }

    /// Trends, recovery after long runs, downtime, the streak, the personal before/after report
    /// and safety flags.
    pub fn report(&self, now: Instant) -> FasciaResult<Report> {
        guard(|| self.journal.report(now))
    }

    // ---- the guided session ---------------------------------------------------------------

    /// Starts a session of `routine` at `now`. Refused while another one is in progress.
    pub fn start_session(
        &self,
        routine: Routine,
        now: Instant,
    ) -> FasciaResult<Arc<GuidedSession>> {
        guard(|| {
            self.journal
                .start_session(routine, now)
                .map(GuidedSession::new)
        })
    }

    /// The one way into a routine: the session in progress, resumed if it was paused; otherwise
    /// a new session of `routine`.
    pub fn resume_or_start(
        &self,
        routine: Routine,
        now: Instant,
    ) -> FasciaResult<Arc<GuidedSession>> {
        guard(|| {
            self.journal
                .resume_or_start(routine, now)
                .map(GuidedSession::new)
        })
    }

    /// The session left in progress (after a relaunch or a kill), rebuilt from its stored log;
    /// one left from an earlier local day is closed instead, and today's routine is offered.
    pub fn active_session(&self, now: Instant) -> FasciaResult<Option<Arc<GuidedSession>>> {
        guard(|| Ok::<_, Error>(self.journal.active_session(now)?.map(GuidedSession::new)))
    }

    // ---- logging --------------------------------------------------------------------------

    /// Logs a run.
    pub fn add_run(&self, run: NewRun, now: Instant) -> FasciaResult<Run> {
        guard(|| self.journal.add_run(&run, now))
    }

    /// Corrects a run.
    pub fn update_run(&self, id: String, run: NewRun, now: Instant) -> FasciaResult<Run> {
        guard(|| self.journal.update_run(&id, &run, now))
    }

    /// Deletes a run.
    pub fn delete_run(&self, id: String, now: Instant) -> FasciaResult<()> {
        guard(|| self.journal.delete_run(&id, now))
    }

    /// The latest runs, newest first.
    pub fn recent_runs(&self, limit: u32) -> FasciaResult<Vec<Run>> {
        guard(|| self.journal.recent_runs(limit))
    }

    /// The full id of the one record of `kind` whose id starts with `prefix` (at least 4
    /// characters); `InvalidInput` listing the matches when several do, `NotFound` when none.
    pub fn resolve_id(&self, kind: RecordKind, prefix: String) -> FasciaResult<String> {
        guard(|| self.journal.resolve_id(kind, &prefix))
    }

    /// Logs soreness for one zone or several at once (all or none are stored).
    pub fn add_soreness(
        &self,
        entries: Vec<NewSoreness>,
        now: Instant,
    ) -> FasciaResult<Vec<Soreness>> {
        guard(|| self.journal.add_soreness(&entries, now))
    }

    /// Corrects a soreness entry.
    pub fn update_soreness(
        &self,
        id: String,
        entry: NewSoreness,
        now: Instant,
    ) -> FasciaResult<Soreness> {
        guard(|| self.journal.update_soreness(&id, &entry, now))
    }

    /// Deletes a soreness entry.
    pub fn delete_soreness(&self, id: String, now: Instant) -> FasciaResult<()> {
        guard(|| self.journal.delete_soreness(&id, now))
    }

    /// Soreness entries in the last `days` days, oldest first.
    pub fn recent_soreness(&self, now: Instant, days: u32) -> FasciaResult<Vec<Soreness>> {
        guard(|| self.journal.recent_soreness(now, days))
    }

    /// Logs downtime for a local day.
    pub fn add_downtime(&self, entry: NewDowntime, now: Instant) -> FasciaResult<Downtime> {
        guard(|| self.journal.add_downtime(&entry, now))
    }

    /// Corrects a downtime entry.
    pub fn update_downtime(
        &self,
        id: String,
        entry: NewDowntime,
        now: Instant,
    ) -> FasciaResult<Downtime> {
        guard(|| self.journal.update_downtime(&id, &entry, now))
    }

    /// Deletes a downtime entry.
    pub fn delete_downtime(&self, id: String, now: Instant) -> FasciaResult<()> {
        guard(|| self.journal.delete_downtime(&id, now))
    }

    /// Downtime of the last `days` days, oldest first.
    pub fn recent_downtime(&self, now: Instant, days: u32) -> FasciaResult<Vec<Downtime>> {
        guard(|| self.journal.recent_downtime(now, days))
    }

    /// Books a bodywork appointment (or logs one that happened).
    pub fn add_bodywork(&self, entry: NewBodywork, now: Instant) -> FasciaResult<Bodywork> {
        guard(|| self.journal.add_bodywork(&entry, now))
    }

    /// Moves or resizes a bodywork appointment.
    pub fn update_bodywork(
        &self,
        id: String,
        entry: NewBodywork,
        now: Instant,
    ) -> FasciaResult<Bodywork> {
        guard(|| self.journal.update_bodywork(&id, &entry, now))
    }

    /// Marks a bodywork appointment as done or not.
    pub fn set_bodywork_done(
        &self,
        id: String,
        done: bool,
        now: Instant,
    ) -> FasciaResult<Bodywork> {
        guard(|| self.journal.set_bodywork_done(&id, done, now))
    }

    /// Cancels a bodywork appointment.
    pub fn delete_bodywork(&self, id: String, now: Instant) -> FasciaResult<()> {
        guard(|| self.journal.delete_bodywork(&id, now))
    }

    /// Bodywork appointments from `days_back` days ago to `days_ahead` days ahead.
    pub fn bodywork(
        &self,
        now: Instant,
        days_back: u32,
        days_ahead: u32,
    ) -> FasciaResult<Vec<Bodywork>> {
        guard(|| self.journal.bodywork(now, days_back, days_ahead))
    }

    // ---- races and settings ---------------------------------------------------------------

    /// Adds a race.
    pub fn add_race(&self, race: NewRace, now: Instant) -> FasciaResult<Race> {
        guard(|| self.journal.add_race(&race, now))
    }

    /// Corrects a race.
    pub fn update_race(&self, id: String, race: NewRace, now: Instant) -> FasciaResult<Race> {
        guard(|| self.journal.update_race(&id, &race, now))
    }

    /// Deletes a race.
    pub fn delete_race(&self, id: String, now: Instant) -> FasciaResult<()> {
        guard(|| self.journal.delete_race(&id, now))
    }

    /// Every race, soonest first.
    pub fn races(&self) -> FasciaResult<Vec<Race>> {
        guard(|| self.journal.races())
    }

    /// The settings (defaults until changed).
    pub fn settings(&self) -> FasciaResult<Settings> {
        guard(|| self.journal.settings())
    }

    /// Replaces the settings after validating every field.
    pub fn set_settings(&self, settings: Settings, now: Instant) -> FasciaResult<()> {
        guard(|| self.journal.set_settings(&settings, now))
    }

    // ---- export, import, backups ----------------------------------------------------------

    /// The whole journal as a versioned JSON document (`docs/export.md`).
    pub fn export_json(&self, now: Instant) -> FasciaResult<String> {
        guard(|| self.journal.export_json(now))
    }

    /// Merges an export into the journal by id, in one transaction, after validating all of it.
    pub fn import_json(&self, text: String, now: Instant) -> FasciaResult<ImportSummary> {
        guard(|| self.journal.import_json(&text, now))
    }

    /// Runs as CSV.
    pub fn runs_csv(&self) -> FasciaResult<String> {
        guard(|| self.journal.runs_csv())
    }

    /// Soreness as CSV.
    pub fn soreness_csv(&self) -> FasciaResult<String> {
        guard(|| self.journal.soreness_csv())
    }

    /// Takes the daily backup if none was taken today; call on launch.
    pub fn backup_if_due(&self, now: Instant) -> FasciaResult<Option<BackupInfo>> {
        guard(|| self.journal.backup_if_due(now))
    }

    /// The backups, newest first.
    pub fn backups(&self) -> FasciaResult<Vec<BackupInfo>> {
        guard(|| self.journal.backups())
    }

    /// Restores a backup over the journal, keeping a copy of the current one first.
    pub fn restore_backup(&self, id: String, now: Instant) -> FasciaResult<BackupInfo> {
        guard(|| self.journal.restore_backup(&id, now))
    }
}

impl FasciaJournal {
    fn new(journal: Journal) -> Arc<FasciaJournal> {
        Arc::new(FasciaJournal { journal })
    }
}

/// A guided session. Every change is recorded in the journal first, so the session is found
/// again as it was after a kill ([`FasciaJournal::active_session`]). Reading it
/// ([`GuidedSession::snapshot`], [`GuidedSession::cues`]) is pure: no clock, no database.
#[derive(uniffi::Object)]
pub struct GuidedSession {
    session: fascia_core::GuidedSession,
}

impl GuidedSession {
    fn new(session: fascia_core::GuidedSession) -> Arc<GuidedSession> {
        Arc::new(GuidedSession { session })
    }
}

#[uniffi::export]
impl GuidedSession {
    /// The session's id.
    pub fn id(&self) -> String {
        self.session.id().to_owned()
    }

    /// The routine being followed.
    pub fn routine(&self) -> Routine {
        self.session.routine()
    }

    /// Every recorded event, in order.
    pub fn events(&self) -> Vec<TimedEvent> {
        self.session.events()
    }

    /// Where the session stands at `now`.
    pub fn snapshot(&self, now: Instant) -> Snapshot {
        self.session.snapshot(now)
    }

    /// The cues due from `now` to `now + horizon_s`, to schedule at their instants.
    pub fn cues(&self, now: Instant, horizon_s: u32) -> Vec<Cue> {
        self.session
            .cues(now, TimeDelta::seconds(i64::from(horizon_s)))
    }

    /// Records what the runner did (pause, resume, skip, back, +30 s, sharp pain, finish,
    /// abort) at `now`: checked, stored durably, then the session is what its stored log replays
    /// to. A refused event changes nothing.
    pub fn record(&self, event: Event, now: Instant) -> FasciaResult<Snapshot> {
        guard(|| self.session.record(event, now))
    }

    /// What `now` calls for by itself, recorded (a finish once the timer has run to the end):
    /// call it as the screen redraws. Returns the snapshot at `now`.
    pub fn tick(&self, now: Instant) -> FasciaResult<Snapshot> {
        guard(|| self.session.tick(now))
    }

    /// The runner leaves the session (the screen is closed for good): the clock pauses if it
    /// was running.
    pub fn leave(&self, now: Instant) -> FasciaResult<Snapshot> {
        guard(|| self.session.leave(now))
    }

    /// The runner comes back: the clock runs again if it was paused.
    pub fn resume(&self, now: Instant) -> FasciaResult<Snapshot> {
        guard(|| self.session.resume(now))
    }

    /// Whether the session counts as done (finished with enough time under pressure): what the
    /// streak counts.
    pub fn counts_as_done(&self) -> bool {
        self.session.counts_as_done()
    }
}
