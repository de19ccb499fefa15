//! What the journal holds and the screens show, apart from how it is stored: the records (runs,
//! soreness, downtime, races, bodywork, sessions, settings, reminder deliveries, backups), the
//! export document, and the text the runner reads. Planners and frontends import these; only
//! `store` knows about tables.

mod export;
mod imports;
pub use crate::instant;
mod records;
mod text;

pub use crate::vocab::{Name, Reason, ReasonArg};
pub use export::{
    DeletedKind, Deletion, Export, ImportSummary, StoredSettings, EXPORT_FORMAT, EXPORT_VERSION,
    MAX_EXPORT_BYTES,
};
pub use imports::{HealthRun, RefusedFile, RunFile, RunImportSummary, MAX_RUN_FILE_BYTES};
pub use records::*;
pub use text::LocalizedText;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insights::{Metric, Trend};
    use crate::reminders::HealthWarning;
    use crate::routine::{Omission, Protocol, Side, StepKind};
    use crate::timer::{CueKind, Event, Status};
    use crate::zones::{Region, Tool};
    use serde::Serialize;
    use strum::VariantArray;

    fn same_names<
        T: Name + Serialize + VariantArray + std::str::FromStr + PartialEq + std::fmt::Debug,
    >() {
        for v in T::VARIANTS {
            let serde = serde_json::to_value(v).expect("serialises");
            assert_eq!(serde, serde_json::Value::from(v.name()), "{v:?}");
            assert_eq!(v.name().parse::<T>().ok().as_ref(), Some(v));
        }
    }

    #[test]
    fn every_enum_has_one_name_in_serde_and_strum() {
        same_names::<Side>();
        same_names::<StepKind>();
        same_names::<Protocol>();
        same_names::<Omission>();
        same_names::<Event>();
        same_names::<Status>();
        same_names::<CueKind>();
        same_names::<Region>();
        same_names::<Tool>();
        same_names::<ReminderKind>();
        same_names::<Trend>();
        same_names::<Metric>();
        same_names::<BackupKind>();
        same_names::<RunKind>();
        same_names::<RunSource>();
        same_names::<RacePriority>();
        same_names::<SessionStatus>();
        same_names::<Units>();
        same_names::<HealthWarning>();
        same_names::<DeletedKind>();
        same_names::<RecordKind>();
        same_names::<crate::insights::RecoveryAfter>();
    }
}
