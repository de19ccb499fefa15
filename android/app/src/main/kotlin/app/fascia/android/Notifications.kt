package app.fascia.android

import android.app.Notification
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import app.fascia.core.Reminder
import app.fascia.core.ReminderKind

object Notifications {
    const val SESSION_ID = 1

    private fun openApp(context: Context, checkIn: Boolean = false): PendingIntent =
        PendingIntent.getActivity(
            context, if (checkIn) 2 else 1,
            Intent(context, MainActivity::class.java)
                .putExtra(MainActivity.EXTRA_CHECK_IN, checkIn)
                .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_SINGLE_TOP),
            PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
        )

    fun reminder(context: Context, r: Reminder) {
        val checkIn = r.kind == ReminderKind.SORENESS_PROMPT || r.kind == ReminderKind.RECOVERY_CHECK_IN
        val builder = Notification.Builder(context, Channels.REMINDERS)
            .setSmallIcon(android.R.drawable.ic_popup_reminder)
            .setContentTitle(r.title.english)
            .setContentText(r.body.english)
            .setStyle(Notification.BigTextStyle().bigText(r.body.english))
            .setAutoCancel(true)
            .setContentIntent(openApp(context, checkIn))
        if (checkIn) {
            // "Log soreness" opens the check-in directly.
            builder.addAction(
                Notification.Action.Builder(null, context.getString(R.string.log_soreness), openApp(context, checkIn = true)).build(),
            )
        }
        context.system<NotificationManager>().notify(r.id.hashCode(), builder.build())
    }
}
