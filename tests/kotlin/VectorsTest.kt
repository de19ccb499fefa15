// The shared scenario vectors (tests/vectors), run through the generated Kotlin bindings.
package app.fascia.test

import app.fascia.FasciaException
import app.fascia.GuidedSession
import app.fascia.buildRoutine
import app.fascia.stepTitle
import app.fascia.core.CueKind
import app.fascia.core.Event
import app.fascia.core.NewBodywork
import app.fascia.core.NewRace
import app.fascia.core.NewRun
import app.fascia.core.QuietHours
import app.fascia.core.RacePriority
import app.fascia.core.RunKind
import app.fascia.core.Snapshot
import app.fascia.core.Status
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.test.fail
import org.json.JSONArray
import org.json.JSONObject
import org.junit.Test

class VectorsTest {
    @Test
    fun routineVectors() {
        val scenarios = vector("routine.json").getJSONArray("scenarios").objects()
        assertTrue(scenarios.isNotEmpty())
        for (s in scenarios) {
            val name = s.getString("name")
            val expect = s.getJSONObject("expect")
            val request = routineRequest(s.getJSONObject("request"))
            if (expect.has("ffi_error")) {
                val want = expect.getJSONObject("ffi_error")
                try {
                    buildRoutine(request)
                    fail("$name: expected ${want.getString("type")}")
                } catch (e: FasciaException.InvalidInput) {
                    assertEquals("InvalidInput", want.getString("type"), name)
                    assertEquals(want.getString("field"), e.field, name)
                }
                continue
            }
            val routine = buildRoutine(request)
            assertEquals(expect.getInt("budget_s").toUInt(), routine.budgetS, name)
            assertEquals(expect.getInt("total_s").toUInt(), routine.totalS, name)
            val zones = expect.getJSONArray("zones")
            assertEquals(zones.length(), routine.zones.size, name)
            routine.zones.forEachIndexed { i, z ->
                assertEquals(zones.getJSONArray(i).getString(0), z.zone, name)
                assertEquals(zones.getJSONArray(i).getInt(1).toUInt(), z.holdS, name)
            }
            expect.optJSONObject("reasons")?.let { reasons ->
                for (zone in reasons.keys()) {
                    assertEquals(reasons.getString(zone), routine.zones.single { it.zone == zone }.reason.key, name)
                }
            }
            expect.optJSONArray("omitted")?.let { omitted ->
                val got = routine.omitted.map { listOf(it.zone, it.why.name.lowercase().replace('_', '-')) }
                val want = (0 until omitted.length()).map { listOf(omitted.getJSONArray(it).getString(0), omitted.getJSONArray(it).getString(1)) }
                assertEquals(want, got, name)
            }
        }
    }

    /** The vector's event, by its name: the typed `Event` of that name (`pain-skip` → `PAIN_SKIP`). */
    private fun apply(session: GuidedSession, event: String, at: Instant): Snapshot =
        session.record(Event.valueOf(event.uppercase().replace('-', '_')), at)

    private fun check(snapshot: Snapshot, expect: JSONObject, start: Instant, name: String) {
        assertEquals(expect.getString("status"), snapshot.status.name.lowercase(), name)
        assertEquals(expect.getInt("step_index").toUInt(), snapshot.stepIndex, name)
        assertEquals(expect.getLong("step_remaining_ms").toULong(), snapshot.stepRemainingMs, name)
        assertEquals(expect.getLong("session_remaining_ms").toULong(), snapshot.sessionRemainingMs, name)
        if (expect.has("ends_at")) assertEquals(start.plusSeconds(expect.getLong("ends_at")), snapshot.endsAt, name)
        expect.optJSONArray("pain_skips")?.let { marks ->
            assertEquals(marks.objects().map { it.getString("zone") }, snapshot.painSkips.map { it.zone }, name)
        }
    }

    @Test
    fun timerVectors() {
        val doc = vector("timer.json")
        val routine = buildRoutine(routineRequest(doc.getJSONObject("routine")))
        for (s in doc.getJSONArray("scenarios").objects()) {
            val name = s.getString("name")
            openJournal("UTC").use { app ->
                val start = at(s.getString("start"))
                var session = app.startSession(routine, start)
                for (step in s.getJSONArray("script").objects()) {
                    val now = start.plusSeconds(step.getLong("at"))
                    if (step.has("event")) {
                        apply(session, step.getString("event"), now)
                        // What a relaunch finds is what the session says.
                        app.activeSession(now)?.let { again ->
                            assertEquals(session.snapshot(now), again.snapshot(now), name)
                            session.close()
                            session = again
                        }
                    }
                    step.optJSONObject("check")?.let {
                        val snapshot = session.snapshot(now)
                        check(snapshot, it, start, name)
                        // Until the timer has run to the end, a tick records nothing.
                        if (snapshot.status != Status.COMPLETED) assertEquals(snapshot, session.tick(now), name)
                    }
                    step.optJSONObject("cues")?.let { cues ->
                        val all = session.cues(now, cues.getInt("horizon_s").toUInt())
                        val got = all.map { listOf(it.id, it.at.epochSecond - start.epochSecond) }
                        val want = cues.getJSONArray("expect").let { a ->
                            (0 until a.length()).map { listOf(a.getJSONArray(it).getString(0), a.getJSONArray(it).getLong(1)) }
                        }
                        assertEquals(want, got, name)
                        // Each cue carries the core's words; a step's start says the step's title.
                        for (cue in all) {
                            assertTrue(cue.words.isNotBlank(), "$name: ${cue.id}")
                            if (cue.kind == CueKind.STEP_START) {
                                assertEquals(stepTitle(routine.steps[cue.stepIndex.toInt()]), cue.words, name)
                            }
                        }
                    }
                }
                // A session whose timer ran to the end is finished by the next tick, and stored so.
                val end = start.plusSeconds(s.getJSONArray("script").objects().last().getLong("at"))
                if (session.snapshot(end).status == Status.COMPLETED) {
                    assertEquals(Status.FINISHED, session.tick(end).status, name)
                    assertNull(app.activeSession(end), name)
                }
                session.close()
            }
        }
    }

    @Test
    fun reminderVectors() {
        for (s in vector("reminders.json").getJSONArray("scenarios").objects()) {
            val name = s.getString("name")
            openJournal(s.getString("time_zone")).use { app ->
                val now = at(s.getString("now"))
                val patch = s.getJSONObject("settings")
                val quiet = patch.optJSONObject("quiet_hours")
                app.setSettings(
                    app.settings().copy(
                        reminderTime = LocalTime.parse(patch.getString("reminder_time")),
                        quietHours = quiet?.let { QuietHours(LocalTime.parse(it.getString("start")), LocalTime.parse(it.getString("end"))) },
                    ),
                    now,
                )
                // Ids are random: the vectors name each record by where it is listed.
                val names = mutableMapOf<String, String>()
                s.getJSONArray("races").objects().forEachIndexed { i, r ->
                    val race = NewRace(
                        r.getString("name"), LocalDate.parse(r.getString("date")), r.optUInt("distance_m"),
                        RacePriority.valueOf(r.getString("priority")),
                    )
                    names[app.addRace(race, now).id] = "races[$i]"
                }
                s.getJSONArray("bodywork").objects().forEachIndexed { i, b ->
                    names[app.addBodywork(NewBodywork(at(b.getString("at")), b.getInt("minutes").toUInt()), now).id] = "bodywork[$i]"
                }
                s.getJSONArray("runs").objects().forEachIndexed { i, r ->
                    val run = NewRun(
                        at(r.getString("started_at")), r.getInt("distance_m").toUInt(), r.getInt("duration_s").toUInt(),
                        RunKind.valueOf(r.getString("kind").uppercase()),
                    )
                    names[app.addRun(run, now).id] = "runs[$i]"
                }
                val got = app.reminders(now, s.getInt("days").toUInt()).map { r ->
                    listOf(
                        names.entries.fold(r.id) { id, (uuid, n) -> id.replace(uuid, n) },
                        r.fireAt.toString(),
                        r.local.toString(),
                    )
                }
                val expect: JSONArray = s.getJSONArray("expect")
                val want = (0 until expect.length()).map { i -> expect.getJSONArray(i).let { e -> listOf(e.getString(0), e.getString(1), e.getString(2)) } }
                assertNotNull(got.firstOrNull(), name)
                assertEquals(want, got, name)
            }
        }
    }
}
