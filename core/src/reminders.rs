//! The reminder engine: exactly which notifications the phone should have scheduled.
//!
//! The phone asks for a horizon, cancels the ids that disappeared and schedules the new ones; the
//! same inputs always give the same ids. Local times go through [`crate::time::resolve`], so 07:00
//! stays 07:00 local across DST and after travel (the zone is an input). Semantics for platform
//! engineers: `docs/reminders.md`.

use std::collections::{BTreeSet, BinaryHeap};

use crate::time::Tz;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::keys;
use crate::model::{
    Bodywork, LocalizedText, Name, QuietHours, Reason, ReminderKind, Run, RunKind, Settings,
};
use crate::plan::SeasonPlan;
use crate::time;
use crate::zones::Catalog;

/// iOS keeps at most 64 pending local notifications; the default limit matches it.
pub const DEFAULT_LIMIT: usize = 64;
/// Days before the pre-peak bodywork deadline on which to remind the runner to book.
pub const BOOK_BODYWORK_DAYS_BEFORE: [i64; 3] = [21, 14, 7];
/// How long before an appointment the attend reminder comes.
pub const ATTEND_BEFORE: TimeDelta = TimeDelta::hours(24);

/// One notification to schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Reminder {
    /// Stable id: `kind:subject` (a local date, a race, an appointment…).
    pub id: String,
    /// What it is about.
    pub kind: ReminderKind,
    /// When to fire.
    pub fire_at: DateTime<Utc>,
    /// The local wall time it fires at.
    pub local: NaiveDateTime,
    /// The notification's title: text key and values, and the English.
    pub title: LocalizedText,
    /// The notification's text, the same way.
    pub body: LocalizedText,
}

/// What the engine needs to know, all read from the journal by the caller.
#[derive(Debug, Clone)]
pub struct ReminderInputs<'a> {
    /// The instant to plan from: only reminders after it are returned.
    pub now: DateTime<Utc>,
    /// The phone's current zone.
    pub tz: Tz,
    /// The runner's settings.
    pub settings: &'a Settings,
    /// The season plan.
    pub season: &'a SeasonPlan,
    /// Local dates on which a routine session was finished.
    pub routine_done: &'a BTreeSet<NaiveDate>,
    /// The runner's bodywork appointments; one not yet done gets a reminder [`ATTEND_BEFORE`] it.
    pub bodywork: &'a [Bodywork],
    /// The latest run that brings the soreness check-in ([`Run::brings_check_in`]: a long run
    /// or a race of any distance), if soreness has not been logged since it.
    pub unrated_long_run: Option<&'a Run>,
    /// The same run, if nothing has been logged yet on the local day after it: the next-day
    /// check-in that tells how the runner recovered.
    pub follow_up_run: Option<&'a Run>,
}

fn in_quiet(q: QuietHours, t: NaiveTime) -> bool {
    if q.start < q.end {
        q.start <= t && t < q.end
    } else {
        t >= q.start || t < q.end
    }
}

/// The reminders due in `[now, now + horizon_days)`, soonest first, at most `limit`
/// (see [`schedule`] for which are kept).
pub fn plan(
    catalog: &Catalog,
    inputs: &ReminderInputs,
    horizon_days: u32,
    limit: usize,
) -> Vec<Reminder> {
    schedule(catalog, inputs, horizon_days, limit).reminders
}

/// A reminder plan, and where the limit cut it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReminderPlan {
    /// The reminders, soonest first.
    pub reminders: Vec<Reminder>,
    /// The first reminder left out to keep within the limit, if any was: from then on the plan
    /// is incomplete until the phone asks again.
    pub cut_from: Option<DateTime<Utc>>,
}

/// Whether a kind is a season milestone (kept before any daily reminder when the plan is cut).
pub fn is_milestone(kind: ReminderKind) -> bool {
    !matches!(
        kind,
        ReminderKind::DailyRoutine | ReminderKind::WeeklyReport
    )
}

/// The reminders due in `[now, now + horizon_days)`, soonest first, at most `limit`: every season
/// milestone in the horizon first (kickoff, bodywork, race week, soreness check-ins), then the
/// soonest daily and weekly reminders in the room left.
pub fn schedule(
    catalog: &Catalog,
    inputs: &ReminderInputs,
    horizon_days: u32,
    limit: usize,
) -> ReminderPlan {
    let (kept, cut_from) = kept(inputs, horizon_days, limit, Wanted::All);
    ReminderPlan {
        reminders: kept
            .into_iter()
            .map(|c| c.render(catalog, inputs.tz))
            .collect(),
        cut_from,
    }
}

/// The first reminder of [`schedule`]'s plan (the today screen's next reminder): the same
/// candidates, kept and cut the same way, but only that one's texts are rendered.
pub fn next(
    catalog: &Catalog,
    inputs: &ReminderInputs,
    horizon_days: u32,
    limit: usize,
) -> Option<Reminder> {
    let (kept, _) = kept(inputs, horizon_days, limit, Wanted::Soonest);
    kept.into_iter()
        .next()
        .map(|c| c.render(catalog, inputs.tz))
}

/// What [`kept`] is asked for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// The whole plan.
    All,
    /// Its first reminder alone, and none of the rest is read: the days after the first daily
    /// (and weekly) reminder add no reminder before it.
    Soonest,
}

/// [`schedule`]'s reminders before their texts are rendered, soonest first, and the first instant
/// the limit cut. With [`Wanted::Soonest`], only the first is sure to be the plan's: the daily
/// and weekly reminders stop at the first of each in the horizon.
fn kept<'a>(
    inputs: &ReminderInputs<'a>,
    horizon_days: u32,
    limit: usize,
    wanted: Wanted,
) -> (Vec<Candidate<'a>>, Option<DateTime<Utc>>) {
    let ReminderInputs {
        now, tz, settings, ..
    } = *inputs;
    let until = now
        .checked_add_signed(TimeDelta::days(i64::from(horizon_days)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let today = time::local_date(tz, now);
    let at_reminder_time = |d: NaiveDate| time::resolve(tz, d, settings.reminder_time).instant;
    // Texts are not even worded until the plan is cut to its limit: each candidate keeps how to
    // word them, and only what is kept is worded and rendered.
    // The soonest `limit` milestones and the soonest `limit` others, each in a heap whose top is
    // the latest kept: memory is bounded by the limit, whatever the horizon. `dropped` is the
    // first instant a heap let go of.
    let mut milestones: BinaryHeap<Candidate> = BinaryHeap::new();
    let mut others: BinaryHeap<Candidate> = BinaryHeap::new();
    let mut dropped: Option<DateTime<Utc>> = None;
    // Whether the reminder falls in the horizon (kept or then cut by the limit).
    let mut add = |kind: ReminderKind, subject: String, at: DateTime<Utc>, words: Words<'a>| {
        let at = respect_quiet_hours(settings.quiet_hours, tz, at);
        if at <= now || at >= until {
            return false;
        }
        let kept = if is_milestone(kind) {
            &mut milestones
        } else {
            &mut others
        };
        let id = format!("{}:{subject}", kind.name());
        if kept.len() == limit && kept.peek().is_none_or(|top| (at, &id) >= (top.at, &top.id)) {
            dropped = Some(dropped.map_or(at, |d| d.min(at)));
            return true;
        }
        kept.push(Candidate {
            at,
            id,
            kind,
            words,
        });
        if kept.len() > limit {
            if let Some(late) = kept.pop() {
                dropped = Some(dropped.map_or(late.at, |d| d.min(late.at)));
            }
        }
        true
    };

    // A later day's reminder never fires before an earlier day's of the same kind (quiet hours
    // only move one to the moment they end): for the soonest reminder alone, the days stop once
    // the daily and the weekly reminder each have their first in the horizon.
    let (mut daily_found, mut weekly_found) = (false, settings.weekly_report.is_none());
    for d in
        (0..=i64::from(horizon_days)).map_while(|i| today.checked_add_signed(TimeDelta::days(i)))
    {
        if wanted == Wanted::Soonest && daily_found && weekly_found {
            break;
        }
        if !inputs.routine_done.contains(&d) {
            daily_found |= add(
                ReminderKind::DailyRoutine,
                d.to_string(),
                at_reminder_time(d),
                Box::new(move || {
                    (
                        text(keys::REMINDER_DAILY_ROUTINE_TITLE, &[]),
                        text(
                            keys::REMINDER_DAILY_ROUTINE_BODY,
                            &[("minutes", settings.daily_minutes.to_string())],
                        ),
                    )
                }),
            );
        }
        if let Some(w) = settings.weekly_report.filter(|w| w.weekday == d.weekday()) {
            weekly_found |= add(
                ReminderKind::WeeklyReport,
                d.to_string(),
                time::resolve(tz, d, w.time).instant,
                Box::new(|| {
                    (
                        text(keys::REMINDER_WEEKLY_REPORT_TITLE, &[]),
                        text(keys::REMINDER_WEEKLY_REPORT_BODY, &[]),
                    )
                }),
            );
        }
    }
    let season = inputs.season;
    if let (Some(kickoff), Some(start)) = (season.kickoff, season.season_start) {
        let weeks = (start - kickoff).num_days() / 7;
        add(
            ReminderKind::Kickoff,
            kickoff.to_string(),
            at_reminder_time(kickoff),
            Box::new(move || {
                (
                    text(
                        keys::REMINDER_KICKOFF_TITLE,
                        &[("weeks", weeks.to_string())],
                    ),
                    text(keys::REMINDER_KICKOFF_BODY, &[]),
                )
            }),
        );
    }
    for race in &season.races {
        if let (Some(by), None, Some(peak)) = (race.bodywork_by, &race.bodywork_booked, race.peak) {
            for before in BOOK_BODYWORK_DAYS_BEFORE {
                let d = by - TimeDelta::days(before);
                add(
                    ReminderKind::BookBodywork,
                    format!("{}:{d}", race.race_id),
                    at_reminder_time(d),
                    Box::new(move || {
                        (
                            text(keys::REMINDER_BOOK_BODYWORK_TITLE, &[]),
                            text(
                                keys::REMINDER_BOOK_BODYWORK_BODY,
                                &[("race", race.name.clone()), ("date", peak.from.to_string())],
                            ),
                        )
                    }),
                );
            }
        }
        add(
            ReminderKind::RaceWeek,
            race.race_id.clone(),
            at_reminder_time(race.race_week_from),
            Box::new(move || {
                (
                    text(
                        keys::REMINDER_RACE_WEEK_TITLE,
                        &[("race", race.name.clone())],
                    ),
                    text(keys::REMINDER_RACE_WEEK_BODY, &[]),
                )
            }),
        );
    }
    for month in season
        .bodywork_months
        .iter()
        .filter(|m| m.booked < m.target)
    {
        for day in [1, 15] {
            if let Some(d) = NaiveDate::from_ymd_opt(month.year, month.month, day) {
                add(
                    ReminderKind::BodyworkCadence,
                    d.to_string(),
                    at_reminder_time(d),
                    Box::new(move || {
                        (
                            text(keys::REMINDER_BODYWORK_CADENCE_TITLE, &[]),
                            text(
                                keys::REMINDER_BODYWORK_CADENCE_BODY,
                                &[
                                    ("booked", month.booked.to_string()),
                                    ("target", month.target.to_string()),
                                ],
                            ),
                        )
                    }),
                );
            }
        }
    }
    for b in inputs.bodywork.iter().filter(|b| !b.done) {
        let local = time::local_time(tz, b.at);
        add(
            ReminderKind::AttendBodywork,
            b.id.clone(),
            b.at - ATTEND_BEFORE,
            Box::new(move || {
                (
                    text(keys::REMINDER_ATTEND_BODYWORK_TITLE, &[]),
                    text(
                        keys::REMINDER_ATTEND_BODYWORK_BODY,
                        &[
                            ("minutes", b.minutes.to_string()),
                            ("time", local.format("%H:%M").to_string()),
                        ],
                    ),
                )
            }),
        );
    }
    // The soreness prompt and the next-day check-in ask the same thing: when both would fire
    // at the same minute (a run logged late in the evening, its prompt moved to the end of quiet
    // hours), the phone shows one, the check-in, whose answer settles both.
    let check_in = inputs.follow_up_run.map(|run| {
        let next_day = time::local_date(tz, run.started_at) + TimeDelta::days(1);
        let at = respect_quiet_hours(settings.quiet_hours, tz, at_reminder_time(next_day));
        (run, at)
    });
    if let Some(run) = inputs.unrated_long_run {
        let at = respect_quiet_hours(
            settings.quiet_hours,
            tz,
            run.created_at + TimeDelta::hours(i64::from(settings.soreness_prompt_hours)),
        );
        let merged = check_in.is_some_and(|(_, check_in_at)| same_minute(at, check_in_at));
        if !merged {
            let body = match run.kind {
                RunKind::Race => keys::REMINDER_SORENESS_PROMPT_RACE_BODY,
                _ => keys::REMINDER_SORENESS_PROMPT_BODY,
            };
            add(
                ReminderKind::SorenessPrompt,
                run.id.clone(),
                at,
                Box::new(move || {
                    (
                        text(keys::REMINDER_SORENESS_PROMPT_TITLE, &[]),
                        text(
                            body,
                            &[("distance", settings.units.distance(run.distance_m))],
                        ),
                    )
                }),
            );
        }
    }
    if let Some((run, at)) = check_in {
        let body = match run.kind {
            RunKind::Race => keys::REMINDER_RECOVERY_CHECK_IN_RACE_BODY,
            _ => keys::REMINDER_RECOVERY_CHECK_IN_BODY,
        };
        add(
            ReminderKind::RecoveryCheckIn,
            run.id.clone(),
            at,
            Box::new(move || {
                (
                    text(keys::REMINDER_RECOVERY_CHECK_IN_TITLE, &[]),
                    text(
                        body,
                        &[("distance", settings.units.distance(run.distance_m))],
                    ),
                )
            }),
        );
    }

    let mut kept = milestones.into_sorted_vec();
    let mut others = others.into_sorted_vec();
    let room = limit - kept.len();
    if let Some(first_left) = others.get(room) {
        dropped = Some(dropped.map_or(first_left.at, |d| d.min(first_left.at)));
    }
    others.truncate(room);
    kept.append(&mut others);
    kept.sort();
    (kept, dropped)
}

/// How a reminder's title and body are worded, asked only for the reminders kept.
type Words<'a> = Box<dyn FnOnce() -> (Reason, Reason) + 'a>;

/// A text key with its values.
fn text(key: &str, args: &[(&str, String)]) -> Reason {
    let mut reason = Reason::key(key);
    for (name, value) in args {
        reason = reason.with(name, value);
    }
    reason
}

/// A reminder before its texts are worded, ordered by when it fires, then by id.
struct Candidate<'a> {
    at: DateTime<Utc>,
    id: String,
    kind: ReminderKind,
    words: Words<'a>,
}

impl Candidate<'_> {
    /// The reminder, its texts worded and rendered.
    fn render(self, catalog: &Catalog, tz: Tz) -> Reminder {
        let (title, body) = (self.words)();
        Reminder {
            local: time::local_time(tz, self.at),
            id: self.id,
            kind: self.kind,
            fire_at: self.at,
            title: LocalizedText::new(catalog, title),
            body: LocalizedText::new(catalog, body),
        }
    }
}

impl PartialEq for Candidate<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, &self.id) == (other.at, &other.id)
    }
}

impl Eq for Candidate<'_> {}

impl PartialOrd for Candidate<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, &self.id).cmp(&(other.at, &other.id))
    }
}

/// Whether two instants fall in the same minute (what a phone's notification list shows).
fn same_minute(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    a.timestamp().div_euclid(60) == b.timestamp().div_euclid(60)
}

/// Moves an instant whose local time falls in quiet hours to the moment they end. When the end
/// itself falls in a DST gap, the first minute after the gap may be quiet again: move once more.
fn respect_quiet_hours(quiet: Option<QuietHours>, tz: Tz, at: DateTime<Utc>) -> DateTime<Utc> {
    let Some(q) = quiet else {
        return at;
    };
    let mut at = at;
    for _ in 0..3 {
        let local = time::local_time(tz, at);
        let t = local.time().with_nanosecond(0).unwrap_or(local.time());
        if !in_quiet(q, t) {
            break;
        }
        // Quiet hours that wrap past midnight end the next day when we are before midnight.
        let date = if q.start > q.end && t >= q.start {
            local.date() + TimeDelta::days(1)
        } else {
            local.date()
        };
        let end = time::resolve(tz, date, q.end).instant;
        at = if end > at {
            end
        } else {
            time::resolve(tz, date + TimeDelta::days(1), q.end).instant
        };
    }
    at
}

/// What the phone reports about its ability to deliver reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PhoneState {
    /// The runner allowed notifications.
    pub notifications_allowed: bool,
    /// Exact alarms are allowed (Android 12+), or the platform has no such permission.
    pub exact_alarms_allowed: bool,
    /// The app is under battery optimisation that can defer or drop alarms.
    pub battery_restricted: bool,
}

named_enum! {
    /// A reason reminders may not arrive; each has a text that says how to fix it.
    pub enum HealthWarning {
        /// The runner turned notifications off.
        NotificationsOff,
        /// Exact alarms are not allowed (Android 12+): reminders may come late.
        ExactAlarmsOff,
        /// Battery optimisation can defer or drop reminders.
        BatteryRestricted,
        /// Nothing is planned for the next week.
        NothingScheduled,
        /// The reminder time falls inside quiet hours: daily reminders come when they end.
        ReminderInQuietHours,
    }
}

impl HealthWarning {
    /// The text key of the warning and its fix.
    pub fn text_key(self) -> &'static str {
        match self {
            HealthWarning::NotificationsOff => keys::HEALTH_NOTIFICATIONS_OFF,
            HealthWarning::ExactAlarmsOff => keys::HEALTH_EXACT_ALARMS_OFF,
            HealthWarning::BatteryRestricted => keys::HEALTH_BATTERY_RESTRICTED,
            HealthWarning::NothingScheduled => keys::HEALTH_NOTHING_SCHEDULED,
            HealthWarning::ReminderInQuietHours => keys::HEALTH_REMINDER_IN_QUIET_HOURS,
        }
    }
}

/// Why reminders may not arrive, for a "reminders" status screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReminderHealth {
    /// The next reminder, if any.
    pub next_fire: Option<DateTime<Utc>>,
    /// When the phone last reported a delivered reminder.
    pub last_delivered: Option<DateTime<Utc>>,
    /// How many reminders the plan holds.
    pub pending: u32,
    /// The phone's state as reported.
    pub phone: PhoneState,
    /// The local time daily reminders actually fire: the reminder time, or the end of quiet
    /// hours when it falls inside them.
    pub daily_fires_at: NaiveTime,
    /// Problems, most serious first.
    pub warnings: Vec<HealthWarning>,
}

/// The days ahead reminder health counts the planned reminders of.
pub const HEALTH_DAYS: u32 = 7;

/// The local time daily reminders fire at: `reminder_time`, or the end of quiet hours when it
/// falls inside them (accepted, never refused: the runner is told where it lands).
pub fn daily_fire_time(settings: &Settings) -> NaiveTime {
    match settings.quiet_hours {
        Some(q) if in_quiet(q, settings.reminder_time) => q.end,
        _ => settings.reminder_time,
    }
}

/// Sums up a reminder plan, the runner's settings and the phone's state.
pub fn health(
    plan: &[Reminder],
    settings: &Settings,
    last_delivered: Option<DateTime<Utc>>,
    phone: PhoneState,
) -> ReminderHealth {
    let daily_fires_at = daily_fire_time(settings);
    let warnings = [
        (
            !phone.notifications_allowed,
            HealthWarning::NotificationsOff,
        ),
        (!phone.exact_alarms_allowed, HealthWarning::ExactAlarmsOff),
        (phone.battery_restricted, HealthWarning::BatteryRestricted),
        (plan.is_empty(), HealthWarning::NothingScheduled),
        (
            daily_fires_at != settings.reminder_time,
            HealthWarning::ReminderInQuietHours,
        ),
    ]
    .into_iter()
    .filter_map(|(on, w)| on.then_some(w))
    .collect();
    ReminderHealth {
        next_fire: plan.first().map(|r| r.fire_at),
        last_delivered,
        pending: u32::try_from(plan.len()).unwrap_or(u32::MAX),
        phone,
        daily_fires_at,
        warnings,
    }
}
