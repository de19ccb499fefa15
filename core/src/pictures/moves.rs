//! The warm-up's moves drawn with the pose model ([`figure`](super::figure)): the runner with no
//! tool, standing or moving, from the move's start pose to its end pose (`content/warmup.json`,
//! each move's `picture`), the limb that leads the move in the accent colour and the way it moves
//! as a double arrow (every warm-up move goes there and back). An app animates between the poses
//! with `t`, as for the technique pictures.
//!
//! Drawings are made for the right side; the left is the mirror image, and a sided move's
//! picture names its side. The content is checked when it loads: the knees and elbows bend the
//! same way at both ends, every hand and foot is where the pose puts it, the figure stays in the
//! frame and above the floor and stands on it, at every moment of the movement.

use std::sync::OnceLock;

use serde::Deserialize;

use super::figure::{Figure, Part, Pose};
use super::{Picture, Point, Role, Shape, TextAnchor};
use crate::vocab::{Invalid, Side};
use crate::warmup::{Move, WarmUp};
use crate::zones::{Catalog, ContentError};

/// The frame's width, in the pose model's units (the figure is about 130 tall).
pub const WIDTH: f64 = 240.0;
/// The frame's height: the figure's 150 and room above it for the side's name.
pub const HEIGHT: f64 = 150.0 + LABELS_HEIGHT;
/// The floor's y in the content's coordinates (the poses').
pub const FLOOR: f64 = 140.0;
/// The floor's y in the frame.
pub const GROUND: f64 = FLOOR + LABELS_HEIGHT;
/// Room above the figure for the side's name.
const LABELS_HEIGHT: f64 = 24.0;
/// How far a hand or foot may stay from where its pose puts it.
const REACH: f64 = 0.5;
/// How close to the floor the lower foot must come (the runner stands, or pushes off it).
const STANDS: f64 = 4.0;
/// The shortest arrow drawn (a shorter movement gets its arrow lengthened at both ends).
const MIN_ARROW: f64 = 18.0;
/// The moments checked between the start and the end pose.
const MOMENTS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// The point of the figure whose path the arrow follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trace {
    /// The near ankle.
    NearFoot,
    /// The far ankle.
    FarFoot,
    /// The near knee.
    NearKnee,
    /// The far knee.
    FarKnee,
    /// The hips.
    Hip,
}

impl Trace {
    fn point(self, f: &Figure) -> Point {
        match self {
            Trace::NearFoot => f.near_leg.end,
            Trace::FarFoot => f.far_leg.end,
            Trace::NearKnee => f.near_leg.joint,
            Trace::FarKnee => f.far_leg.joint,
            Trace::Hip => f.hip,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    working: Part,
    trace: Trace,
    #[serde(default)]
    offset: [f64; 2],
    start: Pose,
    end: Pose,
}

/// One move's drawing, in the content's coordinates (the figure's 240 × 150, the floor at 140).
#[derive(Debug, Clone, PartialEq)]
pub struct MoveDrawing {
    /// The move's id ([`Move::id`]).
    pub id: String,
    /// The part that leads the move, drawn as working.
    pub working: Part,
    /// The point whose path the arrow follows.
    pub trace: Trace,
    /// How far beside that point the arrow runs (so it does not hide under a limb).
    pub offset: Point,
    /// The pose at the start of the movement.
    pub start: Pose,
    /// The pose at its end.
    pub end: Pose,
}

impl MoveDrawing {
    /// Reads a move's `picture` from its content.
    pub fn of(m: &Move) -> Result<MoveDrawing, ContentError> {
        let f = Fields::deserialize(&m.picture).map_err(|e| ContentError::Parse {
            file: "warmup.json".to_owned(),
            message: format!("move {:?}: picture: {e}", m.id),
        })?;
        Ok(MoveDrawing {
            id: m.id.clone(),
            working: f.working,
            trace: f.trace,
            offset: Point::from(f.offset),
            start: f.start,
            end: f.end,
        })
    }

    /// The figure `t` of the way (0 to 1) from the start pose to the end pose.
    pub fn figure(&self, t: f64) -> Figure {
        self.start.lerp(&self.end, t).solve()
    }

    /// What is wrong with the drawing, in words; empty when nothing is.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.start.bends_match(&self.end) {
            out.push("a knee or an elbow bends the other way at the end".to_owned());
        }
        for t in MOMENTS {
            let f = self.figure(t);
            if !f.finite {
                out.push(format!("t={t}: a number is not finite"));
                continue;
            }
            if f.worst_reach() > REACH {
                out.push(format!(
                    "t={t}: a hand or foot stays {:.1} from where the pose puts it",
                    f.worst_reach()
                ));
            }
            let ground = FLOOR;
            let mut lowest = f64::NEG_INFINITY;
            for p in f.joints() {
                if p.x < 0.0 || p.x > WIDTH || p.y < 0.0 {
                    out.push(format!("t={t}: a joint leaves the frame at {p:?}"));
                }
                if p.y > ground {
                    out.push(format!("t={t}: a joint sinks into the floor at {p:?}"));
                }
                lowest = lowest.max(p.y);
            }
            if lowest < ground - STANDS {
                out.push(format!(
                    "t={t}: no foot on the floor (the lowest is {:.1} above it)",
                    ground - lowest
                ));
            }
        }
        out
    }

    /// The drawing at `t` in the frame, for the right side (or an unsided move), `heading`
    /// (the side's name) above it.
    fn draw(&self, t: f64, heading: Option<String>) -> Picture {
        let down = Point::new(0.0, LABELS_HEIGHT);
        let mut shapes = vec![Shape::Line {
            points: vec![Point::new(4.0, GROUND), Point::new(WIDTH - 4.0, GROUND)],
            width: 2.0,
            role: Role::Ground,
        }];
        // The arrow first, so the body passes in front of it.
        shapes.extend(self.arrow().into_iter().map(|s| s.moved(down)));
        shapes.extend(
            self.figure(t)
                .layers(Some(self.working))
                .all()
                .into_iter()
                .map(|s| s.moved(down)),
        );
        if let Some(text) = heading {
            shapes.push(Shape::Text {
                at: Point::new(8.0, 20.0),
                text,
                size: 16.0,
                anchor: TextAnchor::Start,
                role: Role::Heading,
            });
        }
        Picture {
            width: WIDTH,
            height: HEIGHT,
            shapes,
        }
    }

    /// The path of the traced point from the start to the end, beside it by the offset, with a
    /// head at each end; a short one drawn straight and lengthened to [`MIN_ARROW`].
    fn arrow(&self) -> Vec<Shape> {
        let mut path: Vec<Point> = (0..=12)
            .map(|i| {
                let f = self.figure(f64::from(i) / 12.0);
                self.trace.point(&f).add(self.offset)
            })
            .collect();
        let (Some(&first), Some(&last)) = (path.first(), path.last()) else {
            return Vec::new();
        };
        let length = first.distance(last);
        if length < 2.0 {
            return Vec::new();
        }
        if length < MIN_ARROW {
            let grow = last.sub(first).unit().scale((MIN_ARROW - length) / 2.0);
            path = vec![first.sub(grow), last.add(grow)];
        }
        let head = |tip: Point, from: Point| {
            let d = tip.sub(from).unit();
            let base = tip.sub(d.scale(6.0));
            let side = d.perp().scale(3.8);
            Shape::Area {
                points: vec![tip, base.add(side), base.sub(side)],
                role: Role::Motion,
                level: None,
                region: None,
            }
        };
        let n = path.len();
        let (first, last) = (path[0], path[n - 1]);
        // The line stops short of the heads, so their points stay sharp.
        let mut line = path.clone();
        line[0] = first.add(path[1].sub(first).unit().scale(4.0));
        line[n - 1] = last.add(path[n - 2].sub(last).unit().scale(4.0));
        vec![
            Shape::Line {
                points: line,
                width: 2.2,
                role: Role::Motion,
            },
            head(last, path[n - 2]),
            head(first, path[1]),
        ]
    }
}

/// Every move's drawing, read from the warm-up content and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveDrawings {
    drawings: Vec<MoveDrawing>,
}

impl MoveDrawings {
    /// The drawings of the embedded warm-up, read and checked once.
    pub fn embedded() -> Result<&'static MoveDrawings, ContentError> {
        static EMBEDDED: OnceLock<Result<MoveDrawings, ContentError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| MoveDrawings::of(WarmUp::embedded()?))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The drawings of `warm_up`'s moves; a drawing with a problem is refused with it.
    pub fn of(warm_up: &WarmUp) -> Result<MoveDrawings, ContentError> {
        let drawings = MoveDrawings::read(warm_up)?;
        match drawings.problems().first() {
            Some(p) => Err(ContentError::Parse {
                file: "warmup.json".to_owned(),
                message: format!("picture of {p}"),
            }),
            None => Ok(drawings),
        }
    }

    /// The drawings of `warm_up`'s moves, read but not checked: to look at a drawing being
    /// edited (`tools/screens`); [`MoveDrawings::problems`] says what is wrong.
    pub fn read(warm_up: &WarmUp) -> Result<MoveDrawings, ContentError> {
        let drawings = warm_up
            .moves()
            .iter()
            .map(MoveDrawing::of)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(MoveDrawings { drawings })
    }

    /// Every drawing's problems, each naming its move.
    pub fn problems(&self) -> Vec<String> {
        self.drawings
            .iter()
            .flat_map(|d| d.problems().into_iter().map(|p| format!("{}: {p}", d.id)))
            .collect()
    }

    /// Every drawing, in the order the moves are done.
    pub fn all(&self) -> &[MoveDrawing] {
        &self.drawings
    }

    /// The drawing of a move.
    pub fn get(&self, id: &str) -> Option<&MoveDrawing> {
        self.drawings.iter().find(|d| d.id == id)
    }

    /// The picture of move `id` on `side` (left or right for a sided move, both otherwise), `t`
    /// of the way (0 to 1) from its start pose to its end pose. The left is the right's mirror
    /// image; a sided move's picture names its side.
    pub fn picture(
        &self,
        catalog: &Catalog,
        warm_up: &WarmUp,
        id: &str,
        side: Side,
        t: f64,
    ) -> Result<Picture, Invalid> {
        let (Some(m), Some(d)) = (warm_up.get(id), self.get(id)) else {
            let ids: Vec<&str> = warm_up.moves().iter().map(|m| m.id.as_str()).collect();
            return Err(Invalid::new(
                "move_id",
                format!("unknown move {id:?}; moves: {}", ids.join(", ")),
            ));
        };
        match (m.sided, side) {
            (true, Side::Both) => {
                return Err(Invalid::new(
                    "side",
                    format!("{id} is done on each side: choose left or right"),
                ))
            }
            (false, Side::Left | Side::Right) => {
                return Err(Invalid::new("side", format!("{id} has no sides: use both")))
            }
            _ => {}
        }
        if !(0.0..=1.0).contains(&t) {
            return Err(Invalid::new(
                "t",
                format!("must be 0 (the start pose) to 1 (the end pose), got {t}"),
            ));
        }
        let heading = m.sided.then(|| catalog.text(side.text_key(), &[]));
        let picture = d.draw(t, heading);
        Ok(if side == Side::Left {
            Picture {
                shapes: picture
                    .shapes
                    .into_iter()
                    .map(|s| s.mirrored(WIDTH))
                    .collect(),
                ..picture
            }
        } else {
            picture
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> &'static Catalog {
        Catalog::embedded().expect("content")
    }

    fn warm_up() -> &'static WarmUp {
        WarmUp::embedded().expect("warm-up")
    }

    fn drawings() -> &'static MoveDrawings {
        MoveDrawings::embedded().expect("every move's drawing is whole")
    }

    /// Every move, on every side it is done on, has a picture: the runner with the leading limb
    /// in the accent colour, the way it moves, the floor, and a sided move's side named.
    #[test]
    fn every_move_and_side_has_a_picture() {
        let (c, w) = (catalog(), warm_up());
        assert_eq!(drawings().all().len(), w.moves().len());
        for m in w.moves() {
            let sides: &[Side] = if m.sided {
                &[Side::Right, Side::Left]
            } else {
                &[Side::Both]
            };
            for side in sides {
                let p = drawings()
                    .picture(c, w, &m.id, *side, 0.5)
                    .expect("picture");
                let has = |role| p.shapes.iter().any(|s| s.role() == role);
                assert!(
                    has(Role::Working) && has(Role::Motion) && has(Role::Ground),
                    "{}",
                    m.id
                );
                assert!(!has(Role::Tool) && !has(Role::Contact), "{}", m.id);
                let headings: Vec<&str> = p
                    .shapes
                    .iter()
                    .filter_map(|s| match s {
                        Shape::Text { text, .. } => Some(text.as_str()),
                        _ => None,
                    })
                    .collect();
                if m.sided {
                    assert_eq!(headings, [c.text(side.text_key(), &[])]);
                } else {
                    assert!(headings.is_empty());
                }
            }
            // The start and the end differ: there is a movement to animate.
            let d = drawings().get(&m.id).expect("drawing");
            assert_ne!(d.figure(0.0), d.figure(1.0), "{}", m.id);
        }
    }

    #[test]
    fn the_left_side_is_the_right_mirrored() {
        let (c, w) = (catalog(), warm_up());
        let right = drawings()
            .picture(c, w, "leg-swings-front", Side::Right, 0.3)
            .expect("right");
        let left = drawings()
            .picture(c, w, "leg-swings-front", Side::Left, 0.3)
            .expect("left");
        for (r, l) in right.shapes.iter().zip(&left.shapes) {
            if r.role() != Role::Heading {
                assert_eq!(r.clone().mirrored(WIDTH), *l);
            }
        }
    }

    #[test]
    fn bad_requests_are_typed_errors() {
        let (c, w) = (catalog(), warm_up());
        let field = |id: &str, side, t| {
            drawings()
                .picture(c, w, id, side, t)
                .expect_err("refused")
                .field
        };
        assert_eq!(field("moonwalk", Side::Both, 0.0), "move_id");
        assert_eq!(field("leg-swings-front", Side::Both, 0.0), "side");
        assert_eq!(field("high-knees", Side::Left, 0.0), "side");
        assert_eq!(field("high-knees", Side::Both, 1.5), "t");
        assert_eq!(field("high-knees", Side::Both, f64::NAN), "t");
    }

    /// A drawing that bends a knee the other way, floats, or reaches past its limbs is refused
    /// when the content loads, naming the move.
    #[test]
    fn a_broken_drawing_is_refused_with_its_problem() {
        let mut d = drawings().get("walking-lunges").expect("drawing").clone();
        assert!(d.problems().is_empty());
        d.end.near_leg.knee = super::super::figure::Bend::Left;
        assert!(d.problems()[0].contains("bends the other way"));
        let mut d = drawings().get("high-knees").expect("drawing").clone();
        d.start.hip[1] -= 40.0;
        d.start.near_leg.foot[1] -= 40.0;
        d.start.far_leg.foot[1] -= 40.0;
        assert!(d
            .problems()
            .iter()
            .any(|p| p.contains("no foot on the floor")));
        let mut d = drawings().get("calf-raises").expect("drawing").clone();
        d.end.near_arm.hand = [220.0, 10.0];
        assert!(d.problems().iter().any(|p| p.contains("stays")));
    }
}
