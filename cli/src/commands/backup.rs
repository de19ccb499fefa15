//! `fascia backup …`: list the daily backups and restore one.

use std::fmt::Write;

use clap::Subcommand;
use fascia_core::Journal;
use serde_json::json;

use super::render::to_json;
use crate::{Ctx, Failure};

/// The subcommands of `fascia backup` and their options (`fascia backup --help` lists them).
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Every backup, newest first
    List,
    /// Restore a backup (the journal as it is now is kept as a backup first)
    Restore {
        /// The backup's id, from `fascia backup list`
        id: String,
    },
    /// Put a backup in place of a journal that cannot be opened (the damaged file is kept)
    RestoreDamaged {
        /// The backup's id, from `fascia backup list` (or the damage message)
        id: String,
    },
}

/// `fascia backup …`: listing and restoring a damaged journal never open it.
pub fn backup(ctx: &Ctx, command: BackupCommand) -> Result<(), Failure> {
    match command {
        BackupCommand::List => {
            let dir = Journal::backup_dir_of(&ctx.path);
            let list = Journal::backups_of(&ctx.path).map_err(|e| {
                Failure::Other(format!(
                    "{e}\n  the backups in it are kept; make the folder readable to list them: chmod u+rwx '{}'",
                    dir.display()
                ))
            })?;
            ctx.emit(
                || {
                    let mut out = format!("Backups in {}:\n", dir.display());
                    for b in &list {
                        let _ = writeln!(out, "  {:<40} {:>8} KB", b.id, b.size_bytes / 1024);
                    }
                    if list.is_empty() {
                        out.push_str("  none yet: one is taken each day fascia is used\n");
                    }
                    out
                },
                || to_json(&list),
            )
        }
        BackupCommand::Restore { id } => {
            let kept = ctx
                .existing_journal("backup to restore over")?
                .restore_backup(&id, ctx.now)?;
            ctx.emit(
                || {
                    format!(
                        "Restored {id}; the journal as it was is kept as {}\n",
                        kept.id
                    )
                },
                || json!({ "restored": id, "kept": kept }),
            )
        }
        BackupCommand::RestoreDamaged { id } => {
            Journal::restore_damaged(&ctx.path, &id, ctx.tz)?;
            ctx.emit(
                || {
                    format!(
                        "Restored {id} in place of the damaged journal, which is kept beside it as {}.damaged\n",
                        ctx.path.display()
                    )
                },
                || json!({ "restored": id }),
            )
        }
    }
}
