//! GPX 1.1 tracks (`gpx/trk`): one activity per track. Distance is the sum of great-circle
//! distances between consecutive points of a segment (not across a gap between segments);
//! duration from the first time to the last; ascent from `ele`, smoothed
//! ([`super::ASCENT_HYSTERESIS_M`]); cadence from Garmin's `TrackPointExtension` `cad` (strides,
//! one foot, a minute: doubled to steps), the mean of the points that have one above zero. A
//! track whose `type` names something else than running is not a run; no `type` is a run.

use chrono::{DateTime, SecondsFormat, Utc};

use super::xml::{self, ends_with, number, Node};
use super::{haversine_m, parse_time, seconds, Activity, Ascent};
use crate::model::RunSource;

#[derive(Default)]
struct Track {
    kind: Option<String>,
    distance_m: f64,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    ascent: Ascent,
    cadence_sum: f64,
    cadence_n: u32,
    previous: Option<(f64, f64)>,
    points: u64,
}

#[derive(Default)]
struct Point {
    lat: f64,
    lon: f64,
    ele: Option<f64>,
    time: Option<DateTime<Utc>>,
    cad: Option<f64>,
}

/// Whether a track's `type` says running (`running`, `trail_running`, `Run`, Strava's `9`).
fn is_run(kind: Option<&str>) -> bool {
    match kind.map(str::trim) {
        None | Some("") => true,
        Some(k) => k == "9" || k.to_ascii_lowercase().contains("run"),
    }
}

pub(super) fn read(bytes: &[u8]) -> Result<Vec<Activity>, String> {
    let mut tracks: Vec<Track> = Vec::new();
    let mut track: Option<Track> = None;
    let mut point: Option<Point> = None;
    xml::walk(bytes, "gpx", |path, node| {
        match node {
            Node::Open(e) => {
                if ends_with(path, &["gpx", "trk"]) {
                    track = Some(Track::default());
                } else if ends_with(path, &["trk", "trkseg"]) {
                    if let Some(t) = track.as_mut() {
                        t.previous = None;
                    }
                } else if ends_with(path, &["trkseg", "trkpt"]) {
                    let lat = xml::attribute(e, "lat").ok_or("a track point has no lat")?;
                    let lon = xml::attribute(e, "lon").ok_or("a track point has no lon")?;
                    point = Some(Point {
                        lat: number(&lat, "latitude", -90.0, 90.0)?,
                        lon: number(&lon, "longitude", -180.0, 180.0)?,
                        ..Point::default()
                    });
                }
            }
            Node::Text(text) => {
                if let Some(p) = point.as_mut() {
                    if ends_with(path, &["trkpt", "ele"]) {
                        p.ele = Some(number(text, "elevation", -1_000.0, 10_000.0)?);
                    } else if ends_with(path, &["trkpt", "time"]) {
                        p.time = Some(
                            parse_time(text)
                                .ok_or_else(|| format!("time {text:?} is not RFC 3339"))?,
                        );
                    } else if path.last().is_some_and(|n| n == "cad") {
                        p.cad = Some(number(text, "cadence", 0.0, 1_000.0)?);
                    }
                } else if ends_with(path, &["trk", "type"]) {
                    if let Some(t) = track.as_mut() {
                        t.kind = Some(text.to_owned());
                    }
                }
            }
            Node::Close => {
                if ends_with(path, &["trkseg", "trkpt"]) {
                    if let (Some(p), Some(t)) = (point.take(), track.as_mut()) {
                        t.points += 1;
                        if let Some(prev) = t.previous {
                            t.distance_m += haversine_m(prev, (p.lat, p.lon));
                        }
                        t.previous = Some((p.lat, p.lon));
                        if let Some(e) = p.ele {
                            t.ascent.push(e);
                        }
                        if let Some(at) = p.time {
                            if t.first.is_none_or(|f| at < f) {
                                t.first = Some(at);
                            }
                            if t.last.is_none_or(|l| at > l) {
                                t.last = Some(at);
                            }
                        }
                        if let Some(c) = p.cad.filter(|c| *c > 0.0) {
                            t.cadence_sum += c;
                            t.cadence_n += 1;
                        }
                    }
                } else if ends_with(path, &["gpx", "trk"]) {
                    if let Some(t) = track.take() {
                        tracks.push(t);
                    }
                }
            }
        }
        Ok(())
    })?;
    let several = tracks.len() > 1;
    let mut out = Vec::new();
    for (i, t) in tracks.into_iter().enumerate() {
        let n = i + 1;
        let (Some(first), Some(last)) = (t.first, t.last) else {
            return Err(format!(
                "track {n} has no times ({} points): a run needs its start",
                t.points
            ));
        };
        let mut source_id = first.to_rfc3339_opts(SecondsFormat::Secs, true);
        if several {
            source_id.push_str(&format!("/{n}"));
        }
        out.push(Activity {
            source: RunSource::Gpx,
            source_id,
            is_run: is_run(t.kind.as_deref()),
            started_at: first,
            duration_s: seconds(first, last),
            distance_m: t.distance_m,
            cadence_spm: (t.cadence_n > 0).then(|| 2.0 * t.cadence_sum / f64::from(t.cadence_n)),
            elevation_gain_m: t.ascent.seen.then_some(t.ascent.gained),
        });
    }
    Ok(out)
}
