//! The one safety rule every hold passes: never more pressure for more pain.
//!
//! The daily routine, the 45-minute bodywork session, custom routines, starting a session and
//! every step inside one (back, skip, +30 s, resume after leaving) all ask this module, so the
//! rule lives here alone. Written out in `docs/planning.md`, "Never more pressure for more pain":
//!
//! - **Rest.** A zone side sore at [`REST_AT`] or more, or stopped for sharp pain, in the last
//!   [`REST_WINDOW`] gets no pressure; nor do that side of its neighbours (content data,
//!   `zones.json`'s `neighbours`).
//! - **No extra time.** A zone rated [`REST_AT`] or more in the last [`NO_EXTRA_DAYS`] days, or
//!   with a see-a-professional flag standing, is held at most at its usual hold, whatever it
//!   reads now.
//! - **Race days** ([`RaceDay`]): race morning is a short light activation and no bodywork
//!   session; the day after a race and an A or B race's week are light: every hold at its minimum,
//!   light pressure.
//! - **In a session**, a zone stopped for sharp pain is never entered again: no step back crosses
//!   it ([`back_target`]).
//! - **The warm-up** puts no pressure on any zone, but its moves load them: a move loading a zone
//!   that rests in its own right (on either side), or one with a see-a-professional flag
//!   standing, is left out; around a race it is the light version ([`Rules::warm_up_rest`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::keys;
use crate::model::{Race, RacePriority, Reason, Soreness};
use crate::routine::{
    Omission, Protocol, RestZone, Routine, RoutineKind, RoutineRequest, RoutineZone, Side, Step,
};
use crate::vocab::ZoneId;
use crate::warmup::WarmUp;
use crate::zones::{Catalog, Pressure, Zone};

/// A zone side sore at this level or more (0–10) rests: no pressure at all.
pub const REST_AT: u8 = 7;
/// Soreness, or a stop for sharp pain, rests a zone for this long.
pub const REST_WINDOW: TimeDelta = TimeDelta::hours(72);
/// After a rating of [`REST_AT`] or more, a zone gets no extra time for this many days.
pub const NO_EXTRA_DAYS: i64 = 7;
/// The pressure of a light day (around a race), on the 0–10 scale of [`Pressure`]: "light".
pub const LIGHT_PRESSURE: u8 = 3;
/// An A or B race's race week: the days before it that are light, race day excluded.
pub const RACE_WEEK_DAYS: i64 = 6;

/// A zone side a guided session was stopped on for sharp pain, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PainStop {
    /// The zone's id in the zone map (`calves`), as in `zones.json`.
    pub zone: ZoneId,
    /// The side being worked (`both` for an unsided zone).
    pub side: Side,
    /// When the runner stopped.
    pub at: DateTime<Utc>,
}

/// How a race shapes a day (docs/planning.md, "Races and the daily routine").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RaceDay<'a> {
    /// Race morning: a short, light activation routine; no bodywork session.
    Race(&'a Race),
    /// The day after a race: recovery, light holds.
    After(&'a Race),
    /// The six days before an A or B race: light holds.
    Week(&'a Race),
}

impl RaceDay<'_> {
    /// How the races make `date` special, if they do: race day first, then the day after, then
    /// race week.
    pub fn of(races: &[Race], date: NaiveDate) -> Option<RaceDay<'_>> {
        let first = |f: &dyn Fn(&Race) -> bool| {
            races
                .iter()
                .filter(|r| f(r))
                .min_by(|a, b| (a.priority, a.date, &a.id).cmp(&(b.priority, b.date, &b.id)))
        };
        first(&|r| r.date == date)
            .map(RaceDay::Race)
            .or_else(|| first(&|r| r.date + TimeDelta::days(1) == date).map(RaceDay::After))
            .or_else(|| first(&|r| in_race_week(r, date) && r.date > date).map(RaceDay::Week))
    }

    /// Why every zone of that day's routine is light.
    pub fn reason(&self, date: NaiveDate) -> Reason {
        match self {
            RaceDay::Race(r) => Reason::key(keys::REASON_RACE_DAY).with("race", &r.name),
            RaceDay::After(r) => Reason::key(keys::REASON_AFTER_RACE).with("race", &r.name),
            RaceDay::Week(r) => Reason::key(keys::REASON_RACE_WEEK)
                .with("race", &r.name)
                .with("days", (r.date - date).num_days()),
        }
    }
}

/// Whether `date` is in `race`'s race week: an A or B race's six days before it and race day.
pub fn in_race_week(race: &Race, date: NaiveDate) -> bool {
    matches!(race.priority, RacePriority::A | RacePriority::B)
        && race.date - TimeDelta::days(RACE_WEEK_DAYS) <= date
        && date <= race.date
}

/// What the rule reads: the runner's recent history.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inputs<'a> {
    /// Soreness of at least the last [`NO_EXTRA_DAYS`] days (older entries are ignored).
    pub soreness: &'a [Soreness],
    /// Stops for sharp pain in guided sessions.
    pub pain: &'a [PainStop],
    /// Zones with a see-a-professional flag standing (`insights::safety_flags`).
    pub flagged: &'a [ZoneId],
    /// The runner's races.
    pub races: &'a [Race],
}

/// Why a zone gets no extra time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cap {
    reason: Reason,
}

/// A routine or a step the rule refuses, and why (in English, from the content's text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SafetyError {
    /// No bodywork session on race morning.
    #[error(
        "{reason}. No bodywork session on race morning: today's routine is the activation to do"
    )]
    RaceMorning {
        /// Why (race day, with the race's name).
        reason: String,
    },
    /// A routine asks for pressure the rule does not allow today (it was built before the
    /// runner logged soreness, or by hand).
    #[error("{place} cannot be worked as this routine asks: {why}. Build today's routine again")]
    Routine {
        /// The zone and side, as the runner reads them ([`Catalog::place`]).
        place: String,
        /// Why, in the runner's words.
        why: String,
    },
    /// +30 s would take a hold past what the rule allows today.
    #[error("no more time on {zone} today: {why}")]
    NoMoreTime {
        /// The zone's name.
        zone: String,
        /// Why, in English: the race day, the zone's recent high soreness or standing flag, or the
        /// longest hold the zone allows.
        why: String,
    },
}

/// The rule's verdict for one instant and local date: which zone sides rest, which zones get no
/// extra time, and whether the day is a race day.
#[derive(Debug, Clone)]
pub struct Rules<'a> {
    catalog: &'a Catalog,
    date: NaiveDate,
    /// Zone → (left rests, right rests, why).
    rest: BTreeMap<&'a str, (Option<Omission>, Option<Omission>)>,
    capped: BTreeMap<&'a str, Cap>,
    /// Zones with a see-a-professional flag standing.
    flagged: BTreeSet<&'a str>,
    day: Option<RaceDay<'a>>,
}

impl<'a> Rules<'a> {
    /// The rule at `at` (a UTC instant) on local date `date`.
    pub fn at(
        catalog: &'a Catalog,
        inputs: &Inputs<'a>,
        at: DateTime<Utc>,
        date: NaiveDate,
    ) -> Rules<'a> {
        let within = |t: DateTime<Utc>, span: TimeDelta| t <= at && t > at - span;
        // Sides that rest in their own right: sore at REST_AT or more, or stopped for sharp pain.
        let mut own: BTreeMap<&'a str, (bool, bool)> = BTreeMap::new();
        let mut mark = |zone: &str, side: Side| {
            let Some(z) = catalog.zone(zone) else { return };
            let entry = own.entry(z.id.as_str()).or_default();
            // An unsided zone rests whole; `both` rests both sides.
            if !z.sided || side != Side::Right {
                entry.0 = true;
            }
            if !z.sided || side != Side::Left {
                entry.1 = true;
            }
        };
        for s in inputs
            .soreness
            .iter()
            .filter(|s| s.level >= REST_AT && within(s.at, REST_WINDOW))
        {
            mark(&s.zone, s.side);
        }
        for p in inputs.pain.iter().filter(|p| within(p.at, REST_WINDOW)) {
            mark(&p.zone, p.side);
        }
        let mut rest: BTreeMap<&'a str, (Option<Omission>, Option<Omission>)> = BTreeMap::new();
        for (zone, (left, right)) in &own {
            let entry = rest.entry(zone).or_default();
            if *left {
                entry.0 = Some(Omission::Rest);
            }
            if *right {
                entry.1 = Some(Omission::Rest);
            }
            // Its neighbours rest on the same side (both sides when either zone is unsided).
            let Some(z) = catalog.zone(zone) else {
                continue;
            };
            for n in &z.neighbours {
                let Some(nz) = catalog.zone(n) else { continue };
                let entry = rest.entry(nz.id.as_str()).or_default();
                let (l, r) = if z.sided && nz.sided {
                    (*left, *right)
                } else {
                    (true, true)
                };
                if l && entry.0.is_none() {
                    entry.0 = Some(Omission::NextToRest);
                }
                if r && entry.1.is_none() {
                    entry.1 = Some(Omission::NextToRest);
                }
            }
        }

        let mut capped: BTreeMap<&'a str, Cap> = BTreeMap::new();
        let mut worst: BTreeMap<&'a str, &Soreness> = BTreeMap::new();
        for s in inputs
            .soreness
            .iter()
            .filter(|s| s.level >= REST_AT && within(s.at, TimeDelta::days(NO_EXTRA_DAYS)))
        {
            let Some(z) = catalog.zone(&s.zone) else {
                continue;
            };
            let e = worst.entry(z.id.as_str()).or_insert(s);
            if (s.level, s.at) > (e.level, e.at) {
                *e = s;
            }
        }
        for (zone, s) in worst {
            capped.insert(
                zone,
                Cap {
                    reason: Reason::key(keys::REASON_NO_EXTRA)
                        .with("peak", s.level)
                        .with("days", NO_EXTRA_DAYS),
                },
            );
        }
        let mut flagged = BTreeSet::new();
        for zone in inputs.flagged {
            if let Some(z) = catalog.zone(zone) {
                capped.insert(
                    z.id.as_str(),
                    Cap {
                        reason: Reason::key(keys::REASON_SEE_PROFESSIONAL),
                    },
                );
                flagged.insert(z.id.as_str());
            }
        }
        Rules {
            catalog,
            date,
            rest,
            capped,
            flagged,
            day: RaceDay::of(inputs.races, date),
        }
    }

    /// How the races shape the day.
    pub fn race_day(&self) -> Option<&RaceDay<'a>> {
        self.day.as_ref()
    }

    /// Whether the day is light (around a race): every hold at its minimum, light pressure.
    pub fn light(&self) -> bool {
        self.day.is_some()
    }

    /// The zones (or zone sides) that rest, sorted.
    pub fn resting(&self) -> Vec<RestZone> {
        let mut out = Vec::new();
        for (zone, (left, right)) in &self.rest {
            let whole = |why| RestZone {
                zone: ZoneId::from(*zone),
                side: Side::Both,
                why,
            };
            match (left, right) {
                (Some(l), Some(r)) => {
                    out.push(whole(if *l == Omission::Rest || *r == Omission::Rest {
                        Omission::Rest
                    } else {
                        Omission::NextToRest
                    }))
                }
                (Some(why), None) => out.push(RestZone {
                    zone: ZoneId::from(*zone),
                    side: Side::Left,
                    why: *why,
                }),
                (None, Some(why)) => out.push(RestZone {
                    zone: ZoneId::from(*zone),
                    side: Side::Right,
                    why: *why,
                }),
                (None, None) => {}
            }
        }
        out
    }

    /// What keeps the warm-up's moves off zones today: every zone side resting in its own right
    /// (7/10 or more, or stopped for sharp pain, within [`REST_WINDOW`]), then (on both sides)
    /// every zone with a see-a-professional flag that does not rest already. A move loading any
    /// of them is left out. A zone resting only as the neighbour of a sore one is not: that rest
    /// is from pressure through shared tissue, and moving it gently is what its advice asks.
    pub fn warm_up_rest(&self) -> Vec<RestZone> {
        let mut out = self.resting();
        out.retain(|r| r.why == Omission::Rest);
        for zone in &self.flagged {
            if !out.iter().any(|r| r.zone == *zone) {
                out.push(RestZone {
                    zone: ZoneId::from(*zone),
                    side: Side::Both,
                    why: Omission::SeeProfessional,
                });
            }
        }
        out
    }

    /// Whether `side` of `zone` rests (for an unsided zone, any side).
    pub fn rests(&self, zone: &str, side: Side) -> bool {
        self.rest.get(zone).is_some_and(|(l, r)| match side {
            Side::Left => l.is_some(),
            Side::Right => r.is_some(),
            Side::Both => l.is_some() || r.is_some(),
        })
    }

    /// The longest hold, seconds per side, the rule allows on `zone` today under `protocol`.
    pub fn cap_s(&self, zone: &Zone, protocol: Protocol) -> u32 {
        let bounds = protocol.hold(zone);
        if self.light() {
            bounds.min_s
        } else if self.capped.contains_key(zone.id.as_str()) {
            bounds.default_s
        } else {
            bounds.max_s
        }
    }

    /// The pressure (on the [`Pressure`] scale) `zone` gets today under `protocol`.
    pub fn pressure(&self, zone: &Zone, protocol: Protocol) -> u8 {
        let usual = match protocol {
            Protocol::Daily => zone.pressure.daily,
            Protocol::Bodywork => zone.pressure.bodywork,
        };
        if self.light() {
            usual.min(LIGHT_PRESSURE)
        } else {
            usual.min(Pressure::MAX)
        }
    }

    /// Refuses a routine kind the day does not allow: no bodywork session on race morning.
    pub fn allow(&self, kind: &RoutineKind) -> Result<(), SafetyError> {
        match (&self.day, kind.protocol()) {
            (Some(day @ RaceDay::Race(_)), Protocol::Bodywork) => Err(SafetyError::RaceMorning {
                reason: day.reason(self.date).english(self.catalog),
            }),
            _ => Ok(()),
        }
    }

    /// Puts the rule into a routine request: resting zone sides left out, capped zones held at
    /// most at their usual hold (their reason says why), a light day light, race morning the
    /// protocol's shortest budget.
    pub fn apply(&self, request: &mut RoutineRequest) -> Result<(), SafetyError> {
        self.allow(&request.kind)?;
        if request.kind.is_warm_up() {
            // No pressure, no holds: the moves keep off resting and flagged zones, and around
            // a race the warm-up is the light version.
            request.rest = self.warm_up_rest();
            request.capped = Vec::new();
            request.light = self.light();
            return Ok(());
        }
        request.rest = self.resting();
        for p in &mut request.priorities {
            if let Some(cap) = self.capped.get(p.zone.as_str()) {
                p.reason = cap.reason.clone();
            }
        }
        request.capped = self.capped.keys().map(|z| ZoneId::from(*z)).collect();
        request.light = self.light();
        if let (Some(RaceDay::Race(_)), Protocol::Daily) = (&self.day, request.kind.protocol()) {
            // The activation: the protocol's shortest routine.
            request.budget_s = Some(self.catalog.timing().daily.min_s);
        }
        Ok(())
    }

    /// Finishes a routine built from an [`apply`](Rules::apply)ed request: each zone's pressure
    /// for the day, and on a race day the race as every zone's reason.
    pub fn finish(&self, routine: &mut Routine) {
        self.finish_zones(&mut routine.zones, routine.kind.protocol());
    }

    /// [`finish`](Rules::finish) for a routine's zones alone (under `protocol`).
    pub fn finish_zones(&self, zones: &mut [RoutineZone], protocol: Protocol) {
        // The race's reason is the same for every zone: worded once.
        let reason = self.day.as_ref().map(|day| day.reason(self.date));
        for z in zones {
            if let Some(zone) = self.catalog.zone(&z.zone) {
                z.pressure = self.pressure(zone, protocol);
            }
            if let Some(reason) = &reason {
                z.reason.clone_from(reason);
            }
        }
    }

    /// Checks a routine built earlier (or by hand) against the rule before a session of it
    /// starts: no resting side, no hold past today's cap, no bodywork on race morning.
    pub fn check(&self, routine: &Routine) -> Result<(), SafetyError> {
        self.allow(&routine.kind)?;
        self.check_moves(routine)?;
        let protocol = routine.kind.protocol();
        for z in &routine.zones {
            let Some(zone) = self.catalog.zone(&z.zone) else {
                continue;
            };
            for (side, hold) in z.holds() {
                let refuse = |why: String| SafetyError::Routine {
                    place: self.catalog.place(&zone.id, side),
                    why,
                };
                if self.rests(&zone.id, side) {
                    return Err(refuse(self.catalog.text(keys::OMITTED_REST, &[])));
                }
                let cap = self.cap_s(zone, protocol);
                if hold > cap {
                    return Err(refuse(format!("{hold} s is more than today's {cap} s")));
                }
            }
        }
        Ok(())
    }

    /// Refuses a warm-up whose moves load a zone that rests today or has a see-a-professional
    /// flag (built before the runner logged soreness, or by hand). A move this build does not
    /// know is judged by its step's zone alone.
    fn check_moves(&self, routine: &Routine) -> Result<(), SafetyError> {
        let content = WarmUp::embedded().ok();
        let rest = self.warm_up_rest();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for step in &routine.steps {
            let Some(id) = step.move_id.as_deref() else {
                continue;
            };
            if !seen.insert(id) {
                continue;
            }
            let zones: Vec<&str> = match content.and_then(|c| c.get(id)) {
                Some(m) => m.zones.iter().map(|z| z.as_str()).collect(),
                None => vec![step.zone.as_str()],
            };
            if let Some(r) = rest.iter().find(|r| zones.contains(&r.zone.as_str())) {
                let name = content.map_or_else(|| id.to_owned(), |c| c.name(self.catalog, id));
                let why = self.catalog.text(
                    r.why.move_text_key(),
                    &[("zone", &self.catalog.place(&r.zone, r.side))],
                );
                return Err(SafetyError::Routine { place: name, why });
            }
        }
        Ok(())
    }

    /// Refuses +30 s on a hold of `step` that would take it past today's cap; `length_s` is the
    /// step's length with the extension.
    pub fn check_extend(
        &self,
        protocol: Protocol,
        step: &Step,
        length_s: u32,
    ) -> Result<(), SafetyError> {
        let Some(zone) = self.catalog.zone(&step.zone) else {
            return Ok(());
        };
        if step.kind != crate::routine::StepKind::Hold {
            return Ok(());
        }
        let cap = self.cap_s(zone, protocol);
        if length_s <= cap {
            return Ok(());
        }
        let why = match (self.day.as_ref(), self.capped.get(zone.id.as_str())) {
            (Some(day), _) => day.reason(self.date).english(self.catalog),
            (None, Some(c)) => c.reason.english(self.catalog),
            (None, None) => format!("{cap} s is the longest hold for this zone"),
        };
        Err(SafetyError::NoMoreTime {
            zone: self.catalog.text(&zone.name, &[]),
            why,
        })
    }
}

/// Where a step back from step `index` lands when the zones in `stopped` were stopped for sharp
/// pain in this session: the step before, unless that is in, or before, a stopped zone, in which
/// case the current step restarts. A stopped zone is never entered again.
pub fn back_target<'z>(
    steps: &[Step],
    stopped: impl IntoIterator<Item = &'z str>,
    index: usize,
) -> usize {
    let barrier = stopped
        .into_iter()
        .filter_map(|zone| steps.iter().rposition(|s| s.zone == zone))
        .map(|last| last + 1)
        .max()
        .unwrap_or(0);
    index.saturating_sub(1).max(barrier).min(index)
}

/// The newest rating of each zone side in the window before `at` wins (a calf at 1/10 this
/// morning is at 1/10, whatever it was two days ago). Returns, per zone, the newest level on the
/// left and on the right (`both` counts for each) and whether the zone was logged at all.
pub fn newest_levels<'s>(
    soreness: &'s [Soreness],
    at: DateTime<Utc>,
    window: TimeDelta,
) -> BTreeMap<&'s str, [Option<&'s Soreness>; 2]> {
    let mut newest: BTreeMap<&'s str, [Option<&'s Soreness>; 2]> = BTreeMap::new();
    for s in soreness.iter().filter(|s| s.at <= at && s.at > at - window) {
        let e = newest.entry(s.zone.as_str()).or_default();
        for (i, side) in [Side::Left, Side::Right].into_iter().enumerate() {
            if s.side == side || s.side == Side::Both {
                let newer = match e[i] {
                    Some(old) => (s.at, &s.id) > (old.at, &old.id),
                    None => true,
                };
                if newer {
                    e[i] = Some(s);
                }
            }
        }
    }
    newest
}
