// What the phone does around the app, for the tests: the receivers the manifest declares, and a
// background thread whose work the test runs when it chooses.
package app.fascia.android

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import kotlinx.coroutines.CoroutineDispatcher
import kotlin.coroutines.CoroutineContext

/**
 * The app's receivers, registered as the merged manifest declares them (there is no manifest
 * without Gradle): the platform then delivers alarms, notification actions and system broadcasts
 * to them, with a `PendingResult` as on a phone, so `goAsync()` works as it does there.
 */
object Receivers {
    val registered = mutableMapOf<Class<*>, BroadcastReceiver>()

    fun register(context: Context) {
        registered.clear()
        // Explicit intents (alarms, notification actions) reach their class whatever the filter.
        for (r in listOf(ReminderReceiver(), SessionActionReceiver())) {
            context.registerReceiver(r, IntentFilter(), Context.RECEIVER_NOT_EXPORTED)
            registered[r.javaClass] = r
        }
        val system = SystemEventsReceiver()
        val actions = IntentFilter().apply {
            for (a in listOf(
                Intent.ACTION_BOOT_COMPLETED, Intent.ACTION_TIMEZONE_CHANGED,
                Intent.ACTION_TIME_CHANGED, Intent.ACTION_MY_PACKAGE_REPLACED,
                android.app.AlarmManager.ACTION_SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED,
            )) addAction(a)
        }
        context.registerReceiver(system, actions, Context.RECEIVER_EXPORTED)
        registered[system.javaClass] = system
    }

    inline fun <reified T : BroadcastReceiver> get(): T = registered[T::class.java] as T
}

/** A background thread the test drives: work waits in a queue until [runAll]. */
class Queued : CoroutineDispatcher() {
    private val tasks = ArrayDeque<Runnable>()
    val waiting get() = tasks.size
    override fun dispatch(context: CoroutineContext, block: Runnable) { tasks.addLast(block) }
    fun runAll() {
        while (tasks.isNotEmpty()) tasks.removeFirst().run()
    }
}

/** What the routine's service said, and when (by the test's clock): its voice in the tests. */
class Spoken(private val clock: Clock) : Voice {
    val said = mutableListOf<Pair<java.time.Instant, String>>()
    val words get() = said.map { it.second }
    override fun say(words: String) { said += clock.now() to words }
    override fun close() {}
}

/**
 * Android starts the service the app asked for (`startForegroundService`): the next started
 * service's intent, built and started as the system would. Null if the app asked for none.
 */
fun startRequestedService(app: android.app.Application): org.robolectric.android.controller.ServiceController<RoutineService>? {
    val intent = org.robolectric.Shadows.shadowOf(app).nextStartedService ?: return null
    check(intent.component?.className == RoutineService::class.java.name) { "started ${intent.component}" }
    return org.robolectric.Robolectric.buildService(RoutineService::class.java, intent).create().startCommand(0, 1)
}

/** Time passes on the phone: the test's clock and the main looper's, a second at a time. */
fun passes(clock: TestClock, seconds: Long) {
    repeat(seconds.toInt()) {
        clock.advance(1)
        org.robolectric.Shadows.shadowOf(android.os.Looper.getMainLooper()).idleFor(java.time.Duration.ofSeconds(1))
    }
}
