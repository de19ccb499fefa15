//! The questions a screen asks: today, routines under the safety rule, the season, reminders
//! and their health, the report.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::error::Invalid;
use crate::insights::{self, History, Recovery, SafetyFlag};
use crate::keys;
use crate::model::{ReminderDelivery, Run};
use crate::plan::{self, SeasonPlan};
use crate::reminders::{self, PhoneState, Reminder, ReminderHealth, ReminderInputs, ReminderPlan};
use crate::routine::{Routine, RoutineKind};
use crate::safety::{self};
use crate::session;
use crate::time::{self, Tz};
use crate::Result;

use super::*;

impl Journal {
    // ---- screens --------------------------------------------------------------------------

    pub(super) fn recent(&self, now: DateTime<Utc>, tz: Tz) -> Result<Recent> {
        Ok(self
            .store
            .snapshot(|store| self.read_recent(store, now, tz))?)
    }

    /// [`Journal::recent`] on one read transaction of the journal (`store`).
    fn read_recent(
        &self,
        store: &store::Snapshot,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> std::result::Result<Recent, store::StoreError> {
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
        // The planners read long runs alone (the latest, and the long-run habit's six weeks);
        // the check-in, the latest long run or race.
        let threshold = settings.long_run_threshold_m;
        let window = store.check_in_runs_between(now - plan::LONG_RUN_HABIT, soon, threshold)?;
        // The latest run that brings the check-in is the window's last, when it started after
        // every other; otherwise (none, or two at that instant) the store picks it as ever.
        let check_in_run = match window.as_slice() {
            [.., before, last] if before.started_at < last.started_at => Some(last.clone()),
            [last] => Some(last.clone()),
            _ => store.last_check_in_run(soon, threshold)?,
        };
        let mut runs: Vec<Run> = window
            .into_iter()
            .filter(|r| r.is_long(threshold))
            .collect();
        // The latest run that brings the check-in (a long run or a race) is the latest long run
        // too when it is long: only a shorter race after the long run takes a second question.
        // With a long run in the habit's weeks, the latest long run is among them.
        let last_long = match &check_in_run {
            _ if !runs.is_empty() => None,
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
        let today = time::local_date(tz, now);
        // The season reads the upcoming races and those whose race week an upcoming A race's
        // bodywork deadline (the day before its peak training) is moved out of; the safety rule
        // those of yesterday on. Races from the earliest deadline on are read; when a deadline
        // moves before that, every race is.
        let races_from = today.checked_sub_signed(
            TimeDelta::weeks(i64::from(settings.peak_from_weeks)) + TimeDelta::days(1),
        );
        let mut races = match races_from {
            Some(from) => store.races_from(from)?,
            None => store.races()?,
        };
        let mut season = plan::season(self.catalog(), &races, &bodywork, &settings, today, tz);
        let before = |from: NaiveDate| {
            (season.races.iter()).any(|r| r.bodywork_by.is_some_and(|by| by < from))
        };
        if races_from.is_some_and(before) {
            races = store.races()?;
            season = plan::season(self.catalog(), &races, &bodywork, &settings, today, tz);
        }
        let done_days = store.finished_session_days(now - STREAK_HISTORY, soon, tz)?;
        let done = done_days[done_days.partition_point(|d| *d < today)..]
            .iter()
            .copied()
            .collect();
        Ok(Recent {
            settings,
            soreness,
            soreness_since: soreness_from,
            soon,
            pain,
            flags,
            flagged,
            runs,
            races,
            season,
            bodywork,
            done_days,
            done,
            check_in_run,
        })
    }

    pub(super) fn plan_reminders(
        &self,
        r: &Recent,
        now: DateTime<Utc>,
        tz: Tz,
        days: u32,
        limit: usize,
    ) -> Result<ReminderPlan> {
        let inputs = self.reminder_inputs(r, now, tz, self.unrated(r)?)?;
        Ok(reminders::schedule(self.catalog(), &inputs, days, limit))
    }

    /// What the reminder engine reads, `unrated` being [`Journal::unrated`].
    fn reminder_inputs<'r>(
        &self,
        r: &'r Recent,
        now: DateTime<Utc>,
        tz: Tz,
        unrated: Option<&'r Run>,
    ) -> Result<ReminderInputs<'r>> {
        // A long run or a race of any distance brings the soreness prompt and the next-day
        // check-in: a race's recovery is what the report measures.
        // The next-day check-in, until something is logged on that day.
        let follow_up = match &r.check_in_run {
            Some(run) => {
                let next_day = time::local_date(tz, run.started_at) + TimeDelta::days(1);
                let day = time::start_of_day(tz, next_day)
                    ..time::start_of_day(tz, next_day + TimeDelta::days(1));
                (!self.soreness_logged(r, day.start, day.end)?).then_some(run)
            }
            None => None,
        };
        Ok(ReminderInputs {
            now,
            tz,
            settings: &r.settings,
            season: &r.season,
            routine_done: &r.done,
            bodywork: &r.bodywork,
            unrated_long_run: unrated,
            follow_up_run: follow_up,
        })
    }

    /// The latest run that brings the soreness check-in, if no soreness was logged since it.
    pub(super) fn unrated<'r>(&self, r: &'r Recent) -> Result<Option<&'r Run>> {
        Ok(match &r.check_in_run {
            Some(run) if !self.soreness_logged(r, run.started_at, r.soon)? => Some(run),
            _ => None,
        })
    }

    /// Whether soreness was logged in `[from, to)`: answered from the entries
    /// [`Journal::recent`] read where they cover the span, from the store for the rest.
    fn soreness_logged(&self, r: &Recent, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<bool> {
        if from < r.soreness_since {
            return Ok(!self.store.soreness_between(from, to)?.is_empty());
        }
        if r.soreness.iter().any(|s| s.at >= from && s.at < to) {
            return Ok(true);
        }
        Ok(to > r.soon
            && !self
                .store
                .soreness_between(from.max(r.soon), to)?
                .is_empty())
    }

    /// Today's routine, streak, next reminder and the 7-day calendar.
    pub fn today(&self, now: DateTime<Utc>) -> Result<Today> {
        check_now(now)?;
        let tz = self.time_zone();
        // The screen's reads and the session in progress, on one view of the journal.
        let (r, active) = self
            .store
            .snapshot(|store| Ok((self.read_recent(store, now, tz)?, store.active_session()?)))?;
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
        let unrated = self.unrated(&r)?;
        let next_reminder = reminders::next(
            catalog,
            &self.reminder_inputs(&r, now, tz, unrated)?,
            14,
            reminders::DEFAULT_LIMIT,
        );
        let safety = r.flags.clone();
        let check_in = unrated
            .filter(|run| run.started_at > now - plan::AFTER_LONG_RUN)
            .map(|run| CheckIn {
                question: catalog.text(
                    keys::CHECK_IN_QUESTION,
                    &[("distance", &r.settings.units.distance(run.distance_m))],
                ),
                run: run.clone(),
            });
        let warm_up = warm_up_offer(
            catalog,
            plan::warm_up_routine(catalog, &r.settings, &r.history(), date, now),
            safety::RaceDay::of(&r.races, date),
        )?;
        Ok(Today {
            check_in,
            warm_up,
            date,
            routine,
            done_today: r.done.contains(&date),
            // One left from an earlier day is not offered (it is closed when next asked for).
            active_session: match active {
                Some(s) => session::stale_end(&session::replay_record(&s)?.timer, tz, now)
                    .is_none()
                    .then_some(s.id),
                None => None,
            },
            streak: insights::streak_of_days(&r.done_days, date),
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

    /// The dynamic warm-up before a run or race-morning activation (about 4 minutes of dynamic
    /// moves, `content/warmup.json`), under the safety rule: a move loading a zone that rests
    /// today, or has a see-a-professional flag, is left out; around a race it is the light
    /// version. Refused (`EveryZoneRests`, a conflict) when every move is left out. A session of
    /// it never counts toward the streak (it holds no pressure).
    pub fn warm_up_routine(&self, now: DateTime<Utc>) -> Result<Routine> {
        check_now(now)?;
        let tz = self.time_zone();
        let r = self.recent(now, tz)?;
        let date = time::local_date(tz, now);
        plan::warm_up_routine(self.catalog(), &r.settings, &r.history(), date, now)
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
    pub(super) fn with_rules<T>(
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
        let plan = self.reminders(now, reminders::HEALTH_DAYS, reminders::DEFAULT_LIMIT)?;
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
    pub(super) fn safety(&self, now: DateTime<Utc>, tz: Tz) -> Result<Vec<SafetyFlag>> {
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
}

/// The today screen's offer of the warm-up built by `built`: its words and length (race morning
/// first, before the activation); none when every move rests today.
fn warm_up_offer(
    catalog: &crate::zones::Catalog,
    built: Result<Routine>,
    day: Option<safety::RaceDay<'_>>,
) -> Result<Option<WarmUpOffer>> {
    let routine = match built {
        Ok(routine) => routine,
        Err(crate::Error::Routine(crate::routine::RoutineError::EveryZoneRests)) => {
            return Ok(None)
        }
        Err(e) => return Err(e),
    };
    let race_morning = matches!(day, Some(safety::RaceDay::Race(_)));
    Ok(Some(WarmUpOffer {
        text: crate::words::warm_up_offer(catalog, routine.total_s, race_morning),
        total_s: routine.total_s,
        race_morning,
    }))
}
