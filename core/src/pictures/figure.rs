//! The pose model: a runner seen from the side as a line figure (head, trunk, upper and lower
//! arms, thighs, shins, feet), one style for every picture.
//!
//! A [`Pose`] says where the hips are, how the trunk and neck lean, and where each hand and foot
//! goes (and which way the elbow and knee bend); the limbs keep their lengths ([`BONES`]): the
//! elbow and knee are found by two-bone inverse kinematics. So a pose is a few numbers, two
//! poses interpolate into a movement that keeps the body whole (a hand planted on the floor stays
//! planted while the hips roll), and a standing or moving runner with no tool is a pose like any
//! other (the warm-up can draw its moves with it).
//!
//! Coordinates are the picture's (x right, y down); angles are degrees counter-clockwise from the
//! right as the eye sees it: 0 points right, 90 up, 180 left, -90 down.

use serde::Deserialize;

use super::{Point, Role, Shape};

/// The lengths of the figure's bones, in picture units: an adult runner about 130 units tall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bones {
    /// Hip to shoulder.
    pub trunk: f64,
    /// Shoulder to the head's centre.
    pub neck: f64,
    /// The head's radius.
    pub head: f64,
    /// Hip to knee.
    pub thigh: f64,
    /// Knee to ankle.
    pub shin: f64,
    /// Ankle to toe.
    pub foot: f64,
    /// Shoulder to elbow.
    pub upper_arm: f64,
    /// Elbow to the middle of the hand.
    pub forearm: f64,
}

/// The one figure every picture draws.
pub const BONES: Bones = Bones {
    trunk: 40.0,
    neck: 14.0,
    head: 8.5,
    thigh: 34.0,
    shin: 32.0,
    foot: 13.0,
    upper_arm: 23.0,
    forearm: 24.0,
};

/// How thick each part is drawn: the same in every picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Widths {
    /// The trunk.
    pub trunk: f64,
    /// A thigh.
    pub thigh: f64,
    /// A shin.
    pub shin: f64,
    /// A foot.
    pub foot: f64,
    /// An upper arm.
    pub upper_arm: f64,
    /// A forearm.
    pub forearm: f64,
    /// A hand's radius.
    pub hand: f64,
}

/// The figure's line widths.
pub const WIDTHS: Widths = Widths {
    trunk: 15.0,
    thigh: 10.0,
    shin: 8.0,
    foot: 5.0,
    upper_arm: 7.0,
    forearm: 6.0,
    hand: 3.6,
};

/// Which way a knee or an elbow bends, as the eye sees it: the joint lies on this side of the
/// line from hip to foot (shoulder to hand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bend {
    /// Towards the top of the picture.
    Up,
    /// Towards the bottom.
    Down,
    /// Towards the left.
    Left,
    /// Towards the right.
    Right,
}

impl Bend {
    fn towards(self) -> Point {
        match self {
            Bend::Up => Point::new(0.0, -1.0),
            Bend::Down => Point::new(0.0, 1.0),
            Bend::Left => Point::new(-1.0, 0.0),
            Bend::Right => Point::new(1.0, 0.0),
        }
    }
}

/// A leg: where its ankle goes, which way the knee bends, and the foot's angle.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leg {
    /// The ankle.
    pub foot: [f64; 2],
    /// Which way the knee bends.
    pub knee: Bend,
    /// The foot's direction, ankle to toe, in degrees.
    pub toe: f64,
}

/// An arm: where its hand goes and which way the elbow bends.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Arm {
    /// The middle of the hand.
    pub hand: [f64; 2],
    /// Which way the elbow bends.
    pub elbow: Bend,
}

/// A pose, as content writes it. "Near" limbs are on the viewer's side of the body and drawn in
/// front of it; "far" limbs behind it.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pose {
    /// The hips (where the thighs and the trunk meet).
    pub hip: [f64; 2],
    /// The trunk's direction, hip to shoulder, in degrees (90: upright).
    pub trunk: f64,
    /// The neck's direction, shoulder to the head's centre, in degrees.
    pub neck: f64,
    /// The leg nearer the viewer.
    pub near_leg: Leg,
    /// The other leg.
    pub far_leg: Leg,
    /// The arm nearer the viewer.
    pub near_arm: Arm,
    /// The other arm.
    pub far_arm: Arm,
}

fn lerp(a: f64, b: f64, t: f64) -> f64 {
    a + (b - a) * t
}

fn lerp2(a: [f64; 2], b: [f64; 2], t: f64) -> [f64; 2] {
    [lerp(a[0], b[0], t), lerp(a[1], b[1], t)]
}

impl Leg {
    fn lerp(&self, o: &Leg, t: f64) -> Leg {
        Leg {
            foot: lerp2(self.foot, o.foot, t),
            knee: self.knee,
            toe: lerp(self.toe, o.toe, t),
        }
    }
}

impl Arm {
    fn lerp(&self, o: &Arm, t: f64) -> Arm {
        Arm {
            hand: lerp2(self.hand, o.hand, t),
            elbow: self.elbow,
        }
    }
}

impl Pose {
    /// The pose `t` of the way (0 to 1) from `self` to `end`. Bends come from `self` (content
    /// keeps them the same at both ends).
    pub fn lerp(&self, end: &Pose, t: f64) -> Pose {
        Pose {
            hip: lerp2(self.hip, end.hip, t),
            trunk: lerp(self.trunk, end.trunk, t),
            neck: lerp(self.neck, end.neck, t),
            near_leg: self.near_leg.lerp(&end.near_leg, t),
            far_leg: self.far_leg.lerp(&end.far_leg, t),
            near_arm: self.near_arm.lerp(&end.near_arm, t),
            far_arm: self.far_arm.lerp(&end.far_arm, t),
        }
    }

    /// Every number in the pose.
    fn numbers(&self) -> Vec<f64> {
        let mut v = vec![self.hip[0], self.hip[1], self.trunk, self.neck];
        for leg in [self.near_leg, self.far_leg] {
            v.extend([leg.foot[0], leg.foot[1], leg.toe]);
        }
        for arm in [self.near_arm, self.far_arm] {
            v.extend(arm.hand);
        }
        v
    }

    /// Whether the bends are the same as `other`'s (so an animation between them never flips a
    /// knee or an elbow).
    pub fn bends_match(&self, other: &Pose) -> bool {
        self.near_leg.knee == other.near_leg.knee
            && self.far_leg.knee == other.far_leg.knee
            && self.near_arm.elbow == other.near_arm.elbow
            && self.far_arm.elbow == other.far_arm.elbow
    }

    /// The figure in this pose: every joint placed.
    pub fn solve(&self) -> Figure {
        let hip = Point::from(self.hip);
        let shoulder = hip.add(direction(self.trunk).scale(BONES.trunk));
        let head = shoulder.add(direction(self.neck).scale(BONES.neck));
        let leg = |l: &Leg| {
            let (knee, ankle, reach) =
                two_bones(hip, Point::from(l.foot), BONES.thigh, BONES.shin, l.knee);
            Limb {
                root: hip,
                joint: knee,
                end: ankle,
                toe: Some(ankle.add(direction(l.toe).scale(BONES.foot))),
                reach,
            }
        };
        let arm = |a: &Arm| {
            let (elbow, hand, reach) = two_bones(
                shoulder,
                Point::from(a.hand),
                BONES.upper_arm,
                BONES.forearm,
                a.elbow,
            );
            Limb {
                root: shoulder,
                joint: elbow,
                end: hand,
                toe: None,
                reach,
            }
        };
        Figure {
            finite: self.numbers().iter().all(|v| v.is_finite()),
            hip,
            shoulder,
            head,
            near_leg: leg(&self.near_leg),
            far_leg: leg(&self.far_leg),
            near_arm: arm(&self.near_arm),
            far_arm: arm(&self.far_arm),
        }
    }
}

/// The unit vector at `degrees` (counter-clockwise from the right, as the eye sees it).
pub fn direction(degrees: f64) -> Point {
    let r = degrees.to_radians();
    Point::new(r.cos(), -r.sin())
}

/// Places the middle joint of a two-bone limb from `root` reaching for `target`: the joint on
/// the `bend` side. A target out of reach gets the straight limb pointing at it; the third value
/// is how far the hand or foot stays from its target (0 when reached).
fn two_bones(
    root: Point,
    target: Point,
    upper: f64,
    lower: f64,
    bend: Bend,
) -> (Point, Point, f64) {
    let to = target.sub(root);
    let d = to.length();
    let along = if d > 0.0 {
        to.scale(1.0 / d)
    } else {
        Point::new(0.0, 1.0)
    };
    let reach = d.clamp((upper - lower).abs() + 1e-6, upper + lower);
    let end = root.add(along.scale(reach));
    // The law of cosines: how far along and across the root-to-end line the joint sits.
    let a = (upper * upper - lower * lower + reach * reach) / (2.0 * reach);
    let h = (upper * upper - a * a).max(0.0).sqrt();
    let across = along.perp();
    let side = if across.dot(bend.towards()) >= 0.0 {
        1.0
    } else {
        -1.0
    };
    let joint = root.add(along.scale(a)).add(across.scale(h * side));
    (joint, end, (d - reach).abs())
}

/// A limb placed: root (hip or shoulder), joint (knee or elbow), end (ankle or hand), and for a
/// leg the toe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limb {
    /// The hip or the shoulder.
    pub root: Point,
    /// The knee or the elbow.
    pub joint: Point,
    /// The ankle or the hand.
    pub end: Point,
    /// A leg's toe.
    pub toe: Option<Point>,
    /// How far the end stays from where the pose put it (0: reached).
    pub reach: f64,
}

/// A part of the figure a tool can work, or that is drawn as working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// The near leg's thigh.
    NearThigh,
    /// The near leg's shin.
    NearShin,
    /// The near leg's foot.
    NearFoot,
    /// The far leg's thigh.
    FarThigh,
    /// The far leg's shin.
    FarShin,
    /// The far leg's foot.
    FarFoot,
    /// The trunk (the back).
    Trunk,
}

/// A segment of the figure: the bone's two ends and how thick it is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// The end nearer the hips (for the trunk: the hips).
    pub from: Point,
    /// The other end.
    pub to: Point,
    /// Its drawn width.
    pub width: f64,
}

/// A figure with every joint placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// Whether every number of the pose was finite.
    pub finite: bool,
    /// The hips.
    pub hip: Point,
    /// The shoulders.
    pub shoulder: Point,
    /// The head's centre.
    pub head: Point,
    /// The leg nearer the viewer.
    pub near_leg: Limb,
    /// The other leg.
    pub far_leg: Limb,
    /// The arm nearer the viewer.
    pub near_arm: Limb,
    /// The other arm.
    pub far_arm: Limb,
}

impl Figure {
    /// The segment of a part.
    pub fn segment(&self, part: Part) -> Segment {
        let leg = |l: &Limb, which: u8| match which {
            0 => Segment {
                from: l.root,
                to: l.joint,
                width: WIDTHS.thigh,
            },
            1 => Segment {
                from: l.joint,
                to: l.end,
                width: WIDTHS.shin,
            },
            _ => Segment {
                from: l.end,
                to: l.toe.unwrap_or(l.end),
                width: WIDTHS.foot,
            },
        };
        match part {
            Part::NearThigh => leg(&self.near_leg, 0),
            Part::NearShin => leg(&self.near_leg, 1),
            Part::NearFoot => leg(&self.near_leg, 2),
            Part::FarThigh => leg(&self.far_leg, 0),
            Part::FarShin => leg(&self.far_leg, 1),
            Part::FarFoot => leg(&self.far_leg, 2),
            Part::Trunk => Segment {
                from: self.hip,
                to: self.shoulder,
                width: WIDTHS.trunk,
            },
        }
    }

    /// Every joint, to check a picture stays in its frame.
    pub fn joints(&self) -> Vec<Point> {
        let mut v = vec![self.hip, self.shoulder, self.head];
        for l in [self.near_leg, self.far_leg, self.near_arm, self.far_arm] {
            v.extend([l.root, l.joint, l.end]);
            v.extend(l.toe);
        }
        v
    }

    /// How far any hand or foot stays from where the pose put it.
    pub fn worst_reach(&self) -> f64 {
        [self.near_leg, self.far_leg, self.near_arm, self.far_arm]
            .iter()
            .map(|l| l.reach)
            .fold(0.0, f64::max)
    }

    /// The figure's shapes in three layers, back to front, so a tool can go between them: the
    /// far limbs, trunk and head; the near leg; the near arm. `working` is drawn as working (its
    /// whole limb, or the trunk); the far limbs lighter.
    pub fn layers(&self, working: Option<Part>) -> Layers {
        let near = matches!(
            working,
            Some(Part::NearThigh | Part::NearShin | Part::NearFoot)
        );
        let far = matches!(
            working,
            Some(Part::FarThigh | Part::FarShin | Part::FarFoot)
        );
        let mut back = Vec::new();
        arm_shapes(&self.far_arm, Role::Far, &mut back);
        leg_shapes(
            &self.far_leg,
            if far { Role::Working } else { Role::Far },
            &mut back,
        );
        back.push(Shape::Line {
            points: vec![self.hip, self.shoulder],
            width: WIDTHS.trunk,
            role: if working == Some(Part::Trunk) {
                Role::Working
            } else {
                Role::Body
            },
        });
        // The neck, then the head over it.
        back.push(Shape::Line {
            points: vec![self.shoulder, self.shoulder.lerp(self.head, 0.6)],
            width: WIDTHS.forearm,
            role: Role::Body,
        });
        back.push(Shape::Circle {
            centre: self.head,
            radius: BONES.head,
            role: Role::Body,
        });
        let mut near_leg = Vec::new();
        leg_shapes(
            &self.near_leg,
            if near { Role::Working } else { Role::Body },
            &mut near_leg,
        );
        let mut near_arm = Vec::new();
        arm_shapes(&self.near_arm, Role::Body, &mut near_arm);
        Layers {
            back,
            near_leg,
            near_arm,
        }
    }
}

/// A figure's shapes in drawing order, in three layers.
#[derive(Debug, Clone, PartialEq)]
pub struct Layers {
    /// The far arm and leg, the trunk and the head.
    pub back: Vec<Shape>,
    /// The near leg.
    pub near_leg: Vec<Shape>,
    /// The near arm.
    pub near_arm: Vec<Shape>,
}

impl Layers {
    /// Every shape, back to front.
    pub fn all(self) -> Vec<Shape> {
        let mut v = self.back;
        v.extend(self.near_leg);
        v.extend(self.near_arm);
        v
    }
}

fn leg_shapes(l: &Limb, role: Role, out: &mut Vec<Shape>) {
    out.push(Shape::Line {
        points: vec![l.root, l.joint],
        width: WIDTHS.thigh,
        role,
    });
    out.push(Shape::Line {
        points: vec![l.joint, l.end],
        width: WIDTHS.shin,
        role,
    });
    if let Some(toe) = l.toe {
        // The heel sits a little behind the ankle.
        let heel = l.end.add(l.end.sub(toe).unit().scale(2.5));
        out.push(Shape::Line {
            points: vec![heel, toe],
            width: WIDTHS.foot,
            role,
        });
    }
}

fn arm_shapes(l: &Limb, role: Role, out: &mut Vec<Shape>) {
    out.push(Shape::Line {
        points: vec![l.root, l.joint],
        width: WIDTHS.upper_arm,
        role,
    });
    out.push(Shape::Line {
        points: vec![l.joint, l.end],
        width: WIDTHS.forearm,
        role,
    });
    out.push(Shape::Circle {
        centre: l.end,
        radius: WIDTHS.hand,
        role,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing() -> Pose {
        // A runner standing tall, facing right, arms hanging.
        let leg = |x: f64| Leg {
            foot: [x, 136.0],
            knee: Bend::Right,
            toe: 0.0,
        };
        let arm = |x: f64| Arm {
            hand: [x, 60.0],
            elbow: Bend::Left,
        };
        Pose {
            hip: [120.0, 74.0],
            trunk: 90.0,
            neck: 90.0,
            near_leg: leg(121.0),
            far_leg: leg(119.0),
            near_arm: arm(124.0),
            far_arm: arm(118.0),
        }
    }

    #[test]
    fn a_standing_runner_without_a_tool_keeps_every_bone_length() {
        let f = standing().solve();
        assert!(f.finite);
        assert!((f.shoulder.distance(f.hip) - BONES.trunk).abs() < 1e-9);
        for l in [f.near_leg, f.far_leg] {
            assert!((l.root.distance(l.joint) - BONES.thigh).abs() < 1e-9);
            assert!((l.joint.distance(l.end) - BONES.shin).abs() < 1e-9);
            // The knee bends forward (to the right), the foot is where it was put.
            assert!(l.joint.x > l.root.x);
            assert!(l.reach < 1e-9);
        }
        // The head is on top.
        assert!(f.head.y < f.shoulder.y && f.shoulder.y < f.hip.y);
        // Drawn with no working part: nothing in the working role.
        assert!(f
            .layers(None)
            .all()
            .iter()
            .all(|s| s.role() != Role::Working));
    }

    #[test]
    fn out_of_reach_the_limb_points_straight_at_the_target() {
        let (joint, end, reach) = two_bones(
            Point::new(0.0, 0.0),
            Point::new(100.0, 0.0),
            30.0,
            30.0,
            Bend::Up,
        );
        assert!((end.x - 60.0).abs() < 1e-9 && end.y.abs() < 1e-9);
        assert!((joint.x - 30.0).abs() < 1e-6);
        assert!((reach - 40.0).abs() < 1e-9);
        // Within reach, the joint goes the way it is told.
        let (joint, _, reach) = two_bones(
            Point::new(0.0, 0.0),
            Point::new(40.0, 0.0),
            30.0,
            30.0,
            Bend::Up,
        );
        assert!(joint.y < 0.0 && reach < 1e-9);
        let (joint, _, _) = two_bones(
            Point::new(0.0, 0.0),
            Point::new(40.0, 0.0),
            30.0,
            30.0,
            Bend::Down,
        );
        assert!(joint.y > 0.0);
    }

    #[test]
    fn halfway_between_two_poses_the_bones_keep_their_lengths() {
        let a = standing();
        let mut b = standing();
        b.hip = [110.0, 90.0];
        b.trunk = 60.0;
        b.near_leg.foot = [150.0, 136.0];
        let f = a.lerp(&b, 0.5).solve();
        assert_eq!(f.hip, Point::new(115.0, 82.0));
        assert!((f.near_leg.root.distance(f.near_leg.joint) - BONES.thigh).abs() < 1e-9);
        assert!((f.near_leg.joint.distance(f.near_leg.end) - BONES.shin).abs() < 1e-9);
        assert!(a.bends_match(&b));
    }
}
