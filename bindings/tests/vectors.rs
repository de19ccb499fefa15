//! The cross-language scenario vectors (`tests/vectors/`) run through the FFI surface from Rust,
//! exactly as the Kotlin and Swift suites run them through the generated bindings.
//! The expectations of `reminders.json` are golden: the Rust core produced them and they were
//! checked by hand; `FASCIA_BLESS=1` rewrites them (docs/architecture.md, "Golden files").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use fascia_core::model::{NewBodywork, NewRace, NewRun, QuietHours, RunKind};
use fascia_core::routine::RoutineRequest;
use fascia_core::timer::{Event, Snapshot};
use fascia_ffi::{build_routine, FasciaError, FasciaJournal, GuidedSession};
use serde::Deserialize;
use serde_json::{json, Value};

#[path = "../../core/tests/common/golden.rs"]
mod golden;

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name)
}

fn vector(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path(name)).unwrap()).unwrap()
}

fn instant(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

fn error_json(e: &FasciaError) -> Value {
    match e {
        FasciaError::InvalidInput { field, .. } => json!({"type": "InvalidInput", "field": field}),
        other => json!({"type": format!("{other:?}").split([' ', '{']).next().unwrap()}),
    }
}

#[test]
fn routine_vectors_through_the_ffi() {
    let doc = vector("routine.json");
    for s in doc["scenarios"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let request = RoutineRequest::deserialize(&s["request"]).unwrap();
        let expect = &s["expect"];
        match build_routine(request) {
            Ok(routine) => {
                assert_eq!(
                    routine.budget_s,
                    expect["budget_s"].as_u64().unwrap() as u32,
                    "{name}"
                );
                assert_eq!(
                    routine.total_s,
                    expect["total_s"].as_u64().unwrap() as u32,
                    "{name}"
                );
                let zones: Vec<Value> = routine
                    .zones
                    .iter()
                    .map(|z| json!([z.zone, z.hold_s]))
                    .collect();
                assert_eq!(Value::from(zones), expect["zones"], "{name}");
            }
            Err(e) => assert_eq!(error_json(&e), expect["ffi_error"], "{name}: {e}"),
        }
    }
}

fn check(snapshot: &Snapshot, expect: &Value, start: DateTime<Utc>, name: &str) {
    let status = serde_json::to_value(snapshot.status).unwrap();
    assert_eq!(status, expect["status"], "{name}");
    assert_eq!(
        u64::from(snapshot.step_index),
        expect["step_index"].as_u64().unwrap(),
        "{name}"
    );
    assert_eq!(
        snapshot.step_remaining_ms,
        expect["step_remaining_ms"].as_u64().unwrap(),
        "{name}"
    );
    assert_eq!(
        snapshot.session_remaining_ms,
        expect["session_remaining_ms"].as_u64().unwrap(),
        "{name}"
    );
    if let Some(ends) = expect["ends_at"].as_i64() {
        assert_eq!(
            snapshot.ends_at,
            Some(start + TimeDelta::seconds(ends)),
            "{name}"
        );
    }
    if let Some(marks) = expect["pain_skips"].as_array() {
        let zones: Vec<&str> = snapshot
            .pain_skips
            .iter()
            .map(|m| m.zone.as_str())
            .collect();
        let expected: Vec<&str> = marks.iter().map(|m| m["zone"].as_str().unwrap()).collect();
        assert_eq!(zones, expected, "{name}");
    }
}

/// The event a vector names, by the event's one name (`pain-skip`), recorded as the apps do.
fn apply(session: &GuidedSession, event: &str, at: DateTime<Utc>) -> Result<Snapshot, FasciaError> {
    let event: Event = event
        .parse()
        .unwrap_or_else(|_| panic!("unknown event {event}"));
    session.record(event, at)
}

#[test]
fn timer_vectors_through_the_ffi() {
    let doc = vector("timer.json");
    let routine = build_routine(RoutineRequest::deserialize(&doc["routine"]).unwrap()).unwrap();
    for s in doc["scenarios"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let app = FasciaJournal::open(dir.path().join("j.db").display().to_string(), "UTC".into())
            .unwrap();
        let start = instant(&s["start"]);
        let mut session = app.start_session(routine.clone(), start).unwrap();
        for step in s["script"].as_array().unwrap() {
            let at = start + TimeDelta::seconds(step["at"].as_i64().unwrap());
            if let Some(event) = step["event"].as_str() {
                apply(&session, event, at).unwrap();
                // Every event is on disk: a relaunch finds the same session.
                if let Some(again) = app.active_session(at).unwrap() {
                    assert_eq!(again.snapshot(at), session.snapshot(at), "{name}");
                    session = again;
                }
            }
            if let Some(expect) = step.get("check") {
                check(&session.snapshot(at), expect, start, name);
            }
            if let Some(cues) = step.get("cues") {
                let horizon = cues["horizon_s"].as_u64().unwrap() as u32;
                let got: Vec<Value> = session
                    .cues(at, horizon)
                    .iter()
                    .map(|c| json!([c.id, (c.at - start).num_seconds()]))
                    .collect();
                assert_eq!(Value::from(got), cues["expect"], "{name}");
            }
        }
    }
}

/// Builds the journal a reminder scenario describes and asks for its plan.
fn reminder_plan(s: &Value) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let app = FasciaJournal::open(
        dir.path().join("j.db").display().to_string(),
        s["time_zone"].as_str().unwrap().into(),
    )
    .unwrap();
    let now = instant(&s["now"]);
    let mut settings = app.settings().unwrap();
    let hm = |v: &Value| NaiveTime::parse_from_str(v.as_str().unwrap(), "%H:%M").unwrap();
    settings.reminder_time = hm(&s["settings"]["reminder_time"]);
    let quiet = &s["settings"]["quiet_hours"];
    settings.quiet_hours = (!quiet.is_null()).then(|| QuietHours {
        start: hm(&quiet["start"]),
        end: hm(&quiet["end"]),
    });
    app.set_settings(settings, now).unwrap();
    // Ids are random: the vectors name each record by where it is listed (`races[0]`).
    let mut names: Vec<(String, String)> = Vec::new();
    for (i, race) in s["races"].as_array().unwrap().iter().enumerate() {
        let id = app
            .add_race(NewRace::deserialize(race).unwrap(), now)
            .unwrap()
            .id;
        names.push((id, format!("races[{i}]")));
    }
    for (i, b) in s["bodywork"].as_array().unwrap().iter().enumerate() {
        let id = app
            .add_bodywork(NewBodywork::deserialize(b).unwrap(), now)
            .unwrap()
            .id;
        names.push((id, format!("bodywork[{i}]")));
    }
    for (i, run) in s["runs"].as_array().unwrap().iter().enumerate() {
        let id = app
            .add_run(NewRun::deserialize(run).unwrap(), now)
            .unwrap()
            .id;
        names.push((id, format!("runs[{i}]")));
    }
    let name = |id: &str| {
        names
            .iter()
            .fold(id.to_owned(), |id, (uuid, name)| id.replace(uuid, name))
    };
    app.reminders(now, s["days"].as_u64().unwrap() as u32, None)
        .unwrap()
        .iter()
        .map(|r| {
            json!([
                name(&r.id),
                r.fire_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                r.local.format("%Y-%m-%dT%H:%M").to_string()
            ])
        })
        .collect()
}

#[test]
fn reminder_vectors_through_the_ffi() {
    let mut doc = vector("reminders.json");
    for s in doc["scenarios"].as_array_mut().unwrap() {
        let got = Value::from(reminder_plan(s));
        assert!(!got.as_array().unwrap().is_empty(), "{}", s["name"]);
        s["expect"] = got;
    }
    // The file as it would be with what the plans are now: any difference is a changed plan.
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    golden::check(&path("reminders.json"), &text);
}

#[test]
fn many_threads_share_one_journal() {
    let dir = tempfile::tempdir().unwrap();
    let app = FasciaJournal::open(
        dir.path().join("j.db").display().to_string(),
        "Europe/Berlin".into(),
    )
    .unwrap();
    let now = instant(&json!("2026-05-01T06:00:00Z"));
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let app = Arc::clone(&app);
            std::thread::spawn(move || {
                for j in 0..10 {
                    let run = NewRun {
                        started_at: now - TimeDelta::hours(i * 10 + j),
                        distance_m: 5_000,
                        duration_s: 1_800,
                        kind: RunKind::Easy,
                    };
                    app.add_run(run, now).unwrap();
                    app.today(now).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(app.recent_runs(1000).unwrap().len(), 80);
}
