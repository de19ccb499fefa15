//! End-to-end: the pictures from the real `fascia` binary. `zones --technique ZONE FILE` draws
//! how to work a zone (start and end, the side named, the tool drawn), `zones --map [FILE]` the
//! body map with today's soreness from the journal; bad input is refused with exit 2 and nothing
//! written.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Output;

use fascia_core::pictures::LEVEL_FILLS;

mod common;

const NOW: &str = "2026-11-23T07:00:00-05:00";

fn fascia(db: &Path, args: &[&str]) -> Output {
    common::fascia_at(db, "America/New_York", NOW, args)
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = fascia(db, args);
    assert!(
        out.status.success(),
        "fascia {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Exit 2 with `expected` in the message, and `file` not written.
fn refused(db: &Path, args: &[&str], expected: &str, file: &Path) {
    let out = fascia(db, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(expected), "{args:?}: {stderr}");
    assert!(!file.exists(), "{args:?} wrote {}", file.display());
}

fn count(svg: &str, what: &str) -> usize {
    svg.matches(what).count()
}

#[test]
fn technique_pictures_name_the_side_and_show_start_and_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let file = dir.path().join("it-band.svg");
    let f = file.to_str().unwrap();

    // A unique start of the id is enough; the right side and the start and end by default.
    let said = ok(&db, &["zones", "--technique", "it-b", f]);
    assert!(said.contains("IT band (outer thigh), right"), "{said}");
    let svg = std::fs::read_to_string(&file).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    assert_eq!(count(&svg, "class=\"contact\""), 2, "start and end");
    assert!(svg.contains(">Right</text>") && svg.contains(">Foam roller</text>"));
    assert!(count(&svg, "class=\"working\"") >= 2, "the working leg");
    assert!(count(&svg, "class=\"tool\"") >= 2, "the roller");
    assert!(count(&svg, "class=\"motion\"") >= 2, "the way to roll");
    // No journal is needed, and none is created.
    assert!(!db.exists());

    // The left side, one moment of it, over the same file.
    ok(
        &db,
        &[
            "zones",
            "--technique",
            "it-band",
            f,
            "--side",
            "left",
            "--at",
            "0.5",
        ],
    );
    let left = std::fs::read_to_string(&file).unwrap();
    assert_eq!(count(&left, "class=\"contact\""), 1);
    assert!(left.contains(">Left</text>") && !left.contains(">Right</text>"));

    // To standard output; an unsided zone names no side.
    let out = ok(&db, &["zones", "--technique", "thoracic-spine", "-"]);
    assert!(
        out.starts_with("<svg") && !out.contains(">Right</text>"),
        "{out}"
    );
    // With hands only, a zone drawn with the hands shows them.
    let out = ok(
        &db,
        &["zones", "--technique", "shins", "-", "--tool", "hands"],
    );
    assert!(out.contains(">Hands</text>"), "{out}");
}

#[test]
fn bad_technique_requests_are_refused_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let file = dir.path().join("out.svg");
    let f = file.to_str().unwrap();
    refused(
        &db,
        &["zones", "--technique", "calf", f],
        "did you mean \"calves\"",
        &file,
    );
    refused(
        &db,
        &["zones", "--technique", "h", f],
        "hamstrings, hip-flexors",
        &file,
    );
    refused(
        &db,
        &[
            "zones",
            "--technique",
            "thoracic-spine",
            f,
            "--side",
            "left",
        ],
        "has no sides",
        &file,
    );
    refused(
        &db,
        &["zones", "--technique", "calves", f, "--side", "both"],
        "each side",
        &file,
    );
    refused(
        &db,
        &["zones", "--technique", "calves", f, "--at", "2"],
        "0 (the start pose)",
        &file,
    );
    refused(
        &db,
        &["zones", "--technique", "calves", f, "--at", "NaN"],
        "0 (the start pose)",
        &file,
    );
    let txt = dir.path().join("out.txt");
    refused(
        &db,
        &["zones", "--technique", "calves", txt.to_str().unwrap()],
        "ending in .svg",
        &txt,
    );
    // Never over a file that is not a picture.
    std::fs::write(&file, "my notes").unwrap();
    let out = fascia(&db, &["zones", "--technique", "calves", f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an SVG"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");
    assert!(!db.exists());
}

#[test]
fn the_map_shows_todays_soreness_with_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let file = dir.path().join("map.svg");
    let f = file.to_str().unwrap();

    // No journal yet: nothing rated, and no journal created.
    let said = ok(&db, &["zones", "--map", f]);
    assert!(said.contains("nothing rated"), "{said}");
    assert!(!db.exists());
    let svg = std::fs::read_to_string(&file).unwrap();
    for id in [
        "calves-left",
        "calves-right",
        "it-band-left",
        "thoracic-spine",
    ] {
        assert!(svg.contains(&format!("id=\"{id}\"")), "{id}");
    }
    for words in [
        "Front",
        "Back",
        "Right",
        "Left",
        "Soreness today",
        "not rated",
        "Calves",
    ] {
        assert!(svg.contains(&format!(">{words}</text>")), "{words}");
    }
    let shaded = svg
        .lines()
        .filter(|l| l.contains("data-zone=") && l.contains("style="))
        .count();
    assert_eq!(shaded, 0, "nothing shaded");

    // Today's soreness (an older rating of the same side is replaced by the newest; one from
    // last week no longer counts).
    ok(
        &db,
        &[
            "soreness",
            "add",
            "--zone",
            "calves:left=2",
            "--at",
            "2026-11-22T08:00",
        ],
    );
    ok(
        &db,
        &[
            "soreness",
            "add",
            "--zone",
            "calves:left=6",
            "--zone",
            "thoracic-spine=3",
        ],
    );
    ok(
        &db,
        &[
            "soreness",
            "add",
            "--zone",
            "hamstrings=4",
            "--at",
            "2026-11-15T08:00",
        ],
    );
    let said = ok(&db, &["zones", "--map", f]);
    assert!(said.contains("2 sides rated"), "{said}");
    let svg = std::fs::read_to_string(&file).unwrap();
    let region = |id: &str| {
        let at = svg.find(&format!("id=\"{id}\"")).unwrap();
        svg[at..at + svg[at..].find("/>").unwrap()].to_owned()
    };
    assert!(
        region("calves-left").contains(LEVEL_FILLS[6]),
        "{}",
        region("calves-left")
    );
    assert!(!region("calves-right").contains("fill:"));
    assert!(region("thoracic-spine").contains(LEVEL_FILLS[3]));
    assert!(!region("hamstrings-left").contains("fill:"), "last week's");
    assert!(
        svg.contains(">Left 6</text>") && svg.contains(">3/10</text>"),
        "the levels named"
    );

    // With no file: standard output.
    let out = ok(&db, &["zones", "--map"]);
    assert!(out.starts_with("<svg") && out.contains(">Left 6</text>"));

    // Never over the journal.
    let before = std::fs::read(&db).unwrap();
    let out = fascia(&db, &["zones", "--map", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ending in .svg"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
