//! Garmin Training Center Database v2 (`TrainingCenterDatabase/Activities/Activity`): one
//! activity per `Activity`; `Sport="Running"` is a run, any other sport is not. The start is the
//! first lap's `StartTime` (else the `Id`, a time by the schema), the `Id` is the source id;
//! duration and distance are the laps' `TotalTimeSeconds` and `DistanceMeters` summed; cadence
//! the laps' `AvgRunCadence` (ActivityExtension v2, strides a minute, doubled to steps) weighted
//! by their time, else the mean of the track points' `RunCadence`; ascent from the track points'
//! `AltitudeMeters`, smoothed ([`super::ASCENT_HYSTERESIS_M`]).

use chrono::{DateTime, Utc};

use super::xml::{self, ends_with, number, Node};
use super::{parse_time, Activity, Ascent};
use crate::model::RunSource;

#[derive(Default)]
struct Tcx {
    sport: String,
    id: Option<String>,
    start: Option<DateTime<Utc>>,
    duration_s: f64,
    distance_m: f64,
    lap_s: f64,
    lap_cadence: Option<f64>,
    lap_cadence_weighted: f64,
    lap_cadence_s: f64,
    point_cadence_sum: f64,
    point_cadence_n: u32,
    ascent: Ascent,
}

pub(super) fn read(bytes: &[u8]) -> Result<Vec<Activity>, String> {
    let mut done: Vec<Tcx> = Vec::new();
    let mut current: Option<Tcx> = None;
    xml::walk(bytes, "TrainingCenterDatabase", |path, node| {
        match node {
            Node::Open(e) => {
                if path.last().is_some_and(|n| n == "Activity") {
                    current = Some(Tcx {
                        sport: xml::attribute(e, "Sport").unwrap_or_default(),
                        ..Tcx::default()
                    });
                } else if ends_with(path, &["Activity", "Lap"]) {
                    if let Some(a) = current.as_mut() {
                        a.lap_s = 0.0;
                        a.lap_cadence = None;
                        if a.start.is_none() {
                            if let Some(t) = xml::attribute(e, "StartTime") {
                                a.start = Some(parse_time(&t).ok_or_else(|| {
                                    format!("a lap's StartTime {t:?} is not a time")
                                })?);
                            }
                        }
                    }
                }
            }
            Node::Text(text) => {
                let Some(a) = current.as_mut() else {
                    return Ok(());
                };
                if ends_with(path, &["Activity", "Id"]) {
                    a.id = Some(text.trim().to_owned());
                } else if ends_with(path, &["Lap", "TotalTimeSeconds"]) {
                    let s = number(text, "TotalTimeSeconds", 0.0, 1e7)?;
                    a.lap_s = s;
                    a.duration_s += s;
                } else if ends_with(path, &["Lap", "DistanceMeters"]) {
                    a.distance_m += number(text, "DistanceMeters", 0.0, 1e8)?;
                } else if ends_with(path, &["Trackpoint", "AltitudeMeters"]) {
                    a.ascent
                        .push(number(text, "AltitudeMeters", -1_000.0, 10_000.0)?);
                } else if path.last().is_some_and(|n| n == "AvgRunCadence") {
                    a.lap_cadence = Some(number(text, "AvgRunCadence", 0.0, 1_000.0)?);
                } else if path.last().is_some_and(|n| n == "RunCadence")
                    && path.iter().any(|n| n == "Trackpoint")
                {
                    let c = number(text, "RunCadence", 0.0, 1_000.0)?;
                    if c > 0.0 {
                        a.point_cadence_sum += c;
                        a.point_cadence_n += 1;
                    }
                }
            }
            Node::Close => {
                if ends_with(path, &["Activity", "Lap"]) {
                    if let Some(a) = current.as_mut() {
                        if let Some(c) = a.lap_cadence.filter(|c| *c > 0.0) {
                            a.lap_cadence_weighted += c * a.lap_s;
                            a.lap_cadence_s += a.lap_s;
                        }
                    }
                } else if path.last().is_some_and(|n| n == "Activity") {
                    if let Some(a) = current.take() {
                        done.push(a);
                    }
                }
            }
        }
        Ok(())
    })?;
    let mut out = Vec::new();
    for (i, a) in done.into_iter().enumerate() {
        let n = i + 1;
        let id =
            a.id.filter(|id| !id.is_empty())
                .ok_or_else(|| format!("activity {n} has no Id"))?;
        let started_at = a
            .start
            .or_else(|| parse_time(&id))
            .ok_or_else(|| format!("activity {n} has no start (no lap StartTime, no time Id)"))?;
        let strides = if a.lap_cadence_s > 0.0 {
            Some(a.lap_cadence_weighted / a.lap_cadence_s)
        } else {
            (a.point_cadence_n > 0).then(|| a.point_cadence_sum / f64::from(a.point_cadence_n))
        };
        out.push(Activity {
            source: RunSource::Tcx,
            source_id: id,
            is_run: a.sport == "Running",
            started_at,
            duration_s: a.duration_s,
            distance_m: a.distance_m,
            cadence_spm: strides.map(|s| 2.0 * s),
            elevation_gain_m: a.ascent.seen.then_some(a.ascent.gained),
        });
    }
    Ok(out)
}
