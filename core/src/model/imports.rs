//! Runs from the runner's watch and phone: what the apps hand in (a file's bytes, a health
//! store's records) and what an import did.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::RunSource;

/// The largest activity file read (a 24-hour GPX track with a point a second is about 15 MB).
pub const MAX_RUN_FILE_BYTES: usize = 64 << 20;

/// A file the runner chose: its name (for messages and to tell the format by its extension:
/// `.fit`, `.gpx`, `.tcx`, any case) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RunFile {
    /// The file's name or path, as the runner would recognise it.
    pub name: String,
    /// Its whole content.
    pub bytes: Vec<u8>,
}

/// A running activity already read from a phone's health store (Health Connect's
/// `ExerciseSessionRecord` with its distance, HealthKit's `HKWorkout` with its statistics).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HealthRun {
    /// `health-connect` or `healthkit` (a file format is refused here).
    pub source: RunSource,
    /// The record's own id in the store (Health Connect's `metadata.id`, HealthKit's `uuid`).
    pub source_id: String,
    /// When it started.
    #[serde(with = "crate::instant")]
    pub started_at: DateTime<Utc>,
    /// Moving time in seconds (the session's length less its pauses, where the store has them).
    pub duration_s: u32,
    /// Distance in metres.
    pub distance_m: f64,
    /// Average cadence in steps per minute (both feet), if measured.
    pub cadence_spm: Option<f64>,
    /// Elevation gained in metres, if measured.
    pub elevation_gain_m: Option<f64>,
}

/// A file (or a health record) that was refused, and why: nothing of it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RefusedFile {
    /// The file's name as it was handed in (a health record: `health-connect:<id>`).
    pub name: String,
    /// Why, in English.
    pub reason: String,
}

/// What an import of runs did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RunImportSummary {
    /// Runs new to the journal.
    pub added: u32,
    /// Runs typed by hand that an imported activity was recognised as (same start within 10
    /// minutes, same distance within 5 % or 300 m): they keep their id and kind and gain the
    /// source and its measured figures.
    pub merged: u32,
    /// Activities the journal already holds (imported before, from this source or another).
    pub already_there: u32,
    /// Activities of runs the runner deleted: not brought back.
    pub deleted_before: u32,
    /// Activities that are not runs (rides, swims, walks…): skipped.
    pub skipped_non_runs: u32,
    /// Files or records refused, each with its reason.
    pub refused: Vec<RefusedFile>,
    /// The ids of the runs added or merged, in the order of the batch.
    pub run_ids: Vec<String>,
}
