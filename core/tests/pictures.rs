//! The technique pictures at every moment of their movement, not only at the start and the end
//! the content gives: whatever `t` an app animates through, the picture stays finite and inside
//! its view box, the hands and feet stay where the pose puts them, the tool stays on the part it
//! works, and the contact stays on the zone's region of the body map.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use fascia_core::pictures::map::{inside, BodyMap, View};
use fascia_core::pictures::technique::{Techniques, TOUCH};
use fascia_core::pictures::{Role, Shape};
use fascia_core::vocab::Side;
use fascia_core::zones::{Catalog, Tool};
use proptest::prelude::*;

fn catalog() -> &'static Catalog {
    Catalog::embedded().expect("content")
}

fn drawings() -> &'static Techniques {
    Techniques::embedded().expect("drawings")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_moment_of_every_drawing_stays_whole_and_on_the_zone(
        index in 0usize..64,
        t in 0.0f64..=1.0,
        left in any::<bool>(),
    ) {
        let c = catalog();
        let all = drawings().all();
        let d = &all[index % all.len()];
        let zone = c.zone(&d.zone).expect("zone");
        let side = match (zone.sided, left) {
            (false, _) => Side::Both,
            (true, true) => Side::Left,
            (true, false) => Side::Right,
        };
        let picture = drawings()
            .picture(c, &d.zone, side, &BTreeSet::from([d.tool]), t)
            .expect("picture");
        prop_assert!(picture.width > 0.0 && picture.height > 0.0);
        for s in &picture.shapes {
            let (lo, hi) = s.extent();
            prop_assert!(lo.is_finite_point() && hi.is_finite_point(), "{s:?}");
            prop_assert!(
                lo.x >= -1e-9 && lo.y >= -1e-9 && hi.x <= picture.width + 1e-9
                    && hi.y <= picture.height + 1e-9,
                "{} at {t}: {s:?} leaves {} x {}", d.zone, picture.width, picture.height
            );
        }
        prop_assert_eq!(
            picture.shapes.iter().filter(|s| s.role() == Role::Contact).count(),
            1
        );
        let placed = d.place(t);
        prop_assert!(placed.figure.worst_reach() <= 0.75, "{} at {t}: a hand or foot lifts", d.zone);
        prop_assert!(placed.gap.abs() <= TOUCH, "{} at {t}: gap {}", d.zone, placed.gap);
        // Carried onto the body map, the contact is on the zone.
        let map = BodyMap::embedded().expect("map");
        let region_side = if zone.sided { Side::Right } else { Side::Both };
        let region = map.region(&d.zone, region_side).expect("region");
        let view = if region.view == "front" { View::Front } else { View::Back };
        let on_map = map
            .on_bone(view, d.bone(), region_side, placed.along, d.across)
            .expect("bone");
        prop_assert!(inside(&region.points, on_map), "{} at {t}: {on_map:?}", d.zone);
    }
}

trait Finite {
    fn is_finite_point(&self) -> bool;
}

impl Finite for fascia_core::pictures::Point {
    fn is_finite_point(&self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// The left side is the right side's mirror image: the same shapes, flipped, so the working limb
/// is drawn on the other side of the picture and the label names the other side.
#[test]
fn the_left_side_is_the_mirror_of_the_right() {
    let c = catalog();
    let every: BTreeSet<Tool> = [Tool::FoamRoller, Tool::Ball, Tool::Stick, Tool::Hands].into();
    for z in c.zones().iter().filter(|z| z.sided) {
        let right = drawings()
            .picture(c, &z.id, Side::Right, &every, 0.3)
            .expect("right");
        let left = drawings()
            .picture(c, &z.id, Side::Left, &every, 0.3)
            .expect("left");
        assert_eq!(right.shapes.len(), left.shapes.len());
        for (r, l) in right.shapes.iter().zip(&left.shapes) {
            match (r, l) {
                (Shape::Text { text: a, .. }, Shape::Text { text: b, .. }) => {
                    if a == "Right" {
                        assert_eq!(b, "Left");
                    }
                }
                _ => {
                    for (p, q) in r.points().iter().zip(l.points()) {
                        assert!((p.x + q.x - right.width).abs() < 1e-9, "{}", z.id);
                        assert!((p.y - q.y).abs() < 1e-9, "{}", z.id);
                    }
                }
            }
        }
    }
}

/// The pose model draws a runner with no tool at all (the warm-up's moves): standing, every bone
/// its length, nothing drawn as working.
#[test]
fn the_pose_model_draws_a_runner_without_a_tool() {
    use fascia_core::pictures::figure::{Arm, Bend, Leg, Pose, BONES};
    let pose = Pose {
        hip: [100.0, 74.0],
        trunk: 85.0,
        neck: 88.0,
        near_leg: Leg {
            foot: [120.0, 130.0],
            knee: Bend::Right,
            toe: 0.0,
        },
        far_leg: Leg {
            foot: [84.0, 136.0],
            knee: Bend::Right,
            toe: -10.0,
        },
        near_arm: Arm {
            hand: [88.0, 76.0],
            elbow: Bend::Left,
        },
        far_arm: Arm {
            hand: [120.0, 66.0],
            elbow: Bend::Down,
        },
    };
    let f = pose.solve();
    assert!(f.worst_reach() < 1e-9);
    assert!((f.near_leg.root.distance_to(f.near_leg.joint) - BONES.thigh).abs() < 1e-9);
    let shapes = f.layers(None).all();
    assert!(shapes.iter().all(|s| s.role() != Role::Working));
    assert!(shapes.iter().any(|s| matches!(
        s,
        Shape::Circle {
            role: Role::Body,
            ..
        }
    )));
}

trait Distance {
    fn distance_to(&self, other: Self) -> f64;
}

impl Distance for fascia_core::pictures::Point {
    fn distance_to(&self, other: Self) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}
