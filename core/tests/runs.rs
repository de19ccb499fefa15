//! Runs from the runner's watch and phone (issue 23): FIT, GPX and TCX files and health-store
//! records, read by the core and imported into the journal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, Utc};
use fascia_core::activity::{self, fit, Batch};
use fascia_core::model::{HealthRun, NewRun, RunFile, RunKind, RunSource};
use fascia_core::{time, Journal};
use proptest::prelude::*;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap()
}

fn file(rel: &str) -> RunFile {
    RunFile {
        name: rel.to_owned(),
        bytes: fixture(rel),
    }
}

fn journal(dir: &tempfile::TempDir) -> Journal {
    Journal::open(
        dir.path().join("j.db"),
        time::zone("Europe/London").unwrap(),
    )
    .unwrap()
}

const NOW: &str = "2026-06-01T12:00:00Z";

// ---- FIT ----------------------------------------------------------------------------------

fn num(v: &fitparser::Value) -> Option<f64> {
    use fitparser::Value::*;
    Some(match v {
        Timestamp(t) => t.timestamp() as f64,
        Byte(x) | Enum(x) | UInt8(x) | UInt8z(x) => f64::from(*x),
        UInt16(x) | UInt16z(x) => f64::from(*x),
        UInt32(x) | UInt32z(x) => f64::from(*x),
        Float32(x) => f64::from(*x),
        Float64(x) => *x,
        SInt8(x) => f64::from(*x),
        SInt16(x) => f64::from(*x),
        SInt32(x) => f64::from(*x),
        _ => return None,
    })
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-6,
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn fit_sessions_agree_with_fitparser() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fitparser"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain(
            std::fs::read_dir(root().join("runs"))
                .unwrap()
                .map(|e| e.unwrap().path()),
        )
        .filter(|p| p.extension().is_some_and(|e| e == "fit"))
        .collect();
    files.sort();
    assert!(files.len() >= 17, "{files:?}");
    let mut sessions_seen = 0;
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let theirs: Vec<_> = fitparser::from_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .into_iter()
            .filter(|r| r.kind() == fitparser::profile::MesgNum::Session)
            .collect();
        let ours = fit::decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(ours.sessions.len(), theirs.len(), "{}", path.display());
        for (o, t) in ours.sessions.iter().zip(&theirs) {
            sessions_seen += 1;
            let field = |n: u8| {
                t.fields()
                    .iter()
                    .find(|f| f.number() == n)
                    .map(|f| f.value())
            };
            let value = |n: u8| field(n).and_then(num);
            let at = path.display();
            assert!(
                close(
                    o.start_time.map(|s| f64::from(s) + fit::FIT_EPOCH_S as f64),
                    value(2)
                ),
                "{at}: start"
            );
            let running = match field(5) {
                Some(fitparser::Value::String(s)) => s == "running",
                Some(v) => num(v) == Some(1.0),
                None => false,
            };
            assert_eq!(o.sport == Some(1), running, "{at}: sport");
            assert!(close(o.total_elapsed_time_s, value(7)), "{at}: elapsed");
            assert!(close(o.total_timer_time_s, value(8)), "{at}: timer");
            assert!(close(o.total_distance_m, value(9)), "{at}: distance");
            assert!(
                close(o.avg_cadence.map(f64::from), value(18)),
                "{at}: cadence"
            );
            assert!(
                close(
                    o.avg_fractional_cadence.map(|f| f64::from(f) / 128.0),
                    value(92)
                ),
                "{at}: fractional cadence"
            );
            assert!(
                close(o.total_ascent_m.map(f64::from), value(22)),
                "{at}: ascent"
            );
        }
    }
    assert!(sessions_seen >= 8, "{sessions_seen}");
}

#[test]
fn a_long_run_from_a_watch() {
    let found = activity::read_file("long-run-28k.fit", &fixture("runs/long-run-28k.fit")).unwrap();
    assert_eq!(found.len(), 1);
    let a = &found[0];
    assert!(a.is_run);
    assert_eq!(a.source, RunSource::Fit);
    assert_eq!(a.started_at, utc("2026-03-15T08:00:00Z"));
    assert_eq!(a.duration_s, 9000.0);
    assert_eq!(a.distance_m, 28_000.0);
    assert_eq!(a.cadence_spm, Some(175.0));
    assert_eq!(a.elevation_gain_m, Some(312.0));
    // The device's serial number and when the file was made.
    assert_eq!(
        a.source_id,
        format!("3952480171-{}", 1_773_561_480 - 631_065_600)
    );
}

#[test]
fn a_multisport_file_gives_one_activity_per_session() {
    let found = activity::read_file("duathlon.fit", &fixture("runs/duathlon.fit")).unwrap();
    let runs: Vec<_> = found.iter().map(|a| a.is_run).collect();
    assert_eq!(runs, [true, false, true]);
    assert_eq!(found[2].cadence_spm, Some(176.5));
    assert!(found[0].source_id.ends_with("/1") && found[2].source_id.ends_with("/3"));
    let mut batch = Batch::new();
    batch.add_file("duathlon.fit", &fixture("runs/duathlon.fit"));
    assert_eq!((batch.runs.len(), batch.non_runs), (2, 1));
}

/// A FIT file written here, to reach what fit-tool does not write: big-endian definitions,
/// developer fields and compressed-timestamp headers.
fn handmade_fit() -> Vec<u8> {
    let mut data = Vec::new();
    // Definition, local 0, big-endian, global 0 (file_id): serial (3, uint32z), time (4, uint32).
    data.extend([0x40, 0, 1, 0, 0, 2, 3, 4, 0x8C, 4, 4, 0x86]);
    data.push(0); // a data message of local type 0
    data.extend([0, 0, 0x30, 0x39]); // serial 12345
    data.extend(1_000_000_000u32.to_be_bytes());
    // Definition, local 1, little-endian, with developer fields, global 20 (record): timestamp.
    data.extend([0x60 | 1, 0, 0, 20, 0, 1, 253, 4, 0x86, 1, 0, 3, 0]);
    data.push(1); // a data message of local type 1
    data.extend(1_000_000_100u32.to_le_bytes());
    data.extend([7, 7, 7]); // the developer field's 3 bytes
                            // A compressed-timestamp record of local type 1 (bits 5–6 = 1), offset 5.
                            // Every defined field is there (an invalid timestamp), then the developer field.
    data.extend([0x80 | (1 << 5) | 5]);
    data.extend(u32::MAX.to_le_bytes());
    data.extend([8, 8, 8]);
    // Definition, local 2, big-endian, global 18 (session).
    data.extend([
        0x42, 0, 1, 0, 18, 7, 2, 4, 0x86, 5, 1, 0x00, 8, 4, 0x86, 9, 4, 0x86, 18, 1, 0x02, 92, 1,
        0x02, 22, 2, 0x84,
    ]);
    data.push(2); // a data message of local type 2
    data.extend(1_000_000_000u32.to_be_bytes());
    data.push(1); // running
    data.extend(3_600_000u32.to_be_bytes());
    data.extend(1_200_000u32.to_be_bytes()); // 12 km
    data.push(85);
    data.push(64); // .5
    data.extend(0xFFFFu16.to_be_bytes()); // invalid: no ascent
    let mut file = vec![14, 0x20, 0x08, 0x08];
    file.extend((data.len() as u32).to_le_bytes());
    file.extend(b".FIT");
    let crc = fit::crc16(0, &file);
    file.extend(crc.to_le_bytes());
    file.extend(&data);
    let crc = fit::crc16(0, &file);
    file.extend(crc.to_le_bytes());
    file
}

#[test]
fn big_endian_developer_fields_and_compressed_timestamps() {
    let bytes = handmade_fit();
    let f = fit::decode(&bytes).unwrap();
    assert_eq!(f.file_id.serial_number, Some(12345));
    assert_eq!(f.sessions.len(), 1);
    let s = f.sessions[0];
    assert_eq!(s.total_distance_m, Some(12_000.0));
    assert_eq!(s.cadence(), Some(85.5));
    assert_eq!(s.total_ascent_m, None);
    // (fitparser refuses this file: its developer field has no field description message,
    // which the FIT SDK does not require to step over it. DeveloperData.fit, with one, is in
    // `fit_sessions_agree_with_fitparser`.)
}

#[test]
fn every_truncation_and_every_flipped_byte_of_a_fit_file_is_refused_not_a_panic() {
    let bytes = fixture("runs/easy-10k.fit");
    for len in 0..bytes.len() {
        let e = activity::read_file("cut.fit", &bytes[..len]).unwrap_err();
        assert_eq!(e.name, "cut.fit");
        assert!(!e.reason.is_empty());
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x5A;
        // A flipped byte is caught by a CRC (or the header's checks).
        assert!(activity::read_file("flip.fit", &b).is_err(), "byte {i}");
    }
}

// ---- GPX and TCX --------------------------------------------------------------------------

#[test]
fn a_gpx_track_worked_by_hand() {
    let found = activity::read_file("easy-run.gpx", &fixture("runs/easy-run.gpx")).unwrap();
    assert_eq!(found.len(), 1);
    let a = &found[0];
    assert!(a.is_run);
    assert_eq!(a.started_at, utc("2026-05-02T07:00:00Z"));
    assert_eq!(a.duration_s, 3300.0);
    // Ten steps of 0.009° of latitude: 10 × 1000.76 m.
    assert!((a.distance_m - 10_007.6).abs() < 1.0, "{}", a.distance_m);
    // 10 → 15 → 21 → 30 (+20), down to 26, → 31 (+5); wobbles under 3 m do not count.
    assert_eq!(a.elevation_gain_m, Some(25.0));
    // Ten points at 86 strides a minute and one at 88, doubled.
    assert!((a.cadence_spm.unwrap() - 2.0 * (86.0 * 10.0 + 88.0) / 11.0).abs() < 1e-9);
    assert_eq!(a.source_id, "2026-05-02T07:00:00Z");
}

#[test]
fn a_tcx_activity_worked_by_hand() {
    let found = activity::read_file("long-run.tcx", &fixture("runs/long-run.tcx")).unwrap();
    let a = &found[0];
    assert!(a.is_run);
    assert_eq!(a.source_id, "2026-05-09T06:30:00.000Z");
    assert_eq!(a.started_at, utc("2026-05-09T06:30:00Z"));
    assert_eq!(a.duration_s, 9000.0);
    assert_eq!(a.distance_m, 26_500.0);
    // Laps at 86 (5400 s) and 89 (3600 s) strides a minute: 87.2, doubled.
    assert!((a.cadence_spm.unwrap() - 174.4).abs() < 1e-9);
    // 50 → 53 (+3) → 60 (+7), down to 58, → 70 (+12).
    assert_eq!(a.elevation_gain_m, Some(22.0));
}

#[test]
fn non_runs_are_skipped_and_counted() {
    let mut batch = Batch::new();
    for f in ["runs/ride.gpx", "runs/swim.tcx", "runs/ride-40k.fit"] {
        batch.add_file(f, &fixture(f));
    }
    assert_eq!((batch.runs.len(), batch.non_runs), (0, 3));
    assert!(batch.refused.is_empty(), "{:?}", batch.refused);
}

#[test]
fn hostile_files_are_refused_with_their_name_and_the_rest_goes_on() {
    let hostile = [
        ("runs-hostile/truncated.gpx", "truncated"),
        ("runs-hostile/not-xml.gpx", "not a gpx document"),
        ("runs-hostile/laughs.gpx", "DOCTYPE"),
        ("runs-hostile/huge.tcx", "out of range"),
        ("runs-hostile/flipped.fit", "CRC"),
        ("runs-hostile/truncated.fit", "truncated"),
    ];
    let mut batch = Batch::new();
    batch.add_file("runs/easy-10k.fit", &fixture("runs/easy-10k.fit"));
    for (f, _) in hostile {
        batch.add_file(f, &fixture(f));
    }
    batch.add_file("notes.txt", b"hello");
    batch.add_file("runs/long-run.tcx", &fixture("runs/long-run.tcx"));
    assert_eq!(batch.runs.len(), 2);
    assert_eq!(batch.refused.len(), hostile.len() + 1);
    for ((name, why), refused) in hostile.iter().zip(&batch.refused) {
        assert_eq!(&refused.name, name);
        assert!(
            refused.reason.to_lowercase().contains(&why.to_lowercase()),
            "{name}: {}",
            refused.reason
        );
    }
    // Deeply nested and enormous text: refused or read, never a panic or a hang.
    let deep = format!("<gpx>{}", "<a>".repeat(100_000));
    assert!(activity::read_file("deep.gpx", deep.as_bytes()).is_err());
    assert!(activity::read_file("bin.gpx", &[0xff, 0xfe, 0, 1]).is_err());
    let big = vec![b' '; fascia_core::model::MAX_RUN_FILE_BYTES + 1];
    assert!(activity::read_file("big.gpx", &big)
        .unwrap_err()
        .reason
        .contains("larger"));
}

// ---- the journal --------------------------------------------------------------------------

fn all_files() -> Vec<RunFile> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("runs"))
        .unwrap()
        .map(|e| format!("runs/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| activity::format_of(n).is_some())
        .collect();
    names.sort();
    names.iter().map(|n| file(n)).collect()
}

#[test]
fn importing_the_same_files_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let now = utc(NOW);
    let first = j.import_run_files(&all_files(), now).unwrap();
    // long-run-28k, easy-10k, 2 of the duathlon, easy-run.gpx, long-run.tcx.
    assert_eq!(first.added, 6, "{first:?}");
    assert_eq!(first.skipped_non_runs, 4);
    assert!(first.refused.is_empty());
    let export = j.export_json(now).unwrap();
    let second = j
        .import_run_files(&all_files(), now + TimeDelta::hours(1))
        .unwrap();
    assert_eq!(
        (second.added, second.merged, second.already_there),
        (0, 0, 6)
    );
    assert_eq!(j.export_json(now).unwrap(), export);
    // Imported runs take their kind from the long-run rule; the ids are fixed.
    let runs = j.recent_runs(10).unwrap();
    let long = runs.iter().find(|r| r.distance_m == 28_000).unwrap();
    assert_eq!(long.kind, RunKind::Long);
    assert_eq!(long.cadence_spm, Some(175));
    assert_eq!(long.elevation_gain_m, Some(312));
    assert_eq!(
        long.id,
        activity::run_id(RunSource::Fit, long.source_id.as_deref().unwrap())
    );
    assert_eq!(
        runs.iter().find(|r| r.distance_m == 10_000).unwrap().kind,
        RunKind::Easy
    );
}

#[test]
fn a_deleted_run_is_not_brought_back() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let now = utc(NOW);
    let s = j
        .import_run_files(&[file("runs/easy-10k.fit")], now)
        .unwrap();
    j.delete_run(&s.run_ids[0], now).unwrap();
    let again = j
        .import_run_files(&[file("runs/easy-10k.fit")], now)
        .unwrap();
    assert_eq!((again.added, again.deleted_before), (0, 1));
    assert!(j.recent_runs(10).unwrap().is_empty());
}

fn typed(j: &Journal, start: &str, distance_m: u32, kind: RunKind) -> String {
    j.add_run(
        &NewRun {
            started_at: utc(start),
            distance_m,
            duration_s: 9_100,
            kind,
        },
        utc(NOW),
    )
    .unwrap()
    .id
}

#[test]
fn a_run_typed_by_hand_is_merged_not_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let now = utc(NOW);
    // Typed as 28.5 km starting 08:05 (the watch says 28.0 km from 08:00), kind race.
    let id = typed(&j, "2026-03-15T08:05:00Z", 28_500, RunKind::Race);
    let s = j
        .import_run_files(&[file("runs/long-run-28k.fit")], now)
        .unwrap();
    assert_eq!((s.added, s.merged), (0, 1));
    assert_eq!(s.run_ids, std::slice::from_ref(&id));
    let runs = j.recent_runs(10).unwrap();
    assert_eq!(runs.len(), 1);
    let r = &runs[0];
    assert_eq!((r.id.as_str(), r.kind), (id.as_str(), RunKind::Race));
    assert_eq!((r.distance_m, r.duration_s), (28_000, 9_000));
    assert_eq!(r.source, Some(RunSource::Fit));
    assert_eq!(r.cadence_spm, Some(175));
    // Again: nothing changes. Deleted: the activity does not come back under its own id.
    let again = j
        .import_run_files(&[file("runs/long-run-28k.fit")], now)
        .unwrap();
    assert_eq!(again.already_there, 1);
    // A correction keeps what the watch measured.
    let corrected = j
        .update_run(
            &id,
            &NewRun {
                started_at: r.started_at,
                distance_m: 28_100,
                duration_s: 9_000,
                kind: RunKind::Long,
            },
            now,
        )
        .unwrap();
    assert_eq!(corrected.cadence_spm, Some(175));
    assert_eq!(corrected.source, Some(RunSource::Fit));
    j.delete_run(&id, now).unwrap();
    let after = j
        .import_run_files(&[file("runs/long-run-28k.fit")], now)
        .unwrap();
    assert_eq!((after.added, after.deleted_before), (0, 1));
}

#[test]
fn a_run_too_far_in_time_or_distance_is_another_run() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    typed(&j, "2026-03-15T08:10:01Z", 28_000, RunKind::Easy);
    typed(&j, "2026-03-15T08:00:00Z", 29_500, RunKind::Easy);
    let s = j
        .import_run_files(&[file("runs/long-run-28k.fit")], utc(NOW))
        .unwrap();
    assert_eq!((s.added, s.merged), (1, 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// A typed run within 10 minutes and 300 m or 5 % is merged; any further is not.
    #[test]
    fn the_dedupe_tolerance(dt_s in -900i64..900, dd in -3_000i64..3_000) {
        let dir = tempfile::tempdir().unwrap();
        let j = journal(&dir);
        let start = utc("2026-03-15T08:00:00Z") + TimeDelta::seconds(dt_s);
        let distance = (28_000 + dd) as u32;
        j.add_run(&NewRun { started_at: start, distance_m: distance, duration_s: 9_000, kind: RunKind::Easy }, utc(NOW)).unwrap();
        let s = j.import_run_files(&[file("runs/long-run-28k.fit")], utc(NOW)).unwrap();
        let within = dt_s.abs() <= 600 && (dd.unsigned_abs() <= 300 || dd.unsigned_abs() * 20 <= u64::from(distance.max(28_000)));
        prop_assert_eq!(s.merged == 1, within);
        prop_assert_eq!(s.added == 1, !within);
        prop_assert_eq!(j.recent_runs(10).unwrap().len(), if within { 1 } else { 2 });
    }
}

#[test]
fn an_imported_long_run_brings_the_check_in_and_the_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let s = j
        .import_run_files(
            &[file("runs/long-run-28k.fit")],
            utc("2026-03-15T11:00:00Z"),
        )
        .unwrap();
    let today = j.today(utc("2026-03-15T18:00:00Z")).unwrap();
    let check_in = today
        .check_in
        .expect("a check-in after the imported long run");
    assert_eq!(check_in.run.id, s.run_ids[0]);
    // An imported easy run brings none.
    let dir2 = tempfile::tempdir().unwrap();
    let j2 = journal(&dir2);
    j2.import_run_files(&[file("runs/easy-10k.fit")], utc("2026-03-17T20:00:00Z"))
        .unwrap();
    assert!(j2
        .today(utc("2026-03-17T21:00:00Z"))
        .unwrap()
        .check_in
        .is_none());
    // The recovery measurement reads it as it reads a typed one.
    let report = j.report(utc("2026-03-20T12:00:00Z")).unwrap();
    assert!(
        format!("{report:?}").contains(&s.run_ids[0]),
        "the report's recovery follows the imported run"
    );
}

#[test]
fn health_records_go_through_the_same_import() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let record = |id: &str, km: f64| HealthRun {
        source: RunSource::HealthConnect,
        source_id: id.to_owned(),
        started_at: utc("2026-05-20T06:00:00Z"),
        duration_s: 3_000,
        distance_m: km * 1000.0,
        cadence_spm: Some(171.6),
        elevation_gain_m: Some(40.2),
    };
    let bad = HealthRun {
        source: RunSource::Gpx,
        ..record("x", 8.0)
    };
    let nan = HealthRun {
        distance_m: f64::NAN,
        ..record("y", 8.0)
    };
    let s = j
        .import_health_runs(&[record("a1b2", 9.5), bad, nan], utc(NOW))
        .unwrap();
    assert_eq!(s.added, 1);
    assert_eq!(s.refused.len(), 2);
    assert_eq!(s.refused[1].name, "health-connect:y");
    let r = &j.recent_runs(1).unwrap()[0];
    assert_eq!((r.cadence_spm, r.elevation_gain_m), (Some(172), Some(40)));
    assert_eq!(r.source_id.as_deref(), Some("a1b2"));
    // The same record again, and the same run from HealthKit (another source): already there.
    let again = j
        .import_health_runs(
            &[
                record("a1b2", 9.5),
                HealthRun {
                    source: RunSource::Healthkit,
                    ..record("B7", 9.6)
                },
            ],
            utc(NOW),
        )
        .unwrap();
    assert_eq!((again.added, again.already_there), (0, 2));
}

#[test]
fn imported_runs_travel_through_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let now = utc(NOW);
    j.import_run_files(&all_files(), now).unwrap();
    let id = typed(&j, "2026-01-02T08:00:00Z", 5_000, RunKind::Easy);
    j.delete_run(
        &j.recent_runs(10)
            .unwrap()
            .iter()
            .find(|r| r.distance_m == 10_000)
            .unwrap()
            .id
            .clone(),
        now,
    )
    .unwrap();
    let text = j.export_json(now).unwrap();
    let other = tempfile::tempdir().unwrap();
    let k = journal(&other);
    k.import_json(&text, now).unwrap();
    assert_eq!(k.export_json(now).unwrap(), text);
    assert!(k.run(&id).is_ok());
    // On the other phone too, the deleted activity stays deleted and the rest are there.
    let s = k.import_run_files(&all_files(), now).unwrap();
    assert_eq!((s.added, s.deleted_before, s.already_there), (0, 1, 5));
    // An export from before imports existed (no source fields) still imports.
    let old = text.replace("\"source\":\"fit\",", "");
    assert!(old.len() < text.len());
}
