//! The JSON the journal keeps in a column (a session's routine, the settings), in formats the
//! store owns. The public records (which cross the FFI) are converted to and from these types, so
//! renaming a record's field can never change or break what is on the phone. Each blob carries
//! its format version in `v`; a blob without one was written before versioning and is format 1,
//! field for field. An enum value is kept by its one name (`model::Name`), which never changes
//! once shipped.
//!
//! Changing a format: add a `…V2` type and its conversion, write it, and keep reading `V1`.

use chrono::{NaiveTime, Weekday};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::StoreError;
use crate::model::{QuietHours, Reason, ReasonArg, Settings, Units, WeeklyReport};
use crate::routine::{
    CustomZone, Omission, OmittedZone, Protocol, Routine, RoutineKind, RoutineZone, Side, Step,
    StepKind,
};
use crate::vocab::ZoneId;
use crate::zones::Tool;

/// The newest blob format this build reads and the one it writes.
const FORMAT: u32 = 1;

fn format_1() -> u32 {
    1
}

/// Reads `text` as format `T` after checking its version.
fn decode<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    #[derive(Deserialize)]
    struct Version {
        #[serde(default = "format_1")]
        v: u32,
    }
    let found = serde_json::from_str::<Version>(text)?.v;
    if found > FORMAT {
        return Err(StoreError::IncompatibleVersion {
            found,
            supported: FORMAT,
        });
    }
    Ok(serde_json::from_str(text)?)
}

/// A stored routine, format 1.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutineV1 {
    #[serde(default = "format_1")]
    v: u32,
    kind: KindV1,
    content_version: u32,
    budget_s: u32,
    total_s: u32,
    zones: Vec<ZoneV1>,
    omitted: Vec<OmittedV1>,
    steps: Vec<StepV1>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type", try_from = "KindFieldsV1")]
enum KindV1 {
    Daily,
    Bodywork,
    Custom {
        protocol: Protocol,
        zones: Vec<CustomZoneV1>,
    },
    WarmUp,
}

/// [`KindV1`] as read: flat fields, not an internally tagged enum (which buffers its input and
/// compiles a second set of deserialisers into the mobile library).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindFieldsV1 {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    protocol: Option<Protocol>,
    #[serde(default)]
    zones: Option<Vec<CustomZoneV1>>,
}

impl TryFrom<KindFieldsV1> for KindV1 {
    type Error = String;

    fn try_from(f: KindFieldsV1) -> Result<KindV1, String> {
        match (f.kind.as_str(), f.protocol, f.zones) {
            ("daily", None, None) => Ok(KindV1::Daily),
            ("bodywork", None, None) => Ok(KindV1::Bodywork),
            ("warm-up", None, None) => Ok(KindV1::WarmUp),
            ("custom", Some(protocol), Some(zones)) => Ok(KindV1::Custom { protocol, zones }),
            (other, _, _) => Err(format!("stored routine kind {other:?} is not valid")),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomZoneV1 {
    zone: ZoneId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hold_s: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoneV1 {
    zone: ZoneId,
    hold_s: u32,
    sided: bool,
    /// Only when one side is sore (routines stored before sides mattered have neither).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    side: Option<Side>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    other_hold_s: Option<u32>,
    reason: ReasonV1,
    /// The day's pressure (routines stored before it was recorded have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pressure: Option<u8>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonV1 {
    key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    args: Vec<ArgV1>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArgV1 {
    name: String,
    value: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OmittedV1 {
    zone: ZoneId,
    /// Only when one side of the zone is left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    side: Option<Side>,
    why: Omission,
    /// Only in a warm-up: the move left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    move_id: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepV1 {
    kind: StepKind,
    zone: ZoneId,
    side: Side,
    seconds: u32,
    /// Only in a warm-up: the move the step does or sets up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    move_id: Option<String>,
}

impl From<&Reason> for ReasonV1 {
    fn from(r: &Reason) -> ReasonV1 {
        ReasonV1 {
            key: r.key.clone(),
            args: r
                .args
                .iter()
                .map(|a| ArgV1 {
                    name: a.name.clone(),
                    value: a.value.clone(),
                })
                .collect(),
        }
    }
}

impl From<ReasonV1> for Reason {
    fn from(r: ReasonV1) -> Reason {
        Reason {
            key: r.key,
            args: r
                .args
                .into_iter()
                .map(|a| ReasonArg {
                    name: a.name,
                    value: a.value,
                })
                .collect(),
        }
    }
}

impl From<&Routine> for RoutineV1 {
    fn from(r: &Routine) -> RoutineV1 {
        RoutineV1 {
            v: FORMAT,
            kind: match &r.kind {
                RoutineKind::Daily => KindV1::Daily,
                RoutineKind::Bodywork => KindV1::Bodywork,
                RoutineKind::Custom { protocol, zones } => KindV1::Custom {
                    protocol: *protocol,
                    zones: zones
                        .iter()
                        .map(|z| CustomZoneV1 {
                            zone: z.zone.clone(),
                            hold_s: z.hold_s,
                        })
                        .collect(),
                },
                RoutineKind::WarmUp => KindV1::WarmUp,
            },
            content_version: r.content_version,
            budget_s: r.budget_s,
            total_s: r.total_s,
            zones: r
                .zones
                .iter()
                .map(|z| ZoneV1 {
                    zone: z.zone.clone(),
                    hold_s: z.hold_s,
                    sided: z.sided,
                    side: (!z.side.is_both()).then_some(z.side),
                    other_hold_s: z.other_hold_s,
                    reason: (&z.reason).into(),
                    pressure: (z.pressure > 0).then_some(z.pressure),
                })
                .collect(),
            omitted: r
                .omitted
                .iter()
                .map(|o| OmittedV1 {
                    zone: o.zone.clone(),
                    side: (!o.side.is_both()).then_some(o.side),
                    why: o.why,
                    move_id: o.move_id.clone(),
                })
                .collect(),
            steps: r
                .steps
                .iter()
                .map(|s| StepV1 {
                    kind: s.kind,
                    zone: s.zone.clone(),
                    side: s.side,
                    seconds: s.seconds,
                    move_id: s.move_id.clone(),
                })
                .collect(),
        }
    }
}

impl From<RoutineV1> for Routine {
    fn from(r: RoutineV1) -> Routine {
        Routine {
            kind: match r.kind {
                KindV1::Daily => RoutineKind::Daily,
                KindV1::Bodywork => RoutineKind::Bodywork,
                KindV1::Custom { protocol, zones } => RoutineKind::Custom {
                    protocol,
                    zones: zones
                        .into_iter()
                        .map(|z| CustomZone {
                            zone: z.zone,
                            hold_s: z.hold_s,
                        })
                        .collect(),
                },
                KindV1::WarmUp => RoutineKind::WarmUp,
            },
            content_version: r.content_version,
            budget_s: r.budget_s,
            total_s: r.total_s,
            zones: r
                .zones
                .into_iter()
                .map(|z| RoutineZone {
                    side: z.side.unwrap_or(Side::Both),
                    other_hold_s: z.other_hold_s,
                    zone: z.zone,
                    hold_s: z.hold_s,
                    sided: z.sided,
                    reason: z.reason.into(),
                    pressure: z.pressure.unwrap_or(0),
                })
                .collect(),
            omitted: r
                .omitted
                .into_iter()
                .map(|o| OmittedZone {
                    zone: o.zone,
                    side: o.side.unwrap_or(Side::Both),
                    why: o.why,
                    move_id: o.move_id,
                })
                .collect(),
            steps: r
                .steps
                .into_iter()
                .map(|s| Step {
                    kind: s.kind,
                    zone: s.zone,
                    side: s.side,
                    seconds: s.seconds,
                    move_id: s.move_id,
                })
                .collect(),
        }
    }
}

/// A routine as the journal stores it.
pub(crate) fn routine_json(routine: &Routine) -> Result<String, StoreError> {
    Ok(serde_json::to_string(&RoutineV1::from(routine))?)
}

/// A routine from a stored blob; a `v` newer than this build reads is `IncompatibleVersion`.
pub(crate) fn routine(text: &str) -> Result<Routine, StoreError> {
    decode::<RoutineV1>(text).map(Routine::from)
}

/// Stored settings, format 1. A field missing from the blob takes its default, so settings
/// stored before a field existed keep working.
#[derive(Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SettingsV1 {
    v: u32,
    reminder_time: NaiveTime,
    quiet_hours: Option<QuietV1>,
    units: Units,
    daily_minutes: u32,
    tools: Vec<Tool>,
    excluded_zones: Vec<ZoneId>,
    long_run_threshold_m: u32,
    kickoff_weeks: u32,
    peak_from_weeks: u32,
    peak_to_weeks: u32,
    bodywork_per_month: u32,
    taper_days: u32,
    soreness_prompt_hours: u32,
    weekly_report: Option<WeeklyV1>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuietV1 {
    start: NaiveTime,
    end: NaiveTime,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeeklyV1 {
    weekday: Weekday,
    time: NaiveTime,
}

impl Default for SettingsV1 {
    fn default() -> SettingsV1 {
        SettingsV1::from(&Settings::default())
    }
}

impl From<&Settings> for SettingsV1 {
    fn from(s: &Settings) -> SettingsV1 {
        SettingsV1 {
            v: FORMAT,
            reminder_time: s.reminder_time,
            quiet_hours: s.quiet_hours.map(|q| QuietV1 {
                start: q.start,
                end: q.end,
            }),
            units: s.units,
            daily_minutes: s.daily_minutes,
            tools: s.tools.clone(),
            excluded_zones: s.excluded_zones.clone(),
            long_run_threshold_m: s.long_run_threshold_m,
            kickoff_weeks: s.kickoff_weeks,
            peak_from_weeks: s.peak_from_weeks,
            peak_to_weeks: s.peak_to_weeks,
            bodywork_per_month: s.bodywork_per_month,
            taper_days: s.taper_days,
            soreness_prompt_hours: s.soreness_prompt_hours,
            weekly_report: s.weekly_report.map(|w| WeeklyV1 {
                weekday: w.weekday,
                time: w.time,
            }),
        }
    }
}

impl From<SettingsV1> for Settings {
    fn from(s: SettingsV1) -> Settings {
        Settings {
            reminder_time: s.reminder_time,
            quiet_hours: s.quiet_hours.map(|q| QuietHours {
                start: q.start,
                end: q.end,
            }),
            units: s.units,
            daily_minutes: s.daily_minutes,
            tools: s.tools,
            excluded_zones: s.excluded_zones,
            long_run_threshold_m: s.long_run_threshold_m,
            kickoff_weeks: s.kickoff_weeks,
            peak_from_weeks: s.peak_from_weeks,
            peak_to_weeks: s.peak_to_weeks,
            bodywork_per_month: s.bodywork_per_month,
            taper_days: s.taper_days,
            soreness_prompt_hours: s.soreness_prompt_hours,
            weekly_report: s.weekly_report.map(|w| WeeklyReport {
                weekday: w.weekday,
                time: w.time,
            }),
        }
    }
}

/// Settings as the journal stores them.
pub(crate) fn settings_json(settings: &Settings) -> Result<String, StoreError> {
    Ok(serde_json::to_string(&SettingsV1::from(settings))?)
}

/// Settings from a stored blob; a `v` newer than this build reads is `IncompatibleVersion`.
pub(crate) fn settings(text: &str) -> Result<Settings, StoreError> {
    decode::<SettingsV1>(text).map(Settings::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{build, RoutineRequest};
    use crate::zones::Catalog;

    /// What the release before versioning stored: the public records' serde form, no `v`.
    #[test]
    fn unversioned_blobs_read_as_format_1_and_round_trip() {
        let catalog = Catalog::embedded().expect("catalog");
        for kind in [
            RoutineKind::Daily,
            RoutineKind::Bodywork,
            RoutineKind::Custom {
                protocol: Protocol::Daily,
                zones: vec![CustomZone {
                    zone: "calves".into(),
                    hold_s: Some(60),
                }],
            },
            RoutineKind::WarmUp,
        ] {
            let r = build(catalog, &RoutineRequest::new(kind)).expect("routine");
            let old = serde_json::to_string(&r).expect("old form");
            assert_eq!(routine(&old).expect("reads"), r);
            assert_eq!(routine(&routine_json(&r).expect("json")).expect("reads"), r);
        }
        let s = Settings {
            daily_minutes: 9,
            weekly_report: None,
            ..Settings::default()
        };
        let old = serde_json::to_string(&s).expect("old form");
        assert_eq!(settings(&old).expect("reads"), s);
        assert_eq!(
            settings(&settings_json(&s).expect("json")).expect("reads"),
            s
        );
        assert_eq!(settings("{}").expect("defaults"), Settings::default());
    }

    #[test]
    fn a_newer_blob_is_refused_with_its_version() {
        let newer = r#"{"v": 2, "daily_minutes": 10}"#;
        assert!(matches!(
            settings(newer),
            Err(StoreError::IncompatibleVersion {
                found: 2,
                supported: 1
            })
        ));
    }

    #[test]
    fn blobs_carry_their_version() {
        let json = settings_json(&Settings::default()).expect("json");
        assert!(json.starts_with(r#"{"v":1,"#), "{json}");
    }
}
