//! `fascia`, the terminal companion: today's guided routine and the whole journal from a desktop,
//! on the same core as the phone apps. Exit codes: 0 success, 2 bad input (nothing written),
//! 1 anything else.

mod commands;
mod routine;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use clap::{Parser, Subcommand};
use fascia_core::{time, Error, ErrorKind, Journal};

/// Fascia: fascia self-care for runners, offline.
#[derive(Debug, Parser)]
#[command(name = "fascia", version, about, long_about = None)]
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
        /// Time budget in minutes (5-20) [default: your setting]
        #[arg(long)]
        minutes: Option<u32>,
        /// Run N times faster (demonstrations)
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
    },
    /// Today's routine with reasons, streak, next reminder and the 7-day calendar
    Today,
    /// The zone map with cues and cautions
    Zones,
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
    /// Bodywork appointments
    #[command(subcommand)]
    Bodywork(commands::BodyworkCommand),
    /// The season plan
    Plan {
        /// How many weeks ahead to show
        #[arg(long, default_value_t = 26)]
        weeks: u32,
    },
    /// Exactly what a phone would schedule, with local times
    Reminders {
        /// Days ahead
        #[arg(long, default_value_t = 14)]
        days: u32,
        /// At most this many (64 is the iOS cap)
        #[arg(long, default_value_t = 64)]
        limit: usize,
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
    /// Daily backups
    #[command(subcommand)]
    Backup(commands::BackupCommand),
    /// Show or change settings
    #[command(subcommand)]
    Settings(commands::SettingsCommand),
}

/// What went wrong, and which exit code says so.
#[derive(Debug)]
pub enum Failure {
    /// Bad input: exit 2, nothing written.
    Input(String),
    /// Anything else: exit 1.
    Other(String),
}

impl Failure {
    /// A bad-input failure.
    pub fn input(message: impl Into<String>) -> Failure {
        Failure::Input(message.into())
    }
}

/// The exit code follows the core's one [`ErrorKind`], as the FFI's error does.
impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let message = e.to_string();
        match e.kind() {
            ErrorKind::BadInput | ErrorKind::NotFound | ErrorKind::Conflict => {
                Failure::Input(message)
            }
            ErrorKind::Damaged
            | ErrorKind::NewerVersion
            | ErrorKind::Storage
            | ErrorKind::Internal => Failure::Other(message),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Other(e.to_string())
    }
}

/// Everything a command needs: the journal (with the runner's zone) and the clock.
pub struct Ctx {
    /// The journal.
    pub journal: Journal,
    /// The runner's zone.
    pub tz: fascia_core::time::Tz,
    /// Now (pinned by `--now`, or the system clock at start).
    pub now: DateTime<Utc>,
    /// Whether `--now` pinned the clock.
    pub pinned: bool,
    /// Print JSON.
    pub json: bool,
    /// Escape codes allowed (a terminal, and no NO_COLOR).
    pub styled: bool,
}

impl Ctx {
    /// Prints `json` with `--json`, `human` otherwise.
    pub fn emit(&self, human: impl FnOnce() -> String, json: impl FnOnce() -> serde_json::Value) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&json()).unwrap_or_default()
            );
        } else {
            print!("{}", human());
        }
    }

    /// A local date given on the command line.
    pub fn date(&self, text: &str, what: &str) -> Result<NaiveDate, Failure> {
        text.parse().map_err(|_| {
            Failure::input(format!(
                "{what} must be a date like 2026-11-23, got {text:?}"
            ))
        })
    }

    /// An instant given on the command line: RFC 3339, a local `YYYY-MM-DDTHH:MM`, or a local
    /// date (read as `at_time` that day).
    pub fn instant(
        &self,
        text: &str,
        what: &str,
        at_time: NaiveTime,
    ) -> Result<DateTime<Utc>, Failure> {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(t.with_timezone(&Utc));
        }
        if let Ok(local) = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M") {
            return Ok(time::resolve(self.tz, local.date(), local.time()).instant);
        }
        if let Ok(date) = text.parse::<NaiveDate>() {
            return Ok(time::resolve(self.tz, date, at_time).instant);
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
            (t.with_timezone(&Utc), true)
        }
        None => (DateTime::<Utc>::from(std::time::SystemTime::now()), false),
    };
    let tz_name = match &cli.tz {
        Some(name) => name.clone(),
        None => iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".to_owned()),
    };
    let tz = time::zone(&tz_name).map_err(Error::from)?;
    let styled = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if let Command::Zones = cli.command {
        return commands::zones(cli.json);
    }
    let path = match cli.db {
        Some(p) => p,
        None => default_db()?,
    };
    let journal = Journal::open(&path, tz)?;
    // One backup a day, taken when the companion is used.
    journal.backup_if_due(now)?;
    let ctx = Ctx {
        journal,
        tz,
        now,
        pinned,
        json: cli.json,
        styled,
    };
    match cli.command {
        Command::Routine { minutes, speed } => routine::run(&ctx, minutes, speed),
        Command::Today => commands::today(&ctx),
        Command::Zones => commands::zones(ctx.json),
        Command::Run(c) => commands::run(&ctx, c),
        Command::Soreness(c) => commands::soreness(&ctx, c),
        Command::Downtime(c) => commands::downtime(&ctx, c),
        Command::Race(c) => commands::race(&ctx, c),
        Command::Bodywork(c) => commands::bodywork(&ctx, c),
        Command::Plan { weeks } => commands::plan(&ctx, weeks),
        Command::Reminders { days, limit } => commands::reminders(&ctx, days, limit),
        Command::Report => commands::report(&ctx),
        Command::Export { file, csv } => commands::export(&ctx, file, csv),
        Command::Import { file } => commands::import(&ctx, &file),
        Command::Backup(c) => commands::backup(&ctx, c),
        Command::Settings(c) => commands::settings(&ctx, c),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            eprintln!("fascia: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            eprintln!("fascia: {message}");
            ExitCode::from(1)
        }
    }
}
