//! Instants as the journal's files write them: RFC 3339 in UTC, `2026-09-22T14:13:20Z`, with
//! `.123` when there are milliseconds: exactly what chrono writes, but formatted and read by hand
//! for the journal's millisecond instants, because chrono's general formatter and parser were
//! most of the time of an export and an import. Any other RFC 3339 form is read through chrono.
//!
//! Use with `#[serde(with = "crate::instant")]` (or `instant::option`).

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, SecondsFormat, Timelike, Utc};
use serde::{de, Deserializer, Serializer};

/// The text of an instant.
pub fn format(at: &DateTime<Utc>) -> String {
    let (year, nanos) = (at.year(), at.nanosecond());
    if !(0..=9999).contains(&year) || nanos % 1_000_000 != 0 || nanos >= 1_000_000_000 {
        return at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    }
    let mut out = *b"0000-00-00T00:00:00.000Z";
    let put = |out: &mut [u8; 24], at: usize, value: u32, width: usize| {
        let mut v = value;
        for i in (0..width).rev() {
            out[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(&mut out, 0, year.unsigned_abs(), 4);
    put(&mut out, 5, at.month(), 2);
    put(&mut out, 8, at.day(), 2);
    put(&mut out, 11, at.hour(), 2);
    put(&mut out, 14, at.minute(), 2);
    put(&mut out, 17, at.second(), 2);
    let len = if nanos == 0 {
        out[19] = b'Z';
        20
    } else {
        put(&mut out, 20, nanos / 1_000_000, 3);
        24
    };
    String::from_utf8_lossy(&out[..len]).into_owned()
}

/// Reads an instant: the journal's own form quickly, any RFC 3339 form through chrono.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    fast(text).or_else(|| DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc()))
}

fn fast(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let num = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let shape = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !shape.iter().all(|(i, c)| b.get(*i) == Some(c)) {
        return None;
    }
    let milli = match (b.len(), b.get(19)) {
        (20, Some(b'Z')) => 0,
        (24, Some(b'.')) if b.get(23) == Some(&b'Z') => num(20, 23)?,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?)?;
    // A leap second (`:60`) is left to chrono.
    let time = NaiveTime::from_hms_milli_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, milli)
        .filter(|t| t.second() < 60)?;
    Some(date.and_time(time).and_utc())
}

/// Serialises an instant.
pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(at))
}

struct Visitor;

impl de::Visitor<'_> for Visitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an RFC 3339 instant such as 2026-09-22T14:13:20Z")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse(v).ok_or_else(|| E::custom(format!("{v:?} is not an RFC 3339 instant")))
    }
}

/// Deserialises an instant.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_str(Visitor)
}

/// The same for an optional instant (`null` when absent).
pub mod option {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialises an optional instant.
    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_some(&super::format(at)),
            None => s.serialize_none(),
        }
    }

    /// Deserialises an optional instant.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap(#[serde(with = "super")] DateTime<Utc>);
        Ok(Option::<Wrap>::deserialize(d)?.map(|Wrap(at)| at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Byte for byte what chrono writes, and read back exactly, for every millisecond
        /// instant in the journal's dates (and beyond).
        #[test]
        fn matches_chrono_and_round_trips(ms in -2_000_000_000_000i64..8_000_000_000_000i64) {
            let at = DateTime::from_timestamp_millis(ms).expect("in range");
            let ours = format(&at);
            let chrono = serde_json::to_value(at).expect("chrono");
            prop_assert_eq!(serde_json::Value::String(ours.clone()), chrono);
            prop_assert_eq!(parse(&ours), Some(at));
        }
    }

    #[test]
    fn other_rfc3339_forms_still_read() {
        let at = DateTime::from_timestamp(1_790_000_000, 0).expect("at");
        assert_eq!(parse("2026-09-21T16:13:20+02:00"), Some(at));
        assert_eq!(parse("2026-09-21T14:13:20.000000Z"), Some(at));
        assert_eq!(parse("2026-09-21T14:13:20z"), Some(at));
        assert_eq!(parse("2026-02-30T14:13:20Z"), None);
        assert_eq!(parse("not a time"), None);
    }
}
