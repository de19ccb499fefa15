//! The screens' questions answered from a real journal.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use fascia_core::routine::Side;
use fascia_core::service;
use fascia_core::store::{NewRace, NewRun, NewSoreness, RacePriority, RunKind, Store};
use fascia_core::time;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn today_reminders_season_and_report_come_from_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("j.db")).unwrap();
    let tz = time::zone("Europe/Madrid").unwrap();
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
        level: 7,
        at: utc("2027-01-10T15:00:00Z"),
        run_id: Some(run.id.clone()),
        note: None,
    };
    store
        .add_soreness(&entry, utc("2027-01-10T15:00:00Z"))
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

    let today = service::today(&store, now, tz).unwrap();
    assert_eq!(today.date, NaiveDate::from_ymd_opt(2027, 1, 11).unwrap());
    assert!(today.routine.total_s <= 720);
    let ham = today
        .routine
        .zones
        .iter()
        .find(|z| z.zone == "hamstrings")
        .expect("sore zone included");
    assert_eq!(ham.reason.key, "reason.sore-after-long-run");
    assert_eq!(today.calendar.len(), 7);
    assert_eq!(today.streak, 0);
    assert!(!today.done_today);
    let next = today.next_reminder.expect("a reminder");
    assert!(next.fire_at > now);

    let season = service::season_plan(&store, now, tz).unwrap();
    assert_eq!(
        season.kickoff,
        Some(NaiveDate::from_ymd_opt(2027, 3, 7).unwrap())
    );
    assert_eq!(
        service::reminder_plan(&store, now, tz, 120, 64)
            .unwrap()
            .len(),
        64
    );
    let plan = service::reminder_plan(&store, now, tz, 120, 500).unwrap();
    assert!(plan.iter().any(|r| r.id == "kickoff:2027-03-07"));
    // The soreness after the long run was logged, so no prompt for it.
    assert!(!plan.iter().any(|r| r.id.starts_with("soreness-prompt")));

    let report = service::report(&store, now + TimeDelta::hours(1), tz).unwrap();
    assert_eq!(report.trends.len(), 1);
    assert_eq!(report.recoveries.len(), 1);
    assert_eq!(report.weekly_downtime.len(), 12);
    assert!(report.personal.is_none(), "two days of history");
}
