package app.fascia.android

import android.app.Activity
import android.app.Application
import android.app.NotificationManager
import android.content.Intent
import android.net.Uri
import android.os.Bundle
import android.view.WindowManager
import androidx.compose.ui.test.junit4.createEmptyComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.test.core.app.ApplicationProvider
import app.fascia.FasciaException
import app.fascia.FasciaJournal
import app.fascia.core.NewRace
import app.fascia.core.RacePriority
import app.fascia.core.RoutineKind
import app.fascia.core.Status
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNotSame
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import org.robolectric.android.controller.ActivityController
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadow.api.Shadow
import org.robolectric.shadows.ShadowBroadcastPendingResult
import org.robolectric.shadows.ShadowLooper
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.time.Instant
import java.time.LocalDate

/**
 * The app as the runner meets it at the trailhead: Android kills it in the background, the
 * notification is tapped hours later, Pause comes from the lock screen, the export goes to a
 * full drive. Each Activity here is built by Robolectric as Android builds it (a new process: a
 * new Activity, a new ViewModelStore, a new view model, only the saved Bundle and the files kept).
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35], qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class TrailheadTest {
    // 07:00 in Paris on a Monday in late November.
    private val clock = TestClock(Instant.parse("2026-11-23T06:00:00Z"), "Europe/Paris")
    private val compose = createEmptyComposeRule()

    @get:Rule val rules: RuleChain = RuleChain.outerRule(AppTest.Setup(clock)).around(RegisterActivity()).around(compose)

    private val app get() = ApplicationProvider.getApplicationContext<Application>()
    /** The Activity in front, in the process alive now. */
    private var front: ActivityController<MainActivity>? = null
    private val activity get() = front!!.get()
    private val model get() = activity.model

    private fun settle() {
        ShadowLooper.idleMainLooper()
        compose.waitForIdle()
    }

    /** Android starts the Activity: with the intent that opened it, and the state it saved, if any. */
    private fun launch(intent: Intent? = null, saved: Bundle? = null) {
        val controller = if (intent == null) Robolectric.buildActivity(MainActivity::class.java)
        else Robolectric.buildActivity(MainActivity::class.java, intent)
        front = if (saved == null) controller.setup() else controller.setup(saved)
        settle()
    }

    /**
     * The runner leaves the app; Android stops it, keeps the Bundle it saves, and later kills the
     * process: every object in memory is gone (the journal, the session, the view model), the files stay.
     */
    private fun killInBackground(): Bundle {
        val saved = Bundle()
        val c = front!!
        if (c.get().lifecycle.currentState.isAtLeast(androidx.lifecycle.Lifecycle.State.RESUMED)) c.pause()
        if (c.get().lifecycle.currentState.isAtLeast(androidx.lifecycle.Lifecycle.State.STARTED)) c.stop()
        c.saveInstanceState(saved)
        // Its views go with the process (destroyed here only so that no screen of it is left drawn).
        c.destroy()
        front = null
        Journals.reset()
        settle()
        return saved
    }

    /** The runner leaves the app (home button): stopped, not killed. */
    private fun leave() {
        front!!.pause().stop()
        settle()
    }

    private fun firstRun() {
        assertEquals(Screen.FIRST_RUN, model.state.value.screen)
        compose.onNodeWithTag("start").performScrollTo().performClick()
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)
    }

    private fun startRoutine() {
        compose.onNodeWithTag("start-routine").performClick()
        settle()
        assertEquals(Screen.SESSION, model.state.value.screen)
    }

    /** The journal as stored on disk, read through a journal of its own. */
    private fun stored(): app.fascia.core.Snapshot? {
        val j = FasciaJournal.open(Journals.file(app).path, clock.zone())
        return try {
            j.activeSession(clock.now())?.snapshot(clock.now())
        } finally {
            j.close()
        }
    }

    private fun ongoing(): android.app.Notification? =
        shadowOf(app.getSystemService(NotificationManager::class.java)).getNotification(Notifications.SESSION_ID)

    /** The runner taps an action of the ongoing notification (the lock screen's Pause or Skip). */
    private fun tapAction(label: String) {
        val n = checkNotNull(ongoing()) { "no ongoing notification" }
        val action = n.actions.firstOrNull { it.title == label }
            ?: error("no $label action: ${n.actions.map { it.title }}")
        action.actionIntent.send()
        settle()
    }

    // ---- 1. process death -------------------------------------------------------------------

    @Test fun afterAProcessDeathTheNewProcessOpensTheJournalAndShowsToday() {
        launch()
        firstRun()
        val before = model
        val saved = killInBackground()
        clock.advance(3 * 3600)
        launch(saved = saved)
        assertNotSame(before, model)
        compose.onNodeWithText("Opening your journal…").assertDoesNotExist()
        assertEquals(Screen.TODAY, model.state.value.screen)
        compose.onNodeWithTag("start-routine").assertExists()
    }

    @Test fun afterAProcessDeathMidRoutineTheNewProcessShowsTheRoutineAndTakesTheNextTap() {
        launch()
        firstRun()
        startRoutine()
        clock.advance(75)
        compose.onNodeWithTag("skip").performClick()
        settle()
        val before = model
        val saved = killInBackground()
        clock.advance(20)
        launch(saved = saved)
        assertNotSame(before, model)
        compose.onNodeWithText("Opening your journal…").assertDoesNotExist()
        assertEquals(Screen.SESSION, model.state.value.screen)
        assertEquals(stored(), model.state.value.snapshot)
        compose.onNodeWithTag("countdown").assertExists()
        // The screen's next tap goes to the same session.
        compose.onNodeWithTag("pause").performClick()
        settle()
        assertNull(model.state.value.message)
        assertEquals(Status.PAUSED, stored()!!.status)
        compose.onNodeWithText("Paused").assertExists()
    }

    @Test fun theRoutinesNotificationTappedHoursLaterAfterAProcessDeathShowsTheRoutine() {
        launch()
        firstRun()
        startRoutine()
        clock.advance(40)
        // The phone goes in a pocket: paused from the lock screen.
        leave()
        tapAction("Pause")
        val paused = stored()!!
        assertEquals(Status.PAUSED, paused.status)
        val tap = shadowOf(ongoing()!!.contentIntent).savedIntent
        var saved = killInBackground()
        clock.advance(3 * 3600)

        // The task is still there: Android recreates the Activity from its saved state and hands
        // it the notification's intent.
        launch(saved = saved)
        front!!.newIntent(tap)
        settle()
        compose.onNodeWithText("Opening your journal…").assertDoesNotExist()
        assertEquals(Screen.SESSION, model.state.value.screen)
        assertEquals(paused.stepIndex, model.state.value.snapshot!!.stepIndex)
        assertEquals(paused.sessionElapsedMs, model.state.value.snapshot!!.sessionElapsedMs)
        compose.onNodeWithText("Paused").assertExists()

        // The task was swiped away: the tap starts the Activity afresh in a new process.
        saved = killInBackground()
        clock.advance(600)
        launch(intent = tap)
        assertEquals(Screen.SESSION, model.state.value.screen)
        compose.onNodeWithText("Paused").assertExists()
        compose.onNodeWithTag("pause").performClick()
        settle()
        assertNull(model.state.value.message)
        assertEquals(Status.RUNNING, stored()!!.status)
    }

    // ---- 2. one truth for the session ---------------------------------------------------------

    @Test fun aPauseFromTheNotificationIsWhatTheScreenShowsAndItsNextTapIsAccepted() {
        launch()
        firstRun()
        startRoutine()
        clock.advance(20)
        tapAction("Pause")
        assertEquals(Status.PAUSED, stored()!!.status)
        assertEquals(Status.PAUSED, model.state.value.snapshot!!.status)
        compose.onNodeWithText("Paused").assertExists()
        compose.onNodeWithText("Resume").assertExists()
        // The screen's Resume is the next event of the same log: accepted, not a conflict.
        clock.advance(60)
        compose.onNodeWithTag("pause").performClick()
        settle()
        assertNull(model.state.value.message)
        assertEquals(Status.RUNNING, stored()!!.status)
        assertEquals(20_000uL, stored()!!.sessionElapsedMs)
        // Skip from the notification moves the screen on too.
        val step = model.state.value.snapshot!!.stepIndex
        tapAction("Skip")
        assertEquals(stored()!!.stepIndex, model.state.value.snapshot!!.stepIndex)
        assertEquals(step + 1u, model.state.value.snapshot!!.stepIndex)
        compose.onNodeWithTag("pause").performClick()
        settle()
        assertNull(model.state.value.message)
        assertEquals(Status.PAUSED, stored()!!.status)
    }

    // ---- 3. nothing on the main thread, every failure in words ---------------------------------

    @Test fun receiversDoTheirWorkInTheBackgroundAndFinishTheBroadcastAfterIt() {
        launch()
        firstRun()
        startRoutine()
        clock.advance(20)
        leave()
        val background = Queued()
        Background.io = background
        try {
            fun finished(r: android.content.BroadcastReceiver): Boolean {
                assertTrue("${r.javaClass.simpleName} went async", shadowOf(r).wentAsync())
                val pending = shadowOf(r).originalPendingResult
                return Shadow.extract<ShadowBroadcastPendingResult>(pending).future.isDone
            }
            // Pause from the notification: nothing written on the main thread.
            tapAction("Pause")
            val pause = Receivers.get<SessionActionReceiver>()
            assertFalse("the broadcast is held until the work is done", finished(pause))
            assertEquals(Status.RUNNING, stored()!!.status)
            background.runAll()
            settle()
            assertTrue(finished(pause))
            assertEquals(Status.PAUSED, stored()!!.status)

            // A reboot: the alarms are planned again in the background.
            val alarms = app.getSystemService(android.app.AlarmManager::class.java)!!
            for (a in shadowOf(alarms).scheduledAlarms.toList()) alarms.cancel(a.operation!!)
            app.sendBroadcast(Intent(Intent.ACTION_BOOT_COMPLETED))
            settle()
            val boot = Receivers.get<SystemEventsReceiver>()
            assertFalse(finished(boot))
            assertTrue(shadowOf(alarms).scheduledAlarms.isEmpty())
            background.runAll()
            settle()
            assertTrue(finished(boot))
            assertTrue(shadowOf(alarms).scheduledAlarms.isNotEmpty())

            // A reminder fires: shown, and its delivery stored, in the background.
            val alarm = shadowOf(alarms).scheduledAlarms.minBy { it.triggerAtMs }
            clock.at = Instant.ofEpochMilli(alarm.triggerAtMs)
            alarm.operation!!.send()
            settle()
            val reminder = Receivers.get<ReminderReceiver>()
            assertFalse(finished(reminder))
            background.runAll()
            settle()
            assertTrue(finished(reminder))
        } finally {
            Background.io = kotlinx.coroutines.Dispatchers.Main.immediate
        }
    }

    @Test fun anExportThatCannotBeWrittenSaysSoAndAnImportIsReadAndReported() {
        launch()
        firstRun()
        model.show(Screen.DATA)
        settle()
        fun pick(button: String, uri: Uri) {
            compose.onNodeWithText(button).performClick()
            settle()
            val request = shadowOf(activity).nextStartedActivityForResult
            assertNotNull("$button asks the system for a document", request)
            shadowOf(activity).receiveResult(request.intent, Activity.RESULT_OK, Intent().setData(uri))
            settle()
        }
        // A drive that is full: the runner is told, in words.
        val full = Uri.parse("content://com.android.externalstorage.documents/document/full.json")
        shadowOf(app.contentResolver).registerOutputStream(full, object : OutputStream() {
            override fun write(b: Int) = throw IOException("No space left on device")
            override fun write(b: ByteArray, off: Int, len: Int) = throw IOException("No space left on device")
        })
        pick("Export to a file", full)
        val failed = model.state.value.message
        assertNotNull("a failed export reaches the runner", failed)
        assertTrue(failed!!, failed.contains("No space left on device"))
        compose.onNodeWithTag("message").assertExists()
        model.dismissMessage()
        settle()

        // A place that can be written: the journal is there, and the runner is told.
        val ok = Uri.parse("content://com.android.externalstorage.documents/document/fascia.json")
        val written = ByteArrayOutputStream()
        shadowOf(app.contentResolver).registerOutputStream(ok, written)
        pick("Export to a file", ok)
        assertTrue(written.size() > 0)
        assertNotNull(model.state.value.message)

        // Importing it back is read and merged, and said.
        val back = Uri.parse("content://com.android.externalstorage.documents/document/back.json")
        shadowOf(app.contentResolver).registerInputStream(back, ByteArrayInputStream(written.toByteArray()))
        pick("Import a file", back)
        assertTrue(model.state.value.message!!, model.state.value.message!!.startsWith("Imported:"))
        model.dismissMessage()

        // A file that cannot be read: said too.
        val gone = Uri.parse("content://com.android.externalstorage.documents/document/gone.json")
        shadowOf(app.contentResolver).registerInputStream(gone, object : InputStream() {
            override fun read(): Int = throw IOException("The file is no longer there")
        })
        pick("Import a file", gone)
        val unread = model.state.value.message
        assertNotNull("a failed import reaches the runner", unread)
        assertTrue(unread!!, unread.contains("The file is no longer there"))
    }

    // ---- 6. the screen stays on only during a routine ------------------------------------------

    @Test fun theScreenStaysOnDuringARoutineAndNotAfterIt() {
        fun keptOn() = activity.window.attributes.flags and WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON != 0
        launch()
        firstRun()
        assertFalse(keptOn())
        startRoutine()
        assertTrue(keptOn())
        // Stopped by the runner.
        compose.onNodeWithText("Stop").performClick()
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)
        assertFalse("the screen may sleep once the routine is over", keptOn())
        // Run to the end: the core records the finish.
        startRoutine()
        assertTrue(keptOn())
        clock.advance(model.session!!.routine().totalS.toLong() + 1)
        model.tick()
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)
        assertFalse("the screen may sleep once the routine is over", keptOn())
    }

    // ---- 10. the 45-minute bodywork session ------------------------------------------------------

    @Test fun theBodyworkSessionStartsFromTodayAndOnRaceMorningTheCoreSaysWhyNot() {
        launch()
        firstRun()
        compose.onNodeWithTag("start-bodywork").performScrollTo().performClick()
        settle()
        assertNull(model.state.value.message)
        assertEquals(Screen.SESSION, model.state.value.screen)
        val session = model.session!!
        assertEquals(RoutineKind.Bodywork, session.routine().kind)
        assertTrue(session.routine().totalS >= 30u * 60u)
        compose.onNodeWithText("Stop").performClick()
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)

        // Race morning: no bodywork; the core says why, the app shows it.
        val journal = Journals.journalOrNull(app)!!
        journal.addRace(NewRace("Lyon 10K", LocalDate.of(2026, 11, 23), 10_000u, RacePriority.A), clock.now())
        val reason = try {
            journal.bodyworkRoutine(clock.now(), null)
            fail("the core refuses bodywork on race morning")
            ""
        } catch (e: FasciaException) {
            e.forRunner(app)
        }
        model.show(Screen.TODAY)
        settle()
        compose.onNodeWithTag("start-bodywork").performScrollTo().performClick()
        settle()
        assertEquals(reason, model.state.value.message)
        compose.onNodeWithText(reason, substring = true).assertExists()
        assertEquals(Screen.TODAY, model.state.value.screen)
        assertNull(stored())
    }

    // ---- 11. a new phone, restored by Android's backup -------------------------------------------

    @Test fun aJournalRestoredByAndroidsBackupIsReadOnTheFirstLaunch() {
        // What Android's restore puts in place before the first launch (res/xml/backup_rules.xml):
        // the journal with its settings and a race, and the app's own preferences.
        val restored = FasciaJournal.open(Journals.file(app).path, clock.zone())
        try {
            restored.setSettings(restored.settings().copy(reminderTime = java.time.LocalTime.of(7, 45)), clock.now())
            restored.addRace(NewRace("Lyon Marathon", LocalDate.of(2027, 4, 18), 42_195u, RacePriority.A), clock.now())
        } finally {
            restored.close()
        }
        app.getSharedPreferences("app", 0).edit().putBoolean("set-up", true).commit()
        launch()
        // No first run over the runner's settings: today, from the restored journal.
        assertEquals(Screen.TODAY, model.state.value.screen)
        assertEquals(java.time.LocalTime.of(7, 45), model.state.value.settings!!.reminderTime)
        assertEquals(listOf("Lyon Marathon"), Journals.journalOrNull(app)!!.races().map { it.name })
        // The new phone has no alarms: they are planned from the restored journal.
        val alarms = shadowOf(app.getSystemService(android.app.AlarmManager::class.java)).scheduledAlarms
        val daily = alarms.mapNotNull { shadowOf(it.operation).savedIntent.data?.path }.filter { it.contains("daily-routine") }
        assertTrue(daily.isNotEmpty())
        val tomorrow = alarms.first { shadowOf(it.operation).savedIntent.data?.path == "/daily-routine:2026-11-24" }
        assertEquals(
            java.time.ZonedDateTime.of(2026, 11, 24, 7, 45, 0, 0, java.time.ZoneId.of("Europe/Paris")).toInstant().toEpochMilli(),
            tomorrow.triggerAtMs,
        )
    }
}
