//! Pictures the core draws: how to lie on the tool for each zone and side ([`technique`], from a
//! small pose model, [`figure`]), and the body map front and back with today's soreness ([`map`]).
//!
//! A picture is a flat list of drawing primitives in a fixed view box ([`Picture`]): lines,
//! filled areas, circles and text, each with a [`Role`] (body, working limb, tool, contact,
//! motion, ground, map region…), never a colour: each app maps roles to its theme. The same
//! primitives give an SVG ([`Picture::svg`]) for the terminal and the docs. The content is data,
//! in `content/technique.json` and `content/body-map.json`, validated when it loads.

pub mod figure;
pub mod map;
pub mod moves;
pub mod technique;

use std::fmt::Write;

use serde::Serialize;

/// A point in a picture's coordinates: x to the right, y down, as in SVG.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Point {
    /// From the left edge.
    pub x: f64,
    /// From the top edge, downwards.
    pub y: f64,
}

impl Point {
    /// The point (`x`, `y`).
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    pub(crate) fn add(self, o: Point) -> Point {
        Point::new(self.x + o.x, self.y + o.y)
    }

    pub(crate) fn sub(self, o: Point) -> Point {
        Point::new(self.x - o.x, self.y - o.y)
    }

    pub(crate) fn scale(self, k: f64) -> Point {
        Point::new(self.x * k, self.y * k)
    }

    pub(crate) fn dot(self, o: Point) -> f64 {
        self.x * o.x + self.y * o.y
    }

    pub(crate) fn length(self) -> f64 {
        self.x.hypot(self.y)
    }

    pub(crate) fn distance(self, o: Point) -> f64 {
        self.sub(o).length()
    }

    /// The unit vector along `self` (zero stays zero).
    pub(crate) fn unit(self) -> Point {
        let l = self.length();
        if l > 0.0 {
            self.scale(1.0 / l)
        } else {
            self
        }
    }

    /// `self` turned a quarter turn (clockwise on screen, where y runs down).
    pub(crate) fn perp(self) -> Point {
        Point::new(-self.y, self.x)
    }

    pub(crate) fn lerp(self, o: Point, t: f64) -> Point {
        self.add(o.sub(self).scale(t))
    }

    pub(crate) fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

impl From<[f64; 2]> for Point {
    fn from([x, y]: [f64; 2]) -> Point {
        Point::new(x, y)
    }
}

/// The closest point to `p` on the segment `a`–`b`, and where it lies along it (0 at `a`, 1 at
/// `b`).
pub(crate) fn nearest_on_segment(p: Point, a: Point, b: Point) -> (Point, f64) {
    let ab = b.sub(a);
    let len2 = ab.dot(ab);
    let u = if len2 > 0.0 {
        (p.sub(a).dot(ab) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a.lerp(b, u), u)
}

named_enum! {
    /// What a shape is in the picture, so an app can give it its theme's colour. Drawing order is
    /// the list's order, back to front.
    #[derive(PartialOrd, Ord)]
    pub enum Role {
        /// The floor (and a wall), a thin line.
        Ground,
        /// The limbs on the far side of the body, drawn behind it: a lighter shade of the body.
        Far,
        /// The body: trunk, head, the near limbs that do not work.
        Body,
        /// The limb (or the back) that is being worked: the accent colour.
        Working,
        /// The tool: foam roller, ball, roller stick (hands are the body's own).
        Tool,
        /// Where the tool meets the zone: a dot.
        Contact,
        /// Which way to move, slowly: an arrow (a line and its head).
        Motion,
        /// Words: the side, the zones' names, the legend.
        Label,
        /// Headings: the views' names on the map.
        Heading,
        /// The body's silhouette on the map.
        Outline,
        /// A zone's region on the map, shaded by its soreness level (none: not rated), and the
        /// legend's swatches.
        Region,
        /// Thin lines that lead from a label to its region.
        Guide,
    }
}

named_enum! {
    /// Which end of a text its point is.
    pub enum TextAnchor {
        /// The point is where the text starts.
        Start,
        /// The point is the text's middle.
        Middle,
        /// The point is where the text ends.
        End,
    }
}

/// One drawing primitive. Lines have round caps and joins; areas and circles are filled (an app
/// may outline an area in a darker shade of its role's colour, as the SVG does).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Shape {
    /// An open line through the points, `width` thick.
    Line {
        /// At least two points.
        points: Vec<Point>,
        /// Stroke width, in the picture's units.
        width: f64,
        /// What it is.
        role: Role,
    },
    /// A closed, filled polygon.
    Area {
        /// At least three points; the last joins the first.
        points: Vec<Point>,
        /// What it is.
        role: Role,
        /// For a map region or a legend swatch: the soreness level shown (0–10), none when not
        /// rated.
        level: Option<u8>,
        /// For a map region: its id ([`map::MapRegion::id`], `calves-left`).
        region: Option<String>,
    },
    /// A filled circle.
    Circle {
        /// Its centre.
        centre: Point,
        /// Its radius.
        radius: f64,
        /// What it is.
        role: Role,
    },
    /// A line of text.
    Text {
        /// Where the baseline runs; `anchor` says which end of the text this is.
        at: Point,
        /// The words.
        text: String,
        /// The font size, in the picture's units.
        size: f64,
        /// Which end of the text `at` is.
        anchor: TextAnchor,
        /// What it is.
        role: Role,
    },
}

impl Shape {
    /// The shape's role.
    pub fn role(&self) -> Role {
        match self {
            Shape::Line { role, .. }
            | Shape::Area { role, .. }
            | Shape::Circle { role, .. }
            | Shape::Text { role, .. } => *role,
        }
    }

    /// Every point the shape is drawn through (a circle: its centre; a text: its anchor).
    pub fn points(&self) -> Vec<Point> {
        match self {
            Shape::Line { points, .. } | Shape::Area { points, .. } => points.clone(),
            Shape::Circle { centre, .. } => vec![*centre],
            Shape::Text { at, .. } => vec![*at],
        }
    }

    /// The smallest and the largest corner of the box the shape covers (lines with their width,
    /// circles with their radius; a text's box is its anchor only).
    pub fn extent(&self) -> (Point, Point) {
        let grow = match self {
            Shape::Line { width, .. } => width / 2.0,
            Shape::Circle { radius, .. } => *radius,
            Shape::Area { .. } | Shape::Text { .. } => 0.0,
        };
        let points = self.points();
        let lo = points
            .iter()
            .fold(Point::new(f64::INFINITY, f64::INFINITY), |m, p| {
                Point::new(m.x.min(p.x - grow), m.y.min(p.y - grow))
            });
        let hi = points
            .iter()
            .fold(Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY), |m, p| {
                Point::new(m.x.max(p.x + grow), m.y.max(p.y + grow))
            });
        (lo, hi)
    }

    /// The same shape moved by `by`.
    pub(crate) fn moved(mut self, by: Point) -> Shape {
        let shift = |p: &mut Point| *p = p.add(by);
        match &mut self {
            Shape::Line { points, .. } | Shape::Area { points, .. } => {
                points.iter_mut().for_each(shift);
            }
            Shape::Circle { centre, .. } => shift(centre),
            Shape::Text { at, .. } => shift(at),
        }
        self
    }

    /// The same shape mirrored left to right in a picture `width` wide (text stays readable).
    pub(crate) fn mirrored(mut self, width: f64) -> Shape {
        let flip = |p: &mut Point| p.x = width - p.x;
        match &mut self {
            Shape::Line { points, .. } | Shape::Area { points, .. } => {
                points.iter_mut().for_each(flip);
            }
            Shape::Circle { centre, .. } => flip(centre),
            Shape::Text { at, anchor, .. } => {
                flip(at);
                *anchor = match anchor {
                    TextAnchor::Start => TextAnchor::End,
                    TextAnchor::End => TextAnchor::Start,
                    TextAnchor::Middle => TextAnchor::Middle,
                };
            }
        }
        self
    }
}

/// A picture: shapes in a view box `width` × `height`, back to front.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Picture {
    /// The view box's width.
    pub width: f64,
    /// The view box's height.
    pub height: f64,
    /// What to draw, back to front.
    pub shapes: Vec<Shape>,
}

/// The SVG's colours for each role: a light theme, as the docs show the pictures. Apps use their
/// own.
const SVG_STYLE: &str = "\
text{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif}\
.ground{stroke:#9c9384;fill:#f1ede6}.far{stroke:#b9b1a5;fill:#b9b1a5}.body{stroke:#4a4438;fill:#4a4438}\
.working{stroke:#c0532f;fill:#c0532f}.tool{fill:#3f6e8c;stroke:#3f6e8c}\
.contact{fill:#f2c230;stroke:#4a4438;stroke-width:1.2}.motion{stroke:#2f7a4f;fill:#2f7a4f}\
.label{fill:#4a4438}.heading{fill:#4a4438;font-weight:bold}\
.outline{fill:#ece6dc;stroke:#9c9384;stroke-width:1.2}\
.region{fill:#fbfaf7;stroke:#8c3a1f;stroke-width:1}.guide{stroke:#9c9384}";

/// The fill of a map region or swatch from no soreness to the worst, in eleven steps: pale to
/// deep rust (a level is shown at its share of the scale's top).
pub const LEVEL_FILLS: [&str; 11] = [
    "#f4efe2", "#f7e3c4", "#f5d3a6", "#f2c08a", "#eeab70", "#e8955a", "#df7d47", "#d26538",
    "#c04e2c", "#a83a22", "#8c2a18",
];

/// A number as the SVG writes it: one decimal at most.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let s = format!("{r:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s).to_owned();
    if s == "-0" {
        "0".to_owned()
    } else {
        s
    }
}

fn points_attr(points: &[Point]) -> String {
    let mut out = String::new();
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", num(p.x), num(p.y));
    }
    out
}

/// Text with `&`, `<`, `>` and `"` escaped for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Picture {
    /// This picture with `other` to its right, a small gap between, both top-aligned (a start
    /// and an end pose side by side).
    pub fn beside(&self, other: &Picture) -> Picture {
        let gap = 12.0;
        let by = Point::new(self.width + gap, 0.0);
        let mut shapes = self.shapes.clone();
        shapes.extend(other.shapes.iter().cloned().map(|s| s.moved(by)));
        Picture {
            width: self.width + gap + other.width,
            height: self.height.max(other.height),
            shapes,
        }
    }

    /// The picture as a standalone SVG document, in a light theme.
    pub fn svg(&self) -> String {
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
             height=\"{h}\">\n<style>{SVG_STYLE}</style>\n<rect width=\"{w}\" height=\"{h}\" \
             fill=\"#ffffff\"/>\n",
            w = num(self.width),
            h = num(self.height),
        );
        for shape in &self.shapes {
            let class: &str = shape.role().into();
            match shape {
                Shape::Line { points, width, .. } => {
                    let _ = writeln!(
                        out,
                        "<polyline class=\"{class}\" points=\"{}\" stroke-width=\"{}\" \
                         fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                        points_attr(points),
                        num(*width)
                    );
                }
                Shape::Area {
                    points,
                    level,
                    region,
                    ..
                } => {
                    let fill = level
                        .and_then(|l| LEVEL_FILLS.get(usize::from(l)))
                        .map_or(String::new(), |f| format!(" style=\"fill:{f}\""));
                    let id = region.as_ref().map_or(String::new(), |r| {
                        let (zone, side) = map::split_region_id(r);
                        format!(
                            " id=\"{}\" data-zone=\"{}\" data-side=\"{}\"",
                            escape(r),
                            escape(zone),
                            side
                        )
                    });
                    let _ = writeln!(
                        out,
                        "<polygon class=\"{class}\"{id} points=\"{}\"{fill} \
                         stroke-linejoin=\"round\"/>",
                        points_attr(points)
                    );
                }
                Shape::Circle { centre, radius, .. } => {
                    let _ = writeln!(
                        out,
                        "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                        num(centre.x),
                        num(centre.y),
                        num(*radius)
                    );
                }
                Shape::Text {
                    at,
                    text,
                    size,
                    anchor,
                    ..
                } => {
                    let anchor: &str = (*anchor).into();
                    let _ = writeln!(
                        out,
                        "<text class=\"{class}\" x=\"{}\" y=\"{}\" font-size=\"{}\" \
                         text-anchor=\"{anchor}\">{}</text>",
                        num(at.x),
                        num(at.y),
                        num(*size),
                        escape(text)
                    );
                }
            }
        }
        out.push_str("</svg>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_text_is_escaped() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn a_mirrored_shape_keeps_its_text_readable() {
        let t = Shape::Text {
            at: Point::new(10.0, 5.0),
            text: "Right".to_owned(),
            size: 12.0,
            anchor: TextAnchor::Start,
            role: Role::Label,
        }
        .mirrored(100.0);
        assert!(matches!(
            t,
            Shape::Text { at, anchor: TextAnchor::End, .. } if at == Point::new(90.0, 5.0)
        ));
    }

    #[test]
    fn nearest_point_on_a_segment() {
        let (p, u) = nearest_on_segment(
            Point::new(5.0, 3.0),
            Point::new(0.0, 0.0),
            Point::new(10.0, 0.0),
        );
        assert_eq!((p, u), (Point::new(5.0, 0.0), 0.5));
        let (_, u) = nearest_on_segment(
            Point::new(-5.0, 3.0),
            Point::new(0.0, 0.0),
            Point::new(10.0, 0.0),
        );
        assert_eq!(u, 0.0);
    }
}
