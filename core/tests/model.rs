//! A model of the journal that looks for ways to lose data by itself (stateful property test,
//! `proptest-state-machine`).
//!
//! Random sequences of adds, edits and deletes (runs, soreness, races), guided sessions, exports
//! and imports (of the journal's own earlier exports too), backups, restores, reopening, starting
//! from every past schema's fixture, while the phone's clock moves forwards and backwards by
//! minutes to centuries. After every step, against a plain in-memory model:
//!
//! - no acknowledged write is lost: every record the model holds reads back as written, and
//!   every deleted one stays deleted;
//! - every export imports into an empty journal and exports again identically, and importing it
//!   into the journal itself changes nothing;
//! - a backup holds exactly what was acknowledged when it was taken; a restore keeps a copy that
//!   holds exactly what was there before it;
//! - a launch with a wrong clock never deletes a backup taken on a real day;
//! - no leftover file (`.part`, `-journal`) stays beside the journal or in its backups folder.
//!
//! `FASCIA_MODEL_CASES` sets the number of sequences (default 12, each of up to 40 steps; a long
//! run: `FASCIA_MODEL_CASES=2000 cargo test -p fascia-core --release --test model`). Shrunk
//! failures are kept in `model.proptest-regressions` and replayed first.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, Utc};
use fascia_core::model::{BackupKind, NewRace, NewRun, NewSoreness, RacePriority, RunKind};
use fascia_core::routine::Side;
use fascia_core::time::{self, Tz};
use fascia_core::timer::Event;
use fascia_core::{ErrorKind, Journal};
use proptest::prelude::*;
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};

const ZONES: [&str; 4] = ["calves", "it-band", "glutes", "thoracic-spine"];
/// The real time the sequence starts at.
const START: i64 = 1_798_000_000; // 2026-12-23
/// The phone's clock stays within the dates the journal accepts.
const EARLIEST: i64 = 31_600_000; // 1971
const LATEST: i64 = 7_258_000_000; // 2199-12

fn instant(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap()
}

fn tz() -> Tz {
    time::zone("Europe/Berlin").unwrap()
}

// ---- the reference: what can happen -------------------------------------------------------

/// Where a sequence starts: an empty journal, or a journal written by an earlier release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Empty,
    Fixture(&'static str),
}

#[derive(Debug, Clone)]
enum Step {
    /// Real time passes (hours).
    Wait(i64),
    /// The phone's clock goes wrong by this many seconds (either way).
    WrongClock(i64),
    /// The phone's clock is right again.
    FixClock,
    AddRun {
        hours_ago: i64,
        km: u32,
        race: bool,
    },
    EditRun {
        pick: usize,
        km: u32,
    },
    DeleteRun {
        pick: usize,
    },
    AddSoreness {
        zone: usize,
        side: usize,
        level: u8,
        hours_ago: i64,
    },
    EditSoreness {
        pick: usize,
        level: u8,
    },
    DeleteSoreness {
        pick: usize,
    },
    AddRace {
        days_ahead: i64,
    },
    DeleteRace {
        pick: usize,
    },
    /// A guided session, held through or skipped through, finished.
    Session {
        held: bool,
    },
    /// The launch's daily backup.
    Backup,
    /// Restore one of the backups the model knows the content of.
    Restore {
        pick: usize,
    },
    /// Import one of the journal's own earlier exports.
    ImportEarlier {
        pick: usize,
    },
    /// Close and open the journal again (an app relaunch).
    Reopen,
}

#[derive(Debug, Clone)]
struct Plan {
    start: Start,
    /// Real clock and the phone's error, seconds.
    real: i64,
    skew: i64,
    /// Records added so far of each kind (steps pick among them by number).
    runs: usize,
    soreness: usize,
    races: usize,
    exports: usize,
}

struct Reference;

impl ReferenceStateMachine for Reference {
    type State = Plan;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Plan> {
        prop_oneof![
            3 => Just(Start::Empty),
            1 => Just(Start::Fixture("journal-v1.db")),
            1 => Just(Start::Fixture("journal-v2.db")),
            1 => Just(Start::Fixture("journal-v3.db")),
        ]
        .prop_map(|start| Plan {
            start,
            real: START,
            skew: 0,
            runs: 0,
            soreness: 0,
            races: 0,
            exports: 0,
        })
        .boxed()
    }

    fn transitions(plan: &Plan) -> BoxedStrategy<Step> {
        let pick = 0..64usize;
        let wrong = prop_oneof![
            (-600i64..600).prop_map(|m| m * 60),
            (-72i64..72).prop_map(|h| h * 3600),
            (-400i64..400).prop_map(|d| d * 86_400),
            (-200i64..200).prop_map(|y| y * 365 * 86_400),
        ];
        let mut steps = vec![
            (2, (1i64..40).prop_map(Step::Wait).boxed()),
            (2, wrong.prop_map(Step::WrongClock).boxed()),
            (1, Just(Step::FixClock).boxed()),
            (
                3,
                (0i64..48, 1u32..45, prop::bool::weighted(0.2))
                    .prop_map(|(hours_ago, km, race)| Step::AddRun {
                        hours_ago,
                        km,
                        race,
                    })
                    .boxed(),
            ),
            (
                3,
                (0..ZONES.len(), 0..3usize, 0u8..=10, 0i64..24)
                    .prop_map(|(zone, side, level, hours_ago)| Step::AddSoreness {
                        zone,
                        side,
                        level,
                        hours_ago,
                    })
                    .boxed(),
            ),
            (
                1,
                (1i64..300)
                    .prop_map(|days_ahead| Step::AddRace { days_ahead })
                    .boxed(),
            ),
            (
                2,
                any::<bool>()
                    .prop_map(|held| Step::Session { held })
                    .boxed(),
            ),
            (2, Just(Step::Backup).boxed()),
            (
                1,
                pick.clone().prop_map(|pick| Step::Restore { pick }).boxed(),
            ),
            (1, Just(Step::Reopen).boxed()),
        ];
        if plan.runs > 0 {
            steps.push((
                2,
                (pick.clone(), 1u32..45)
                    .prop_map(|(pick, km)| Step::EditRun { pick, km })
                    .boxed(),
            ));
            steps.push((
                1,
                pick.clone()
                    .prop_map(|pick| Step::DeleteRun { pick })
                    .boxed(),
            ));
        }
        if plan.soreness > 0 {
            steps.push((
                1,
                (pick.clone(), 0u8..=10)
                    .prop_map(|(pick, level)| Step::EditSoreness { pick, level })
                    .boxed(),
            ));
            steps.push((
                1,
                pick.clone()
                    .prop_map(|pick| Step::DeleteSoreness { pick })
                    .boxed(),
            ));
        }
        if plan.races > 0 {
            steps.push((
                1,
                pick.clone()
                    .prop_map(|pick| Step::DeleteRace { pick })
                    .boxed(),
            ));
        }
        if plan.exports > 0 {
            steps.push((
                1,
                pick.prop_map(|pick| Step::ImportEarlier { pick }).boxed(),
            ));
        }
        prop::strategy::Union::new_weighted(steps).boxed()
    }

    fn preconditions(plan: &Plan, step: &Step) -> bool {
        match step {
            // The phone's clock stays within the dates the journal keeps.
            Step::WrongClock(by) => (EARLIEST..LATEST).contains(&(plan.real + by)),
            _ => true,
        }
    }

    fn apply(mut plan: Plan, step: &Step) -> Plan {
        match step {
            Step::Wait(h) => plan.real += h * 3600,
            Step::WrongClock(by) => plan.skew = *by,
            Step::FixClock => plan.skew = 0,
            Step::AddRun { .. } => plan.runs += 1,
            Step::AddSoreness { .. } => plan.soreness += 1,
            Step::AddRace { .. } => plan.races += 1,
            // Every step is followed by an export (kept for `ImportEarlier`).
            _ => {}
        }
        plan.exports += 1;
        plan
    }
}

// ---- the system under test and its plain model --------------------------------------------

/// What the model expects of one record, by the number the sequence gave it.
#[derive(Debug, Clone, PartialEq)]
enum Record {
    Run(NewRun),
    Soreness(NewSoreness),
    Race(NewRace),
}

/// The plain in-memory model: each record added, by its number, with its id, and whether it is
/// still there.
#[derive(Debug, Clone, Default, PartialEq)]
struct Expected {
    records: BTreeMap<(u8, usize), (String, Option<Record>)>,
}

struct Real {
    /// Removed with the sequence.
    _dir: tempfile::TempDir,
    path: PathBuf,
    journal: Option<Journal>,
    expected: Expected,
    /// What each backup the journal took holds (by its id).
    backups: BTreeMap<String, Expected>,
    /// Backups taken while the clock was right.
    real_backups: BTreeSet<String>,
    /// Every export so far, with what it held.
    exports: Vec<(String, Expected)>,
    /// How many exports there were at the last restore.
    restored_at: usize,
    counters: [usize; 3],
    race_names: usize,
}

impl Real {
    fn j(&self) -> &Journal {
        self.journal.as_ref().unwrap()
    }
}

fn now(plan: &Plan) -> DateTime<Utc> {
    instant((plan.real + plan.skew).clamp(EARLIEST, LATEST))
}

fn pick_alive(expected: &Expected, kind: u8, pick: usize) -> Option<(u8, usize)> {
    let alive: Vec<(u8, usize)> = expected
        .records
        .iter()
        .filter(|((k, _), (_, r))| *k == kind && r.is_some())
        .map(|(key, _)| *key)
        .collect();
    (!alive.is_empty()).then(|| alive[pick % alive.len()])
}

struct Test;

impl StateMachineTest for Test {
    type SystemUnderTest = Real;
    type Reference = Reference;

    fn init_test(plan: &Plan) -> Real {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        if let Start::Fixture(name) = plan.start {
            let from = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../tests/fixtures")
                .join(name);
            std::fs::copy(from, &path).unwrap();
        }
        let journal = Journal::open(&path, tz()).unwrap();
        Real {
            _dir: dir,
            path,
            journal: Some(journal),
            expected: Expected::default(),
            backups: BTreeMap::new(),
            real_backups: BTreeSet::new(),
            exports: Vec::new(),
            restored_at: 0,
            counters: [0; 3],
            race_names: 0,
        }
    }

    fn apply(mut real: Real, plan: &Plan, step: Step) -> Real {
        let now = now(plan);
        match step {
            Step::Wait(_) | Step::WrongClock(_) | Step::FixClock => {}
            Step::AddRun {
                hours_ago,
                km,
                race,
            } => {
                let run = NewRun {
                    started_at: now - TimeDelta::hours(hours_ago),
                    distance_m: km * 1000,
                    duration_s: km * 330,
                    kind: if race { RunKind::Race } else { RunKind::Easy },
                };
                let stored = real.j().add_run(&run, now).unwrap();
                add(&mut real, 0, stored.id, Record::Run(run));
            }
            Step::EditRun { pick, km } => {
                if let Some(key) = pick_alive(&real.expected, 0, pick) {
                    let (id, Some(Record::Run(old))) = real.expected.records[&key].clone() else {
                        unreachable!()
                    };
                    let run = NewRun {
                        distance_m: km * 1000,
                        ..old
                    };
                    // An edit with the clock far behind the run's start is refused (a run cannot
                    // start in the future); refused, it changes nothing.
                    match real.j().update_run(&id, &run, now) {
                        Ok(_) => set(&mut real, key, Some(Record::Run(run))),
                        Err(e) => assert_eq!(e.kind(), ErrorKind::BadInput, "{e}"),
                    }
                }
            }
            Step::DeleteRun { pick } => delete(&mut real, 0, pick, now),
            Step::AddSoreness {
                zone,
                side,
                level,
                hours_ago,
            } => {
                let entry = NewSoreness {
                    zone: ZONES[zone].into(),
                    // The upper back has no sides.
                    side: match ZONES[zone] {
                        "thoracic-spine" => Side::Both,
                        _ => [Side::Both, Side::Left, Side::Right][side],
                    },
                    level,
                    at: now - TimeDelta::hours(hours_ago),
                    run_id: None,
                    note: None,
                };
                let stored = real
                    .j()
                    .add_soreness(std::slice::from_ref(&entry), now)
                    .unwrap();
                add(&mut real, 1, stored[0].id.clone(), Record::Soreness(entry));
            }
            Step::EditSoreness { pick, level } => {
                if let Some(key) = pick_alive(&real.expected, 1, pick) {
                    let (id, Some(Record::Soreness(old))) = real.expected.records[&key].clone()
                    else {
                        unreachable!()
                    };
                    let entry = NewSoreness { level, ..old };
                    match real.j().update_soreness(&id, &entry, now) {
                        Ok(_) => set(&mut real, key, Some(Record::Soreness(entry))),
                        Err(e) => assert_eq!(e.kind(), ErrorKind::BadInput, "{e}"),
                    }
                }
            }
            Step::DeleteSoreness { pick } => delete(&mut real, 1, pick, now),
            Step::AddRace { days_ahead } => {
                real.race_names += 1;
                let race = NewRace {
                    name: format!("Race {}", real.race_names),
                    date: time::local_date(tz(), now) + TimeDelta::days(days_ahead),
                    distance_m: Some(21_097),
                    priority: RacePriority::B,
                };
                match real.j().add_race(&race, now) {
                    Ok(stored) => add(&mut real, 2, stored.id, Record::Race(race)),
                    // Past the dates the journal keeps (a clock near 2200).
                    Err(e) => assert_eq!(e.kind(), ErrorKind::BadInput, "{e}"),
                }
            }
            Step::DeleteRace { pick } => delete(&mut real, 2, pick, now),
            Step::Session { held } => session(&mut real, now, held),
            Step::Backup => backup(&mut real, plan, now),
            Step::Restore { pick } => restore(&mut real, pick, now),
            Step::ImportEarlier { pick } => {
                // Exports from before the last restore hold records the restore took away: an
                // import brings those back, as it should. Those since then bring nothing new.
                let since = &real.exports[real.restored_at..];
                if since.is_empty() {
                    return real;
                }
                let (text, _) = since[pick % since.len()].clone();
                let summary = real.j().import_json(&text, now).unwrap_or_else(|e| {
                    panic!("the journal's own earlier export was refused: {e}")
                });
                // An earlier export of this journal brings nothing newer than what is here.
                assert_eq!(
                    (summary.added, summary.updated, summary.removed),
                    (0, 0, 0),
                    "an earlier export changed the journal: {summary:?}"
                );
            }
            Step::Reopen => {
                real.journal = None;
                real.journal = Some(Journal::open(&real.path, tz()).unwrap());
            }
        }
        let text = real.j().export_json(now).unwrap();
        let expected = real.expected.clone();
        real.exports.push((text, expected));
        real
    }

    fn check_invariants(real: &Real, plan: &Plan) {
        let now = now(plan);
        let j = real.j();
        // No acknowledged write lost; deleted records stay deleted.
        for (id, record) in real.expected.records.values() {
            check_record(j, id, record.as_ref());
        }
        // Every export imports into an empty journal and round-trips.
        let text = &j.export_json(now).unwrap();
        let copy_dir = tempfile::tempdir().unwrap();
        let copy = Journal::open(copy_dir.path().join("copy.db"), tz()).unwrap();
        copy.import_json(text, now)
            .unwrap_or_else(|e| panic!("the journal's export was refused on import: {e}"));
        assert_eq!(
            &copy.export_json(now).unwrap(),
            text,
            "export → import → export differs"
        );
        // Importing it into the journal itself changes nothing.
        let summary = j.import_json(text, now).unwrap();
        assert_eq!((summary.added, summary.updated, summary.removed), (0, 0, 0));
        // No backup of a real day deleted while the clock was wrong (checked in `backup`), and
        // no leftovers.
        leftovers(&real.path, &j.backup_dir());
    }
}

fn add(real: &mut Real, kind: u8, id: String, record: Record) {
    let n = real.counters[kind as usize];
    real.counters[kind as usize] += 1;
    real.expected.records.insert((kind, n), (id, Some(record)));
}

fn set(real: &mut Real, key: (u8, usize), record: Option<Record>) {
    if let Some(entry) = real.expected.records.get_mut(&key) {
        entry.1 = record;
    }
}

fn delete(real: &mut Real, kind: u8, pick: usize, now: DateTime<Utc>) {
    let Some(key) = pick_alive(&real.expected, kind, pick) else {
        return;
    };
    let id = real.expected.records[&key].0.clone();
    let j = real.j();
    match kind {
        0 => j.delete_run(&id, now),
        1 => j.delete_soreness(&id, now),
        _ => j.delete_race(&id, now),
    }
    .unwrap();
    set(real, key, None);
}

fn check_record(j: &Journal, id: &str, record: Option<&Record>) {
    match record {
        Some(Record::Run(r)) => {
            let got = j.run(id).unwrap_or_else(|e| panic!("run {id} lost: {e}"));
            assert_eq!(
                (got.started_at, got.distance_m, got.duration_s, got.kind),
                (r.started_at, r.distance_m, r.duration_s, r.kind),
                "run {id}"
            );
        }
        Some(Record::Soreness(s)) => {
            let got = j
                .soreness_entry(id)
                .unwrap_or_else(|e| panic!("soreness {id} lost: {e}"));
            assert_eq!(
                (&got.zone, got.side, got.level, got.at),
                (&s.zone, s.side, s.level, s.at),
                "soreness {id}"
            );
        }
        Some(Record::Race(r)) => {
            let got = j.race(id).unwrap_or_else(|e| panic!("race {id} lost: {e}"));
            assert_eq!((&got.name, got.date), (&r.name, r.date), "race {id}");
        }
        None => {
            // Deleted: gone, whatever kind it was.
            let gone = [
                j.run(id).err(),
                j.soreness_entry(id).err(),
                j.race(id).err(),
            ];
            assert!(
                gone.iter()
                    .all(|e| e.as_ref().is_some_and(|e| e.kind() == ErrorKind::NotFound)),
                "deleted record {id} came back"
            );
        }
    }
}

fn session(real: &mut Real, now: DateTime<Utc>, held: bool) {
    let j = real.j();
    // One left from an earlier step (a kill between steps is the crash harness's job) is closed.
    if let Some(s) = j.active_session(now).unwrap() {
        let _ = s.record(Event::Abort, now);
    }
    let routine = j.todays_routine(now, None).unwrap();
    let total = i64::from(routine.total_s);
    let s = j.start_session(routine, now).unwrap();
    if held {
        s.record(Event::Finish, now + TimeDelta::seconds(total))
            .unwrap();
    } else {
        let n = s.routine().steps.len();
        for i in 0..n {
            s.record(Event::Skip, now + TimeDelta::seconds(i as i64))
                .unwrap();
        }
        s.record(Event::Finish, now + TimeDelta::seconds(n as i64))
            .unwrap();
    }
    assert_eq!(s.counts_as_done(), held);
}

fn backup(real: &mut Real, plan: &Plan, now: DateTime<Utc>) {
    let j = real.j();
    let before: BTreeSet<String> = j.backups().unwrap().into_iter().map(|b| b.id).collect();
    let taken = j.backup_if_due(now).unwrap();
    let after: BTreeSet<String> = j.backups().unwrap().into_iter().map(|b| b.id).collect();
    if let Some(b) = taken {
        real.backups.insert(b.id.clone(), real.expected.clone());
        if plan.skew == 0 {
            real.real_backups.insert(b.id);
        }
    }
    if plan.skew != 0 {
        let lost: Vec<&String> = before
            .iter()
            .filter(|b| real.real_backups.contains(*b) && !after.contains(*b))
            .collect();
        assert!(
            lost.is_empty(),
            "a launch with the clock {} s off deleted real backups {lost:?}",
            plan.skew
        );
    }
}

fn restore(real: &mut Real, pick: usize, now: DateTime<Utc>) {
    let j = real.j();
    let listed: Vec<String> = j
        .backups()
        .unwrap()
        .into_iter()
        .filter(|b| b.kind != BackupKind::PreMigration && real.backups.contains_key(&b.id))
        .map(|b| b.id)
        .collect();
    if listed.is_empty() {
        return;
    }
    let id = &listed[pick % listed.len()];
    let before = real.expected.clone();
    let export_before = j.export_json(now).unwrap();
    let kept = j.restore_backup(id, now).unwrap();
    assert_eq!(kept.kind, BackupKind::PreRestore);
    // The copy kept before the restore holds exactly what was there.
    let kept_dir = tempfile::tempdir().unwrap();
    let kept_path = kept_dir.path().join("kept.db");
    std::fs::copy(j.backup_dir().join(&kept.id), &kept_path).unwrap();
    let kept_journal = Journal::open(&kept_path, tz()).unwrap();
    assert_eq!(
        kept_journal.export_json(now).unwrap(),
        export_before,
        "the pre-restore copy {} lost something",
        kept.id
    );
    drop(kept_journal);
    real.expected = real.backups[id].clone();
    real.backups.insert(kept.id, before);
    real.restored_at = real.exports.len();
}

/// Nothing but the journal, its SQLite companions and finished backups.
fn leftovers(journal: &Path, backups: &Path) {
    for dir in [journal.parent().unwrap(), backups] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                !(name.ends_with(".part") || name.contains(".part.") || name.ends_with("-journal")),
                "leftover {name} in {}",
                dir.display()
            );
        }
    }
}

fn cases() -> u32 {
    std::env::var("FASCIA_MODEL_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

prop_state_machine! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 2000,
        .. ProptestConfig::default()
    })]

    #[test]
    fn the_journal_never_loses_an_acknowledged_write(sequential 1..40 => Test);
}
