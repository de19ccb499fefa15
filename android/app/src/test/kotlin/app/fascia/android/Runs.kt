// What the phone holds around the app for the imports of runs, in the tests: Health Connect (its
// records, made with their public constructors, mapped by the app's own mapping), and a documents
// provider that hands out the repository's activity files as a file manager would.
package app.fascia.android

import android.content.ContentProvider
import android.content.ContentValues
import android.database.Cursor
import android.database.MatrixCursor
import android.net.Uri
import android.os.ParcelFileDescriptor
import android.provider.OpenableColumns
import androidx.health.connect.client.records.DistanceRecord
import androidx.health.connect.client.records.ExerciseSessionRecord
import androidx.health.connect.client.records.StepsCadenceRecord
import androidx.health.connect.client.records.metadata.Device
import androidx.health.connect.client.records.metadata.Metadata
import androidx.health.connect.client.units.Length
import app.fascia.core.HealthRun
import java.io.File
import java.io.FileNotFoundException
import java.time.Instant
import java.time.ZoneOffset

/**
 * Health Connect as the app sees it through [HealthRuns], holding real Health Connect records: a
 * read gives the running sessions that ended after `since`, mapped by [HealthConnectRecords] as
 * the real source maps them. The test sets whether it is there and what the runner allowed.
 */
class FakeHealthConnect : HealthRuns {
    var status = HealthStatus.AVAILABLE
    var granted: Set<String> = Health.PERMISSIONS
    /** Thrown by the next read, as the client throws a remote or I/O failure. */
    var failure: Exception? = null
    val sessions = mutableListOf<ExerciseSessionRecord>()
    val distances = mutableListOf<DistanceRecord>()
    val cadence = mutableListOf<StepsCadenceRecord>()
    /** The `since` of each read, in order. */
    val reads = mutableListOf<Instant?>()

    override fun status() = status
    override suspend fun granted() = granted

    override suspend fun runsSince(since: Instant?, granted: Set<String>): List<HealthRun> {
        failure?.let { failure = null; throw it }
        // The real client throws SecurityException on a type it may not read.
        if (!granted.containsAll(Health.REQUIRED)) throw SecurityException("not allowed")
        reads += since
        return sessions.filter { since == null || it.endTime.isAfter(since) }.mapNotNull { s ->
            HealthConnectRecords.run(
                s,
                distances.filter { it.metadata.dataOrigin == s.metadata.dataOrigin },
                if (Health.CADENCE in granted) cadence.filter { it.metadata.dataOrigin == s.metadata.dataOrigin } else emptyList(),
            )
        }
    }

    /** A session a watch wrote, with its distance and cadence records. */
    fun run(id: String, start: Instant, minutes: Long, metres: Double, spm: Double? = 172.0, type: Int = ExerciseSessionRecord.EXERCISE_TYPE_RUNNING) {
        val end = start.plusSeconds(minutes * 60)
        val watch = Device(Device.TYPE_WATCH, "Garmin", "Forerunner 265")
        sessions += ExerciseSessionRecord(start, ZoneOffset.UTC, end, ZoneOffset.UTC, Metadata.autoRecordedWithId(id, watch), type)
        distances += DistanceRecord(start, ZoneOffset.UTC, end, ZoneOffset.UTC, Length.meters(metres), Metadata.autoRecordedWithId("$id-distance", watch))
        spm?.let {
            val samples = (0 until minutes step 5).map { m -> StepsCadenceRecord.Sample(start.plusSeconds(m * 60), it) }
            cadence += StepsCadenceRecord(start, ZoneOffset.UTC, end, ZoneOffset.UTC, samples, Metadata.autoRecordedWithId("$id-cadence", watch))
        }
    }
}

/**
 * A documents provider as a file manager is one: each document has an opaque URI
 * (`content://app.fascia.test.files/document/3`), its name in `DISPLAY_NAME`, and its bytes
 * from the repository's `tests/fixtures`; a document whose file is gone cannot be opened.
 */
class FixtureFiles : ContentProvider() {
    companion object {
        const val AUTHORITY = "app.fascia.test.files"
        val fixtures: File = File(System.getProperty("fascia.main") ?: "android/app/src/main").resolve("../../../../tests/fixtures").canonicalFile
        private val documents = mutableListOf<Pair<String, File?>>()

        /** A document named [name] with the bytes of the fixture at [path] (null: it is gone). */
        fun add(name: String, path: String?): Uri {
            documents += name to path?.let { File(fixtures, it).also { f -> check(f.isFile) { "no fixture $f" } } }
            return Uri.parse("content://$AUTHORITY/document/${documents.size - 1}")
        }

        fun clear() = documents.clear()

        private fun of(uri: Uri) = documents[uri.lastPathSegment!!.toInt()]
    }

    override fun onCreate() = true

    override fun query(uri: Uri, projection: Array<out String>?, selection: String?, args: Array<out String>?, order: String?): Cursor {
        val (name, file) = of(uri)
        return MatrixCursor(arrayOf(OpenableColumns.DISPLAY_NAME, OpenableColumns.SIZE)).apply { addRow(arrayOf<Any?>(name, file?.length())) }
    }

    override fun openFile(uri: Uri, mode: String): ParcelFileDescriptor {
        val file = of(uri).second ?: throw FileNotFoundException("the document is gone")
        return ParcelFileDescriptor.open(file, ParcelFileDescriptor.MODE_READ_ONLY)
    }

    override fun getType(uri: Uri): String? = null
    override fun insert(uri: Uri, values: ContentValues?): Uri? = null
    override fun delete(uri: Uri, selection: String?, args: Array<out String>?) = 0
    override fun update(uri: Uri, values: ContentValues?, selection: String?, args: Array<out String>?) = 0
}
