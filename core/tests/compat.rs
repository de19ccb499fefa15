//! A journal written by the release before the `Journal` facade (schema v1, blobs without a format
//! version: `tests/fixtures/`) opens with this code (upgraded to schema v2), reads back exactly as
//! that release exported it, and keeps working: its paused session resumes and finishes, new
//! records are added.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use fascia_core::model::{Export, SessionStatus, Units};
use fascia_core::timer::{Event, Status};
use fascia_core::{time, Journal, SCHEMA_VERSION};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

#[test]
fn a_v1_journal_written_by_the_last_release_still_opens_and_works() {
    assert_eq!(
        SCHEMA_VERSION, 5,
        "a new schema needs its own fixture and upgrade test"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fascia.db");
    std::fs::copy(fixture("journal-v1.db"), &path).unwrap();
    let exported_at: DateTime<Utc> = "2026-09-27T14:13:20Z".parse().unwrap();
    // Opening upgrades version 1 to version 2 (routines stored once, compact events, 16-byte
    // ids), after keeping a copy of the file.
    let journal = Journal::open(&path, time::zone("Europe/Paris").unwrap()).unwrap();
    assert!(journal
        .backups()
        .unwrap()
        .iter()
        .any(|b| b.id == "pre-migration-v1.db"));

    // Every record reads back as the old release exported it, field for field (the file is
    // export format 1; the journal now writes format 2 with the same records).
    let then =
        Journal::parse_export(&std::fs::read_to_string(fixture("journal-v1.export.json")).unwrap())
            .unwrap();
    let now = journal.export(exported_at).unwrap();
    assert_eq!(now.version, 2);
    assert_eq!(Export { version: 1, ..now }, then);

    let settings = journal.settings().unwrap();
    assert_eq!(settings.units, Units::Imperial);
    assert_eq!(settings.daily_minutes, 10);

    // The session left paused resumes the same day, runs and finishes; its routine decodes from
    // the old blob. (It was paused at 16:15 Paris time on 26 September.)
    let later: DateTime<Utc> = "2026-09-26T15:15:00Z".parse().unwrap();
    let session = journal
        .active_session(later)
        .unwrap()
        .expect("the paused session");
    assert_eq!(session.snapshot(later).status, Status::Paused);
    session.record(Event::Resume, later).unwrap();
    let end = later + TimeDelta::seconds(i64::from(session.routine().total_s));
    assert_eq!(
        session.record(Event::Finish, end).unwrap().status,
        Status::Finished
    );
    assert_eq!(
        journal.session(session.id()).unwrap().status,
        SessionStatus::Finished
    );

    // New writes sit beside the old ones, and the whole journal still exports and re-imports.
    let routine = journal.todays_routine(end, None).unwrap();
    let s = journal.start_session(routine.clone(), end).unwrap();
    assert_eq!(*journal.session(s.id()).unwrap().routine, routine);
    let text = journal.export_json(end).unwrap();
    let copy = Journal::open(dir.path().join("copy.db"), time::zone("UTC").unwrap()).unwrap();
    let summary = copy.import_json(&text, end).unwrap();
    assert_eq!(
        summary.added as usize,
        records(&then) + 1,
        "one new session"
    );
    assert_eq!(copy.export_json(end).unwrap(), text);
}

/// A v2 journal (written through the `Journal` facade before records kept their time zone)
/// opens with this code (upgraded to v3 after a copy), reads back exactly as it exported itself,
/// its old entries without a zone, and new entries keep the zone they were logged in.
#[test]
fn a_v2_journal_opens_and_new_entries_keep_their_zone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fascia.db");
    std::fs::copy(fixture("journal-v2.db"), &path).unwrap();
    let exported_at: DateTime<Utc> = "2027-01-20T08:03:20Z".parse().unwrap();
    let journal = Journal::open(&path, time::zone("America/Chicago").unwrap()).unwrap();
    assert!(journal
        .backups()
        .unwrap()
        .iter()
        .any(|b| b.id == "pre-migration-v2.db"));
    let then =
        Journal::parse_export(&std::fs::read_to_string(fixture("journal-v2.export.json")).unwrap())
            .unwrap();
    let now = journal.export(exported_at).unwrap();
    assert_eq!(now, then);
    assert!(now.runs.iter().all(|r| r.time_zone.is_none()));
    assert_eq!(journal.settings().unwrap().daily_minutes, 15);

    // Logged in Chicago, then the runner flies to Tokyo: the run keeps Chicago.
    let t = exported_at + TimeDelta::hours(1);
    let run = journal
        .add_run(
            &fascia_core::model::NewRun {
                started_at: t - TimeDelta::hours(2),
                distance_m: 10_000,
                duration_s: 3_000,
                kind: fascia_core::model::RunKind::Easy,
            },
            t,
        )
        .unwrap();
    assert_eq!(run.time_zone.as_deref(), Some("America/Chicago"));
    journal.set_time_zone(time::zone("Asia/Tokyo").unwrap());
    assert_eq!(
        journal.run(&run.id).unwrap().time_zone.as_deref(),
        Some("America/Chicago")
    );
    // And it survives an export and import.
    let copy = Journal::open(dir.path().join("copy.db"), time::zone("UTC").unwrap()).unwrap();
    copy.import_json(&journal.export_json(t).unwrap(), t)
        .unwrap();
    assert_eq!(
        copy.run(&run.id).unwrap().time_zone.as_deref(),
        Some("America/Chicago")
    );
}

/// A journal of schema `version` (its fixture `journal-v{version}.db`) opened with this code in
/// Berlin: the upgrade keeps a pre-migration copy and every record reads back as the old code
/// exported it (`journal-v{version}.export.json`). The directory holds the copy.
fn upgraded(version: u32) -> (tempfile::TempDir, Journal, Export) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fascia.db");
    std::fs::copy(fixture(&format!("journal-v{version}.db")), &path).unwrap();
    let export = std::fs::read_to_string(fixture(&format!("journal-v{version}.export.json")));
    let then = Journal::parse_export(&export.unwrap()).unwrap();
    let journal = Journal::open(&path, time::zone("Europe/Berlin").unwrap()).unwrap();
    let copy = format!("pre-migration-v{version}.db");
    assert!(journal.backups().unwrap().iter().any(|b| b.id == copy));
    assert_eq!(journal.export(then.exported_at).unwrap(), then);
    (dir, journal, then)
}

/// A v3 journal (before sessions kept whether they count as done) opens with this code: the
/// upgrade replays each finished session once, so the one held through counts and the one
/// skipped through in seconds does not; everything else reads back exactly as it exported itself.
#[test]
fn a_v3_journal_counts_only_sessions_held_through() {
    let (_dir, journal, then) = upgraded(3);
    let finished: Vec<_> = then
        .sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Finished)
        .collect();
    assert_eq!(finished.len(), 2);
    // Day 1 (held through) counts; day 2 (skipped through) does not: the report's sessions per
    // week and the streak read only the first.
    let report = journal.report(then.exported_at).unwrap();
    let sessions: f64 = report.weekly_sessions.iter().map(|w| w.value).sum();
    assert_eq!(sessions, 1.0);
    // The session left paused still resumes.
    let s = journal
        .active_session(then.exported_at)
        .unwrap()
        .expect("the paused session");
    assert_eq!(s.snapshot(then.exported_at).status, Status::Paused);
}

/// A v4 journal (before runs kept where they were imported from) opens with this code, every
/// record as it exported itself; then the watch's file of its typed long run is recognised and
/// merged into it (same start within 10 minutes, same distance within 5 %), not doubled.
#[test]
fn a_v4_journal_opens_and_its_typed_run_takes_the_watch_file() {
    let (_dir, journal, then) = upgraded(4);
    let typed = then.runs.iter().find(|r| r.distance_m == 28_200).unwrap();
    let file = fascia_core::model::RunFile {
        name: "long-run-28k.fit".into(),
        bytes: std::fs::read(fixture("runs/long-run-28k.fit")).unwrap(),
    };
    let s = journal.import_run_files(&[file], then.exported_at).unwrap();
    assert_eq!((s.added, s.merged), (0, 1));
    let run = journal.run(&typed.id).unwrap();
    assert_eq!(run.kind, typed.kind);
    assert_eq!((run.distance_m, run.cadence_spm), (28_000, Some(175)));
    // The soreness logged after it still follows it.
    assert_eq!(then.soreness[0].run_id.as_deref(), Some(typed.id.as_str()));
}

/// How many records (settings included) an export holds.
fn records(doc: &Export) -> usize {
    doc.sessions.len()
        + doc.runs.len()
        + doc.soreness.len()
        + doc.downtime.len()
        + doc.races.len()
        + doc.bodywork.len()
        + doc.reminder_log.len()
        + usize::from(doc.settings.is_some())
}
