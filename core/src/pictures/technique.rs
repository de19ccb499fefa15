//! How to lie on the tool for each zone and side: a line drawing of the runner (the pose model,
//! [`figure`](super::figure)) on the tool, with the point of contact on the zone and the way to
//! move slowly, from a start pose to an end pose so an app can animate between them.
//!
//! The content is `content/technique.json`: for each zone, one drawing per tool it is drawn with
//! (the zone's first tool at least), each a start and an end [`Frame`] (a pose and where the tool
//! is). Drawings are made for the runner's right side; the left side is the mirror image, and
//! the picture says which side it is. The contact is where the tool meets the worked part: the
//! content is checked so that the tool touches the part, a roller or a ball rests on the floor,
//! nothing sinks into the floor or leaves the frame, and the contact, carried onto the body map,
//! falls inside the zone's region there.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::figure::{Figure, Part, Pose, Segment, WIDTHS};
use super::map::{inside, BodyMap, Bone, View};
use super::{nearest_on_segment, Picture, Point, Role, Shape, TextAnchor};
use crate::vocab::{Invalid, Name, Side, ZoneId};
use crate::zones::{Catalog, ContentError, Tool};

/// Version of the technique content's format this code reads.
pub const TECHNIQUE_FORMAT_VERSION: u32 = 1;

const TECHNIQUE_JSON: &str = include_str!("../../content/technique.json");

/// A foam roller's radius (picture units; the figure is about 130 tall).
pub const ROLLER_RADIUS: f64 = 8.0;
/// A massage ball's radius.
pub const BALL_RADIUS: f64 = 4.5;
/// A roller stick's length, handles included.
pub const STICK_LENGTH: f64 = 46.0;
/// A roller stick's thickness between the handles.
pub const STICK_WIDTH: f64 = 4.0;
/// A handle's length at each end of the stick.
const HANDLE_LENGTH: f64 = 11.0;
/// A handle's thickness.
const HANDLE_WIDTH: f64 = 6.5;
/// How far a tool may stand off the part it works, or sink into it.
pub const TOUCH: f64 = 1.5;
/// The contact dot's radius.
const CONTACT_RADIUS: f64 = 3.2;
/// Room for the side and the tool's name above the figure.
const LABELS_HEIGHT: f64 = 34.0;
/// A picture is at least this many times as wide as it is tall.
pub const MIN_ASPECT: f64 = 1.5;
/// The shortest arrow drawn.
const MIN_ARROW: f64 = 16.0;

/// Where the tool is in a frame: its centre and, for a stick, its direction in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolPlace {
    /// The tool's centre.
    pub at: [f64; 2],
    /// A stick's direction (degrees counter-clockwise from the right).
    #[serde(default)]
    pub angle: f64,
}

/// One end of the movement: the pose and where the tool is (none for hands: the near hand
/// presses).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frame {
    /// The runner's pose.
    pub pose: Pose,
    /// The tool's place; none for hands.
    #[serde(default)]
    pub tool: Option<ToolPlace>,
}

/// Where a drawing is seen from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Seen {
    /// From the side: the floor is a line, a roller or a ball rests on it.
    #[default]
    Side,
    /// From above, the runner lying on the floor: a roller is seen lengthwise
    /// ([`ROLLER_LENGTH`] along its place's angle) and the worked part lies across it.
    Above,
}

/// A foam roller's length, seen from above.
pub const ROLLER_LENGTH: f64 = 50.0;

/// One drawing: a zone worked with one tool.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technique {
    /// The zone.
    pub zone: ZoneId,
    /// The tool drawn (one the zone lists).
    pub tool: Tool,
    /// The part the tool works.
    pub on: Part,
    /// The part drawn as working, when not `on` (a ball under the front of the hips works the
    /// hip flexors: the trunk meets the ball, the thigh below is drawn working).
    #[serde(default)]
    pub working: Option<Part>,
    /// Where the drawing is seen from.
    #[serde(default)]
    pub view: Seen,
    /// Where across the part the contact lies on the body map: -1 the inner edge, 1 the outer
    /// (for the back: towards the runner's left, right).
    #[serde(default)]
    pub across: f64,
    /// A wall at this x, for balance.
    #[serde(default)]
    pub wall: Option<f64>,
    /// Draw the tool behind the near leg (when the near leg crosses in front of it).
    #[serde(default)]
    pub tool_behind: bool,
    /// The start.
    pub start: Frame,
    /// The end.
    pub end: Frame,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TechniqueFile {
    version: u32,
    width: f64,
    height: f64,
    ground: f64,
    pictures: Vec<Technique>,
}

/// A frame worked out: the figure, the tool's centre and radius, and the contact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// The figure.
    pub figure: Figure,
    /// The worked part's segment.
    pub segment: Segment,
    /// The tool's place (for hands, the hand's centre).
    pub tool: ToolPlace,
    /// The radius of what presses (the roller, the ball, half the stick, the hand).
    pub radius: f64,
    /// Where the tool meets the part.
    pub contact: Point,
    /// How far along the part the contact is (0 at the end nearer the hips, 1 at the other).
    pub along: f64,
    /// The gap between the tool and the part's surface (negative: sunk in).
    pub gap: f64,
    /// From the tool towards the part.
    pub normal: Point,
}

impl Technique {
    /// The frame `t` of the way from start (0) to end (1).
    pub fn place(&self, t: f64) -> Placed {
        let pose = self.start.pose.lerp(&self.end.pose, t);
        let figure = pose.solve();
        let tool = match (self.start.tool, self.end.tool) {
            (Some(a), Some(b)) => ToolPlace {
                at: [
                    a.at[0] + (b.at[0] - a.at[0]) * t,
                    a.at[1] + (b.at[1] - a.at[1]) * t,
                ],
                angle: a.angle + (b.angle - a.angle) * t,
            },
            _ => ToolPlace {
                at: [figure.near_arm.end.x, figure.near_arm.end.y],
                angle: 0.0,
            },
        };
        let radius = match self.tool {
            Tool::FoamRoller => ROLLER_RADIUS,
            Tool::Ball => BALL_RADIUS,
            Tool::Stick => STICK_WIDTH / 2.0,
            Tool::Hands => WIDTHS.hand,
        };
        let segment = figure.segment(self.on);
        let centre = Point::from(tool.at);
        let (nearest, along) = nearest_on_segment(centre, segment.from, segment.to);
        if self.view == Seen::Above {
            // The part lies across the roller: the roller's middle is under it.
            return Placed {
                figure,
                segment,
                tool,
                radius,
                contact: nearest,
                along,
                gap: (nearest.distance(centre) - segment.width / 2.0).max(0.0),
                normal: segment.to.sub(segment.from).unit().perp(),
            };
        }
        let normal = nearest.sub(centre).unit();
        Placed {
            figure,
            segment,
            tool,
            radius,
            contact: centre.add(normal.scale(radius)),
            along,
            gap: nearest.distance(centre) - radius - segment.width / 2.0,
            normal,
        }
    }

    /// The bone of the body map the worked part lies along.
    pub fn bone(&self) -> Bone {
        match self.on {
            Part::NearThigh | Part::FarThigh => Bone::Thigh,
            Part::NearShin | Part::FarShin => Bone::Shin,
            Part::NearFoot | Part::FarFoot => Bone::Foot,
            Part::Trunk => Bone::Trunk,
        }
    }

    /// The shapes of the tool in a frame (none for hands: the hand is the figure's).
    fn tool_shapes(&self, p: &Placed) -> Vec<Shape> {
        let at = Point::from(p.tool.at);
        match self.tool {
            Tool::FoamRoller if self.view == Seen::Above => {
                let d = super::figure::direction(p.tool.angle).scale(ROLLER_LENGTH / 2.0);
                vec![Shape::Line {
                    points: vec![at.sub(d), at.add(d)],
                    width: 2.0 * p.radius,
                    role: Role::Tool,
                }]
            }
            Tool::FoamRoller | Tool::Ball => vec![Shape::Circle {
                centre: at,
                radius: p.radius,
                role: Role::Tool,
            }],
            Tool::Stick => {
                let d = super::figure::direction(p.tool.angle);
                let half = STICK_LENGTH / 2.0;
                let end = |k: f64| at.add(d.scale(k));
                vec![
                    Shape::Line {
                        points: vec![end(-half), end(half)],
                        width: STICK_WIDTH,
                        role: Role::Tool,
                    },
                    Shape::Line {
                        points: vec![end(-half), end(-half + HANDLE_LENGTH)],
                        width: HANDLE_WIDTH,
                        role: Role::Tool,
                    },
                    Shape::Line {
                        points: vec![end(half - HANDLE_LENGTH), end(half)],
                        width: HANDLE_WIDTH,
                        role: Role::Tool,
                    },
                ]
            }
            Tool::Hands => Vec::new(),
        }
    }
}

/// The validated technique drawings.
#[derive(Debug, Clone, PartialEq)]
pub struct Techniques {
    width: f64,
    height: f64,
    ground: f64,
    pictures: Vec<Technique>,
}

impl Techniques {
    /// The drawings embedded in this build, checked against the embedded zones and body map once.
    pub fn embedded() -> Result<&'static Techniques, ContentError> {
        static EMBEDDED: OnceLock<Result<Techniques, ContentError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                Techniques::parse(TECHNIQUE_JSON, Catalog::embedded()?, BodyMap::embedded()?)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses the drawings and checks them ([`Techniques::problems`]): any problem refuses them.
    pub fn parse(json: &str, catalog: &Catalog, map: &BodyMap) -> Result<Techniques, ContentError> {
        let t = Techniques::read(json)?;
        match t.problems(catalog, map).into_iter().next() {
            Some(problem) => Err(ContentError::BadPicture(problem)),
            None => Ok(t),
        }
    }

    /// Parses the drawings without checking them against the zones and the map (to look at a
    /// draft: [`Techniques::problems`] says what is wrong with it).
    pub fn read(json: &str) -> Result<Techniques, ContentError> {
        let file: TechniqueFile = crate::zones::read_content(
            json,
            "technique.json",
            TECHNIQUE_FORMAT_VERSION,
            |f: &TechniqueFile| f.version,
        )?;
        let frame_ok = |v: f64| v.is_finite() && v > 0.0 && v <= 2000.0;
        if !frame_ok(file.width)
            || !frame_ok(file.height)
            || !(0.0..file.height).contains(&file.ground)
        {
            return Err(ContentError::BadPicture(
                "the frame needs a positive width and height and the floor inside it".to_owned(),
            ));
        }
        Ok(Techniques {
            width: file.width,
            height: file.height,
            ground: file.ground,
            pictures: file.pictures,
        })
    }

    /// Everything wrong with the drawings, one line each: a zone with no drawing, a tool the zone
    /// does not list, a drawing given twice, knees or elbows that flip between start and end, a
    /// missing or needless tool place, and at the start and the end: a hand or foot out of reach,
    /// anything outside the frame or below the floor, a roller or ball off the floor, a tool
    /// that does not touch the part it works (or sinks into it), a contact at the end of the
    /// part, or a contact that falls outside the zone's region on the body map.
    pub fn problems(&self, catalog: &Catalog, map: &BodyMap) -> Vec<String> {
        let mut out = Vec::new();
        for z in catalog.zones() {
            if !self.pictures.iter().any(|p| p.zone == z.id) {
                out.push(format!("{} has no drawing", z.id));
            }
        }
        for (i, p) in self.pictures.iter().enumerate() {
            let name = format!("{} with {}", p.zone, p.tool.name());
            let Some(zone) = catalog.zone(&p.zone) else {
                out.push(format!("a drawing names an unknown zone {:?}", p.zone));
                continue;
            };
            if !zone.tools.contains(&p.tool) {
                out.push(format!("{name}: {} does not list that tool", p.zone));
            }
            if self.pictures[..i]
                .iter()
                .any(|o| o.zone == p.zone && o.tool == p.tool)
            {
                out.push(format!("{name} is drawn twice"));
            }
            if !p.start.pose.bends_match(&p.end.pose) {
                out.push(format!(
                    "{name}: a knee or an elbow bends the other way at the end"
                ));
            }
            let placed_tool = p.start.tool.is_some() && p.end.tool.is_some();
            let hands = p.tool == Tool::Hands;
            if placed_tool == hands || p.start.tool.is_some() != p.end.tool.is_some() {
                out.push(format!(
                    "{name}: {}",
                    if hands {
                        "hands have no tool place (the near hand presses)"
                    } else {
                        "the tool needs a place at the start and at the end"
                    }
                ));
                continue;
            }
            if !(-1.0..=1.0).contains(&p.across) {
                out.push(format!("{name}: across must be -1 to 1"));
            }
            for (t, when) in [(0.0, "start"), (1.0, "end")] {
                for problem in self.frame_problems(p, t, map, zone.sided) {
                    out.push(format!("{name}, {when}: {problem}"));
                }
            }
        }
        out
    }

    /// What is wrong with a drawing's frame `t` of the way from start to end.
    pub fn frame_problems(&self, p: &Technique, t: f64, map: &BodyMap, sided: bool) -> Vec<String> {
        let mut out = Vec::new();
        let placed = p.place(t);
        let f = &placed.figure;
        if !f.finite {
            out.push("a number is not finite".to_owned());
            return out;
        }
        if f.worst_reach() > 0.75 {
            out.push(format!(
                "a hand or a foot is {:.1} out of reach",
                f.worst_reach()
            ));
        }
        for s in self.figure_shapes(p, t) {
            let (lo, hi) = s.extent();
            if !(lo.is_finite()
                && hi.is_finite()
                && lo.x >= 0.0
                && lo.y >= 0.0
                && hi.x <= self.width
                && hi.y <= self.height)
            {
                out.push(format!("{:?} leaves the frame", s.role()));
            }
        }
        // Nothing below the floor: every bone's drawn edge, and the tool.
        let lowest = [
            (f.near_leg, WIDTHS.shin),
            (f.far_leg, WIDTHS.shin),
            (f.near_arm, WIDTHS.forearm),
            (f.far_arm, WIDTHS.forearm),
        ]
        .iter()
        .flat_map(|(l, w)| {
            [l.joint.y + w / 2.0, l.end.y + w / 2.0]
                .into_iter()
                .chain(l.toe.map(|t| t.y + WIDTHS.foot / 2.0))
        })
        .chain([
            f.hip.y + WIDTHS.trunk / 2.0,
            f.head.y + super::figure::BONES.head,
        ])
        .fold(f64::NEG_INFINITY, f64::max);
        if p.view == Seen::Side && lowest > self.ground + 1.0 {
            out.push(format!(
                "the body sinks {:.1} into the floor",
                lowest - self.ground
            ));
        }
        if p.view == Seen::Side && matches!(p.tool, Tool::FoamRoller | Tool::Ball) {
            let bottom = placed.tool.at[1] + placed.radius;
            if (bottom - self.ground).abs() > 1.0 {
                out.push(format!(
                    "the {} is {:.1} off the floor",
                    p.tool.name(),
                    self.ground - bottom
                ));
            }
        }
        if placed.gap.abs() > TOUCH {
            out.push(format!(
                "the {} is {:.1} {} the part it works",
                p.tool.name(),
                placed.gap.abs(),
                if placed.gap > 0.0 {
                    "away from"
                } else {
                    "into"
                }
            ));
        }
        // A limb is worked between its joints; the trunk's ends are the buttocks and the
        // shoulders, which may be worked.
        if p.on != Part::Trunk && !(placed.along > 0.0 && placed.along < 1.0) {
            out.push("the contact is on a joint, not on the part".to_owned());
        }
        let side = if sided { Side::Right } else { Side::Both };
        match map.region(&p.zone, side) {
            Some(region) => {
                let view = if region.view == "front" {
                    View::Front
                } else {
                    View::Back
                };
                match map.on_bone(view, p.bone(), side, placed.along, p.across) {
                    Some(on_map) if inside(&region.points, on_map) => {}
                    Some(on_map) => out.push(format!(
                        "the contact ({:.2} along the {:?}) falls outside the zone's region on \
                         the map, at {on_map:?}",
                        placed.along,
                        p.bone()
                    )),
                    None => out.push(format!("the map has no {:?} bone", p.bone())),
                }
            }
            None => out.push("the zone has no region on the map".to_owned()),
        }
        out
    }

    /// The frame's width.
    pub fn width(&self) -> f64 {
        self.width
    }

    /// The frame's height.
    pub fn height(&self) -> f64 {
        self.height
    }

    /// The floor's y.
    pub fn ground(&self) -> f64 {
        self.ground
    }

    /// Every drawing, zone by zone in the content's order.
    pub fn all(&self) -> &[Technique] {
        &self.pictures
    }

    /// The drawing for a zone and the tools the runner owns (`routine::owned_tools`: hands
    /// always): the first of the zone's tools (in the zone's order) that the runner owns and
    /// that has a drawing, else the zone's first drawing.
    pub fn choose(
        &self,
        zone: &str,
        catalog: &Catalog,
        owned: &BTreeSet<Tool>,
    ) -> Option<&Technique> {
        let z = catalog.zone(zone)?;
        z.tools
            .iter()
            .filter(|t| owned.contains(t))
            .find_map(|t| {
                self.pictures
                    .iter()
                    .find(|p| p.zone == zone && p.tool == *t)
            })
            .or_else(|| self.pictures.iter().find(|p| p.zone == zone))
    }

    /// The picture of how to work `zone` on `side` with the tools the runner owns ([`Techniques::choose`]
    /// says which drawing), `t` of the way (0 to 1) from the start pose to the end pose. The side is the runner's: the left is the
    /// right's mirror image, and the picture names it with the tool.
    pub fn picture(
        &self,
        catalog: &Catalog,
        zone: &str,
        side: Side,
        owned: &BTreeSet<Tool>,
        t: f64,
    ) -> Result<Picture, Invalid> {
        let Some(z) = catalog.zone(zone) else {
            return Err(Invalid::new("zone", catalog.unknown_zone(zone)));
        };
        match (z.sided, side) {
            (true, Side::Both) => {
                return Err(Invalid::new(
                    "side",
                    format!("{zone} is worked on each side: choose left or right"),
                ))
            }
            (false, Side::Left | Side::Right) => {
                return Err(Invalid::new(
                    "side",
                    format!("{zone} has no sides: use both"),
                ))
            }
            _ => {}
        }
        if !(0.0..=1.0).contains(&t) {
            return Err(Invalid::new(
                "t",
                format!("must be 0 (the start pose) to 1 (the end pose), got {t}"),
            ));
        }
        let Some(p) = self.choose(zone, catalog, owned) else {
            return Err(Invalid::new("zone", format!("{zone} has no drawing")));
        };
        // The side in large letters (none for an unsided zone), then the tool.
        let mut labels = Vec::new();
        if z.sided {
            labels.push((catalog.text(side.text_key(), &[]), Role::Heading, 16.0));
        }
        labels.push((catalog.text(p.tool.text_key(), &[]), Role::Label, 11.0));
        let picture = self.draw(p, t, &labels);
        Ok(if side == Side::Left {
            let width = picture.width;
            Picture {
                shapes: picture
                    .shapes
                    .into_iter()
                    .map(|s| s.mirrored(width))
                    .collect(),
                ..picture
            }
        } else {
            picture
        })
    }

    /// The body, the tool, the arrow and the contact at `t`, in the content's coordinates.
    fn figure_shapes(&self, p: &Technique, t: f64) -> Vec<Shape> {
        let placed = p.place(t);
        let layers = placed.figure.layers(Some(p.working.unwrap_or(p.on)));
        let tool = p.tool_shapes(&placed);
        let mut shapes = layers.back;
        if p.tool_behind {
            shapes.extend(tool);
            shapes.extend(layers.near_leg);
        } else {
            shapes.extend(layers.near_leg);
            shapes.extend(tool);
        }
        shapes.extend(layers.near_arm);
        shapes.extend(self.arrow(p, &placed));
        shapes.push(Shape::Circle {
            centre: placed.contact,
            radius: CONTACT_RADIUS,
            role: Role::Contact,
        });
        shapes
    }

    /// The part of the content's frame a drawing shows, the same at every `t`: what the body,
    /// the tool and the arrow cover from start to end, with room for the labels above, the floor
    /// below, the wall, and a margin; never narrower than [`MIN_ASPECT`] times its height.
    /// Returns left, top, width, height.
    pub fn frame(&self, p: &Technique) -> (f64, f64, f64, f64) {
        let (mut x0, mut y0, mut x1, mut y1) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
            for s in self.figure_shapes(p, t) {
                let (lo, hi) = s.extent();
                x0 = x0.min(lo.x);
                y0 = y0.min(lo.y);
                x1 = x1.max(hi.x);
                y1 = y1.max(hi.y);
            }
        }
        if let Some(x) = p.wall {
            x0 = x0.min(x);
            x1 = x1.max(x);
        }
        let margin = 10.0;
        let (left, right) = (x0 - margin, x1 + margin);
        let top = y0 - margin - LABELS_HEIGHT;
        let bottom = match p.view {
            Seen::Side => self.ground + margin / 2.0,
            Seen::Above => y1 + margin,
        };
        let (mut w, h) = (right - left, bottom - top);
        let mut l = left;
        if w < MIN_ASPECT * h {
            l -= (MIN_ASPECT * h - w) / 2.0;
            w = MIN_ASPECT * h;
        }
        (l, top, w, h)
    }

    /// A drawing's frame at `t`, as drawn for the right side (or an unsided zone), cropped to
    /// [`Techniques::frame`].
    fn draw(&self, p: &Technique, t: f64, labels: &[(String, Role, f64)]) -> Picture {
        let (left, top, width, height) = self.frame(p);
        let at = |x: f64, y: f64| Point::new(x - left, y - top);
        let mut shapes = vec![match p.view {
            Seen::Side => Shape::Line {
                points: vec![
                    at(left + 4.0, self.ground),
                    at(left + width - 4.0, self.ground),
                ],
                width: 2.0,
                role: Role::Ground,
            },
            // Seen from above: the mat the runner lies on.
            Seen::Above => Shape::Area {
                points: vec![
                    Point::new(4.0, LABELS_HEIGHT + 4.0),
                    Point::new(width - 4.0, LABELS_HEIGHT + 4.0),
                    Point::new(width - 4.0, height - 4.0),
                    Point::new(4.0, height - 4.0),
                ],
                role: Role::Ground,
                level: None,
                region: None,
            },
        }];
        if let Some(x) = p.wall {
            shapes.push(Shape::Line {
                points: vec![at(x, self.ground), Point::new(x - left, 4.0)],
                width: 2.0,
                role: Role::Ground,
            });
        }
        shapes.extend(
            self.figure_shapes(p, t)
                .into_iter()
                .map(|s| s.moved(Point::new(-left, -top))),
        );
        let mut y = 4.0;
        for (text, role, size) in labels {
            y += size + 2.0;
            shapes.push(Shape::Text {
                at: Point::new(8.0, y),
                text: text.clone(),
                size: *size,
                anchor: TextAnchor::Start,
                role: *role,
            });
        }
        Picture {
            width,
            height,
            shapes,
        }
    }

    /// The way to move: an arrow along the worked part, on the side away from the tool, from
    /// where the contact starts to where it ends, at least [`MIN_ARROW`] long (none when the
    /// contact stays put).
    fn arrow(&self, p: &Technique, placed: &Placed) -> Vec<Shape> {
        let (from, to) = (p.place(0.0).along, p.place(1.0).along);
        let s = placed.segment;
        let offset = placed.normal.scale(s.width / 2.0 + 7.0);
        let mut a = s.from.lerp(s.to, from).add(offset);
        let mut b = s.from.lerp(s.to, to).add(offset);
        let length = a.distance(b);
        if length < 0.5 {
            return Vec::new();
        }
        let d = b.sub(a).unit();
        if length < MIN_ARROW {
            let grow = d.scale((MIN_ARROW - length) / 2.0);
            a = a.sub(grow);
            b = b.add(grow);
        }
        let head = 6.0;
        let base = b.sub(d.scale(head));
        let side = d.perp().scale(3.8);
        vec![
            Shape::Line {
                points: vec![a, base],
                width: 2.2,
                role: Role::Motion,
            },
            Shape::Area {
                points: vec![b, base.add(side), base.sub(side)],
                role: Role::Motion,
                level: None,
                region: None,
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> &'static Catalog {
        Catalog::embedded().expect("content")
    }

    fn techniques() -> &'static Techniques {
        Techniques::embedded().expect("valid drawings")
    }

    /// Every tool.
    fn all() -> BTreeSet<Tool> {
        [Tool::FoamRoller, Tool::Ball, Tool::Stick, Tool::Hands].into()
    }

    #[test]
    fn the_embedded_drawings_have_no_problem() {
        let t = Techniques::read(TECHNIQUE_JSON).expect("parses");
        let problems = t.problems(catalog(), BodyMap::embedded().expect("map"));
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Every zone and side has a picture, named with its side and tool; the left is the right's
    /// mirror image.
    #[test]
    fn every_zone_and_side_has_a_picture() {
        let c = catalog();
        let t = techniques();
        for z in c.zones() {
            let sides: &[Side] = if z.sided {
                &[Side::Right, Side::Left]
            } else {
                &[Side::Both]
            };
            for side in sides {
                let p = t.picture(c, &z.id, *side, &all(), 0.0).expect("picture");
                assert!(
                    p.shapes.iter().any(|s| s.role() == Role::Contact),
                    "{}",
                    z.id
                );
                assert!(
                    p.shapes.iter().any(|s| s.role() == Role::Working),
                    "{}",
                    z.id
                );
                let labels: Vec<&str> = p
                    .shapes
                    .iter()
                    .filter_map(|s| match s {
                        Shape::Text { text, .. } => Some(text.as_str()),
                        _ => None,
                    })
                    .collect();
                let tool = t.choose(&z.id, c, &all()).expect("drawing").tool;
                let mut expected = vec![c.text(tool.text_key(), &[])];
                if z.sided {
                    expected.insert(0, c.text(side.text_key(), &[]));
                }
                assert_eq!(labels, expected);
            }
            if z.sided {
                let right = t
                    .picture(c, &z.id, Side::Right, &all(), 0.5)
                    .expect("right");
                let left = t.picture(c, &z.id, Side::Left, &all(), 0.5).expect("left");
                let contact = |p: &Picture| {
                    p.shapes.iter().find_map(|s| match s {
                        Shape::Circle {
                            centre,
                            role: Role::Contact,
                            ..
                        } => Some(*centre),
                        _ => None,
                    })
                };
                let (r, l) = (contact(&right).expect("r"), contact(&left).expect("l"));
                assert!((r.x + l.x - right.width).abs() < 1e-9 && (r.y - l.y).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn the_runners_tools_choose_the_drawing() {
        let c = catalog();
        let t = techniques();
        // The calves with everything: the foam roller, the zone's first tool.
        let first = t.choose("calves", c, &all()).expect("drawing");
        assert_eq!(first.tool, c.zone("calves").expect("zone").tools[0]);
        // With no tool listed but hands, a hands drawing if the zone has one, else its first.
        for z in c.zones() {
            let d = t
                .choose(&z.id, c, &BTreeSet::from([Tool::Hands]))
                .expect("drawing");
            let has_hands = t
                .all()
                .iter()
                .any(|p| p.zone == z.id && p.tool == Tool::Hands);
            assert_eq!(d.tool == Tool::Hands, has_hands, "{}", z.id);
        }
    }

    #[test]
    fn bad_requests_are_typed_errors() {
        let c = catalog();
        let t = techniques();
        let e = t
            .picture(c, "calf", Side::Left, &all(), 0.0)
            .expect_err("unknown");
        assert_eq!(e.field, "zone");
        assert!(e.message.contains("calves"), "{e}");
        let e = t
            .picture(c, "calves", Side::Both, &all(), 0.0)
            .expect_err("sided");
        assert_eq!(e.field, "side");
        let e = t
            .picture(c, "thoracic-spine", Side::Left, &all(), 0.0)
            .expect_err("unsided");
        assert_eq!(e.field, "side");
        for bad in [f64::NAN, -0.1, 1.5, f64::INFINITY] {
            let e = t
                .picture(c, "calves", Side::Left, &all(), bad)
                .expect_err("t");
            assert_eq!(e.field, "t");
        }
    }

    /// A drawing whose tool floats away from the leg, or whose contact lands off the zone on the
    /// map, is refused with what is wrong.
    #[test]
    fn a_broken_drawing_is_refused_with_its_problem() {
        let c = catalog();
        let m = BodyMap::embedded().expect("map");
        let problems = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut doc: serde_json::Value = serde_json::from_str(TECHNIQUE_JSON).expect("json");
            f(&mut doc);
            let text = doc.to_string();
            let refused = Techniques::parse(&text, c, m).expect_err("refused");
            assert!(matches!(refused, ContentError::BadPicture(_)), "{refused}");
            Techniques::read(&text).expect("reads").problems(c, m)
        };
        let has = |problems: &[String], what: &str| problems.iter().any(|p| p.contains(what));
        let zone =
            |d: &serde_json::Value| d["pictures"][0]["zone"].as_str().unwrap_or("").to_owned();
        let doc: serde_json::Value = serde_json::from_str(TECHNIQUE_JSON).expect("json");
        let first = zone(&doc);
        // The body lifted off the tool.
        let p = problems(&|d| {
            let y = d["pictures"][0]["start"]["pose"]["hip"][1]
                .as_f64()
                .unwrap_or(0.0);
            d["pictures"][0]["start"]["pose"]["hip"][1] = (y - 12.0).into();
            let y = d["pictures"][0]["start"]["pose"]["near_leg"]["foot"][1]
                .as_f64()
                .unwrap_or(0.0);
            d["pictures"][0]["start"]["pose"]["near_leg"]["foot"][1] = (y - 12.0).into();
            let y = d["pictures"][0]["start"]["pose"]["far_leg"]["foot"][1]
                .as_f64()
                .unwrap_or(0.0);
            d["pictures"][0]["start"]["pose"]["far_leg"]["foot"][1] = (y - 12.0).into();
        });
        assert!(
            has(&p, &format!("{first} with")) && has(&p, "away from the part"),
            "{p:?}"
        );
        // The tool under another part of the leg: off the zone on the map.
        let p = problems(&|d| {
            let x = d["pictures"][0]["start"]["tool"]["at"][0]
                .as_f64()
                .unwrap_or(0.0);
            d["pictures"][0]["start"]["tool"]["at"][0] = (x + 9.0).into();
        });
        assert!(has(&p, "outside the zone's region"), "{p:?}");
        let p = problems(&|d| d["pictures"][0]["across"] = 3.into());
        assert!(has(&p, "across"), "{p:?}");
        let p = problems(&|d| d["pictures"][0]["zone"] = "neck".into());
        assert!(has(&p, "unknown zone \"neck\""), "{p:?}");
        let p = problems(&|d| {
            let pictures = d["pictures"].as_array_mut().expect("pictures");
            pictures.retain(|p| p["zone"] != "shins");
        });
        assert_eq!(p, ["shins has no drawing"]);
        let p = problems(&|d| d["pictures"][0]["tool"] = "stick".into());
        assert!(
            has(&p, "does not list that tool") || has(&p, "needs a place") || has(&p, "stick"),
            "{p:?}"
        );
        let p = problems(&|d| d["pictures"][0]["end"]["pose"]["near_leg"]["knee"] = "down".into());
        assert!(has(&p, "bends the other way"), "{p:?}");
        let e = Techniques::read(&TECHNIQUE_JSON.replace("\"version\": 1", "\"version\": 9"))
            .expect_err("version");
        assert!(
            matches!(e, ContentError::UnsupportedVersion { found: 9, .. }),
            "{e}"
        );
    }
}
