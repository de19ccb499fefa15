//! Golden files pin the default routines and the English zone map, so any change to content or to
//! the allocation rule shows up as a reviewed diff (how to accept one: docs/architecture.md,
//! "Golden files").

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write;
use std::path::PathBuf;

use fascia_core::pictures::map::{BodyMap, MapLevel};
use fascia_core::pictures::technique::Techniques;
use fascia_core::routine::{build, RoutineKind, RoutineRequest, MAX_PRIORITY};
use fascia_core::vocab::{Name, Side};
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
    let map = BodyMap::embedded().expect("map");
    for r in map.regions() {
        let _ = writeln!(
            out,
            "map {:<24} {:<5} anchor ({:.1}, {:.1}) box ({:.1}, {:.1}) {:.1} x {:.1}, {} points",
            r.id,
            r.view,
            r.anchor.x,
            r.anchor.y,
            r.left,
            r.top,
            r.width,
            r.height,
            r.points.len()
        );
    }
    check("zones.en.txt", &out);
}

/// The technique drawings as numbers: for each zone and tool, the frame, and at the start, the
/// middle and the end of the movement every joint, the tool, the contact (where along the part,
/// and where it lands on the body map). Any change to the content or the pose model shows here.
#[test]
fn technique_drawings() {
    let c = catalog();
    let map = BodyMap::embedded().expect("map");
    let drawings = Techniques::embedded().expect("drawings");
    let p = |pt: fascia_core::pictures::Point| format!("({:.1}, {:.1})", pt.x, pt.y);
    let mut out = String::new();
    for d in drawings.all() {
        let (left, top, width, height) = drawings.frame(d);
        let _ = writeln!(
            out,
            "## {} with {}: works {:?}, frame ({left:.1}, {top:.1}) {width:.1} x {height:.1}",
            d.zone,
            d.tool.name(),
            d.on
        );
        let sided = c.zone(&d.zone).expect("zone").sided;
        let side = if sided { Side::Right } else { Side::Both };
        let region = map.region(&d.zone, side).expect("region");
        let view = if region.view == "front" {
            fascia_core::pictures::map::View::Front
        } else {
            fascia_core::pictures::map::View::Back
        };
        for t in [0.0, 0.5, 1.0] {
            let placed = d.place(t);
            let f = placed.figure;
            let joints: Vec<String> = f.joints().into_iter().map(p).collect();
            let on_map = map
                .on_bone(view, d.bone(), side, placed.along, d.across)
                .expect("bone");
            let _ = writeln!(
                out,
                "t {t}: joints {}\n  tool {} contact {} {:.2} along, gap {:.2}; on the {} map {}",
                joints.join(" "),
                p(placed.tool.at.into()),
                p(placed.contact),
                placed.along,
                placed.gap,
                region.view,
                p(on_map)
            );
        }
    }
    check("technique.txt", &out);
}

/// The body map as `fascia zones --map` writes it, with a sample of soreness: silhouettes,
/// regions, labels, levels and legend.
#[test]
fn body_map_svg() {
    let levels = [
        ("calves", Side::Left, 6),
        ("calves", Side::Right, 3),
        ("it-band", Side::Right, 5),
        ("thoracic-spine", Side::Both, 2),
    ]
    .map(|(zone, side, level)| MapLevel {
        zone: zone.into(),
        side,
        level,
    });
    let map = BodyMap::embedded().expect("map");
    check(
        "body-map.svg",
        &map.picture(catalog(), &levels, MAX_PRIORITY).svg(),
    );
}
