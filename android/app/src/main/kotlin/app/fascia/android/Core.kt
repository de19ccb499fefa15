// The one door to the Rust core for the whole app: the journal (opened once per process), the
// clock and the device zone (passed in, never read by the core), and the runner-facing message
// for every error the core can return.
package app.fascia.android

import android.content.BroadcastReceiver
import android.content.Context
import app.fascia.FasciaException
import app.fascia.FasciaJournal
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch
import java.io.File
import java.time.Instant
import java.time.ZoneId

/** Time and zone as the app reads them; tests replace it. */
interface Clock {
    fun now(): Instant
    fun zone(): String
}

object SystemClock : Clock {
    override fun now(): Instant = Instant.now()
    override fun zone(): String = ZoneId.systemDefault().id
}

/** How opening the journal went. */
sealed interface Opened {
    data class Ready(val journal: FasciaJournal) : Opened
    /** The file is damaged: the restore screen offers [newestBackup], never a crash. */
    data class Damaged(val path: String, val newestBackup: String?, val message: String) : Opened
    data class Failed(val message: String) : Opened
}

/** The process's journal: opened on first use (off the main thread), shared by screens and receivers. */
object Journals {
    @Volatile var clock: Clock = SystemClock
    @Volatile private var opened: Opened? = null

    fun file(context: Context): File = File(context.applicationContext.filesDir, "fascia.db")

    @Synchronized
    fun open(context: Context): Opened {
        opened?.let { if (it is Opened.Ready) return it }
        val result = try {
            val journal = FasciaJournal.open(file(context).path, clock.zone())
            // A daily copy of the journal, kept beside it (opened off the main thread, so made
            // there too). The journal still opens without it; the runner is told why.
            try {
                journal.backupIfDue(clock.now())
            } catch (e: FasciaException) {
                Background.failed(context, context.getString(R.string.backup_failed, e.forRunner(context)))
            }
            Opened.Ready(journal)
        } catch (e: FasciaException.Damaged) {
            Opened.Damaged(e.path, e.newestBackup, e.forRunner(context))
        } catch (e: FasciaException) {
            Opened.Failed(e.forRunner(context))
        }
        opened = result
        return result
    }

    /** The journal if it opens; null when it is damaged or cannot be opened (receivers skip). */
    fun journalOrNull(context: Context): FasciaJournal? =
        (opened as? Opened.Ready)?.journal ?: (open(context) as? Opened.Ready)?.journal

    @Synchronized
    fun restore(context: Context, backupId: String): Opened {
        val result = try {
            Opened.Ready(FasciaJournal.restoreDamaged(file(context).path, backupId, clock.zone()))
        } catch (e: FasciaException) {
            Opened.Failed(e.forRunner(context))
        }
        Sessions.forget()
        opened = result
        return result
    }

    /** Forgets the open journal and the session held from it: what a process death does (tests)
     *  and what a restored file needs. Nothing else in the process outlives it. */
    @Synchronized
    fun reset() {
        Sessions.forget()
        (opened as? Opened.Ready)?.journal?.close()
        opened = null
    }
}

/** Where journal work runs, off the main thread: the view model's actions and the receivers' work. */
object Background {
    /** One task at a time, in order (an action never overtakes the one before); tests replace it. */
    @OptIn(ExperimentalCoroutinesApi::class)
    @Volatile var io: CoroutineDispatcher = Dispatchers.IO.limitedParallelism(1)

    private const val FAILURE = "background-failure"

    /** Work no screen was waiting for went wrong: kept, in words, until the app is next in front. */
    fun failed(context: Context, message: String) {
        context.getSharedPreferences("app", 0).edit().putString(FAILURE, message).apply()
    }

    /** The failure kept by [failed], once. */
    fun takeFailure(context: Context): String? {
        val prefs = context.getSharedPreferences("app", 0)
        val message = prefs.getString(FAILURE, null) ?: return null
        prefs.edit().remove(FAILURE).apply()
        return message
    }
}

/**
 * A receiver's work, off the main thread: `goAsync()` keeps the broadcast (and the process) alive
 * until [work] is done, on [Background.io]; Android allows about 10 seconds. A failure is kept for
 * the screen ([Background.failed]); the broadcast is finished either way.
 */
fun BroadcastReceiver.inBackground(context: Context, work: (Context) -> Unit) {
    val app = context.applicationContext
    val pending = goAsync()
    CoroutineScope(SupervisorJob() + Background.io).launch {
        try {
            work(app)
        } catch (e: FasciaException) {
            Background.failed(app, e.forRunner(app))
        } catch (e: CancellationException) {
            throw e
        } catch (e: RuntimeException) {
            Background.failed(app, somethingWentWrong(app, e))
        } finally {
            pending.finish()
        }
    }
}

/** An error that is not the core's (a platform call that threw), in words. */
fun somethingWentWrong(context: Context, e: Throwable): String =
    context.getString(R.string.something_went_wrong, e.message ?: e.javaClass.simpleName)

/** What went wrong, in words, and what to do about it. Nothing was changed when this is shown.
 *  The core's `reason` is already in the runner's words; what to do is the app's (strings.xml). */
fun FasciaException.forRunner(context: Context): String = when (this) {
    is FasciaException.InvalidInput -> context.getString(R.string.error_invalid_input, reason)
    is FasciaException.NotFound -> context.getString(R.string.error_not_found)
    is FasciaException.Conflict -> context.getString(R.string.error_conflict, reason)
    is FasciaException.Damaged -> context.getString(R.string.error_damaged)
    is FasciaException.IncompatibleVersion -> context.getString(R.string.error_newer_version)
    is FasciaException.Storage -> context.getString(R.string.error_storage, reason)
    is FasciaException.Internal -> context.getString(R.string.something_went_wrong, reason)
}

class RunnerMessage(message: String) : Exception(message)

/** A system service the platform always has (AlarmManager, NotificationManager…). */
inline fun <reified T : Any> Context.system(): T = checkNotNull(getSystemService(T::class.java)) {
    getString(R.string.no_system_service, T::class.java.simpleName)
}
