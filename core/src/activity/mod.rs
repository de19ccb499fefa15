//! Runs from the runner's watch and phone: FIT, GPX and TCX files, and records a phone's health
//! store already read, each turned into the figures a run keeps. Pure: no I/O, no clock.
//!
//! [`read_file`] reads one file; a [`Batch`] gathers files and health records, refusing each bad
//! one on its own (with its name and the reason) so the rest of the batch goes on, and counting
//! activities that are not runs. `Journal::import_runs` stores a batch in one transaction.
//! The rules (distance, duration, ascent smoothing, cadence) are in docs/storage.md.

pub mod fit;
mod gpx;
mod tcx;
mod xml;

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::{HealthRun, RefusedFile, Run, RunKind, RunSource, MAX_RUN_FILE_BYTES};
use crate::vocab::Invalid;

/// Why a file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {reason}")]
pub struct ActivityError {
    /// The file's name as it was handed in.
    pub name: String,
    /// What is wrong with it, in English.
    pub reason: String,
}

/// One activity read from a file or a health store.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Where it came from.
    pub source: RunSource,
    /// The source's own id of it.
    pub source_id: String,
    /// Whether it is a run (others are skipped and counted).
    pub is_run: bool,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Moving time in seconds.
    pub duration_s: f64,
    /// Distance in metres.
    pub distance_m: f64,
    /// Average cadence in steps per minute (both feet), if measured.
    pub cadence_spm: Option<f64>,
    /// Elevation gained in metres, if measured.
    pub elevation_gain_m: Option<f64>,
}

/// A run ready for the journal: checked, in the journal's units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRun {
    /// The name of the file (or record) it came from.
    pub from: String,
    /// The run as it would be stored (id, kind, times and zone are set by the journal).
    pub started_at: DateTime<Utc>,
    /// Distance in metres.
    pub distance_m: u32,
    /// Moving time in seconds.
    pub duration_s: u32,
    /// Where it came from.
    pub source: RunSource,
    /// The source's own id of it.
    pub source_id: String,
    /// Steps per minute.
    pub cadence_spm: Option<u32>,
    /// Metres gained.
    pub elevation_gain_m: Option<u32>,
}

impl ImportedRun {
    /// The run as stored under `id` at `now` in `zone`, of `kind`.
    pub fn stored(&self, id: String, kind: RunKind, now: DateTime<Utc>, zone: &str) -> Run {
        Run {
            id,
            started_at: self.started_at,
            distance_m: self.distance_m,
            duration_s: self.duration_s,
            kind,
            time_zone: Some(zone.to_owned()),
            created_at: now,
            updated_at: now,
            source: Some(self.source),
            source_id: Some(self.source_id.clone()),
            cadence_spm: self.cadence_spm,
            elevation_gain_m: self.elevation_gain_m,
        }
    }
}

/// The format a file's name says it is in.
pub fn format_of(name: &str) -> Option<RunSource> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "fit" => Some(RunSource::Fit),
        "gpx" => Some(RunSource::Gpx),
        "tcx" => Some(RunSource::Tcx),
        _ => None,
    }
}

/// Reads every activity in one file (`name` says its format by its extension).
pub fn read_file(name: &str, bytes: &[u8]) -> Result<Vec<Activity>, ActivityError> {
    let refuse = |reason: String| ActivityError {
        name: name.to_owned(),
        reason,
    };
    if bytes.len() > MAX_RUN_FILE_BYTES {
        return Err(refuse(format!(
            "larger than {} MB: not an activity file",
            MAX_RUN_FILE_BYTES >> 20
        )));
    }
    let activities = match format_of(name) {
        Some(RunSource::Fit) => from_fit(bytes).map_err(refuse)?,
        Some(RunSource::Gpx) => gpx::read(bytes).map_err(refuse)?,
        Some(RunSource::Tcx) => tcx::read(bytes).map_err(refuse)?,
        _ => {
            return Err(refuse(
                "not a FIT, GPX or TCX file (by its name's extension)".to_owned(),
            ))
        }
    };
    if activities.is_empty() {
        return Err(refuse("no activity in it".to_owned()));
    }
    Ok(activities)
}

fn from_fit(bytes: &[u8]) -> Result<Vec<Activity>, String> {
    let file = fit::decode(bytes).map_err(|e| e.reason)?;
    let several = file.sessions.len() > 1;
    let mut out = Vec::new();
    for (i, s) in file.sessions.iter().enumerate() {
        let start = s
            .start_time
            .ok_or_else(|| format!("session {} has no start time", i + 1))?;
        let started_at = DateTime::from_timestamp(fit::FIT_EPOCH_S + i64::from(start), 0)
            .ok_or_else(|| format!("session {} starts at an impossible time", i + 1))?;
        let id = &s.file_id;
        let mut source_id = match (id.serial_number, id.time_created) {
            (Some(serial), Some(created)) => format!("{serial}-{created}"),
            (None, Some(created)) => format!("{created}"),
            (Some(serial), None) => format!("{serial}-start-{start}"),
            (None, None) => format!("start-{start}"),
        };
        if several {
            source_id.push_str(&format!("/{}", i + 1));
        }
        out.push(Activity {
            source: RunSource::Fit,
            source_id,
            is_run: s.sport == Some(fit::Session::RUNNING),
            started_at,
            duration_s: s
                .total_timer_time_s
                .or(s.total_elapsed_time_s)
                .unwrap_or(0.0),
            distance_m: s.total_distance_m.unwrap_or(0.0),
            // Running cadence in FIT is strides (one foot) a minute.
            cadence_spm: s.cadence().filter(|c| *c > 0.0).map(|c| 2.0 * c),
            elevation_gain_m: s.total_ascent_m.map(f64::from),
        });
    }
    Ok(out)
}

/// Turns an activity into a run the journal keeps, checked as a run typed by hand is (except
/// against the clock: a watch's clock may have been wrong).
pub fn to_run(from: &str, a: &Activity) -> Result<ImportedRun, String> {
    let round = |x: f64, what: &str, max: f64| -> Result<u32, String> {
        if !x.is_finite() || x < 0.0 || x > max {
            return Err(format!("its {what} ({x}) is out of range"));
        }
        // In range, so the cast neither truncates nor saturates.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(x.round() as u32)
    };
    let run = ImportedRun {
        from: from.to_owned(),
        started_at: a.started_at,
        distance_m: round(a.distance_m, "distance", 1e7)?,
        duration_s: round(a.duration_s, "duration", 1e7)?,
        source: a.source,
        source_id: a.source_id.clone(),
        cadence_spm: a
            .cadence_spm
            .map(|c| round(c, "cadence", 1e4))
            .transpose()?
            .filter(|c| *c > 0),
        elevation_gain_m: a
            .elevation_gain_m
            .map(|e| round(e, "elevation gain", 1e7))
            .transpose()?,
    };
    let stored = run.stored(String::new(), RunKind::Easy, a.started_at, "UTC");
    let explain = |e: Invalid| format!("{}: {}", e.field, e.message);
    stored.entry().validate_kept().map_err(explain)?;
    stored.check_measured().map_err(explain)?;
    Ok(run)
}

/// Files and health records gathered for one import: the runs to store, the activities that
/// are not runs, and what was refused.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The runs, in the order they were read.
    pub runs: Vec<ImportedRun>,
    /// Activities that are not runs.
    pub non_runs: u32,
    /// Files and records refused, with their reasons: nothing of them is in `runs`.
    pub refused: Vec<RefusedFile>,
}

impl Batch {
    /// A batch with nothing in it.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Reads one file: its runs join the batch, or the whole file is refused (with its name and
    /// the reason) and the batch goes on.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) {
        let found = read_file(name, bytes).and_then(|activities| {
            let mut runs = Vec::new();
            let mut others = 0;
            for a in &activities {
                if !a.is_run {
                    others += 1;
                    continue;
                }
                runs.push(to_run(name, a).map_err(|reason| ActivityError {
                    name: name.to_owned(),
                    reason,
                })?);
            }
            Ok((runs, others))
        });
        match found {
            Ok((runs, others)) => {
                self.runs.extend(runs);
                self.non_runs += others;
            }
            Err(e) => self.refused.push(RefusedFile {
                name: e.name,
                reason: e.reason,
            }),
        }
    }

    /// Takes one record a health store gave (only runs are handed in); a bad one is refused on
    /// its own, named `<source>:<id>`.
    pub fn add_health(&mut self, r: &HealthRun) {
        let name = format!("{}:{}", crate::model::Name::name(r.source), r.source_id);
        let found = match r.source {
            RunSource::HealthConnect | RunSource::Healthkit => to_run(
                &name,
                &Activity {
                    source: r.source,
                    source_id: r.source_id.clone(),
                    is_run: true,
                    started_at: r.started_at,
                    duration_s: f64::from(r.duration_s),
                    distance_m: r.distance_m,
                    cadence_spm: r.cadence_spm,
                    elevation_gain_m: r.elevation_gain_m,
                },
            ),
            _ => Err("a health record's source is health-connect or healthkit".to_owned()),
        };
        match found {
            Ok(run) => self.runs.push(run),
            Err(reason) => self.refused.push(RefusedFile { name, reason }),
        }
    }
}

/// The id of the run an activity becomes: a UUID (version 8) from a fixed 128-bit hash (FNV-1a)
/// of its source and the source's id, written as every id is (lowercase, hyphenated). The same
/// activity is the same run on every phone, however often it is imported.
pub fn run_id(source: RunSource, source_id: &str) -> String {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    let mut h = OFFSET;
    let name = crate::model::Name::name(source);
    for b in b"fascia-run\0"
        .iter()
        .chain(name.as_bytes())
        .chain(b"\0")
        .chain(source_id.as_bytes())
    {
        h ^= u128::from(*b);
        h = h.wrapping_mul(PRIME);
    }
    uuid::Builder::from_custom_bytes(h.to_be_bytes())
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Great-circle distance in metres between two points (haversine, on a sphere of the Earth's
/// mean radius, 6,371,008.8 m).
pub(crate) fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    const R: f64 = 6_371_008.8;
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

/// How much a climb must rise above the lowest point since the last counted one before it
/// counts (metres): GPS and barometric elevation wander by a metre or two between points.
pub const ASCENT_HYSTERESIS_M: f64 = 3.0;

/// Elevation gained along a series of elevations, smoothed by [`ASCENT_HYSTERESIS_M`]: the
/// reference follows every descent; a rise counts once it is at least the hysteresis above the
/// reference, which then moves up to it.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Ascent {
    reference: Option<f64>,
    /// Metres gained so far.
    pub gained: f64,
    /// Whether any elevation was seen.
    pub seen: bool,
}

impl Ascent {
    pub(crate) fn push(&mut self, ele: f64) {
        self.seen = true;
        match self.reference {
            None => self.reference = Some(ele),
            Some(r) if ele < r => self.reference = Some(ele),
            Some(r) if ele - r >= ASCENT_HYSTERESIS_M => {
                self.gained += ele - r;
                self.reference = Some(ele);
            }
            Some(_) => {}
        }
    }
}

/// Parses an RFC 3339 instant as GPX and TCX write them (surrounding space allowed): the
/// journal's own reader, quick for the common `…Z` form that every track point carries.
pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    crate::instant::parse(text.trim())
}

/// Seconds between two instants.
pub(crate) fn seconds(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    let d: TimeDelta = to - from;
    d.num_milliseconds() as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_are_fixed_lowercase_uuids_of_version_8() {
        let id = run_id(RunSource::Fit, "3952480171-1082383200");
        assert_eq!(id, run_id(RunSource::Fit, "3952480171-1082383200"));
        assert_ne!(id, run_id(RunSource::Tcx, "3952480171-1082383200"));
        let u = uuid::Uuid::try_parse(&id).expect("a uuid");
        assert_eq!(u.get_version_num(), 8);
        assert_eq!(id, id.to_ascii_lowercase());
        // Fixed across builds and platforms: an export's ids depend on it.
        assert_eq!(id, run_id(RunSource::Fit, "3952480171-1082383200"));
    }

    #[test]
    fn a_degree_of_latitude_is_111_km() {
        let d = haversine_m((0.0, 0.0), (1.0, 0.0));
        assert!((d - 111_195.0).abs() < 1.0, "{d}");
    }

    #[test]
    fn ascent_ignores_wobble_and_counts_climbs() {
        let mut a = Ascent::default();
        for e in [100.0, 101.0, 100.0, 102.0, 100.5, 101.5] {
            a.push(e);
        }
        assert_eq!(a.gained, 0.0);
        for e in [104.0, 110.0, 109.0, 120.0] {
            a.push(e);
        }
        // 100 → 104 (+4), → 110 (+6), down to 109, → 120 (+11).
        assert_eq!(a.gained, 21.0);
    }

    #[test]
    fn formats_by_extension_in_any_case() {
        assert_eq!(format_of("a/B.FIT"), Some(RunSource::Fit));
        assert_eq!(format_of("x.Gpx"), Some(RunSource::Gpx));
        assert_eq!(format_of("x.tcx"), Some(RunSource::Tcx));
        assert_eq!(format_of("x.json"), None);
        assert_eq!(format_of("fit"), None);
    }
}
