package app.fascia.android

import android.app.AlarmManager
import android.app.Application
import android.app.Notification
import android.app.NotificationManager
import android.content.Intent
import android.media.AudioAttributes
import android.media.AudioManager
import android.speech.tts.TextToSpeech
import androidx.compose.ui.test.junit4.createEmptyComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.test.core.app.ApplicationProvider
import app.fascia.FasciaJournal
import app.fascia.core.Cue
import app.fascia.core.Status
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import org.robolectric.android.controller.ActivityController
import org.robolectric.android.controller.ServiceController
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadows.ShadowAlarmManager
import org.robolectric.shadows.ShadowLooper
import org.robolectric.shadows.ShadowTextToSpeech
import java.time.Instant

/**
 * The runner starts the routine, locks the phone and rolls a calf on the grass: the routine is a
 * foreground service that says the core's cues at the core's instants while the Activity is
 * stopped, with Pause/Skip/Stop on its notification; with the app in front a cue is said once.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35], qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class LockedPhoneTest {
    // 07:00 in Paris on a Monday in late November.
    private val clock = TestClock(Instant.parse("2026-11-23T06:00:00Z"), "Europe/Paris")
    private val compose = createEmptyComposeRule()

    @get:Rule val rules: RuleChain = RuleChain.outerRule(AppTest.Setup(clock)).around(RegisterActivity()).around(compose)

    private val app get() = ApplicationProvider.getApplicationContext<Application>()
    private lateinit var front: ActivityController<MainActivity>
    private val model get() = front.get().model
    private var service: ServiceController<RoutineService>? = null
    private val spoken = Spoken(clock)

    @Before fun speakIntoTheTest() { RoutineService.voices = { spoken } }

    @After fun stop() {
        service?.destroy()
        RoutineService.voices = { SpokenCues(it) }
    }

    private fun settle() {
        ShadowLooper.idleMainLooper()
        compose.waitForIdle()
    }

    private fun openAndStartRoutine() {
        front = Robolectric.buildActivity(MainActivity::class.java).setup()
        settle()
        compose.onNodeWithTag("start").performScrollTo().performClick()
        settle()
        compose.onNodeWithTag("start-routine").performClick()
        settle()
        assertEquals(Screen.SESSION, model.state.value.screen)
    }

    /** The cues the core plans from now for the session stored in the journal. */
    private fun plan(): List<Cue> {
        val j = FasciaJournal.open(Journals.file(app).path, clock.zone())
        return try {
            j.activeSession(clock.now())?.cues(clock.now(), Cues.HORIZON_S).orEmpty()
        } finally {
            j.close()
        }
    }

    private fun ongoing(): Notification? =
        shadowOf(app.getSystemService(NotificationManager::class.java)).getNotification(Notifications.SESSION_ID)

    private fun tap(label: String) {
        val n = checkNotNull(ongoing()) { "no routine notification" }
        val action = n.actions.firstOrNull { it.title == label } ?: error("no $label: ${n.actions.map { it.title }}")
        action.actionIntent.send()
        settle()
    }

    private fun cueAlarms() = shadowOf(app.getSystemService(AlarmManager::class.java)).scheduledAlarms
        .filter { shadowOf(it.operation).savedIntent.component?.className != ReminderReceiver::class.java.name }

    @Test fun theRoutineIsAForegroundServiceThatSaysTheCoresCuesWhileThePhoneIsLocked() {
        openAndStartRoutine()
        val started = checkNotNull(shadowOf(app).nextStartedService) { "the routine starts no service" }
        assertEquals(RoutineService::class.java.name, started.component!!.className)
        service = Robolectric.buildService(RoutineService::class.java, started).create().startCommand(0, 1)
        settle()
        // In the foreground, of its declared type, with the routine's notification.
        val shadow = shadowOf(service!!.get())
        assertEquals(Notifications.SESSION_ID, shadow.lastForegroundNotificationId)
        val n = shadow.lastForegroundNotification!!
        assertTrue("the runner cannot swipe it away", n.flags and Notification.FLAG_ONGOING_EVENT != 0)
        assertEquals(listOf("Pause", "Skip", "Stop"), n.actions.map { it.title.toString() })
        assertTrue(shadowOf(n.contentIntent).savedIntent.getBooleanExtra(MainActivity.EXTRA_SESSION, false))
        assertEquals(ManifestTest.declaredServiceType(), RoutineService.TYPE)

        // The runner locks the phone.
        val plan = plan()
        assertTrue(plan.size >= 3)
        front.pause().stop()
        settle()
        val until = plan[2].at
        passes(clock, until.epochSecond - clock.now().epochSecond)
        // The first cue is the first step's, at the start (said as the service starts); then each
        // cue's words at its instant: the core's cue plan, nothing of the app's.
        val due = plan.filter { !it.at.isAfter(clock.now()) }
        assertEquals(due.map { it.words }, spoken.words)
        assertEquals(due.map { it.at.epochSecond }, spoken.said.map { it.first.epochSecond })
        assertTrue("no alarm stands in for the service", cueAlarms().isEmpty())

        // Pause from the lock screen: silence, and the notification offers Resume.
        tap("Pause")
        val said = spoken.said.size
        passes(clock, 120)
        assertEquals(said, spoken.said.size)
        assertEquals(listOf("Resume", "Skip", "Stop"), ongoing()!!.actions.map { it.title.toString() })
        // Resumed: the next cue comes when the core now says.
        tap("Resume")
        val next = plan().first()
        passes(clock, next.at.epochSecond - clock.now().epochSecond)
        assertEquals(next.words, spoken.words.last())
        assertEquals(said + 1, spoken.said.size)

        // Stop from the notification: the service ends, the notification goes.
        tap("Stop")
        assertTrue(shadowOf(service!!.get()).isStoppedBySelf)
        assertNull(ongoing())
        assertNull(plan().firstOrNull())
    }

    @Test fun withTheAppInFrontEachCueIsSaidOnceAndNothingElseSoundsIt() {
        openAndStartRoutine()
        service = startRequestedService(app)
        settle()
        val plan = plan()
        // The screen stays in front through three cues.
        passes(clock, plan[2].at.epochSecond - clock.now().epochSecond)
        val due = plan.filter { !it.at.isAfter(clock.now()) }
        assertEquals(due.map { it.words }, spoken.words)
        // No alarm and no notification of its own for a cue: the service says it, once.
        assertTrue(cueAlarms().isEmpty())
        val shown = shadowOf(app.getSystemService(NotificationManager::class.java)).allNotifications
        assertEquals(1, shown.size)
        // A skip on the screen: the next step's cue, once.
        compose.onNodeWithTag("skip").performClick()
        settle()
        val skipped = plan().first()
        passes(clock, 1)
        assertEquals(1, spoken.words.count { it == skipped.words } - due.count { it.words == skipped.words })
    }

    @Test fun theRoutineRunToItsEndIsFinishedAndTheServiceStops() {
        openAndStartRoutine()
        service = startRequestedService(app)
        settle()
        front.pause().stop()
        val total = model.session!!.routine().totalS.toLong()
        passes(clock, total + 1)
        assertEquals(plan().size, 0)
        assertTrue(shadowOf(service!!.get()).isStoppedBySelf)
        assertNull(ongoing())
        // The session's last cue is the core's end-of-routine words.
        assertTrue(spoken.words.isNotEmpty())
        val j = Journals.journalOrNull(app)!!
        assertNull(j.activeSession(clock.now()))
        assertTrue(j.today(clock.now()).doneToday)
    }

    @Test fun cuesAreSpokenOverTheRunnersMusicDuckedAsNavigationGuidance() {
        val voice = SpokenCues(app)
        val tts = ShadowTextToSpeech.getLastTextToSpeechInstance()!!
        shadowOf(tts).onInitListener.onInit(TextToSpeech.SUCCESS)
        voice.say("Calves, left: Hold")
        assertEquals("Calves, left: Hold", shadowOf(tts).lastSpokenText)
        val audio = shadowOf(app.getSystemService(AudioManager::class.java))
        val focus = audio.lastAudioFocusRequest!!
        assertEquals(AudioManager.AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK, focus.durationHint)
        assertEquals(AudioAttributes.USAGE_ASSISTANCE_NAVIGATION_GUIDANCE, focus.audioFocusRequest!!.audioAttributes.usage)
        assertEquals(AudioAttributes.CONTENT_TYPE_SPEECH, focus.audioFocusRequest!!.audioAttributes.contentType)
        // Done speaking: the music comes back.
        shadowOf(tts).utteranceProgressListener.onDone("Calves, left: Hold")
        assertEquals(focus.audioFocusRequest, audio.lastAbandonedAudioFocusRequest)
        voice.close()
        assertTrue(shadowOf(tts).isShutdown)
    }

    @Test fun afterARebootTheRoutinesNotificationComesBackAndItsTapStartsTheService() {
        openAndStartRoutine()
        service = startRequestedService(app)
        settle()
        front.pause().stop()
        passes(clock, 30)
        // A reboot: no process, no service, no notification.
        service!!.destroy()
        service = null
        front.destroy()
        Journals.reset()
        app.getSystemService(NotificationManager::class.java)!!.cancelAll()
        while (shadowOf(app).nextStartedService != null) Unit
        clock.advance(60)
        app.sendBroadcast(Intent(Intent.ACTION_BOOT_COMPLETED))
        settle()
        // Android 15 refuses a media foreground service from BOOT_COMPLETED: none is asked for;
        // the notification is back, and its tap opens the app, which starts it.
        assertNull(shadowOf(app).nextStartedService)
        val n = assertNotNullAndGet(ongoing())
        front = Robolectric.buildActivity(MainActivity::class.java, shadowOf(n.contentIntent).savedIntent).setup()
        settle()
        assertEquals(Screen.SESSION, model.state.value.screen)
        service = startRequestedService(app)
        assertNotNull(service)
        settle()
        assertEquals(Status.RUNNING, model.state.value.snapshot!!.status)
        val next = plan().first()
        passes(clock, next.at.epochSecond - clock.now().epochSecond)
        assertEquals(next.words, spoken.words.last())
    }

    @Test fun remindersWithoutExactAlarmsUseAWindowAndNothingUsesAOneSecondOne() {
        ShadowAlarmManager.setCanScheduleExactAlarms(false)
        try {
            openAndStartRoutine()
            val alarms = shadowOf(app.getSystemService(AlarmManager::class.java)).scheduledAlarms
            assertTrue(alarms.isNotEmpty())
            assertTrue(alarms.all { it.windowLengthMs == ReminderSync.WINDOW_MS })
            assertFalse(alarms.any { it.windowLengthMs in 1 until ReminderSync.WINDOW_MS })
        } finally {
            ShadowAlarmManager.setCanScheduleExactAlarms(true)
        }
    }

    private fun <T : Any> assertNotNullAndGet(value: T?): T {
        assertNotNull(value)
        return value!!
    }
}
