//! A 1,000-file import of runs (issue 23): 1,000 GPX tracks of an hour each (a point every
//! 30 s), read and stored in one transaction, against its floor: the same 1,000 rows inserted
//! with hand-written SQL in one transaction on a bare connection to a journal of the same
//! schema. Reading the files alone is measured too.
//!
//! `cargo bench -p fascia-core --bench imports`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use fascia_core::activity::{run_id, Batch};
use fascia_core::model::{RunFile, RunSource};
use fascia_core::{time, Journal};
use rusqlite::{params, Connection};

const FILES: usize = 1_000;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_704_096_000, 0).unwrap() // 2024-01-01T08:00:00Z
}

/// The `n`th run: a day after the one before, 120 points 30 s apart, 0.0008° of latitude
/// (89 m) each.
fn gpx(n: usize) -> RunFile {
    let start = t0() + TimeDelta::days(n as i64);
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"bench\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">\n<trk><type>running</type><trkseg>\n",
    );
    for i in 0..120 {
        let at = (start + TimeDelta::seconds(30 * i)).format("%Y-%m-%dT%H:%M:%SZ");
        let lat = 51.5 + 0.0008 * i as f64;
        let ele = 20.0 + (i as f64 / 10.0).sin() * 15.0;
        s.push_str(&format!(
            "<trkpt lat=\"{lat:.6}\" lon=\"-0.120000\"><ele>{ele:.1}</ele><time>{at}</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>86</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n"
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    RunFile {
        name: format!("run-{n:04}.gpx"),
        bytes: s.into_bytes(),
    }
}

fn now() -> DateTime<Utc> {
    t0() + TimeDelta::days(FILES as i64 + 1)
}

fn fresh() -> (tempfile::TempDir, Journal) {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open(
        dir.path().join("j.db"),
        time::zone("Europe/London").unwrap(),
    )
    .unwrap();
    (dir, j)
}

/// The floor: the same rows, inserted by hand-written SQL in one transaction.
fn raw_insert(conn: &mut Connection, batch: &Batch) -> usize {
    let tx = conn.transaction().unwrap();
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO runs (id, started_at, distance_m, duration_s, kind, created_at,
                 updated_at, time_zone, source, source_id, cadence_spm, elevation_gain_m)
                 VALUES (?1, ?2, ?3, ?4, 'easy', ?5, ?5, 'Europe/London', 'gpx', ?6, ?7, ?8)",
            )
            .unwrap();
        for r in &batch.runs {
            let id = uuid::Uuid::try_parse(&run_id(RunSource::Gpx, &r.source_id)).unwrap();
            stmt.execute(params![
                id.as_bytes().to_vec(),
                r.started_at.timestamp_millis(),
                r.distance_m,
                r.duration_s,
                now().timestamp_millis(),
                r.source_id,
                r.cadence_spm,
                r.elevation_gain_m
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
    batch.runs.len()
}

fn benches(c: &mut Criterion) {
    let files: Vec<RunFile> = (0..FILES).map(gpx).collect();
    let mut batch = Batch::new();
    for f in &files {
        batch.add_file(&f.name, &f.bytes);
    }
    assert_eq!(batch.runs.len(), FILES);
    let mut g = c.benchmark_group("import_1000_files");
    g.sample_size(10);
    g.bench_function("read_and_store_1000_gpx", |b| {
        b.iter_batched(
            fresh,
            |(dir, j)| {
                let s = j.import_run_files(black_box(&files), now()).unwrap();
                assert_eq!(s.added as usize, FILES);
                drop(j);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("store_1000_runs_already_read", |b| {
        b.iter_batched(
            fresh,
            |(dir, j)| {
                let s = j.import_runs(black_box(&batch), now()).unwrap();
                assert_eq!(s.added as usize, FILES);
                drop(j);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("read_1000_gpx_only", |b| {
        b.iter(|| {
            let mut batch = Batch::new();
            for f in &files {
                batch.add_file(&f.name, &f.bytes);
            }
            batch.runs.len()
        })
    });
    g.bench_function("floor_raw_sql_insert_1000_rows", |b| {
        b.iter_batched(
            || {
                let (dir, j) = fresh();
                drop(j);
                let conn = Connection::open(dir.path().join("j.db")).unwrap();
                conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
                    .unwrap();
                (dir, conn)
            },
            |(dir, mut conn)| {
                assert_eq!(raw_insert(&mut conn, &batch), FILES);
                drop(conn);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(import_benches, benches);
criterion_main!(import_benches);
