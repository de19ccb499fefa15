package app.fascia.android

import android.app.Application
import android.graphics.Bitmap
import android.graphics.Canvas
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.test.core.app.ApplicationProvider
import app.fascia.core.Event
import app.fascia.sorenessScale
import app.fascia.metricText
import app.fascia.core.Metric
import app.fascia.core.NewRace
import app.fascia.core.NewRun
import app.fascia.core.NewSoreness
import app.fascia.core.NewDowntime
import app.fascia.core.RacePriority
import app.fascia.core.RunKind
import app.fascia.core.Side
import app.fascia.core.Tool
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadows.ShadowLooper
import java.io.File
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime

/**
 * The main screens as a runner sees them, with six weeks of a season logged, rendered to
 * docs/screens/android-*.png (the path comes from -Dfascia.screens).
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35], qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class ScreensTest {
    private val start = Instant.parse("2026-10-12T06:00:00Z")
    private val clock = TestClock(start, "Europe/Paris")
    private val compose = createAndroidComposeRule<MainActivity>()

    @get:Rule val rules: RuleChain =
        RuleChain.outerRule(AppTest.Setup(clock)).around(RegisterActivity()).around(compose)

    private val app get() = ApplicationProvider.getApplicationContext<Application>()
    private val model get() = compose.activity.model

    private fun settle() {
        ShadowLooper.idleMainLooper()
        compose.waitForIdle()
    }

    private fun shoot(name: String) {
        settle()
        val view = compose.activity.window.decorView
        val bitmap = Bitmap.createBitmap(view.width, view.height, Bitmap.Config.ARGB_8888)
        view.draw(Canvas(bitmap))
        val dir = File(System.getProperty("fascia.screens") ?: "build/screens").apply { mkdirs() }
        File(dir, "android-$name.png").outputStream().use { bitmap.compress(Bitmap.CompressFormat.PNG, 100, it) }
    }

    /** Six weeks: a long run each Sunday, soreness after it and the next day, two downtime days. */
    private fun season() {
        val j = Journals.journalOrNull(app)!!
        j.addRace(NewRace("Lyon Marathon", LocalDate.of(2026, 12, 20), 42_195u, RacePriority.A), clock.now())
        j.addRace(NewRace("Saintélyon Half", LocalDate.of(2026, 11, 29), 21_097u, RacePriority.B), clock.now())
        for (week in 0 until 6) {
            val sunday = Instant.parse("2026-10-18T07:00:00Z").plusSeconds(week * 7 * 86_400L)
            clock.at = sunday.plusSeconds(4 * 3600)
            val run = j.addRun(NewRun(sunday, (24_000 + week * 1_500).toUInt(), (8_400 + week * 500).toUInt(), RunKind.LONG), clock.now())
            val sore = (6 - week / 2).coerceAtLeast(2)
            j.addSoreness(
                listOf(
                    NewSoreness("calves", Side.BOTH, sore.toUByte(), clock.now(), run.id, null),
                    NewSoreness("it-band", Side.LEFT, (sore - 1).toUByte(), clock.now(), run.id, null),
                ),
                clock.now(),
            )
            clock.at = sunday.plusSeconds(30 * 3600)
            j.addSoreness(
                listOf(
                    NewSoreness("calves", Side.BOTH, 1u, clock.now(), run.id, null),
                    NewSoreness("it-band", Side.LEFT, 1u, clock.now(), run.id, null),
                ),
                clock.now(),
            )
            for (day in 1..5 step 2) {
                val morning = sunday.plusSeconds(day * 86_400L)
                val s = j.startSession(j.todaysRoutine(morning, null), morning)
                s.record(Event.FINISH, morning.plusSeconds(720))
            }
        }
        j.addDowntime(NewDowntime(LocalDate.of(2026, 10, 21), 120u, "it-band"), clock.now())
        j.addDowntime(NewDowntime(LocalDate.of(2026, 10, 28), 60u, "calves"), clock.now())
        // Today: Monday 23 November, 07:10, the morning after the last long run.
        clock.at = Instant.parse("2026-11-23T06:10:00Z")
    }

    @Test fun theMainScreens() = render("")

    @Test @Config(qualifiers = "+night")
    fun theMainScreensInTheDark() = render("dark-")

    @Test @Config(fontScale = 2.0f)
    fun theMainScreensAtTwiceTheFontSize() = render("large-")

    private fun render(prefix: String) {
        settle()
        model.finishSetUp(LocalTime.of(7, 0), listOf(Tool.FOAM_ROLLER, Tool.BALL, Tool.HANDS))
        settle()
        season()
        model.load()
        model.show(Screen.TODAY)
        compose.onNodeWithTag("start-routine").assertExists()
        shoot(prefix + "today")

        model.startRoutine()
        settle()
        clock.advance(25) // into the first hold
        model.tick()
        compose.onNodeWithTag("countdown").assertExists()
        shoot(prefix + "session")
        model.event(Event.ABORT)
        settle()

        model.show(Screen.CHECK_IN)
        model.rate("calves", Side.LEFT, 4)
        model.rate("it-band", Side.RIGHT, 6)
        model.rate("hamstrings", Side.BOTH, 2)
        compose.onNodeWithTag("body-map").assertExists()
        shoot(prefix + "check-in")

        model.show(Screen.REPORT)
        settle()
        compose.onNodeWithText("Your numbers").assertExists()
        // The mean soreness row is the core's label, on the core's scale.
        val scale = sorenessScale()
        val mean = metricText(Metric.MEAN_SORENESS)
        assertTrue(mean, mean.contains("${scale.min}–${scale.max}"))
        compose.onNodeWithText(mean).assertExists()
        shoot(prefix + "report")

        model.show(Screen.PLAN)
        shoot(prefix + "plan")
        model.show(Screen.SETTINGS)
        shoot(prefix + "settings")
        val dir = File(System.getProperty("fascia.screens") ?: "build/screens")
        assertTrue(File(dir, "android-${prefix}today.png").length() > 10_000)
    }
}
