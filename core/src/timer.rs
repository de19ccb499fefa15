//! The guided-session timer.
//!
//! The timer never counts ticks. Its state is a pure function of the routine, the recorded event
//! log and an explicit `now`, so a phone that sleeps, locks or kills the app gets the exact same
//! answer after it wakes: store the events, replay them, ask again. Semantics in `docs/timer.md`.
//!
//! Time inside a session never runs backwards: an event or a `now` earlier than the latest instant
//! already seen is read as that latest instant. Durations are whole milliseconds.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::routine::{Routine, Side, StepKind};

/// How much one "extend" adds to the current step.
pub const EXTEND_S: u32 = 30;
/// The "10 seconds left" cue comes this long before a hold ends.
pub const TEN_SECONDS_LEFT_S: u32 = 10;
/// Holds shorter than this get no "10 seconds left" cue.
pub const TEN_SECONDS_LEFT_MIN_HOLD_S: u32 = 20;

/// Something the runner did, recorded with the instant it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    /// The session began (always the first event, and only once).
    Start,
    /// Freeze the countdown.
    Pause,
    /// Continue after a pause.
    Resume,
    /// End the current step now and go to the next.
    Skip,
    /// Go back to the start of the previous step (the first step restarts).
    Back,
    /// Add 30 seconds to the current step.
    Extend,
    /// "Stopped: sharp pain": record it and skip the rest of the current zone.
    PainSkip,
    /// The runner ends the session (early, or to confirm it once it ran out).
    Finish,
    /// The runner abandons the session.
    Abort,
}

/// An event and when it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimedEvent {
    /// When, as a UTC instant.
    pub at: DateTime<Utc>,
    /// What.
    pub event: Event,
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Counting down.
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

impl Status {
    /// Whether the session will not count down any more.
    pub fn is_over(self) -> bool {
        matches!(self, Status::Completed | Status::Finished | Status::Aborted)
    }
}

/// A zone the runner stopped because of sharp pain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainMark {
    /// Zone id.
    pub zone: String,
    /// Side being worked.
    pub side: Side,
    /// Index of the step it happened in.
    pub step_index: u32,
    /// When.
    pub at: DateTime<Utc>,
}

/// What the screen shows at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// What a cue tells the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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

impl CueKind {
    /// The text key of the cue.
    pub fn text_key(self) -> &'static str {
        match self {
            CueKind::StepStart => "cue.step-start",
            CueKind::SwitchSides => "cue.switch-sides",
            CueKind::TenSecondsLeft => "cue.ten-seconds-left",
            CueKind::SessionEnd => "cue.session-end",
        }
    }
}

/// A cue the phone turns into a notification, haptic or voice prompt at an absolute instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// Stable id: the same cue keeps its id when a pause moves it, so the phone replaces it.
    pub id: String,
    /// When to fire.
    pub at: DateTime<Utc>,
    /// What to say.
    pub kind: CueKind,
    /// The step it belongs to.
    pub step_index: u32,
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
        /// Step index.
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
        /// Why.
        source: Box<TimerError>,
    },
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
    routine: Routine,
    events: Vec<TimedEvent>,
    /// Planned step lengths, ms.
    lengths: Vec<i64>,
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

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Timer {
    /// Starts a session of `routine` at `at`.
    pub fn start(routine: Routine, at: DateTime<Utc>) -> Result<Timer, TimerError> {
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
        Ok(Timer {
            routine,
            events: vec![TimedEvent {
                at,
                event: Event::Start,
            }],
            lengths,
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
                },
                pain: Vec::new(),
            },
        })
    }

    /// Rebuilds a session from its stored routine and event log (after the app was killed).
    pub fn from_log(routine: Routine, events: &[TimedEvent]) -> Result<Timer, TimerError> {
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
        next.on(event, ms(at), &self.routine, &self.lengths)?;
        self.state = next;
        self.events.push(TimedEvent { at, event });
        Ok(())
    }

    /// The routine being timed.
    pub fn routine(&self) -> &Routine {
        &self.routine
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
        let extension = cursor.length - self.lengths.get(i).copied().unwrap_or(cursor.length);
        let total = self.prefix.last().copied().unwrap_or(0) + extension;
        let done = if cursor.end.is_some_and(|e| e.completed) {
            total
        } else {
            self.prefix.get(i).copied().unwrap_or(0) + step_elapsed
        };
        let session_remaining = if cursor.end.is_some() {
            0
        } else {
            (total - done).max(0)
        };
        let ratio = |part: i64, whole: i64| {
            if whole <= 0 {
                1.0
            } else {
                (part as f64 / whole as f64).clamp(0.0, 1.0)
            }
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
            session_progress: ratio(done, total),
            ends_at: (status == Status::Running).then(|| instant(t + session_remaining)),
            ended_at: cursor.end.map(|e| instant(e.wall)),
            pain_skips: s.pain.clone(),
        }
    }

    /// The cues due in `[now, now + horizon]` if nothing else happens, in time order. None while
    /// paused or over: the phone cancels what it had and asks again after the next event.
    pub fn cues(&self, now: DateTime<Utc>, horizon: TimeDelta) -> Vec<Cue> {
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
        cursor.advance(active, s, &self.lengths);
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
        lengths: &[i64],
    ) -> Result<(), TimerError> {
        let t = at.max(self.clock);
        self.clock = t;
        let active = self.active(t);
        let mut cursor = self.cursor;
        cursor.advance(active, self, lengths);
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
        let last = lengths.len() - 1;
        match event {
            Event::Start => return Err(TimerError::AlreadyStarted),
            Event::Pause if self.paused_since.is_some() => return Err(TimerError::AlreadyPaused),
            Event::Pause => self.paused_since = Some(t),
            Event::Resume => {
                let since = self.paused_since.take().ok_or(TimerError::NotPaused)?;
                self.paused_total += t - since;
            }
            Event::Skip => cursor.jump(cursor.index + 1, active, t, lengths),
            Event::Back => cursor.jump(cursor.index.saturating_sub(1), active, t, lengths),
            Event::Extend => cursor.length += i64::from(EXTEND_S) * 1000,
            Event::PainSkip => {
                let step = &routine.steps[cursor.index];
                self.pain.push(PainMark {
                    zone: step.zone.clone(),
                    side: step.side,
                    step_index: u32::try_from(cursor.index).unwrap_or(u32::MAX),
                    at: instant(t),
                });
                let next = routine.steps[cursor.index..]
                    .iter()
                    .position(|s| s.zone != step.zone)
                    .map_or(last + 1, |offset| cursor.index + offset);
                cursor.jump(next, active, t, lengths);
            }
            Event::Finish | Event::Abort => {
                if let Some(since) = self.paused_since.take() {
                    self.paused_total += t - since;
                }
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

impl Cursor {
    /// Moves through every step that ran out by `active`; the session completes after the last.
    fn advance(&mut self, active: i64, state: &State, lengths: &[i64]) {
        while self.end.is_none() && active >= self.begin + self.length {
            let end_of_step = self.begin + self.length;
            if self.index + 1 >= lengths.len() {
                self.end = Some(End {
                    status: Status::Completed,
                    completed: true,
                    active: end_of_step,
                    wall: state.start + state.paused_total + end_of_step,
                });
            } else {
                self.index += 1;
                self.begin = end_of_step;
                self.length = lengths[self.index];
            }
        }
    }

    /// Starts step `index` now; past the last step the session completes now.
    fn jump(&mut self, index: usize, active: i64, t: i64, lengths: &[i64]) {
        match lengths.get(index) {
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
