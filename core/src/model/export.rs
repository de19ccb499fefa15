//! The export document: the whole journal as one versioned JSON file (`docs/export.md`, schema in
//! `docs/export.schema.json`). Reading and merging one is the journal's job (`Journal::import_json`).
//!
//! Version 2 lists each distinct routine once (`routines`) and sessions refer to it by position;
//! it also carries deletions (`deleted`), so merging two journals never brings a deleted record
//! back. Version 1 files (a routine inside each session, no deletions) are still read.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    Bodywork, Downtime, Race, ReminderDelivery, Run, SessionRecord, SessionStatus, Settings,
    Soreness,
};
use crate::routine::Routine;
use crate::vocab::TimedEvent;

/// The `format` field of every export.
pub const EXPORT_FORMAT: &str = "fascia-export";
/// The export version this build writes and the newest it reads.
pub const EXPORT_VERSION: u32 = 2;
/// The largest export file read (64 MiB): ten years of daily use are about 4 MB, so anything
/// larger is not a Fascia export (or is `/dev/zero`), refused before it fills the memory.
pub const MAX_EXPORT_BYTES: usize = 64 << 20;

/// What kind of record a deletion removed.
// Not `named_enum!`: it lives in export files only and stays off the FFI.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum DeletedKind {
    /// A [`Run`] (`run` in the file).
    Run,
    /// A soreness entry.
    Soreness,
    /// A downtime entry.
    Downtime,
    /// A [`Race`] (`race` in the file).
    Race,
    /// A bodywork appointment.
    Bodywork,
}

/// A record the runner deleted, kept so that an import of an older copy does not bring it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deletion {
    /// The deleted record's id.
    pub id: String,
    /// What it was.
    pub kind: DeletedKind,
    /// When it was deleted.
    #[serde(with = "crate::instant")]
    pub deleted_at: DateTime<Utc>,
}

/// The settings record in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredSettings {
    /// The runner's settings as last saved.
    pub settings: Settings,
    /// When the settings were first stored; kept whatever the clock said (an import keeps it).
    #[serde(with = "crate::instant")]
    pub created_at: DateTime<Utc>,
    /// When they last changed: an import replaces the journal's settings only with newer ones.
    #[serde(with = "crate::instant")]
    pub updated_at: DateTime<Utc>,
}

/// The whole journal as one document (in memory each session holds its routine; in the file
/// each distinct routine is written once).
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// Always `fascia-export` ([`EXPORT_FORMAT`]): an import refuses a file without it.
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
    /// Deleted records, by id.
    pub deleted: Vec<Deletion>,
}

/// A session as written in the file: its routine by position in `routines` (version 2) or
/// whole (version 1).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSession<I, R, E> {
    id: I,
    status: SessionStatus,
    #[serde(with = "crate::instant")]
    started_at: DateTime<Utc>,
    #[serde(with = "crate::instant::option")]
    ended_at: Option<DateTime<Utc>>,
    routine: R,
    events: E,
    #[serde(with = "crate::instant")]
    created_at: DateTime<Utc>,
    #[serde(with = "crate::instant")]
    updated_at: DateTime<Utc>,
}

/// A routine reference in a session: a position in `routines`, or (version 1) the routine.
enum RoutineRef {
    Index(usize),
    Inline(Box<Routine>),
}

/// Read by hand rather than `#[serde(untagged)]`, which would buffer every routine and compile a
/// second set of deserialisers into the mobile library.
impl<'de> Deserialize<'de> for RoutineRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = RoutineRef;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a routine, or its position in `routines`")
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RoutineRef, E> {
                usize::try_from(v)
                    .map(RoutineRef::Index)
                    .map_err(|_| E::custom("routine position out of range"))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RoutineRef, A::Error> {
                Routine::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|r| RoutineRef::Inline(Box::new(r)))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// The document as written (borrowing the journal's records).
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u32,
    #[serde(with = "crate::instant")]
    exported_at: DateTime<Utc>,
    settings: &'a Option<StoredSettings>,
    routines: Vec<&'a Arc<Routine>>,
    sessions: Vec<FileSession<&'a str, usize, &'a [TimedEvent]>>,
    runs: &'a [Run],
    soreness: &'a [Soreness],
    downtime: &'a [Downtime],
    races: &'a [Race],
    bodywork: &'a [Bodywork],
    reminder_log: &'a [ReminderDelivery],
    deleted: &'a [Deletion],
}

/// The document as read, version 1 or 2.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    format: String,
    version: u32,
    #[serde(with = "crate::instant")]
    exported_at: DateTime<Utc>,
    settings: Option<StoredSettings>,
    #[serde(default)]
    routines: Vec<Routine>,
    sessions: Vec<FileSession<String, RoutineRef, Vec<TimedEvent>>>,
    runs: Vec<Run>,
    soreness: Vec<Soreness>,
    downtime: Vec<Downtime>,
    races: Vec<Race>,
    bodywork: Vec<Bodywork>,
    reminder_log: Vec<ReminderDelivery>,
    #[serde(default)]
    deleted: Vec<Deletion>,
}

impl Serialize for Export {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Sessions share a few routines: found by a cheap key, then compared whole.
        let mut index: HashMap<(u32, u32, usize), Vec<usize>> = HashMap::new();
        // `Arc`'s `==` sees a shared routine at once, without comparing it field by field.
        let mut routines: Vec<&Arc<Routine>> = Vec::new();
        let sessions = self
            .sessions
            .iter()
            .map(|s| {
                let r = &s.routine;
                let same = index
                    .entry((r.total_s, r.budget_s, r.steps.len()))
                    .or_default();
                let at = match same.iter().find(|&&i| routines[i] == r) {
                    Some(&i) => i,
                    None => {
                        routines.push(r);
                        same.push(routines.len() - 1);
                        routines.len() - 1
                    }
                };
                FileSession {
                    id: s.id.as_str(),
                    status: s.status,
                    started_at: s.started_at,
                    ended_at: s.ended_at,
                    routine: at,
                    events: s.events.as_slice(),
                    created_at: s.created_at,
                    updated_at: s.updated_at,
                }
            })
            .collect();
        FileOut {
            format: &self.format,
            version: self.version,
            exported_at: self.exported_at,
            settings: &self.settings,
            routines,
            sessions,
            runs: &self.runs,
            soreness: &self.soreness,
            downtime: &self.downtime,
            races: &self.races,
            bodywork: &self.bodywork,
            reminder_log: &self.reminder_log,
            deleted: &self.deleted,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Export {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let file = FileIn::deserialize(deserializer)?;
        // One copy of each routine, shared by the sessions that refer to it.
        let routines: Vec<Arc<Routine>> = file.routines.into_iter().map(Arc::new).collect();
        let sessions = file
            .sessions
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let routine = match s.routine {
                    RoutineRef::Inline(r) => Arc::new(*r),
                    RoutineRef::Index(n) => routines.get(n).cloned().ok_or_else(|| {
                        serde::de::Error::custom(format!(
                            "sessions[{i}].routine: there is no routines[{n}]"
                        ))
                    })?,
                };
                Ok(SessionRecord {
                    id: s.id,
                    status: s.status,
                    started_at: s.started_at,
                    ended_at: s.ended_at,
                    routine,
                    events: s.events,
                    created_at: s.created_at,
                    updated_at: s.updated_at,
                })
            })
            .collect::<Result<_, D::Error>>()?;
        Ok(Export {
            format: file.format,
            version: file.version,
            exported_at: file.exported_at,
            settings: file.settings,
            sessions,
            runs: file.runs,
            soreness: file.soreness,
            downtime: file.downtime,
            races: file.races,
            bodywork: file.bodywork,
            reminder_log: file.reminder_log,
            deleted: file.deleted,
        })
    }
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
    /// Records removed because the file says they were deleted after their last change.
    #[serde(default)]
    pub removed: u32,
}
