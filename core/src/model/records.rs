//! What the journal stores, and the checks every write passes first.
//!
//! Each stored record has a stable UUID and `created_at` / `updated_at` instants so an import can
//! merge by id. `New…` types are what the app hands in; the store adds the id and the times.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::routine::Routine;
use crate::vocab::Side;
use crate::vocab::TimedEvent;
use crate::vocab::{Invalid, ZoneId};
use crate::zones::{Catalog, Tool};

use super::Name;

/// How far in the future a logged moment may lie (a phone's clock can be a little ahead).
const FUTURE_SLACK: TimeDelta = TimeDelta::hours(1);
const MAX_NOTE_CHARS: usize = 1000;
const MAX_NAME_CHARS: usize = 100;

fn invalid(field: &str, message: impl Into<String>) -> Invalid {
    Invalid::new(field, message)
}

/// The first date the journal accepts (from the CLI, the FFI or an import file).
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// The last date the journal accepts. Inside this range no date arithmetic can overflow.
pub const LATEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2200, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Refuses a date outside [`EARLIEST_DATE`]–[`LATEST_DATE`].
pub fn check_date(field: &str, date: NaiveDate) -> Result<(), Invalid> {
    if (EARLIEST_DATE..=LATEST_DATE).contains(&date) {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("{date} is outside the dates Fascia keeps ({EARLIEST_DATE} to {LATEST_DATE})"),
        ))
    }
}

/// Refuses an instant whose UTC date is outside [`EARLIEST_DATE`]–[`LATEST_DATE`].
pub fn check_instant(field: &str, at: DateTime<Utc>) -> Result<(), Invalid> {
    check_date(field, at.date_naive())
}

/// Refuses text with control characters (escape sequences, bells, NULs…): they would be printed
/// raw by a terminal or break a CSV cell. Newlines and tabs are allowed in notes only.
pub fn check_text(field: &str, text: &str, multiline: bool) -> Result<(), Invalid> {
    let allowed = |c: char| multiline && matches!(c, '\n' | '\t');
    match text.chars().find(|c| c.is_control() && !allowed(*c)) {
        Some(c) => Err(invalid(
            field,
            format!(
                "contains a control character (U+{:04X}); remove it",
                u32::from(c)
            ),
        )),
        None => Ok(()),
    }
}

/// Refuses a moment outside the dates the journal keeps and, given the clock (`now`: a new
/// entry, not one already kept, whose clock may have been wrong), one in the future.
fn not_in_future(
    field: &str,
    at: DateTime<Utc>,
    now: Option<DateTime<Utc>>,
) -> Result<(), Invalid> {
    check_instant(field, at)?;
    if now.is_some_and(|now| at > now + FUTURE_SLACK) {
        return Err(invalid(field, format!("{at} is in the future")));
    }
    Ok(())
}

fn known_zone(catalog: &Catalog, field: &str, zone: &str) -> Result<(), Invalid> {
    match catalog.zone(zone) {
        Some(_) => Ok(()),
        None => Err(invalid(field, catalog.unknown_zone(zone))),
    }
}

/// A stored record and what the runner hands in have the same fields; the store adds an id and
/// two instants. Written once here for each pair.
macro_rules! entry {
    ($new:ident => $stored:ident { $($field:ident),* } $(+ $($absent:ident),+)?) => {
        impl $new {
            /// The record as stored under `id` at `now`.
            pub(crate) fn stored(&self, id: String, now: DateTime<Utc>) -> $stored {
                $stored {
                    id,
                    $($field: self.$field.clone(),)*
                    $($($absent: None,)+)?
                    created_at: now,
                    updated_at: now,
                }
            }
        }

        impl $stored {
            /// The record's content as the runner handed it in (to validate it as a new entry).
            pub fn entry(&self) -> $new {
                $new { $($field: self.$field.clone()),* }
            }
        }
    };
}

entry!(NewRun => Run { started_at, distance_m, duration_s, kind }
    + time_zone, source, source_id, cadence_spm, elevation_gain_m);
entry!(NewSoreness => Soreness { zone, side, level, at, run_id, note } + time_zone);
entry!(NewDowntime => Downtime { date, minutes, zone });
entry!(NewRace => Race { name, date, distance_m, priority });

impl NewBodywork {
    /// The appointment as stored under `id` at `now`, not yet done.
    pub(crate) fn stored(&self, id: String, now: DateTime<Utc>) -> Bodywork {
        Bodywork {
            id,
            at: self.at,
            minutes: self.minutes,
            done: false,
            time_zone: None,
            created_at: now,
            updated_at: now,
        }
    }
}

named_enum! {
    /// Kind of run. A run is a long run if its kind is `long` or it reaches the long-run threshold.
    pub enum RunKind {
        /// An easy run: long only if it reaches the long-run threshold ([`Run::is_long`]).
        Easy,
        /// Marked long by the runner: a long run whatever its distance.
        Long,
        /// A race: whatever its distance, it brings the soreness prompt and the next-day check-in
        /// ([`Run::brings_check_in`]), as a long run does.
        Race,
        /// Intervals, tempo and other workouts.
        Workout,
    }
}

named_enum! {
    /// A kind of record the runner names by id (to correct or delete it, or to link soreness to
    /// a run): what [`crate::Journal::resolve_id`] looks an id prefix up among.
    pub enum RecordKind {
        /// A [`Run`]; the one kind a soreness entry links to (`run_id`).
        Run,
        /// A soreness entry.
        Soreness,
        /// A downtime entry.
        Downtime,
        /// A [`Race`] the runner entered.
        Race,
        /// A bodywork appointment.
        Bodywork,
    }
}

/// A run as the runner logs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct NewRun {
    /// When it started.
    #[serde(with = "crate::instant")]
    pub started_at: DateTime<Utc>,
    /// Distance in metres.
    pub distance_m: u32,
    /// Moving time in seconds.
    pub duration_s: u32,
    /// `easy`, `long`, `race` or `workout`; `long` makes it a long run whatever its distance.
    pub kind: RunKind,
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// A random UUID, lowercase and hyphenated, kept through export and import. Any unique start of
    /// it (in any case) names the run ([`crate::Journal::resolve_id`]).
    pub id: String,
    /// When it started.
    #[serde(with = "crate::instant")]
    pub started_at: DateTime<Utc>,
    /// Distance in metres.
    pub distance_m: u32,
    /// Moving time in seconds.
    pub duration_s: u32,
    /// `easy`, `long`, `race` or `workout`; `long` makes it a long run whatever its distance.
    pub kind: RunKind,
    /// The IANA time zone the runner logged it in (absent for entries from before Fascia kept
    /// it): past entries show the local time the runner saw then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// When it was first stored.
    #[serde(with = "crate::instant")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(with = "crate::instant")]
    pub updated_at: DateTime<Utc>,
    /// Where it was imported from (a file format or a phone's health store); absent for a run
    /// typed by hand. With [`Run::source_id`] it says which activity it is, so importing it
    /// again changes nothing (docs/storage.md, "Runs from files and health stores").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub source: Option<RunSource>,
    /// The source's own id of the activity (a FIT file's serial number and creation time, a TCX
    /// activity's `Id`, a GPX track's first time, a health record's id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub source_id: Option<String>,
    /// Average cadence in steps per minute (both feet), where the source measured it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub cadence_spm: Option<u32>,
    /// Elevation gained in metres, where the source measured it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub elevation_gain_m: Option<u32>,
}

/// The highest average cadence a run may have (steps per minute): sprinters reach about 300.
pub const MAX_CADENCE_SPM: u32 = 400;
/// The most elevation a run may gain (metres): more than the hilliest 1000 km ultra.
pub const MAX_ELEVATION_GAIN_M: u32 = 100_000;
/// The longest id a source may give an activity.
pub const MAX_SOURCE_ID_CHARS: usize = 200;

named_enum! {
    /// Where an imported run came from.
    pub enum RunSource {
        /// A FIT file (Garmin, Coros, Suunto, Wahoo watches).
        Fit,
        /// A GPX track.
        Gpx,
        /// A Garmin Training Center (TCX) file.
        Tcx,
        /// Android's Health Connect.
        HealthConnect,
        /// Apple's HealthKit.
        Healthkit,
    }
}

impl Run {
    /// Checks what an import measured, as the journal stores it: a source comes with its id
    /// (1–200 characters, no control characters), a cadence is 1–400 steps per minute, an
    /// elevation gain at most 100 km.
    pub fn check_measured(&self) -> Result<(), Invalid> {
        match (&self.source, &self.source_id) {
            (None, None) => {}
            (Some(_), Some(id)) => {
                if id.is_empty() || id.chars().count() > MAX_SOURCE_ID_CHARS {
                    return Err(invalid(
                        "source_id",
                        format!("must be 1 to {MAX_SOURCE_ID_CHARS} characters"),
                    ));
                }
                check_text("source_id", id, false)?;
            }
            (Some(_), None) => return Err(invalid("source_id", "a source needs its id")),
            (None, Some(_)) => return Err(invalid("source", "an id needs its source")),
        }
        if self
            .cadence_spm
            .is_some_and(|c| c == 0 || c > MAX_CADENCE_SPM)
        {
            return Err(invalid(
                "cadence_spm",
                format!("must be 1 to {MAX_CADENCE_SPM} steps per minute"),
            ));
        }
        if self
            .elevation_gain_m
            .is_some_and(|e| e > MAX_ELEVATION_GAIN_M)
        {
            return Err(invalid(
                "elevation_gain_m",
                format!("must be at most {MAX_ELEVATION_GAIN_M} m"),
            ));
        }
        Ok(())
    }

    /// The long-run rule: marked long, or at least `threshold_m` metres.
    pub fn is_long(&self, threshold_m: u32) -> bool {
        self.kind == RunKind::Long || self.distance_m >= threshold_m
    }

    /// Whether the run brings the soreness prompt and the next-day recovery check-in: a long
    /// run (by [`Run::is_long`]) or a race of any distance, whose recovery is what the report
    /// measures.
    pub fn brings_check_in(&self, threshold_m: u32) -> bool {
        self.kind == RunKind::Race || self.is_long(threshold_m)
    }
}

impl NewRun {
    /// Checks the run as the journal will before storing it (pure: frontends can call it before
    /// opening anything).
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), Invalid> {
        self.check(Some(now))
    }

    /// Checks a run already kept (an import) as [`NewRun::validate`] does, except against the
    /// clock: the clock it was logged by may have been wrong, and that is no reason to refuse it.
    pub(crate) fn validate_kept(&self) -> Result<(), Invalid> {
        self.check(None)
    }

    fn check(&self, now: Option<DateTime<Utc>>) -> Result<(), Invalid> {
        not_in_future("started_at", self.started_at, now)?;
        if self.distance_m > 1_000_000 {
            return Err(invalid(
                "distance_m",
                "a run of more than 1000 km is not plausible",
            ));
        }
        if self.duration_s == 0 || self.duration_s > 7 * 24 * 3600 {
            return Err(invalid("duration_s", "must be between 1 second and 7 days"));
        }
        // 30 km/h is well above any runner's pace: more is a typo or another sport.
        if u64::from(self.distance_m) * 3600 > u64::from(self.duration_s) * 30_000 {
            return Err(invalid(
                "distance_m",
                "faster than 30 km/h: check the distance and the duration",
            ));
        }
        Ok(())
    }
}

/// Soreness in one zone, as the runner logs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct NewSoreness {
    /// The zone's id in the zone map (`calves`), as in `zones.json`; an unknown id is refused.
    pub zone: ZoneId,
    /// Side; `both` for an unsided zone or both sides at once.
    pub side: Side,
    /// 0 (none) to 10 (worst).
    pub level: u8,
    /// When it was felt.
    #[serde(with = "crate::instant")]
    pub at: DateTime<Utc>,
    /// The run it follows, if any.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub run_id: Option<String>,
    /// A short note.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
}

/// A stored soreness entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct Soreness {
    /// Random UUID, lowercase and hyphenated, as [`Run::id`].
    pub id: String,
    /// The zone's id in the zone map (`calves`), as in `zones.json`.
    pub zone: ZoneId,
    /// Left or right; `both` for an unsided zone or both sides at once.
    pub side: Side,
    /// 0 (none) to 10 (worst).
    pub level: u8,
    /// When it was felt.
    #[serde(with = "crate::instant")]
    pub at: DateTime<Utc>,
    /// The run it follows, if any.
    pub run_id: Option<String>,
    /// A short note.
    pub note: Option<String>,
    /// The IANA time zone the runner logged it in (absent for entries from before Fascia kept
    /// it): past entries show the local time the runner saw then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// When it was first stored.
    #[serde(with = "crate::instant")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(with = "crate::instant")]
    pub updated_at: DateTime<Utc>,
}

impl NewSoreness {
    /// Checks several entries, naming a field plainly for one entry and with its position
    /// (`[1].level`) in a batch.
    pub fn validate_all(
        entries: &[NewSoreness],
        catalog: &Catalog,
        now: DateTime<Utc>,
    ) -> Result<(), Invalid> {
        for (i, e) in entries.iter().enumerate() {
            e.validate(catalog, now)
                .map_err(|err| match entries.len() {
                    1 => err,
                    _ => err.within(&format!("[{i}]")),
                })?;
        }
        Ok(())
    }

    /// Checks the entry as the journal will before storing it.
    pub fn validate(&self, catalog: &Catalog, now: DateTime<Utc>) -> Result<(), Invalid> {
        self.check(catalog, Some(now))
    }

    /// Checks an entry already kept (an import) as [`NewSoreness::validate`] does, except
    /// against the clock, which may have been wrong when it was logged.
    pub(crate) fn validate_kept(&self, catalog: &Catalog) -> Result<(), Invalid> {
        self.check(catalog, None)
    }

    fn check(&self, catalog: &Catalog, now: Option<DateTime<Utc>>) -> Result<(), Invalid> {
        known_zone(catalog, "zone", &self.zone)?;
        let sided = catalog.zone(&self.zone).is_some_and(|z| z.sided);
        if !sided && self.side != Side::Both {
            return Err(invalid(
                "side",
                format!("{} has no sides: use both", self.zone),
            ));
        }
        if self.level > 10 {
            return Err(invalid("level", "must be 0 (none) to 10 (worst)"));
        }
        not_in_future("at", self.at, now)?;
        if let Some(note) = &self.note {
            check_text("note", note, true)?;
            if note.chars().count() > MAX_NOTE_CHARS {
                return Err(invalid(
                    "note",
                    format!("longer than {MAX_NOTE_CHARS} characters"),
                ));
            }
        }
        Ok(())
    }
}

/// Time lost to pain, as the runner logs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct NewDowntime {
    /// The day it happened (the runner's local date).
    pub date: NaiveDate,
    /// Training time missed, in minutes.
    pub minutes: u32,
    /// The zone that hurt, if known.
    #[serde(default)]
    pub zone: Option<ZoneId>,
}

/// A stored downtime entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct Downtime {
    /// Random UUID, lowercase and hyphenated, as [`Run::id`].
    pub id: String,
    /// The day it happened (the runner's local date).
    pub date: NaiveDate,
    /// Training time missed, in minutes (1 to 1440).
    pub minutes: u32,
    /// The zone that hurt, if known.
    pub zone: Option<ZoneId>,
    /// When it was first stored.
    #[serde(with = "crate::instant")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(with = "crate::instant")]
    pub updated_at: DateTime<Utc>,
}

impl NewDowntime {
    /// Checks the entry as the journal will before storing it.
    pub fn validate(&self, catalog: &Catalog, now: DateTime<Utc>) -> Result<(), Invalid> {
        self.check(catalog, Some(now))
    }

    /// Checks an entry already kept (an import) as [`NewDowntime::validate`] does, except
    /// against the clock, which may have been wrong when it was logged.
    pub(crate) fn validate_kept(&self, catalog: &Catalog) -> Result<(), Invalid> {
        self.check(catalog, None)
    }

    fn check(&self, catalog: &Catalog, now: Option<DateTime<Utc>>) -> Result<(), Invalid> {
        check_date("date", self.date)?;
        if self.minutes == 0 || self.minutes > 24 * 60 {
            return Err(invalid("minutes", "must be between 1 minute and 24 hours"));
        }
        // A local date can be a day ahead of UTC, never two.
        if now.is_some_and(|now| self.date > now.date_naive() + TimeDelta::days(1)) {
            return Err(invalid("date", format!("{} is in the future", self.date)));
        }
        if let Some(zone) = &self.zone {
            known_zone(catalog, "zone", zone)?;
        }
        Ok(())
    }
}

/// How much a race matters: A races shape the season.
// Not `named_enum!`: its names are the capital letters runners write (`A`), not kebab-case.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RacePriority {
    /// The season's goal race.
    A,
    /// An important race.
    B,
    /// A training race.
    C,
}

/// A race, as the runner enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct NewRace {
    /// The race's name, 1 to 100 characters once trimmed, without control characters. A second race
    /// with the same name (any case) on the same date is refused.
    pub name: String,
    /// Race day, in the runner's local calendar.
    pub date: NaiveDate,
    /// Distance in metres, if known.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub distance_m: Option<u32>,
    /// A, B or C.
    pub priority: RacePriority,
}

/// A stored race.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct Race {
    /// Random UUID, lowercase and hyphenated, as [`Run::id`].
    pub id: String,
    /// The race's name as entered, trimmed; unique (in any case) among races on its date.
    pub name: String,
    /// Race day, in the runner's local calendar.
    pub date: NaiveDate,
    /// Distance in metres, if known.
    pub distance_m: Option<u32>,
    /// A, B or C.
    pub priority: RacePriority,
    /// When it was first stored.
    #[serde(with = "crate::instant")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(with = "crate::instant")]
    pub updated_at: DateTime<Utc>,
}

impl NewRace {
    /// Checks the race as the journal will before storing it.
    pub fn validate(&self) -> Result<(), Invalid> {
        check_date("date", self.date)?;
        check_text("name", &self.name, false)?;
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(invalid(
                "name",
                format!("must be 1 to {MAX_NAME_CHARS} characters"),
            ));
        }
        if self.distance_m.is_some_and(|d| d == 0 || d > 1_000_000) {
            return Err(invalid("distance_m", "must be between 1 m and 1000 km"));
        }
        Ok(())
    }
}

/// A bodywork appointment, as the runner enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct NewBodywork {
    /// When it starts.
    #[serde(with = "crate::instant")]
    pub at: DateTime<Utc>,
    /// Length in minutes (the protocol's session is 45).
    pub minutes: u32,
}

/// A stored bodywork appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct Bodywork {
    /// Random UUID, lowercase and hyphenated, as [`Run::id`].
    pub id: String,
    /// When it starts.
    #[serde(with = "crate::instant")]
    pub at: DateTime<Utc>,
    /// Length in minutes.
    pub minutes: u32,
    /// Whether it took place.
    pub done: bool,
    /// The IANA time zone the runner logged it in (absent for entries from before Fascia kept
    /// it): past entries show the local time the runner saw then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// When it was first stored.
    #[serde(with = "crate::instant")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(with = "crate::instant")]
    pub updated_at: DateTime<Utc>,
}

impl NewBodywork {
    /// Checks the appointment as the journal will before storing it.
    pub fn validate(&self) -> Result<(), Invalid> {
        check_instant("at", self.at)?;
        if !(10..=240).contains(&self.minutes) {
            return Err(invalid("minutes", "must be 10 to 240 minutes"));
        }
        Ok(())
    }
}

named_enum! {
    /// What a reminder is about.
    #[derive(PartialOrd, Ord)]
    pub enum ReminderKind {
        /// Do today's routine.
        DailyRoutine,
        /// The season starts soon: begin the daily routine.
        Kickoff,
        /// Book the 45-minute session before peak training.
        BookBodywork,
        /// A bodywork appointment tomorrow.
        AttendBodywork,
        /// Fewer bodywork sessions booked this month than wanted.
        BodyworkCadence,
        /// Log soreness after a long run.
        SorenessPrompt,
        /// The day after a long run: log soreness again, to measure recovery.
        RecoveryCheckIn,
        /// Race week: hydration and electrolytes.
        RaceWeek,
        /// The weekly report is ready.
        WeeklyReport,
    }
}

/// A reminder the phone reports as delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ReminderDelivery {
    /// UUID of this log entry.
    pub id: String,
    /// The reminder's stable id.
    pub reminder_id: String,
    /// The reminder's kind.
    pub kind: ReminderKind,
    /// When it was meant to fire.
    #[serde(with = "crate::instant")]
    pub fire_at: DateTime<Utc>,
    /// When the phone delivered it.
    #[serde(with = "crate::instant")]
    pub delivered_at: DateTime<Utc>,
    /// When it was first stored.
    #[serde(with = "crate::instant")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(with = "crate::instant")]
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn validate_delivery(
    reminder_id: &str,
    fire_at: DateTime<Utc>,
    delivered_at: DateTime<Utc>,
) -> Result<(), Invalid> {
    if reminder_id.trim().is_empty() || reminder_id.len() > 200 {
        return Err(invalid("reminder_id", "must be 1 to 200 characters"));
    }
    check_text("reminder_id", reminder_id, false)?;
    check_instant("fire_at", fire_at)?;
    check_instant("delivered_at", delivered_at)
}

named_enum! {
    /// Where a routine session stands in the journal.
    pub enum SessionStatus {
        /// In progress (or ran out and waiting to be finished): found again after a relaunch.
        Active,
        /// Finished by the runner.
        Finished,
        /// Abandoned by the runner, or by [`crate::session::closing_event`] on a later day, when
        /// the session had not run out.
        Aborted,
    }
}

/// A stored routine session: the routine as built and its full event log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRecord {
    /// Random UUID, lowercase and hyphenated, as [`Run::id`].
    pub id: String,
    /// `active` until its log finishes or aborts it ([`crate::session::status_of`]); at most one
    /// session is active.
    pub status: SessionStatus,
    /// When it started.
    #[serde(with = "crate::instant")]
    pub started_at: DateTime<Utc>,
    /// When it ended, once it has.
    #[serde(with = "crate::instant::option")]
    pub ended_at: Option<DateTime<Utc>>,
    /// The routine as built when the session started; shared by the sessions that followed the
    /// same one (an export holds thousands of sessions of a few routines).
    pub routine: std::sync::Arc<Routine>,
    /// Every event, in order.
    pub events: Vec<TimedEvent>,
    /// When it was first stored.
    #[serde(with = "crate::instant")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(with = "crate::instant")]
    pub updated_at: DateTime<Utc>,
}

named_enum! {
    /// Units the runner reads distances in.
    pub enum Units {
        /// Distances in kilometres (`28.0 km`).
        Metric,
        /// Distances in miles (`17.4 mi`); the journal still keeps metres.
        Imperial,
    }
}

impl Units {
    /// A distance in these units, one decimal, without the unit: `28.0` (km) or `17.4` (mi).
    pub fn number(self, metres: u32) -> String {
        match self {
            Units::Metric => format!("{:.1}", f64::from(metres) / 1000.0),
            Units::Imperial => format!("{:.1}", f64::from(metres) / METRES_PER_MILE),
        }
    }

    /// A distance in these units with the unit: `28.0 km`, `17.4 mi`.
    pub fn distance(self, metres: u32) -> String {
        match self {
            Units::Metric => format!("{} km", self.number(metres)),
            Units::Imperial => format!("{} mi", self.number(metres)),
        }
    }

    /// The unit's short name, as [`Units::distance`] writes it: `km` or `mi`.
    pub fn unit(self) -> &'static str {
        match self {
            Units::Metric => "km",
            Units::Imperial => "mi",
        }
    }

    /// A distance the runner typed in these units, in metres to the nearest metre: `21.1` is
    /// 21 100 m in kilometres, 33 957 m in miles. `None` for a value that is not a number, below
    /// zero or past what the journal can keep.
    pub fn metres(self, value: f64) -> Option<u32> {
        let per_unit = match self {
            Units::Metric => 1000.0,
            Units::Imperial => METRES_PER_MILE,
        };
        let metres = (value * per_unit).round();
        // Only a value in range is kept, so the cast never saturates what is returned.
        (metres.is_finite() && (0.0..=f64::from(u32::MAX)).contains(&metres))
            .then_some(metres as u32)
    }
}

#[cfg(test)]
mod units_tests {
    use super::*;

    /// What the runner types reads back the same ([`Units::number`]), in either unit.
    #[test]
    fn a_typed_distance_is_metres_in_the_runners_units_and_reads_back_the_same() {
        assert_eq!(Units::Metric.metres(21.1), Some(21_100));
        assert_eq!(Units::Imperial.metres(21.1), Some(33_957));
        assert_eq!(Units::Imperial.metres(13.1), Some(21_082));
        assert_eq!(Units::Imperial.metres(1.0), Some(1_609));
        assert_eq!(Units::Metric.metres(0.0), Some(0));
        for units in [Units::Metric, Units::Imperial] {
            for tenths in [1_u32, 50, 131, 211, 262, 422, 999, 1_609] {
                let typed = f64::from(tenths) / 10.0;
                let metres = units.metres(typed).expect("in range");
                assert_eq!(
                    units.number(metres),
                    format!("{typed:.1}"),
                    "{units:?} {typed}"
                );
                assert_eq!(
                    units.distance(metres),
                    format!("{typed:.1} {}", units.unit())
                );
            }
            for refused in [-0.5, f64::NAN, f64::INFINITY, 1e12] {
                assert_eq!(units.metres(refused), None, "{units:?} {refused}");
            }
        }
    }
}

/// Metres in a mile.
pub const METRES_PER_MILE: f64 = 1609.344;

/// A span of local time without reminders; may wrap past midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// The first minute without reminders, local wall time (included).
    pub start: NaiveTime,
    /// When reminders may come again, local wall time (excluded); earlier than `start` when the
    /// span wraps past midnight.
    pub end: NaiveTime,
}

/// The runner's settings. New fields get defaults, so older exports stay readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Local time of the daily routine reminder.
    pub reminder_time: NaiveTime,
    /// No reminders inside these local hours.
    pub quiet_hours: Option<QuietHours>,
    /// The units distances are shown in; the journal keeps metres whatever this says.
    pub units: Units,
    /// Daily routine budget in minutes (5–20).
    pub daily_minutes: u32,
    /// Tools the runner owns.
    pub tools: Vec<Tool>,
    /// Zones never to include.
    pub excluded_zones: Vec<ZoneId>,
    /// A run at least this long counts as a long run, metres.
    pub long_run_threshold_m: u32,
    /// The daily routine starts this many weeks before the season's first A or B race.
    pub kickoff_weeks: u32,
    /// Peak training before an A race starts this many weeks out…
    pub peak_from_weeks: u32,
    /// …and ends this many weeks out.
    pub peak_to_weeks: u32,
    /// Bodywork sessions a month in season.
    pub bodywork_per_month: u32,
    /// Taper length before an A or B race, days.
    pub taper_days: u32,
    /// The soreness prompt comes this many hours after a long run is logged.
    pub soreness_prompt_hours: u32,
    /// When the weekly report reminder comes, if at all.
    pub weekly_report: Option<WeeklyReport>,
}

/// A weekly local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct WeeklyReport {
    /// Day of the week (`Mon` … `Sun`).
    pub weekday: Weekday,
    /// The local wall time it comes at on `weekday`.
    pub time: NaiveTime,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            reminder_time: NaiveTime::from_hms_opt(7, 0, 0).unwrap_or_default(),
            quiet_hours: NaiveTime::from_hms_opt(22, 0, 0)
                .zip(NaiveTime::from_hms_opt(7, 0, 0))
                .map(|(start, end)| QuietHours { start, end }),
            units: Units::Metric,
            daily_minutes: 12,
            tools: <Tool as strum::VariantArray>::VARIANTS.to_vec(),
            excluded_zones: Vec::new(),
            long_run_threshold_m: 18_000,
            kickoff_weeks: 6,
            peak_from_weeks: 5,
            peak_to_weeks: 3,
            bodywork_per_month: 2,
            taper_days: 14,
            soreness_prompt_hours: 3,
            weekly_report: NaiveTime::from_hms_opt(18, 0, 0).map(|time| WeeklyReport {
                weekday: Weekday::Sun,
                time,
            }),
        }
    }
}

impl Settings {
    /// Checks every field as the journal will before storing them.
    pub fn validate(&self, catalog: &Catalog) -> Result<(), Invalid> {
        if !(5..=20).contains(&self.daily_minutes) {
            return Err(invalid("daily_minutes", "must be 5 to 20 minutes"));
        }
        for (i, zone) in self.excluded_zones.iter().enumerate() {
            known_zone(catalog, "excluded_zones", zone)?;
            if self.excluded_zones[..i].contains(zone) {
                return Err(invalid("excluded_zones", format!("{zone} is listed twice")));
            }
        }
        for (i, tool) in self.tools.iter().enumerate() {
            if self.tools[..i].contains(tool) {
                return Err(invalid("tools", format!("{} is listed twice", tool.name())));
            }
        }
        if self.excluded_zones.len() >= catalog.zones().len() {
            return Err(invalid("excluded_zones", "at least one zone must stay in"));
        }
        if !(5_000..=100_000).contains(&self.long_run_threshold_m) {
            return Err(invalid(
                "long_run_threshold_m",
                "must be 5 to 100 km (3.1 to 62.1 mi)",
            ));
        }
        if !(1..=26).contains(&self.kickoff_weeks) {
            return Err(invalid("kickoff_weeks", "must be 1 to 26 weeks"));
        }
        if !(1..=16).contains(&self.peak_from_weeks) {
            return Err(invalid("peak_from_weeks", "must be 1 to 16 weeks"));
        }
        if self.peak_to_weeks >= self.peak_from_weeks {
            // Two settings that only together can be wrong: the message names both.
            return Err(invalid(
                "peak_to_weeks",
                format!(
                    "must be fewer weeks out than peak training starts ({} weeks out): it ends after it starts",
                    self.peak_from_weeks
                ),
            ));
        }
        if self.bodywork_per_month > 8 {
            return Err(invalid(
                "bodywork_per_month",
                "must be 0 to 8 sessions a month",
            ));
        }
        if self.taper_days > 35 {
            return Err(invalid("taper_days", "must be 0 to 35 days"));
        }
        if !(1..=24).contains(&self.soreness_prompt_hours) {
            return Err(invalid("soreness_prompt_hours", "must be 1 to 24 hours"));
        }
        if let Some(q) = self.quiet_hours {
            if q.start == q.end {
                return Err(invalid("quiet_hours", "start and end must differ"));
            }
        }
        Ok(())
    }
}

named_enum! {
    /// What made a backup.
    pub enum BackupKind {
        /// The automatic daily copy.
        Daily,
        /// Taken before a schema upgrade.
        PreMigration,
        /// Taken just before a restore replaced the journal.
        PreRestore,
    }
}

/// A backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BackupInfo {
    /// The file name; pass it to `Journal::restore_backup`.
    pub id: String,
    /// What made it.
    pub kind: BackupKind,
    /// Size in bytes.
    pub size_bytes: u64,
}
