//! What went wrong, in the runner's words, and the exit code that says so: the one place a core
//! error becomes a message (naming the option and the journal as clap read them) and a code.

use std::path::PathBuf;

use fascia_core::{Error, ErrorKind, StorageProblem};

use crate::{commands, default_db, Cli, Command};

/// What each exit code means, as `fascia --help` ends. README.md and docs/architecture.md say
/// the same; [`exit_code`] and [`crate::main`] are what they describe.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  Done; also when whoever reads the output stops early (fascia reminders | head).
  2  Refused: a command line that does not parse, a value out of range or unknown, an id
     that names no record, a routine not possible now (every zone resting, the bodywork
     session on race morning), or a file named on the command line that cannot be read
     (import) or written (zones --map). A value that can be checked on its own is refused
     before anything is opened: nothing is created or written, not even a backup. A refusal
     that needs the journal (an id, a setting checked against another one, a routine) comes
     after it was opened: the refused change is not made, but the day's backup may have
     been taken, and `settings set` may have created a journal that was not there.
  1  Anything else: a damaged or foreign journal, one from a newer fascia, a full disk, a
     read-only or busy journal, output that cannot be written, a bug.";

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
pub fn exit_code(kind: ErrorKind) -> u8 {
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
    pub fn of(cli: &Cli) -> Typed {
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
    pub fn message(&self, e: &Error) -> String {
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
