package app.fascia.android

import android.app.Application
import android.app.DatePickerDialog
import android.app.TimePickerDialog
import android.content.DialogInterface
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.test.core.app.ApplicationProvider
import app.fascia.FasciaJournal
import app.fascia.core.Event
import app.fascia.core.NewRace
import app.fascia.core.RacePriority
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadows.ShadowDialog
import org.robolectric.shadows.ShadowLooper
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.time.format.DateTimeFormatter

/** Times with the phone's time picker, the plan in words with its "Book", charts that can be read. */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35], qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class PickersTest : OnScreen() {
    /** The runner sets the picker Android shows and taps OK. */
    private fun pickTime(hour: Int, minute: Int) {
        val dialog = ShadowDialog.getLatestDialog() as TimePickerDialog
        dialog.updateTime(hour, minute)
        dialog.getButton(DialogInterface.BUTTON_POSITIVE).performClick()
        settle()
    }

    @Test fun theReminderTimeAndQuietHoursArePickedAndCanBeChangedAfterTheFirstRun() {
        setUp()
        model.show(Screen.SETTINGS)
        settle()
        compose.onNodeWithTag("reminder-time").performScrollTo().performClick()
        pickTime(6, 40)
        assertEquals(LocalTime.of(6, 40), journal().settings().reminderTime)
        compose.onNodeWithTag("quiet-from").performScrollTo().performClick()
        pickTime(21, 30)
        compose.onNodeWithTag("quiet-until").performScrollTo().performClick()
        pickTime(6, 30)
        val quiet = journal().settings().quietHours!!
        assertEquals(LocalTime.of(21, 30), quiet.start)
        assertEquals(LocalTime.of(6, 30), quiet.end)
        // The reminders follow at once.
        val daily = journal().reminders(clock.now(), 2u).first { it.id.startsWith("daily-routine:") }
        assertEquals(LocalTime.of(6, 40), daily.fireAt.atZone(java.time.ZoneId.of(clock.zone())).toLocalTime())
    }

    @Test fun thePlanSaysItsDatesInWordsAndBooksTheBodyworkItAsksFor() {
        setUp()
        val race = journal().addRace(NewRace("Lyon Marathon", LocalDate.of(2027, 4, 18), 42_195u, RacePriority.A), clock.now())
        model.show(Screen.PLAN)
        settle()
        compose.onNodeWithText(inWords(LocalDate.of(2027, 4, 18))).assertExists()
        val plan = journal().seasonPlan(clock.now()).races.single()
        val by = plan.bodyworkBy!!
        compose.onNodeWithTag("book-${plan.raceId}").performScrollTo().performClick()
        settle()
        val day = ShadowDialog.getLatestDialog() as DatePickerDialog
        assertEquals(by.dayOfMonth, day.datePicker.dayOfMonth)
        day.getButton(DialogInterface.BUTTON_POSITIVE).performClick()
        settle()
        pickTime(18, 0)
        val booked = journal().bodywork(clock.now(), 0u, 400u)
        assertEquals(1, booked.size)
        assertEquals(by.atTime(18, 0).atZone(java.time.ZoneId.of(clock.zone())).toInstant(), booked.single().at)
        assertEquals(Catalog.bodyworkMinutes, booked.single().minutes)
        assertTrue(race.id.isNotEmpty())
    }

    @Test fun theReportsChartsNameEachWeekAndItsValue() {
        setUp()
        val morning = clock.now()
        val s = journal().startSession(journal().todaysRoutine(morning, null), morning)
        s.record(Event.FINISH, morning.plusSeconds(720))
        clock.advance(900)
        model.show(Screen.REPORT)
        settle()
        compose.onNodeWithTag("chart-sessions").performScrollTo()
        val week = LocalDate.of(2026, 11, 23).format(DateTimeFormatter.ofPattern("d MMM"))
        compose.onNode(hasContentDescription("$week: 1")).assertExists()
        compose.onNode(hasText(week) and hasAnyAncestor(hasTestTag("chart-sessions"))).assertExists()
    }
}
