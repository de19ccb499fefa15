//! The routine builder: a pure function from what the runner has, wants and feels to an ordered
//! list of timed steps.
//!
//! The allocation rule is written out in `docs/routine-builder.md`; in short, zones are ranked
//! (sore first, then by maintenance rank), taken at their target hold or the longest hold down to
//! their minimum that still fits the budget, spare time is shared out in whole hold steps, and the
//! chosen zones run in chain order, foot to back. Every included zone carries why it was chosen and
//! every left-out zone why it was left out.
//!
//! The dynamic warm-up (kind `warm-up`) is built here too, from the warm-up content (`warmup`):
//! its moves in the content's order, each left out when a zone it loads rests today.

mod types;

use std::cmp::Reverse;
use std::collections::BTreeSet;

use crate::keys;
pub use crate::vocab::Side;
use crate::vocab::{Name, Reason};
use crate::warmup::WarmUp;
use crate::zones::{Catalog, HoldBounds, Tool, Zone};
pub use types::*;

/// The tools a runner can use: those listed, and always their hands.
pub fn owned_tools(listed: &[Tool]) -> BTreeSet<Tool> {
    listed.iter().copied().chain([Tool::Hands]).collect()
}

/// Builds a routine. Pure and deterministic: the same catalog and request give the same routine.
pub fn build(catalog: &Catalog, request: &RoutineRequest) -> Result<Routine, RoutineError> {
    if request.kind.is_warm_up() {
        let content = WarmUp::embedded().map_err(RoutineError::Content)?;
        return warm_up(catalog, content, request);
    }
    let (budget_s, zones, omitted) = choose(catalog, request)?;
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

/// The zones of the routine [`build`] makes (or the error it returns), without its steps: what a
/// day of the calendar shows.
pub fn zones(
    catalog: &Catalog,
    request: &RoutineRequest,
) -> Result<Vec<RoutineZone>, RoutineError> {
    if request.kind.is_warm_up() {
        // The warm-up presses no zone.
        return Ok(Vec::new());
    }
    Ok(choose(catalog, request)?.1)
}

/// The checked budget, the zones taken and those left out.
fn choose(
    catalog: &Catalog,
    request: &RoutineRequest,
) -> Result<(u32, Vec<RoutineZone>, Vec<OmittedZone>), RoutineError> {
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
        // Built by `warm_up`, never chosen zone by zone.
        RoutineKind::WarmUp => (Vec::new(), Vec::new()),
    };
    Ok((budget_s, zones, omitted))
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
                zone: zone.into(),
                field: field.to_owned(),
            })
        }
    };
    for (i, p) in request.priorities.iter().enumerate() {
        known(&p.zone, "priorities")?;
        // A dozen zones at most: a look back over those before costs less than a set.
        if request.priorities[..i].iter().any(|q| q.zone == p.zone) {
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
        // Priorities in a row often share a key (the rotation's): it is looked up once.
        let known_key = i > 0 && request.priorities[i - 1].reason.key == p.reason.key;
        if !known_key && !catalog.has_text(&p.reason.key) {
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
    /// Why, from the request's priority; none for a zone in for maintenance. Worded only for a
    /// zone taken.
    reason: Option<&'a Reason>,
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
    candidates.sort_by_cached_key(|c| (Reverse(c.level), c.zone.maintenance_rank));
    let (mut taken, mut used) = take(
        &mut candidates,
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
    request: &'c RoutineRequest,
    protocol: Protocol,
    tools: &BTreeSet<Tool>,
) -> (Vec<Candidate<'c>>, Vec<LeftOut>) {
    // Omitted zones keep their chain position so they can be listed foot to back.
    let mut omitted: Vec<(usize, OmittedZone)> = Vec::with_capacity(catalog.zones().len());
    let mut candidates = Vec::with_capacity(catalog.zones().len());
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
                    move_id: None,
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
            Some(p) if p.level > 0 => (p.level, p.side, Some(&p.reason)),
            _ => (0, Side::Both, None),
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
    candidates: &mut [Candidate<'_>],
    protocol: Protocol,
    step: u32,
    budget: i64,
    cost: &Cost,
    omitted: &mut Vec<LeftOut>,
) -> (Vec<Taken>, i64) {
    let mut taken: Vec<(usize, RoutineZone, HoldBounds)> = Vec::with_capacity(candidates.len());
    let mut used = cost.opening;
    for c in candidates.iter_mut() {
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
                    reason: c
                        .reason
                        .map_or_else(|| Reason::key(keys::REASON_MAINTENANCE), Reason::clone),
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
                    move_id: None,
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
                    move_id: None,
                });
                continue;
            }
            Some(r) => {
                omitted.push(OmittedZone {
                    zone: zone.id.clone(),
                    side: r.side,
                    why: r.why,
                    move_id: None,
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
            move_id: None,
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

/// The dynamic warm-up (see docs/routine-builder.md, "The warm-up"): every move of the content
/// in its order, each at its seconds (its light seconds on a light day), except a move loading a
/// zone that rests today on either side (`request.rest`: a dynamic move loads both legs), left
/// out with why and the resting zone. Tools, exclusions and priorities are about pressure and do
/// not apply; a budget, if given, must hold the warm-up (the whole block's length otherwise).
fn warm_up(
    catalog: &Catalog,
    content: &WarmUp,
    request: &RoutineRequest,
) -> Result<Routine, RoutineError> {
    check_zone_ids(catalog, request)?;
    let mut omitted = Vec::new();
    let mut taken = Vec::with_capacity(content.moves().len());
    for m in content.moves() {
        let resting = m
            .zones
            .iter()
            .find_map(|z| request.rest.iter().find(|r| &r.zone == z));
        match resting {
            Some(r) => omitted.push(OmittedZone {
                zone: r.zone.clone(),
                side: r.side,
                why: r.why,
                move_id: Some(m.id.clone()),
            }),
            None => taken.push(m),
        }
    }
    if taken.is_empty() {
        return Err(RoutineError::EveryZoneRests);
    }
    let t = content.timing();
    let mut steps = Vec::with_capacity(taken.len() * 4);
    for (i, m) in taken.iter().enumerate() {
        let sides: &[Side] = if m.sided {
            &[Side::Left, Side::Right]
        } else {
            &[Side::Both]
        };
        let step = |kind, side, seconds| Step {
            kind,
            zone: m.primary_zone(),
            side,
            seconds,
            move_id: Some(m.id.clone()),
        };
        for (n, side) in sides.iter().enumerate() {
            steps.push(match (n, i) {
                (0, 0) => step(StepKind::LeadIn, *side, t.lead_in_s),
                (0, _) => step(StepKind::Transition, *side, t.transition_s),
                _ => step(StepKind::SwitchSides, *side, t.switch_sides_s),
            });
            steps.push(step(StepKind::Move, *side, m.seconds_on(request.light)));
        }
    }
    let total_s: u32 = steps.iter().map(|s| s.seconds).sum();
    let budget_s = request.budget_s.unwrap_or_else(|| content.length_s(false));
    if total_s > budget_s {
        return Err(RoutineError::OverBudget {
            needed_s: total_s,
            budget_s,
        });
    }
    Ok(Routine {
        kind: RoutineKind::WarmUp,
        content_version: catalog.version(),
        budget_s,
        total_s,
        zones: Vec::new(),
        omitted,
        steps,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
