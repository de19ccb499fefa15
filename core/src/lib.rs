//! Fascia's core: the protocol logic every frontend shares.
//!
//! - [`zones`]: the zone map and its text, loaded from embedded data files.
//! - [`routine`]: builds a daily routine, a 45-minute bodywork session or a custom routine.
//! - [`timer`]: the guided-session timer, derived from a recorded event log and an explicit `now`.
//!
//! Nothing here reads the clock, touches the network or panics on bad input: time comes in as
//! arguments and every invalid input is a typed [`Error`].

pub mod error;
pub mod routine;
pub mod timer;
pub mod zones;

pub use error::{Error, Result};
