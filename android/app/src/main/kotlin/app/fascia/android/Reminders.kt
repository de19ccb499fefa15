// Reminders that are never lost: the phone's alarms always equal the core's plan. Every sync
// cancels the ids no longer planned and (re)schedules the rest at the core's UTC instants: exact
// when the runner has allowed exact alarms (SCHEDULE_EXACT_ALARM, asked for in Settings with its
// reason; denied by default from Android 14), otherwise in a 10-minute window, and reminder
// health says which. A reminder app may not hold USE_EXACT_ALARM (alarm clocks and calendars only).
package app.fascia.android

import android.app.AlarmManager
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.os.Build
import android.os.PowerManager
import app.fascia.FasciaJournal
import app.fascia.core.PhoneState
import app.fascia.core.ReminderHealth

object Channels {
    const val REMINDERS = "reminders"
    const val SESSION = "session"
    private const val OLD_CUES = "cues"

    fun create(context: Context) {
        val manager = context.system<NotificationManager>()
        manager.createNotificationChannels(
            listOf(
                NotificationChannel(REMINDERS, context.getString(R.string.channel_reminders), NotificationManager.IMPORTANCE_DEFAULT).apply {
                    description = app.fascia.phraseText(app.fascia.core.Phrase.REMINDERS_CHANNEL)
                },
                NotificationChannel(SESSION, context.getString(R.string.channel_session), NotificationManager.IMPORTANCE_LOW).apply {
                    description = context.getString(R.string.channel_session_about)
                },
            ),
        )
        // Cues were notifications of their own before the routine's service spoke them.
        manager.deleteNotificationChannel(OLD_CUES)
    }
}

/** What the phone allows, as the core's reminder health wants it. */
fun phoneState(context: Context): PhoneState {
    val alarms = context.system<AlarmManager>()
    val power = context.system<PowerManager>()
    val notifications = context.system<NotificationManager>()
    return PhoneState(
        notificationsAllowed = notifications.areNotificationsEnabled(),
        exactAlarmsAllowed = Build.VERSION.SDK_INT < 31 || alarms.canScheduleExactAlarms(),
        batteryRestricted = !power.isIgnoringBatteryOptimizations(context.packageName),
    )
}

class ReminderSync(private val context: Context, private val journal: FasciaJournal, private val clock: Clock) {
    private val alarms = context.system<AlarmManager>()
    private val prefs = context.getSharedPreferences("reminders", Context.MODE_PRIVATE)

    /** Makes the scheduled alarms equal to the plan; returns the ids now scheduled. */
    fun sync(): Set<String> {
        val now = clock.now()
        val plan = journal.reminders(now, HORIZON_DAYS)
        val wanted = plan.associateBy { it.id }
        val before = prefs.getStringSet(KEY, emptySet()).orEmpty()
        for (stale in before - wanted.keys) alarms.cancel(pending(stale, null))
        val exact = Build.VERSION.SDK_INT < 31 || alarms.canScheduleExactAlarms()
        for (r in plan) {
            val at = r.fireAt.toEpochMilli()
            val intent = pending(r.id, r.fireAt.toEpochMilli())
            if (exact) {
                alarms.setExactAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, at, intent)
            } else {
                alarms.setWindow(AlarmManager.RTC_WAKEUP, at, WINDOW_MS, intent)
            }
        }
        prefs.edit().putStringSet(KEY, wanted.keys).apply()
        return wanted.keys
    }

    fun health(): ReminderHealth = journal.reminderHealth(clock.now(), phoneState(context))

    private fun pending(id: String, fireAt: Long?): PendingIntent {
        val intent = Intent(context, ReminderReceiver::class.java)
            .setData(Uri.parse("fascia://reminder/$id"))
            .putExtra(EXTRA_ID, id)
        fireAt?.let { intent.putExtra(EXTRA_AT, it) }
        return PendingIntent.getBroadcast(
            context, id.hashCode(), intent,
            PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
        )
    }

    companion object {
        /** Days ahead the phone keeps scheduled; re-planned every day and after every change. */
        val HORIZON_DAYS = 14u
        const val WINDOW_MS = 10 * 60 * 1000L
        const val KEY = "scheduled"
        const val EXTRA_ID = "id"
        const val EXTRA_AT = "at"

        /** Re-plans from anywhere (screens after a change, receivers), when the journal opens. */
        fun run(context: Context) {
            val journal = Journals.journalOrNull(context) ?: return
            runCatching { ReminderSync(context, journal, Journals.clock).sync() }
        }
    }
}

/** A reminder fires: show it, tell the core it was delivered, plan the next ones (off the main
 *  thread: opening the journal may make the day's backup). */
class ReminderReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val id = intent.getStringExtra(ReminderSync.EXTRA_ID) ?: return
        inBackground(context) { app ->
            val journal = Journals.journalOrNull(app) ?: return@inBackground
            val now = Journals.clock.now()
            val at = java.time.Instant.ofEpochMilli(intent.getLongExtra(ReminderSync.EXTRA_AT, now.toEpochMilli()))
            val reminder = journal.reminders(at.minusSeconds(60), 1u).firstOrNull { it.id == id }
            if (reminder != null) {
                Notifications.reminder(app, reminder)
                journal.recordDelivery(reminder, now, now)
            }
            ReminderSync(app, journal, Journals.clock).sync()
        }
    }
}

/** Boot, a new time or zone, an app update, exact alarms allowed or not: every alarm is planned
 *  again, and the session as the journal has it now is read again. A running service re-plans its
 *  cues from that; after a boot there is none (Android 15 refuses a media foreground service from
 *  BOOT_COMPLETED), so the routine's notification comes back and its tap opens the app, which
 *  starts the service. */
class SystemEventsReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        inBackground(context) { app ->
            val journal = Journals.journalOrNull(app) ?: return@inBackground
            val now = Journals.clock.now()
            if (intent.action == Intent.ACTION_TIMEZONE_CHANGED) journal.setTimeZone(Journals.clock.zone())
            val session = Sessions.reload(journal, now)
            if (!RoutineService.running) SessionNotification.show(app, session, now)
            ReminderSync(app, journal, Journals.clock).sync()
        }
    }
}
