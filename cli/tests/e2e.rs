//! End-to-end: the real `fascia` binary on a real journal, every command, its JSON and its bad
//! inputs (exit 2, nothing written).

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use fascia_core::timer::Event;
use fascia_core::{time, Journal};
use serde_json::Value;

mod common;

const NOW: &str = "2026-11-23T07:00:00-05:00";

fn fascia(db: &Path, args: &[&str]) -> Output {
    common::fascia_at(db, "America/New_York", NOW, args)
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = fascia(db, args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "fascia {args:?} failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !stdout.contains('\x1b'),
        "escape codes in piped output of {args:?}"
    );
    stdout
}

fn json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(db, &all)).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
}

fn open(db: &Path) -> Journal {
    Journal::open(db, time::zone("America/New_York").unwrap()).unwrap()
}

/// The journal's whole content, to prove a refused command wrote nothing.
fn content(db: &Path) -> String {
    open(db)
        .export_json(DateTime::parse_from_rfc3339(NOW).unwrap().to_utc())
        .unwrap()
}

/// Today's routine, started `at` and finished once it has run out.
fn finish_a_routine(db: &Path, at: &str) {
    let journal = open(db);
    let start: DateTime<Utc> = DateTime::parse_from_rfc3339(at).unwrap().to_utc();
    let session = journal
        .start_session(journal.todays_routine(start, None).unwrap(), start)
        .unwrap();
    let end = start + TimeDelta::seconds(i64::from(session.routine().total_s) + 1);
    session.record(Event::Finish, end).unwrap();
}

fn journal() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    (dir, db)
}

#[test]
fn every_command_works_on_a_real_journal() {
    let (dir, db) = journal();
    assert!(ok(&db, &["zones"]).contains("Never press on the Achilles tendon itself"));
    let run = json(
        &db,
        &[
            "run",
            "add",
            "--date",
            "2026-11-22",
            "--distance-km",
            "28.5",
            "--duration-min",
            "150",
            "--kind",
            "long",
        ],
    );
    assert_eq!(run["distance_m"], 28_500);
    assert_eq!(
        run["started_at"], "2026-11-22T13:00:00Z",
        "08:00 in New York"
    );
    let run_id = run["id"].as_str().unwrap().to_owned();
    ok(
        &db,
        &[
            "run",
            "add",
            "--date",
            "2026-11-20T18:30",
            "--distance-km",
            "8",
            "--duration-min",
            "44",
        ],
    );
    assert_eq!(json(&db, &["run", "list"]).as_array().unwrap().len(), 2);
    let sore = json(
        &db,
        &[
            "soreness",
            "add",
            "--zone",
            "calves=6",
            "--zone",
            "it-band:left=3",
            "--run",
            &run_id,
            "--note",
            "after the hills",
        ],
    );
    assert_eq!(sore[1]["side"], "left");
    ok(
        &db,
        &["downtime", "add", "--hours", "1.5", "--zone", "it-band"],
    );
    let race = json(
        &db,
        &[
            "race",
            "add",
            "--name",
            "Spring Marathon",
            "--date",
            "2027-04-18",
            "--distance-km",
            "42.195",
            "--priority",
            "A",
        ],
    );
    let c_race = json(
        &db,
        &[
            "race",
            "add",
            "--name",
            "Parkrun",
            "--date",
            "2027-01-09",
            "--priority",
            "C",
        ],
    );
    assert_eq!(json(&db, &["race", "list"]).as_array().unwrap().len(), 2);
    ok(&db, &["race", "rm", c_race["id"].as_str().unwrap()]);
    assert_eq!(json(&db, &["race", "list"]).as_array().unwrap().len(), 1);
    ok(&db, &["bodywork", "add", "--at", "2027-03-01T18:00"]);
    assert_eq!(json(&db, &["bodywork", "list"])[0]["minutes"], 45);

    let plan = json(&db, &["plan"]);
    assert_eq!(plan["kickoff"], "2027-03-07");
    assert_eq!(plan["races"][0]["race_id"], race["id"]);
    assert!(ok(&db, &["plan"]).contains("peak training 2027-03-14 to 2027-03-28"));

    let reminders = json(&db, &["reminders", "--days", "10", "--limit", "5"]);
    let list = reminders.as_array().unwrap();
    assert_eq!(list.len(), 5);
    for r in list {
        assert!(r["id"].is_string() && r["kind"].is_string());
        let fire =
            DateTime::<FixedOffset>::parse_from_rfc3339(r["fire_at"].as_str().unwrap()).unwrap();
        assert_eq!(
            fire.offset().local_minus_utc(),
            -5 * 3600,
            "local offset in New York"
        );
    }
    assert_eq!(
        list[0]["id"], "daily-routine:2026-11-24",
        "today's 07:00 has just passed"
    );

    let today = json(&db, &["today"]);
    let routine = &today["routine"];
    let steps = routine["steps"].as_array().unwrap();
    let sum: u64 = steps.iter().map(|s| s["seconds"].as_u64().unwrap()).sum();
    assert_eq!(routine["total_s"].as_u64().unwrap(), sum);
    assert!(sum <= 720);
    assert!(steps
        .iter()
        .all(|s| s["zone"].is_string() && s["side"].is_string()));
    let calves = routine["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == "calves")
        .unwrap();
    assert_eq!(calves["reason"]["key"], "reason.sore-after-long-run");
    assert_eq!(today["calendar"].as_array().unwrap().len(), 7);
    let human = ok(&db, &["today"]);
    assert!(
        human.contains("6/10 after the 28.5 km long run on Sun 22 Nov 2026"),
        "{human}"
    );

    // A sped-up run is a preview: it runs to the end and stores nothing.
    let before = content(&db);
    let done = ok(&db, &["routine", "--speed", "1000"]);
    assert!(done.contains("Routine done"), "{done}");
    assert!(done.contains("preview"), "{done}");
    let after = json(&db, &["today"]);
    assert_eq!(after["done_today"], false, "{done}\n{after:#}");
    assert!(after["active_session"].is_null(), "{after:#}");
    assert_eq!(content(&db), before, "a preview wrote to the journal");
    // A real routine, finished at its real instants (as the pseudo-terminal test drives one).
    finish_a_routine(&db, NOW);
    let after = json(&db, &["today"]);
    assert_eq!(after["done_today"], true, "{after:#}");
    let report = json(&db, &["report"]);
    assert_eq!(report["streak"], 1);
    assert!(ok(&db, &["report"]).contains("Soreness by zone"));

    let settings = json(&db, &["settings", "set", "reminder-time", "06:45"]);
    assert_eq!(settings["reminder_time"], "06:45:00");
    ok(&db, &["settings", "set", "quiet-hours", "off"]);
    ok(&db, &["settings", "set", "tools", "foam-roller,ball"]);
    ok(&db, &["settings", "set", "weekly-report", "Sat 09:30"]);
    assert!(ok(&db, &["settings", "show"]).contains("weekly-report          Sat 09:30"));
    ok(&db, &["settings", "set", "units", "imperial"]);
    assert!(
        ok(&db, &["run", "list"]).contains("17.7 mi"),
        "28.5 km in miles"
    );
    ok(&db, &["settings", "set", "units", "metric"]);

    let file = dir.path().join("export.json");
    ok(&db, &["export", file.to_str().unwrap()]);
    let csv = dir.path().join("csv");
    ok(&db, &["export", "--csv", csv.to_str().unwrap()]);
    assert!(std::fs::read_to_string(csv.join("runs.csv"))
        .unwrap()
        .contains(",28.500,150.00,long,true"));
    assert!(std::fs::read_to_string(csv.join("soreness.csv"))
        .unwrap()
        .contains(",after the hills"));
    let other = dir.path().join("other.db");
    let summary = json(&other, &["import", file.to_str().unwrap()]);
    assert_eq!(summary["updated"], 0);
    assert_eq!(
        json(&other, &["import", file.to_str().unwrap()])["added"],
        0,
        "merging twice changes nothing"
    );
    assert_eq!(content(&other), content(&db));

    let backups = json(&db, &["backup", "list"]);
    let id = backups[0]["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("daily-"));
    ok(&db, &["backup", "restore", &id]);
    assert_eq!(
        json(&db, &["run", "list"]).as_array().unwrap().len(),
        1,
        "the day's backup is taken once the day's first command worked: after the first run"
    );
}

#[test]
fn bad_input_exits_2_with_a_message_and_writes_nothing() {
    let (dir, db) = journal();
    ok(
        &db,
        &[
            "race",
            "add",
            "--name",
            "Spring Marathon",
            "--date",
            "2027-04-18",
            "--priority",
            "A",
        ],
    );
    let before = content(&db);
    let bad_file = dir.path().join("bad.json");
    std::fs::write(
        &bad_file,
        r#"{"format":"fascia-export","version":1,"runs":"oops"}"#,
    )
    .unwrap();
    let bad_file = bad_file.to_str().unwrap().to_owned();
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "run",
            "add",
            "--date",
            "yesterday",
            "--distance-km",
            "10",
            "--duration-min",
            "50",
        ],
        vec![
            "run",
            "add",
            "--date",
            "2026-11-22",
            "--distance-km",
            "-3",
            "--duration-min",
            "50",
        ],
        vec![
            "run",
            "add",
            "--date",
            "2026-11-22",
            "--distance-km",
            "100",
            "--duration-min",
            "10",
        ],
        vec![
            "run",
            "add",
            "--date",
            "2026-11-22",
            "--distance-km",
            "10",
            "--duration-min",
            "50",
            "--kind",
            "sprint",
        ],
        vec!["soreness", "add", "--zone", "calves"],
        vec!["soreness", "add", "--zone", "elbow=3"],
        vec!["soreness", "add", "--zone", "calves=11"],
        vec![
            "soreness",
            "add",
            "--zone",
            "calves=4",
            "--zone",
            "thoracic-spine:left=2",
        ],
        vec![
            "soreness",
            "add",
            "--zone",
            "calves=4",
            "--run",
            "no-such-run",
        ],
        vec!["downtime", "add", "--hours", "30"],
        vec!["race", "add", "--name", " ", "--date", "2027-01-01"],
        vec![
            "race",
            "add",
            "--name",
            "X",
            "--date",
            "2027-01-01",
            "--priority",
            "D",
        ],
        vec!["race", "rm", "no-such-race"],
        vec![
            "bodywork",
            "add",
            "--at",
            "2027-03-01T18:00",
            "--minutes",
            "5",
        ],
        vec!["settings", "set", "minutes", "30"],
        vec!["settings", "set", "colour", "blue"],
        vec!["settings", "set", "units", "furlongs"],
        vec!["settings", "set", "tools", "foam-roller,rope"],
        vec!["settings", "set", "excluded-zones", "nose"],
        vec!["import", "/no/such/file.json"],
        vec!["import", &bad_file],
        vec!["backup", "restore", "../journal.db"],
        vec!["routine", "--speed", "0"],
        vec!["routine", "--minutes", "90"],
        vec!["--tz", "Mars/Olympus_Mons", "today"],
        vec!["--now", "tomorrow", "today"],
        vec!["frobnicate"],
    ];
    for args in cases {
        let out = fascia(&db, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.trim().is_empty(), "{args:?} said nothing");
        assert_eq!(content(&db), before, "{args:?} changed the journal");
    }
}

#[test]
fn a_journal_that_cannot_be_read_exits_1() {
    let (dir, db) = journal();
    std::fs::write(&db, b"this is not a database, it is a grocery list").unwrap();
    let out = fascia(&db, &["today"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kept as it is"));
    assert!(std::fs::read(&db).unwrap().starts_with(b"this is not"));
    drop(dir);
}

#[test]
fn every_command_has_help() {
    let (_dir, db) = journal();
    for cmd in [
        vec!["--help"],
        vec!["routine", "--help"],
        vec!["today", "--help"],
        vec!["zones", "--help"],
        vec!["run", "add", "--help"],
        vec!["run", "list", "--help"],
        vec!["soreness", "add", "--help"],
        vec!["downtime", "add", "--help"],
        vec!["race", "add", "--help"],
        vec!["race", "list", "--help"],
        vec!["race", "rm", "--help"],
        vec!["bodywork", "add", "--help"],
        vec!["bodywork", "list", "--help"],
        vec!["plan", "--help"],
        vec!["reminders", "--help"],
        vec!["report", "--help"],
        vec!["export", "--help"],
        vec!["import", "--help"],
        vec!["backup", "list", "--help"],
        vec!["backup", "restore", "--help"],
        vec!["settings", "show", "--help"],
        vec!["settings", "set", "--help"],
    ] {
        let text = ok(&db, &cmd);
        assert!(text.contains("Usage: fascia"), "{cmd:?}");
    }
}

#[test]
fn every_entry_can_be_listed_corrected_and_removed() {
    let (_dir, db) = journal();
    let run = json(
        &db,
        &[
            "run",
            "add",
            "--date",
            "2026-11-22",
            "--distance-km",
            "21",
            "--duration-min",
            "120",
        ],
    );
    let run_id = run["id"].as_str().unwrap().to_owned();
    let fixed = json(
        &db,
        &[
            "run",
            "edit",
            &run_id,
            "--distance-km",
            "25",
            "--kind",
            "long",
        ],
    );
    assert_eq!(
        (fixed["distance_m"].as_u64(), fixed["kind"].as_str()),
        (Some(25_000), Some("long"))
    );
    assert_eq!(
        fixed["duration_s"], run["duration_s"],
        "what was not given stays"
    );

    let sore = json(
        &db,
        &[
            "soreness",
            "add",
            "--zone",
            "calves:left=4",
            "--run",
            &run_id,
        ],
    );
    let sore_id = sore[0]["id"].as_str().unwrap().to_owned();
    let fixed = json(
        &db,
        &[
            "soreness", "edit", &sore_id, "--level", "6", "--note", "hills",
        ],
    );
    assert_eq!(
        (fixed["level"].as_u64(), fixed["note"].as_str()),
        (Some(6), Some("hills"))
    );
    assert!(ok(&db, &["soreness", "list"]).contains(&sore_id));

    let down = json(
        &db,
        &["downtime", "add", "--hours", "1", "--zone", "it-band"],
    );
    let down_id = down["id"].as_str().unwrap().to_owned();
    let fixed = json(
        &db,
        &[
            "downtime", "edit", &down_id, "--hours", "2", "--zone", "none",
        ],
    );
    assert_eq!(
        (fixed["minutes"].as_u64(), fixed["zone"].is_null()),
        (Some(120), true)
    );
    assert!(ok(&db, &["downtime", "list"]).contains(&down_id));

    let race = json(
        &db,
        &["race", "add", "--name", "Spring", "--date", "2027-04-18"],
    );
    let race_id = race["id"].as_str().unwrap().to_owned();
    let fixed = json(
        &db,
        &[
            "race",
            "edit",
            &race_id,
            "--priority",
            "A",
            "--name",
            "Spring Marathon",
        ],
    );
    assert_eq!(
        (fixed["priority"].as_str(), fixed["name"].as_str()),
        (Some("A"), Some("Spring Marathon"))
    );

    let booked = json(&db, &["bodywork", "add", "--at", "2026-12-01T18:00"]);
    let b_id = booked["id"].as_str().unwrap().to_owned();
    let moved = json(
        &db,
        &[
            "bodywork",
            "edit",
            &b_id,
            "--at",
            "2026-12-02T19:00",
            "--minutes",
            "60",
        ],
    );
    assert_eq!(moved["minutes"], 60);
    assert_eq!(json(&db, &["bodywork", "done", &b_id])["done"], true);

    // Bad corrections: exit 2, nothing changed.
    let before = content(&db);
    for args in [
        vec!["run", "edit", &run_id, "--duration-min", "0"],
        vec!["run", "edit", "no-such-run", "--distance-km", "5"],
        vec!["soreness", "edit", &sore_id, "--level", "11"],
        vec!["race", "edit", &race_id, "--priority", "Z"],
        vec!["bodywork", "edit", &b_id, "--minutes", "5"],
        vec!["downtime", "rm", "no-such-entry"],
    ] {
        let out = fascia(&db, &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(content(&db), before, "{args:?} changed the journal");
    }

    // Removals, remembered for the next export.
    for (what, id) in [
        ("soreness", &sore_id),
        ("downtime", &down_id),
        ("run", &run_id),
        ("race", &race_id),
    ] {
        ok(&db, &[what, "rm", id]);
    }
    ok(&db, &["bodywork", "cancel", &b_id]);
    let doc: Value = serde_json::from_str(&content(&db)).unwrap();
    assert_eq!(doc["deleted"].as_array().unwrap().len(), 5);
    assert!(doc["runs"].as_array().unwrap().is_empty());
}

/// The protocol in the terminal: the bodywork session runs, the chart and the map are there, a
/// one-sided soreness shows its side, a reminder time in quiet hours says where it fires, and
/// `--json` gives reminders with the local offset everywhere.
#[test]
fn the_protocol_in_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");

    // 45 minutes is the bodywork session, not a long daily routine.
    let out = fascia(&db, &["routine", "--minutes", "45"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bodywork"));
    let done = ok(&db, &["routine", "--bodywork", "--speed", "1000"]);
    // The time held reads as a duration ("45 min", "42 min 20 s"), not a
    // clock time.
    let held = done
        .lines()
        .find_map(|l| l.strip_prefix("Routine done: "))
        .and_then(|l| l.split(" of slow").next())
        .unwrap_or_else(|| panic!("{done}"));
    assert!(
        held.ends_with(" min") || held.ends_with(" s"),
        "Routine done: {held}"
    );
    assert!(!held.contains(':'), "Routine done: {held}");
    assert!(done.contains("Hold 120 s"), "{done}");
    let out = fascia(&db, &["routine", "--bodywork", "--minutes", "20"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("30 to 60"));

    // The pressure timing chart, with each zone's pressure in words.
    let chart = ok(&db, &["zones", "--chart"]);
    assert!(chart.contains("IT band (outer thigh)"), "{chart}");
    assert!(chart.contains("daily pressure: moderate"), "{chart}");
    assert!(chart.contains("tempo: "), "{chart}");
    let rows = json(&db, &["zones", "--chart"]);
    assert_eq!(rows.as_array().unwrap().len(), 11);
    assert!(rows[0]["pressure"]["daily"].as_u64().unwrap() >= 1);

    // The body map, written whole.
    let map = dir.path().join("map.svg");
    ok(&db, &["zones", "--map", map.to_str().unwrap()]);
    let svg = std::fs::read_to_string(&map).unwrap();
    assert!(svg.contains("id=\"it-band-left\"") && svg.contains("id=\"thoracic-spine\""));
    ok(&db, &["zones", "--map", map.to_str().unwrap()]); // a map over a map: fine
                                                         // Never over the journal or another file.
    let before = std::fs::read(&db).unwrap();
    let out = fascia(&db, &["zones", "--map", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ending in .svg"));
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // Left-only soreness leads with the left side.
    ok(&db, &["soreness", "add", "--zone", "it-band:left=5"]);
    let today = ok(&db, &["today"]);
    let line = today.lines().find(|l| l.contains("IT band")).unwrap();
    assert!(
        line.contains("s left,") && line.contains("Sore on the left side: 5/10"),
        "{line}"
    );

    // A reminder time inside quiet hours is kept, and the runner is told.
    let set = ok(&db, &["settings", "set", "reminder-time", "06:00"]);
    assert!(set.contains("daily reminders will come at 07:00"), "{set}");

    // The local offset in both places: `today --json` and `reminders --json`.
    let today = json(&db, &["today"]);
    let fire = today["next_reminder"]["fire_at"].as_str().unwrap();
    assert!(fire.ends_with("-05:00"), "{fire}");
    let list = json(&db, &["reminders"]);
    assert!(list[0]["fire_at"].as_str().unwrap().ends_with("-05:00"));

    // A long plan is cut, and says so.
    ok(
        &db,
        &[
            "race",
            "add",
            "--name",
            "Spring Marathon",
            "--date",
            "2027-04-18",
            "--priority",
            "A",
        ],
    );
    let text = ok(&db, &["reminders", "--days", "180"]);
    assert!(text.contains("Cut at 64 reminders"), "{text}");
    assert!(text.contains("race-week:"), "{text}");
}

/// Every refusal names the option the runner typed, its unit and the
/// valid values (with "did you mean" for zones); miles are accepted and shown where the runner
/// reads miles, the long-run threshold too, and reasons follow the unit.
#[test]
fn messages_in_the_runners_words_and_miles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let refused = |args: &[&str]| {
        let out = fascia(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    for (args, says) in [
        (
            vec!["downtime", "add", "--hours", "0"],
            "--hours: must be between 1 minute and 24 hours",
        ),
        (
            vec!["soreness", "add", "--zone", "calf=5"],
            "--zone: unknown zone \"calf\": did you mean \"calves\"? Zones: plantar-fascia,",
        ),
        (
            vec![
                "soreness",
                "add",
                "--zone",
                "calves=3",
                "--zone",
                "hamstrngs=4",
            ],
            "--zone (the 2nd one): unknown zone \"hamstrngs\": did you mean \"hamstrings\"?",
        ),
        (
            vec!["soreness", "add", "--zone", "calves=11"],
            "the level in --zone ZONE=LEVEL: must be 0 (none) to 10 (worst)",
        ),
        (
            vec![
                "run",
                "add",
                "--date",
                "2026-11-20",
                "--distance-km",
                "10",
                "--duration-min",
                "0",
            ],
            "--duration-min: must be",
        ),
        (
            vec!["settings", "set", "excluded-zones", "calf"],
            "excluded-zones: unknown zone \"calf\": did you mean \"calves\"?",
        ),
        (
            vec!["settings", "set", "minutes", "30"],
            "minutes (the daily routine): must be 5 to 20 minutes",
        ),
        (
            vec!["settings", "set", "long-run-mi", "2"],
            "long-run-mi: must be 5 to 100 km (3.1 to 62.1 mi)",
        ),
        (
            vec![
                "bodywork",
                "add",
                "--at",
                "2026-12-01T10:00",
                "--minutes",
                "500",
            ],
            "--minutes: must be 10 to 240 minutes",
        ),
    ] {
        let stderr = refused(&args);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        for field in [
            "distance_m",
            "duration_s",
            "excluded_zones",
            "daily_minutes",
            "[0]",
            "[1]",
        ] {
            assert!(!stderr.contains(field), "{args:?} shows {field}: {stderr}");
        }
    }

    ok(&db, &["settings", "set", "units", "imperial"]);
    ok(&db, &["settings", "set", "long-run-mi", "10"]);
    let settings = ok(&db, &["settings", "show"]);
    assert!(
        settings.contains("long-run-mi            10.0"),
        "{settings}"
    );
    let logged = ok(
        &db,
        &[
            "run",
            "add",
            "--date",
            "2026-11-22",
            "--distance-mi",
            "11",
            "--duration-min",
            "100",
            "--kind",
            "long",
        ],
    );
    assert!(
        logged.contains("11.0 mi") && logged.contains("a long run"),
        "{logged}"
    );
    ok(
        &db,
        &[
            "soreness",
            "add",
            "--zone",
            "calves=5",
            "--at",
            "2026-11-22T16:00",
        ],
    );
    let today = ok(&db, &["today"]);
    assert!(
        today.contains("5/10 after the 11.0 mi long run on Sun 22 Nov 2026"),
        "{today}"
    );
    let runs = json(&db, &["run", "list"]);
    assert_eq!(runs[0]["distance_m"], 17703);
}

/// An entry keeps the zone it was logged in, so after travel a past run shows
/// the time the runner saw, naming that zone.
#[test]
fn past_runs_show_the_time_the_runner_saw() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let run = |tz: &str, args: &[&str]| {
        let out = common::fascia_at(&db, tz, "2026-11-22T20:00:00Z", args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(
        "America/Chicago",
        &[
            "run",
            "add",
            "--date",
            "2026-11-22T07:30",
            "--distance-km",
            "10",
            "--duration-min",
            "50",
        ],
    );
    let home = run("America/Chicago", &["run", "list"]);
    assert!(home.starts_with("Sun 22 Nov 07:30  "), "{home}");
    let away = run("Asia/Tokyo", &["run", "list"]);
    assert!(
        away.starts_with("Sun 22 Nov 07:30 (America/Chicago)"),
        "{away}"
    );
}

/// The ids in a text: every 36-character UUID, in order.
fn uuids(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .filter(|w| {
            w.len() == 36
                && w.char_indices()
                    .all(|(i, c)| (c == '-') == matches!(i, 8 | 13 | 18 | 23))
        })
        .map(str::to_owned)
        .collect()
}

/// Every add prints its id, and every command that takes an id takes its
/// shortest unique start, as git does; an ambiguous start is refused with the ids it matches,
/// one too short is refused, and neither writes anything.
#[test]
fn every_add_prints_its_id_and_an_id_start_is_enough() {
    let (dir, db) = journal();
    let added = |args: &[&str]| {
        let text = ok(&db, args);
        let ids = uuids(&text);
        assert!(!ids.is_empty(), "{args:?} printed no id: {text}");
        (text, ids)
    };
    let (_, run) = added(&[
        "run",
        "add",
        "--date",
        "2026-11-22",
        "--distance-km",
        "21",
        "--duration-min",
        "120",
    ]);
    let run = &run[0];
    let start = |id: &str| id[..8].to_owned();
    // Soreness linked to the run by the start of its id; each entry's id is printed.
    let (text, sore) = added(&[
        "soreness",
        "add",
        "--zone",
        "calves=4",
        "--zone",
        "shins:left=2",
        "--run",
        &start(run),
    ]);
    assert_eq!(sore.len(), 2, "{text}");
    let listed = json(&db, &["soreness", "list"]);
    assert_eq!(listed[0]["run_id"].as_str(), Some(run.as_str()));
    let (_, down) = added(&["downtime", "add", "--hours", "1", "--zone", "it-band"]);
    let (_, race) = added(&["race", "add", "--name", "Spring", "--date", "2027-04-18"]);
    let (_, booked) = added(&["bodywork", "add", "--at", "2026-12-01T18:00"]);

    // Corrections by the start of the id (any case); the full id is printed back.
    let fixed = ok(
        &db,
        &["run", "edit", &start(run).to_uppercase(), "--kind", "long"],
    );
    assert!(fixed.contains(run.as_str()), "{fixed}");
    assert_eq!(
        json(&db, &["soreness", "edit", &start(&sore[0]), "--level", "5"])["level"],
        5
    );
    assert_eq!(
        json(&db, &["downtime", "edit", &start(&down[0]), "--hours", "2"])["minutes"],
        120
    );
    assert_eq!(
        json(&db, &["race", "edit", &start(&race[0]), "--priority", "A"])["priority"],
        "A"
    );
    assert_eq!(
        json(
            &db,
            &["bodywork", "edit", &start(&booked[0]), "--minutes", "60"]
        )["minutes"],
        60
    );
    assert_eq!(
        json(&db, &["bodywork", "done", &start(&booked[0])])["done"],
        true
    );

    // Too short, or the start of no id: exit 2, nothing written.
    let before = content(&db);
    for (args, says) in [
        (vec!["run", "rm", "ab"], "at least 4 characters"),
        (
            vec!["race", "edit", "0000", "--name", "X"],
            "no race with id 0000",
        ),
        (vec!["downtime", "rm", "no-such-entry"], "no downtime entry"),
        // A run's id names no race.
        (vec!["race", "rm", run.as_str()], "no race with id"),
    ] {
        let out = fascia(&db, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert_eq!(content(&db), before, "{args:?} changed the journal");
    }

    // Two runs whose ids start alike (brought in by an import): the shared start is refused,
    // naming both; one more character settles it.
    let export = dir.path().join("export.json");
    ok(&db, &["export", export.to_str().unwrap()]);
    let twins = [
        "abcd0000-0000-4000-8000-000000000001",
        "abcd1111-0000-4000-8000-000000000002",
    ];
    let other = ok(
        &db,
        &[
            "run",
            "add",
            "--date",
            "2026-11-20",
            "--distance-km",
            "8",
            "--duration-min",
            "44",
        ],
    );
    let other = &uuids(&other)[0];
    ok(&db, &["export", export.to_str().unwrap()]);
    let text = std::fs::read_to_string(&export)
        .unwrap()
        .replace(run.as_str(), twins[0])
        .replace(other.as_str(), twins[1]);
    let crafted = dir.path().join("twins.json");
    std::fs::write(&crafted, text).unwrap();
    let db2 = dir.path().join("twins.db");
    ok(&db2, &["import", crafted.to_str().unwrap()]);
    let before = content(&db2);
    let out = fascia(&db2, &["run", "rm", "ABCD"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("more than one run")
            && stderr.contains(twins[0])
            && stderr.contains(twins[1]),
        "{stderr}"
    );
    assert_eq!(content(&db2), before, "an ambiguous id changed the journal");
    let removed = ok(&db2, &["run", "rm", "abcd1"]);
    assert!(removed.contains(twins[1]), "{removed}");
    assert_eq!(json(&db2, &["run", "list"])[0]["id"], twins[0]);
    // The soreness linked to the first twin followed it through the import.
    assert_eq!(
        json(&db2, &["soreness", "list"])[0]["run_id"].as_str(),
        Some(twins[0])
    );

    // Deletions by the start of the id.
    for (what, id) in [
        ("soreness", &sore[1]),
        ("downtime", &down[0]),
        ("run", run),
        ("race", &race[0]),
    ] {
        let removed = ok(&db, &[what, "rm", &start(id)]);
        assert!(removed.contains(id.as_str()), "{removed}");
    }
    ok(&db, &["bodywork", "cancel", &start(&booked[0])]);
    assert!(json(&db, &["bodywork", "list"])
        .as_array()
        .unwrap()
        .is_empty());
}

/// In the terminal, a race brings the soreness prompt, its reason
/// says "race" (never "long run"), the report shows recovery after long runs and after races of
/// 10 km or more, each with n, zones are named in words everywhere a person reads, and a
/// routine's length reads as a duration.
#[test]
fn races_are_races_zones_have_names_and_lengths_read_as_durations() {
    let (_dir, db) = journal();
    let run = |date: &str, km: &str, min: &str, kind: &str| {
        json(
            &db,
            &[
                "run",
                "add",
                "--date",
                date,
                "--distance-km",
                km,
                "--duration-min",
                min,
                "--kind",
                kind,
            ],
        )["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let sore = |zone: &str, at: &str, run: &str| {
        ok(
            &db,
            &["soreness", "add", "--zone", zone, "--at", at, "--run", run],
        );
    };
    let ten_k = run("2026-11-01", "10", "48", "race");
    sore("calves=5", "2026-11-01T15:00", &ten_k);
    sore("calves=1", "2026-11-02T18:00", &ten_k);
    let long = run("2026-11-08", "25", "140", "long");
    sore("calves=6", "2026-11-08T16:00", &long);
    sore("calves=1", "2026-11-10T08:00", &long);
    ok(
        &db,
        &[
            "downtime",
            "add",
            "--hours",
            "1",
            "--zone",
            "plantar-fascia",
        ],
    );

    // A race logged yesterday brings the soreness prompt, saying "race".
    let marathon = run("2026-11-22", "42.2", "230", "race");
    let reminders = json(&db, &["reminders", "--days", "2"]);
    let prompt = reminders
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == format!("soreness-prompt:{marathon}"))
        .unwrap_or_else(|| panic!("no soreness prompt after the race: {reminders:#}"));
    assert!(
        prompt["body"].as_str().unwrap().contains("42.2 km race"),
        "{prompt}"
    );
    sore("calves:left=5", "2026-11-22T16:00", &marathon);

    // The reason after a race says "race", never "long run".
    let today = ok(&db, &["today"]);
    assert!(
        today.contains("5/10 after the 42.2 km race on Sun 22 Nov 2026"),
        "{today}"
    );
    assert!(!today.contains("long run on"), "{today}");
    // The routine's length is a duration, not a clock time.
    let length = today.lines().find(|l| l.starts_with("Routine: ")).unwrap();
    let routine = json(&db, &["today"])["routine"]["total_s"]
        .as_u64()
        .unwrap();
    let words = match (routine / 60, routine % 60) {
        (m, 0) => format!("Routine: {m} min, "),
        (m, s) => format!("Routine: {m} min {s} s, "),
    };
    assert!(length.starts_with(&words), "{length}");

    // Recovery after long runs and after races of 10 km or more, each with n (the
    // marathon has not recovered yet: it is counted in neither mean).
    let report = ok(&db, &["report"]);
    assert!(
        report.contains("Recovery after long runs, last 12 months: 45.7 h (n=1)"),
        "{report}"
    );
    assert!(
        report.contains("Recovery after races of 10.0 km or more, last 12 months: 33.2 h (n=1)"),
        "{report}"
    );
    let rows = json(&db, &["report"])["recovery_summary"].clone();
    assert_eq!(rows[1]["after"], "races");
    assert_eq!(rows[1]["efforts"], 2, "the 10K and the marathon");

    // Zone names, never ids, wherever a person reads.
    let ids: Vec<String> = json(&db, &["zones"])
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 11);
    for args in [
        vec!["today"],
        vec!["report"],
        vec!["soreness", "list", "--days", "60"],
        vec!["downtime", "list"],
        vec!["plan"],
        vec!["reminders"],
    ] {
        let text = ok(&db, &args);
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            assert!(
                !ids.iter().any(|id| id == word),
                "{args:?} shows the zone id {word}: {text}"
            );
        }
    }
    let week = today.split("This week:").nth(1).unwrap();
    assert!(week.contains("Calves"), "{week}");

    // Logging a race of any distance says the check-ins will come, calling it a race.
    let logged = ok(
        &db,
        &[
            "run",
            "add",
            "--date",
            "2026-11-23T06:00",
            "--distance-km",
            "5",
            "--duration-min",
            "22",
            "--kind",
            "race",
        ],
    );
    assert!(logged.contains("(a race: log soreness later"), "{logged}");
}

/// The report's soreness chart is the last 28 calendar days, today − 27 first,
/// a day without an entry a gap (not skipped, not a 0), however old the history.
#[test]
fn the_report_charts_the_last_28_calendar_days_with_gaps() {
    let (_dir, db) = journal();
    for (at, level) in [
        ("2026-09-20T08:00:00-04:00", "6"), // two months back: off the chart
        ("2026-10-26T08:00:00-04:00", "9"), // today − 28: off the chart
        ("2026-10-27T08:00:00-04:00", "10"), // today − 27: the first day
        ("2026-11-20T08:00:00-05:00", "0"),
        ("2026-11-23T06:00:00-05:00", "10"), // today
    ] {
        ok(
            &db,
            &[
                "soreness",
                "add",
                "--zone",
                &format!("calves={level}"),
                "--at",
                at,
            ],
        );
    }
    let report = ok(&db, &["report"]);
    let line = report
        .lines()
        .find(|l| l.trim_start().starts_with("Calves"))
        .unwrap_or_else(|| panic!("{report}"));
    let chart = format!("█{}▁  █", " ".repeat(23));
    assert_eq!(chart.chars().count(), 28);
    assert!(line.contains(&format!(" {chart} 7d ")), "{line:?}");
    let days = &json(&db, &["report"])["trends"][0]["days"];
    assert_eq!(days.as_array().unwrap().len(), 28);
    assert_eq!(days[0]["date"], "2026-10-27");
    assert_eq!(days[0]["level"], 10);
    assert!(days[1]["level"].is_null(), "a gap: {}", days[1]);
    assert_eq!(days[27]["date"], "2026-11-23");
}

/// The dynamic warm-up in the terminal: `fascia today` offers it (first on race morning),
/// `fascia routine --warm-up` runs it (a sped-up run is a preview), a move loading a resting
/// zone is left out saying why, and it does not mix with the bodywork session or a budget.
#[test]
fn the_warm_up_in_the_terminal() {
    let (_dir, db) = journal();
    let today = ok(&db, &["today"]);
    assert!(
        today.contains("Warm-up: Before you run: a 4-minute dynamic warm-up"),
        "{today}"
    );
    let offer = &json(&db, &["today"])["warm_up"];
    assert_eq!(offer["total_s"], 240);
    assert_eq!(offer["race_morning"], false);

    let done = ok(&db, &["routine", "--warm-up", "--speed", "1000"]);
    assert!(done.contains("A preview at 1000x speed"), "{done}");
    assert!(
        done.contains("Calf raises: Get into position 10 s."),
        "{done}"
    );
    assert!(
        done.contains("Front-to-back leg swings, right: Go 20 s."),
        "{done}"
    );
    assert!(done.contains("Warm-up done: "), "{done}");
    assert!(!done.contains("streak"), "{done}");

    for bad in [
        vec!["routine", "--warm-up", "--bodywork"],
        vec!["routine", "--warm-up", "--minutes", "10"],
    ] {
        let before = content(&db);
        let out = fascia(&db, &bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert_eq!(content(&db), before, "{bad:?} wrote something");
    }

    // A hamstring at 8/10: the moves that load it are left out, each saying why.
    ok(&db, &["soreness", "add", "--zone", "hamstrings:left=8"]);
    let done = ok(&db, &["routine", "--warm-up", "--speed", "1000"]);
    assert!(
        done.contains("Front-to-back leg swings: Left out today: Hamstrings, left rests"),
        "{done}"
    );
    assert!(done.contains("Butt kicks: Left out today"), "{done}");
    assert!(!done.contains("Butt kicks: Go"), "{done}");

    // Race morning: the light warm-up (the hamstring's moves still out), offered first.
    ok(
        &db,
        &[
            "race",
            "add",
            "--name",
            "Turkey Trot",
            "--date",
            "2026-11-23",
            "--priority",
            "B",
        ],
    );
    let today = ok(&db, &["today"]);
    let first = today
        .find("Warm-up: Warm up first: 2 min of easy dynamic moves")
        .unwrap_or_else(|| panic!("{today}"));
    assert!(first < today.find("Routine:").unwrap(), "{today}");
}
