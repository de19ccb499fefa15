//! What to do, and when: the season plan from the runner's races, the adaptive daily routine, and
//! the 7-day self-care calendar. Pure functions of stored data, `now` and the runner's zone; the
//! rules are written out in `docs/planning.md`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::time::Tz;
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::keys;
use crate::model::{Bodywork, Name, Race, RacePriority, Reason, Run, Settings, Soreness, Units};
use crate::routine::{
    self, Routine, RoutineError, RoutineKind, RoutineRequest, RoutineZone, Side, ZonePriority,
    MAX_PRIORITY,
};
use crate::safety::{self, PainStop};
use crate::time;
use crate::vocab::ZoneId;
use crate::zones::Catalog;

/// Soreness counts for this long after it is felt.
pub const SORENESS_WINDOW: TimeDelta = TimeDelta::hours(72);
/// Soreness felt this long after a long run's start is read as caused by it.
pub const AFTER_LONG_RUN: TimeDelta = TimeDelta::hours(48);
/// Extra priority for a zone that is sore after a long run.
pub const LONG_RUN_BONUS: u8 = 2;
/// Long runs from this far back set the usual long-run day.
pub const LONG_RUN_HABIT: TimeDelta = TimeDelta::days(42);
/// Days of a B or C race's mini-taper, race day excluded; never inside an A race's peak.
pub const MINI_TAPER_DAYS: i64 = 3;
/// A 45-minute session counts as the pre-peak session if it falls in the 4 weeks up to its
/// deadline (so one 6 weeks before peak training does not).
pub const PRE_PEAK_WINDOW_DAYS: i64 = 28;
/// A bodywork appointment this many days or fewer from a race gets a warning.
pub const BODYWORK_NEAR_RACE_DAYS: i64 = 3;

/// A span of local dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DateRange {
    /// The first day, included.
    pub from: NaiveDate,
    /// The last day, included (equal to `from` for a single day).
    pub to: NaiveDate,
}

impl DateRange {
    /// Whether `date` lies in the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// The plan around one upcoming race.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RacePlan {
    /// The race's id.
    pub race_id: String,
    /// The race's name, as entered.
    pub name: String,
    /// Its local date.
    pub date: NaiveDate,
    /// A, B or C.
    pub priority: RacePriority,
    /// Peak training (A races).
    pub peak: Option<DateRange>,
    /// The day by which the 45-minute bodywork session should have happened (A races): the day
    /// before peak training.
    pub bodywork_by: Option<NaiveDate>,
    /// The appointment that covers it, if one is booked.
    pub bodywork_booked: Option<String>,
    /// First taper day (A and B races).
    pub taper_from: Option<NaiveDate>,
    /// First day of race week: hydration and electrolytes.
    pub race_week_from: NaiveDate,
}

/// Bodywork sessions wanted and booked in one month of the season.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BodyworkMonth {
    /// The calendar year of `month`.
    pub year: i32,
    /// The month, 1 (January) to 12.
    pub month: u32,
    /// Sessions wanted that month: the runner's `bodywork_per_month` setting.
    pub target: u32,
    /// Sessions that month that were done or are still to come.
    pub booked: u32,
}

/// The season as the runner's races shape it. Every date is a local date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SeasonPlan {
    /// The first upcoming A or B race.
    pub season_start: Option<NaiveDate>,
    /// When the daily routine should begin: `kickoff_weeks` before the season starts.
    pub kickoff: Option<NaiveDate>,
    /// The last upcoming A or B race.
    pub season_end: Option<NaiveDate>,
    /// Upcoming races, by date.
    pub races: Vec<RacePlan>,
    /// Bodywork cadence for each month from kickoff to the season's end.
    pub bodywork_months: Vec<BodyworkMonth>,
}

/// Plans the season from the races on or after `today`; the catalog gives the bodywork session's
/// length, which a pre-peak session must reach.
pub fn season(
    catalog: &Catalog,
    races: &[Race],
    bodywork: &[Bodywork],
    settings: &Settings,
    today: NaiveDate,
    tz: Tz,
) -> SeasonPlan {
    let session_minutes = catalog.timing().bodywork.default_minutes();
    let mut upcoming: Vec<&Race> = races.iter().filter(|r| r.date >= today).collect();
    upcoming.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    let key = |r: &&Race| matches!(r.priority, RacePriority::A | RacePriority::B);
    let season_start = upcoming.iter().find(|r| key(r)).map(|r| r.date);
    let season_end = upcoming.iter().rev().find(|r| key(r)).map(|r| r.date);
    let kickoff = season_start.map(|d| d - TimeDelta::weeks(i64::from(settings.kickoff_weeks)));
    // An appointment counts when it was done or is still to come: a past one never marked done
    // (missed, or cancelled without being removed) no longer counts as booked.
    let sessions: Vec<(NaiveDate, &Bodywork)> = bodywork
        .iter()
        .map(|b| (time::local_date(tz, b.at), b))
        .filter(|(d, b)| b.done || *d >= today)
        .collect();

    // The A races govern: their peak blocks are kept free of any B or C race's taper.
    let a_peaks: Vec<DateRange> = upcoming
        .iter()
        .filter(|r| r.priority == RacePriority::A)
        .map(|r| peak_of(r, settings))
        .collect();
    let plans = upcoming
        .iter()
        .map(|r| {
            let peak = (r.priority == RacePriority::A).then(|| peak_of(r, settings));
            let bodywork_by = peak.map(|p| session_deadline(p.from - TimeDelta::days(1), races));
            let bodywork_booked = bodywork_by.and_then(|by| {
                sessions
                    .iter()
                    .filter(|(d, b)| {
                        b.minutes >= session_minutes
                            && *d <= by
                            && *d > by - TimeDelta::days(PRE_PEAK_WINDOW_DAYS)
                    })
                    .map(|(_, b)| b.id.clone())
                    .next()
            });
            let taper_from = if r.priority == RacePriority::A {
                (settings.taper_days > 0)
                    .then(|| r.date - TimeDelta::days(i64::from(settings.taper_days)))
            } else {
                mini_taper(r.date, &a_peaks)
            };
            RacePlan {
                race_id: r.id.clone(),
                name: r.name.clone(),
                date: r.date,
                priority: r.priority,
                peak,
                bodywork_by,
                bodywork_booked,
                taper_from,
                race_week_from: r.date - TimeDelta::days(safety::RACE_WEEK_DAYS),
            }
        })
        .collect();

    let mut bodywork_months = Vec::new();
    if let (Some(from), Some(to)) = (kickoff, season_end) {
        let (mut y, mut m) = (from.year(), from.month());
        while (y, m) <= (to.year(), to.month()) {
            let booked = sessions
                .iter()
                .filter(|(d, _)| d.year() == y && d.month() == m)
                .count();
            bodywork_months.push(BodyworkMonth {
                year: y,
                month: m,
                target: settings.bodywork_per_month,
                booked: u32::try_from(booked).unwrap_or(u32::MAX),
            });
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    }
    SeasonPlan {
        season_start,
        kickoff,
        season_end,
        races: plans,
        bodywork_months,
    }
}

/// The 45-minute session's deadline: the day before peak training, moved earlier until it falls
/// in no race's week (the six days before a race, and race day).
fn session_deadline(mut by: NaiveDate, races: &[Race]) -> NaiveDate {
    while let Some(r) = races
        .iter()
        .find(|r| r.date - TimeDelta::days(safety::RACE_WEEK_DAYS) <= by && by <= r.date)
    {
        by = r.date - TimeDelta::days(safety::RACE_WEEK_DAYS + 1);
    }
    by
}

/// Warnings for a bodywork appointment on local date `date`: one for each race within
/// [`BODYWORK_NEAR_RACE_DAYS`] of it.
pub fn bodywork_warnings(races: &[Race], date: NaiveDate) -> Vec<Reason> {
    let mut near: Vec<&Race> = races
        .iter()
        .filter(|r| (r.date - date).num_days().abs() <= BODYWORK_NEAR_RACE_DAYS)
        .collect();
    near.sort_by_key(|r| (r.date, r.id.clone()));
    near.into_iter()
        .map(|r| {
            let days = (r.date - date).num_days();
            let key = match days {
                0 => keys::WARNING_BODYWORK_RACE_DAY,
                1.. => keys::WARNING_BODYWORK_BEFORE_RACE,
                _ => keys::WARNING_BODYWORK_AFTER_RACE,
            };
            Reason::key(key)
                .with("race", &r.name)
                .with("days", days.abs())
                .with("date", r.date)
        })
        .collect()
}

fn peak_of(race: &Race, settings: &Settings) -> DateRange {
    DateRange {
        from: race.date - TimeDelta::weeks(i64::from(settings.peak_from_weeks)),
        to: race.date - TimeDelta::weeks(i64::from(settings.peak_to_weeks)),
    }
}

/// A B or C race's mini-taper: [`MINI_TAPER_DAYS`] before it, starting after any A race's peak
/// block it would overlap; `None` when nothing is left (the race sits in, or just after, a peak).
fn mini_taper(date: NaiveDate, a_peaks: &[DateRange]) -> Option<NaiveDate> {
    let mut from = date - TimeDelta::days(MINI_TAPER_DAYS);
    for p in a_peaks {
        if p.from < date && p.to >= from {
            from = from.max(p.to + TimeDelta::days(1));
        }
    }
    (from < date).then_some(from)
}

/// Priorities from how the runner feels: the newest rating of each zone side in the
/// [`SORENESS_WINDOW`] before `at` (a calf at 1/10 this morning is at 1/10, whatever it was
/// yesterday; the safety rule still remembers the worst, `safety`); a zone sore after the latest
/// long run gets [`LONG_RUN_BONUS`] more and says so.
pub fn soreness_priorities(
    soreness: &[Soreness],
    runs: &[Run],
    settings: &Settings,
    at: DateTime<Utc>,
    tz: Tz,
) -> Vec<ZonePriority> {
    let last_long = runs
        .iter()
        .filter(|r| r.started_at <= at && r.is_long(settings.long_run_threshold_m))
        .max_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    // Per zone and side, the newest rating in the window wins (`both` counts for each side).
    let newest = safety::newest_levels(soreness, at, SORENESS_WINDOW);
    newest
        .into_iter()
        .filter_map(|(zone, sides)| {
            let [left, right] = sides.map(|s| s.map_or(0, |s| s.level));
            let level = left.max(right);
            if level == 0 {
                return None;
            }
            // One side sorer than the other: that side leads and gets the extra time.
            let side = match left.cmp(&right) {
                Ordering::Greater => Side::Left,
                Ordering::Less => Side::Right,
                Ordering::Equal => Side::Both,
            };
            // Whether the rating that sets the level followed the latest long run.
            let after_long = sides.iter().flatten().any(|s| {
                s.level == level
                    && last_long.is_some_and(|run| {
                        s.run_id.as_deref() == Some(run.id.as_str())
                            || (s.at >= run.started_at && s.at <= run.started_at + AFTER_LONG_RUN)
                    })
            });
            let reason = match (after_long, last_long, side) {
                (true, Some(run), _) => long_run_reason(side, run, settings, tz),
                (_, _, Side::Both) => Reason::key(keys::REASON_SORE),
                _ => Reason::key(keys::REASON_SIDE_SORE).with("side", side.name()),
            }
            .with("level", level);
            let bonus = if after_long { LONG_RUN_BONUS } else { 0 };
            Some(ZonePriority {
                zone: zone.into(),
                level: level.saturating_add(bonus).min(MAX_PRIORITY),
                side,
                reason,
            })
        })
        .collect()
}

/// "6/10 after the 28.0 km long run on 2026-11-22", in the runner's units, naming the side when
/// only one is sore; a race says so ("6/10 after the 42.2 km race on …"), never "long run".
fn long_run_reason(side: Side, run: &Run, settings: &Settings, tz: Tz) -> Reason {
    let race = run.kind == crate::model::RunKind::Race;
    let (key, arg) = match (race, side, settings.units) {
        (false, Side::Both, Units::Metric) => (keys::REASON_SORE_AFTER_LONG_RUN, "distance_km"),
        (false, Side::Both, Units::Imperial) => {
            (keys::REASON_SORE_AFTER_LONG_RUN_MI, "distance_mi")
        }
        (false, _, Units::Metric) => (keys::REASON_SIDE_SORE_AFTER_LONG_RUN, "distance_km"),
        (false, _, Units::Imperial) => (keys::REASON_SIDE_SORE_AFTER_LONG_RUN_MI, "distance_mi"),
        (true, Side::Both, Units::Metric) => (keys::REASON_SORE_AFTER_RACE, "distance_km"),
        (true, Side::Both, Units::Imperial) => (keys::REASON_SORE_AFTER_RACE_MI, "distance_mi"),
        (true, _, Units::Metric) => (keys::REASON_SIDE_SORE_AFTER_RACE, "distance_km"),
        (true, _, Units::Imperial) => (keys::REASON_SIDE_SORE_AFTER_RACE_MI, "distance_mi"),
    };
    let mut reason = Reason::key(key);
    if side != Side::Both {
        reason = reason.with("side", side.name());
    }
    reason
        .with(arg, settings.units.number(run.distance_m))
        .with("date", time::local_date(tz, run.started_at))
}

/// What the runner logged that shapes a day's routine.
#[derive(Debug, Clone, Copy, Default)]
pub struct History<'a> {
    /// Soreness of the last [`safety::NO_EXTRA_DAYS`] days (older entries are ignored).
    pub soreness: &'a [Soreness],
    /// Guided sessions stopped for sharp pain.
    pub pain: &'a [PainStop],
    /// Runs, with the latest long run among them.
    pub runs: &'a [Run],
    /// The runner's races, past and upcoming.
    pub races: &'a [Race],
    /// Zones with a see-a-professional flag standing.
    pub flagged: &'a [ZoneId],
}

impl<'a> History<'a> {
    /// What the safety rule reads of it.
    pub fn safety(&self) -> safety::Inputs<'a> {
        safety::Inputs {
            soreness: self.soreness,
            pain: self.pain,
            flagged: self.flagged,
            races: self.races,
        }
    }
}

/// The zones due on `date` in the rotation that covers every workable zone through the week.
///
/// Workable zones (not excluded, with a tool the runner owns) in maintenance order form a ring;
/// each day takes the next `m` of them, `m` being the most zones such that any `m` in a row fit
/// the daily budget at their default holds, so every zone of the day's window makes the routine.
/// Day numbers count from a fixed Monday, so the rotation depends on the date alone.
pub fn rotation(
    catalog: &Catalog,
    settings: &Settings,
    date: NaiveDate,
) -> Result<Vec<ZoneId>, RoutineError> {
    Ok(Rotation::new(catalog, settings)?.on(date))
}

/// The ring of [`rotation`] and how many of its zones a day takes: the same for every date, so
/// worked out once for the calendar's seven days.
struct Rotation<'c> {
    ring: Vec<&'c crate::zones::Zone>,
    per_day: usize,
}

impl<'c> Rotation<'c> {
    fn new(catalog: &'c Catalog, settings: &Settings) -> Result<Rotation<'c>, RoutineError> {
        let tools = crate::routine::owned_tools(&settings.tools);
        let mut ring: Vec<&crate::zones::Zone> = catalog
            .zones()
            .iter()
            .filter(|z| !settings.excluded_zones.contains(&z.id) && z.workable_with(&tools))
            .collect();
        if ring.is_empty() {
            return Err(RoutineError::NoZonesAvailable);
        }
        ring.sort_by_key(|z| z.maintenance_rank);
        let n = ring.len();
        let budget = settings.daily_minutes * 60;
        // A routine costs its opening plus each zone's own cost, so a window's length is a sum.
        let opening = routine::seconds_at_default(catalog, routine::Protocol::Daily, &[]);
        let cost: Vec<u32> = ring
            .iter()
            .map(|z| {
                routine::seconds_at_default(catalog, routine::Protocol::Daily, &[z])
                    .saturating_sub(opening)
            })
            .collect();
        let fits = |m: usize| {
            (0..n).all(|start| {
                let window: u32 = (0..m).map(|j| cost[(start + j) % n]).sum();
                opening.saturating_add(window) <= budget
            })
        };
        let per_day = (1..=n).rev().find(|m| fits(*m)).unwrap_or(1);
        Ok(Rotation { ring, per_day })
    }

    /// The zones due on `date`.
    fn on(&self, date: NaiveDate) -> Vec<ZoneId> {
        let (n, m) = (self.ring.len(), self.per_day);
        let anchor = NaiveDate::from_isoywd_opt(1970, 2, Weekday::Mon).unwrap_or_default();
        let day = (date - anchor).num_days().rem_euclid(n as i64) as usize;
        let start = (day * m) % n;
        (0..m)
            .map(|j| self.ring[(start + j) % n].id.clone())
            .collect()
    }
}

/// The daily routine for `date`: the week's rotation, with sore zones first, under the safety
/// rule ([`safety::Rules`]): resting zone sides left out, saying why, no extra time where the rule
/// says so, and around a race every hold light, race morning the protocol's shortest routine.
pub fn daily_routine(
    catalog: &Catalog,
    settings: &Settings,
    history: &History,
    date: NaiveDate,
    at: DateTime<Utc>,
    tz: Tz,
) -> crate::Result<Routine> {
    let priorities = soreness_priorities(history.soreness, history.runs, settings, at, tz);
    let rotation = Rotation::new(catalog, settings)?;
    daily_routine_in(catalog, settings, history, priorities, &rotation, date, at)
}

/// [`daily_routine`], the soreness priorities at `at` given and the rotation worked out.
fn daily_routine_in(
    catalog: &Catalog,
    settings: &Settings,
    history: &History,
    priorities: Vec<ZonePriority>,
    rotation: &Rotation,
    date: NaiveDate,
    at: DateTime<Utc>,
) -> crate::Result<Routine> {
    let request = daily_request(settings, priorities, rotation, date);
    routine_under_rules(catalog, settings, history, request, date, at)
}

/// The request of [`daily_routine`]: the soreness `priorities`, then the day's rotation.
fn daily_request(
    settings: &Settings,
    mut priorities: Vec<ZonePriority>,
    rotation: &Rotation,
    date: NaiveDate,
) -> RoutineRequest {
    for zone in rotation.on(date) {
        if !priorities.iter().any(|p| p.zone == zone) {
            priorities.push(ZonePriority {
                zone,
                level: 1,
                side: Side::Both,
                reason: Reason::key(keys::REASON_ROTATION),
            });
        }
    }
    let mut request = RoutineRequest::new(RoutineKind::Daily);
    request.budget_s = Some(settings.daily_minutes.saturating_mul(60));
    request.priorities = priorities;
    request
}

/// The 45-minute bodywork session (`minutes` from 30 to 60, else the protocol's default): sore
/// zones first and longest, under the same safety rule as the daily routine; refused on race
/// morning.
pub fn bodywork_routine(
    catalog: &Catalog,
    settings: &Settings,
    history: &History,
    minutes: Option<u32>,
    date: NaiveDate,
    at: DateTime<Utc>,
    tz: Tz,
) -> crate::Result<Routine> {
    let mut request = RoutineRequest::new(RoutineKind::Bodywork);
    request.budget_s = minutes.map(|m| m.saturating_mul(60));
    request.priorities = soreness_priorities(history.soreness, history.runs, settings, at, tz);
    routine_under_rules(catalog, settings, history, request, date, at)
}

/// The dynamic warm-up before a run or race-morning activation, under the safety rule: a move
/// loading a zone that rests today (or has a see-a-professional flag) is left out, and around a
/// race it is the light version. `EveryZoneRests` when every move is left out.
pub fn warm_up_routine(
    catalog: &Catalog,
    settings: &Settings,
    history: &History,
    date: NaiveDate,
    at: DateTime<Utc>,
) -> crate::Result<Routine> {
    let request = RoutineRequest::new(RoutineKind::WarmUp);
    routine_under_rules(catalog, settings, history, request, date, at)
}

/// A custom routine: the runner's zones and holds, under the same safety rule (a resting side is
/// left out, no hold goes past today's cap).
pub fn custom_routine(
    catalog: &Catalog,
    settings: &Settings,
    history: &History,
    kind: RoutineKind,
    budget_s: Option<u32>,
    at: DateTime<Utc>,
    tz: Tz,
) -> crate::Result<Routine> {
    let mut request = RoutineRequest::new(kind);
    request.budget_s = budget_s;
    request.priorities = soreness_priorities(history.soreness, history.runs, settings, at, tz);
    let date = time::local_date(tz, at);
    routine_under_rules(catalog, settings, history, request, date, at)
}

/// Every routine the product prescribes goes through here: the runner's tools and exclusions,
/// then the safety rule before and after the builder.
fn routine_under_rules(
    catalog: &Catalog,
    settings: &Settings,
    history: &History,
    mut request: RoutineRequest,
    date: NaiveDate,
    at: DateTime<Utc>,
) -> crate::Result<Routine> {
    let rules = under_rules(catalog, settings, history, &mut request, date, at)?;
    let mut routine = routine::build(catalog, &request)?;
    rules.finish(&mut routine);
    Ok(routine)
}

/// The runner's tools and exclusions and the safety rule put into `request`; the rule, to finish
/// what is built from it.
fn under_rules<'a>(
    catalog: &'a Catalog,
    settings: &Settings,
    history: &History<'a>,
    request: &mut RoutineRequest,
    date: NaiveDate,
    at: DateTime<Utc>,
) -> crate::Result<safety::Rules<'a>> {
    // The builder counts hands for everyone.
    request.tools = settings.tools.clone();
    request.excluded = settings.excluded_zones.clone();
    let rules = safety::Rules::at(catalog, &history.safety(), at, date);
    rules.apply(request)?;
    Ok(rules)
}

/// One day of the 7-day self-care calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CalendarDay {
    /// The day, a local date: today first, then the six after.
    pub date: NaiveDate,
    /// The daily routine's zones that day, each with why.
    pub zones: Vec<RoutineZone>,
    /// A long run is logged that day, or it is the runner's usual long-run day.
    pub long_run: bool,
    /// The day after a long run or a race.
    pub recovery: bool,
    /// Bodywork appointments that day.
    pub bodywork: Vec<String>,
    /// The race that day, if any.
    pub race: Option<String>,
    /// In an A or B race's taper.
    pub taper: bool,
    /// In a race week (hydration and electrolytes).
    pub race_week: bool,
    /// In an A race's peak training.
    pub peak: bool,
    /// The season's kickoff day.
    pub kickoff: bool,
}

/// The runner's usual long-run weekday: the most frequent among long runs in the last six weeks,
/// if it happened at least twice.
pub fn long_run_weekday(
    runs: &[Run],
    settings: &Settings,
    now: DateTime<Utc>,
    tz: Tz,
) -> Option<Weekday> {
    let mut counts: BTreeMap<u32, (usize, Weekday)> = BTreeMap::new();
    for r in runs.iter().filter(|r| {
        r.is_long(settings.long_run_threshold_m)
            && r.started_at <= now
            && r.started_at > now - LONG_RUN_HABIT
    }) {
        let wd = time::local_date(tz, r.started_at).weekday();
        counts.entry(wd.num_days_from_monday()).or_insert((0, wd)).0 += 1;
    }
    counts
        .values()
        .filter(|(n, _)| *n >= 2)
        .max_by_key(|(n, wd)| (*n, wd.num_days_from_monday()))
        .map(|(_, wd)| *wd)
}

/// Today's daily routine (as [`daily_routine`] at `now`) and the 7-day calendar (today and the
/// next six days), which starts with it: built once.
pub fn today_and_calendar(
    catalog: &Catalog,
    settings: &Settings,
    season: &SeasonPlan,
    history: &History,
    bodywork: &[Bodywork],
    now: DateTime<Utc>,
    tz: Tz,
) -> crate::Result<(Routine, Vec<CalendarDay>)> {
    let mut todays = None;
    let runs = history.runs;
    let today = time::local_date(tz, now);
    let habit = long_run_weekday(runs, settings, now, tz);
    let long_days: BTreeSet<NaiveDate> = runs
        .iter()
        .filter(|r| r.is_long(settings.long_run_threshold_m))
        .map(|r| time::local_date(tz, r.started_at))
        .collect();
    let is_long =
        |d: NaiveDate| long_days.contains(&d) || (d > today && Some(d.weekday()) == habit);
    let race_on = |d: NaiveDate| season.races.iter().find(|r| r.date == d);
    // The safety rule reads the races of a day, the day before and the race week after it
    // ([`safety::RaceDay`]): the few around this week, picked once rather than every race read
    // again for each day.
    let near: Vec<Race> = history
        .races
        .iter()
        .filter(|r| {
            r.date >= today - TimeDelta::days(1)
                && r.date <= today + TimeDelta::days(6 + safety::RACE_WEEK_DAYS)
        })
        .cloned()
        .collect();
    let history = &History {
        races: &near,
        ..*history
    };
    let rotation = Rotation::new(catalog, settings)?;
    let bodywork_days: Vec<(NaiveDate, &Bodywork)> = bodywork
        .iter()
        .map(|b| (time::local_date(tz, b.at), b))
        .collect();
    let days = (0..7)
        .map(|i| {
            let date = today + TimeDelta::days(i);
            let at = now.max(time::start_of_day(tz, date));
            let priorities = soreness_priorities(history.soreness, history.runs, settings, at, tz);
            let request = daily_request(settings, priorities, &rotation, date);
            // Today's routine is built whole; the later days' zones alone.
            let zones = if i == 0 {
                let routine = routine_under_rules(catalog, settings, history, request, date, at)?;
                let zones = routine.zones.clone();
                todays = Some(routine);
                zones
            } else {
                // The same rule as `routine_under_rules`, for the zones alone: a later day's
                // steps nobody reads.
                let mut request = request;
                let rules = under_rules(catalog, settings, history, &mut request, date, at)?;
                let mut zones = routine::zones(catalog, &request)?;
                rules.finish_zones(&mut zones, request.kind.protocol());
                zones
            };
            let yesterday = date - TimeDelta::days(1);
            Ok(CalendarDay {
                date,
                zones,
                long_run: is_long(date),
                recovery: is_long(yesterday) || race_on(yesterday).is_some(),
                bodywork: bodywork_days
                    .iter()
                    .filter(|(day, _)| *day == date)
                    .map(|(_, b)| b.id.clone())
                    .collect(),
                race: race_on(date).map(|r| r.race_id.clone()),
                taper: season
                    .races
                    .iter()
                    .any(|r| r.taper_from.is_some_and(|t| t <= date && date < r.date)),
                race_week: season
                    .races
                    .iter()
                    .any(|r| r.race_week_from <= date && date <= r.date),
                peak: season
                    .races
                    .iter()
                    .any(|r| r.peak.is_some_and(|p| p.contains(date))),
                kickoff: season.kickoff == Some(date),
            })
        })
        .collect::<crate::Result<Vec<CalendarDay>>>()?;
    // Day 0 was built (a failure would have returned above).
    let today = match todays {
        Some(r) => r,
        None => daily_routine(catalog, settings, history, today, now, tz)?,
    };
    Ok((today, days))
}
