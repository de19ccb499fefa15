//! The export document: the whole journal as one versioned JSON file (`docs/export.md`, schema in
//! `docs/export.schema.json`). Reading and merging one is the journal's job (`Journal::import_json`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Bodywork, Downtime, Race, ReminderDelivery, Run, SessionRecord, Settings, Soreness};

/// The `format` field of every export.
pub const EXPORT_FORMAT: &str = "fascia-export";
/// The export version this build writes and the newest it reads.
pub const EXPORT_VERSION: u32 = 1;

/// The settings record in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredSettings {
    /// The settings.
    pub settings: Settings,
    /// When first stored.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// The whole journal as one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`] when written by this build.
    pub version: u32,
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
    /// The settings, once the runner changed any.
    pub settings: Option<StoredSettings>,
    /// Routine sessions with their event logs, by start.
    pub sessions: Vec<SessionRecord>,
    /// Runs, by start.
    pub runs: Vec<Run>,
    /// Soreness entries, by time.
    pub soreness: Vec<Soreness>,
    /// Downtime entries, by date.
    pub downtime: Vec<Downtime>,
    /// Races, by date.
    pub races: Vec<Race>,
    /// Bodywork appointments, by time.
    pub bodywork: Vec<Bodywork>,
    /// Delivered reminders, by delivery.
    pub reminder_log: Vec<ReminderDelivery>,
}

/// What an import did, per kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ImportSummary {
    /// Records that were new.
    pub added: u32,
    /// Records the file had a newer copy of.
    pub updated: u32,
    /// Records already up to date.
    pub unchanged: u32,
}
