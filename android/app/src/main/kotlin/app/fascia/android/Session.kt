// The session in progress: one object for the whole process. The screen, the notification's
// Pause/Resume/Skip, the cue alarms and boot all record through it, so none of them holds a
// stale copy of the log (a Pause from the lock screen, then the screen's Resume, is the next
// event of the same log, not a conflict). After a process death it is read again from the
// journal's stored log (docs/android.md, "Process death and one session").
package app.fascia.android

import android.content.Context
import app.fascia.FasciaJournal
import app.fascia.GuidedSession
import app.fascia.core.Event
import app.fascia.core.Routine
import app.fascia.core.Snapshot
import app.fascia.core.Status
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import java.time.Instant

object Sessions {
    private val lock = Any()
    private var loaded = false
    private var current: GuidedSession? = null
    private val _changes = MutableStateFlow(0L)

    /** Counts changes to the session in progress (an event from any entry point, a start, the
     *  end, a reload): the view model re-reads the screen on each. */
    val changes: StateFlow<Long> = _changes.asStateFlow()

    /** The session held now, without reading the journal (what the screen draws). */
    val held: GuidedSession? get() = synchronized(lock) { current }

    /** The session in progress: the same object for every caller, read from the journal's log
     *  the first time (after a process death, or [forget]). */
    fun active(journal: FasciaJournal, now: Instant): GuidedSession? = synchronized(lock) {
        if (!loaded) {
            current = journal.activeSession(now)
            loaded = true
        }
        current
    }

    /** Reads the session from the journal again (app start, a restored or imported journal, a new
     *  time or zone: the core closes one left from an earlier day). */
    fun reload(journal: FasciaJournal, now: Instant): GuidedSession? {
        val s = synchronized(lock) {
            loaded = false
            active(journal, now)
        }
        changed()
        return s
    }

    /** The one way in (`resumeOrStart`): the session in progress resumed, or a new one of `routine`. */
    fun start(context: Context, journal: FasciaJournal, routine: Routine, now: Instant): GuidedSession =
        synchronized(lock) {
            val s = journal.resumeOrStart(routine, now)
            current = s
            loaded = true
            after(context, journal, s.snapshot(now), now)
            s
        }

    /** Records `event` on the session in progress (from the screen or the notification): its
     *  snapshot, or null when there is none. A refusal (`Conflict`) throws and changes nothing. */
    fun record(context: Context, journal: FasciaJournal, event: Event, now: Instant): Snapshot? =
        synchronized(lock) {
            val s = active(journal, now) ?: return null
            val snap = s.record(event, now)
            if (snap.over()) current = null
            after(context, journal, snap, now)
            snap
        }

    /** The timer now; the core records the finish once it has run out (the screen calls it as
     *  it redraws, a cue alarm as it fires). Null when no session is in progress. */
    fun tick(context: Context, journal: FasciaJournal, now: Instant): Snapshot? = synchronized(lock) {
        val s = active(journal, now) ?: return null
        val snap = s.tick(now)
        if (snap.over()) {
            current = null
            after(context, journal, snap, now)
        }
        snap
    }

    /** What every change brings: the routine's service (its cues and notification) told or
     *  started, the reminders re-planned once it has ended, and the screens told. */
    private fun after(context: Context, journal: FasciaJournal, snap: Snapshot, now: Instant) {
        RoutineService.follow(context, current, now)
        if (snap.over()) ReminderSync(context, journal, Journals.clock).sync()
        changed()
    }

    private fun changed() = _changes.update { it + 1 }

    /** Forgets the held session (the journal was closed or replaced; a process death in tests).
     *  Nothing changed in the journal, so nobody is told. */
    fun forget() = synchronized(lock) {
        current = null
        loaded = false
    }
}

/** Whether the session has ended (finished or stopped). */
fun Snapshot.over() = status == Status.FINISHED || status == Status.ABORTED
