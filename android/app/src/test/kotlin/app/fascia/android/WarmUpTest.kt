package app.fascia.android

import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import app.fascia.core.NewRace
import app.fascia.core.RacePriority
import app.fascia.core.RoutineKind
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import java.time.LocalDate

/**
 * The dynamic warm-up on the phone: the today screen offers it in the core's words, it starts
 * through the one way into a routine, the session screen names each move and its cue, and a
 * finished warm-up never counts toward the streak. On race morning it comes first.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35], qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class WarmUpTest : OnScreen() {
    @Test fun todayOffersTheWarmUpAndItRunsInTheSameSessionWithoutCounting() {
        setUp()
        val offer = checkNotNull(model.state.value.today?.warmUp) { "the warm-up is offered" }
        compose.onNodeWithTag("start-warm-up").performScrollTo()
        compose.onNodeWithText(offer.text).assertExists()
        compose.onNodeWithTag("start-warm-up").performClick()
        settle()
        assertEquals(Screen.SESSION, model.state.value.screen)
        val session = model.session!!
        assertEquals(RoutineKind.WarmUp, session.routine().kind)
        // The move and how to do it, in the core's words.
        val first = session.routine().steps.first().moveId!!
        compose.onNodeWithText(Catalog.moves.getValue(first).name).assertExists()
        compose.onNodeWithText(Catalog.moves.getValue(first).cue).assertExists()
        // Run to the end: the core records the finish; the streak is the release routine's.
        clock.advance(session.routine().totalS.toLong() + 1)
        model.tick()
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)
        val today = model.state.value.today!!
        assertFalse(today.doneToday)
        assertEquals(0u, today.streak)
        assertFalse(session.countsAsDone())
    }

    @Test fun onRaceMorningTheWarmUpComesBeforeTheActivation() {
        setUp()
        journal().addRace(NewRace("Lyon 10K", LocalDate.of(2026, 11, 23), 10_000u, RacePriority.A), clock.now())
        model.show(Screen.TODAY)
        settle()
        val offer = model.state.value.today!!.warmUp!!
        assertTrue(offer.raceMorning)
        compose.onNodeWithText(offer.text).assertExists()
        val warmUp = compose.onNodeWithTag("start-warm-up").fetchSemanticsNode().boundsInRoot.top
        val routine = compose.onNodeWithTag("start-routine").fetchSemanticsNode().boundsInRoot.top
        assertTrue("the warm-up is offered before the activation", warmUp < routine)
    }
}
