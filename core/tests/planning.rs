//! Season planning, the adaptive routine, the 7-day calendar and the reminder engine.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone, Utc, Weekday};
use fascia_core::model::ReminderKind;
use fascia_core::model::{
    Bodywork, QuietHours, Race, RacePriority, Run, RunKind, Settings, Soreness,
};
use fascia_core::plan::{self, History, SeasonPlan};
use fascia_core::reminders::{self, HealthWarning, PhoneState, Reminder, ReminderInputs};
use fascia_core::routine::{Omission, Side};
use fascia_core::safety;
use fascia_core::time;
use fascia_core::time::Tz;
use fascia_core::vocab::ZoneId;
use fascia_core::zones::{Catalog, Tool};
use proptest::prelude::*;

const ZONES: [&str; 8] = [
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Pacific/Apia",
    "Africa/Casablanca",
];

fn catalog() -> &'static Catalog {
    Catalog::embedded().unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn empty_season() -> SeasonPlan {
    plan::season(
        catalog(),
        &[],
        &[],
        &Settings::default(),
        d(2026, 1, 1),
        time::zone("UTC").unwrap(),
    )
}

fn race(id: &str, name: &str, date: NaiveDate, priority: RacePriority) -> Race {
    Race {
        id: id.into(),
        name: name.into(),
        date,
        distance_m: Some(42_195),
        priority,
        created_at: utc("2026-12-01T00:00:00Z"),
        updated_at: utc("2026-12-01T00:00:00Z"),
    }
}

fn long_run(id: &str, at: &str, km: u32) -> Run {
    Run {
        id: id.into(),
        started_at: utc(at),
        distance_m: km * 1000,
        duration_s: km * 330,
        kind: RunKind::Long,
        time_zone: None,
        created_at: utc(at) + TimeDelta::hours(3),
        updated_at: utc(at) + TimeDelta::hours(3),
        source: None,
        source_id: None,
        cadence_spm: None,
        elevation_gain_m: None,
    }
}

fn sore(zone: &str, level: u8, at: &str, run: Option<&str>) -> Soreness {
    Soreness {
        id: format!("s-{zone}-{at}"),
        zone: zone.into(),
        side: Side::Both,
        level,
        at: utc(at),
        run_id: run.map(Into::into),
        note: None,
        time_zone: None,
        created_at: utc(at),
        updated_at: utc(at),
    }
}

fn in_quiet(q: QuietHours, t: NaiveTime) -> bool {
    if q.start < q.end {
        q.start <= t && t < q.end
    } else {
        t >= q.start || t < q.end
    }
}

fn quiet_strategy() -> impl Strategy<Value = Option<QuietHours>> {
    prop::option::of(
        (0..24u32, 0..24u32)
            .prop_filter("start and end differ", |(a, b)| a != b)
            .prop_map(|(a, b)| QuietHours {
                start: hm(a, 0),
                end: hm(b, 30),
            }),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Two years of daily reminders in zones with unusual rules: each falls on the chosen local
    /// wall time (or the first minute after a DST gap, or the end of quiet hours), once per day,
    /// sorted, unique, never in quiet hours, and the limit keeps the soonest.
    #[test]
    fn daily_reminders_keep_local_time_in_every_zone(
        zone in 0..ZONES.len(),
        start in 1_262_304_000i64..1_924_992_000,
        minute_of_day in 0..(24 * 60u32),
        quiet in quiet_strategy(),
        limit in 1..100usize,
    ) {
        let tz: Tz = time::zone(ZONES[zone]).unwrap();
        let now = DateTime::from_timestamp(start, 0).unwrap();
        let settings = Settings {
            reminder_time: hm(minute_of_day / 60, minute_of_day % 60),
            quiet_hours: quiet,
            weekly_report: None,
            ..Settings::default()
        };
        let season = empty_season();
        let done = BTreeSet::new();
        let inputs = ReminderInputs {
            now, tz, settings: &settings, season: &season, routine_done: &done, bodywork: &[],
            unrated_long_run: None,
            follow_up_run: None,
        };
        let all = reminders::plan(catalog(), &inputs, 730, usize::MAX);
        let mut ids = BTreeSet::new();
        let mut dates = BTreeSet::new();
        for pair in all.windows(2) {
            prop_assert!(pair[0].fire_at <= pair[1].fire_at);
        }
        for r in &all {
            prop_assert_eq!(r.kind, ReminderKind::DailyRoutine);
            prop_assert!(ids.insert(r.id.clone()), "duplicate {}", r.id);
            prop_assert!(r.fire_at > now && r.fire_at < now + TimeDelta::days(730));
            prop_assert_eq!(r.local, time::local_time(tz, r.fire_at));
            let date: NaiveDate = r.id.trim_start_matches("daily-routine:").parse().unwrap();
            prop_assert!(dates.insert(date));
            let wanted = date.and_time(settings.reminder_time);
            // chrono-tz is the oracle: an independent reading of the IANA rules. Its copy of the
            // database can be older than jiff's (Morocco's predicted Ramadan transitions move
            // between releases), so days on which the two disagree about the offset are skipped.
            let oracle: chrono_tz::Tz = tz.name().parse().unwrap();
            let day = time::start_of_day(tz, date);
            let agree = (0..=48).all(|h| {
                let t = day + TimeDelta::hours(h);
                oracle.offset_from_utc_datetime(&t.naive_utc()).fix() == tz.offset_at(t)
            });
            if !agree {
                continue;
            }
            let exists = !matches!(oracle.from_local_datetime(&wanted), chrono::LocalResult::None);
            if let Some(q) = quiet {
                prop_assert!(!in_quiet(q, r.local.time()), "{} fires in quiet hours at {}", r.id, r.local);
                // Gap rule first, then quiet hours: a time moved into quiet hours moves on again.
                if in_quiet(q, time::resolve(tz, date, settings.reminder_time).local.time()) {
                    continue;
                }
            }
            if exists {
                // The first occurrence of the wall time.
                let first = match oracle.from_local_datetime(&wanted) {
                    chrono::LocalResult::Single(t) => t,
                    chrono::LocalResult::Ambiguous(a, _) => a,
                    chrono::LocalResult::None => unreachable!(),
                };
                prop_assert_eq!(r.fire_at, first.with_timezone(&Utc), "{}", r.id);
            } else {
                // Moved to the first valid minute after the gap.
                prop_assert!(r.local > wanted && r.local - wanted <= TimeDelta::days(1));
                let before = r.local - TimeDelta::minutes(1);
                prop_assert!(before < wanted
                    || matches!(oracle.from_local_datetime(&before), chrono::LocalResult::None),
                    "{} fires at {} for {}", r.id, r.local, wanted);
            }
        }
        // Every day in the horizon gets its reminder, none skipped (today's may have passed).
        let today = time::local_date(tz, now);
        let end = time::local_date(tz, now + TimeDelta::days(730));
        let days: Vec<NaiveDate> = dates.iter().copied().collect();
        prop_assert!(days.windows(2).all(|w| w[1] - w[0] == TimeDelta::days(1)), "a day was skipped");
        prop_assert!(days[0] <= today + TimeDelta::days(1));
        prop_assert!(days[days.len() - 1] >= end - TimeDelta::days(2));
        // The limit keeps the soonest.
        let limited = reminders::plan(catalog(), &inputs, 730, limit);
        prop_assert_eq!(&limited[..], &all[..limit.min(all.len())]);
    }

    /// With nothing sore, the daily routines of any 7 days in a row cover every zone the runner
    /// can work at least twice, whenever the budget holds enough zones a day to make that possible.
    #[test]
    fn the_rotation_covers_every_zone_twice_a_week(
        start in 0..3000i64,
        minutes in 10..=20u32,
        excluded in prop::collection::btree_set(0..11usize, 0..4),
        tools in prop::collection::btree_set(0..4usize, 0..=4),
    ) {
        let ids: Vec<ZoneId> = catalog().zones().iter().map(|z| z.id.clone()).collect();
        let settings = Settings {
            daily_minutes: minutes,
            excluded_zones: excluded.iter().map(|i| ids[*i].clone()).collect(),
            tools: tools.iter().map(|i| <Tool as strum::VariantArray>::VARIANTS[*i]).collect(),
            ..Settings::default()
        };
        let tz = time::zone("Europe/Berlin").unwrap();
        let first = d(2020, 1, 1) + TimeDelta::days(start);
        let mut counts: BTreeMap<ZoneId, usize> = BTreeMap::new();
        let mut per_day = usize::MAX;
        for i in 0..7 {
            let date = first + TimeDelta::days(i);
            let at = time::start_of_day(tz, date);
            let r = plan::daily_routine(catalog(), &settings, &History::default(), date, at, tz).unwrap();
            prop_assert!(r.total_s <= minutes * 60);
            per_day = per_day.min(plan::rotation(catalog(), &settings, date).unwrap().len());
            for z in &r.zones {
                *counts.entry(z.zone.clone()).or_default() += 1;
            }
        }
        let owned = fascia_core::routine::owned_tools(&settings.tools);
        let workable: Vec<&str> = catalog()
            .zones()
            .iter()
            .filter(|z| !settings.excluded_zones.contains(&z.id) && z.workable_with(&owned))
            .map(|z| z.id.as_str())
            .collect();
        if 7 * per_day >= 2 * workable.len() {
            for z in workable {
                prop_assert!(counts.get(z).copied().unwrap_or(0) >= 2, "{} covered {:?} times: {:?}", z, counts.get(z), counts);
            }
        }
    }
}

#[test]
fn sore_zones_lead_and_say_why() {
    let tz = time::zone("Europe/Paris").unwrap();
    let runs = [long_run("r1", "2026-11-22T08:00:00Z", 28)];
    let soreness = [
        sore("calves", 6, "2026-11-22T14:00:00Z", Some("r1")),
        sore("glutes", 3, "2026-11-22T06:00:00Z", None), // before the run: not caused by it
        sore("hamstrings", 9, "2026-11-18T07:00:00Z", None), // more than 72 h ago
        sore("quadriceps", 0, "2026-11-23T07:00:00Z", None),
    ];
    let now = utc("2026-11-23T18:00:00Z");
    let p = plan::soreness_priorities(&soreness, &runs, &Settings::default(), now, tz);
    let by_zone: BTreeMap<&str, _> = p.iter().map(|p| (p.zone.as_str(), p)).collect();
    assert_eq!(by_zone.len(), 2);
    let calves = by_zone["calves"];
    assert_eq!(calves.level, 8, "6 plus the long-run bonus");
    assert_eq!(
        calves.reason.english(catalog()),
        "6/10 after the 28.0 km long run on Sun 22 Nov 2026"
    );
    assert_eq!(by_zone["glutes"].reason.english(catalog()), "Sore: 3/10");

    let today = time::local_date(tz, now);
    let r = plan::daily_routine(
        catalog(),
        &Settings::default(),
        &History {
            soreness: &soreness,
            runs: &runs,
            ..History::default()
        },
        today,
        now,
        tz,
    )
    .unwrap();
    let calves = r.zones.iter().find(|z| z.zone == "calves").unwrap();
    assert!(
        calves.hold_s > 60,
        "sore calves get more than the default hold"
    );
    assert!(r.total_s <= 720);
}

/// Soreness on one side only leads the zone with that side, gives it the extra time (the other side
/// keeps its usual hold) and names the side; soreness on both sides, or as bad on each, stays even.
#[test]
fn one_sided_soreness_leads_with_that_side() {
    let tz = time::zone("Europe/Paris").unwrap();
    let now = utc("2026-11-23T18:00:00Z");
    let on = |zone: &str, side: Side, level: u8| Soreness {
        side,
        ..sore(zone, level, "2026-11-23T07:00:00Z", None)
    };
    let soreness = [
        on("it-band", Side::Left, 5),
        on("calves", Side::Right, 4),
        on("calves", Side::Left, 2),
        on("hamstrings", Side::Left, 4),
        on("hamstrings", Side::Right, 4),
    ];
    let settings = Settings::default();
    let today = time::local_date(tz, now);
    let r = plan::daily_routine(
        catalog(),
        &settings,
        &History {
            soreness: &soreness,
            ..History::default()
        },
        today,
        now,
        tz,
    )
    .unwrap();
    let zone = |id: &str| r.zones.iter().find(|z| z.zone == id).unwrap();
    let default = |id: &str| catalog().zone(id).unwrap().self_care.default_s;
    let holds = |id: &str| -> Vec<(Side, u32)> {
        r.steps
            .iter()
            .filter(|s| s.zone == id && s.kind == fascia_core::routine::StepKind::Hold)
            .map(|s| (s.side, s.seconds))
            .collect()
    };

    let it = zone("it-band");
    assert_eq!(it.side, Side::Left);
    assert_eq!(
        it.reason.english(catalog()),
        "Sore on the left side: 5/10 (that side first, with more time)"
    );
    assert!(it.hold_s > default("it-band"));
    assert_eq!(
        holds("it-band"),
        [(Side::Left, it.hold_s), (Side::Right, default("it-band"))]
    );
    // The zone's first step sets up the sore side.
    let first = r.steps.iter().find(|s| s.zone == "it-band").unwrap();
    assert_eq!(first.side, Side::Left);

    let calves = zone("calves");
    assert_eq!(calves.side, Side::Right, "right 4/10 beats left 2/10");
    assert_eq!(holds("calves")[0].0, Side::Right);
    assert!(holds("calves")[0].1 > holds("calves")[1].1);

    let ham = zone("hamstrings");
    assert_eq!(ham.side, Side::Both, "as sore on each side: even");
    assert_eq!(ham.reason.english(catalog()), "Sore: 4/10");
    assert_eq!(holds("hamstrings")[0].1, holds("hamstrings")[1].1);
    assert!(r.total_s <= 720);
}

/// Never more pressure for more pain. A zone at 7/10 or more, or stopped for sharp pain, in the
/// last 72 h rests: it is left out, saying why; a 6/10 zone gets more time.
#[test]
fn severe_soreness_and_sharp_pain_rest_the_zone() {
    let tz = time::zone("Europe/Paris").unwrap();
    let now = utc("2026-11-23T18:00:00Z");
    let runs = [long_run("r1", "2026-11-22T08:00:00Z", 28)];
    let soreness = [
        sore("calves", 9, "2026-11-22T14:00:00Z", Some("r1")),
        sore("glutes", 6, "2026-11-23T07:00:00Z", None),
        sore("hamstrings", 8, "2026-11-19T07:00:00Z", None), // more than 72 h ago
    ];
    let pain = [safety::PainStop {
        zone: "it-band".into(),
        side: Side::Right,
        at: utc("2026-11-22T07:00:00Z"),
    }];
    let today = time::local_date(tz, now);
    let r = plan::daily_routine(
        catalog(),
        &Settings::default(),
        &History {
            soreness: &soreness,
            pain: &pain,
            runs: &runs,
            races: &[],
            flagged: &[],
        },
        today,
        now,
        tz,
    )
    .unwrap();
    assert!(
        !r.zones.iter().any(|z| z.zone == "calves"),
        "calves got pressure"
    );
    let left = r.omitted.iter().find(|o| o.zone == "calves").unwrap();
    assert_eq!(left.why, Omission::Rest);
    // Sharp pain on the right IT band rests that side only: the left is still worked.
    assert!(r
        .steps
        .iter()
        .all(|s| s.zone != "calves" && !(s.zone == "it-band" && s.side != Side::Left)));
    let it = r.omitted.iter().find(|o| o.zone == "it-band").unwrap();
    assert_eq!((it.side, it.why), (Side::Right, Omission::Rest));
    let glutes = r.zones.iter().find(|z| z.zone == "glutes").unwrap();
    assert!(
        glutes.reason.key.starts_with("reason.sore"),
        "6/10 still gets its extra time"
    );
    let inputs = safety::Inputs {
        soreness: &soreness,
        pain: &pain,
        ..safety::Inputs::default()
    };
    let resting = |at| {
        safety::Rules::at(catalog(), &inputs, at, today)
            .resting()
            .into_iter()
            .filter(|r| r.why == Omission::Rest)
            .map(|r| (r.zone, r.side))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        resting(now),
        [
            (ZoneId::from("calves"), Side::Both),
            (ZoneId::from("it-band"), Side::Right)
        ],
        "hamstrings' 8/10 is older than 72 h"
    );
    // Three days later neither rests.
    assert!(resting(now + TimeDelta::days(3)).is_empty());
}

fn season_fixture() -> (Vec<Race>, Vec<Bodywork>, SeasonPlan) {
    let races = vec![
        race(
            "a-marathon",
            "Spring Marathon",
            d(2027, 4, 18),
            RacePriority::A,
        ),
        race("b-half", "City Half", d(2027, 3, 7), RacePriority::B),
        race("c-10k", "Winter 10K", d(2027, 2, 14), RacePriority::C),
        race("old", "Last Year", d(2026, 10, 1), RacePriority::A),
    ];
    let bodywork = vec![Bodywork {
        id: "bw-1".into(),
        at: utc("2027-02-20T09:00:00Z"),
        minutes: 45,
        done: false,
        time_zone: None,
        created_at: utc("2027-01-02T00:00:00Z"),
        updated_at: utc("2027-01-02T00:00:00Z"),
    }];
    let tz = time::zone("Europe/London").unwrap();
    let season = plan::season(
        catalog(),
        &races,
        &bodywork,
        &Settings::default(),
        d(2027, 1, 4),
        tz,
    );
    (races, bodywork, season)
}

#[test]
fn golden_season_plan() {
    let (_, _, season) = season_fixture();
    assert_eq!(season.season_start, Some(d(2027, 3, 7)));
    assert_eq!(season.kickoff, Some(d(2027, 1, 24)));
    assert_eq!(season.season_end, Some(d(2027, 4, 18)));
    let marathon = season
        .races
        .iter()
        .find(|r| r.race_id == "a-marathon")
        .unwrap();
    assert_eq!(
        marathon.peak.map(|p| (p.from, p.to)),
        Some((d(2027, 3, 14), d(2027, 3, 28)))
    );
    assert_eq!(marathon.bodywork_by, Some(d(2027, 3, 13)));
    assert_eq!(marathon.bodywork_booked.as_deref(), Some("bw-1"));
    let json = serde_json::to_string_pretty(&season).unwrap() + "\n";
    check_golden("season.json", &json);
}

#[test]
fn the_calendar_marks_long_runs_recovery_taper_and_race_week() {
    let (races, bodywork, season) = season_fixture();
    let tz = time::zone("Europe/London").unwrap();
    // Long runs on the last three Sundays make Sunday the long-run day.
    let runs = [
        long_run("l1", "2027-02-21T08:00:00Z", 30),
        long_run("l2", "2027-02-14T08:00:00Z", 28),
        long_run("l3", "2027-02-07T08:00:00Z", 26),
    ];
    let now = utc("2027-03-01T09:00:00Z"); // a Monday, six days before the half marathon
    let (_, days) = plan::today_and_calendar(
        catalog(),
        &Settings::default(),
        &season,
        &History {
            runs: &runs,
            races: &races,
            ..History::default()
        },
        &bodywork,
        now,
        tz,
    )
    .unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0].date, d(2027, 3, 1));
    assert!(days[0].race_week);
    // A B race's mini-taper: the 3 days before it (the A race's peak starts later).
    assert!(!days[2].taper && days[3].taper && days[5].taper);
    assert_eq!(days[6].race.as_deref(), Some("b-half"));
    assert!(days[6].long_run, "Sunday");
    assert!(days.iter().all(|day| !day.zones.is_empty()));
    assert_eq!(
        plan::long_run_weekday(&runs, &Settings::default(), now, tz),
        Some(Weekday::Sun)
    );
    // Every zone is covered at least twice over the week.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for day in &days {
        for z in &day.zones {
            *counts.entry(z.zone.as_str()).or_default() += 1;
        }
    }
    assert_eq!(counts.len(), catalog().zones().len());
    assert!(counts.values().all(|n| *n >= 2), "{counts:?}");
}

#[test]
fn season_reminders_follow_the_plan() {
    let (_, _, mut season) = season_fixture();
    let tz = time::zone("Europe/London").unwrap();
    // Nothing booked before peak: three booking reminders.
    for r in &mut season.races {
        r.bodywork_booked = None;
    }
    let settings = Settings::default();
    let done: BTreeSet<NaiveDate> = [d(2027, 1, 4)].into();
    let long = long_run("l1", "2027-01-03T08:00:00Z", 30);
    let inputs = ReminderInputs {
        now: utc("2027-01-04T06:00:00Z"),
        tz,
        settings: &settings,
        season: &season,
        routine_done: &done,
        bodywork: &[],
        unrated_long_run: Some(&long),
        follow_up_run: None,
    };
    let all = reminders::plan(catalog(), &inputs, 120, usize::MAX);
    let ids: BTreeSet<&str> = all.iter().map(|r| r.id.as_str()).collect();
    assert!(
        !ids.contains("daily-routine:2027-01-04"),
        "today's routine is done"
    );
    assert!(ids.contains("daily-routine:2027-01-05"));
    assert!(ids.contains("kickoff:2027-01-24"));
    assert!(ids.contains("book-bodywork:a-marathon:2027-02-20"));
    assert!(ids.contains("race-week:b-half"));
    assert!(ids.contains("bodywork-cadence:2027-02-01"));
    assert!(ids.contains("weekly-report:2027-01-10"));
    let kickoff = all.iter().find(|r| r.id == "kickoff:2027-01-24").unwrap();
    assert_eq!(kickoff.local, d(2027, 1, 24).and_time(hm(7, 0)));
    assert_eq!(kickoff.title.english, "Race season starts in 6 weeks");
    // The soreness prompt came 3 hours after the run was logged, inside the past: not planned.
    assert!(!ids.contains("soreness-prompt:l1"));
    // Same inputs, same ids; the limit keeps the soonest.
    assert_eq!(reminders::plan(catalog(), &inputs, 120, usize::MAX), all);
    assert_eq!(
        reminders::plan(catalog(), &inputs, 120, 64).len(),
        64.min(all.len())
    );

    let health = reminders::health(
        &all,
        &settings,
        None,
        PhoneState {
            notifications_allowed: false,
            exact_alarms_allowed: true,
            battery_restricted: true,
        },
    );
    assert_eq!(health.next_fire, Some(all[0].fire_at));
    assert_eq!(
        health.warnings,
        [
            HealthWarning::NotificationsOff,
            HealthWarning::BatteryRestricted
        ]
    );

    // Cut to iOS's 64, the plan keeps every season milestone of the 120 days (the March and April
    // race weeks too), then the soonest daily reminders, and says where the daily ones stop.
    let cut = reminders::schedule(catalog(), &inputs, 120, 64);
    assert_eq!(cut.reminders.len(), 64);
    let kept: BTreeSet<&str> = cut.reminders.iter().map(|r| r.id.as_str()).collect();
    let milestones: Vec<&str> = all
        .iter()
        .filter(|r| reminders::is_milestone(r.kind))
        .map(|r| r.id.as_str())
        .collect();
    assert!(milestones.len() >= 8, "{milestones:?}");
    for id in &milestones {
        assert!(kept.contains(id), "{id} dropped");
    }
    assert!(kept.contains("race-week:b-half") && kept.contains("race-week:a-marathon"));
    let from = cut.cut_from.expect("the plan was cut");
    let dropped: Vec<&Reminder> = all
        .iter()
        .filter(|r| !kept.contains(r.id.as_str()))
        .collect();
    assert_eq!(dropped[0].fire_at, from);
    assert!(dropped.iter().all(|r| !reminders::is_milestone(r.kind)));
    // Every daily reminder kept comes before every daily reminder dropped.
    let last_kept_daily = cut
        .reminders
        .iter()
        .filter(|r| !reminders::is_milestone(r.kind))
        .map(|r| r.fire_at)
        .max()
        .unwrap();
    assert!(last_kept_daily < from);
    assert_eq!(cut.reminders, reminders::plan(catalog(), &inputs, 120, 64));
    assert_eq!(
        reminders::schedule(catalog(), &inputs, 120, usize::MAX).cut_from,
        None
    );
    assert!(cut
        .reminders
        .windows(2)
        .all(|w| w[0].fire_at <= w[1].fire_at));
}

#[test]
fn a_prompt_after_a_long_run_and_quiet_hours_move_reminders() {
    let tz = time::zone("America/New_York").unwrap();
    let settings = Settings {
        reminder_time: hm(6, 0), // inside the default 22:00–07:00 quiet hours
        ..Settings::default()
    };
    let season = empty_season();
    let done = BTreeSet::new();
    let long = long_run("l1", "2026-11-22T13:00:00Z", 32); // logged at 16:00Z
    let inputs = ReminderInputs {
        now: utc("2026-11-22T16:30:00Z"),
        tz,
        settings: &settings,
        season: &season,
        routine_done: &done,
        bodywork: &[],
        unrated_long_run: Some(&long),
        follow_up_run: None,
    };
    let all = reminders::plan(catalog(), &inputs, 3, usize::MAX);
    let prompt = all
        .iter()
        .find(|r| r.kind == ReminderKind::SorenessPrompt)
        .unwrap();
    assert_eq!(prompt.fire_at, utc("2026-11-22T19:00:00Z"));
    assert_eq!(
        prompt.body.english,
        "Log soreness after your 32.0 km run: it shapes tomorrow's routine."
    );
    let daily = all
        .iter()
        .find(|r| r.id == "daily-routine:2026-11-23")
        .unwrap();
    assert_eq!(
        daily.local,
        d(2026, 11, 23).and_time(hm(7, 0)),
        "moved to the end of quiet hours"
    );
    // A reminder time inside quiet hours is accepted, and reminder health says where it fires (at
    // the end of quiet hours), so the runner knows why it comes at 07:00.
    let phone = PhoneState {
        notifications_allowed: true,
        exact_alarms_allowed: true,
        battery_restricted: false,
    };
    let health = reminders::health(&all, &settings, None, phone);
    assert_eq!(health.daily_fires_at, hm(7, 0));
    assert_eq!(health.warnings, [HealthWarning::ReminderInQuietHours]);
    let outside = Settings {
        reminder_time: hm(7, 30),
        ..Settings::default()
    };
    let health = reminders::health(&all, &outside, None, phone);
    assert_eq!(health.daily_fires_at, hm(7, 30));
    assert!(health.warnings.is_empty());
}

#[test]
fn after_travel_the_plan_follows_the_new_zone() {
    let settings = Settings::default();
    let season = empty_season();
    let done = BTreeSet::new();
    let now = utc("2026-06-10T12:00:00Z");
    let plan_in = |zone: &str| {
        let tz = time::zone(zone).unwrap();
        let inputs = ReminderInputs {
            now,
            tz,
            settings: &settings,
            season: &season,
            routine_done: &done,
            bodywork: &[],
            unrated_long_run: None,
            follow_up_run: None,
        };
        reminders::plan(catalog(), &inputs, 3, usize::MAX)
            .into_iter()
            .find(|r| r.kind == ReminderKind::DailyRoutine)
            .unwrap()
    };
    let london = plan_in("Europe/London");
    let tokyo = plan_in("Asia/Tokyo");
    assert_eq!(london.local.time(), hm(7, 0));
    assert_eq!(tokyo.local.time(), hm(7, 0));
    assert_eq!(london.fire_at, utc("2026-06-11T06:00:00Z"));
    assert_eq!(tokyo.fire_at, utc("2026-06-10T22:00:00Z"));
}

/// Races shape the daily routine. Race morning is the protocol's shortest, lightest routine; the
/// day after and race week hold every zone lightly; the reasons say why. The English routines of a
/// 3-race season's key days are pinned in `golden/race-days.txt`.
#[test]
fn race_day_race_week_and_the_day_after_are_light() {
    let (races, _, _) = season_fixture();
    let tz = time::zone("Europe/London").unwrap();
    let settings = Settings::default();
    let c = catalog();
    // The marathon's runner was 9/10 sore two days before race day: it still rests.
    let soreness = [sore("calves", 9, "2027-04-16T18:00:00Z", None)];
    let mut out = String::new();
    for (date, what) in [
        (d(2027, 4, 4), "an ordinary day, two weeks out"),
        (d(2027, 4, 13), "race week, 5 days out"),
        (d(2027, 4, 18), "race morning"),
        (d(2027, 4, 19), "the day after"),
        (d(2027, 2, 14), "a C race's morning"),
        (d(2027, 2, 10), "4 days before a C race: no race week"),
    ] {
        let at = time::start_of_day(tz, date) + TimeDelta::hours(7);
        let history = History {
            soreness: &soreness,
            races: &races,
            ..History::default()
        };
        let r = plan::daily_routine(c, &settings, &history, date, at, tz).unwrap();
        out += &format!("{date} ({what}): {} s\n", r.total_s);
        for z in &r.zones {
            let zone = c.zone(&z.zone).unwrap();
            out += &format!(
                "  {:<20} {:>3} s  {}\n",
                z.zone,
                z.hold_s,
                z.reason.english(c)
            );
            let light = safety::RaceDay::of(&races, date).is_some();
            assert_eq!(light, z.hold_s == zone.self_care.min_s, "{date} {}", z.zone);
        }
        for o in &r.omitted {
            out += &format!(
                "  {:<20} left out: {}\n",
                o.zone,
                c.text(o.why.text_key(), &[])
            );
        }
        assert!(r.total_s <= settings.daily_minutes * 60);
        if date == d(2027, 4, 18) {
            assert!(r.total_s <= c.timing().daily.min_s, "race morning is short");
            assert!(r.zones[0]
                .reason
                .english(c)
                .starts_with("Race day, Spring Marathon"));
            assert!(r.omitted.iter().any(|o| o.zone == "calves"));
        }
    }
    assert!(out.contains("Race week, Spring Marathon in 5 days"));
    assert!(out.contains("The day after Spring Marathon"));
    check_golden("race-days.txt", &out);
}

#[path = "common/golden.rs"]
mod golden;

/// Compares `actual` with `core/tests/golden/{name}`.
fn check_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    golden::check(&path.join(name), actual);
}

/// The A race governs. B and C races get a 3-day mini-taper that never reaches into an A race's
/// peak block; seasons of 1 to 4 races are pinned in `golden/seasons.txt`.
#[test]
fn b_and_c_tapers_never_overlap_an_a_peak() {
    let tz = time::zone("Europe/Berlin").unwrap();
    let a = |id: &str, date| race(id, id, date, RacePriority::A);
    let b = |id: &str, date| race(id, id, date, RacePriority::B);
    let c = |id: &str, date| race(id, id, date, RacePriority::C);
    let seasons: Vec<(&str, Vec<Race>)> = vec![
        ("one A race", vec![a("berlin-marathon", d(2027, 9, 26))]),
        (
            "a B race inside the A race's peak",
            vec![a("marathon", d(2027, 4, 25)), b("half", d(2027, 4, 4))],
        ),
        (
            "a B race just after the peak, a C race in it",
            vec![
                a("marathon", d(2027, 4, 25)),
                b("half", d(2027, 4, 7)),
                c("parkrun", d(2027, 3, 27)),
            ],
        ),
        (
            "two A races, a B race between, a C race early",
            vec![
                a("spring-marathon", d(2027, 4, 25)),
                a("autumn-marathon", d(2027, 10, 10)),
                b("summer-half", d(2027, 6, 20)),
                c("winter-10k", d(2027, 2, 14)),
            ],
        ),
    ];
    let settings = Settings::default();
    let mut out = String::new();
    for (what, races) in &seasons {
        let plan = plan::season(catalog(), races, &[], &settings, d(2027, 1, 4), tz);
        out += &format!("{} race(s): {what}\n", races.len());
        let peaks: Vec<_> = plan.races.iter().filter_map(|r| r.peak).collect();
        for r in &plan.races {
            let show = |d: Option<NaiveDate>| d.map_or("-".to_owned(), |d| d.to_string());
            out += &format!(
                "  {:<16} {:?} {}  peak {}  taper from {}  race week from {}\n",
                r.race_id,
                r.priority,
                r.date,
                r.peak
                    .map_or("-".to_owned(), |p| format!("{}..{}", p.from, p.to)),
                show(r.taper_from),
                r.race_week_from
            );
            if r.priority != RacePriority::A {
                if let Some(from) = r.taper_from {
                    assert!(r.date - from <= TimeDelta::days(plan::MINI_TAPER_DAYS));
                    let mut day = from;
                    while day < r.date {
                        assert!(
                            !peaks.iter().any(|p| p.contains(day)),
                            "{what}: {} tapers on {day}, inside an A peak",
                            r.race_id
                        );
                        day += TimeDelta::days(1);
                    }
                }
            }
        }
    }
    check_golden("seasons.txt", &out);
}

/// The same race logged twice (same name, any case, same date) is refused, on add and on edit, and
/// nothing is stored.
#[test]
fn a_race_logged_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let j =
        fascia_core::Journal::open(dir.path().join("j.db"), time::zone("UTC").unwrap()).unwrap();
    let now = utc("2027-01-04T08:00:00Z");
    let new = |name: &str, date| fascia_core::model::NewRace {
        name: name.into(),
        date,
        distance_m: None,
        priority: RacePriority::A,
    };
    let first = j
        .add_race(&new("Spring Marathon", d(2027, 4, 25)), now)
        .unwrap();
    let err = j
        .add_race(&new(" spring marathon ", d(2027, 4, 25)), now)
        .unwrap_err();
    assert_eq!(err.kind(), fascia_core::ErrorKind::BadInput);
    assert!(err.to_string().contains("already in your races"), "{err}");
    let other = j
        .add_race(&new("Spring Marathon", d(2028, 4, 23)), now)
        .unwrap();
    assert!(j
        .update_race(&other.id, &new("Spring Marathon", d(2027, 4, 25)), now)
        .is_err());
    // Editing a race without changing its name or date is not a duplicate of itself.
    j.update_race(&first.id, &new("Spring Marathon", d(2027, 4, 25)), now)
        .unwrap();
    assert_eq!(j.races().unwrap().len(), 2);
}

/// A race (kind `race`) started `at`, logged `logged_after` later.
fn race_run(id: &str, at: &str, km: u32, logged_after: TimeDelta) -> Run {
    Run {
        kind: RunKind::Race,
        created_at: utc(at) + logged_after,
        updated_at: utc(at) + logged_after,
        source: None,
        source_id: None,
        cadence_spm: None,
        elevation_gain_m: None,
        ..long_run(id, at, km)
    }
}

/// The soreness prompt and the next-day check-in of `run`, planned at `now`.
fn check_ins(run: &Run, settings: &Settings, tz: Tz, now: DateTime<Utc>) -> Vec<Reminder> {
    let season = empty_season();
    let done = BTreeSet::new();
    let inputs = ReminderInputs {
        now,
        tz,
        settings,
        season: &season,
        routine_done: &done,
        bodywork: &[],
        unrated_long_run: Some(run),
        follow_up_run: Some(run),
    };
    reminders::plan(catalog(), &inputs, 4, usize::MAX)
        .into_iter()
        .filter(|r| {
            matches!(
                r.kind,
                ReminderKind::SorenessPrompt | ReminderKind::RecoveryCheckIn
            )
        })
        .collect()
}

/// A race logged late in the evening would bring "How do your legs feel?" (moved to the end of
/// quiet hours) and "How are your legs today?" at the same minute: the phone shows one, the
/// next-day check-in, in words that say "race". At different minutes both stay.
#[test]
fn two_soreness_prompts_at_the_same_minute_are_one() {
    let tz = time::zone("Europe/London").unwrap();
    let settings = Settings::default(); // 07:00, quiet 22:00-07:00, prompt 3 h after logging
    let late = race_run("r1", "2026-11-22T18:00:00Z", 10, TimeDelta::minutes(150));
    let got = check_ins(&late, &settings, tz, utc("2026-11-22T21:00:00Z"));
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].id, "recovery-check-in:r1");
    assert_eq!(got[0].fire_at, utc("2026-11-23T07:00:00Z"));
    assert_eq!(
        got[0].body.english,
        "A quick soreness check-in the day after your 10.0 km race shows how fast you recover."
    );
    // Logged in the afternoon: the prompt that evening and the check-in the next morning.
    let early = race_run("r2", "2026-11-22T10:00:00Z", 10, TimeDelta::hours(3));
    let got = check_ins(&early, &settings, tz, utc("2026-11-22T13:30:00Z"));
    let ids: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["soreness-prompt:r2", "recovery-check-in:r2"]);
    assert_eq!(
        got[0].body.english,
        "Log soreness after your 10.0 km race: it shapes tomorrow's routine."
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the zone, the reminder time, quiet hours and when the run was logged, the soreness
    /// prompt and the check-in never fire at the same minute, and when one of the two is dropped it
    /// is never the check-in.
    #[test]
    fn the_soreness_prompts_never_share_a_minute(
        zone in prop::sample::select(ZONES.to_vec()),
        reminder in (0..24u32, 0..60u32),
        quiet in quiet_strategy(),
        prompt_hours in 1..12u32,
        start_min in 0..(24 * 60i64),
        logged_min in 30..(20 * 60i64),
        race in any::<bool>(),
    ) {
        let tz = time::zone(zone).unwrap();
        let settings = Settings {
            reminder_time: hm(reminder.0, reminder.1),
            quiet_hours: quiet,
            soreness_prompt_hours: prompt_hours,
            ..Settings::default()
        };
        let start = utc("2026-03-27T00:00:00Z") + TimeDelta::minutes(start_min);
        let mut run = race_run("r", &start.to_rfc3339(), 21, TimeDelta::minutes(logged_min));
        if !race {
            run.kind = RunKind::Long;
        }
        let now = run.created_at;
        let got = check_ins(&run, &settings, tz, now);
        let minutes: BTreeSet<i64> = got.iter().map(|r| r.fire_at.timestamp() / 60).collect();
        prop_assert_eq!(minutes.len(), got.len(), "{:#?}", got);
        let next_day = time::local_date(tz, run.started_at) + TimeDelta::days(1);
        let check_in = time::resolve(tz, next_day, settings.reminder_time).instant;
        if check_in > now && quiet.is_none() {
            prop_assert!(got.iter().any(|r| r.kind == ReminderKind::RecoveryCheckIn));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The today screen's next reminder (`reminders::next`, which reads the days of the horizon
    /// only until it has the first daily and the first weekly reminder) is exactly the plan's
    /// first, in zones with unusual rules (DST gaps and folds, half-hour changes, a skipped day),
    /// whatever the reminder time, quiet hours (across midnight too), weekly report, days
    /// already done, milestones (races, appointments, a long run's check-ins, enough to fill a
    /// small limit), horizon and limit.
    #[test]
    fn the_next_reminder_is_the_plans_first(
        zone in 0..ZONES.len(),
        start in 1_262_304_000i64..1_924_992_000,
        minute_of_day in 0..(24 * 60u32),
        quiet in quiet_strategy(),
        weekly in prop::option::of((0u8..7, 0..(24 * 60u32))),
        done_in in prop::collection::vec(-1i64..10, 0..6),
        races in prop::collection::vec((0i64..80, 0usize..3), 0..6),
        appointments in prop::collection::vec(1i64..24 * 20, 0..3),
        long_run_hours_ago in prop::option::of(1i64..60),
        horizon in 1u32..30,
        limit in prop_oneof![1usize..8, Just(64)],
    ) {
        let tz: Tz = time::zone(ZONES[zone]).unwrap();
        let now = DateTime::from_timestamp(start, 0).unwrap();
        let today = time::local_date(tz, now);
        let settings = Settings {
            reminder_time: hm(minute_of_day / 60, minute_of_day % 60),
            quiet_hours: quiet,
            weekly_report: weekly.map(|(day, minute)| fascia_core::model::WeeklyReport {
                weekday: Weekday::try_from(day).unwrap(),
                time: hm(minute / 60, minute % 60),
            }),
            ..Settings::default()
        };
        let priorities = [RacePriority::A, RacePriority::B, RacePriority::C];
        let races: Vec<Race> = races
            .iter()
            .enumerate()
            .map(|(i, (days, p))| {
                let id = format!("race-{i}");
                race(&id, &id, today + TimeDelta::days(*days), priorities[*p])
            })
            .collect();
        let bodywork: Vec<Bodywork> = appointments
            .iter()
            .enumerate()
            .map(|(i, hours)| Bodywork {
                id: format!("bodywork-{i}"),
                at: now + TimeDelta::hours(*hours),
                minutes: 45,
                done: false,
                time_zone: None,
                created_at: now,
                updated_at: now,
            })
            .collect();
        let season = plan::season(catalog(), &races, &bodywork, &settings, today, tz);
        let done: BTreeSet<NaiveDate> =
            done_in.iter().map(|days| today + TimeDelta::days(*days)).collect();
        let run = long_run_hours_ago.map(|hours| {
            let at = (now - TimeDelta::hours(hours)).to_rfc3339();
            long_run("long", &at, 30)
        });
        let inputs = ReminderInputs {
            now,
            tz,
            settings: &settings,
            season: &season,
            routine_done: &done,
            bodywork: &bodywork,
            unrated_long_run: run.as_ref(),
            follow_up_run: run.as_ref(),
        };
        let plan = reminders::schedule(catalog(), &inputs, horizon, limit);
        prop_assert_eq!(
            reminders::next(catalog(), &inputs, horizon, limit),
            plan.reminders.first().cloned()
        );
    }
}
