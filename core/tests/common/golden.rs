//! Golden files: output the code produces, kept in the repository so that a change to it shows up
//! as a diff to review. One rule for all of them (docs/architecture.md, "Golden files"): a test
//! compares with [`check`]; with `FASCIA_BLESS` set it writes what it produced instead, and the
//! review is `git diff`.
//!
//! Not a test of its own: every test with golden files includes it, from wherever it sits, with
//! `#[path = "…/core/tests/common/golden.rs"] mod golden;` (`core/tests/*.rs`,
//! `core/src/store/tests.rs`, `bindings/tests/vectors.rs`).

// Each test uses the half it needs.
#![allow(dead_code)]

use std::path::Path;

/// Whether golden files are rewritten rather than compared: `FASCIA_BLESS` is set.
fn blessing() -> bool {
    std::env::var_os("FASCIA_BLESS").is_some()
}

fn write(path: &Path, text: &str) {
    if let Err(e) = std::fs::write(path, text) {
        panic!("{}: {e}", path.display());
    }
}

/// Compares `actual` with the golden file at `path`, failing at the first line that differs; with
/// `FASCIA_BLESS` set, writes `actual` there instead.
pub fn check(path: &Path, actual: &str) {
    if blessing() {
        write(path, actual);
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with FASCIA_BLESS=1 to create it)",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let (expected_lines, actual_lines): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), actual.lines().collect());
    let line = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(e, a)| e != a)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    let at = |lines: &[&str]| lines.get(line).copied().unwrap_or("(the end)").to_owned();
    let around =
        actual_lines[line.saturating_sub(3)..(line + 2).min(actual_lines.len())].join("\n");
    panic!(
        "{} changed at line {} ({} lines expected, {} now); review the difference and run with \
         FASCIA_BLESS=1 if it is meant (`git diff` then shows all of it):\n  \
         expected: {}\n  now:      {}\nnow, around it:\n{around}",
        path.display(),
        line + 1,
        expected_lines.len(),
        actual_lines.len(),
        at(&expected_lines),
        at(&actual_lines),
    );
}

/// The golden file at `path`, first rewritten from `make()` when `FASCIA_BLESS` is set: for a
/// sample the code cannot produce twice the same (records with random ids), which its test then
/// checks another way (it must import and export back byte for byte).
pub fn expected(path: &Path, make: impl FnOnce() -> String) -> String {
    if blessing() {
        write(path, &make());
    }
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with FASCIA_BLESS=1 to create it)",
            path.display()
        )
    })
}
