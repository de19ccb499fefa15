// The app's colours: one palette per theme, read from res/values(-night)/colors.xml, so the
// window behind Compose and the screens agree and the contrast test reads what the phone draws.
package app.fascia.android

import android.content.Context
import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.ReadOnlyComposable
import androidx.compose.runtime.remember
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.LocalConfiguration

data class Palette(
    val background: Color,
    val card: Color,
    val bar: Color,
    val ink: Color,
    val muted: Color,
    val primary: Color,
    val onPrimary: Color,
    val danger: Color,
    val onDanger: Color,
    val good: Color,
    val alert: Color,
    val message: Color,
    val onMessage: Color,
) {
    /** Every text colour with each background the screens draw it on (AccessibilityTest), named
     *  `text/background`. */
    fun textOnBackground(): List<Triple<String, Color, Color>> = buildList {
        for (ground in listOf(this@Palette::background, this@Palette::card, this@Palette::bar)) {
            val (name, back) = ground.name to ground.get()
            add(Triple("ink/$name", ink, back))
            add(Triple("muted/$name", muted, back))
            add(Triple("primary/$name", primary, back))
            add(Triple("danger/$name", danger, back))
        }
        add(Triple("good/background", good, background))
        add(Triple("good/card", good, card))
        add(Triple("ink/alert", ink, alert))
        add(Triple("danger/alert", danger, alert))
        add(Triple("on-primary/primary", onPrimary, primary))
        add(Triple("on-danger/danger", onDanger, danger))
        add(Triple("on-message/message", onMessage, message))
    }

    companion object {
        /** The palette of `context`'s configuration (night or day). */
        fun of(context: Context): Palette {
            fun c(id: Int) = Color(context.resources.getColor(id, context.theme))
            return Palette(
                background = c(R.color.background), card = c(R.color.card), bar = c(R.color.bar),
                ink = c(R.color.ink), muted = c(R.color.muted), primary = c(R.color.primary),
                onPrimary = c(R.color.on_primary), danger = c(R.color.danger), onDanger = c(R.color.on_danger),
                good = c(R.color.good), alert = c(R.color.alert), message = c(R.color.message),
                onMessage = c(R.color.on_message),
            )
        }
    }
}

val LocalPalette = staticCompositionLocalOf<Palette> { error("no palette: draw inside FasciaTheme") }

/** Material's colours from the palette, light or dark as the phone is. */
@Composable
fun FasciaTheme(content: @Composable () -> Unit) {
    val context = LocalContext.current
    val dark = isSystemInDarkTheme()
    val configuration = LocalConfiguration.current
    val p = remember(dark, configuration) { Palette.of(context) }
    val scheme = if (dark) {
        darkColorScheme(
            primary = p.primary, onPrimary = p.onPrimary, background = p.background, surface = p.background,
            onBackground = p.ink, onSurface = p.ink, surfaceVariant = p.bar, onSurfaceVariant = p.muted,
            error = p.danger, onError = p.onDanger, secondaryContainer = p.bar, onSecondaryContainer = p.ink,
        )
    } else {
        lightColorScheme(
            primary = p.primary, onPrimary = p.onPrimary, background = p.background, surface = p.background,
            onBackground = p.ink, onSurface = p.ink, surfaceVariant = p.bar, onSurfaceVariant = p.muted,
            error = p.danger, onError = p.onDanger, secondaryContainer = p.bar, onSecondaryContainer = p.ink,
        )
    }
    CompositionLocalProvider(LocalPalette provides p) { MaterialTheme(colorScheme = scheme, content = content) }
}

// The palette's colours by role, for the screens.
val Ink: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.ink
val Muted: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.muted
val Rust: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.primary
val OnRust: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.onPrimary
val Sand: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.background
val Stone: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.bar
val CardColor: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.card
val Danger: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.danger
val OnDanger: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.onDanger
val Good: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.good
val Alert: Color @Composable @ReadOnlyComposable get() = LocalPalette.current.alert
