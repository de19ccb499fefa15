// Runs the Kotlin suite's JUnit classes named on the command line and ends with one line
// `kotlin: N passed, N failed`; the exit code is non-zero when any test failed.
package app.fascia.test

import kotlin.system.exitProcess
import org.junit.runner.Description
import org.junit.runner.JUnitCore
import org.junit.runner.notification.Failure
import org.junit.runner.notification.RunListener

fun main(args: Array<String>) {
    val core = JUnitCore()
    core.addListener(object : RunListener() {
        private val failed = mutableSetOf<Description>()
        override fun testFailure(failure: Failure) {
            failed += failure.description
            println("FAILED ${failure.description.displayName}\n${failure.trace}")
        }
        override fun testFinished(description: Description) {
            if (description !in failed) println("ok     ${description.displayName}")
        }
    })
    val classes = args.map { Class.forName("app.fascia.test.$it") }.toTypedArray()
    val result = core.run(*classes)
    println("kotlin: ${result.runCount - result.failureCount} passed, ${result.failureCount} failed")
    exitProcess(if (result.wasSuccessful() && result.runCount > 0) 0 else 1)
}
