package app.fascia.android

import android.app.Application
import android.content.res.Configuration
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.luminance
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.assertHeightIsAtLeast
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.assertWidthIsAtLeast
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performSemanticsAction
import androidx.compose.ui.text.TextLayoutResult
import androidx.compose.ui.unit.dp
import androidx.test.core.app.ApplicationProvider
import app.fascia.core.Side
import app.fascia.sorenessLevelText
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadows.ShadowLooper
import java.time.Instant

/** TalkBack, large fonts, dark rooms and bright sun: every runner can use every screen. */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35], qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class AccessibilityTest : OnScreen() {
    /** WCAG 2's contrast ratio of two opaque colours. */
    private fun contrast(a: Color, b: Color): Double {
        val (hi, lo) = listOf(a.luminance().toDouble(), b.luminance().toDouble()).sortedDescending()
        return (hi + 0.05) / (lo + 0.05)
    }

    private fun palette(night: Boolean): Palette {
        val config = Configuration(app.resources.configuration)
        config.uiMode = (config.uiMode and Configuration.UI_MODE_NIGHT_MASK.inv()) or
            (if (night) Configuration.UI_MODE_NIGHT_YES else Configuration.UI_MODE_NIGHT_NO)
        return Palette.of(app.createConfigurationContext(config))
    }

    @Test fun everyTextColourHasAContrastOfAtLeast4point5OnItsBackgroundInBothThemes() {
        val light = palette(night = false)
        val dark = palette(night = true)
        assertTrue("the dark theme is its own", light.background != dark.background && light.ink != dark.ink)
        for ((name, p) in listOf("light" to light, "dark" to dark)) {
            for ((pair, text, back) in p.textOnBackground()) {
                val ratio = contrast(text, back)
                assertTrue("$name: $pair is %.2f:1".format(ratio), ratio >= 4.5)
            }
        }
    }

    @Test fun everyBodyMapRegionIsALabelledNodeAndTheLevelsAre48dpTargets() {
        setUp()
        model.show(Screen.CHECK_IN)
        settle()
        // Each region: its place in the core's words (zone and side), clickable by TalkBack.
        for (r in Catalog.regions) {
            compose.onNode(hasContentDescription(place(r.zone, r.side)) and hasClickAction()).assertExists()
        }
        val calf = Catalog.regions.first { it.zone == "calves" && it.side == Side.LEFT }
        compose.onNode(hasContentDescription(place(calf.zone, calf.side))).performSemanticsAction(SemanticsActions.OnClick)
        settle()
        for (level in Catalog.levels) {
            compose.onNodeWithTag("level-$level").assertWidthIsAtLeast(48.dp).assertHeightIsAtLeast(48.dp)
        }
        compose.onNodeWithTag("level-4").performScrollTo().performClick()
        settle()
        assertEquals(4, model.state.value.checkIn["calves" to Side.LEFT])
        // Rated: TalkBack reads the level with the place.
        val node = compose.onNode(hasContentDescription(place(calf.zone, calf.side))).fetchSemanticsNode()
        assertEquals(sorenessLevelText(4u), node.config.getOrNull(SemanticsProperties.StateDescription))
    }

    @Test fun backLeadsUpAndTodayLeavesTheApp() {
        setUp()
        model.show(Screen.PLAN)
        settle()
        compose.activity.onBackPressedDispatcher.onBackPressed()
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)
        model.show(Screen.LOGS)
        settle()
        compose.activity.onBackPressedDispatcher.onBackPressed()
        settle()
        assertEquals(Screen.SETTINGS, model.state.value.screen)
        compose.activity.onBackPressedDispatcher.onBackPressed()
        settle()
        assertEquals(Screen.TODAY, model.state.value.screen)
        assertFalse(compose.activity.isFinishing)
        compose.activity.onBackPressedDispatcher.onBackPressed()
        assertTrue("Back on Today leaves the app", compose.activity.isFinishing)
    }

    @Test @Config(fontScale = 2.0f)
    fun atTwiceTheFontTheRoutinesButtonsKeepTheirWordsOnOneLine() {
        setUp()
        model.startRoutine()
        settle()
        for (tag in listOf("sharp-pain", "pause", "skip")) compose.onNodeWithTag(tag).assertIsDisplayed()
        val text = app.getString(R.string.sharp_pain)
        val node = compose.onNodeWithText(text).fetchSemanticsNode()
        val layouts = mutableListOf<TextLayoutResult>()
        node.config[SemanticsActions.GetTextLayoutResult].action!!.invoke(layouts)
        assertEquals("\"$text\" on one line", 1, layouts.single().lineCount)
        val layout = layouts.single()
        val button = compose.onNodeWithTag("sharp-pain").fetchSemanticsNode().size
        assertTrue("\"$text\" fits its button: ${layout.size} in $button", layout.size.width <= button.width && layout.size.height <= button.height)
        compose.onNodeWithTag("countdown").assertIsDisplayed()
    }
}
