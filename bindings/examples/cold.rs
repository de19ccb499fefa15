//! A cold start in Rust alone: the journal opened and the first `today(now)` read in this fresh
//! process, through the same `FasciaJournal` the apps call, with no JVM and no JNA. Against the
//! JVM's figures (`tests/kotlin/run bench cold`) it splits the first call's cost between the
//! library and the bindings (docs/ffi.md, "Cold start"). A measurement, not a test.
//!   cargo run --release -p fascia-ffi --example cold -- JOURNAL NOW [ZONE]
//! JOURNAL is opened as it is (use a copy: opening may upgrade it); NOW is RFC 3339.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Instant;

use fascia_ffi::FasciaJournal;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, now, rest @ ..] = args.as_slice() else {
        eprintln!("usage: cold JOURNAL NOW [ZONE]");
        std::process::exit(2);
    };
    let zone = rest
        .first()
        .map_or("Europe/Paris", String::as_str)
        .to_owned();
    let now: chrono::DateTime<chrono::Utc> = now.parse().expect("NOW is RFC 3339");
    let ms = |from: Instant| from.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let journal = FasciaJournal::open(path.clone(), zone).expect("open");
    let open = ms(t);
    let t = Instant::now();
    journal.today(now).expect("today");
    let first = ms(t);
    let t = Instant::now();
    journal.today(now).expect("today");
    let second = ms(t);
    let mut warm: Vec<f64> = (0..15)
        .map(|_| {
            let t = Instant::now();
            journal.today(now).expect("today");
            ms(t)
        })
        .collect();
    warm.sort_by(f64::total_cmp);
    println!(
        "rust open={open:.2} today={first:.2} second={second:.2} today_warm={:.3}",
        warm[7]
    );
}
