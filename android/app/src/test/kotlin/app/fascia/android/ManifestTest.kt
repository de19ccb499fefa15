package app.fascia.android

import android.app.Application
import android.content.pm.ServiceInfo
import androidx.test.core.app.ApplicationProvider
import app.fascia.FasciaJournal
import app.fascia.core.NewRace
import app.fascia.core.RacePriority
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config
import org.w3c.dom.Element
import java.io.File
import java.time.Instant
import javax.xml.parsers.DocumentBuilderFactory

/**
 * The real manifest and resources a phone gets (there is no merged manifest without Gradle, so
 * the tests register components themselves; this holds them to what the manifest declares).
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class ManifestTest {
    private val clock = TestClock(Instant.parse("2026-11-23T06:00:00Z"), "Europe/Paris")
    @get:Rule val setup = AppTest.Setup(clock)
    private val app get() = ApplicationProvider.getApplicationContext<Application>()

    companion object {
        private const val ANDROID = "http://schemas.android.com/apk/res/android"
        val main = File(System.getProperty("fascia.main") ?: "android/app/src/main")

        fun xml(path: String): Element = DocumentBuilderFactory.newInstance().apply { isNamespaceAware = true }
            .newDocumentBuilder().parse(File(main, path)).documentElement

        private fun Element.all(tag: String): List<Element> =
            getElementsByTagName(tag).let { list -> (0 until list.length).map { list.item(it) as Element } }

        private fun Element.android(name: String): String? = getAttributeNS(ANDROID, name).takeIf { it.isNotEmpty() }

        val manifest by lazy { xml("AndroidManifest.xml") }

        /** The routine service's declared `foregroundServiceType`, as the platform's constant. */
        fun declaredServiceType(): Int {
            val service = manifest.all("service").single { it.android("name") == ".RoutineService" }
            return when (service.android("foregroundServiceType")) {
                "mediaPlayback" -> ServiceInfo.FOREGROUND_SERVICE_TYPE_MEDIA_PLAYBACK
                "health" -> ServiceInfo.FOREGROUND_SERVICE_TYPE_HEALTH
                "specialUse" -> ServiceInfo.FOREGROUND_SERVICE_TYPE_SPECIAL_USE
                "shortService" -> ServiceInfo.FOREGROUND_SERVICE_TYPE_SHORT_SERVICE
                else -> ServiceInfo.FOREGROUND_SERVICE_TYPE_NONE
            }
        }

        /** What a backup rule section includes and excludes: (domain, path). */
        fun rules(section: Element, kind: String): Set<Pair<String, String>> =
            section.all(kind).map { it.getAttribute("domain") to it.getAttribute("path") }.toSet()
    }

    private fun permissions(): Map<String, Element> =
        manifest.all("uses-permission").associateBy { it.android("name")!! }

    @Test fun theRoutineServiceIsDeclaredWithItsTypeAndThePermissionsThatTypeNeeds() {
        assertEquals(ServiceInfo.FOREGROUND_SERVICE_TYPE_MEDIA_PLAYBACK, declaredServiceType())
        assertEquals(RoutineService.TYPE, declaredServiceType())
        val granted = permissions()
        for (p in listOf("FOREGROUND_SERVICE", "FOREGROUND_SERVICE_MEDIA_PLAYBACK", "WAKE_LOCK", "POST_NOTIFICATIONS")) {
            assertTrue("android.permission.$p", "android.permission.$p" in granted)
        }
        val service = manifest.all("service").single()
        assertEquals("false", service.android("exported"))
    }

    @Test fun noUseExactAlarmAndScheduleExactAlarmOnEveryVersion() {
        val granted = permissions()
        assertFalse("Play keeps USE_EXACT_ALARM for alarm clocks and calendars", "android.permission.USE_EXACT_ALARM" in granted)
        val exact = granted["android.permission.SCHEDULE_EXACT_ALARM"]
        assertNotNull(exact)
        assertNull("asked for on every version, not only up to 32", exact!!.android("maxSdkVersion"))
        // The receiver hears when the runner allows or revokes exact alarms.
        val system = manifest.all("receiver").single { it.android("name") == ".SystemEventsReceiver" }
        assertTrue(system.all("action").any { it.android("name") == "android.app.action.SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED" })
    }

    @Test fun everyComponentTheManifestNamesExists() {
        for (tag in listOf("activity", "service", "receiver")) {
            for (c in manifest.all(tag)) Class.forName("app.fascia.android" + c.android("name"))
        }
        // The tests register these same receivers (Phone.kt): none is left out.
        val declared = manifest.all("receiver").map { "app.fascia.android" + it.android("name") }.toSet()
        Receivers.register(app)
        assertEquals(declared, Receivers.registered.keys.map { it.name }.toSet())
    }

    @Test fun healthConnectReadsOnlyWhatTheAppAsksForAndItsRationaleIsWhereHealthConnectLooks() {
        // The permissions the permission screen asks for are the ones declared, read only.
        val health = permissions().keys.filter { it.startsWith("android.permission.health.") }.toSet()
        assertEquals(Health.PERMISSIONS, health)
        assertTrue(health.all { it.startsWith("android.permission.health.READ_") })
        // Up to Android 13, Health Connect's permission screen opens the rationale by its action.
        val rationale = manifest.all("activity").single { it.android("name") == ".HealthRationaleActivity" }
        assertEquals("true", rationale.android("exported"))
        assertEquals(
            listOf("androidx.health.ACTION_SHOW_PERMISSIONS_RATIONALE"),
            rationale.all("action").map { it.android("name") },
        )
        // From Android 14, the system's Health Connect settings open it through an alias only they
        // may start.
        val alias = manifest.all("activity-alias").single()
        assertEquals(".HealthRationaleActivity", alias.android("targetActivity"))
        Class.forName("app.fascia.android" + alias.android("targetActivity"))
        assertEquals("true", alias.android("exported"))
        assertEquals("android.permission.START_VIEW_PERMISSION_USAGE", alias.android("permission"))
        assertEquals(listOf("android.intent.action.VIEW_PERMISSION_USAGE"), alias.all("action").map { it.android("name") })
        assertEquals(listOf("android.intent.category.HEALTH_PERMISSIONS"), alias.all("category").map { it.android("name") })
        // Health Connect's app is visible to the client (package visibility, Android 11+).
        assertEquals(
            listOf("com.google.android.apps.healthdata"),
            manifest.all("queries").single().all("package").map { it.android("name") },
        )
        // Still no network: what is read stays on the phone.
        assertFalse("android.permission.INTERNET" in permissions())
    }

    @Test fun theLauncherIconIsAnAdaptiveIcon() {
        val app = manifest.all("application").single()
        assertEquals("@mipmap/ic_launcher", app.android("icon"))
        val icon = xml("res/mipmap-anydpi-v26/ic_launcher.xml")
        assertEquals("adaptive-icon", icon.tagName)
        assertTrue(icon.getElementsByTagName("background").length == 1 && icon.getElementsByTagName("foreground").length == 1)
        assertTrue(R.mipmap.ic_launcher != 0)
    }

    // ---- 11. Android's backup -------------------------------------------------------------------

    @Test fun androidsBackupTakesTheJournalItsLogAndItsBackupsFolderNeverTheShmIndex() {
        val application = manifest.all("application").single()
        assertEquals("true", application.android("allowBackup"))
        assertEquals("@xml/backup_rules", application.android("fullBackupContent"))
        assertEquals("@xml/data_extraction_rules", application.android("dataExtractionRules"))
        // The names the app and the core really use: the journal, its write-ahead log, and the
        // folder the core keeps its backups in (read from a backup it made).
        val journal = Journals.file(app)
        val j = FasciaJournal.open(journal.path, clock.zone())
        val backupFolder = try {
            j.addRace(NewRace("City 10K", java.time.LocalDate.of(2027, 3, 7), null, RacePriority.C), clock.now())
            j.backupIfDue(clock.now().plusSeconds(2 * 86_400))
            journal.parentFile!!.listFiles()!!.single { it.isDirectory && it.name.startsWith(journal.name) }.name
        } finally {
            j.close()
        }
        val wanted = setOf(
            "file" to journal.name, "file" to "${journal.name}-wal", "file" to "$backupFolder/",
            "sharedpref" to "app.xml", "sharedpref" to "cues.xml",
        )
        val excluded = setOf("file" to "${journal.name}-shm")
        val full = xml("res/xml/backup_rules.xml")
        val extraction = xml("res/xml/data_extraction_rules.xml")
        for (section in listOf(full, extraction.all("cloud-backup").single(), extraction.all("device-transfer").single())) {
            assertEquals(section.tagName, wanted, rules(section, "include"))
            assertEquals(section.tagName, excluded, rules(section, "exclude"))
        }
    }
}
