//! Golden files pin the default routines and the English zone map, so any change to content or to
//! the allocation rule shows up as a reviewed diff (how to accept one: docs/architecture.md,
//! "Golden files").

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write;
use std::path::PathBuf;

use fascia_core::routine::{build, RoutineKind, RoutineRequest};
use fascia_core::zones::Catalog;

#[path = "common/golden.rs"]
mod golden;

/// Compares `actual` with `core/tests/golden/{name}`.
fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    golden::check(&path.join(name), actual);
}

fn catalog() -> &'static Catalog {
    Catalog::embedded().expect("content")
}

#[test]
fn default_daily_routine() {
    let r = build(catalog(), &RoutineRequest::new(RoutineKind::Daily)).expect("routine");
    assert!(r.total_s <= 720);
    check(
        "daily-default.json",
        &(serde_json::to_string_pretty(&r).expect("json") + "\n"),
    );
}

#[test]
fn default_bodywork_session() {
    let r = build(catalog(), &RoutineRequest::new(RoutineKind::Bodywork)).expect("routine");
    check(
        "bodywork-default.json",
        &(serde_json::to_string_pretty(&r).expect("json") + "\n"),
    );
}

/// The zone map as a runner reads it in English: the content's review copy.
#[test]
fn english_zone_map() {
    let c = catalog();
    let mut out = format!("Zone content version {}\n", c.version());
    for z in c.zones() {
        let tools: Vec<String> = z.tools.iter().map(|t| c.text(t.text_key(), &[])).collect();
        let region = serde_json::to_value(z.region).expect("region");
        let _ =
            write!(
            out,
            "\n## {} ({})\nregion: {}, {}\ntools: {}\nself-care hold: {}-{} s, default {} s{}\n\
             bodywork hold: {}-{} s\nposition: {}\n",
            c.text(&z.name, &[]),
            z.id,
            c.text(&format!("region.{}", region.as_str().unwrap_or_default()), &[]),
            if z.sided { "each side" } else { "once" },
            tools.join(", "),
            z.self_care.min_s,
            z.self_care.max_s,
            z.self_care.default_s,
            if z.sided { " per side" } else { "" },
            z.bodywork.min_s,
            z.bodywork.max_s,
            c.text(&z.position, &[]),
        );
        for key in &z.technique {
            let _ = writeln!(out, "- {}", c.text(key, &[]));
        }
        for key in &z.cautions {
            let _ = writeln!(out, "! {}", c.text(key, &[]));
        }
        let words = |level| c.text(fascia_core::zones::Pressure::words_key(level), &[]);
        let _ = writeln!(
            out,
            "pressure: daily {}/10, {}; bodywork {}/10, {}\ntempo: {}",
            z.pressure.daily,
            words(z.pressure.daily),
            z.pressure.bodywork,
            words(z.pressure.bodywork),
            c.text(&z.tempo, &[])
        );
    }
    // The body map's regions, as the apps tap them.
    for r in c.body_map().expect("map") {
        let _ = writeln!(
            out,
            "map {:<24} {:<5} ({}, {}) r ({}, {})",
            r.id, r.view, r.cx, r.cy, r.rx, r.ry
        );
    }
    check("zones.en.txt", &out);
}
