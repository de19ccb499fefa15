//! The guided session: starting, resuming or closing one, and [`GuidedSession`], which owns the
//! policies built on the session module (record, tick, leave, resume).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::SessionRecord;
use crate::routine::Routine;
use crate::session;
use crate::store::{self, Store};
use crate::time::Tz;
use crate::timer::{Cue, Event, Snapshot, TimedEvent, Timer};
use crate::zones::Catalog;
use crate::Result;

use super::*;

impl Journal {
    // ---- the guided session ---------------------------------------------------------------

    /// Starts a session of `routine` at `now`. Refused while another one is in progress, and
    /// when the routine asks for pressure the safety rule does not allow now (built before the
    /// runner logged soreness, or by hand): build today's routine again.
    pub fn start_session(&self, routine: Routine, now: DateTime<Utc>) -> Result<GuidedSession> {
        check_now(now)?;
        self.with_rules(now, |rules| Ok(rules.check(&routine)?))?;
        let timer = session::start(routine, now)?;
        let id = self
            .store
            .start_session(timer.shared_routine(), timer.events().to_vec(), now)?;
        Ok(self.session_of(id, timer))
    }

    /// The one way into a routine: the session in progress, resumed if it was paused; otherwise
    /// a new session of `routine` (see [`Journal::start_session`]).
    pub fn resume_or_start(&self, routine: Routine, now: DateTime<Utc>) -> Result<GuidedSession> {
        match self.active_session(now)? {
            Some(session) => {
                session.resume(now)?;
                Ok(session)
            }
            None => self.start_session(routine, now),
        }
    }

    pub(super) fn session_of(&self, id: String, timer: Timer) -> GuidedSession {
        GuidedSession {
            store: Some(Arc::clone(&self.store)),
            tz: Some(self.time_zone()),
            catalog: self.catalog(),
            id,
            timer: Mutex::new(timer),
        }
    }

    /// The session left in progress (after a relaunch or a kill), rebuilt from its stored log.
    /// One left past the end of its local day is closed instead ([`session::stale_end`]):
    /// abandoned with the time it ran, or finished if its timer ran to the end; then `None`, and
    /// today's routine is the one to offer.
    pub fn active_session(&self, now: DateTime<Utc>) -> Result<Option<GuidedSession>> {
        check_now(now)?;
        let Some(record) = self.store.active_session()? else {
            return Ok(None);
        };
        let timer = session::replay_record(&record)?.timer;
        if let Some(end) = session::stale_end(&timer, self.time_zone(), now) {
            let event = session::closing_event(&timer, end);
            self.store.update_session(&record.id, end, |stored| {
                kept(session::apply(stored, event, end)?)
            })?;
            return Ok(None);
        }
        Ok(Some(self.session_of(record.id, timer)))
    }

    /// One session with its events.
    pub fn session(&self, id: &str) -> Result<SessionRecord> {
        Ok(self.store.session(id)?)
    }

    /// Sessions started in the last `days` days, oldest first, with their events.
    pub fn recent_sessions(&self, now: DateTime<Utc>, days: u32) -> Result<Vec<SessionRecord>> {
        check_now(now)?;
        Ok(self
            .store
            .sessions_between(days_before(now, days), now + TimeDelta::milliseconds(1))?)
    }
}

/// A guided session: its routine, its recorded events and the timer they replay to.
///
/// Every event goes through one path, [`GuidedSession::record`]: the journal checks it against
/// the stored log and stores it durably, then this session takes the timer the stored log now
/// replays to. So after a kill, [`Journal::active_session`] finds it exactly as it was. Reading it
/// ([`GuidedSession::snapshot`], [`GuidedSession::cues`]) is pure: no clock, no database.
///
/// A [`GuidedSession::preview`] follows the same rules without a journal: nothing is stored (the
/// terminal's sped-up `--speed` demonstrations).
#[derive(Debug)]
pub struct GuidedSession {
    store: Option<Arc<Store>>,
    /// The runner's zone when the session was opened (where the safety rule's day is read);
    /// none for a preview.
    tz: Option<Tz>,
    catalog: &'static Catalog,
    id: String,
    timer: Mutex<Timer>,
}

impl GuidedSession {
    /// A session of `routine` from `now` that is never stored.
    pub fn preview(routine: Routine, now: DateTime<Utc>) -> Result<GuidedSession> {
        check_now(now)?;
        Ok(GuidedSession {
            store: None,
            tz: None,
            catalog: Catalog::embedded()?,
            id: "preview".to_owned(),
            timer: Mutex::new(Timer::start(routine, now)?),
        })
    }

    fn timer(&self) -> MutexGuard<'_, Timer> {
        self.timer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The session's id (`preview` for a preview).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether the session is stored in a journal (not a preview).
    pub fn is_stored(&self) -> bool {
        self.store.is_some()
    }

    /// The routine being followed.
    pub fn routine(&self) -> Routine {
        self.timer().routine().clone()
    }

    /// When the session started.
    pub fn started_at(&self) -> DateTime<Utc> {
        self.timer().started_at()
    }

    /// Every recorded event, in order.
    pub fn events(&self) -> Vec<TimedEvent> {
        self.timer().events().to_vec()
    }

    /// Where the session stands at `now`.
    pub fn snapshot(&self, now: DateTime<Utc>) -> Snapshot {
        self.timer().snapshot(now)
    }

    /// Whether the session counts as done (finished with enough time held under pressure,
    /// [`crate::timer::DONE_AT_HELD_PERCENT`]): what the streak and the report count.
    pub fn counts_as_done(&self) -> bool {
        self.timer().counts_as_done()
    }

    /// The cues due from `now` to `now + horizon`, to schedule at their instants.
    pub fn cues(&self, now: DateTime<Utc>, horizon: TimeDelta) -> Vec<Cue> {
        self.timer().cues(self.catalog, now, horizon)
    }

    /// Records `event` at `now`: checked, stored durably, then the session is what the stored log
    /// replays to. Returns the snapshot at `now`. A refused event changes nothing.
    pub fn record(&self, event: Event, now: DateTime<Utc>) -> Result<Snapshot> {
        check_now(now)?;
        let mut timer = self.timer();
        if let (Event::Extend, Some(store), Some(tz)) = (event, &self.store, self.tz) {
            // +30 s passes the safety rule like every other hold.
            let snap = timer.snapshot(now);
            let routine = timer.routine();
            if let Some(step) = routine.steps.get(snap.step_index as usize) {
                let length_s = u32::try_from(snap.step_length_ms / 1000)
                    .unwrap_or(u32::MAX)
                    .saturating_add(crate::timer::EXTEND_S);
                let journal = Journal {
                    store: Arc::clone(store),
                    tz: RwLock::new(tz),
                };
                journal.with_rules(now, |rules| {
                    Ok(rules.check_extend(routine.kind.protocol(), step, length_s)?)
                })?;
            }
        }
        let next = match &self.store {
            Some(store) => store.update_session(&self.id, now, |stored| {
                kept(session::apply(stored, event, now)?)
            })?,
            None => {
                let mut next = timer.clone();
                next.apply(event, now)?;
                next
            }
        };
        *timer = next;
        Ok(timer.snapshot(now))
    }

    /// What `now` calls for by itself, recorded: a finish once the timer has run to the end.
    /// The screen calls it as it redraws. Returns the snapshot at `now`.
    pub fn tick(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        let due = session::due_event(&self.timer(), now);
        match due {
            Some(event) => self.record(event, now),
            None => Ok(self.snapshot(now)),
        }
    }

    /// The runner leaves the session (the screen goes away, the terminal closes): the clock
    /// pauses if it was running, so coming back continues where they stopped.
    pub fn leave(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        let event = session::leave_event(&self.timer(), now);
        match event {
            Some(event) => self.record(event, now),
            None => Ok(self.snapshot(now)),
        }
    }

    /// The runner comes back to the session: the clock runs again if it was paused.
    pub fn resume(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        let event = session::resume_event(&self.timer(), now);
        match event {
            Some(event) => self.record(event, now),
            None => Ok(self.snapshot(now)),
        }
    }
}

/// What the store keeps of a replayed session, and the timer to carry on with.
pub(super) fn kept(replayed: session::Replayed) -> Result<(store::SessionUpdate, Timer)> {
    Ok((
        store::SessionUpdate {
            events: replayed.timer.events().to_vec(),
            status: replayed.status,
            ended_at: replayed.ended_at,
            counted: replayed.counted,
        },
        replayed.timer,
    ))
}
