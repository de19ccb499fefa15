//! The crate's error story: one enum per module with the detail (and the cause), gathered into
//! [`Error`], and one [`ErrorKind`] that every frontend maps from.
//!
//! The CLI's exit codes and the FFI's `FasciaError` are both derived from [`Error::kind`], so the
//! two can never disagree about what a failure is. Nothing was changed when any error is returned.

pub use crate::vocab::{ErrorKind, Invalid, StorageProblem};
use crate::{routine::RoutineError, safety::SafetyError, timer::TimerError, zones::ContentError};

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
    Store(StoreError),
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
            Error::Invalid(e) => Some(e.field.clone()),
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
            Error::Invalid(e) => Some(e),
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
            Error::Store(e) => storage_problem(e),
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

impl From<StoreError> for Error {
    /// One route per cause: an input the store refused is [`Error::Invalid`], as everywhere else.
    fn from(e: StoreError) -> Error {
        match e {
            StoreError::Invalid(e) => Error::Invalid(e),
            other => Error::Store(other),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        StoreError::from(e).into()
    }
}

impl Error {
    /// The error with every cause under it, for a bug report (the message shows the runner
    /// only the first line's meaning).
    pub fn detail(&self) -> String {
        let mut out = format!("{self:?}");
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            out.push_str(&format!("\ncaused by: {cause}"));
            source = cause.source();
        }
        out
    }
}

/// Why the journal could not do what was asked. Nothing was changed when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An input failed validation inside the store. It reaches callers as [`Error::Invalid`]
    /// (the conversion below), never as a store error.
    #[doc(hidden)]
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// No record with that id.
    #[error("no {what} with id {id}")]
    NotFound {
        /// Kind of record.
        what: &'static str,
        /// The id asked for.
        id: String,
    },
    /// An id prefix that starts more than one record's id: which ones, so the runner can give
    /// more of the one they mean.
    #[error("{prefix:?} is the start of more than one {what}'s id: {}{}; give more of the id",
        matches.join(", "), if *more { ", and more" } else { "" })]
    AmbiguousId {
        /// Kind of record.
        what: &'static str,
        /// The prefix given.
        prefix: String,
        /// The ids it starts, in order (at most [`AMBIGUOUS_LISTED`]).
        matches: Vec<String>,
        /// Whether it starts more ids than are listed.
        more: bool,
    },
    /// A session is already in progress.
    #[error("a session is already in progress ({id}): resume, finish or abort it first")]
    SessionInProgress {
        /// The id of the session in progress: resume, finish or abort it before starting another.
        id: String,
    },
    /// The file is damaged or is not a Fascia journal. It was left exactly as it was.
    #[error("the journal {path} is damaged or not a Fascia journal ({detail}); it was kept as it is{}",
        newest_backup.as_ref().map(|b| format!(", and backup {b} can restore it")).unwrap_or_default())]
    Damaged {
        /// Path of the damaged file: the journal, or a backup that failed its check.
        path: String,
        /// What is wrong, in SQLite's words (its check or error) or ours (another app's file, a
        /// journal set aside).
        detail: String,
        /// The newest backup that passed an integrity check, if any.
        newest_backup: Option<String>,
    },
    /// A restore in place of a damaged journal was asked for a journal that is not damaged (it
    /// opens and passes its check). It was left as it is.
    #[error("the journal {path} is not damaged (it opens and passes its check), so it was not set aside; to go back to a backup, restore the backup over it, which keeps the journal as it is now as a backup first")]
    NotDamaged {
        /// Path of the journal, left untouched.
        path: String,
    },
    /// The journal (schema version), a stored blob or an export file (format version) was
    /// written by a newer Fascia.
    #[error("written by a newer version of Fascia (version {found}; this version reads up to {supported}); update the app")]
    IncompatibleVersion {
        /// Version in the file.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// A file could not be read or written.
    #[error("could not use {path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// SQLite failed in a way none of the above describes (disk full, read-only, busy…).
    #[error("{}", storage_message(.0))]
    Sqlite(#[source] rusqlite::Error),
    /// A stored JSON value could not be written or read back.
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// A damaged or foreign file is recognised by SQLite's error code; [`StoreError::on`] then
    /// names the file and its newest good backup.
    fn from(e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => StoreError::Damaged {
                path: String::new(),
                detail: e.to_string(),
                newest_backup: None,
            },
            _ => StoreError::Sqlite(e),
        }
    }
}

/// A storage failure the runner can fix.
pub(crate) fn storage_problem(e: &StoreError) -> Option<StorageProblem> {
    use rusqlite::ErrorCode::{
        CannotOpen, DatabaseBusy, DatabaseLocked, DiskFull, PermissionDenied, ReadOnly,
        SystemIoFailure,
    };
    match e {
        StoreError::Sqlite(e) => match e.sqlite_error_code() {
            Some(DiskFull | SystemIoFailure) => Some(StorageProblem::DiskFull),
            Some(ReadOnly | PermissionDenied | CannotOpen) => Some(StorageProblem::ReadOnly),
            Some(DatabaseBusy | DatabaseLocked) => Some(StorageProblem::Busy),
            _ => None,
        },
        StoreError::Io { source, .. } => match source.kind() {
            std::io::ErrorKind::StorageFull => Some(StorageProblem::DiskFull),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                Some(StorageProblem::ReadOnly)
            }
            _ => None,
        },
        _ => None,
    }
}

/// A storage failure in words: what happened, not SQLite's code name.
fn storage_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::{
        CannotOpen, DatabaseBusy, DatabaseLocked, DiskFull, PermissionDenied, ReadOnly,
        SystemIoFailure,
    };
    let what = match e.sqlite_error_code() {
        Some(DiskFull) => "the disk is full",
        Some(SystemIoFailure) => "the disk could not be read or written (it may be full)",
        Some(ReadOnly | PermissionDenied) => {
            "the journal cannot be written: its file or folder is read-only"
        }
        Some(CannotOpen) => "the journal cannot be opened: its folder is missing or not writable",
        Some(DatabaseBusy | DatabaseLocked) => "the journal is busy in another program",
        _ => return format!("storage error: {e}"),
    };
    format!("{what} (SQLite: {e})")
}

impl StoreError {
    /// What kind of failure this is (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::Invalid(_) | StoreError::AmbiguousId { .. } => ErrorKind::BadInput,
            StoreError::NotFound { .. } => ErrorKind::NotFound,
            StoreError::SessionInProgress { .. } | StoreError::NotDamaged { .. } => {
                ErrorKind::Conflict
            }
            StoreError::Damaged { .. } => ErrorKind::Damaged,
            StoreError::IncompatibleVersion { .. } => ErrorKind::NewerVersion,
            StoreError::Io { .. } | StoreError::Sqlite(_) => ErrorKind::Storage,
            StoreError::Json(_) => ErrorKind::Internal,
        }
    }
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
