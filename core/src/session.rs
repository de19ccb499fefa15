//! A guided session's lifecycle, written once: what a stored event log replays to (the timer,
//! the journal's status and end, whether it counts as done, the zones stopped for sharp pain),
//! what one more event makes of it, and when a session left from an earlier day is closed.
//!
//! The store keeps what these functions return and never replays a log itself; the journal's
//! [`crate::GuidedSession`] owns the policies built on them (finish a completed timer, pause on
//! leaving, resume or start).

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::{SessionRecord, SessionStatus};
use crate::routine::Routine;
use crate::safety::PainStop;
use crate::time::{self, Tz};
use crate::timer::{Event, Status, TimedEvent, Timer, TimerError};
use crate::vocab::Invalid;

/// A session's log replayed to its last event, with what the journal keeps of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Replayed {
    /// The timer the log replays to.
    pub timer: Timer,
    /// The journal's status: active until the log finishes or aborts it.
    pub status: SessionStatus,
    /// When it ended, once it has.
    pub ended_at: Option<DateTime<Utc>>,
    /// Whether it counts as done ([`Timer::counts_as_done`]).
    pub counted: bool,
}

impl Replayed {
    fn of(timer: Timer) -> Replayed {
        let snapshot = timer.snapshot(last_at(&timer));
        let status = status_of(snapshot.status);
        Replayed {
            ended_at: (status != SessionStatus::Active)
                .then_some(snapshot.ended_at)
                .flatten(),
            counted: timer.counts_as_done(),
            status,
            timer,
        }
    }
}

/// The journal's status for a timer's: a session stays active until the runner finishes or
/// aborts it (a completed timer is still active: the finish is recorded when it is seen).
pub fn status_of(status: Status) -> SessionStatus {
    match status {
        Status::Finished => SessionStatus::Finished,
        Status::Aborted => SessionStatus::Aborted,
        Status::Running | Status::Paused | Status::Completed => SessionStatus::Active,
    }
}

/// A new session of `routine` started at `now`.
pub fn start(routine: Routine, now: DateTime<Utc>) -> Result<Timer, TimerError> {
    Timer::start(routine, now)
}

/// Replays a stored routine and event log to its last event.
pub fn replay(routine: Arc<Routine>, events: &[TimedEvent]) -> Result<Replayed, TimerError> {
    Ok(Replayed::of(Timer::from_log(routine, events)?))
}

/// Replays a stored session.
pub fn replay_record(record: &SessionRecord) -> Result<Replayed, TimerError> {
    replay(Arc::clone(&record.routine), &record.events)
}

/// `event` at `now` on a stored session: refused once the session is over (whatever its log
/// says), otherwise checked against its replayed log. Returns what the journal keeps.
pub fn apply(
    record: &SessionRecord,
    event: Event,
    now: DateTime<Utc>,
) -> Result<Replayed, TimerError> {
    if record.status != SessionStatus::Active {
        return Err(TimerError::SessionOver {
            status: match record.status {
                SessionStatus::Aborted => Status::Aborted,
                _ => Status::Finished,
            },
        });
    }
    let mut timer = Timer::from_log(Arc::clone(&record.routine), &record.events)?;
    timer.apply(event, now)?;
    Ok(Replayed::of(timer))
}

/// Whether a stored session counts as done. A log that does not replay does not.
pub fn counts_as_done(record: &SessionRecord) -> bool {
    Timer::from_log(Arc::clone(&record.routine), &record.events).is_ok_and(|t| t.counts_as_done())
}

/// The zones a stored session stopped for sharp pain, with when. A log that does not replay
/// stopped none.
pub fn pain_stops(record: &SessionRecord) -> Vec<PainStop> {
    let Ok(timer) = Timer::from_log(Arc::clone(&record.routine), &record.events) else {
        return Vec::new();
    };
    timer
        .snapshot(last_at(&timer))
        .pain_skips
        .into_iter()
        .map(|m| PainStop {
            zone: m.zone,
            side: m.side,
            at: m.at,
        })
        .collect()
}

/// The instant of a timer's last event.
pub fn last_at(timer: &Timer) -> DateTime<Utc> {
    timer.events().last().map_or(timer.started_at(), |e| e.at)
}

/// When a session still in progress is closed: the last moment of the local day (in `tz`) of its
/// latest event, once `now` is past that day. `None` while it is still that day.
pub fn stale_end(timer: &Timer, tz: Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let last = last_at(timer);
    let day = time::local_date(tz, last);
    (time::local_date(tz, now) > day).then(|| {
        let next = day.succ_opt().unwrap_or(day);
        (time::start_of_day(tz, next) - TimeDelta::seconds(1)).max(last)
    })
}

/// How a stale session is closed at `end`: finished if its timer ran to the end, else abandoned
/// with the time it ran.
pub fn closing_event(timer: &Timer, end: DateTime<Utc>) -> Event {
    if timer.snapshot(end).status == Status::Completed {
        Event::Finish
    } else {
        Event::Abort
    }
}

/// The event that `now` calls for by itself: a finish once the timer has run to the end.
pub fn due_event(timer: &Timer, now: DateTime<Utc>) -> Option<Event> {
    (timer.snapshot(now).status == Status::Completed).then_some(Event::Finish)
}

/// The event leaving the session (the screen goes away, the terminal closes) records: a pause if
/// the clock is running.
pub fn leave_event(timer: &Timer, now: DateTime<Utc>) -> Option<Event> {
    (timer.snapshot(now).status == Status::Running).then_some(Event::Pause)
}

/// The event coming back to a session records: a resume if it was paused.
pub fn resume_event(timer: &Timer, now: DateTime<Utc>) -> Option<Event> {
    (timer.snapshot(now).status == Status::Paused).then_some(Event::Resume)
}

/// Checks the sessions of an export against their logs, as the journal would have written them:
/// each log replays, begins at the session's start, and ends as the session's status and end say.
/// Returns, for each, whether it counts as done. `Invalid` names the session in the file.
pub fn check_kept(sessions: &[SessionRecord]) -> Result<Vec<bool>, Invalid> {
    sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let field = |name: &str| format!("sessions[{i}].{name}");
            let replayed =
                replay_record(s).map_err(|e| Invalid::new(field("events"), e.to_string()))?;
            if replayed.timer.started_at() != s.started_at {
                return Err(Invalid::new(
                    field("started_at"),
                    "differs from the start event",
                ));
            }
            if replayed.status != s.status {
                return Err(Invalid::new(
                    field("status"),
                    "does not match the event log",
                ));
            }
            if replayed.ended_at != s.ended_at {
                return Err(Invalid::new(
                    field("ended_at"),
                    "does not match the end its event log replays to",
                ));
            }
            Ok(replayed.counted)
        })
        .collect()
}
