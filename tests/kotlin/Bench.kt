// FFI cost from Kotlin: `GuidedSession.snapshot(now)` against `noop()`, an empty exported call measured
// in the same run (the floor). Prints the median of 15 rounds per call and the ratio; a
// measurement, not a test: nothing here can fail on a slow machine.
//   `bench cold`: cold start on a 10-year journal (ColdStart.kt).
package app.fascia.test

import app.fascia.noop
import java.time.Instant

private fun medianNanos(rounds: Int, calls: Int, body: () -> Unit): Double {
    repeat(calls) { body() } // warm-up: JIT and JNA's first binding
    val samples = (0 until rounds).map {
        val t0 = System.nanoTime()
        repeat(calls) { body() }
        (System.nanoTime() - t0).toDouble() / calls
    }.sorted()
    return samples[rounds / 2]
}

fun main(args: Array<String>) {
    when (args.firstOrNull()) {
        "cold" -> return coldStart(args.drop(1))
        "cold-child" -> return coldChild(args[1], Instant.parse(args[2]))
    }
    openJournal("Europe/Paris").use { app ->
        val start = at("2026-04-10T05:30:00Z")
        val session = app.startSession(app.todaysRoutine(start, null), start)
        val now: Instant = start.plusSeconds(200)
        val floor = medianNanos(15, 20_000) { noop() }
        val snapshot = medianNanos(15, 20_000) { session.snapshot(now) }
        println("kotlin ffi: noop() %.0f ns/call, snapshot(now) %.0f ns/call, ratio %.1fx".format(floor, snapshot, snapshot / floor))
        session.close()
    }
}
