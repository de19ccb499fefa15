package app.fascia.android

import android.app.Application
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performScrollToNode
import androidx.compose.ui.test.performTextInput
import androidx.test.core.app.ApplicationProvider
import app.fascia.FasciaJournal
import app.fascia.bodyworkDueText
import app.fascia.bodyworkMinutes
import app.fascia.bookBodyworkText
import app.fascia.calendarLabel
import app.fascia.dailyMinutes
import app.fascia.distanceLabel
import app.fascia.distanceMetres
import app.fascia.distanceNumber
import app.fascia.distanceText
import app.fascia.durationText
import app.fascia.omittedText
import app.fascia.raceWeekText
import app.fascia.safetyFlagTitle
import app.fascia.sorenessLevelText
import app.fascia.sorenessScale
import app.fascia.stepKindText
import app.fascia.streakText
import app.fascia.toolText
import app.fascia.holdsText
import app.fascia.peakText
import app.fascia.taperText
import app.fascia.bodyworkMonthText
import app.fascia.bodyworkText
import app.fascia.runKindText
import app.fascia.downtimeText
import app.fascia.phraseText
import app.fascia.zoneDoseText
import app.fascia.core.Phrase
import app.fascia.core.NewBodywork
import app.fascia.core.NewRun
import app.fascia.core.RunKind
import app.fascia.core.NewDowntime
import app.fascia.core.NewRace
import app.fascia.core.NewSoreness
import app.fascia.core.Omission
import app.fascia.core.RacePriority
import app.fascia.core.Side
import app.fascia.core.Tool
import app.fascia.core.Units
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadows.ShadowLooper
import java.time.Instant
import java.time.LocalDate

/**
 * The app holds no number, threshold or sentence the core can give it: every one of these on
 * screen is the core's (the soreness scale, the routine and session lengths, distances in the
 * runner's units, the streak, the calendar's labels, the plan's lines, sides and steps).
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35], qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class CoreWordsTest : OnScreen() {
    override fun setUp() {
        super.setUp()
        assertEquals(Screen.TODAY, model.state.value.screen)
    }

    /** The text field inside the labelled field tagged [tag]. */
    private fun field(tag: String) = compose.onNode(hasSetTextAction() and hasAnyAncestor(hasTestTag(tag)))

    @After fun cleanUp() { Journals.reset() }

    @Test fun firstRunSaysTheCoresRoutineLengthAndTools() {
        settle()
        assertEquals(Screen.FIRST_RUN, model.state.value.screen)
        assertEquals(12u, dailyMinutes())
        compose.onNodeWithText("under ${dailyMinutes()} minutes", substring = true).assertExists()
        compose.onNodeWithText(toolText(Tool.FOAM_ROLLER)).assertExists()
    }

    @Test fun todayShowsTheCoresStreakLengthFlagsRestsAndCalendarLabels() {
        setUp()
        // A race on Sunday: race week and race day on this week's calendar.
        journal().addRace(NewRace("City Half", LocalDate.of(2026, 11, 29), 21_097u, RacePriority.B), clock.now())
        // Calves sore at 8/10 three days running: a see-a-professional flag, and they rest.
        for (day in 2L downTo 0L) {
            val at = clock.now().minusSeconds(day * 86_400)
            journal().addSoreness(listOf(NewSoreness("calves", Side.BOTH, 8u, at, null, null)), at)
        }
        model.show(Screen.TODAY)
        settle()
        val today = model.state.value.today!!
        compose.onNodeWithTag("streak").assertTextEquals(streakText(today.streak))
        compose.onNodeWithText("Start today's routine · ${durationText(today.routine.totalS)}").assertExists()
        val flag = today.safety.single()
        compose.onNodeWithText(safetyFlagTitle(flag)).assertExists()
        val rest = today.routine.omitted.first { it.why == Omission.REST }
        compose.onNodeWithTag("today").performScrollToNode(hasText(omittedText(rest)))
        assertTrue(compose.onAllNodesWithText(omittedText(rest)).fetchSemanticsNodes().isNotEmpty())
        // Each day's label is the core's, in the core's order of precedence.
        val labels = today.calendar.mapNotNull { calendarLabel(it) }
        assertTrue(labels.toString(), "race" in labels && "race wk" in labels)
        compose.onNodeWithTag("today").performScrollToNode(hasText(labels.first()))
        for (label in labels.toSet()) {
            assertEquals(label, labels.count { it == label }, compose.onAllNodesWithText(label).fetchSemanticsNodes().size)
        }
        // The report's streak too.
        model.show(Screen.REPORT)
        settle()
        compose.onNodeWithText(streakText(model.state.value.report!!.streak)).assertExists()
    }

    @Test fun thePlanAndTheLogBookTheCoresBodyworkSessionInTheCoresWords() {
        setUp()
        journal().addRace(NewRace("Winter Marathon", LocalDate.of(2027, 1, 31), 42_195u, RacePriority.A), clock.now())
        model.show(Screen.PLAN)
        settle()
        val today = model.state.value.today!!.date
        val race = model.state.value.plan!!.races.single()
        val due = bodyworkDueText(race, today)!!
        assertEquals("Book the ${bodyworkMinutes()}-minute session by " + race.bodyworkBy!!.format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH)), due)
        compose.onNodeWithText(due).assertExists()
        compose.onNodeWithText(raceWeekText(race)).assertExists()
        // Booked from the log: an appointment of the core's length, on the core's button.
        model.show(Screen.LOGS)
        settle()
        compose.onNodeWithTag("logs").performScrollToNode(hasTestTag("book-bodywork"))
        // The day and the time with the phone's pickers: nothing typed.
        compose.onNodeWithTag("bodywork-at").performClick()
        settle()
        val day = org.robolectric.shadows.ShadowDialog.getLatestDialog() as android.app.DatePickerDialog
        day.updateDate(race.bodyworkBy!!.year, race.bodyworkBy!!.monthValue - 1, race.bodyworkBy!!.dayOfMonth)
        day.getButton(android.content.DialogInterface.BUTTON_POSITIVE).performClick()
        settle()
        val time = org.robolectric.shadows.ShadowDialog.getLatestDialog() as android.app.TimePickerDialog
        time.updateTime(10, 0)
        time.getButton(android.content.DialogInterface.BUTTON_POSITIVE).performClick()
        settle()
        compose.onNodeWithTag("book-bodywork").assertTextEquals(bookBodyworkText()).performClick()
        settle()
        assertEquals(listOf(bodyworkMinutes()), journal().bodywork(clock.now(), 0u, 400u).map { it.minutes })
        model.show(Screen.PLAN)
        settle()
        val booked = model.state.value.plan!!.races.single()
        assertNotNull(booked.bodyworkBooked)
        compose.onNodeWithText(bodyworkDueText(booked, today)!!).assertExists()
    }

    @Test fun distancesAreTypedAndShownInTheRunnersUnits() {
        setUp()
        model.saveSettings(journal().settings().copy(units = Units.IMPERIAL))
        model.show(Screen.CHECK_IN)
        settle()
        compose.onNodeWithText(distanceLabel(Units.IMPERIAL)).assertExists()
        field("distance").performTextInput("13.1")
        field("minutes").performTextInput("120")
        compose.onNodeWithText("Log run").performScrollTo().performClick()
        settle()
        val run = journal().recentRuns(1u).single()
        assertEquals(distanceMetres(Units.IMPERIAL, 13.1), run.distanceM)
        assertEquals(21_082u, run.distanceM)
        model.show(Screen.LOGS)
        settle()
        compose.onNodeWithText(distanceText(Units.IMPERIAL, run.distanceM), substring = true).assertExists()
        compose.onNodeWithText("Edit").performClick()
        settle()
        compose.onNodeWithText(distanceNumber(Units.IMPERIAL, run.distanceM)).assertExists()
        compose.onNodeWithText(distanceLabel(Units.IMPERIAL)).assertExists()
        model.editRun(run, 10.0, 90.0)
        settle()
        assertEquals(distanceMetres(Units.IMPERIAL, 10.0), journal().recentRuns(1u).single().distanceM)
    }

    @Test fun theCheckInRatesOnTheCoresScale() {
        setUp()
        val scale = sorenessScale()
        model.show(Screen.CHECK_IN)
        settle()
        compose.onNodeWithText(scale.hint).assertExists()
        compose.onNodeWithTag("body-map").performClick()
        settle()
        compose.onNodeWithTag("level-${scale.min}").assertExists()
        compose.onNodeWithTag("level-${scale.max}").assertExists()
        compose.onNodeWithTag("level-${scale.max.toInt() + 1}").assertDoesNotExist()
        compose.onNodeWithTag("level-${scale.max}").performClick()
        settle()
        compose.onNodeWithText(sorenessLevelText(scale.max), substring = true).assertExists()
        compose.onNodeWithTag("save-check-in").performScrollTo().performClick()
        settle()
        assertEquals(listOf(scale.max), journal().recentSoreness(clock.now(), 1u).map { it.level })
    }

    /** The sentences the app used to write itself: holds, the plan's peak, taper and months, the
     *  log's appointments, runs and downtime, the report's empty state and the zones' doses. */
    @Test fun theScreensSayTheCoresSentences() {
        setUp()
        val today = model.state.value.today!!
        val zone = today.routine.zones.first()
        compose.onNodeWithTag("today").performScrollToNode(hasText(holdsText(zone)))
        journal().addRace(NewRace("Winter Marathon", LocalDate.of(2027, 1, 31), 42_195u, RacePriority.A), clock.now())
        val at = clock.now().minusSeconds(86_400)
        val b = journal().addBodywork(NewBodywork(at, bodyworkMinutes()), at)
        journal().setBodyworkDone(b.id, true, clock.now())
        journal().addRun(NewRun(at, 30_000u, 10_800u, RunKind.LONG), clock.now())
        journal().addDowntime(NewDowntime(LocalDate.of(2026, 11, 20), 90u, null), clock.now())
        model.show(Screen.PLAN)
        settle()
        val race = model.state.value.plan!!.races.single()
        for (line in listOfNotNull(peakText(race), taperText(race))) {
            compose.onNodeWithText(line).performScrollTo().assertExists()
        }
        compose.onNodeWithText(bodyworkMonthText(model.state.value.plan!!.bodyworkMonths.last())).performScrollTo().assertExists()
        model.show(Screen.LOGS)
        settle()
        val done = journal().bodywork(clock.now(), 2u, 0u).single()
        for (words in listOf(
            bodyworkText(done), runKindText(RunKind.LONG),
            durationText(10_800u), downtimeText(90u),
        )) {
            compose.onNodeWithTag("logs").performScrollToNode(hasText(words, substring = true))
            compose.onNodeWithText(words, substring = true).assertExists()
        }
        model.show(Screen.REPORT)
        settle()
        compose.onNodeWithText(phraseText(Phrase.REPORT_NOT_YET)).assertExists()
        model.show(Screen.ZONES)
        settle()
        compose.onNodeWithText(zoneDoseText(Catalog.zones.values.first(), false)).assertExists()
    }

    @Test fun theSessionNamesTheStepInTheCoresWords() {
        setUp()
        model.startRoutine()
        settle()
        val session = model.session!!
        val step = session.routine().steps[model.state.value.snapshot!!.stepIndex.toInt()]
        compose.onNodeWithText(stepKindText(step.kind)).assertExists()
    }
}
