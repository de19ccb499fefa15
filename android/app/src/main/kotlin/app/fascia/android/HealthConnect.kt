// Runs from Health Connect: the running sessions the runner's watch or running app wrote there,
// with their distance and cadence, read only when the runner asks, and handed to the core as
// `HealthRun`s (the core stores them, recognises one read before, keeps a deleted run deleted and
// merges one typed by hand). `HealthRuns` is what the app reads through; the tests hand in a fake.
package app.fascia.android

import android.content.Context
import androidx.health.connect.client.HealthConnectClient
import androidx.health.connect.client.permission.HealthPermission
import androidx.health.connect.client.records.DistanceRecord
import androidx.health.connect.client.records.ExerciseSegment
import androidx.health.connect.client.records.ExerciseSessionRecord
import androidx.health.connect.client.records.Record
import androidx.health.connect.client.records.StepsCadenceRecord
import androidx.health.connect.client.records.metadata.DataOrigin
import androidx.health.connect.client.request.ReadRecordsRequest
import androidx.health.connect.client.time.TimeRangeFilter
import app.fascia.core.HealthRun
import app.fascia.core.RunSource
import java.time.Duration
import java.time.Instant
import kotlin.reflect.KClass

/** Whether this phone has Health Connect to read from. */
enum class HealthStatus { AVAILABLE, UPDATE_REQUIRED, UNAVAILABLE }

/** Where the app reads runs from: Health Connect on a phone, a fake in the tests. */
interface HealthRuns {
    fun status(): HealthStatus

    /** The permissions the runner has granted the app (Health Connect's permission names). */
    suspend fun granted(): Set<String>

    /** The running sessions (outdoor and treadmill) that ended after [since] (all there are when
     *  null), as the core takes them; cadence only when [granted] allows it. */
    suspend fun runsSince(since: Instant?, granted: Set<String>): List<HealthRun>
}

/** The app's Health Connect: what it asks for, the process's source, and when it last read. */
object Health {
    /** Without these nothing is read: the sessions (which are runs, when, how long) and distance. */
    val REQUIRED: Set<String> = setOf(
        HealthPermission.getReadPermission(ExerciseSessionRecord::class),
        HealthPermission.getReadPermission(DistanceRecord::class),
    )

    /** Read when granted: a run without it has no cadence. */
    val CADENCE: String = HealthPermission.getReadPermission(StepsCadenceRecord::class)

    /** What the permission screen asks for: read only, nothing written. */
    val PERMISSIONS: Set<String> = REQUIRED + CADENCE

    /** The process's source; the tests replace it. */
    @Volatile var source: (Context) -> HealthRuns = { HealthConnectRuns(it.applicationContext) }

    // The last read is this phone's bookkeeping of this phone's Health Connect, so it is in the
    // app's preferences, not in the journal: an export or a new phone carries the runs, and the
    // new phone reads its own Health Connect from the start (the core recognises every run it
    // holds already). Not in Android's backup for the same reason (res/xml/backup_rules.xml).
    private const val PREFS = "health"
    private const val LAST_READ = "last-read"

    fun lastRead(context: Context): Instant? =
        context.getSharedPreferences(PREFS, 0).getString(LAST_READ, null)?.let(Instant::parse)

    fun read(context: Context, at: Instant) {
        context.getSharedPreferences(PREFS, 0).edit().putString(LAST_READ, at.toString()).apply()
    }
}

/** Health Connect's records as the core takes them: kept apart from the client, so that the tests
 *  can feed it records made with their public constructors. */
object HealthConnectRecords {
    /** The exercise types that are runs. */
    val RUNNING = setOf(ExerciseSessionRecord.EXERCISE_TYPE_RUNNING, ExerciseSessionRecord.EXERCISE_TYPE_RUNNING_TREADMILL)

    /** Segments in which the runner was not moving. */
    private val STOPPED = setOf(ExerciseSegment.EXERCISE_SEGMENT_TYPE_PAUSE, ExerciseSegment.EXERCISE_SEGMENT_TYPE_REST)

    /**
     * One session as a `HealthRun`: the record's own id as its source id, its start, its moving
     * time (the session less its pause and rest segments), the distance the same app wrote
     * within it ([distances]; a record running over an edge counts for the part inside), and the
     * mean of the cadence samples within it ([cadence]; none without samples). Null for a session
     * that is not a run.
     */
    fun run(session: ExerciseSessionRecord, distances: List<DistanceRecord>, cadence: List<StepsCadenceRecord>): HealthRun? {
        if (session.exerciseType !in RUNNING) return null
        val (start, end) = session.startTime to session.endTime
        val stopped = session.segments.filter { it.segmentType in STOPPED }
            .sumOf { overlap(it.startTime, it.endTime, start, end).toMillis() }
        val moving = (Duration.between(start, end).toMillis() - stopped).coerceAtLeast(0) / 1000
        val metres = distances.sumOf { it.distance.inMeters * share(it.startTime, it.endTime, start, end) }
        val rates = cadence.flatMap { it.samples }.filter { !it.time.isBefore(start) && !it.time.isAfter(end) }.map { it.rate }
        return HealthRun(
            source = RunSource.HEALTH_CONNECT,
            sourceId = session.metadata.id,
            startedAt = start,
            durationS = moving.coerceAtMost(UInt.MAX_VALUE.toLong()).toUInt(),
            distanceM = metres,
            cadenceSpm = rates.takeIf { it.isNotEmpty() }?.average(),
            elevationGainM = null,
        )
    }

    private fun overlap(from: Instant, to: Instant, start: Instant, end: Instant): Duration {
        val a = maxOf(from, start)
        val b = minOf(to, end)
        return if (b.isAfter(a)) Duration.between(a, b) else Duration.ZERO
    }

    /** The part of a record's interval inside the session: 1 for a record wholly inside (or an
     *  instant inside), 0 for one outside. */
    private fun share(from: Instant, to: Instant, start: Instant, end: Instant): Double {
        val length = Duration.between(from, to).toMillis()
        if (length <= 0) return if (!from.isBefore(start) && !from.isAfter(end)) 1.0 else 0.0
        return overlap(from, to, start, end).toMillis().toDouble() / length
    }
}

/**
 * The real source: Health Connect's client. It cannot run on the test machine (no Health Connect
 * there), so it is kept to the calls: the mapping is [HealthConnectRecords], tested with real
 * record objects.
 */
class HealthConnectRuns(private val context: Context) : HealthRuns {
    private val client by lazy { HealthConnectClient.getOrCreate(context) }

    override fun status(): HealthStatus = when (HealthConnectClient.getSdkStatus(context)) {
        HealthConnectClient.SDK_AVAILABLE -> HealthStatus.AVAILABLE
        HealthConnectClient.SDK_UNAVAILABLE_PROVIDER_UPDATE_REQUIRED -> HealthStatus.UPDATE_REQUIRED
        else -> HealthStatus.UNAVAILABLE
    }

    override suspend fun granted(): Set<String> = client.permissionController.getGrantedPermissions()

    override suspend fun runsSince(since: Instant?, granted: Set<String>): List<HealthRun> {
        // A watch's app may write a run to Health Connect hours or days after it was run: sessions
        // are read from a week before the last read, and the core recognises those it has.
        val from = since?.minus(LATE_WRITE) ?: Instant.EPOCH
        val sessions = all(ExerciseSessionRecord::class, TimeRangeFilter.after(from))
            .filter { it.exerciseType in HealthConnectRecords.RUNNING }
        return sessions.mapNotNull { session ->
            // The figures the app that wrote the session wrote within it (a phone and a watch
            // may both have counted the same metres).
            val within = TimeRangeFilter.between(session.startTime, session.endTime)
            val origin = setOf(session.metadata.dataOrigin)
            val distances = all(DistanceRecord::class, within, origin)
            val cadence = if (Health.CADENCE in granted) all(StepsCadenceRecord::class, within, origin) else emptyList()
            HealthConnectRecords.run(session, distances, cadence)
        }
    }

    /** Every record of [type] the filter gives, page after page. */
    private suspend fun <T : Record> all(type: KClass<T>, filter: TimeRangeFilter, origins: Set<DataOrigin> = emptySet()): List<T> {
        val out = mutableListOf<T>()
        var page: String? = null
        do {
            val response = client.readRecords(ReadRecordsRequest(type, filter, origins, ascendingOrder = true, pageToken = page))
            out += response.records
            page = response.pageToken
        } while (!page.isNullOrEmpty())
        return out
    }

    companion object {
        private val LATE_WRITE: Duration = Duration.ofDays(7)
    }
}
