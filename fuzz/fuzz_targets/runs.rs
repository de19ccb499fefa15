//! Fuzzes the readers of runners' files (FIT, GPX, TCX) for panics, hangs and blow-ups: any
//! input must be read or refused with a reason. The first byte picks the format.
//!
//! `cd fuzz && cargo +nightly fuzz run runs -- -max_total_time=600 corpus/runs ../tests/fixtures/runs ../tests/fixtures/fitparser`

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = match pick % 3 {
        0 => "fuzz.fit",
        1 => "fuzz.gpx",
        _ => "fuzz.tcx",
    };
    // The seeds are whole files: try each as every format too.
    for name in [name, "seed.fit", "seed.gpx", "seed.tcx"] {
        let mut batch = fascia_core::activity::Batch::new();
        batch.add_file(name, rest);
        batch.add_file(name, data);
        assert!(batch.refused.len() + batch.runs.len() + batch.non_runs as usize >= 1);
    }
});
