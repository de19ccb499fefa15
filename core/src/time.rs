//! The one place where local time is resolved.
//!
//! Everything else in the core works in UTC instants and local calendar dates; turning "07:00 on
//! 29 March in Europe/London" into an instant, or an instant into a local date, happens here and
//! only here. Rules (`docs/reminders.md`):
//! - a wall time inside a spring-forward gap moves to the first valid minute after the gap;
//! - a wall time that occurs twice at a fall-back resolves to its first occurrence.
//!
//! The zone rules are the IANA database bundled by `jiff` (compressed TZif data, about 0.3 MB in
//! the mobile library, where `chrono-tz`'s tables cost 1.9 MB): right offline, the same on every
//! phone, never read from the device.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use chrono::{
    DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, Timelike, Utc,
};
use jiff::tz::{AmbiguousOffset, TimeZone};
use serde::{Deserialize, Serialize};

/// A time zone name that is not in the IANA database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an IANA time zone name (for example Europe/London)")]
pub struct UnknownTimeZone(pub String);

/// An IANA time zone. Cheap to copy: each zone is loaded once per process and kept.
#[derive(Clone, Copy)]
pub struct Tz(&'static Zone);

struct Zone {
    name: String,
    rules: TimeZone,
}

impl Tz {
    /// The zone's IANA name, as the database spells it (`America/New_York`).
    pub fn name(self) -> &'static str {
        &self.0.name
    }

    /// The UTC offset in force at `instant`.
    pub fn offset_at(self, instant: DateTime<Utc>) -> FixedOffset {
        let seconds = jiff::Timestamp::new(instant.timestamp(), 0)
            .map(|t| self.0.rules.to_offset(t).seconds())
            .unwrap_or(0);
        // Real zones are within ±15 h; chrono refuses ±24 h and more, which no zone uses.
        FixedOffset::east_opt(seconds).unwrap_or(Utc.fix())
    }
}

impl std::fmt::Debug for Tz {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for Tz {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq for Tz {
    fn eq(&self, other: &Tz) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Tz {}

/// Parses an IANA zone name such as `America/New_York`.
pub fn zone(name: &str) -> Result<Tz, UnknownTimeZone> {
    static ZONES: OnceLock<Mutex<HashMap<String, &'static Zone>>> = OnceLock::new();
    let mut zones = ZONES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(zone) = zones.get(name) {
        return Ok(Tz(zone));
    }
    let rules = TimeZone::get(name).map_err(|_| UnknownTimeZone(name.to_owned()))?;
    let canonical = rules.iana_name().unwrap_or(name).to_owned();
    // Bounded: one entry per distinct name asked for, and the database has about 600.
    let zone: &'static Zone = Box::leak(Box::new(Zone {
        name: canonical,
        rules,
    }));
    zones.insert(name.to_owned(), zone);
    Ok(Tz(zone))
}

/// A local wall time turned into an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    /// The UTC instant: `local` read in the zone (its first occurrence at a fall-back).
    pub instant: DateTime<Utc>,
    /// The local wall time at that instant (later than asked when the asked time fell in a gap).
    pub local: NaiveDateTime,
    /// Whether the asked time did not exist and was moved past the gap.
    pub moved_past_gap: bool,
}

/// The instant of `time` on `date` in `tz`, by the rules above.
pub fn resolve(tz: Tz, date: NaiveDate, time: NaiveTime) -> Resolved {
    let wanted = date.and_time(time);
    let found = |local: NaiveDateTime| -> Option<DateTime<Utc>> {
        let civil = civil(local)?;
        let offset = match tz.0.rules.to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => offset,
            AmbiguousOffset::Fold { before, .. } => before,
            AmbiguousOffset::Gap { .. } => return None,
        };
        Some(local.and_utc() - TimeDelta::seconds(i64::from(offset.seconds())))
    };
    if let Some(t) = found(wanted) {
        return Resolved {
            instant: t,
            local: wanted,
            moved_past_gap: false,
        };
    }
    // In a gap: walk forward whole minutes (gaps are at most a day, e.g. Apia in 2011).
    let minute = wanted
        .with_second(0)
        .and_then(|m| m.with_nanosecond(0))
        .unwrap_or(wanted);
    for step in 1..=(48 * 60) {
        let local = minute + TimeDelta::minutes(step);
        if let Some(t) = found(local) {
            return Resolved {
                instant: t,
                local,
                moved_past_gap: true,
            };
        }
    }
    // Unreachable with real zone data; fall back to reading the wall time as UTC.
    Resolved {
        instant: wanted.and_utc(),
        local: wanted,
        moved_past_gap: true,
    }
}

/// A local wall time as jiff's civil time (None outside jiff's years -9999..=9999).
fn civil(local: NaiveDateTime) -> Option<jiff::civil::DateTime> {
    use chrono::Datelike;
    jiff::civil::DateTime::new(
        i16::try_from(local.year()).ok()?,
        i8::try_from(local.month()).ok()?,
        i8::try_from(local.day()).ok()?,
        i8::try_from(local.hour()).ok()?,
        i8::try_from(local.minute()).ok()?,
        i8::try_from(local.second()).ok()?,
        i32::try_from(local.nanosecond()).ok()?,
    )
    .ok()
}

/// `instant` with the offset in force in `tz` (for display with an offset).
pub fn in_zone(tz: Tz, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
    instant.with_timezone(&tz.offset_at(instant))
}

/// The local calendar date of `instant` in `tz`.
pub fn local_date(tz: Tz, instant: DateTime<Utc>) -> NaiveDate {
    in_zone(tz, instant).date_naive()
}

/// [`local_date`] of each of `instants`, in order. For instants in time order (a history), the
/// zone's rules are asked once per change of offset rather than once per instant: an offset holds
/// until the zone's next transition.
pub fn local_dates(
    tz: Tz,
    instants: impl IntoIterator<Item = DateTime<Utc>>,
) -> impl Iterator<Item = NaiveDate> {
    // The offset in force, and the seconds from which (inclusive) to before which it holds.
    let mut held: Option<(FixedOffset, i64, Option<i64>)> = None;
    instants.into_iter().map(move |instant| {
        let second = instant.timestamp();
        let offset = match held {
            Some((offset, from, until))
                if second >= from && until.is_none_or(|until| second < until) =>
            {
                offset
            }
            _ => {
                let offset = tz.offset_at(instant);
                held = jiff::Timestamp::new(second, 0).ok().map(|t| {
                    let next = tz.0.rules.following(t).next();
                    (offset, second, next.map(|n| n.timestamp().as_second()))
                });
                offset
            }
        };
        instant.with_timezone(&offset).date_naive()
    })
}

/// [`local_date`] of instants kept as milliseconds since the epoch (as the journal keeps them),
/// asked one after another: for a history in time order, the zone's rules are asked once per
/// change of offset (as [`local_dates`]), and a date is worked out once per day rather than an
/// instant and a date built for each entry.
pub struct LocalDays {
    tz: Tz,
    /// The offset in force (seconds east of UTC), and the seconds from which (inclusive) to
    /// before which it holds.
    held: Option<(i64, i64, Option<i64>)>,
    /// The day of the last answer (days since 1970-01-01) and its date.
    last: Option<(i64, NaiveDate)>,
    /// The milliseconds, from (inclusive) to before, that the last answer holds for: that local
    /// day under the offset in force (the next instant of a history in order is most often in it).
    span: Option<(i64, i64, NaiveDate)>,
    /// The milliseconds an instant can be ([`DateTime::from_timestamp_millis`]).
    range: std::ops::RangeInclusive<i64>,
}

impl LocalDays {
    /// Dates in `tz`.
    pub fn new(tz: Tz) -> LocalDays {
        LocalDays {
            tz,
            held: None,
            last: None,
            span: None,
            range: DateTime::<Utc>::MIN_UTC.timestamp_millis()
                ..=DateTime::<Utc>::MAX_UTC.timestamp_millis(),
        }
    }

    /// The local date of the instant `ms` milliseconds after the epoch; `None` when no instant
    /// is that far from it.
    pub fn date(&mut self, ms: i64) -> Option<NaiveDate> {
        if let Some((from, to, date)) = self.span {
            if from <= ms && ms < to {
                return Some(date);
            }
        }
        if !self.range.contains(&ms) {
            return None;
        }
        let second = ms.div_euclid(1000);
        let offset = match self.held {
            Some((offset, from, until))
                if second >= from && until.is_none_or(|until| second < until) =>
            {
                offset
            }
            _ => {
                let offset = i64::from(
                    self.tz
                        .offset_at(DateTime::from_timestamp(second, 0)?)
                        .local_minus_utc(),
                );
                self.held = jiff::Timestamp::new(second, 0).ok().map(|t| {
                    let next = self.tz.0.rules.following(t).next();
                    (offset, second, next.map(|n| n.timestamp().as_second()))
                });
                offset
            }
        };
        let day = (second + offset).div_euclid(86_400);
        let date = match self.last {
            Some((last, date)) if last == day => date,
            Some((last, date)) if last + 1 == day => date.succ_opt()?,
            // 1970-01-01 is day 719,163 of the common era.
            _ => NaiveDate::from_num_days_from_ce_opt(i32::try_from(day + 719_163).ok()?)?,
        };
        self.last = Some((day, date));
        // The local day in UTC seconds, within the time the offset is known to hold.
        self.span = self.held.map(|(_, from, until)| {
            let start = (day * 86_400 - offset).max(from);
            let end = (day * 86_400 - offset + 86_400).min(until.unwrap_or(i64::MAX));
            (start.saturating_mul(1000), end.saturating_mul(1000), date)
        });
        Some(date)
    }
}

/// The local wall time of `instant` in `tz`.
pub fn local_time(tz: Tz, instant: DateTime<Utc>) -> NaiveDateTime {
    in_zone(tz, instant).naive_local()
}

/// The instant the local day `date` begins in `tz`.
pub fn start_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    resolve(tz, date, NaiveTime::MIN).instant
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    #[test]
    fn ordinary_days_resolve_to_the_wall_time() {
        let london = zone("Europe/London").expect("zone");
        let r = resolve(london, d(2026, 7, 1), t(7, 0));
        assert_eq!(r.instant.to_rfc3339(), "2026-07-01T06:00:00+00:00");
        assert!(!r.moved_past_gap);
        assert_eq!(local_date(london, r.instant), d(2026, 7, 1));
    }

    #[test]
    fn a_time_in_a_spring_forward_gap_moves_to_the_first_minute_after_it() {
        let ny = zone("America/New_York").expect("zone");
        let r = resolve(ny, d(2026, 3, 8), t(2, 30));
        assert_eq!(r.local, d(2026, 3, 8).and_time(t(3, 0)));
        assert_eq!(r.instant.to_rfc3339(), "2026-03-08T07:00:00+00:00");
        assert!(r.moved_past_gap);
        // Lord Howe moves its clocks by 30 minutes.
        let lh = zone("Australia/Lord_Howe").expect("zone");
        let r = resolve(lh, d(2026, 10, 4), t(2, 10));
        assert_eq!(r.local, d(2026, 10, 4).and_time(t(2, 30)));
        // Apia skipped 30 December 2011 entirely.
        let apia = zone("Pacific/Apia").expect("zone");
        let r = resolve(apia, d(2011, 12, 30), t(7, 0));
        assert_eq!(r.local, d(2011, 12, 31).and_time(t(0, 0)));
    }

    #[test]
    fn a_repeated_fall_back_time_resolves_to_its_first_occurrence() {
        let london = zone("Europe/London").expect("zone");
        let r = resolve(london, d(2026, 10, 25), t(1, 30));
        assert_eq!(r.instant.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn local_dates_in_a_row_are_each_instants_local_date() {
        // Every 37 minutes over two years, across DST changes, half-hour changes, a skipped
        // day (Apia, 2011) and the years read from the zone's rule rather than its table.
        for name in [
            "Europe/London",
            "America/New_York",
            "Australia/Lord_Howe",
            "Pacific/Apia",
            "Pacific/Auckland",
            "Pacific/Kiritimati",
            "UTC",
        ] {
            let tz = zone(name).expect("zone");
            for start in [d(2010, 6, 1), d(2037, 1, 1)] {
                let from = start.and_time(t(0, 0)).and_utc();
                let instants: Vec<DateTime<Utc>> = (0..2 * 365 * 24 * 60 / 37)
                    .map(|i| from + TimeDelta::minutes(37 * i))
                    .collect();
                let each: Vec<NaiveDate> = instants.iter().map(|i| local_date(tz, *i)).collect();
                let in_a_row: Vec<NaiveDate> = local_dates(tz, instants.iter().copied()).collect();
                assert_eq!(in_a_row, each, "{name} from {start}");
                // Out of order too.
                let back: Vec<NaiveDate> =
                    local_dates(tz, instants.iter().rev().copied()).collect();
                assert!(
                    back.iter().eq(each.iter().rev()),
                    "{name} from {start}, backwards"
                );
            }
        }
    }

    #[test]
    fn unknown_zones_are_typed_errors() {
        assert_eq!(
            zone("Mars/Olympus_Mons").expect_err("no such zone"),
            UnknownTimeZone("Mars/Olympus_Mons".into())
        );
    }
}
