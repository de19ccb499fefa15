//! Each table described once: its columns, how a row becomes a record and a record becomes
//! values. Reading, inserting, correcting, deleting, exporting and merging an import are written
//! once, for every table, on top of that description.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};

use super::blob;
use super::StoreError;
use crate::model::{
    Bodywork, DeletedKind, Deletion, Downtime, ImportSummary, Name, Race, ReminderDelivery, Run,
    SessionRecord, Soreness,
};

/// A journal table and the record one of its rows holds: how to read it.
pub(crate) trait Table: Sized {
    /// The table's name.
    const NAME: &'static str;
    /// What a record is read from (the table, or a join).
    const FROM: &'static str = Self::NAME;
    /// What a record is called in messages ("run", "soreness entry").
    const WHAT: &'static str;
    /// The columns, `id` first and `created_at, updated_at` last, in the order of
    /// [`Stored::values`] and of what [`Table::from_row`] reads.
    const COLUMNS: &'static [&'static str];
    /// The column records are listed and exported in order of.
    const ORDER: &'static str;

    /// The record in a row selected with [`Table::COLUMNS`].
    fn from_row(r: &Row) -> rusqlite::Result<Self>;
    /// The record's id as text (a lowercase hyphenated UUID); stored as 16 bytes ([`id_blob`]).
    fn id(&self) -> &str;
    /// When it last changed.
    fn updated_at(&self) -> DateTime<Utc>;
}

/// A record whose row is written column for column (every table but `sessions`, whose routine
/// is stored once in `routines`).
pub(crate) trait Stored: Table {
    /// The record's values, in the order of [`Table::COLUMNS`].
    fn values(&self) -> Result<Vec<Value>, StoreError>;
}

/// A UUID as the journal keeps it: 16 bytes.
pub(crate) fn id_blob(id: &str) -> Result<Value, StoreError> {
    uuid::Uuid::try_parse(id)
        .map(|u| Value::Blob(u.as_bytes().to_vec()))
        .map_err(|_| crate::vocab::Invalid::new("id", format!("{id:?} is not a UUID")).into())
}

/// An id to look a record up by: one that is not a UUID matches nothing.
pub(crate) fn id_key(id: &str) -> Value {
    id_blob(id).unwrap_or(Value::Null)
}

/// A stored id back in its text form (lowercase, hyphenated).
pub(crate) fn id_text(bytes: &[u8]) -> rusqlite::Result<String> {
    // Written straight into a buffer: the formatting machinery of `to_string` costs more than
    // the rest of reading a record's id.
    let mut text = [0; uuid::fmt::Hyphenated::LENGTH];
    uuid::Uuid::from_slice(bytes)
        .map(|u| u.hyphenated().encode_lower(&mut text).to_owned())
        .map_err(conversion)
}

fn id_at(r: &Row, i: usize) -> rusqlite::Result<String> {
    // Read in place; anything but a blob fails as `get` says.
    match r.get_ref(i)? {
        ValueRef::Blob(bytes) => id_text(bytes),
        _ => id_text(&r.get::<_, Vec<u8>>(i)?),
    }
}

fn opt_id_at(r: &Row, i: usize) -> rusqlite::Result<Option<String>> {
    match r.get_ref(i)? {
        ValueRef::Blob(bytes) => id_text(bytes).map(Some),
        ValueRef::Null => Ok(None),
        _ => r
            .get::<_, Option<Vec<u8>>>(i)?
            .map(|b| id_text(&b))
            .transpose(),
    }
}

/// `f` of column `i`'s text, read in place (what `r.get::<_, String>(i)` reads, without copying
/// it); anything but valid text fails as `get` says.
fn with_text<T>(
    r: &Row,
    i: usize,
    f: impl FnOnce(&str) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    if let ValueRef::Text(bytes) = r.get_ref(i)? {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return f(text);
        }
    }
    f(&r.get::<_, String>(i)?)
}

/// [`named`] of column `i`.
fn named_at<T: std::str::FromStr>(r: &Row, i: usize) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    with_text(r, i, named)
}

fn opt_id(id: &Option<String>) -> Result<Value, StoreError> {
    id.as_deref().map_or(Ok(Value::Null), id_blob)
}

/// A timer event as the journal keeps it: a small fixed number (never reorder these).
pub(crate) fn event_code(event: crate::vocab::Event) -> i64 {
    use crate::vocab::Event::*;
    match event {
        Start => 0,
        Pause => 1,
        Resume => 2,
        Skip => 3,
        Back => 4,
        Extend => 5,
        PainSkip => 6,
        Finish => 7,
        Abort => 8,
    }
}

/// The event a stored number stands for.
pub(crate) fn event_from_code(code: i64) -> rusqlite::Result<crate::vocab::Event> {
    use crate::vocab::Event::*;
    Ok(match code {
        0 => Start,
        1 => Pause,
        2 => Resume,
        3 => Skip,
        4 => Back,
        5 => Extend,
        6 => PainSkip,
        7 => Finish,
        8 => Abort,
        other => return Err(rusqlite::Error::IntegralValueOutOfRange(0, other)),
    })
}

/// FNV-1a, 64 bits: a hash that never changes between builds (the standard library's may), to
/// find a routine already stored.
pub(crate) fn stable_hash(text: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    i64::from_ne_bytes(h.to_ne_bytes())
}

pub(crate) fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub(crate) fn instant(ms: i64) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or(rusqlite::Error::IntegralValueOutOfRange(0, ms))
}

/// The last millisecond of the dates the journal keeps.
fn latest_ms() -> i64 {
    crate::model::LATEST_DATE
        .and_hms_milli_opt(23, 59, 59, 999)
        .map_or(i64::MAX, |t| t.and_utc().timestamp_millis())
}

/// SQL for the `updated_at` a change made here writes over `column` (the record's last change):
/// the instant `param`, but at least 1 ms after that last change. A clock set back must not make
/// a correction older than the copy it corrected, or merging that copy back (`merge_all`) would
/// undo it; it stays within the dates the journal keeps.
pub(crate) fn later_than(column: &str, param: &str) -> String {
    format!("max({param}, min({column} + 1, {}))", latest_ms())
}

/// When a change made at `now` to a record last changed at `last` (ms) is stamped: see
/// [`later_than`].
pub(crate) fn later(last: i64, now: DateTime<Utc>) -> rusqlite::Result<DateTime<Utc>> {
    instant(ms(now).max(last.saturating_add(1).min(latest_ms())))
}

fn conversion(e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

/// An enum stored by its name.
pub(crate) fn named<T: std::str::FromStr>(text: &str) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(conversion)
}

fn date(text: &str) -> rusqlite::Result<NaiveDate> {
    // The form the journal writes (`YYYY-MM-DD`) read directly: chrono's general parser costs
    // more than the rest of a race's row. Anything else goes through it.
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<u32>().ok())
    };
    if text.len() == 10 && text.get(4..5) == Some("-") && text.get(7..8) == Some("-") {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            if let Some(date) = i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            {
                return Ok(date);
            }
        }
    }
    text.parse().map_err(conversion)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn opt_text(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Null, text)
}

fn int(n: impl Into<i64>) -> Value {
    Value::Integer(n.into())
}

fn at(t: DateTime<Utc>) -> Value {
    Value::Integer(ms(t))
}

/// `SELECT` of `T`'s columns (then its order column, were it not one of them), with a `WHERE`
/// clause, by the order column alone: the column's index serves that order, where
/// `ORDER BY column, id` makes SQLite sort every result again in a temporary B-tree (no index
/// holds the id after the column).
fn select_sql<T: Table>(filter: &str) -> String {
    let order = match order_column::<T>() {
        Some(_) => String::new(),
        None => format!(", {}", T::ORDER),
    };
    format!(
        "SELECT {}{order} FROM {} WHERE {filter} ORDER BY {}",
        T::COLUMNS.join(", "),
        T::FROM,
        T::ORDER
    )
}

/// Where `T`'s order column is among its columns (it is, in every table: read in place rather
/// than selected twice, which made every query dearer to prepare).
fn order_column<T: Table>() -> Option<usize> {
    T::COLUMNS.iter().position(|c| *c == T::ORDER)
}

/// The value of a table's order column (an instant, or a date as text), ordered as SQLite
/// orders them: NULL, then numbers, then text by its bytes.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum OrderKey {
    Null,
    Integer(i64),
    Text(Vec<u8>),
}

impl OrderKey {
    fn at(r: &Row, i: usize) -> rusqlite::Result<OrderKey> {
        Ok(match r.get_ref(i)? {
            ValueRef::Integer(n) => OrderKey::Integer(n),
            ValueRef::Text(t) => OrderKey::Text(t.to_vec()),
            _ => OrderKey::Null,
        })
    }
}

/// Records of `T` matching `filter` with `params`, in `T`'s order: by its order column, then by
/// id (the text of a 16-byte id sorts as its bytes do).
pub(crate) fn select<T: Table, P: rusqlite::Params>(
    conn: &Connection,
    filter: &str,
    params: P,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(&select_sql::<T>(filter))?;
    let key = order_column::<T>().unwrap_or(T::COLUMNS.len());
    let mut rows = stmt.query(params)?;
    let (mut keys, mut records) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        keys.push(OrderKey::at(r, key)?);
        records.push(T::from_row(r)?);
    }
    // Already in key order: only ties (equal keys, ordered by id) are sorted.
    if keys.windows(2).any(|k| k[0] >= k[1]) {
        let mut rows: Vec<(OrderKey, T)> = keys.into_iter().zip(records).collect();
        rows.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| a.id().cmp(b.id())));
        records = rows.into_iter().map(|(_, record)| record).collect();
    }
    Ok(records)
}

/// Records of `T` from any query selecting [`Table::COLUMNS`].
pub(crate) fn query<T: Table, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, T::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every record of `T`, in its order (the export).
pub(crate) fn all<T: Table>(conn: &Connection) -> Result<Vec<T>, StoreError> {
    select(conn, "1", [])
}

/// Records whose instant `column` lies in `[from, to)`.
pub(crate) fn between<T: Table>(
    conn: &Connection,
    column: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<T>, StoreError> {
    select(
        conn,
        &format!("{column} >= ?1 AND {column} < ?2"),
        [ms(from), ms(to)],
    )
}

/// The record with this id.
pub(crate) fn get<T: Table>(conn: &Connection, id: &str) -> Result<T, StoreError> {
    select::<T, _>(conn, &format!("{} = ?1", T::COLUMNS[0]), [id_key(id)])?
        .pop()
        .ok_or_else(|| StoreError::not_found(T::WHAT, id))
}

/// The canonical text of the smallest and the largest id.
const LOWEST_ID: &str = "00000000-0000-0000-0000-000000000000";
const HIGHEST_ID: &str = "ffffffff-ffff-ffff-ffff-ffffffffffff";

/// The stored ids (16 bytes) that a prefix of an id's text form (any case) spans: from the
/// prefix completed with `0`s to the prefix completed with `f`s. `None` when no id's text starts
/// so (a character that is not hex, or a hyphen out of place).
fn prefix_span(prefix: &str) -> Option<(Value, Value)> {
    let prefix = prefix.to_ascii_lowercase();
    if prefix.len() > LOWEST_ID.len() {
        return None;
    }
    let fits = prefix
        .bytes()
        .zip(LOWEST_ID.bytes())
        .all(|(c, at)| match at {
            b'-' => c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
    if !fits {
        return None;
    }
    // Every byte fitted, so the prefix is ASCII and a char boundary sits at its length.
    let rest = prefix.len();
    let low = id_blob(&format!("{prefix}{}", LOWEST_ID.get(rest..)?)).ok()?;
    let high = id_blob(&format!("{prefix}{}", HIGHEST_ID.get(rest..)?)).ok()?;
    Some((low, high))
}

/// The ids of `T` whose text starts with `prefix`, in order, at most `limit`.
pub(crate) fn ids_starting<T: Table>(
    conn: &Connection,
    prefix: &str,
    limit: usize,
) -> Result<Vec<String>, StoreError> {
    let Some((low, high)) = prefix_span(prefix) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT id FROM {} WHERE id BETWEEN ?1 AND ?2 ORDER BY id LIMIT ?3",
        T::NAME
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params![low, high, limit], |r| {
        id_text(&r.get::<_, Vec<u8>>(0)?)
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
}

/// Whether a record of `T` has this id.
pub(crate) fn exists<T: Table>(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    // Cached: an import asks this once per soreness entry.
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", T::NAME))?
        .query_row([id_key(id)], |_| Ok(()))
        .optional()?
        .is_some())
}

fn insert_sql<T: Stored>(upsert: bool) -> String {
    let placeholders: Vec<String> = (1..=T::COLUMNS.len()).map(|i| format!("?{i}")).collect();
    let mut sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        T::NAME,
        T::COLUMNS.join(", "),
        placeholders.join(", ")
    );
    if upsert {
        let updates: Vec<String> = T::COLUMNS[1..]
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        sql.push_str(&format!(
            " ON CONFLICT (id) DO UPDATE SET {}",
            updates.join(", ")
        ));
    }
    sql
}

/// Stores a new record.
pub(crate) fn insert<T: Stored>(conn: &Connection, record: &T) -> Result<(), StoreError> {
    conn.prepare_cached(&insert_sql::<T>(false))?
        .execute(params_from_iter(record.values()?))?;
    Ok(())
}

/// Writes over the stored record with the same id (keeping when it was created).
pub(crate) fn replace<T: Stored>(conn: &Connection, record: &T) -> Result<(), StoreError> {
    if id_blob(record.id()).is_err() {
        return Err(StoreError::not_found(T::WHAT, record.id()));
    }
    let sets: Vec<String> = T::COLUMNS
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, c)| **c != "created_at")
        .map(|(i, c)| match *c {
            "updated_at" => format!("{c} = {}", later_than(c, &format!("?{}", i + 1))),
            _ => format!("{c} = ?{}", i + 1),
        })
        .collect();
    let sql = format!("UPDATE {} SET {} WHERE id = ?1", T::NAME, sets.join(", "));
    let changed = conn
        .prepare_cached(&sql)?
        .execute(params_from_iter(record.values()?))?;
    if changed == 0 {
        return Err(StoreError::not_found(T::WHAT, record.id()));
    }
    Ok(())
}

/// A record the runner can delete: its deletion is remembered (`deleted`) so it travels.
pub(crate) trait Deletable: Stored {
    /// What a deletion of it is called in an export.
    const KIND: DeletedKind;
}

/// Deletes the record with this id and remembers the deletion.
pub(crate) fn delete<T: Deletable>(
    conn: &Connection,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let last: Option<i64> = conn
        .query_row(
            &format!("DELETE FROM {} WHERE id = ?1 RETURNING updated_at", T::NAME),
            [id_key(id)],
            |r| r.get(0),
        )
        .optional()?;
    let Some(last) = last else {
        return Err(StoreError::not_found(T::WHAT, id));
    };
    // A deletion is later than the record's last change even when the clock was behind, so it
    // removes that copy wherever it is merged and an older copy never brings it back.
    remember_deletion(conn, id, T::KIND, later(last, now)?)
}

/// Records (or moves later) the deletion of `id`.
pub(crate) fn remember_deletion(
    conn: &Connection,
    id: &str,
    kind: DeletedKind,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO deleted (id, kind, deleted_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)",
    )?
    .execute(rusqlite::params![id_blob(id)?, kind.name(), ms(at)])?;
    Ok(())
}

/// When `id` was deleted, if it was.
pub(crate) fn deleted_at(conn: &Connection, id: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT deleted_at FROM deleted WHERE id = ?1")?
        .query_row([id_key(id)], |r| r.get(0))
        .optional()?)
}

/// Every remembered deletion, by id.
pub(crate) fn deletions(conn: &Connection) -> Result<Vec<Deletion>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id, kind, deleted_at FROM deleted ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Deletion {
            id: id_at(r, 0)?,
            kind: named_at(r, 1)?,
            deleted_at: instant(r.get(2)?)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Merges imported records: each is added if its id is new, written over the stored copy if
/// its `updated_at` is newer, left alone otherwise (or when it was deleted here after that
/// change). The update happens in place, so no `ON DELETE` rule fires. The statements are
/// prepared once for the whole list.
pub(crate) fn merge_all<T: Stored>(
    conn: &Connection,
    summary: &mut ImportSummary,
    records: &[T],
) -> Result<(), StoreError> {
    let any_deleted: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM deleted)", [], |r| r.get(0))?;
    // Into an empty table (a new phone) every record is new: no lookups.
    let empty: bool = conn.query_row(
        &format!("SELECT NOT EXISTS (SELECT 1 FROM {})", T::NAME),
        [],
        |r| r.get(0),
    )?;
    let mut gone = conn.prepare("SELECT deleted_at FROM deleted WHERE id = ?1")?;
    let mut find = conn.prepare(&format!("SELECT updated_at FROM {} WHERE id = ?1", T::NAME))?;
    // Into an empty table a plain insert: an upsert makes SQLite keep a statement journal.
    let mut upsert = conn.prepare(&insert_sql::<T>(!empty))?;
    for record in records {
        let values = record.values()?;
        let (Some(key), updated) = (values.first(), ms(record.updated_at())) else {
            continue;
        };
        if any_deleted {
            let deleted: Option<i64> = gone.query_row([key], |r| r.get(0)).optional()?;
            if deleted.is_some_and(|d| d >= updated) {
                summary.unchanged += 1;
                continue;
            }
        }
        let stored: Option<i64> = if empty {
            None
        } else {
            find.query_row([key], |r| r.get(0)).optional()?
        };
        match stored {
            None => summary.added += 1,
            Some(s) if updated > s => summary.updated += 1,
            Some(_) => {
                summary.unchanged += 1;
                continue;
            }
        }
        upsert.execute(params_from_iter(values))?;
    }
    Ok(())
}

/// Whether an imported record is new or newer than the stored copy, counted in `summary`. A
/// record deleted here after its last change in the file stays deleted.
pub(crate) fn newer<T: Table>(
    conn: &Connection,
    summary: &mut ImportSummary,
    record: &T,
) -> Result<bool, StoreError> {
    if deleted_at(conn, record.id())?.is_some_and(|d| d >= ms(record.updated_at())) {
        summary.unchanged += 1;
        return Ok(false);
    }
    let stored: Option<i64> = conn
        .prepare_cached(&format!("SELECT updated_at FROM {} WHERE id = ?1", T::NAME))?
        .query_row([id_key(record.id())], |r| r.get(0))
        .optional()?;
    match stored {
        None => summary.added += 1,
        Some(s) if ms(record.updated_at()) > s => summary.updated += 1,
        Some(_) => {
            summary.unchanged += 1;
            return Ok(false);
        }
    }
    Ok(true)
}

macro_rules! meta {
    () => {
        fn id(&self) -> &str {
            &self.id
        }
        fn updated_at(&self) -> DateTime<Utc> {
            self.updated_at
        }
    };
}

impl Table for Run {
    const NAME: &'static str = "runs";
    const WHAT: &'static str = "run";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "started_at",
        "distance_m",
        "duration_s",
        "kind",
        "created_at",
        "updated_at",
        "time_zone",
        "source",
        "source_id",
        "cadence_spm",
        "elevation_gain_m",
    ];
    const ORDER: &'static str = "started_at";

    fn from_row(r: &Row) -> rusqlite::Result<Run> {
        Ok(Run {
            id: id_at(r, 0)?,
            started_at: instant(r.get(1)?)?,
            distance_m: r.get(2)?,
            duration_s: r.get(3)?,
            kind: named_at(r, 4)?,
            created_at: instant(r.get(5)?)?,
            updated_at: instant(r.get(6)?)?,
            time_zone: r.get(7)?,
            source: match r.get_ref(8)? {
                ValueRef::Null => None,
                _ => Some(named_at(r, 8)?),
            },
            source_id: r.get(9)?,
            cadence_spm: r.get(10)?,
            elevation_gain_m: r.get(11)?,
        })
    }

    meta!();
}

impl Deletable for Run {
    const KIND: DeletedKind = DeletedKind::Run;
}

impl Stored for Run {
    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            id_blob(&self.id)?,
            at(self.started_at),
            int(self.distance_m),
            int(self.duration_s),
            text(self.kind.name()),
            at(self.created_at),
            at(self.updated_at),
            opt_text(&self.time_zone),
            self.source.map_or(Value::Null, |s| text(s.name())),
            opt_text(&self.source_id),
            self.cadence_spm.map_or(Value::Null, int),
            self.elevation_gain_m.map_or(Value::Null, int),
        ])
    }
}

impl Table for Soreness {
    const NAME: &'static str = "soreness";
    const WHAT: &'static str = "soreness entry";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "zone",
        "side",
        "level",
        "at",
        "run_id",
        "note",
        "created_at",
        "updated_at",
        "time_zone",
    ];
    const ORDER: &'static str = "at";

    fn from_row(r: &Row) -> rusqlite::Result<Soreness> {
        Ok(Soreness {
            id: id_at(r, 0)?,
            zone: r.get(1)?,
            side: named_at(r, 2)?,
            level: r.get(3)?,
            at: instant(r.get(4)?)?,
            run_id: opt_id_at(r, 5)?,
            note: r.get(6)?,
            created_at: instant(r.get(7)?)?,
            updated_at: instant(r.get(8)?)?,
            time_zone: r.get(9)?,
        })
    }

    meta!();
}

impl Deletable for Soreness {
    const KIND: DeletedKind = DeletedKind::Soreness;
}

impl Stored for Soreness {
    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            id_blob(&self.id)?,
            text(&self.zone),
            text(self.side.name()),
            int(self.level),
            at(self.at),
            opt_id(&self.run_id)?,
            opt_text(&self.note),
            at(self.created_at),
            at(self.updated_at),
            opt_text(&self.time_zone),
        ])
    }
}

impl Table for Downtime {
    const NAME: &'static str = "downtime";
    const WHAT: &'static str = "downtime entry";
    const COLUMNS: &'static [&'static str] =
        &["id", "date", "minutes", "zone", "created_at", "updated_at"];
    const ORDER: &'static str = "date";

    fn from_row(r: &Row) -> rusqlite::Result<Downtime> {
        Ok(Downtime {
            id: id_at(r, 0)?,
            date: with_text(r, 1, date)?,
            minutes: r.get(2)?,
            zone: r.get(3)?,
            created_at: instant(r.get(4)?)?,
            updated_at: instant(r.get(5)?)?,
        })
    }

    meta!();
}

impl Deletable for Downtime {
    const KIND: DeletedKind = DeletedKind::Downtime;
}

impl Stored for Downtime {
    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            id_blob(&self.id)?,
            Value::Text(self.date.to_string()),
            int(self.minutes),
            self.zone.as_deref().map_or(Value::Null, text),
            at(self.created_at),
            at(self.updated_at),
        ])
    }
}

impl Table for Race {
    const NAME: &'static str = "races";
    const WHAT: &'static str = "race";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "date",
        "distance_m",
        "priority",
        "created_at",
        "updated_at",
    ];
    const ORDER: &'static str = "date";

    fn from_row(r: &Row) -> rusqlite::Result<Race> {
        Ok(Race {
            id: id_at(r, 0)?,
            name: r.get(1)?,
            date: with_text(r, 2, date)?,
            distance_m: r.get(3)?,
            priority: named_at(r, 4)?,
            created_at: instant(r.get(5)?)?,
            updated_at: instant(r.get(6)?)?,
        })
    }

    meta!();
}

impl Deletable for Race {
    const KIND: DeletedKind = DeletedKind::Race;
}

impl Stored for Race {
    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            id_blob(&self.id)?,
            text(&self.name),
            Value::Text(self.date.to_string()),
            self.distance_m.map_or(Value::Null, int),
            text(self.priority.name()),
            at(self.created_at),
            at(self.updated_at),
        ])
    }
}

impl Table for Bodywork {
    const NAME: &'static str = "bodywork";
    const WHAT: &'static str = "bodywork appointment";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "at",
        "minutes",
        "done",
        "created_at",
        "updated_at",
        "time_zone",
    ];
    const ORDER: &'static str = "at";

    fn from_row(r: &Row) -> rusqlite::Result<Bodywork> {
        Ok(Bodywork {
            id: id_at(r, 0)?,
            at: instant(r.get(1)?)?,
            minutes: r.get(2)?,
            done: r.get(3)?,
            created_at: instant(r.get(4)?)?,
            updated_at: instant(r.get(5)?)?,
            time_zone: r.get(6)?,
        })
    }

    meta!();
}

impl Deletable for Bodywork {
    const KIND: DeletedKind = DeletedKind::Bodywork;
}

impl Stored for Bodywork {
    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            id_blob(&self.id)?,
            at(self.at),
            int(self.minutes),
            int(self.done),
            at(self.created_at),
            at(self.updated_at),
            opt_text(&self.time_zone),
        ])
    }
}

impl Table for ReminderDelivery {
    const NAME: &'static str = "reminder_log";
    const WHAT: &'static str = "reminder delivery";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "reminder_id",
        "kind",
        "fire_at",
        "delivered_at",
        "created_at",
        "updated_at",
    ];
    const ORDER: &'static str = "delivered_at";

    fn from_row(r: &Row) -> rusqlite::Result<ReminderDelivery> {
        Ok(ReminderDelivery {
            id: id_at(r, 0)?,
            reminder_id: r.get(1)?,
            kind: named_at(r, 2)?,
            fire_at: instant(r.get(3)?)?,
            delivered_at: instant(r.get(4)?)?,
            created_at: instant(r.get(5)?)?,
            updated_at: instant(r.get(6)?)?,
        })
    }

    meta!();
}

impl Stored for ReminderDelivery {
    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            id_blob(&self.id)?,
            text(&self.reminder_id),
            text(self.kind.name()),
            at(self.fire_at),
            at(self.delivered_at),
            at(self.created_at),
            at(self.updated_at),
        ])
    }
}

/// A session row joined with its routine (stored once in `routines`), its event log packed in
/// the row (`sessions::encode`). Written by hand in `store::sessions` (the routine is interned
/// first).
impl Table for SessionRecord {
    const NAME: &'static str = "sessions";
    const FROM: &'static str = "sessions s JOIN routines r ON r.n = s.routine";
    const WHAT: &'static str = "session";
    const COLUMNS: &'static [&'static str] = &[
        "s.id",
        "s.status",
        "r.body",
        "s.started_at",
        "s.ended_at",
        "s.events",
        "s.created_at",
        "s.updated_at",
    ];
    const ORDER: &'static str = "s.started_at";

    fn from_row(r: &Row) -> rusqlite::Result<SessionRecord> {
        let started_at = instant(r.get(3)?)?;
        Ok(SessionRecord {
            id: id_at(r, 0)?,
            status: named_at(r, 1)?,
            routine: blob::routine(&r.get::<_, String>(2)?)
                .map_err(conversion)?
                .into(),
            started_at,
            ended_at: r.get::<_, Option<i64>>(4)?.map(instant).transpose()?,
            events: super::sessions::decode(started_at, &r.get::<_, Vec<u8>>(5)?)?,
            created_at: instant(r.get(6)?)?,
            updated_at: instant(r.get(7)?)?,
        })
    }

    meta!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_chrono_reads_them() {
        let mut day = NaiveDate::from_ymd_opt(1970, 1, 1).expect("date");
        let last = NaiveDate::from_ymd_opt(2200, 12, 31).expect("date");
        while day <= last {
            assert_eq!(date(&day.to_string()).ok(), Some(day));
            day = day.succ_opt().expect("next day");
        }
        for text in [
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "+2026-01-01",
            "12026-01-01",
            "0000-01-01",
            "2026-01-0a",
            "2026/01/01",
            " 2026-01-1",
            "",
        ] {
            assert_eq!(date(text).ok(), text.parse::<NaiveDate>().ok(), "{text:?}");
        }
    }
}
