//! The builder's rules, each on its own.

use super::*;

fn catalog() -> &'static Catalog {
    Catalog::embedded().expect("embedded content")
}

fn sore(zone: &str, level: u8) -> ZonePriority {
    ZonePriority {
        zone: zone.into(),
        level,
        side: Side::Both,
        reason: Reason::key("reason.sore").with("level", level),
    }
}

#[test]
fn default_daily_routine_fits_twelve_minutes_and_accounts_for_every_step() {
    let r = build(catalog(), &RoutineRequest::new(RoutineKind::Daily)).expect("routine");
    assert_eq!(r.budget_s, 720);
    assert!(r.total_s <= 720);
    assert_eq!(r.total_s, r.steps.iter().map(|s| s.seconds).sum::<u32>());
    assert_eq!(r.steps[0].kind, StepKind::LeadIn);
    assert!(r.zones.len() >= 5, "{:?}", r.zones);
    // Every zone is accounted for: either included or omitted with a reason.
    assert_eq!(r.zones.len() + r.omitted.len(), catalog().zones().len());
}

#[test]
fn sore_zones_come_first_and_get_longer_holds() {
    let mut req = RoutineRequest::new(RoutineKind::Daily);
    let plain = build(catalog(), &req).expect("routine");
    req.priorities = vec![sore("hamstrings", 8)];
    let r = build(catalog(), &req).expect("routine");
    let ham = r
        .zones
        .iter()
        .find(|z| z.zone == "hamstrings")
        .expect("included");
    assert_eq!(ham.reason.key, "reason.sore");
    assert_eq!(ham.reason.english(catalog()), "Sore: 8/10");
    let default = catalog()
        .zone("hamstrings")
        .expect("zone")
        .self_care
        .default_s;
    assert!(ham.hold_s > default);
    assert!(!plain.zones.iter().any(|z| z.zone == "hamstrings"));
    assert!(r.total_s <= 720);
}

#[test]
fn sided_zones_get_both_sides_with_a_switch_between() {
    let r = build(catalog(), &RoutineRequest::new(RoutineKind::Bodywork)).expect("routine");
    let calves: Vec<&Step> = r.steps.iter().filter(|s| s.zone == "calves").collect();
    let kinds: Vec<(StepKind, Side)> = calves.iter().map(|s| (s.kind, s.side)).collect();
    assert_eq!(
        kinds,
        vec![
            (StepKind::Transition, Side::Left),
            (StepKind::Hold, Side::Left),
            (StepKind::SwitchSides, Side::Right),
            (StepKind::Hold, Side::Right),
        ]
    );
    let back: Vec<&Step> = r
        .steps
        .iter()
        .filter(|s| s.zone == "thoracic-spine")
        .collect();
    assert_eq!(back.len(), 2);
    assert_eq!(back[1].side, Side::Both);
}

#[test]
fn bodywork_session_covers_the_chain_at_two_to_five_minutes_per_zone() {
    let r = build(catalog(), &RoutineRequest::new(RoutineKind::Bodywork)).expect("routine");
    assert_eq!(r.budget_s, 2700);
    assert!(r.total_s <= 2700);
    assert_eq!(r.zones.len(), catalog().zones().len());
    assert!(r.zones.iter().all(|z| (120..=300).contains(&z.hold_s)));
}

#[test]
fn missing_tools_and_exclusions_are_explained() {
    let mut req = RoutineRequest::new(RoutineKind::Daily);
    req.tools = Vec::new();
    req.excluded = vec!["calves".into()];
    let r = build(catalog(), &req).expect("routine");
    let why = |id: &str| r.omitted.iter().find(|o| o.zone == id).map(|o| o.why);
    assert_eq!(why("calves"), Some(Omission::Excluded));
    assert_eq!(why("it-band"), Some(Omission::NoTool));
    assert!(r
        .zones
        .iter()
        .all(|z| z.zone != "calves" && z.zone != "it-band"));
    assert!(r.zones.iter().any(|z| z.zone == "plantar-fascia"));
}

#[test]
fn custom_routine_keeps_the_runners_order_and_holds() {
    let mut req = RoutineRequest::new(RoutineKind::Custom {
        protocol: Protocol::Daily,
        zones: vec![
            CustomZone {
                zone: "thoracic-spine".into(),
                hold_s: Some(90),
            },
            CustomZone {
                zone: "calves".into(),
                hold_s: None,
            },
        ],
    });
    req.budget_s = Some(300);
    let r = build(catalog(), &req).expect("routine");
    let order: Vec<&str> = r.zones.iter().map(|z| z.zone.as_str()).collect();
    assert_eq!(order, ["thoracic-spine", "calves"]);
    assert_eq!(r.zones[0].hold_s, 90);
    assert_eq!(r.zones[1].hold_s, 60);
    assert_eq!(r.zones[1].reason.key, "reason.your-choice");
    // lead-in 10 + 90 + transition 10 + 60 + 5 + 60
    assert_eq!(r.total_s, 235);
}

#[test]
fn invalid_requests_are_typed_errors() {
    let c = catalog();
    let daily = || RoutineRequest::new(RoutineKind::Daily);
    let custom = |zones: Vec<CustomZone>| {
        RoutineRequest::new(RoutineKind::Custom {
            protocol: Protocol::Daily,
            zones,
        })
    };
    let cz = |zone: &str, hold_s: Option<u32>| CustomZone {
        zone: zone.into(),
        hold_s,
    };

    let mut r = daily();
    r.budget_s = Some(60);
    assert!(matches!(
        build(c, &r),
        Err(RoutineError::BudgetOutOfRange { .. })
    ));
    r.budget_s = Some(1201);
    assert!(matches!(
        build(c, &r),
        Err(RoutineError::BudgetOutOfRange { .. })
    ));

    let mut r = daily();
    r.priorities = vec![sore("elbow", 3)];
    assert!(matches!(
        build(c, &r),
        Err(RoutineError::UnknownZone { .. })
    ));
    r.priorities = vec![sore("calves", 11)];
    assert!(matches!(
        build(c, &r),
        Err(RoutineError::PriorityOutOfRange { level: 11, .. })
    ));
    r.priorities = vec![sore("calves", 3), sore("calves", 4)];
    assert!(matches!(
        build(c, &r),
        Err(RoutineError::DuplicateZone { .. })
    ));
    r.priorities = vec![ZonePriority {
        zone: "calves".into(),
        level: 3,
        side: Side::Both,
        reason: Reason::key("reason.made-up"),
    }];
    assert!(matches!(
        build(c, &r),
        Err(RoutineError::UnknownTextKey { .. })
    ));

    let mut r = daily();
    r.excluded = vec!["knees".into()];
    assert!(matches!(
        build(c, &r),
        Err(RoutineError::UnknownZone { .. })
    ));
    r.excluded = c.zones().iter().map(|z| z.id.clone()).collect();
    assert_eq!(build(c, &r), Err(RoutineError::NoZonesAvailable));

    assert_eq!(build(c, &custom(vec![])), Err(RoutineError::EmptyCustom));
    assert!(matches!(
        build(c, &custom(vec![cz("calves", None), cz("calves", None)])),
        Err(RoutineError::DuplicateZone { .. })
    ));
    assert!(matches!(
        build(c, &custom(vec![cz("calves", Some(5))])),
        Err(RoutineError::HoldOutOfRange { hold_s: 5, .. })
    ));
    let mut r = custom(vec![cz("calves", None)]);
    r.excluded = vec!["calves".into()];
    assert!(matches!(
        build(c, &r),
        Err(RoutineError::ZoneExcluded { .. })
    ));
    let mut r = custom(vec![cz("it-band", None)]);
    r.tools = Vec::new();
    let err = build(c, &r).expect_err("no roller");
    assert_eq!(
        err.to_string(),
        "zone \"it-band\" needs one of: foam-roller, stick"
    );
    let all: Vec<CustomZone> = c.zones().iter().map(|z| cz(&z.id, None)).collect();
    assert!(matches!(
        build(c, &custom(all)),
        Err(RoutineError::OverBudget { .. })
    ));
}

#[test]
fn a_budget_below_every_zone_is_too_small() {
    // The shipped budgets always fit a zone; a catalog with a tiny minimum budget shows the error.
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../content/zones.json")).expect("json");
    doc["timing"]["daily"]["min_s"] = 20.into();
    let c = Catalog::parse(
        &doc.to_string(),
        include_str!("../../content/strings/en.json"),
    )
    .expect("valid");
    let mut r = RoutineRequest::new(RoutineKind::Daily);
    r.budget_s = Some(39);
    // Cheapest zone: lead-in 10 + the upper back's 30 s minimum.
    assert_eq!(
        build(&c, &r),
        Err(RoutineError::BudgetTooSmall {
            budget_s: 39,
            needed_s: 40
        })
    );
    r.budget_s = Some(40);
    let routine = build(&c, &r).expect("one zone fits");
    assert_eq!(routine.zones.len(), 1);
    assert_eq!(routine.zones[0].zone, "thoracic-spine");
    assert_eq!(routine.total_s, 40);
}
