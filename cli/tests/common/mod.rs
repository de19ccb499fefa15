//! What the end-to-end suites share: running the real `fascia` on a journal at a fixed zone and
//! instant, with colour off and no input.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The `fascia` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_fascia");

/// Runs `fascia --db db --tz tz --now now args…` and waits for it.
pub fn fascia_at(db: &Path, tz: &str, now: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--tz", tz, "--now", now])
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}
