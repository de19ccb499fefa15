//! [`Journal`]: the one way into the core for every frontend (the FFI, the terminal companion).
//!
//! It owns the store, the zone content and the runner's time zone, answers every question a
//! screen asks (gathering the data the pure planners need, in windows around `now`) and takes
//! every write. A guided session in progress is a [`GuidedSession`]. Frontends convert arguments
//! and print; they never query windows, map errors to fields or keep session state themselves.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::insights::{
    self, PersonalReport, Recovery, RecoverySummary, SafetyFlag, WeekTotal, ZoneTrend,
};
use crate::model::{Bodywork, Race, Run, Settings, Soreness};
use crate::plan::{self, CalendarDay, SeasonPlan};
use crate::reminders::Reminder;
use crate::routine::Routine;
use crate::safety::PainStop;
use crate::session;
use crate::store::{self, Store};
use crate::time::Tz;
use crate::vocab::ZoneId;
use crate::zones::Catalog;
use crate::Result;

mod exports;
mod guided;
mod imports;
mod records;
mod screens;

pub use crate::store::schema::SCHEMA_VERSION;
pub use exports::check_export_target;
use exports::check_journal_file;
pub use guided::GuidedSession;

/// How far back streaks look.
const STREAK_HISTORY: TimeDelta = TimeDelta::days(730);

/// The "today" screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Today {
    /// The runner's local date.
    pub date: NaiveDate,
    /// Today's routine, each zone with why.
    pub routine: Routine,
    /// Whether a routine was already finished today.
    pub done_today: bool,
    /// The session in progress, if one was left running.
    pub active_session: Option<String>,
    /// The routine streak (see `docs/insights.md`).
    pub streak: u32,
    /// The next reminder.
    pub next_reminder: Option<Reminder>,
    /// Today and the next six days.
    pub calendar: Vec<CalendarDay>,
    /// Advice to see a professional (a zone sore at 7/10 or more for days, or stopped for
    /// sharp pain again and again), shown today, not only in the report.
    pub safety: Vec<SafetyFlag>,
    /// The soreness check-in still open after a long run or a race, if there is one.
    pub check_in: Option<CheckIn>,
    /// The dynamic warm-up to offer before a run (on race morning, before the activation); none
    /// when every move rests today. Started from [`Journal::warm_up_routine`].
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub warm_up: Option<WarmUpOffer>,
}

/// The dynamic warm-up as the today screen offers it (`docs/routine-builder.md`, "The warm-up").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WarmUpOffer {
    /// What to say: "Before you run: a 4-minute dynamic warm-up"; on race morning "Warm up
    /// first: 3 min of easy dynamic moves, then the activation".
    pub text: String,
    /// Today's warm-up length in seconds (the light version around a race).
    pub total_s: u32,
    /// Race morning: the warm-up comes first, before today's routine (the activation).
    pub race_morning: bool,
}

/// A soreness check-in to offer: the long run or race it follows (a run that brings the check-in,
/// within [`plan::AFTER_LONG_RUN`], with no soreness logged since), and the question to ask.
/// The entries saved from it carry the run's id (`run_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckIn {
    /// The run it follows.
    pub run: Run,
    /// What to ask, in the runner's units ("How do your legs feel after your 21.1 km run?").
    pub question: String,
}

/// Everything the report screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Report {
    /// The personal before/after table, once there are four weeks of history.
    pub personal: Option<PersonalReport>,
    /// Per-zone soreness trends.
    pub trends: Vec<ZoneTrend>,
    /// Recovery after each long run and race of the last year.
    pub recoveries: Vec<Recovery>,
    /// Those recoveries summed up: after long runs, then after races of 10K or more
    /// ([`insights::RACE_RECOVERY_MIN_M`]), each with its n.
    pub recovery_summary: Vec<RecoverySummary>,
    /// Downtime hours per week, last 12 weeks.
    pub weekly_downtime: Vec<WeekTotal>,
    /// Sessions per week, last 12 weeks.
    pub weekly_sessions: Vec<WeekTotal>,
    /// The routine streak.
    pub streak: u32,
    /// Advice to see a professional.
    pub safety: Vec<SafetyFlag>,
}

/// The journal data the planners read, for windows around `now`.
struct Recent {
    settings: Settings,
    /// Every soreness entry from `soreness_since` to `soon`.
    soreness: Vec<Soreness>,
    soreness_since: DateTime<Utc>,
    /// One second after `now`: where the windows read end.
    soon: DateTime<Utc>,
    pain: Vec<PainStop>,
    /// See-a-professional advice standing at `now`.
    flags: Vec<SafetyFlag>,
    flagged: Vec<ZoneId>,
    runs: Vec<Run>,
    races: Vec<Race>,
    season: SeasonPlan,
    bodywork: Vec<Bodywork>,
    /// Local dates with a finished session over [`STREAK_HISTORY`], in order: the streak.
    done_days: Vec<NaiveDate>,
    /// Those from today on: whether today's routine is done, which daily reminders are still due.
    done: BTreeSet<NaiveDate>,
    /// The latest long run or race started by now: the soreness prompt's and the next-day
    /// check-in's run.
    check_in_run: Option<Run>,
}

impl Recent {
    fn history(&self) -> plan::History<'_> {
        plan::History {
            soreness: &self.soreness,
            pain: &self.pain,
            runs: &self.runs,
            races: &self.races,
            flagged: &self.flagged,
        }
    }
}

/// The runner's journal, their zone content and their time zone: everything a frontend asks and
/// writes. Safe to share between threads.
#[derive(Debug)]
pub struct Journal {
    store: Arc<Store>,
    tz: RwLock<Tz>,
}

impl Journal {
    /// Opens (creating if needed) the journal at `path` for a runner in `tz`. The schema is
    /// upgraded after a copy of the file is kept; a damaged or newer file is left untouched.
    pub fn open(path: impl AsRef<Path>, tz: Tz) -> Result<Journal> {
        check_journal_file(path.as_ref())?;
        Ok(Journal::with(
            Store::open(path, Catalog::embedded()?, session::counts_as_done)?,
            tz,
        ))
    }

    /// Opens the journal to read it. When it cannot be opened for writing because the disk is
    /// full or its folder is read-only, it is read without writing a byte (if it was closed
    /// cleanly); writes then fail with a storage error that says why.
    pub fn open_for_reading(path: impl AsRef<Path>, tz: Tz) -> Result<Journal> {
        let path = path.as_ref();
        check_journal_file(path)?;
        let catalog = Catalog::embedded()?;
        match Store::open(path, catalog, session::counts_as_done) {
            Ok(store) => Ok(Journal::with(store, tz)),
            Err(e)
                if matches!(
                    store::storage_problem(&e),
                    Some(crate::StorageProblem::DiskFull | crate::StorageProblem::ReadOnly)
                ) =>
            {
                Ok(Journal::with(
                    Store::open_read_only(path, e, catalog, session::counts_as_done)?,
                    tz,
                ))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Moves a journal that cannot be opened aside (renamed `….damaged`, never deleted), restores
    /// backup `backup_id` in its place and opens it.
    pub fn restore_damaged(path: impl AsRef<Path>, backup_id: &str, tz: Tz) -> Result<Journal> {
        check_journal_file(path.as_ref())?;
        Ok(Journal::with(
            Store::restore_damaged(
                path,
                backup_id,
                Catalog::embedded()?,
                session::counts_as_done,
            )?,
            tz,
        ))
    }

    pub(super) fn with(store: Store, tz: Tz) -> Journal {
        Journal {
            store: Arc::new(store),
            tz: RwLock::new(tz),
        }
    }

    /// The runner's time zone.
    pub fn time_zone(&self) -> Tz {
        *self.tz.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The runner moved to another time zone: every later answer uses it.
    pub fn set_time_zone(&self, tz: Tz) {
        *self.tz.write().unwrap_or_else(PoisonError::into_inner) = tz;
    }

    /// The journal's file.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// The zone content.
    pub fn catalog(&self) -> &'static Catalog {
        self.store.catalog()
    }
}

/// Refuses a `now` outside the dates the journal keeps (a phone whose clock says year 9999 gets
/// a clear error instead of plans computed from it).
pub(crate) fn check_now(now: DateTime<Utc>) -> Result<()> {
    Ok(crate::model::check_instant("now", now)?)
}

/// The longest reminder horizon, in days (ten years).
pub const MAX_REMINDER_DAYS: u32 = 3660;
/// The most reminders one plan returns.
pub const MAX_REMINDER_LIMIT: usize = 1000;

/// Where the safety flags start reading sessions and soreness: a day before their window, for a
/// session started the day before that holds a pain-skip within it.
pub(crate) fn safety_since(now: DateTime<Utc>) -> DateTime<Utc> {
    now - TimeDelta::days(insights::SAFETY_WINDOW_DAYS + 1)
}

/// `days` days before `now`, or the earliest instant.
pub(crate) fn days_before(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    now.checked_sub_signed(TimeDelta::days(i64::from(days)))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}
