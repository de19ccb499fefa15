//! Fascia's core: the protocol logic every frontend shares.
//!
//! - [`Journal`]: the one way in for frontends: the runner's journal, zone content and time zone,
//!   every question a screen asks and every write; [`GuidedSession`] for a routine in progress.
//! - [`model`]: the records the journal holds and the text the runner reads.
//! - [`zones`]: the zone map and its text, loaded from embedded data files; [`keys`]: the text
//!   keys the code uses.
//! - [`routine`]: builds a daily routine, a 45-minute bodywork session, a custom routine or the
//!   dynamic warm-up ([`warmup`]: its moves, as data).
//! - [`pictures`]: how to lie on the tool for each zone and side (a small pose model), and the
//!   body map front and back with today's soreness, as drawing primitives and SVG.
//! - [`safety`]: the one safety rule every hold passes (rest, no extra time, race days).
//! - [`timer`]: the guided-session timer, derived from a recorded event log and an explicit `now`.
//! - [`time`]: the one place local time is resolved.
//! - [`plan`], [`reminders`], [`insights`]: the season, the 7-day calendar, reminders, the report.
//!
//! The journal's storage (SQLite) is private: `Journal` → pure planners / storage.
//!
//! ```
//! use chrono::{DateTime, TimeDelta};
//! use fascia_core::routine::{build, RoutineKind, RoutineRequest};
//! use fascia_core::timer::{Event, Status, Timer};
//! use fascia_core::zones::Catalog;
//!
//! let catalog = Catalog::embedded()?;
//! let routine = build(catalog, &RoutineRequest::new(RoutineKind::Daily))?;
//! assert!(routine.total_s <= 12 * 60);
//!
//! // The app records what happened and when; the timer derives everything else.
//! let start = DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
//! let mut timer = Timer::start(routine, start)?;
//! timer.apply(Event::Pause, start + TimeDelta::seconds(30))?;
//! timer.apply(Event::Resume, start + TimeDelta::seconds(90))?;
//! let now = start + TimeDelta::seconds(100);
//! let snapshot = timer.snapshot(now);
//! assert_eq!(snapshot.status, Status::Running);
//! assert_eq!(snapshot.session_elapsed_ms, 40_000);
//! // The phone schedules these at their absolute instants.
//! let cues = timer.cues(catalog, now, TimeDelta::minutes(5));
//! assert!(cues.iter().all(|c| c.at >= now));
//! # Ok::<(), fascia_core::Error>(())
//! ```
//!
//! Nothing here reads the clock, touches the network or panics on bad input: time comes in as
//! arguments and every invalid input is a typed [`Error`].

// UniFFI's derives and scaffolding generate `unsafe impl`s in every module that has an exported
// type. Hand-written unsafe code stays denied: `tests/run` lints this crate without the feature.
#![cfg_attr(feature = "uniffi", allow(unsafe_code))]

/// An enum whose values each have one name (see [`model::Name`]): the same in serde, strum
/// (`name()`, `parse()`, `VARIANTS`) and, with the `uniffi` feature, across the FFI; kebab-case.
/// Written once here for every such enum; extra derives and docs go on the item as usual.
macro_rules! named_enum {
    ($(#[$attr:meta])* $vis:vis enum $name:ident { $($body:tt)* }) => {
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            strum::IntoStaticStr,
            strum::EnumString,
            strum::VariantArray,
        )]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[serde(rename_all = "kebab-case")]
        #[strum(serialize_all = "kebab-case")]
        $(#[$attr])*
        $vis enum $name { $($body)* }
    };
}

pub mod activity;
pub mod error;
#[cfg(feature = "uniffi")]
pub mod ffi;
pub mod insights;
pub mod instant;
mod journal;
pub mod keys;
pub mod model;
pub mod pictures;
pub mod plan;
pub mod reminders;
pub mod routine;
pub mod safety;
pub mod session;
mod store;
pub mod time;
pub mod timer;
pub mod vocab;
pub mod warmup;
pub mod words;
pub mod zones;

pub use error::{Error, ErrorKind, Invalid, Result, StorageProblem};
pub use journal::{
    check_export_target, CheckIn, GuidedSession, Journal, Report, Today, WarmUpOffer,
    SCHEMA_VERSION,
};

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("fascia_core");
