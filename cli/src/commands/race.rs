//! `fascia race …`: add, list, correct and remove races.

use std::fmt::Write;

use clap::Subcommand;
use fascia_core::model::{NewRace, RacePriority, RecordKind};

use super::render::{corrected, removed, to_json};
use super::{checked, named, Distance};
use crate::{Ctx, Failure};

/// The subcommands of `fascia race` and their options (`fascia race --help` lists them).
#[derive(Debug, Subcommand)]
pub enum RaceCommand {
    /// Add a race
    Add {
        /// The race's name, e.g. "Spring Marathon"
        #[arg(long)]
        name: String,
        /// Local date, e.g. 2027-04-18
        #[arg(long)]
        date: String,
        #[command(flatten)]
        distance: Distance,
        /// A (goal race), B or C
        #[arg(long, value_parser = named::<RacePriority>(), default_value = "B")]
        priority: RacePriority,
    },
    /// List every race
    List,
    /// Correct a race: give only what changes
    Edit {
        /// The race's id, from `fascia race list` (its first characters are enough)
        id: String,
        /// The race's name, e.g. "Spring Marathon"
        #[arg(long)]
        name: Option<String>,
        /// Local date, e.g. 2027-04-18
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        distance: Distance,
        /// A (goal race), B or C
        #[arg(long, value_parser = named::<RacePriority>())]
        priority: Option<RacePriority>,
    },
    /// Remove a race
    Rm {
        /// The race's id, or its first characters
        id: String,
    },
}

/// `fascia race …`: a new race is checked before the journal is opened; an edit or a removal
/// needs a journal already there and never creates one.
pub fn race(ctx: &Ctx, command: RaceCommand) -> Result<(), Failure> {
    match command {
        RaceCommand::Add {
            name,
            date,
            distance,
            priority,
        } => {
            let race = NewRace {
                name,
                date: ctx.date(&date, "--date")?,
                distance_m: distance.metres()?,
                priority,
            };
            checked(race.validate())?;
            let stored = ctx.journal()?.add_race(&race, ctx.now)?;
            ctx.emit(
                || {
                    format!(
                        "Added race {} on {} ({})\n",
                        stored.name, stored.date, stored.id
                    )
                },
                || to_json(&stored),
            )?;
        }
        RaceCommand::List => {
            let races = ctx.journal_to_read()?.races()?;
            let units = ctx.journal()?.settings()?.units;
            ctx.emit(
                || {
                    let mut out = String::new();
                    for r in &races {
                        let km = r.distance_m.map(|d| units.distance(d)).unwrap_or_default();
                        let _ = writeln!(out, "{}  {:?}  {:<30} {:>9}  {}", r.date, r.priority, r.name, km, r.id);
                    }
                    if races.is_empty() {
                        out.push_str("No races yet: `fascia race add --name \"Spring Marathon\" --date 2027-04-18 --priority A`\n");
                    }
                    out
                },
                || to_json(&races),
            )?;
        }
        RaceCommand::Rm { id } => {
            let journal = ctx.existing_journal("race to remove")?;
            let id = journal.resolve_id(RecordKind::Race, &id)?;
            journal.delete_race(&id, ctx.now)?;
            removed(ctx, "race", &id)?;
        }
        RaceCommand::Edit {
            id,
            name,
            date,
            distance,
            priority,
        } => {
            let journal = ctx.existing_journal("race to correct")?;
            let id = journal.resolve_id(RecordKind::Race, &id)?;
            let old = journal.race(&id)?;
            let race = NewRace {
                name: name.unwrap_or(old.name),
                date: date
                    .map(|d| ctx.date(&d, "--date"))
                    .transpose()?
                    .unwrap_or(old.date),
                distance_m: distance.metres()?.or(old.distance_m),
                priority: priority.unwrap_or(old.priority),
            };
            checked(race.validate())?;
            let stored = journal.update_race(&id, &race, ctx.now)?;
            corrected(ctx, "race", &stored.id, &stored)?;
        }
    }
    Ok(())
}
