//! `fascia run …`: log, list, correct and delete runs.

use std::fmt::Write;

use chrono::NaiveTime;
use clap::Subcommand;
use fascia_core::model::{Name, NewRun, RecordKind, RunKind, Units};

use super::render::{corrected, removed, to_json};
use super::{checked, named, whole, Distance};
use crate::{Ctx, Failure};

/// The subcommands of `fascia run` and their options (`fascia run --help` lists them).
#[derive(Debug, Subcommand)]
pub enum RunCommand {
    /// Log a run
    Add {
        /// Local date (2026-11-22, read as 08:00), local time (2026-11-22T07:30) or RFC 3339
        #[arg(long)]
        date: String,
        #[command(flatten)]
        distance: Distance,
        /// Moving time in minutes
        #[arg(long)]
        duration_min: f64,
        /// What kind of run
        #[arg(long, value_parser = named::<RunKind>(), default_value = "easy")]
        kind: RunKind,
    },
    /// The latest runs
    List {
        /// How many runs to show, newest first
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// Correct a run: give only what changes
    Edit {
        /// The run's id, from `fascia run list` (its first characters are enough)
        id: String,
        /// Local date, local time or RFC 3339
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        distance: Distance,
        /// Moving time in minutes
        #[arg(long)]
        duration_min: Option<f64>,
        /// What kind of run
        #[arg(long, value_parser = named::<RunKind>())]
        kind: Option<RunKind>,
    },
    /// Delete a run (soreness logged after it stays, unlinked)
    Rm {
        /// The run's id, or its first characters
        id: String,
    },
    /// Import runs from a watch's or an app's FIT, GPX and TCX files (folders are searched)
    Import {
        /// Files and folders (read recursively for .fit, .gpx and .tcx, any case)
        #[arg(required = true, value_name = "FILE_OR_FOLDER")]
        paths: Vec<std::path::PathBuf>,
    },
}

/// `fascia run …`: a new run is checked before the journal is opened; an edit or a removal
/// needs a journal already there and never creates one.
pub fn run(ctx: &Ctx, command: RunCommand) -> Result<(), Failure> {
    match command {
        RunCommand::Add {
            date,
            distance,
            duration_min,
            kind,
        } => {
            let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default();
            let run = NewRun {
                started_at: ctx.instant(&date, "--date", eight)?,
                distance_m: distance.required(Units::Metric)?,
                duration_s: whole(duration_min, 60.0, "--duration-min")?,
                kind,
            };
            checked(run.validate(ctx.now))?;
            let stored = ctx.journal()?.add_run(&run, ctx.now)?;
            let settings = ctx.journal()?.settings()?;
            // A long run or a race brings the soreness check-ins: say so.
            let hint = match stored.kind {
                _ if !stored.brings_check_in(settings.long_run_threshold_m) => "",
                RunKind::Race => " (a race: log soreness later with `fascia soreness add`)",
                _ => " (a long run: log soreness later with `fascia soreness add`)",
            };
            ctx.emit(
                || {
                    format!(
                        "Logged run {}: {} in {} min{hint}\n",
                        stored.id,
                        settings.units.distance(stored.distance_m),
                        stored.duration_s / 60,
                    )
                },
                || to_json(&stored),
            )?;
        }
        RunCommand::List { limit } => {
            let runs = ctx.journal_to_read()?.recent_runs(limit)?;
            let units = ctx.journal()?.settings()?.units;
            ctx.emit(
                || {
                    let mut out = String::new();
                    for r in &runs {
                        let _ = writeln!(
                            out,
                            "{}  {:>9}  {:>4} min  {:<8} {}",
                            ctx.logged(r.started_at, r.time_zone.as_deref()),
                            units.distance(r.distance_m),
                            r.duration_s / 60,
                            r.kind.name(),
                            r.id
                        );
                    }
                    if runs.is_empty() {
                        out.push_str("No runs yet: `fascia run add --date 2026-11-22 --distance-km 10 --duration-min 55`\n");
                    }
                    out
                },
                || to_json(&runs),
            )?;
        }
        RunCommand::Edit {
            id,
            date,
            distance,
            duration_min,
            kind,
        } => {
            let journal = ctx.existing_journal("run to correct")?;
            let id = journal.resolve_id(RecordKind::Run, &id)?;
            let old = journal.run(&id)?;
            let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default();
            let run = NewRun {
                started_at: date
                    .map(|d| ctx.instant(&d, "--date", eight))
                    .transpose()?
                    .unwrap_or(old.started_at),
                distance_m: distance.metres()?.unwrap_or(old.distance_m),
                duration_s: duration_min
                    .map(|m| whole(m, 60.0, "--duration-min"))
                    .transpose()?
                    .unwrap_or(old.duration_s),
                kind: kind.unwrap_or(old.kind),
            };
            checked(run.validate(ctx.now))?;
            let stored = journal.update_run(&id, &run, ctx.now)?;
            return corrected(ctx, "run", &stored.id, &stored);
        }
        RunCommand::Import { paths } => return super::run_import::import(ctx, &paths),
        RunCommand::Rm { id } => {
            let journal = ctx.existing_journal("run to delete")?;
            let id = journal.resolve_id(RecordKind::Run, &id)?;
            journal.delete_run(&id, ctx.now)?;
            return removed(ctx, "run", &id);
        }
    }
    Ok(())
}
