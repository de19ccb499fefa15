// What a routine sounds like: the core's cue words spoken over the runner's music (ducked, not
// paused), a vibration and a tone, as the runner chose in Settings. The foreground service
// (RoutineService) says them at the core's instants; the screen never does, so a cue sounds once.
package app.fascia.android

import android.app.Notification
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.media.AudioAttributes
import android.media.AudioFocusRequest
import android.media.AudioManager
import android.media.ToneGenerator
import android.os.Build
import android.os.VibrationEffect
import android.os.Vibrator
import android.speech.tts.TextToSpeech
import android.speech.tts.UtteranceProgressListener
import app.fascia.GuidedSession
import app.fascia.core.Event
import app.fascia.core.Side
import app.fascia.core.Snapshot
import app.fascia.core.Status
import app.fascia.core.Step
import app.fascia.core.StepKind
import app.fascia.nextStepText
import app.fascia.stepOfText
import app.fascia.stepPlace
import app.fascia.stepTitle
import java.time.Instant
import java.util.Locale

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
    /** Vibration for a step change: short, pause, long. */
    val PATTERN = longArrayOf(0, 120, 80, 320)
    /** How far ahead the service asks the core for cues; it asks again after each one. */
    val HORIZON_S = 30u * 60u

    /**
     * How cues are heard. Spoken guidance, like a navigation app's: usage
     * `ASSISTANCE_NAVIGATION_GUIDANCE` (content `SPEECH`) with transient focus that may duck, so the
     * runner's music drops for a sentence and comes back, is never paused, and the cue follows the
     * media volume the runner already set. Not `USAGE_ALARM` (it would cut through Do Not Disturb
     * at alarm volume) and not `USAGE_MEDIA` with full focus (it would stop the music).
     */
    val AUDIO: AudioAttributes = AudioAttributes.Builder()
        .setUsage(AudioAttributes.USAGE_ASSISTANCE_NAVIGATION_GUIDANCE)
        .setContentType(AudioAttributes.CONTENT_TYPE_SPEECH)
        .build()
}

/** What says a cue; the service's is [SpokenCues], a test's records the words. */
interface Voice {
    fun say(words: String)
    fun close()
}

/**
 * TextToSpeech with audio focus per sentence: `AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK` requested as it
 * starts speaking and abandoned when it is done, so music ducks only while a cue is said.
 */
class SpokenCues(context: Context) : Voice {
    private val audio = context.system<AudioManager>()
    private val focus = AudioFocusRequest.Builder(AudioManager.AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK)
        .setAudioAttributes(Cues.AUDIO)
        .setOnAudioFocusChangeListener { }
        .build()
    @Volatile private var ready = false
    /** A cue due before the engine is ready (the first step's, as the routine starts). */
    @Volatile private var waiting: String? = null
    private val tts: TextToSpeech = TextToSpeech(context.applicationContext) { status ->
        ready = status == TextToSpeech.SUCCESS
        if (ready) {
            // The core's words are English.
            tts.language = Locale.ENGLISH
            tts.setAudioAttributes(Cues.AUDIO)
            waiting?.let { waiting = null; say(it) }
        }
    }

    init {
        tts.setOnUtteranceProgressListener(object : UtteranceProgressListener() {
            override fun onStart(utteranceId: String?) {}
            override fun onDone(utteranceId: String?) { audio.abandonAudioFocusRequest(focus) }
            @Deprecated("still called before API 21's overload") override fun onError(utteranceId: String?) {
                audio.abandonAudioFocusRequest(focus)
            }
        })
    }

    override fun say(words: String) {
        if (!ready) {
            waiting = words
            return
        }
        audio.requestAudioFocus(focus)
        tts.speak(words, TextToSpeech.QUEUE_FLUSH, null, words)
    }

    override fun close() {
        audio.abandonAudioFocusRequest(focus)
        tts.shutdown()
    }
}

/** One cue as the runner chose to get it: the words spoken, a vibration, a tone. */
class CueSound(private val context: Context, private val voice: Voice) {
    fun play(words: String) {
        val prefs = CuePrefs.load(context)
        if (prefs.vibration) {
            context.system<Vibrator>().vibrate(VibrationEffect.createWaveform(Cues.PATTERN, -1), Cues.AUDIO)
        }
        if (prefs.tone) runCatching {
            ToneGenerator(AudioManager.STREAM_MUSIC, 80).startTone(ToneGenerator.TONE_PROP_BEEP2, 200)
        }
        if (prefs.voice) voice.say(words)
    }
}

/** Pause, resume, skip or stop from the ongoing notification: the typed event, recorded like a
 *  tap in the app, on the same session object the screen uses ([Sessions]), so the screen shows
 *  it. The notification swiped away (Android 14 lets a runner do that) is shown again. */
class SessionActionReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val dismissed = intent.action == DISMISSED
        val event = eventOf(intent)
        if (event == null && !dismissed) return
        inBackground(context) { app ->
            val journal = Journals.journalOrNull(app) ?: return@inBackground
            val now = Journals.clock.now()
            try {
                if (event != null) Sessions.record(app, journal, event, now) else SessionNotification.show(app, Sessions.active(journal, now), now)
            } catch (e: app.fascia.FasciaException.Conflict) {
                // A tap on an out-of-date notification (Pause on a paused session): nothing
                // changes; the notification is shown as the session is.
                SessionNotification.show(app, Sessions.active(journal, now), now)
            }
        }
    }

    companion object {
        private const val PREFIX = "app.fascia.event."
        const val DISMISSED = "app.fascia.session-notification-dismissed"

        /** The intent a notification action sends for `event`. */
        fun intent(context: Context, event: Event): Intent =
            Intent(context, SessionActionReceiver::class.java).setAction(PREFIX + event.name)

        fun eventOf(intent: Intent): Event? = intent.action?.takeIf { it.startsWith(PREFIX) }
            ?.let { name -> Event.entries.firstOrNull { it.name == name.removePrefix(PREFIX) } }
    }
}

/** The routine's notification: the step in the core's words with a countdown, Pause/Resume, Skip
 *  and Stop, and a tap that opens the session. The foreground service's own while it runs. */
object SessionNotification {
    /** The tap's request code (1 and 2 are the reminders' "open the app" and "check in"). */
    private const val SESSION_TAP = 4

    /** Shows the session's notification (or removes it once the session is over). */
    fun show(context: Context, session: GuidedSession?, now: Instant) {
        val manager = context.system<NotificationManager>()
        val snap = session?.snapshot(now)
        if (session == null || snap == null || snap.over()) {
            manager.cancel(Notifications.SESSION_ID)
            return
        }
        manager.notify(Notifications.SESSION_ID, build(context, session, snap, now))
    }

    fun build(context: Context, session: GuidedSession, snap: Snapshot, now: Instant): Notification {
        val steps = session.routine().steps
        val index = snap.stepIndex.toInt().coerceAtMost(steps.size - 1)
        val step = steps[index]
        val next = steps.drop(index + 1).firstOrNull { it.kind == StepKind.HOLD || it.kind == StepKind.MOVE }
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
            .setCategory(Notification.CATEGORY_PROGRESS)
            // The lock screen shows the step and its buttons: the runner's phone is in a pocket.
            .setVisibility(Notification.VISIBILITY_PUBLIC)
            // The step in the core's words (`Calves, left: Hold`), and where the next hold is.
            .setContentTitle(stepTitle(step))
            .setContentText(
                stepOfText(index.toUInt(), steps.size.toUInt()).let { of ->
                    next?.let { context.getString(R.string.session_progress, of, nextStepText(it)) } ?: of
                },
            )
            // A tap opens the session, even hours later in a new process.
            .setContentIntent(
                PendingIntent.getActivity(
                    context, SESSION_TAP, Intent(context, MainActivity::class.java).putExtra(MainActivity.EXTRA_SESSION, true),
                    PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
                ),
            )
            // Swiped away (allowed from Android 14 while unlocked): shown again while the routine runs.
            .setDeleteIntent(
                PendingIntent.getBroadcast(
                    context, SESSION_TAP,
                    Intent(context, SessionActionReceiver::class.java).setAction(SessionActionReceiver.DISMISSED),
                    PendingIntent.FLAG_IMMUTABLE,
                ),
            )
            .addAction(if (running) action(context.getString(R.string.pause), Event.PAUSE) else action(context.getString(R.string.resume), Event.RESUME))
            .addAction(action(context.getString(R.string.skip), Event.SKIP))
            .addAction(action(context.getString(R.string.stop), Event.ABORT))
        if (Build.VERSION.SDK_INT >= 31) builder.setForegroundServiceBehavior(Notification.FOREGROUND_SERVICE_IMMEDIATE)
        if (running) {
            builder.setUsesChronometer(true).setChronometerCountDown(true)
                .setWhen(now.toEpochMilli() + snap.stepRemainingMs.toLong())
        }
        return builder.build()
    }
}

/** Words for ids, from the core's content (never an id on screen). */
fun zoneName(id: String): String = Catalog.zones[id]?.name ?: id

/** A zone and side as the core says it: `Calves, left`, or the zone alone when it has no sides. */
fun place(zone: String, side: Side): String = stepPlace(Step(kind = StepKind.HOLD, zone = zone, side = side, seconds = 0u))

/** The zone content and the core's numbers the screens show, read once from the core. */
object Catalog {
    val zones: Map<String, app.fascia.core.ZoneText> by lazy { app.fascia.zones().associateBy { it.id } }
    /** The warm-up's moves with their names and cues (a warm-up step's `moveId` names one). */
    val moves: Map<String, app.fascia.core.MoveText> by lazy { app.fascia.warmUpMoves().associateBy { it.id } }
    val regions: List<app.fascia.core.MapRegion> by lazy { app.fascia.bodyMap() }
    /** The core's picture of the body map with nothing rated: its size and silhouettes. */
    val map: app.fascia.core.Picture by lazy { app.fascia.bodyMapPicture(emptyList()) }
    /** The soreness scale (0 to 10) with its hint, its empty-check-in message and field label. */
    val soreness: app.fascia.SorenessScale by lazy { app.fascia.sorenessScale() }
    /** The levels a zone can be rated, from the scale's lowest to its highest. */
    val levels: IntRange get() = soreness.min.toInt()..soreness.max.toInt()
    /** The bodywork session's length in minutes (45), for an appointment booked from the log. */
    val bodyworkMinutes: UInt by lazy { app.fascia.bodyworkMinutes() }
    /** The daily routine's length when the runner sets none, in minutes (12). */
    val dailyMinutes: UInt by lazy { app.fascia.dailyMinutes() }
}

