//! Runs imported from files and health stores (docs/storage.md, "Runs from files and health
//! stores"): one transaction per batch; an activity is found again by its source and the
//! source's id, a run the runner deleted stays deleted, and a run typed by hand is recognised by
//! its start and distance and merged.

use std::borrow::Cow;

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::table::{self, ms};
use super::{Snapshot, Store, StoreError};
use crate::activity::{run_id, ImportedRun};
use crate::model::{DeletedKind, ImportSummary, Name, Run, RunImportSummary, RunKind};

/// How far apart two starts may be for one activity (a watch started late, a time typed
/// rounded to the quarter hour).
pub const SAME_START: TimeDelta = TimeDelta::minutes(10);
/// How far apart two distances may be for one activity: 300 m, or 5 % of the longer when that
/// is more (GPS against a typed round figure).
pub const SAME_DISTANCE_M: u32 = 300;
/// The share of [`SAME_DISTANCE_M`]'s rule: 1/20, 5 %.
pub const SAME_DISTANCE_SHARE_INV: u64 = 20;

/// Whether two distances are the same activity's ([`SAME_DISTANCE_M`]).
pub fn same_distance(a: u32, b: u32) -> bool {
    let d = a.abs_diff(b);
    d <= SAME_DISTANCE_M || u64::from(d) * SAME_DISTANCE_SHARE_INV <= u64::from(a.max(b))
}

/// The id of the run that holds this source's activity, if one does.
fn holder(conn: &Connection, source: &str, source_id: &str) -> Result<Option<String>, StoreError> {
    let id: Option<Vec<u8>> = conn
        .prepare_cached("SELECT id FROM runs WHERE source = ?1 AND source_id = ?2")?
        .query_row([source, source_id], |r| r.get(0))
        .optional()?;
    Ok(id.map(|b| table::id_text(&b)).transpose()?)
}

/// The run typed within [`SAME_START`] of `at` with the same distance, the nearest start
/// first.
fn same_activity(conn: &Connection, r: &ImportedRun) -> Result<Option<Run>, StoreError> {
    let near: Vec<Run> = table::select(
        conn,
        "started_at >= ?1 AND started_at <= ?2",
        [ms(r.started_at - SAME_START), ms(r.started_at + SAME_START)],
    )?;
    Ok(near
        .into_iter()
        .filter(|x| same_distance(x.distance_m, r.distance_m))
        .min_by_key(|x| (x.started_at - r.started_at).abs()))
}

impl Store {
    /// Stores a batch of imported runs in one transaction (see the module's rules).
    pub fn import_runs(
        &self,
        runs: &[ImportedRun],
        now: DateTime<Utc>,
        zone: &str,
    ) -> Result<RunImportSummary, StoreError> {
        self.write(|tx| {
            let threshold = Snapshot(tx).settings()?.long_run_threshold_m;
            let mut s = RunImportSummary::default();
            for r in runs {
                let id = run_id(r.source, &r.source_id);
                if table::deleted_at(tx, &id)?.is_some() {
                    s.deleted_before += 1;
                    continue;
                }
                if holder(tx, r.source.name(), &r.source_id)?.is_some()
                    || table::exists::<Run>(tx, &id)?
                {
                    s.already_there += 1;
                    continue;
                }
                match same_activity(tx, r)? {
                    Some(typed) if typed.source.is_none() => {
                        let merged = Run {
                            started_at: r.started_at,
                            distance_m: r.distance_m,
                            duration_s: r.duration_s,
                            source: Some(r.source),
                            source_id: Some(r.source_id.clone()),
                            cadence_spm: r.cadence_spm,
                            elevation_gain_m: r.elevation_gain_m,
                            updated_at: now,
                            ..typed
                        };
                        table::replace(tx, &merged)?;
                        s.merged += 1;
                        s.run_ids.push(merged.id);
                    }
                    Some(_) => s.already_there += 1,
                    None => {
                        let kind = if r.distance_m >= threshold {
                            RunKind::Long
                        } else {
                            RunKind::Easy
                        };
                        table::insert(tx, &r.stored(id.clone(), kind, now, zone))?;
                        s.added += 1;
                        s.run_ids.push(id);
                    }
                }
            }
            Ok(s)
        })
    }
}

/// Deletes a run, and for a run merged with an imported activity also remembers its
/// activity's own id as deleted, so importing that activity again does not bring it back.
pub(crate) fn delete_run(tx: &Connection, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
    let run: Option<Run> = table::get(tx, id).ok();
    table::delete::<Run>(tx, id, now)?;
    if let Some(run) = run {
        if let (Some(source), Some(source_id)) = (run.source, &run.source_id) {
            let derived = run_id(source, source_id);
            if derived != run.id {
                let at = table::later(ms(run.updated_at), now)?;
                table::remember_deletion(tx, &derived, DeletedKind::Run, at)?;
            }
        }
    }
    Ok(())
}

/// An export's runs without those whose activity (source and id) a different run here already
/// holds: the same activity imported on two phones, once into a typed run. The one here stays;
/// each left out is counted unchanged.
pub(crate) fn without_held<'a>(
    conn: &Connection,
    summary: &mut ImportSummary,
    runs: &'a [Run],
) -> Result<Cow<'a, [Run]>, StoreError> {
    if runs.iter().all(|r| r.source.is_none()) {
        return Ok(Cow::Borrowed(runs));
    }
    let mut kept = Vec::with_capacity(runs.len());
    for r in runs {
        if let (Some(source), Some(source_id)) = (r.source, &r.source_id) {
            if holder(conn, source.name(), source_id)?.is_some_and(|held| held != r.id) {
                summary.unchanged += 1;
                continue;
            }
        }
        kept.push(r.clone());
    }
    Ok(Cow::Owned(kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_distance_is_300_m_or_5_percent() {
        // Short runs: 300 m.
        assert!(same_distance(4_000, 4_300));
        assert!(!same_distance(4_000, 4_301));
        // Longer: 5 % of the longer of the two.
        assert!(same_distance(10_000, 10_500));
        assert!(!same_distance(10_000, 10_530));
        assert!(same_distance(28_000, 29_400));
        assert!(!same_distance(28_000, 29_500));
        assert!(same_distance(0, 300));
    }
}
