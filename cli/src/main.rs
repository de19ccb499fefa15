//! `fascia`, the terminal companion: today's guided routine and the whole journal from a desktop,
//! on the same core as the phone apps. Its exit codes are [`EXIT_CODES`], shown by `fascia --help`:
//! a core error's code follows the core's one [`ErrorKind`] ([`exit_code`]).

mod commands;
mod routine;

use std::cell::OnceCell;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use clap::{Parser, Subcommand};
use fascia_core::model::{check_date, check_instant};
use fascia_core::{time, Error, ErrorKind, Journal, StorageProblem};

/// What each exit code means, as `fascia --help` ends. README.md and docs/architecture.md say
/// the same; [`exit_code`] and [`main`] are what they describe.
const EXIT_CODES: &str = "\
Exit codes:
  0  Done; also when whoever reads the output stops early (fascia reminders | head).
  2  Refused: a command line that does not parse, a value out of range or unknown, an id that
     names no record, a routine not possible now (every zone resting, the bodywork session on race
     morning), or a file named on the command line that cannot be read (import) or written
     (zones --map). A value that can be checked on its own is refused before anything is
     opened: nothing is created or written, not even a backup. A refusal that needs the
     journal (an id, a setting checked against another one, a routine) comes after it was
     opened: the refused change is not made, but the day's backup may have been taken, and
     `settings set` may have created a journal that was not there.
  1  Anything else: a damaged or foreign journal, one from a newer fascia, a full disk, a
     read-only or busy journal, output that cannot be written, a bug.";

/// Fascia: fascia self-care for runners, offline.
#[derive(Debug, Parser)]
#[command(name = "fascia", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// The journal file [default: fascia.db in the platform data directory]
    #[arg(long, env = "FASCIA_DB", global = true)]
    db: Option<PathBuf>,
    /// Your IANA time zone, e.g. Europe/London [default: the system zone]
    #[arg(long, global = true)]
    tz: Option<String>,
    /// Pin the clock to this RFC 3339 instant (reproducible runs and tests)
    #[arg(long, global = true)]
    now: Option<String>,
    /// Print data as JSON
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Today's guided routine: space pause/resume, n skip, b back, + extend 30 s, p sharp pain, q leave
    Routine {
        /// Time budget in minutes (5-20; 30-60 with --bodywork) [default: your setting; 45]
        #[arg(long)]
        minutes: Option<u32>,
        /// The guided 45-minute bodywork session: 2-5 minutes per zone and side
        #[arg(long)]
        bodywork: bool,
        /// Run N times faster (demonstrations)
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
    },
    /// Today's routine with reasons, streak, next reminder and the 7-day calendar
    Today,
    /// The zone map with cues and cautions
    Zones {
        /// The pressure timing chart: pressure, holds, tempo and cautions per zone
        #[arg(long)]
        chart: bool,
        /// Write the body map (SVG, front and back) to FILE
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
    },
    /// Log and list runs
    #[command(subcommand)]
    Run(commands::RunCommand),
    /// Log soreness per zone
    #[command(subcommand)]
    Soreness(commands::SorenessCommand),
    /// Log training time lost to pain
    #[command(subcommand)]
    Downtime(commands::DowntimeCommand),
    /// Add, list and remove races
    #[command(subcommand)]
    Race(commands::RaceCommand),
    /// Book, list, move and cancel bodywork appointments
    #[command(subcommand)]
    Bodywork(commands::BodyworkCommand),
    /// The season plan
    Plan {
        /// How many weeks ahead to show (1-520)
        #[arg(long, default_value_t = 26, value_parser = clap::value_parser!(u32).range(1..=520))]
        weeks: u32,
    },
    /// Exactly what a phone would schedule, with local times
    Reminders {
        /// Days ahead (1-3660)
        #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=3660))]
        days: u32,
        /// At most this many (64 is the iOS cap; up to 1000)
        #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..=1000))]
        limit: u16,
    },
    /// Your personal before/after report and per-zone trends
    Report,
    /// Export the journal as JSON, or runs and soreness as CSV
    Export {
        /// The JSON file to write
        #[arg(required_unless_present = "csv")]
        file: Option<PathBuf>,
        /// Write runs.csv and soreness.csv into this folder instead
        #[arg(long, conflicts_with = "file")]
        csv: Option<PathBuf>,
    },
    /// Import (merge) an export file
    Import {
        /// The JSON file to read
        file: PathBuf,
    },
    /// List the daily backups and restore one
    #[command(subcommand)]
    Backup(commands::BackupCommand),
    /// Show or change settings
    #[command(subcommand)]
    Settings(commands::SettingsCommand),
}

/// What went wrong, and which exit code says so.
#[derive(Debug)]
pub enum Failure {
    /// Refused input found by the terminal companion itself: exit 2.
    Input(String),
    /// An error from the core: its message is worded once the command line is known (in
    /// [`Typed::message`]) and its exit code follows its [`ErrorKind`] ([`exit_code`]).
    Core(Error),
    /// Anything else: exit 1.
    Other(String),
    /// Whoever read the output stopped reading (`fascia reminders | head`): end quietly.
    Closed,
}

impl Failure {
    /// Refuses the input with `message`, saying what was wrong with it (exit 2).
    pub fn input(message: impl Into<String>) -> Failure {
        Failure::Input(message.into())
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Core(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Other(e.to_string())
    }
}

/// The exit code of a core error. It follows the core's one [`ErrorKind`], as the FFI's error
/// does: what the runner can put right by typing something else is 2, the rest 1.
fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::BadInput | ErrorKind::NotFound | ErrorKind::Conflict => 2,
        ErrorKind::Damaged | ErrorKind::NewerVersion | ErrorKind::Storage | ErrorKind::Internal => {
            1
        }
    }
}

/// What the runner typed, as clap read it (`--db PATH`, `--db=PATH` and `FASCIA_DB` alike): what
/// an error message needs to name the option they used and the journal they meant.
pub struct Typed {
    /// The journal given with `--db` or `FASCIA_DB`; `None` for the default one.
    db: Option<PathBuf>,
    /// The distance was typed in miles (`--distance-mi`, `settings set long-run-mi`).
    in_miles: bool,
    /// A `downtime` command, whose minutes are typed in hours (`--hours`).
    downtime: bool,
    /// How many `--zone` options `soreness add` was given: with more than one, a refusal says
    /// which one it is about.
    zones: usize,
}

impl Typed {
    /// What `cli` says was typed.
    fn of(cli: &Cli) -> Typed {
        use commands::{RaceCommand, RunCommand, SettingKey, SettingsCommand, SorenessCommand};
        let in_miles = match &cli.command {
            Command::Run(RunCommand::Add { distance, .. } | RunCommand::Edit { distance, .. })
            | Command::Race(
                RaceCommand::Add { distance, .. } | RaceCommand::Edit { distance, .. },
            ) => distance.in_miles(),
            Command::Settings(SettingsCommand::Set { key, .. }) => *key == SettingKey::LongRunMi,
            _ => false,
        };
        let zones = match &cli.command {
            Command::Soreness(SorenessCommand::Add { zones, .. }) => zones.len(),
            _ => 0,
        };
        Typed {
            db: cli.db.clone(),
            in_miles,
            downtime: matches!(cli.command, Command::Downtime(_)),
            zones,
        }
    }

    /// A core error in the runner's words: what happened and, where there is one, the command
    /// that fixes it.
    fn message(&self, e: &Error) -> String {
        let mut message = e
            .invalid()
            .map_or_else(|| e.to_string(), |e| self.in_runners_words(e));
        if let Some(fix) = self.fix_for(e) {
            message.push_str("\n  ");
            message.push_str(&fix);
        }
        message
    }

    /// A refused input in the runner's words: the option or setting they typed (`--distance-km`,
    /// `long-run-km`), not the core's field name (`distance_m`, `long_run_threshold_m`).
    fn in_runners_words(&self, e: &fascia_core::Invalid) -> String {
        // A path in an import file (`soreness[3].level`) is where to look in that file, not an
        // option.
        if e.field
            .split_once('[')
            .is_some_and(|(list, _)| !list.is_empty())
        {
            return format!("in the file, {}: {}", e.field, e.message);
        }
        let (position, name) = match e.field.split_once("].") {
            Some((i, name)) => (i.trim_start_matches('[').parse::<usize>().ok(), name),
            None => (None, e.field.as_str()),
        };
        let option = match name {
            "zone" => "--zone".to_owned(),
            "side" => "the side in --zone ZONE:SIDE (left, right or both)".to_owned(),
            "level" => "the level in --zone ZONE=LEVEL".to_owned(),
            "distance_m" if self.in_miles => "--distance-mi".to_owned(),
            "distance_m" => "--distance-km".to_owned(),
            "duration_s" => "--duration-min".to_owned(),
            "started_at" | "date" => "--date".to_owned(),
            "at" => "--at".to_owned(),
            "minutes" if self.downtime => "--hours".to_owned(),
            "daily_minutes" => "minutes (the daily routine)".to_owned(),
            "long_run_threshold_m" if self.in_miles => "long-run-mi".to_owned(),
            "long_run_threshold_m" => "long-run-km".to_owned(),
            "name" | "minutes" | "note" | "priority" => format!("--{name}"),
            "run_id" => "--run".to_owned(),
            "journal" => "--db".to_owned(),
            "dir" => "--csv".to_owned(),
            // Settings keys, as `fascia settings set` spells them.
            other => other.replace('_', "-"),
        };
        match position {
            Some(i) if self.zones > 1 => {
                format!("{option} (the {} one): {}", ordinal(i + 1), e.message)
            }
            _ => format!("{option}: {}", e.message),
        }
    }

    /// The command that fixes a failure, when there is one to type.
    fn fix_for(&self, e: &Error) -> Option<String> {
        let db = self
            .db
            .as_ref()
            .map(|p| format!(" --db {}", p.display()))
            .unwrap_or_default();
        if let Error::Safety(fascia_core::safety::SafetyError::RaceMorning { .. }) = e {
            return Some(format!("today's activation: fascia{db} routine"));
        }
        match (e.kind(), e.damaged()) {
            (ErrorKind::Damaged, Some((_, Some(backup)))) => Some(format!(
                "to put that backup in its place (the damaged file is kept beside it): fascia{db} backup restore-damaged {backup}"
            )),
            (ErrorKind::Damaged, Some((path, None))) => Some(format!(
                "no good backup exists; keep {path} for later and start a new journal elsewhere: fascia --db NEW.db today"
            )),
            (ErrorKind::NewerVersion, _) => {
                Some("install the newer fascia (cargo install --path cli) and run it again".into())
            }
            (ErrorKind::Storage, _) => e.storage_problem().map(|p| match p {
                StorageProblem::DiskFull => {
                    "free some space on the disk (df -h shows how much is left), then run the command again; nothing was changed".to_owned()
                }
                StorageProblem::ReadOnly => {
                    let path = self.db.clone().or_else(|| default_db().ok()).unwrap_or_default();
                    let folder = path.parent().map(|p| p.display().to_string()).unwrap_or_default();
                    format!(
                        "fascia writes even to read (its crash-safe log): make both writable, e.g. chmod u+w '{folder}' '{}'",
                        path.display()
                    )
                }
                StorageProblem::Busy => {
                    "another program is writing the journal: wait for it to finish, then run the command again".to_owned()
                }
            }),
            _ => None,
        }
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Writes to standard output. A closed pipe ends the command quietly; any other failure (a full
/// disk behind a redirection) is an error with its reason, never a panic.
pub fn out(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::Closed),
        Err(e) => Err(Failure::Other(format!("could not write the output: {e}"))),
    }
}

/// Everything a command needs: the journal (opened on first use, after the command's arguments
/// were checked, so bad input never creates or changes a file) and the clock.
pub struct Ctx {
    /// The journal's file: `--db`, `FASCIA_DB` or the default one.
    pub path: PathBuf,
    journal: OnceCell<Journal>,
    /// The runner's time zone (`--tz`, `TZ` or the system's): dates typed and times shown are
    /// local to it.
    pub tz: fascia_core::time::Tz,
    /// Now (pinned by `--now`, or the system clock at start).
    pub now: DateTime<Utc>,
    /// Whether `--now` pinned the clock.
    pub pinned: bool,
    /// `--json`: print data as JSON instead of text.
    pub json: bool,
    /// Escape codes allowed (a terminal, and no NO_COLOR).
    pub styled: bool,
}

impl Ctx {
    /// The journal, opened (and created if needed) on first use.
    pub fn journal(&self) -> Result<&Journal, Failure> {
        if let Some(j) = self.journal.get() {
            return Ok(j);
        }
        let existed = self.path.exists();
        let j = Journal::open(&self.path, self.tz)?;
        // For a journal that was there, the daily backup (and its damage check) comes first, as
        // an app takes it at launch: one found damaged is not written to, so nothing typed now
        // lands in the file that `backup restore-damaged` sets aside. A new journal is backed up
        // once the command has worked, so its first day is in a backup.
        if existed {
            daily_backup(&j, self.now)?;
        }
        Ok(self.journal.get_or_init(|| j))
    }

    /// The journal, for a command that only reads: on a full disk or in a read-only folder it is
    /// read without writing.
    pub fn journal_to_read(&self) -> Result<&Journal, Failure> {
        if let Some(j) = self.journal.get() {
            return Ok(j);
        }
        let j = Journal::open_for_reading(&self.path, self.tz)?;
        Ok(self.journal.get_or_init(|| j))
    }

    /// The journal, for a command that names a record in it: when there is no journal yet there
    /// is nothing to name, and none is created.
    pub fn existing_journal(&self, what: &str) -> Result<&Journal, Failure> {
        if self.journal.get().is_none() && !self.path.exists() {
            return Err(Failure::input(format!(
                "there is no journal at {} yet, so no {what}",
                self.path.display()
            )));
        }
        self.journal()
    }

    /// Prints `json` with `--json`, `human` otherwise.
    pub fn emit(
        &self,
        human: impl FnOnce() -> String,
        json: impl FnOnce() -> serde_json::Value,
    ) -> Result<(), Failure> {
        if self.json {
            out(&(serde_json::to_string_pretty(&json()).unwrap_or_default() + "\n"))
        } else {
            out(&human())
        }
    }

    /// A local date given on the command line, within the dates the journal keeps.
    pub fn date(&self, text: &str, what: &str) -> Result<NaiveDate, Failure> {
        let date: NaiveDate = text.parse().map_err(|_| {
            Failure::input(format!(
                "{what} must be a date like 2026-11-23, got {text:?}"
            ))
        })?;
        check_date(what, date).map_err(|e| Failure::input(e.to_string()))?;
        Ok(date)
    }

    /// An instant given on the command line: RFC 3339, a local `YYYY-MM-DDTHH:MM`, or a local
    /// date (read as `at_time` that day).
    pub fn instant(
        &self,
        text: &str,
        what: &str,
        at_time: NaiveTime,
    ) -> Result<DateTime<Utc>, Failure> {
        let in_range = |at: DateTime<Utc>| {
            check_instant(what, at)
                .map(|()| at)
                .map_err(|e| Failure::input(e.to_string()))
        };
        let local = |date: NaiveDate, t: NaiveTime| {
            check_date(what, date).map_err(|e| Failure::input(e.to_string()))?;
            in_range(time::resolve(self.tz, date, t).instant)
        };
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return in_range(t.with_timezone(&Utc));
        }
        if let Ok(l) = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M") {
            return local(l.date(), l.time());
        }
        if let Ok(date) = text.parse::<NaiveDate>() {
            return local(date, at_time);
        }
        Err(Failure::input(format!(
            "{what} must be a date (2026-11-23), a local time (2026-11-23T07:30) or RFC 3339, got {text:?}"
        )))
    }

    /// A local wall time for display.
    pub fn local(&self, at: DateTime<Utc>) -> String {
        time::local_time(self.tz, at)
            .format("%a %d %b %H:%M")
            .to_string()
    }

    /// `at` as the runner saw it when they logged it: in the zone the entry was logged in, named
    /// when it is not the zone they are in now.
    pub fn logged(&self, at: DateTime<Utc>, zone: Option<&str>) -> String {
        match zone.and_then(|z| time::zone(z).ok()) {
            Some(tz) if tz != self.tz => format!(
                "{} ({})",
                time::local_time(tz, at).format("%a %d %b %H:%M"),
                tz.name()
            ),
            _ => self.local(at),
        }
    }
}

fn default_db() -> Result<PathBuf, Failure> {
    dirs::data_dir()
        .map(|d| d.join("fascia").join("fascia.db"))
        .ok_or_else(|| Failure::Other("no data directory on this system: pass --db PATH".into()))
}

fn run(cli: Cli) -> Result<(), Failure> {
    let (now, pinned) = match &cli.now {
        Some(text) => {
            let t = DateTime::parse_from_rfc3339(text).map_err(|_| {
                Failure::input(format!(
                    "--now must be RFC 3339, e.g. 2026-11-23T07:00:00+01:00, got {text:?}"
                ))
            })?;
            let t = t.with_timezone(&Utc);
            check_instant("--now", t).map_err(|e| Failure::input(e.to_string()))?;
            (t, true)
        }
        None => (DateTime::<Utc>::from(std::time::SystemTime::now()), false),
    };
    let tz = time::zone(&zone_name(cli.tz.as_deref())).map_err(Error::from)?;
    let styled = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if let Command::Zones { chart, map } = &cli.command {
        return commands::zones(cli.json, *chart, map.as_deref());
    }
    let path = match cli.db {
        Some(p) => p,
        None => default_db()?,
    };
    let ctx = Ctx {
        path,
        journal: OnceCell::new(),
        tz,
        now,
        pinned,
        json: cli.json,
        styled,
    };
    match cli.command {
        Command::Routine {
            minutes,
            bodywork,
            speed,
        } => routine::run(&ctx, minutes, bodywork, speed),
        Command::Today => commands::today(&ctx),
        Command::Zones { chart, map } => commands::zones(ctx.json, chart, map.as_deref()),
        Command::Run(c) => commands::run(&ctx, c),
        Command::Soreness(c) => commands::soreness(&ctx, c),
        Command::Downtime(c) => commands::downtime(&ctx, c),
        Command::Race(c) => commands::race(&ctx, c),
        Command::Bodywork(c) => commands::bodywork(&ctx, c),
        Command::Plan { weeks } => commands::plan(&ctx, weeks),
        Command::Reminders { days, limit } => commands::reminders(&ctx, days, usize::from(limit)),
        Command::Report => commands::report(&ctx),
        Command::Export { file, csv } => commands::export(&ctx, file, csv),
        Command::Import { file } => commands::import(&ctx, &file),
        Command::Backup(c) => commands::backup(&ctx, c),
        Command::Settings(c) => commands::settings(&ctx, c),
    }?;
    // The day's backup once the command has worked, unless it was taken on opening (a write to
    // a journal that was there): a read, or a new journal's first command.
    if let Some(journal) = ctx.journal.get() {
        daily_backup(journal, now)?;
    }
    Ok(())
}

/// One backup a day. One that cannot be made (a full disk) is a warning: the command goes on.
/// A damaged journal is an error, with the command that restores it.
fn daily_backup(journal: &Journal, now: chrono::DateTime<chrono::Utc>) -> Result<(), Failure> {
    if let Err(e) = journal.backup_if_due(now) {
        if e.kind() != ErrorKind::Storage {
            return Err(e.into());
        }
        warn(&format!("today's backup was skipped: {e}"));
    }
    Ok(())
}

/// The runner's IANA zone: `--tz`, else `TZ` when it names one, else the system's.
fn zone_name(flag: Option<&str>) -> String {
    if let Some(name) = flag {
        return name.to_owned();
    }
    if let Some(tz) = std::env::var_os("TZ").and_then(|v| v.into_string().ok()) {
        let name = tz.trim_start_matches(':');
        if time::zone(name).is_ok() {
            return name.to_owned();
        }
    }
    iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".to_owned())
}

/// A line on standard error; a closed standard error is ignored rather than a panic.
fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "fascia: {message}");
}

fn main() -> ExitCode {
    // A command line clap cannot read ends here, with clap's exit code 2 (0 for --help).
    let cli = Cli::parse();
    let typed = Typed::of(&cli);
    match run(cli) {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            warn(&message);
            ExitCode::from(2)
        }
        Err(Failure::Core(e)) => {
            warn(&typed.message(&e));
            ExitCode::from(exit_code(e.kind()))
        }
        Err(Failure::Other(message)) => {
            warn(&message);
            ExitCode::from(1)
        }
    }
}
