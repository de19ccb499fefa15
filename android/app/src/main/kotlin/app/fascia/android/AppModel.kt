// The app's one view model: what each screen shows, and every action, done off the main thread
// on the core. It holds no rules: numbers, texts and decisions come from the journal.
package app.fascia.android

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import app.fascia.FasciaJournal
import app.fascia.GuidedSession
import app.fascia.core.Event
import app.fascia.core.NewRun
import app.fascia.core.NewSoreness
import app.fascia.core.ReminderHealth
import app.fascia.core.Report
import app.fascia.core.RunKind
import app.fascia.core.SeasonPlan
import app.fascia.core.Settings
import app.fascia.core.Side
import app.fascia.core.Snapshot
import app.fascia.core.Status
import app.fascia.core.Today
import app.fascia.core.Tool
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
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
)

class AppModel(app: Application) : AndroidViewModel(app) {
    /** Where core calls run. */
    var io: CoroutineDispatcher = defaultIo
    private val clock get() = Journals.clock
    private val _state = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = _state
    /** The process's journal (reopened after a restore); null while damaged. */
    private val journal: FasciaJournal? get() = Journals.journalOrNull(context)
    var session: GuidedSession? = null
        private set

    private val context get() = getApplication<Application>()

    /** Opens the journal and shows first run, the session in progress, or today. */
    fun load() = work {
        when (val opened = Journals.open(context)) {
            is Opened.Ready -> {
                opened.journal.setTimeZone(clock.zone())
                session = opened.journal.activeSession(clock.now())
                val firstRun = !context.getSharedPreferences("app", 0).getBoolean("set-up", false)
                refresh(if (firstRun) Screen.FIRST_RUN else if (session != null) Screen.SESSION else Screen.TODAY)
                CueScheduler(context, clock).plan(session)
                ReminderSync(context, opened.journal, clock).sync()
            }
            is Opened.Damaged -> _state.update { it.copy(screen = Screen.RESTORE, damaged = opened, message = opened.message) }
            is Opened.Failed -> _state.update { it.copy(screen = Screen.FAILED, message = opened.message) }
        }
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
            )
        }
    }

    fun show(screen: Screen) = work {
        val j = journal ?: return@work
        val now = clock.now()
        when (screen) {
            Screen.REPORT -> _state.update { it.copy(report = j.report(now)) }
            Screen.PLAN -> _state.update { it.copy(plan = j.seasonPlan(now)) }
            Screen.LOGS, Screen.DATA -> _state.update { it.copy(logs = logs(j)) }
            else -> {}
        }
        refresh(screen)
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
     *  paused, or a new one of today's (or the bodywork) routine. */
    fun startRoutine(bodywork: Boolean = false) = work {
        val j = journal ?: return@work
        val now = clock.now()
        val s = j.resumeOrStart(if (bodywork) j.bodyworkRoutine(now, null) else j.todaysRoutine(now, null), now)
        session = s
        CueScheduler(context, clock).plan(s)
        refresh(Screen.SESSION)
    }

    /** Pause/resume, back, skip, +30 s, sharp pain, stop: recorded first, then cues re-planned. */
    fun event(e: Event) = work {
        val s = session ?: return@work
        recorded(s.record(e, clock.now()))
    }

    /** The timer's state now; the core records the finish itself once the timer has run out
     *  (the screen ticks; nothing here counts time). */
    fun tick() = work {
        val s = session ?: return@work
        val snap = s.tick(clock.now())
        if (snap.over()) recorded(snap) else _state.update { it.copy(snapshot = snap) }
    }

    /** After an event: cues re-planned; an ended session leads back to today. */
    private fun recorded(snap: Snapshot) {
        if (snap.over()) session = null
        CueScheduler(context, clock).plan(session)
        if (session == null) {
            journal?.let { ReminderSync(context, it, clock).sync() }
            refresh(Screen.TODAY)
        } else {
            _state.update { it.copy(snapshot = snap) }
        }
    }

    private fun Snapshot.over() = status == Status.FINISHED || status == Status.ABORTED

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
            _state.update { it.copy(message = "Tap a zone on the map and choose 0 to 10 first.") }
            return@work
        }
        j.addSoreness(entries, now)
        _state.update { it.copy(checkIn = emptyMap(), message = "Saved: tomorrow's routine adapts to it.") }
        ReminderSync(context, j, clock).sync()
        refresh(Screen.TODAY)
    }

    /** A run just done. `long` is the runner's say-so; a longer run counts as long by the core's rule anyway. */
    fun logRun(km: Double, minutes: Double, long: Boolean = false) = work {
        val j = journal ?: return@work
        val now = clock.now()
        j.addRun(
            NewRun(
                startedAt = now.minusSeconds((minutes * 60).toLong()),
                distanceM = (km * 1000).toUInt(),
                durationS = (minutes * 60).toUInt(),
                kind = if (long) RunKind.LONG else RunKind.EASY,
            ),
            now,
        )
        ReminderSync(context, j, clock).sync()
        refresh(Screen.CHECK_IN)
    }

    /** Deletes one logged entry (the core keeps a tombstone for export and import). */
    fun delete(kind: String, id: String) = change {
        val now = clock.now()
        when (kind) {
            "run" -> it.deleteRun(id, now)
            "soreness" -> it.deleteSoreness(id, now)
            "downtime" -> it.deleteDowntime(id, now)
            "race" -> it.deleteRace(id, now)
            "bodywork" -> it.deleteBodywork(id, now)
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

    /** Corrects a run's distance and time (its start and kind are kept). */
    fun editRun(run: app.fascia.core.Run, km: Double, minutes: Double) = change {
        it.updateRun(
            run.id,
            NewRun(run.startedAt, (km * 1000).toUInt(), (minutes * 60).toUInt(), run.kind),
            clock.now(),
        )
    }

    fun restoreBackup(id: String) = change {
        it.restoreBackup(id, clock.now())
        _state.update { s -> s.copy(message = "Restored the backup: your journal is as it was then, and the one before is kept as a backup.") }
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

    fun exportJson(): String? = journal?.let { j -> attempt { j.exportJson(clock.now()) }.getOrNull() }

    fun importJson(text: String) = work {
        val j = journal ?: return@work
        val summary = j.importJson(text, clock.now())
        _state.update { it.copy(message = "Imported: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} already there.") }
        ReminderSync(context, j, clock).sync()
        refresh()
    }

    fun restore(backupId: String) = work {
        when (val opened = Journals.restore(context, backupId)) {
            is Opened.Ready -> {
                _state.update { it.copy(damaged = null, message = "Restored: your journal is back as it was at that backup.") }
                refresh(Screen.TODAY)
            }
            is Opened.Damaged -> _state.update { it.copy(message = opened.message) }
            is Opened.Failed -> _state.update { it.copy(message = opened.message) }
        }
    }

    fun dismissMessage() = _state.update { it.copy(message = null) }

    companion object {
        /** Tests run the core on the main thread, so every action is done when the looper idles. */
        @Volatile var defaultIo: CoroutineDispatcher = Dispatchers.IO
    }

    /** Runs [block] off the main thread; a refusal becomes the runner's message, nothing changes. */
    private fun work(block: suspend () -> Unit) {
        viewModelScope.launch {
            val failure = withContext(io) {
                try {
                    block()
                    null
                } catch (e: app.fascia.FasciaException) {
                    e.forRunner()
                } catch (e: RuntimeException) {
                    "Something went wrong inside Fascia (${e.message}). Nothing was changed; please try again."
                }
            }
            if (failure != null) _state.update { it.copy(message = failure) }
        }
    }
}
