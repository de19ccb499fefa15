//! Properties of the routine builder over generated requests.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use fascia_core::model::Reason;
use fascia_core::routine::{
    build, CustomZone, Omission, Protocol, RestZone, RoutineKind, RoutineRequest, Side, StepKind,
    ZonePriority,
};
use fascia_core::vocab::ZoneId;
use fascia_core::zones::{Catalog, Tool};
use proptest::prelude::*;

fn catalog() -> &'static Catalog {
    Catalog::embedded().expect("content")
}

fn zone_ids() -> Vec<ZoneId> {
    catalog().zones().iter().map(|z| z.id.clone()).collect()
}

fn request_strategy() -> impl Strategy<Value = RoutineRequest> {
    let n = zone_ids().len();
    let custom = (
        any::<bool>(),
        prop::collection::vec((0..n, prop::option::of(0..400u32)), 0..6),
    )
        .prop_map(|(bodywork, zones)| RoutineKind::Custom {
            protocol: if bodywork {
                Protocol::Bodywork
            } else {
                Protocol::Daily
            },
            zones: zones
                .into_iter()
                .map(|(i, hold_s)| CustomZone {
                    zone: zone_ids()[i].clone(),
                    hold_s: hold_s.map(|h| h / 5 * 5),
                })
                .collect(),
        });
    let kind = prop_oneof![
        3 => Just(RoutineKind::Daily),
        1 => Just(RoutineKind::Bodywork),
        2 => custom,
    ];
    let budget = prop_oneof![
        1 => Just(None),
        3 => (250..1300u32).prop_map(Some),
        1 => (1700..3700u32).prop_map(Some),
    ];
    (
        kind,
        budget,
        prop::collection::btree_map(0..n, (0..=10u8, 0..3usize), 0..5),
        prop::collection::btree_set(0..<Tool as strum::VariantArray>::VARIANTS.len(), 0..=4),
        prop::collection::btree_set(0..n, 0..4),
        prop::bool::weighted(0.2),
        prop::collection::btree_map(0..n, (0..3usize, prop::bool::ANY), 0..4),
        prop::collection::btree_set(0..n, 0..4),
    )
        .prop_map(
            |(kind, budget_s, priorities, tools, excluded, light, rest, capped)| RoutineRequest {
                kind,
                budget_s,
                priorities: priorities
                    .into_iter()
                    .map(|(i, (level, side))| ZonePriority {
                        zone: zone_ids()[i].clone(),
                        level,
                        side: [Side::Both, Side::Left, Side::Right][side],
                        reason: Reason::key("reason.sore").with("level", level),
                    })
                    .collect(),
                tools: tools
                    .into_iter()
                    .map(|i| <Tool as strum::VariantArray>::VARIANTS[i])
                    .collect(),
                excluded: excluded
                    .into_iter()
                    .map(|i| zone_ids()[i].clone())
                    .collect(),
                rest: rest
                    .into_iter()
                    .map(|(i, (side, next_to))| RestZone {
                        zone: zone_ids()[i].clone(),
                        side: [Side::Both, Side::Left, Side::Right][side],
                        why: if next_to {
                            Omission::NextToRest
                        } else {
                            Omission::Rest
                        },
                    })
                    .collect(),
                capped: capped.into_iter().map(|i| zone_ids()[i].clone()).collect(),
                light,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn every_routine_keeps_the_rules(request in request_strategy()) {
        let c = catalog();
        let Ok(routine) = build(c, &request) else {
            // A refusal is a typed error (checked by the unit tests); there is nothing to check.
            return Ok(());
        };
        // Deterministic.
        prop_assert_eq!(&build(c, &request).expect("same again"), &routine);
        // Never over budget, and every second is a step.
        prop_assert!(routine.total_s <= routine.budget_s);
        prop_assert_eq!(routine.total_s, routine.steps.iter().map(|s| s.seconds).sum::<u32>());
        prop_assert!(routine.steps.iter().all(|s| s.seconds > 0));
        prop_assert!(!routine.zones.is_empty());
        let protocol = request.kind.protocol();
        let tools = fascia_core::routine::owned_tools(&request.tools);
        for z in &routine.zones {
            let zone = c.zone(&z.zone).expect("known zone");
            // Excluded zones never appear; every zone can be worked with the runner's tools.
            prop_assert!(!request.excluded.contains(&z.zone));
            prop_assert!(zone.workable_with(&tools));
            // Holds within the protocol's bounds.
            let bounds = match protocol {
                Protocol::Daily => zone.self_care,
                Protocol::Bodywork => zone.bodywork,
            };
            prop_assert!(bounds.contains(z.hold_s), "{} {} {:?}", z.zone, z.hold_s, bounds);
            if zone.sided {
                prop_assert!(bounds.contains(z.other_s()));
            }
            // The safety rule, on every routine kind (custom ones too): light days hold every zone
            // at its minimum; a capped zone never gets more than its usual hold; a resting side
            // gets no step at all.
            if request.light {
                prop_assert_eq!((z.hold_s, z.other_s()), (bounds.min_s, bounds.min_s));
            }
            if request.capped.contains(&z.zone) {
                prop_assert!(z.hold_s <= bounds.default_s && z.other_s() <= bounds.default_s);
            }
            let resting = request.rest.iter().find(|r| r.zone == z.zone);
            for s in routine.steps.iter().filter(|s| s.zone == z.zone) {
                prop_assert!(
                    resting.is_none_or(|r| !(r.side.is_both() || !zone.sided || r.side == s.side)),
                    "{} {:?} rests but has a step", z.zone, s.side
                );
            }
            // Every included zone says why, in text that exists.
            prop_assert!(c.has_text(&z.reason.key));
            // A sided zone gets both sides, equally unless one side is sore: that side first,
            // never shorter than the other. An unsided zone gets a single hold.
            let holds: Vec<(Side, u32)> = routine
                .steps
                .iter()
                .filter(|s| s.zone == z.zone && s.kind == StepKind::Hold)
                .map(|s| (s.side, s.seconds))
                .collect();
            // (A custom routine keeps the runner's own even holds.)
            let custom = matches!(request.kind, RoutineKind::Custom { .. });
            let asked = request
                .priorities
                .iter()
                .find(|p| p.zone == z.zone && p.level > 0 && !custom);
            // One side resting: the zone is worked on the other side only.
            if let Some(r) = resting {
                prop_assert!(zone.sided && !r.side.is_both());
                prop_assert_eq!(holds, vec![(r.side.other(), z.hold_s)]);
                continue;
            }
            match (zone.sided, asked.map(|p| p.side)) {
                (false, _) => prop_assert_eq!(holds, vec![(Side::Both, z.hold_s)]),
                (true, Some(side @ (Side::Left | Side::Right))) => {
                    prop_assert_eq!(&holds, &vec![(side, z.hold_s), (side.other(), z.other_s())]);
                    prop_assert!(z.hold_s >= z.other_s());
                }
                (true, _) => prop_assert_eq!(
                    holds,
                    vec![(Side::Left, z.hold_s), (Side::Right, z.hold_s)]
                ),
            }
        }
        // Exactly one lead-in, first.
        prop_assert_eq!(routine.steps[0].kind, StepKind::LeadIn);
        prop_assert_eq!(routine.steps.iter().filter(|s| s.kind == StepKind::LeadIn).count(), 1);
        if !matches!(request.kind, RoutineKind::Custom { .. }) {
            // Every zone is either in the routine or explained.
            let included: BTreeSet<&str> = routine.zones.iter().map(|z| z.zone.as_str()).collect();
            // (A zone worked on one side is also listed as left out on the other.)
            let omitted: BTreeSet<&str> = routine
                .omitted
                .iter()
                .filter(|o| o.side.is_both())
                .map(|o| o.zone.as_str())
                .collect();
            prop_assert!(included.is_disjoint(&omitted));
            prop_assert_eq!(included.len() + omitted.len(), c.zones().len());
            // A sore zone that made it in carries the reason it was given.
            for p in request.priorities.iter().filter(|p| p.level > 0) {
                if let Some(z) = routine.zones.iter().find(|z| z.zone == p.zone) {
                    prop_assert_eq!(&z.reason, &p.reason);
                }
            }
        }
    }

    #[test]
    fn a_longer_budget_drops_a_sore_zone_only_for_a_higher_ranked_one(mut request in request_strategy(), more in 0..300u32) {
        let c = catalog();
        request.kind = RoutineKind::Daily;
        let Ok(short) = build(c, &request) else { return Ok(()); };
        let mut longer = request.clone();
        longer.budget_s = Some((short.budget_s + more).min(1200));
        let long = build(c, &longer).expect("a longer budget still builds");
        prop_assert!(long.total_s >= short.total_s);
        // A sore zone is only ever dropped for a zone that ranks above it (higher level, or the
        // same level and an earlier maintenance rank).
        let rank = |zone: &str| {
            let level = request.priorities.iter().find(|p| p.zone == zone).map_or(0, |p| p.level);
            (std::cmp::Reverse(level), c.zone(zone).expect("zone").maintenance_rank)
        };
        let added: Vec<&str> = long
            .zones
            .iter()
            .map(|z| z.zone.as_str())
            .filter(|z| short.zones.iter().all(|s| s.zone != *z))
            .collect();
        for p in request.priorities.iter().filter(|p| p.level > 0) {
            let dropped = short.zones.iter().any(|z| z.zone == p.zone)
                && long.zones.iter().all(|z| z.zone != p.zone);
            if dropped {
                prop_assert!(
                    added.iter().any(|a| rank(a) < rank(&p.zone)),
                    "{} was dropped for nothing that ranks above it", p.zone
                );
            }
        }
    }
}
