//! Each table described once: its columns, how a row becomes a record and a record becomes
//! values. Reading, inserting, correcting, deleting, exporting and merging an import are written
//! once, for every table, on top of that description.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};

use super::blob;
use super::StoreError;
use crate::model::{
    Bodywork, Downtime, ImportSummary, Name, Race, ReminderDelivery, Run, SessionRecord, Soreness,
};

/// A journal table and the record one of its rows holds.
pub(crate) trait Table: Sized {
    /// The table's name.
    const NAME: &'static str;
    /// What a record is called in messages ("run", "soreness entry").
    const WHAT: &'static str;
    /// The columns, `id` first and `created_at, updated_at` last, in the order of
    /// [`Table::values`] and of what [`Table::from_row`] reads.
    const COLUMNS: &'static [&'static str];
    /// The column records are listed and exported in order of.
    const ORDER: &'static str;

    /// The record in a row selected with [`Table::COLUMNS`].
    fn from_row(r: &Row) -> rusqlite::Result<Self>;
    /// The record's values, in the order of [`Table::COLUMNS`].
    fn values(&self) -> Result<Vec<Value>, StoreError>;
    /// Its id.
    fn id(&self) -> &str;
    /// When it last changed.
    fn updated_at(&self) -> DateTime<Utc>;
}

pub(crate) fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub(crate) fn instant(ms: i64) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or(rusqlite::Error::IntegralValueOutOfRange(0, ms))
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

/// `SELECT` of `T`'s columns with a `WHERE` clause, in `T`'s order.
fn select_sql<T: Table>(filter: &str) -> String {
    format!(
        "SELECT {} FROM {} WHERE {filter} ORDER BY {}, id",
        T::COLUMNS.join(", "),
        T::NAME,
        T::ORDER
    )
}

/// Records of `T` matching `filter` with `params`, in `T`'s order.
pub(crate) fn select<T: Table, P: rusqlite::Params>(
    conn: &Connection,
    filter: &str,
    params: P,
) -> Result<Vec<T>, StoreError> {
    query(conn, &select_sql::<T>(filter), params)
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
    select::<T, _>(conn, "id = ?1", [id])?
        .pop()
        .ok_or_else(|| StoreError::not_found(T::WHAT, id))
}

/// Whether a record of `T` has this id.
pub(crate) fn exists<T: Table>(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT 1 FROM {} WHERE id = ?1", T::NAME),
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn insert_sql<T: Table>(upsert: bool) -> String {
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
pub(crate) fn insert<T: Table>(conn: &Connection, record: &T) -> Result<(), StoreError> {
    conn.prepare_cached(&insert_sql::<T>(false))?
        .execute(params_from_iter(record.values()?))?;
    Ok(())
}

/// Writes over the stored record with the same id (keeping when it was created).
pub(crate) fn replace<T: Table>(conn: &Connection, record: &T) -> Result<(), StoreError> {
    let sets: Vec<String> = T::COLUMNS
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, c)| **c != "created_at")
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
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

/// Deletes the record with this id.
pub(crate) fn delete<T: Table>(conn: &Connection, id: &str) -> Result<(), StoreError> {
    let changed = conn.execute(&format!("DELETE FROM {} WHERE id = ?1", T::NAME), [id])?;
    if changed == 0 {
        return Err(StoreError::not_found(T::WHAT, id));
    }
    Ok(())
}

/// Merges one imported record: added if its id is new, written over the stored copy if its
/// `updated_at` is newer, left alone otherwise. The update happens in place, so no `ON DELETE`
/// rule fires. Returns whether the record was written.
pub(crate) fn merge<T: Table>(
    conn: &Connection,
    summary: &mut ImportSummary,
    record: &T,
) -> Result<bool, StoreError> {
    let stored: Option<i64> = conn
        .query_row(
            &format!("SELECT updated_at FROM {} WHERE id = ?1", T::NAME),
            [record.id()],
            |r| r.get(0),
        )
        .optional()?;
    match stored {
        None => summary.added += 1,
        Some(s) if ms(record.updated_at()) > s => summary.updated += 1,
        Some(_) => {
            summary.unchanged += 1;
            return Ok(false);
        }
    }
    conn.prepare_cached(&insert_sql::<T>(true))?
        .execute(params_from_iter(record.values()?))?;
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
    ];
    const ORDER: &'static str = "started_at";

    fn from_row(r: &Row) -> rusqlite::Result<Run> {
        Ok(Run {
            id: r.get(0)?,
            started_at: instant(r.get(1)?)?,
            distance_m: r.get(2)?,
            duration_s: r.get(3)?,
            kind: named(&r.get::<_, String>(4)?)?,
            created_at: instant(r.get(5)?)?,
            updated_at: instant(r.get(6)?)?,
        })
    }

    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            text(&self.id),
            at(self.started_at),
            int(self.distance_m),
            int(self.duration_s),
            text(self.kind.name()),
            at(self.created_at),
            at(self.updated_at),
        ])
    }

    meta!();
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
    ];
    const ORDER: &'static str = "at";

    fn from_row(r: &Row) -> rusqlite::Result<Soreness> {
        Ok(Soreness {
            id: r.get(0)?,
            zone: r.get(1)?,
            side: named(&r.get::<_, String>(2)?)?,
            level: r.get(3)?,
            at: instant(r.get(4)?)?,
            run_id: r.get(5)?,
            note: r.get(6)?,
            created_at: instant(r.get(7)?)?,
            updated_at: instant(r.get(8)?)?,
        })
    }

    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            text(&self.id),
            text(&self.zone),
            text(self.side.name()),
            int(self.level),
            at(self.at),
            opt_text(&self.run_id),
            opt_text(&self.note),
            at(self.created_at),
            at(self.updated_at),
        ])
    }

    meta!();
}

impl Table for Downtime {
    const NAME: &'static str = "downtime";
    const WHAT: &'static str = "downtime entry";
    const COLUMNS: &'static [&'static str] =
        &["id", "date", "minutes", "zone", "created_at", "updated_at"];
    const ORDER: &'static str = "date";

    fn from_row(r: &Row) -> rusqlite::Result<Downtime> {
        Ok(Downtime {
            id: r.get(0)?,
            date: date(&r.get::<_, String>(1)?)?,
            minutes: r.get(2)?,
            zone: r.get(3)?,
            created_at: instant(r.get(4)?)?,
            updated_at: instant(r.get(5)?)?,
        })
    }

    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            text(&self.id),
            Value::Text(self.date.to_string()),
            int(self.minutes),
            opt_text(&self.zone),
            at(self.created_at),
            at(self.updated_at),
        ])
    }

    meta!();
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
            id: r.get(0)?,
            name: r.get(1)?,
            date: date(&r.get::<_, String>(2)?)?,
            distance_m: r.get(3)?,
            priority: named(&r.get::<_, String>(4)?)?,
            created_at: instant(r.get(5)?)?,
            updated_at: instant(r.get(6)?)?,
        })
    }

    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            text(&self.id),
            text(&self.name),
            Value::Text(self.date.to_string()),
            self.distance_m.map_or(Value::Null, int),
            text(self.priority.name()),
            at(self.created_at),
            at(self.updated_at),
        ])
    }

    meta!();
}

impl Table for Bodywork {
    const NAME: &'static str = "bodywork";
    const WHAT: &'static str = "bodywork appointment";
    const COLUMNS: &'static [&'static str] =
        &["id", "at", "minutes", "done", "created_at", "updated_at"];
    const ORDER: &'static str = "at";

    fn from_row(r: &Row) -> rusqlite::Result<Bodywork> {
        Ok(Bodywork {
            id: r.get(0)?,
            at: instant(r.get(1)?)?,
            minutes: r.get(2)?,
            done: r.get(3)?,
            created_at: instant(r.get(4)?)?,
            updated_at: instant(r.get(5)?)?,
        })
    }

    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            text(&self.id),
            at(self.at),
            int(self.minutes),
            int(self.done),
            at(self.created_at),
            at(self.updated_at),
        ])
    }

    meta!();
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
            id: r.get(0)?,
            reminder_id: r.get(1)?,
            kind: named(&r.get::<_, String>(2)?)?,
            fire_at: instant(r.get(3)?)?,
            delivered_at: instant(r.get(4)?)?,
            created_at: instant(r.get(5)?)?,
            updated_at: instant(r.get(6)?)?,
        })
    }

    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            text(&self.id),
            text(&self.reminder_id),
            text(self.kind.name()),
            at(self.fire_at),
            at(self.delivered_at),
            at(self.created_at),
            at(self.updated_at),
        ])
    }

    meta!();
}

/// A session row holds everything but its events, which live in `session_events`.
impl Table for SessionRecord {
    const NAME: &'static str = "sessions";
    const WHAT: &'static str = "session";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "kind",
        "status",
        "routine",
        "started_at",
        "ended_at",
        "created_at",
        "updated_at",
    ];
    const ORDER: &'static str = "started_at";

    fn from_row(r: &Row) -> rusqlite::Result<SessionRecord> {
        Ok(SessionRecord {
            id: r.get(0)?,
            status: named(&r.get::<_, String>(2)?)?,
            routine: blob::routine(&r.get::<_, String>(3)?).map_err(conversion)?,
            started_at: instant(r.get(4)?)?,
            ended_at: r.get::<_, Option<i64>>(5)?.map(instant).transpose()?,
            events: Vec::new(),
            created_at: instant(r.get(6)?)?,
            updated_at: instant(r.get(7)?)?,
        })
    }

    fn values(&self) -> Result<Vec<Value>, StoreError> {
        Ok(vec![
            text(&self.id),
            text(self.routine.kind.name()),
            text(self.status.name()),
            Value::Text(blob::routine_json(&self.routine)?),
            at(self.started_at),
            self.ended_at.map_or(Value::Null, at),
            at(self.created_at),
            at(self.updated_at),
        ])
    }

    meta!();
}
