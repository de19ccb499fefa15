//! `fascia settings …`: show every setting, or change one by the name it is shown with.

use std::fmt::Write;

use chrono::{NaiveTime, Weekday};
use clap::{Subcommand, ValueEnum};
use fascia_core::model::{Name, QuietHours, Settings, Units, WeeklyReport, METRES_PER_MILE};
use fascia_core::zones::Tool;
use strum::VariantArray;

use super::render::to_json;
use super::{catalog, checked, whole};
use crate::{Ctx, Failure};

/// The subcommands of `fascia settings` and their options (`fascia settings --help` lists them).
#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// List every setting with its value
    Show,
    /// Change one setting (see `fascia settings show`)
    Set {
        /// The setting to change, by the name `fascia settings show` gives it
        #[arg(value_enum)]
        key: SettingKey,
        /// The new value, e.g. 06:45, 22:00-07:00, off, foam-roller,ball, "Sun 18:00"
        value: String,
    },
}

/// `fascia settings …`: a new value is checked on its own before the journal is opened, then
/// against the other settings once they are read from it.
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
    let c = catalog()?;
    ctx.emit(
        || {
            let s = &settings;
            let tools: Vec<&str> = s.tools.iter().map(|t| t.name()).collect();
            let excluded: Vec<&str> = s.excluded_zones.iter().map(|z| z.as_str()).collect();
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
            if let Some(moved) = fascia_core::words::reminder_moved(c, s) {
                let _ = writeln!(out, "\n{moved}");
            }
            out
        },
        || to_json(&settings),
    )?;
    Ok(())
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
        SettingKey::ExcludedZones => {
            settings.excluded_zones = list(value).into_iter().map(Into::into).collect()
        }
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
