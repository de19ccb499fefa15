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
use fascia_core::ffi::{Instant, LocalDate};
use fascia_core::insights::{Metric, PersonalReport, SafetyFlag, Trend};
use fascia_core::keys;
use fascia_core::model::{
    BackupInfo, Bodywork, Downtime, HealthRun, ImportSummary, NewBodywork, NewDowntime, NewRace,
    NewRun, NewSoreness, Race, RacePriority, Reason, RecordKind, ReminderDelivery, Run, RunFile,
    RunImportSummary, RunKind, Settings, Soreness, Units,
};
use fascia_core::pictures::map::{BodyMap, MapLevel, MapRegion};
use fascia_core::pictures::technique::Techniques;
use fascia_core::pictures::Picture;
use fascia_core::plan::{BodyworkMonth, CalendarDay, RacePlan, SeasonPlan};
use fascia_core::reminders::{self, HealthWarning, PhoneState, Reminder, ReminderHealth};
use fascia_core::routine::{
    self, OmittedZone, Routine, RoutineKind, RoutineRequest, RoutineZone, Side, Step, StepKind,
};
use fascia_core::time;
use fascia_core::timer::{Cue, Event, Snapshot, TimedEvent};
use fascia_core::words::{self, Phrase};
use fascia_core::zones::{Catalog, Pressure, Tool, ZoneText};
use fascia_core::{Error, ErrorKind, Invalid, Journal, Report, Today};

uniffi::setup_scaffolding!("fascia");
uniffi::use_remote_type!(fascia_core::Instant);
uniffi::use_remote_type!(fascia_core::LocalDate);

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

fn body_map_content() -> Result<&'static BodyMap, Error> {
    Ok(BodyMap::embedded()?)
}

/// The body map as SVG (front and back, labelled, nothing rated); its `viewBox` is the map's
/// size, the regions' coordinates are in it. Empty only if the embedded content is broken, which
/// [`body_map`] reports.
#[uniffi::export]
pub fn body_map_svg() -> String {
    body_map_picture(Vec::new()).map_or_else(|_| String::new(), |p| p.svg())
}

/// The body map's regions: a polygon per zone and side, in the map's coordinates.
#[uniffi::export]
pub fn body_map() -> FasciaResult<Vec<MapRegion>> {
    guard(|| Ok::<_, Error>(body_map_content()?.regions().to_vec()))
}

/// The region a tap at (`x`, `y`), in the map's coordinates, picks: the one it falls in, else the
/// nearest a few units away; none away from every region.
#[uniffi::export]
pub fn body_map_region_at(x: f64, y: f64) -> FasciaResult<Option<MapRegion>> {
    guard(|| Ok::<_, Error>(body_map_content()?.region_at(x, y).cloned()))
}

/// The body map to draw: the silhouettes front and back, each zone side's region shaded by its
/// level in `levels` (none: not rated), the zones' names, the sides and the legend.
#[uniffi::export]
pub fn body_map_picture(levels: Vec<MapLevel>) -> FasciaResult<Picture> {
    guard(|| {
        let map = body_map_content()?;
        Ok::<_, Error>(map.picture(catalog()?, &levels, routine::MAX_PRIORITY))
    })
}

/// How to work `zone` on `side` (`both` for an unsided zone) with the runner's `tools` (their
/// settings' tools; hands always): the runner on the tool, the contact and the way to move, `t`
/// of the way (0 to 1) from the start pose to the end pose, to animate between them.
#[uniffi::export]
pub fn technique_picture(
    zone: String,
    side: Side,
    tools: Vec<Tool>,
    t: f64,
) -> FasciaResult<Picture> {
    guard(|| {
        let owned = routine::owned_tools(&tools);
        let drawings = Techniques::embedded()?;
        Ok::<_, Error>(drawings.picture(catalog()?, &zone, side, &owned, t)?)
    })
}

/// A warm-up move (`moveId`) on `side` (left or right for a sided move, `both` otherwise): the
/// runner with the leading limb and the way it moves, `t` of the way (0 to 1) from the start
/// pose to the end pose, to animate between them, as [`technique_picture`] does.
#[uniffi::export]
pub fn move_picture(move_id: String, side: Side, t: f64) -> FasciaResult<Picture> {
    guard(|| {
        let moves = fascia_core::warmup::WarmUp::embedded()?;
        let drawings = fascia_core::pictures::moves::MoveDrawings::embedded()?;
        Ok::<_, Error>(drawings.picture(catalog()?, moves, &move_id, side, t)?)
    })
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

/// Where a step works (`Calves, left`; in a warm-up the move, `Walking lunges`), for a "next"
/// line.
#[uniffi::export]
pub fn step_place(step: Step) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(fascia_core::timer::step_place(catalog()?, &step)))
}

/// What a step asks, in words, for the session screen beside its place: "Hold", "Get into
/// position"; in a warm-up "Go", "Next move" (`stepKindText` knows the kind alone).
#[uniffi::export]
pub fn step_label_text(step: Step) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(fascia_core::timer::step_label(catalog()?, &step)))
}

/// The warm-up's moves with their English name and cue, in the order they are done: a warm-up
/// step's `moveId` names one.
#[uniffi::export]
pub fn warm_up_moves() -> FasciaResult<Vec<fascia_core::warmup::MoveText>> {
    guard(|| {
        let moves = fascia_core::warmup::WarmUp::embedded()?;
        Ok::<_, Error>(moves.in_english(catalog()?))
    })
}

/// A warm-up session done: "Warm-up done: 4 min of dynamic moves. Have a good run."
#[uniffi::export]
pub fn warm_up_done_text(seconds: u32) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::warm_up_done(catalog()?, u64::from(seconds))))
}

// ---- the core's numbers and words, for what the screens would otherwise write themselves -----

/// The soreness scale and the words that go with it, for the check-in and the log.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SorenessScale {
    /// The lowest level: nothing.
    pub min: u8,
    /// The highest level: the worst (what the journal accepts and the routine's priorities top
    /// out at).
    pub max: u8,
    /// The hint under the body map: "Tap where it is sore, then choose 0 (nothing) to 10 (worst)."
    pub hint: String,
    /// What to say when a check-in is saved with nothing rated.
    pub nothing_rated: String,
    /// The label of a field for a level: "Level (0–10)".
    pub field_label: String,
}

/// The soreness scale (0 to 10) with its hint, its empty-check-in message and its field label.
#[uniffi::export]
pub fn soreness_scale() -> FasciaResult<SorenessScale> {
    guard(|| {
        let c = catalog()?;
        let (min, max) = (0, routine::MAX_PRIORITY);
        let (lo, hi) = (min.to_string(), max.to_string());
        let args = [("min", lo.as_str()), ("max", hi.as_str())];
        Ok::<_, Error>(SorenessScale {
            min,
            max,
            hint: c.text(keys::CHECK_IN_HINT, &args),
            nothing_rated: c.text(keys::CHECK_IN_NOTHING_RATED, &args),
            field_label: c.text(keys::FIELD_SORENESS_LEVEL, &args),
        })
    })
}

/// A soreness level on its scale: "4/10".
#[uniffi::export]
pub fn soreness_level_text(level: u8) -> FasciaResult<String> {
    guard(|| {
        let (level, max) = (level.to_string(), routine::MAX_PRIORITY.to_string());
        let args = [("level", level.as_str()), ("max", max.as_str())];
        Ok::<_, Error>(catalog()?.text(keys::SORENESS_LEVEL, &args))
    })
}

/// The daily routine's length when the runner sets none, in minutes (12): what "under 12
/// minutes" says.
#[uniffi::export]
pub fn daily_minutes() -> FasciaResult<u32> {
    guard(|| Ok::<_, Error>(words::daily_minutes(catalog()?)))
}

/// The bodywork session's length in minutes (45): what the plan asks to book before peak
/// training, and the length of an appointment booked from the app.
#[uniffi::export]
pub fn bodywork_minutes() -> FasciaResult<u32> {
    guard(|| Ok::<_, Error>(words::bodywork_minutes(catalog()?)))
}

/// "Book a 45-minute session": the button that books an appointment of [`bodywork_minutes`].
#[uniffi::export]
pub fn book_bodywork_text() -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::book_bodywork(catalog()?)))
}

/// A length of time as a person reads it, never as a clock: "12 min", "11 min 40 s", "40 s".
#[uniffi::export]
pub fn duration_text(seconds: u32) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::duration(catalog()?, u64::from(seconds))))
}

/// The routine streak in words: "Streak: 1 day", "Streak: 12 days".
#[uniffi::export]
pub fn streak_text(days: u32) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::streak(catalog()?, days)))
}

/// A calendar day's one-word label ("race", "race wk", "long", "recover", "bodywork"), the
/// first that applies in that order; none for an ordinary day.
#[uniffi::export]
pub fn calendar_label(day: CalendarDay) -> FasciaResult<Option<String>> {
    guard(|| Ok::<_, Error>(words::calendar_label(catalog()?, &day)))
}

/// The heading of a see-a-professional flag: "Calves: see a professional" (its advice is the
/// flag's own `advice`).
#[uniffi::export]
pub fn safety_flag_title(flag: SafetyFlag) -> FasciaResult<String> {
    guard(|| {
        let c = catalog()?;
        let zone = c
            .zone(&flag.zone)
            .map_or_else(|| flag.zone.to_string(), |z| c.text(&z.name, &[]));
        Ok::<_, Error>(c.text(keys::SAFETY_FLAG_TITLE, &[("zone", &zone)]))
    })
}

/// Where a race's pre-peak bodywork session stands on `today` (the runner's local date): "45-minute
/// session booked", "Book the 45-minute session by 2026-11-08", or overdue once that day has
/// passed unbooked. None for a race without one (B and C races).
#[uniffi::export]
pub fn bodywork_due_text(race: RacePlan, today: LocalDate) -> FasciaResult<Option<String>> {
    guard(|| Ok::<_, Error>(words::bodywork_due(catalog()?, &race, today)))
}

/// A race's race week on the plan, with the race-week advice: "Race week from 2026-12-14. Keep
/// up hydration and electrolytes this week, and keep the routine gentle."
#[uniffi::export]
pub fn race_week_text(race: RacePlan) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::race_week(catalog()?, &race)))
}

/// An A race's peak training block: "Peak training 2026-10-05 to 2026-11-08"; none for B and C.
#[uniffi::export]
pub fn peak_text(race: RacePlan) -> FasciaResult<Option<String>> {
    guard(|| Ok::<_, Error>(words::peak(catalog()?, &race)))
}

/// A race's taper: "Taper from 2026-11-29"; none when it has none.
#[uniffi::export]
pub fn taper_text(race: RacePlan) -> FasciaResult<Option<String>> {
    guard(|| Ok::<_, Error>(words::taper(catalog()?, &race)))
}

/// The season's kickoff on the plan, on `today` (the runner's local date): "Kickoff 2027-01-04:
/// begin the daily routine, …", or "Kickoff was 2027-01-04: keep up the daily routine".
#[uniffi::export]
pub fn kickoff_text(kickoff: LocalDate, today: LocalDate) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::kickoff(catalog()?, kickoff, today)))
}

/// A zone, or one side of it, that rests today: "Calves, left rests today".
#[uniffi::export]
pub fn rest_title_text(zone: fascia_core::vocab::ZoneId, side: Side) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::rest_title(catalog()?, &zone, side)))
}

/// Reminder health in one line: "Daily reminders come at 07:30; 9 planned in the next 7 days."
#[uniffi::export]
pub fn reminder_summary_text(health: ReminderHealth) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::reminder_summary(catalog()?, &health)))
}

/// A month of the bodywork cadence: "2026-12: 1 of 2 booked".
#[uniffi::export]
pub fn bodywork_month_text(month: BodyworkMonth) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::bodywork_month(catalog()?, &month)))
}

/// A bodywork appointment's length and state: "45 min", "45 min, done".
#[uniffi::export]
pub fn bodywork_text(bodywork: Bodywork) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::bodywork_entry(catalog()?, &bodywork)))
}

/// A race's priority: "A race", "B race", "C race".
#[uniffi::export]
pub fn priority_text(priority: RacePriority) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::race_priority(catalog()?, priority)))
}

/// A kind of run: "easy", "long", "race", "workout".
#[uniffi::export]
pub fn run_kind_text(kind: RunKind) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::run_kind(catalog()?, kind)))
}

/// The largest activity file the core reads, in bytes: an app reads a picked file up to one byte
/// more, so that a larger one is refused by the core with its reason, never read whole.
#[uniffi::export]
pub fn max_run_file_bytes() -> u64 {
    fascia_core::model::MAX_RUN_FILE_BYTES as u64
}

/// What an import of runs did, for the runner: "Runs: 2 added, 3 already there.", then each
/// refused file on a line of its own ("Refused bad.fit: …"); "No runs to import." when none.
#[uniffi::export]
pub fn run_import_text(summary: RunImportSummary) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::run_import(catalog()?, &summary)))
}

/// Time lost to pain: "1.5 h".
#[uniffi::export]
pub fn downtime_text(minutes: u32) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::downtime_hours(catalog()?, minutes)))
}

/// A fixed sentence of a screen (the intro, the empty plan, the check-in card, chart headings…).
#[uniffi::export]
pub fn phrase_text(phrase: Phrase) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::phrase(catalog()?, phrase)))
}

/// A routine zone's holds: "90 s each side", "Left first: 90 s, then 60 s on the other".
#[uniffi::export]
pub fn holds_text(zone: RoutineZone) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::holds(catalog()?, &zone)))
}

/// A step's place in its session, `index` counted from 0: "Step 3 of 12".
#[uniffi::export]
pub fn step_of_text(index: u32, count: u32) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::step_of(catalog()?, index as usize, count as usize)))
}

/// The session's time left: "8 min left".
#[uniffi::export]
pub fn time_left_text(seconds: u32) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::time_left(catalog()?, u64::from(seconds))))
}

/// The next step's place, for the notification: "Next: Calves, right".
#[uniffi::export]
pub fn next_step_text(step: Step) -> FasciaResult<String> {
    guard(|| {
        let c = catalog()?;
        Ok::<_, Error>(words::next_place(
            c,
            &fascia_core::timer::step_place(c, &step),
        ))
    })
}

/// A report row's label: "Downtime, hours a week", "Mean soreness (0–10)".
#[uniffi::export]
pub fn metric_text(metric: Metric) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::metric(catalog()?, metric)))
}

/// A zone's soreness trend: "rising", "falling", "steady", "too few days".
#[uniffi::export]
pub fn trend_text(trend: Trend) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::trend(catalog()?, trend)))
}

/// The report's two windows: "First two weeks (… to …) against the latest two (… to …)".
#[uniffi::export]
pub fn report_windows_text(report: PersonalReport) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::report_windows(catalog()?, &report)))
}

/// A zone's dose on the zones screen, for the daily routine or (`bodywork`) the bodywork
/// session: "Daily: pressure 5/10 (firm but comfortable), hold 90 s (60–120 s)".
#[uniffi::export]
pub fn zone_dose_text(zone: ZoneText, bodywork: bool) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::zone_dose(catalog()?, &zone, bodywork)))
}

/// A distance in the runner's units: "28.0 km", "17.4 mi".
#[uniffi::export]
pub fn distance_text(units: Units, metres: u32) -> String {
    units.distance(metres)
}

/// A distance in the runner's units without the unit ("28.0", "17.4"): an edit field's text.
#[uniffi::export]
pub fn distance_number(units: Units, metres: u32) -> String {
    units.number(metres)
}

/// The label of a distance field in the runner's units: "Distance, km", "Distance, mi".
#[uniffi::export]
pub fn distance_label(units: Units) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(catalog()?.text(keys::FIELD_DISTANCE, &[("unit", units.unit())])))
}

/// A distance the runner typed in their units, in metres (`21.1` mi is 33 957 m). `InvalidInput`
/// on `distance` for a value below zero, not a number or too large; the journal checks the run.
#[uniffi::export]
pub fn distance_metres(units: Units, value: f64) -> FasciaResult<u32> {
    guard(|| {
        units.metres(value).ok_or_else(|| {
            Error::from(Invalid::new(
                "distance",
                format!("{value} {} is not a distance", units.unit()),
            ))
        })
    })
}

/// A side in words: "Left", "Right", "Both sides".
#[uniffi::export]
pub fn side_text(side: Side) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(catalog()?.text(side.text_key(), &[])))
}

/// What a step asks, in words: "Hold", "Get into position", "Switch sides", "Next zone".
#[uniffi::export]
pub fn step_kind_text(kind: StepKind) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(catalog()?.text(kind.text_key(), &[])))
}

/// Why a zone was left out of a routine, in words ("Resting today: too sore for pressure …";
/// for a missing tool, the tools that would work it).
#[uniffi::export]
pub fn omitted_text(omitted: OmittedZone) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(words::omitted(catalog()?, &omitted)))
}

/// A tool's name: "Foam roller", "Hands".
#[uniffi::export]
pub fn tool_text(tool: Tool) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(catalog()?.text(tool.text_key(), &[])))
}

/// A reminder-health warning and its fix, in words.
#[uniffi::export]
pub fn health_warning_text(warning: HealthWarning) -> FasciaResult<String> {
    guard(|| Ok::<_, Error>(catalog()?.text(warning.text_key(), &[])))
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

    /// The dynamic warm-up before a run or race-morning activation (`Today.warmUp` offers it),
    /// under today's safety rule, to start like any routine. `Conflict` when every move rests.
    pub fn warm_up_routine(&self, now: Instant) -> FasciaResult<Routine> {
        guard(|| self.journal.warm_up_routine(now))
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

    /// Imports the runs in FIT, GPX and TCX files the runner picked (the format by each name's
    /// extension), in one transaction; a file that cannot be read is in the summary's
    /// `refused` with its reason, and the rest go on.
    pub fn import_run_files(
        &self,
        files: Vec<RunFile>,
        now: Instant,
    ) -> FasciaResult<RunImportSummary> {
        guard(|| self.journal.import_run_files(&files, now))
    }

    /// Imports running sessions read from Health Connect or HealthKit, in one transaction;
    /// importing the same record again changes nothing.
    pub fn import_health_runs(
        &self,
        runs: Vec<HealthRun>,
        now: Instant,
    ) -> FasciaResult<RunImportSummary> {
        guard(|| self.journal.import_health_runs(&runs, now))
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

/// The numbers and words the apps show instead of their own: each text function gives the core's
/// value or the core's text, and agrees with what the journal does with it.
#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use fascia_core::insights::SafetyKind;
    use fascia_core::model::LocalizedText;
    use fascia_core::routine::Omission;

    fn at(s: &str) -> Instant {
        s.parse().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn journal() -> (tempfile::TempDir, std::sync::Arc<FasciaJournal>) {
        let dir = tempfile::tempdir().unwrap();
        let j = FasciaJournal::open(dir.path().join("j.db").display().to_string(), "UTC".into())
            .unwrap();
        (dir, j)
    }

    /// The warm-up across the FFI: built from the journal, its steps and left-out moves in the
    /// core's words, its moves listed, its end said.
    #[test]
    fn the_warm_up_crosses_in_the_core_s_words() {
        let (_dir, j) = journal();
        let now = at("2027-01-12T06:30:00Z");
        let r = j.warm_up_routine(now).unwrap();
        assert_eq!(r.kind, RoutineKind::WarmUp);
        let moves = warm_up_moves().unwrap();
        assert_eq!(moves[0].name, "Calf raises");
        assert_eq!(r.steps[0].move_id.as_deref(), Some(moves[0].id.as_str()));
        assert_eq!(step_title(r.steps[1].clone()).unwrap(), "Calf raises: Go");
        assert_eq!(
            next_step_text(r.steps[3].clone()).unwrap(),
            "Next: Front-to-back leg swings, left"
        );
        assert_eq!(step_kind_text(StepKind::Move).unwrap(), "Go");
        assert_eq!(step_label_text(r.steps[2].clone()).unwrap(), "Next move");
        let today = j.today(now).unwrap();
        assert_eq!(today.warm_up.unwrap().total_s, r.total_s);
        let left_out = OmittedZone {
            zone: "hamstrings".into(),
            side: Side::Left,
            why: Omission::Rest,
            move_id: Some("butt-kicks".into()),
        };
        assert!(omitted_text(left_out)
            .unwrap()
            .starts_with("Left out today: Hamstrings, left rests"));
        assert_eq!(
            warm_up_done_text(240).unwrap(),
            "Warm-up done: 4 min of dynamic moves. Have a good run."
        );
        // Every move step has its picture, on its side.
        for step in r.steps.iter().filter(|s| s.kind == StepKind::Move) {
            let id = step.move_id.clone().unwrap();
            let p = move_picture(id, step.side, 0.5).unwrap();
            assert!(!p.shapes.is_empty());
        }
        let refused = move_picture("moonwalk".into(), Side::Both, 0.0).unwrap_err();
        assert!(
            matches!(&refused, FasciaError::InvalidInput { field, .. } if field == "move_id"),
            "{refused:?}"
        );
    }

    #[test]
    fn the_soreness_scale_is_the_one_the_journal_accepts() {
        let scale = soreness_scale().unwrap();
        assert_eq!((scale.min, scale.max), (0, 10));
        assert_eq!(
            scale.hint,
            "Tap where it is sore, then choose 0 (nothing) to 10 (worst)."
        );
        assert_eq!(
            scale.nothing_rated,
            "Tap a zone on the map and choose 0 to 10 first."
        );
        assert_eq!(scale.field_label, "Level (0–10)");
        assert_eq!(soreness_level_text(4).unwrap(), "4/10");
        let (_dir, j) = journal();
        let now = at("2026-11-23T06:00:00Z");
        let entry = |level| NewSoreness {
            zone: "calves".into(),
            side: Side::Both,
            level,
            at: now,
            run_id: None,
            note: None,
        };
        assert!(j.add_soreness(vec![entry(scale.max)], now).is_ok());
        assert!(j.add_soreness(vec![entry(scale.min)], now).is_ok());
        match j.add_soreness(vec![entry(scale.max + 1)], now) {
            Err(FasciaError::InvalidInput { field, .. }) => assert_eq!(field, "level"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_routine_lengths_are_the_protocols() {
        assert_eq!(daily_minutes().unwrap(), 12);
        assert_eq!(daily_minutes().unwrap(), Settings::default().daily_minutes);
        assert_eq!(bodywork_minutes().unwrap(), 45);
        assert_eq!(book_bodywork_text().unwrap(), "Book a 45-minute session");
        let (_dir, j) = journal();
        let now = at("2026-11-23T06:00:00Z");
        assert_eq!(
            j.todays_routine(now, None).unwrap().budget_s,
            daily_minutes().unwrap() * 60
        );
        assert_eq!(
            j.bodywork_routine(now, None).unwrap().budget_s,
            bodywork_minutes().unwrap() * 60
        );
    }

    /// An appointment of the app's booking length is the session the plan asks for; a shorter one
    /// is not, so the app's button and the plan can never disagree.
    #[test]
    fn the_plan_counts_an_appointment_of_the_bodywork_length_as_the_session() {
        let (_dir, j) = journal();
        let now = at("2026-11-23T06:00:00Z");
        let today = date("2026-11-23");
        j.add_race(
            NewRace {
                name: "Winter Marathon".into(),
                date: date("2027-01-31"),
                distance_m: Some(42_195),
                priority: RacePriority::A,
            },
            now,
        )
        .unwrap();
        let race = || j.season_plan(now).unwrap().races.remove(0);
        let by = race().bodywork_by.unwrap();
        assert_eq!(
            bodywork_due_text(race(), today).unwrap().unwrap(),
            format!(
                "Book the 45-minute session by {}",
                catalog().unwrap().date(by)
            )
        );
        assert_eq!(
            bodywork_due_text(race(), by.succ_opt().unwrap())
                .unwrap()
                .unwrap(),
            format!(
                "45-minute session overdue (was due by {}): book one now",
                catalog().unwrap().date(by)
            )
        );
        let minutes = bodywork_minutes().unwrap();
        let when = by.and_hms_opt(10, 0, 0).unwrap().and_utc();
        let short = j
            .add_bodywork(
                NewBodywork {
                    at: when,
                    minutes: minutes - 1,
                },
                now,
            )
            .unwrap();
        assert_eq!(race().bodywork_booked, None);
        j.delete_bodywork(short.id, now).unwrap();
        j.add_bodywork(NewBodywork { at: when, minutes }, now)
            .unwrap();
        assert!(race().bodywork_booked.is_some());
        assert_eq!(
            bodywork_due_text(race(), today).unwrap().unwrap(),
            "45-minute session booked"
        );
        assert_eq!(
            race_week_text(race()).unwrap(),
            format!(
                "Race week from {}. {}",
                catalog().unwrap().date(race().race_week_from),
                text("reminder.race-week.body".into()).unwrap()
            )
        );
    }

    #[test]
    fn a_race_without_the_pre_peak_session_has_no_line_for_it() {
        let race = RacePlan {
            race_id: "r".into(),
            name: "City 10K".into(),
            date: date("2027-03-07"),
            priority: RacePriority::C,
            peak: None,
            bodywork_by: None,
            bodywork_booked: None,
            taper_from: None,
            race_week_from: date("2027-03-01"),
        };
        assert_eq!(
            bodywork_due_text(race.clone(), date("2027-01-01")).unwrap(),
            None
        );
        assert_eq!(
            race_week_text(race).unwrap(),
            "Race week from Mon 1 Mar 2027. Keep up hydration and electrolytes this week, and keep the routine gentle."
        );
    }

    #[test]
    fn durations_and_streaks_read_as_words() {
        assert_eq!(duration_text(720).unwrap(), "12 min");
        assert_eq!(duration_text(700).unwrap(), "11 min 40 s");
        assert_eq!(duration_text(40).unwrap(), "40 s");
        assert_eq!(streak_text(0).unwrap(), "Streak: 0 days");
        assert_eq!(streak_text(1).unwrap(), "Streak: 1 day");
        assert_eq!(streak_text(12).unwrap(), "Streak: 12 days");
    }

    #[test]
    fn a_calendar_day_has_the_first_label_that_applies() {
        let plain = CalendarDay {
            date: date("2026-11-23"),
            zones: Vec::new(),
            long_run: false,
            recovery: false,
            bodywork: Vec::new(),
            race: None,
            taper: false,
            race_week: false,
            peak: false,
            kickoff: false,
        };
        let label = |day: &CalendarDay| calendar_label(day.clone()).unwrap();
        assert_eq!(label(&plain), None);
        let bodywork = CalendarDay {
            bodywork: vec!["b".into()],
            ..plain.clone()
        };
        assert_eq!(label(&bodywork).as_deref(), Some("bodywork"));
        let recovery = CalendarDay {
            recovery: true,
            ..bodywork
        };
        assert_eq!(label(&recovery).as_deref(), Some("recover"));
        let long = CalendarDay {
            long_run: true,
            ..recovery
        };
        assert_eq!(label(&long).as_deref(), Some("long"));
        let race_week = CalendarDay {
            race_week: true,
            ..long
        };
        assert_eq!(label(&race_week).as_deref(), Some("race wk"));
        let race = CalendarDay {
            race: Some("r".into()),
            ..race_week
        };
        assert_eq!(label(&race).as_deref(), Some("race"));
    }

    #[test]
    fn a_safety_flag_is_headed_by_its_zones_name() {
        let flag = SafetyFlag {
            zone: "it-band".into(),
            kind: SafetyKind::HighSoreness { days: 3 },
            advice: LocalizedText {
                reason: Reason::key("safety.high-soreness"),
                english: String::new(),
            },
        };
        assert_eq!(
            safety_flag_title(flag).unwrap(),
            "IT band (outer thigh): see a professional"
        );
    }

    #[test]
    fn distances_are_in_the_runners_units_both_ways() {
        assert_eq!(distance_label(Units::Metric).unwrap(), "Distance, km");
        assert_eq!(distance_label(Units::Imperial).unwrap(), "Distance, mi");
        assert_eq!(distance_text(Units::Metric, 21_100), "21.1 km");
        assert_eq!(distance_text(Units::Imperial, 33_957), "21.1 mi");
        assert_eq!(distance_number(Units::Imperial, 33_957), "21.1");
        assert_eq!(distance_metres(Units::Metric, 21.1).unwrap(), 21_100);
        assert_eq!(distance_metres(Units::Imperial, 21.1).unwrap(), 33_957);
        for bad in [-1.0, f64::NAN] {
            match distance_metres(Units::Imperial, bad) {
                Err(FasciaError::InvalidInput { field, .. }) => assert_eq!(field, "distance"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn sides_steps_tools_and_warnings_are_the_cores_words() {
        let key = |k: &str| text(k.into()).unwrap();
        for side in [Side::Left, Side::Right, Side::Both] {
            assert_eq!(side_text(side).unwrap(), key(side.text_key()));
        }
        for kind in [
            StepKind::LeadIn,
            StepKind::Hold,
            StepKind::SwitchSides,
            StepKind::Transition,
        ] {
            assert_eq!(step_kind_text(kind).unwrap(), key(kind.text_key()));
        }
        for tool in [Tool::FoamRoller, Tool::Ball, Tool::Stick, Tool::Hands] {
            assert_eq!(tool_text(tool).unwrap(), key(tool.text_key()));
        }
        for w in [
            HealthWarning::NotificationsOff,
            HealthWarning::ExactAlarmsOff,
            HealthWarning::BatteryRestricted,
            HealthWarning::NothingScheduled,
            HealthWarning::ReminderInQuietHours,
        ] {
            assert_eq!(health_warning_text(w).unwrap(), key(w.text_key()));
        }
        let rest = OmittedZone {
            zone: "calves".into(),
            side: Side::Left,
            why: Omission::Rest,
            move_id: None,
        };
        assert_eq!(omitted_text(rest.clone()).unwrap(), key("omitted.rest"));
        let no_tool = OmittedZone {
            zone: "it-band".into(),
            side: Side::Both,
            why: Omission::NoTool,
            move_id: None,
        };
        assert_eq!(
            omitted_text(no_tool).unwrap(),
            "Needs a tool you don't have: Foam roller, Roller stick"
        );
        assert_eq!(side_text(Side::Both).unwrap(), "Both sides");
        assert_eq!(
            step_kind_text(StepKind::LeadIn).unwrap(),
            "Get into position"
        );
        assert_eq!(tool_text(Tool::FoamRoller).unwrap(), "Foam roller");
    }

    #[test]
    fn an_import_of_run_files_is_said_in_the_core_s_words() {
        let (_dir, j) = journal();
        let now = at("2027-01-10T12:00:00Z");
        let fixture = |name: &str| RunFile {
            name: name.into(),
            bytes: std::fs::read(format!(
                "{}/../tests/fixtures/runs/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        };
        let broken = RunFile {
            name: "broken.fit".into(),
            bytes: b"not a fit file".to_vec(),
        };
        let files = vec![fixture("easy-run.gpx"), broken, fixture("ride.gpx")];
        let summary = j.import_run_files(files.clone(), now).unwrap();
        let text = run_import_text(summary).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("Runs: 1 added, 1 skipped (not runs), 1 refused.")
        );
        assert!(
            lines.next().unwrap().starts_with("Refused broken.fit: "),
            "{text}"
        );
        assert_eq!(lines.next(), None);
        let again = run_import_text(j.import_run_files(files, now).unwrap()).unwrap();
        assert!(
            again.starts_with("Runs: 1 already there, 1 skipped (not runs), 1 refused."),
            "{again}"
        );
    }

    // ---- pictures
    /// Across the FFI: a technique picture for every zone side with the runner's tools, the
    /// side refused when the zone has none, and a tap on the map finding its region.
    #[test]
    fn pictures_cross_the_ffi() {
        let p =
            technique_picture("calves".into(), Side::Left, vec![Tool::FoamRoller], 0.5).unwrap();
        assert!(p.width > 0.0 && p.height > 0.0 && !p.shapes.is_empty());
        let e = technique_picture("thoracic-spine".into(), Side::Left, vec![], 0.0).unwrap_err();
        assert!(
            matches!(e, FasciaError::InvalidInput { ref field, .. } if field == "side"),
            "{e}"
        );
        let e = technique_picture("calves".into(), Side::Left, vec![], f64::NAN).unwrap_err();
        assert!(
            matches!(e, FasciaError::InvalidInput { ref field, .. } if field == "t"),
            "{e}"
        );
        let regions = body_map().unwrap();
        for r in &regions {
            let hit = body_map_region_at(r.anchor.x, r.anchor.y).unwrap();
            assert_eq!(hit.map(|h| h.id), Some(r.id.clone()));
        }
        assert_eq!(body_map_region_at(-50.0, -50.0).unwrap(), None);
        let map = body_map_picture(vec![MapLevel {
            zone: "calves".into(),
            side: Side::Left,
            level: 7,
        }])
        .unwrap();
        assert!(map.shapes.iter().any(|s| matches!(
            s,
            fascia_core::pictures::Shape::Area { region: Some(id), level: Some(7), .. } if id == "calves-left"
        )));
        assert!(body_map_svg().starts_with("<svg"));
    }
    // ---- end of pictures
}
