package app.fascia.android

import android.app.Application
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.test.core.app.ApplicationProvider
import app.fascia.FasciaJournal
import org.junit.Rule
import org.junit.rules.RuleChain
import org.robolectric.shadows.ShadowLooper
import java.time.Instant

/**
 * The app on screen at 07:00 in Paris on a Monday in late November, as the screen tests share it:
 * a fresh install, the Activity, the journal it opens, and first run accepted as it comes.
 */
abstract class OnScreen {
    protected val clock = TestClock(Instant.parse("2026-11-23T06:00:00Z"), "Europe/Paris")
    protected val compose = createAndroidComposeRule<MainActivity>()

    @get:Rule val rules: RuleChain = RuleChain.outerRule(AppTest.Setup(clock)).around(RegisterActivity()).around(compose)

    protected val app: Application get() = ApplicationProvider.getApplicationContext()
    protected val model get() = compose.activity.model
    protected fun journal(): FasciaJournal = Journals.journalOrNull(app)!!

    protected fun settle() {
        ShadowLooper.idleMainLooper()
        compose.waitForIdle()
    }

    /** First run with what it offers. */
    protected open fun setUp() {
        settle()
        compose.onNodeWithTag("start").performScrollTo().performClick()
        settle()
    }
}
