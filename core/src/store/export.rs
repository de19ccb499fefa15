//! Export and import: a versioned JSON document holding the whole journal, and CSV for a
//! spreadsheet or a physio. Format: `docs/export.md`, schema: `docs/export.schema.json`.
//!
//! Import validates the whole file before it writes anything, then merges in one transaction:
//! a record whose id is new is added, one whose copy in the file is newer (`updated_at`) replaces
//! the stored one, anything else is left alone. Importing the same file twice changes nothing.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, ToSql, Transaction};
use serde::{Deserialize, Serialize};

use super::records::validate_delivery;
use super::{
    events_of, ms, name_of, query, session_row, to_json, Bodywork, Downtime, NewBodywork,
    NewDowntime, NewRace, NewRun, NewSoreness, Race, ReminderDelivery, Run, SessionRecord,
    SessionStatus, Settings, Soreness, Store, StoreError, BODYWORK_COLUMNS, DELIVERY_COLUMNS,
    DOWNTIME_COLUMNS, RACE_COLUMNS, RUN_COLUMNS, SESSION_COLUMNS, SETTINGS_ID, SORENESS_COLUMNS,
};
use crate::timer::{Status, Timer};

/// The `format` field of every export.
pub const EXPORT_FORMAT: &str = "fascia-export";
/// The export version this build writes and the newest it reads.
pub const EXPORT_VERSION: u32 = 1;

/// The settings record in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredSettings {
    /// The settings.
    pub settings: Settings,
    /// When first stored.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// The whole journal as one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`] when written by this build.
    pub version: u32,
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
    /// The settings, once the runner changed any.
    pub settings: Option<StoredSettings>,
    /// Routine sessions with their event logs, by start.
    pub sessions: Vec<SessionRecord>,
    /// Runs, by start.
    pub runs: Vec<Run>,
    /// Soreness entries, by time.
    pub soreness: Vec<Soreness>,
    /// Downtime entries, by date.
    pub downtime: Vec<Downtime>,
    /// Races, by date.
    pub races: Vec<Race>,
    /// Bodywork appointments, by time.
    pub bodywork: Vec<Bodywork>,
    /// Delivered reminders, by delivery.
    pub reminder_log: Vec<ReminderDelivery>,
}

/// What an import did, per kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ImportSummary {
    /// Records that were new.
    pub added: u32,
    /// Records the file had a newer copy of.
    pub updated: u32,
    /// Records already up to date.
    pub unchanged: u32,
}

fn bad(field: String, message: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        field,
        message: message.into(),
    }
}

/// Parses an export file. Any shape error names its line and column.
pub fn parse(text: &str) -> Result<Export, StoreError> {
    // Read the header first so a newer file gets a clear message, not a shape error.
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let header: Header =
        serde_json::from_str(text).map_err(|e| bad("file".into(), e.to_string()))?;
    if header.format.as_deref() != Some(EXPORT_FORMAT) {
        return Err(bad(
            "format".into(),
            format!("not a Fascia export (format must be {EXPORT_FORMAT:?})"),
        ));
    }
    match header.version {
        Some(v) if v > EXPORT_VERSION => {
            return Err(StoreError::NewerThanCode {
                found: v,
                supported: EXPORT_VERSION,
            })
        }
        Some(0) | None => return Err(bad("version".into(), "missing or zero")),
        Some(_) => {}
    }
    serde_json::from_str(text).map_err(|e| bad("file".into(), e.to_string()))
}

/// Checks every record of an export as strictly as the store checks a new entry.
pub fn validate(doc: &Export, store: &Store, now: DateTime<Utc>) -> Result<(), StoreError> {
    let catalog = store.catalog();
    fn at(list: &'static str, i: usize) -> impl Fn(StoreError) -> StoreError {
        move |e| match e {
            StoreError::Invalid { field, message } => bad(format!("{list}[{i}].{field}"), message),
            other => other,
        }
    }
    fn meta(
        list: &str,
        i: usize,
        id: &str,
        created: DateTime<Utc>,
        updated: DateTime<Utc>,
        ids: &mut BTreeSet<String>,
    ) -> Result<(), StoreError> {
        if uuid::Uuid::try_parse(id).is_err() {
            return Err(bad(
                format!("{list}[{i}].id"),
                format!("{id:?} is not a UUID"),
            ));
        }
        if !ids.insert(id.to_owned()) {
            return Err(bad(
                format!("{list}[{i}].id"),
                format!("{id} appears twice"),
            ));
        }
        if updated < created {
            return Err(bad(
                format!("{list}[{i}].updated_at"),
                "is before created_at",
            ));
        }
        Ok(())
    }

    if let Some(s) = &doc.settings {
        s.settings.validate(catalog).map_err(at("settings", 0))?;
    }
    let mut ids = BTreeSet::new();
    let mut active = 0;
    for (i, s) in doc.sessions.iter().enumerate() {
        meta("sessions", i, &s.id, s.created_at, s.updated_at, &mut ids)?;
        let timer = Timer::from_log(s.routine.clone(), &s.events)
            .map_err(|e| bad(format!("sessions[{i}].events"), e.to_string()))?;
        if timer.started_at() != s.started_at {
            return Err(bad(
                format!("sessions[{i}].started_at"),
                "differs from the start event",
            ));
        }
        let status = timer
            .snapshot(timer.events().last().map_or(s.started_at, |e| e.at))
            .status;
        let consistent = match s.status {
            SessionStatus::Active => {
                active += 1;
                !matches!(status, Status::Finished | Status::Aborted)
            }
            SessionStatus::Finished => status == Status::Finished,
            SessionStatus::Aborted => status == Status::Aborted,
        };
        if !consistent {
            return Err(bad(
                format!("sessions[{i}].status"),
                "does not match the event log",
            ));
        }
        for (j, step) in s.routine.steps.iter().enumerate() {
            if catalog.zone(&step.zone).is_none() {
                return Err(bad(
                    format!("sessions[{i}].routine.steps[{j}].zone"),
                    format!("unknown zone {:?}", step.zone),
                ));
            }
        }
    }
    if active > 1 {
        return Err(bad(
            "sessions".into(),
            "more than one session is in progress",
        ));
    }
    let mut run_ids = BTreeSet::new();
    for (i, r) in doc.runs.iter().enumerate() {
        meta("runs", i, &r.id, r.created_at, r.updated_at, &mut ids)?;
        let new = NewRun {
            started_at: r.started_at,
            distance_m: r.distance_m,
            duration_s: r.duration_s,
            kind: r.kind,
        };
        new.validate(now).map_err(at("runs", i))?;
        run_ids.insert(r.id.as_str());
    }
    for (i, s) in doc.soreness.iter().enumerate() {
        meta("soreness", i, &s.id, s.created_at, s.updated_at, &mut ids)?;
        let new = NewSoreness {
            zone: s.zone.clone(),
            side: s.side,
            level: s.level,
            at: s.at,
            run_id: s.run_id.clone(),
            note: s.note.clone(),
        };
        new.validate(catalog, now).map_err(at("soreness", i))?;
        // A soreness entry may follow a run in the file or one already in the journal.
        if let Some(run) = &s.run_id {
            if !run_ids.contains(run.as_str()) && !store.has("runs", run)? {
                return Err(bad(
                    format!("soreness[{i}].run_id"),
                    format!("no run {run} in the file or the journal"),
                ));
            }
        }
    }
    for (i, d) in doc.downtime.iter().enumerate() {
        meta("downtime", i, &d.id, d.created_at, d.updated_at, &mut ids)?;
        let new = NewDowntime {
            date: d.date,
            minutes: d.minutes,
            zone: d.zone.clone(),
        };
        new.validate(catalog, now).map_err(at("downtime", i))?;
    }
    for (i, r) in doc.races.iter().enumerate() {
        meta("races", i, &r.id, r.created_at, r.updated_at, &mut ids)?;
        let new = NewRace {
            name: r.name.clone(),
            date: r.date,
            distance_m: r.distance_m,
            priority: r.priority,
        };
        new.validate().map_err(at("races", i))?;
        if new.name.trim() != r.name {
            return Err(bad(
                format!("races[{i}].name"),
                "has leading or trailing spaces",
            ));
        }
    }
    for (i, b) in doc.bodywork.iter().enumerate() {
        meta("bodywork", i, &b.id, b.created_at, b.updated_at, &mut ids)?;
        NewBodywork {
            at: b.at,
            minutes: b.minutes,
        }
        .validate()
        .map_err(at("bodywork", i))?;
    }
    for (i, d) in doc.reminder_log.iter().enumerate() {
        meta(
            "reminder_log",
            i,
            &d.id,
            d.created_at,
            d.updated_at,
            &mut ids,
        )?;
        validate_delivery(&d.reminder_id, &d.kind).map_err(at("reminder_log", i))?;
    }
    Ok(())
}

/// Merges one incoming record: added if its id is new, written over the stored copy if the
/// incoming `updated_at` is newer, left alone otherwise. `columns` lists the table's columns with
/// `id` first, in the order of `values`. The update happens in place, so no `ON DELETE` rule
/// fires. Returns whether the record was written.
fn merge(
    tx: &Transaction,
    summary: &mut ImportSummary,
    table: &str,
    columns: &str,
    updated: DateTime<Utc>,
    values: &[&dyn ToSql],
) -> Result<bool, StoreError> {
    let id = values
        .first()
        .ok_or_else(|| StoreError::Sqlite("no id to merge".into()))?;
    let stored: Option<i64> = tx
        .query_row(
            &format!("SELECT updated_at FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match stored {
        None => summary.added += 1,
        Some(s) if ms(updated) > s => summary.updated += 1,
        Some(_) => {
            summary.unchanged += 1;
            return Ok(false);
        }
    }
    let names: Vec<&str> = columns.split(',').map(str::trim).collect();
    let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let updates: Vec<String> = names[1..]
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}",
        names.join(", "),
        placeholders.join(", "),
        updates.join(", ")
    );
    tx.execute(&sql, values)?;
    Ok(true)
}

impl Store {
    /// The whole journal as an export document.
    pub fn export(&self, now: DateTime<Utc>) -> Result<Export, StoreError> {
        self.read(|conn| {
            let settings = conn
                .query_row(
                    "SELECT body, created_at, updated_at FROM settings WHERE id = ?1",
                    [SETTINGS_ID],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, i64>(2)?,
                        ))
                    },
                )
                .optional()?
                .map(
                    |(body, created, updated)| -> Result<StoredSettings, StoreError> {
                        Ok(StoredSettings {
                            settings: super::from_json(&body)?,
                            created_at: super::instant(created)?,
                            updated_at: super::instant(updated)?,
                        })
                    },
                )
                .transpose()?;
            let mut sessions = query(
                conn,
                &format!("SELECT {SESSION_COLUMNS} FROM sessions ORDER BY started_at, id"),
                [],
                session_row,
            )?;
            for s in &mut sessions {
                s.events = events_of(conn, &s.id)?;
            }
            let all = |columns: &str, table: &str, order: &str| {
                format!("SELECT {columns} FROM {table} ORDER BY {order}, id")
            };
            Ok(Export {
                format: EXPORT_FORMAT.to_owned(),
                version: EXPORT_VERSION,
                exported_at: now,
                settings,
                sessions,
                runs: query(
                    conn,
                    &all(RUN_COLUMNS, "runs", "started_at"),
                    [],
                    super::run_row,
                )?,
                soreness: query(
                    conn,
                    &all(SORENESS_COLUMNS, "soreness", "at"),
                    [],
                    super::soreness_row,
                )?,
                downtime: query(
                    conn,
                    &all(DOWNTIME_COLUMNS, "downtime", "date"),
                    [],
                    super::downtime_row,
                )?,
                races: query(
                    conn,
                    &all(RACE_COLUMNS, "races", "date"),
                    [],
                    super::race_row,
                )?,
                bodywork: query(
                    conn,
                    &all(BODYWORK_COLUMNS, "bodywork", "at"),
                    [],
                    super::bodywork_row,
                )?,
                reminder_log: query(
                    conn,
                    &all(DELIVERY_COLUMNS, "reminder_log", "delivered_at"),
                    [],
                    super::delivery_row,
                )?,
            })
        })
    }

    /// The journal as pretty-printed export JSON.
    pub fn export_json(&self, now: DateTime<Utc>) -> Result<String, StoreError> {
        let doc = self.export(now)?;
        serde_json::to_string_pretty(&doc).map_err(|e| StoreError::Sqlite(e.to_string()))
    }

    /// Imports an export file: validated whole, then merged by id in one transaction.
    pub fn import_json(&self, text: &str, now: DateTime<Utc>) -> Result<ImportSummary, StoreError> {
        let doc = parse(text)?;
        self.import(&doc, now)
    }

    /// Imports a parsed export document (see [`Store::import_json`]).
    pub fn import(&self, doc: &Export, now: DateTime<Utc>) -> Result<ImportSummary, StoreError> {
        validate(doc, self, now)?;
        self.write(|tx| {
            let mut summary = ImportSummary::default();
            let s = &mut summary;
            if let Some(st) = &doc.settings {
                let body = to_json(&st.settings)?;
                let values: [&dyn ToSql; 4] =
                    [&SETTINGS_ID, &body, &ms(st.created_at), &ms(st.updated_at)];
                merge(
                    tx,
                    s,
                    "settings",
                    "id, body, created_at, updated_at",
                    st.updated_at,
                    &values,
                )?;
            }
            for session in &doc.sessions {
                import_session(tx, s, session)?;
            }
            for r in &doc.runs {
                let values: [&dyn ToSql; 7] = [
                    &r.id,
                    &ms(r.started_at),
                    &r.distance_m,
                    &r.duration_s,
                    &name_of(&r.kind),
                    &ms(r.created_at),
                    &ms(r.updated_at),
                ];
                merge(tx, s, "runs", RUN_COLUMNS, r.updated_at, &values)?;
            }
            for e in &doc.soreness {
                let values: [&dyn ToSql; 9] = [
                    &e.id,
                    &e.zone,
                    &name_of(&e.side),
                    &e.level,
                    &ms(e.at),
                    &e.run_id,
                    &e.note,
                    &ms(e.created_at),
                    &ms(e.updated_at),
                ];
                merge(tx, s, "soreness", SORENESS_COLUMNS, e.updated_at, &values)?;
            }
            for d in &doc.downtime {
                let values: [&dyn ToSql; 6] = [
                    &d.id,
                    &d.date.to_string(),
                    &d.minutes,
                    &d.zone,
                    &ms(d.created_at),
                    &ms(d.updated_at),
                ];
                merge(tx, s, "downtime", DOWNTIME_COLUMNS, d.updated_at, &values)?;
            }
            for r in &doc.races {
                let values: [&dyn ToSql; 7] = [
                    &r.id,
                    &r.name,
                    &r.date.to_string(),
                    &r.distance_m,
                    &name_of(&r.priority),
                    &ms(r.created_at),
                    &ms(r.updated_at),
                ];
                merge(tx, s, "races", RACE_COLUMNS, r.updated_at, &values)?;
            }
            for b in &doc.bodywork {
                let values: [&dyn ToSql; 6] = [
                    &b.id,
                    &ms(b.at),
                    &b.minutes,
                    &b.done,
                    &ms(b.created_at),
                    &ms(b.updated_at),
                ];
                merge(tx, s, "bodywork", BODYWORK_COLUMNS, b.updated_at, &values)?;
            }
            for d in &doc.reminder_log {
                let values: [&dyn ToSql; 7] = [
                    &d.id,
                    &d.reminder_id,
                    &d.kind,
                    &ms(d.fire_at),
                    &ms(d.delivered_at),
                    &ms(d.created_at),
                    &ms(d.updated_at),
                ];
                merge(
                    tx,
                    s,
                    "reminder_log",
                    DELIVERY_COLUMNS,
                    d.updated_at,
                    &values,
                )?;
            }
            Ok(summary)
        })
    }

    /// Runs as CSV (RFC 4180) for a spreadsheet, with the long-run rule applied.
    pub fn runs_csv(&self) -> Result<String, StoreError> {
        let threshold = self.settings()?.long_run_threshold_m;
        let runs = self.runs_between(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC)?;
        let mut out = String::from("id,started_at,distance_km,duration_min,kind,long_run\r\n");
        for r in &runs {
            let row = [
                r.id.clone(),
                r.started_at.to_rfc3339(),
                format!("{:.3}", f64::from(r.distance_m) / 1000.0),
                format!("{:.2}", f64::from(r.duration_s) / 60.0),
                name_of(&r.kind),
                r.is_long(threshold).to_string(),
            ];
            push_csv_row(&mut out, &row);
        }
        Ok(out)
    }

    /// Soreness entries as CSV (RFC 4180) for a spreadsheet or a physio.
    pub fn soreness_csv(&self) -> Result<String, StoreError> {
        let soreness = self.soreness_between(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC)?;
        let mut out = String::from("id,at,zone,side,level,run_id,note\r\n");
        for s in &soreness {
            let row = [
                s.id.clone(),
                s.at.to_rfc3339(),
                s.zone.clone(),
                name_of(&s.side),
                s.level.to_string(),
                s.run_id.clone().unwrap_or_default(),
                s.note.clone().unwrap_or_default(),
            ];
            push_csv_row(&mut out, &row);
        }
        Ok(out)
    }
}

fn import_session(
    tx: &Transaction,
    summary: &mut ImportSummary,
    s: &SessionRecord,
) -> Result<(), StoreError> {
    if s.status == SessionStatus::Active {
        if let Some(other) = super::active_id(tx)?.filter(|a| *a != s.id) {
            return Err(bad(
                "sessions".into(),
                format!("the file has a session in progress and so does this journal ({other}); finish or abort it first"),
            ));
        }
    }
    let routine = to_json(&s.routine)?;
    let values: [&dyn ToSql; 8] = [
        &s.id,
        &super::kind_name(&s.routine.kind),
        &name_of(&s.status),
        &routine,
        &ms(s.started_at),
        &s.ended_at.map(ms),
        &ms(s.created_at),
        &ms(s.updated_at),
    ];
    let columns = "id, kind, status, routine, started_at, ended_at, created_at, updated_at";
    if merge(tx, summary, "sessions", columns, s.updated_at, &values)? {
        tx.execute("DELETE FROM session_events WHERE session_id = ?1", [&s.id])?;
        for (seq, e) in s.events.iter().enumerate() {
            super::insert_event(tx, &s.id, seq, e)?;
        }
    }
    Ok(())
}

/// Appends one CSV record, quoting fields that need it (RFC 4180).
fn push_csv_row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}
