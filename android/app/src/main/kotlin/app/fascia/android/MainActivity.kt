// The Android shell: one Activity, Compose screens drawn from the view model's state. Every
// number, text and rule on screen comes from the Rust core through the generated bindings.
package app.fascia.android

import android.Manifest
import android.content.Intent
import android.os.Build
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.result.contract.ActivityResultContracts
import androidx.activity.viewModels
import androidx.health.connect.client.PermissionController
import androidx.lifecycle.ViewModel
import androidx.lifecycle.ViewModelProvider

class MainActivity : ComponentActivity() {
    /** Made for this Activity's Application (the platform's default factory is a process-wide singleton). */
    val model: AppModel by viewModels {
        object : ViewModelProvider.Factory {
            @Suppress("UNCHECKED_CAST")
            override fun <T : ViewModel> create(modelClass: Class<T>): T = AppModel(application) as T
        }
    }

    /** The Storage Access Framework: the runner picks where an export goes, and what to import.
     *  The file is written or read by the view model off the main thread; how it went is its message. */
    private val exportTo = registerForActivityResult(ActivityResultContracts.CreateDocument("application/json")) { uri ->
        uri?.let { model.exportTo(it) }
    }
    private val importFrom = registerForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        uri?.let { model.importFrom(it) }
    }
    /** Run files from the runner's watch or its app, as many as they pick; read and imported by
     *  the view model off the main thread. */
    private val importRuns = registerForActivityResult(ActivityResultContracts.OpenMultipleDocuments()) { uris ->
        model.importRunFiles(uris)
    }
    /** Health Connect's own permission screen (read only: [Health.PERMISSIONS]); whatever it
     *  answers, the view model reads the permissions again. */
    private val askHealth = registerForActivityResult(PermissionController.createRequestPermissionResultContract()) {
        model.healthAnswered()
    }
    private val askNotifications = registerForActivityResult(ActivityResultContracts.RequestPermission()) {
        model.show(model.state.value.screen)
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        setTheme(R.style.Theme_Fascia)
        super.onCreate(savedInstanceState)
        Channels.create(this)
        // The view model reads the journal as it is made, also when Android recreates this
        // Activity from saved state in a new process; here it only makes sure.
        model.ensureLoaded()
        // With saved state this intent was handled already (before a rotation or a process death).
        if (savedInstanceState == null) opened(intent)
        setContent {
            FasciaApp(
                model = model,
                actions = Actions(
                    export = { exportTo.launch("fascia-export.json") },
                    import = { importFrom.launch(arrayOf("application/json")) },
                    importRuns = { importRuns.launch(RUN_FILE_TYPES) },
                    askHealth = { permissions -> askHealth.launch(permissions) },
                    askNotifications = {
                        if (Build.VERSION.SDK_INT >= 33) askNotifications.launch(Manifest.permission.POST_NOTIFICATIONS)
                    },
                    keepScreenOn = { on ->
                        if (on) window.addFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
                        else window.clearFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
                    },
                    // The system's page for this app (exact alarms), or its list (battery).
                    openSettings = { action ->
                        val intent = Intent(action)
                        if (action == android.provider.Settings.ACTION_REQUEST_SCHEDULE_EXACT_ALARM) {
                            intent.data = android.net.Uri.fromParts("package", packageName, null)
                        }
                        runCatching { startActivity(intent) }
                    },
                ),
            )
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        opened(intent)
    }

    /** A notification's tap: the check-in it asks for, or the session in progress. */
    private fun opened(intent: Intent?) {
        when {
            intent?.getBooleanExtra(EXTRA_CHECK_IN, false) == true -> model.show(Screen.CHECK_IN)
            intent?.getBooleanExtra(EXTRA_SESSION, false) == true -> model.show(Screen.SESSION)
        }
    }

    override fun onResume() {
        super.onResume()
        // Not loaded yet (or opening failed): load. Otherwise the runner may have travelled or
        // changed permissions while away: read the screen again.
        val screen = model.state.value.screen
        if (screen == Screen.LOADING || screen == Screen.FAILED) model.ensureLoaded() else model.show(screen)
    }

    companion object {
        const val EXTRA_CHECK_IN = "check-in"
        const val EXTRA_SESSION = "session"

        /** What the picker offers for runs: FIT, GPX and TCX by their types, and any file, since
         *  many apps and file managers give FIT and TCX files no type of their own. */
        val RUN_FILE_TYPES = arrayOf(
            "application/vnd.ant.fit", "application/fit", "application/gpx+xml", "application/vnd.garmin.tcx+xml",
            "application/octet-stream", "application/xml", "text/xml", "*/*",
        )
    }
}

/** What only the Activity can do, handed to the screens. */
data class Actions(
    val export: () -> Unit = {},
    val import: () -> Unit = {},
    val importRuns: () -> Unit = {},
    val askHealth: (Set<String>) -> Unit = {},
    val askNotifications: () -> Unit = {},
    val keepScreenOn: (Boolean) -> Unit = {},
    val openSettings: (String) -> Unit = {},
)
