//! `fascia export` and `fascia import`: the journal as JSON (or runs and soreness as CSV), and
//! merging an export back in.

use std::path::{Path, PathBuf};

use fascia_core::model::MAX_EXPORT_BYTES;
use fascia_core::Journal;
use serde_json::json;

use super::render::to_json;
use crate::{Ctx, Failure};

/// `fascia export`: a target that is the journal, one of its SQLite files or in its backups folder
/// is refused before anything is opened; the journal is opened for reading, so a full disk or a
/// read-only folder does not stop an export to somewhere else.
pub fn export(ctx: &Ctx, file: Option<PathBuf>, csv: Option<PathBuf>) -> Result<(), Failure> {
    if let Some(dir) = csv {
        for name in ["runs.csv", "soreness.csv"] {
            fascia_core::check_export_target(&ctx.path, &dir.join(name))?;
        }
        let written = ctx.journal_to_read()?.export_csv_to(&dir)?;
        return ctx.emit(
            || format!("Wrote runs.csv and soreness.csv to {}\n", dir.display()),
            || json!({ "dir": dir, "files": written }),
        );
    }
    let Some(file) = file else {
        return Err(Failure::input("give a FILE or --csv DIR"));
    };
    fascia_core::check_export_target(&ctx.path, &file)?;
    ctx.journal_to_read()?.export_to_file(&file, ctx.now)?;
    ctx.emit(
        || format!("Exported the journal to {}\n", file.display()),
        || json!({ "file": file }),
    )
}

/// `fascia import`: the file is read and checked whole before the journal is opened, so a
/// refused file creates, changes and backs up nothing.
pub fn import(ctx: &Ctx, file: &Path) -> Result<(), Failure> {
    let text = read_export(file)?;
    let doc = Journal::parse_export(&text)?;
    Journal::check_import(&doc, ctx.path.exists())?;
    let summary = ctx.journal()?.import(&doc, ctx.now)?;
    ctx.emit(
        || {
            format!(
                "Imported {}: {} added, {} updated, {} removed (deleted in the file's journal), {} already up to date\n",
                file.display(),
                summary.added,
                summary.updated,
                summary.removed,
                summary.unchanged
            )
        },
        || to_json(&summary),
    )
}

/// Reads an export file, at most [`MAX_EXPORT_BYTES`]: a larger one (or `/dev/zero`) is not an
/// export, and is refused instead of filling the memory.
fn read_export(file: &Path) -> Result<String, Failure> {
    use std::io::Read;
    let cannot =
        |e: std::io::Error| Failure::input(format!("could not read {}: {e}", file.display()));
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_EXPORT_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() > MAX_EXPORT_BYTES {
        return Err(Failure::input(format!(
            "{} is larger than {} MB: not a Fascia export (ten years of use are about 4 MB)",
            file.display(),
            MAX_EXPORT_BYTES >> 20
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        Failure::input(format!(
            "{} is not text (UTF-8): not a Fascia export",
            file.display()
        ))
    })
}
