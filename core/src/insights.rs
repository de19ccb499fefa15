//! What the runner's own numbers say: soreness trends per zone, recovery after long runs, weekly
//! downtime, adherence and streaks, the personal before/after report, and safety flags.
//!
//! Every figure comes with how many data points it stands on. Nothing here makes a medical claim:
//! the report compares the runner with themselves. Rules: `docs/insights.md`.

use std::collections::{BTreeMap, BTreeSet};

use crate::time::Tz;
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::keys;
use crate::model::{
    Downtime, LocalizedText, Reason, Run, RunKind, SessionRecord, Settings, Soreness,
};
use crate::plan::{DateRange, AFTER_LONG_RUN};
use crate::time;
use crate::vocab::ZoneId;
use crate::zones::Catalog;

/// A 7-day average this far above or below the 28-day average makes a trend.
pub const TREND_THRESHOLD: f64 = 0.5;
/// Soreness in the days before a long run sets that zone's baseline.
pub const BASELINE_DAYS: i64 = 14;
/// The personal report compares this many days at the start and at the end.
pub const REPORT_WINDOW_DAYS: i64 = 14;
/// Pain-skips of one zone within [`SAFETY_WINDOW_DAYS`] that call for a professional.
pub const PAIN_SKIPS_FLAG: usize = 3;
/// Days in a row at [`HIGH_SORENESS`] or more that call for a professional.
pub const HIGH_SORENESS_DAYS: usize = 3;
/// Soreness counted as high.
pub const HIGH_SORENESS: u8 = 7;
/// How far back safety flags look.
pub const SAFETY_WINDOW_DAYS: i64 = 14;

named_enum! {
    /// Which way a zone's soreness is going.
    pub enum Trend {
        /// The last week is worse than the last four.
        Rising,
        /// The last week is better than the last four.
        Falling,
        /// About the same.
        Steady,
        /// Too few days logged to say (fewer than 2 in the week or 4 in the four weeks).
        Unknown,
    }
}

/// The days a trend's chart covers: today and the 27 before it.
pub const TREND_DAYS: i64 = 28;

/// A zone's worst soreness level on one local day, if it was logged that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DayLevel {
    /// The local date.
    pub date: NaiveDate,
    /// 0 to 10; `None` on a day without an entry (a gap in the chart, not a 0).
    pub level: Option<u8>,
}

/// One zone's soreness over time: the worst level of each local day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ZoneTrend {
    /// The zone's id in the zone map (`calves`), as in `zones.json`.
    pub zone: ZoneId,
    /// Every calendar day of the last [`TREND_DAYS`], oldest first: today − 27 to today, a day
    /// without an entry included with no level (charts are by calendar day, with gaps).
    pub days: Vec<DayLevel>,
    /// Mean of the daily levels over the last 7 days.
    pub avg_7d: Option<f64>,
    /// Days it stands on.
    pub n_7d: u32,
    /// Mean over the last 28 days.
    pub avg_28d: Option<f64>,
    /// Days it stands on.
    pub n_28d: u32,
    /// Rising, falling or steady.
    pub trend: Trend,
}

fn mean(values: impl IntoIterator<Item = f64>) -> (Option<f64>, u32) {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    ((n > 0).then(|| sum / f64::from(n)), n)
}

/// The worst soreness per zone and local day.
fn daily_worst<'a>(
    soreness: impl IntoIterator<Item = &'a Soreness>,
    tz: Tz,
) -> BTreeMap<(&'a str, NaiveDate), u8> {
    let mut worst = BTreeMap::new();
    for s in soreness {
        let e = worst
            .entry((s.zone.as_str(), time::local_date(tz, s.at)))
            .or_insert(0);
        *e = (*e).max(s.level);
    }
    worst
}

/// Trends for every zone with soreness logged in the last [`TREND_DAYS`], by zone id.
pub fn zone_trends(soreness: &[Soreness], now: DateTime<Utc>, tz: Tz) -> Vec<ZoneTrend> {
    let today = time::local_date(tz, now);
    let first = today - TimeDelta::days(TREND_DAYS - 1);
    // A local date is at most a day and two UTC offsets (each within ±26 h) from `now`'s: only
    // entries this near the window can fall in it, so the rest of the history is not converted.
    let near = (now - TimeDelta::days(TREND_DAYS + 3))..=(now + TimeDelta::days(3));
    let mut worst: BTreeMap<&str, BTreeMap<NaiveDate, u8>> = BTreeMap::new();
    for s in soreness.iter().filter(|s| near.contains(&s.at)) {
        let date = time::local_date(tz, s.at);
        if date >= first && date <= today {
            let level = worst
                .entry(s.zone.as_str())
                .or_default()
                .entry(date)
                .or_insert(0);
            *level = (*level).max(s.level);
        }
    }
    worst
        .into_iter()
        .map(|(zone, levels)| {
            let days: Vec<DayLevel> = first
                .iter_days()
                .take_while(|d| *d <= today)
                .map(|date| DayLevel {
                    date,
                    level: levels.get(&date).copied(),
                })
                .collect();
            let within = |n: i64| {
                mean(
                    levels
                        .range(today - TimeDelta::days(n - 1)..)
                        .map(|(_, l)| f64::from(*l)),
                )
            };
            let (avg_7d, n_7d) = within(7);
            let (avg_28d, n_28d) = within(28);
            let trend = match (avg_7d, avg_28d) {
                (Some(a7), Some(a28)) if n_7d >= 2 && n_28d >= 4 => {
                    if a7 >= a28 + TREND_THRESHOLD {
                        Trend::Rising
                    } else if a7 <= a28 - TREND_THRESHOLD {
                        Trend::Falling
                    } else {
                        Trend::Steady
                    }
                }
                _ => Trend::Unknown,
            };
            ZoneTrend {
                zone: zone.into(),
                days,
                avg_7d,
                n_7d,
                avg_28d,
                n_28d,
                trend,
            }
        })
        .collect()
}

/// Soreness at or below this level (or the zone's baseline, if higher) counts as recovered.
pub const RECOVERED_AT: u8 = 1;

/// How one zone recovered after a long run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ZoneRecovery {
    /// The zone's id in the zone map (`calves`), as in `zones.json`.
    pub zone: ZoneId,
    /// Its mean soreness in the [`BASELINE_DAYS`] before the run (0 when none was logged).
    pub baseline: f64,
    /// The worst level felt after the run.
    pub peak: u8,
    /// Hours from the end of the run until soreness was back at baseline; absent if not yet.
    pub hours: Option<f64>,
}

/// Recovery after one long run or race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Recovery {
    /// The id of the long run or race ([`Run::id`]).
    pub run_id: String,
    /// Its local date.
    pub date: NaiveDate,
    /// Zones that were sore above baseline after it.
    pub zones: Vec<ZoneRecovery>,
    /// Hours until every sore zone was back at baseline: 0 when soreness was logged but none
    /// above baseline; absent while a zone has not recovered or nothing was logged after the run.
    pub hours: Option<f64>,
}

/// Each zone's entries felt at rest, in time order, with the running sum of their levels: the
/// baseline over any window is two binary searches, whatever the length of the history.
struct AtRest<'a> {
    zones: BTreeMap<&'a str, (Vec<DateTime<Utc>>, Vec<u64>)>,
}

impl<'a> AtRest<'a> {
    /// `long`: the long runs, by start; `by_time`: the soreness entries, by time. An entry felt
    /// within [`AFTER_LONG_RUN`] of a long run's start is that run's soreness, not the zone at
    /// rest; the latest run started before the entry is the one to ask.
    fn new(long: &[&Run], by_time: &[&'a Soreness]) -> AtRest<'a> {
        let mut zones: BTreeMap<&str, (Vec<DateTime<Utc>>, Vec<u64>)> = BTreeMap::new();
        for s in by_time {
            let before = long.partition_point(|r| r.started_at < s.at);
            let after_a_run = before
                .checked_sub(1)
                .and_then(|k| long.get(k))
                .is_some_and(|r| s.at <= r.started_at + AFTER_LONG_RUN);
            if !after_a_run {
                let (times, sums) = zones
                    .entry(s.zone.as_str())
                    .or_insert_with(|| (Vec::new(), vec![0]));
                let total = sums.last().copied().unwrap_or(0) + u64::from(s.level);
                times.push(s.at);
                sums.push(total);
            }
        }
        AtRest { zones }
    }

    /// The mean level of `zone`'s entries at rest in `[from, to)`, if it has any.
    fn mean(&self, zone: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<f64> {
        let (times, sums) = self.zones.get(zone)?;
        let (lo, hi) = (
            times.partition_point(|t| *t < from),
            times.partition_point(|t| *t < to),
        );
        let n = u32::try_from(hi.checked_sub(lo)?).ok().filter(|n| *n > 0)?;
        let sum = sums.get(hi)?.checked_sub(*sums.get(lo)?)?;
        // Levels are whole numbers: the sum is exact, so this is the mean of those entries.
        Some(sum as f64 / f64::from(n))
    }
}

/// Recovery after every long run (by the long-run rule) and race, oldest first. A zone is back
/// at baseline at its first entry at or below it, a 0 counting as "recovered"; the next long run
/// ends the watch.
pub fn recoveries(
    runs: &[Run],
    soreness: &[Soreness],
    settings: &Settings,
    tz: Tz,
) -> Vec<Recovery> {
    let mut long: Vec<&Run> = runs
        .iter()
        .filter(|r| r.is_long(settings.long_run_threshold_m) || r.kind == RunKind::Race)
        .collect();
    long.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    let mut by_time: Vec<&Soreness> = soreness.iter().collect();
    by_time.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    let at_rest = AtRest::new(&long, &by_time);
    let dates = time::local_dates(tz, long.iter().map(|r| r.started_at));
    long.iter()
        .zip(dates)
        .enumerate()
        .map(|(i, (run, date))| {
            let end = run.started_at + TimeDelta::seconds(i64::from(run.duration_s));
            let watch_until = long.get(i + 1).map(|next| next.started_at);
            // Only the entries from the run to the next long run are watched.
            let from = by_time.partition_point(|s| s.at <= run.started_at);
            let to = watch_until.map_or(by_time.len(), |u| by_time.partition_point(|s| s.at < u));
            let after = by_time.get(from..to.max(from)).unwrap_or_default();
            let mut zones = Vec::new();
            let sore_zones: BTreeSet<&str> = after
                .iter()
                .filter(|s| s.at <= run.started_at + AFTER_LONG_RUN)
                .map(|s| s.zone.as_str())
                .collect();
            for zone in sore_zones {
                let baseline = at_rest
                    .mean(
                        zone,
                        run.started_at - TimeDelta::days(BASELINE_DAYS),
                        run.started_at,
                    )
                    .unwrap_or(0.0);
                // 1/10 is "barely there": at or below it counts as recovered too.
                let recovered = baseline.max(f64::from(RECOVERED_AT));
                let entries: Vec<&&Soreness> = after.iter().filter(|s| s.zone == zone).collect();
                let peak_at = entries
                    .iter()
                    .filter(|s| s.at <= run.started_at + AFTER_LONG_RUN)
                    .max_by_key(|s| (s.level, std::cmp::Reverse(s.at)));
                let Some(peak) = peak_at else { continue };
                if f64::from(peak.level) <= recovered {
                    continue;
                }
                let back = entries
                    .iter()
                    .find(|s| s.at > peak.at && f64::from(s.level) <= recovered);
                zones.push(ZoneRecovery {
                    zone: zone.into(),
                    baseline,
                    peak: peak.level,
                    hours: back.map(|s| ((s.at - end).num_minutes().max(0) as f64) / 60.0),
                });
            }
            let hours = if after.is_empty() {
                None
            } else if zones.iter().all(|z| z.hours.is_some()) {
                Some(zones.iter().filter_map(|z| z.hours).fold(0.0, f64::max))
            } else {
                None
            };
            Recovery {
                run_id: run.id.clone(),
                date,
                zones,
                hours,
            }
        })
        .collect()
}

/// A race at least this long, as logged, counts in the report's "recovery after races": the
/// protocol's own outcome is recovery after a 10K or longer (a 5K's is too small to compare).
pub const RACE_RECOVERY_MIN_M: u32 = 10_000;

named_enum! {
    /// What a recovery summary row is about.
    pub enum RecoveryAfter {
        /// Long runs by the long-run rule; a race is never counted as one.
        LongRuns,
        /// Races of [`RACE_RECOVERY_MIN_M`] or more.
        Races,
    }
}

/// Mean recovery after one kind of effort, for the report: the long-run row and the
/// 10K-or-longer race row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RecoverySummary {
    /// Which efforts the row averages: long runs, or races of [`RACE_RECOVERY_MIN_M`] or more.
    pub after: RecoveryAfter,
    /// The row's label for the runner ("Recovery after races of 10.0 km or more").
    pub label: LocalizedText,
    /// Mean hours until back at baseline; `n` is how many efforts had a known recovery.
    pub hours: Cell,
    /// How many such efforts there were, recovered or not (or with nothing logged after).
    pub efforts: u32,
}

/// Which summary row a run's recovery belongs in: races of [`RACE_RECOVERY_MIN_M`] or more in
/// the race row, other long runs in the long-run row; shorter races in neither.
pub fn recovery_after(run: &Run, settings: &Settings) -> Option<RecoveryAfter> {
    match run.kind {
        RunKind::Race if run.distance_m >= RACE_RECOVERY_MIN_M => Some(RecoveryAfter::Races),
        RunKind::Race => None,
        _ if run.is_long(settings.long_run_threshold_m) => Some(RecoveryAfter::LongRuns),
        _ => None,
    }
}

/// The recovery summary rows, long runs then races, each with its n, from the per-run
/// recoveries of [`recoveries`] (the runs they name are looked up in `runs`).
pub fn recovery_summaries(
    catalog: &Catalog,
    recoveries: &[Recovery],
    runs: &[Run],
    settings: &Settings,
) -> Vec<RecoverySummary> {
    let wanted: BTreeSet<&str> = recoveries.iter().map(|r| r.run_id.as_str()).collect();
    let kinds: BTreeMap<&str, RecoveryAfter> = runs
        .iter()
        .filter(|r| wanted.contains(r.id.as_str()))
        .filter_map(|r| recovery_after(r, settings).map(|after| (r.id.as_str(), after)))
        .collect();
    [RecoveryAfter::LongRuns, RecoveryAfter::Races]
        .into_iter()
        .map(|after| {
            let rows: Vec<&Recovery> = recoveries
                .iter()
                .filter(|r| kinds.get(r.run_id.as_str()) == Some(&after))
                .collect();
            let (value, n) = mean(rows.iter().filter_map(|r| r.hours));
            let label = match after {
                RecoveryAfter::LongRuns => Reason::key(keys::REPORT_RECOVERY_AFTER_LONG_RUNS),
                RecoveryAfter::Races => Reason::key(keys::REPORT_RECOVERY_AFTER_RACES)
                    .with("distance", settings.units.distance(RACE_RECOVERY_MIN_M)),
            };
            RecoverySummary {
                after,
                label: LocalizedText::new(catalog, label),
                hours: Cell { value, n },
                efforts: u32::try_from(rows.len()).unwrap_or(u32::MAX),
            }
        })
        .collect()
}

/// The Monday of the ISO week `date` is in.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - TimeDelta::days(i64::from(date.weekday().num_days_from_monday()))
}

/// One week's total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WeekTotal {
    /// The week's Monday.
    pub week: NaiveDate,
    /// The total (hours of downtime, or sessions).
    pub value: f64,
    /// Entries it stands on.
    pub n: u32,
}

fn weeks_between(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut weeks = Vec::new();
    let mut w = week_start(from);
    while w <= to {
        weeks.push(w);
        w += TimeDelta::days(7);
    }
    weeks
}

/// Hours of training lost to pain in each week from `from` to `to`, weeks without any at 0.
pub fn weekly_downtime(downtime: &[Downtime], from: NaiveDate, to: NaiveDate) -> Vec<WeekTotal> {
    weeks_between(from, to)
        .into_iter()
        .map(|week| {
            let entries: Vec<&Downtime> = downtime
                .iter()
                .filter(|d| week_start(d.date) == week && d.date >= from && d.date <= to)
                .collect();
            WeekTotal {
                week,
                value: entries.iter().map(|d| f64::from(d.minutes)).sum::<f64>() / 60.0 + 0.0,
                n: u32::try_from(entries.len()).unwrap_or(u32::MAX),
            }
        })
        .collect()
}

/// Finished routine sessions in each week from `from` to `to`.
pub fn weekly_sessions(
    finished: &[DateTime<Utc>],
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<WeekTotal> {
    let days: Vec<NaiveDate> = time::local_dates(tz, finished.iter().copied()).collect();
    weeks_between(from, to)
        .into_iter()
        .map(|week| {
            let n = days
                .iter()
                .filter(|d| week_start(**d) == week && **d >= from && **d <= to)
                .count();
            WeekTotal {
                week,
                value: n as f64,
                n: u32::try_from(n).unwrap_or(u32::MAX),
            }
        })
        .collect()
}

/// The routine streak: days with a finished session, counting back from today (or from
/// yesterday while today's is still to come). Grace rule: one missed day in any 7 is forgiven;
/// a second miss within 7 days of the first ends the streak. Missed days do not count.
pub fn streak(finished: &[DateTime<Utc>], now: DateTime<Utc>, tz: Tz) -> u32 {
    let done: BTreeSet<NaiveDate> = time::local_dates(tz, finished.iter().copied()).collect();
    let done: Vec<NaiveDate> = done.into_iter().collect();
    streak_of_days(&done, time::local_date(tz, now))
}

/// [`streak`] from the local dates with a finished session, in order and each once, and today's
/// local date.
pub fn streak_of_days(done: &[NaiveDate], today: NaiveDate) -> u32 {
    let Some(first) = done.first().copied() else {
        return 0;
    };
    let upto = done.partition_point(|d| *d <= today);
    // The days done, latest first, walked down alongside the calendar.
    let mut latest = done[..upto].iter().rev().copied().peekable();
    let mut day = if latest.peek() == Some(&today) {
        today
    } else {
        today - TimeDelta::days(1)
    };
    let mut count = 0;
    let mut last_miss: Option<NaiveDate> = None;
    while day >= first {
        while latest.next_if(|d| *d > day).is_some() {}
        if latest.next_if(|d| *d == day).is_some() {
            count += 1;
        } else {
            if last_miss.is_some_and(|m| (m - day).num_days() < 7) {
                break;
            }
            last_miss = Some(day);
        }
        day -= TimeDelta::days(1);
    }
    count
}

/// The shortest average step a run is counted with, in metres: a jog with walking breaks is
/// about 0.5 m a step, a steep hike about 0.4 m. A shorter one is a misread cadence or distance.
pub const MIN_STRIDE_M: f64 = 0.3;
/// The longest average step a run is counted with, in metres: above a sprinter's 100 m (about
/// 2.4 m a step) and far above any distance runner's (under 2 m). A longer one is a misread
/// cadence (one foot counted, or none) or distance.
pub const MAX_STRIDE_M: f64 = 2.5;

/// A run's stride, where its cadence is known: average steps a minute and metres a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stride {
    /// Average cadence, steps per minute (both feet), as the source measured it.
    pub cadence_spm: u32,
    /// Stride length: metres a step, the run's average speed over its cadence,
    /// `distance_m / (duration_s × cadence_spm / 60)`.
    pub length_m: f64,
}

/// A run's cadence and stride length, where both can be known: the run has a cadence, a
/// distance and a duration, and the stride length is a human running step (from
/// [`MIN_STRIDE_M`] to [`MAX_STRIDE_M`]). Anything else is unknown, not data: a cadence of 0, a
/// run without a distance or a duration, or a stride no runner takes (a misread cadence or
/// distance) gives `None`, and the run counts in neither the stride nor the cadence figure.
pub fn stride(run: &Run) -> Option<Stride> {
    let cadence_spm = run.cadence_spm.filter(|c| *c > 0)?;
    if run.distance_m == 0 || run.duration_s == 0 {
        return None;
    }
    let steps = f64::from(run.duration_s) * f64::from(cadence_spm) / 60.0;
    let length_m = f64::from(run.distance_m) / steps;
    (MIN_STRIDE_M..=MAX_STRIDE_M)
        .contains(&length_m)
        .then_some(Stride {
            cadence_spm,
            length_m,
        })
}

/// A figure and how many data points it stands on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Cell {
    /// The figure, if there is any data.
    pub value: Option<f64>,
    /// How many entries the figure stands on; each [`Metric`] says what it counts.
    pub n: u32,
}

named_enum! {
    /// What a row of the report measures.
    pub enum Metric {
        /// Hours of training lost to pain per week (n: downtime entries).
        WeeklyDowntimeHours,
        /// Hours to recover after a long run (n: long runs with a known recovery).
        RecoveryHours,
        /// Mean soreness, 0–10 (n: soreness entries).
        MeanSoreness,
        /// Routine sessions per week (n: sessions).
        SessionsPerWeek,
        /// Mean stride length of the runs in the window, metres a step (n: runs with a known
        /// stride, [`stride`]; runs without a cadence are not counted).
        StrideLength,
        /// Mean cadence of the same runs, steps per minute (n: runs with a known stride).
        Cadence,
    }
}

impl Metric {
    /// How many decimals the row's figures are shown with: a stride length to the centimetre
    /// (to a tenth, 1.18 m and 1.22 m would both read 1.2), a cadence to the step, the rest to a
    /// tenth.
    pub fn decimals(self) -> usize {
        match self {
            Metric::StrideLength => 2,
            Metric::Cadence => 0,
            Metric::WeeklyDowntimeHours
            | Metric::RecoveryHours
            | Metric::MeanSoreness
            | Metric::SessionsPerWeek => 1,
        }
    }
}

/// One row of the personal report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReportRow {
    /// What it measures.
    pub metric: Metric,
    /// The first two logged weeks.
    pub baseline: Cell,
    /// The latest two weeks.
    pub recent: Cell,
    /// Recent minus baseline, when both exist.
    pub change: Option<f64>,
}

/// The runner's own before/after table: the first two logged weeks against the latest two.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PersonalReport {
    /// The baseline weeks.
    pub baseline: DateRange,
    /// The recent weeks.
    pub recent: DateRange,
    /// Downtime, recovery, soreness, adherence, then stride length and cadence.
    pub rows: Vec<ReportRow>,
}

/// Everything the report reads from the journal.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    /// Every run, in any order: where the history starts, the long runs and races whose
    /// recovery the report measures, and the runs whose stride it shows.
    pub runs: &'a [Run],
    /// Every soreness entry: the mean-soreness row, and recovery after each run.
    pub soreness: &'a [Soreness],
    /// Every downtime entry: the weekly downtime row.
    pub downtime: &'a [Downtime],
    /// Start instants of finished routine sessions.
    pub finished: &'a [DateTime<Utc>],
}

/// The personal report, once there are four weeks of history (so the two windows do not
/// overlap); `None` before that.
pub fn personal_report(
    history: History,
    settings: &Settings,
    now: DateTime<Utc>,
    tz: Tz,
) -> Option<PersonalReport> {
    // Each entry's local date, once, read in time order (`time::local_dates`).
    let soreness_days: Vec<NaiveDate> =
        time::local_dates(tz, history.soreness.iter().map(|s| s.at)).collect();
    let session_days: Vec<NaiveDate> =
        time::local_dates(tz, history.finished.iter().copied()).collect();
    let run_days: Vec<NaiveDate> =
        time::local_dates(tz, history.runs.iter().map(|r| r.started_at)).collect();
    let strides: Vec<(NaiveDate, Stride)> = history
        .runs
        .iter()
        .zip(&run_days)
        .filter_map(|(r, day)| stride(r).map(|s| (*day, s)))
        .collect();
    let first = run_days
        .iter()
        .copied()
        .chain(soreness_days.iter().copied())
        .chain(session_days.iter().copied())
        .chain(history.downtime.iter().map(|d| d.date))
        .min()?;
    let today = time::local_date(tz, now);
    let window = TimeDelta::days(REPORT_WINDOW_DAYS);
    let baseline = DateRange {
        from: first,
        to: first + window - TimeDelta::days(1),
    };
    let recent = DateRange {
        from: today - window + TimeDelta::days(1),
        to: today,
    };
    if recent.from <= baseline.to {
        return None;
    }
    let weeks = REPORT_WINDOW_DAYS as f64 / 7.0;
    let recovered = recoveries(history.runs, history.soreness, settings, tz);
    let cells = |range: DateRange| {
        let downtime: Vec<&Downtime> = history
            .downtime
            .iter()
            .filter(|d| range.contains(d.date))
            .collect();
        // `+ 0.0`: an empty float sum is -0.0, which would print as "-0.0".
        let minutes: f64 = downtime.iter().map(|d| f64::from(d.minutes)).sum::<f64>() + 0.0;
        let (recovery, n_recovery) = mean(
            recovered
                .iter()
                .filter(|r| range.contains(r.date))
                .filter_map(|r| r.hours),
        );
        let (soreness, n_soreness) = mean(
            history
                .soreness
                .iter()
                .zip(&soreness_days)
                .filter(|(_, day)| range.contains(**day))
                .map(|(s, _)| f64::from(s.level)),
        );
        let sessions = session_days.iter().filter(|d| range.contains(**d)).count();
        // Runs by the local date they started on, as recovery after a long run is.
        let in_range: Vec<&Stride> = strides
            .iter()
            .filter(|(day, _)| range.contains(*day))
            .map(|(_, s)| s)
            .collect();
        let (length, n_length) = mean(in_range.iter().map(|s| s.length_m));
        let (cadence, n_cadence) = mean(in_range.iter().map(|s| f64::from(s.cadence_spm)));
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        [
            Cell {
                value: Some(minutes / 60.0 / weeks),
                n: count(downtime.len()),
            },
            Cell {
                value: recovery,
                n: n_recovery,
            },
            Cell {
                value: soreness,
                n: n_soreness,
            },
            Cell {
                value: Some(sessions as f64 / weeks),
                n: count(sessions),
            },
            Cell {
                value: length,
                n: n_length,
            },
            Cell {
                value: cadence,
                n: n_cadence,
            },
        ]
    };
    let before = cells(baseline);
    let after = cells(recent);
    let metrics = [
        Metric::WeeklyDowntimeHours,
        Metric::RecoveryHours,
        Metric::MeanSoreness,
        Metric::SessionsPerWeek,
        Metric::StrideLength,
        Metric::Cadence,
    ];
    let rows = metrics
        .iter()
        .zip(before.iter().zip(after.iter()))
        .map(|(metric, (b, a))| ReportRow {
            metric: *metric,
            baseline: *b,
            recent: *a,
            change: b.value.zip(a.value).map(|(b, a)| a - b),
        })
        .collect();
    Some(PersonalReport {
        baseline,
        recent,
        rows,
    })
}

/// Why the app advises seeing a professional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum SafetyKind {
    /// The zone was stopped for sharp pain this many times in 14 days.
    RepeatedPainSkips {
        /// Sharp-pain stops in the last [`SAFETY_WINDOW_DAYS`]: [`PAIN_SKIPS_FLAG`] or more.
        count: u32,
    },
    /// Soreness at 7/10 or more on this many days running.
    HighSoreness {
        /// How many days in a row.
        days: u32,
    },
}

/// Advice to see a professional about one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SafetyFlag {
    /// The zone the advice is about: its id in the zone map (`calves`).
    pub zone: ZoneId,
    /// Repeated sharp-pain stops, or days of high soreness in a row, with how many.
    pub kind: SafetyKind,
    /// What to tell the runner.
    pub advice: LocalizedText,
}

/// Safety flags over the last [`SAFETY_WINDOW_DAYS`]: a zone pain-skipped 3 or more times, or
/// sore at 7/10 or more on 3 days running.
pub fn safety_flags(
    catalog: &Catalog,
    sessions: &[SessionRecord],
    soreness: &[Soreness],
    now: DateTime<Utc>,
    tz: Tz,
) -> Vec<SafetyFlag> {
    let since = now - TimeDelta::days(SAFETY_WINDOW_DAYS);
    let zone_name = |zone: &str| {
        catalog
            .zone(zone)
            .map(|z| catalog.text(&z.name, &[]))
            .unwrap_or_else(|| zone.to_owned())
    };
    let mut flags = Vec::new();
    let mut skips: BTreeMap<ZoneId, u32> = BTreeMap::new();
    // A session lasts minutes: only those started in the window (plus a day) can hold its skips.
    for s in sessions
        .iter()
        .filter(|s| s.started_at > since - TimeDelta::days(1) && s.started_at <= now)
    {
        for mark in crate::session::pain_stops(s) {
            if mark.at > since && mark.at <= now {
                *skips.entry(mark.zone).or_default() += 1;
            }
        }
    }
    for (zone, count) in skips {
        if count as usize >= PAIN_SKIPS_FLAG {
            let reason = Reason::key(keys::SAFETY_PAIN_SKIPS)
                .with("zone", zone_name(&zone))
                .with("count", count);
            flags.push(SafetyFlag {
                advice: LocalizedText::new(catalog, reason),
                zone,
                kind: SafetyKind::RepeatedPainSkips { count },
            });
        }
    }
    let recent = soreness.iter().filter(|s| s.at > since && s.at <= now);
    let worst = daily_worst(recent, tz);
    let zones: BTreeSet<&str> = worst.keys().map(|(z, _)| *z).collect();
    for zone in zones {
        let high: Vec<NaiveDate> = worst
            .iter()
            .filter(|((z, _), l)| *z == zone && **l >= HIGH_SORENESS)
            .map(|((_, d), _)| *d)
            .collect();
        let (mut run, mut longest) = (0u32, 0u32);
        for (i, d) in high.iter().enumerate() {
            run = if i > 0 && *d - high[i - 1] == TimeDelta::days(1) {
                run + 1
            } else {
                1
            };
            longest = longest.max(run);
        }
        if longest as usize >= HIGH_SORENESS_DAYS {
            let reason = Reason::key(keys::SAFETY_HIGH_SORENESS)
                .with("zone", zone_name(zone))
                .with("days", longest);
            flags.push(SafetyFlag {
                advice: LocalizedText::new(catalog, reason),
                zone: zone.into(),
                kind: SafetyKind::HighSoreness { days: longest },
            });
        }
    }
    flags
}
