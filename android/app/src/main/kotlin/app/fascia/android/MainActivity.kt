// The Android shell: UI only. Every number, text and rule on screen comes from the Rust core
// through the generated bindings (app.fascia); the shell reads the clock and the device zone,
// passes them in, and draws what comes back.
package app.fascia.android

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.fascia.FasciaJournal
import app.fascia.FasciaException
import app.fascia.GuidedSession
import app.fascia.core.Snapshot
import app.fascia.core.Today
import java.time.Instant
import java.time.ZoneId
import kotlinx.coroutines.delay

class MainActivity : ComponentActivity() {
    private lateinit var fascia: FasciaJournal

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // The journal lives in the app's private files: no account, no network.
        fascia = FasciaJournal.open(filesDir.resolve("fascia.db").path, ZoneId.systemDefault().id)
        fascia.backupIfDue(Instant.now())
        setContent { MaterialTheme { FasciaScreen(fascia) } }
    }

    override fun onResume() {
        super.onResume()
        fascia.setTimeZone(ZoneId.systemDefault().id) // the runner may have travelled
    }

    override fun onDestroy() {
        fascia.close()
        super.onDestroy()
    }
}

@Composable
fun FasciaScreen(fascia: FasciaJournal) {
    var today by remember { mutableStateOf<Today?>(null) }
    var session by remember { mutableStateOf(fascia.activeSession()) } // found again after a kill
    var error by remember { mutableStateOf<String?>(null) }
    LaunchedEffect(session) { today = fascia.today(Instant.now()) }

    Column(Modifier.padding(16.dp)) {
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        val current = session
        if (current != null) {
            SessionScreen(current, onEnd = { session = null }, onError = { error = it })
        } else {
            today?.let { t ->
                Text("Today · streak ${t.streak}", style = MaterialTheme.typography.titleLarge)
                LazyColumn {
                    items(t.routine.zones) { zone ->
                        Text("${zone.zone} · ${zone.holdS} s${if (zone.sided) " a side" else ""} — ${zone.reason.english}")
                    }
                }
                Button(onClick = {
                    try {
                        session = fascia.startSession(t.routine, Instant.now())
                    } catch (e: FasciaException) {
                        error = e.message
                    }
                }) { Text("Start (${t.routine.totalS / 60u} min)") }
            }
        }
    }
}

@Composable
fun SessionScreen(session: GuidedSession, onEnd: () -> Unit, onError: (String) -> Unit) {
    // The screen redraws from snapshot(now) a few times a second; the timer itself is the
    // recorded event log, so nothing drifts while the phone sleeps.
    var snapshot by remember { mutableStateOf<Snapshot>(session.snapshot(Instant.now())) }
    LaunchedEffect(session) {
        while (true) {
            snapshot = session.snapshot(Instant.now())
            delay(250)
        }
    }
    fun act(event: (Instant) -> Snapshot) {
        try {
            snapshot = event(Instant.now())
            if (snapshot.endedAt != null) onEnd()
        } catch (e: FasciaException) {
            onError(e.message ?: "")
        }
    }
    val step = session.routine().steps[snapshot.stepIndex.toInt()]
    Column {
        Text("${step.zone} · ${step.side}", style = MaterialTheme.typography.headlineMedium)
        Text("${snapshot.stepRemainingMs / 1000u} s")
        LinearProgressIndicator(progress = { snapshot.sessionProgress.toFloat() })
        Button(onClick = { act(if (snapshot.status.name == "PAUSED") session::resume else session::pause) }) {
            Text(if (snapshot.status.name == "PAUSED") "Resume" else "Pause")
        }
        Button(onClick = { act(session::skip) }) { Text("Skip") }
        Button(onClick = { act(session::painSkip) }) { Text("Sharp pain: stop this zone") }
        Button(onClick = { act(session::finish) }) { Text("Finish") }
    }
}
