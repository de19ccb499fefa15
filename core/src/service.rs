//! The screens' questions, answered from the journal: what frontends (the FFI, the terminal
//! companion) call so that none of them gathers data for the planners on its own.

use std::collections::BTreeSet;

use crate::time::Tz;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::insights::{self, History, PersonalReport, Recovery, SafetyFlag, WeekTotal, ZoneTrend};
use crate::plan::{self, CalendarDay, SeasonPlan};
use crate::reminders::{self, PhoneState, Reminder, ReminderHealth, ReminderInputs};
use crate::routine::Routine;
use crate::store::{Run, Settings, Soreness, Store};
use crate::{time, Error};

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
}

/// The journal data the planners read, for windows around `now`.
struct Recent {
    settings: Settings,
    soreness: Vec<Soreness>,
    runs: Vec<Run>,
    last_long: Option<Run>,
    season: SeasonPlan,
    bodywork: Vec<crate::store::Bodywork>,
    finished: Vec<DateTime<Utc>>,
}

fn recent(store: &Store, now: DateTime<Utc>, tz: Tz) -> Result<Recent, Error> {
    let settings = store.settings()?;
    let soreness =
        store.soreness_between(now - plan::SORENESS_WINDOW, now + TimeDelta::seconds(1))?;
    let mut runs = store.runs_between(now - plan::LONG_RUN_HABIT, now + TimeDelta::seconds(1))?;
    let last_long =
        store.last_long_run(now + TimeDelta::seconds(1), settings.long_run_threshold_m)?;
    if let Some(long) = &last_long {
        if !runs.iter().any(|r| r.id == long.id) {
            runs.push(long.clone());
        }
    }
    let bodywork =
        store.bodywork_between(now - TimeDelta::days(120), now + TimeDelta::days(400))?;
    let races = store.races()?;
    let today = time::local_date(tz, now);
    let season = plan::season(&races, &bodywork, &settings, today, tz);
    let finished =
        store.finished_session_starts(now - STREAK_HISTORY, now + TimeDelta::seconds(1))?;
    Ok(Recent {
        settings,
        soreness,
        runs,
        last_long,
        season,
        bodywork,
        finished,
    })
}

fn reminders_from(
    store: &Store,
    r: &Recent,
    now: DateTime<Utc>,
    tz: Tz,
    days: u32,
    limit: usize,
) -> Result<Vec<Reminder>, Error> {
    let done: BTreeSet<NaiveDate> = r
        .finished
        .iter()
        .map(|t| time::local_date(tz, *t))
        .collect();
    let unrated = match &r.last_long {
        Some(run)
            if store
                .soreness_between(run.started_at, now + TimeDelta::seconds(1))?
                .is_empty() =>
        {
            Some(run)
        }
        _ => None,
    };
    let inputs = ReminderInputs {
        now,
        tz,
        settings: &r.settings,
        season: &r.season,
        routine_done: &done,
        bodywork: &r.bodywork,
        unrated_long_run: unrated,
    };
    Ok(reminders::plan(store.catalog(), &inputs, days, limit))
}

/// Today's adaptive routine; `minutes` overrides the budget from the settings (5–20).
pub fn todays_routine(
    store: &Store,
    now: DateTime<Utc>,
    tz: Tz,
    minutes: Option<u32>,
) -> Result<Routine, Error> {
    let mut r = recent(store, now, tz)?;
    if let Some(m) = minutes {
        r.settings.daily_minutes = m;
    }
    let date = time::local_date(tz, now);
    Ok(plan::daily_routine(
        store.catalog(),
        &r.settings,
        &r.soreness,
        &r.runs,
        date,
        now,
        tz,
    )?)
}

/// Today's routine, streak, next reminder and the 7-day calendar.
pub fn today(store: &Store, now: DateTime<Utc>, tz: Tz) -> Result<Today, Error> {
    let r = recent(store, now, tz)?;
    let date = time::local_date(tz, now);
    let catalog = store.catalog();
    let routine = plan::daily_routine(catalog, &r.settings, &r.soreness, &r.runs, date, now, tz)?;
    let calendar = plan::calendar(
        catalog,
        &r.settings,
        &r.season,
        &r.soreness,
        &r.runs,
        &r.bodywork,
        now,
        tz,
    )?;
    let next_reminder = reminders_from(store, &r, now, tz, 14, 1)?
        .into_iter()
        .next();
    Ok(Today {
        date,
        routine,
        done_today: r.finished.iter().any(|t| time::local_date(tz, *t) == date),
        active_session: store.active_session()?.map(|s| s.id),
        streak: insights::streak(&r.finished, now, tz),
        next_reminder,
        calendar,
    })
}

/// The reminders the phone should schedule for the next `days`, at most `limit`.
pub fn reminder_plan(
    store: &Store,
    now: DateTime<Utc>,
    tz: Tz,
    days: u32,
    limit: usize,
) -> Result<Vec<Reminder>, Error> {
    let r = recent(store, now, tz)?;
    reminders_from(store, &r, now, tz, days, limit)
}

/// Whether reminders can arrive: the plan for the next week, the last delivery the phone
/// reported, and what the phone says about its permissions.
pub fn reminder_health(
    store: &Store,
    now: DateTime<Utc>,
    tz: Tz,
    phone: PhoneState,
) -> Result<ReminderHealth, Error> {
    let plan = reminder_plan(store, now, tz, 7, reminders::DEFAULT_LIMIT)?;
    let last = store.last_delivery()?.map(|d| d.delivered_at);
    Ok(reminders::health(&plan, last, phone))
}

/// The season plan from the stored races.
pub fn season_plan(store: &Store, now: DateTime<Utc>, tz: Tz) -> Result<SeasonPlan, Error> {
    Ok(recent(store, now, tz)?.season)
}

/// Everything the report screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Report {
    /// The personal before/after table, once there are four weeks of history.
    pub personal: Option<PersonalReport>,
    /// Per-zone soreness trends.
    pub trends: Vec<ZoneTrend>,
    /// Recovery after each long run of the last year.
    pub recoveries: Vec<Recovery>,
    /// Downtime hours per week, last 12 weeks.
    pub weekly_downtime: Vec<WeekTotal>,
    /// Sessions per week, last 12 weeks.
    pub weekly_sessions: Vec<WeekTotal>,
    /// The routine streak.
    pub streak: u32,
    /// Advice to see a professional.
    pub safety: Vec<SafetyFlag>,
}

/// The report: the whole history for the personal table, recent windows for the rest.
pub fn report(store: &Store, now: DateTime<Utc>, tz: Tz) -> Result<Report, Error> {
    let settings = store.settings()?;
    // Only what the report reads: every run, soreness and downtime entry and finished-session
    // start, and the sessions recent enough to hold a safety flag.
    let (first, last) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let runs = store.runs_between(first, last)?;
    let soreness = store.soreness_between(first, last)?;
    let downtime = match (
        NaiveDate::from_ymd_opt(1, 1, 1),
        NaiveDate::from_ymd_opt(9999, 12, 31),
    ) {
        (Some(from), Some(to)) => store.downtime_between(from, to)?,
        _ => Vec::new(),
    };
    let finished = store.finished_session_starts(first, last)?;
    let since = now - TimeDelta::days(insights::SAFETY_WINDOW_DAYS + 1);
    let recent_sessions = store.sessions_between(since, last)?;
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
    Ok(Report {
        personal: insights::personal_report(history, &settings, now, tz),
        trends: insights::zone_trends(&soreness, now, tz),
        recoveries: insights::recoveries(&runs, &soreness, &settings, tz)
            .into_iter()
            .filter(|r| r.date >= year_ago)
            .collect(),
        weekly_downtime: insights::weekly_downtime(&downtime, twelve_weeks, today),
        weekly_sessions: insights::weekly_sessions(&finished, tz, twelve_weeks, today),
        streak: insights::streak(&finished, now, tz),
        safety: insights::safety_flags(store.catalog(), &recent_sessions, &soreness, now, tz),
    })
}
