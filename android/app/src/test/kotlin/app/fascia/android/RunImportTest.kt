package app.fascia.android

import android.app.Activity
import android.content.ClipData
import android.content.Intent
import android.content.pm.PackageManager
import android.graphics.Bitmap
import android.graphics.Canvas
import android.net.Uri
import android.os.RemoteException
import androidx.activity.compose.setContent
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performScrollToNode
import androidx.health.connect.client.PermissionController
import androidx.health.connect.client.records.ExerciseSessionRecord
import app.fascia.core.NewRun
import app.fascia.core.RecordKind
import app.fascia.core.RunKind
import app.fascia.core.RunSource
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNotSame
import org.junit.Assert.assertNull
import org.junit.Assert.assertSame
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.util.ReflectionHelpers
import org.robolectric.util.ReflectionHelpers.ClassParameter
import java.io.File
import java.time.Instant

/**
 * Runs from the runner's watch, as a runner gets them: "Read runs from Health Connect" (a fake
 * Health Connect holding real Health Connect records, behind the platform's permission screen)
 * and "Import a file" (the platform's document picker, answered with files a documents provider
 * serves from tests/fixtures), both into the real journal through the real core.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35], qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class RunImportTest : OnScreen() {
    private val health = FakeHealthConnect()

    init {
        // Sunday 15 March 2026, 13:00 in Paris: the 28 km long run of the fixtures ended at 11:30.
        clock.at = Instant.parse("2026-03-15T12:00:00Z")
    }

    @Before fun phone() {
        Health.source = { health }
        FixtureFiles.clear()
        Robolectric.setupContentProvider(FixtureFiles::class.java, FixtureFiles.AUTHORITY)
    }

    @After fun putBack() {
        Health.source = { HealthConnectRuns(it.applicationContext) }
        Journals.reset()
    }

    private val activity get() = shadowOf(compose.activity)
    private fun message() = model.state.value.message
    private fun runs() = journal().recentRuns(50u)
    private fun days(n: Long): Instant = clock.now().minusSeconds(n * 86_400)

    private fun readHealth() {
        model.show(Screen.LOGS)
        settle()
        compose.onNodeWithTag("read-health").performScrollTo().performClick()
        settle()
    }

    /** A week of runs in Health Connect, and a ride. */
    private fun week() {
        health.run("hc-tue", days(5), 50, 10_000.0)
        health.run("hc-thu", days(3), 42, 8_000.0, spm = 176.0)
        health.run("hc-ride", days(2), 90, 40_000.0, spm = null, type = ExerciseSessionRecord.EXERCISE_TYPE_BIKING)
    }

    @Test fun runsReadOnceAreAddedAndASecondReadAddsNothing() {
        setUp()
        week()
        readHealth()
        assertEquals("Runs: 2 added.", message())
        compose.onNodeWithText("Runs: 2 added.").assertExists()
        val read = runs()
        assertEquals(setOf("hc-tue", "hc-thu"), read.map { it.sourceId }.toSet())
        assertTrue(read.all { it.source == RunSource.HEALTH_CONNECT })
        val thu = read.single { it.sourceId == "hc-thu" }
        assertEquals(8_000u, thu.distanceM)
        assertEquals(42u * 60u, thu.durationS)
        assertEquals(176u, thu.cadenceSpm)
        // The runs are on the log's list.
        compose.onNodeWithTag("logs").performScrollToNode(hasTestTag("edit-run-${thu.id}"))
        compose.onNodeWithTag("edit-run-${thu.id}").assertExists()
        assertEquals(listOf<Instant?>(null), health.reads)
        val firstRead = clock.now()
        assertEquals(firstRead, Health.lastRead(app))

        // Later: a second read asks from the first read on, and adds nothing.
        clock.advance(3600)
        readHealth()
        assertEquals(listOf(null, firstRead), health.reads)
        assertEquals("No runs to import.", message())
        assertEquals(read.toSet(), runs().toSet())

        // A new phone reads everything again: the core knows every run it has.
        app.getSharedPreferences("health", 0).edit().clear().commit()
        readHealth()
        assertEquals("Runs: 2 already there.", message())
        assertEquals(read.toSet(), runs().toSet())
    }

    @Test fun aRunDeletedInTheJournalIsNotBroughtBackAndOneTypedByHandIsMerged() {
        setUp()
        week()
        readHealth()
        val tue = runs().single { it.sourceId == "hc-tue" }
        model.delete(RecordKind.RUN, tue.id)
        settle()
        // The run typed by hand this morning; the watch's app writes it to Health Connect later.
        val start = clock.now().minusSeconds(4 * 3600)
        journal().addRun(NewRun(start.plusSeconds(120), 12_000u, 60u * 60u, RunKind.EASY), clock.now())
        health.run("hc-sun", start, 61, 12_150.0)
        app.getSharedPreferences("health", 0).edit().clear().commit()
        readHealth()
        assertEquals(
            "Runs: 1 merged with runs typed by hand, 1 already there, 1 deleted before (not brought back).",
            message(),
        )
        val now = runs()
        assertTrue(now.none { it.sourceId == "hc-tue" })
        // One run this morning, the one typed by hand, with the watch's figures now.
        val sunday = now.filter { it.startedAt.isAfter(clock.now().minusSeconds(86_400)) }.single()
        assertEquals("hc-sun", sunday.sourceId)
        assertEquals(172u, sunday.cadenceSpm)
    }

    @Test fun anImportedLongRunBringsTheCheckIn() {
        setUp()
        assertNull(journal().today(clock.now()).checkIn)
        health.run("hc-long", clock.now().minusSeconds(3 * 3600), 150, 28_000.0)
        readHealth()
        val checkIn = journal().today(clock.now()).checkIn
        assertNotNull(checkIn)
        assertEquals("hc-long", checkIn!!.run.sourceId)
        model.show(Screen.TODAY)
        settle()
        compose.onNodeWithTag("check-in-card").assertExists()
        compose.onNodeWithText(checkIn.question).assertExists()
    }

    /** The runner answers the permission screen, [allowed] or not, and the platform hands the
     *  answer to the Activity's request as it does on a phone (which also ends that request:
     *  Android answers a second request made while one is open at once, with nothing). */
    private fun answer(request: org.robolectric.shadows.ShadowActivity.PermissionsRequest, allowed: Boolean) {
        val result = if (allowed) PackageManager.PERMISSION_GRANTED else PackageManager.PERMISSION_DENIED
        val data = Intent()
            .putExtra("android.content.pm.extra.REQUEST_PERMISSIONS_NAMES", request.requestedPermissions)
            .putExtra("android.content.pm.extra.REQUEST_PERMISSIONS_RESULTS", IntArray(request.requestedPermissions.size) { result })
        ReflectionHelpers.callInstanceMethod<Unit>(
            compose.activity, "dispatchActivityResult",
            ClassParameter.from(String::class.java, "@android:requestPermissions:"),
            ClassParameter.from(Int::class.javaPrimitiveType, request.requestCode),
            ClassParameter.from(Int::class.javaPrimitiveType, Activity.RESULT_OK),
            ClassParameter.from(Intent::class.java, data),
            ClassParameter.from(String::class.java, "test"),
        )
        settle()
    }

    @Test fun thePermissionScreenIsHealthConnectsAndARefusalChangesNothing() {
        setUp()
        week()
        health.granted = emptySet()
        readHealth()
        // Health Connect's own permission screen (from Android 14 the platform's, for the health
        // permissions the manifest declares), asked for what the app reads, through the
        // library's contract; read only.
        val asked = activity.lastRequestedPermission
        assertNotNull("the permission screen was not launched", asked)
        assertEquals(Health.PERMISSIONS, asked.requestedPermissions.toSet())
        val contract = PermissionController.createRequestPermissionResultContract()
        assertEquals(Health.PERMISSIONS.toList(), contract.createIntent(app, Health.PERMISSIONS).getStringArrayExtra("androidx.activity.result.contract.extra.PERMISSIONS")?.toList())
        assertTrue(asked.requestedPermissions.all { it.startsWith("android.permission.health.READ_") })
        assertNull(model.state.value.askHealth)
        // The runner says no.
        answer(asked, allowed = false)
        assertEquals(app.getString(R.string.health_denied), message())
        compose.onNodeWithTag("message").assertExists()
        assertTrue(runs().isEmpty())
        assertTrue(health.reads.isEmpty())
        assertNull(Health.lastRead(app))
        assertSame("asked once, not again", asked, activity.lastRequestedPermission)

        // Asked again, the runner allows it: the runs are read.
        readHealth()
        val again = activity.lastRequestedPermission
        assertNotSame(asked, again)
        health.granted = Health.PERMISSIONS
        answer(again, allowed = true)
        assertEquals("Runs: 2 added.", message())
        assertEquals(2, runs().size)
    }

    @Test fun withoutCadenceAllowedRunsComeWithoutIt() {
        setUp()
        week()
        health.granted = Health.REQUIRED
        readHealth()
        assertEquals("Runs: 2 added.", message())
        assertTrue(runs().all { it.cadenceSpm == null })
    }

    @Test fun noHealthConnectOrAFailedReadSaysSoAndChangesNothing() {
        setUp()
        week()
        health.status = HealthStatus.UNAVAILABLE
        readHealth()
        assertEquals(app.getString(R.string.health_unavailable), message())
        assertNull("no permission screen without Health Connect", activity.nextStartedActivityForResult)
        health.status = HealthStatus.UPDATE_REQUIRED
        readHealth()
        assertEquals(app.getString(R.string.health_update_required), message())
        health.status = HealthStatus.AVAILABLE
        health.failure = RemoteException("Health Connect went away")
        readHealth()
        assertEquals(app.getString(R.string.health_failed, "Health Connect went away"), message())
        assertTrue(runs().isEmpty())
        assertNull(Health.lastRead(app))
        assertTrue(health.reads.isEmpty())
    }

    /** The picker as the runner answers it: the documents they chose. */
    private fun pick(vararg uris: Uri) {
        model.show(Screen.LOGS)
        settle()
        compose.onNodeWithTag("import-runs").performScrollTo().performClick()
        settle()
        val asked = activity.nextStartedActivityForResult
        assertNotNull("the document picker was not launched", asked)
        assertEquals(Intent.ACTION_OPEN_DOCUMENT, asked.intent.action)
        assertTrue(asked.intent.getBooleanExtra(Intent.EXTRA_ALLOW_MULTIPLE, false))
        assertEquals(MainActivity.RUN_FILE_TYPES.toList(), asked.intent.getStringArrayExtra(Intent.EXTRA_MIME_TYPES)?.toList())
        val picked = Intent().apply {
            clipData = ClipData.newRawUri(null, uris.first()).apply { uris.drop(1).forEach { addItem(ClipData.Item(it)) } }
        }
        activity.receiveResult(asked.intent, Activity.RESULT_OK, picked)
        settle()
    }

    @Test fun filesFromThePickerAreImportedAndACorruptOneIsRefusedByNameWhileTheRestIsKept() {
        setUp()
        pick(
            FixtureFiles.add("long-run-28k.fit", "runs/long-run-28k.fit"),
            FixtureFiles.add("easy-run.gpx", "runs/easy-run.gpx"),
            FixtureFiles.add("truncated.fit", "runs-hostile/truncated.fit"),
            FixtureFiles.add("long-run.tcx", "runs/long-run.tcx"),
            FixtureFiles.add("ride.gpx", "runs/ride.gpx"),
            FixtureFiles.add("gone.gpx", null),
        )
        val lines = message()!!.lines()
        assertEquals("Runs: 3 added, 1 skipped (not runs), 2 refused.", lines[0])
        assertEquals(3, lines.size)
        assertTrue(lines[1], lines[1].startsWith("Refused gone.gpx: could not read it ("))
        assertTrue(lines[2], lines[2].startsWith("Refused truncated.fit: "))
        compose.onNodeWithText("Refused truncated.fit: ", substring = true).assertExists()
        // The three runs, by their files' own names and figures.
        val read = runs()
        assertEquals(setOf(RunSource.FIT, RunSource.GPX, RunSource.TCX), read.map { it.source }.toSet())
        assertEquals(28_000u, read.single { it.source == RunSource.FIT }.distanceM)
        // The long run of this morning brings the check-in, as one typed by hand does.
        assertNotNull(journal().today(clock.now()).checkIn)
        shoot("runs-import")

        // The same files again change nothing.
        pick(FixtureFiles.add("long-run-28k.fit", "runs/long-run-28k.fit"), FixtureFiles.add("easy-run.gpx", "runs/easy-run.gpx"))
        assertEquals("Runs: 2 already there.", message())
        assertEquals(read.toSet(), runs().toSet())
    }

    @Test fun theRationaleSaysWhatIsReadAndThatItStaysOnThePhone() {
        setUp()
        compose.activity.setContent { HealthRationale(close = {}) }
        settle()
        for (words in listOf(R.string.health_rationale_title, R.string.health_rationale_what, R.string.health_rationale_stays, R.string.health_rationale_revoke)) {
            compose.onNodeWithText(app.getString(words)).assertExists()
        }
        shoot("health-rationale")
        // The Activity Health Connect opens shows it, and closes.
        val rationale = Robolectric.buildActivity(
            HealthRationaleActivity::class.java,
            Intent("androidx.health.ACTION_SHOW_PERMISSIONS_RATIONALE"),
        ).setup().get()
        rationale.onBackPressedDispatcher.onBackPressed()
        assertTrue(rationale.isFinishing)
    }

    private fun shoot(name: String) {
        settle()
        val view = compose.activity.window.decorView
        val bitmap = Bitmap.createBitmap(view.width, view.height, Bitmap.Config.ARGB_8888)
        view.draw(Canvas(bitmap))
        val dir = File(System.getProperty("fascia.screens") ?: "build/screens").apply { mkdirs() }
        File(dir, "android-$name.png").outputStream().use { bitmap.compress(Bitmap.CompressFormat.PNG, 100, it) }
    }
}
