//! Properties of the session timer over generated routines, event logs and clocks.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};
use fascia_core::routine::{Routine, RoutineKind, Side, Step, StepKind};
use fascia_core::timer::{CueKind, Event, Status, TimedEvent, Timer};
use fascia_core::zones::Catalog;
use proptest::prelude::*;

const T0: i64 = 1_800_000_000_000;

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(T0 + ms).expect("instant")
}

fn step_strategy() -> impl Strategy<Value = Step> {
    (0..5u8, 0..3u8, 1..=120u32, 0..3u8).prop_map(|(kind, zone, seconds, side)| Step {
        kind: [
            StepKind::LeadIn,
            StepKind::Hold,
            StepKind::SwitchSides,
            StepKind::Transition,
            StepKind::Move,
        ][usize::from(kind)],
        zone: ["calves", "glutes", "thoracic-spine"][usize::from(zone)].into(),
        side: [Side::Left, Side::Right, Side::Both][usize::from(side)],
        seconds,
        // A warm-up move among the holds: timed the same way, never counted as held.
        move_id: (kind == 4).then(|| "high-knees".to_owned()),
    })
}

fn routine_strategy() -> impl Strategy<Value = Routine> {
    prop::collection::vec(step_strategy(), 1..16).prop_map(|steps| Routine {
        kind: RoutineKind::Daily,
        content_version: 1,
        budget_s: 10_000,
        total_s: steps.iter().map(|s| s.seconds).sum(),
        zones: Vec::new(),
        omitted: Vec::new(),
        steps,
    })
}

const EVENTS: [Event; 9] = [
    Event::Start,
    Event::Pause,
    Event::Resume,
    Event::Skip,
    Event::Back,
    Event::Extend,
    Event::PainSkip,
    Event::Finish,
    Event::Abort,
];

/// Gaps between events in ms (a few negative: the phone's clock jumped back) and the events.
/// Pauses and resumes are weighted up so logs with long pauses are common.
fn log_strategy() -> impl Strategy<Value = Vec<(i64, Event)>> {
    let gap = prop_oneof![9 => 0..90_000i64, 1 => -60_000..0i64];
    let event = prop_oneof![
        3 => Just(Event::Pause),
        3 => Just(Event::Resume),
        1 => (0..EVENTS.len()).prop_map(|i| EVENTS[i]),
    ];
    prop::collection::vec((gap, event), 0..24)
}

/// Runs the log; an event the timer refuses must leave it untouched.
fn run(routine: Routine, log: &[(i64, Event)]) -> (Timer, i64) {
    let mut timer = Timer::start(routine, at(0)).expect("start");
    let (mut t, mut latest) = (0i64, 0i64);
    for (gap, event) in log {
        t += gap;
        let before = timer.clone();
        match timer.apply(*event, at(t)) {
            Ok(()) => latest = latest.max(t),
            Err(_) => assert_eq!(timer, before, "a refused {event:?} changed the timer"),
        }
    }
    (timer, latest)
}

proptest! {
    // About one generated log in ten ends the session, which the pause property skips.
    #![proptest_config(ProptestConfig {
        max_global_rejects: 100_000,
        ..ProptestConfig::with_cases(3000)
    })]

    #[test]
    fn time_is_bounded_and_never_goes_backwards(
        routine in routine_strategy(),
        log in log_strategy(),
        mut probes in prop::collection::vec(0..1_500_000i64, 1..10),
    ) {
        let (timer, latest) = run(routine, &log);
        probes.sort_unstable();
        let mut previous = None;
        for offset in probes {
            let now = latest + offset;
            let s = timer.snapshot(at(now));
            // Counted time never exceeds wall time since the start.
            prop_assert!(s.session_elapsed_ms as i64 <= now);
            prop_assert!(s.step_remaining_ms <= s.step_length_ms);
            prop_assert!(s.step_elapsed_ms <= s.step_length_ms);
            prop_assert!(s.session_remaining_ms >= s.step_remaining_ms);
            prop_assert!((0.0..=1.0).contains(&s.session_progress));
            prop_assert!((0.0..=1.0).contains(&s.step_progress));
            if !s.status.is_over() {
                prop_assert_eq!(s.step_elapsed_ms + s.step_remaining_ms, s.step_length_ms);
            } else {
                prop_assert_eq!(s.session_remaining_ms, 0);
            }
            if let Some(p) = previous.replace(s.clone()) {
                let p: fascia_core::timer::Snapshot = p;
                prop_assert!(s.session_elapsed_ms >= p.session_elapsed_ms);
                prop_assert!(s.session_remaining_ms <= p.session_remaining_ms);
                prop_assert!(s.step_index >= p.step_index);
                prop_assert!(s.session_progress >= p.session_progress - 1e-12);
                if p.status.is_over() {
                    prop_assert_eq!(s.status, p.status);
                }
            }
        }
    }

    #[test]
    fn a_clock_before_the_latest_event_reads_as_the_latest_event(
        routine in routine_strategy(),
        log in log_strategy(),
        back in 1..10_000_000i64,
    ) {
        let (timer, latest) = run(routine, &log);
        prop_assert_eq!(timer.snapshot(at(latest - back)), timer.snapshot(at(latest)));
        prop_assert!(timer.cues(Catalog::embedded().unwrap(), at(latest - back), TimeDelta::minutes(30))
            == timer.cues(Catalog::embedded().unwrap(), at(latest), TimeDelta::minutes(30)));
    }

    #[test]
    fn pausing_for_x_moves_the_end_by_exactly_x(
        routine in routine_strategy(),
        log in log_strategy(),
        wait in 0..60_000i64,
        pause in 0..3_600_000i64,
    ) {
        // Keep the session alive: no finish or abort, and resume it if the log left it paused.
        let log: Vec<(i64, Event)> =
            log.into_iter().filter(|(_, e)| !matches!(e, Event::Finish | Event::Abort)).collect();
        let (mut timer, latest) = run(routine, &log);
        let p = latest + wait;
        if timer.snapshot(at(p)).status == Status::Paused {
            timer.apply(Event::Resume, at(p)).expect("resume");
        }
        let before = timer.snapshot(at(p));
        prop_assume!(before.status == Status::Running);
        let end = before.ends_at.expect("running sessions have an end");
        let mut paused = timer.clone();
        paused.apply(Event::Pause, at(p)).expect("pause");
        paused.apply(Event::Resume, at(p + pause)).expect("resume");
        let after = paused.snapshot(at(p + pause));
        prop_assert_eq!(after.ends_at, Some(end + TimeDelta::milliseconds(pause)));
        prop_assert_eq!(after.session_remaining_ms, before.session_remaining_ms);
        prop_assert_eq!(after.step_index, before.step_index);
    }

    #[test]
    fn cues_are_sorted_unique_in_the_window_and_agree_with_snapshots(
        routine in routine_strategy(),
        log in log_strategy(),
        wait in 0..300_000i64,
        horizon in 0..2_000_000i64,
    ) {
        let (timer, latest) = run(routine, &log);
        let now = latest + wait;
        let cues = timer.cues(Catalog::embedded().unwrap(), at(now), TimeDelta::milliseconds(horizon));
        let mut ids = BTreeSet::new();
        for pair in cues.windows(2) {
            prop_assert!(pair[0].at <= pair[1].at, "unsorted: {:?}", pair);
        }
        let snapshot = timer.snapshot(at(now));
        if snapshot.status != Status::Running {
            prop_assert!(cues.is_empty());
        }
        for cue in &cues {
            prop_assert!(ids.insert(cue.id.clone()), "duplicate id {}", cue.id);
            prop_assert!(cue.at >= at(now) && cue.at <= at(now + horizon));
            let s = timer.snapshot(cue.at);
            match cue.kind {
                CueKind::StepStart | CueKind::SwitchSides => {
                    prop_assert_eq!(s.step_index, cue.step_index);
                    prop_assert_eq!(s.step_elapsed_ms, 0);
                }
                CueKind::TenSecondsLeft => {
                    prop_assert_eq!(s.step_index, cue.step_index);
                    prop_assert_eq!(s.step_remaining_ms, 10_000);
                }
                CueKind::SessionEnd => {
                    prop_assert_eq!(s.status, Status::Completed);
                    let just_before = timer.snapshot(cue.at - TimeDelta::milliseconds(1));
                    prop_assert_eq!(just_before.status, Status::Running);
                }
            }
        }
    }

    #[test]
    fn replaying_the_stored_log_gives_the_same_timer(
        routine in routine_strategy(),
        log in log_strategy(),
        probe in 0..2_000_000i64,
    ) {
        let (timer, latest) = run(routine, &log);
        let routine_json = serde_json::to_string(timer.routine()).expect("json");
        let events_json = serde_json::to_string(timer.events()).expect("json");
        let events: Vec<TimedEvent> = serde_json::from_str(&events_json).expect("events");
        let resumed =
            Timer::from_log(serde_json::from_str::<fascia_core::routine::Routine>(&routine_json).expect("routine"), &events)
                .expect("a log the timer wrote always replays");
        prop_assert_eq!(resumed.snapshot(at(latest + probe)), timer.snapshot(at(latest + probe)));
        prop_assert_eq!(resumed, timer);
    }
}
