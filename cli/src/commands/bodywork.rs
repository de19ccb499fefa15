//! `fascia bodywork …`: book, list, move, mark done and cancel bodywork appointments.

use std::fmt::Write;

use chrono::NaiveTime;
use clap::Subcommand;
use fascia_core::model::{NewBodywork, RecordKind};

use super::checked;
use super::render::{removed, to_json, warning_lines, with_warnings};
use crate::{Ctx, Failure};

/// The subcommands of `fascia bodywork` and their options (`fascia bodywork --help` lists them).
#[derive(Debug, Subcommand)]
pub enum BodyworkCommand {
    /// Add an appointment
    Add {
        /// When (local 2026-12-01T18:00, or RFC 3339)
        #[arg(long)]
        at: String,
        /// Length in minutes
        #[arg(long, default_value_t = 45)]
        minutes: u32,
    },
    /// Appointments from 90 days ago on
    List,
    /// Move or resize an appointment: give only what changes
    Edit {
        /// The appointment's id, from `fascia bodywork list` (its first characters are enough)
        id: String,
        /// When (local 2026-12-01T18:00, or RFC 3339)
        #[arg(long)]
        at: Option<String>,
        /// Length in minutes
        #[arg(long)]
        minutes: Option<u32>,
    },
    /// Mark an appointment as done
    Done {
        /// The appointment's id, or its first characters
        id: String,
    },
    /// Cancel an appointment (it is deleted)
    Cancel {
        /// The appointment's id, or its first characters
        id: String,
    },
}

/// `fascia bodywork …`: a new appointment is checked before the journal is opened; the others
/// need a journal already there and never create one. Booking or moving one prints the core's
/// warnings about its timing.
pub fn bodywork(ctx: &Ctx, command: BodyworkCommand) -> Result<(), Failure> {
    match command {
        BodyworkCommand::Add { at, minutes } => {
            let at = ctx.instant(
                &at,
                "--at",
                NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            )?;
            let entry = NewBodywork { at, minutes };
            checked(entry.validate())?;
            let journal = ctx.journal()?;
            let stored = journal.add_bodywork(&entry, ctx.now)?;
            let warnings = journal.bodywork_warnings(stored.at)?;
            ctx.emit(
                || {
                    format!(
                        "Booked {} min of bodywork on {} ({})\n{}",
                        stored.minutes,
                        ctx.local(stored.at),
                        stored.id,
                        warning_lines(&warnings)
                    )
                },
                || with_warnings(to_json(&stored), &warnings),
            )?;
        }
        BodyworkCommand::List => {
            let list = ctx.journal_to_read()?.bodywork(ctx.now, 90, 3650)?;
            ctx.emit(
                || {
                    let mut out = String::new();
                    for b in &list {
                        let _ = writeln!(
                            out,
                            "{}  {} min  {}  {}",
                            ctx.logged(b.at, b.time_zone.as_deref()),
                            b.minutes,
                            if b.done { "done" } else { "booked" },
                            b.id
                        );
                    }
                    if list.is_empty() {
                        out.push_str(
                            "No bodywork booked: `fascia bodywork add --at 2026-12-01T18:00`\n",
                        );
                    }
                    out
                },
                || to_json(&list),
            )?;
        }
        BodyworkCommand::Edit { id, at, minutes } => {
            let journal = ctx.existing_journal("appointment to move")?;
            let id = journal.resolve_id(RecordKind::Bodywork, &id)?;
            let old = journal.bodywork_entry(&id)?;
            let six = NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default();
            let entry = NewBodywork {
                at: at
                    .map(|a| ctx.instant(&a, "--at", six))
                    .transpose()?
                    .unwrap_or(old.at),
                minutes: minutes.unwrap_or(old.minutes),
            };
            checked(entry.validate())?;
            let stored = journal.update_bodywork(&id, &entry, ctx.now)?;
            let warnings = journal.bodywork_warnings(stored.at)?;
            ctx.emit(
                || {
                    format!(
                        "Corrected appointment {}\n{}",
                        stored.id,
                        warning_lines(&warnings)
                    )
                },
                || with_warnings(to_json(&stored), &warnings),
            )?;
        }
        BodyworkCommand::Done { id } => {
            let journal = ctx.existing_journal("appointment to mark done")?;
            let id = journal.resolve_id(RecordKind::Bodywork, &id)?;
            let stored = journal.set_bodywork_done(&id, true, ctx.now)?;
            ctx.emit(
                || format!("Bodywork on {} marked done\n", ctx.local(stored.at)),
                || to_json(&stored),
            )?;
        }
        BodyworkCommand::Cancel { id } => {
            let journal = ctx.existing_journal("appointment to cancel")?;
            let id = journal.resolve_id(RecordKind::Bodywork, &id)?;
            journal.delete_bodywork(&id, ctx.now)?;
            removed(ctx, "appointment", &id)?;
        }
    }
    Ok(())
}
