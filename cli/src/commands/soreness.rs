//! `fascia soreness …`: log soreness per zone (and side), list, correct and delete it.

use std::fmt::Write;

use chrono::NaiveTime;
use clap::Subcommand;
use fascia_core::model::{Name, NewSoreness, RecordKind};
use fascia_core::routine::Side;

use super::render::{corrected, removed, to_json, zone_name};
use super::{catalog, checked, named};
use crate::{Ctx, Failure};

/// The subcommands of `fascia soreness` and their options (`fascia soreness --help` lists them).
#[derive(Debug, Subcommand)]
pub enum SorenessCommand {
    /// Log soreness: --zone calves=6 --zone it-band:left=3
    Add {
        /// ZONE[:left|right|both]=LEVEL (0-10); repeat for several zones
        #[arg(long = "zone", required = true)]
        zones: Vec<String>,
        /// The run it follows: its id, or the id's first characters
        #[arg(long)]
        run: Option<String>,
        /// When it was felt [default: now]
        #[arg(long)]
        at: Option<String>,
        /// A short note
        #[arg(long)]
        note: Option<String>,
    },
    /// Soreness logged in the last days
    List {
        /// How many days back
        #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=3660))]
        days: u32,
    },
    /// Correct a soreness entry: give only what changes
    Edit {
        /// The entry's id, from `fascia soreness list` (its first characters are enough)
        id: String,
        /// The soreness level, 0 (none) to 10
        #[arg(long)]
        level: Option<u8>,
        /// left, right or both
        #[arg(long, value_parser = named::<Side>())]
        side: Option<Side>,
        /// A short note ("" removes it)
        #[arg(long)]
        note: Option<String>,
    },
    /// Delete a soreness entry
    Rm {
        /// The entry's id, or its first characters
        id: String,
    },
}

/// `fascia soreness …`: new entries are checked before the journal is opened; linking to a run,
/// an edit or a removal needs a journal already there and never creates one.
pub fn soreness(ctx: &Ctx, command: SorenessCommand) -> Result<(), Failure> {
    let (zones, run, at, note) = match command {
        SorenessCommand::Add {
            zones,
            run,
            at,
            note,
        } => (zones, run, at, note),
        SorenessCommand::List { days } => {
            let list = ctx.journal_to_read()?.recent_soreness(ctx.now, days)?;
            return ctx.emit(
                || {
                    let mut out = String::new();
                    for s in &list {
                        let _ = writeln!(
                            out,
                            "{}  {:<34} {:<5} {:>2}/10  {}",
                            ctx.logged(s.at, s.time_zone.as_deref()),
                            zone_name(&s.zone),
                            s.side.name(),
                            s.level,
                            s.id
                        );
                    }
                    if list.is_empty() {
                        out.push_str("No soreness logged: `fascia soreness add --zone calves=4`\n");
                    }
                    out
                },
                || to_json(&list),
            );
        }
        SorenessCommand::Edit {
            id,
            level,
            side,
            note,
        } => {
            let journal = ctx.existing_journal("soreness entry to correct")?;
            let id = journal.resolve_id(RecordKind::Soreness, &id)?;
            let old = journal.soreness_entry(&id)?;
            let entry = NewSoreness {
                level: level.unwrap_or(old.level),
                side: side.unwrap_or(old.side),
                note: match note {
                    Some(n) if n.is_empty() => None,
                    Some(n) => Some(n),
                    None => old.note.clone(),
                },
                ..old.entry()
            };
            checked(entry.validate(catalog()?, ctx.now))?;
            let stored = journal.update_soreness(&id, &entry, ctx.now)?;
            return corrected(ctx, "soreness entry", &stored.id, &stored);
        }
        SorenessCommand::Rm { id } => {
            let journal = ctx.existing_journal("soreness entry to delete")?;
            let id = journal.resolve_id(RecordKind::Soreness, &id)?;
            journal.delete_soreness(&id, ctx.now)?;
            return removed(ctx, "soreness entry", &id);
        }
    };
    let at = match at {
        Some(text) => ctx.instant(
            &text,
            "--at",
            NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
        )?,
        None => ctx.now,
    };
    let mut entries = zones
        .iter()
        .map(|spec| {
            let (zone, side, level) = zone_spec(spec)?;
            Ok(NewSoreness {
                zone: zone.into(),
                side: side.unwrap_or(Side::Both),
                level,
                at,
                run_id: None,
                note: note.clone(),
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    checked(NewSoreness::validate_all(&entries, catalog()?, ctx.now))?;
    let journal = match &run {
        Some(_) => ctx.existing_journal("run to link to")?,
        None => ctx.journal()?,
    };
    // The run may be named by the start of its id, like every other record.
    let run_id = run
        .map(|r| journal.resolve_id(RecordKind::Run, &r))
        .transpose()?;
    for e in &mut entries {
        e.run_id.clone_from(&run_id);
    }
    let stored = journal.add_soreness(&entries, ctx.now)?;
    ctx.emit(
        || {
            let parts: Vec<String> = stored
                .iter()
                .map(|s| {
                    format!(
                        "{} {} {}/10 ({})",
                        zone_name(&s.zone),
                        s.side.name(),
                        s.level,
                        s.id
                    )
                })
                .collect();
            format!("Logged soreness: {}\n", parts.join(", "))
        },
        || to_json(&stored),
    )?;
    Ok(())
}

/// Parses `calves=6`, `it-band:left=3`.
fn zone_spec(spec: &str) -> Result<(String, Option<Side>, u8), Failure> {
    let bad = || {
        Failure::input(format!(
            "--zone must look like calves=6 or it-band:left=3, got {spec:?}"
        ))
    };
    let (zone_side, level) = spec.split_once('=').ok_or_else(bad)?;
    let level: u8 = level.trim().parse().map_err(|_| bad())?;
    let (zone, side) = match zone_side.split_once(':') {
        Some((z, "left")) => (z, Some(Side::Left)),
        Some((z, "right")) => (z, Some(Side::Right)),
        Some((z, "both")) => (z, Some(Side::Both)),
        Some(_) => return Err(bad()),
        None => (zone_side, None),
    };
    Ok((zone.trim().to_owned(), side, level))
}
