//! The crate's error story: one enum per module with the detail, gathered into [`Error`].
//!
//! Frontends (FFI, CLI) map [`Error`] onto their own small public error; they never see a panic.

use crate::{routine::RoutineError, store::StoreError, timer::TimerError, zones::ContentError};

/// Any error the core can return.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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
    /// The journal refused a write or could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A time zone name that is not in the IANA database.
    #[error(transparent)]
    TimeZone(#[from] crate::time::UnknownTimeZone),
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
