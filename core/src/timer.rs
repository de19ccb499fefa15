//! The guided-session timer.
//!
//! The timer never counts ticks. Its state is a pure function of the routine, the recorded event
//! log and an explicit `now`, so a phone that sleeps, locks or kills the app gets the exact same
//! answer after it wakes: store the events, replay them, ask again. Semantics in `docs/timer.md`.
//!
//! Time inside a session never runs backwards: an event or a `now` earlier than the latest instant
//! already seen is read as that latest instant. Durations are whole milliseconds.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::keys;
use crate::routine::{Routine, Side, StepKind};
use crate::safety;
use crate::vocab::{ErrorKind, ZoneId};
pub use crate::vocab::{Event, TimedEvent};
use crate::warmup::WarmUp;
use crate::zones::Catalog;

/// How much one "extend" adds to the current step.
pub const EXTEND_S: u32 = 30;
/// The "10 seconds left" cue comes this long before a hold ends.
pub const TEN_SECONDS_LEFT_S: u32 = 10;
/// Holds shorter than this get no "10 seconds left" cue.
pub const TEN_SECONDS_LEFT_MIN_HOLD_S: u32 = 20;
/// A finished session counts as done (streak, "done today", the report) when the runner held
/// pressure for at least this share, in percent, of the routine's planned hold time (zones
/// stopped for sharp pain left out of the plan). Skipping through every step does not count, and
/// a warm-up, which holds no pressure, never counts: the streak is the release routine's.
pub const DONE_AT_HELD_PERCENT: i64 = 50;

named_enum! {
    /// Where a session stands.
    pub enum Status {
        /// Counting down the current step; [`Event::Pause`] freezes it.
        Running,
        /// Paused by the runner.
        Paused,
        /// The last step ran out (or was skipped); waiting for the runner to finish.
        Completed,
        /// The runner finished the session.
        Finished,
        /// The runner abandoned the session.
        Aborted,
    }
}

impl Status {
    /// Whether the session will not count down any more.
    pub fn is_over(self) -> bool {
        matches!(self, Status::Completed | Status::Finished | Status::Aborted)
    }
}

/// A zone the runner stopped because of sharp pain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PainMark {
    /// The zone's id in the zone map (`calves`); the rest of it was skipped.
    pub zone: ZoneId,
    /// Side being worked.
    pub side: Side,
    /// Index of the step it happened in.
    pub step_index: u32,
    /// When the runner stopped (never earlier than the session's previous event).
    pub at: DateTime<Utc>,
}

/// What the screen shows at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Snapshot {
    /// Where the session stands.
    pub status: Status,
    /// Index of the current step (the last one reached once the session is over).
    pub step_index: u32,
    /// Time spent in the current step, ms.
    pub step_elapsed_ms: u64,
    /// Time left in the current step, ms.
    pub step_remaining_ms: u64,
    /// Length of the current step including extensions, ms.
    pub step_length_ms: u64,
    /// Time the session has been counting (pauses excluded), ms.
    pub session_elapsed_ms: u64,
    /// Time left until the last step ends if nothing else happens, ms.
    pub session_remaining_ms: u64,
    /// 0 to 1 through the current step.
    pub step_progress: f64,
    /// 0 to 1 through the whole routine.
    pub session_progress: f64,
    /// When the session will end if it keeps running; absent while paused or once over.
    pub ends_at: Option<DateTime<Utc>>,
    /// When the session ended (ran out, finished or aborted); absent while it goes on.
    pub ended_at: Option<DateTime<Utc>>,
    /// Zones stopped because of sharp pain, in order.
    pub pain_skips: Vec<PainMark>,
    /// Time actually held under pressure (hold steps, pauses excluded), ms.
    pub held_ms: u64,
}

impl Snapshot {
    /// Seconds left in the step, rounded up: what a countdown shows.
    pub fn step_seconds_left(&self) -> u64 {
        self.step_remaining_ms.div_ceil(1000)
    }

    /// Seconds left in the session, rounded up.
    pub fn session_seconds_left(&self) -> u64 {
        self.session_remaining_ms.div_ceil(1000)
    }
}

named_enum! {
    /// What a cue tells the runner.
    pub enum CueKind {
        /// A step begins (announce the zone and side).
        StepStart,
        /// Turn to the other side.
        SwitchSides,
        /// Ten seconds left in a hold.
        TenSecondsLeft,
        /// The routine is done.
        SessionEnd,
    }
}

impl CueKind {
    /// The text key of the cue.
    pub fn text_key(self) -> &'static str {
        match self {
            CueKind::StepStart => keys::CUE_STEP_START,
            CueKind::SwitchSides => keys::CUE_SWITCH_SIDES,
            CueKind::TenSecondsLeft => keys::CUE_TEN_SECONDS_LEFT,
            CueKind::SessionEnd => keys::CUE_SESSION_END,
        }
    }
}

/// A cue the phone turns into a notification, haptic or voice prompt at an absolute instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Cue {
    /// Stable id: the same cue keeps its id when a pause moves it, so the phone replaces it.
    pub id: String,
    /// When to fire.
    pub at: DateTime<Utc>,
    /// What to say.
    pub kind: CueKind,
    /// The step it belongs to.
    pub step_index: u32,
    /// What to say or show, in the runner's words (`Calves, left: Hold`).
    pub words: String,
}

/// An event that is not allowed, or a stored log that cannot be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    /// A routine without steps cannot be timed.
    #[error("the routine has no steps")]
    EmptyRoutine,
    /// A step of zero length.
    #[error("step {index} has a length of zero")]
    ZeroLengthStep {
        /// Its position in the routine's `steps`, from 0.
        index: usize,
    },
    /// The log does not begin with a start.
    #[error("the session log must begin with a start event")]
    NotStarted,
    /// A second start.
    #[error("the session has already started")]
    AlreadyStarted,
    /// Pause while paused.
    #[error("the session is already paused")]
    AlreadyPaused,
    /// Resume while running.
    #[error("the session is not paused")]
    NotPaused,
    /// Any event (but finishing a completed session) once the session is over.
    #[error("the session is over ({status:?}); start a new one")]
    SessionOver {
        /// How it ended.
        status: Status,
    },
    /// A stored log has an event that cannot be replayed.
    #[error("event {index} of the stored session log cannot be replayed: {source}")]
    BadLog {
        /// Position in the log.
        index: usize,
        /// What replaying that event ran into (a pause while paused, say).
        source: Box<TimerError>,
    },
}

impl TimerError {
    /// What kind of failure this is: an event the session's state does not allow is a conflict,
    /// a routine that cannot be timed is bad input, a stored log that does not replay is a bug.
    pub fn kind(&self) -> ErrorKind {
        match self {
            TimerError::EmptyRoutine | TimerError::ZeroLengthStep { .. } => ErrorKind::BadInput,
            TimerError::NotStarted | TimerError::BadLog { .. } => ErrorKind::Internal,
            TimerError::AlreadyStarted
            | TimerError::AlreadyPaused
            | TimerError::NotPaused
            | TimerError::SessionOver { .. } => ErrorKind::Conflict,
        }
    }
}

/// A step as the runner reads it at its start: where, and what to do (`Calves, left: Hold`;
/// in a warm-up, `Walking lunges: Go`).
pub fn step_title(catalog: &Catalog, step: &crate::routine::Step) -> String {
    catalog.text(
        CueKind::StepStart.text_key(),
        &[
            ("zone", &step_place(catalog, step)),
            ("step", &step_label(catalog, step)),
        ],
    )
}

/// What a step asks, in words: "Hold", "Get into position", "Switch sides", "Next zone"; in a
/// warm-up "Go" and "Next move".
pub fn step_label(catalog: &Catalog, step: &crate::routine::Step) -> String {
    let key = match (step.kind, &step.move_id) {
        (StepKind::Transition, Some(_)) => keys::STEP_NEXT_MOVE,
        (kind, _) => kind.text_key(),
    };
    catalog.text(key, &[])
}

/// Where a step works, as the runner reads it: the zone and side (`Calves, left`), or in a
/// warm-up the move and side (`Front-to-back leg swings, left`). An unknown id is shown as it is.
pub fn step_place(catalog: &Catalog, step: &crate::routine::Step) -> String {
    let Some(id) = &step.move_id else {
        return catalog.place(&step.zone, step.side);
    };
    let name = match WarmUp::embedded() {
        Ok(w) => w.name(catalog, id),
        Err(_) => id.clone(),
    };
    match step.side {
        Side::Both => name,
        side => format!(
            "{name}, {}",
            catalog.text(side.text_key(), &[]).to_lowercase()
        ),
    }
}

/// A cue's words: the step's title at its start, the side at a switch, the end of the routine
/// or of the warm-up.
fn cue_words(
    catalog: &Catalog,
    routine: &Routine,
    step: &crate::routine::Step,
    kind: CueKind,
) -> String {
    match kind {
        CueKind::StepStart => step_title(catalog, step),
        CueKind::SwitchSides => {
            catalog.text(kind.text_key(), &[("zone", &step_place(catalog, step))])
        }
        CueKind::SessionEnd if routine.kind.is_warm_up() => {
            catalog.text(keys::CUE_WARM_UP_END, &[])
        }
        CueKind::TenSecondsLeft | CueKind::SessionEnd => catalog.text(kind.text_key(), &[]),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct End {
    status: Status,
    /// Whether every step was reached (ran out or skipped through), as opposed to ended early.
    completed: bool,
    /// Active time at which the session ended, ms.
    active: i64,
    /// Wall instant at which it ended, ms since the epoch.
    wall: i64,
}

/// Position in the routine: which step, since when (in active time), and how long it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cursor {
    index: usize,
    begin: i64,
    length: i64,
    end: Option<End>,
    /// Time held in hold steps the cursor has left, ms.
    held: i64,
}

#[derive(Debug, Clone, PartialEq)]
struct State {
    start: i64,
    /// The latest instant seen; earlier instants are read as this one.
    clock: i64,
    paused_since: Option<i64>,
    paused_total: i64,
    cursor: Cursor,
    pain: Vec<PainMark>,
}

/// A running (or finished) guided session: the routine, its event log and the state they imply.
#[derive(Debug, Clone, PartialEq)]
pub struct Timer {
    /// Shared, not copied: an import replays thousands of sessions of the same few routines.
    routine: Arc<Routine>,
    events: Vec<TimedEvent>,
    /// Planned step lengths, ms.
    lengths: Vec<i64>,
    /// Whether each step is a hold (pressure), as opposed to getting into position.
    holds: Vec<bool>,
    /// `prefix[i]`: planned ms before step `i`; `prefix[n]`: the planned total.
    prefix: Vec<i64>,
    state: State,
}

fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `part / whole` clamped to 0..=1 (1 for an empty whole).
fn ratio(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        1.0
    } else {
        (part as f64 / whole as f64).clamp(0.0, 1.0)
    }
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Timer {
    /// Starts a session of `routine` at `at`.
    pub fn start(routine: impl Into<Arc<Routine>>, at: DateTime<Utc>) -> Result<Timer, TimerError> {
        let routine = routine.into();
        let lengths = routine
            .steps
            .iter()
            .enumerate()
            .map(|(index, s)| match s.seconds {
                0 => Err(TimerError::ZeroLengthStep { index }),
                n => Ok(i64::from(n) * 1000),
            })
            .collect::<Result<Vec<i64>, _>>()?;
        let first = *lengths.first().ok_or(TimerError::EmptyRoutine)?;
        let prefix = std::iter::once(0)
            .chain(lengths.iter().scan(0, |sum, l| {
                *sum += l;
                Some(*sum)
            }))
            .collect();
        let start = ms(at);
        let holds = routine
            .steps
            .iter()
            .map(|s| s.kind == StepKind::Hold)
            .collect();
        Ok(Timer {
            routine,
            events: vec![TimedEvent {
                at,
                event: Event::Start,
            }],
            lengths,
            holds,
            prefix,
            state: State {
                start,
                clock: start,
                paused_since: None,
                paused_total: 0,
                cursor: Cursor {
                    index: 0,
                    begin: 0,
                    length: first,
                    end: None,
                    held: 0,
                },
                pain: Vec::new(),
            },
        })
    }

    /// Rebuilds a session from its stored routine and event log (after the app was killed).
    pub fn from_log(
        routine: impl Into<Arc<Routine>>,
        events: &[TimedEvent],
    ) -> Result<Timer, TimerError> {
        let Some((first, rest)) = events.split_first() else {
            return Err(TimerError::NotStarted);
        };
        if first.event != Event::Start {
            return Err(TimerError::NotStarted);
        }
        let mut timer = Timer::start(routine, first.at)?;
        for (i, e) in rest.iter().enumerate() {
            timer
                .apply(e.event, e.at)
                .map_err(|source| TimerError::BadLog {
                    index: i + 1,
                    source: Box::new(source),
                })?;
        }
        Ok(timer)
    }

    /// Records `event` at `at`. An event that is not allowed changes nothing and is an error.
    pub fn apply(&mut self, event: Event, at: DateTime<Utc>) -> Result<(), TimerError> {
        let mut next = self.state.clone();
        next.on(event, ms(at), &self.routine, &self.plan())?;
        self.state = next;
        self.events.push(TimedEvent { at, event });
        Ok(())
    }

    fn plan(&self) -> Plan<'_> {
        Plan {
            lengths: &self.lengths,
            holds: &self.holds,
        }
    }

    /// Whether the session counts as done: finished, with pressure held for at least
    /// [`DONE_AT_HELD_PERCENT`] of the planned hold time of the zones not stopped for sharp pain.
    pub fn counts_as_done(&self) -> bool {
        let last = self.events.last().map_or(self.started_at(), |e| e.at);
        let snap = self.snapshot(last);
        let stopped: Vec<&str> = snap.pain_skips.iter().map(|p| p.zone.as_str()).collect();
        let planned: i64 = self
            .routine
            .steps
            .iter()
            .zip(&self.lengths)
            .filter(|(s, _)| s.kind == StepKind::Hold && !stopped.contains(&s.zone.as_str()))
            .map(|(_, l)| l)
            .sum();
        let held = i64::try_from(snap.held_ms).unwrap_or(i64::MAX);
        snap.status == Status::Finished
            && planned > 0
            && held * 100 >= planned * DONE_AT_HELD_PERCENT
    }

    /// The routine being timed.
    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    /// The routine being timed, shared rather than copied (to store it with the session).
    pub fn shared_routine(&self) -> Arc<Routine> {
        Arc::clone(&self.routine)
    }

    /// The event log, in the order recorded; store it to resume later.
    pub fn events(&self) -> &[TimedEvent] {
        &self.events
    }

    /// When the session started.
    pub fn started_at(&self) -> DateTime<Utc> {
        instant(self.state.start)
    }

    /// The session as it stands at `now`.
    pub fn snapshot(&self, now: DateTime<Utc>) -> Snapshot {
        let (t, active, cursor) = self.at(now);
        let s = &self.state;
        let status = match (cursor.end, s.paused_since) {
            (Some(end), _) => end.status,
            (None, Some(_)) => Status::Paused,
            (None, None) => Status::Running,
        };
        // While over, time stands still at the end.
        let active = cursor.end.map_or(active, |e| e.active);
        let step_elapsed = (active - cursor.begin).clamp(0, cursor.length);
        let step_remaining = if cursor.end.is_some() {
            0
        } else {
            cursor.length - step_elapsed
        };
        let i = cursor.index;
        let planned = self.lengths.get(i).copied().unwrap_or(cursor.length);
        let planned_total = self.prefix.last().copied().unwrap_or(0);
        let later = planned_total - self.prefix.get(i + 1).copied().unwrap_or(planned_total);
        // Progress is measured along the plan: an extended step still counts as its planned
        // length, so progress never dips when an extended step hands over to the next one.
        let done = if cursor.end.is_some_and(|e| e.completed) {
            planned_total as f64
        } else {
            self.prefix.get(i).copied().unwrap_or(0) as f64
                + planned as f64 * ratio(step_elapsed, cursor.length)
        };
        let session_remaining = if cursor.end.is_some() {
            0
        } else {
            step_remaining + later
        };
        Snapshot {
            status,
            step_index: u32::try_from(i).unwrap_or(u32::MAX),
            step_elapsed_ms: to_u64(step_elapsed),
            step_remaining_ms: to_u64(step_remaining),
            step_length_ms: to_u64(cursor.length),
            session_elapsed_ms: to_u64(active),
            session_remaining_ms: to_u64(session_remaining),
            step_progress: ratio(step_elapsed, cursor.length),
            session_progress: if planned_total > 0 {
                (done / planned_total as f64).clamp(0.0, 1.0)
            } else {
                1.0
            },
            ends_at: (status == Status::Running).then(|| instant(t + session_remaining)),
            ended_at: cursor.end.map(|e| instant(e.wall)),
            pain_skips: s.pain.clone(),
            held_ms: to_u64(
                cursor.held
                    + if cursor.end.is_none() && self.holds.get(i) == Some(&true) {
                        step_elapsed
                    } else {
                        0
                    },
            ),
        }
    }

    /// The cues due in `[now, now + horizon]` if nothing else happens, in time order. None while
    /// paused or over: the phone cancels what it had and asks again after the next event.
    pub fn cues(&self, catalog: &Catalog, now: DateTime<Utc>, horizon: TimeDelta) -> Vec<Cue> {
        let (t, active, cursor) = self.at(now);
        if cursor.end.is_some() || self.state.paused_since.is_some() {
            return Vec::new();
        }
        let until = t.saturating_add(horizon.num_milliseconds().max(0));
        let wall = |a: i64| t + (a - active);
        let mut cues = Vec::new();
        let mut push = |at: i64, kind: CueKind, index: usize, id: String| {
            if at >= t && at <= until {
                cues.push(Cue {
                    id,
                    at: instant(at),
                    kind,
                    step_index: u32::try_from(index).unwrap_or(u32::MAX),
                    words: cue_words(catalog, &self.routine, &self.routine.steps[index], kind),
                });
            }
        };
        let (mut begin, mut length) = (cursor.begin, cursor.length);
        for index in cursor.index..self.lengths.len() {
            if index > cursor.index {
                length = self.lengths[index];
            }
            if wall(begin) > until {
                break;
            }
            let step = &self.routine.steps[index];
            let kind = match step.kind {
                StepKind::SwitchSides => CueKind::SwitchSides,
                _ => CueKind::StepStart,
            };
            push(wall(begin), kind, index, format!("step-{index}-start"));
            let hold_s = i64::from(TEN_SECONDS_LEFT_MIN_HOLD_S) * 1000;
            if step.kind == StepKind::Hold && length >= hold_s {
                let at = wall(begin + length - i64::from(TEN_SECONDS_LEFT_S) * 1000);
                push(
                    at,
                    CueKind::TenSecondsLeft,
                    index,
                    format!("step-{index}-ten-left"),
                );
            }
            begin += length;
            if index + 1 == self.lengths.len() {
                push(
                    wall(begin),
                    CueKind::SessionEnd,
                    index,
                    "session-end".to_owned(),
                );
            }
        }
        cues
    }

    /// Resolves `now` against the log: the instant used, active ms, and the cursor at that time.
    fn at(&self, now: DateTime<Utc>) -> (i64, i64, Cursor) {
        let s = &self.state;
        let t = ms(now).max(s.clock);
        let active = s.active(t);
        let mut cursor = s.cursor;
        cursor.advance(active, s, &self.plan());
        (t, active, cursor)
    }
}

impl State {
    /// Counting time at wall instant `t` (≥ clock): wall time since start minus pauses.
    fn active(&self, t: i64) -> i64 {
        let paused_now = self.paused_since.map_or(0, |p| t - p);
        (t - self.start - self.paused_total - paused_now).max(0)
    }

    fn on(
        &mut self,
        event: Event,
        at: i64,
        routine: &Routine,
        plan: &Plan,
    ) -> Result<(), TimerError> {
        let t = at.max(self.clock);
        self.clock = t;
        let active = self.active(t);
        let mut cursor = self.cursor;
        cursor.advance(active, self, plan);
        if let Some(mut end) = cursor.end {
            return match (end.status, event) {
                (Status::Completed, Event::Finish) => {
                    end.status = Status::Finished;
                    cursor.end = Some(end);
                    self.cursor = cursor;
                    Ok(())
                }
                (status, _) => Err(TimerError::SessionOver { status }),
            };
        }
        match event {
            Event::Start => return Err(TimerError::AlreadyStarted),
            Event::Pause if self.paused_since.is_some() => return Err(TimerError::AlreadyPaused),
            Event::Pause => self.paused_since = Some(t),
            Event::Resume => {
                let since = self.paused_since.take().ok_or(TimerError::NotPaused)?;
                self.paused_total += t - since;
            }
            Event::Skip => cursor.jump(cursor.index + 1, active, t, plan),
            Event::Back => {
                // Never back into (or across) a zone stopped for sharp pain (`safety`).
                let stopped = self.pain.iter().map(|p| p.zone.as_str());
                let to = safety::back_target(&routine.steps, stopped, cursor.index);
                cursor.jump(to, active, t, plan);
            }
            Event::Extend => cursor.length += i64::from(EXTEND_S) * 1000,
            Event::PainSkip => {
                let step = &routine.steps[cursor.index];
                self.pain.push(PainMark {
                    zone: step.zone.clone(),
                    side: step.side,
                    step_index: u32::try_from(cursor.index).unwrap_or(u32::MAX),
                    at: instant(t),
                });
                // The rest of the zone (in a warm-up, of the move) is skipped.
                let next = routine.steps[cursor.index..]
                    .iter()
                    .position(|s| s.zone != step.zone || s.move_id != step.move_id)
                    .map_or(plan.lengths.len(), |offset| cursor.index + offset);
                cursor.jump(next, active, t, plan);
            }
            Event::Finish | Event::Abort => {
                if let Some(since) = self.paused_since.take() {
                    self.paused_total += t - since;
                }
                cursor.leave(active, plan);
                cursor.end = Some(End {
                    status: if event == Event::Finish {
                        Status::Finished
                    } else {
                        Status::Aborted
                    },
                    completed: false,
                    active,
                    wall: t,
                });
            }
        }
        self.cursor = cursor;
        Ok(())
    }
}

/// The planned steps as the cursor needs them.
struct Plan<'a> {
    /// Planned step lengths, ms.
    lengths: &'a [i64],
    /// Whether each step is a hold.
    holds: &'a [bool],
}

impl Cursor {
    /// Moves through every step that ran out by `active`; the session completes after the last.
    fn advance(&mut self, active: i64, state: &State, plan: &Plan) {
        while self.end.is_none() && active >= self.begin + self.length {
            let end_of_step = self.begin + self.length;
            self.leave(end_of_step, plan);
            if self.index + 1 >= plan.lengths.len() {
                self.end = Some(End {
                    status: Status::Completed,
                    completed: true,
                    active: end_of_step,
                    wall: state.start + state.paused_total + end_of_step,
                });
            } else {
                self.index += 1;
                self.begin = end_of_step;
                self.length = plan.lengths[self.index];
            }
        }
    }

    /// Counts the time spent in the current step, up to `active`, as held if it is a hold.
    fn leave(&mut self, active: i64, plan: &Plan) {
        if plan.holds.get(self.index) == Some(&true) {
            self.held += (active - self.begin).clamp(0, self.length);
        }
    }

    /// Starts step `index` now; past the last step the session completes now.
    fn jump(&mut self, index: usize, active: i64, t: i64, plan: &Plan) {
        self.leave(active, plan);
        match plan.lengths.get(index) {
            Some(&length) => {
                self.index = index;
                self.begin = active;
                self.length = length;
            }
            None => {
                self.end = Some(End {
                    status: Status::Completed,
                    completed: true,
                    active,
                    wall: t,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{self, CustomZone, Protocol, RoutineKind, RoutineRequest};
    use crate::zones::Catalog;

    /// Calves (60 s a side) then the upper back (30 s): steps 10, 60, 5, 60, 10, 30 = 175 s.
    fn routine() -> Routine {
        let catalog = Catalog::embedded().expect("content");
        let zones = vec![
            CustomZone {
                zone: "calves".into(),
                hold_s: Some(60),
            },
            CustomZone {
                zone: "thoracic-spine".into(),
                hold_s: Some(30),
            },
        ];
        let kind = RoutineKind::Custom {
            protocol: Protocol::Daily,
            zones,
        };
        let mut req = RoutineRequest::new(kind);
        req.budget_s = Some(300);
        let r = routine::build(catalog, &req).expect("routine");
        let lengths: Vec<u32> = r.steps.iter().map(|s| s.seconds).collect();
        assert_eq!(lengths, [10, 60, 5, 60, 10, 30]);
        r
    }

    fn at(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).expect("instant")
    }

    fn started() -> Timer {
        Timer::start(routine(), at(0)).expect("start")
    }

    #[test]
    fn a_fresh_session_counts_down_from_the_first_step() {
        let t = started();
        let s = t.snapshot(at(0));
        assert_eq!(s.status, Status::Running);
        assert_eq!((s.step_index, s.step_remaining_ms), (0, 10_000));
        assert_eq!(s.session_remaining_ms, 175_000);
        assert_eq!(s.ends_at, Some(at(175)));
        let s = t.snapshot(at(15));
        assert_eq!((s.step_index, s.step_elapsed_ms), (1, 5_000));
        assert_eq!(s.step_seconds_left(), 55);
        assert_eq!(s.session_elapsed_ms, 15_000);
    }

    #[test]
    fn pausing_freezes_the_countdown_and_moves_the_end() {
        let mut t = started();
        t.apply(Event::Pause, at(20)).expect("pause");
        let frozen = t.snapshot(at(20));
        let later = t.snapshot(at(100));
        assert_eq!(later.status, Status::Paused);
        assert_eq!(later.step_remaining_ms, frozen.step_remaining_ms);
        assert_eq!(later.ends_at, None);
        t.apply(Event::Resume, at(120)).expect("resume");
        assert_eq!(t.snapshot(at(120)).ends_at, Some(at(275)));
        assert_eq!(t.snapshot(at(130)).session_elapsed_ms, 30_000);
    }

    #[test]
    fn skip_back_and_extend_move_through_the_steps() {
        let mut t = started();
        t.apply(Event::Skip, at(30)).expect("skip");
        let s = t.snapshot(at(30));
        assert_eq!((s.step_index, s.step_remaining_ms), (2, 5_000));
        t.apply(Event::Back, at(32)).expect("back");
        let s = t.snapshot(at(32));
        assert_eq!((s.step_index, s.step_remaining_ms), (1, 60_000));
        t.apply(Event::Extend, at(40)).expect("extend");
        let s = t.snapshot(at(40));
        assert_eq!((s.step_length_ms, s.step_remaining_ms), (90_000, 82_000));
        // Back on the first step restarts it.
        let mut t = started();
        t.apply(Event::Back, at(4)).expect("back");
        assert_eq!(t.snapshot(at(4)).step_remaining_ms, 10_000);
    }

    #[test]
    fn pain_skip_records_the_zone_and_skips_the_rest_of_it() {
        let mut t = started();
        t.apply(Event::PainSkip, at(20)).expect("pain");
        let s = t.snapshot(at(20));
        assert_eq!(s.step_index, 4, "the upper back's transition");
        assert_eq!(t.routine().steps[4].zone, "thoracic-spine");
        assert_eq!(
            s.pain_skips,
            vec![PainMark {
                zone: "calves".into(),
                side: Side::Left,
                step_index: 1,
                at: at(20),
            }]
        );
        // Pain on the last zone completes the session.
        t.apply(Event::PainSkip, at(25)).expect("pain");
        assert_eq!(t.snapshot(at(25)).status, Status::Completed);
    }

    #[test]
    fn a_session_completes_then_can_only_be_finished() {
        let mut t = started();
        let s = t.snapshot(at(500));
        assert_eq!(s.status, Status::Completed);
        assert_eq!((s.session_remaining_ms, s.session_progress), (0, 1.0));
        assert_eq!(s.session_elapsed_ms, 175_000);
        assert_eq!(s.ended_at, Some(at(175)));
        assert_eq!(
            t.apply(Event::Pause, at(500)),
            Err(TimerError::SessionOver {
                status: Status::Completed
            })
        );
        t.apply(Event::Finish, at(500)).expect("finish");
        assert_eq!(t.snapshot(at(600)).status, Status::Finished);
        assert_eq!(
            t.apply(Event::Finish, at(600)),
            Err(TimerError::SessionOver {
                status: Status::Finished
            })
        );
    }

    #[test]
    fn finish_early_and_abort_end_the_session_where_it_stood() {
        let mut t = started();
        t.apply(Event::Pause, at(20)).expect("pause");
        t.apply(Event::Finish, at(50)).expect("finish");
        let s = t.snapshot(at(90));
        assert_eq!(s.status, Status::Finished);
        assert_eq!(s.session_elapsed_ms, 20_000);
        assert!(s.session_progress < 0.2);
        let mut t = started();
        t.apply(Event::Abort, at(20)).expect("abort");
        assert_eq!(t.snapshot(at(30)).status, Status::Aborted);
        assert!(matches!(
            t.apply(Event::Resume, at(31)),
            Err(TimerError::SessionOver { .. })
        ));
    }

    #[test]
    fn events_out_of_place_are_typed_errors_and_change_nothing() {
        let mut t = started();
        let before = t.clone();
        assert_eq!(t.apply(Event::Resume, at(1)), Err(TimerError::NotPaused));
        assert_eq!(
            t.apply(Event::Start, at(1)),
            Err(TimerError::AlreadyStarted)
        );
        assert_eq!(t, before);
        t.apply(Event::Pause, at(2)).expect("pause");
        assert_eq!(t.apply(Event::Pause, at(3)), Err(TimerError::AlreadyPaused));
        assert_eq!(t.events().len(), 2);
    }

    #[test]
    fn a_clock_that_jumps_back_never_gives_negative_time() {
        let mut t = started();
        t.apply(Event::Pause, at(50)).expect("pause");
        // The phone's clock jumped back an hour: the resume counts as happening at 50 s.
        t.apply(Event::Resume, at(-3600)).expect("resume");
        let s = t.snapshot(at(-7200));
        assert_eq!(s.session_elapsed_ms, 50_000);
        assert_eq!(s.status, Status::Running);
        assert_eq!(t.snapshot(at(60)).session_elapsed_ms, 60_000);
        let fresh = started();
        assert_eq!(fresh.snapshot(at(-10)).session_elapsed_ms, 0);
    }

    #[test]
    fn a_killed_app_resumes_with_an_identical_snapshot() {
        let mut t = started();
        for (s, e) in [
            (20, Event::Pause),
            (45, Event::Resume),
            (50, Event::Extend),
            (70, Event::Skip),
            (90, Event::Pause),
        ] {
            t.apply(e, at(s)).expect("event");
        }
        let stored_routine = serde_json::to_string(t.routine()).expect("json");
        let stored_events = serde_json::to_string(t.events()).expect("json");
        let routine: Routine = serde_json::from_str(&stored_routine).expect("routine");
        let events: Vec<TimedEvent> = serde_json::from_str(&stored_events).expect("events");
        let resumed = Timer::from_log(routine, &events).expect("replay");
        for now in [90, 91, 500] {
            assert_eq!(resumed.snapshot(at(now)), t.snapshot(at(now)));
        }
        assert_eq!(resumed, t);
    }

    #[test]
    fn a_damaged_log_is_a_typed_error() {
        assert_eq!(
            Timer::from_log(routine(), &[]).err(),
            Some(TimerError::NotStarted)
        );
        let pause = TimedEvent {
            at: at(1),
            event: Event::Pause,
        };
        let start = TimedEvent {
            at: at(0),
            event: Event::Start,
        };
        assert_eq!(
            Timer::from_log(routine(), &[pause]).err(),
            Some(TimerError::NotStarted)
        );
        let err = Timer::from_log(routine(), &[start, pause, pause]).err();
        assert_eq!(
            err,
            Some(TimerError::BadLog {
                index: 2,
                source: Box::new(TimerError::AlreadyPaused)
            })
        );
        let mut empty = routine();
        empty.steps.clear();
        assert_eq!(
            Timer::start(empty, at(0)).err(),
            Some(TimerError::EmptyRoutine)
        );
        let mut zero = routine();
        zero.steps[3].seconds = 0;
        assert_eq!(
            Timer::start(zero, at(0)).err(),
            Some(TimerError::ZeroLengthStep { index: 3 })
        );
    }

    fn ids_and_seconds(cues: &[Cue], origin: i64) -> Vec<(String, i64)> {
        cues.iter()
            .map(|c| (c.id.clone(), c.at.timestamp() - at(origin).timestamp()))
            .collect()
    }

    #[test]
    fn cues_name_every_change_at_its_absolute_instant() {
        let t = started();
        let cues = t.cues(Catalog::embedded().unwrap(), at(0), TimeDelta::hours(1));
        let expected = [
            ("step-0-start", 0),
            ("step-1-start", 10),
            ("step-1-ten-left", 60),
            ("step-2-start", 70),
            ("step-3-start", 75),
            ("step-3-ten-left", 125),
            ("step-4-start", 135),
            ("step-5-start", 145),
            ("step-5-ten-left", 165),
            ("session-end", 175),
        ];
        let expected: Vec<(String, i64)> = expected
            .iter()
            .map(|(id, s)| (id.to_string(), *s))
            .collect();
        assert_eq!(ids_and_seconds(&cues, 0), expected);
        assert_eq!(cues[3].kind, CueKind::SwitchSides);
        assert_eq!(cues[9].kind, CueKind::SessionEnd);
        // A horizon keeps only what is due soon.
        assert_eq!(
            t.cues(Catalog::embedded().unwrap(), at(0), TimeDelta::seconds(60))
                .len(),
            3
        );
    }

    #[test]
    fn cues_are_recomputed_exactly_after_a_pause_or_skip() {
        let mut t = started();
        t.apply(Event::Pause, at(30)).expect("pause");
        assert!(t
            .cues(Catalog::embedded().unwrap(), at(40), TimeDelta::hours(1))
            .is_empty());
        t.apply(Event::Resume, at(130)).expect("resume");
        let cues = t.cues(Catalog::embedded().unwrap(), at(130), TimeDelta::hours(1));
        assert_eq!(cues[0].id, "step-1-ten-left");
        assert_eq!(cues[0].at, at(160));
        assert_eq!(cues.last().map(|c| c.at), Some(at(275)));
        t.apply(Event::Skip, at(140)).expect("skip");
        let cues = t.cues(Catalog::embedded().unwrap(), at(140), TimeDelta::hours(1));
        assert_eq!((cues[0].id.as_str(), cues[0].at), ("step-2-start", at(140)));
        assert_eq!(cues.last().map(|c| c.at), Some(at(140 + 105)));
        t.apply(Event::Abort, at(150)).expect("abort");
        assert!(t
            .cues(Catalog::embedded().unwrap(), at(150), TimeDelta::hours(1))
            .is_empty());
    }
}
