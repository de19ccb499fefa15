// The routine while the phone is locked: a foreground service of type `mediaPlayback` (spoken
// guidance the runner started and hears; docs/android.md says why this type) that says each cue
// of the core's cue plan at its instant, with the ongoing notification as its own. It holds no
// timer of its own: the session is the journal's log ([Sessions]); the service asks the core for
// the cues from now (`cues(now, horizon)`) after every change and after every cue it says.
package app.fascia.android

import android.app.Service
import android.content.Context
import android.content.Intent
import android.content.pm.ServiceInfo
import android.os.Build
import android.os.Handler
import android.os.IBinder
import android.os.Looper
import android.os.PowerManager
import app.fascia.GuidedSession
import app.fascia.core.Cue
import app.fascia.core.Status
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.drop
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.time.Instant

class RoutineService : Service() {
    private val main = Handler(Looper.getMainLooper())
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Main.immediate)
    private lateinit var sound: CueSound
    private lateinit var voice: Voice
    private lateinit var wake: PowerManager.WakeLock
    /** The cues asked for last, not said yet, in time order. */
    private var planned: List<Cue> = emptyList()
    /** Cues said, by id and instant: a re-plan at the very instant of a cue does not say it again
     *  (a cue moved by a pause or a Back has a new instant and is said again). */
    private val said = mutableSetOf<Pair<String, Instant>>()
    private var sessionId: String? = null
    private val next = Runnable { sayDue() }

    override fun onBind(intent: Intent?): IBinder? = null

    override fun onCreate() {
        super.onCreate()
        running = true
        voice = voices(this)
        sound = CueSound(this, voice)
        wake = system<PowerManager>().newWakeLock(PowerManager.PARTIAL_WAKE_LOCK, "fascia:routine")
            .apply { setReferenceCounted(false) }
        // A change from any entry point (the screen, the notification's buttons, a new time zone).
        scope.launch { Sessions.changes.drop(1).collect { plan() } }
    }

    override fun onStartCommand(intent: Intent?, flags: Int, startId: Int): Int {
        // Android wants the notification within seconds of `startForegroundService`: the step as
        // the process holds it, or a first one read from the journal.
        plan(foreground = true)
        return START_STICKY
    }

    /** Reads the session now (off the main thread), shows it, and schedules its next cue; stops
     *  once no routine is in progress. */
    private fun plan(foreground: Boolean = false) = scope.launch {
        val (session, snap, cues) = withContext(Background.io) {
            val now = Journals.clock.now()
            val journal = Journals.journalOrNull(this@RoutineService)
            val s = journal?.let { Sessions.active(it, now) }
            val snap = s?.snapshot(now)
            Triple(s, snap, if (snap?.status == Status.RUNNING) s.cues(now, Cues.HORIZON_S) else emptyList())
        }
        if (session == null || snap == null || snap.over()) return@launch end()
        if (session.id() != sessionId) {
            sessionId = session.id()
            said.clear()
        }
        val notification = SessionNotification.build(this@RoutineService, session, snap, Journals.clock.now())
        if (foreground || !inForeground) {
            try {
                if (Build.VERSION.SDK_INT >= 29) {
                    startForeground(Notifications.SESSION_ID, notification, TYPE)
                } else {
                    startForeground(Notifications.SESSION_ID, notification)
                }
                inForeground = true
            } catch (e: IllegalStateException) {
                // Android refused (a restart in the background): the notification stays, its tap
                // opens the app, which starts the service again.
                SessionNotification.show(this@RoutineService, session, Journals.clock.now())
                return@launch end(keepNotification = true)
            }
        } else {
            system<android.app.NotificationManager>().notify(Notifications.SESSION_ID, notification)
        }
        planned = cues.filter { (it.id to it.at) !in said }
        main.removeCallbacks(next)
        if (snap.status == Status.RUNNING) {
            // The CPU must not sleep through a cue: held while the routine runs, never past its end.
            wake.acquire(snap.sessionRemainingMs.toLong() + WAKE_MARGIN_MS)
            schedule()
        } else if (wake.isHeld) {
            wake.release()
        }
    }

    private fun schedule() {
        val first = planned.firstOrNull() ?: return
        main.postDelayed(next, (first.at.toEpochMilli() - Journals.clock.now().toEpochMilli()).coerceAtLeast(0))
    }

    /** The cues whose instant has come: the newest said (an older one missed while the phone was
     *  busy is stale), then the core's tick (which records the finish after the last one). */
    private fun sayDue() {
        val now = Journals.clock.now()
        val due = planned.filter { !it.at.isAfter(now) }
        if (due.isEmpty()) return schedule()
        said += due.map { it.id to it.at }
        planned = planned - due.toSet()
        sound.play(due.last().words)
        scope.launch {
            val ended = withContext(Background.io) {
                val journal = Journals.journalOrNull(this@RoutineService) ?: return@withContext true
                Sessions.tick(this@RoutineService, journal, now)?.over() ?: true
            }
            // Over: the tick told everyone (and this service stops through the change). Otherwise
            // the next cues, asked for again so that a long routine runs past the horizon.
            if (!ended) plan()
        }
    }

    private fun end(keepNotification: Boolean = false) {
        main.removeCallbacks(next)
        planned = emptyList()
        if (wake.isHeld) wake.release()
        if (inForeground) stopForeground(if (keepNotification) STOP_FOREGROUND_DETACH else STOP_FOREGROUND_REMOVE)
        inForeground = false
        stopSelf()
    }

    private var inForeground = false

    override fun onDestroy() {
        running = false
        main.removeCallbacks(next)
        if (wake.isHeld) wake.release()
        voice.close()
        scope.cancel()
        super.onDestroy()
    }

    companion object {
        /** The type declared for it in the manifest (`foregroundServiceType="mediaPlayback"`). */
        const val TYPE = ServiceInfo.FOREGROUND_SERVICE_TYPE_MEDIA_PLAYBACK
        /** How long past the routine's planned end the wake lock may be held (a platform number). */
        private const val WAKE_MARGIN_MS = 60_000L

        /** Whether this process runs the service now. */
        @Volatile var running = false
            private set

        /** What speaks (tests record it instead). */
        @Volatile var voices: (Context) -> Voice = { SpokenCues(it) }

        /**
         * After every change of the session: a routine in progress has the service (started from
         * the app in front, or from a notification's button, which Android allows); once it is
         * over, the service stops itself and the notification goes.
         */
        fun follow(context: Context, session: GuidedSession?, now: Instant) {
            val inProgress = session?.snapshot(now)?.over() == false
            if (!inProgress) {
                if (!running) SessionNotification.show(context, null, now)
                return
            }
            if (running) return
            // Shown at once; the service makes it its own (same id) as it starts.
            SessionNotification.show(context, session, now)
            try {
                context.startForegroundService(Intent(context, RoutineService::class.java))
            } catch (e: IllegalStateException) {
                // Not allowed from the background (ForegroundServiceStartNotAllowedException):
                // the notification, whose tap opens the app and so the service.
                SessionNotification.show(context, session, now)
            }
        }
    }
}
