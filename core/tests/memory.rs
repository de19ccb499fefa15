//! The reminder plan's memory is bounded by its limit, not by its horizon: a phone asking years
//! ahead must not run out of memory. A counting allocator (this test binary's only) measures the
//! peak heap use of one plan.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use fascia_core::model::Settings;
use fascia_core::plan::SeasonPlan;
use fascia_core::reminders::{self, ReminderInputs};
use fascia_core::time;
use fascia_core::zones::Catalog;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: same layout, forwarded.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same pointer and layout, forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak heap bytes above what was live before `f`.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let value = f();
    (value, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

#[test]
fn a_plan_of_decades_weighs_what_a_plan_of_weeks_weighs() {
    let catalog = Catalog::embedded().unwrap();
    let settings = Settings::default();
    let season = SeasonPlan::default();
    let done = BTreeSet::new();
    let now: DateTime<Utc> = "2026-11-20T08:00:00Z".parse().unwrap();
    let inputs = ReminderInputs {
        now,
        tz: time::zone("Europe/Paris").unwrap(),
        settings: &settings,
        season: &season,
        routine_done: &done,
        bodywork: &[],
        unrated_long_run: None,
        follow_up_run: None,
    };
    let (short, short_peak) = peak_of(|| reminders::plan(catalog, &inputs, 30, 64));
    let (long, long_peak) = peak_of(|| reminders::plan(catalog, &inputs, 60_000, 64));
    assert_eq!(long.len(), 64);
    assert_eq!(short[..30], long[..30]);
    // 60,000 days of candidates kept whole would be megabytes; the bounded plan stays near the
    // size of its 64 answers.
    assert!(
        long_peak < 2 * short_peak.max(64 * 1024),
        "30 days: {short_peak} B, 60,000 days: {long_peak} B"
    );
}
