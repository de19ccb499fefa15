//! Every command but the guided routine: each reads or writes through the core and prints text
//! or JSON.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use chrono::{NaiveTime, TimeDelta, Weekday};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Subcommand, ValueEnum};
use fascia_core::insights::{Metric, Trend};
use fascia_core::model::{
    Name, NewBodywork, NewDowntime, NewRace, NewRun, NewSoreness, QuietHours, RacePriority, Reason,
    RecordKind, RunKind, Settings, Units, WeeklyReport, MAX_EXPORT_BYTES, METRES_PER_MILE,
};
use fascia_core::routine::{Omission, Side};
use fascia_core::zones::{Catalog, Tool};
use serde_json::json;
use strum::VariantArray;

use fascia_core::Journal;

use crate::{Ctx, Failure};

/// `fascia run …`
/// A distance in kilometres or in miles (whichever the runner reads).
#[derive(Debug, clap::Args)]
pub struct Distance {
    /// Distance in kilometres
    #[arg(long, conflicts_with = "distance_mi")]
    distance_km: Option<f64>,
    /// Distance in miles
    #[arg(long)]
    distance_mi: Option<f64>,
}

impl Distance {
    /// In metres, if given.
    fn metres(&self) -> Result<Option<u32>, Failure> {
        match (self.distance_km, self.distance_mi) {
            (Some(km), _) => whole(km, 1000.0, "--distance-km").map(Some),
            (None, Some(mi)) => whole(mi, METRES_PER_MILE, "--distance-mi").map(Some),
            (None, None) => Ok(None),
        }
    }

    /// In metres; one of the two must be given.
    fn required(&self, units: Units) -> Result<u32, Failure> {
        self.metres()?.ok_or_else(|| {
            Failure::input(match units {
                Units::Imperial => "give the distance: --distance-mi 6.2 (or --distance-km 10)",
                Units::Metric => "give the distance: --distance-km 10 (or --distance-mi 6.2)",
            })
        })
    }
}

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
        /// How many
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
}

/// `fascia soreness …`
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
        /// 0-10
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

/// `fascia downtime …`
#[derive(Debug, Subcommand)]
pub enum DowntimeCommand {
    /// Log training time lost to pain
    Add {
        /// Hours missed
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
        /// Hours missed
        #[arg(long)]
        hours: Option<f64>,
        /// Local date
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

/// `fascia race …`
#[derive(Debug, Subcommand)]
pub enum RaceCommand {
    /// Add a race
    Add {
        /// Name
        #[arg(long)]
        name: String,
        /// Local date
        #[arg(long)]
        date: String,
        #[command(flatten)]
        distance: Distance,
        /// A (goal race), B or C
        #[arg(long, value_parser = named::<RacePriority>(), default_value = "B")]
        priority: RacePriority,
    },
    /// Every race
    List,
    /// Correct a race: give only what changes
    Edit {
        /// The race's id, from `fascia race list` (its first characters are enough)
        id: String,
        /// Name
        #[arg(long)]
        name: Option<String>,
        /// Local date
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

/// `fascia bodywork …`
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

/// `fascia backup …`
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

/// `fascia settings …`
#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Every setting
    Show,
    /// Change one setting (see `fascia settings show`)
    Set {
        /// The setting
        #[arg(value_enum)]
        key: SettingKey,
        /// The new value, e.g. 06:45, 22:00-07:00, off, foam-roller,ball, "Sun 18:00"
        value: String,
    },
}

/// A setting the runner can change, by the name `fascia settings show` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SettingKey {
    /// Local time of the daily reminder, e.g. 06:45
    ReminderTime,
    /// No reminders between these local times, e.g. 22:00-07:00, or off
    QuietHours,
    /// metric or imperial
    Units,
    /// Daily routine budget in minutes (5-20)
    Minutes,
    /// Tools you own, e.g. foam-roller,ball (hands always count)
    Tools,
    /// Zones never to include, e.g. adductors, or none
    ExcludedZones,
    /// A run at least this long is a long run (km)
    LongRunKm,
    /// A run at least this long is a long run (miles)
    LongRunMi,
    /// Start the daily routine this many weeks before the season
    KickoffWeeks,
    /// Peak training starts this many weeks before an A race
    PeakFromWeeks,
    /// Peak training ends this many weeks before an A race
    PeakToWeeks,
    /// Bodywork sessions a month in season
    BodyworkPerMonth,
    /// Taper length before an A or B race (days)
    TaperDays,
    /// Hours after a long run before the soreness prompt
    SorenessPromptHours,
    /// When the weekly report reminder comes, e.g. "Sun 18:00", or off
    WeeklyReport,
}

impl SettingKey {
    /// The name the runner types.
    fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_owned())
            .unwrap_or_default()
    }
}

/// A parser for a core enum by its one name (`easy`, `long`, `A`…), listed in `--help`; any
/// other value is refused before anything is opened (exit 2).
pub fn named<T>() -> impl TypedValueParser<Value = T>
where
    T: VariantArray + Name + std::str::FromStr + Clone + Send + Sync + 'static,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    PossibleValuesParser::new(T::VARIANTS.iter().map(|v| v.name())).try_map(|s| s.parse::<T>())
}

/// A core enum from a value typed for a setting, or a message listing the valid names.
fn parse_named<T: VariantArray + Name + std::str::FromStr>(
    value: &str,
    key: SettingKey,
) -> Result<T, Failure> {
    value.parse().map_err(|_| {
        let valid: Vec<&str> = T::VARIANTS.iter().map(|v| v.name()).collect();
        Failure::input(format!(
            "{} must be one of {}, got {value:?}",
            key.name(),
            valid.join(", ")
        ))
    })
}

/// A check the core makes before it writes, made here before anything is opened: bad input
/// never creates or changes a file.
fn checked(result: Result<(), fascia_core::Invalid>) -> Result<(), Failure> {
    result.map_err(|e| Failure::input(crate::in_runners_words(&e)))
}

fn catalog() -> Result<&'static Catalog, Failure> {
    Catalog::embedded().map_err(|e| Failure::Other(e.to_string()))
}

fn zone_name(id: &str) -> String {
    catalog()
        .ok()
        .and_then(|c| c.zone(id).map(|z| c.text(&z.name, &[])))
        .unwrap_or_else(|| id.to_owned())
}

fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// `fascia zones --map FILE`: the body map the apps draw, written whole or not at all.
fn write_map(file: &Path) -> Result<(), Failure> {
    catalog()?.body_map().map_err(fascia_core::Error::from)?;
    let name = file.file_name().ok_or_else(|| {
        Failure::input(format!("--map needs a file name, got {}", file.display()))
    })?;
    // Never over something that is not a map already (a journal, another app's file).
    if let Ok(existing) = std::fs::read(file) {
        let head = String::from_utf8_lossy(&existing[..existing.len().min(256)]).to_string();
        if !head.trim_start().starts_with("<svg") && !head.trim_start().starts_with("<?xml") {
            return Err(Failure::input(format!(
                "{} exists and is not an SVG: not overwriting it; choose another file",
                file.display()
            )));
        }
    }
    let tmp = file.with_file_name(format!(".{}.tmp", name.to_string_lossy()));
    let written = std::fs::write(&tmp, fascia_core::zones::BODY_MAP_SVG)
        .and_then(|()| std::fs::rename(&tmp, file));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Failure::input(format!(
            "could not write the body map to {}: {e}",
            file.display()
        )));
    }
    crate::out(&format!(
        "Wrote the body map (front and back) to {}\n",
        file.display()
    ))
}

/// `fascia zones --chart`: the pressure timing chart.
fn chart(json: bool) -> Result<(), Failure> {
    let zones = catalog()?.zones_in_english();
    if json {
        let rows: Vec<_> = zones
            .iter()
            .map(|z| {
                json!({
                    "zone": z.id, "name": z.name, "sided": z.sided,
                    "pressure": z.pressure, "daily_pressure": z.daily_pressure,
                    "bodywork_pressure": z.bodywork_pressure,
                    "self_care": z.self_care, "bodywork": z.bodywork,
                    "tempo": z.tempo, "cautions": z.cautions,
                })
            })
            .collect();
        return crate::out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        ));
    }
    let mut out = String::from(
        "Pressure timing chart (pressure 0-10; holds in seconds, per side for sided zones)\n\n",
    );
    let _ = writeln!(
        out,
        "{:<30} {:>8} {:>13} {:>10} {:>13}",
        "zone", "daily", "daily hold", "bodywork", "bodywork hold"
    );
    for z in &zones {
        let hold = |h: fascia_core::zones::HoldBounds| {
            format!("{} ({}-{})", h.default_s, h.min_s, h.max_s)
        };
        let _ = writeln!(
            out,
            "{:<30} {:>5}/10 {:>13} {:>7}/10 {:>13}",
            z.name,
            z.pressure.daily,
            hold(z.self_care),
            z.pressure.bodywork,
            hold(z.bodywork)
        );
        let _ = writeln!(out, "  daily pressure: {}", z.daily_pressure);
        let _ = writeln!(out, "  bodywork pressure: {}", z.bodywork_pressure);
        let _ = writeln!(out, "  tempo: {}", z.tempo);
        for caution in &z.cautions {
            let _ = writeln!(out, "  ! {caution}");
        }
    }
    crate::out(&out)
}

/// `fascia zones`
pub fn zones(json: bool, show_chart: bool, map: Option<&Path>) -> Result<(), Failure> {
    if let Some(file) = map {
        return write_map(file);
    }
    if show_chart {
        return chart(json);
    }
    let c = catalog()?;
    if json {
        let zones = c.zones_in_english();
        crate::out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&zones).unwrap_or_default()
        ))?;
        return Ok(());
    }
    let mut out = String::new();
    for z in c.zones() {
        let tools: Vec<String> = z.tools.iter().map(|t| c.text(t.text_key(), &[])).collect();
        let _ = writeln!(
            out,
            "{} ({}){}\n  tools: {}\n  hold: {}-{} s{}\n  position: {}",
            c.text(&z.name, &[]),
            z.id,
            if z.sided { ", each side" } else { "" },
            tools.join(", "),
            z.self_care.min_s,
            z.self_care.max_s,
            if z.sided { " per side" } else { "" },
            c.text(&z.position, &[]),
        );
        for k in &z.technique {
            let _ = writeln!(out, "  - {}", c.text(k, &[]));
        }
        for k in &z.cautions {
            let _ = writeln!(out, "  ! {}", c.text(k, &[]));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", c.text("safety.general", &[]));
    crate::out(&out)?;
    Ok(())
}

/// `fascia today`
pub fn today(ctx: &Ctx) -> Result<(), Failure> {
    let t = ctx.journal_to_read()?.today(ctx.now)?;
    let c = catalog()?;
    ctx.emit(
        || {
            let mut out = format!("Today, {} ({})\n", t.date.format("%A %-d %B %Y"), ctx.tz);
            let r = &t.routine;
            let _ = writeln!(
                out,
                "\nRoutine: {}, {} zones{}",
                Reason::duration(u64::from(r.total_s)).english(c),
                r.zones.len(),
                if t.done_today { " (done today)" } else { "" }
            );
            for z in &r.zones {
                let holds = match (z.sided, z.side) {
                    (false, _) => format!("{:>3} s", z.hold_s),
                    (true, Side::Both) => format!("{:>3} s each side", z.hold_s),
                    (true, side) => format!(
                        "{:>3} s {}, {} s {}",
                        z.hold_s,
                        side.name(),
                        z.other_s(),
                        side.other().name()
                    ),
                };
                let _ = writeln!(
                    out,
                    "  {:<34} {:<21}  {}",
                    zone_name(&z.zone),
                    holds,
                    z.reason.english(c)
                );
            }
            for o in r.omitted.iter().filter(|o| o.why == Omission::Rest) {
                let _ = writeln!(
                    out,
                    "  {:<34} {}",
                    zone_name(&o.zone),
                    c.text(o.why.text_key(), &[])
                );
            }
            for flag in &t.safety {
                let _ = writeln!(out, "\n! {}", flag.advice.english);
            }
            if let Some(id) = &t.active_session {
                let _ = writeln!(
                    out,
                    "\nA session is in progress ({id}): `fascia routine` resumes it."
                );
            }
            let _ = writeln!(out, "\nStreak: {}", days(t.streak));
            if let Some(r) = &t.next_reminder {
                let _ = writeln!(
                    out,
                    "Next reminder: {} - {}",
                    ctx.local(r.fire_at),
                    r.title.english
                );
            }
            let _ = writeln!(out, "\nThis week:");
            for day in &t.calendar {
                let mut tags = Vec::new();
                for (on, tag) in [
                    (day.long_run, "long run"),
                    (day.recovery, "recovery"),
                    (day.race.is_some(), "RACE"),
                    (day.taper, "taper"),
                    (day.race_week, "race week: hydrate"),
                    (day.peak, "peak training"),
                    (day.kickoff, "kickoff"),
                    (!day.bodywork.is_empty(), "bodywork"),
                ] {
                    if on {
                        tags.push(tag);
                    }
                }
                let zones: Vec<String> = day.zones.iter().map(|z| zone_name(&z.zone)).collect();
                let _ = writeln!(
                    out,
                    "  {}  {}{}",
                    day.date.format("%a %d"),
                    zones.join(", "),
                    if tags.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", tags.join("] ["))
                    }
                );
            }
            out
        },
        || {
            let mut v = to_json(&t);
            if let Some(r) = &t.next_reminder {
                v["next_reminder"] = reminder_json(ctx, r);
            }
            v
        },
    )?;
    Ok(())
}

fn days(n: u32) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

fn whole(value: f64, scale: f64, what: &str) -> Result<u32, Failure> {
    let v = (value * scale).round();
    if !v.is_finite() || v < 0.0 {
        return Err(Failure::input(format!(
            "{what} must be a positive number, got {value}"
        )));
    }
    if v > f64::from(u32::MAX) {
        // The core's own range check names the limit; this only keeps the number printable.
        return Err(Failure::input(format!(
            "{what} is far too large, got {value:e}"
        )));
    }
    Ok(v as u32)
}

/// `fascia run …`
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
        RunCommand::Rm { id } => {
            let journal = ctx.existing_journal("run to delete")?;
            let id = journal.resolve_id(RecordKind::Run, &id)?;
            journal.delete_run(&id, ctx.now)?;
            return removed(ctx, "run", &id);
        }
    }
    Ok(())
}

/// Says a record was corrected (its new state as JSON).
fn corrected<T: serde::Serialize>(
    ctx: &Ctx,
    what: &str,
    id: &str,
    record: &T,
) -> Result<(), Failure> {
    ctx.emit(|| format!("Corrected {what} {id}\n"), || to_json(record))
}

/// Says a record was deleted.
fn removed(ctx: &Ctx, what: &str, id: &str) -> Result<(), Failure> {
    ctx.emit(
        || format!("Removed {what} {id}\n"),
        || json!({ "removed": id }),
    )
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

/// `fascia soreness …`
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
                zone,
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

/// `fascia downtime …`
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
                    Some(z) => Some(z),
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
        zone,
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

/// `fascia race …`
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

/// `fascia bodywork …`
/// Warnings from the core, one per line.
fn warning_lines(warnings: &[String]) -> String {
    warnings.iter().map(|w| format!("Warning: {w}\n")).collect()
}

/// A record's JSON with the core's warnings about it, when there are any.
fn with_warnings(mut json: serde_json::Value, warnings: &[String]) -> serde_json::Value {
    if let (Some(map), false) = (json.as_object_mut(), warnings.is_empty()) {
        map.insert("warnings".to_owned(), serde_json::json!(warnings));
    }
    json
}

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

/// `fascia plan`
pub fn plan(ctx: &Ctx, weeks: u32) -> Result<(), Failure> {
    let season = ctx.journal_to_read()?.season_plan(ctx.now)?;
    let today = fascia_core::time::local_date(ctx.tz, ctx.now);
    let until = today + TimeDelta::weeks(i64::from(weeks));
    ctx.emit(
        || {
            let mut out = String::new();
            let Some(start) = season.season_start else {
                return "No A or B race ahead: add one with `fascia race add --name … --date … --priority A`\n".to_owned();
            };
            let _ = writeln!(out, "Season starts {start} (first A/B race); ends {}", season.season_end.map(|d| d.to_string()).unwrap_or_default());
            if let Some(k) = season.kickoff {
                let _ = writeln!(out, "Kickoff: {k}: begin the daily routine, with dynamic warm-ups and hydration");
            }
            for r in season.races.iter().filter(|r| r.date <= until) {
                let _ = writeln!(out, "\n{} {:?}: {}", r.date, r.priority, r.name);
                if let Some(p) = r.peak {
                    let _ = writeln!(out, "  peak training {} to {}", p.from, p.to);
                }
                if let Some(by) = r.bodywork_by {
                    match &r.bodywork_booked {
                        Some(id) => { let _ = writeln!(out, "  45-minute bodywork before {by}: booked ({id})"); }
                        None => { let _ = writeln!(out, "  45-minute bodywork before {by}: not booked yet"); }
                    }
                }
                if let Some(t) = r.taper_from {
                    let _ = writeln!(out, "  taper from {t}");
                }
                let _ = writeln!(out, "  race week from {}: hydration and electrolytes", r.race_week_from);
            }
            if !season.bodywork_months.is_empty() {
                out.push_str("\nBodywork in season (booked/target):");
                for m in &season.bodywork_months {
                    let _ = write!(out, " {}-{:02} {}/{}", m.year, m.month, m.booked, m.target);
                }
                out.push('\n');
            }
            out
        },
        || to_json(&season),
    )?;
    Ok(())
}

/// A reminder as `--json` shows it everywhere: `fire_at` with the runner's local offset.
fn reminder_json(ctx: &Ctx, r: &fascia_core::reminders::Reminder) -> serde_json::Value {
    json!({
        "id": r.id,
        "kind": r.kind,
        "fire_at": fascia_core::time::in_zone(ctx.tz, r.fire_at).to_rfc3339(),
        "fire_at_utc": r.fire_at.to_rfc3339(),
        "local": r.local,
        "title": r.title.english,
        "body": r.body.english,
        "title_key": r.title.reason,
        "body_key": r.body.reason,
    })
}

/// `fascia reminders`
pub fn reminders(ctx: &Ctx, days: u32, limit: usize) -> Result<(), Failure> {
    let full = ctx.journal_to_read()?.reminder_plan(ctx.now, days, limit)?;
    let plan = &full.reminders;
    ctx.emit(
        || {
            let mut out = String::new();
            for r in plan {
                let _ = writeln!(
                    out,
                    "{}  {:<40}  {}",
                    ctx.local(r.fire_at),
                    r.id,
                    r.title.english
                );
            }
            if plan.is_empty() {
                out.push_str("Nothing to schedule.\n");
            }
            if let Some(cut) = full.cut_from {
                let _ = writeln!(
                    out,
                    "\nCut at {limit} reminders: season milestones are all kept; daily reminders \
                     from {} on are not in this plan (the phone asks again each day).",
                    ctx.local(cut)
                );
            }
            out
        },
        || serde_json::Value::Array(plan.iter().map(|r| reminder_json(ctx, r)).collect()),
    )?;
    Ok(())
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A small terminal chart of values from 0 to `max`.
fn sparkline(values: impl IntoIterator<Item = f64>, max: f64) -> String {
    values
        .into_iter()
        .map(|v| {
            let i = if max <= 0.0 {
                0
            } else {
                ((v / max) * 7.0).round().clamp(0.0, 7.0) as usize
            };
            BARS[i]
        })
        .collect()
}

fn cell(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}"))
        .unwrap_or_else(|| "-".to_owned())
}

/// `fascia report`
pub fn report(ctx: &Ctx) -> Result<(), Failure> {
    let r = ctx.journal_to_read()?.report(ctx.now)?;
    ctx.emit(
        || {
            let mut out = String::new();
            match &r.personal {
                Some(p) => {
                    let _ = writeln!(out, "Your numbers: first two weeks ({} to {}) against the latest two ({} to {})\n", p.baseline.from, p.baseline.to, p.recent.from, p.recent.to);
                    let _ = writeln!(out, "  {:<36} {:>12} {:>12} {:>8}", "", "first 2 wk", "latest 2 wk", "change");
                    for row in &p.rows {
                        let label = match row.metric {
                            Metric::WeeklyDowntimeHours => "downtime, hours a week",
                            Metric::RecoveryHours => "recovery after long runs and races, hours",
                            Metric::MeanSoreness => "mean soreness (0-10)",
                            Metric::SessionsPerWeek => "routine sessions a week",
                        };
                        let _ = writeln!(
                            out,
                            "  {:<36} {:>6} (n={:<3}) {:>6} (n={:<3}) {:>7}",
                            label,
                            cell(row.baseline.value),
                            row.baseline.n,
                            cell(row.recent.value),
                            row.recent.n,
                            row.change.map(|c| format!("{c:+.1}")).unwrap_or_else(|| "-".into())
                        );
                    }
                    out.push_str("  Your own logs, compared with themselves: not medical advice.\n");
                }
                None => out.push_str("Your before/after table appears after four weeks of logging.\n"),
            }
            out.push('\n');
            for row in &r.recovery_summary {
                let hours = row.hours.value.map_or_else(|| "-".to_owned(), |h| format!("{h:.1} h"));
                let _ = writeln!(out, "{}: {hours} (n={})", row.label.english, row.hours.n);
            }
            let _ = writeln!(out, "\nStreak: {}", days(r.streak));
            let _ = writeln!(out, "Sessions a week (12 weeks):  {}", sparkline(r.weekly_sessions.iter().map(|w| w.value), 7.0));
            let max_down = r.weekly_downtime.iter().map(|w| w.value).fold(1.0, f64::max);
            let _ = writeln!(out, "Downtime a week (12 weeks):  {}", sparkline(r.weekly_downtime.iter().map(|w| w.value), max_down));
            if !r.trends.is_empty() {
                out.push_str("\nSoreness by zone (last 28 days):\n");
                for t in &r.trends {
                    // One mark per calendar day; a day without an entry is a gap.
                    let recent: String = t.days.iter().map(|d| d.level.map_or_else(|| " ".to_owned(), |l| sparkline([f64::from(l)], 10.0))).collect();
                    let arrow = match t.trend {
                        Trend::Rising => "rising",
                        Trend::Falling => "falling",
                        Trend::Steady => "steady",
                        Trend::Unknown => "too few days",
                    };
                    let _ = writeln!(out, "  {:<34} {:<28} 7d {} 28d {}  {}", zone_name(&t.zone), recent, cell(t.avg_7d), cell(t.avg_28d), arrow);
                }
            }
            for flag in &r.safety {
                let _ = writeln!(out, "\n! {}", flag.advice.english);
            }
            out
        },
        || to_json(&r),
    )?;
    Ok(())
}

/// `fascia export`
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

fn time_of_day(text: &str, key: SettingKey) -> Result<NaiveTime, Failure> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| {
        Failure::input(format!(
            "{} must be a time like 07:00, got {text:?}",
            key.name()
        ))
    })
}

fn number(text: &str, key: SettingKey) -> Result<u32, Failure> {
    text.parse().map_err(|_| {
        Failure::input(format!(
            "{} must be a whole number, got {text:?}",
            key.name()
        ))
    })
}

fn list(text: &str) -> Vec<String> {
    if text == "none" {
        return Vec::new();
    }
    text.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn apply(settings: &mut Settings, key: SettingKey, value: &str) -> Result<(), Failure> {
    match key {
        SettingKey::ReminderTime => settings.reminder_time = time_of_day(value, key)?,
        SettingKey::QuietHours => {
            settings.quiet_hours = if value == "off" {
                None
            } else {
                let (start, end) = value.split_once('-').ok_or_else(|| {
                    Failure::input("quiet-hours must look like 22:00-07:00, or off")
                })?;
                Some(QuietHours {
                    start: time_of_day(start, key)?,
                    end: time_of_day(end, key)?,
                })
            }
        }
        SettingKey::Units => settings.units = parse_named::<Units>(value, key)?,
        SettingKey::Minutes => settings.daily_minutes = number(value, key)?,
        SettingKey::Tools => {
            settings.tools = list(value)
                .iter()
                .map(|t| parse_named::<Tool>(t, key))
                .collect::<Result<_, _>>()?
        }
        SettingKey::ExcludedZones => settings.excluded_zones = list(value),
        SettingKey::LongRunKm | SettingKey::LongRunMi => {
            let (name, scale) = match key {
                SettingKey::LongRunMi => ("long-run-mi", METRES_PER_MILE),
                _ => ("long-run-km", 1000.0),
            };
            let n: f64 = value.parse().map_err(|_| {
                Failure::input(format!("{name} must be a number, e.g. 18, got {value:?}"))
            })?;
            settings.long_run_threshold_m = whole(n, scale, name)?;
        }
        SettingKey::KickoffWeeks => settings.kickoff_weeks = number(value, key)?,
        SettingKey::PeakFromWeeks => settings.peak_from_weeks = number(value, key)?,
        SettingKey::PeakToWeeks => settings.peak_to_weeks = number(value, key)?,
        SettingKey::BodyworkPerMonth => settings.bodywork_per_month = number(value, key)?,
        SettingKey::TaperDays => settings.taper_days = number(value, key)?,
        SettingKey::SorenessPromptHours => settings.soreness_prompt_hours = number(value, key)?,
        SettingKey::WeeklyReport => {
            settings.weekly_report = if value == "off" {
                None
            } else {
                let (day, at) = value.split_once(' ').ok_or_else(|| {
                    Failure::input("weekly-report must look like \"Sun 18:00\", or off")
                })?;
                let weekday: Weekday = day
                    .parse()
                    .map_err(|_| Failure::input(format!("unknown weekday {day:?}")))?;
                Some(WeeklyReport {
                    weekday,
                    time: time_of_day(at, key)?,
                })
            }
        }
    }
    Ok(())
}

/// `fascia settings …`
pub fn settings(ctx: &Ctx, command: SettingsCommand) -> Result<(), Failure> {
    if let SettingsCommand::Set { key, value } = &command {
        // The value alone, checked before anything is opened. Peak training's start and end are
        // checked against each other once the other one is read from the journal.
        let mut alone = Settings::default();
        match key {
            SettingKey::PeakFromWeeks => alone.peak_to_weeks = 0,
            SettingKey::PeakToWeeks => alone.peak_from_weeks = 16,
            _ => {}
        }
        apply(&mut alone, *key, value)?;
        checked(alone.validate(catalog()?))?;
    }
    let mut settings = match command {
        SettingsCommand::Show => ctx.journal_to_read()?.settings()?,
        SettingsCommand::Set { .. } => ctx.journal()?.settings()?,
    };
    if let SettingsCommand::Set { key, value } = &command {
        apply(&mut settings, *key, value)?;
        let (from, to) = (settings.peak_from_weeks, settings.peak_to_weeks);
        ctx.journal()?
            .set_settings(&settings, ctx.now)
            .map_err(|e| match (key, e.field().as_deref()) {
                // The two only together can be wrong: the one typed is the one named.
                (SettingKey::PeakFromWeeks, Some("peak_to_weeks")) => Failure::input(format!(
                    "peak-from-weeks: must be more weeks out than peak training ends ({to} weeks out): it starts before it ends, got {from}"
                )),
                _ => Failure::from(e),
            })?;
    }
    ctx.emit(
        || {
            let s = &settings;
            let tools: Vec<&str> = s.tools.iter().map(|t| t.name()).collect();
            let excluded: Vec<&str> = s.excluded_zones.iter().map(String::as_str).collect();
            let mut out = String::new();
            let rows = [
                ("reminder-time", s.reminder_time.format("%H:%M").to_string()),
                (
                    "quiet-hours",
                    s.quiet_hours
                        .map(|q| format!("{}-{}", q.start.format("%H:%M"), q.end.format("%H:%M")))
                        .unwrap_or_else(|| "off".into()),
                ),
                ("units", s.units.name().to_owned()),
                ("minutes", s.daily_minutes.to_string()),
                ("tools", tools.join(",")),
                (
                    "excluded-zones",
                    if excluded.is_empty() {
                        "none".into()
                    } else {
                        excluded.join(",")
                    },
                ),
                match s.units {
                    Units::Metric => ("long-run-km", s.units.number(s.long_run_threshold_m)),
                    Units::Imperial => ("long-run-mi", s.units.number(s.long_run_threshold_m)),
                },
                ("kickoff-weeks", s.kickoff_weeks.to_string()),
                ("peak-from-weeks", s.peak_from_weeks.to_string()),
                ("peak-to-weeks", s.peak_to_weeks.to_string()),
                ("bodywork-per-month", s.bodywork_per_month.to_string()),
                ("taper-days", s.taper_days.to_string()),
                ("soreness-prompt-hours", s.soreness_prompt_hours.to_string()),
                (
                    "weekly-report",
                    s.weekly_report
                        .map(|w| format!("{} {}", w.weekday, w.time.format("%H:%M")))
                        .unwrap_or_else(|| "off".into()),
                ),
            ];
            for (k, v) in rows {
                let _ = writeln!(out, "{k:<22} {v}");
            }
            let fires = fascia_core::reminders::daily_fire_time(s);
            if fires != s.reminder_time {
                let _ = writeln!(
                    out,
                    "\nThe reminder time {} is inside quiet hours: daily reminders will come at {}, \
                     when quiet hours end. Change reminder-time or quiet-hours to move them.",
                    s.reminder_time.format("%H:%M"),
                    fires.format("%H:%M")
                );
            }
            out
        },
        || to_json(&settings),
    )?;
    Ok(())
}
