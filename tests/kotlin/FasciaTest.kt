// A runner's whole day, every error path and concurrent use, through the generated Kotlin bindings.
package app.fascia.test

import app.fascia.FasciaJournal
import app.fascia.FasciaException
import app.fascia.buildRoutine
import app.fascia.bodyworkDueText
import app.fascia.bodyworkMinutes
import app.fascia.calendarLabel
import app.fascia.dailyMinutes
import app.fascia.distanceLabel
import app.fascia.distanceMetres
import app.fascia.distanceText
import app.fascia.durationText
import app.fascia.raceWeekText
import app.fascia.sideText
import app.fascia.sorenessLevelText
import app.fascia.sorenessScale
import app.fascia.stepKindText
import app.fascia.streakText
import app.fascia.core.NewRace
import app.fascia.core.RacePriority
import app.fascia.core.StepKind
import app.fascia.core.Units
import app.fascia.stepPlace
import app.fascia.stepTitle
import app.fascia.checkTimeZone
import app.fascia.core.CueKind
import app.fascia.core.Event
import app.fascia.core.NewRun
import app.fascia.core.NewSoreness
import app.fascia.core.HealthWarning
import app.fascia.core.PhoneState
import app.fascia.core.RoutineKind
import app.fascia.core.RoutineRequest
import app.fascia.core.RunKind
import app.fascia.core.Side
import app.fascia.core.Status
import app.fascia.core.Tool
import app.fascia.movePicture
import app.fascia.text
import app.fascia.warmUpDoneText
import app.fascia.warmUpMoves
import app.fascia.zones
import java.io.File
import java.time.Duration
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.Test

class FasciaTest {
    private val morning = at("2026-04-10T05:30:00Z") // 07:30 in Paris

    @Test
    fun aRunnersDay() {
        val path = tempJournal()
        val app = FasciaJournal.open(path, "Europe/Paris")
        val today = app.today(morning)
        assertEquals("2026-04-10", today.date.toString())
        assertEquals(7, today.calendar.size)
        assertFalse(today.doneToday)
        assertTrue(today.routine.totalS <= 720u)
        assertTrue(today.routine.zones.all { text(it.reason.key) != it.reason.key }, "every reason has text")

        // The routine, driven by explicit instants: pause 60 s, then skip a step.
        val session = app.resumeOrStart(today.routine, morning)
        session.record(Event.PAUSE, morning.plusSeconds(20))
        val paused = session.snapshot(morning.plusSeconds(70))
        assertEquals(Status.PAUSED, paused.status)
        assertEquals(20_000uL, paused.sessionElapsedMs)
        session.record(Event.RESUME, morning.plusSeconds(80))
        val before = session.snapshot(morning.plusSeconds(100))
        val skipped = session.record(Event.SKIP, morning.plusSeconds(100))
        assertEquals(before.stepIndex + 1u, skipped.stepIndex)
        assertEquals(40_000uL, skipped.sessionElapsedMs)
        val cues = session.cues(morning.plusSeconds(100), 600u)
        assertTrue(cues.isNotEmpty())
        assertEquals(cues.sortedBy { it.at }, cues)
        assertTrue(cues.all { !it.at.isBefore(morning.plusSeconds(100)) })
        // Each cue in the core's words: a step's start is the step's title, the end says so.
        assertTrue(cues.all { it.words.isNotBlank() })
        val steps = session.routine().steps
        for (cue in cues.filter { it.kind == CueKind.STEP_START }) assertEquals(stepTitle(steps[cue.stepIndex.toInt()]), cue.words)
        val last = session.cues(morning.plusSeconds(100), 3_600u).last()
        assertEquals(CueKind.SESSION_END to "Routine done. Nice work.", last.kind to last.words)
        assertTrue(stepTitle(steps[1]).startsWith(stepPlace(steps[1])))

        // The phone kills the app mid-session; the relaunch finds the session exactly as it was.
        val later = morning.plusSeconds(130)
        val expected = session.snapshot(later)
        session.close()
        app.close()
        val relaunched = FasciaJournal.open(path, "Europe/Paris")
        val found = assertNotNull(relaunched.activeSession(later))
        assertEquals(expected, found.snapshot(later))
        assertEquals(today.routine, found.routine())
        assertEquals(4, found.events().size) // start, pause, resume, skip: nothing lost
        // The runner comes back after the app was killed: the one way in is the same session.
        val back = relaunched.resumeOrStart(today.routine, later)
        assertEquals(found.id(), back.id())
        back.close()
        val done = found.record(Event.FINISH, morning.plusSeconds(700))
        assertEquals(Status.FINISHED, done.status)
        assertNull(relaunched.activeSession(morning.plusSeconds(700)))
        assertTrue(relaunched.today(morning.plusSeconds(3600)).doneToday)

        // A long run in the evening, soreness after it.
        val evening = at("2026-04-10T17:00:00Z")
        val run = relaunched.addRun(NewRun(at("2026-04-10T14:00:00Z"), 28_000u, 9_000u, RunKind.LONG), evening)
        val entries = relaunched.addSoreness(
            listOf(
                NewSoreness("calves", Side.LEFT, 6u, evening, run.id, null),
                NewSoreness("plantar-fascia", Side.RIGHT, 4u, evening, run.id, "tight on the descent"),
            ),
            evening,
        )
        assertEquals(2, entries.size)

        // Tomorrow's routine adapts: the calves are there, for a reason that is not upkeep.
        val tomorrow = relaunched.todaysRoutine(at("2026-04-11T05:30:00Z"), null)
        val calves = tomorrow.zones.single { it.zone == "calves" }
        assertNotEquals("reason.maintenance", calves.reason.key)

        // Reminders for a week, and their health as the phone reports it.
        val reminders = relaunched.reminders(evening, 7u)
        assertTrue(reminders.isNotEmpty())
        assertEquals(reminders.size, reminders.map { it.id }.toSet().size)
        assertEquals(reminders.sortedBy { it.fireAt }, reminders)
        val health = relaunched.reminderHealth(evening, PhoneState(true, false, false))
        assertTrue(HealthWarning.EXACT_ALARMS_OFF in health.warnings)
        relaunched.recordDelivery(reminders.first(), reminders.first().fireAt, reminders.first().fireAt)
        assertEquals(reminders.first().fireAt, relaunched.reminderHealth(evening, PhoneState(true, true, false)).lastDelivered)

        // The report shows the runner's own numbers.
        val report = relaunched.report(at("2026-04-12T08:00:00Z"))
        assertTrue(report.trends.any { it.zone == "calves" })
        assertEquals(1u, report.streak)

        // Export, import into another journal (idempotent), backups.
        val json = relaunched.exportJson(evening)
        assertTrue(run.id in json)
        // Imported once the delivery recorded above (stamped at its fire time) is in the past.
        val importAt = reminders.first().fireAt.plus(Duration.ofHours(1))
        openJournal().use { other ->
            assertEquals(0u, other.importJson(json, importAt).let { it.updated + it.unchanged })
            assertEquals(0u, other.importJson(json, importAt).added)
            assertEquals(relaunched.recentRuns(10u), other.recentRuns(10u))
        }
        assertNotNull(relaunched.backupIfDue(evening))
        assertEquals(1, relaunched.backups().size)
        assertNull(relaunched.backupIfDue(evening.plusSeconds(60)))
        found.close()
        relaunched.close()
    }

    @Test
    fun theSessionIsLeftComeBackToAndFinishedByTheCore() {
        openJournal().use { app ->
            val routine = app.todaysRoutine(morning, null)
            val session = app.resumeOrStart(routine, morning)
            // The runner leaves the screen: the clock pauses; leaving again records nothing.
            assertEquals(Status.PAUSED, session.leave(morning.plusSeconds(30)).status)
            assertEquals(Status.PAUSED, session.leave(morning.plusSeconds(40)).status)
            assertEquals(listOf(Event.START, Event.PAUSE), session.events().map { it.event })
            // Back through the one way in: the same session, running again, the time away not counted.
            val again = app.resumeOrStart(routine, morning.plusSeconds(100))
            assertEquals(session.id(), again.id())
            val running = again.snapshot(morning.plusSeconds(100))
            assertEquals(Status.RUNNING, running.status)
            assertEquals(30_000uL, running.sessionElapsedMs)
            assertEquals(running, again.resume(morning.plusSeconds(100)), "resuming a running session records nothing")
            assertEquals(3, again.events().size)
            // Before the end a tick records nothing; once the timer has run out it records the finish.
            val end = morning.plusSeconds(70L + routine.totalS.toLong())
            val before = end.minusSeconds(5)
            assertEquals(again.snapshot(before), again.tick(before))
            assertEquals(3, again.events().size)
            val after = end.plusSeconds(5)
            assertEquals(Status.COMPLETED, again.snapshot(after).status)
            assertFalse(again.countsAsDone(), "not done until finished")
            assertEquals(Status.FINISHED, again.tick(after).status)
            assertEquals(Event.FINISH, again.events().last().event)
            assertTrue(again.countsAsDone())
            assertEquals(Status.FINISHED, again.tick(after.plusSeconds(1)).status)
            assertEquals(4, again.events().size, "a finished session records nothing more")
            assertNull(app.activeSession(after))
            assertTrue(app.today(after).doneToday)
            // The next way in is a new session.
            val next = app.resumeOrStart(routine, after.plusSeconds(60))
            assertNotEquals(again.id(), next.id())
            listOf(session, again, next).forEach { it.close() }
        }
    }

    /** The warm-up through the bindings: offered on today, built, run in the same session and
     *  never counted; its steps, pictures and end in the core's words. */
    @Test
    fun theWarmUpRunsInTheSameSessionAndNeverCounts() {
        openJournal().use { app ->
            val offer = assertNotNull(app.today(morning).warmUp)
            assertEquals("Before you run: a 4-minute dynamic warm-up", offer.text)
            val routine = app.warmUpRoutine(morning)
            assertEquals(RoutineKind.WarmUp, routine.kind)
            assertEquals(offer.totalS, routine.totalS)
            val moves = warmUpMoves()
            assertEquals(moves.first().id, routine.steps.first().moveId)
            assertEquals("Calf raises: Go", stepTitle(routine.steps[1]))
            assertEquals("Go", stepKindText(StepKind.MOVE))
            for (step in routine.steps.filter { it.kind == StepKind.MOVE }) {
                assertTrue(movePicture(step.moveId!!, step.side, 0.5).shapes.isNotEmpty())
            }
            val session = app.resumeOrStart(routine, morning)
            assertEquals("Warm-up done. Have a good run.", session.cues(morning, 600u).last().words)
            val end = morning.plusSeconds(routine.totalS.toLong() + 1)
            assertEquals(Status.FINISHED, session.tick(end).status)
            assertFalse(session.countsAsDone())
            assertFalse(app.today(end).doneToday)
            assertEquals("Warm-up done: 4 min of dynamic moves. Have a good run.", warmUpDoneText(240u))
            session.close()
        }
    }

    @Test
    fun aLongRunOpensTheCheckInUntilSorenessIsLogged() {
        openJournal().use { app ->
            val evening = at("2026-04-10T17:00:00Z")
            app.addRun(NewRun(at("2026-04-10T05:00:00Z"), 8_000u, 2_700u, RunKind.EASY), evening)
            assertNull(app.today(evening).checkIn, "a short easy run brings none")
            // Logged as easy: the core's long-run rule reads the distance.
            val run = app.addRun(NewRun(at("2026-04-10T14:00:00Z"), 21_100u, 7_200u, RunKind.EASY), evening)
            val checkIn = assertNotNull(app.today(evening).checkIn)
            assertEquals(run.id, checkIn.run.id)
            assertEquals("How do your legs feel after your 21.1 km run?", checkIn.question)
            assertNotNull(app.today(at("2026-04-11T17:00:00Z")).checkIn, "still open the next day")
            assertNull(app.today(at("2026-04-12T15:00:00Z")).checkIn, "closed 48 h after the run")
            app.addSoreness(listOf(NewSoreness("calves", Side.LEFT, 3u, evening, checkIn.run.id, null)), evening)
            assertNull(app.today(evening).checkIn, "closed once soreness is logged")
            assertEquals(run.id, app.recentSoreness(evening, 1u).single().runId)
        }
    }

    @Test
    fun everyErrorIsTyped() {
        assertEquals("time_zone", assertFailsWith<FasciaException.InvalidInput> { openJournal("Mars/Olympus") }.field)
        assertFailsWith<FasciaException.InvalidInput> { checkTimeZone("Europe/Atlantis") }
        checkTimeZone("America/Sao_Paulo")
        openJournal().use { app ->
            val bad = assertFailsWith<FasciaException.InvalidInput> {
                app.addRun(NewRun(morning, 10_000u, 0u, RunKind.EASY), morning)
            }
            assertEquals("duration_s", bad.field)
            assertEquals("started_at", assertFailsWith<FasciaException.InvalidInput> {
                app.addRun(NewRun(morning.plusSeconds(86_400), 10_000u, 3_000u, RunKind.EASY), morning)
            }.field)
            assertTrue("no-such-run" in assertFailsWith<FasciaException.NotFound> { app.deleteRun("no-such-run", morning) }.reason)
            assertFailsWith<FasciaException.InvalidInput> {
                app.addSoreness(listOf(NewSoreness("nose", Side.LEFT, 3u, morning)), morning)
            }

            // Refused settings change nothing.
            val settings = app.settings()
            assertEquals("daily_minutes", assertFailsWith<FasciaException.InvalidInput> {
                app.setSettings(settings.copy(dailyMinutes = 3u), morning)
            }.field)
            assertEquals(settings, app.settings())

            val routine = app.todaysRoutine(morning, null)
            val session = app.startSession(routine, morning)
            assertTrue(session.id() in assertFailsWith<FasciaException.Conflict> { app.startSession(routine, morning) }.reason)
            assertFailsWith<FasciaException.Conflict> { session.record(Event.RESUME, morning.plusSeconds(5)) }
            assertFailsWith<FasciaException.Conflict> { session.record(Event.START, morning.plusSeconds(5)) }
            session.record(Event.PAUSE, morning.plusSeconds(5))
            assertFailsWith<FasciaException.Conflict> { session.record(Event.PAUSE, morning.plusSeconds(6)) }
            session.record(Event.ABORT, morning.plusSeconds(7))
            assertFailsWith<FasciaException.Conflict> { session.record(Event.RESUME, morning.plusSeconds(8)) }
            session.close()

            assertEquals("budget_s", assertFailsWith<FasciaException.InvalidInput> {
                buildRoutine(routineRequest(org.json.JSONObject("""{"kind":{"type":"daily"},"budget_s":100}""")))
            }.field)
            assertFailsWith<FasciaException.Conflict> {
                buildRoutine(routineRequest(org.json.JSONObject(
                    """{"kind":{"type":"custom","protocol":"daily","zones":[{"zone":"glutes"}]},"tools":[]}""")))
            }
            assertFailsWith<FasciaException.InvalidInput> { app.importJson("{", morning) }
            val newer = assertFailsWith<FasciaException.IncompatibleVersion> {
                app.importJson("""{"format":"fascia-export","version":99}""", morning)
            }
            assertEquals(99u, newer.found)
            assertFailsWith<FasciaException.NotFound> { app.restoreBackup("nope", morning) }
        }

        // A file that is not a journal is reported and left as it was.
        val notAJournal = File(tempJournal()).apply { writeText("these are my race notes, not a database\n".repeat(200)) }
        val damaged = assertFailsWith<FasciaException.Damaged> { FasciaJournal.open(notAJournal.path, "UTC") }
        assertEquals(notAJournal.path, damaged.path)
        assertTrue(notAJournal.readText().startsWith("these are my race notes"))
    }

    @Test
    fun instantsCrossAtMillisecondPrecision() {
        openJournal().use { app ->
            val start = Instant.ofEpochSecond(1_775_800_000, 123_456_789)
            val run = app.addRun(NewRun(start, 5_000u, 1_800u, RunKind.EASY), start.plusSeconds(3_600))
            assertEquals(Instant.ofEpochMilli(1_775_800_000_123), run.startedAt)
        }
    }

    @Test
    fun manyCoroutinesShareOneApp() = runBlocking {
        openJournal("America/Los_Angeles").use { app ->
            val now = at("2026-05-01T15:00:00Z")
            (0 until 8).map { worker ->
                async(Dispatchers.IO) {
                    repeat(10) { i ->
                        val started = now.minus(Duration.ofHours(worker * 10L + i + 1))
                        app.addRun(NewRun(started, 5_000u, 1_800u, RunKind.EASY), now)
                        app.today(now)
                        app.reminders(now, 2u)
                    }
                }
            }.awaitAll()
            assertEquals(80, app.recentRuns(1_000u).size)
        }
    }

    @Test
    fun closedObjectsRefuseCalls() {
        val app = openJournal()
        app.close()
        assertFailsWith<IllegalStateException> { app.settings() }
        app.close() // closing twice is harmless
    }

    @Test
    fun zoneContent() {
        val zones = zones()
        assertEquals(11, zones.size)
        assertTrue(zones.all { it.name.isNotBlank() && it.technique.isNotEmpty() })
        // Records have Kotlin defaults where the core has them: no budget, priorities or exclusions.
        val bodywork = buildRoutine(RoutineRequest(RoutineKind.Bodywork, tools = Tool.entries))
        assertEquals(RoutineKind.Bodywork, bodywork.kind)
        assertEquals(45u * 60u, bodywork.budgetS)
        assertEquals(bodyworkMinutes() * 60u, bodywork.budgetS)
    }

    /** The pictures cross as shapes with roles: a technique picture for a zone side (its side
     *  named, its contact drawn), the body map's regions as polygons and a tap on one. */
    @Test
    fun picturesCross() {
        val p = app.fascia.techniquePicture("calves", app.fascia.core.Side.LEFT, listOf(Tool.FOAM_ROLLER), 0.5)
        assertTrue(p.width > 0.0 && p.height > 0.0)
        assertEquals(1, p.shapes.count { it is app.fascia.core.Shape.Circle && it.role == app.fascia.core.Role.CONTACT })
        assertTrue(p.shapes.any { it is app.fascia.core.Shape.Text && it.text == "Left" })
        val unsided = assertFailsWith<FasciaException.InvalidInput> {
            app.fascia.techniquePicture("thoracic-spine", app.fascia.core.Side.LEFT, emptyList(), 0.0)
        }
        assertEquals("side", unsided.field)
        val regions = app.fascia.bodyMap()
        assertEquals(21, regions.size)
        for (r in regions) {
            assertTrue(r.points.size >= 3)
            assertEquals(r.id, app.fascia.bodyMapRegionAt(r.anchor.x, r.anchor.y)?.id)
        }
        val map = app.fascia.bodyMapPicture(listOf(app.fascia.core.MapLevel("calves", app.fascia.core.Side.LEFT, 6u)))
        assertTrue(map.shapes.any { it is app.fascia.core.Shape.Area && it.region == "calves-left" && it.level == 6.toUByte() })
    }

    /** The numbers and words the apps take from the core instead of writing their own: a
     *  Double, an optional String and a LocalDate cross, and a refusal names its field. */
    @Test
    fun theCoresNumbersAndWordsCross() {
        val scale = sorenessScale()
        assertEquals(0.toUByte() to 10.toUByte(), scale.min to scale.max)
        assertEquals("4/10", sorenessLevelText(4u))
        assertEquals(12u, dailyMinutes())
        assertEquals("12 min", durationText(720u))
        assertEquals("Streak: 1 day", streakText(1u))
        assertEquals(21_082u, distanceMetres(Units.IMPERIAL, 13.1))
        assertEquals("13.1 mi", distanceText(Units.IMPERIAL, 21_082u))
        assertEquals("Distance, km", distanceLabel(Units.METRIC))
        val refused = assertFailsWith<FasciaException.InvalidInput> {
            distanceMetres(Units.METRIC, Double.NaN)
        }
        assertEquals("distance", refused.field)
        assertEquals("Both sides", sideText(Side.BOTH))
        assertEquals("Hold", stepKindText(StepKind.HOLD))
        val journal = FasciaJournal.open(tempJournal(), "Europe/Paris")
        journal.addRace(NewRace("Spring Marathon", java.time.LocalDate.of(2026, 6, 7), null, RacePriority.A), morning)
        val today = journal.today(morning)
        assertTrue(today.calendar.map { calendarLabel(it) }.all { it == null || it.isNotBlank() })
        val race = journal.seasonPlan(morning).races.single()
        assertEquals("Book the 45-minute session by " + race.bodyworkBy!!.format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH)), bodyworkDueText(race, today.date))
        assertTrue(raceWeekText(race).startsWith("Race week from ") && !raceWeekText(race).contains(race.raceWeekFrom.toString()))
    }
}
