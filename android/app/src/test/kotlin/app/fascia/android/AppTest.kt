package app.fascia.android

import android.app.AlarmManager
import android.app.Application
import android.content.ComponentName
import android.content.Intent
import android.graphics.Bitmap
import android.graphics.Canvas
import android.os.Bundle
import androidx.lifecycle.Lifecycle
import androidx.test.platform.app.InstrumentationRegistry
import org.robolectric.Robolectric
import org.robolectric.android.controller.ActivityController
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.test.core.app.ApplicationProvider
import app.fascia.FasciaJournal
import app.fascia.healthWarningText
import app.fascia.sorenessScale
import app.fascia.stepTitle
import app.fascia.core.RecordKind
import app.fascia.core.BackupKind
import app.fascia.core.Event
import app.fascia.core.HealthWarning
import app.fascia.core.NewDowntime
import app.fascia.core.NewRace
import app.fascia.core.RacePriority
import app.fascia.core.Side
import app.fascia.core.Status
import app.fascia.core.Tool
import kotlinx.coroutines.Dispatchers
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.rules.TestRule
import org.junit.runner.Description
import org.junit.runner.RunWith
import org.junit.runners.model.Statement
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadows.ShadowAlarmManager
import org.robolectric.shadows.ShadowLooper
import java.io.File
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime

/** A clock the test moves by hand: the app never reads the real one here. */
class TestClock(var at: Instant, var tz: String) : Clock {
    override fun now(): Instant = at
    override fun zone(): String = tz
    fun advance(seconds: Long) { at = at.plusSeconds(seconds) }
}

/** Registers the app's Activity (there is no merged manifest without Gradle) before it launches. */
class RegisterActivity : TestRule {
    override fun apply(base: Statement, description: Description) = object : Statement() {
        override fun evaluate() {
            val app = ApplicationProvider.getApplicationContext<Application>()
            shadowOf(app.packageManager).addActivityIfNotPresent(ComponentName(app, MainActivity::class.java))
            base.evaluate()
        }
    }
}

@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35], qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class AppTest {
    // 07:00 in Paris on a Monday in late November.
    private val clock = TestClock(Instant.parse("2026-11-23T06:00:00Z"), "Europe/Paris")
    private val compose = createAndroidComposeRule<MainActivity>()

    @get:Rule val rules: RuleChain = RuleChain.outerRule(Setup(clock)).around(RegisterActivity()).around(compose)

    /** Every test starts with the test clock, core calls on the main thread, no journal. */
    class Setup(private val clock: TestClock) : TestRule {
        override fun apply(base: Statement, description: Description) = object : Statement() {
            override fun evaluate() {
                Journals.reset()
                // A fresh phone: no journal, no preferences.
                val app = ApplicationProvider.getApplicationContext<Application>()
                Journals.file(app).parentFile?.listFiles()?.forEach { it.deleteRecursively() }
                for (name in listOf("app", "reminders", "cues", "cues-scheduled", "health")) {
                    app.getSharedPreferences(name, 0).edit().clear().commit()
                }
                Journals.clock = clock
                // USE_EXACT_ALARM: a timer app has exact alarms unless a test denies them.
                ShadowAlarmManager.setCanScheduleExactAlarms(true)
                Background.io = Dispatchers.Main.immediate
                Receivers.register(app)
                base.evaluate()
            }
        }
    }

    private val app get() = ApplicationProvider.getApplicationContext<Application>()
    /** The Activity Android made after the process died ([relaunch]), else the rule's. */
    private var relaunched: ActivityController<MainActivity>? = null
    private val model get() = (relaunched?.get() ?: compose.activity).model
    private val alarms get() = shadowOf(app.getSystemService(AlarmManager::class.java))
    private fun journal(): FasciaJournal = Journals.journalOrNull(app)!!

    private fun settle() {
        ShadowLooper.idleMainLooper()
        compose.waitForIdle()
    }

    private fun setUp() {
        settle()
        assertEquals(Screen.FIRST_RUN, model.state.value.screen)
        compose.onNodeWithTag("start").performScrollTo().performClick()
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)
    }

    /** Alarms scheduled for one receiver: data URI id → trigger time. */
    private fun scheduled(kind: String): Map<String, Long> = alarms.scheduledAlarms
        .mapNotNull { a ->
            val uri = shadowOf(a.operation).savedIntent.data ?: return@mapNotNull null
            if (uri.host != kind) null else uri.path!!.removePrefix("/") to a.triggerAtMs
        }.toMap()

    /** The ongoing session notification, if shown. */
    private fun ongoing(): android.app.Notification? =
        shadowOf(app.getSystemService(android.app.NotificationManager::class.java)).getNotification(Notifications.SESSION_ID)

    /** The Activity again after Android killed the process in the background: it saves its
     *  state as it stops, nothing in memory survives, and a new Activity (new view model) is
     *  made from that state. Nothing here tells it to load: it has to by itself. */
    private fun relaunch(): AppModel {
        val saved = Bundle()
        val scenario = compose.activityRule.scenario
        scenario.moveToState(Lifecycle.State.CREATED)
        scenario.onActivity { InstrumentationRegistry.getInstrumentation().callActivityOnSaveInstanceState(it, saved) }
        scenario.moveToState(Lifecycle.State.DESTROYED)
        Journals.reset()
        relaunched = Robolectric.buildActivity(MainActivity::class.java).setup(saved)
        settle()
        return model
    }

    @After fun cleanUp() { Journals.reset() }

    @Test fun firstRunLeadsToTodayWithTheRunnersSettingsAndReminders() {
        settle()
        assertEquals(Screen.FIRST_RUN, model.state.value.screen)
        compose.onNodeWithText("Welcome to Fascia").assertExists()
        model.finishSetUp(LocalTime.of(6, 45), listOf(Tool.BALL, Tool.HANDS))
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)
        val settings = journal().settings()
        assertEquals(LocalTime.of(6, 45), settings.reminderTime)
        assertEquals(listOf(Tool.BALL, Tool.HANDS), settings.tools)
        // The reminders are the core's, at the core's instants, by the core's ids.
        val plan = journal().reminders(clock.now(), ReminderSync.HORIZON_DAYS)
        assertEquals(plan.associate { it.id to it.fireAt.toEpochMilli() }, scheduled("reminder"))
        compose.onNodeWithTag("start-routine").assertExists()
        // A relaunch does not ask again.
        compose.activityRule.scenario.recreate()
        settle()
        assertEquals(Screen.TODAY, compose.activity.model.state.value.screen)
    }

    @Test fun aRoutineSurvivesTheActivityAndTheProcessAndItsCuesAreScheduled() {
        setUp()
        compose.onNodeWithTag("start-routine").performClick()
        settle()
        assertEquals(Screen.SESSION, model.state.value.screen)
        val session = model.session!!
        // The routine is the service's while it runs (LockedPhoneTest follows what it says).
        assertEquals(RoutineService::class.java.name, shadowOf(app).nextStartedService?.component?.className)
        // The ongoing notification names the step as the core does.
        val step = session.routine().steps[session.snapshot(clock.now()).stepIndex.toInt()]
        assertEquals(stepTitle(step), ongoing()?.extras?.getString("android.title"))
        clock.advance(75)
        compose.onNodeWithTag("skip").performClick()
        settle()
        clock.advance(5)
        compose.onNodeWithTag("pause").performClick()
        settle()
        val paused = session.snapshot(clock.now())
        assertEquals(Status.PAUSED, paused.status)
        // The Activity is recreated: same step, still paused.
        compose.activityRule.scenario.recreate()
        settle()
        assertEquals(paused, compose.activity.model.state.value.snapshot)
        // The process dies: a new journal and a new view model find the session in its log.
        clock.advance(60)
        Journals.reset()
        val reopened = journal().activeSession(clock.now())!!
        assertEquals(paused.stepIndex, reopened.snapshot(clock.now()).stepIndex)
        assertEquals(Status.PAUSED, reopened.snapshot(clock.now()).status)
        val again = relaunch()
        assertEquals(Screen.SESSION, again.state.value.screen)
        assertEquals(paused.stepIndex, again.state.value.snapshot!!.stepIndex)
        // Resumed, then finished: the notification follows, then goes.
        again.event(Event.RESUME)
        settle()
        assertNotNull(ongoing())
        again.event(Event.FINISH)
        settle()
        assertNull(ongoing())
        assertEquals(Screen.TODAY, again.state.value.screen)
    }

    @Test fun aRoutineRunToTheEndIsFinishedByTheCoreOnTheNextTick() {
        setUp()
        compose.onNodeWithTag("start-routine").performClick()
        settle()
        val session = model.session!!
        clock.advance(30)
        model.tick()
        settle()
        assertEquals(Screen.SESSION, model.state.value.screen)
        assertEquals(Status.RUNNING, model.state.value.snapshot!!.status)
        // The runner held every zone: the first tick past the end records the finish.
        clock.advance(session.routine().totalS.toLong())
        model.tick()
        settle()
        assertEquals(Status.FINISHED, session.snapshot(clock.now()).status)
        assertTrue(session.countsAsDone())
        assertNull(model.session)
        assertEquals(Screen.TODAY, model.state.value.screen)
        assertTrue(model.state.value.today!!.doneToday)
        assertNull(journal().activeSession(clock.now()))
        assertNull(ongoing())
    }

    @Test fun theNotificationsPauseAndResumeAreTypedEventsAndStartRoutineResumes() {
        setUp()
        model.startRoutine()
        settle()
        val first = model.session!!.id()
        clock.advance(20)
        app.sendBroadcast(SessionActionReceiver.intent(app, Event.PAUSE))
        settle()
        assertEquals(Status.PAUSED, journal().activeSession(clock.now())!!.snapshot(clock.now()).status)
        // An action that is not an event is ignored.
        app.sendBroadcast(Intent(app, SessionActionReceiver::class.java).setAction("app.fascia.event.NAP"))
        settle()
        // Back to the app: the one way in is the same session, resumed.
        clock.advance(60)
        model.show(Screen.TODAY)
        settle()
        compose.onNodeWithTag("start-routine").performClick()
        settle()
        assertEquals(first, model.session!!.id())
        assertEquals(Status.RUNNING, model.state.value.snapshot!!.status)
        assertEquals(20_000uL, model.state.value.snapshot!!.sessionElapsedMs)
    }

    @Test fun aCheckInIsSavedAndTomorrowsRoutineChanges() {
        setUp()
        val tomorrow = clock.now().plusSeconds(86_400)
        val before = journal().todaysRoutine(tomorrow, null)
        model.show(Screen.CHECK_IN)
        settle()
        compose.onNodeWithTag("body-map").assertExists()
        model.rate("hamstrings", Side.LEFT, 5)
        compose.onNodeWithTag("save-check-in").performScrollTo().performClick()
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)
        assertEquals(1, journal().recentSoreness(clock.now(), 1u).size)
        val after = journal().todaysRoutine(tomorrow, null)
        assertNotEquals(before, after)
        val ham = after.zones.first { it.zone == "hamstrings" }
        assertEquals(Side.LEFT, ham.side)
        assertTrue(ham.reason.key, ham.reason.key == "reason.side-sore")
    }

    @Test fun aCheckInWithNothingRatedSaysWhatToDo() {
        setUp()
        model.show(Screen.CHECK_IN)
        settle()
        compose.onNodeWithTag("save-check-in").performScrollTo().performClick()
        settle()
        // The core's words, with the core's scale.
        assertEquals(sorenessScale().nothingRated, model.state.value.message)
        assertEquals("Tap a zone on the map and choose 0 to 10 first.", model.state.value.message)
        assertTrue(journal().recentSoreness(clock.now(), 1u).isEmpty())
    }

    @Test fun remindersAreRescheduledAfterBootAndTravelAndCancelledWhenNoLongerPlanned() {
        setUp()
        val first = scheduled("reminder")
        assertTrue(first.keys.any { it.startsWith("daily-routine:") })
        // A race adds its milestones; deleting it cancels them.
        val race = journal().addRace(
            NewRace("Spring Marathon", LocalDate.of(2026, 12, 6), 42_195u, RacePriority.A), clock.now(),
        )
        ReminderSync.run(app)
        assertTrue(scheduled("reminder").keys.any { it.contains("race-week") })
        journal().deleteRace(race.id, clock.now())
        ReminderSync.run(app)
        assertTrue(scheduled("reminder").keys.none { it.contains("race-week") })
        assertEquals(first, scheduled("reminder"))
        // After a reboot the phone has no alarms: the boot broadcast plans them again.
        for (a in alarms.scheduledAlarms.toList()) app.getSystemService(AlarmManager::class.java)!!.cancel(a.operation!!)
        assertTrue(scheduled("reminder").isEmpty())
        app.sendBroadcast(Intent(Intent.ACTION_BOOT_COMPLETED))
        settle()
        assertEquals(first, scheduled("reminder"))
        // The runner flies to New York: 07:00 is now New York's 07:00.
        clock.tz = "America/New_York"
        app.sendBroadcast(Intent(Intent.ACTION_TIMEZONE_CHANGED))
        settle()
        assertEquals("America/New_York", journal().timeZone())
        val moved = scheduled("reminder")
        val id = "daily-routine:2026-11-24"
        assertEquals(first[id]!! + 6 * 3_600_000L, moved[id])
    }

    @Test fun withoutExactAlarmsRemindersUseAWindowAndHealthSaysSo() {
        ShadowAlarmManager.setCanScheduleExactAlarms(false)
        try {
            setUp()
            val windows = alarms.scheduledAlarms.filter { shadowOf(it.operation).savedIntent.data?.host == "reminder" }
            assertTrue(windows.isNotEmpty())
            assertTrue(windows.all { it.windowLengthMs == ReminderSync.WINDOW_MS })
            val health = ReminderSync(app, journal(), clock).health()
            assertTrue(HealthWarning.EXACT_ALARMS_OFF in health.warnings)
            model.show(Screen.SETTINGS)
            settle()
            compose.onNodeWithText(healthWarningText(HealthWarning.EXACT_ALARMS_OFF), substring = true).assertExists()
        } finally {
            ShadowAlarmManager.setCanScheduleExactAlarms(true)
        }
    }

    @Test fun aReminderThatFiresIsShownAndReportedToReminderHealth() {
        setUp()
        val plan = journal().reminders(clock.now(), 2u)
        val next = plan.first()
        clock.at = next.fireAt
        val alarm = alarms.scheduledAlarms.first { shadowOf(it.operation).savedIntent.data?.path == "/${next.id}" }
        alarm.operation!!.send()
        settle()
        val health = journal().reminderHealth(clock.now(), phoneState(app))
        assertEquals(next.fireAt, health.lastDelivered)
        val shown = shadowOf(app.getSystemService(android.app.NotificationManager::class.java)).allNotifications
        assertTrue(shown.any { it.extras.getString("android.title") == next.title.english })
    }

    @Test fun aDamagedJournalLeadsToTheRestoreScreenNeverACrash() {
        // A journal with a backup, then the file is overwritten by garbage.
        settle()
        val file = Journals.file(app)
        journal().addRace(NewRace("City 10K", LocalDate.of(2027, 3, 7), null, RacePriority.C), clock.now())
        clock.advance(86_400 * 2)
        assertNotNull(journal().backupIfDue(clock.now()))
        Journals.reset()
        file.writeBytes(ByteArray(8192) { (it * 31).toByte() })
        File(file.path + "-wal").delete()
        val reopened = relaunch()
        assertEquals(Screen.RESTORE, reopened.state.value.screen)
        assertNotNull(reopened.state.value.damaged?.newestBackup)
        compose.onNodeWithTag("restore-backup").performClick()
        settle()
        assertEquals(Screen.TODAY, reopened.state.value.screen)
        assertEquals(listOf("City 10K"), journal().races().map { it.name })
        assertNull(reopened.state.value.damaged)
    }

    @Test fun everyEntryCanBeCorrectedOrDeletedFromTheLogAndADuplicateRaceIsRefused() {
        setUp()
        model.logRun(10.0, 55.0, long = false)
        settle()
        model.show(Screen.LOGS)
        settle()
        val run = model.state.value.logs.runs.single()
        model.editRun(run, 12.0, 60.0)
        settle()
        assertEquals(12_000u, journal().recentRuns(5u).single().distanceM)
        compose.onNodeWithTag("delete-run-${run.id}").performScrollTo().performClick()
        settle()
        assertTrue(journal().recentRuns(5u).isEmpty())
        val half = NewRace("City Half", LocalDate.of(2027, 3, 7), null, RacePriority.B)
        model.addRace(half)
        settle()
        model.addRace(half.copy(name = "city half "))
        settle()
        assertTrue(model.state.value.message!!, model.state.value.message!!.contains("already in your races"))
        assertEquals(1, journal().races().size)
        val race = model.state.value.logs.races.single()
        model.editRace(race.id, half.copy(date = LocalDate.of(2027, 3, 14)))
        settle()
        assertEquals(LocalDate.of(2027, 3, 14), journal().races().single().date)
        model.addDowntime(NewDowntime(LocalDate.of(2026, 11, 20), 90u, null))
        settle()
        val down = model.state.value.logs.downtime.single()
        model.editDowntime(down.id, NewDowntime(down.date, 120u, null))
        settle()
        assertEquals(120u, journal().recentDowntime(clock.now(), 30u).single().minutes)
        model.delete(RecordKind.DOWNTIME, down.id)
        settle()
        assertTrue(journal().recentDowntime(clock.now(), 30u).isEmpty())
    }

    @Test fun afterALongRunTodayOffersACheckInUntilOneIsSaved() {
        setUp()
        // Not marked long: the core's long-run rule counts it by its distance.
        model.logRun(30.0, 170.0, long = false)
        settle()
        model.show(Screen.TODAY)
        settle()
        val checkIn = model.state.value.today?.checkIn!!
        assertEquals(journal().recentRuns(1u).single().id, checkIn.run.id)
        assertEquals("How do your legs feel after your 30.0 km run?", checkIn.question)
        compose.onNodeWithText(checkIn.question).assertExists()
        compose.onNodeWithTag("check-in-card").performClick()
        settle()
        assertEquals(Screen.CHECK_IN, model.state.value.screen)
        model.rate("calves", Side.BOTH, 4)
        model.saveCheckIn()
        settle()
        assertNull(model.state.value.today?.checkIn)
        compose.onNodeWithTag("check-in-card").assertDoesNotExist()
        // The entries follow the run the check-in was about.
        assertEquals(checkIn.run.id, journal().recentSoreness(clock.now(), 1u).single().runId)
    }

    @Test fun aShortRunBringsNoCheckInUnlessTheRunnerSaysItWasLong() {
        setUp()
        model.logRun(8.0, 45.0)
        settle()
        model.show(Screen.TODAY)
        settle()
        assertNull(model.state.value.today?.checkIn)
        compose.onNodeWithTag("check-in-card").assertDoesNotExist()
        model.logRun(12.0, 90.0, long = true)
        settle()
        assertNotNull(model.state.value.today?.checkIn)
    }

    @Test fun aBackupCanBeRestoredFromTheDataScreen() {
        setUp()
        journal().addRace(NewRace("Winter 10K", LocalDate.of(2027, 2, 14), null, RacePriority.C), clock.now())
        clock.advance(2 * 86_400)
        assertNotNull(journal().backupIfDue(clock.now()))
        journal().addRace(NewRace("Spring Half", LocalDate.of(2027, 3, 14), null, RacePriority.B), clock.now())
        model.show(Screen.DATA)
        settle()
        val backup = model.state.value.logs.backups.first { it.kind == BackupKind.DAILY }
        model.restoreBackup(backup.id)
        settle()
        assertEquals(listOf("Winter 10K"), journal().races().map { it.name })
    }
}
