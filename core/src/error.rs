//! The crate's error story: one enum per module with the detail (and the cause), gathered into
//! [`Error`], and one [`ErrorKind`] that every frontend maps from.
//!
//! The CLI's exit codes and the FFI's `FasciaError` are both derived from [`Error::kind`], so the
//! two can never disagree about what a failure is. Nothing was changed when any error is returned.

use crate::{
    routine::RoutineError, safety::SafetyError, store::StoreError, timer::TimerError,
    zones::ContentError,
};

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

/// Any error the core can return.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The embedded zone content (or a translation) is not valid.
    #[error(transparent)]
    Content(#[from] ContentError),
    /// A routine request was invalid or could not be met.
    #[error(transparent)]
    Routine(#[from] RoutineError),
    /// A timer event was not allowed in the session's current state.
    #[error(transparent)]
    Timer(#[from] TimerError),
    /// The safety rule refused a routine or a step (no pressure on a resting zone, no more time
    /// than today allows, no bodywork on race morning).
    #[error(transparent)]
    Safety(#[from] SafetyError),
    /// The journal refused a write or could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A time zone name that is not in the IANA database.
    #[error(transparent)]
    TimeZone(#[from] crate::time::UnknownTimeZone),
    /// An input was refused.
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Content(_) => ErrorKind::Internal,
            Error::Routine(e) => e.kind(),
            Error::Timer(e) => e.kind(),
            Error::Safety(_) => ErrorKind::Conflict,
            Error::Store(e) => e.kind(),
            Error::TimeZone(_) | Error::Invalid(_) => ErrorKind::BadInput,
        }
    }

    /// For [`ErrorKind::BadInput`], the field that was refused (`distance_m`, `time_zone`…).
    pub fn field(&self) -> Option<String> {
        match self {
            Error::Invalid(e) | Error::Store(StoreError::Invalid(e)) => Some(e.field.clone()),
            Error::Routine(e) => e.field().map(str::to_owned),
            Error::TimeZone(_) => Some("time_zone".to_owned()),
            Error::Store(StoreError::AmbiguousId { .. }) => Some("id".to_owned()),
            _ => None,
        }
    }

    /// For an id prefix that starts several records' ids, those ids (the first ten, in order).
    pub fn ambiguous_ids(&self) -> Option<&[String]> {
        match self {
            Error::Store(StoreError::AmbiguousId { matches, .. }) => Some(matches),
            _ => None,
        }
    }

    /// For an input refused by a check, the field and what is wrong with it.
    pub fn invalid(&self) -> Option<&Invalid> {
        match self {
            Error::Invalid(e) | Error::Store(StoreError::Invalid(e)) => Some(e),
            _ => None,
        }
    }

    /// For [`ErrorKind::Damaged`], the damaged file and the newest backup that can restore it.
    pub fn damaged(&self) -> Option<(&str, Option<&str>)> {
        match self {
            Error::Store(StoreError::Damaged {
                path,
                newest_backup,
                ..
            }) => Some((path, newest_backup.as_deref())),
            _ => None,
        }
    }

    /// For [`ErrorKind::Storage`], the cause when it is one the runner can fix.
    pub fn storage_problem(&self) -> Option<StorageProblem> {
        match self {
            Error::Store(e) => crate::store::storage_problem(e),
            _ => None,
        }
    }

    /// For [`ErrorKind::NewerVersion`], the version found and the newest this build reads.
    pub fn versions(&self) -> Option<(u32, u32)> {
        match self {
            Error::Store(StoreError::IncompatibleVersion { found, supported }) => {
                Some((*found, *supported))
            }
            _ => None,
        }
    }
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
