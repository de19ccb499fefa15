// The app's one view model: what each screen shows, and every action, done off the main thread
// on the core. It holds no rules: numbers, texts and decisions come from the journal.
package app.fascia.android

import android.app.Application
import android.net.Uri
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import app.fascia.FasciaJournal
import app.fascia.GuidedSession
import app.fascia.distanceMetres
import app.fascia.maxRunFileBytes
import app.fascia.runImportText
import app.fascia.core.Event
import app.fascia.core.NewRun
import app.fascia.core.NewSoreness
import app.fascia.core.ReminderHealth
import app.fascia.core.RefusedFile
import app.fascia.core.Report
import app.fascia.core.RunFile
import app.fascia.core.RunImportSummary
import app.fascia.core.RunKind
import app.fascia.core.SeasonPlan
import app.fascia.core.Settings
import app.fascia.core.Side
import app.fascia.core.Snapshot
import app.fascia.core.Today
import app.fascia.core.Tool
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.drop
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.time.LocalTime

enum class Screen { LOADING, FIRST_RUN, TODAY, SESSION, CHECK_IN, PLAN, REPORT, ZONES, SETTINGS, DATA, LOGS, RESTORE, FAILED }

/** Everything the runner logged, to read, correct and delete; and the journal's backups. */
data class Logs(
    val runs: List<app.fascia.core.Run> = emptyList(),
    val soreness: List<app.fascia.core.Soreness> = emptyList(),
    val downtime: List<app.fascia.core.Downtime> = emptyList(),
    val races: List<app.fascia.core.Race> = emptyList(),
    val bodywork: List<app.fascia.core.Bodywork> = emptyList(),
    val backups: List<app.fascia.core.BackupInfo> = emptyList(),
)

data class UiState(
    val screen: Screen = Screen.LOADING,
    val today: Today? = null,
    val snapshot: Snapshot? = null,
    val report: Report? = null,
    val plan: SeasonPlan? = null,
    val settings: Settings? = null,
    val health: ReminderHealth? = null,
    val cues: CuePrefs = CuePrefs(),
    /** The last refusal or failure, in words, with what to do. */
    val message: String? = null,
    /** A damaged journal: its newest good backup, if any. */
    val damaged: Opened.Damaged? = null,
    /** Soreness being entered on the check-in body map: zone+side → level. */
    val checkIn: Map<Pair<String, Side>, Int> = emptyMap(),
    val logs: Logs = Logs(),
    /** Health Connect's permissions, while its permission screen is to be shown (the screen
     *  launches it once and clears this). */
    val askHealth: Set<String>? = null,
)

class AppModel(app: Application) : AndroidViewModel(app) {
    private val clock get() = Journals.clock
    private val _state = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = _state
    /** The process's journal (reopened after a restore); null while damaged. */
    private val journal: FasciaJournal? get() = Journals.journalOrNull(context)
    /** The session in progress: the process's one ([Sessions]), shared with the notification and alarms. */
    val session: GuidedSession? get() = Sessions.held
    private var loading: Job? = null

    private val context get() = getApplication<Application>()

    init {
        // A new view model is a new screen: at first launch, and after Android killed the
        // process and brings the runner back (the Activity then has saved state, the process
        // nothing). Either way the journal is read here, never only when nothing was saved.
        loading = load()
        // An event from the notification, an alarm or boot: the screen shows what the log says.
        viewModelScope.launch { Sessions.changes.drop(1).collect { sessionChanged() } }
    }

    /** Opens the journal (unless this process has it open) and shows first run, the session in
     *  progress, or today. */
    fun load() = work {
        val opened = try {
            Journals.open(context)
        } catch (e: CancellationException) {
            throw e
        } catch (e: RuntimeException) {
            Opened.Failed(somethingWentWrong(context, e))
        }
        when (opened) {
            is Opened.Ready -> {
                opened.journal.setTimeZone(clock.zone())
                val session = Sessions.reload(opened.journal, clock.now())
                val firstRun = !context.getSharedPreferences("app", 0).getBoolean("set-up", false)
                refresh(if (firstRun) Screen.FIRST_RUN else if (session != null) Screen.SESSION else Screen.TODAY)
                RoutineService.follow(context, session, clock.now())
                ReminderSync(context, opened.journal, clock).sync()
            }
            is Opened.Damaged -> _state.update { it.copy(screen = Screen.RESTORE, damaged = opened, message = opened.message) }
            is Opened.Failed -> _state.update { it.copy(screen = Screen.FAILED, message = opened.message) }
        }
    }

    /** Loads when nothing is shown yet (or opening failed) and no load is under way: the Activity
     *  calls it as it comes to the front. */
    fun ensureLoaded() {
        val screen = _state.value.screen
        if ((screen == Screen.LOADING || screen == Screen.FAILED) && loading?.isActive != true) loading = load()
    }

    /** The session changed elsewhere (or here): the screen shows it, or today once it has ended. */
    private fun sessionChanged() = work {
        val screen = _state.value.screen
        if (screen in setOf(Screen.LOADING, Screen.FIRST_RUN, Screen.RESTORE, Screen.FAILED)) return@work
        refresh(if (screen == Screen.SESSION && Sessions.held == null) Screen.TODAY else null)
    }

    private fun refresh(screen: Screen? = null) {
        val j = journal ?: return
        val now = clock.now()
        // Today carries the check-in still open after a long run or a race (`today.checkIn`): the
        // core decides which run, for how long, and what to ask.
        val today = j.today(now)
        val settings = j.settings()
        _state.update {
            it.copy(
                screen = screen ?: it.screen,
                today = today,
                snapshot = session?.snapshot(now),
                settings = settings,
                health = ReminderSync(context, j, clock).health(),
                cues = CuePrefs.load(context),
                // What went wrong in a receiver while no screen was there, said now.
                message = it.message ?: Background.takeFailure(context),
            )
        }
    }

    fun show(screen: Screen) = work {
        val j = journal ?: return@work
        val now = clock.now()
        // The notification's tap opens the session; once it has ended, today.
        if (screen == Screen.SESSION && Sessions.active(j, now) == null) return@work refresh(Screen.TODAY)
        when (screen) {
            Screen.REPORT -> _state.update { it.copy(report = j.report(now)) }
            Screen.PLAN -> _state.update { it.copy(plan = j.seasonPlan(now)) }
            Screen.LOGS, Screen.DATA -> _state.update { it.copy(logs = logs(j)) }
            else -> {}
        }
        refresh(screen)
    }

    /** Where Back leads from `screen`; null where it leaves the app (Today) or may not (first run,
     *  a damaged journal, while loading). */
    fun backTo(screen: Screen): Screen? = when (screen) {
        Screen.ZONES, Screen.DATA, Screen.LOGS -> Screen.SETTINGS
        Screen.CHECK_IN, Screen.PLAN, Screen.REPORT, Screen.SETTINGS, Screen.SESSION -> Screen.TODAY
        else -> null
    }

    fun back() {
        backTo(_state.value.screen)?.let { show(it) }
    }

    private fun logs(j: FasciaJournal): Logs {
        val now = clock.now()
        return Logs(
            runs = j.recentRuns(50u),
            soreness = j.recentSoreness(now, 60u).reversed(),
            downtime = j.recentDowntime(now, 120u).reversed(),
            races = j.races(),
            bodywork = j.bodywork(now, 120u, 400u),
            backups = j.backups(),
        )
    }

    /** First run: tools, reminder time, quiet hours and (optionally) the goal race. */
    fun finishSetUp(
        reminderTime: LocalTime,
        tools: List<Tool>,
        quietHours: app.fascia.core.QuietHours? = null,
        race: app.fascia.core.NewRace? = null,
    ) = work {
        val j = journal ?: return@work
        val current = j.settings()
        j.setSettings(
            current.copy(reminderTime = reminderTime, tools = tools, quietHours = quietHours ?: current.quietHours),
            clock.now(),
        )
        race?.let { j.addRace(it, clock.now()) }
        context.getSharedPreferences("app", 0).edit().putBoolean("set-up", true).apply()
        ReminderSync(context, j, clock).sync()
        refresh(Screen.TODAY)
    }

    /** The one way into a routine (`resumeOrStart`): the session in progress, resumed if it was
     *  paused, or a new one of today's (or the bodywork, or the warm-up) routine. On race
     *  morning the core refuses bodywork and says why: that is the message. */
    fun startRoutine(bodywork: Boolean = false, warmUp: Boolean = false) = work {
        val j = journal ?: return@work
        val now = clock.now()
        val routine = when {
            warmUp -> j.warmUpRoutine(now)
            bodywork -> j.bodyworkRoutine(now, null)
            else -> j.todaysRoutine(now, null)
        }
        Sessions.start(context, j, routine, now)
        refresh(Screen.SESSION)
    }

    /** Pause/resume, back, skip, +30 s, sharp pain, stop: recorded on the process's one session
     *  (cues and notification re-planned there); an ended session leads back to today. */
    fun event(e: Event) = work {
        val j = journal ?: return@work
        val snap = Sessions.record(context, j, e, clock.now())
        shown(snap)
    }

    /** The timer's state now; the core records the finish itself once the timer has run out
     *  (the screen ticks; nothing here counts time). */
    fun tick() = work {
        val j = journal ?: return@work
        shown(Sessions.tick(context, j, clock.now()))
    }

    private fun shown(snap: Snapshot?) {
        if (snap == null || snap.over()) refresh(Screen.TODAY) else _state.update { it.copy(snapshot = snap) }
    }

    fun rate(zone: String, side: Side, level: Int) =
        _state.update { it.copy(checkIn = it.checkIn + ((zone to side) to level)) }

    /** Saves the rated zones; while a check-in is open after a long run or race, they follow that run. */
    fun saveCheckIn() = work {
        val j = journal ?: return@work
        val now = clock.now()
        val runId = j.today(now).checkIn?.run?.id
        val entries = _state.value.checkIn.map { (key, level) ->
            NewSoreness(zone = key.first, side = key.second, level = level.toUByte(), at = now, runId = runId, note = null)
        }
        if (entries.isEmpty()) {
            _state.update { it.copy(message = Catalog.soreness.nothingRated) }
            return@work
        }
        j.addSoreness(entries, now)
        _state.update { it.copy(checkIn = emptyMap(), message = context.getString(R.string.check_in_saved)) }
        ReminderSync(context, j, clock).sync()
        refresh(Screen.TODAY)
    }

    /** A run just done, its `distance` typed in the runner's units (the core makes it metres).
     *  `long` is the runner's say-so; a longer run counts as long by the core's rule anyway. */
    fun logRun(distance: Double, minutes: Double, long: Boolean = false) = work {
        val j = journal ?: return@work
        val now = clock.now()
        j.addRun(
            NewRun(
                startedAt = now.minusSeconds((minutes * 60).toLong()),
                distanceM = distanceMetres(j.settings().units, distance),
                durationS = (minutes * 60).toUInt(),
                kind = if (long) RunKind.LONG else RunKind.EASY,
            ),
            now,
        )
        ReminderSync(context, j, clock).sync()
        refresh(Screen.CHECK_IN)
    }

    /** Deletes one logged entry (the core keeps a tombstone for export and import). */
    fun delete(kind: app.fascia.core.RecordKind, id: String) = change {
        val now = clock.now()
        when (kind) {
            app.fascia.core.RecordKind.RUN -> it.deleteRun(id, now)
            app.fascia.core.RecordKind.SORENESS -> it.deleteSoreness(id, now)
            app.fascia.core.RecordKind.DOWNTIME -> it.deleteDowntime(id, now)
            app.fascia.core.RecordKind.RACE -> it.deleteRace(id, now)
            app.fascia.core.RecordKind.BODYWORK -> it.deleteBodywork(id, now)
        }
    }

    fun addRace(race: app.fascia.core.NewRace) = change { it.addRace(race, clock.now()) }
    fun editRace(id: String, race: app.fascia.core.NewRace) = change { it.updateRace(id, race, clock.now()) }
    fun editDowntime(id: String, entry: app.fascia.core.NewDowntime) = change { it.updateDowntime(id, entry, clock.now()) }
    fun editBodywork(id: String, entry: app.fascia.core.NewBodywork) = change { it.updateBodywork(id, entry, clock.now()) }
    fun editSoreness(s: app.fascia.core.Soreness, level: Int) = change {
        it.updateSoreness(s.id, NewSoreness(s.zone, s.side, level.toUByte(), s.at, s.runId, s.note), clock.now())
    }
    fun addDowntime(entry: app.fascia.core.NewDowntime) = change { it.addDowntime(entry, clock.now()) }
    fun addBodywork(entry: app.fascia.core.NewBodywork) = change { it.addBodywork(entry, clock.now()) }
    fun setBodyworkDone(id: String, done: Boolean) = change { it.setBodyworkDone(id, done, clock.now()) }

    /** Corrects a run's distance (in the runner's units) and time; its start and kind are kept. */
    fun editRun(run: app.fascia.core.Run, distance: Double, minutes: Double) = change {
        it.updateRun(
            run.id,
            NewRun(run.startedAt, distanceMetres(it.settings().units, distance), (minutes * 60).toUInt(), run.kind),
            clock.now(),
        )
    }

    fun restoreBackup(id: String) = change {
        it.restoreBackup(id, clock.now())
        Sessions.reload(it, clock.now())
        _state.update { s -> s.copy(message = context.getString(R.string.restored_backup)) }
    }

    /** A journal change: done, then reminders re-planned and the lists read again. */
    private fun change(block: (FasciaJournal) -> Unit) = work {
        val j = journal ?: return@work
        block(j)
        ReminderSync(context, j, clock).sync()
        _state.update { it.copy(logs = logs(j)) }
        refresh()
    }

    fun saveSettings(settings: Settings) = work {
        val j = journal ?: return@work
        j.setSettings(settings, clock.now())
        ReminderSync(context, j, clock).sync()
        refresh()
    }

    fun saveCues(prefs: CuePrefs) {
        prefs.save(context)
        _state.update { it.copy(cues = prefs) }
    }

    /** Writes the export to the file the runner picked (the Storage Access Framework's `uri`). */
    fun exportTo(uri: Uri) = work {
        val j = journal ?: return@work
        val text = j.exportJson(clock.now())
        try {
            val out = context.contentResolver.openOutputStream(uri, "wt")
                ?: throw IOException(context.getString(R.string.no_file_to_write))
            out.use { it.write(text.toByteArray()) }
        } catch (e: IOException) {
            throw RunnerMessage(context.getString(R.string.export_failed, e.message))
        } catch (e: SecurityException) {
            throw RunnerMessage(context.getString(R.string.export_refused, e.message))
        }
        _state.update { it.copy(message = context.getString(R.string.exported)) }
    }

    /** Reads the file the runner picked and merges it into the journal. */
    fun importFrom(uri: Uri) = work {
        val text = try {
            context.contentResolver.openInputStream(uri)?.use { it.readBytes().decodeToString() }
                ?: throw IOException(context.getString(R.string.no_file_to_read))
        } catch (e: IOException) {
            throw RunnerMessage(context.getString(R.string.import_unreadable, e.message))
        } catch (e: SecurityException) {
            throw RunnerMessage(context.getString(R.string.import_refused, e.message))
        }
        importJson(text)
    }

    private fun importJson(text: String) {
        val j = journal ?: return
        val summary = j.importJson(text, clock.now())
        _state.update { it.copy(message = context.getString(R.string.imported, summary.added.toInt(), summary.updated.toInt(), summary.unchanged.toInt())) }
        Sessions.reload(j, clock.now())
        ReminderSync(context, j, clock).sync()
        refresh()
    }

    /** Reads the runs Health Connect holds since the last read and imports them: when Health
     *  Connect is there and the runner has allowed it; otherwise its permission screen is asked for
     *  ([UiState.askHealth]), or the message says why nothing was read. */
    fun readHealthRuns() = work { readHealth(asked = false) }

    /** The screen launched Health Connect's permission screen: it is not asked for again. */
    fun healthAsked() = _state.update { it.copy(askHealth = null) }

    /** Health Connect's permission screen closed: the permissions are read again (whatever it
     *  answered), and the runs read if they are granted now; if not, the message says so. */
    fun healthAnswered() = work { readHealth(asked = true) }

    private suspend fun readHealth(asked: Boolean) {
        val j = journal ?: return
        val source = Health.source(context)
        val now = clock.now()
        val runs = healthCall {
            when (source.status()) {
                HealthStatus.UNAVAILABLE -> throw RunnerMessage(context.getString(R.string.health_unavailable))
                HealthStatus.UPDATE_REQUIRED -> throw RunnerMessage(context.getString(R.string.health_update_required))
                HealthStatus.AVAILABLE -> {}
            }
            val granted = source.granted()
            if (!granted.containsAll(Health.REQUIRED)) {
                if (asked) throw RunnerMessage(context.getString(R.string.health_denied))
                _state.update { it.copy(askHealth = Health.PERMISSIONS) }
                return
            }
            source.runsSince(Health.lastRead(context), granted)
        }
        val summary = j.importHealthRuns(runs, now)
        Health.read(context, now)
        imported(j, summary)
    }

    /** A call into Health Connect: what it throws (a remote or I/O failure, a permission taken
     *  back meanwhile) becomes the message, and nothing is imported. */
    private inline fun <T> healthCall(block: () -> T): T = try {
        block()
    } catch (e: RunnerMessage) {
        throw e
    } catch (e: CancellationException) {
        throw e
    } catch (e: Exception) {
        throw RunnerMessage(context.getString(R.string.health_failed, e.message ?: e.javaClass.simpleName))
    }

    /** Reads the run files the runner picked (FIT, GPX, TCX; the format by each name) off the main
     *  thread and imports them in one go: a file that cannot be read, or that the core refuses, is
     *  named in the summary with its reason, and the others are imported. */
    fun importRunFiles(uris: List<Uri>) = work {
        if (uris.isEmpty()) return@work
        val j = journal ?: return@work
        val files = mutableListOf<RunFile>()
        val unreadable = mutableListOf<RefusedFile>()
        for (uri in uris) {
            val name = displayName(uri)
            try {
                // Up to one byte more than the core reads: a larger file is refused by the core.
                files += RunFile(name, readUpTo(uri, maxRunFileBytes().toLong() + 1))
            } catch (e: IOException) {
                unreadable += RefusedFile(name, context.getString(R.string.run_file_unreadable, e.message ?: e.javaClass.simpleName))
            } catch (e: SecurityException) {
                unreadable += RefusedFile(name, context.getString(R.string.run_file_unreadable, e.message ?: e.javaClass.simpleName))
            }
        }
        val summary = j.importRunFiles(files, clock.now())
        imported(j, summary.copy(refused = unreadable + summary.refused))
    }

    /** The name the runner knows a picked file by (its extension tells the core the format). */
    private fun displayName(uri: Uri): String {
        val shown = try {
            context.contentResolver.query(uri, arrayOf(android.provider.OpenableColumns.DISPLAY_NAME), null, null, null)
                ?.use { c -> if (c.moveToFirst() && !c.isNull(0)) c.getString(0) else null }
        } catch (e: RuntimeException) {
            null
        }
        return shown ?: uri.lastPathSegment ?: uri.toString()
    }

    private fun readUpTo(uri: Uri, limit: Long): ByteArray {
        val input = context.contentResolver.openInputStream(uri) ?: throw IOException(context.getString(R.string.no_file_to_read))
        return input.use { stream ->
            val out = ByteArrayOutputStream()
            val buffer = ByteArray(64 * 1024)
            var total = 0L
            while (total < limit) {
                val n = stream.read(buffer, 0, minOf(buffer.size.toLong(), limit - total).toInt())
                if (n < 0) break
                out.write(buffer, 0, n)
                total += n
            }
            out.toByteArray()
        }
    }

    /** An import of runs is done: what it did in the core's words, the lists and today read again
     *  (an imported long run or race opens the check-in), reminders planned again. */
    private fun imported(j: FasciaJournal, summary: RunImportSummary) {
        _state.update { it.copy(message = runImportText(summary), logs = logs(j)) }
        ReminderSync(context, j, clock).sync()
        refresh()
    }

    fun restore(backupId: String) = work {
        when (val opened = Journals.restore(context, backupId)) {
            is Opened.Ready -> {
                _state.update { it.copy(damaged = null, message = context.getString(R.string.restored)) }
                refresh(Screen.TODAY)
            }
            is Opened.Damaged -> _state.update { it.copy(message = opened.message) }
            is Opened.Failed -> _state.update { it.copy(message = opened.message) }
        }
    }

    fun dismissMessage() = _state.update { it.copy(message = null) }

    /** Runs [block] off the main thread ([Background.io], one action at a time, in order); a
     *  refusal or a failure becomes the runner's message, nothing changes. */
    private fun work(block: suspend () -> Unit): Job = viewModelScope.launch {
        val failure = withContext(Background.io) {
            try {
                block()
                null
            } catch (e: app.fascia.FasciaException) {
                e.forRunner(context)
            } catch (e: RunnerMessage) {
                e.message
            } catch (e: CancellationException) {
                throw e
            } catch (e: RuntimeException) {
                somethingWentWrong(context, e)
            }
        }
        if (failure != null) _state.update { it.copy(message = failure) }
    }
}
