//! The dynamic warm-up (`fascia_core::warmup`, kind `warm-up`): built from its content under the
//! safety rule, offered on the today screen, run by the same session timer and cues as the
//! release routine, stored like any session and never counted toward the streak. Examples on a
//! real journal, then properties over soreness histories and days around races.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use fascia_core::model::{
    NewRace, NewSoreness, Race, RacePriority, SessionStatus, Settings, Soreness,
};
use fascia_core::plan::{self, History};
use fascia_core::routine::{
    build, Omission, Routine, RoutineError, RoutineKind, RoutineRequest, Side, Step, StepKind,
};
use fascia_core::safety::{self, PainStop, RaceDay, Rules};
use fascia_core::time::{self, Tz};
use fascia_core::timer::{self, CueKind, Event, Status, Timer};
use fascia_core::vocab::ZoneId;
use fascia_core::warmup::WarmUp;
use fascia_core::zones::Catalog;
use fascia_core::{words, Error, ErrorKind, Journal};
use proptest::prelude::*;

#[path = "common/golden.rs"]
mod golden;

/// Compares `actual` with `core/tests/golden/{name}`.
fn check_golden(name: &str, actual: &str) {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    golden::check(&path.join(name), actual);
}

fn catalog() -> &'static Catalog {
    Catalog::embedded().unwrap()
}

fn content() -> &'static WarmUp {
    WarmUp::embedded().unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn paris() -> Tz {
    time::zone("Europe/Paris").unwrap()
}

fn journal() -> (tempfile::TempDir, Journal) {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open(dir.path().join("j.db"), paris()).unwrap();
    (dir, j)
}

fn sore(j: &Journal, zone: &str, side: Side, level: u8, at: &str) {
    j.add_soreness(
        &[NewSoreness {
            zone: zone.into(),
            side,
            level,
            at: utc(at),
            run_id: None,
            note: None,
        }],
        utc(at),
    )
    .unwrap();
}

/// The moves a routine does, in order, each once.
fn moves(r: &Routine) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for s in &r.steps {
        let id = s.move_id.as_deref().expect("a warm-up step names its move");
        if out.last() != Some(&id) {
            out.push(id);
        }
    }
    out
}

fn omitted_moves(r: &Routine) -> Vec<&str> {
    r.omitted
        .iter()
        .map(|o| o.move_id.as_deref().expect("an omitted move"))
        .collect()
}

// ---- golden files -------------------------------------------------------------------------

/// The warm-up as a runner reads it in English: the content's review copy.
#[test]
fn english_warm_up() {
    let c = catalog();
    let w = content();
    let t = w.timing();
    let mut out = format!(
        "Warm-up content version {}\n{} moves, {} s ({} s on a light day); lead-in {} s, \
         switch sides {} s, next move {} s\n",
        w.version(),
        w.moves().len(),
        w.length_s(false),
        w.length_s(true),
        t.lead_in_s,
        t.switch_sides_s,
        t.transition_s,
    );
    for m in w.in_english(c) {
        let zones: Vec<String> = m.zones.iter().map(|z| c.place(z, Side::Both)).collect();
        out.push_str(&format!(
            "\n## {} ({})\n{} s{}, {} s on a light day\nloads: {}\n{}\n",
            m.name,
            m.id,
            m.seconds,
            if m.sided { " each side" } else { "" },
            m.light_s,
            zones.join(", "),
            m.cue,
        ));
    }
    check_golden("warm-up.en.txt", &out);
}

/// The warm-up routine on an ordinary day, as stored and exported.
#[test]
fn default_warm_up() {
    let r = build(catalog(), &RoutineRequest::new(RoutineKind::WarmUp)).unwrap();
    check_golden(
        "warm-up-default.json",
        &(serde_json::to_string_pretty(&r).unwrap() + "\n"),
    );
}

// ---- examples -----------------------------------------------------------------------------

/// On an ordinary day the warm-up is every move, in the content's order, about four minutes:
/// a lead-in, each move (both sides of a sided one), a short transition between them.
#[test]
fn on_an_ordinary_day_the_warm_up_is_every_move_in_four_minutes() {
    let (_dir, j) = journal();
    let now = utc("2027-01-12T06:30:00Z");
    let r = j.warm_up_routine(now).unwrap();
    assert_eq!(r.kind, RoutineKind::WarmUp);
    let all: Vec<&str> = content().moves().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(moves(&r), all);
    assert!(r.omitted.is_empty() && r.zones.is_empty());
    assert_eq!(r.total_s, 240);
    assert_eq!(r.total_s, r.steps.iter().map(|s| s.seconds).sum::<u32>());
    assert_eq!(r.budget_s, content().length_s(false));
    let kinds: Vec<StepKind> = r.steps.iter().take(6).map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            StepKind::LeadIn,
            StepKind::Move,
            StepKind::Transition,
            StepKind::Move,
            StepKind::SwitchSides,
            StepKind::Move,
        ]
    );
    // A sided move: left, then right, each its seconds; the step's zone is the one it loads most.
    let swings: Vec<&Step> = r
        .steps
        .iter()
        .filter(|s| s.move_id.as_deref() == Some("leg-swings-front") && s.kind == StepKind::Move)
        .collect();
    assert_eq!(
        swings
            .iter()
            .map(|s| (s.side, s.seconds))
            .collect::<Vec<_>>(),
        [(Side::Left, 20), (Side::Right, 20)]
    );
    assert!(swings.iter().all(|s| s.zone == "hamstrings"));
    // The runner reads moves, not zones.
    let c = catalog();
    assert_eq!(
        timer::step_title(c, &r.steps[0]),
        "Calf raises: Get into position"
    );
    assert_eq!(timer::step_title(c, &r.steps[1]), "Calf raises: Go");
    assert_eq!(
        timer::step_title(c, &r.steps[2]),
        "Front-to-back leg swings, left: Next move"
    );
    assert_eq!(
        timer::step_place(c, swings[1]),
        "Front-to-back leg swings, right"
    );
    // The today screen offers it before a run.
    let today = j.today(now).unwrap();
    let offer = today.warm_up.expect("offered");
    assert_eq!(offer.text, "Before you run: a 4-minute dynamic warm-up");
    assert_eq!(offer.total_s, 240);
    assert!(!offer.race_morning);
}

/// A hamstring rated 8/10 rests for three days: the moves that load it are left out, saying so,
/// and the rest of the warm-up goes on (its neighbours rest from pressure, not from moving).
#[test]
fn a_move_loading_a_resting_zone_is_left_out_with_why() {
    let (_dir, j) = journal();
    sore(&j, "hamstrings", Side::Left, 8, "2027-01-11T18:00:00Z");
    let now = utc("2027-01-12T06:30:00Z");
    let r = j.warm_up_routine(now).unwrap();
    assert_eq!(omitted_moves(&r), ["leg-swings-front", "butt-kicks"]);
    for o in &r.omitted {
        assert_eq!(
            (o.zone.as_str(), o.side, o.why),
            ("hamstrings", Side::Left, Omission::Rest)
        );
        assert_eq!(
            words::omitted(catalog(), o),
            "Left out today: Hamstrings, left rests (7/10 or more, or stopped for sharp pain in \
             the last 3 days)"
        );
    }
    assert!(moves(&r).contains(&"calf-raises") && moves(&r).contains(&"walking-lunges"));
    assert!(!r.steps.iter().any(|s| s.zone == "hamstrings"));
    // Four days later it no longer rests.
    let later = j.warm_up_routine(utc("2027-01-15T07:00:00Z")).unwrap();
    assert!(later.omitted.is_empty());
    // A warm-up built before the soreness was logged is refused at the start, as a routine is.
    let (_dir2, j2) = journal();
    let before = j2.warm_up_routine(now).unwrap();
    sore(&j2, "hamstrings", Side::Right, 9, "2027-01-12T06:00:00Z");
    let err = j2.start_session(before, now).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(
        err.to_string().contains("Front-to-back leg swings"),
        "{err}"
    );
}

/// Every move rests: no warm-up today, and the today screen does not offer one.
#[test]
fn when_every_move_rests_there_is_no_warm_up_to_offer() {
    let (_dir, j) = journal();
    for zone in [
        "calves",
        "hamstrings",
        "adductors",
        "quadriceps",
        "glutes",
        "hip-flexors",
    ] {
        sore(&j, zone, Side::Both, 7, "2027-01-11T18:00:00Z");
    }
    let now = utc("2027-01-12T06:30:00Z");
    let err = j.warm_up_routine(now).unwrap_err();
    assert!(matches!(err, Error::Routine(RoutineError::EveryZoneRests)));
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(j.today(now).unwrap().warm_up.is_none());
}

/// Race morning: the warm-up comes first, in its light version, before the activation; the day
/// after and race week are light too.
#[test]
fn race_morning_offers_the_light_warm_up_first() {
    let (_dir, j) = journal();
    j.add_race(
        &NewRace {
            name: "City Half".into(),
            date: d(2027, 4, 4),
            distance_m: Some(21_097),
            priority: RacePriority::B,
        },
        utc("2027-01-04T08:00:00Z"),
    )
    .unwrap();
    let morning = utc("2027-04-04T05:30:00Z");
    let r = j.warm_up_routine(morning).unwrap();
    assert_eq!(r.total_s, content().length_s(true));
    assert_eq!(r.total_s, 180);
    for s in r.steps.iter().filter(|s| s.kind == StepKind::Move) {
        let m = content().get(s.move_id.as_deref().unwrap()).unwrap();
        assert_eq!(s.seconds, m.light_s);
    }
    let today = j.today(morning).unwrap();
    let offer = today.warm_up.unwrap();
    assert!(offer.race_morning);
    assert_eq!(
        offer.text,
        "Warm up first: 3 min of easy dynamic moves, then the activation"
    );
    // The routine itself is the activation: the daily protocol's shortest.
    assert!(today.routine.total_s <= catalog().timing().daily.min_s);
    // The day after: light, offered as before a run.
    let after = j
        .today(utc("2027-04-05T06:00:00Z"))
        .unwrap()
        .warm_up
        .unwrap();
    assert!(!after.race_morning);
    assert_eq!(after.total_s, 180);
    // The warm-up is never refused on race morning, as the bodywork session is.
    assert!(j.bodywork_routine(morning, None).is_err());
    assert!(j.start_session(r, morning).is_ok());
}

/// The warm-up is run by the same session: start, pause, resume, skip, back, leave, a relaunch
/// after the process died, resume, to the end. It is stored, but never counts toward the streak
/// or "done today": it holds no pressure.
#[test]
fn the_warm_up_runs_through_the_session_and_never_counts_as_done() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.db");
    let t0 = utc("2027-01-12T06:30:00Z");
    let at = |s: i64| t0 + TimeDelta::seconds(s);
    let id;
    {
        let j = Journal::open(&path, paris()).unwrap();
        let s = j
            .resume_or_start(j.warm_up_routine(t0).unwrap(), t0)
            .unwrap();
        id = s.id().to_owned();
        assert_eq!(s.snapshot(at(0)).step_index, 0);
        s.record(Event::Pause, at(5)).unwrap();
        s.record(Event::Resume, at(65)).unwrap();
        // 5 s of the lead-in left, then calf raises.
        assert_eq!(s.snapshot(at(70)).step_index, 1);
        s.record(Event::Skip, at(71)).unwrap();
        assert_eq!(s.snapshot(at(71)).step_index, 2);
        s.record(Event::Back, at(72)).unwrap();
        let snap = s.snapshot(at(72));
        assert_eq!((snap.step_index, snap.step_remaining_ms), (1, 20_000));
        // Moves are not holds: nothing is held under pressure.
        assert_eq!(s.snapshot(at(80)).held_ms, 0);
        s.leave(at(80)).unwrap();
        // The process dies here.
    }
    let j = Journal::open(&path, paris()).unwrap();
    assert_eq!(
        j.today(at(600)).unwrap().active_session.as_deref(),
        Some(id.as_str())
    );
    let again = j
        .resume_or_start(j.todays_routine(at(600), None).unwrap(), at(600))
        .unwrap();
    assert_eq!(again.id(), id);
    assert!(again.routine().kind.is_warm_up());
    let snap = again.snapshot(at(600));
    assert_eq!((snap.status, snap.step_index), (Status::Running, 1));
    assert_eq!(snap.step_remaining_ms, 12_000);
    // Run it to the end: the screen's tick finishes it.
    let end = at(600 + i64::from(again.routine().total_s));
    assert_eq!(again.tick(end).unwrap().status, Status::Finished);
    assert!(!again.counts_as_done());
    let stored = j.session(&id).unwrap();
    assert_eq!(stored.status, SessionStatus::Finished);
    let today = j.today(end).unwrap();
    assert!(!today.done_today);
    assert_eq!(today.streak, 0);
    // The release routine after it counts as ever.
    let r = j
        .resume_or_start(j.todays_routine(end, None).unwrap(), end)
        .unwrap();
    assert!(!r.routine().kind.is_warm_up());
    let done = end + TimeDelta::seconds(i64::from(r.routine().total_s));
    r.tick(done).unwrap();
    assert!(r.counts_as_done());
    assert!(j.today(done).unwrap().done_today);
    assert_eq!(j.today(done).unwrap().streak, 1);
    // Both travel in an export and import back as they were, counted as they were.
    let (_dir2, fresh) = journal();
    fresh
        .import_json(&j.export_json(done).unwrap(), done)
        .unwrap();
    assert_eq!(fresh.session(&id).unwrap(), j.session(&id).unwrap());
    assert_eq!(fresh.today(done).unwrap().streak, 1);
}

/// The cues a phone schedules name the moves, and the end says the warm-up is done.
#[test]
fn the_warm_up_s_cues_name_its_moves() {
    let routine = build(catalog(), &RoutineRequest::new(RoutineKind::WarmUp)).unwrap();
    let t0 = utc("2027-01-12T06:30:00Z");
    let t = Timer::start(routine.clone(), t0).unwrap();
    let cues = t.cues(catalog(), t0, TimeDelta::minutes(10));
    let words: Vec<(CueKind, &str)> = cues.iter().map(|c| (c.kind, c.words.as_str())).collect();
    assert_eq!(
        words[0],
        (CueKind::StepStart, "Calf raises: Get into position")
    );
    assert_eq!(words[1], (CueKind::StepStart, "Calf raises: Go"));
    assert!(words.contains(&(
        CueKind::SwitchSides,
        "Switch sides: Side-to-side leg swings, right"
    )));
    assert_eq!(
        words.last(),
        Some(&(CueKind::SessionEnd, "Warm-up done. Have a good run."))
    );
    assert_eq!(cues.last().unwrap().at, t0 + TimeDelta::seconds(240));
    // No "10 seconds left" on a move: that cue is for holding pressure.
    assert!(!words.iter().any(|(k, _)| *k == CueKind::TenSecondsLeft));
}

/// Sharp pain during a move stops that move (both sides of a sided one) and nothing else; the
/// zone it loads most rests, so the next warm-up leaves its moves out and the release routine
/// rests it.
#[test]
fn sharp_pain_in_a_move_stops_it_and_rests_its_zone() {
    let (_dir, j) = journal();
    let t0 = utc("2027-01-12T06:30:00Z");
    let s = j.start_session(j.warm_up_routine(t0).unwrap(), t0).unwrap();
    let steps = s.routine().steps;
    let swing = steps
        .iter()
        .position(|s| s.move_id.as_deref() == Some("leg-swings-front") && s.kind == StepKind::Move)
        .unwrap();
    for i in 0..swing {
        s.record(Event::Skip, t0 + TimeDelta::seconds(i as i64))
            .unwrap();
    }
    let at = t0 + TimeDelta::seconds(10);
    assert_eq!(s.snapshot(at).step_index as usize, swing);
    let snap = s.record(Event::PainSkip, at).unwrap();
    // Left side stopped: the switch and the right side are skipped, the next move begins.
    let next = &steps[snap.step_index as usize];
    assert_eq!(next.move_id.as_deref(), Some("leg-swings-side"));
    assert_eq!(next.kind, StepKind::Transition);
    assert_eq!(
        (snap.pain_skips[0].zone.as_str(), snap.pain_skips[0].side),
        ("hamstrings", Side::Left)
    );
    // Back never re-enters it.
    let back = s.record(Event::Back, at + TimeDelta::seconds(1)).unwrap();
    assert_eq!(back.step_index, snap.step_index);
    s.record(Event::Abort, at + TimeDelta::seconds(2)).unwrap();
    let tomorrow = utc("2027-01-13T06:30:00Z");
    let w = j.warm_up_routine(tomorrow).unwrap();
    assert_eq!(omitted_moves(&w), ["leg-swings-front", "butt-kicks"]);
    let daily = j.todays_routine(tomorrow, None).unwrap();
    assert!(
        daily
            .steps
            .iter()
            .all(|s| s.zone != "hamstrings" || s.side == Side::Right),
        "{:?}",
        daily.steps
    );
}

/// A see-a-professional flag keeps the moves off that zone until it is lifted.
#[test]
fn a_flagged_zone_keeps_its_moves_out() {
    let flagged = [ZoneId::from("adductors")];
    let history = History {
        flagged: &flagged,
        ..History::default()
    };
    let r = plan::warm_up_routine(
        catalog(),
        &Settings::default(),
        &history,
        d(2027, 1, 12),
        utc("2027-01-12T06:30:00Z"),
    )
    .unwrap();
    assert_eq!(omitted_moves(&r), ["leg-swings-side"]);
    assert_eq!(r.omitted[0].why, Omission::SeeProfessional);
    assert_eq!(
        words::omitted(catalog(), &r.omitted[0]),
        "Left out until a professional has seen Adductors (inner thigh)"
    );
}

/// The warm-up is built from the content alone: a budget that cannot hold it is refused; a
/// request's tools, exclusions and priorities, which are about pressure, change nothing.
#[test]
fn the_builder_refuses_a_budget_too_small_and_ignores_pressure_settings() {
    let c = catalog();
    let plain = build(c, &RoutineRequest::new(RoutineKind::WarmUp)).unwrap();
    let mut req = RoutineRequest::new(RoutineKind::WarmUp);
    req.budget_s = Some(200);
    assert!(matches!(
        build(c, &req),
        Err(RoutineError::OverBudget {
            needed_s: 240,
            budget_s: 200
        })
    ));
    let mut req = RoutineRequest::new(RoutineKind::WarmUp);
    req.tools = Vec::new();
    req.excluded = vec!["calves".into()];
    assert_eq!(build(c, &req).unwrap(), plain);
    // The kind reads and writes by its one name.
    assert_eq!(RoutineKind::WarmUp.name(), "warm-up");
    let json = serde_json::to_string(&RoutineKind::WarmUp).unwrap();
    assert_eq!(json, r#"{"type":"warm-up"}"#);
    assert_eq!(
        serde_json::from_str::<RoutineKind>(&json).unwrap(),
        RoutineKind::WarmUp
    );
}

/// An import takes a warm-up's steps only as the journal writes them: each names a move this
/// build knows, and only a warm-up's steps name one.
#[test]
fn an_import_refuses_a_warm_up_step_the_journal_would_not_write() {
    let (_dir, j) = journal();
    let t0 = utc("2027-01-12T06:30:00Z");
    let s = j.start_session(j.warm_up_routine(t0).unwrap(), t0).unwrap();
    s.record(Event::Abort, t0 + TimeDelta::seconds(30)).unwrap();
    let text = j.export_json(t0 + TimeDelta::seconds(60)).unwrap();
    assert!(text.contains(r#""move_id":"calf-raises""#));
    let refused = |doc: &str| {
        let (_dir, fresh) = journal();
        let e = fresh.import_json(doc, t0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        (e.field().unwrap_or_default(), e.to_string())
    };
    let (field, message) = refused(&text.replacen("\"calf-raises\"", "\"moonwalk\"", 1));
    assert!(field.ends_with("steps[0].move_id"), "{field}");
    assert!(message.contains("moonwalk"), "{message}");
    let (field, _) = refused(&text.replacen(r#""type":"warm-up""#, r#""type":"daily""#, 1));
    assert!(field.ends_with("steps[0].move_id"), "{field}");
    // As written, it imports.
    let (_dir2, fresh) = journal();
    fresh.import_json(&text, t0).unwrap();
    assert_eq!(fresh.session(s.id()).unwrap(), j.session(s.id()).unwrap());
}

// ---- properties ---------------------------------------------------------------------------

fn zone_ids() -> Vec<ZoneId> {
    catalog().zones().iter().map(|z| z.id.clone()).collect()
}

fn history_strategy() -> impl Strategy<Value = (Vec<Soreness>, Vec<PainStop>, Vec<ZoneId>)> {
    let n = zone_ids().len();
    let entry = (0..n, 0..3usize, 0..=10u8, 0..(6 * 24i64));
    (
        prop::collection::vec(entry, 0..10),
        prop::collection::vec((0..n, 0..3usize, 0..(5 * 24i64)), 0..3),
        prop::collection::btree_set(0..n, 0..2),
    )
        .prop_map(|(sore, pain, flagged)| {
            let sides = [Side::Both, Side::Left, Side::Right];
            let t = utc("2027-04-10T06:00:00Z");
            let soreness = sore
                .into_iter()
                .enumerate()
                .map(|(i, (z, side, level, hours))| Soreness {
                    id: format!("s{i}"),
                    zone: zone_ids()[z].clone(),
                    side: sides[side],
                    level,
                    at: t - TimeDelta::hours(hours),
                    run_id: None,
                    note: None,
                    time_zone: None,
                    created_at: t,
                    updated_at: t,
                })
                .collect();
            let pain = pain
                .into_iter()
                .map(|(z, side, hours)| PainStop {
                    zone: zone_ids()[z].clone(),
                    side: sides[side],
                    at: t - TimeDelta::hours(hours),
                })
                .collect();
            let flagged = flagged.into_iter().map(|z| zone_ids()[z].clone()).collect();
            (soreness, pain, flagged)
        })
}

fn races() -> Vec<Race> {
    [
        ("c", "Winter 10K", d(2027, 4, 11), RacePriority::C),
        ("b", "City Half", d(2027, 4, 17), RacePriority::B),
    ]
    .into_iter()
    .map(|(id, name, date, priority)| Race {
        id: id.into(),
        name: name.into(),
        date,
        distance_m: Some(10_000),
        priority,
        created_at: utc("2027-01-01T00:00:00Z"),
        updated_at: utc("2027-01-01T00:00:00Z"),
    })
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Whatever the soreness, sharp pain and flags, on any day around two races: no move in the
    /// warm-up loads a zone rated 7/10 or more, or stopped for sharp pain, in the last 72 hours,
    /// or one with a flag; every move left out says which of its zones rests and why; the moves
    /// keep the content's order; each lasts its seconds (its light seconds around a race); the
    /// whole is within bounds; every step has words; and what was built passes the start's
    /// check.
    #[test]
    fn the_warm_up_never_loads_a_resting_zone(
        (soreness, pain, flagged) in history_strategy(),
        day in 0..14i64,
        hours in 0..24i64,
    ) {
        let tz = paris();
        let races = races();
        let date = d(2027, 4, 6) + TimeDelta::days(day);
        let at = time::start_of_day(tz, date) + TimeDelta::hours(hours);
        let shift = at - utc("2027-04-10T06:00:00Z");
        let soreness: Vec<Soreness> = soreness
            .into_iter()
            .map(|mut s| { s.at += shift; s })
            .collect();
        let pain: Vec<PainStop> = pain
            .into_iter()
            .map(|mut p| { p.at += shift; p })
            .collect();
        let history = History {
            soreness: &soreness,
            pain: &pain,
            runs: &[],
            races: &races,
            flagged: &flagged,
        };
        let c = catalog();
        let w = content();
        // The oracle, written from the rule's words rather than its code.
        let within = |t: DateTime<Utc>| t <= at && t > at - TimeDelta::hours(72);
        let mut resting: BTreeSet<&str> = soreness
            .iter()
            .filter(|s| s.level >= safety::REST_AT && within(s.at))
            .map(|s| s.zone.as_str())
            .collect();
        resting.extend(pain.iter().filter(|p| within(p.at)).map(|p| p.zone.as_str()));
        let blocked = |zone: &str| resting.contains(zone) || flagged.iter().any(|f| f == zone);
        let light = RaceDay::of(&races, date).is_some();

        let routine = match plan::warm_up_routine(c, &Settings::default(), &history, date, at) {
            Ok(r) => r,
            Err(e) => {
                prop_assert!(matches!(e, Error::Routine(RoutineError::EveryZoneRests)), "{e}");
                prop_assert!(w.moves().iter().all(|m| m.zones.iter().any(|z| blocked(z))));
                return Ok(());
            }
        };
        let done = moves(&routine);
        let left_out = omitted_moves(&routine);
        for id in &done {
            let m = w.get(id).unwrap();
            for z in &m.zones {
                prop_assert!(!blocked(z), "{} loads {} which rests", id, z);
            }
        }
        for o in &routine.omitted {
            let m = w.get(o.move_id.as_deref().unwrap()).unwrap();
            prop_assert!(m.zones.contains(&o.zone) && blocked(&o.zone), "{:?}", o);
            prop_assert!(matches!(o.why, Omission::Rest | Omission::SeeProfessional));
            let text = words::omitted(c, o);
            prop_assert!(text.contains(&c.place(&o.zone, o.side)), "{}", text);
        }
        // Every move is done or left out, in the content's order.
        let mut all: Vec<&str> = done.iter().chain(&left_out).copied().collect();
        all.sort_by_key(|id| w.moves().iter().position(|m| m.id == *id));
        let order: Vec<&str> = w.moves().iter().map(|m| m.id.as_str()).collect();
        prop_assert_eq!(&all, &order);
        let position = |id: &str| order.iter().position(|m| *m == id);
        let in_order = done.windows(2).all(|p| position(p[0]) < position(p[1]));
        prop_assert!(in_order, "{:?}", done);
        // Lengths.
        for s in routine.steps.iter().filter(|s| s.kind == StepKind::Move) {
            let m = w.get(s.move_id.as_deref().unwrap()).unwrap();
            prop_assert_eq!(s.seconds, m.seconds_on(light));
            prop_assert_eq!(&s.zone, &m.zones[0]);
        }
        let taken = done.iter().map(|id| w.get(id).unwrap());
        prop_assert_eq!(routine.total_s, w.length_of(taken, light));
        prop_assert_eq!(routine.total_s, routine.steps.iter().map(|s| s.seconds).sum::<u32>());
        prop_assert!(routine.total_s <= routine.budget_s && routine.budget_s <= 300);
        prop_assert!(routine.total_s >= w.timing().lead_in_s + 10);
        prop_assert!(routine.zones.is_empty());
        // Words for every step, never a bare key or id.
        for s in &routine.steps {
            let title = timer::step_title(c, s);
            prop_assert!(!title.contains("move.") && !title.contains(s.move_id.as_deref().unwrap()), "{}", title);
        }
        let rules = Rules::at(c, &history.safety(), at, date);
        prop_assert!(rules.check(&routine).is_ok(), "{:?}", rules.check(&routine));
        prop_assert_eq!(rules.light(), light);
    }

    /// Every move's picture at every moment an app may animate through, on every side it is
    /// done on: finite, inside its view box, the limbs whole (hands and feet where the poses put
    /// them), a foot on the floor and nothing under it; the same move and side always draw the
    /// same leading limb.
    #[test]
    fn every_moment_of_every_move_s_picture_stays_whole(
        index in 0usize..16,
        t in 0.0f64..=1.0,
        left in any::<bool>(),
    ) {
        use fascia_core::pictures::moves::{MoveDrawings, FLOOR};
        use fascia_core::pictures::Role;
        let (c, w) = (catalog(), content());
        let drawings = MoveDrawings::embedded().unwrap();
        let m = &w.moves()[index % w.moves().len()];
        let side = match (m.sided, left) {
            (false, _) => Side::Both,
            (true, true) => Side::Left,
            (true, false) => Side::Right,
        };
        let picture = drawings.picture(c, w, &m.id, side, t).unwrap();
        for s in &picture.shapes {
            let (lo, hi) = s.extent();
            prop_assert!(lo.x.is_finite() && lo.y.is_finite() && hi.x.is_finite() && hi.y.is_finite());
            prop_assert!(
                lo.x >= 0.0 && lo.y >= 0.0 && hi.x <= picture.width && hi.y <= picture.height,
                "{} at {}: {:?}", m.id, t, s
            );
        }
        let f = drawings.get(&m.id).unwrap().figure(t);
        prop_assert!(f.worst_reach() < 0.5, "{} at {}: {}", m.id, t, f.worst_reach());
        let lowest = f.joints().iter().map(|p| p.y).fold(f64::NEG_INFINITY, f64::max);
        prop_assert!((FLOOR - 4.0..=FLOOR).contains(&lowest), "{} at {}: {}", m.id, t, lowest);
        prop_assert!(picture.shapes.iter().any(|s| s.role() == Role::Working));
    }

    /// Whatever the runner presses in a warm-up, in any order: nothing is held under pressure and
    /// a finished warm-up never counts as done; the session's time and progress behave as in
    /// any routine.
    #[test]
    fn a_warm_up_session_never_counts_toward_the_streak(
        events in prop::collection::vec((0..8usize, 0..40i64), 1..30),
    ) {
        let routine = build(catalog(), &RoutineRequest::new(RoutineKind::WarmUp)).unwrap();
        let t0 = utc("2027-01-12T06:30:00Z");
        let mut t = Timer::start(routine.clone(), t0).unwrap();
        let all = [
            Event::Pause, Event::Resume, Event::Skip, Event::Back, Event::Extend,
            Event::PainSkip, Event::Finish, Event::Abort,
        ];
        let mut now = t0;
        for (e, dt) in events {
            now += TimeDelta::seconds(dt);
            let _ = t.apply(all[e], now);
            let s = t.snapshot(now);
            prop_assert_eq!(s.held_ms, 0);
            prop_assert!(s.session_elapsed_ms <= (now - t0).num_milliseconds() as u64);
            prop_assert!((0.0..=1.0).contains(&s.session_progress));
        }
        let end = now + TimeDelta::seconds(i64::from(routine.total_s) * 3);
        let _ = t.apply(Event::Finish, end);
        prop_assert!(!t.counts_as_done());
        prop_assert!(t.snapshot(end).status.is_over());
    }
}
