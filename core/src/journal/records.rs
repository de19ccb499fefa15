//! Logging: runs, soreness, downtime, races, bodywork, settings, and looking a record up by id.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::model::{
    Bodywork, Downtime, NewBodywork, NewDowntime, NewRace, NewRun, NewSoreness, Race, RecordKind,
    Run, Settings, Soreness,
};
use crate::store::{self};
use crate::time::{self};
use crate::Result;

use super::*;

impl Journal {
    // ---- logging --------------------------------------------------------------------------

    /// The shortest start of an id [`Journal::resolve_id`] accepts.
    pub const MIN_ID_PREFIX: usize = store::MIN_ID_PREFIX;

    /// The full id of the one record of `kind` whose id starts with `prefix` (any case), so a
    /// runner can type the first characters of an id, as with git. Refused as bad input when
    /// shorter than [`Journal::MIN_ID_PREFIX`], or when it starts several ids (the error lists
    /// them: [`crate::Error::ambiguous_ids`]); not found when it starts none. A full id resolves
    /// to itself when the record exists.
    pub fn resolve_id(&self, kind: RecordKind, prefix: &str) -> Result<String> {
        Ok(match kind {
            RecordKind::Run => self.store.resolve_id::<Run>(prefix),
            RecordKind::Soreness => self.store.resolve_id::<Soreness>(prefix),
            RecordKind::Downtime => self.store.resolve_id::<Downtime>(prefix),
            RecordKind::Race => self.store.resolve_id::<Race>(prefix),
            RecordKind::Bodywork => self.store.resolve_id::<Bodywork>(prefix),
        }?)
    }

    /// One run.
    pub fn run(&self, id: &str) -> Result<Run> {
        Ok(self.store.get(id)?)
    }

    /// One soreness entry.
    pub fn soreness_entry(&self, id: &str) -> Result<Soreness> {
        Ok(self.store.get(id)?)
    }

    /// One downtime entry.
    pub fn downtime_entry(&self, id: &str) -> Result<Downtime> {
        Ok(self.store.get(id)?)
    }

    /// One race.
    pub fn race(&self, id: &str) -> Result<Race> {
        Ok(self.store.get(id)?)
    }

    /// One bodywork appointment.
    pub fn bodywork_entry(&self, id: &str) -> Result<Bodywork> {
        Ok(self.store.get(id)?)
    }

    /// Logs a run.
    pub fn add_run(&self, run: &NewRun, now: DateTime<Utc>) -> Result<Run> {
        check_now(now)?;
        Ok(self.store.add_run(run, now, self.time_zone().name())?)
    }

    /// Corrects a logged run.
    pub fn update_run(&self, id: &str, run: &NewRun, now: DateTime<Utc>) -> Result<Run> {
        check_now(now)?;
        Ok(self
            .store
            .update_run(id, run, now, self.time_zone().name())?)
    }

    /// Deletes a run; soreness logged after it stays, unlinked.
    pub fn delete_run(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_run(id, now)?)
    }

    /// The latest `limit` runs, newest first.
    pub fn recent_runs(&self, limit: u32) -> Result<Vec<Run>> {
        Ok(self.store.recent_runs(limit)?)
    }

    /// Logs soreness for one zone or several at once (the post-run check-in): all or none.
    pub fn add_soreness(
        &self,
        entries: &[NewSoreness],
        now: DateTime<Utc>,
    ) -> Result<Vec<Soreness>> {
        check_now(now)?;
        Ok(self
            .store
            .add_soreness(entries, now, self.time_zone().name())?)
    }

    /// Corrects a soreness entry.
    pub fn update_soreness(
        &self,
        id: &str,
        entry: &NewSoreness,
        now: DateTime<Utc>,
    ) -> Result<Soreness> {
        check_now(now)?;
        Ok(self
            .store
            .update_soreness(id, entry, now, self.time_zone().name())?)
    }

    /// Deletes a soreness entry.
    pub fn delete_soreness(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_soreness(id, now)?)
    }

    /// Soreness felt in the last `days` days, oldest first.
    pub fn recent_soreness(&self, now: DateTime<Utc>, days: u32) -> Result<Vec<Soreness>> {
        check_now(now)?;
        Ok(self
            .store
            .soreness_between(days_before(now, days), now + TimeDelta::milliseconds(1))?)
    }

    /// Logs training time lost to pain.
    pub fn add_downtime(&self, entry: &NewDowntime, now: DateTime<Utc>) -> Result<Downtime> {
        check_now(now)?;
        Ok(self.store.add_downtime(entry, now)?)
    }

    /// Corrects a downtime entry.
    pub fn update_downtime(
        &self,
        id: &str,
        entry: &NewDowntime,
        now: DateTime<Utc>,
    ) -> Result<Downtime> {
        check_now(now)?;
        Ok(self.store.update_downtime(id, entry, now)?)
    }

    /// Deletes a downtime entry.
    pub fn delete_downtime(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_downtime(id, now)?)
    }

    /// Downtime on local dates of the last `days` days (today included), oldest first.
    pub fn recent_downtime(&self, now: DateTime<Utc>, days: u32) -> Result<Vec<Downtime>> {
        check_now(now)?;
        let today = time::local_date(self.time_zone(), now);
        let from = today
            .checked_sub_signed(TimeDelta::days(i64::from(days)))
            .unwrap_or(NaiveDate::MIN);
        Ok(self
            .store
            .downtime_between(from, today + TimeDelta::days(1))?)
    }

    // ---- races and bodywork ---------------------------------------------------------------

    /// Adds a race.
    pub fn add_race(&self, race: &NewRace, now: DateTime<Utc>) -> Result<Race> {
        check_now(now)?;
        Ok(self.store.add_race(race, now)?)
    }

    /// Corrects a race.
    pub fn update_race(&self, id: &str, race: &NewRace, now: DateTime<Utc>) -> Result<Race> {
        check_now(now)?;
        Ok(self.store.update_race(id, race, now)?)
    }

    /// Deletes a race.
    pub fn delete_race(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_race(id, now)?)
    }

    /// Every race, soonest first.
    pub fn races(&self) -> Result<Vec<Race>> {
        Ok(self.store.races()?)
    }

    /// Books a bodywork appointment (or logs one that happened).
    pub fn add_bodywork(&self, entry: &NewBodywork, now: DateTime<Utc>) -> Result<Bodywork> {
        check_now(now)?;
        Ok(self
            .store
            .add_bodywork(entry, now, self.time_zone().name())?)
    }

    /// Moves or resizes a bodywork appointment (whether it took place is kept).
    pub fn update_bodywork(
        &self,
        id: &str,
        entry: &NewBodywork,
        now: DateTime<Utc>,
    ) -> Result<Bodywork> {
        check_now(now)?;
        Ok(self
            .store
            .update_bodywork(id, entry, now, self.time_zone().name())?)
    }

    /// Marks a bodywork appointment as done or not.
    pub fn set_bodywork_done(&self, id: &str, done: bool, now: DateTime<Utc>) -> Result<Bodywork> {
        check_now(now)?;
        Ok(self.store.set_bodywork_done(id, done, now)?)
    }

    /// Cancels a bodywork appointment.
    pub fn delete_bodywork(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.delete_bodywork(id, now)?)
    }

    /// Bodywork appointments from `days_back` days ago to `days_ahead` days ahead, by time.
    pub fn bodywork(
        &self,
        now: DateTime<Utc>,
        days_back: u32,
        days_ahead: u32,
    ) -> Result<Vec<Bodywork>> {
        check_now(now)?;
        let ahead = now
            .checked_add_signed(TimeDelta::days(i64::from(days_ahead)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        Ok(self
            .store
            .bodywork_between(days_before(now, days_back), ahead)?)
    }

    // ---- settings -------------------------------------------------------------------------

    /// The settings (the defaults until the runner changes one).
    pub fn settings(&self) -> Result<Settings> {
        Ok(self.store.settings()?)
    }

    /// Replaces the settings after validating every field.
    pub fn set_settings(&self, settings: &Settings, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        Ok(self.store.set_settings(settings, now)?)
    }
}
