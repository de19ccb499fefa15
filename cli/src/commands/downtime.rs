//! `fascia downtime …`: log, list, correct and delete training time lost to pain.

use std::fmt::Write;

use clap::Subcommand;
use fascia_core::model::{NewDowntime, RecordKind};

use super::render::{corrected, removed, to_json, zone_name};
use super::{catalog, checked, whole};
use crate::{Ctx, Failure};

/// The subcommands of `fascia downtime` and their options (`fascia downtime --help` lists them).
#[derive(Debug, Subcommand)]
pub enum DowntimeCommand {
    /// Log training time lost to pain
    Add {
        /// Training hours missed, e.g. 1.5
        #[arg(long)]
        hours: f64,
        /// Local date [default: today]
        #[arg(long)]
        date: Option<String>,
        /// The zone that hurt
        #[arg(long)]
        zone: Option<String>,
    },
    /// Downtime logged in the last days
    List {
        /// How many days back
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=3660))]
        days: u32,
    },
    /// Correct a downtime entry: give only what changes
    Edit {
        /// The entry's id, from `fascia downtime list` (its first characters are enough)
        id: String,
        /// Training hours missed, e.g. 1.5
        #[arg(long)]
        hours: Option<f64>,
        /// Local date, e.g. 2026-11-23
        #[arg(long)]
        date: Option<String>,
        /// The zone that hurt ("none" removes it)
        #[arg(long)]
        zone: Option<String>,
    },
    /// Delete a downtime entry
    Rm {
        /// The entry's id, or its first characters
        id: String,
    },
}

/// `fascia downtime …`: a new entry is checked before the journal is opened; an edit or a
/// removal needs a journal already there and never creates one.
pub fn downtime(ctx: &Ctx, command: DowntimeCommand) -> Result<(), Failure> {
    let (hours, date, zone) = match command {
        DowntimeCommand::Add { hours, date, zone } => (hours, date, zone),
        DowntimeCommand::List { days } => {
            let list = ctx.journal_to_read()?.recent_downtime(ctx.now, days)?;
            return ctx.emit(
                || {
                    let mut out = String::new();
                    for d in &list {
                        let zone = d.zone.as_deref().map(zone_name).unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "{}  {:>4.1} h  {:<34} {}",
                            d.date,
                            f64::from(d.minutes) / 60.0,
                            zone,
                            d.id
                        );
                    }
                    if list.is_empty() {
                        out.push_str("No downtime logged.\n");
                    }
                    out
                },
                || to_json(&list),
            );
        }
        DowntimeCommand::Edit {
            id,
            hours,
            date,
            zone,
        } => {
            let journal = ctx.existing_journal("downtime entry to correct")?;
            let id = journal.resolve_id(RecordKind::Downtime, &id)?;
            let old = journal.downtime_entry(&id)?;
            let entry = NewDowntime {
                date: date
                    .map(|d| ctx.date(&d, "--date"))
                    .transpose()?
                    .unwrap_or(old.date),
                minutes: hours
                    .map(|h| whole(h, 60.0, "--hours"))
                    .transpose()?
                    .unwrap_or(old.minutes),
                zone: match zone {
                    Some(z) if z == "none" => None,
                    Some(z) => Some(z.into()),
                    None => old.zone,
                },
            };
            checked(entry.validate(catalog()?, ctx.now))?;
            let stored = journal.update_downtime(&id, &entry, ctx.now)?;
            return corrected(ctx, "downtime entry", &stored.id, &stored);
        }
        DowntimeCommand::Rm { id } => {
            let journal = ctx.existing_journal("downtime entry to delete")?;
            let id = journal.resolve_id(RecordKind::Downtime, &id)?;
            journal.delete_downtime(&id, ctx.now)?;
            return removed(ctx, "downtime entry", &id);
        }
    };
    let date = match date {
        Some(d) => ctx.date(&d, "--date")?,
        None => fascia_core::time::local_date(ctx.tz, ctx.now),
    };
    let entry = NewDowntime {
        date,
        minutes: whole(hours, 60.0, "--hours")?,
        zone: zone.map(Into::into),
    };
    checked(entry.validate(catalog()?, ctx.now))?;
    let stored = ctx.journal()?.add_downtime(&entry, ctx.now)?;
    ctx.emit(
        || {
            format!(
                "Logged {:.1} h of downtime on {} ({})\n",
                f64::from(stored.minutes) / 60.0,
                stored.date,
                stored.id
            )
        },
        || to_json(&stored),
    )?;
    Ok(())
}
