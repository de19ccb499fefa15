//! `fascia run import`, end to end with the real binary: a folder of real FIT, GPX and TCX
//! files imported twice (the second time changes nothing), hostile files refused by name with
//! exit 2 while the rest is imported, and a missing path refused before anything is opened.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;

const NOW: &str = "2026-06-01T12:00:00Z";

fn fixtures(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(rel)
}

fn import(db: &Path, paths: &[&Path]) -> (i32, Value, String) {
    let mut args = vec!["--json", "run", "import"];
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    let out = common::fascia_at(db, "Europe/London", NOW, &args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn importing_the_same_folder_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    // A copy of the fixtures with upper-case names and a subfolder: found recursively, any case.
    let runs = dir.path().join("watch");
    std::fs::create_dir_all(runs.join("older")).unwrap();
    for (from, to) in [
        ("runs/long-run-28k.fit", "LONG-RUN.FIT"),
        ("runs/duathlon.fit", "older/duathlon.fit"),
        ("runs/easy-run.gpx", "older/Easy.Gpx"),
        ("runs/long-run.tcx", "long-run.tcx"),
        ("runs/ride.gpx", "ride.gpx"),
        ("runs/make_fit.py", "make_fit.py"),
    ] {
        std::fs::copy(fixtures(from), runs.join(to)).unwrap();
    }
    let (code, first, stderr) = import(&db, &[&runs]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(first["added"], 5, "{first}");
    assert_eq!(first["skipped_non_runs"], 2);
    let export = |db: &Path| {
        let out = common::fascia_at(db, "Europe/London", NOW, &["run", "list", "--json"]);
        String::from_utf8(out.stdout).unwrap()
    };
    let before = export(&db);
    let (code, second, _) = import(&db, &[&runs]);
    assert_eq!(code, 0);
    assert_eq!(second["added"], 0);
    assert_eq!(second["merged"], 0);
    assert_eq!(second["already_there"], 5);
    assert_eq!(export(&db), before);
}

#[test]
fn hostile_files_are_named_with_exit_2_and_the_rest_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (code, summary, stderr) = import(
        &db,
        &[&fixtures("runs-hostile"), &fixtures("runs/easy-10k.fit")],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(summary["added"], 1);
    let refused = summary["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 6, "{summary}");
    assert!(refused
        .iter()
        .any(|r| r["name"].as_str().unwrap().ends_with("laughs.gpx")));
    assert!(stderr.contains("6 of 7 files refused"), "{stderr}");
    // The human summary names each refused file.
    let out = common::fascia_at(
        &db,
        "Europe/London",
        NOW,
        &[
            "run",
            "import",
            &fixtures("runs-hostile/huge.tcx").display().to_string(),
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("refused") && text.contains("huge.tcx"),
        "{text}"
    );
}

#[test]
fn a_missing_path_is_refused_before_the_journal_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (code, _, stderr) = import(&db, &[&dir.path().join("nowhere")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!db.exists());
}

/// A folder holding a pipe named like a run, a link to an endless device and a link back to
/// itself: the import neither waits for a writer nor reads for ever nor loops. The pipe in the
/// folder is not a file to take; named directly, it and the device are refused unopened.
#[cfg(unix)]
#[test]
fn pipes_devices_and_link_loops_neither_hang_nor_loop() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("watch");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(fixtures("runs/easy-10k.fit"), folder.join("easy-10k.fit")).unwrap();
    std::os::unix::fs::symlink(&folder, folder.join("loop")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", folder.join("zero.fit")).unwrap();
    let pipe = folder.join("pipe.gpx");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let db = dir.path().join("j.db");
    let (code, summary, stderr) = import(&db, &[&folder]);
    assert_eq!(summary["added"], 1, "{summary} {stderr}");
    assert_eq!(code, 0, "{summary} {stderr}");
    let (code, summary, stderr) = import(&db, &[&pipe, &folder.join("zero.fit")]);
    assert_eq!(code, 2, "{stderr}");
    let refused = summary["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 2, "{summary}");
    assert!(refused
        .iter()
        .all(|r| r["reason"].as_str().unwrap().contains("not a regular file")));
}

/// Runs from a watch in the first two weeks and in the latest two, and one typed by hand: the
/// report shows stride length and cadence before and after, each with n (the run typed by hand
/// has no cadence and is not counted), in text and JSON; the runs CSV carries cadence and
/// elevation gain.
#[test]
fn the_report_shows_stride_length_and_cadence_from_the_watch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let files = [
        "runs/long-run-28k.fit", // 2026-03-15: 28 km in 9 000 s at 175 steps a minute
        "runs/easy-10k.fit",     // 2026-03-17: 10 km in 3 480 s at 168
        "runs/easy-run.gpx",     // 2026-05-02: 10 008 m in 3 300 s at 172
        "runs/long-run.tcx",     // 2026-05-09: 26.5 km in 9 000 s at 174
    ]
    .map(fixtures);
    let (code, summary, stderr) = import(&db, &files.each_ref().map(PathBuf::as_path));
    assert_eq!((code, summary["added"].as_u64()), (0, Some(4)), "{stderr}");
    let now = "2026-05-10T12:00:00Z";
    let fascia = |args: &[&str]| {
        let out = common::fascia_at(&db, "Europe/London", now, args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    fascia(&[
        "run",
        "add",
        "--date",
        "2026-03-20",
        "--distance-km",
        "8",
        "--duration-min",
        "45",
    ]);
    let stride = |m: f64, s: f64, spm: f64| m / (s * spm / 60.0);
    let before = (stride(28_000.0, 9_000.0, 175.0) + stride(10_000.0, 3_480.0, 168.0)) / 2.0;
    let after = (stride(10_008.0, 3_300.0, 172.0) + stride(26_500.0, 9_000.0, 174.0)) / 2.0;

    let json: Value = serde_json::from_str(&fascia(&["report", "--json"])).unwrap();
    let rows = json["personal"]["rows"].as_array().unwrap();
    let row = |metric: &str| rows.iter().find(|r| r["metric"] == metric).unwrap();
    let length = row("stride-length");
    assert_eq!(
        (
            length["baseline"]["n"].as_u64(),
            length["recent"]["n"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert!((length["baseline"]["value"].as_f64().unwrap() - before).abs() < 1e-9);
    assert!((length["recent"]["value"].as_f64().unwrap() - after).abs() < 1e-9);
    let cadence = row("cadence");
    assert_eq!(cadence["baseline"]["value"].as_f64(), Some(171.5));
    assert_eq!(cadence["recent"]["value"].as_f64(), Some(173.0));
    assert_eq!(cadence["recent"]["n"].as_u64(), Some(2));

    let text = fascia(&["report"]);
    let line = |label: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label}: {text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // 1.0465 m, then 1.0366 m: to the centimetre, and the change.
    assert_eq!(
        line("Stride length"),
        "Stride length, metres a step 1.05 (n=2 ) 1.04 (n=2 ) -0.01"
    );
    assert_eq!(
        line("Cadence"),
        "Cadence, steps a minute 172 (n=2 ) 173 (n=2 ) +2"
    );
    assert!(!text.to_lowercase().contains("efficiency"), "{text}");

    let csv = dir.path().join("csv");
    fascia(&["export", "--csv", &csv.display().to_string()]);
    let runs = std::fs::read_to_string(csv.join("runs.csv")).unwrap();
    let mut lines = runs.lines();
    assert!(lines
        .next()
        .unwrap()
        .ends_with(",kind,long_run,cadence_spm,elevation_gain_m"));
    let measured: Vec<String> = lines
        .map(|l| l.rsplitn(3, ',').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    // Each run's elevation gain then cadence, in time order; the run typed by hand has neither.
    assert_eq!(measured, ["312 175", " 168", " ", "25 172", "22 174"]);
}
