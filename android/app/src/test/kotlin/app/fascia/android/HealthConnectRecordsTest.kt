package app.fascia.android

import androidx.health.connect.client.records.DistanceRecord
import androidx.health.connect.client.records.ExerciseSegment
import androidx.health.connect.client.records.ExerciseSessionRecord
import androidx.health.connect.client.records.StepsCadenceRecord
import androidx.health.connect.client.records.metadata.Device
import androidx.health.connect.client.records.metadata.Metadata
import androidx.health.connect.client.units.Length
import app.fascia.FasciaJournal
import app.fascia.core.HealthRun
import app.fascia.core.RunSource
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config
import java.time.Instant
import java.time.ZoneOffset

/**
 * Health Connect's records, made with their public constructors as the client returns them, into
 * the core's `HealthRun`: the mapping the real source uses (the client itself cannot run here).
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class HealthConnectRecordsTest {
    @get:Rule val folder = TemporaryFolder()

    private val start = Instant.parse("2026-03-14T07:00:00Z")
    private val watch = Device(Device.TYPE_WATCH, "Coros", "Pace 3")
    private fun at(minutes: Long): Instant = start.plusSeconds(minutes * 60)

    private fun session(type: Int, minutes: Long, segments: List<ExerciseSegment> = emptyList()) = ExerciseSessionRecord(
        start, ZoneOffset.ofHours(1), at(minutes), ZoneOffset.ofHours(1), Metadata.autoRecordedWithId("0f8e-session", watch), type,
        title = null, notes = null, segments = segments,
    )

    private fun distance(from: Long, to: Long, metres: Double) =
        DistanceRecord(at(from), ZoneOffset.UTC, at(to), ZoneOffset.UTC, Length.meters(metres), Metadata.autoRecordedWithId("d$from", watch))

    private fun cadence(vararg samples: Pair<Long, Double>) = StepsCadenceRecord(
        at(samples.first().first), ZoneOffset.UTC, at(samples.last().first + 1), ZoneOffset.UTC,
        samples.map { (m, rate) -> StepsCadenceRecord.Sample(at(m), rate) }, Metadata.autoRecordedWithId("c", watch),
    )

    @Test fun aRunWithPausesDistanceOverItsEdgesAndCadence() {
        // 60 minutes with a 5-minute pause and a 2-minute rest: 53 minutes moving.
        val run = session(
            ExerciseSessionRecord.EXERCISE_TYPE_RUNNING, 60,
            listOf(
                ExerciseSegment(at(0), at(20), ExerciseSegment.EXERCISE_SEGMENT_TYPE_RUNNING, 0),
                ExerciseSegment(at(20), at(25), ExerciseSegment.EXERCISE_SEGMENT_TYPE_PAUSE, 0),
                ExerciseSegment(at(25), at(50), ExerciseSegment.EXERCISE_SEGMENT_TYPE_RUNNING, 0),
                ExerciseSegment(at(50), at(52), ExerciseSegment.EXERCISE_SEGMENT_TYPE_REST, 0),
            ),
        )
        val distances = listOf(
            distance(0, 30, 5_000.0),
            distance(30, 60, 5_200.0),
            // Half of it after the session ended: half counts.
            distance(55, 65, 400.0),
            // Before the session: none of it.
            distance(-20, -5, 3_000.0),
        )
        val steps = listOf(cadence(-3L to 90.0, 10L to 170.0, 30L to 174.0, 59L to 178.0, 61L to 100.0))
        assertEquals(
            HealthRun(
                source = RunSource.HEALTH_CONNECT,
                sourceId = "0f8e-session",
                startedAt = start,
                durationS = 53u * 60u,
                distanceM = 10_400.0,
                cadenceSpm = 174.0,
                elevationGainM = null,
            ),
            HealthConnectRecords.run(run, distances, steps),
        )
    }

    @Test fun aTreadmillRunIsARunAndARideIsNot() {
        val treadmill = HealthConnectRecords.run(session(ExerciseSessionRecord.EXERCISE_TYPE_RUNNING_TREADMILL, 30), listOf(distance(0, 30, 6_000.0)), emptyList())
        assertEquals(6_000.0, treadmill!!.distanceM, 0.0)
        assertEquals(30u * 60u, treadmill.durationS)
        assertNull("no cadence without samples", treadmill.cadenceSpm)
        assertNull(HealthConnectRecords.run(session(ExerciseSessionRecord.EXERCISE_TYPE_BIKING, 90), listOf(distance(0, 90, 40_000.0)), emptyList()))
        assertNull(HealthConnectRecords.run(session(ExerciseSessionRecord.EXERCISE_TYPE_WALKING, 40), listOf(distance(0, 40, 4_000.0)), emptyList()))
    }

    @Test fun theMappedRunIsWhatTheCoreStores() {
        val journal = FasciaJournal.open(folder.newFile("j.db").also { it.delete() }.path, "Europe/Paris")
        try {
            val run = HealthConnectRecords.run(
                session(ExerciseSessionRecord.EXERCISE_TYPE_RUNNING, 50), listOf(distance(0, 50, 10_000.0)), listOf(cadence(5L to 171.0, 25L to 173.0)),
            )!!
            val now = Instant.parse("2026-03-15T12:00:00Z")
            assertEquals(1u, journal.importHealthRuns(listOf(run), now).added)
            val stored = journal.recentRuns(5u).single()
            assertEquals(RunSource.HEALTH_CONNECT, stored.source)
            assertEquals("0f8e-session", stored.sourceId)
            assertEquals(start, stored.startedAt)
            assertEquals(10_000u, stored.distanceM)
            assertEquals(172u, stored.cadenceSpm)
            // The same record again changes nothing.
            val again = journal.importHealthRuns(listOf(run), now)
            assertEquals(0u to 1u, again.added to again.alreadyThere)
        } finally {
            journal.close()
        }
    }
}
