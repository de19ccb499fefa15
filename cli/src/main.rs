//! `fascia`, the terminal companion: today's guided routine and the whole journal from a desktop,
//! on the same core as the phone apps. Its exit codes are [`failure::EXIT_CODES`], shown by
//! `fascia --help`: a core error's code follows the core's one [`ErrorKind`]
//! ([`failure::exit_code`]).

mod commands;
mod failure;
mod routine;

use std::cell::OnceCell;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use clap::{Parser, Subcommand};
use failure::{exit_code, Failure, Typed};
use fascia_core::model::{check_date, check_instant};
use fascia_core::{time, Error, ErrorKind, Journal};

/// Fascia: fascia self-care for runners, offline.
#[derive(Debug, Parser)]
#[command(name = "fascia", version, about, long_about = None, after_help = failure::EXIT_CODES)]
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
        /// The dynamic warm-up before a run: about 4 minutes of moves, no pressure
        #[arg(long, conflicts_with_all = ["bodywork", "minutes"])]
        warm_up: bool,
        /// Run N times faster (demonstrations)
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
    },
    /// Today's routine with reasons, streak, next reminder and the 7-day calendar
    Today,
    /// The zone map with cues and cautions; the body map and how to work each zone, as pictures
    Zones {
        /// The pressure timing chart: pressure, holds, tempo and cautions per zone
        #[arg(long)]
        chart: bool,
        /// Write the body map with today's soreness (SVG, front and back) to FILE (- or none:
        /// standard output)
        #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-",
              conflicts_with_all = ["chart", "technique"])]
        map: Option<PathBuf>,
        /// Write how to work ZONE (its id or the start of one) to FILE as SVG (- for standard
        /// output): the runner on the tool, the contact and the way to move, start and end
        #[arg(long, num_args = 2, value_names = ["ZONE", "FILE"], conflicts_with = "chart")]
        technique: Option<Vec<String>>,
        /// With --technique: the side [default: right; both for an unsided zone]
        #[arg(long, requires = "technique", value_parser = commands::named::<fascia_core::vocab::Side>())]
        side: Option<fascia_core::vocab::Side>,
        /// With --technique: a tool you own (repeat for several; hands always count): the zone is
        /// drawn with the first of its tools you own [default: every tool]
        #[arg(long, requires = "technique", value_parser = commands::named::<fascia_core::zones::Tool>())]
        tool: Vec<fascia_core::zones::Tool>,
        /// With --technique: one moment of the movement, 0 (start) to 1 (end), instead of both
        #[arg(long, requires = "technique")]
        at: Option<f64>,
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
    if let Command::Zones {
        chart,
        map: None,
        technique,
        side,
        tool,
        at,
    } = &cli.command
    {
        return match technique.as_deref() {
            Some([zone, file]) => commands::technique(
                &commands::TechniqueRequest {
                    zone,
                    side: *side,
                    tools: tool,
                    at: *at,
                },
                std::path::Path::new(file),
            ),
            _ => commands::zones(cli.json, *chart),
        };
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
            warm_up,
            speed,
        } => {
            let which = match (bodywork, warm_up) {
                (true, _) => routine::Which::Bodywork,
                (_, true) => routine::Which::WarmUp,
                _ => routine::Which::Today,
            };
            routine::run(&ctx, minutes, which, speed)
        }
        Command::Today => commands::today(&ctx),
        Command::Zones {
            map: Some(file), ..
        } => commands::map(&ctx, &file),
        Command::Zones { chart, .. } => commands::zones(ctx.json, chart),
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
