//! Export and import: a versioned JSON document holding the whole journal (`model::export`), and
//! CSV for a spreadsheet or a physio. Format: `docs/export.md`, schema: `docs/export.schema.json`.
//!
//! Import validates the whole file before it writes anything, then merges in one transaction:
//! a record whose id is new is added, one whose copy in the file is newer (`updated_at`) replaces
//! the stored one, anything else is left alone. Importing the same file twice changes nothing.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;

use super::table::{self, instant, ms, Table};
use super::{blob, sessions, Store, StoreError, SETTINGS_ID};
use crate::model::{
    check_instant, validate_delivery, Bodywork, DeletedKind, Deletion, Downtime, Export,
    ImportSummary, Name, Race, ReminderDelivery, Run, SessionRecord, SessionStatus, Soreness,
    StoredSettings, EXPORT_FORMAT, EXPORT_VERSION, MAX_EXPORT_BYTES,
};
use crate::routine::Routine;
use crate::vocab::Invalid;
use crate::zones::Catalog;

fn bad(field: impl Into<String>, message: impl Into<String>) -> StoreError {
    Invalid::new(field, message).into()
}

/// The path (`runs[3].distance_m`) of the value at `line` and `column` (1-based, as serde_json
/// reports them) in a JSON text: the keys and indices open at that point. None at the top level
/// or past the end. Only what matters for a path is tokenised: brackets, commas, colons and
/// strings (with their escapes); the text before the point is not otherwise checked.
fn path_at(text: &str, line: usize, column: usize) -> Option<String> {
    enum Frame {
        Object {
            key: Option<String>,
            wants_key: bool,
        },
        Array(usize),
    }
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let end = line_start.checked_add(column)?.min(text.len());
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                wants_key: true,
            }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object { wants_key, .. }) => *wants_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { wants_key, .. }) = stack.last_mut() {
                    *wants_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    wants_key: true,
                }) = stack.last_mut()
                {
                    *key = text.get(start..i.min(text.len())).map(str::to_owned);
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => break,
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    (!path.is_empty()).then_some(path)
}

/// Parses an export file. Any shape error names its line and column. A byte order mark (some
/// editors write one) is skipped; a file larger than [`MAX_EXPORT_BYTES`] is refused unread.
pub(crate) fn parse(text: &str) -> Result<Export, StoreError> {
    if text.len() > MAX_EXPORT_BYTES {
        return Err(bad(
            "file",
            format!(
                "is larger than {} MB: not a Fascia export (ten years of use are about 4 MB)",
                MAX_EXPORT_BYTES >> 20
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The header alone decides the message for a file from elsewhere or from a newer Fascia, so
    // such a file gets "update the app", not a shape error.
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let check = |format: Option<&str>, version: Option<u32>| -> Result<(), StoreError> {
        if format != Some(EXPORT_FORMAT) {
            return Err(bad(
                "format",
                format!("not a Fascia export (format must be {EXPORT_FORMAT:?})"),
            ));
        }
        match version {
            Some(v) if v > EXPORT_VERSION => Err(StoreError::IncompatibleVersion {
                found: v,
                supported: EXPORT_VERSION,
            }),
            Some(0) | None => Err(bad("version", "missing or zero")),
            Some(_) => Ok(()),
        }
    };
    // One pass for a good file; the header is read on its own only when the whole fails.
    match serde_json::from_str::<Export>(text) {
        Ok(doc) => {
            check(Some(&doc.format), Some(doc.version))?;
            Ok(doc)
        }
        Err(e) => {
            let header: Header =
                serde_json::from_str(text).map_err(|_| bad("file", e.to_string()))?;
            check(header.format.as_deref(), header.version)?;
            // The field is the path to the value refused (`runs[3].distance_m`), found from where
            // serde stopped; the message is serde's, with its line and column.
            let field = path_at(text, e.line(), e.column()).unwrap_or_else(|| "file".to_owned());
            Err(bad(field, e.to_string()))
        }
    }
}

/// The longest step a stored routine may have, and the longest routine.
const MAX_STEP_S: u32 = 3_600;
const MAX_ROUTINE_S: u32 = 4 * 3_600;

/// Whether `id` is `u` written as the journal writes ids (lowercase, hyphenated), compared
/// without allocating: an import asks this of every record.
fn canonical(u: &uuid::Uuid, id: &str) -> bool {
    let mut buf = uuid::Uuid::encode_buffer();
    u.hyphenated().encode_lower(&mut buf) == id
}

/// The id and instants every record carries: a canonical UUID (lowercase, hyphenated: the only
/// form the journal writes, so one record never arrives twice under two spellings) seen once in
/// the file, and `created_at` and `updated_at` within the dates the journal keeps. Nothing is
/// checked against a clock: a phone whose clock was behind or ahead wrote them (an edit a minute
/// "before" its creation, an entry made in 2199), and they are kept as written (`docs/export.md`).
fn check_meta<T: Table>(
    list: &str,
    i: usize,
    record: &T,
    created: DateTime<Utc>,
    ids: &mut HashSet<u128>,
) -> Result<(), StoreError> {
    let id = record.id();
    let field = |name: &str| format!("{list}[{i}].{name}");
    let u = match uuid::Uuid::try_parse(id) {
        Ok(u) if canonical(&u, id) => u,
        Ok(_) => {
            return Err(bad(
                field("id"),
                format!("{id:?} must be written as a lowercase hyphenated UUID"),
            ))
        }
        Err(_) => return Err(bad(field("id"), format!("{id:?} is not a UUID"))),
    };
    // Canonical, so one UUID is one spelling: the number alone tells a repeat.
    if !ids.insert(u.as_u128()) {
        return Err(bad(field("id"), format!("{id} appears twice")));
    }
    check_instant(&field("created_at"), created)?;
    check_instant(&field("updated_at"), record.updated_at())?;
    Ok(())
}

/// The IANA zone an entry was logged in, if the file gives one, must be one Fascia knows.
fn check_zone(field: impl FnOnce() -> String, zone: Option<&str>) -> Result<(), StoreError> {
    match zone {
        Some(name) if crate::time::zone(name).is_err() => Err(bad(
            field(),
            format!("{name:?} is not an IANA time zone Fascia knows (e.g. Europe/London)"),
        )),
        _ => Ok(()),
    }
}

/// A stored session's routine must be what the journal itself would write: known zones, steps
/// of a sane length adding up to the total, within the budget.
fn check_routine(i: usize, r: &Routine, catalog: &Catalog) -> Result<(), StoreError> {
    let field = |name: &str| format!("sessions[{i}].routine.{name}");
    if r.steps
        .iter()
        .any(|st| st.seconds == 0 || st.seconds > MAX_STEP_S)
    {
        return Err(bad(
            field("steps"),
            format!("a step must last 1 to {MAX_STEP_S} seconds"),
        ));
    }
    let sum: u64 = r.steps.iter().map(|st| u64::from(st.seconds)).sum();
    if sum != u64::from(r.total_s) || r.total_s > r.budget_s || r.budget_s > MAX_ROUTINE_S {
        return Err(bad(
            field("total_s"),
            "must be the sum of the steps, within the budget (at most 4 hours)",
        ));
    }
    let moves = crate::warmup::WarmUp::embedded().ok();
    for (j, step) in r.steps.iter().enumerate() {
        if catalog.zone(&step.zone).is_none() {
            return Err(bad(
                field(&format!("steps[{j}].zone")),
                format!("unknown zone {:?}", step.zone),
            ));
        }
        // A warm-up's steps name its moves; only a warm-up's.
        let known = match (&step.move_id, r.kind.is_warm_up()) {
            (Some(id), true) => moves.is_some_and(|w| w.get(id).is_some()),
            (None, warm_up) => !warm_up,
            (Some(_), false) => false,
        };
        if !known {
            return Err(bad(
                field(&format!("steps[{j}].move_id")),
                match &step.move_id {
                    Some(id) if r.kind.is_warm_up() => format!("unknown warm-up move {id:?}"),
                    Some(_) => "only a warm-up's steps name a move".to_owned(),
                    None => "a warm-up's step must name its move".to_owned(),
                },
            ));
        }
    }
    Ok(())
}

/// A stored session's events must lie in the date range the journal writes.
fn check_events(i: usize, s: &SessionRecord) -> Result<(), StoreError> {
    for (j, e) in s.events.iter().enumerate() {
        if check_instant("at", e.at).is_err() {
            check_instant(&format!("sessions[{i}].events[{j}].at"), e.at)?;
        }
    }
    Ok(())
}

/// Checks every record of an export as strictly as the journal checks a new entry, except
/// against the clock (a file the journal wrote always imports, whatever its clocks did).
/// `journal_has_run` says whether the journal it goes into holds a run (a soreness entry may
/// follow one). Each session's log is checked against its status and end by the session module
/// (`session::check_kept`), which the caller runs first.
pub(crate) fn validate(
    doc: &Export,
    catalog: &Catalog,
    journal_has_run: &dyn Fn(&str) -> Result<bool, StoreError>,
) -> Result<(), StoreError> {
    let at = |list: &'static str, i: usize| move |e: Invalid| e.within(&format!("{list}[{i}]"));

    if let Some(s) = &doc.settings {
        s.settings.validate(catalog).map_err(at("settings", 0))?;
    }
    let mut ids = HashSet::new();
    let mut active = 0;
    // `Arc`'s `==` sees a shared routine at once, without comparing it field by field.
    let mut checked: Vec<&Arc<Routine>> = Vec::new();
    for (i, s) in doc.sessions.iter().enumerate() {
        check_meta("sessions", i, s, s.created_at, &mut ids)?;
        check_events(i, s)?;
        if s.status == SessionStatus::Active {
            active += 1;
        }
        // Sessions share a few routines: each distinct one is checked once.
        if !checked.contains(&&s.routine) {
            check_routine(i, &s.routine, catalog)?;
            checked.push(&s.routine);
        }
    }
    if active > 1 {
        return Err(bad("sessions", "more than one session is in progress"));
    }
    let mut run_ids = BTreeSet::new();
    let mut sources = HashSet::new();
    for (i, r) in doc.runs.iter().enumerate() {
        check_meta("runs", i, r, r.created_at, &mut ids)?;
        r.entry().validate_kept().map_err(at("runs", i))?;
        check_zone(|| format!("runs[{i}].time_zone"), r.time_zone.as_deref())?;
        r.check_measured().map_err(at("runs", i))?;
        if let (Some(source), Some(source_id)) = (r.source, &r.source_id) {
            if !sources.insert((source, source_id.as_str())) {
                return Err(bad(
                    format!("runs[{i}].source_id"),
                    format!("a second run of {} activity {source_id:?}", source.name()),
                ));
            }
        }
        run_ids.insert(r.id.as_str());
    }
    for (i, s) in doc.soreness.iter().enumerate() {
        check_meta("soreness", i, s, s.created_at, &mut ids)?;
        s.entry()
            .validate_kept(catalog)
            .map_err(at("soreness", i))?;
        check_zone(
            || format!("soreness[{i}].time_zone"),
            s.time_zone.as_deref(),
        )?;
        // A soreness entry may follow a run in the file or one already in the journal.
        if let Some(run) = &s.run_id {
            if !run_ids.contains(run.as_str()) && !journal_has_run(run)? {
                return Err(bad(
                    format!("soreness[{i}].run_id"),
                    format!("no run {run} in the file or the journal"),
                ));
            }
        }
    }
    for (i, d) in doc.downtime.iter().enumerate() {
        check_meta("downtime", i, d, d.created_at, &mut ids)?;
        d.entry()
            .validate_kept(catalog)
            .map_err(at("downtime", i))?;
    }
    for (i, r) in doc.races.iter().enumerate() {
        check_meta("races", i, r, r.created_at, &mut ids)?;
        r.entry().validate().map_err(at("races", i))?;
        if r.name.trim() != r.name {
            return Err(bad(
                format!("races[{i}].name"),
                "has leading or trailing spaces",
            ));
        }
    }
    for (i, b) in doc.bodywork.iter().enumerate() {
        check_meta("bodywork", i, b, b.created_at, &mut ids)?;
        crate::model::NewBodywork {
            at: b.at,
            minutes: b.minutes,
        }
        .validate()
        .map_err(at("bodywork", i))?;
        check_zone(
            || format!("bodywork[{i}].time_zone"),
            b.time_zone.as_deref(),
        )?;
    }
    for (i, d) in doc.deleted.iter().enumerate() {
        let field = |name: &str| format!("deleted[{i}].{name}");
        match uuid::Uuid::try_parse(&d.id) {
            Ok(u) if canonical(&u, &d.id) => {}
            _ => {
                return Err(bad(
                    field("id"),
                    format!("{:?} is not a lowercase hyphenated UUID", d.id),
                ))
            }
        }
        check_instant(&field("deleted_at"), d.deleted_at)?;
    }
    for (i, d) in doc.reminder_log.iter().enumerate() {
        check_meta("reminder_log", i, d, d.created_at, &mut ids)?;
        validate_delivery(&d.reminder_id, d.fire_at, d.delivered_at)
            .map_err(at("reminder_log", i))?;
    }
    Ok(())
}

fn stored_settings(conn: &Connection) -> Result<Option<StoredSettings>, StoreError> {
    let row = conn
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
        .optional()?;
    row.map(|(body, created, updated)| {
        Ok(StoredSettings {
            settings: blob::settings(&body)?,
            created_at: instant(created)?,
            updated_at: instant(updated)?,
        })
    })
    .transpose()
}

impl Store {
    /// The whole journal as an export document.
    pub fn export(&self, now: DateTime<Utc>) -> Result<Export, StoreError> {
        self.read(|conn| {
            let sessions = sessions::all(conn)?;
            Ok(Export {
                format: EXPORT_FORMAT.to_owned(),
                version: EXPORT_VERSION,
                exported_at: now,
                settings: stored_settings(conn)?,
                sessions,
                runs: table::all(conn)?,
                soreness: table::all(conn)?,
                downtime: table::all(conn)?,
                races: table::all(conn)?,
                bodywork: table::all(conn)?,
                reminder_log: table::all(conn)?,
                deleted: table::deletions(conn)?,
            })
        })
    }

    /// Imports a parsed export document: validated whole, then merged by id in one transaction.
    /// `counted` says for each of its sessions whether it counts as done (from the session
    /// module's check of their logs).
    pub fn import(&self, doc: &Export, counted: &[bool]) -> Result<ImportSummary, StoreError> {
        validate(doc, self.catalog(), &|run| self.has_run(run))?;
        self.write(|tx| {
            let mut summary = ImportSummary::default();
            let s = &mut summary;
            if let Some(st) = &doc.settings {
                merge_settings(tx, s, st)?;
            }
            apply_deletions(tx, s, &doc.deleted)?;
            import_sessions(tx, s, &doc.sessions, counted)?;
            let runs = super::imports::without_held(tx, s, &doc.runs)?;
            merge_all::<Run>(tx, s, &runs)?;
            // The run an entry follows may have been deleted here: the entry stays, unlinked.
            let mut soreness = Vec::new();
            for entry in &doc.soreness {
                match &entry.run_id {
                    Some(run) if !table::exists::<Run>(tx, run)? => {
                        let mut unlinked = entry.clone();
                        unlinked.run_id = None;
                        soreness.push(unlinked);
                    }
                    _ => soreness.push(entry.clone()),
                }
            }
            merge_all::<Soreness>(tx, s, &soreness)?;
            merge_all::<Downtime>(tx, s, &doc.downtime)?;
            merge_races(tx, s, &doc.races)?;
            merge_all::<Bodywork>(tx, s, &doc.bodywork)?;
            merge_all::<ReminderDelivery>(tx, s, &doc.reminder_log)?;
            Ok(summary)
        })
    }

    /// Runs as CSV (RFC 4180) for a spreadsheet, with the long-run rule applied; cadence and
    /// elevation gain last, empty where the source measured none (a run typed by hand).
    pub fn runs_csv(&self) -> Result<String, StoreError> {
        let threshold = self.settings()?.long_run_threshold_m;
        let runs = self.runs_between(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC)?;
        csv_text(
            &[
                "id",
                "started_at",
                "distance_km",
                "duration_min",
                "kind",
                "long_run",
                "cadence_spm",
                "elevation_gain_m",
            ],
            runs.iter().map(|r| {
                let known = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
                vec![
                    r.id.clone(),
                    r.started_at.to_rfc3339(),
                    format!("{:.3}", f64::from(r.distance_m) / 1000.0),
                    format!("{:.2}", f64::from(r.duration_s) / 60.0),
                    r.kind.name().to_owned(),
                    r.is_long(threshold).to_string(),
                    known(r.cadence_spm),
                    known(r.elevation_gain_m),
                ]
            }),
        )
    }

    /// Soreness entries as CSV (RFC 4180) for a spreadsheet or a physio.
    pub fn soreness_csv(&self) -> Result<String, StoreError> {
        let soreness = self.soreness_between(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC)?;
        csv_text(
            &["id", "at", "zone", "side", "level", "run_id", "note"],
            soreness.iter().map(|s| {
                vec![
                    s.id.clone(),
                    s.at.to_rfc3339(),
                    s.zone.to_string(),
                    s.side.name().to_owned(),
                    s.level.to_string(),
                    s.run_id.clone().unwrap_or_default(),
                    s.note.clone().unwrap_or_default(),
                ]
            }),
        )
    }
}

/// Applies the file's deletions: a record deleted after its last change here is removed; a
/// record changed here after the deletion stays (the later change wins); the deletion is
/// remembered, so importing an older copy never brings the record back.
fn apply_deletions(
    conn: &Connection,
    summary: &mut ImportSummary,
    deleted: &[Deletion],
) -> Result<(), StoreError> {
    for d in deleted {
        let table = match d.kind {
            DeletedKind::Run => Run::NAME,
            DeletedKind::Soreness => Soreness::NAME,
            DeletedKind::Downtime => Downtime::NAME,
            DeletedKind::Race => Race::NAME,
            DeletedKind::Bodywork => Bodywork::NAME,
        };
        let stored: Option<i64> = conn
            .prepare_cached(&format!("SELECT updated_at FROM {table} WHERE id = ?1"))?
            .query_row([table::id_key(&d.id)], |r| r.get(0))
            .optional()?;
        match stored {
            Some(updated) if updated > ms(d.deleted_at) => continue,
            Some(_) => {
                conn.execute(
                    &format!("DELETE FROM {table} WHERE id = ?1"),
                    [table::id_key(&d.id)],
                )?;
                summary.removed += 1;
            }
            None => {}
        }
        table::remember_deletion(conn, &d.id, d.kind, d.deleted_at)?;
    }
    Ok(())
}

fn merge_all<T: table::Stored>(
    conn: &Connection,
    summary: &mut ImportSummary,
    records: &[T],
) -> Result<(), StoreError> {
    table::merge_all(conn, summary, records)
}

/// Races merge by id like every record, and also by what they are: a race whose id is new here
/// but whose name (in any case) and date are those of a stored race is that race, entered on
/// two phones. It is merged into the stored one (taking the file's fields when its copy is
/// newer), so the journal never holds one race twice (`refuse_duplicate_race`).
fn merge_races(
    conn: &Connection,
    summary: &mut ImportSummary,
    races: &[Race],
) -> Result<(), StoreError> {
    for race in races {
        let twin = if table::exists::<Race>(conn, &race.id)? {
            None
        } else {
            let name = race.name.to_lowercase();
            table::select::<Race, _>(conn, "date = ?1", [race.date.to_string()])?
                .into_iter()
                .find(|r| r.name.to_lowercase() == name)
        };
        match twin {
            None => merge_all(conn, summary, std::slice::from_ref(race))?,
            Some(stored) if race.updated_at > stored.updated_at => {
                let merged = Race {
                    id: stored.id,
                    created_at: stored.created_at,
                    ..race.clone()
                };
                merge_all(conn, summary, &[merged])?;
            }
            Some(_) => summary.unchanged += 1,
        }
    }
    Ok(())
}

fn merge_settings(
    conn: &Connection,
    summary: &mut ImportSummary,
    st: &StoredSettings,
) -> Result<(), StoreError> {
    let stored: Option<i64> = conn
        .query_row(
            "SELECT updated_at FROM settings WHERE id = ?1",
            [SETTINGS_ID],
            |r| r.get(0),
        )
        .optional()?;
    match stored {
        None => summary.added += 1,
        Some(s) if ms(st.updated_at) > s => summary.updated += 1,
        Some(_) => {
            summary.unchanged += 1;
            return Ok(());
        }
    }
    conn.execute(
        "INSERT INTO settings (id, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, created_at = excluded.created_at,
             updated_at = excluded.updated_at",
        params![
            SETTINGS_ID,
            blob::settings_json(&st.settings)?,
            ms(st.created_at),
            ms(st.updated_at)
        ],
    )?;
    Ok(())
}

/// Merges the file's sessions like [`table::merge_all`] merges records: into an empty journal
/// without lookups; a session deleted here stays deleted.
fn import_sessions(
    conn: &Connection,
    summary: &mut ImportSummary,
    list: &[SessionRecord],
    counted: &[bool],
) -> Result<(), StoreError> {
    if let Some(active) = list.iter().find(|s| s.status == SessionStatus::Active) {
        if let Some(other) = sessions::active_id(conn)?.filter(|a| *a != active.id) {
            return Err(bad(
                "sessions",
                format!("the file has a session in progress and so does this journal ({other}); finish or abort it first"),
            ));
        }
    }
    let empty: bool = conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM sessions)", [], |r| {
        r.get(0)
    })?;
    let mut routines = sessions::Interned::default();
    for (s, counted) in list.iter().zip(counted) {
        if empty {
            summary.added += 1;
        } else if !table::newer(conn, summary, s)? {
            continue;
        }
        sessions::write(conn, s, *counted, &mut routines, empty)?;
    }
    Ok(())
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// first) is prefixed with `'`, so a note can never become a formula in the runner's spreadsheet.
fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A CSV document (RFC 4180, CRLF line ends) with a header row.
fn csv_text(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<String, StoreError> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let failed = |e: csv::Error| StoreError::Io {
        path: "CSV".into(),
        source: e.into(),
    };
    out.write_record(header).map_err(failed)?;
    for row in rows {
        out.write_record(row.iter().map(|cell| neutralised(cell).into_owned()))
            .map_err(failed)?;
    }
    let bytes = out.into_inner().map_err(|e| StoreError::Io {
        path: "CSV".into(),
        source: e.into_error(),
    })?;
    String::from_utf8(bytes).map_err(|e| StoreError::Io {
        path: "CSV".into(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })
}

#[cfg(test)]
mod path_tests {
    use super::path_at;

    /// Where serde stops on `text`, as the path parse reports.
    fn refused(text: &str) -> Option<String> {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Run {
            id: String,
            distance_m: u32,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Doc {
            format: String,
            runs: Vec<Run>,
        }
        let e = serde_json::from_str::<Doc>(text).expect_err("refused");
        path_at(text, e.line(), e.column())
    }

    #[test]
    fn the_path_of_what_serde_refused() {
        let one = r#"{"format": "x", "runs": [{"id": "a", "distance_m": 1}, {"id": "b", "distance_m": "far"}]}"#;
        assert_eq!(refused(one).as_deref(), Some("runs[1].distance_m"));
        let pretty = "{\n  \"format\": \"x\",\n  \"runs\": [\n    {\n      \"id\": \"a\\\"}],\",\n      \"distance_m\": -4\n    }\n  ]\n}";
        assert_eq!(refused(pretty).as_deref(), Some("runs[0].distance_m"));
        let unknown = r#"{"format": "x", "runs": [{"id": "a", "distance_m": 1, "pace": 4}]}"#;
        assert_eq!(refused(unknown).as_deref(), Some("runs[0].pace"));
        assert_eq!(
            refused(r#"{"format": 4, "runs": []}"#).as_deref(),
            Some("format")
        );
        assert_eq!(path_at("[1, 2", 9, 9), None);
        assert_eq!(path_at("", 1, 1), None);
    }
}
