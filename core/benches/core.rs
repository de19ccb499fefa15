//! Benchmarks for the hot paths a phone calls every frame or on every change:
//! `snapshot(now)`, `cues(now, horizon)` and the routine builder.
//!
//! Run with `cargo bench -p fascia-core --bench core`. Report each figure as a ratio to
//! `floor/clone_daily_routine`, measured in the same run.

// A benchmark that hits an error should stop loudly.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use fascia_core::model::Reason;
use fascia_core::model::{Race, RacePriority, Settings};
use fascia_core::plan;
use fascia_core::reminders::{self, ReminderInputs};
use fascia_core::routine::{self, RoutineKind, RoutineRequest, ZonePriority};
use fascia_core::time;
use fascia_core::timer::{Event, Timer};
use fascia_core::zones::Catalog;

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_000_000 + seconds, 0).unwrap_or_default()
}

/// A daily routine mid-way, after a realistic handful of pauses, skips and an extension.
fn busy_timer(catalog: &Catalog) -> Timer {
    let routine = routine::build(catalog, &RoutineRequest::new(RoutineKind::Daily)).unwrap();
    let mut timer = Timer::start(routine, at(0)).unwrap();
    let events = [
        (40, Event::Pause),
        (70, Event::Resume),
        (100, Event::Extend),
        (160, Event::Skip),
        (200, Event::Back),
        (260, Event::Pause),
        (300, Event::Resume),
        (330, Event::PainSkip),
    ];
    for (s, e) in events {
        timer.apply(e, at(s)).unwrap();
    }
    timer
}

fn benches(c: &mut Criterion) {
    let catalog = Catalog::embedded().unwrap();
    let timer = busy_timer(catalog);

    c.bench_function("timer/snapshot", |b| {
        b.iter(|| black_box(&timer).snapshot(black_box(at(400))))
    });
    c.bench_function("timer/cues_15min", |b| {
        b.iter(|| black_box(&timer).cues(catalog, black_box(at(400)), TimeDelta::minutes(15)))
    });
    c.bench_function("timer/replay_log", |b| {
        b.iter(|| Timer::from_log(timer.routine().clone(), black_box(timer.events())).unwrap())
    });

    let daily = RoutineRequest::new(RoutineKind::Daily);
    // Floor: the least any builder must do is hand back a routine of this size.
    let built = routine::build(catalog, &daily).unwrap();
    c.bench_function("floor/clone_daily_routine", |b| {
        b.iter(|| black_box(&built).clone())
    });
    c.bench_function("routine/build_daily", |b| {
        b.iter(|| routine::build(catalog, black_box(&daily)).unwrap())
    });
    let mut sore = RoutineRequest::new(RoutineKind::Daily);
    sore.priorities = ["hamstrings", "calves", "it-band"]
        .iter()
        .enumerate()
        .map(|(i, z)| ZonePriority {
            zone: (*z).into(),
            level: 4 + i as u8 * 2,
            side: routine::Side::Both,
            reason: Reason::key("reason.sore").with("level", 4 + i * 2),
        })
        .collect();
    c.bench_function("routine/build_daily_sore", |b| {
        b.iter(|| routine::build(catalog, black_box(&sore)).unwrap())
    });
    let bodywork = RoutineRequest::new(RoutineKind::Bodywork);
    c.bench_function("routine/build_bodywork", |b| {
        b.iter(|| routine::build(catalog, black_box(&bodywork)).unwrap())
    });
}

/// A year of reminders with ten races, against the floor of resolving each day's local time.
fn reminder_benches(c: &mut Criterion) {
    let catalog = Catalog::embedded().unwrap();
    let tz = time::zone("Europe/London").unwrap();
    let now = at(0);
    let today = time::local_date(tz, now);
    let races: Vec<Race> = (0..10)
        .map(|i| Race {
            id: format!("race-{i}"),
            name: format!("Race {i}"),
            date: today + chrono::TimeDelta::days(30 + i * 33),
            distance_m: Some(21_097),
            priority: [RacePriority::A, RacePriority::B, RacePriority::C][i as usize % 3],
            created_at: now,
            updated_at: now,
        })
        .collect();
    let settings = Settings::default();
    let season = plan::season(catalog, &races, &[], &settings, today, tz);
    let done = std::collections::BTreeSet::new();
    let inputs = ReminderInputs {
        now,
        tz,
        settings: &settings,
        season: &season,
        routine_done: &done,
        bodywork: &[],
        unrated_long_run: None,
        follow_up_run: None,
    };
    c.bench_function("floor/resolve_365_local_times", |b| {
        b.iter(|| {
            (0..365)
                .map(|i| {
                    let date = today + chrono::TimeDelta::days(i);
                    time::resolve(tz, date, settings.reminder_time).instant
                })
                .max()
        })
    });
    c.bench_function("reminders/plan_10_races_365_days_limit_64", |b| {
        b.iter(|| reminders::plan(catalog, black_box(&inputs), 365, reminders::DEFAULT_LIMIT))
    });
    c.bench_function("plan/season_10_races", |b| {
        b.iter(|| plan::season(catalog, black_box(&races), &[], &settings, today, tz))
    });
}

criterion_group!(core_benches, benches, reminder_benches);
criterion_main!(core_benches);
