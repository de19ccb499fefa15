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

    pub(super) fn plan_reminders(
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
    pub(super) fn unrated<'r>(&self, r: &'r Recent, now: DateTime<Utc>) -> Result<Option<&'r Run>> {
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
