//! Every command but the guided routine, one file per command group as `fascia --help` lists
//! them: each reads or writes through the core and prints text or JSON. What several groups share
//! is here (the distance options, checks made before anything is opened); the renderers they share
//! are in [`render`].

mod backup;
mod bodywork;
mod downtime;
mod import_export;
mod plan;
mod race;
mod reminders;
mod render;
mod report;
mod run;
mod run_import;
mod settings;
mod soreness;
mod today;
mod zones;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use fascia_core::model::{Name, Units, METRES_PER_MILE};
use fascia_core::zones::Catalog;
use strum::VariantArray;

use crate::Failure;

pub use backup::{backup, BackupCommand};
pub use bodywork::{bodywork, BodyworkCommand};
pub use downtime::{downtime, DowntimeCommand};
pub use import_export::{export, import};
pub use plan::plan;
pub use race::{race, RaceCommand};
pub use reminders::reminders;
pub use report::report;
pub use run::{run, RunCommand};
pub use settings::{settings, SettingKey, SettingsCommand};
pub use soreness::{soreness, SorenessCommand};
pub use today::today;
pub use zones::{map, technique, zones, TechniqueRequest};

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

    /// Whether the distance was given in miles: a refusal then names `--distance-mi`.
    pub fn in_miles(&self) -> bool {
        self.distance_mi.is_some()
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

/// A parser for a core enum by its one name (`easy`, `long`, `A`…), listed in `--help`; any
/// other value is refused before anything is opened (exit 2).
pub fn named<T>() -> impl TypedValueParser<Value = T>
where
    T: VariantArray + Name + std::str::FromStr + Clone + Send + Sync + 'static,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    PossibleValuesParser::new(T::VARIANTS.iter().map(|v| v.name())).try_map(|s| s.parse::<T>())
}

/// A check the core makes before it writes, made here before anything is opened: bad input
/// never creates or changes a file.
fn checked(result: Result<(), fascia_core::Invalid>) -> Result<(), Failure> {
    result.map_err(|e| Failure::from(fascia_core::Error::from(e)))
}

fn catalog() -> Result<&'static Catalog, Failure> {
    Catalog::embedded().map_err(|e| Failure::Other(e.to_string()))
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
