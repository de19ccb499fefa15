//! The body map: a runner's silhouette front and back, each zone's region where that zone is
//! (the calves on the back of the lower leg, the IT band down the outer thigh, the soles under
//! the heels on the back view…), labelled with its name, and shaded with today's soreness per
//! zone and side, with a legend. The check-in screens and `fascia zones --map` draw it.
//!
//! The content is `content/body-map.json`, in body coordinates: `dx` runs from the body's
//! midline out to the runner's **right** side, `y` down. Sided regions are written once, for the
//! right side; the left is their mirror. On the front view the runner's right is on the viewer's
//! left (x = centre − dx); on the back view it is on the viewer's right (x = centre + dx).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{nearest_on_segment, Picture, Point, Role, Shape, TextAnchor};
use crate::keys;
use crate::vocab::{Name, Side, ZoneId};
use crate::zones::{Catalog, ContentError};

/// Version of the body map's format this code reads.
pub const MAP_FORMAT_VERSION: u32 = 1;

const BODY_MAP_JSON: &str = include_str!("../../content/body-map.json");

/// How far from a region a tap still picks it (map units), when it falls inside none.
pub const TAP_SLACK: f64 = 12.0;

/// A view of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    /// Seen from the front: the runner's right on the viewer's left.
    Front,
    /// Seen from the back: the runner's right on the viewer's right.
    Back,
}

impl View {
    fn name(self) -> &'static str {
        match self {
            View::Front => "front",
            View::Back => "back",
        }
    }
}

/// A bone the technique pictures' contacts are placed along, on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bone {
    /// Hip to knee.
    Thigh,
    /// Knee to ankle.
    Shin,
    /// Heel to toe (on the back view, the sole).
    Foot,
    /// Hips to the base of the neck, on the midline.
    Trunk,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewFile {
    view: View,
    /// The midline's x.
    centre: f64,
    /// Where the labels of this view's zones end (front) or start (back).
    label_x: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoneFile {
    from: [f64; 2],
    to: [f64; 2],
    /// Half the limb's width there: how far `across` 1 reaches.
    half_width: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionFile {
    zone: ZoneId,
    view: View,
    points: Vec<[f64; 2]>,
    /// A point inside, where the label's guide ends.
    anchor: [f64; 2],
    /// The label's first baseline.
    label_y: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    version: u32,
    width: f64,
    height: f64,
    views: Vec<ViewFile>,
    /// The right half of the silhouette, from the crown down the outside and back up the inside
    /// to the crotch.
    outline: Vec<[f64; 2]>,
    bones: BTreeMap<View, BTreeMap<Bone, BoneFile>>,
    regions: Vec<RegionFile>,
    /// Where the feet's side names go (their baseline).
    sides_y: f64,
    /// The legend's top-left corner.
    legend: [f64; 2],
}

/// One region of the body map: a zone on one side, a polygon in the map's coordinates.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MapRegion {
    /// The zone id, then `-left`/`-right` for a sided zone (`calves-left`).
    pub id: String,
    /// The zone it selects.
    pub zone: ZoneId,
    /// The runner's side (`both` for an unsided zone).
    pub side: Side,
    /// `front` or `back`.
    pub view: String,
    /// The region's outline, in the map's coordinates (the last point joins the first).
    pub points: Vec<Point>,
    /// A point inside the region (where its label's guide ends).
    pub anchor: Point,
    /// The smallest rectangle around it: left, top…
    pub left: f64,
    /// …top…
    pub top: f64,
    /// …width…
    pub width: f64,
    /// …and height.
    pub height: f64,
}

impl MapRegion {
    /// Whether (`x`, `y`), in the map's coordinates, falls inside the region.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        inside(&self.points, Point::new(x, y))
    }

    /// How far (`x`, `y`) is from the region: 0 inside, else to its nearest edge.
    pub fn distance(&self, x: f64, y: f64) -> f64 {
        let p = Point::new(x, y);
        if inside(&self.points, p) {
            return 0.0;
        }
        edges(&self.points)
            .map(|(a, b)| nearest_on_segment(p, a, b).0.distance(p))
            .fold(f64::INFINITY, f64::min)
    }
}

/// A zone side's soreness level to show on the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MapLevel {
    /// The zone.
    pub zone: ZoneId,
    /// Its side (`both`: each side of a sided zone).
    pub side: Side,
    /// 0 to the scale's top (10).
    pub level: u8,
}

fn edges(points: &[Point]) -> impl Iterator<Item = (Point, Point)> + '_ {
    points
        .iter()
        .zip(points.iter().cycle().skip(1))
        .map(|(a, b)| (*a, *b))
}

/// Whether `p` is inside the polygon (even-odd rule).
pub fn inside(polygon: &[Point], p: Point) -> bool {
    let mut inside = false;
    for (a, b) in edges(polygon) {
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x);
            if p.x < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// The zone and the side named in a region id (`calves-left` → `calves`, `left`).
pub fn split_region_id(id: &str) -> (&str, &'static str) {
    if let Some(zone) = id.strip_suffix("-left") {
        (zone, "left")
    } else if let Some(zone) = id.strip_suffix("-right") {
        (zone, "right")
    } else {
        (id, "both")
    }
}

/// The validated body map.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyMap {
    width: f64,
    height: f64,
    views: Vec<(View, f64, f64)>,
    outline: Vec<[f64; 2]>,
    bones: BTreeMap<View, BTreeMap<Bone, BoneFile>>,
    regions: Vec<MapRegion>,
    labels: Vec<(ZoneId, View, f64)>,
    sides_y: f64,
    legend: Point,
}

impl BodyMap {
    /// The map embedded in this build, checked against the embedded zones once.
    pub fn embedded() -> Result<&'static BodyMap, ContentError> {
        static EMBEDDED: OnceLock<Result<BodyMap, ContentError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| BodyMap::parse(BODY_MAP_JSON, Catalog::embedded()?))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses a map and checks it against the zones: each region names a known zone in a view
    /// the map has, its outline is a polygon inside the map with its anchor inside it, every
    /// zone has exactly one region (so every side of every zone can be tapped), and no two
    /// regions of a view overlap.
    pub fn parse(json: &str, catalog: &Catalog) -> Result<BodyMap, ContentError> {
        let bad = |m: String| ContentError::BadMap(m);
        let file: MapFile = crate::zones::read_content(
            json,
            "body-map.json",
            MAP_FORMAT_VERSION,
            |f: &MapFile| f.version,
        )?;
        let size_ok = |v: f64| v.is_finite() && v > 0.0 && v <= 4000.0;
        if !size_ok(file.width) || !size_ok(file.height) {
            return Err(bad("width and height must be positive".to_owned()));
        }
        let mut views = Vec::new();
        for v in &file.views {
            if views.iter().any(|(w, _, _)| *w == v.view) {
                return Err(bad(format!("the {} view is given twice", v.view.name())));
            }
            views.push((v.view, v.centre, v.label_x));
        }
        let mut map = BodyMap {
            width: file.width,
            height: file.height,
            views,
            outline: file.outline,
            bones: file.bones,
            regions: Vec::new(),
            labels: Vec::new(),
            sides_y: file.sides_y,
            legend: Point::from(file.legend),
        };
        let in_frame = |p: Point| {
            p.is_finite() && (0.0..=map.width).contains(&p.x) && (0.0..=map.height).contains(&p.y)
        };
        if map.outline.len() < 3 {
            return Err(bad("the outline needs at least 3 points".to_owned()));
        }
        for &(view, _, label_x) in &map.views {
            let silhouette = map.silhouette(view);
            if !silhouette.iter().all(|p| in_frame(*p)) || !in_frame(Point::new(label_x, 0.0)) {
                return Err(bad(format!("the {} view leaves the map", view.name())));
            }
            for bone in [Bone::Thigh, Bone::Shin, Bone::Foot, Bone::Trunk] {
                if map.bone(view, bone).is_none() {
                    return Err(bad(format!(
                        "the {} view has no {bone:?} bone",
                        view.name()
                    )));
                }
            }
        }
        for r in file.regions {
            let Some(zone) = catalog.zone(&r.zone) else {
                return Err(bad(format!("a region names an unknown zone {:?}", r.zone)));
            };
            if !map.views.iter().any(|(v, _, _)| *v == r.view) {
                return Err(bad(format!(
                    "{}: the map has no {} view",
                    r.zone,
                    r.view.name()
                )));
            }
            if r.points.len() < 3 {
                return Err(bad(format!("{}: a region needs at least 3 points", r.zone)));
            }
            if map.labels.iter().any(|(z, _, _)| *z == r.zone) {
                return Err(bad(format!("{} is drawn twice", r.zone)));
            }
            let sides: &[Side] = if zone.sided {
                &[Side::Right, Side::Left]
            } else {
                &[Side::Both]
            };
            for &side in sides {
                let points: Vec<Point> = r
                    .points
                    .iter()
                    .map(|p| map.place(r.view, side, *p))
                    .collect();
                let anchor = map.place(r.view, side, r.anchor);
                if !points.iter().all(|p| in_frame(*p)) {
                    return Err(bad(format!("{}: a region leaves the map", r.zone)));
                }
                if !inside(&points, anchor) {
                    return Err(bad(format!(
                        "{}: the anchor is not inside the region",
                        r.zone
                    )));
                }
                let (left, right) = span(points.iter().map(|p| p.x));
                let (top, bottom) = span(points.iter().map(|p| p.y));
                let id = match side {
                    Side::Both => r.zone.to_string(),
                    s => format!("{}-{}", r.zone, s.name()),
                };
                map.regions.push(MapRegion {
                    id,
                    zone: r.zone.clone(),
                    side,
                    view: r.view.name().to_owned(),
                    points,
                    anchor,
                    left,
                    top,
                    width: right - left,
                    height: bottom - top,
                });
            }
            map.labels.push((r.zone.clone(), r.view, r.label_y));
        }
        for z in catalog.zones() {
            if !map.regions.iter().any(|r| r.zone == z.id) {
                return Err(bad(format!("no region for {}", z.id)));
            }
        }
        for (i, a) in map.regions.iter().enumerate() {
            for b in &map.regions[i + 1..] {
                let touch = a.view == b.view
                    && (a.points.iter().any(|p| b.contains(p.x, p.y))
                        || b.points.iter().any(|p| a.contains(p.x, p.y)));
                if touch {
                    return Err(bad(format!("{} and {} overlap", a.id, b.id)));
                }
            }
        }
        Ok(map)
    }

    /// A point in body coordinates placed on a view, for a side (`both`: as the right).
    fn place(&self, view: View, side: Side, [dx, y]: [f64; 2]) -> Point {
        let centre = self
            .views
            .iter()
            .find(|(v, _, _)| *v == view)
            .map_or(0.0, |(_, c, _)| *c);
        let right = if view == View::Front { -1.0 } else { 1.0 };
        let sign = if side == Side::Left { -right } else { right };
        Point::new(centre + sign * dx, y)
    }

    /// The silhouette of a view: the right half, then the left half back up.
    fn silhouette(&self, view: View) -> Vec<Point> {
        let right = self
            .outline
            .iter()
            .map(|p| self.place(view, Side::Right, *p));
        let left = self
            .outline
            .iter()
            .rev()
            .map(|p| self.place(view, Side::Left, *p));
        right.chain(left).collect()
    }

    fn bone(&self, view: View, bone: Bone) -> Option<&BoneFile> {
        self.bones.get(&view)?.get(&bone)
    }

    /// The map's width (its view box starts at 0, 0).
    pub fn width(&self) -> f64 {
        self.width
    }

    /// The map's height.
    pub fn height(&self) -> f64 {
        self.height
    }

    /// Every region, zone by zone in the content's order, right before left.
    pub fn regions(&self) -> &[MapRegion] {
        &self.regions
    }

    /// The region of a zone and side (`both` for an unsided zone).
    pub fn region(&self, zone: &str, side: Side) -> Option<&MapRegion> {
        self.regions
            .iter()
            .find(|r| r.zone == zone && r.side == side)
    }

    /// The region a tap at (`x`, `y`) picks: the one it falls in, else the nearest within
    /// [`TAP_SLACK`]; none away from every region.
    pub fn region_at(&self, x: f64, y: f64) -> Option<&MapRegion> {
        if !(x.is_finite() && y.is_finite()) {
            return None;
        }
        self.regions
            .iter()
            .map(|r| (r.distance(x, y), r))
            .filter(|(d, _)| *d <= TAP_SLACK)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, r)| r)
    }

    /// Where a point `u` of the way along a bone (0 at the hip, the knee, the heel or the hips;
    /// 1 at the other end) and `across` it (-1 on the inner edge, 1 on the outer; for the trunk,
    /// towards the runner's left and right) lies on a view, for a side.
    pub fn on_bone(
        &self,
        view: View,
        bone: Bone,
        side: Side,
        u: f64,
        across: f64,
    ) -> Option<Point> {
        let b = self.bone(view, bone)?;
        let from = Point::from(b.from);
        let to = Point::from(b.to);
        let along = from.lerp(to, u);
        let p = [along.x + across * b.half_width, along.y];
        Some(self.place(view, side, p))
    }

    /// The map with each zone side shaded by its level (`levels`, on a scale from 0 to `top`,
    /// the soreness scale's top, `routine::MAX_PRIORITY`; a `both` level shades each side of a
    /// sided zone, the highest wins), each zone labelled with its name (and its levels when
    /// rated), the sides named under the feet and a legend.
    pub fn picture(&self, catalog: &Catalog, levels: &[MapLevel], top: u8) -> Picture {
        let text = |key: &str| catalog.text(key, &[]);
        let level_of = |r: &MapRegion| {
            levels
                .iter()
                .filter(|l| l.zone == r.zone && (l.side == r.side || l.side == Side::Both))
                .map(|l| l.level.min(top))
                .max()
        };
        let mut shapes = Vec::new();
        for &(view, centre, _) in &self.views {
            shapes.push(Shape::Area {
                points: self.silhouette(view),
                role: Role::Outline,
                level: None,
                region: None,
            });
            let heading = match view {
                View::Front => keys::MAP_FRONT,
                View::Back => keys::MAP_BACK,
            };
            shapes.push(Shape::Text {
                at: Point::new(centre, 28.0),
                text: text(heading),
                size: 16.0,
                anchor: TextAnchor::Middle,
                role: Role::Heading,
            });
            // Which foot is which: the runner's own sides.
            for side in [Side::Right, Side::Left] {
                let foot = self.place(view, side, [26.0, self.sides_y]);
                shapes.push(Shape::Text {
                    at: foot,
                    text: text(side.text_key()),
                    size: 13.0,
                    anchor: TextAnchor::Middle,
                    role: Role::Heading,
                });
            }
        }
        for r in &self.regions {
            shapes.push(Shape::Area {
                points: r.points.clone(),
                role: Role::Region,
                level: level_of(r),
                region: Some(r.id.clone()),
            });
        }
        for (zone, view, y) in &self.labels {
            let Some(z) = catalog.zone(zone) else {
                continue;
            };
            let side = if z.sided { Side::Right } else { Side::Both };
            let (Some(region), Some(&(_, _, x))) = (
                self.region(zone, side),
                self.views.iter().find(|(v, _, _)| v == view),
            ) else {
                continue;
            };
            let anchor = if *view == View::Front {
                TextAnchor::End
            } else {
                TextAnchor::Start
            };
            let mut lines = wrap(&text(&z.name));
            let rated: Vec<String> = if z.sided {
                [Side::Right, Side::Left]
                    .iter()
                    .filter_map(|s| {
                        let level = self.region(zone, *s).and_then(level_of)?;
                        Some(catalog.text(
                            keys::MAP_SIDE_LEVEL,
                            &[("side", &text(s.text_key())), ("level", &level.to_string())],
                        ))
                    })
                    .collect()
            } else {
                self.region(zone, Side::Both)
                    .and_then(level_of)
                    .map(|l| {
                        let (level, max) = (l.to_string(), top.to_string());
                        catalog.text(keys::SORENESS_LEVEL, &[("level", &level), ("max", &max)])
                    })
                    .into_iter()
                    .collect()
            };
            if !rated.is_empty() {
                lines.push(rated.join(" · "));
            }
            // The guide runs from beside the label's first line to the region.
            let gap = 4.0;
            let start = Point::new(
                if anchor == TextAnchor::End {
                    x + gap
                } else {
                    x - gap
                },
                y - 4.0,
            );
            shapes.push(Shape::Line {
                points: vec![start, region.anchor],
                width: 1.0,
                role: Role::Guide,
            });
            shapes.push(Shape::Circle {
                centre: region.anchor,
                radius: 2.0,
                role: Role::Guide,
            });
            for (i, line) in lines.into_iter().enumerate() {
                let first = i == 0;
                shapes.push(Shape::Text {
                    at: Point::new(x, y + 14.0 * i as f64),
                    text: line,
                    size: if first { 13.0 } else { 11.5 },
                    anchor,
                    role: Role::Label,
                });
            }
        }
        self.legend(catalog, top, &mut shapes);
        Picture {
            width: self.width,
            height: self.height,
            shapes,
        }
    }

    /// The legend: its title, a swatch for each level 0 to `top` with its number, and the
    /// unrated swatch.
    fn legend(&self, catalog: &Catalog, top: u8, shapes: &mut Vec<Shape>) {
        let Point { x, y } = self.legend;
        shapes.push(Shape::Text {
            at: Point::new(x, y + 12.0),
            text: catalog.text(keys::MAP_LEGEND, &[]),
            size: 13.0,
            anchor: TextAnchor::Start,
            role: Role::Label,
        });
        let (w, h, step) = (22.0, 16.0, 25.0);
        let swatch = |x0: f64, level: Option<u8>| Shape::Area {
            points: vec![
                Point::new(x0, y + 20.0),
                Point::new(x0 + w, y + 20.0),
                Point::new(x0 + w, y + 20.0 + h),
                Point::new(x0, y + 20.0 + h),
            ],
            role: Role::Region,
            level,
            region: None,
        };
        for level in 0..=top {
            let x0 = x + step * f64::from(level);
            shapes.push(swatch(x0, Some(level)));
            shapes.push(Shape::Text {
                at: Point::new(x0 + w / 2.0, y + 20.0 + h + 13.0),
                text: level.to_string(),
                size: 11.0,
                anchor: TextAnchor::Middle,
                role: Role::Label,
            });
        }
        let x0 = x + step * (f64::from(top) + 1.0) + 14.0;
        shapes.push(swatch(x0, None));
        shapes.push(Shape::Text {
            at: Point::new(x0 + w + 5.0, y + 20.0 + h - 4.0),
            text: catalog.text(keys::MAP_NOT_RATED, &[]),
            size: 11.0,
            anchor: TextAnchor::Start,
            role: Role::Label,
        });
    }
}

/// A zone's name on the map: the part in brackets on a line of its own, and no line longer than
/// about 16 characters (a few words each).
fn wrap(name: &str) -> Vec<String> {
    let parts: Vec<&str> = match name.find(" (") {
        Some(i) => vec![&name[..i], &name[i + 1..]],
        None => vec![name],
    };
    let mut lines = Vec::new();
    for part in parts {
        let mut line = String::new();
        for word in part.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 16 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> &'static Catalog {
        Catalog::embedded().expect("content")
    }

    fn map() -> &'static BodyMap {
        BodyMap::embedded().expect("valid map")
    }

    /// The body map names every zone and side once: a tap always finds one zone and side, and
    /// every zone can be tapped.
    #[test]
    fn every_zone_and_side_has_one_region_and_a_tap_inside_picks_it() {
        let c = catalog();
        let m = map();
        let sided = c.zones().iter().filter(|z| z.sided).count();
        assert_eq!(m.regions().len(), 2 * sided + (c.zones().len() - sided));
        for z in c.zones() {
            let sides: &[Side] = if z.sided {
                &[Side::Left, Side::Right]
            } else {
                &[Side::Both]
            };
            for s in sides {
                let r = m.region(&z.id, *s).expect("region");
                // The anchor is inside, and a tap there picks this region and no other.
                assert_eq!(
                    m.region_at(r.anchor.x, r.anchor.y).map(|r| &r.id),
                    Some(&r.id)
                );
                let hits = m
                    .regions()
                    .iter()
                    .filter(|o| o.contains(r.anchor.x, r.anchor.y))
                    .count();
                assert_eq!(hits, 1, "{}", r.id);
            }
        }
        // Away from every region: none; just outside a thin one: that one.
        assert!(m.region_at(-100.0, -100.0).is_none());
        assert!(m.region_at(f64::NAN, 3.0).is_none());
        let it = m.region("it-band", Side::Right).expect("region");
        assert_eq!(
            m.region_at(it.left - 3.0, it.anchor.y)
                .map(|r| r.id.as_str()),
            Some("it-band-right")
        );
    }

    /// The runner's right is on the viewer's left on the front view, on the viewer's right on the
    /// back view; every left region mirrors its right one.
    #[test]
    fn sides_are_the_runners_own() {
        let m = map();
        let x = |zone: &str, side| m.region(zone, side).expect("region").anchor.x;
        assert!(x("quadriceps", Side::Right) < x("quadriceps", Side::Left));
        assert!(x("calves", Side::Right) > x("calves", Side::Left));
        // The IT band is on the outside of the thigh, the adductors inside.
        assert!(x("it-band", Side::Right) < x("quadriceps", Side::Right));
        assert!(x("adductors", Side::Right) > x("quadriceps", Side::Right));
    }

    #[test]
    fn a_broken_map_is_a_typed_error() {
        let c = catalog();
        let edit = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut doc: serde_json::Value = serde_json::from_str(BODY_MAP_JSON).expect("json");
            f(&mut doc);
            BodyMap::parse(&doc.to_string(), c).expect_err("refused")
        };
        let m = edit(&|d| d["regions"][0]["zone"] = "neck".into());
        assert!(
            matches!(m, ContentError::BadMap(ref s) if s.contains("neck")),
            "{m}"
        );
        let m = edit(&|d| {
            let regions = d["regions"].as_array_mut().expect("regions");
            regions.retain(|r| r["zone"] != "shins");
        });
        assert!(
            matches!(m, ContentError::BadMap(ref s) if s == "no region for shins"),
            "{m}"
        );
        let m = edit(&|d| d["regions"][0]["anchor"] = serde_json::json!([-500, 10]));
        assert!(
            matches!(m, ContentError::BadMap(ref s) if s.contains("anchor")),
            "{m}"
        );
        let m = edit(&|d| {
            let first = d["regions"][0].clone();
            d["regions"].as_array_mut().expect("regions").push(first);
        });
        assert!(
            matches!(m, ContentError::BadMap(ref s) if s.contains("twice")),
            "{m}"
        );
        let m = edit(&|d| d["version"] = 7.into());
        assert!(
            matches!(m, ContentError::UnsupportedVersion { found: 7, .. }),
            "{m}"
        );
        let m = edit(&|d| d["colour"] = "red".into());
        assert!(matches!(m, ContentError::Parse { .. }), "{m}");
    }

    #[test]
    fn the_picture_shades_rated_sides_and_labels_every_zone() {
        let c = catalog();
        let m = map();
        let levels = [
            MapLevel {
                zone: "calves".into(),
                side: Side::Left,
                level: 6,
            },
            MapLevel {
                zone: "it-band".into(),
                side: Side::Both,
                level: 3,
            },
        ];
        let p = m.picture(c, &levels, 10);
        let level = |id: &str| {
            p.shapes.iter().find_map(|s| match s {
                Shape::Area {
                    region: Some(r),
                    level,
                    ..
                } if r == id => Some(*level),
                _ => None,
            })
        };
        assert_eq!(level("calves-left"), Some(Some(6)));
        assert_eq!(level("calves-right"), Some(None));
        assert_eq!(level("it-band-left"), Some(Some(3)));
        assert_eq!(level("it-band-right"), Some(Some(3)));
        let texts: Vec<&str> = p
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for name in [
            "Calves",
            "IT band",
            "Upper back",
            "Front",
            "Back",
            "Right",
            "Left",
        ] {
            assert!(texts.contains(&name), "{name}: {texts:?}");
        }
        assert!(texts.contains(&"Left 6"), "{texts:?}");
        // Every shape stays inside the map.
        for s in &p.shapes {
            for pt in s.points() {
                assert!(
                    (0.0..=p.width).contains(&pt.x) && (0.0..=p.height).contains(&pt.y),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn names_wrap_at_the_bracket_and_at_about_sixteen_characters() {
        assert_eq!(wrap("IT band (outer thigh)"), ["IT band", "(outer thigh)"]);
        assert_eq!(
            wrap("Soleus and Achilles area"),
            ["Soleus and", "Achilles area"]
        );
        assert_eq!(wrap("Calves"), ["Calves"]);
    }
}
