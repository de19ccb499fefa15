//! Runs the cross-language scenario vectors in `tests/vectors/` (the Kotlin and Swift suites run
//! the same files through the FFI).

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use fascia_core::routine::{build, Routine, RoutineError, RoutineRequest};
use fascia_core::timer::{Event, Status, Timer};
use fascia_core::zones::Catalog;
use serde::Deserialize;
use serde_json::Value;

fn vector(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).expect("vector JSON")
}

fn kebab<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .expect("json")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn error_kind(e: &RoutineError) -> &'static str {
    match e {
        RoutineError::BudgetOutOfRange { .. } => "budget-out-of-range",
        RoutineError::BudgetTooSmall { .. } => "budget-too-small",
        RoutineError::UnknownZone { .. } => "unknown-zone",
        RoutineError::DuplicateZone { .. } => "duplicate-zone",
        RoutineError::PriorityOutOfRange { .. } => "priority-out-of-range",
        RoutineError::UnknownTextKey { .. } => "unknown-text-key",
        RoutineError::NoZonesAvailable => "no-zones-available",
        RoutineError::EmptyCustom => "empty-custom",
        RoutineError::EveryZoneRests => "every-zone-rests",
        RoutineError::ZoneExcluded { .. } => "zone-excluded",
        RoutineError::NoTool { .. } => "no-tool",
        RoutineError::HoldOutOfRange { .. } => "hold-out-of-range",
        RoutineError::OverBudget { .. } => "over-budget",
        RoutineError::Content(_) => "content",
    }
}

fn build_request(request: &Value) -> Result<Routine, RoutineError> {
    let request = RoutineRequest::deserialize(request).expect("request shape");
    build(Catalog::embedded().expect("content"), &request)
}

#[test]
fn routine_vectors() {
    let doc = vector("routine.json");
    let scenarios = doc["scenarios"].as_array().expect("scenarios");
    assert!(!scenarios.is_empty());
    for s in scenarios {
        let name = s["name"].as_str().unwrap_or("?");
        let expect = &s["expect"];
        let result = build_request(&s["request"]);
        if let Some(kind) = expect["error"].as_str() {
            let err = result.expect_err(name);
            assert_eq!(error_kind(&err), kind, "{name}");
            continue;
        }
        let r = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(Value::from(r.budget_s), expect["budget_s"], "{name}");
        assert_eq!(Value::from(r.total_s), expect["total_s"], "{name}");
        let zones: Vec<Value> = r
            .zones
            .iter()
            .map(|z| serde_json::json!([z.zone, z.hold_s]))
            .collect();
        assert_eq!(Value::from(zones), expect["zones"], "{name}");
        if !expect["omitted"].is_null() {
            let omitted: Vec<Value> = r
                .omitted
                .iter()
                .map(|o| serde_json::json!([o.zone, kebab(&o.why)]))
                .collect();
            assert_eq!(Value::from(omitted), expect["omitted"], "{name}");
        }
        if let Some(reasons) = expect["reasons"].as_object() {
            for (zone, key) in reasons {
                let z = r.zones.iter().find(|z| &z.zone == zone).expect("zone");
                assert_eq!(Value::from(z.reason.key.clone()), *key, "{name}: {zone}");
            }
        }
    }
}

fn offset(start: DateTime<Utc>, seconds: &Value) -> DateTime<Utc> {
    let s = seconds.as_f64().expect("offset");
    start + TimeDelta::milliseconds((s * 1000.0).round() as i64)
}

#[test]
fn timer_vectors() {
    let doc = vector("timer.json");
    let routine = build_request(&doc["routine"]).expect("vector routine");
    let scenarios = doc["scenarios"].as_array().expect("scenarios");
    assert!(!scenarios.is_empty());
    for s in scenarios {
        let name = s["name"].as_str().unwrap_or("?");
        let start: DateTime<Utc> = s["start"]
            .as_str()
            .expect("start")
            .parse()
            .expect("rfc3339");
        let mut timer = Timer::start(routine.clone(), start).expect("start");
        for item in s["script"].as_array().expect("script") {
            let at = offset(start, &item["at"]);
            let when = &item["at"];
            if !item["event"].is_null() {
                let event = Event::deserialize(&item["event"]).expect("event name");
                timer
                    .apply(event, at)
                    .unwrap_or_else(|err| panic!("{name}: {err}"));
            } else if !item["check"].is_null() {
                let c = &item["check"];
                let snap = timer.snapshot(at);
                let status = Status::deserialize(&c["status"]).expect("status");
                assert_eq!(snap.status, status, "{name} at {when}");
                assert_eq!(
                    Value::from(snap.step_index),
                    c["step_index"],
                    "{name} at {when}"
                );
                assert_eq!(
                    Value::from(snap.step_remaining_ms),
                    c["step_remaining_ms"],
                    "{name} at {when}"
                );
                assert_eq!(
                    Value::from(snap.session_remaining_ms),
                    c["session_remaining_ms"],
                    "{name} at {when}"
                );
                if !c["ends_at"].is_null() {
                    assert_eq!(snap.ends_at, Some(offset(start, &c["ends_at"])), "{name}");
                }
                if let Some(n) = c["pain_skips"].as_u64() {
                    assert_eq!(snap.pain_skips.len() as u64, n, "{name} at {when}");
                }
            } else {
                let cues = &item["cues"];
                let horizon = TimeDelta::seconds(cues["horizon_s"].as_i64().expect("horizon"));
                let got: Vec<Value> = timer
                    .cues(Catalog::embedded().expect("content"), at, horizon)
                    .iter()
                    .map(|c| {
                        let seconds = (c.at - start).num_milliseconds() as f64 / 1000.0;
                        serde_json::json!([c.id, seconds])
                    })
                    .collect();
                let want: Vec<Value> = cues["expect"]
                    .as_array()
                    .expect("expected cues")
                    .iter()
                    .map(|c| serde_json::json!([c[0], c[1].as_f64().expect("offset")]))
                    .collect();
                assert_eq!(got, want, "{name}: cues at {when}");
            }
        }
    }
}
