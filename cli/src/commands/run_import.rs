//! `fascia run import FILE_OR_FOLDER...`: runs from a watch's FIT, GPX and TCX files.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use fascia_core::activity::{format_of, Batch};
use fascia_core::model::{RefusedFile, MAX_RUN_FILE_BYTES};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::render::to_json;
use crate::{Ctx, Failure};

/// From how many files a progress bar is shown (on a terminal).
const BAR_FROM: usize = 20;

/// Every `.fit`, `.gpx` and `.tcx` file (any case) under `path`, in name order; a file named
/// directly is taken whatever its name (a wrong one is refused with its reason). Links to
/// folders are not followed (no loops).
fn collect(path: &Path, named: bool, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Failure::input(format!("could not read {}: {e}", path.display())))?;
    if !meta.is_dir() {
        // In a folder, only regular files are taken (a pipe named like a run is not one).
        if named || (meta.is_file() && format_of(&path.to_string_lossy()).is_some()) {
            out.push(path.to_owned());
        }
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(path)
        .and_then(|d| d.collect::<Result<Vec<_>, _>>())
        .map_err(|e| Failure::input(format!("could not read {}: {e}", path.display())))?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => collect(&p, false, out)?,
            Ok(t) if t.is_symlink() && p.is_dir() => {}
            _ => collect(&p, false, out)?,
        }
    }
    Ok(())
}

/// Reads a regular file, at most [`MAX_RUN_FILE_BYTES`] (and one more, to know it is larger). A
/// pipe, a device or a socket is refused unopened: opening a pipe would wait for a writer for
/// ever, and a device can be endless.
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_RUN_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `fascia run import`: every path is looked at before the journal is opened (a missing one is
/// refused, nothing opened); each file is read and checked on its own (a refused one is named
/// with its reason and the rest go on), then the runs are stored in one transaction. Exit 2 when
/// a file was refused (the others are imported).
pub fn import(ctx: &Ctx, paths: &[PathBuf]) -> Result<(), Failure> {
    let mut files = Vec::new();
    for p in paths {
        collect(p, true, &mut files)?;
    }
    let bar = if files.len() >= BAR_FROM && std::io::stderr().is_terminal() && !ctx.json {
        let bar =
            ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let mut batch = Batch::new();
    for f in &files {
        let name = f.display().to_string();
        match read(f) {
            Ok(bytes) => batch.add_file(&name, &bytes),
            Err(e) => batch.refused.push(RefusedFile {
                name,
                reason: format!("could not read it: {e}"),
            }),
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = ctx.journal()?.import_runs(&batch, ctx.now)?;
    ctx.emit(
        || {
            let mut out = format!(
                "Imported {} files: {} added, {} merged with runs typed by hand, {} already there, \
                 {} deleted before (not brought back), {} not runs (skipped), {} refused\n",
                files.len(),
                summary.added,
                summary.merged,
                summary.already_there,
                summary.deleted_before,
                summary.skipped_non_runs,
                summary.refused.len()
            );
            for r in &summary.refused {
                out.push_str(&format!("  refused {}: {}\n", r.name, r.reason));
            }
            out
        },
        || to_json(&summary),
    )?;
    match summary.refused.len() {
        0 => Ok(()),
        n => Err(Failure::input(format!(
            "{n} of {} files refused (the others were imported)",
            files.len()
        ))),
    }
}
