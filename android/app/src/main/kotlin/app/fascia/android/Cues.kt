// Cues while the phone is locked or the app killed. The core gives each cue of the running
// session as an absolute instant with a stable id (`cues(now, horizon)`); each becomes an exact
// alarm. A pause, skip, back, +30 s or finish re-plans them: stale ids are cancelled. The ongoing
// notification shows the step with a countdown chronometer and Pause/Skip actions. No service
// runs: the session is its stored log, so nothing is lost if the process dies (docs/android.md).
package app.fascia.android

import android.app.AlarmManager
import android.app.Notification
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.os.Build
import android.os.VibrationEffect
import android.os.Vibrator
import app.fascia.FasciaJournal
import app.fascia.GuidedSession
import app.fascia.core.Event
import app.fascia.core.Side
import app.fascia.core.Status
import app.fascia.core.Step
import app.fascia.core.StepKind
import app.fascia.stepPlace
import app.fascia.stepTitle
import java.time.Instant

/** Which cues the runner wants; each can be switched off in Settings. */
data class CuePrefs(val voice: Boolean = true, val vibration: Boolean = true, val tone: Boolean = true) {
    fun save(context: Context) {
        context.getSharedPreferences("cues", Context.MODE_PRIVATE).edit()
            .putBoolean("voice", voice).putBoolean("vibration", vibration).putBoolean("tone", tone).apply()
    }

    companion object {
        fun load(context: Context): CuePrefs {
            val p = context.getSharedPreferences("cues", Context.MODE_PRIVATE)
            return CuePrefs(p.getBoolean("voice", true), p.getBoolean("vibration", true), p.getBoolean("tone", true))
        }
    }
}

object Cues {
    /** Vibration for a step change: short, pause, long. "Switch sides" uses it twice. */
    val PATTERN = longArrayOf(0, 120, 80, 320)
    /** How far ahead cues are kept scheduled; re-planned on every event and app start. */
    val HORIZON_S = 30u * 60u
}

class CueScheduler(private val context: Context, private val clock: Clock) {
    private val alarms = context.system<AlarmManager>()
    private val prefs = context.getSharedPreferences("cues-scheduled", Context.MODE_PRIVATE)

    /** Schedules the session's cues from now (none unless it is running); returns their ids. */
    fun plan(session: GuidedSession?): List<String> {
        val now = clock.now()
        val cues = if (session != null && session.snapshot(now).status == Status.RUNNING) {
            session.cues(now, Cues.HORIZON_S)
        } else {
            emptyList()
        }
        val before = prefs.getStringSet("ids", emptySet()).orEmpty()
        val wanted = cues.map { it.id }.toSet()
        for (stale in before - wanted) alarms.cancel(pending(stale, "", 0))
        val exact = Build.VERSION.SDK_INT < 31 || alarms.canScheduleExactAlarms()
        for (cue in cues) {
            // What the cue says is the core's (`Calves, left: Hold`, `10 seconds left`).
            val intent = pending(cue.id, cue.words, cue.at.toEpochMilli())
            if (exact) {
                alarms.setExactAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, cue.at.toEpochMilli(), intent)
            } else {
                alarms.setWindow(AlarmManager.RTC_WAKEUP, cue.at.toEpochMilli(), 1_000, intent)
            }
        }
        prefs.edit().putStringSet("ids", wanted).apply()
        SessionNotification.show(context, session, now)
        return cues.map { it.id }
    }

    private fun pending(id: String, words: String, at: Long): PendingIntent = PendingIntent.getBroadcast(
        context, id.hashCode(),
        Intent(context, CueReceiver::class.java).setData(Uri.parse("fascia://cue/$id"))
            .putExtra("words", words).putExtra("at", at),
        PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
    )
}

/** A cue is due: a heads-up notification with sound and the vibration pattern, as chosen. */
class CueReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val prefs = CuePrefs.load(context)
        val words = intent.getStringExtra("words").orEmpty()
        if (prefs.vibration) {
            context.system<Vibrator>()
                .vibrate(VibrationEffect.createWaveform(Cues.PATTERN, -1))
        }
        val builder = Notification.Builder(context, Channels.CUES)
            .setSmallIcon(android.R.drawable.ic_lock_idle_alarm)
            .setContentTitle(words)
            .setTimeoutAfter(8_000)
            .setOnlyAlertOnce(false)
        if (!prefs.tone) builder.setSilent(true)
        context.system<NotificationManager>().notify(CUE_ID, builder.build())
        // Keep the ongoing notification on the current step, from the process's one session; the
        // last cue's alarm records the finish (the core's tick), as the screen would.
        inBackground(context) { app ->
            val journal = Journals.journalOrNull(app) ?: return@inBackground
            val now = Journals.clock.now()
            Sessions.tick(app, journal, now)
            SessionNotification.show(app, Sessions.held, now)
        }
    }

    companion object {
        const val CUE_ID = 3
    }
}

/** Pause, resume or skip from the ongoing notification: the typed event, recorded like a tap in
 *  the app, on the same session object the screen uses ([Sessions]), so the screen shows it. */
class SessionActionReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val event = eventOf(intent) ?: return
        inBackground(context) { app ->
            val journal = Journals.journalOrNull(app) ?: return@inBackground
            val now = Journals.clock.now()
            try {
                Sessions.record(app, journal, event, now)
            } catch (e: app.fascia.FasciaException.Conflict) {
                // A tap on an out-of-date notification (Pause on a paused session): nothing
                // changes; the notification is shown as the session is.
                CueScheduler(app, Journals.clock).plan(Sessions.active(journal, now))
            }
        }
    }

    companion object {
        private const val PREFIX = "app.fascia.event."

        /** The intent a notification action sends for `event`. */
        fun intent(context: Context, event: Event): Intent =
            Intent(context, SessionActionReceiver::class.java).setAction(PREFIX + event.name)

        fun eventOf(intent: Intent): Event? = intent.action?.takeIf { it.startsWith(PREFIX) }
            ?.let { name -> Event.entries.firstOrNull { it.name == name.removePrefix(PREFIX) } }
    }
}

object SessionNotification {
    /** The tap's request code (1 and 2 are the reminders' "open the app" and "check in"). */
    private const val SESSION_TAP = 4

    fun show(context: Context, session: GuidedSession?, now: Instant) {
        val manager = context.system<NotificationManager>()
        val snap = session?.snapshot(now)
        if (session == null || snap == null || snap.status == Status.FINISHED || snap.status == Status.ABORTED) {
            manager.cancel(Notifications.SESSION_ID)
            return
        }
        val steps = session.routine().steps
        val index = snap.stepIndex.toInt().coerceAtMost(steps.size - 1)
        val step = steps[index]
        val next = steps.drop(index + 1).firstOrNull { it.kind == StepKind.HOLD }
        val action = { label: String, event: Event ->
            Notification.Action.Builder(
                null, label,
                PendingIntent.getBroadcast(
                    context, event.name.hashCode(),
                    SessionActionReceiver.intent(context, event),
                    PendingIntent.FLAG_IMMUTABLE,
                ),
            ).build()
        }
        val running = snap.status == Status.RUNNING
        val builder = Notification.Builder(context, Channels.SESSION)
            .setSmallIcon(android.R.drawable.ic_media_play)
            .setOngoing(true)
            // The step in the core's words (`Calves, left: Hold`), and where the next hold is.
            .setContentTitle(stepTitle(step))
            .setContentText("Step ${index + 1} of ${steps.size}" + (next?.let { " · next: ${stepPlace(it)}" } ?: ""))
            // A tap opens the session, even hours later in a new process.
            .setContentIntent(
                PendingIntent.getActivity(
                    context, SESSION_TAP, Intent(context, MainActivity::class.java).putExtra(MainActivity.EXTRA_SESSION, true),
                    PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
                ),
            )
            .addAction(if (running) action("Pause", Event.PAUSE) else action("Resume", Event.RESUME))
            .addAction(action("Skip", Event.SKIP))
        if (running) {
            builder.setUsesChronometer(true).setChronometerCountDown(true)
                .setWhen(now.toEpochMilli() + snap.stepRemainingMs.toLong())
        }
        manager.notify(Notifications.SESSION_ID, builder.build())
    }
}

/** Words for ids, from the core's content (never an id on screen). */
fun zoneName(id: String): String = Catalog.zones[id]?.name ?: id

/** A zone and side as the core says it: `Calves, left`, or the zone alone when it has no sides. */
fun place(zone: String, side: Side): String = stepPlace(Step(kind = StepKind.HOLD, zone = zone, side = side, seconds = 0u))

/** The zone content and the core's numbers the screens show, read once from the core. */
object Catalog {
    val zones: Map<String, app.fascia.core.ZoneText> by lazy { app.fascia.zones().associateBy { it.id } }
    val regions: List<app.fascia.core.MapRegion> by lazy { app.fascia.bodyMap() }
    /** The soreness scale (0 to 10) with its hint, its empty-check-in message and field label. */
    val soreness: app.fascia.SorenessScale by lazy { app.fascia.sorenessScale() }
    /** The levels a zone can be rated, from the scale's lowest to its highest. */
    val levels: IntRange get() = soreness.min.toInt()..soreness.max.toInt()
    /** The bodywork session's length in minutes (45), for an appointment booked from the log. */
    val bodyworkMinutes: UInt by lazy { app.fascia.bodyworkMinutes() }
    /** The daily routine's length when the runner sets none, in minutes (12). */
    val dailyMinutes: UInt by lazy { app.fascia.dailyMinutes() }
}

