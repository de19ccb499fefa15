// Cold start on a 10-year journal, as the app does it on launch: the library loaded (JNA, then
// UniFFI's start-up: registering the FFI functions and its checks), the journal opened, `today`
// read; each in a fresh JVM, so nothing is warm. Against the floor in the same process: an empty
// FFI call (`noop()`) once warm. A measurement, not a test: nothing here fails on a slow machine.
//   tests/kotlin/run bench cold [PROCESSES]      (use a release library)
package app.fascia.test

import app.fascia.FasciaJournal
import app.fascia.core.Event
import app.fascia.core.NewBodywork
import app.fascia.core.NewDowntime
import app.fascia.core.NewRace
import app.fascia.core.NewRun
import app.fascia.core.NewSoreness
import app.fascia.core.RacePriority
import app.fascia.core.RunKind
import app.fascia.core.Side
import app.fascia.noop
import java.io.File
import java.time.Instant
import java.time.ZoneOffset

private const val DAY = 86_400L
private val T0: Instant = Instant.parse("2016-06-06T05:00:00Z")
private const val YEARS = 10

/**
 * Ten years of a committed runner, as core/benches/store.rs lives them: a routine six days a
 * week (paused, resumed, extended, finished), five runs a week with a Sunday long run, soreness
 * after each run (three zones after a long one), bodywork twice a month, downtime once a month,
 * a race every two months. Written through the FFI once, then kept in target/.
 */
private fun tenYears(path: File): Instant {
    val end = T0.plusSeconds(YEARS * 365 * DAY)
    if (path.exists()) return end
    path.parentFile.mkdirs()
    val t = System.nanoTime()
    val tmp = File(path.path + ".part").apply { delete() }
    FasciaJournal.open(tmp.path, "Europe/Paris").use { j ->
        val zones = listOf("calves", "plantar-fascia", "it-band", "hamstrings", "glutes")
        for (d in 0 until YEARS * 365L) {
            val morning = T0.plusSeconds(d * DAY)
            if (d % 7 != 3L) {
                // That day's routine: the core refuses one that works a zone resting that day.
                j.startSession(j.todaysRoutine(morning, null), morning).use { s ->
                    s.record(Event.PAUSE, morning.plusSeconds(100))
                    s.record(Event.RESUME, morning.plusSeconds(130))
                    // +30 s where the step allows it (the core refuses it past a zone's longest hold).
                    try { s.record(Event.EXTEND, morning.plusSeconds(200)) } catch (e: app.fascia.FasciaException.Conflict) {}
                    s.record(Event.FINISH, morning.plusSeconds(800))
                }
            }
            val weekday = d % 7
            if (weekday != 1L && weekday != 4L) {
                val long = weekday == 6L
                val start = morning.plusSeconds(10 * 3600)
                val km = if (long) 24 + (d % 9) else 8 + (d % 5)
                val run = j.addRun(NewRun(start, (km * 1000).toUInt(), (km * 330).toUInt(), if (long) RunKind.LONG else RunKind.EASY), start)
                val at = start.plusSeconds(4 * 3600)
                j.addSoreness((0 until if (long) 3 else 1).map { z ->
                    NewSoreness(zones[((d + z) % 5).toInt()], if (z % 2 == 0) Side.LEFT else Side.RIGHT, ((d * 7 + z) % 9).toInt().toUByte(), at, run.id, null)
                }, at)
            }
            if (d % 15 == 7L) {
                val at = morning.plusSeconds(9 * 3600)
                val b = j.addBodywork(NewBodywork(at, 45u), at)
                j.setBodyworkDone(b.id, true, at)
            }
            if (d % 30 == 11L) j.addDowntime(NewDowntime(morning.atOffset(ZoneOffset.UTC).toLocalDate(), 60u, "it-band"), morning)
            if (d % 61 == 20L) {
                val date = morning.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(40)
                j.addRace(NewRace("Race ${date.dayOfYear}", date, 21_097u, listOf(RacePriority.A, RacePriority.B, RacePriority.C)[(d % 3).toInt()]), morning)
            }
        }
    }
    for (suffix in listOf("-wal", "-shm")) File(tmp.path + suffix).takeIf { it.exists() }?.let { it.renameTo(File(path.path + suffix)) }
    tmp.renameTo(path)
    println("made a $YEARS-year journal in %.1f s: %s (%.1f MB)".format((System.nanoTime() - t) / 1e9, path, path.length() / 1e6))
    return end
}

private fun ms(nanos: Long) = nanos / 1e6

/** One cold start, in this fresh JVM; prints its phases in ms. */
fun coldChild(path: String, now: Instant) {
    val cpu = java.lang.management.ManagementFactory.getThreadMXBean()
    val c0 = cpu.currentThreadCpuTime
    val t0 = System.nanoTime()
    // JNA itself: its classes and its native dispatch library.
    com.sun.jna.Native.POINTER_SIZE
    val t1 = System.nanoTime()
    // JNA's library search path, built once by NativeLibrary's class initialiser. On desktop
    // Linux that runs `/sbin/ldconfig -p` in a child process; on Android (Platform.isLinux() is
    // false there) it does not: a cost of this harness, not of the app, so it is shown apart.
    Class.forName("com.sun.jna.NativeLibrary")
    val tSearch = System.nanoTime()
    // UniFFI's start-up, as the first FFI call runs it, in its steps: the generated bindings'
    // top-level class loaded, the library opened, its integrity interface registered and the
    // contract version (and, unless omitted, every function's checksum) checked; then every FFI
    // function registered with JNA.
    Class.forName("app.fascia.FasciaKt")
    val tClasses = System.nanoTime()
    com.sun.jna.NativeLibrary.getInstance("fascia_ffi")
    val tOpen = System.nanoTime()
    app.fascia.IntegrityCheckingUniffiLib.ensureInitialized()
    val t2 = System.nanoTime()
    app.fascia.UniffiLib.ensureInitialized()
    val t3 = System.nanoTime()
    noop()
    val t4 = System.nanoTime()
    val journal = FasciaJournal.open(path, "Europe/Paris")
    val t5 = System.nanoTime()
    val today = journal.today(now)
    val t6 = System.nanoTime()
    val c6 = cpu.currentThreadCpuTime
    check(today.calendar.isNotEmpty())
    // The floor, warm, in the same process.
    repeat(20_000) { noop() }
    val floor = (0 until 15).map { val s = System.nanoTime(); repeat(2_000) { noop() }; (System.nanoTime() - s) / 2_000.0 }.sorted()[7]
    repeat(20) { journal.today(now) }
    val warm = (0 until 15).map { val s = System.nanoTime(); journal.today(now); System.nanoTime() - s }.sorted()[7]
    journal.close()
    println("cold jna=%.2f ldconfig=%.2f classes=%.2f dlopen=%.2f checks=%.2f register=%.2f noop=%.2f library=%.2f open=%.2f today=%.2f total=%.2f app=%.2f cpu=%.2f noop_ns=%.0f today_warm=%.3f".format(
        ms(t1 - t0), ms(tSearch - t1), ms(tClasses - tSearch), ms(tOpen - tClasses), ms(t2 - tOpen), ms(t3 - t2), ms(t4 - t3), ms(t4 - t0), ms(t5 - t4), ms(t6 - t5), ms(t6 - t0),
        ms(t6 - t0 - (tSearch - t1)), ms(c6 - c0), floor, ms(warm),
    ))
}

/**
 * Cold starts in fresh JVMs (the same java and library path as this one), `processes` of them for
 * each variant: this build's class path, and any `name=classpath` given (bindings generated
 * differently), taken in turns so that a busy machine weighs on each alike.
 *
 * A variant with `-XX:SharedArchiveFile=FILE` runs with an AppCDS archive of the classes a cold
 * start loads, the JVM's analogue of an Android Baseline Profile (classes parsed, verified and
 * laid out ahead of time); FILE is made first by one training start of the same class path with
 * `-XX:ArchiveClassesAtExit` when it is missing or older than the class path's jars.
 */
fun coldStart(args: List<String>) {
    val processes = args.firstOrNull()?.toInt() ?: 15
    val here = System.getProperty("java.class.path")
    // A variant's class path may carry JVM options after it: `name=classpath;-Dkey=value;…`; an
    // empty class path is this build's.
    val variants = listOf("this build" to listOf(here)) + args.drop(1).map { arg ->
        val options = arg.substringAfter('=').split(';')
        arg.substringBefore('=') to listOf(options[0].ifEmpty { here }) + options.drop(1)
    }
    val journal = File("target/kotlin/bench/ten-years.db")
    val now = tenYears(journal)
    // At the current schema: a journal kept from an older build would be upgraded by every
    // child's open (a migration each launch, which a phone does once after an update).
    FasciaJournal.open(journal.path, "Europe/Paris").close()
    val java = ProcessHandle.current().info().command().get()
    val props = listOf("jna.library.path", "jna.nosys", "jna.boot.library.path").mapNotNull { k -> System.getProperty(k)?.let { "-D$k=$it" } }
    fun child(options: List<String>, path: String): String {
        val cmd = listOf(java) + props + options.drop(1) + listOf("-cp", options[0], "app.fascia.test.BenchKt", "cold-child", path, now.toString())
        val p = ProcessBuilder(cmd).redirectErrorStream(true).start()
        val out = p.inputStream.bufferedReader().readText()
        check(p.waitFor() == 0) { out }
        return out
    }
    // Each launch opens its own copy: the first open of the file, as on a phone.
    fun copy(i: Int) = File.createTempFile("fascia-cold-$i", ".db").apply { deleteOnExit(); journal.copyTo(this, overwrite = true) }
    fun delete(copy: File) = listOf("", "-wal", "-shm").forEach { File(copy.path + it).delete() }
    for ((name, options) in variants) {
        val archive = options.firstOrNull { it.startsWith("-XX:SharedArchiveFile=") }?.substringAfter('=')?.let(::File) ?: continue
        val newest = options[0].split(File.pathSeparator).map(::File).filter { it.isFile }.maxOfOrNull { it.lastModified() } ?: 0L
        if (archive.exists() && archive.lastModified() >= newest) continue
        println("training the AppCDS archive of $name: $archive")
        archive.delete()
        val training = copy(-1)
        child(options.map { if (it.startsWith("-XX:SharedArchiveFile=")) "-XX:ArchiveClassesAtExit=$archive" else it }, training.path)
        delete(training)
    }
    val rows = variants.associate { it.first to mutableListOf<Map<String, Double>>() }
    repeat(processes) { i ->
        for ((name, options) in variants) {
            val copy = copy(i)
            val out = child(options, copy.path)
            delete(copy)
            val line = out.lines().first { it.startsWith("cold ") }
            rows.getValue(name) += line.removePrefix("cold ").split(" ").associate { it.substringBefore('=') to it.substringAfter('=').toDouble() }
        }
    }
    println("cold start on a 10-year journal (%.1f MB), median (min–max) of %d fresh JVMs each, ms:".format(journal.length() / 1e6, processes))
    for ((name, runs) in rows) {
        fun median(k: String) = runs.map { it.getValue(k) }.sorted()[runs.size / 2]
        fun range(k: String) = runs.map { it.getValue(k) }.let { "%.1f–%.1f".format(it.min(), it.max()) }
        println("$name:")
        for ((k, what) in listOf(
            "jna" to "JNA (classes, native dispatch library)",
            "ldconfig" to "JNA's search path (desktop: ldconfig -p)",
            "classes" to "bindings' top-level class loaded",
            "dlopen" to "libfascia_ffi opened",
            "checks" to "UniFFI integrity: contract (+ checksums)",
            "register" to "UniFFI: FFI functions registered",
            "noop" to "first noop()",
            "library" to "library loaded (the above)",
            "open" to "open the journal",
            "today" to "first today(now)",
            "total" to "cold start",
            "app" to "cold start without ldconfig (as on Android)",
            "cpu" to "cold start, this thread's CPU time",
        )) println("  %-42s %6.1f   (%s)".format(what, median(k), range(k)))
        println("  floor, same processes: noop() %.1f µs warm; today(now) warm %.2f ms".format(median("noop_ns") / 1000, median("today_warm")))
    }
}
