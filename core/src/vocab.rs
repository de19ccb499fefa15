//! The words every layer shares, at the bottom of the house: sides, the events of a session,
//! the reasons the runner reads (as text keys), the one name of an enum value, and the kinds of
//! failure. Nothing here imports another module of the crate but `keys` and `instant`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::keys;

/// The one name of an enum value (`long`, `pain-skip`, `A`, `foam-roller`…): the same in tables,
/// export files, ids and on the command line. Derived once per enum (strum), and checked equal to
/// its serde name by a test.
pub trait Name: Copy + Into<&'static str> {
    /// The value's name.
    fn name(self) -> &'static str {
        self.into()
    }
}

impl<T: Copy + Into<&'static str>> Name for T {}

/// A zone's id (`calves`, `it-band`): the key of its content in `content/zones.json`. A type of
/// its own, so it cannot be mixed up with a record's id or a time zone's name; the apps see it as
/// text.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ZoneId(pub(crate) String);

/// Written as the text it is (`"calves"`), so messages and test output read as before.
impl std::fmt::Debug for ZoneId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

impl ZoneId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as owned text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for ZoneId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for ZoneId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ZoneId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ZoneId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(&self.0)
    }
}

impl From<&str> for ZoneId {
    fn from(id: &str) -> ZoneId {
        ZoneId(id.to_owned())
    }
}

impl From<String> for ZoneId {
    fn from(id: String) -> ZoneId {
        ZoneId(id)
    }
}

impl From<&String> for ZoneId {
    fn from(id: &String) -> ZoneId {
        ZoneId(id.clone())
    }
}

impl PartialEq<str> for ZoneId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ZoneId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for ZoneId {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<ZoneId> for str {
    fn eq(&self, other: &ZoneId) -> bool {
        self == other.0
    }
}

impl PartialEq<ZoneId> for &str {
    fn eq(&self, other: &ZoneId) -> bool {
        *self == other.0
    }
}

impl rusqlite::ToSql for ZoneId {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl rusqlite::types::FromSql for ZoneId {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        String::column_result(value).map(ZoneId)
    }
}

named_enum! {
    /// Which side of a sided zone a step works; `Both` for a zone worked once across the body.
    #[derive(PartialOrd, Ord)]
    pub enum Side {
        /// The runner's own left (on the body map's front view, the viewer's right).
        Left,
        /// The runner's own right (on the body map's front view, the viewer's left).
        Right,
        /// The whole zone (unsided zones such as the upper back).
        Both,
    }
}

impl Side {
    /// The text key of the side's name.
    pub fn text_key(self) -> &'static str {
        match self {
            Side::Left => keys::SIDE_LEFT,
            Side::Right => keys::SIDE_RIGHT,
            Side::Both => keys::SIDE_BOTH,
        }
    }
}

/// A named value shown inside a reason's text, e.g. `level` = `6`.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReasonArg {
    /// Placeholder name in the text (`{level}`).
    pub name: String,
    /// Value to show.
    pub value: String,
}

/// Why something is in a routine: a text key plus the values its text shows.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Reason {
    /// The text key (`reason.sore`); its text, in `content/strings/en.json`, shows the values.
    pub key: String,
    /// Values for the text's placeholders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<ReasonArg>,
}

impl Reason {
    /// A reason with no values.
    pub fn key(key: &str) -> Reason {
        Reason {
            key: key.to_owned(),
            args: Vec::new(),
        }
    }

    /// Adds a value.
    pub fn with(mut self, name: &str, value: impl ToString) -> Reason {
        self.args.push(ReasonArg {
            name: name.to_owned(),
            value: value.to_string(),
        });
        self
    }

    /// A length of time as a person reads it, never as a clock: "12 min", "11 min 40 s",
    /// "40 s" (a routine's length, the time a session held pressure).
    pub fn duration(seconds: u64) -> Reason {
        let (minutes, seconds) = (seconds / 60, seconds % 60);
        match (minutes, seconds) {
            (0, s) => Reason::key(keys::DURATION_SECONDS).with("seconds", s),
            (m, 0) => Reason::key(keys::DURATION_MINUTES).with("minutes", m),
            (m, s) => Reason::key(keys::DURATION_MINUTES_SECONDS)
                .with("minutes", m)
                .with("seconds", s),
        }
    }
}

named_enum! {
    /// Something the runner did, recorded with the instant it happened.
    pub enum Event {
        /// The session began (always the first event, and only once).
        Start,
        /// Freeze the countdown.
        Pause,
        /// Continue after a pause.
        Resume,
        /// End the current step now and go to the next.
        Skip,
        /// Go back to the start of the previous step (the first step restarts).
        Back,
        /// Add 30 seconds to the current step.
        Extend,
        /// "Stopped: sharp pain": record it and skip the rest of the current zone.
        PainSkip,
        /// The runner ends the session (early, or to confirm it once it ran out).
        Finish,
        /// The runner abandons the session.
        Abort,
    }
}

/// An event and when it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TimedEvent {
    /// When, as a UTC instant.
    #[serde(with = "crate::instant")]
    pub at: DateTime<Utc>,
    /// What the runner did; a log always begins with [`Event::Start`], once.
    pub event: Event,
}

/// What kind of failure an [`Error`] is: what a frontend needs to decide what to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An input was refused (a value out of range, an unknown zone, a malformed file…).
    BadInput,
    /// No record with the id asked for.
    NotFound,
    /// The request is valid but cannot be done in the current state (a session is already in
    /// progress, the session is paused, every zone is excluded…).
    Conflict,
    /// The journal (or a backup) is damaged or is not a Fascia journal; it was kept as it is.
    Damaged,
    /// The journal or an export was written by a newer Fascia.
    NewerVersion,
    /// The file system or SQLite failed (disk full, permission, locked…).
    Storage,
    /// A bug in Fascia (broken embedded content, a log that cannot be replayed).
    Internal,
}

/// A storage failure the runner can fix, so a frontend can say how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StorageProblem {
    /// The disk is full: free some space.
    DiskFull,
    /// The journal's file or folder cannot be written: fix its permissions.
    ReadOnly,
    /// Another program holds the journal: wait and try again.
    Busy,
}

/// An input that was refused: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field}: {message}")]
pub struct Invalid {
    /// The field, e.g. `distance_m`, or for an import its path in the file (`runs[3].distance_m`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl Invalid {
    /// `field` is invalid because `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Invalid {
        Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, for the field inside `parent` (`[3]` + `zone` → `[3].zone`).
    pub fn within(self, parent: &str) -> Invalid {
        Invalid {
            field: format!("{parent}.{}", self.field),
            message: self.message,
        }
    }
}
