//! What several commands print the same way: records as JSON, zone names, day counts, the
//! one-line confirmations of a correction or a deletion, the core's warnings, reminders, and the
//! small terminal charts of the report.

use serde_json::json;

use super::catalog;
use crate::{Ctx, Failure};

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

pub(super) fn zone_name(id: &str) -> String {
    catalog()
        .ok()
        .and_then(|c| c.zone(id).map(|z| c.text(&z.name, &[])))
        .unwrap_or_else(|| id.to_owned())
}

pub(super) fn days(n: u32) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// Says a record was corrected (its new state as JSON).
pub(super) fn corrected<T: serde::Serialize>(
    ctx: &Ctx,
    what: &str,
    id: &str,
    record: &T,
) -> Result<(), Failure> {
    ctx.emit(|| format!("Corrected {what} {id}\n"), || to_json(record))
}

/// Says a record was deleted.
pub(super) fn removed(ctx: &Ctx, what: &str, id: &str) -> Result<(), Failure> {
    ctx.emit(
        || format!("Removed {what} {id}\n"),
        || json!({ "removed": id }),
    )
}

/// Warnings from the core, one per line.
pub(super) fn warning_lines(warnings: &[String]) -> String {
    warnings.iter().map(|w| format!("Warning: {w}\n")).collect()
}

/// A record's JSON with the core's warnings about it, when there are any.
pub(super) fn with_warnings(mut json: serde_json::Value, warnings: &[String]) -> serde_json::Value {
    if let (Some(map), false) = (json.as_object_mut(), warnings.is_empty()) {
        map.insert("warnings".to_owned(), serde_json::json!(warnings));
    }
    json
}

/// A reminder as `--json` shows it everywhere: `fire_at` with the runner's local offset.
pub(super) fn reminder_json(ctx: &Ctx, r: &fascia_core::reminders::Reminder) -> serde_json::Value {
    json!({
        "id": r.id,
        "kind": r.kind,
        "fire_at": fascia_core::time::in_zone(ctx.tz, r.fire_at).to_rfc3339(),
        "fire_at_utc": r.fire_at.to_rfc3339(),
        "local": r.local,
        "title": r.title.english,
        "body": r.body.english,
        "title_key": r.title.reason,
        "body_key": r.body.reason,
    })
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A small terminal chart of values from 0 to `max`.
pub(super) fn sparkline(values: impl IntoIterator<Item = f64>, max: f64) -> String {
    values
        .into_iter()
        .map(|v| {
            let i = if max <= 0.0 {
                0
            } else {
                ((v / max) * 7.0).round().clamp(0.0, 7.0) as usize
            };
            BARS[i]
        })
        .collect()
}

pub(super) fn cell(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}"))
        .unwrap_or_else(|| "-".to_owned())
}
