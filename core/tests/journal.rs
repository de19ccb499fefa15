//! The journal facade: the screens' questions, the guided session and the error kinds, on a
//! real file.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use fascia_core::insights::{self, RecoveryAfter};
use fascia_core::model::{
    NewRace, NewRun, NewSoreness, RacePriority, RecordKind, RunKind, SessionStatus,
};
use fascia_core::routine::Side;
use fascia_core::time;
use fascia_core::timer::{Event, Status};
use fascia_core::{ErrorKind, GuidedSession, Journal};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn today_reminders_season_and_report_come_from_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let tz = time::zone("Europe/Madrid").unwrap();
    let store = Journal::open(dir.path().join("j.db"), tz).unwrap();
    let now = utc("2027-01-11T08:30:00Z");
    let run = store
        .add_run(
            &NewRun {
                started_at: utc("2027-01-10T08:00:00Z"),
                distance_m: 28_000,
                duration_s: 9_000,
                kind: RunKind::Long,
            },
            utc("2027-01-10T11:00:00Z"),
        )
        .unwrap();
    let entry = NewSoreness {
        zone: "hamstrings".into(),
        side: Side::Right,
        level: 6,
        at: utc("2027-01-10T15:00:00Z"),
        run_id: Some(run.id.clone()),
        note: None,
    };
    store
        .add_soreness(&[entry], utc("2027-01-10T15:00:00Z"))
        .unwrap();
    store
        .add_race(
            &NewRace {
                name: "Spring Marathon".into(),
                date: NaiveDate::from_ymd_opt(2027, 4, 18).unwrap(),
                distance_m: Some(42_195),
                priority: RacePriority::A,
            },
            now,
        )
        .unwrap();

    let today = store.today(now).unwrap();
    assert_eq!(today.date, NaiveDate::from_ymd_opt(2027, 1, 11).unwrap());
    assert!(today.routine.total_s <= 720);
    let ham = today
        .routine
        .zones
        .iter()
        .find(|z| z.zone == "hamstrings")
        .expect("sore zone included");
    // Only the right side is sore: it is worked first, with more time, and the reason says so.
    assert_eq!(ham.reason.key, "reason.side-sore-after-long-run");
    assert_eq!(ham.side, Side::Right);
    assert!(ham.hold_s > ham.other_s());
    let holds: Vec<(Side, u32)> = today
        .routine
        .steps
        .iter()
        .filter(|s| s.zone == "hamstrings" && s.kind == fascia_core::routine::StepKind::Hold)
        .map(|s| (s.side, s.seconds))
        .collect();
    assert_eq!(
        holds,
        [(Side::Right, ham.hold_s), (Side::Left, ham.other_s())]
    );
    assert!(ham
        .reason
        .english(store.catalog())
        .starts_with("Sore on the right side: 6/10 after the"));
    assert_eq!(today.calendar.len(), 7);
    assert_eq!(today.streak, 0);
    assert!(!today.done_today);
    let next = today.next_reminder.expect("a reminder");
    assert!(next.fire_at > now);

    let season = store.season_plan(now).unwrap();
    assert_eq!(
        season.kickoff,
        Some(NaiveDate::from_ymd_opt(2027, 3, 7).unwrap())
    );
    assert_eq!(store.reminders(now, 120, 64).unwrap().len(), 64);
    let plan = store.reminders(now, 120, 500).unwrap();
    assert!(plan.iter().any(|r| r.id == "kickoff:2027-03-07"));
    // The soreness after the long run was logged, so no prompt for it.
    assert!(!plan.iter().any(|r| r.id.starts_with("soreness-prompt")));

    let report = store.report(now + TimeDelta::hours(1)).unwrap();
    assert_eq!(report.trends.len(), 1);
    assert_eq!(report.recoveries.len(), 1);
    assert_eq!(report.weekly_downtime.len(), 12);
    assert!(report.personal.is_none(), "two days of history");
}

fn journal() -> (tempfile::TempDir, Journal) {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open(dir.path().join("j.db"), time::zone("UTC").unwrap()).unwrap();
    (dir, j)
}

#[test]
fn a_guided_session_is_stored_at_every_event_and_found_again_as_it_was() {
    let (_dir, j) = journal();
    let t0 = utc("2027-01-11T07:00:00Z");
    let s = j
        .start_session(j.todays_routine(t0, None).unwrap(), t0)
        .unwrap();
    assert!(s.is_stored());
    s.record(Event::Pause, t0 + TimeDelta::seconds(20)).unwrap();
    s.record(Event::Resume, t0 + TimeDelta::seconds(50))
        .unwrap();
    s.record(Event::Skip, t0 + TimeDelta::seconds(60)).unwrap();
    let later = t0 + TimeDelta::seconds(90);
    // A relaunch finds the same session, with the same events, at the same place.
    let again = j.active_session(later).unwrap().expect("in progress");
    assert_eq!(again.id(), s.id());
    assert_eq!(again.events(), s.events());
    assert_eq!(again.snapshot(later), s.snapshot(later));
    // A refused event changes nothing, in memory or on disk.
    let err = s.record(Event::Resume, later).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(s.events().len(), 4);
    assert_eq!(j.session(s.id()).unwrap().events.len(), 4);
    // Two handles on one session: each event is applied once, in the journal's order.
    again.record(Event::Pause, later).unwrap();
    let snap = s
        .record(Event::Resume, later + TimeDelta::seconds(5))
        .unwrap();
    assert_eq!(snap.status, Status::Running);
    assert_eq!(s.events().len(), 6);
    assert_eq!(s.events(), j.session(s.id()).unwrap().events);
    s.record(Event::Finish, later + TimeDelta::seconds(10))
        .unwrap();
    assert!(j.active_session(later).unwrap().is_none());
    assert_eq!(j.session(s.id()).unwrap().status, SessionStatus::Finished);
}

#[test]
fn a_preview_runs_the_same_rules_and_stores_nothing() {
    let (_dir, j) = journal();
    let t0 = utc("2027-01-11T07:00:00Z");
    let before = j.export_json(t0).unwrap();
    let p = GuidedSession::preview(j.todays_routine(t0, None).unwrap(), t0).unwrap();
    assert!(!p.is_stored());
    p.record(Event::Pause, t0 + TimeDelta::seconds(1)).unwrap();
    assert_eq!(
        p.record(Event::Pause, t0 + TimeDelta::seconds(2))
            .unwrap_err()
            .kind(),
        ErrorKind::Conflict
    );
    p.record(Event::Abort, t0 + TimeDelta::seconds(3)).unwrap();
    assert!(j.active_session(t0).unwrap().is_none());
    assert_eq!(j.export_json(t0).unwrap(), before);
}

#[test]
fn every_failure_has_one_kind_and_bad_input_names_its_field() {
    let (dir, j) = journal();
    let now = utc("2027-01-11T07:00:00Z");
    let bad_run = NewRun {
        started_at: now,
        distance_m: 10_000,
        duration_s: 0,
        kind: RunKind::Easy,
    };
    let e = j.add_run(&bad_run, now).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert_eq!(e.field().as_deref(), Some("duration_s"));
    assert_eq!(
        j.delete_run("no-such-id", now).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let routine = j.todays_routine(now, None).unwrap();
    j.start_session(routine.clone(), now).unwrap();
    assert_eq!(
        j.start_session(routine, now).unwrap_err().kind(),
        ErrorKind::Conflict
    );
    let e = j.todays_routine(now, Some(2)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert_eq!(e.field().as_deref(), Some("budget_s"));
    let e = time::zone("Mars/Olympus")
        .map_err(fascia_core::Error::from)
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.field().as_deref()),
        (ErrorKind::BadInput, Some("time_zone"))
    );
    let e = j
        .import_json("{\"format\":\"fascia-export\",\"version\":7}", now)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NewerVersion);
    assert_eq!(e.versions(), Some((7, 2)));
    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "not a database, just notes").unwrap();
    let e = Journal::open(&foreign, time::zone("UTC").unwrap()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Damaged);
    assert_eq!(e.damaged().map(|d| d.0.ends_with("notes.txt")), Some(true));
    assert_eq!(
        std::fs::read(&foreign).unwrap(),
        b"not a database, just notes"
    );
}

#[test]
fn the_time_zone_follows_the_runner() {
    let (_dir, j) = journal();
    // 23:30 UTC is the next day in Tokyo.
    let now = utc("2027-01-11T23:30:00Z");
    assert_eq!(j.today(now).unwrap().date.to_string(), "2027-01-11");
    j.set_time_zone(time::zone("Asia/Tokyo").unwrap());
    assert_eq!(j.time_zone().name(), "Asia/Tokyo");
    assert_eq!(j.today(now).unwrap().date.to_string(), "2027-01-12");
}

#[test]
fn every_entry_can_be_corrected_and_deleted_and_the_deletion_travels() {
    use fascia_core::model::{NewBodywork, NewDowntime};
    let (_dir, j) = journal();
    let t = |h: i64| utc("2027-01-11T07:00:00Z") + TimeDelta::hours(h);
    let run = j
        .add_run(
            &NewRun {
                started_at: t(-3),
                distance_m: 10_000,
                duration_s: 3_000,
                kind: RunKind::Easy,
            },
            t(0),
        )
        .unwrap();
    let sore = |level| NewSoreness {
        zone: "calves".into(),
        side: Side::Left,
        level,
        at: t(0),
        run_id: Some(run.id.clone()),
        note: None,
    };
    let s = j.add_soreness(&[sore(4)], t(0)).unwrap().remove(0);
    let fixed = j.update_soreness(&s.id, &sore(6), t(1)).unwrap();
    assert_eq!(
        (fixed.level, fixed.created_at, fixed.updated_at),
        (6, s.created_at, t(1))
    );
    let down = NewDowntime {
        date: NaiveDate::from_ymd_opt(2027, 1, 10).unwrap(),
        minutes: 60,
        zone: None,
    };
    let d = j.add_downtime(&down, t(0)).unwrap();
    let d2 = j
        .update_downtime(
            &d.id,
            &NewDowntime {
                minutes: 90,
                ..down
            },
            t(1),
        )
        .unwrap();
    assert_eq!(d2.minutes, 90);
    assert_eq!(j.recent_downtime(t(1), 7).unwrap(), vec![d2.clone()]);
    let race = NewRace {
        name: "Spring Marathon".into(),
        date: NaiveDate::from_ymd_opt(2027, 4, 18).unwrap(),
        distance_m: Some(42_195),
        priority: RacePriority::A,
    };
    let r = j.add_race(&race, t(0)).unwrap();
    let r2 = j
        .update_race(
            &r.id,
            &NewRace {
                name: " Spring 42 ".into(),
                ..race
            },
            t(1),
        )
        .unwrap();
    assert_eq!(r2.name, "Spring 42");
    let b = j
        .add_bodywork(
            &NewBodywork {
                at: t(48),
                minutes: 45,
            },
            t(0),
        )
        .unwrap();
    j.set_bodywork_done(&b.id, true, t(1)).unwrap();
    let b2 = j
        .update_bodywork(
            &b.id,
            &NewBodywork {
                at: t(50),
                minutes: 60,
            },
            t(2),
        )
        .unwrap();
    assert!(b2.done, "moving an appointment keeps whether it took place");
    assert_eq!((b2.at, b2.minutes), (t(50), 60));
    // Bad corrections change nothing.
    assert_eq!(
        j.update_soreness(&s.id, &sore(12), t(3))
            .unwrap_err()
            .kind(),
        ErrorKind::BadInput
    );
    assert_eq!(
        j.update_race("no-such-race", &race_named("x"), t(3))
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(j.soreness_entry(&s.id).unwrap(), fixed);
    // Deletions are remembered and travel in the export.
    j.delete_downtime(&d.id, t(4)).unwrap();
    j.delete_soreness(&s.id, t(4)).unwrap();
    assert!(j.recent_downtime(t(4), 7).unwrap().is_empty());
    let doc = j.export(t(5)).unwrap();
    let mut gone: Vec<&str> = doc.deleted.iter().map(|d| d.id.as_str()).collect();
    gone.sort_unstable();
    let mut want = vec![d.id.as_str(), s.id.as_str()];
    want.sort_unstable();
    assert_eq!(gone, want);
}

fn race_named(name: &str) -> NewRace {
    NewRace {
        name: name.into(),
        date: NaiveDate::from_ymd_opt(2027, 5, 1).unwrap(),
        distance_m: None,
        priority: RacePriority::C,
    }
}

/// Several days of severe soreness show the "see a professional" advice on today's screen, not only
/// in the report (which a runner may never open), and the zone rests meanwhile.
#[test]
fn severe_soreness_for_days_rests_the_zone_and_shows_advice_today() {
    let (_dir, j) = journal();
    let day = |d: i64| utc("2027-01-11T19:00:00Z") + TimeDelta::days(d);
    for d in 0..3 {
        let entry = NewSoreness {
            zone: "calves".into(),
            side: Side::Both,
            level: 8,
            at: day(d),
            run_id: None,
            note: None,
        };
        j.add_soreness(&[entry], day(d)).unwrap();
    }
    let today = j.today(day(2) + TimeDelta::hours(1)).unwrap();
    assert!(!today.routine.zones.iter().any(|z| z.zone == "calves"));
    assert!(today
        .routine
        .omitted
        .iter()
        .any(|o| o.zone == "calves" && o.why == fascia_core::routine::Omission::Rest));
    assert_eq!(today.safety.len(), 1, "{:?}", today.safety);
    assert_eq!(today.safety[0].zone, "calves");
}

/// A session left paused past the end of its local day is not offered for resume with that day's
/// zones (yesterday's soreness chose them): it is closed as abandoned, its time counted up to the
/// pause, and today's routine is offered. The same evening it still resumes.
#[test]
fn a_session_paused_on_an_earlier_day_is_closed_and_today_is_offered() {
    let dir = tempfile::tempdir().unwrap();
    let tz = time::zone("America/Los_Angeles").unwrap();
    let j = Journal::open(dir.path().join("j.db"), tz).unwrap();
    // 21:00 local on the 20th, paused after 90 s.
    let t0 = utc("2026-11-21T05:00:00Z");
    let s = j
        .start_session(j.todays_routine(t0, None).unwrap(), t0)
        .unwrap();
    let paused_at = t0 + TimeDelta::seconds(90);
    s.record(Event::Pause, paused_at).unwrap();
    // Still the 20th locally at 23:30 (07:30 UTC on the 21st): offered as it was.
    let late = utc("2026-11-21T07:30:00Z");
    assert_eq!(
        j.today(late).unwrap().active_session.as_deref(),
        Some(s.id())
    );
    let again = j.active_session(late).unwrap().expect("same evening");
    assert_eq!(again.snapshot(late).status, Status::Paused);

    // Two days later: not offered, on today's screen or when starting.
    let now = utc("2026-11-22T16:00:00Z");
    assert_eq!(j.today(now).unwrap().active_session, None);
    assert!(j.active_session(now).unwrap().is_none());
    let closed = j.session(s.id()).unwrap();
    assert_eq!(closed.status, SessionStatus::Aborted);
    // Closed at the last second of its local day; the 90 s before the pause are what it counts.
    assert_eq!(closed.ended_at, Some(utc("2026-11-21T07:59:59Z")));
    let timer = fascia_core::timer::Timer::from_log(closed.routine, &closed.events).unwrap();
    assert_eq!(timer.snapshot(now).session_elapsed_ms, 90_000);
    assert_eq!(timer.snapshot(now).status, Status::Aborted);
    // Today's routine is offered and starts fresh.
    let fresh = j
        .start_session(j.todays_routine(now, None).unwrap(), now)
        .unwrap();
    assert_ne!(fresh.id(), s.id());
    assert_eq!(j.active_session(now).unwrap().unwrap().id(), fresh.id());
}

/// The 45-minute bodywork session is a routine like any other (2–5 minutes per zone and side, sore
/// zones first, a 9/10 zone resting), and an appointment in the past that was never marked done
/// stops counting as booked: a missed session must not leave the pre-peak deadline looking covered.
#[test]
fn the_bodywork_session_runs_and_only_real_appointments_count() {
    let (_dir, j) = journal();
    let now = utc("2027-01-11T07:00:00Z");
    j.add_soreness(
        &[NewSoreness {
            zone: "calves".into(),
            side: Side::Both,
            level: 9,
            at: now - TimeDelta::hours(3),
            run_id: None,
            note: None,
        }],
        now,
    )
    .unwrap();
    let r = j.bodywork_routine(now, None).unwrap();
    assert_eq!(r.kind, fascia_core::routine::RoutineKind::Bodywork);
    assert!(
        r.total_s <= 45 * 60 && r.total_s >= 40 * 60,
        "{}",
        r.total_s
    );
    assert!(r.zones.iter().all(|z| (120..=300).contains(&z.hold_s)));
    assert!(!r.zones.iter().any(|z| z.zone == "calves"), "9/10 rests");
    assert!(j.bodywork_routine(now, Some(20)).is_err());
    let s = j.start_session(r.clone(), now).unwrap();
    let end = now + TimeDelta::seconds(i64::from(r.total_s));
    assert_eq!(
        s.record(Event::Finish, end).unwrap().status,
        Status::Finished
    );

    // The marathon's pre-peak session: booked for a day that has passed, never marked done.
    j.add_race(
        &NewRace {
            name: "Spring Marathon".into(),
            date: NaiveDate::from_ymd_opt(2027, 4, 18).unwrap(),
            distance_m: None,
            priority: RacePriority::A,
        },
        now,
    )
    .unwrap();
    let appointment = j
        .add_bodywork(
            &fascia_core::model::NewBodywork {
                at: utc("2027-02-20T09:00:00Z"),
                minutes: 45,
            },
            now,
        )
        .unwrap();
    let booked = |at: &str| {
        j.season_plan(utc(at)).unwrap().races[0]
            .bodywork_booked
            .clone()
    };
    assert_eq!(booked("2027-02-01T09:00:00Z"), Some(appointment.id.clone()));
    assert_eq!(
        booked("2027-02-25T09:00:00Z"),
        None,
        "missed: not booked any more"
    );
    j.set_bodywork_done(&appointment.id, true, now).unwrap();
    assert_eq!(booked("2027-02-25T09:00:00Z"), Some(appointment.id));
}

/// The day after a long run a check-in reminder asks again, so recovery can be measured; it goes
/// once something is logged that day.
#[test]
fn a_long_run_brings_a_next_day_check_in() {
    let dir = tempfile::tempdir().unwrap();
    let tz = time::zone("Europe/Paris").unwrap();
    let j = Journal::open(dir.path().join("j.db"), tz).unwrap();
    let now = utc("2027-01-10T13:00:00Z");
    let run = j
        .add_run(
            &NewRun {
                started_at: utc("2027-01-10T08:00:00Z"),
                duration_s: 9000,
                distance_m: 30_000,
                kind: RunKind::Long,
            },
            now,
        )
        .unwrap();
    let id = format!("recovery-check-in:{}", run.id);
    let plan = j.reminders(now, 3, 64).unwrap();
    let check_in = plan.iter().find(|r| r.id == id).expect("planned");
    // The next local day at the reminder time (07:00 Paris).
    assert_eq!(check_in.fire_at, utc("2027-01-11T06:00:00Z"));
    assert_eq!(check_in.title.english, "How are your legs today?");
    // Soreness right after the run does not answer it; a check-in on the next day does.
    let log = |level: u8, at: &str| {
        j.add_soreness(
            &[NewSoreness {
                zone: "calves".into(),
                side: Side::Both,
                level,
                at: utc(at),
                run_id: Some(run.id.clone()),
                note: None,
            }],
            utc(at),
        )
        .unwrap();
    };
    log(5, "2027-01-10T15:00:00Z");
    assert!(j.reminders(now, 3, 64).unwrap().iter().any(|r| r.id == id));
    log(2, "2027-01-11T07:30:00Z");
    assert!(!j
        .reminders(utc("2027-01-11T07:31:00Z"), 3, 64)
        .unwrap()
        .iter()
        .any(|r| r.id == id));
}

/// The report reads every downtime entry (dates are stored as text: unbounded queries once
/// missed them all), and an empty week is 0, not "-0".
#[test]
fn the_report_counts_downtime() {
    let (_dir, j) = journal();
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
    let now = utc("2026-11-23T07:00:00Z");
    for d in [18, 25] {
        j.add_run(
            &NewRun {
                started_at: day(d).and_hms_opt(8, 0, 0).unwrap().and_utc(),
                distance_m: 25_000,
                duration_s: 8_400,
                kind: RunKind::Long,
            },
            now,
        )
        .unwrap();
    }
    j.add_downtime(
        &fascia_core::model::NewDowntime {
            date: day(21),
            minutes: 120,
            zone: Some("it-band".into()),
        },
        now,
    )
    .unwrap();
    let report = j.report(now).unwrap();
    let row = &report.personal.unwrap().rows[0];
    assert_eq!((row.baseline.value, row.baseline.n), (Some(1.0), 1));
    assert_eq!(row.recent.value.map(f64::to_bits), Some(0.0f64.to_bits()));
    assert!(report.weekly_downtime.iter().any(|w| w.value == 2.0));
}

/// A race of any distance brings the soreness prompt and the next-day check-in, as a long run does,
/// in words that say "race": the report measures recovery after races, and a short race is under
/// the long-run threshold.
#[test]
fn a_race_of_any_distance_brings_the_soreness_prompt_and_the_check_in() {
    for distance_m in [5_000, 10_000, 42_195] {
        let dir = tempfile::tempdir().unwrap();
        let tz = time::zone("Europe/Paris").unwrap();
        let j = Journal::open(dir.path().join("j.db"), tz).unwrap();
        let now = utc("2027-01-10T11:00:00Z");
        let race = j
            .add_run(
                &NewRun {
                    started_at: utc("2027-01-10T08:00:00Z"),
                    duration_s: distance_m / 4,
                    distance_m,
                    kind: RunKind::Race,
                },
                now,
            )
            .unwrap();
        let plan = j.reminders(now, 3, 64).unwrap();
        let find = |kind: &str| {
            plan.iter()
                .find(|r| r.id == format!("{kind}:{}", race.id))
                .unwrap_or_else(|| panic!("{distance_m} m: no {kind} in {plan:#?}"))
        };
        let prompt = find("soreness-prompt");
        assert_eq!(prompt.fire_at, utc("2027-01-10T14:00:00Z"), "3 h after");
        assert!(prompt.body.english.contains(" km race"), "{prompt:?}");
        let check_in = find("recovery-check-in");
        assert_eq!(check_in.fire_at, utc("2027-01-11T06:00:00Z"), "07:00 Paris");
        assert!(check_in.body.english.contains(" km race"), "{check_in:?}");
        assert!(!check_in.body.english.contains("run"), "{check_in:?}");
    }
}

/// The report shows recovery after long runs and after races of 10 km or more as two rows, each
/// with its n; a marathon is a race, never a long run, and a 5K counts in neither row (its recovery
/// is too small to compare).
#[test]
fn the_report_shows_recovery_after_long_runs_and_after_races_each_with_n() {
    let (_dir, j) = journal();
    let now = utc("2026-11-23T07:00:00Z");
    let effort = |start: &str, km: f64, hours: u32, kind: RunKind, levels: &[(i64, u8)]| {
        let run = j
            .add_run(
                &NewRun {
                    started_at: utc(start),
                    distance_m: (km * 1000.0) as u32,
                    duration_s: hours * 3_600,
                    kind,
                },
                now,
            )
            .unwrap();
        for (hours, level) in levels {
            let at = utc(start) + TimeDelta::hours(*hours);
            j.add_soreness(
                &[NewSoreness {
                    zone: "calves".into(),
                    side: Side::Both,
                    level: *level,
                    at,
                    run_id: Some(run.id.clone()),
                    note: None,
                }],
                now,
            )
            .unwrap();
        }
        run.id
    };
    // Back at baseline 24 h after the end of the long run, 31 h after the 10K, 44 h after the
    // marathon; the half marathon not yet.
    effort(
        "2026-10-04T08:00:00Z",
        25.0,
        2,
        RunKind::Long,
        &[(6, 6), (26, 1)],
    );
    effort(
        "2026-10-11T08:00:00Z",
        10.0,
        1,
        RunKind::Race,
        &[(6, 5), (32, 0)],
    );
    effort(
        "2026-10-18T08:00:00Z",
        42.195,
        4,
        RunKind::Race,
        &[(6, 7), (48, 1)],
    );
    effort(
        "2026-10-25T08:00:00Z",
        5.0,
        1,
        RunKind::Race,
        &[(4, 4), (20, 0)],
    );
    effort("2026-11-08T08:00:00Z", 21.1, 2, RunKind::Race, &[(6, 5)]);
    let report = j.report(now).unwrap();
    assert_eq!(report.recoveries.len(), 5, "every long run and race");
    let rows: Vec<_> = report
        .recovery_summary
        .iter()
        .map(|r| (r.after, r.hours.value, r.hours.n, r.efforts))
        .collect();
    assert_eq!(
        rows,
        [
            (RecoveryAfter::LongRuns, Some(24.0), 1, 1),
            (RecoveryAfter::Races, Some(37.5), 2, 3),
        ]
    );
    assert_eq!(
        report.recovery_summary[1].label.english,
        "Recovery after races of 10.0 km or more, last 12 months"
    );
    assert_eq!(insights::RACE_RECOVERY_MIN_M, 10_000);
}

/// A record is found by the shortest unique start of its id (any case), as a git commit is; an
/// ambiguous start is refused listing the ids it starts, one too short is refused, one that starts
/// no id of that kind is not found.
#[test]
fn an_id_is_found_by_its_shortest_unique_start() {
    let (_dir, j) = journal();
    let now = utc("2027-01-11T07:00:00Z");
    let new_run = |day: u32| NewRun {
        started_at: utc(&format!("2027-01-0{day}T08:00:00Z")),
        distance_m: 10_000,
        duration_s: 3_000,
        kind: RunKind::Easy,
    };
    let one = j.add_run(&new_run(1), now).unwrap();
    let two = j.add_run(&new_run(2), now).unwrap();
    // Two ids that start alike, brought in by an import.
    let twins = [
        "abcd0000-0000-4000-8000-000000000001",
        "abcd1111-0000-4000-8000-000000000002",
    ];
    let text = j
        .export_json(now)
        .unwrap()
        .replace(&one.id, twins[0])
        .replace(&two.id, twins[1]);
    let (_dir2, k) = journal();
    k.import_json(&text, now).unwrap();

    assert_eq!(k.resolve_id(RecordKind::Run, twins[0]).unwrap(), twins[0]);
    assert_eq!(k.resolve_id(RecordKind::Run, "abcd0").unwrap(), twins[0]);
    assert_eq!(k.resolve_id(RecordKind::Run, " ABCD1 ").unwrap(), twins[1]);
    assert_eq!(
        k.resolve_id(RecordKind::Run, "abcd1111-0").unwrap(),
        twins[1]
    );
    let e = k.resolve_id(RecordKind::Run, "abcd").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert_eq!(e.field().as_deref(), Some("id"));
    assert_eq!(
        e.ambiguous_ids(),
        Some(&[twins[0].to_owned(), twins[1].to_owned()][..])
    );
    assert!(e.to_string().contains(twins[0]) && e.to_string().contains(twins[1]));
    let e = k.resolve_id(RecordKind::Run, "abc").unwrap_err();
    assert_eq!(
        (e.kind(), e.field().as_deref()),
        (ErrorKind::BadInput, Some("id"))
    );
    for nothing in [
        "abcd2",
        "abcd-",
        "abcdxyz",
        "no-such-run",
        "abcd0000-0000-4000-8000-0000000000019",
    ] {
        let e = k.resolve_id(RecordKind::Run, nothing).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{nothing}");
    }
    // Each kind looks among its own records only.
    let e = k.resolve_id(RecordKind::Race, "abcd").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let race = j.add_race(&race_named("Spring Marathon"), now).unwrap();
    assert_eq!(
        j.resolve_id(RecordKind::Race, &race.id[..6]).unwrap(),
        race.id
    );
    assert_eq!(j.resolve_id(RecordKind::Run, &one.id[..6]).unwrap(), one.id);
}

/// Soreness after a race is explained as after a race, never as after a "long run", whatever the
/// race's distance, the side that is sore and the runner's units.
mod a_race_is_never_a_long_run {
    use super::*;
    use fascia_core::model::Units;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn in_the_routines_reasons(
            km in 5u32..=100,
            side in prop::sample::select(vec![Side::Both, Side::Left, Side::Right]),
            imperial in any::<bool>(),
            hours in 2i64..40,
            level in 1u8..=6,
        ) {
            let (_dir, j) = journal();
            let start = utc("2026-11-22T08:00:00Z");
            let now = start + TimeDelta::hours(44);
            let mut settings = j.settings().unwrap();
            settings.units = if imperial { Units::Imperial } else { Units::Metric };
            j.set_settings(&settings, start).unwrap();
            let race = j
                .add_run(
                    &NewRun { started_at: start, distance_m: km * 1000, duration_s: km * 300, kind: RunKind::Race },
                    start,
                )
                .unwrap();
            j.add_soreness(
                &[NewSoreness {
                    zone: "calves".into(),
                    side,
                    level,
                    at: start + TimeDelta::hours(hours),
                    run_id: Some(race.id.clone()),
                    note: None,
                }],
                now,
            )
            .unwrap();
            let catalog = j.catalog();
            for routine in [j.todays_routine(now, None).unwrap(), j.bodywork_routine(now, None).unwrap()] {
                for z in &routine.zones {
                    let words = z.reason.english(catalog);
                    prop_assert!(!words.contains("long run"), "{words}");
                    if z.zone == "calves" && race.is_long(settings.long_run_threshold_m) {
                        prop_assert!(words.contains(" race on Sun 22 Nov 2026"), "{words}");
                    }
                }
            }
        }
    }
}

/// `today` reads what its screen needs without building more than it shows, and its next reminder
/// is exactly the first reminder of the plan a phone schedules (14 days, at most 64), whatever the
/// journal, the settings, the time zone and the time of day: the screen never announces a reminder
/// the phone will not show.
mod the_next_reminder_is_the_plans_first {
    use super::*;
    use chrono::{NaiveTime, Weekday};
    use fascia_core::model::{NewBodywork, QuietHours, WeeklyReport};
    use proptest::prelude::*;

    fn hm(minutes: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(minutes / 60 % 24, minutes % 60, 0).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn on_any_journal(
            zone in prop::sample::select(vec![
                "Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC",
            ]),
            start_hour in 0i64..24 * 21,
            reminder in 0u32..24 * 4,
            quiet in prop::option::of((0u32..24 * 4, 0u32..24 * 4)),
            weekly in prop::option::of((0u8..7, 0u32..24 * 4)),
            runs in prop::collection::vec((1i64..24 * 20, 0usize..4, 5u32..43), 0..6),
            soreness in prop::collection::vec((1i64..24 * 10, 0u8..=10), 0..5),
            races in prop::collection::vec((-3i64..150, 0usize..3), 0..4),
            bodywork in prop::collection::vec(-300i64..24 * 40, 0..3),
            done_days in prop::collection::vec(any::<bool>(), 0..4),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let j = Journal::open(dir.path().join("j.db"), time::zone(zone).unwrap()).unwrap();
            // From the week before Europe's spring change to the week after.
            let base = utc("2027-03-20T00:00:00Z") + TimeDelta::hours(start_hour);
            let mut settings = j.settings().unwrap();
            settings.reminder_time = hm(reminder * 15);
            settings.quiet_hours = quiet.map(|(s, e)| QuietHours { start: hm(s * 15), end: hm(e * 15 + 7) });
            settings.weekly_report = weekly.map(|(d, t)| WeeklyReport {
                weekday: Weekday::try_from(d).unwrap(),
                time: hm(t * 15),
            });
            j.set_settings(&settings, base).unwrap();
            let kinds = [RunKind::Easy, RunKind::Long, RunKind::Race, RunKind::Workout];
            for (hours, kind, km) in runs {
                let started_at = base - TimeDelta::hours(hours);
                j.add_run(
                    &NewRun { started_at, distance_m: km * 1000, duration_s: km * 330, kind: kinds[kind] },
                    base,
                )
                .unwrap();
            }
            for (hours, level) in soreness {
                let entry = NewSoreness {
                    zone: "calves".into(),
                    side: Side::Both,
                    level,
                    at: base - TimeDelta::hours(hours),
                    run_id: None,
                    note: None,
                };
                j.add_soreness(&[entry], base).unwrap();
            }
            let today = time::local_date(j.time_zone(), base);
            let priorities = [RacePriority::A, RacePriority::B, RacePriority::C];
            for (i, (days, priority)) in races.into_iter().enumerate() {
                let race = NewRace {
                    name: format!("Race {i}"),
                    date: today + TimeDelta::days(days),
                    distance_m: Some(21_097),
                    priority: priorities[priority],
                };
                j.add_race(&race, base).unwrap();
            }
            for hours in bodywork {
                j.add_bodywork(&NewBodywork { at: base + TimeDelta::hours(hours), minutes: 45 }, base)
                    .unwrap();
            }
            // Routines finished on some of the last days (today's too, an hour ago).
            for (back, done) in done_days.into_iter().enumerate() {
                let at = base - TimeDelta::hours(1) - TimeDelta::days(back as i64);
                if !done {
                    continue;
                }
                if let Ok(session) = j.start_session(j.todays_routine(at, None).unwrap(), at) {
                    let end = at + TimeDelta::seconds(i64::from(session.routine().total_s) + 1);
                    session.record(Event::Finish, end).unwrap();
                }
            }
            for later in [0, 5, 26, 71] {
                let now = base + TimeDelta::hours(later);
                let plan = j.reminders(now, 14, 64).unwrap();
                prop_assert_eq!(j.today(now).unwrap().next_reminder, plan.first().cloned());
            }
        }
    }
}

/// The season reads the races from the earliest day an upcoming A race's bodywork deadline can
/// fall on; a deadline moved back past that day, out of one race week into another, is still
/// found from every race.
#[test]
fn a_bodywork_deadline_moved_back_past_recent_races_reads_every_race() {
    let (_dir, j) = journal();
    let now = utc("2027-04-18T06:00:00Z");
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
    for (name, date, priority) in [
        ("Spring Marathon", day(4, 18), RacePriority::A),
        // The deadline (the day before peak training, 13 March) falls in this race's week...
        ("March 10K", day(3, 15), RacePriority::B),
        // ...and, moved before it, in this one's: earlier than any day the season reads first.
        ("Early 10K", day(3, 10), RacePriority::B),
    ] {
        let race = NewRace {
            name: name.into(),
            date,
            distance_m: Some(10_000),
            priority,
        };
        j.add_race(&race, now).unwrap();
    }
    let season = j.season_plan(now).unwrap();
    assert_eq!(season.races[0].bodywork_by, Some(day(3, 3)));
    let tz = j.time_zone();
    let all = fascia_core::plan::season(
        fascia_core::zones::Catalog::embedded().unwrap(),
        &j.races().unwrap(),
        &[],
        &j.settings().unwrap(),
        day(4, 18),
        tz,
    );
    assert_eq!(season, all);
}
