//! The journal's storage, driven through its API on real files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::export::parse;
use super::schema::SCHEMA_VERSION;
use super::{Store, StoreError};
use crate::model::{
    BackupKind, Export, ImportSummary, NewBodywork, NewDowntime, NewRace, NewRun, NewSoreness,
    RacePriority, ReminderKind, RunKind, SessionStatus, Settings,
};
use crate::routine::{build, RoutineKind, RoutineRequest, Side};
use crate::timer::{Event, Status, TimerError};
use crate::zones::Catalog;
use chrono::{DateTime, NaiveDate, Utc};
use tempfile::TempDir;

/// A session as the tests drive it through the store, replayed by the session module as the
/// journal does.
#[derive(Debug)]
struct Active {
    id: String,
    timer: crate::timer::Timer,
}

/// What the tests read of the store beyond what the journal offers.
impl Store {
    pub(super) fn opened(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open(
            path,
            crate::zones::Catalog::embedded().unwrap(),
            crate::session::counts_as_done,
        )
    }

    fn start(&self, routine: crate::routine::Routine, now: DateTime<Utc>) -> crate::Result<Active> {
        let timer = crate::session::start(routine, now)?;
        let id = self.start_session(timer.shared_routine(), timer.events().to_vec(), now)?;
        Ok(Active { id, timer })
    }

    fn record_event(
        &self,
        id: &str,
        event: Event,
        now: DateTime<Utc>,
    ) -> crate::Result<crate::timer::Timer> {
        self.update_session(id, now, |stored| {
            let r = crate::session::apply(stored, event, now)?;
            Ok::<_, crate::Error>((
                super::SessionUpdate {
                    events: r.timer.events().to_vec(),
                    status: r.status,
                    ended_at: r.ended_at,
                    counted: r.counted,
                },
                r.timer,
            ))
        })
    }

    fn active(&self) -> crate::Result<Option<Active>> {
        Ok(match self.active_session()? {
            Some(record) => Some(Active {
                timer: crate::session::replay_record(&record)?.timer,
                id: record.id,
            }),
            None => None,
        })
    }

    fn export_json(&self, now: DateTime<Utc>) -> Result<String, StoreError> {
        Ok(serde_json::to_string_pretty(&self.export(now)?)?)
    }

    fn import_json(&self, text: &str, now: DateTime<Utc>) -> Result<ImportSummary, StoreError> {
        let _ = now;
        let doc = parse(text)?;
        let counted = crate::session::check_kept(&doc.sessions)?;
        self.import(&doc, &counted)
    }

    fn soreness_series(
        &self,
        zone: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<crate::model::Soreness>, StoreError> {
        if self.catalog.zone(zone).is_none() {
            return Err(crate::Invalid::new("zone", format!("unknown zone {zone:?}")).into());
        }
        Ok(self
            .soreness_between(from, to)?
            .into_iter()
            .filter(|s| s.zone == zone)
            .collect())
    }
}

fn at(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000 + s, 0).unwrap()
}

const DAY: i64 = 86_400;

fn journal() -> (TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fascia.db");
    let store = Store::opened(&path).unwrap();
    (dir, path, store)
}

fn daily() -> crate::routine::Routine {
    build(
        Catalog::embedded().unwrap(),
        &RoutineRequest::new(RoutineKind::Daily),
    )
    .unwrap()
}

fn run(start: i64, km: u32, kind: RunKind) -> NewRun {
    NewRun {
        started_at: at(start),
        distance_m: km * 1000,
        duration_s: km * 330,
        kind,
    }
}

fn sore(zone: &str, side: Side, level: u8, t: i64) -> NewSoreness {
    NewSoreness {
        zone: zone.into(),
        side,
        level,
        at: at(t),
        run_id: None,
        note: None,
    }
}

/// A journal with some of everything.
fn fill(store: &Store) {
    let long = store
        .add_run(&run(0, 28, RunKind::Long), at(10_000), "UTC")
        .unwrap();
    store
        .add_run(&run(2 * DAY, 8, RunKind::Easy), at(2 * DAY + 3000), "UTC")
        .unwrap();
    let mut s = sore("calves", Side::Left, 6, 12_000);
    s.run_id = Some(long.id.clone());
    s.note = Some("tight, \"knotty\", after the hills".into());
    store
        .add_soreness(std::slice::from_ref(&s), at(12_000), "UTC")
        .unwrap();
    store
        .add_soreness(
            &[sore("thoracic-spine", Side::Both, 2, 13_000)],
            at(13_000),
            "UTC",
        )
        .unwrap();
    store
        .add_downtime(
            &NewDowntime {
                date: NaiveDate::from_ymd_opt(2026, 9, 22).unwrap(),
                minutes: 90,
                zone: Some("it-band".into()),
            },
            at(14_000),
        )
        .unwrap();
    store
        .add_race(
            &NewRace {
                name: "Autumn Marathon".into(),
                date: NaiveDate::from_ymd_opt(2027, 3, 14).unwrap(),
                distance_m: Some(42_195),
                priority: RacePriority::A,
            },
            at(15_000),
        )
        .unwrap();
    let b = store
        .add_bodywork(
            &NewBodywork {
                at: at(20 * DAY),
                minutes: 45,
            },
            at(16_000),
            "UTC",
        )
        .unwrap();
    store.set_bodywork_done(&b.id, true, at(21 * DAY)).unwrap();
    store
        .record_delivery(
            "daily-2026-09-23",
            ReminderKind::DailyRoutine,
            at(17_000),
            at(17_001),
            at(17_002),
        )
        .unwrap();
    let settings = Settings {
        daily_minutes: 15,
        ..Settings::default()
    };
    store.set_settings(&settings, at(18_000)).unwrap();
    let session = store.start(daily(), at(DAY)).unwrap();
    store
        .record_event(&session.id, Event::Pause, at(DAY + 30))
        .unwrap();
    store
        .record_event(&session.id, Event::Resume, at(DAY + 60))
        .unwrap();
    store
        .record_event(&session.id, Event::PainSkip, at(DAY + 100))
        .unwrap();
    store
        .record_event(&session.id, Event::Finish, at(DAY + 400))
        .unwrap();
}

#[test]
fn a_session_survives_a_relaunch_with_an_identical_snapshot() {
    let (_dir, path, store) = journal();
    let session = store.start(daily(), at(0)).unwrap();
    store
        .record_event(&session.id, Event::Pause, at(40))
        .unwrap();
    store
        .record_event(&session.id, Event::Resume, at(70))
        .unwrap();
    store
        .record_event(&session.id, Event::Extend, at(80))
        .unwrap();
    let before = store.active().unwrap().unwrap().timer.snapshot(at(200));
    drop(store);

    let store = Store::opened(&path).unwrap();
    let active = store.active().unwrap().expect("found again");
    assert_eq!(active.id, session.id);
    assert_eq!(active.timer.snapshot(at(200)), before);
    // It can go on, and be finished.
    store
        .record_event(&session.id, Event::Skip, at(210))
        .unwrap();
    let done = store
        .record_event(&session.id, Event::Finish, at(220))
        .unwrap();
    assert_eq!(done.snapshot(at(220)).status, Status::Finished);
    assert!(store.active().unwrap().is_none());
    let record = store.session(&session.id).unwrap();
    assert_eq!(record.status, SessionStatus::Finished);
    assert_eq!(record.events.len(), 6);
    assert_eq!(record.ended_at, Some(at(220)));
    // Finished, but skipped through after under 3 minutes of pressure: not done
    // (`timer::DONE_AT_HELD_PERCENT`), so no streak day.
    assert!(store
        .finished_session_starts(at(-1), at(1))
        .unwrap()
        .is_empty());
}

#[test]
fn one_session_at_a_time_and_no_events_after_the_end() {
    let (_dir, _path, store) = journal();
    let s = store.start(daily(), at(0)).unwrap();
    assert!(matches!(
        store.start(daily(), at(5)).unwrap_err(),
        crate::Error::Store(StoreError::SessionInProgress { id }) if id == s.id
    ));
    assert!(matches!(
        store.record_event(&s.id, Event::Resume, at(6)).unwrap_err(),
        crate::Error::Timer(TimerError::NotPaused)
    ));
    store.record_event(&s.id, Event::Abort, at(7)).unwrap();
    assert!(matches!(
        store.record_event(&s.id, Event::Pause, at(8)).unwrap_err(),
        crate::Error::Timer(TimerError::SessionOver { .. })
    ));
    assert!(matches!(
        store.record_event("nope", Event::Pause, at(8)).unwrap_err(),
        crate::Error::Store(StoreError::NotFound { .. })
    ));
    assert_eq!(store.session(&s.id).unwrap().status, SessionStatus::Aborted);
    store.start(daily(), at(10)).unwrap();
}

#[test]
fn every_bad_input_is_refused_and_changes_nothing() {
    let (_dir, _path, store) = journal();
    fill(&store);
    let before = store.export_json(at(0)).unwrap();
    let now = at(30 * DAY);
    let invalid = |r: Result<_, StoreError>, field: &str| match r {
        Err(StoreError::Invalid(e)) => assert_eq!(e.field, field),
        other => panic!("expected invalid {field}, got {other:?}"),
    };
    // Runs.
    invalid(
        store
            .add_run(&run(60 * DAY, 10, RunKind::Easy), now, "UTC")
            .map(|_| ()),
        "started_at",
    );
    invalid(
        store
            .add_run(
                &NewRun {
                    duration_s: 0,
                    ..run(0, 10, RunKind::Easy)
                },
                now,
                "UTC",
            )
            .map(|_| ()),
        "duration_s",
    );
    invalid(
        store
            .add_run(
                &NewRun {
                    duration_s: 60,
                    ..run(0, 10, RunKind::Easy)
                },
                now,
                "UTC",
            )
            .map(|_| ()),
        "distance_m",
    );
    invalid(
        store
            .add_run(&run(0, 1500, RunKind::Long), now, "UTC")
            .map(|_| ()),
        "distance_m",
    );
    assert!(matches!(
        store.update_run("missing", &run(0, 5, RunKind::Easy), now, "UTC"),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.delete_run("missing", now),
        Err(StoreError::NotFound { .. })
    ));
    let existing = store.recent_runs(1).unwrap().remove(0);
    invalid(
        store
            .update_run(&existing.id, &run(0, 1500, RunKind::Long), now, "UTC")
            .map(|_| ()),
        "distance_m",
    );
    assert!(matches!(
        store.delete_soreness("missing", now),
        Err(StoreError::NotFound { .. })
    ));
    // Soreness.
    invalid(
        store
            .add_soreness(&[sore("elbow", Side::Left, 3, 0)], now, "UTC")
            .map(|_| ()),
        "zone",
    );
    invalid(
        store
            .add_soreness(&[sore("calves", Side::Left, 11, 0)], now, "UTC")
            .map(|_| ()),
        "level",
    );
    invalid(
        store
            .add_soreness(&[sore("thoracic-spine", Side::Left, 3, 0)], now, "UTC")
            .map(|_| ()),
        "side",
    );
    invalid(
        store
            .add_soreness(&[sore("calves", Side::Left, 3, 90 * DAY)], now, "UTC")
            .map(|_| ()),
        "at",
    );
    let mut long_note = sore("calves", Side::Left, 3, 0);
    long_note.note = Some("x".repeat(1001));
    invalid(
        store
            .add_soreness(std::slice::from_ref(&long_note), now, "UTC")
            .map(|_| ()),
        "note",
    );
    let mut ghost = sore("calves", Side::Left, 3, 0);
    ghost.run_id = Some("no-such-run".into());
    assert!(matches!(
        store.add_soreness(std::slice::from_ref(&ghost), now, "UTC"),
        Err(StoreError::NotFound { .. })
    ));
    let batch = [
        sore("calves", Side::Left, 3, 0),
        sore("calves", Side::Right, 12, 0),
    ];
    invalid(
        store.add_soreness(&batch, now, "UTC").map(|_| ()),
        "[1].level",
    );
    invalid(
        store.soreness_series("knee", at(0), now).map(|_| ()),
        "zone",
    );
    // Downtime.
    let d = |minutes, date: NaiveDate, zone: Option<&str>| NewDowntime {
        date,
        minutes,
        zone: zone.map(Into::into),
    };
    let day = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    invalid(
        store.add_downtime(&d(0, day, None), now).map(|_| ()),
        "minutes",
    );
    invalid(
        store.add_downtime(&d(2000, day, None), now).map(|_| ()),
        "minutes",
    );
    invalid(
        store
            .add_downtime(&d(30, day, Some("wrist")), now)
            .map(|_| ()),
        "zone",
    );
    invalid(
        store
            .add_downtime(
                &d(30, NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(), None),
                now,
            )
            .map(|_| ()),
        "date",
    );
    // Races.
    let race = |name: &str, distance_m| NewRace {
        name: name.into(),
        date: day,
        distance_m,
        priority: RacePriority::B,
    };
    invalid(store.add_race(&race("   ", None), now).map(|_| ()), "name");
    invalid(
        store
            .add_race(&race(&"r".repeat(101), None), now)
            .map(|_| ()),
        "name",
    );
    invalid(
        store.add_race(&race("10K", Some(0)), now).map(|_| ()),
        "distance_m",
    );
    assert!(matches!(
        store.delete_race("missing", now),
        Err(StoreError::NotFound { .. })
    ));
    // Bodywork.
    invalid(
        store
            .add_bodywork(
                &NewBodywork {
                    at: now,
                    minutes: 5,
                },
                now,
                "UTC",
            )
            .map(|_| ()),
        "minutes",
    );
    assert!(matches!(
        store.set_bodywork_done("missing", true, now),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.delete_bodywork("missing", now),
        Err(StoreError::NotFound { .. })
    ));
    // Settings.
    let s = Settings {
        daily_minutes: 30,
        ..Settings::default()
    };
    invalid(store.set_settings(&s, now), "daily_minutes");
    let mut s = Settings::default();
    s.excluded_zones.push("nose".into());
    invalid(store.set_settings(&s, now), "excluded_zones");
    let s = Settings {
        excluded_zones: Catalog::embedded()
            .unwrap()
            .zones()
            .iter()
            .map(|z| z.id.clone())
            .collect(),
        ..Settings::default()
    };
    invalid(store.set_settings(&s, now), "excluded_zones");
    let s = Settings {
        long_run_threshold_m: 1000,
        ..Settings::default()
    };
    invalid(store.set_settings(&s, now), "long_run_threshold_m");
    // Reminder log.
    invalid(
        store
            .record_delivery(" ", ReminderKind::DailyRoutine, now, now, now)
            .map(|_| ()),
        "reminder_id",
    );
    // Sessions.
    let mut empty = daily();
    empty.steps.clear();
    assert!(matches!(
        store.start(empty, now).unwrap_err(),
        crate::Error::Timer(TimerError::EmptyRoutine)
    ));

    assert_eq!(
        store.export_json(at(0)).unwrap(),
        before,
        "a refused write changed the journal"
    );
}

#[test]
fn the_screens_queries_return_what_was_logged() {
    let (_dir, _path, store) = journal();
    fill(&store);
    let recent = store.recent_runs(10).unwrap();
    assert_eq!(recent.len(), 2);
    assert_eq!(recent[0].distance_m, 8000, "newest first");
    let last_long = |before| store.snapshot(|s| s.last_long_run(before, 18_000)).unwrap();
    let long = last_long(at(10 * DAY)).unwrap();
    assert_eq!(long.distance_m, 28_000);
    assert!(last_long(at(-1)).is_none());
    assert_eq!(store.runs_between(at(DAY), at(3 * DAY)).unwrap().len(), 1);
    let calves = store.soreness_series("calves", at(0), at(DAY)).unwrap();
    assert_eq!(calves.len(), 1);
    assert_eq!(calves[0].run_id.as_deref(), Some(long.id.as_str()));
    assert_eq!(store.soreness_between(at(0), at(DAY)).unwrap().len(), 2);
    let day = NaiveDate::from_ymd_opt(2026, 9, 22).unwrap();
    assert_eq!(store.downtime_between(day, day).unwrap()[0].minutes, 90);
    assert_eq!(store.races().unwrap()[0].name, "Autumn Marathon");
    assert!(store.bodywork_between(at(0), at(30 * DAY)).unwrap()[0].done);
    assert_eq!(store.settings().unwrap().daily_minutes, 15);
    assert_eq!(
        store.last_delivery().unwrap().unwrap().reminder_id,
        "daily-2026-09-23"
    );
    let history = store.sessions_between(at(0), at(2 * DAY)).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].events.len(), 5);
    // Deleting a run keeps the soreness logged after it, unlinked.
    store.delete_run(&long.id, at(DAY)).unwrap();
    assert_eq!(
        store.soreness_series("calves", at(0), at(DAY)).unwrap()[0].run_id,
        None
    );
}

#[test]
fn export_import_round_trip_is_exact_and_merging_is_idempotent() {
    let (_dir, _path, store) = journal();
    fill(&store);
    let exported = store.export_json(at(40 * DAY)).unwrap();

    let (_dir2, _path2, fresh) = journal();
    let first = fresh.import_json(&exported, at(40 * DAY)).unwrap();
    assert_eq!(first.updated + first.unchanged, 0);
    assert_eq!(first.added, 10);
    assert_eq!(fresh.export_json(at(40 * DAY)).unwrap(), exported);
    let again = fresh.import_json(&exported, at(41 * DAY)).unwrap();
    assert_eq!(
        again,
        ImportSummary {
            added: 0,
            updated: 0,
            unchanged: 10,
            removed: 0
        }
    );
    assert_eq!(fresh.export_json(at(40 * DAY)).unwrap(), exported);

    // A newer copy of a record wins; an older one does not.
    let mut doc = parse(&exported).unwrap();
    doc.runs[0].distance_m = 30_000;
    doc.runs[0].updated_at = at(45 * DAY);
    doc.races[0].name = "Older name".into();
    let counted = crate::session::check_kept(&doc.sessions).unwrap();
    let summary = fresh.import(&doc, &counted).unwrap();
    assert_eq!((summary.updated, summary.unchanged), (1, 9));
    assert_eq!(fresh.recent_runs(5).unwrap()[1].distance_m, 30_000);
    assert_eq!(fresh.races().unwrap()[0].name, "Autumn Marathon");
}

#[test]
fn a_bad_import_names_the_problem_and_changes_nothing() {
    let (_dir, _path, store) = journal();
    fill(&store);
    let good = store.export_json(at(40 * DAY)).unwrap();
    let (_dir2, _path2, target) = journal();
    target
        .add_run(&run(0, 12, RunKind::Easy), at(100), "UTC")
        .unwrap();
    let before = target.export_json(at(0)).unwrap();

    let expect = |text: &str, field: &str| match target.import_json(text, at(40 * DAY)) {
        Err(StoreError::Invalid(e)) => {
            assert_eq!(e.field, field, "{}", e.message);
        }
        other => panic!("expected invalid {field}, got {other:?}"),
    };
    expect("not json", "file");
    expect(r#"{"format":"something-else","version":1}"#, "format");
    assert!(
        matches!(
            target.import_json(
                &good.replacen("\"version\": 2", "\"version\": 9", 1),
                at(40 * DAY)
            ),
            Err(StoreError::IncompatibleVersion {
                found: 9,
                supported: 2
            })
        ),
        "a newer export is its own error, so the app can say: update"
    );
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
        f(&mut v);
        v.to_string()
    };
    expect(
        &edit(&|v| v["runs"][1]["distance_m"] = 5_000_000.into()),
        "runs[1].distance_m",
    );
    expect(
        &edit(&|v| v["soreness"][0]["level"] = 12.into()),
        "soreness[0].level",
    );
    expect(
        &edit(&|v| v["soreness"][0]["zone"] = "ear".into()),
        "soreness[0].zone",
    );
    expect(
        &edit(&|v| v["soreness"][0]["run_id"] = "00000000-0000-4000-8000-00000000dead".into()),
        "soreness[0].run_id",
    );
    expect(
        &edit(&|v| v["races"][0]["id"] = "not-a-uuid".into()),
        "races[0].id",
    );
    expect(
        &edit(&|v| v["runs"][1]["id"] = v["runs"][0]["id"].clone()),
        "runs[1].id",
    );
    expect(
        &edit(&|v| v["sessions"][0]["status"] = "active".into()),
        "sessions[0].status",
    );
    expect(
        &edit(&|v| v["sessions"][0]["events"][2]["event"] = "pause".into()),
        "sessions[0].events",
    );
    expect(
        &edit(&|v| v["downtime"][0]["updated_at"] = "1969-12-31T00:00:00Z".into()),
        "downtime[0].updated_at",
    );
    expect(
        &edit(&|v| v["settings"]["settings"]["daily_minutes"] = 99.into()),
        "settings[0].daily_minutes",
    );
    expect(
        &edit(&|v| v["bodywork"][0]["surprise"] = true.into()),
        "bodywork[0].surprise",
    );
    assert_eq!(target.export_json(at(0)).unwrap(), before);
}

#[test]
fn csv_exports_quote_what_needs_quoting() {
    let (_dir, _path, store) = journal();
    fill(&store);
    // A run from a watch: what it measured is in the last two columns.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let fit = std::fs::read(root.join("tests/fixtures/runs/long-run-28k.fit")).unwrap();
    let mut batch = crate::activity::Batch::new();
    batch.add_file("long-run-28k.fit", &fit);
    let watch = store.import_runs(&batch.runs, at(60 * DAY), "UTC").unwrap();
    assert_eq!(watch.added, 1);
    let runs = store.runs_csv().unwrap();
    let mut lines = runs.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("id,started_at,distance_km,duration_min,kind,long_run,cadence_spm,elevation_gain_m")
    );
    let (imported, typed): (Vec<&str>, Vec<&str>) = lines
        .filter(|l| !l.is_empty())
        .partition(|l| l.starts_with(&watch.run_ids[0]));
    assert_eq!(
        imported,
        [format!(
            "{},2026-03-15T08:00:00+00:00,28.000,150.00,long,true,175,312",
            watch.run_ids[0]
        )]
    );
    // Typed by hand: no cadence, no elevation gain (empty, not 0).
    assert!(
        typed[0].ends_with(",28.000,154.00,long,true,,"),
        "{}",
        typed[0]
    );
    let soreness = store.soreness_csv().unwrap();
    assert!(soreness.contains(",calves,left,6,"));
    assert!(soreness.contains("\"tight, \"\"knotty\"\", after the hills\""));
}

#[test]
fn daily_backups_rotate_and_restore() {
    let (_dir, _path, store) = journal();
    store
        .add_run(&run(0, 10, RunKind::Easy), at(10), "UTC")
        .unwrap();
    for day in 0..9 {
        assert!(store.backup_if_due(at(day * DAY)).unwrap().is_some());
        assert!(
            store.backup_if_due(at(day * DAY + 60)).unwrap().is_none(),
            "one a day"
        );
    }
    let backups = store.backups().unwrap();
    assert_eq!(
        backups
            .iter()
            .filter(|b| b.kind == BackupKind::Daily)
            .count(),
        7
    );
    let oldest_kept = backups.iter().map(|b| b.id.clone()).min().unwrap();
    assert!(oldest_kept.ends_with(&format!("{}.db", at(2 * DAY).date_naive())));

    store
        .add_run(&run(DAY, 20, RunKind::Long), at(DAY), "UTC")
        .unwrap();
    let newest = &backups[0].id;
    let kept = store.restore_backup(newest, at(10 * DAY)).unwrap();
    assert_eq!(kept.kind, BackupKind::PreRestore);
    assert_eq!(store.recent_runs(5).unwrap().len(), 1, "back to the backup");
    // The journal as it was before the restore is itself a backup.
    store.restore_backup(&kept.id, at(10 * DAY + 1)).unwrap();
    assert_eq!(store.recent_runs(5).unwrap().len(), 2);
    for bad in ["../fascia.db", "fascia.db", "daily-1999-01-01.db"] {
        assert!(matches!(
            store.restore_backup(bad, at(11 * DAY)),
            Err(StoreError::NotFound { .. })
        ));
    }
}

fn write_garbage(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_journal_is_kept_and_the_newest_good_backup_is_offered() {
    let (dir, path, store) = journal();
    store
        .add_run(&run(0, 10, RunKind::Easy), at(10), "UTC")
        .unwrap();
    let backup = store.backup_if_due(at(DAY)).unwrap().unwrap();
    drop(store);
    // Destroy the header page: the file is no longer a database.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..100].copy_from_slice(&[0x5a; 100]);
    write_garbage(&path, &bytes);
    let _ = std::fs::remove_file(dir.path().join("fascia.db-wal"));
    match Store::opened(&path) {
        Err(StoreError::Damaged { newest_backup, .. }) => {
            assert_eq!(newest_backup, Some(backup.id.clone()))
        }
        other => panic!("expected damaged, got {other:?}"),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the damaged file is left as it was"
    );
    let store = Store::restore_damaged(
        &path,
        &backup.id,
        crate::zones::Catalog::embedded().unwrap(),
        crate::session::counts_as_done,
    )
    .unwrap();
    assert_eq!(store.recent_runs(5).unwrap().len(), 1);
    assert_eq!(
        std::fs::read(dir.path().join("fascia.db.damaged")).unwrap(),
        bytes,
        "kept aside"
    );

    // A file that was never a database at all.
    let other = dir.path().join("notes.db");
    write_garbage(
        &other,
        b"shopping list: foam roller, lacrosse ball, electrolytes, more electrolytes",
    );
    match Store::opened(&other) {
        Err(StoreError::Damaged {
            newest_backup: None,
            ..
        }) => {}
        other => panic!("expected damaged, got {other:?}"),
    }
    assert!(std::fs::read(&other).unwrap().starts_with(b"shopping list"));
}

/// An upgrade that fails (or is killed) and is tried again keeps one copy of the journal per
/// version, the newest; the numbered copies an earlier release made of that version go once it is
/// taken. Otherwise every attempt would add a full copy of the journal, until the storage is full.
#[test]
fn upgrades_tried_again_keep_one_copy_per_version() {
    use super::schema::{Migration, MIGRATIONS};
    let (dir, path, store) = journal();
    store
        .add_run(&run(0, 10, RunKind::Easy), at(10), "UTC")
        .unwrap();
    drop(store);
    let backups = dir.path().join("fascia.db.backups");
    std::fs::create_dir_all(&backups).unwrap();
    for n in 2..=4 {
        let earlier = backups.join(format!("pre-migration-v{SCHEMA_VERSION}-{n}.db"));
        std::fs::write(earlier, b"a copy an earlier release made").unwrap();
    }
    let failing: Vec<Migration> = MIGRATIONS
        .iter()
        .copied()
        .chain([Migration::Sql("NOT SQL AT ALL")])
        .collect();
    for _ in 0..3 {
        assert!(Store::open_with(
            &path,
            &failing,
            None,
            crate::zones::Catalog::embedded().unwrap(),
            crate::session::counts_as_done
        )
        .is_err());
    }
    let mut copies: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("pre-migration-"))
        .collect();
    copies.sort();
    assert_eq!(copies, [format!("pre-migration-v{SCHEMA_VERSION}.db")]);
    // It is the journal as it was, whole.
    let copy = Store::opened(backups.join(&copies[0])).unwrap();
    assert_eq!(copy.recent_runs(5).unwrap().len(), 1);
}

#[test]
fn a_journal_from_a_newer_version_is_refused_untouched() {
    let (_dir, path, store) = journal();
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        Store::opened(&path).unwrap_err(),
        StoreError::IncompatibleVersion { found, supported }
            if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn ui_and_background_threads_write_at_once_without_locking_errors() {
    let (_dir, path, store) = journal();
    let store = Arc::new(store);
    // A second connection to the same file, as a background worker process would have.
    let other = Arc::new(Store::opened(&path).unwrap());
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let s = if t % 2 == 0 {
                Arc::clone(&store)
            } else {
                Arc::clone(&other)
            };
            std::thread::spawn(move || {
                for i in 0..100 {
                    let zone = ["calves", "glutes", "hamstrings", "quadriceps"][t];
                    s.add_soreness(
                        &[sore(zone, Side::Left, (i % 11) as u8, i64::from(i))],
                        at(1000),
                        "UTC",
                    )
                    .unwrap();
                    s.soreness_series(zone, at(0), at(1000)).unwrap();
                    s.recent_runs(3).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(store.soreness_between(at(0), at(1000)).unwrap().len(), 400);
}

mod mangled_imports {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Where in the document to strike, and with what.
    #[derive(Debug, Clone)]
    enum Mangle {
        Replace(Vec<usize>, Value),
        Remove(Vec<usize>),
        Truncate(usize),
        FlipByte(usize, u8),
    }

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1e12f64..1e12).prop_map(Value::from),
            "[a-z0-9 :.-]{0,12}".prop_map(Value::from),
            Just(Value::from("2026-02-30T25:61:00Z")),
            Just(Value::from("00000000-0000-4000-8000-000000000000")),
            Just(Value::Array(vec![])),
            Just(serde_json::json!({})),
        ]
    }

    fn mangle() -> impl Strategy<Value = Mangle> {
        let path = prop::collection::vec(0..64usize, 1..5);
        prop_oneof![
            4 => (path.clone(), value()).prop_map(|(p, v)| Mangle::Replace(p, v)),
            2 => path.prop_map(Mangle::Remove),
            1 => (0..100_000usize).prop_map(Mangle::Truncate),
            1 => (0..100_000usize, any::<u8>()).prop_map(|(i, b)| Mangle::FlipByte(i, b)),
        ]
    }

    /// Follows `path` (each step picks a child by index, wrapping) and applies `f` to the parent
    /// and the chosen key or index.
    fn strike(doc: &mut Value, path: &[usize], f: &dyn Fn(&mut Value, &str, usize)) {
        let (&step, rest) = path.split_first().expect("non-empty path");
        let key = match doc {
            Value::Object(map) if !map.is_empty() => map.keys().nth(step % map.len()).cloned(),
            _ => None,
        };
        let len = match doc {
            Value::Array(items) => items.len(),
            _ => 0,
        };
        if rest.is_empty() || (key.is_none() && len == 0) {
            f(
                doc,
                key.as_deref().unwrap_or(""),
                if len > 0 { step % len } else { 0 },
            );
            return;
        }
        let child = match (doc, key) {
            (Value::Object(map), Some(k)) => map.get_mut(&k),
            (Value::Array(items), None) => items.get_mut(step % len),
            _ => None,
        };
        if let Some(child) = child {
            strike(child, rest, f);
        }
    }

    fn apply(good: &str, m: &Mangle) -> String {
        let mut doc: Value = match serde_json::from_str(good) {
            Ok(doc) => doc,
            // An earlier mangle broke the JSON: only byte-level mangles still apply.
            Err(_) if matches!(m, Mangle::Truncate(_) | Mangle::FlipByte(..)) => Value::Null,
            Err(_) => return good.to_owned(),
        };
        match m {
            Mangle::Replace(path, v) => strike(&mut doc, path, &|parent, key, i| match parent {
                Value::Object(map) if !key.is_empty() => {
                    map.insert(key.to_owned(), v.clone());
                }
                Value::Array(items) if !items.is_empty() => items[i] = v.clone(),
                _ => {}
            }),
            Mangle::Remove(path) => strike(&mut doc, path, &|parent, key, i| match parent {
                Value::Object(map) => {
                    map.remove(key);
                }
                Value::Array(items) if !items.is_empty() => {
                    items.remove(i);
                }
                _ => {}
            }),
            Mangle::Truncate(n) => return good[..(*n).min(good.len())].to_owned(),
            Mangle::FlipByte(i, b) => {
                let mut bytes = good.as_bytes().to_vec();
                let i = i % bytes.len();
                bytes[i] = *b;
                return String::from_utf8_lossy(&bytes).into_owned();
            }
        }
        doc.to_string()
    }

    fn good_export() -> &'static str {
        static GOOD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        GOOD.get_or_init(|| {
            let (_dir, _path, source) = journal();
            fill(&source);
            source.export_json(at(40 * DAY)).unwrap()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// Import never panics, and a file it refuses changes nothing.
        #[test]
        fn mangled_files_are_refused_cleanly_or_merged(mangles in prop::collection::vec(mangle(), 1..4)) {
            let good = good_export();
            let (_dir2, _path2, target) = journal();
            target.add_run(&run(5, 9, RunKind::Workout), at(100), "UTC").unwrap();
            let mut text = good.to_owned();
            for m in &mangles {
                text = apply(&text, m);
            }
            let before = target.export_json(at(0)).unwrap();
            match target.import_json(&text, at(40 * DAY)) {
                Ok(_) => {
                    // Whatever was accepted must export and import again cleanly.
                    let again = target.export_json(at(0)).unwrap();
                    let (_dir3, _path3, third) = journal();
                    third.import_json(&again, at(40 * DAY)).unwrap();
                }
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty());
                    prop_assert_eq!(target.export_json(at(0)).unwrap(), before);
                }
            }
        }
    }
}

#[path = "../../tests/common/golden.rs"]
mod golden;

/// The sample exports in `tests/vectors/` are formats as shipped: version 1 (frozen) must keep
/// importing record for record, version 2 exactly to the byte. The version 2 sample is a golden
/// file, rewritten from a filled journal only for a deliberate change (docs/architecture.md,
/// "Golden files").
#[test]
fn the_sample_exports_still_import_exactly() {
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let v2 = vectors.join("export-v2.json");
    let text = golden::expected(&v2, || {
        let (_dir, _path, store) = journal();
        fill(&store);
        let run = store
            .add_run(&run(3 * DAY, 5, RunKind::Easy), at(3 * DAY + 2000), "UTC")
            .unwrap();
        store.delete_run(&run.id, at(3 * DAY + 4000)).unwrap();
        store.export_json(at(40 * DAY)).unwrap() + "\n"
    });
    let exported_at = parse(&text).unwrap().exported_at;
    let (_dir, _path, store) = journal();
    store.import_json(&text, exported_at).unwrap();
    assert_eq!(store.export_json(exported_at).unwrap() + "\n", text);
    assert_eq!(parse(&text).unwrap().deleted.len(), 1);

    let v1 = std::fs::read_to_string(vectors.join("export-v1.json")).unwrap();
    let old = parse(&v1).unwrap();
    let (_dir, _path, store) = journal();
    store.import_json(&v1, old.exported_at).unwrap();
    let again = store.export(old.exported_at).unwrap();
    assert_eq!(again.version, 2);
    assert_eq!(
        Export {
            version: 1,
            ..again
        },
        old,
        "every record of the version 1 file, read back"
    );
}

/// `docs/export.schema.json` describes exactly what the store writes.
#[test]
fn exports_match_the_published_json_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("docs/export.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_dir, _path, store) = journal();
    fill(&store);
    // A warm-up, a move left out for a resting hamstring, abandoned.
    let mut warm = RoutineRequest::new(RoutineKind::WarmUp);
    warm.rest = vec![crate::routine::RestZone {
        zone: "hamstrings".into(),
        side: Side::Left,
        why: crate::routine::Omission::Rest,
    }];
    let warm = build(Catalog::embedded().unwrap(), &warm).unwrap();
    assert!(!warm.omitted.is_empty());
    let w = store.start(warm, at(49 * DAY)).unwrap();
    store
        .record_event(&w.id, Event::Abort, at(49 * DAY + 60))
        .unwrap();
    store.start(daily(), at(50 * DAY)).unwrap();
    // A run imported from a watch, with its source and what it measured.
    let fit = std::fs::read(root.join("tests/fixtures/runs/long-run-28k.fit")).unwrap();
    let mut batch = crate::activity::Batch::new();
    batch.add_file("long-run-28k.fit", &fit);
    let imported = store.import_runs(&batch.runs, at(60 * DAY), "UTC").unwrap();
    assert_eq!(imported.added, 1);
    let sample: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/vectors/export-v1.json")).unwrap(),
    )
    .unwrap();
    let sample2: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/vectors/export-v2.json")).unwrap(),
    )
    .unwrap();
    let fresh: serde_json::Value =
        serde_json::from_str(&store.export_json(at(60 * DAY)).unwrap()).unwrap();
    for doc in [&sample, &sample2, &fresh] {
        let errors: Vec<String> = validator
            .iter_errors(doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    assert!(fresh["runs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["source"] == "fit" && r["cadence_spm"] == 175));
    let mut extra = fresh.clone();
    extra["runs"][0]["pace"] = 5.into();
    assert!(!validator.is_valid(&extra));
}
