package app.fascia.android

import org.junit.runner.JUnitCore
import org.junit.runner.notification.Failure
import org.junit.runner.notification.RunListener
import kotlin.system.exitProcess

/** Runs the given test classes and prints `android: N passed, M failed` for tests/run's total. */
fun main(args: Array<String>) {
    val core = JUnitCore()
    core.addListener(object : RunListener() {
        override fun testFailure(failure: Failure) {
            System.err.println("FAILED ${failure.testHeader}: ${failure.message}")
            System.err.println(failure.trace.lineSequence().take(25).joinToString("\n"))
        }
        override fun testFinished(description: org.junit.runner.Description) {
            println("ran ${description.displayName}")
        }
    })
    val result = core.run(*args.map { Class.forName("app.fascia.android.${it.substringAfterLast('.')}") }.toTypedArray())
    val failed = result.failureCount
    println("android: ${result.runCount - failed} passed, $failed failed")
    exitProcess(if (failed == 0) 0 else 1)
}
