//! Insights on synthetic histories whose answers are worked out by hand.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use fascia_core::insights::{self, History, Metric, SafetyKind, Trend};
use fascia_core::model::{
    Downtime, Run, RunKind, SessionRecord, SessionStatus, Settings, Soreness,
};
use fascia_core::plan::DateRange;
use fascia_core::routine::{build, RoutineKind, RoutineRequest, Side};
use fascia_core::time;
use fascia_core::time::Tz;
use fascia_core::timer::{Event, TimedEvent};
use fascia_core::zones::Catalog;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn tz() -> Tz {
    time::zone("UTC").unwrap()
}

fn sore(zone: &str, level: u8, at: &str) -> Soreness {
    Soreness {
        id: format!("{zone}-{at}-{level}"),
        zone: zone.into(),
        side: Side::Left,
        level,
        at: utc(at),
        run_id: None,
        note: None,
        time_zone: None,
        created_at: utc(at),
        updated_at: utc(at),
    }
}

fn long_run(id: &str, at: &str, hours: u32) -> Run {
    Run {
        id: id.into(),
        started_at: utc(at),
        distance_m: 30_000,
        duration_s: hours * 3600,
        kind: RunKind::Long,
        time_zone: None,
        created_at: utc(at),
        updated_at: utc(at),
        source: None,
        source_id: None,
        cadence_spm: None,
        elevation_gain_m: None,
    }
}

fn downtime(date: NaiveDate, minutes: u32) -> Downtime {
    Downtime {
        id: format!("dt-{date}-{minutes}"),
        date,
        minutes,
        zone: None,
        created_at: utc("2026-01-01T00:00:00Z"),
        updated_at: utc("2026-01-01T00:00:00Z"),
    }
}

fn days(from: NaiveDate, to: NaiveDate, skip: &[NaiveDate]) -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        if !skip.contains(&day) {
            out.push(day.and_hms_opt(7, 0, 0).unwrap().and_utc());
        }
        day += TimeDelta::days(1);
    }
    out
}

#[test]
fn trends_compare_the_last_week_with_the_last_four() {
    let soreness = [
        sore("calves", 2, "2026-03-10T08:00:00Z"),
        sore("calves", 2, "2026-03-12T08:00:00Z"),
        sore("calves", 2, "2026-03-14T08:00:00Z"),
        sore("calves", 2, "2026-03-16T08:00:00Z"),
        sore("calves", 6, "2026-03-25T08:00:00Z"),
        sore("calves", 1, "2026-03-27T07:00:00Z"),
        sore("calves", 6, "2026-03-27T08:00:00Z"),
        sore("glutes", 4, "2026-03-28T08:00:00Z"),
        sore("hamstrings", 9, "2026-01-01T08:00:00Z"), // too old to matter
    ];
    let trends = insights::zone_trends(&soreness, utc("2026-03-29T20:00:00Z"), tz());
    assert_eq!(trends.len(), 2);
    let calves = &trends[0];
    assert_eq!(calves.zone, "calves");
    assert_eq!((calves.avg_7d, calves.n_7d), (Some(6.0), 2));
    assert_eq!(calves.n_28d, 6);
    assert!((calves.avg_28d.unwrap() - 20.0 / 6.0).abs() < 1e-9);
    assert_eq!(calves.trend, Trend::Rising);
    assert_eq!(
        (calves.days[25].date, calves.days[25].level),
        (d(2026, 3, 27), Some(6)),
        "the worst of the day"
    );
    assert_eq!(trends[1].trend, Trend::Unknown);
}

#[test]
fn recovery_is_the_time_back_to_baseline_after_a_long_run() {
    let runs = [
        long_run("sun", "2026-03-22T08:00:00Z", 2),
        long_run("next", "2026-03-29T08:00:00Z", 2),
        long_run("third", "2026-04-05T08:00:00Z", 2),
    ];
    let soreness = [
        // Baseline for calves: 2 in the two weeks before.
        sore("calves", 2, "2026-03-10T08:00:00Z"),
        sore("calves", 2, "2026-03-14T08:00:00Z"),
        // After the run: calves peak 6, back to 2 fifty hours after the run ended.
        sore("calves", 6, "2026-03-22T14:00:00Z"),
        sore("calves", 4, "2026-03-23T12:00:00Z"),
        sore("calves", 2, "2026-03-24T12:00:00Z"),
        // Glutes (no baseline): 3, then "recovered" (0) 22 hours after the run ended.
        sore("glutes", 3, "2026-03-22T20:00:00Z"),
        sore("glutes", 0, "2026-03-23T08:00:00Z"),
        // After the second run only soreness at baseline; nothing at all after the third.
        sore("calves", 2, "2026-03-29T18:00:00Z"),
    ];
    let r = insights::recoveries(&runs, &soreness, &Settings::default(), tz());
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].date, d(2026, 3, 22));
    let calves = r[0].zones.iter().find(|z| z.zone == "calves").unwrap();
    assert_eq!(
        (calves.baseline, calves.peak, calves.hours),
        (2.0, 6, Some(50.0))
    );
    let glutes = r[0].zones.iter().find(|z| z.zone == "glutes").unwrap();
    assert_eq!(glutes.hours, Some(22.0));
    assert_eq!(r[0].hours, Some(50.0));
    assert!(r[1].zones.is_empty());
    assert_eq!(
        r[1].hours,
        Some(0.0),
        "soreness logged, none above baseline"
    );
    assert_eq!(r[2].hours, None, "nothing logged after it");
}

/// Recovery after a long run, worked by hand. Two Sunday long runs of 2 h (08:00–10:00 UTC).
///
/// Calves before the first run: nothing, so its baseline is 0. After it: 6 (Sun 14:00), 3 (Mon
/// 12:00), 1 (Wed 10:00). "Recovered" is at or below max(baseline, 1) = 1: reached on Wednesday
/// 10:00, 72 h after the run ended.
///
/// The second run's baseline is the calves' entries in the 14 days before it *at rest*: the 6 and
/// the 3 were felt within 48 h of the first run, so they are that run's soreness, not the
/// baseline; the 1 (Wednesday, 74 h after the start) and a 2 on Friday are: (1 + 2) / 2 = 1.5.
/// After it: 5 (Sun 14:00), 3 (Mon 12:00), 1.5 or less first on Tuesday 12:00 (a 1): 50 h.
/// (Were the 6 and 3 in the baseline, it would be (6 + 3 + 1 + 2) / 4 = 3 and Monday's 3 would
/// read as recovered after 26 h.)
#[test]
fn recovery_is_measured_against_the_zone_at_rest() {
    let runs = [
        long_run("first", "2026-03-22T08:00:00Z", 2),
        long_run("second", "2026-03-29T08:00:00Z", 2),
    ];
    let soreness = [
        sore("calves", 6, "2026-03-22T14:00:00Z"),
        sore("calves", 3, "2026-03-23T12:00:00Z"),
        sore("calves", 1, "2026-03-25T10:00:00Z"),
        sore("calves", 2, "2026-03-27T10:00:00Z"),
        sore("calves", 5, "2026-03-29T14:00:00Z"),
        sore("calves", 3, "2026-03-30T12:00:00Z"),
        sore("calves", 1, "2026-03-31T12:00:00Z"),
    ];
    let r = insights::recoveries(&runs, &soreness, &Settings::default(), tz());
    let calves = |i: usize| {
        r[i].zones
            .iter()
            .find(|z| z.zone == "calves")
            .unwrap()
            .clone()
    };
    assert_eq!(
        (calves(0).baseline, calves(0).peak, calves(0).hours),
        (0.0, 6, Some(72.0))
    );
    assert_eq!(
        (calves(1).baseline, calves(1).peak, calves(1).hours),
        (1.5, 5, Some(50.0))
    );
    assert_eq!((r[0].hours, r[1].hours), (Some(72.0), Some(50.0)));
}

#[test]
fn weekly_downtime_fills_empty_weeks_with_zero() {
    let entries = [
        downtime(d(2026, 3, 2), 90),
        downtime(d(2026, 3, 4), 30),
        downtime(d(2026, 3, 10), 60),
    ];
    let weeks = insights::weekly_downtime(&entries, d(2026, 3, 2), d(2026, 3, 20));
    let got: Vec<(NaiveDate, f64, u32)> = weeks.iter().map(|w| (w.week, w.value, w.n)).collect();
    assert_eq!(
        got,
        [
            (d(2026, 3, 2), 2.0, 2),
            (d(2026, 3, 9), 1.0, 1),
            (d(2026, 3, 16), 0.0, 0)
        ]
    );
    let sessions = days(d(2026, 3, 2), d(2026, 3, 8), &[d(2026, 3, 4)]);
    let adherence = insights::weekly_sessions(&sessions, tz(), d(2026, 3, 2), d(2026, 3, 8));
    assert_eq!((adherence[0].value, adherence[0].n), (6.0, 6));
}

#[test]
fn the_streak_forgives_one_missed_day_a_week() {
    let now = utc("2026-03-29T20:00:00Z");
    let one_miss = days(
        d(2026, 3, 10),
        d(2026, 3, 29),
        &[d(2026, 3, 25), d(2026, 3, 19)],
    );
    // 29..26 (4), 25 forgiven, 24..20 (5), 19 is a second miss within 7 days.
    assert_eq!(insights::streak(&one_miss, now, tz()), 9);
    // Today's routine still to come: the streak stands.
    assert_eq!(
        insights::streak(&one_miss[..one_miss.len() - 1], now, tz()),
        8
    );
    let two_in_a_row = days(
        d(2026, 3, 10),
        d(2026, 3, 29),
        &[d(2026, 3, 24), d(2026, 3, 25)],
    );
    assert_eq!(insights::streak(&two_in_a_row, now, tz()), 4);
    // Misses a week apart are each forgiven.
    let spaced = days(
        d(2026, 3, 10),
        d(2026, 3, 29),
        &[d(2026, 3, 26), d(2026, 3, 18)],
    );
    assert_eq!(insights::streak(&spaced, now, tz()), 18);
    assert_eq!(insights::streak(&[], now, tz()), 0);
}

#[test]
fn the_personal_report_compares_first_and_latest_two_weeks() {
    let runs = [
        long_run("early", "2026-01-11T08:00:00Z", 2),
        long_run("late", "2026-03-22T08:00:00Z", 2),
    ];
    let soreness = [
        sore("calves", 6, "2026-01-11T12:00:00Z"),
        sore("calves", 0, "2026-01-12T16:00:00Z"), // recovered 30 h after the run ended
        sore("thoracic-spine", 4, "2026-01-07T08:00:00Z"),
        sore("thoracic-spine", 5, "2026-01-14T08:00:00Z"),
        sore("calves", 3, "2026-03-22T12:00:00Z"),
        sore("calves", 0, "2026-03-23T06:00:00Z"), // recovered 20 h after
        sore("thoracic-spine", 2, "2026-03-25T08:00:00Z"),
        sore("thoracic-spine", 2, "2026-03-27T08:00:00Z"),
    ];
    let downtime = [
        downtime(d(2026, 1, 6), 120),
        downtime(d(2026, 1, 15), 60),
        downtime(d(2026, 3, 20), 30),
        downtime(d(2026, 2, 10), 600), // between the windows: not counted
    ];
    let mut finished = days(d(2026, 1, 5), d(2026, 1, 8), &[]);
    finished.extend(days(d(2026, 3, 20), d(2026, 3, 29), &[]));
    let history = History {
        runs: &runs,
        soreness: &soreness,
        downtime: &downtime,
        finished: &finished,
    };
    let report = insights::personal_report(
        history,
        &Settings::default(),
        utc("2026-03-29T20:00:00Z"),
        tz(),
    )
    .unwrap();
    assert_eq!(
        (report.baseline.from, report.baseline.to),
        (d(2026, 1, 5), d(2026, 1, 18))
    );
    assert_eq!(
        (report.recent.from, report.recent.to),
        (d(2026, 3, 16), d(2026, 3, 29))
    );
    let row = |m: Metric| report.rows.iter().find(|r| r.metric == m).unwrap();
    let cells = |m: Metric| {
        let r = row(m);
        (r.baseline.value, r.baseline.n, r.recent.value, r.recent.n)
    };
    assert_eq!(
        cells(Metric::WeeklyDowntimeHours),
        (Some(1.5), 2, Some(0.25), 1)
    );
    assert_eq!(cells(Metric::RecoveryHours), (Some(30.0), 1, Some(20.0), 1));
    assert_eq!(
        cells(Metric::MeanSoreness),
        (Some(15.0 / 4.0), 4, Some(7.0 / 4.0), 4)
    );
    assert_eq!(
        cells(Metric::SessionsPerWeek),
        (Some(2.0), 4, Some(5.0), 10)
    );
    assert_eq!(row(Metric::WeeklyDowntimeHours).change, Some(-1.25));
    // Three weeks of history: the windows would overlap, so no report yet.
    assert!(insights::personal_report(
        history,
        &Settings::default(),
        utc("2026-01-25T12:00:00Z"),
        tz()
    )
    .is_none());
}

fn session_with_pain_skip(i: u32, at: &str) -> SessionRecord {
    let routine = build(
        Catalog::embedded().unwrap(),
        &RoutineRequest::new(RoutineKind::Daily),
    )
    .unwrap();
    let start = utc(at);
    SessionRecord {
        id: format!("s{i}"),
        status: SessionStatus::Aborted,
        started_at: start,
        ended_at: Some(start + TimeDelta::seconds(30)),
        events: vec![
            TimedEvent {
                at: start,
                event: Event::Start,
            },
            TimedEvent {
                at: start + TimeDelta::seconds(20),
                event: Event::PainSkip,
            },
            TimedEvent {
                at: start + TimeDelta::seconds(30),
                event: Event::Abort,
            },
        ],
        routine: routine.into(),
        created_at: start,
        updated_at: start,
    }
}

#[test]
fn repeated_pain_or_high_soreness_advise_a_professional() {
    let catalog = Catalog::embedded().unwrap();
    let now = utc("2026-03-29T20:00:00Z");
    let sessions = [
        session_with_pain_skip(1, "2026-03-10T07:00:00Z"), // more than 14 days ago
        session_with_pain_skip(2, "2026-03-18T07:00:00Z"),
        session_with_pain_skip(3, "2026-03-22T07:00:00Z"),
        session_with_pain_skip(4, "2026-03-28T07:00:00Z"),
    ];
    let soreness = [
        sore("hamstrings", 7, "2026-03-25T08:00:00Z"),
        sore("hamstrings", 8, "2026-03-26T08:00:00Z"),
        sore("hamstrings", 7, "2026-03-27T21:00:00Z"),
        sore("calves", 9, "2026-03-25T08:00:00Z"),
        sore("calves", 9, "2026-03-27T08:00:00Z"), // not on consecutive days
    ];
    let flags = insights::safety_flags(catalog, &sessions, &soreness, now, tz());
    assert_eq!(flags.len(), 2, "{flags:?}");
    assert_eq!(flags[0].zone, "plantar-fascia");
    assert_eq!(flags[0].kind, SafetyKind::RepeatedPainSkips { count: 3 });
    assert_eq!(
        flags[0].advice.english,
        "You stopped Plantar fascia for sharp pain 3 times in 14 days. See a professional before pressing it again."
    );
    assert_eq!(flags[1].zone, "hamstrings");
    assert_eq!(flags[1].kind, SafetyKind::HighSoreness { days: 3 });
    // Two of the three pain-skips: no flag.
    assert!(insights::safety_flags(catalog, &sessions[..3], &[], now, tz()).is_empty());
}

#[test]
fn the_soreness_chart_is_by_calendar_day_with_gaps() {
    // Late May, with a January full of entries: the chart is still the last 28 calendar days.
    let mut soreness: Vec<Soreness> = days(d(2026, 1, 1), d(2026, 1, 31), &[])
        .iter()
        .map(|t| sore("calves", 8, &t.to_rfc3339()))
        .collect();
    soreness.extend([
        sore("calves", 9, "2026-04-30T08:00:00Z"), // today - 28: just outside
        sore("calves", 3, "2026-05-01T08:00:00Z"), // today - 27: the first day plotted
        sore("calves", 2, "2026-05-10T07:00:00Z"),
        sore("calves", 5, "2026-05-10T19:00:00Z"),
        sore("calves", 4, "2026-05-28T06:00:00Z"), // today
        sore("glutes", 6, "2026-01-20T08:00:00Z"), // nothing in the 28 days: no trend
    ]);
    let trends = insights::zone_trends(&soreness, utc("2026-05-28T20:00:00Z"), tz());
    assert_eq!(trends.len(), 1, "{trends:?}");
    let calves = &trends[0];
    assert_eq!(calves.days.len(), 28);
    assert_eq!(calves.days[0].date, d(2026, 5, 28) - TimeDelta::days(27));
    assert_eq!(calves.days[27].date, d(2026, 5, 28));
    for pair in calves.days.windows(2) {
        assert_eq!(pair[1].date - pair[0].date, TimeDelta::days(1), "every day");
    }
    let plotted: Vec<(NaiveDate, u8)> = calves
        .days
        .iter()
        .filter_map(|day| day.level.map(|l| (day.date, l)))
        .collect();
    assert_eq!(
        plotted,
        [(d(2026, 5, 1), 3), (d(2026, 5, 10), 5), (d(2026, 5, 28), 4)],
        "the other 25 days are gaps, not zeros"
    );
    assert_eq!((calves.n_28d, calves.n_7d), (3, 1));
}

/// The worst level of `zone` on each of the 28 local days up to `now`'s, by brute force.
fn chart_by_brute_force(
    soreness: &[Soreness],
    zone: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> Vec<(NaiveDate, Option<u8>)> {
    let today = time::local_date(tz, now);
    (0..28)
        .rev()
        .map(|back| {
            let date = today - TimeDelta::days(back);
            let level = soreness
                .iter()
                .filter(|s| s.zone == zone && time::local_date(tz, s.at) == date)
                .map(|s| s.level)
                .max();
            (date, level)
        })
        .collect()
}

/// Recovery as first written: every entry checked against every earlier long run. The
/// reference the indexed version must equal, result for result.
fn quadratic_recoveries(
    runs: &[Run],
    soreness: &[Soreness],
    settings: &Settings,
    tz: Tz,
) -> Vec<insights::Recovery> {
    use fascia_core::plan::AFTER_LONG_RUN;
    use std::collections::BTreeSet;
    let mean = |values: Vec<f64>| {
        let n = values.len() as u32;
        let sum = values.into_iter().fold(0.0, |s, v| s + v);
        (n > 0).then(|| sum / f64::from(n))
    };
    let mut long: Vec<&Run> = runs
        .iter()
        .filter(|r| r.is_long(settings.long_run_threshold_m) || r.kind == RunKind::Race)
        .collect();
    long.sort_by_key(|r| (r.started_at, r.id.clone()));
    let mut by_time: Vec<&Soreness> = soreness.iter().collect();
    by_time.sort_by_key(|s| (s.at, s.id.clone()));
    long.iter()
        .enumerate()
        .map(|(i, run)| {
            let end = run.started_at + TimeDelta::seconds(i64::from(run.duration_s));
            let watch_until = long.get(i + 1).map(|next| next.started_at);
            let from = by_time.partition_point(|s| {
                s.at < run.started_at - TimeDelta::days(insights::BASELINE_DAYS)
            });
            let to = watch_until.map_or(by_time.len(), |u| by_time.partition_point(|s| s.at < u));
            let window = by_time.get(from..to.max(from)).unwrap_or_default();
            let after: Vec<&&Soreness> = window.iter().filter(|s| s.at > run.started_at).collect();
            let mut zones = Vec::new();
            let sore_zones: BTreeSet<&str> = after
                .iter()
                .filter(|s| s.at <= run.started_at + AFTER_LONG_RUN)
                .map(|s| s.zone.as_str())
                .collect();
            let after_a_run = |s: &Soreness| {
                long[..i]
                    .iter()
                    .any(|r| s.at > r.started_at && s.at <= r.started_at + AFTER_LONG_RUN)
            };
            for zone in sore_zones {
                let baseline = mean(
                    window
                        .iter()
                        .filter(|s| s.zone == zone && s.at < run.started_at && !after_a_run(s))
                        .map(|s| f64::from(s.level))
                        .collect(),
                )
                .unwrap_or(0.0);
                let recovered = baseline.max(f64::from(insights::RECOVERED_AT));
                let entries: Vec<&&&Soreness> = after.iter().filter(|s| s.zone == zone).collect();
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
                zones.push(insights::ZoneRecovery {
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
            insights::Recovery {
                run_id: run.id.clone(),
                date: time::local_date(tz, run.started_at),
                zones,
                hours,
            }
        })
        .collect()
}

const ZONES_TZS: [&str; 6] = [
    "UTC",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Whatever the entries and the time zone, each zone's chart is the 28 calendar days up to
    /// today, each day's worst level or a gap, and its means stand on exactly the days with one.
    #[test]
    fn the_chart_is_every_calendar_day_of_the_last_28(
        entries in proptest::collection::vec((0usize..3, 0u8..=10, -45i64 * 24 * 60..4 * 24 * 60), 0..60),
        tz_name in proptest::sample::select(&ZONES_TZS[..]),
        now_minute in 0i64..24 * 60,
    ) {
        let tz = time::zone(tz_name).unwrap();
        let now = utc("2026-03-29T00:00:00Z") + TimeDelta::minutes(now_minute);
        let zones = ["calves", "glutes", "it-band"];
        let soreness: Vec<Soreness> = entries
            .iter()
            .map(|(z, level, minute)| {
                sore(zones[*z], *level, &(now + TimeDelta::minutes(*minute)).to_rfc3339())
            })
            .collect();
        let trends = insights::zone_trends(&soreness, now, tz);
        let expected_zones: Vec<&str> = zones
            .iter()
            .copied()
            .filter(|z| chart_by_brute_force(&soreness, z, now, tz).iter().any(|(_, l)| l.is_some()))
            .collect();
        let got_zones: Vec<&str> = trends.iter().map(|t| t.zone.as_str()).collect();
        proptest::prop_assert_eq!(got_zones, expected_zones);
        for t in &trends {
            let chart: Vec<(NaiveDate, Option<u8>)> =
                t.days.iter().map(|day| (day.date, day.level)).collect();
            proptest::prop_assert_eq!(chart, chart_by_brute_force(&soreness, &t.zone, now, tz));
            let logged = |n: usize| t.days[28 - n..].iter().filter(|d| d.level.is_some()).count() as u32;
            proptest::prop_assert_eq!((t.n_7d, t.n_28d), (logged(7), logged(28)));
        }
    }

    /// The indexed recovery equals the quadratic one it replaced on any history: long runs,
    /// races and easy runs (some starting at the same instant), and soreness before, between
    /// and after them, in several time zones.
    #[test]
    fn recoveries_equal_the_quadratic_reference(
        runs in proptest::collection::vec((0i64..200, 0usize..4, 5u32..40, 1u32..5), 0..25),
        entries in proptest::collection::vec((0usize..3, 0u8..=10, -400i64..1300), 0..120),
        tz_name in proptest::sample::select(&ZONES_TZS[..]),
    ) {
        let tz = time::zone(tz_name).unwrap();
        let start = utc("2026-01-01T06:00:00Z");
        let kinds = [RunKind::Easy, RunKind::Long, RunKind::Race, RunKind::Workout];
        let runs: Vec<Run> = runs
            .iter()
            .enumerate()
            .map(|(i, (six_hours, kind, km, hours))| {
                let at = start + TimeDelta::hours(six_hours * 6);
                Run {
                    kind: kinds[*kind],
                    distance_m: km * 1000,
                    ..long_run(&format!("run-{i:02}"), &at.to_rfc3339(), *hours)
                }
            })
            .collect();
        let zones = ["calves", "glutes", "it-band"];
        let soreness: Vec<Soreness> = entries
            .iter()
            .map(|(z, level, hour)| {
                sore(zones[*z], *level, &(start + TimeDelta::hours(*hour)).to_rfc3339())
            })
            .collect();
        let settings = Settings::default();
        proptest::prop_assert_eq!(
            insights::recoveries(&runs, &soreness, &settings, tz),
            quadratic_recoveries(&runs, &soreness, &settings, tz)
        );
    }
}

/// The streak as first written (a set lookup for every day walked): the reference for
/// [`insights::streak_of_days`].
fn streak_by_lookup(done: &std::collections::BTreeSet<NaiveDate>, today: NaiveDate) -> u32 {
    let Some(first) = done.iter().next().copied() else {
        return 0;
    };
    let mut day = if done.contains(&today) {
        today
    } else {
        today - TimeDelta::days(1)
    };
    let (mut count, mut last_miss) = (0, None::<NaiveDate>);
    while day >= first {
        if done.contains(&day) {
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

proptest::proptest! {
    /// The streak walked down the days done equals the one looked up day by day, and the one
    /// from instants, whatever days are done (days after today included).
    #[test]
    fn the_streak_from_days_equals_the_streak_by_lookup(
        back in proptest::collection::btree_set(-3i64..80, 0..70),
    ) {
        let today = d(2026, 3, 29);
        let done: std::collections::BTreeSet<NaiveDate> =
            back.iter().map(|b| today - TimeDelta::days(*b)).collect();
        let expected = streak_by_lookup(&done, today);
        let days: Vec<NaiveDate> = done.iter().copied().collect();
        proptest::prop_assert_eq!(insights::streak_of_days(&days, today), expected);
        let finished: Vec<DateTime<Utc>> =
            done.iter().map(|d| d.and_hms_opt(7, 0, 0).unwrap().and_utc()).collect();
        proptest::prop_assert_eq!(
            insights::streak(&finished, utc("2026-03-29T20:00:00Z"), tz()),
            expected
        );
    }
}

/// A run of `distance_m` in `duration_s`, with a cadence where the source measured one.
fn run_with(id: &str, at: &str, distance_m: u32, duration_s: u32, cadence: Option<u32>) -> Run {
    Run {
        distance_m,
        duration_s,
        kind: RunKind::Easy,
        cadence_spm: cadence,
        ..long_run(id, at, 1)
    }
}

/// docs/insights.md's worked example: 10 km in 50 min is 10 000 m / 3 000 s = 3.333 m/s; at
/// 170 steps a minute that is 170 / 60 = 2.833 steps a second, so 3.333 / 2.833 = 1.176 m a
/// step (10 000 m in 3 000 × 170 / 60 = 8 500 steps: 20/17 m).
#[test]
fn stride_length_worked_by_hand() {
    let run = run_with("ten", "2026-03-01T08:00:00Z", 10_000, 50 * 60, Some(170));
    let speed = 10_000.0 / 3_000.0;
    assert_eq!(format!("{speed:.3}"), "3.333");
    assert_eq!(format!("{:.3}", 170.0 / 60.0), "2.833");
    let stride = insights::stride(&run).unwrap();
    assert_eq!(stride.cadence_spm, 170);
    assert_eq!(stride.length_m, 20.0 / 17.0);
    assert_eq!(format!("{:.3}", stride.length_m), "1.176");
    assert!((stride.length_m - speed / (170.0 / 60.0)).abs() < 1e-12);
}

/// A stride no runner takes is unknown, not data: no cadence, a cadence of 0, no distance or no
/// duration, or a step outside 0.3–2.5 m (the bounds themselves are kept).
#[test]
fn nonsense_strides_are_unknown() {
    let at = "2026-03-01T08:00:00Z";
    let stride = |distance_m, duration_s, cadence| {
        insights::stride(&run_with("r", at, distance_m, duration_s, cadence)).map(|s| s.length_m)
    };
    assert_eq!(stride(10_000, 3_000, None), None, "typed by hand");
    assert_eq!(stride(10_000, 3_000, Some(0)), None);
    assert_eq!(stride(0, 3_000, Some(170)), None);
    assert_eq!(stride(10_000, 0, Some(170)), None);
    // 10 minutes at 100 steps a minute: 1 000 steps.
    assert_eq!(stride(2_500, 600, Some(100)), Some(2.5));
    assert_eq!(stride(2_501, 600, Some(100)), None, "longer than 2.5 m");
    assert_eq!(stride(300, 600, Some(100)), Some(0.3));
    assert_eq!(stride(299, 600, Some(100)), None, "shorter than 0.3 m");
    // One foot counted at a walk's pace: 10 km in 50 min at 30 "steps" is 6.7 m a step.
    assert_eq!(stride(10_000, 3_000, Some(30)), None);
}

/// The report's stride rows, worked by hand: the runs with a known stride in each window, by
/// the local date they started on, their mean stride length and mean cadence, each with n.
#[test]
fn the_report_shows_stride_length_and_cadence_before_and_after_with_n() {
    let runs = [
        // First two weeks (2026-01-05 to 2026-01-18): 20/17 m at 170, 25/24 m at 160.
        run_with("a", "2026-01-05T08:00:00Z", 10_000, 3_000, Some(170)),
        run_with("b", "2026-01-10T08:00:00Z", 5_000, 1_800, Some(160)),
        // Typed by hand, and a cadence no step matches: neither is counted.
        run_with("c", "2026-01-12T08:00:00Z", 8_000, 2_700, None),
        run_with("d", "2026-01-14T08:00:00Z", 10_000, 3_000, Some(30)),
        // Between the windows: not counted.
        run_with("e", "2026-02-10T08:00:00Z", 10_000, 3_000, Some(200)),
        // Latest two weeks (2026-03-16 to 2026-03-29): 10 km in 48 min at 175, 25/21 m.
        run_with("f", "2026-03-20T08:00:00Z", 10_000, 2_880, Some(175)),
    ];
    let history = History {
        runs: &runs,
        soreness: &[],
        downtime: &[],
        finished: &[],
    };
    let report = insights::personal_report(
        history,
        &Settings::default(),
        utc("2026-03-29T20:00:00Z"),
        tz(),
    )
    .unwrap();
    let row = |m: Metric| report.rows.iter().find(|r| r.metric == m).unwrap();
    let length = row(Metric::StrideLength);
    let before = (20.0 / 17.0 + 25.0 / 24.0) / 2.0;
    assert_eq!(length.baseline.n, 2);
    assert!((length.baseline.value.unwrap() - before).abs() < 1e-12);
    assert_eq!(length.recent.n, 1);
    assert!((length.recent.value.unwrap() - 25.0 / 21.0).abs() < 1e-12);
    assert!((length.change.unwrap() - (25.0 / 21.0 - before)).abs() < 1e-12);
    let cadence = row(Metric::Cadence);
    assert_eq!(
        (cadence.baseline, cadence.recent, cadence.change),
        (
            insights::Cell {
                value: Some(165.0),
                n: 2
            },
            insights::Cell {
                value: Some(175.0),
                n: 1
            },
            Some(10.0)
        )
    );
    // The stride rows come last, after the rows the report already had.
    let metrics: Vec<Metric> = report.rows.iter().map(|r| r.metric).collect();
    assert_eq!(metrics[4..], [Metric::StrideLength, Metric::Cadence]);
    // No run with a cadence: both rows say so with n = 0, not a 0 figure.
    let typed: Vec<Run> = runs
        .iter()
        .map(|r| Run {
            cadence_spm: None,
            ..r.clone()
        })
        .collect();
    let report = insights::personal_report(
        History {
            runs: &typed,
            ..history
        },
        &Settings::default(),
        utc("2026-03-29T20:00:00Z"),
        tz(),
    )
    .unwrap();
    for r in &report.rows[4..] {
        let none = insights::Cell { value: None, n: 0 };
        assert_eq!((r.baseline, r.recent, r.change), (none, none, None));
    }
}

/// One window's cell of a report row.
type CellOf = fn(&insights::ReportRow) -> insights::Cell;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// A stride is the run's distance over its steps, known exactly when that is a human step;
    /// k times the distance in the same time at the same cadence is k times the stride.
    #[test]
    fn stride_scales_with_distance(
        distance_m in 1u32..60_000,
        k in 1u32..5,
        duration_s in 1u32..30_000,
        cadence in 0u32..=400,
    ) {
        let at = "2026-03-01T08:00:00Z";
        let one = insights::stride(&run_with("a", at, distance_m, duration_s, Some(cadence)));
        let k_times =
            insights::stride(&run_with("b", at, distance_m * k, duration_s, Some(cadence)));
        let raw = f64::from(distance_m) / (f64::from(duration_s) * f64::from(cadence) / 60.0);
        let human = |m: f64| (insights::MIN_STRIDE_M..=insights::MAX_STRIDE_M).contains(&m);
        proptest::prop_assert_eq!(one.is_some(), cadence > 0 && human(raw));
        if let (Some(a), Some(b)) = (one, k_times) {
            proptest::prop_assert!((b.length_m / a.length_m - f64::from(k)).abs() < 1e-9);
            proptest::prop_assert_eq!((a.cadence_spm, b.cadence_spm), (cadence, cadence));
        }
    }

    /// n counts only the runs with a known stride, in each window by the local date they
    /// started on; the figures are their means; runs without a cadence change nothing.
    #[test]
    fn n_counts_only_runs_with_a_cadence(
        runs in proptest::collection::vec(
            (0i64..60 * 24, 1u32..40, 10u32..300, proptest::option::of(0u32..=400)),
            0..40,
        ),
        tz_name in proptest::sample::select(&ZONES_TZS[..]),
    ) {
        let tz = time::zone(tz_name).unwrap();
        let start = utc("2026-01-01T00:00:00Z");
        let now = start + TimeDelta::days(60);
        let runs: Vec<Run> = runs
            .iter()
            .enumerate()
            .map(|(i, (hour, km, minutes, cadence))| {
                let at = (start + TimeDelta::hours(*hour)).to_rfc3339();
                run_with(&format!("run-{i:02}"), &at, km * 1000, minutes * 60, *cadence)
            })
            .collect();
        // An entry on the first day, so the windows do not depend on the runs.
        let anchor = [sore("glutes", 2, &start.to_rfc3339())];
        let report = |runs: &[Run]| {
            let history = History { runs, soreness: &anchor, downtime: &[], finished: &[] };
            insights::personal_report(history, &Settings::default(), now, tz).unwrap()
        };
        let all = report(&runs);
        let with_cadence: Vec<Run> =
            runs.iter().filter(|r| r.cadence_spm.is_some()).cloned().collect();
        proptest::prop_assert_eq!(&all.rows[4..], &report(&with_cadence).rows[4..]);
        let windows: [(DateRange, CellOf); 2] =
            [(all.baseline, |r| r.baseline), (all.recent, |r| r.recent)];
        for (range, cell) in windows {
            let counted: Vec<insights::Stride> = runs
                .iter()
                .filter(|r| range.contains(time::local_date(tz, r.started_at)))
                .filter_map(insights::stride)
                .collect();
            let n = counted.len() as u32;
            let length = cell(&all.rows[4]);
            let cadence = cell(&all.rows[5]);
            proptest::prop_assert_eq!((length.n, cadence.n), (n, n));
            proptest::prop_assert_eq!(length.value.is_some(), n > 0);
            if n > 0 {
                let mean = |f: fn(&insights::Stride) -> f64| {
                    counted.iter().map(f).sum::<f64>() / f64::from(n)
                };
                proptest::prop_assert!((length.value.unwrap() - mean(|s| s.length_m)).abs() < 1e-9);
                proptest::prop_assert!(
                    (cadence.value.unwrap() - mean(|s| f64::from(s.cadence_spm))).abs() < 1e-9
                );
            }
        }
    }

    /// The stride rows split the runs as the recovery row splits the long runs: long runs, each
    /// with a cadence and a recovery that is known, give the same n in both windows, whatever
    /// the time zone and the hour (near midnight the local date is not the UTC one).
    #[test]
    fn the_stride_split_is_the_recovery_split(
        days in proptest::collection::btree_set(1i64..59, 0..30),
        hour in 0i64..24,
        cadence in 150u32..190,
        tz_name in proptest::sample::select(&ZONES_TZS[..]),
    ) {
        let tz = time::zone(tz_name).unwrap();
        let start = utc("2026-01-01T00:00:00Z");
        let mut runs = Vec::new();
        let mut soreness = vec![sore("glutes", 0, &start.to_rfc3339())];
        // A run on the first day and one on the last, so each window has one.
        for day in [0].iter().chain(&days).chain(&[59]) {
            let at = start + TimeDelta::days(*day) + TimeDelta::hours(hour);
            runs.push(Run {
                cadence_spm: Some(cadence),
                ..long_run(&format!("run-{day:02}"), &at.to_rfc3339(), 2)
            });
            // Sore after it, back by the next morning: a known recovery.
            soreness.push(sore("calves", 5, &(at + TimeDelta::hours(3)).to_rfc3339()));
            soreness.push(sore("calves", 0, &(at + TimeDelta::hours(20)).to_rfc3339()));
        }
        let history = History { runs: &runs, soreness: &soreness, downtime: &[], finished: &[] };
        let now = start + TimeDelta::days(61);
        let report =
            insights::personal_report(history, &Settings::default(), now, tz).unwrap();
        let row = |m: Metric| report.rows.iter().find(|r| r.metric == m).unwrap();
        let (recovery, stride) = (row(Metric::RecoveryHours), row(Metric::StrideLength));
        proptest::prop_assert_eq!(
            (stride.baseline.n, stride.recent.n),
            (recovery.baseline.n, recovery.recent.n)
        );
        proptest::prop_assert!(stride.baseline.n > 0 && stride.recent.n > 0);
    }
}
