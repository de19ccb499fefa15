//! How the core's data types cross the FFI (`bindings/`, UniFFI), compiled only with the `uniffi`
//! feature. The rules are written once, here, and in `docs/ffi.md`:
//!
//! - an instant (`DateTime<Utc>`) crosses as a UniFFI timestamp — `java.time.Instant` in Kotlin,
//!   `Date` in Swift — rounded to the nearest millisecond, the journal's precision (a Swift `Date`
//!   is a binary fraction of a second, so exact milliseconds can arrive a few nanoseconds off);
//! - a local date crosses as ISO 8601 text (`2026-03-29`), a local time as `HH:MM` (seconds
//!   allowed on the way in), a local date and time as `2026-03-29T07:00`, a weekday as its ISO number (1 = Monday … 7 = Sunday). Bad text is a
//!   typed error naming the value, never a panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc, Weekday};

use crate::vocab::ZoneId;

/// A UTC instant as it crosses the FFI.
pub type Instant = DateTime<Utc>;
/// A local calendar date as it crosses the FFI.
pub type LocalDate = NaiveDate;
/// A local wall-clock time as it crosses the FFI.
pub type LocalTime = NaiveTime;
/// A local date and wall-clock time as it crosses the FFI.
pub type LocalDateTime = NaiveDateTime;
/// A day of the week as it crosses the FFI.
pub type IsoWeekday = Weekday;

/// Why a value from the other side of the FFI was refused.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadValue(String);

/// Milliseconds since the Unix epoch of a timestamp, rounded to the nearest millisecond.
fn instant_from(t: SystemTime) -> Result<Instant, BadValue> {
    let (negative, d) = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (false, d),
        Err(e) => (true, e.duration()),
    };
    let ms = i64::try_from((d.as_nanos() + 500_000) / 1_000_000)
        .map_err(|_| BadValue("the instant is out of range".into()))?;
    DateTime::from_timestamp_millis(if negative { -ms } else { ms })
        .ok_or_else(|| BadValue("the instant is out of range".into()))
}

fn system_time(t: Instant) -> SystemTime {
    let ms = t.timestamp_millis();
    let d = Duration::from_millis(ms.unsigned_abs());
    if ms >= 0 {
        UNIX_EPOCH + d
    } else {
        UNIX_EPOCH - d
    }
}

uniffi::custom_newtype!(ZoneId, String);

uniffi::custom_type!(Instant, SystemTime, {
    remote,
    lower: |t| system_time(t),
    try_lift: |t| Ok(instant_from(t)?),
});

uniffi::custom_type!(LocalDate, String, {
    remote,
    lower: |d| d.format("%Y-%m-%d").to_string(),
    try_lift: |s| Ok(NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .map_err(|_| BadValue(format!("`{s}` is not a date (YYYY-MM-DD)")))?),
});

uniffi::custom_type!(LocalTime, String, {
    remote,
    lower: |t| if t.second() == 0 { t.format("%H:%M").to_string() } else { t.format("%H:%M:%S").to_string() },
    try_lift: |s| Ok(NaiveTime::parse_from_str(&s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&s, "%H:%M:%S"))
        .map_err(|_| BadValue(format!("`{s}` is not a time (HH:MM)")))?),
});

uniffi::custom_type!(LocalDateTime, String, {
    remote,
    lower: |t| t.format("%Y-%m-%dT%H:%M").to_string(),
    try_lift: |s| Ok(NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M")
        .map_err(|_| BadValue(format!("`{s}` is not a local date and time (YYYY-MM-DDTHH:MM)")))?),
});

uniffi::custom_type!(IsoWeekday, u8, {
    remote,
    lower: |d| u8::try_from(d.number_from_monday()).unwrap_or(1),
    try_lift: |n| Ok(u8::checked_sub(n, 1)
        .and_then(|i| Weekday::try_from(i).ok())
        .ok_or_else(|| BadValue(format!("{n} is not an ISO weekday (1 = Monday … 7 = Sunday)")))?),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_to_the_millisecond() {
        let exact = DateTime::from_timestamp_millis(1_790_000_000_123).unwrap();
        assert_eq!(instant_from(system_time(exact)).unwrap(), exact);
        // What a Swift Date of 1790000000.123 arrives as.
        let off = UNIX_EPOCH + Duration::new(1_790_000_000, 122_999_999);
        assert_eq!(instant_from(off).unwrap(), exact);
        let before = DateTime::from_timestamp_millis(-1_500).unwrap();
        assert_eq!(instant_from(system_time(before)).unwrap(), before);
    }
}
