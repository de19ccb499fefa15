//! The journal tried as a hostile user would: files that are not what they seem, clocks that are
//! wrong, damage nobody noticed, several writers at once, import files written to hurt. Each test
//! says what breaks without the behaviour it proves; each failed on the code before its fix.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use fascia_core::model::{NewRace, NewRun, NewSoreness, RacePriority, RunKind};
use fascia_core::routine::Side;
use fascia_core::timer::Event;
use fascia_core::{time, ErrorKind, Journal};
use rusqlite::Connection;
use tempfile::TempDir;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn open(path: &Path) -> Journal {
    Journal::open(path, time::zone("UTC").unwrap()).unwrap()
}

fn journal() -> (TempDir, PathBuf, Journal) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fascia.db");
    let j = open(&path);
    (dir, path, j)
}

fn run_at(t: DateTime<Utc>) -> NewRun {
    NewRun {
        started_at: t,
        distance_m: 10_000,
        duration_s: 3_000,
        kind: RunKind::Easy,
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Folds the write-ahead log into the main file, so its bytes are the whole journal.
fn checkpoint(path: &Path) {
    Connection::open(path)
        .unwrap()
        .pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
}

/// An export never lands on the journal, its SQLite files, or a backup: written there, it would
/// replace the very data it copies.
#[test]
fn an_export_onto_the_journal_or_its_backups_is_refused_and_touches_nothing() {
    let (dir, path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    j.add_run(&run_at(now), now).unwrap();
    j.backup_if_due(now).unwrap();
    drop(j);
    checkpoint(&path);
    let j = open(&path);
    let before = std::fs::read(&path).unwrap();
    let backups = dir.path().join("fascia.db.backups");
    let backup_before = std::fs::read(backups.join("daily-2026-11-20.db")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&path, dir.path().join("innocent.json")).unwrap();
    for target in [
        path.clone(),
        dir.path().join("fascia.db-wal"),
        dir.path().join("fascia.db-shm"),
        dir.path().join("./sub/../fascia.db"),
        backups.join("daily-2026-11-20.db"),
        backups.join("notes.json"),
        dir.path().join("innocent.json"),
    ] {
        let e = j.export_to_file(&target, now).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput, "{target:?}: {e}");
        assert_eq!(e.field().as_deref(), Some("file"));
    }
    let e = j.export_csv_to(&backups).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadInput);
    drop(j);
    checkpoint(&path);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::read(backups.join("daily-2026-11-20.db")).unwrap(),
        backup_before
    );
    assert_eq!(names(&backups), ["daily-2026-11-20.db"]);
}

/// An export is written beside its target and renamed: the old file stays whole until the new one
/// is complete, and no temporary file is left. Written in place, a crash halfway would leave
/// neither the old export nor the new one.
#[test]
fn an_export_replaces_the_old_file_whole_and_leaves_nothing_behind() {
    let (dir, _path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    let target = dir.path().join("out.json");
    j.export_to_file(&target, now).unwrap();
    let first = std::fs::read_to_string(&target).unwrap();
    j.add_run(&run_at(now), now).unwrap();
    j.export_to_file(&target, now).unwrap();
    let second = std::fs::read_to_string(&target).unwrap();
    assert_ne!(first, second);
    assert!(Journal::parse_export(&second).is_ok());
    let csv = dir.path().join("csv");
    j.export_csv_to(&csv).unwrap();
    assert_eq!(names(&csv), ["runs.csv", "soreness.csv"]);
    assert!(!names(dir.path()).iter().any(|n| n.ends_with(".part")));
}

/// A clock that was wrong (years in the future) never costs a real backup, and later daily backups
/// are kept, not deleted as soon as they are made: the retention thins backups by age, and a backup
/// dated 2199 made every real one look old.
#[test]
fn a_wrong_clock_never_deletes_real_backups() {
    let (dir, _path, j) = journal();
    let backups = dir.path().join("fascia.db.backups");
    let day = |d: i64| at("2026-10-01T08:00:00Z") + TimeDelta::days(d);
    // Two months of daily use: the tiers have thinned them to 7 days, 4 weeks, 2 months.
    for d in 0..61 {
        j.add_run(&run_at(day(d)), day(d)).unwrap();
        j.backup_if_due(day(d)).unwrap();
    }
    let real_before = names(&backups);
    assert!(real_before.len() >= 10, "{real_before:?}");
    // A week with the clock set to 2199: it adds its own backups and removes none of the real.
    for d in 0..7 {
        let wrong = at("2199-12-20T08:00:00Z") + TimeDelta::days(d);
        j.backup_if_due(wrong).unwrap();
        let kept = names(&backups);
        let lost: Vec<&String> = real_before.iter().filter(|n| !kept.contains(n)).collect();
        assert!(lost.is_empty(), "the wrong clock deleted {lost:?}");
    }
    // Back to real time: every new daily backup is kept when made.
    for d in 61..68 {
        j.add_run(&run_at(day(d)), day(d)).unwrap();
        let made = j.backup_if_due(day(d)).unwrap().expect("a backup");
        assert!(
            backups.join(&made.id).is_file(),
            "{} was pruned at once",
            made.id
        );
    }
    let kept = names(&backups);
    assert!(kept.contains(&"daily-2026-12-07.db".to_owned()), "{kept:?}");
    assert!(
        kept.contains(&"daily-2026-10-31.db".to_owned()),
        "monthly tail: {kept:?}"
    );
    assert_eq!(
        kept.iter().filter(|n| n.starts_with("daily-2199")).count(),
        7
    );
}

/// A journal with silent damage in an index is never backed up, so damaged copies can never push a
/// good backup out of the retention; the message names the newest good one.
#[test]
fn a_silently_damaged_journal_is_never_backed_up() {
    let (dir, path, j) = journal();
    let backups = dir.path().join("fascia.db.backups");
    let day = |d: i64| at("2026-11-01T08:00:00Z") + TimeDelta::days(d);
    for d in 0..300 {
        j.add_run(&run_at(day(d) - TimeDelta::hours(1)), day(d))
            .unwrap();
    }
    for d in 0..3 {
        j.backup_if_due(day(d)).unwrap();
    }
    drop(j);
    checkpoint(&path);
    // Flip bytes in the middle of the runs_by_start index's root page.
    let (page, page_size): (i64, i64) = {
        let c = Connection::open(&path).unwrap();
        let page = c
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'runs_by_start'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let size = c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        (page, size)
    };
    let mut bytes = std::fs::read(&path).unwrap();
    let offset = ((page - 1) * page_size + page_size / 2) as usize;
    for b in &mut bytes[offset..offset + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let good = names(&backups);

    let j = open(&path);
    for d in 3..12 {
        let e = j.backup_if_due(day(d)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Damaged, "{e}");
        let (_, newest) = e.damaged().unwrap();
        assert_eq!(newest, Some("daily-2026-11-03.db"));
    }
    assert_eq!(names(&backups), good, "good backups stay, none is added");
    drop(j);
    // The newest good backup restores it; the damaged file is kept beside it.
    let restored =
        Journal::restore_damaged(&path, "daily-2026-11-03.db", time::zone("UTC").unwrap()).unwrap();
    assert_eq!(restored.recent_runs(1000).unwrap().len(), 300);
    assert!(names(dir.path()).contains(&"fascia.db.damaged".to_owned()));
}

/// Another app's database, and a journal from a newer Fascia in rollback mode, are left byte for
/// byte as they were: no tables added, no switch to WAL. Neither file is Fascia's to change: the
/// other app, or the newer Fascia, must find it as it left it.
#[test]
fn another_apps_database_and_a_newer_journal_are_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("notes.sqlite");
    {
        let c = Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let newer = dir.path().join("newer.db");
    {
        drop(open(&newer));
        let c = Connection::open(&newer).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    for (path, kind) in [
        (&foreign, ErrorKind::Damaged),
        (&newer, ErrorKind::NewerVersion),
    ] {
        let before = std::fs::read(path).unwrap();
        let listing = names(dir.path());
        let e = Journal::open(path, time::zone("UTC").unwrap()).unwrap_err();
        assert_eq!(e.kind(), kind, "{path:?}: {e}");
        assert_eq!(std::fs::read(path).unwrap(), before, "{path:?} changed");
        assert_eq!(names(dir.path()), listing, "files appeared beside {path:?}");
    }
    // A new journal carries Fascia's application id.
    let fresh = dir.path().join("fresh.db");
    drop(open(&fresh));
    let id: i32 = Connection::open(&fresh)
        .unwrap()
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, 0x4641_5343);
}

/// A link placed in the backups folder is neither listed nor followed on restore: followed, it
/// would put whatever file it points to in place of the journal.
#[cfg(unix)]
#[test]
fn links_in_the_backups_folder_are_never_followed() {
    let (dir, path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    j.add_run(&run_at(now), now).unwrap();
    j.backup_if_due(now).unwrap();
    let elsewhere = dir.path().join("elsewhere.db");
    drop(open(&elsewhere));
    let backups = dir.path().join("fascia.db.backups");
    std::os::unix::fs::symlink(&elsewhere, backups.join("daily-2026-01-01.db")).unwrap();
    assert!(!j
        .backups()
        .unwrap()
        .iter()
        .any(|b| b.id == "daily-2026-01-01.db"));
    let e = j.restore_backup("daily-2026-01-01.db", now).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    drop(j);
    let e = Journal::restore_damaged(&path, "daily-2026-01-01.db", time::zone("UTC").unwrap())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(open(&path).recent_runs(10).unwrap().len(), 1);
}

/// Dates outside 1970–2200 are refused at every entry, with a clear error, never a panic; so is a
/// `now` from a phone whose clock says year 9999. Inside those dates, none of the journal's date
/// arithmetic can overflow.
#[test]
fn dates_out_of_range_are_refused_everywhere() {
    let (_dir, _path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    let far = DateTime::<Utc>::MAX_UTC;
    let early = DateTime::<Utc>::MIN_UTC;
    for t in [far, early, at("1969-12-31T23:00:00Z")] {
        assert_eq!(
            j.add_run(&run_at(t), now).unwrap_err().kind(),
            ErrorKind::BadInput
        );
        assert_eq!(j.today(t).unwrap_err().kind(), ErrorKind::BadInput);
        assert_eq!(j.report(t).unwrap_err().kind(), ErrorKind::BadInput);
        assert_eq!(
            j.reminders(t, 14, 64).unwrap_err().kind(),
            ErrorKind::BadInput
        );
    }
    let race = NewRace {
        name: "Far".into(),
        date: NaiveDate::MAX,
        distance_m: None,
        priority: RacePriority::A,
    };
    assert_eq!(
        j.add_race(&race, now).unwrap_err().kind(),
        ErrorKind::BadInput
    );
    assert_eq!(
        j.reminders(now, 100_000_000, 64).unwrap_err().kind(),
        ErrorKind::BadInput
    );
    assert_eq!(
        j.reminders(now, 30, 1_000_000).unwrap_err().kind(),
        ErrorKind::BadInput
    );
    // Everything that reads still works afterwards.
    j.report(now).unwrap();
    j.today(now).unwrap();
}

/// The plan's size is bounded by its limit, whatever the horizon: a phone that asks ten years ahead
/// gets the same 64 reminders as one that asks 120 days, not a list that fills its memory.
#[test]
fn the_longest_plan_holds_no_more_than_its_limit() {
    let (_dir, _path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    let plan = j.reminders(now, 3660, 64).unwrap();
    assert_eq!(plan.len(), 64);
    assert!(plan.windows(2).all(|w| w[0].fire_at <= w[1].fire_at));
    // The same first 64 as a short horizon.
    assert_eq!(j.reminders(now, 120, 64).unwrap(), plan);
}

/// Three writers on three connections, the day changing at every write so each one also takes and
/// prunes the daily backup: no write fails (a failed write is an entry the runner logged and lost).
#[test]
fn three_writers_changing_day_at_every_write_never_fail() {
    let (_dir, path, j) = journal();
    drop(j);
    let path = Arc::new(path);
    let threads: Vec<_> = (0..3)
        .map(|w| {
            let path = Arc::clone(&path);
            std::thread::spawn(move || {
                let j = open(&path);
                let mut failures = Vec::new();
                for i in 0..500i64 {
                    let now =
                        at("2026-01-01T08:00:00Z") + TimeDelta::days(i) + TimeDelta::minutes(w);
                    if let Err(e) = j.backup_if_due(now) {
                        failures.push(format!("backup {i}: {e}"));
                    }
                    if let Err(e) = j.add_run(&run_at(now - TimeDelta::hours(2)), now) {
                        failures.push(format!("write {i}: {e}"));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(open(&path).recent_runs(2000).unwrap().len(), 1500);
}

/// An import file written to hurt is refused whole, naming the field: a file accepted in part would
/// leave the journal half merged.
#[test]
fn a_hostile_import_is_refused_and_changes_nothing() {
    let (_dir, _path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    let run = j.add_run(&run_at(now - TimeDelta::hours(3)), now).unwrap();
    j.add_soreness(
        &[NewSoreness {
            zone: "calves".into(),
            side: Side::Left,
            level: 4,
            at: now,
            run_id: Some(run.id.clone()),
            note: None,
        }],
        now,
    )
    .unwrap();
    let s = j
        .start_session(j.todays_routine(now, None).unwrap(), now)
        .unwrap();
    s.record(Event::Finish, now + TimeDelta::minutes(12))
        .unwrap();
    let later = now + TimeDelta::hours(1);
    let good = j.export_json(later).unwrap();
    let target_dir = tempfile::tempdir().unwrap();
    let target = open(&target_dir.path().join("t.db"));
    let before = target.export_json(later).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
        f(&mut v);
        v.to_string()
    };
    let upper = run.id.to_uppercase();
    let urn = format!("urn:uuid:{}", run.id);
    let braced = format!("{{{}}}", run.id);
    let simple = run.id.replace('-', "");
    let cases: Vec<(String, &str)> = vec![
        (
            edit(&|v| v["runs"][0]["id"] = upper.clone().into()),
            "runs[0].id",
        ),
        (
            edit(&|v| v["runs"][0]["id"] = urn.clone().into()),
            "runs[0].id",
        ),
        (
            edit(&|v| v["runs"][0]["id"] = braced.clone().into()),
            "runs[0].id",
        ),
        (
            edit(&|v| v["runs"][0]["id"] = simple.clone().into()),
            "runs[0].id",
        ),
        (
            edit(&|v| v["runs"][0]["updated_at"] = "9999-01-01T00:00:00Z".into()),
            "runs[0].updated_at",
        ),
        (
            edit(&|v| v["sessions"][0]["ended_at"] = "2026-11-20T07:00:00Z".into()),
            "sessions[0].ended_at",
        ),
        (
            edit(&|v| v["routines"][0]["steps"][0]["seconds"] = 4_000_000.into()),
            "sessions[0].routine.steps",
        ),
        (
            edit(&|v| v["routines"][0]["total_s"] = 5.into()),
            "sessions[0].routine.total_s",
        ),
        (
            edit(&|v| {
                v["reminder_log"] = serde_json::json!([{
                    "id": "00000000-0000-4000-8000-0000000000aa",
                    "reminder_id": "daily-routine:2026-11-20",
                    "kind": "daily-routine",
                    "fire_at": "+262142-01-01T00:00:00Z",
                    "delivered_at": "2026-11-20T07:00:00Z",
                    "created_at": "2026-11-20T07:00:00Z",
                    "updated_at": "2026-11-20T07:00:00Z"
                }])
            }),
            "reminder_log[0].fire_at",
        ),
        (
            edit(&|v| v["soreness"][0]["note"] = "\u{1b}[2Jgone".into()),
            "soreness[0].note",
        ),
        // A value of the wrong shape is named by its path in the file, not as the whole file.
        (
            edit(&|v| v["runs"][0]["distance_m"] = "far".into()),
            "runs[0].distance_m",
        ),
        (
            edit(&|v| v["soreness"][0]["side"] = "middle".into()),
            "soreness[0].side",
        ),
    ];
    for (text, field) in cases {
        let e = target.import_json(&text, later).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput, "{field}: {e}");
        if !field.is_empty() {
            assert_eq!(e.field().as_deref(), Some(field), "{e}");
        }
        assert_eq!(target.export_json(later).unwrap(), before, "{field}");
    }
    target.import_json(&good, later).unwrap();
}

/// Control characters are refused at input (a terminal would print escape sequences raw); CSV cells
/// that a spreadsheet would run as formulas are neutralised, so opening an export runs nothing.
#[test]
fn control_characters_are_refused_and_formulas_neutralised() {
    let (_dir, _path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    let race = |name: &str| NewRace {
        name: name.into(),
        date: NaiveDate::from_ymd_opt(2027, 4, 18).unwrap(),
        distance_m: None,
        priority: RacePriority::A,
    };
    for name in ["\u{1b}[31mEvil", "bell\u{7}", "nul\u{0}", "new\nline"] {
        let e = j.add_race(&race(name), now).unwrap_err();
        assert_eq!(e.field().as_deref(), Some("name"), "{name:?}");
    }
    let sore = |note: &str| NewSoreness {
        zone: "calves".into(),
        side: Side::Left,
        level: 3,
        at: now,
        run_id: None,
        note: Some(note.into()),
    };
    assert_eq!(
        j.add_soreness(&[sore("\u{1b}]0;pwned\u{7}")], now)
            .unwrap_err()
            .field()
            .as_deref(),
        Some("note")
    );
    j.add_soreness(
        &[
            sore("=HYPERLINK(\"http://x\")"),
            sore("two lines\nare fine"),
        ],
        now,
    )
    .unwrap();
    let csv = j.soreness_csv().unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
}

/// Deletions travel through export and import, so merging two journals never brings a deleted
/// record back; a change made after the deletion wins over it.
#[test]
fn deletions_travel_and_merging_never_resurrects() {
    let (_a_dir, _a_path, a) = journal();
    let b_dir = tempfile::tempdir().unwrap();
    let b = open(&b_dir.path().join("b.db"));
    let t = |h: i64| at("2026-11-20T08:00:00Z") + TimeDelta::hours(h);
    let kept = a.add_run(&run_at(t(-30)), t(0)).unwrap();
    let gone = a.add_run(&run_at(t(-20)), t(0)).unwrap();
    let edited = a.add_run(&run_at(t(-10)), t(0)).unwrap();
    b.import_json(&a.export_json(t(1)).unwrap(), t(1)).unwrap();
    let b_before = b.export_json(t(2)).unwrap();

    // A deletes two runs; B corrects one of them later.
    a.delete_run(&gone.id, t(3)).unwrap();
    a.delete_run(&edited.id, t(3)).unwrap();
    let mut fix = run_at(t(-10));
    fix.distance_m = 12_000;
    b.update_run(&edited.id, &fix, t(4)).unwrap();

    // A's export reaches B: the deleted run goes, the corrected one stays.
    let summary = b.import_json(&a.export_json(t(5)).unwrap(), t(5)).unwrap();
    assert_eq!(summary.removed, 1, "{summary:?}");
    let ids: Vec<String> = b
        .recent_runs(10)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert!(ids.contains(&kept.id) && ids.contains(&edited.id) && !ids.contains(&gone.id));

    // B's old export (from before the deletion) reaches A: nothing comes back.
    a.import_json(&b_before, t(6)).unwrap();
    let ids: Vec<String> = a
        .recent_runs(10)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        ids,
        std::slice::from_ref(&kept.id),
        "an older copy resurrected a deleted run"
    );
    // B's current export brings the correction to A (made after A's deletion).
    a.import_json(&b.export_json(t(7)).unwrap(), t(7)).unwrap();
    let ids: Vec<String> = a
        .recent_runs(10)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&edited.id));
}

/// A long import (ten years of runs and soreness, merged again and again) never makes another
/// connection's writes fail with "database is locked": they wait for it instead.
#[test]
fn a_long_import_never_makes_another_writer_fail() {
    let (_dir, path, j) = journal();
    let now = at("2026-11-30T08:00:00Z");
    // Ten years of a run a day with its soreness entry, as an export file.
    let mut doc: serde_json::Value = serde_json::from_str(&j.export_json(now).unwrap()).unwrap();
    let start = at("2016-12-01T07:00:00Z");
    let (mut runs, mut soreness) = (Vec::new(), Vec::new());
    for i in 0..3650i64 {
        let t = start + TimeDelta::days(i);
        let run = format!("00000000-0000-4000-8000-{i:012x}");
        let stamp = (t + TimeDelta::hours(1)).to_rfc3339();
        runs.push(serde_json::json!({
            "id": run, "started_at": t.to_rfc3339(), "distance_m": 10_000, "duration_s": 3_000,
            "kind": "easy", "created_at": stamp, "updated_at": stamp,
        }));
        soreness.push(serde_json::json!({
            "id": format!("00000000-0000-4000-9000-{i:012x}"), "zone": "calves", "side": "both",
            "level": i % 11, "at": stamp, "run_id": run, "created_at": stamp, "updated_at": stamp,
        }));
    }
    doc["runs"] = runs.into();
    doc["soreness"] = soreness.into();
    let text = Arc::new(doc.to_string());
    let path = Arc::new(path);

    let importer = {
        let (path, text) = (Arc::clone(&path), Arc::clone(&text));
        std::thread::spawn(move || {
            let j = open(&path);
            (0..5)
                .filter_map(|_| j.import_json(&text, now).err().map(|e| e.to_string()))
                .collect::<Vec<_>>()
        })
    };
    let writer = {
        let path = Arc::clone(&path);
        std::thread::spawn(move || {
            let j = open(&path);
            (0..100i64)
                .filter_map(|i| {
                    let t = now + TimeDelta::seconds(i);
                    j.add_run(&run_at(t - TimeDelta::hours(3)), t)
                        .err()
                        .map(|e| e.to_string())
                })
                .collect::<Vec<_>>()
        })
    };
    let failures: Vec<String> = [importer, writer]
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(j.recent_runs(5000).unwrap().len(), 3750);
}

// ---- A model of the journal that finds the ways to lose data ------------------------------------

/// A journal written under a clock that jumped back a minute, back a day, forward to 2199 and
/// back to today again, between every kind of write.
fn written_under_a_jumping_clock(j: &Journal) {
    use fascia_core::model::{NewBodywork, NewDowntime, Settings};
    let real = at("2026-11-20T08:00:00Z");
    let behind = real - TimeDelta::minutes(1);
    let far = at("2199-06-01T08:00:00Z");
    // A run, corrected with the clock a minute behind.
    let run = j
        .add_run(&run_at(real - TimeDelta::hours(2)), real)
        .unwrap();
    let mut fix = run_at(real - TimeDelta::hours(2));
    fix.distance_m = 12_000;
    j.update_run(&run.id, &fix, behind).unwrap();
    // Soreness after it, then entries made with the clock in 2199 (one corrected on today).
    let sore = |at: DateTime<Utc>, level| NewSoreness {
        zone: "calves".into(),
        side: Side::Left,
        level,
        at,
        run_id: Some(run.id.clone()),
        note: None,
    };
    j.add_soreness(&[sore(real, 4)], real).unwrap();
    let future = j.add_soreness(&[sore(far, 6)], far).unwrap().remove(0);
    j.update_soreness(&future.id, &sore(real, 5), real).unwrap();
    j.add_soreness(&[sore(far, 3)], far).unwrap();
    // Entries of every other kind made in 2199.
    j.add_downtime(
        &NewDowntime {
            date: NaiveDate::from_ymd_opt(2199, 6, 1).unwrap(),
            minutes: 60,
            zone: None,
        },
        far,
    )
    .unwrap();
    let race = j
        .add_race(
            &NewRace {
                name: "Far Marathon".into(),
                date: NaiveDate::from_ymd_opt(2199, 9, 1).unwrap(),
                distance_m: Some(42_195),
                priority: RacePriority::A,
            },
            far,
        )
        .unwrap();
    let b = j
        .add_bodywork(
            &NewBodywork {
                at: far + TimeDelta::days(3),
                minutes: 45,
            },
            far,
        )
        .unwrap();
    j.set_bodywork_done(&b.id, true, behind).unwrap();
    if let Some(r) = j.reminders(far, 14, 64).unwrap().first() {
        j.record_delivery(r, far, far).unwrap();
    }
    // A session paused with the clock behind, resumed in 2199, finished back on today; another
    // started in 2199 and abandoned on today.
    let s = j
        .start_session(j.todays_routine(real, None).unwrap(), real)
        .unwrap();
    s.record(Event::Pause, real - TimeDelta::minutes(10))
        .unwrap();
    s.record(Event::Resume, far).unwrap();
    s.record(Event::Finish, real + TimeDelta::minutes(5))
        .unwrap();
    let s = j
        .start_session(j.todays_routine(far, None).unwrap(), far)
        .unwrap();
    s.record(Event::Abort, real).unwrap();
    // Deletions with the clock behind the record's last change, and in 2199.
    let gone = j.add_run(&run_at(real - TimeDelta::days(2)), real).unwrap();
    j.delete_run(&gone.id, real - TimeDelta::days(1)).unwrap();
    j.delete_race(&race.id, real).unwrap();
    let gone = j.add_run(&run_at(real - TimeDelta::days(3)), real).unwrap();
    j.delete_run(&gone.id, far).unwrap();
    // Settings changed on today, then with the clock a day behind.
    let mut settings = Settings {
        daily_minutes: 15,
        ..Settings::default()
    };
    j.set_settings(&settings, real).unwrap();
    settings.daily_minutes = 10;
    j.set_settings(&settings, real - TimeDelta::days(1))
        .unwrap();
}

/// Every export of a journal this product wrote imports, whatever the clocks did: into an empty
/// journal, on a correct clock, it imports whole, exports again identically, and importing it again
/// changes nothing. An export that does not import is a backup the runner cannot restore.
#[test]
fn a_journal_written_under_a_jumping_clock_exports_imports_and_exports_again_identically() {
    let (_dir, _path, j) = journal();
    written_under_a_jumping_clock(&j);
    let now = at("2026-11-23T08:00:00Z");
    let exported = j.export_json(now).unwrap();

    // As an earlier release wrote the same journal: a correction stamped before its creation,
    // a deletion in 2199.
    let mut older: serde_json::Value = serde_json::from_str(&exported).unwrap();
    let minute_before = |v: &serde_json::Value| {
        (at(v["created_at"].as_str().unwrap()) - TimeDelta::minutes(1))
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    };
    for list in ["runs", "sessions", "soreness", "bodywork"] {
        let record = older[list][0].clone();
        older[list][0]["updated_at"] = minute_before(&record).into();
    }
    older["settings"]["updated_at"] = minute_before(&older["settings"]).into();
    older["deleted"][0]["deleted_at"] = "2199-06-01T08:00:00Z".into();
    let older = older.to_string();

    for text in [exported.clone(), older] {
        let dir = tempfile::tempdir().unwrap();
        let fresh = open(&dir.path().join("new-phone.db"));
        let summary = fresh.import_json(&text, now).unwrap();
        assert!(summary.added >= 8, "{summary:?}");
        let again = fresh.export_json(now).unwrap();
        if text == exported {
            assert_eq!(again, exported);
        }
        let (a, b): (serde_json::Value, serde_json::Value) = (
            serde_json::from_str(&text).unwrap(),
            serde_json::from_str(&again).unwrap(),
        );
        assert_eq!(a, b, "the round trip changed the journal");
        let twice = fresh.import_json(&text, now).unwrap();
        assert_eq!(
            (twice.added, twice.updated, twice.removed),
            (0, 0, 0),
            "{twice:?}"
        );
        assert_eq!(fresh.export_json(now).unwrap(), again);
    }
}

/// The merge rule: a change made with the clock behind the record's last change is stamped just
/// after it, so merging back a copy from before the change never undoes it, and a deletion made so
/// still removes the record wherever it is merged.
#[test]
fn a_change_made_with_the_clock_behind_is_never_undone_by_an_older_copy() {
    use fascia_core::model::Settings;
    let (_dir, _path, j) = journal();
    let real = at("2026-11-20T08:00:00Z");
    let run = j
        .add_run(&run_at(real - TimeDelta::hours(2)), real)
        .unwrap();
    let gone = j
        .add_run(&run_at(real - TimeDelta::hours(5)), real)
        .unwrap();
    j.set_settings(&Settings::default(), real).unwrap();
    let s = j
        .start_session(j.todays_routine(real, None).unwrap(), real)
        .unwrap();
    let old_copy = j.export_json(real).unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let other = open(&other_dir.path().join("other.db"));
    other.import_json(&old_copy, real).unwrap();

    // The clock is set back an hour: a correction, a deletion, a setting, a pause.
    let behind = real - TimeDelta::hours(1);
    let mut fix = run_at(real - TimeDelta::hours(2));
    fix.distance_m = 12_000;
    let fixed = j.update_run(&run.id, &fix, behind).unwrap();
    assert!(fixed.updated_at > run.updated_at, "{fixed:?}");
    j.delete_run(&gone.id, behind).unwrap();
    let minutes = Settings {
        daily_minutes: 8,
        ..Settings::default()
    };
    j.set_settings(&minutes, behind).unwrap();
    s.record(Event::Pause, behind).unwrap();
    let after = j.export_json(real).unwrap();

    // The copy from before all that comes back: nothing it holds is newer.
    let summary = j.import_json(&old_copy, real).unwrap();
    assert_eq!((summary.added, summary.updated), (0, 0), "{summary:?}");
    assert_eq!(j.export_json(real).unwrap(), after);
    assert_eq!(j.run(&run.id).unwrap().distance_m, 12_000);
    assert_eq!(j.settings().unwrap().daily_minutes, 8);

    // The other phone, holding that old copy, takes every change, the deletion included.
    let summary = other.import_json(&after, real).unwrap();
    assert_eq!(summary.removed, 1, "{summary:?}");
    assert_eq!(other.export_json(real).unwrap(), after);
}

/// The same race entered on two phones (two ids) is one race after a merge, so it can still be
/// edited; a zone the journal does not know is refused, naming the field; a file with a byte order
/// mark imports; an oversized file is refused without being parsed.
#[test]
fn an_import_keeps_one_race_once_checks_zones_and_reads_a_bom() {
    let (_dir, _path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    let spring = |name: &str, priority| NewRace {
        name: name.into(),
        date: NaiveDate::from_ymd_opt(2027, 4, 18).unwrap(),
        distance_m: Some(42_195),
        priority,
    };
    let mine = j
        .add_race(&spring("Spring Marathon", RacePriority::A), now)
        .unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let other = open(&other_dir.path().join("other.db"));
    let later = now + TimeDelta::hours(1);
    other
        .add_race(&spring("spring marathon", RacePriority::B), later)
        .unwrap();
    let theirs = other.export_json(later).unwrap();

    let summary = j.import_json(&theirs, later).unwrap();
    assert_eq!((summary.added, summary.updated), (0, 1), "{summary:?}");
    let races = j.races().unwrap();
    assert_eq!(races.len(), 1, "{races:?}");
    assert_eq!(
        (races[0].id.as_str(), races[0].priority),
        (mine.id.as_str(), RacePriority::B)
    );
    j.update_race(&mine.id, &spring("Spring Marathon", RacePriority::A), later)
        .unwrap();
    let settled = j.export_json(later).unwrap();
    assert_eq!(j.import_json(&theirs, later).unwrap().updated, 0);
    assert_eq!(j.export_json(later).unwrap(), settled);

    // Zones: too long, unknown.
    let run = other.add_run(&run_at(now), later).unwrap();
    let good = other.export_json(later).unwrap();
    let before = j.export_json(later).unwrap();
    for zone in ["Mars/Olympus".to_owned(), "A".repeat(65)] {
        let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
        v["runs"][0]["time_zone"] = zone.clone().into();
        let e = j.import_json(&v.to_string(), later).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput, "{zone}: {e}");
        assert_eq!(e.field().as_deref(), Some("runs[0].time_zone"), "{e}");
        assert_eq!(j.export_json(later).unwrap(), before);
    }

    // A byte order mark (what some editors write first) is no reason to refuse the file.
    j.import_json(&format!("\u{feff}{good}"), later).unwrap();
    assert!(j.run(&run.id).is_ok());

    // A file far larger than any journal is refused before it is read as JSON.
    let huge = " ".repeat(fascia_core::model::MAX_EXPORT_BYTES + 1);
    let e = j.import_json(&huge, later).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert!(e.to_string().contains("larger than"), "{e}");
}

/// A file that mimics a version 2 journal (its tables' names and `user_version` 2, without Fascia's
/// application id, which every version 2 journal carries) is another app's file: refused before a
/// byte of it changes, and no pre-migration copy is made, however often it is opened.
#[test]
fn a_file_mimicking_a_version_2_journal_is_refused_and_never_copied() {
    let dir = tempfile::tempdir().unwrap();
    let mimic = dir.path().join("mimic.db");
    {
        let c = Connection::open(&mimic).unwrap();
        c.execute_batch(
            "CREATE TABLE settings (x); CREATE TABLE sessions (x); CREATE TABLE runs (x);
             CREATE TABLE soreness (x); PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let before = std::fs::read(&mimic).unwrap();
    for _ in 0..3 {
        let e = Journal::open(&mimic, time::zone("UTC").unwrap()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Damaged, "{e}");
    }
    assert_eq!(std::fs::read(&mimic).unwrap(), before);
    assert_eq!(names(dir.path()), ["mimic.db"]);
    // A real version 1 journal (from before the application id) still opens and upgrades.
    let v1 = dir.path().join("v1.db");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/journal-v1.db"),
        &v1,
    )
    .unwrap();
    assert!(!open(&v1).recent_runs(10).unwrap().is_empty());
}

/// An export to a link is written through it, atomically, to the file it points to (a synced copy
/// stays current and the link stays a link), even a link to a file not there yet; a device or a
/// pipe, even behind a link, is refused and left as it was.
#[cfg(unix)]
#[test]
fn an_export_writes_through_a_link_and_refuses_a_device_or_a_pipe() {
    use std::os::unix::fs::symlink;
    let (dir, _path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    j.add_run(&run_at(now), now).unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("synced")).unwrap();
    std::fs::write(d.join("synced/fascia.json"), "old").unwrap();
    symlink("synced/fascia.json", d.join("link.json")).unwrap();
    symlink("link.json", d.join("chain.json")).unwrap();
    symlink("synced/new.json", d.join("dangling.json")).unwrap();
    for (link, to) in [
        ("chain.json", "link.json"),
        ("link.json", "synced/fascia.json"),
        ("dangling.json", "synced/new.json"),
    ] {
        j.export_to_file(&d.join(link), now).unwrap();
        assert_eq!(std::fs::read_link(d.join(link)).unwrap(), Path::new(to));
    }
    for file in ["synced/fascia.json", "synced/new.json"] {
        let text = std::fs::read_to_string(d.join(file)).unwrap();
        assert!(Journal::parse_export(&text).is_ok(), "{file}: {text}");
    }
    let csv = d.join("csv");
    std::fs::create_dir(&csv).unwrap();
    std::fs::write(d.join("synced/runs.csv"), "old").unwrap();
    symlink("../synced/runs.csv", csv.join("runs.csv")).unwrap();
    j.export_csv_to(&csv).unwrap();
    assert!(std::fs::read_link(csv.join("runs.csv")).is_ok());
    assert!(std::fs::read_to_string(d.join("synced/runs.csv"))
        .unwrap()
        .starts_with("id,"));

    // A pipe, and a link to one; a device behind a link (made here when root can).
    let status = std::process::Command::new("mkfifo")
        .arg(d.join("pipe"))
        .status()
        .unwrap();
    assert!(status.success());
    symlink("pipe", d.join("to-pipe.json")).unwrap();
    let mut special = vec!["pipe", "to-pipe.json"];
    let device = std::process::Command::new("mknod")
        .arg(d.join("null"))
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if device {
        symlink("null", d.join("to-device.json")).unwrap();
        special.extend(["null", "to-device.json"]);
    }
    let listing = names(d);
    for name in special {
        let e = j.export_to_file(&d.join(name), now).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput, "{name}: {e}");
        assert!(
            e.to_string().contains("not a file an export can replace"),
            "{e}"
        );
        let e = j.export_csv_to(&d.join(name)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput, "{name}: {e}");
    }
    assert_eq!(names(d), listing);
    assert!(std::fs::symlink_metadata(d.join("to-pipe.json"))
        .unwrap()
        .file_type()
        .is_symlink());
}

// ---- Restores, wrong clocks and what killed writes leave ----------------------------------------

/// The ids of the runs in a journal or backup file, read without opening it as a journal.
fn run_ids_in(file: &Path) -> Vec<String> {
    let conn =
        Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut stmt = conn.prepare("SELECT id FROM runs").unwrap();
    let ids = stmt
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|id| {
            let hex: String = id.unwrap().iter().map(|b| format!("{b:02x}")).collect();
            format!(
                "{}-{}-{}-{}-{}",
                &hex[0..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..32]
            )
        })
        .collect();
    ids
}

/// Backups dated in the future never count against real ones. Real backups on 10 January, 10 March
/// and 10 May, then one launch with the clock in 2199; three weeks of daily backups (nine kept),
/// then launches in 2100, 2150 and 2199: every real backup stays.
#[test]
fn launches_in_other_centuries_never_prune_a_real_backup() {
    let (dir, _path, j) = journal();
    let backups = dir.path().join("fascia.db.backups");
    for day in ["2026-01-10", "2026-03-10", "2026-05-10"] {
        let now = at(&format!("{day}T08:00:00Z"));
        j.add_run(&run_at(now - TimeDelta::hours(1)), now).unwrap();
        j.backup_if_due(now).unwrap();
    }
    let real = names(&backups);
    assert_eq!(real.len(), 3, "{real:?}");
    j.backup_if_due(at("2199-06-01T08:00:00Z")).unwrap();
    let kept = names(&backups);
    assert!(real.iter().all(|b| kept.contains(b)), "{kept:?}");

    let (dir, _path, j) = journal();
    let backups = dir.path().join("fascia.db.backups");
    for d in 0..21 {
        let now = at("2026-06-01T08:00:00Z") + TimeDelta::days(d);
        j.add_run(&run_at(now - TimeDelta::hours(1)), now).unwrap();
        j.backup_if_due(now).unwrap();
    }
    let real = names(&backups);
    assert_eq!(real.len(), 9, "{real:?}");
    for year in [2100, 2150, 2199] {
        let now = at(&format!("{year}-01-01T08:00:00Z"));
        j.add_run(&run_at(now - TimeDelta::hours(1)), now).unwrap();
        j.backup_if_due(now).unwrap();
        let kept = names(&backups);
        let lost: Vec<&String> = real.iter().filter(|b| !kept.contains(b)).collect();
        assert!(lost.is_empty(), "the launch in {year} deleted {lost:?}");
    }
}

/// Restores at the same second on two connections at once (a pinned clock; an app and its reminder
/// receiver) each keep a pre-restore copy of their own: none replaces another.
#[test]
fn pre_restore_copies_of_the_same_second_never_replace_each_other() {
    let (dir, path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    j.add_run(&run_at(now - TimeDelta::hours(1)), now).unwrap();
    let backup = j.backup_if_due(now).unwrap().unwrap().id;
    let other = open(&path);
    let rounds = 15;
    let barrier = std::sync::Barrier::new(2);
    let kept: Vec<String> = std::thread::scope(|s| {
        let restorers: Vec<_> = [&j, &other]
            .into_iter()
            .map(|journal| {
                let (barrier, backup) = (&barrier, &backup);
                s.spawn(move || {
                    (0..rounds)
                        .map(|_| {
                            barrier.wait();
                            journal.restore_backup(backup, now).unwrap().id
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        restorers
            .into_iter()
            .flat_map(|r| r.join().unwrap())
            .collect()
    });
    let distinct: std::collections::BTreeSet<&String> = kept.iter().collect();
    assert_eq!(
        distinct.len(),
        2 * rounds,
        "a copy was named twice: {kept:?}"
    );
    let listed = names(&dir.path().join("fascia.db.backups"));
    assert_eq!(
        listed
            .iter()
            .filter(|n| n.starts_with("pre-restore-"))
            .count(),
        2 * rounds,
        "{listed:?}"
    );
}

/// A restore holds the write lock from its copy of the journal to its end, so a write another
/// connection makes meanwhile is in that copy or on top of the restored journal: every acknowledged
/// run is in the journal or in a pre-restore copy.
#[test]
fn a_write_during_a_restore_is_in_the_journal_or_in_the_copy_it_kept() {
    let (dir, path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    j.add_run(&run_at(now - TimeDelta::hours(1)), now).unwrap();
    let backup = j.backup_if_due(now).unwrap().unwrap().id;
    let writer = open(&path);
    let done = std::sync::atomic::AtomicBool::new(false);
    let written = std::sync::atomic::AtomicUsize::new(0);
    let (acked, kept) = std::thread::scope(|s| {
        let acked = s.spawn(|| {
            let mut acked = Vec::new();
            let mut t = now;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                t += TimeDelta::minutes(1);
                acked.push(writer.add_run(&run_at(t), t).unwrap().id);
                written.store(acked.len(), std::sync::atomic::Ordering::Relaxed);
                // A reminder receiver's pace, not a loop that never lets go of the lock.
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            acked
        });
        // Each restore waits for one more write, so writes and restores interleave however
        // fast or loaded the machine is.
        let kept: Vec<String> = (0..25)
            .map(|i| {
                while written.load(std::sync::atomic::Ordering::Relaxed) <= i + 1 {
                    std::thread::yield_now();
                }
                j.restore_backup(&backup, now).unwrap().id
            })
            .collect();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (acked.join().unwrap(), kept)
    });
    assert!(
        acked.len() > 25,
        "the writer wrote only {} runs",
        acked.len()
    );
    let backups = dir.path().join("fascia.db.backups");
    let mut present: std::collections::BTreeSet<String> = j
        .recent_runs(100_000)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    for copy in &kept {
        present.extend(run_ids_in(&backups.join(copy)));
    }
    let lost: Vec<&String> = acked.iter().filter(|id| !present.contains(*id)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged runs are in neither the journal nor a pre-restore copy",
        lost.len(),
        acked.len()
    );
}

/// Restoring in place of a damaged journal refuses one that is not damaged, and changes nothing:
/// restoring over it keeps it as a backup first.
#[test]
fn restore_damaged_refuses_a_healthy_journal() {
    let (dir, path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    j.add_run(&run_at(now - TimeDelta::hours(1)), now).unwrap();
    let backup = j.backup_if_due(now).unwrap().unwrap().id;
    j.add_run(&run_at(now), now).unwrap();
    drop(j);
    checkpoint(&path);
    let listing = names(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let e = Journal::restore_damaged(&path, &backup, time::zone("UTC").unwrap()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    assert!(e.to_string().contains("is not damaged"), "{e}");
    assert_eq!(names(dir.path()), listing);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(open(&path).recent_runs(10).unwrap().len(), 2);
}

/// A journal missing beside its damaged file and a restore's temporary file (what a killed restore
/// left) is never replaced by an empty one: opening it is `Damaged`, naming the backup that
/// restores it, creates nothing; restoring then finishes the job.
#[test]
fn a_missing_journal_beside_what_a_killed_restore_left_is_never_replaced_by_an_empty_one() {
    let (dir, path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    j.add_run(&run_at(now - TimeDelta::hours(1)), now).unwrap();
    let backup = j.backup_if_due(now).unwrap().unwrap().id;
    drop(j);
    checkpoint(&path);
    std::fs::write(&path, b"no longer a database").unwrap();
    // What the earlier restore did before it was killed: the journal set aside, the backup's
    // copy half written.
    std::fs::rename(&path, dir.path().join("fascia.db.damaged")).unwrap();
    std::fs::write(dir.path().join(".fascia.db.4194303-0.part"), b"half a copy").unwrap();
    for _ in 0..2 {
        let e = Journal::open(&path, time::zone("UTC").unwrap()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Damaged, "{e}");
        assert_eq!(e.damaged().unwrap().1, Some(backup.as_str()));
        assert!(!path.exists(), "an empty journal was created");
    }
    let j = Journal::restore_damaged(&path, &backup, time::zone("UTC").unwrap()).unwrap();
    assert_eq!(j.recent_runs(10).unwrap().len(), 1);
    assert_eq!(
        std::fs::read(dir.path().join("fascia.db.damaged")).unwrap(),
        b"no longer a database"
    );
    let left = names(dir.path());
    assert!(
        !left
            .iter()
            .any(|n| n.ends_with(".part") || n.ends_with(".restoring")),
        "{left:?}"
    );
}

/// A launch removes what killed writes left (temporary copies in the backups folder and their
/// SQLite companions, the journal's own temporary files beside it) once the process that made them
/// is gone, and never one a running process is still writing. Left, a full copy of the journal
/// would pile up with every killed write.
#[test]
fn a_launch_removes_what_killed_writes_left() {
    let (dir, path, j) = journal();
    let now = at("2026-11-20T08:00:00Z");
    j.add_run(&run_at(now - TimeDelta::hours(1)), now).unwrap();
    j.backup_if_due(now).unwrap();
    drop(j);
    // A process that has ended: its leftovers are garbage.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let alive = std::process::id();
    let backups = dir.path().join("fascia.db.backups");
    let leftovers = [
        backups.join(format!(".daily-2026-11-21.db.{dead}-0.part")),
        backups.join(format!(".daily-2026-11-21.db.{dead}-0.part-journal")),
        backups.join(format!(".pre-restore-20261120T080000Z.db.{dead}-3.part")),
        dir.path().join(format!(".fascia.db.{dead}-1.part")),
        dir.path()
            .join(format!(".fascia.db.restoring.{dead}-2.part")),
    ];
    // A running process's (this one's), and another file's beside the journal, stay.
    let kept = [
        backups.join(format!(".daily-2026-11-22.db.{alive}-9.part")),
        dir.path().join(format!(".fascia.db.{alive}-9.part")),
        dir.path().join(format!(".notes.json.{dead}-0.part")),
    ];
    for file in leftovers.iter().chain(&kept) {
        std::fs::write(file, b"partial").unwrap();
    }
    drop(open(&path));
    for file in &leftovers {
        assert!(!file.exists(), "{} was left", file.display());
    }
    for file in &kept {
        assert!(file.exists(), "{} was removed", file.display());
    }
}
