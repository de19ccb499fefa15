// Moving phones: a journal exported here is imported by the Swift suite, and the other way round.
package app.fascia.test

import app.fascia.core.Event
import app.fascia.core.NewRace
import app.fascia.core.NewRun
import app.fascia.core.NewSoreness
import app.fascia.core.RacePriority
import app.fascia.core.RunKind
import app.fascia.core.Side
import java.io.File
import java.time.LocalDate
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.Test

/** Phase 1 (before the Swift suite): an Android phone's journal, exported. */
class InteropExport {
    @Test
    fun exportForSwift() {
        openJournal("Europe/Paris").use { app ->
            val now = at("2026-04-10T18:00:00Z")
            app.setSettings(app.settings().copy(dailyMinutes = 15u), now)
            val run = app.addRun(NewRun(at("2026-04-10T14:00:00Z"), 28_000u, 9_000u, RunKind.LONG), now)
            app.addSoreness(listOf(NewSoreness("calves", Side.LEFT, 6u, now, run.id, "from Android")), now)
            app.addRace(NewRace("Marathon de Paris", LocalDate.parse("2026-04-12"), 42_195u, RacePriority.A), now)
            val session = app.startSession(app.todaysRoutine(now, null), now.minusSeconds(900))
            session.record(Event.FINISH, now.minusSeconds(200))
            session.close()
            File(interopDir(), "kotlin-export.json").writeText(app.exportJson(now))
        }
    }
}

/** Phase 3 (after the Swift suite): an iPhone's journal, imported here. */
class InteropImport {
    @Test
    fun importFromSwift() {
        val text = File(interopDir(), "swift-export.json").readText()
        openJournal("America/New_York").use { app ->
            val now = at("2026-05-01T12:00:00Z")
            val summary = app.importJson(text, now)
            assertTrue(summary.added >= 4u, "added ${summary.added}")
            assertEquals(12u, app.settings().dailyMinutes)
            val runs = app.recentRuns(10u)
            assertEquals(listOf(21_097u), runs.map { it.distanceM })
            assertEquals(listOf("Boston Marathon"), app.races().map { it.name })
            assertEquals("from iOS", app.recentSoreness(now, 30u).single().note)
            assertEquals(0u, app.importJson(text, now).added) // importing twice changes nothing
        }
    }
}
