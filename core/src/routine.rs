//! The routine builder: a pure function from what the runner has, wants and feels to an ordered
//! list of timed steps.
//!
//! The allocation rule is written out in `docs/routine-builder.md`; in short, zones are ranked
//! (sore first, then by maintenance rank), taken at their target hold or the longest hold down to
//! their minimum that still fits the budget, spare time is shared out in whole hold steps, and the
//! chosen zones run in chain order, foot to back. Every included zone carries why it was chosen and
//! every left-out zone why it was left out.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::keys;
pub use crate::vocab::Side;
use crate::vocab::{ErrorKind, Name, Reason};
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
        /// Move on to the next zone and get into position.
        Transition,
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
        }
    }
}

/// One timed step of a routine.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Step {
    /// What to do.
    pub kind: StepKind,
    /// The zone the step belongs to (for lead-in, transition and switch: the zone being set up).
    pub zone: String,
    /// The side the step works or prepares.
    pub side: Side,
    /// Planned length in seconds.
    pub seconds: u32,
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
    fn budget(self, catalog: &Catalog) -> BudgetBounds {
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
    pub zone: String,
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
            ("custom", Some(protocol), Some(zones)) => Ok(RoutineKind::Custom { protocol, zones }),
            ("custom", _, _) => Err("a custom routine needs `protocol` and `zones`".into()),
            ("daily" | "bodywork", _, _) => Err(format!(
                "a {} routine takes no `protocol` or `zones`",
                f.kind
            )),
            (other, _, _) => Err(format!(
                "unknown routine type {other:?}: daily, bodywork or custom"
            )),
        }
    }
}

impl RoutineKind {
    /// The kind's name: `daily`, `bodywork` or `custom`.
    pub fn name(&self) -> &'static str {
        match self {
            RoutineKind::Daily => "daily",
            RoutineKind::Bodywork => "bodywork",
            RoutineKind::Custom { .. } => "custom",
        }
    }

    /// The rules this kind follows.
    pub fn protocol(&self) -> Protocol {
        match self {
            RoutineKind::Daily => Protocol::Daily,
            RoutineKind::Bodywork => Protocol::Bodywork,
            RoutineKind::Custom { protocol, .. } => *protocol,
        }
    }
}

/// How much a zone needs attention today (0 = upkeep only, 10 = most), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ZonePriority {
    /// The zone's id in the zone map (`calves`), as in `zones.json`. Each zone at most once.
    pub zone: String,
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
    pub excluded: Vec<String>,
    /// Zones, or one side of a sided zone, that get no pressure today (`safety::Rules`): left
    /// out, saying they rest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub rest: Vec<RestZone>,
    /// Zones held at most at their usual hold today, whatever their priority (`safety::Rules`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub capped: Vec<String>,
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
    pub zone: String,
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
    pub zone: String,
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
        }
    }
}

/// A zone left out of a routine, and why.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OmittedZone {
    /// The zone's id in the zone map (`calves`), as in `zones.json`.
    pub zone: String,
    /// The side left out; `both` for the whole zone.
    #[serde(default = "side_both", skip_serializing_if = "Side::is_both")]
    pub side: Side,
    /// Why it was left out; [`Omission::text_key`] gives the words.
    pub why: Omission,
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
        zone: String,
        /// Where it was given.
        field: String,
    },
    /// The same zone is listed twice.
    #[error("zone {zone:?} is listed twice in {field}")]
    DuplicateZone {
        /// The zone listed twice.
        zone: String,
        /// The list it is repeated in: `priorities` or `custom zones`.
        field: String,
    },
    /// A priority level above 10.
    #[error("priority {level} for zone {zone:?} is above the maximum of 10")]
    PriorityOutOfRange {
        /// The zone the priority is for.
        zone: String,
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
    /// Every zone of a custom routine rests today.
    #[error(
        "every zone of this routine rests today: too sore for pressure, or next to a zone that is"
    )]
    EveryZoneRests,
    /// A custom routine lists a zone the runner excluded.
    #[error("zone {zone:?} is excluded in your settings; remove it from the routine or include it again")]
    ZoneExcluded {
        /// The excluded zone's id.
        zone: String,
    },
    /// A custom routine lists a zone the runner has no tool for.
    #[error("zone {zone:?} needs one of: {needs}")]
    NoTool {
        /// The zone none of the runner's tools can work.
        zone: String,
        /// Tools that would work, comma separated.
        needs: String,
    },
    /// A custom hold outside the zone's bounds.
    #[error("hold of {hold_s} s for zone {zone:?} is outside its {min_s}–{max_s} s range")]
    HoldOutOfRange {
        /// The zone the hold is for.
        zone: String,
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
            | RoutineError::NoTool { .. } => None,
        }
    }
}

/// The tools a runner can use: those listed, and always their hands.
pub fn owned_tools(listed: &[Tool]) -> BTreeSet<Tool> {
    listed.iter().copied().chain([Tool::Hands]).collect()
}

/// Builds a routine. Pure and deterministic: the same catalog and request give the same routine.
pub fn build(catalog: &Catalog, request: &RoutineRequest) -> Result<Routine, RoutineError> {
    let protocol = request.kind.protocol();
    let budget_s = checked_budget(catalog, protocol, request.budget_s)?;
    check_zone_ids(catalog, request)?;
    let tools = owned_tools(&request.tools);
    let cost = Cost::new(catalog);

    let (zones, omitted) = match &request.kind {
        RoutineKind::Daily | RoutineKind::Bodywork => {
            allocate(catalog, request, protocol, &tools, budget_s, &cost)?
        }
        RoutineKind::Custom { zones, .. } => {
            custom(catalog, request, protocol, zones, &tools, budget_s, &cost)?
        }
    };

    let steps = steps_for(catalog, &zones);
    let total_s = steps.iter().map(|s| s.seconds).sum();
    Ok(Routine {
        kind: request.kind.clone(),
        content_version: catalog.version(),
        budget_s,
        total_s,
        zones,
        omitted,
        steps,
    })
}

/// Seconds a routine of `zones`, each at its default hold under `protocol`, would last, every
/// lead-in, switch and transition included.
pub fn seconds_at_default(catalog: &Catalog, protocol: Protocol, zones: &[&Zone]) -> u32 {
    let cost = Cost::new(catalog);
    let total = cost.opening
        + zones
            .iter()
            .map(|z| cost.zone(z.sided, protocol.hold(z).default_s))
            .sum::<i64>();
    u32::try_from(total.max(0)).unwrap_or(u32::MAX)
}

fn checked_budget(
    catalog: &Catalog,
    protocol: Protocol,
    budget_s: Option<u32>,
) -> Result<u32, RoutineError> {
    let bounds = protocol.budget(catalog);
    let budget_s = budget_s.unwrap_or(bounds.default_s);
    if (bounds.min_s..=bounds.max_s).contains(&budget_s) {
        Ok(budget_s)
    } else {
        Err(RoutineError::BudgetOutOfRange {
            protocol,
            budget_s,
            min_s: bounds.min_s,
            max_s: bounds.max_s,
        })
    }
}

fn check_zone_ids(catalog: &Catalog, request: &RoutineRequest) -> Result<(), RoutineError> {
    let known = |zone: &str, field: &str| {
        if catalog.zone(zone).is_some() {
            Ok(())
        } else {
            Err(RoutineError::UnknownZone {
                zone: zone.to_owned(),
                field: field.to_owned(),
            })
        }
    };
    let mut seen = BTreeSet::new();
    for p in &request.priorities {
        known(&p.zone, "priorities")?;
        if !seen.insert(p.zone.as_str()) {
            return Err(RoutineError::DuplicateZone {
                zone: p.zone.clone(),
                field: "priorities".to_owned(),
            });
        }
        if p.level > MAX_PRIORITY {
            return Err(RoutineError::PriorityOutOfRange {
                zone: p.zone.clone(),
                level: p.level,
            });
        }
        if !catalog.has_text(&p.reason.key) {
            return Err(RoutineError::UnknownTextKey {
                key: p.reason.key.clone(),
            });
        }
    }
    for zone in &request.excluded {
        known(zone, "excluded zones")?;
    }
    for r in &request.rest {
        known(&r.zone, "rest")?;
    }
    for zone in &request.capped {
        known(zone, "capped")?;
    }
    if let RoutineKind::Custom { zones, .. } = &request.kind {
        let mut seen = BTreeSet::new();
        for c in zones {
            known(&c.zone, "custom zones")?;
            if !seen.insert(c.zone.as_str()) {
                return Err(RoutineError::DuplicateZone {
                    zone: c.zone.clone(),
                    field: "custom zones".to_owned(),
                });
            }
        }
    }
    Ok(())
}

/// Seconds a routine costs. Exactly one zone opens with the lead-in and every other with a
/// transition, so the total does not depend on the order: `lead_in − transition + Σ(transition +
/// body)`.
struct Cost {
    opening: i64,
    transition: i64,
    switch: i64,
}

impl Cost {
    fn new(catalog: &Catalog) -> Cost {
        let t = catalog.timing();
        Cost {
            opening: i64::from(t.lead_in_s) - i64::from(t.transition_s),
            transition: i64::from(t.transition_s),
            switch: i64::from(t.switch_sides_s),
        }
    }

    /// Seconds one zone adds at an even hold: its transition, its holds and the switch between
    /// sides.
    fn zone(&self, sided: bool, hold_s: u32) -> i64 {
        self.zone_holds(sided, hold_s, hold_s)
    }

    /// Seconds one zone adds with `hold_s` on its first side and `other_s` on its second.
    fn zone_holds(&self, sided: bool, hold_s: u32, other_s: u32) -> i64 {
        let hold = i64::from(hold_s);
        self.transition
            + if sided {
                hold + i64::from(other_s) + self.switch
            } else {
                hold
            }
    }

    /// The longest hold, in whole `step`s, whose zone fits in `room` seconds (0 if none).
    fn longest_hold(&self, sided: bool, room: i64, step: u32) -> u32 {
        let for_holds = room - self.transition - if sided { self.switch } else { 0 };
        let per_side = if sided { for_holds / 2 } else { for_holds };
        let step = i64::from(step.max(1));
        u32::try_from((per_side / step * step).max(0)).unwrap_or(u32::MAX)
    }

    fn routine<'a>(&self, zones: impl IntoIterator<Item = &'a RoutineZone>) -> i64 {
        self.opening
            + zones
                .into_iter()
                .map(|z| self.zone_holds(z.sided, z.hold_s, z.other_s()))
                .sum::<i64>()
    }
}

struct Candidate<'a> {
    /// Position in chain order, foot to back.
    chain: usize,
    zone: &'a Zone,
    /// Worked on both sides (a sided zone with neither side resting).
    sided: bool,
    level: u8,
    side: Side,
    reason: Reason,
    bounds: HoldBounds,
}

/// A zone's hold bounds in this request: its protocol's, all at the minimum on a light day, and
/// no longer than its usual hold when capped.
fn bounds_for(request: &RoutineRequest, protocol: Protocol, zone: &Zone) -> HoldBounds {
    let b = protocol.hold(zone);
    if request.light {
        HoldBounds {
            default_s: b.min_s,
            min_s: b.min_s,
            max_s: b.min_s,
        }
    } else if request.capped.contains(&zone.id) {
        HoldBounds {
            max_s: b.default_s,
            ..b
        }
    } else {
        b
    }
}

/// The zone's usual pressure under `protocol` (a light day lowers it: `safety::Rules::finish`).
fn usual_pressure(protocol: Protocol, zone: &Zone) -> u8 {
    match protocol {
        Protocol::Daily => zone.pressure.daily,
        Protocol::Bodywork => zone.pressure.bodywork,
    }
}

/// A zone in the routine, with its chain position (foot to back) and hold bounds.
type Taken = (usize, RoutineZone, HoldBounds);
/// A zone left out, with its chain position.
type LeftOut = (usize, OmittedZone);

/// The daily and bodywork rule (see docs/routine-builder.md): rank the zones that can be
/// worked, take each at its target hold or the longest that fits, then share the spare time.
fn allocate(
    catalog: &Catalog,
    request: &RoutineRequest,
    protocol: Protocol,
    tools: &BTreeSet<Tool>,
    budget_s: u32,
    cost: &Cost,
) -> Result<(Vec<RoutineZone>, Vec<OmittedZone>), RoutineError> {
    let step = catalog.timing().hold_step_s;
    let (mut candidates, mut omitted) = candidates(catalog, request, protocol, tools);
    if candidates.is_empty() && !request.rest.is_empty() {
        return Err(RoutineError::EveryZoneRests);
    }
    if candidates.is_empty() {
        return Err(RoutineError::NoZonesAvailable);
    }
    // Rank: most in need first, then the content's maintenance order.
    candidates.sort_by_key(|c| (Reverse(c.level), c.zone.maintenance_rank));
    let (mut taken, mut used) = take(
        &candidates,
        protocol,
        step,
        i64::from(budget_s),
        cost,
        &mut omitted,
    );
    if taken.is_empty() {
        let needed = candidates
            .iter()
            .map(|c| cost.opening + cost.zone(c.sided, c.bounds.min_s))
            .min()
            .unwrap_or(0);
        return Err(RoutineError::BudgetTooSmall {
            budget_s,
            needed_s: u32::try_from(needed).unwrap_or(u32::MAX),
        });
    }
    if !request.light {
        share_spare(&mut taken, &mut used, step, i64::from(budget_s), cost);
    }
    taken.sort_by_key(|(chain, _, _)| *chain);
    omitted.sort_by_key(|(chain, _)| *chain);
    Ok((
        taken.into_iter().map(|(_, z, _)| z).collect(),
        omitted.into_iter().map(|(_, o)| o).collect(),
    ))
}

/// The zones that can be worked today, each with its level, side and bounds, and those left out
/// (excluded, no tool, resting), in chain order.
fn candidates<'c>(
    catalog: &'c Catalog,
    request: &RoutineRequest,
    protocol: Protocol,
    tools: &BTreeSet<Tool>,
) -> (Vec<Candidate<'c>>, Vec<LeftOut>) {
    // Omitted zones keep their chain position so they can be listed foot to back.
    let mut omitted: Vec<(usize, OmittedZone)> = Vec::new();
    let mut candidates = Vec::new();
    for (chain, zone) in catalog.zones().iter().enumerate() {
        let resting = request.rest.iter().find(|r| r.zone == zone.id);
        let why = if request.excluded.contains(&zone.id) {
            Some(Omission::Excluded)
        } else if !zone.workable_with(tools) {
            Some(Omission::NoTool)
        } else {
            None
        };
        let left_out = |side, why| {
            (
                chain,
                OmittedZone {
                    zone: zone.id.clone(),
                    side,
                    why,
                },
            )
        };
        // A sided zone with one side resting is worked on the other side only.
        let only = match (why, resting) {
            (Some(why), _) => {
                omitted.push(left_out(Side::Both, why));
                continue;
            }
            (None, Some(r)) if r.side.is_both() || !zone.sided => {
                omitted.push(left_out(Side::Both, r.why));
                continue;
            }
            (None, Some(r)) => {
                omitted.push(left_out(r.side, r.why));
                Some(r.side.other())
            }
            (None, None) => None,
        };
        let priority = request.priorities.iter().find(|p| p.zone == zone.id);
        let (level, side, reason) = match priority {
            Some(p) if p.level > 0 => (p.level, p.side, p.reason.clone()),
            _ => (0, Side::Both, Reason::key(keys::REASON_MAINTENANCE)),
        };
        candidates.push(Candidate {
            chain,
            zone,
            sided: zone.sided && only.is_none(),
            level,
            side: match only {
                Some(only) => only,
                None if zone.sided => side,
                None => Side::Both,
            },
            reason,
            bounds: bounds_for(request, protocol, zone),
        });
    }
    (candidates, omitted)
}

/// Takes each ranked zone at its target hold, or the longest hold down to its minimum that still
/// fits; a zone that does not fit is left out for lack of time. Returns the zones taken and the
/// time used.
fn take(
    candidates: &[Candidate<'_>],
    protocol: Protocol,
    step: u32,
    budget: i64,
    cost: &Cost,
    omitted: &mut Vec<LeftOut>,
) -> (Vec<Taken>, i64) {
    let mut taken: Vec<(usize, RoutineZone, HoldBounds)> = Vec::new();
    let mut used = cost.opening;
    for c in candidates {
        let bounds = c.bounds;
        // Level 1 ranks a zone first without lengthening it; 10 reaches the maximum hold.
        let steps_up = u32::from(c.level.saturating_sub(1));
        let raise = (bounds.max_s - bounds.default_s) * steps_up / u32::from(MAX_PRIORITY - 1);
        let target = bounds.default_s + raise / step * step;
        let room = budget - used;
        let even = target.min(cost.longest_hold(c.sided, room, step));
        // Only one side sore: the other side keeps its usual hold; the sore side takes the rest.
        let (hold, other) = if c.side.is_both() || !c.sided {
            (even, if c.sided { even } else { 0 })
        } else {
            let other = bounds.default_s.min(target).min(even);
            let left = room - cost.zone_holds(true, 0, other);
            let hold = u32::try_from(left.max(0) / i64::from(step.max(1)) * i64::from(step.max(1)))
                .unwrap_or(0);
            (target.min(hold), other)
        };
        let enough = |h: u32| h >= bounds.min_s && h > 0;
        if enough(hold) && (!c.sided || enough(other)) {
            used += cost.zone_holds(c.sided, hold, other);
            taken.push((
                c.chain,
                RoutineZone {
                    zone: c.zone.id.clone(),
                    hold_s: hold,
                    sided: c.sided,
                    side: c.side,
                    other_hold_s: (c.sided && other != hold).then_some(other),
                    reason: c.reason.clone(),
                    pressure: usual_pressure(protocol, c.zone),
                },
                bounds,
            ));
        } else {
            omitted.push((
                c.chain,
                OmittedZone {
                    zone: c.zone.id.clone(),
                    side: Side::Both,
                    why: Omission::NoTime,
                },
            ));
        }
    }
    (taken, used)
}

/// Shares spare time in rank order, one hold step per zone and pass, up to each zone's maximum.
fn share_spare(taken: &mut [Taken], used: &mut i64, step: u32, budget: i64, cost: &Cost) {
    let mut grew = true;
    while grew {
        grew = false;
        for (_, z, bounds) in taken.iter_mut() {
            // An even zone grows on both sides; a one-sided one on its sore side only.
            let other = if z.side.is_both() {
                z.hold_s + step
            } else {
                z.other_s()
            };
            let extra = cost.zone_holds(z.sided, z.hold_s + step, other)
                - cost.zone_holds(z.sided, z.hold_s, z.other_s());
            if z.hold_s + step <= bounds.max_s && *used + extra <= budget {
                z.hold_s += step;
                z.other_hold_s = (z.sided && other != z.hold_s).then_some(other);
                *used += extra;
                grew = true;
            }
        }
    }
}

fn custom(
    catalog: &Catalog,
    request: &RoutineRequest,
    protocol: Protocol,
    wanted: &[CustomZone],
    tools: &BTreeSet<Tool>,
    budget_s: u32,
    cost: &Cost,
) -> Result<(Vec<RoutineZone>, Vec<OmittedZone>), RoutineError> {
    if wanted.is_empty() {
        return Err(RoutineError::EmptyCustom);
    }
    let mut zones = Vec::with_capacity(wanted.len());
    let mut omitted = Vec::new();
    for c in wanted {
        let Some(zone) = catalog.zone(&c.zone) else {
            return Err(RoutineError::UnknownZone {
                zone: c.zone.clone(),
                field: "custom zones".to_owned(),
            });
        };
        if request.excluded.contains(&zone.id) {
            return Err(RoutineError::ZoneExcluded {
                zone: zone.id.clone(),
            });
        }
        if !zone.workable_with(tools) {
            let needs: Vec<&str> = zone.tools.iter().map(|t| t.name()).collect();
            return Err(RoutineError::NoTool {
                zone: zone.id.clone(),
                needs: needs.join(", "),
            });
        }
        let bounds = protocol.hold(zone);
        let hold_s = c.hold_s.unwrap_or(bounds.default_s);
        if !bounds.contains(hold_s) {
            return Err(RoutineError::HoldOutOfRange {
                zone: zone.id.clone(),
                hold_s,
                min_s: bounds.min_s,
                max_s: bounds.max_s,
            });
        }
        // The runner's choice, within today's safety rule: a resting side is left out, and no
        // hold goes past today's cap.
        let (sided, side) = match request.rest.iter().find(|r| r.zone == zone.id) {
            Some(r) if r.side.is_both() || !zone.sided => {
                omitted.push(OmittedZone {
                    zone: zone.id.clone(),
                    side: Side::Both,
                    why: r.why,
                });
                continue;
            }
            Some(r) => {
                omitted.push(OmittedZone {
                    zone: zone.id.clone(),
                    side: r.side,
                    why: r.why,
                });
                (false, r.side.other())
            }
            None => (zone.sided, Side::Both),
        };
        let allowed = bounds_for(request, protocol, zone);
        let reason = match request.priorities.iter().find(|p| p.zone == zone.id) {
            Some(p) if p.level > 0 || hold_s > allowed.max_s => p.reason.clone(),
            _ => Reason::key(keys::REASON_YOUR_CHOICE),
        };
        zones.push(RoutineZone {
            zone: zone.id.clone(),
            hold_s: hold_s.min(allowed.max_s),
            sided,
            side,
            other_hold_s: None,
            reason,
            pressure: usual_pressure(protocol, zone),
        });
    }
    if zones.is_empty() {
        return Err(RoutineError::EveryZoneRests);
    }
    let needed = cost.routine(&zones);
    if needed > i64::from(budget_s) {
        return Err(RoutineError::OverBudget {
            needed_s: u32::try_from(needed).unwrap_or(u32::MAX),
            budget_s,
        });
    }
    Ok((zones, omitted))
}

fn steps_for(catalog: &Catalog, zones: &[RoutineZone]) -> Vec<Step> {
    let t = catalog.timing();
    let mut steps = Vec::with_capacity(zones.len() * 4);
    for (i, z) in zones.iter().enumerate() {
        let step = |kind, side, seconds| Step {
            kind,
            zone: z.zone.clone(),
            side,
            seconds,
        };
        for (n, (side, hold)) in z.holds().into_iter().enumerate() {
            steps.push(match (n, i) {
                (0, 0) => step(StepKind::LeadIn, side, t.lead_in_s),
                (0, _) => step(StepKind::Transition, side, t.transition_s),
                _ => step(StepKind::SwitchSides, side, t.switch_sides_s),
            });
            steps.push(step(StepKind::Hold, side, hold));
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> &'static Catalog {
        Catalog::embedded().expect("embedded content")
    }

    fn sore(zone: &str, level: u8) -> ZonePriority {
        ZonePriority {
            zone: zone.to_owned(),
            level,
            side: Side::Both,
            reason: Reason::key("reason.sore").with("level", level),
        }
    }

    #[test]
    fn default_daily_routine_fits_twelve_minutes_and_accounts_for_every_step() {
        let r = build(catalog(), &RoutineRequest::new(RoutineKind::Daily)).expect("routine");
        assert_eq!(r.budget_s, 720);
        assert!(r.total_s <= 720);
        assert_eq!(r.total_s, r.steps.iter().map(|s| s.seconds).sum::<u32>());
        assert_eq!(r.steps[0].kind, StepKind::LeadIn);
        assert!(r.zones.len() >= 5, "{:?}", r.zones);
        // Every zone is accounted for: either included or omitted with a reason.
        assert_eq!(r.zones.len() + r.omitted.len(), catalog().zones().len());
    }

    #[test]
    fn sore_zones_come_first_and_get_longer_holds() {
        let mut req = RoutineRequest::new(RoutineKind::Daily);
        let plain = build(catalog(), &req).expect("routine");
        req.priorities = vec![sore("hamstrings", 8)];
        let r = build(catalog(), &req).expect("routine");
        let ham = r
            .zones
            .iter()
            .find(|z| z.zone == "hamstrings")
            .expect("included");
        assert_eq!(ham.reason.key, "reason.sore");
        assert_eq!(ham.reason.english(catalog()), "Sore: 8/10");
        let default = catalog()
            .zone("hamstrings")
            .expect("zone")
            .self_care
            .default_s;
        assert!(ham.hold_s > default);
        assert!(!plain.zones.iter().any(|z| z.zone == "hamstrings"));
        assert!(r.total_s <= 720);
    }

    #[test]
    fn sided_zones_get_both_sides_with_a_switch_between() {
        let r = build(catalog(), &RoutineRequest::new(RoutineKind::Bodywork)).expect("routine");
        let calves: Vec<&Step> = r.steps.iter().filter(|s| s.zone == "calves").collect();
        let kinds: Vec<(StepKind, Side)> = calves.iter().map(|s| (s.kind, s.side)).collect();
        assert_eq!(
            kinds,
            vec![
                (StepKind::Transition, Side::Left),
                (StepKind::Hold, Side::Left),
                (StepKind::SwitchSides, Side::Right),
                (StepKind::Hold, Side::Right),
            ]
        );
        let back: Vec<&Step> = r
            .steps
            .iter()
            .filter(|s| s.zone == "thoracic-spine")
            .collect();
        assert_eq!(back.len(), 2);
        assert_eq!(back[1].side, Side::Both);
    }

    #[test]
    fn bodywork_session_covers_the_chain_at_two_to_five_minutes_per_zone() {
        let r = build(catalog(), &RoutineRequest::new(RoutineKind::Bodywork)).expect("routine");
        assert_eq!(r.budget_s, 2700);
        assert!(r.total_s <= 2700);
        assert_eq!(r.zones.len(), catalog().zones().len());
        assert!(r.zones.iter().all(|z| (120..=300).contains(&z.hold_s)));
    }

    #[test]
    fn missing_tools_and_exclusions_are_explained() {
        let mut req = RoutineRequest::new(RoutineKind::Daily);
        req.tools = Vec::new();
        req.excluded = vec!["calves".to_owned()];
        let r = build(catalog(), &req).expect("routine");
        let why = |id: &str| r.omitted.iter().find(|o| o.zone == id).map(|o| o.why);
        assert_eq!(why("calves"), Some(Omission::Excluded));
        assert_eq!(why("it-band"), Some(Omission::NoTool));
        assert!(r
            .zones
            .iter()
            .all(|z| z.zone != "calves" && z.zone != "it-band"));
        assert!(r.zones.iter().any(|z| z.zone == "plantar-fascia"));
    }

    #[test]
    fn custom_routine_keeps_the_runners_order_and_holds() {
        let mut req = RoutineRequest::new(RoutineKind::Custom {
            protocol: Protocol::Daily,
            zones: vec![
                CustomZone {
                    zone: "thoracic-spine".into(),
                    hold_s: Some(90),
                },
                CustomZone {
                    zone: "calves".into(),
                    hold_s: None,
                },
            ],
        });
        req.budget_s = Some(300);
        let r = build(catalog(), &req).expect("routine");
        let order: Vec<&str> = r.zones.iter().map(|z| z.zone.as_str()).collect();
        assert_eq!(order, ["thoracic-spine", "calves"]);
        assert_eq!(r.zones[0].hold_s, 90);
        assert_eq!(r.zones[1].hold_s, 60);
        assert_eq!(r.zones[1].reason.key, "reason.your-choice");
        // lead-in 10 + 90 + transition 10 + 60 + 5 + 60
        assert_eq!(r.total_s, 235);
    }

    #[test]
    fn invalid_requests_are_typed_errors() {
        let c = catalog();
        let daily = || RoutineRequest::new(RoutineKind::Daily);
        let custom = |zones: Vec<CustomZone>| {
            RoutineRequest::new(RoutineKind::Custom {
                protocol: Protocol::Daily,
                zones,
            })
        };
        let cz = |zone: &str, hold_s: Option<u32>| CustomZone {
            zone: zone.into(),
            hold_s,
        };

        let mut r = daily();
        r.budget_s = Some(60);
        assert!(matches!(
            build(c, &r),
            Err(RoutineError::BudgetOutOfRange { .. })
        ));
        r.budget_s = Some(1201);
        assert!(matches!(
            build(c, &r),
            Err(RoutineError::BudgetOutOfRange { .. })
        ));

        let mut r = daily();
        r.priorities = vec![sore("elbow", 3)];
        assert!(matches!(
            build(c, &r),
            Err(RoutineError::UnknownZone { .. })
        ));
        r.priorities = vec![sore("calves", 11)];
        assert!(matches!(
            build(c, &r),
            Err(RoutineError::PriorityOutOfRange { level: 11, .. })
        ));
        r.priorities = vec![sore("calves", 3), sore("calves", 4)];
        assert!(matches!(
            build(c, &r),
            Err(RoutineError::DuplicateZone { .. })
        ));
        r.priorities = vec![ZonePriority {
            zone: "calves".into(),
            level: 3,
            side: Side::Both,
            reason: Reason::key("reason.made-up"),
        }];
        assert!(matches!(
            build(c, &r),
            Err(RoutineError::UnknownTextKey { .. })
        ));

        let mut r = daily();
        r.excluded = vec!["knees".to_owned()];
        assert!(matches!(
            build(c, &r),
            Err(RoutineError::UnknownZone { .. })
        ));
        r.excluded = c.zones().iter().map(|z| z.id.clone()).collect();
        assert_eq!(build(c, &r), Err(RoutineError::NoZonesAvailable));

        assert_eq!(build(c, &custom(vec![])), Err(RoutineError::EmptyCustom));
        assert!(matches!(
            build(c, &custom(vec![cz("calves", None), cz("calves", None)])),
            Err(RoutineError::DuplicateZone { .. })
        ));
        assert!(matches!(
            build(c, &custom(vec![cz("calves", Some(5))])),
            Err(RoutineError::HoldOutOfRange { hold_s: 5, .. })
        ));
        let mut r = custom(vec![cz("calves", None)]);
        r.excluded = vec!["calves".to_owned()];
        assert!(matches!(
            build(c, &r),
            Err(RoutineError::ZoneExcluded { .. })
        ));
        let mut r = custom(vec![cz("it-band", None)]);
        r.tools = Vec::new();
        let err = build(c, &r).expect_err("no roller");
        assert_eq!(
            err.to_string(),
            "zone \"it-band\" needs one of: foam-roller, stick"
        );
        let all: Vec<CustomZone> = c.zones().iter().map(|z| cz(&z.id, None)).collect();
        assert!(matches!(
            build(c, &custom(all)),
            Err(RoutineError::OverBudget { .. })
        ));
    }

    #[test]
    fn a_budget_below_every_zone_is_too_small() {
        // The shipped budgets always fit a zone; a catalog with a tiny minimum budget shows the error.
        let mut doc: serde_json::Value =
            serde_json::from_str(include_str!("../content/zones.json")).expect("json");
        doc["timing"]["daily"]["min_s"] = 20.into();
        let c = Catalog::parse(&doc.to_string(), include_str!("../content/strings/en.json"))
            .expect("valid");
        let mut r = RoutineRequest::new(RoutineKind::Daily);
        r.budget_s = Some(39);
        // Cheapest zone: lead-in 10 + the upper back's 30 s minimum.
        assert_eq!(
            build(&c, &r),
            Err(RoutineError::BudgetTooSmall {
                budget_s: 39,
                needed_s: 40
            })
        );
        r.budget_s = Some(40);
        let routine = build(&c, &r).expect("one zone fits");
        assert_eq!(routine.zones.len(), 1);
        assert_eq!(routine.zones[0].zone, "thoracic-spine");
        assert_eq!(routine.total_s, 40);
    }
}
