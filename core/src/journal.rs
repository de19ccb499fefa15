//! [`Journal`]: the one way into the core for every frontend (the FFI, the terminal companion).
//!
//! It owns the store, the zone content and the runner's time zone, answers every question a
//! screen asks (gathering the data the pure planners need, in windows around `now`) and takes
//! every write. A guided session in progress is a [`GuidedSession`]. Frontends convert arguments
//! and print; they never query windows, map errors to fields or keep session state themselves.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::insights::{
    self, History, PersonalReport, Recovery, RecoverySummary, SafetyFlag, WeekTotal, ZoneTrend,
};
use crate::keys;
use crate::model::{
    BackupInfo, Bodywork, Downtime, Export, ImportSummary, NewBodywork, NewDowntime, NewRace,
    NewRun, NewSoreness, Race, RecordKind, ReminderDelivery, Run, SessionRecord, Settings,
    Soreness,
};
use crate::plan::{self, CalendarDay, SeasonPlan};
use crate::reminders::{self, PhoneState, Reminder, ReminderHealth, ReminderInputs, ReminderPlan};
use crate::routine::{Routine, RoutineKind};
use crate::safety::{self, PainStop};
use crate::session;
use crate::store::{self, export, files, Store, StoreError};
use crate::time::{self, Tz};
use crate::timer::{Cue, Event, Snapshot, TimedEvent, Timer};
use crate::zones::Catalog;
use crate::Result;

pub use crate::store::schema::SCHEMA_VERSION;

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
    soreness: Vec<Soreness>,
    pain: Vec<PainStop>,
    /// See-a-professional advice standing at `now`.
    flags: Vec<SafetyFlag>,
    flagged: Vec<String>,
    runs: Vec<Run>,
    races: Vec<Race>,
    season: SeasonPlan,
    bodywork: Vec<Bodywork>,
    /// Local dates with a finished session over [`STREAK_HISTORY`]: the streak, whether today's
    /// routine is done, which daily reminders are still due.
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

    fn with(store: Store, tz: Tz) -> Journal {
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

    // ---- screens --------------------------------------------------------------------------

    fn recent(&self, now: DateTime<Utc>, tz: Tz) -> Result<Recent> {
        let store = &self.store;
        let settings = store.settings()?;
        let soon = now + TimeDelta::seconds(1);
        // Soreness and pain-skips are read once, over the longest window a rule reads (the
        // safety flags'); each rule takes its part.
        let soreness_from = now - TimeDelta::days(safety::NO_EXTRA_DAYS);
        let pain_from = now - safety::REST_WINDOW - TimeDelta::days(1);
        let since = safety_since(now);
        let mut soreness = store.soreness_between(since.min(soreness_from), soon)?;
        let sessions = store.sessions_with_pain_skips(since.min(pain_from), soon)?;
        let flags = insights::safety_flags(self.catalog(), &sessions, &soreness, now, tz);
        soreness.retain(|s| s.at >= soreness_from);
        let pain = sessions
            .iter()
            .filter(|s| s.started_at >= pain_from)
            .flat_map(session::pain_stops)
            .collect();
        let flagged = flags.iter().map(|f| f.zone.clone()).collect();
        let mut runs = store.runs_between(now - plan::LONG_RUN_HABIT, soon)?;
        // The latest run that brings the check-in (a long run or a race) is the latest long run
        // too when it is long: only a shorter race after the long run takes a second question.
        let threshold = settings.long_run_threshold_m;
        let check_in_run = store.last_check_in_run(soon, threshold)?;
        let last_long = match &check_in_run {
            Some(run) if run.is_long(threshold) => Some(run.clone()),
            Some(_) => store.last_long_run(soon, threshold)?,
            None => None,
        };
        if let Some(long) = last_long {
            if !runs.iter().any(|r| r.id == long.id) {
                runs.push(long);
            }
        }
        let bodywork =
            store.bodywork_between(now - TimeDelta::days(120), now + TimeDelta::days(400))?;
        let races = store.races()?;
        let season = plan::season(&races, &bodywork, &settings, time::local_date(tz, now), tz);
        let done = time::local_dates(
            tz,
            store.finished_session_starts(now - STREAK_HISTORY, soon)?,
        )
        .collect();
        Ok(Recent {
            settings,
            soreness,
            pain,
            flags,
            flagged,
            runs,
            races,
            season,
            bodywork,
            done,
            check_in_run,
        })
    }

    fn plan_reminders(
        &self,
        r: &Recent,
        now: DateTime<Utc>,
        tz: Tz,
        days: u32,
        limit: usize,
    ) -> Result<ReminderPlan> {
        // A long run or a race of any distance brings the soreness prompt and the next-day
        // check-in: a race's recovery is what the report measures.
        let check_in_run = &r.check_in_run;
        let unrated = self.unrated(r, now)?;
        // The next-day check-in, until something is logged on that day.
        let follow_up = match check_in_run {
            Some(run) => {
                let next_day = time::local_date(tz, run.started_at) + TimeDelta::days(1);
                let day = time::start_of_day(tz, next_day)
                    ..time::start_of_day(tz, next_day + TimeDelta::days(1));
                self.store
                    .soreness_between(day.start, day.end)?
                    .is_empty()
                    .then_some(run)
            }
            None => None,
        };
        let inputs = ReminderInputs {
            now,
            tz,
            settings: &r.settings,
            season: &r.season,
            routine_done: &r.done,
            bodywork: &r.bodywork,
            unrated_long_run: unrated,
            follow_up_run: follow_up,
        };
        Ok(reminders::schedule(self.catalog(), &inputs, days, limit))
    }

    /// The latest run that brings the soreness check-in, if no soreness was logged since it.
    fn unrated<'r>(&self, r: &'r Recent, now: DateTime<Utc>) -> Result<Option<&'r Run>> {
        Ok(match &r.check_in_run {
            Some(run)
                if self
                    .store
                    .soreness_between(run.started_at, now + TimeDelta::seconds(1))?
                    .is_empty() =>
            {
                Some(run)
            }
            _ => None,
        })
    }

    /// Today's routine, streak, next reminder and the 7-day calendar.
    pub fn today(&self, now: DateTime<Utc>) -> Result<Today> {
        check_now(now)?;
        let tz = self.time_zone();
        let r = self.recent(now, tz)?;
        let date = time::local_date(tz, now);
        let catalog = self.catalog();
        let (routine, calendar) = plan::today_and_calendar(
            catalog,
            &r.settings,
            &r.season,
            &r.history(),
            &r.bodywork,
            now,
            tz,
        )?;
        let next_reminder = self
            .plan_reminders(&r, now, tz, 14, reminders::DEFAULT_LIMIT)?
            .reminders
            .into_iter()
            .next();
        let safety = r.flags.clone();
        let check_in = self
            .unrated(&r, now)?
            .filter(|run| run.started_at > now - plan::AFTER_LONG_RUN)
            .map(|run| CheckIn {
                question: catalog.text(
                    keys::CHECK_IN_QUESTION,
                    &[("distance", &r.settings.units.distance(run.distance_m))],
                ),
                run: run.clone(),
            });
        Ok(Today {
            check_in,
            date,
            routine,
            done_today: r.done.contains(&date),
            // One left from an earlier day is not offered (it is closed when next asked for).
            active_session: match self.store.active_session()? {
                Some(s) => session::stale_end(&session::replay_record(&s)?.timer, tz, now)
                    .is_none()
                    .then_some(s.id),
                None => None,
            },
            streak: insights::streak_of_days(&r.done, date),
            next_reminder,
            calendar,
            safety,
        })
    }

    /// A guided 45-minute bodywork session (2–5 minutes per zone and side), `minutes` from 30 to
    /// 60: sore zones first, under the safety rule every routine follows (`safety`): resting
    /// zone sides left out, no extra time where the rule says so, light around a race, and
    /// refused on race morning.
    pub fn bodywork_routine(&self, now: DateTime<Utc>, minutes: Option<u32>) -> Result<Routine> {
        check_now(now)?;
        let tz = self.time_zone();
        let r = self.recent(now, tz)?;
        let date = time::local_date(tz, now);
        plan::bodywork_routine(
            self.catalog(),
            &r.settings,
            &r.history(),
            minutes,
            date,
            now,
            tz,
        )
    }

    /// A routine of the runner's own zones and holds (`kind` is custom; daily and bodywork are
    /// built as by [`Journal::todays_routine`] and [`Journal::bodywork_routine`]), under the same
    /// safety rule: a resting side is left out and no hold goes past today's cap.
    pub fn custom_routine(
        &self,
        kind: RoutineKind,
        budget_s: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Routine> {
        check_now(now)?;
        let tz = self.time_zone();
        let r = self.recent(now, tz)?;
        plan::custom_routine(
            self.catalog(),
            &r.settings,
            &r.history(),
            kind,
            budget_s,
            now,
            tz,
        )
    }

    /// Warnings for a bodywork appointment at `at` (one within 3 days of a race), in words, to
    /// show before or after booking it.
    pub fn bodywork_warnings(&self, at: DateTime<Utc>) -> Result<Vec<String>> {
        crate::model::check_instant("at", at)?;
        let date = time::local_date(self.time_zone(), at);
        let races = self.store.races()?;
        Ok(plan::bodywork_warnings(&races, date)
            .iter()
            .map(|w| w.english(self.catalog()))
            .collect())
    }

    /// The safety rule at `now` (the journal's data as the rule reads it).
    fn with_rules<T>(
        &self,
        now: DateTime<Utc>,
        f: impl FnOnce(&safety::Rules) -> Result<T>,
    ) -> Result<T> {
        let tz = self.time_zone();
        let r = self.recent(now, tz)?;
        let history = r.history();
        let rules = safety::Rules::at(
            self.catalog(),
            &history.safety(),
            now,
            time::local_date(tz, now),
        );
        f(&rules)
    }

    /// Today's adaptive routine; `minutes` overrides the settings' budget (5–20).
    pub fn todays_routine(&self, now: DateTime<Utc>, minutes: Option<u32>) -> Result<Routine> {
        check_now(now)?;
        let tz = self.time_zone();
        let mut r = self.recent(now, tz)?;
        if let Some(m) = minutes {
            r.settings.daily_minutes = m;
        }
        let date = time::local_date(tz, now);
        plan::daily_routine(self.catalog(), &r.settings, &r.history(), date, now, tz)
    }

    /// The season: kickoff, peak, the 45-minute bodywork session, cadence, taper, race week.
    pub fn season_plan(&self, now: DateTime<Utc>) -> Result<SeasonPlan> {
        check_now(now)?;
        Ok(self.recent(now, self.time_zone())?.season)
    }

    /// The reminders the phone should schedule for the next `days`, at most `limit` (64 is as
    /// many as iOS keeps pending: [`reminders::DEFAULT_LIMIT`]), season milestones first.
    pub fn reminders(&self, now: DateTime<Utc>, days: u32, limit: usize) -> Result<Vec<Reminder>> {
        Ok(self.reminder_plan(now, days, limit)?.reminders)
    }

    /// [`Journal::reminders`], saying where the limit cut the plan.
    pub fn reminder_plan(
        &self,
        now: DateTime<Utc>,
        days: u32,
        limit: usize,
    ) -> Result<ReminderPlan> {
        check_now(now)?;
        if days > MAX_REMINDER_DAYS {
            return Err(Invalid::new(
                "days",
                format!("{days} days is more than the {MAX_REMINDER_DAYS} a plan covers"),
            )
            .into());
        }
        if limit > MAX_REMINDER_LIMIT {
            return Err(Invalid::new(
                "limit",
                format!("{limit} is more than the {MAX_REMINDER_LIMIT} reminders a plan holds"),
            )
            .into());
        }
        let tz = self.time_zone();
        let r = self.recent(now, tz)?;
        self.plan_reminders(&r, now, tz, days, limit)
    }

    /// Whether reminders can arrive: the plan for the next week, the last delivery the phone
    /// reported, and what the phone says about its permissions.
    pub fn reminder_health(&self, now: DateTime<Utc>, phone: PhoneState) -> Result<ReminderHealth> {
        check_now(now)?;
        let plan = self.reminders(now, 7, reminders::DEFAULT_LIMIT)?;
        let last = self.store.last_delivery()?.map(|d| d.delivered_at);
        Ok(reminders::health(&plan, &self.settings()?, last, phone))
    }

    /// Records that the phone delivered `reminder` at `delivered_at`.
    pub fn record_delivery(
        &self,
        reminder: &Reminder,
        delivered_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<ReminderDelivery> {
        check_now(now)?;
        Ok(self.store.record_delivery(
            &reminder.id,
            reminder.kind,
            reminder.fire_at,
            delivered_at,
            now,
        )?)
    }

    /// The report: the whole history for the personal table, recent windows for the rest.
    pub fn report(&self, now: DateTime<Utc>) -> Result<Report> {
        check_now(now)?;
        let tz = self.time_zone();
        let store = &self.store;
        let settings = store.settings()?;
        // Only what the report reads: every run, soreness and downtime entry and finished-session
        // start, and the sessions recent enough to hold a safety flag.
        let (first, last) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        let runs = store.runs_between(first, last)?;
        let soreness = store.soreness_between(first, last)?;
        let downtime = store.downtime_between(NaiveDate::MIN, NaiveDate::MAX)?;
        let finished = store.finished_session_starts(first, last)?;

        let today = time::local_date(tz, now);
        // The last 12 ISO weeks, this one included.
        let twelve_weeks = insights::week_start(today) - TimeDelta::weeks(11);
        let history = History {
            runs: &runs,
            soreness: &soreness,
            downtime: &downtime,
            finished: &finished,
        };
        let year_ago = time::local_date(tz, now - TimeDelta::days(365));
        let recoveries: Vec<Recovery> = insights::recoveries(&runs, &soreness, &settings, tz)
            .into_iter()
            .filter(|r| r.date >= year_ago)
            .collect();
        Ok(Report {
            personal: insights::personal_report(history, &settings, now, tz),
            trends: insights::zone_trends(&soreness, now, tz),
            recovery_summary: insights::recovery_summaries(
                self.catalog(),
                &recoveries,
                &runs,
                &settings,
            ),
            recoveries,
            weekly_downtime: insights::weekly_downtime(&downtime, twelve_weeks, today),
            weekly_sessions: insights::weekly_sessions(&finished, tz, twelve_weeks, today),
            streak: insights::streak(&finished, now, tz),
            safety: self.safety(now, tz)?,
        })
    }

    /// The safety flags at `now`, from the sessions and soreness of the safety window.
    fn safety(&self, now: DateTime<Utc>, tz: Tz) -> Result<Vec<SafetyFlag>> {
        let since = safety_since(now);
        let soon = now + TimeDelta::seconds(1);
        let sessions = self.store.sessions_with_pain_skips(since, soon)?;
        let soreness = self.store.soreness_between(since, soon)?;
        Ok(insights::safety_flags(
            self.catalog(),
            &sessions,
            &soreness,
            now,
            tz,
        ))
    }

    // ---- the guided session ---------------------------------------------------------------

    /// Starts a session of `routine` at `now`. Refused while another one is in progress, and
    /// when the routine asks for pressure the safety rule does not allow now (built before the
    /// runner logged soreness, or by hand): build today's routine again.
    pub fn start_session(&self, routine: Routine, now: DateTime<Utc>) -> Result<GuidedSession> {
        check_now(now)?;
        self.with_rules(now, |rules| Ok(rules.check(&routine)?))?;
        let timer = session::start(routine, now)?;
        let id = self
            .store
            .start_session(timer.shared_routine(), timer.events().to_vec(), now)?;
        Ok(self.session_of(id, timer))
    }

    /// The one way into a routine: the session in progress, resumed if it was paused; otherwise
    /// a new session of `routine` (see [`Journal::start_session`]).
    pub fn resume_or_start(&self, routine: Routine, now: DateTime<Utc>) -> Result<GuidedSession> {
        match self.active_session(now)? {
            Some(session) => {
                session.resume(now)?;
                Ok(session)
            }
            None => self.start_session(routine, now),
        }
    }

    fn session_of(&self, id: String, timer: Timer) -> GuidedSession {
        GuidedSession {
            store: Some(Arc::clone(&self.store)),
            tz: Some(self.time_zone()),
            catalog: self.catalog(),
            id,
            timer: Mutex::new(timer),
        }
    }

    /// The session left in progress (after a relaunch or a kill), rebuilt from its stored log.
    /// One left past the end of its local day is closed instead ([`session::stale_end`]):
    /// abandoned with the time it ran, or finished if its timer ran to the end; then `None`, and
    /// today's routine is the one to offer.
    pub fn active_session(&self, now: DateTime<Utc>) -> Result<Option<GuidedSession>> {
        check_now(now)?;
        let Some(record) = self.store.active_session()? else {
            return Ok(None);
        };
        let timer = session::replay_record(&record)?.timer;
        if let Some(end) = session::stale_end(&timer, self.time_zone(), now) {
            let event = session::closing_event(&timer, end);
            self.store.update_session(&record.id, end, |stored| {
                kept(session::apply(stored, event, end)?)
            })?;
            return Ok(None);
        }
        Ok(Some(self.session_of(record.id, timer)))
    }

    /// One session with its events.
    pub fn session(&self, id: &str) -> Result<SessionRecord> {
        Ok(self.store.session(id)?)
    }

    /// Sessions started in the last `days` days, oldest first, with their events.
    pub fn recent_sessions(&self, now: DateTime<Utc>, days: u32) -> Result<Vec<SessionRecord>> {
        check_now(now)?;
        Ok(self
            .store
            .sessions_between(days_before(now, days), now + TimeDelta::milliseconds(1))?)
    }

    // ---- logging --------------------------------------------------------------------------

    /// The shortest start of an id [`Journal::resolve_id`] accepts.
    pub const MIN_ID_PREFIX: usize = store::MIN_ID_PREFIX;

    /// The full id of the one record of `kind` whose id starts with `prefix` (any case), so a
    /// runner can type the first characters of an id, as with git. Refused as bad input when
    /// shorter than [`Journal::MIN_ID_PREFIX`], or when it starts several ids (the error lists
    /// them: [`crate::Error::ambiguous_ids`]); not found when it starts none. A full id resolves
    /// to itself when the record exists.
    pub fn resolve_id(&self, kind: RecordKind, prefix: &str) -> Result<String> {
        Ok(match kind {
            RecordKind::Run => self.store.resolve_id::<Run>(prefix),
            RecordKind::Soreness => self.store.resolve_id::<Soreness>(prefix),
            RecordKind::Downtime => self.store.resolve_id::<Downtime>(prefix),
            RecordKind::Race => self.store.resolve_id::<Race>(prefix),
            RecordKind::Bodywork => self.store.resolve_id::<Bodywork>(prefix),
        }?)
    }

    /// One run.
    pub fn run(&self, id: &str) -> Result<Run> {
        Ok(self.store.get(id)?)
    }

    /// One soreness entry.
    pub fn soreness_entry(&self, id: &str) -> Result<Soreness> {
        Ok(self.store.get(id)?)
    }

    /// One downtime entry.
    pub fn downtime_entry(&self, id: &str) -> Result<Downtime> {
        Ok(self.store.get(id)?)
    }

    /// One race.
    pub fn race(&self, id: &str) -> Result<Race> {
        Ok(self.store.get(id)?)
    }

    /// One bodywork appointment.
    pub fn bodywork_entry(&self, id: &str) -> Result<Bodywork> {
        Ok(self.store.get(id)?)
    }

    /// Logs a run.
    pub fn add_run(&self, run: &NewRun, now: DateTime<Utc>) -> Result<Run> {
        check_now(now)?;
        Ok(self.store.add_run(run, now, self.time_zone().name())?)
    }

    /// Corrects a logged run.
    pub fn update_run(&self, id: &str, run: &NewRun, now: DateTime<Utc>) -> Result<Run> {
        check_now(now)?;
        Ok(self
            .store
            .update_run(id, run, now, self.time_zone().name())?)
    }

    /// Deletes a run; soreness logged after it stays, unlinked.
    pub fn delete_run(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_run(id, now)?)
    }

    /// The latest `limit` runs, newest first.
    pub fn recent_runs(&self, limit: u32) -> Result<Vec<Run>> {
        Ok(self.store.recent_runs(limit)?)
    }

    /// Logs soreness for one zone or several at once (the post-run check-in): all or none.
    pub fn add_soreness(
        &self,
        entries: &[NewSoreness],
        now: DateTime<Utc>,
    ) -> Result<Vec<Soreness>> {
        check_now(now)?;
        Ok(self
            .store
            .add_soreness(entries, now, self.time_zone().name())?)
    }

    /// Corrects a soreness entry.
    pub fn update_soreness(
        &self,
        id: &str,
        entry: &NewSoreness,
        now: DateTime<Utc>,
    ) -> Result<Soreness> {
        check_now(now)?;
        Ok(self
            .store
            .update_soreness(id, entry, now, self.time_zone().name())?)
    }

    /// Deletes a soreness entry.
    pub fn delete_soreness(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_soreness(id, now)?)
    }

    /// Soreness felt in the last `days` days, oldest first.
    pub fn recent_soreness(&self, now: DateTime<Utc>, days: u32) -> Result<Vec<Soreness>> {
        check_now(now)?;
        Ok(self
            .store
            .soreness_between(days_before(now, days), now + TimeDelta::milliseconds(1))?)
    }

    /// Logs training time lost to pain.
    pub fn add_downtime(&self, entry: &NewDowntime, now: DateTime<Utc>) -> Result<Downtime> {
        check_now(now)?;
        Ok(self.store.add_downtime(entry, now)?)
    }

    /// Corrects a downtime entry.
    pub fn update_downtime(
        &self,
        id: &str,
        entry: &NewDowntime,
        now: DateTime<Utc>,
    ) -> Result<Downtime> {
        check_now(now)?;
        Ok(self.store.update_downtime(id, entry, now)?)
    }

    /// Deletes a downtime entry.
    pub fn delete_downtime(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_downtime(id, now)?)
    }

    /// Downtime on local dates of the last `days` days (today included), oldest first.
    pub fn recent_downtime(&self, now: DateTime<Utc>, days: u32) -> Result<Vec<Downtime>> {
        check_now(now)?;
        let today = time::local_date(self.time_zone(), now);
        let from = today
            .checked_sub_signed(TimeDelta::days(i64::from(days)))
            .unwrap_or(NaiveDate::MIN);
        Ok(self
            .store
            .downtime_between(from, today + TimeDelta::days(1))?)
    }

    // ---- races and bodywork ---------------------------------------------------------------

    /// Adds a race.
    pub fn add_race(&self, race: &NewRace, now: DateTime<Utc>) -> Result<Race> {
        check_now(now)?;
        Ok(self.store.add_race(race, now)?)
    }

    /// Corrects a race.
    pub fn update_race(&self, id: &str, race: &NewRace, now: DateTime<Utc>) -> Result<Race> {
        check_now(now)?;
        Ok(self.store.update_race(id, race, now)?)
    }

    /// Deletes a race.
    pub fn delete_race(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_race(id, now)?)
    }

    /// Every race, soonest first.
    pub fn races(&self) -> Result<Vec<Race>> {
        Ok(self.store.races()?)
    }

    /// Books a bodywork appointment (or logs one that happened).
    pub fn add_bodywork(&self, entry: &NewBodywork, now: DateTime<Utc>) -> Result<Bodywork> {
        check_now(now)?;
        Ok(self
            .store
            .add_bodywork(entry, now, self.time_zone().name())?)
    }

    /// Moves or resizes a bodywork appointment (whether it took place is kept).
    pub fn update_bodywork(
        &self,
        id: &str,
        entry: &NewBodywork,
        now: DateTime<Utc>,
    ) -> Result<Bodywork> {
        check_now(now)?;
        Ok(self
            .store
            .update_bodywork(id, entry, now, self.time_zone().name())?)
    }

    /// Marks a bodywork appointment as done or not.
    pub fn set_bodywork_done(&self, id: &str, done: bool, now: DateTime<Utc>) -> Result<Bodywork> {
        check_now(now)?;
        Ok(self.store.set_bodywork_done(id, done, now)?)
    }

    /// Cancels a bodywork appointment.
    pub fn delete_bodywork(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_bodywork(id, now)?)
    }

    /// Bodywork appointments from `days_back` days ago to `days_ahead` days ahead, by time.
    pub fn bodywork(
        &self,
        now: DateTime<Utc>,
        days_back: u32,
        days_ahead: u32,
    ) -> Result<Vec<Bodywork>> {
        check_now(now)?;
        let ahead = now
            .checked_add_signed(TimeDelta::days(i64::from(days_ahead)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        Ok(self
            .store
            .bodywork_between(days_before(now, days_back), ahead)?)
    }

    // ---- settings -------------------------------------------------------------------------

    /// The settings (the defaults until the runner changes one).
    pub fn settings(&self) -> Result<Settings> {
        Ok(self.store.settings()?)
    }

    /// Replaces the settings after validating every field.
    pub fn set_settings(&self, settings: &Settings, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.set_settings(settings, now)?)
    }

    // ---- export, import, backups ----------------------------------------------------------

    /// The whole journal as an export document (`docs/export.md`).
    pub fn export(&self, now: DateTime<Utc>) -> Result<Export> {
        check_now(now)?;
        Ok(self.store.export(now)?)
    }

    /// The whole journal as export JSON (compact: a machine's file, written and read fast; any
    /// JSON tool shows it indented).
    pub fn export_json(&self, now: DateTime<Utc>) -> Result<String> {
        check_now(now)?;
        Ok(serde_json::to_string(&self.export(now)?).map_err(crate::store::StoreError::from)?)
    }

    /// Merges an export file into the journal by id, in one transaction, after validating all
    /// of it. Importing the same file twice changes nothing.
    pub fn import_json(&self, text: &str, now: DateTime<Utc>) -> Result<ImportSummary> {
        check_now(now)?;
        let doc = export::parse(text)?;
        self.import(&doc, now)
    }

    /// Reads an export file without a journal: its shape and version are checked, not yet its
    /// records against a journal ([`Journal::import`] does that).
    pub fn parse_export(text: &str) -> Result<Export> {
        Ok(export::parse(text)?)
    }

    /// Checks a parsed export file as [`Journal::import`] will, before any journal is opened
    /// (pure: a frontend refuses a bad file without creating, changing or backing up anything).
    /// `into_existing`: whether it goes into a journal that exists, whose runs a soreness entry
    /// may follow (that link is checked again on import); into a new journal, every soreness
    /// entry must follow a run in the file.
    pub fn check_import(doc: &Export, into_existing: bool) -> Result<()> {
        session::check_kept(&doc.sessions)?;
        export::validate(doc, Catalog::embedded()?, &|_| Ok(into_existing))?;
        Ok(())
    }

    /// Merges a parsed export document (see [`Journal::import_json`]).
    pub fn import(&self, doc: &Export, now: DateTime<Utc>) -> Result<ImportSummary> {
        check_now(now)?;
        let counted = session::check_kept(&doc.sessions)?;
        Ok(self.store.import(doc, &counted)?)
    }

    /// Writes the export to `target` atomically (the previous file stays whole until the new one
    /// is on disk). A link is written through: the file it points to is replaced, atomically,
    /// and the link stays (a synced copy stays current). Refused, with nothing written, when
    /// `target` is the journal, one of its SQLite companions, inside its backups folder, or a
    /// device, a pipe or another file that is not a regular file.
    pub fn export_to_file(&self, target: &Path, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        check_export_target(self.path(), target)?;
        let dest = export_destination(target)?;
        let text = self.export_json(now)? + "\n";
        files::write_atomically(&dest, text.as_bytes()).map_err(|e| StoreError::io(&dest, e))?;
        Ok(())
    }

    /// Writes `runs.csv` and `soreness.csv` into `dir` (created if needed), each atomically, and
    /// returns their paths. Refused like [`Journal::export_to_file`].
    pub fn export_csv_to(&self, dir: &Path) -> Result<[PathBuf; 2]> {
        if let Ok(meta) = std::fs::metadata(dir) {
            if !meta.is_dir() {
                let kind = special_kind(&meta).unwrap_or("a file");
                return Err(Invalid::new(
                    "dir",
                    format!("{} is {kind}, not a folder; choose a folder", dir.display()),
                )
                .into());
            }
        }
        let targets = [dir.join("runs.csv"), dir.join("soreness.csv")];
        for t in &targets {
            check_export_target(self.path(), t)?;
            export_destination(t)?;
        }
        let texts = [self.runs_csv()?, self.soreness_csv()?];
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        for (target, text) in targets.iter().zip(texts) {
            let dest = export_destination(target)?;
            files::write_atomically(&dest, text.as_bytes())
                .map_err(|e| StoreError::io(&dest, e))?;
        }
        Ok(targets)
    }

    /// Runs as CSV (RFC 4180), with the long-run rule applied.
    pub fn runs_csv(&self) -> Result<String> {
        Ok(self.store.runs_csv()?)
    }

    /// Soreness entries as CSV (RFC 4180).
    pub fn soreness_csv(&self) -> Result<String> {
        Ok(self.store.soreness_csv()?)
    }

    /// Takes the daily backup if none was taken today; call on launch.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
        check_now(now)?;
        self.store.backup_if_due(now).map_err(|e| match &e {
            // SQLite cannot create the copy in the backups folder: that folder is the problem,
            // not the journal.
            StoreError::Sqlite(cause)
                if cause.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) =>
            {
                StoreError::io(
                    &self.backup_dir(),
                    std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "a backup cannot be written in this folder (check its permissions)",
                    ),
                )
                .into()
            }
            _ => e.into(),
        })
    }

    /// The backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        Journal::backups_of(self.path())
    }

    /// The backups beside the journal at `path`, newest first, without opening it (a damaged
    /// journal's backups can be listed). A backups folder that cannot be read is an error, not
    /// an empty list: the backups in it are still there.
    pub fn backups_of(path: &Path) -> Result<Vec<BackupInfo>> {
        let dir = store::dir_for(path);
        match std::fs::read_dir(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(StoreError::io(&dir, e).into())
            }
            _ => Ok(store::backups_of(path)),
        }
    }

    /// The folder the backups live in.
    pub fn backup_dir(&self) -> PathBuf {
        Journal::backup_dir_of(self.path())
    }

    /// The folder the backups of the journal at `path` live in.
    pub fn backup_dir_of(path: &Path) -> PathBuf {
        store::dir_for(path)
    }

    /// Restores a backup over the journal, keeping the journal as it is now as a backup first.
    pub fn restore_backup(&self, id: &str, now: DateTime<Utc>) -> Result<BackupInfo> {
        check_now(now)?;
        Ok(self.store.restore_backup(id, now)?)
    }
}

/// Refuses an export target that would overwrite the journal at `journal` (or its `-wal`, `-shm`,
/// `-journal` companions, also through a link, even one to a file not there yet) or land in its
/// backups folder, and one that is a device, a pipe or anything but a regular file. Pure:
/// frontends call it before opening anything.
pub fn check_export_target(journal: &Path, target: &Path) -> Result<()> {
    let target = resolve(&export_destination(target)?);
    let journal = resolve(journal);
    let refuse = |why: &str| {
        Err(Invalid::new(
            "file",
            format!("{} {why}; choose another file", target.display()),
        )
        .into())
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut companion = journal.as_os_str().to_os_string();
        companion.push(suffix);
        if target == Path::new(&companion) {
            return refuse("is the journal (or one of its SQLite files)");
        }
    }
    if target.starts_with(resolve(&store::dir_for(&journal))) {
        return refuse("is in the journal's backups folder");
    }
    Ok(())
}

/// What a file that is not a regular file is, in words (`None` for a regular file).
fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_fifo() {
            return Some("a pipe (FIFO)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Refuses a journal path (through its links) that is a device, a pipe, a socket or a folder:
/// SQLite reads such a file as a full disk or waits on it forever, and nothing should ever set
/// one aside as a damaged journal. A missing path is fine: the journal is created there.
fn check_journal_file(path: &Path) -> Result<()> {
    match std::fs::metadata(path).ok().as_ref().and_then(special_kind) {
        Some(kind) => Err(Invalid::new(
            "journal",
            format!(
                "{} is {kind}, not a journal file: give the path of a journal (a new name creates one)",
                path.display()
            ),
        )
        .into()),
        None => Ok(()),
    }
}

/// Where an export to `target` is written: `target` itself, or, when it is a link (or a chain
/// of links, even to a file not there yet), the file it points to, so the link stays and what
/// it points to is replaced atomically. A device (`/dev/stdout`), a pipe or any other file that
/// is not a regular file is refused, with nothing written.
fn export_destination(target: &Path) -> Result<PathBuf> {
    let refuse = |kind: &str| -> Result<PathBuf> {
        Err(Invalid::new(
            "file",
            format!(
                "{} is {kind}, not a file an export can replace; choose another file",
                target.display()
            ),
        )
        .into())
    };
    if let Some(kind) = std::fs::metadata(target)
        .ok()
        .as_ref()
        .and_then(special_kind)
    {
        return refuse(kind);
    }
    let mut dest = target.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&dest) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&dest).map_err(|e| StoreError::io(&dest, e))?;
                dest = files::parent(&dest).join(to);
            }
            _ => return Ok(dest),
        }
    }
    refuse("a loop of links")
}

/// `path` made absolute with every link resolved, as far as it exists; the rest appended, its
/// `.` and `..` read as written (what does not exist yet holds no link).
fn resolve(path: &Path) -> PathBuf {
    use std::path::Component;
    let parts: Vec<Component> = path.components().collect();
    for split in (0..=parts.len()).rev() {
        let head: PathBuf = parts[..split].iter().collect();
        let head = if head.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            head
        };
        if let Ok(mut real) = head.canonicalize() {
            for part in &parts[split..] {
                match part {
                    Component::ParentDir => {
                        real.pop();
                    }
                    Component::Normal(name) => real.push(name),
                    _ => {}
                }
            }
            return real;
        }
    }
    path.to_path_buf()
}

/// Refuses a `now` outside the dates the journal keeps (a phone whose clock says year 9999 gets
/// a clear error instead of plans computed from it).
fn check_now(now: DateTime<Utc>) -> Result<()> {
    Ok(crate::model::check_instant("now", now)?)
}

/// The longest reminder horizon, in days (ten years).
pub const MAX_REMINDER_DAYS: u32 = 3660;
/// The most reminders one plan returns.
pub const MAX_REMINDER_LIMIT: usize = 1000;

/// `days` days before `now`, or the earliest instant.
/// Where the safety flags start reading sessions and soreness: a day before their window, for a
/// session started the day before that holds a pain-skip within it.
fn safety_since(now: DateTime<Utc>) -> DateTime<Utc> {
    now - TimeDelta::days(insights::SAFETY_WINDOW_DAYS + 1)
}

fn days_before(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    now.checked_sub_signed(TimeDelta::days(i64::from(days)))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// A guided session: its routine, its recorded events and the timer they replay to.
///
/// Every event goes through one path, [`GuidedSession::record`]: the journal checks it against
/// the stored log and stores it durably, then this session takes the timer the stored log now
/// replays to. So after a kill, [`Journal::active_session`] finds it exactly as it was. Reading it
/// ([`GuidedSession::snapshot`], [`GuidedSession::cues`]) is pure: no clock, no database.
///
/// A [`GuidedSession::preview`] follows the same rules without a journal: nothing is stored (the
/// terminal's sped-up `--speed` demonstrations).
#[derive(Debug)]
pub struct GuidedSession {
    store: Option<Arc<Store>>,
    /// The runner's zone when the session was opened (where the safety rule's day is read);
    /// none for a preview.
    tz: Option<Tz>,
    catalog: &'static Catalog,
    id: String,
    timer: Mutex<Timer>,
}

impl GuidedSession {
    /// A session of `routine` from `now` that is never stored.
    pub fn preview(routine: Routine, now: DateTime<Utc>) -> Result<GuidedSession> {
        check_now(now)?;
        Ok(GuidedSession {
            store: None,
            tz: None,
            catalog: Catalog::embedded()?,
            id: "preview".to_owned(),
            timer: Mutex::new(Timer::start(routine, now)?),
        })
    }

    fn timer(&self) -> MutexGuard<'_, Timer> {
        self.timer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The session's id (`preview` for a preview).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether the session is stored in a journal (not a preview).
    pub fn is_stored(&self) -> bool {
        self.store.is_some()
    }

    /// The routine being followed.
    pub fn routine(&self) -> Routine {
        self.timer().routine().clone()
    }

    /// When the session started.
    pub fn started_at(&self) -> DateTime<Utc> {
        self.timer().started_at()
    }

    /// Every recorded event, in order.
    pub fn events(&self) -> Vec<TimedEvent> {
        self.timer().events().to_vec()
    }

    /// Where the session stands at `now`.
    pub fn snapshot(&self, now: DateTime<Utc>) -> Snapshot {
        self.timer().snapshot(now)
    }

    /// Whether the session counts as done (finished with enough time held under pressure,
    /// [`crate::timer::DONE_AT_HELD_PERCENT`]): what the streak and the report count.
    pub fn counts_as_done(&self) -> bool {
        self.timer().counts_as_done()
    }

    /// The cues due from `now` to `now + horizon`, to schedule at their instants.
    pub fn cues(&self, now: DateTime<Utc>, horizon: TimeDelta) -> Vec<Cue> {
        self.timer().cues(self.catalog, now, horizon)
    }

    /// Records `event` at `now`: checked, stored durably, then the session is what the stored log
    /// replays to. Returns the snapshot at `now`. A refused event changes nothing.
    pub fn record(&self, event: Event, now: DateTime<Utc>) -> Result<Snapshot> {
        check_now(now)?;
        let mut timer = self.timer();
        if let (Event::Extend, Some(store), Some(tz)) = (event, &self.store, self.tz) {
            // +30 s passes the safety rule like every other hold.
            let snap = timer.snapshot(now);
            let routine = timer.routine();
            if let Some(step) = routine.steps.get(snap.step_index as usize) {
                let length_s = u32::try_from(snap.step_length_ms / 1000)
                    .unwrap_or(u32::MAX)
                    .saturating_add(crate::timer::EXTEND_S);
                let journal = Journal {
                    store: Arc::clone(store),
                    tz: RwLock::new(tz),
                };
                journal.with_rules(now, |rules| {
                    Ok(rules.check_extend(routine.kind.protocol(), step, length_s)?)
                })?;
            }
        }
        let next = match &self.store {
            Some(store) => store.update_session(&self.id, now, |stored| {
                kept(session::apply(stored, event, now)?)
            })?,
            None => {
                let mut next = timer.clone();
                next.apply(event, now)?;
                next
            }
        };
        *timer = next;
        Ok(timer.snapshot(now))
    }

    /// What `now` calls for by itself, recorded: a finish once the timer has run to the end.
    /// The screen calls it as it redraws. Returns the snapshot at `now`.
    pub fn tick(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        let due = session::due_event(&self.timer(), now);
        match due {
            Some(event) => self.record(event, now),
            None => Ok(self.snapshot(now)),
        }
    }

    /// The runner leaves the session (the screen goes away, the terminal closes): the clock
    /// pauses if it was running, so coming back continues where they stopped.
    pub fn leave(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        let event = session::leave_event(&self.timer(), now);
        match event {
            Some(event) => self.record(event, now),
            None => Ok(self.snapshot(now)),
        }
    }

    /// The runner comes back to the session: the clock runs again if it was paused.
    pub fn resume(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        let event = session::resume_event(&self.timer(), now);
        match event {
            Some(event) => self.record(event, now),
            None => Ok(self.snapshot(now)),
        }
    }
}

/// What the store keeps of a replayed session, and the timer to carry on with.
fn kept(replayed: session::Replayed) -> Result<(store::SessionUpdate, Timer)> {
    Ok((
        store::SessionUpdate {
            events: replayed.timer.events().to_vec(),
            status: replayed.status,
            ended_at: replayed.ended_at,
            counted: replayed.counted,
        },
        replayed.timer,
    ))
}
