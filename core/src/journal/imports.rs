//! Runs from the runner's watch and phone: files and health-store records, through one import.

use chrono::{DateTime, Utc};

use crate::activity::Batch;
use crate::model::{HealthRun, RunFile, RunImportSummary};
use crate::Result;

use super::*;

impl Journal {
    /// Imports the runs of a batch (files read with [`Batch::add_file`], health records with
    /// [`Batch::add_health`]) in one transaction: an activity already imported, or whose run the
    /// runner deleted, changes nothing; one recognised as a run typed by hand is merged into it;
    /// the rest are added, `long` when they reach the long-run threshold. The summary also
    /// carries the batch's skipped non-runs and refused files (nothing of those is written).
    pub fn import_runs(&self, batch: &Batch, now: DateTime<Utc>) -> Result<RunImportSummary> {
        check_now(now)?;
        let mut summary = self
            .store
            .import_runs(&batch.runs, now, self.time_zone().name())?;
        summary.skipped_non_runs = batch.non_runs;
        summary.refused = batch.refused.clone();
        Ok(summary)
    }

    /// Imports the runs in FIT, GPX and TCX files (the format by each name's extension): a file
    /// that cannot be read is refused with its name and the reason, and the rest go on.
    pub fn import_run_files(
        &self,
        files: &[RunFile],
        now: DateTime<Utc>,
    ) -> Result<RunImportSummary> {
        let mut batch = Batch::new();
        for f in files {
            batch.add_file(&f.name, &f.bytes);
        }
        self.import_runs(&batch, now)
    }

    /// Imports running activities a phone's health store gave (Health Connect, HealthKit): a
    /// record that cannot be a run is refused on its own, the rest go on.
    pub fn import_health_runs(
        &self,
        runs: &[HealthRun],
        now: DateTime<Utc>,
    ) -> Result<RunImportSummary> {
        let mut batch = Batch::new();
        for r in runs {
            batch.add_health(r);
        }
        self.import_runs(&batch, now)
    }
}
