//! The journal on years of daily use, side by side with its floor (the same rows fetched with
//! hand-written SQL on a bare connection), plus export + import of ten years.
//!
//! Run with `cargo bench -p fascia-core --bench store`. The history generator prints the journal
//! size per year of use, and each history the today screen's ratios to its floors measured in
//! turns (`ratios_in_turns`: the figures to quote on a shared machine).

// A benchmark that hits an error should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use fascia_core::model::{
    Bodywork, Downtime, Race, RacePriority, ReminderDelivery, ReminderKind, Run, RunKind,
    SessionRecord, SessionStatus, Soreness,
};
use fascia_core::model::{Export, EXPORT_FORMAT, EXPORT_VERSION};
use fascia_core::routine::{build, RoutineKind, RoutineRequest, Side};
use fascia_core::timer::{Event, Timer};
use fascia_core::zones::Catalog;
use fascia_core::Journal;
use rusqlite::{params, Connection};

const DAY: i64 = 86_400;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_577_865_600, 0).unwrap() // 2020-01-01T08:00:00Z
}

/// Where the longest histories start, so that two centuries stay within the dates a journal
/// accepts (1970 to 2200).
fn t_1970() -> DateTime<Utc> {
    DateTime::from_timestamp(8 * 3600, 0).unwrap() // 1970-01-01T08:00:00Z
}

/// A stable fake UUID from a kind tag and a counter.
fn id(tag: u32, n: u32) -> String {
    format!("{tag:08x}-0000-4000-8000-{n:012x}")
}

/// `years` of a committed runner from `t0` on: a routine most days, five runs a week with a
/// Sunday long run, soreness after runs, a reminder a day, bodywork twice a month, a few races and
/// some downtime.
fn history_from(t0: DateTime<Utc>, years: i64) -> (Export, DateTime<Utc>) {
    let catalog = Catalog::embedded().unwrap();
    let routine =
        std::sync::Arc::new(build(catalog, &RoutineRequest::new(RoutineKind::Daily)).unwrap());
    let zones = [
        "calves",
        "plantar-fascia",
        "it-band",
        "hamstrings",
        "glutes",
    ];
    let mut doc = Export {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        exported_at: t0,
        settings: None,
        sessions: vec![],
        runs: vec![],
        soreness: vec![],
        downtime: vec![],
        races: vec![],
        bodywork: vec![],
        reminder_log: vec![],
        deleted: vec![],
    };
    let days = years * 365;
    for d in 0..days {
        let n = d as u32;
        let morning = t0 + TimeDelta::seconds(d * DAY);
        if d % 7 != 3 {
            let events = [
                (0, Event::Start),
                (100, Event::Pause),
                (130, Event::Resume),
                (200, Event::Extend),
                (800, Event::Finish),
            ];
            let events: Vec<_> = events
                .iter()
                .map(|(s, e)| fascia_core::timer::TimedEvent {
                    at: morning + TimeDelta::seconds(*s),
                    event: *e,
                })
                .collect();
            let timer = Timer::from_log(routine.clone(), &events).unwrap();
            doc.sessions.push(SessionRecord {
                id: id(1, n),
                status: SessionStatus::Finished,
                started_at: morning,
                ended_at: timer.snapshot(morning + TimeDelta::seconds(900)).ended_at,
                routine: routine.clone(),
                events,
                created_at: morning,
                updated_at: morning + TimeDelta::seconds(800),
            });
        }
        doc.reminder_log.push(ReminderDelivery {
            id: id(2, n),
            reminder_id: format!("daily-{}", morning.date_naive()),
            kind: ReminderKind::DailyRoutine,
            fire_at: morning - TimeDelta::minutes(60),
            delivered_at: morning - TimeDelta::minutes(60),
            created_at: morning,
            updated_at: morning,
        });
        let weekday = d % 7;
        if weekday != 1 && weekday != 4 {
            let long = weekday == 6;
            let start = morning + TimeDelta::hours(10);
            let km = if long {
                24 + (d % 9) as u32
            } else {
                8 + (d % 5) as u32
            };
            doc.runs.push(Run {
                id: id(3, n),
                started_at: start,
                distance_m: km * 1000,
                duration_s: km * 330,
                kind: if long { RunKind::Long } else { RunKind::Easy },
                time_zone: Some("Europe/Paris".into()),
                created_at: start,
                updated_at: start,
                source: None,
                source_id: None,
                cadence_spm: None,
                elevation_gain_m: None,
            });
            let count = if long { 3 } else { 1 };
            for z in 0..count {
                let zone = zones[((d + z) % 5) as usize];
                doc.soreness.push(Soreness {
                    id: id(4, n * 4 + z as u32),
                    zone: zone.into(),
                    side: if z % 2 == 0 { Side::Left } else { Side::Right },
                    level: ((d * 7 + z) % 9) as u8,
                    at: start + TimeDelta::hours(4),
                    run_id: Some(id(3, n)),
                    note: None,
                    time_zone: Some("Europe/Paris".into()),
                    created_at: start + TimeDelta::hours(4),
                    updated_at: start + TimeDelta::hours(4),
                });
            }
        }
        if d % 15 == 7 {
            let at = morning + TimeDelta::hours(9);
            doc.bodywork.push(Bodywork {
                id: id(5, n),
                at,
                minutes: 45,
                done: true,
                time_zone: Some("Europe/Paris".into()),
                created_at: at,
                updated_at: at,
            });
        }
        if d % 30 == 11 {
            doc.downtime.push(Downtime {
                id: id(6, n),
                date: morning.date_naive(),
                minutes: 60,
                zone: Some("it-band".into()),
                created_at: morning,
                updated_at: morning,
            });
        }
        if d % 61 == 20 {
            let date = morning.date_naive() + TimeDelta::days(40);
            doc.races.push(Race {
                id: id(7, n),
                name: format!("Race {}", date.ordinal()),
                date,
                distance_m: Some(21_097),
                priority: [RacePriority::A, RacePriority::B, RacePriority::C][(d % 3) as usize],
                created_at: morning,
                updated_at: morning,
            });
        }
    }
    let end = t0 + TimeDelta::seconds(days * DAY);
    doc.exported_at = end;
    (doc, end)
}

fn journal_with(dir: &Path, years: i64) -> (std::path::PathBuf, DateTime<Utc>) {
    journal_from(dir, t0(), years)
}

/// [`journal_with`], the history starting at `t0`.
fn journal_from(dir: &Path, t0: DateTime<Utc>, years: i64) -> (std::path::PathBuf, DateTime<Utc>) {
    let path = dir.join(format!("history-{years}y-from-{}.db", t0.year()));
    let (doc, now) = history_from(t0, years);
    let store = Journal::open(&path, fascia_core::time::zone("UTC").unwrap()).unwrap();
    store.import(&doc, now).unwrap();
    drop(store);
    // Fold the WAL in so the file size is the journal's size.
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    let bytes = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "{years} years: {} sessions, {} runs, {} soreness entries; {:.2} MB, {:.2} MB per year",
        doc.sessions.len(),
        doc.runs.len(),
        doc.soreness.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / years as f64
    );
    (path, now)
}

/// The today screen, through the journal: open, read its windows, plan the routine, calendar and
/// next reminder.
fn today_via_journal(path: &Path, now: DateTime<Utc>) -> usize {
    let journal = Journal::open(path, fascia_core::time::zone("Europe/London").unwrap()).unwrap();
    let today = journal.today(now).unwrap();
    today.routine.steps.len() + today.calendar.len()
}

/// The same rows with hand-written SQL on a bare connection: the floor.
fn today_via_raw_sql(path: &Path, now: DateTime<Utc>) -> usize {
    let conn = Connection::open(path).unwrap();
    let ms = |t: DateTime<Utc>| t.timestamp_millis();
    let mut n = 0;
    let _settings: Option<String> = conn
        .query_row("SELECT body FROM settings LIMIT 1", [], |r| r.get(0))
        .ok();
    let mut q = conn
        .prepare("SELECT id, routine FROM sessions WHERE status = 'active'")
        .unwrap();
    n += q
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .count();
    let mut q = conn
        .prepare("SELECT id, zone, side, level, at, run_id, note, created_at, updated_at FROM soreness WHERE at >= ?1 AND at < ?2 ORDER BY at, id")
        .unwrap();
    n += q
        .query_map(params![ms(now - TimeDelta::hours(72)), ms(now)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .unwrap()
        .count();
    let mut q = conn
        .prepare("SELECT id, started_at, distance_m, duration_s, kind FROM runs WHERE started_at < ?1 AND (kind = 'long' OR distance_m >= ?2) ORDER BY started_at DESC LIMIT 1")
        .unwrap();
    n += q
        .query_map(params![ms(now), 18_000], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .unwrap()
        .count();
    let mut q = conn
        .prepare("SELECT id, started_at, distance_m, duration_s, kind FROM runs ORDER BY started_at DESC, id LIMIT 5")
        .unwrap();
    n += q
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
        .count();
    let mut q = conn
        .prepare("SELECT id, name, date, distance_m, priority FROM races ORDER BY date, id")
        .unwrap();
    n += q
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .count();
    let mut q = conn
        .prepare(
            "SELECT id, at, minutes, done FROM bodywork WHERE at >= ?1 AND at < ?2 ORDER BY at, id",
        )
        .unwrap();
    n += q
        .query_map(params![ms(now), ms(now + TimeDelta::days(30))], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })
        .unwrap()
        .count();
    let mut q = conn
        .prepare("SELECT started_at FROM sessions WHERE status = 'finished' AND started_at >= ?1 AND started_at < ?2 ORDER BY started_at")
        .unwrap();
    n += q
        .query_map(params![ms(now - TimeDelta::days(60)), ms(now)], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
        .count();
    n
}

/// Every row `Journal::today` reads now, with hand-written SQL on a bare connection, each column
/// taken out as an owned value. The floor above was written for an earlier today screen; this one
/// reads today's windows: two years of finished sessions (the streak), two weeks of soreness and
/// session logs (the safety flags), six weeks of the runs that bring the check-in (long runs and
/// races: the long-run habit, and the latest of them for the check-in, as it is in those weeks
/// here), bodywork from 120 days back to 400 ahead, and the races from the earliest day an
/// upcoming A race's bodywork deadline can fall on (the peak's 5 weeks and a day before today).
fn today_rows_via_raw_sql(path: &Path, now: DateTime<Utc>) -> usize {
    let conn = Connection::open(path).unwrap();
    let at = |days: i64| (now + TimeDelta::days(days)).timestamp_millis();
    let soon = (now + TimeDelta::seconds(1)).timestamp_millis();
    let mut n = 0;
    let mut rows = |sql: &str, params: &[i64]| {
        let mut stmt = conn.prepare(sql).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params)).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<rusqlite::types::Value> = (0..columns)
                .map(|i| row.get_ref(i).unwrap().into())
                .collect();
            n += values.len();
        }
    };
    rows("SELECT body FROM settings", &[]);
    rows("SELECT id FROM sessions WHERE status = 'active'", &[]);
    rows(
        "SELECT * FROM soreness WHERE at >= ?1 AND at < ?2 ORDER BY at",
        &[at(-15), soon],
    );
    rows(
        "SELECT id, started_at, events FROM sessions WHERE started_at >= ?1 AND started_at < ?2",
        &[at(-15), soon],
    );
    rows(
        "SELECT * FROM runs WHERE started_at >= ?1 AND started_at < ?2
         AND (kind IN ('long', 'race') OR distance_m >= ?3) ORDER BY started_at",
        &[at(-42), soon, 18_000],
    );
    rows(
        "SELECT * FROM bodywork WHERE at >= ?1 AND at < ?2 ORDER BY at",
        &[at(-120), at(400)],
    );
    rows(
        "SELECT started_at FROM sessions
         WHERE status = 'finished' AND counted = 1 AND started_at >= ?1 AND started_at < ?2
         ORDER BY started_at",
        &[at(-730), soon],
    );
    let today =
        fascia_core::time::local_date(fascia_core::time::zone("Europe/London").unwrap(), now);
    let races_from = today - TimeDelta::weeks(5) - TimeDelta::days(1);
    let mut stmt = conn
        .prepare("SELECT * FROM races WHERE date >= ?1 ORDER BY date")
        .unwrap();
    let columns = stmt.column_count();
    let mut races = stmt.query([races_from.to_string()]).unwrap();
    while let Some(row) = races.next().unwrap() {
        let values: Vec<rusqlite::types::Value> = (0..columns)
            .map(|i| row.get_ref(i).unwrap().into())
            .collect();
        n += values.len();
    }
    n
}

/// Whether the benchmarks asked for include the today screen's: a filter naming `today`, or none
/// (criterion's options and their numbers aside).
fn today_wanted() -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    args.iter().any(|a| a.contains("today"))
        || args
            .iter()
            .all(|a| a.starts_with('-') || a.parse::<f64>().is_ok())
}

/// The journal against its two floors in turns, printed: each round times 20 calls of each, one
/// after the other, and the medians of the rounds' own ratios are given. Criterion runs one
/// benchmark after another for seconds each, and on a shared machine the speed can change by a
/// third between two of them, which a ratio of their separate figures carries; within a round,
/// the three are timed at one speed.
fn ratios_in_turns(path: &Path, now: DateTime<Utc>, span: &str) {
    const ROUNDS: usize = 30;
    const CALLS: u32 = 20;
    let time = |f: &dyn Fn() -> usize| {
        let start = std::time::Instant::now();
        for _ in 0..CALLS {
            black_box(f());
        }
        start.elapsed().as_secs_f64() / f64::from(CALLS)
    };
    let (mut floor, mut same, mut journal) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        floor.push(time(&|| today_via_raw_sql(path, now)));
        same.push(time(&|| today_rows_via_raw_sql(path, now)));
        journal.push(time(&|| today_via_journal(path, now)));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let over = |base: &[f64]| median(journal.iter().zip(base).map(|(j, b)| j / b).collect());
    let (to_floor, to_same) = (over(&floor), over(&same));
    eprintln!(
        "today/{span} in turns ({ROUNDS} rounds of {CALLS} calls each, medians): \
         raw_sql_floor {:.0} µs, raw_sql_same_rows {:.0} µs, journal {:.0} µs; \
         journal = {to_floor:.2}× raw_sql_floor, {to_same:.2}× raw_sql_same_rows",
        median(floor) * 1e6,
        median(same) * 1e6,
        median(journal.clone()) * 1e6,
    );
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    // FASCIA_KEEP_HISTORY=DIR keeps the generated journals there, to look inside them.
    let base = std::env::var_os("FASCIA_KEEP_HISTORY")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    let mut group = c.benchmark_group("today");
    let mut ten = None;
    // `cargo test` runs each benchmark once as a smoke test: keep that run small.
    let measuring = std::env::args().any(|a| a == "--bench");
    let spans: &[i64] = if measuring { &[5, 10] } else { &[1, 2] };
    let mut sizes = Vec::new();
    for &years in spans {
        let (path, now) = journal_with(&base, years);
        sizes.push((years, std::fs::metadata(&path).unwrap().len()));
        assert!(today_via_raw_sql(&path, now) > 0 && today_via_journal(&path, now) > 0);
        group.bench_with_input(
            BenchmarkId::new("raw_sql_floor", format!("{years}y")),
            &years,
            |b, _| b.iter(|| today_via_raw_sql(black_box(&path), now)),
        );
        assert!(today_rows_via_raw_sql(&path, now) > 0);
        group.bench_with_input(
            BenchmarkId::new("raw_sql_same_rows", format!("{years}y")),
            &years,
            |b, _| b.iter(|| today_rows_via_raw_sql(black_box(&path), now)),
        );
        group.bench_with_input(
            BenchmarkId::new("journal", format!("{years}y")),
            &years,
            |b, _| b.iter(|| today_via_journal(black_box(&path), now)),
        );
        if measuring && today_wanted() {
            ratios_in_turns(&path, now, &format!("{years}y"));
        }
        ten = Some((path, now));
    }
    // Where the journal's time goes on the longest history: opening and closing it (the
    // identity check, the pragmas, the leftovers of killed writes looked for), against a bare
    // connection opened and closed with its schema read (what every floor above pays); and the
    // screen on a journal already open, as the phone apps ask it (statements prepared, pages in
    // SQLite's cache).
    if let Some((path, now)) = &ten {
        let longest = format!("{}y", spans[spans.len() - 1]);
        let london = || fascia_core::time::zone("Europe/London").unwrap();
        group.bench_function(BenchmarkId::new("journal_open_close", &longest), |b| {
            b.iter(|| Journal::open(black_box(path), london()).unwrap())
        });
        group.bench_function(BenchmarkId::new("raw_open_close", &longest), |b| {
            b.iter(|| {
                let conn = Connection::open(black_box(path)).unwrap();
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                    r.get::<_, i64>(0)
                })
                .unwrap()
            })
        });
        let journal = Journal::open(path, london()).unwrap();
        group.bench_function(BenchmarkId::new("journal_already_open", &longest), |b| {
            b.iter(|| journal.today(black_box(*now)).unwrap())
        });
    }
    group.finish();
    // The goal for a year of daily use, checked on what each further year adds (the first year
    // also carries the file's fixed pages).
    if let [(y1, s1), (y2, s2)] = sizes[..] {
        let per_year = (s2 - s1) / (y2 - y1) as u64;
        eprintln!("each further year: {:.2} MB", per_year as f64 / 1e6);
        assert!(per_year <= 300_000, "{per_year} bytes a year, over 300 KB");
    }

    let (path, now) = ten.unwrap();
    let store = Journal::open(&path, fascia_core::time::zone("Europe/London").unwrap()).unwrap();
    let mut group = c.benchmark_group(if measuring { "ten_years" } else { "one_year" });
    group.sample_size(10);
    group.bench_function("export_json", |b| {
        b.iter(|| store.export_json(now).unwrap().len())
    });
    let text = store.export_json(now).unwrap();
    eprintln!("export: {:.2} MB of JSON", text.len() as f64 / 1e6);
    // Each iteration imports into a new journal in a folder of its own; the one before is
    // removed first, untimed, so no iteration pays for writing back the files of those before it.
    let fresh = || {
        let target = dir.path().join("import");
        let _ = std::fs::remove_dir_all(&target);
        std::fs::create_dir(&target).unwrap();
        target.join("fascia.db")
    };
    group.bench_function("import_into_empty", |b| {
        b.iter_batched(
            fresh,
            |path| {
                let target = Journal::open(path, fascia_core::time::zone("UTC").unwrap()).unwrap();
                target.import_json(black_box(&text), now).unwrap()
            },
            BatchSize::PerIteration,
        )
    });
    // Moving phones: the export on one, the import on the other (goal: at most 150 ms for ten
    // years; opening and closing the new journal counted), against its floor, the same document
    // through serde_json alone.
    group.bench_function("export_then_import", |b| {
        b.iter_batched(
            fresh,
            |path| {
                let text = store.export_json(now).unwrap();
                let target = Journal::open(path, fascia_core::time::zone("UTC").unwrap()).unwrap();
                target.import_json(black_box(&text), now).unwrap()
            },
            BatchSize::PerIteration,
        )
    });
    let doc = store.export(now).unwrap();
    group.bench_function("floor_serde_round_trip", |b| {
        b.iter(|| {
            let text = serde_json::to_string(black_box(&doc)).unwrap();
            serde_json::from_str::<Export>(&text).unwrap()
        })
    });
    group.finish();

    // The full report on the whole history, against loading that history from the journal.
    let mut group = c.benchmark_group(if measuring {
        "report_ten_years"
    } else {
        "report_one_year"
    });
    group.sample_size(10);
    group.bench_function("floor_load_history", |b| {
        b.iter(|| store.export(now).unwrap())
    });
    group.bench_function("full_report", |b| b.iter(|| store.report(now).unwrap()));
    group.finish();

    // How the report grows with the history: the same life of running over 10, 65 and 192 years
    // (2.6k, 17k and 50k runs), each against its floor, the rows the report reads fetched with
    // plain SQL. The ratio staying flat is the report staying linear. The longer journals are
    // built only when their benchmark runs (`cargo test` runs the small one).
    let mut group = c.benchmark_group("report_scaling");
    group.sample_size(10);
    group.sampling_mode(criterion::SamplingMode::Flat);
    let ten = (path.clone(), now);
    let sizes: &[i64] = if measuring { &[10, 65, 192] } else { &[2] };
    for &years in sizes {
        // Built on first use, once for both benchmarks of this size.
        let journal = std::cell::OnceCell::new();
        let open = || {
            journal.get_or_init(|| {
                let (path, now) = if years == 10 || !measuring {
                    ten.clone()
                } else {
                    journal_from(&base, t_1970(), years)
                };
                let tz = fascia_core::time::zone("Europe/London").unwrap();
                let store = Journal::open(&path, tz).unwrap();
                let conn = Connection::open(&path).unwrap();
                let runs: i64 = conn
                    .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
                    .unwrap();
                eprintln!("report_scaling/{years}y: {runs} runs");
                (store, conn, now)
            })
        };
        group.bench_function(
            BenchmarkId::new("raw_sql_floor", format!("{years}y")),
            |b| {
                let (_, conn, _) = open();
                b.iter(|| report_rows_via_raw_sql(black_box(conn)))
            },
        );
        group.bench_function(BenchmarkId::new("full_report", format!("{years}y")), |b| {
            let (store, _, now) = open();
            b.iter(|| store.report(black_box(*now)).unwrap())
        });
    }
    group.finish();
}

/// Every row the report reads (runs, soreness, downtime, finished session starts), each column
/// taken out of SQLite as an owned value: the report's floor.
fn report_rows_via_raw_sql(conn: &Connection) -> usize {
    let mut n = 0;
    for sql in [
        "SELECT * FROM runs ORDER BY started_at",
        "SELECT * FROM soreness ORDER BY at",
        "SELECT * FROM downtime ORDER BY date",
        "SELECT started_at FROM sessions WHERE status = 'finished' ORDER BY started_at",
    ] {
        let mut stmt = conn.prepare_cached(sql).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<rusqlite::types::Value> = (0..columns)
                .map(|i| row.get_ref(i).unwrap().into())
                .collect();
            n += values.len();
        }
    }
    n
}

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
