//! Feeds arbitrary bytes to the journal's import. It must never panic, and a file it refuses
//! must leave the journal exactly as it was.
//!
//! Run: `cd fuzz && cargo +nightly fuzz run import -- -max_total_time=600 corpus/import ../tests/vectors`
#![no_main]

use std::sync::OnceLock;

use chrono::DateTime;
use fascia_core::{time, Journal};
use libfuzzer_sys::fuzz_target;

fn store() -> &'static Journal {
    static STORE: OnceLock<(tempfile::TempDir, Journal)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let utc = time::zone("UTC").expect("zone");
            let store = Journal::open(dir.path().join("fuzz.db"), utc).expect("journal");
            (dir, store)
        })
        .1
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = DateTime::from_timestamp(1_793_000_000, 0).expect("instant");
    let store = store();
    let before = store.export_json(now).expect("export");
    if store.import_json(text, now).is_err() {
        assert_eq!(store.export_json(now).expect("export"), before, "a refused import changed the journal");
    }
});
