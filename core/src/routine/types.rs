//! The routine's vocabulary: kinds, protocols, steps, requests, the routine as built, and why a
//! request was refused.

use serde::{Deserialize, Serialize};

use crate::keys;
pub use crate::vocab::Side;
use crate::vocab::{ErrorKind, Reason, ZoneId};
use crate::zones::{BudgetBounds, Catalog, HoldBounds, Tool, Zone};

/// Highest priority level (the soreness scale runs 0 to 10).
pub const MAX_PRIORITY: u8 = 10;

named_enum! {
    /// What a step asks the runner to do.
    pub enum StepKind {
        /// Get into position for the first zone.
        LeadIn,
        /// Slow, sustained pressure on one side of a zone.
        Hold,
        /// Turn to the other side of the same zone.
        SwitchSides,
        /// Move on to the next zone (in a warm-up: the next move) and get into position.
        Transition,
        /// A dynamic move of the warm-up, timed like a hold but without pressure
        /// (`Step::move_id` names it).
        Move,
    }
}

impl StepKind {
    /// The text key of the step's label.
    pub fn text_key(self) -> &'static str {
        match self {
            StepKind::LeadIn => keys::STEP_LEAD_IN,
            StepKind::Hold => keys::STEP_HOLD,
            StepKind::SwitchSides => keys::STEP_SWITCH_SIDES,
            StepKind::Transition => keys::STEP_TRANSITION,
            StepKind::Move => keys::STEP_MOVE,
        }
    }
}

/// One timed step of a routine.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Step {
    /// What to do.
    pub kind: StepKind,
    /// The zone the step belongs to (for lead-in, transition and switch: the zone being set up;
    /// in a warm-up, the zone its move loads most, where a stop for sharp pain is recorded).
    pub zone: ZoneId,
    /// The side the step works or prepares.
    pub side: Side,
    /// Planned length in seconds.
    pub seconds: u32,
    /// In a warm-up, the move the step does or sets up (`warmup::Move::id`); none in a release
    /// routine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub move_id: Option<String>,
}

named_enum! {
    /// The rules a routine follows: budget bounds and hold bounds.
    pub enum Protocol {
        /// Daily self-myofascial release: under 12 minutes, self-care holds.
        Daily,
        /// The 45-minute bodywork session: 2 to 5 minutes of pressure per zone and side.
        Bodywork,
    }
}

impl Protocol {
    /// The budget bounds of this protocol in the zone content.
    pub(crate) fn budget(self, catalog: &Catalog) -> BudgetBounds {
        match self {
            Protocol::Daily => catalog.timing().daily,
            Protocol::Bodywork => catalog.timing().bodywork,
        }
    }

    /// A zone's hold bounds under this protocol.
    pub fn hold(self, zone: &Zone) -> HoldBounds {
        match self {
            Protocol::Daily => zone.self_care,
            Protocol::Bodywork => zone.bodywork,
        }
    }
}

/// A zone the runner put in a custom routine, with an optional hold in seconds per side.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CustomZone {
    /// The zone's id in the zone map (`calves`), as in `zones.json`. Each zone at most once.
    pub zone: ZoneId,
    /// Seconds per side; the protocol's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_s: Option<u32>,
}

/// Which routine to build.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "kebab-case", tag = "type", try_from = "KindFields")]
pub enum RoutineKind {
    /// The daily routine, picked and timed by the builder.
    Daily,
    /// The 45-minute bodywork session, picked and timed by the builder.
    Bodywork,
    /// The runner's own zones in the runner's own order, checked against a protocol's rules.
    Custom {
        /// The rules the routine follows.
        protocol: Protocol,
        /// Zones in the order the runner wants them.
        zones: Vec<CustomZone>,
    },
    /// The dynamic warm-up before a run (`warmup`): its moves, no pressure.
    WarmUp,
}

/// How a routine kind is read (`{"type": "custom", "protocol": …, "zones": […]}`): flat fields
/// rather than serde's internally tagged enum, which buffers its input and compiles a second set
/// of deserialisers into the mobile library.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindFields {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    protocol: Option<Protocol>,
    #[serde(default)]
    zones: Option<Vec<CustomZone>>,
}

impl TryFrom<KindFields> for RoutineKind {
    type Error = String;

    fn try_from(f: KindFields) -> Result<RoutineKind, String> {
        match (f.kind.as_str(), f.protocol, f.zones) {
            ("daily", None, None) => Ok(RoutineKind::Daily),
            ("bodywork", None, None) => Ok(RoutineKind::Bodywork),
            ("warm-up", None, None) => Ok(RoutineKind::WarmUp),
            ("custom", Some(protocol), Some(zones)) => Ok(RoutineKind::Custom { protocol, zones }),
            ("custom", _, _) => Err("a custom routine needs `protocol` and `zones`".into()),
            ("daily" | "bodywork" | "warm-up", _, _) => Err(format!(
                "a {} routine takes no `protocol` or `zones`",
                f.kind
            )),
            (other, _, _) => Err(format!(
                "unknown routine type {other:?}: daily, bodywork, custom or warm-up"
            )),
        }
    }
}

impl RoutineKind {
    /// The kind's name: `daily`, `bodywork`, `custom` or `warm-up`.
    pub fn name(&self) -> &'static str {
        match self {
            RoutineKind::Daily => "daily",
            RoutineKind::Bodywork => "bodywork",
            RoutineKind::Custom { .. } => "custom",
            RoutineKind::WarmUp => "warm-up",
        }
    }

    /// The rules this kind follows. The warm-up puts no pressure on any zone; it follows the
    /// daily routine's day (allowed on race morning, light around a race).
    pub fn protocol(&self) -> Protocol {
        match self {
            RoutineKind::Daily | RoutineKind::WarmUp => Protocol::Daily,
            RoutineKind::Bodywork => Protocol::Bodywork,
            RoutineKind::Custom { protocol, .. } => *protocol,
        }
    }

    /// Whether this is the dynamic warm-up.
    pub fn is_warm_up(&self) -> bool {
        *self == RoutineKind::WarmUp
    }
}

/// How much a zone needs attention today (0 = upkeep only, 10 = most), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ZonePriority {
    /// The zone's id in the zone map (`calves`), as in `zones.json`. Each zone at most once.
    pub zone: ZoneId,
    /// 0 (upkeep only) to 10 ([`MAX_PRIORITY`]); above that is refused.
    pub level: u8,
    /// The side that needs it: left or right when only that side does (it is worked first and
    /// gets the extra time), `both` otherwise.
    #[serde(default = "side_both", skip_serializing_if = "Side::is_both")]
    pub side: Side,
    /// Why, shown to the runner.
    pub reason: Reason,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

fn side_both() -> Side {
    Side::Both
}

impl Side {
    /// Whether this is [`Side::Both`].
    pub fn is_both(&self) -> bool {
        *self == Side::Both
    }

    /// The other side of a sided zone (`Both` stays `Both`).
    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
            Side::Both => Side::Both,
        }
    }
}

/// Everything the builder needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoutineRequest {
    /// Daily, bodywork or custom: whose budget and hold bounds apply, and who picks the zones.
    pub kind: RoutineKind,
    /// Time budget in seconds, a hard cap including every lead-in, switch and transition; the
    /// protocol's default when absent.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub budget_s: Option<u32>,
    /// Zones that need more attention.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub priorities: Vec<ZonePriority>,
    /// Tools the runner owns (hands are always counted); every tool when absent.
    #[serde(default = "all_tools")]
    pub tools: Vec<Tool>,
    /// Zones the runner never wants in a routine.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub excluded: Vec<ZoneId>,
    /// Zones, or one side of a sided zone, that get no pressure today (`safety::Rules`): left
    /// out, saying they rest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub rest: Vec<RestZone>,
    /// Zones held at most at their usual hold today, whatever their priority (`safety::Rules`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub capped: Vec<ZoneId>,
    /// Light pressure only (around a race): every hold at its zone's minimum, no extra time for
    /// soreness and no spare time shared out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub light: bool,
}

fn all_tools() -> Vec<Tool> {
    <Tool as strum::VariantArray>::VARIANTS.to_vec()
}

impl RoutineRequest {
    /// A request for `kind` with the default budget, no priorities, every tool and no exclusions.
    pub fn new(kind: RoutineKind) -> RoutineRequest {
        RoutineRequest {
            kind,
            budget_s: None,
            priorities: Vec::new(),
            tools: all_tools(),
            excluded: Vec::new(),
            rest: Vec::new(),
            capped: Vec::new(),
            light: false,
        }
    }
}

/// A zone, or one side of it, that gets no pressure today, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RestZone {
    /// The zone's id in the zone map (`calves`), as in `zones.json`.
    pub zone: ZoneId,
    /// The side that rests; `both` for the whole zone.
    pub side: Side,
    /// [`Omission::Rest`] or [`Omission::NextToRest`].
    pub why: Omission,
}

/// A zone in a built routine.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoutineZone {
    /// The zone's id in the zone map (`calves`), as in `zones.json`.
    pub zone: ZoneId,
    /// Hold in seconds; for a sided zone, on the side worked first.
    pub hold_s: u32,
    /// Whether both sides are worked.
    pub sided: bool,
    /// A sided zone's first side when only that side is sore (it gets the extra time); `both`
    /// otherwise, and the zone starts on the left.
    #[serde(default = "side_both", skip_serializing_if = "Side::is_both")]
    pub side: Side,
    /// Hold on the second side of a sided zone, seconds, when it differs from `hold_s` (only one
    /// side sore).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_hold_s: Option<u32>,
    /// Why the zone is in the routine.
    pub reason: Reason,
    /// How hard to press today, on the 0–10 scale of the zone's pressure chart (lighter than
    /// usual around a race); 0 in a routine stored before it was recorded.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pressure: u8,
}

impl RoutineZone {
    /// Seconds on the second side (a sided zone).
    pub fn other_s(&self) -> u32 {
        self.other_hold_s.unwrap_or(self.hold_s)
    }

    /// The sides in the order they are worked, each with its hold. A sided zone worked on one
    /// side only (the other rests) is not `sided` and names that side.
    pub fn holds(&self) -> Vec<(Side, u32)> {
        match (self.sided, self.side) {
            (false, side) => vec![(side, self.hold_s)],
            (true, Side::Right) => vec![(Side::Right, self.hold_s), (Side::Left, self.other_s())],
            (true, _) => vec![(Side::Left, self.hold_s), (Side::Right, self.other_s())],
        }
    }
}

named_enum! {
    /// Why a zone was left out.
    pub enum Omission {
        /// The runner excluded it.
        Excluded,
        /// It needs a tool the runner does not own.
        NoTool,
        /// It did not fit the time budget.
        NoTime,
        /// Too sore today for pressure (see `safety::REST_AT`): it rests.
        Rest,
        /// Next to a zone that rests, on the same side: it rests too.
        NextToRest,
        /// A warm-up move loading a zone with a see-a-professional flag standing: left out until
        /// a professional has seen it (the release routines hold such a zone at its usual hold
        /// instead).
        SeeProfessional,
    }
}

impl Omission {
    /// The text key explaining the omission.
    pub fn text_key(self) -> &'static str {
        match self {
            Omission::Excluded => keys::OMITTED_EXCLUDED,
            Omission::NoTool => keys::OMITTED_NO_TOOL,
            Omission::Rest => keys::OMITTED_REST,
            Omission::NextToRest => keys::OMITTED_NEXT_TO_REST,
            Omission::NoTime => keys::OMITTED_NO_TIME,
            // Only a warm-up move is left out for it.
            Omission::SeeProfessional => keys::OMITTED_MOVE_SEE_PROFESSIONAL,
        }
    }

    /// The text key explaining why a warm-up move was left out; its `{zone}` is the zone it
    /// loads that rests.
    pub fn move_text_key(self) -> &'static str {
        match self {
            Omission::SeeProfessional => keys::OMITTED_MOVE_SEE_PROFESSIONAL,
            _ => keys::OMITTED_MOVE_REST,
        }
    }
}

/// A zone left out of a routine, and why.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OmittedZone {
    /// The zone's id in the zone map (`calves`), as in `zones.json`.
    pub zone: ZoneId,
    /// The side left out; `both` for the whole zone.
    #[serde(default = "side_both", skip_serializing_if = "Side::is_both")]
    pub side: Side,
    /// Why it was left out; [`OmittedZone::text_key`] gives the words.
    pub why: Omission,
    /// In a warm-up, the move left out (`zone` is the zone it loads that rests); none in a
    /// release routine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub move_id: Option<String>,
}

impl OmittedZone {
    /// The text key explaining the omission: [`Omission::text_key`] for a zone, the warm-up's
    /// words (naming the resting zone as `{zone}`) for a move.
    pub fn text_key(&self) -> &'static str {
        match self.move_id {
            None => self.why.text_key(),
            Some(_) => self.why.move_text_key(),
        }
    }
}

/// A built routine: the zones, why each is there, and the timed steps.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Routine {
    /// What was asked for.
    pub kind: RoutineKind,
    /// Version of the zone content it was built from.
    pub content_version: u32,
    /// The budget it had to fit, seconds.
    pub budget_s: u32,
    /// Sum of all step lengths, seconds; never more than the budget.
    pub total_s: u32,
    /// Included zones in the order they are worked.
    pub zones: Vec<RoutineZone>,
    /// Zones left out, in chain order.
    pub omitted: Vec<OmittedZone>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// Why a routine could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutineError {
    /// The budget is outside what the protocol allows.
    #[error("budget of {budget_s} s is outside the {protocol:?} range of {min_s}–{max_s} s")]
    BudgetOutOfRange {
        /// Protocol the budget applies to.
        protocol: Protocol,
        /// Budget asked for.
        budget_s: u32,
        /// The protocol's smallest budget, seconds (`timing` in `zones.json`).
        min_s: u32,
        /// The protocol's largest budget, seconds.
        max_s: u32,
    },
    /// Not even one zone at its shortest hold fits the budget.
    #[error("budget of {budget_s} s is too small for any zone: the shortest possible routine needs {needed_s} s")]
    BudgetTooSmall {
        /// Budget asked for.
        budget_s: u32,
        /// Length of the shortest possible routine.
        needed_s: u32,
    },
    /// A zone id is not in the zone map.
    #[error("unknown zone {zone:?} in {field}")]
    UnknownZone {
        /// The id given.
        zone: ZoneId,
        /// Where it was given.
        field: String,
    },
    /// The same zone is listed twice.
    #[error("zone {zone:?} is listed twice in {field}")]
    DuplicateZone {
        /// The zone listed twice.
        zone: ZoneId,
        /// The list it is repeated in: `priorities` or `custom zones`.
        field: String,
    },
    /// A priority level above 10.
    #[error("priority {level} for zone {zone:?} is above the maximum of 10")]
    PriorityOutOfRange {
        /// The zone the priority is for.
        zone: ZoneId,
        /// The level asked for (above [`MAX_PRIORITY`]).
        level: u8,
    },
    /// A reason names a text key that has no text.
    #[error("reason text key {key:?} does not exist")]
    UnknownTextKey {
        /// The key a priority's reason names.
        key: String,
    },
    /// Every zone is excluded or needs a tool the runner does not own.
    #[error("no zone is available: every zone is excluded or needs a tool you don't own")]
    NoZonesAvailable,
    /// A custom routine lists no zone.
    #[error("a custom routine needs at least one zone")]
    EmptyCustom,
    /// Every zone of a custom routine (every move of the warm-up) rests today.
    #[error(
        "every zone of this routine rests today: too sore for pressure, or next to a zone that is"
    )]
    EveryZoneRests,
    /// The embedded warm-up content does not load (a bug in this build).
    #[error("the warm-up content is broken: {0}")]
    Content(crate::zones::ContentError),
    /// A custom routine lists a zone the runner excluded.
    #[error("zone {zone:?} is excluded in your settings; remove it from the routine or include it again")]
    ZoneExcluded {
        /// The excluded zone's id.
        zone: ZoneId,
    },
    /// A custom routine lists a zone the runner has no tool for.
    #[error("zone {zone:?} needs one of: {needs}")]
    NoTool {
        /// The zone none of the runner's tools can work.
        zone: ZoneId,
        /// Tools that would work, comma separated.
        needs: String,
    },
    /// A custom hold outside the zone's bounds.
    #[error("hold of {hold_s} s for zone {zone:?} is outside its {min_s}–{max_s} s range")]
    HoldOutOfRange {
        /// The zone the hold is for.
        zone: ZoneId,
        /// Hold asked for.
        hold_s: u32,
        /// The zone's shortest hold under the routine's protocol, seconds.
        min_s: u32,
        /// The zone's longest hold under the routine's protocol, seconds.
        max_s: u32,
    },
    /// A custom routine is longer than its budget.
    #[error("this routine needs {needed_s} s but the budget is {budget_s} s; shorten holds or drop a zone")]
    OverBudget {
        /// Length of the routine as asked.
        needed_s: u32,
        /// The budget it must fit, seconds.
        budget_s: u32,
    },
}

impl RoutineError {
    /// What kind of failure this is: a request that is wrong in itself is bad input; one the
    /// runner's settings or tools rule out is a conflict.
    pub fn kind(&self) -> ErrorKind {
        match self {
            RoutineError::NoZonesAvailable
            | RoutineError::EveryZoneRests
            | RoutineError::ZoneExcluded { .. }
            | RoutineError::NoTool { .. } => ErrorKind::Conflict,
            RoutineError::Content(_) => ErrorKind::Internal,
            _ => ErrorKind::BadInput,
        }
    }

    /// The request field that was refused, for bad input.
    pub fn field(&self) -> Option<&str> {
        match self {
            RoutineError::BudgetOutOfRange { .. }
            | RoutineError::BudgetTooSmall { .. }
            | RoutineError::OverBudget { .. } => Some("budget_s"),
            RoutineError::UnknownZone { field, .. } | RoutineError::DuplicateZone { field, .. } => {
                Some(field)
            }
            RoutineError::PriorityOutOfRange { .. } => Some("priorities"),
            RoutineError::UnknownTextKey { .. } => Some("reason"),
            RoutineError::HoldOutOfRange { .. } => Some("hold_s"),
            RoutineError::EmptyCustom => Some("zones"),
            RoutineError::NoZonesAvailable
            | RoutineError::EveryZoneRests
            | RoutineError::ZoneExcluded { .. }
            | RoutineError::NoTool { .. }
            | RoutineError::Content(_) => None,
        }
    }
}
