package app.fascia.android

import app.fascia.core.Phrase
import app.fascia.phraseText
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import java.io.File
import javax.xml.parsers.DocumentBuilderFactory

/**
 * No English in the app's Kotlin: what the runner reads is in `res/values/strings.xml` (ready to
 * translate) or comes from the core's text functions. The Kotlin sources are scanned for string
 * literals that look like words shown to a person; literals that are machine names (test tags,
 * preference keys, intent extras and actions, log and wake-lock tags, date patterns, constants)
 * are allowed where they are used as such.
 */
class StringsTest {
    private val main = File(System.getProperty("fascia.main") ?: "android/app/src/main")
    private val kotlin = File(main, "kotlin")
    private val strings = File(main, "res/values/strings.xml")

    @Test fun noEnglishLiteralInTheAppsKotlin() {
        val found = kotlin.walk().filter { it.extension == "kt" }.sortedBy { it.path }.flatMap { file ->
            Literals.of(file.readText()).filter { Literals.looksShown(it) }
                .map { "${file.relativeTo(kotlin)}:${it.line}: \"${it.text}\"" }
        }.toList()
        assertTrue(found.joinToString("\n", "English in the Kotlin (put it in strings.xml or ask the core):\n"), found.isEmpty())
    }

    /** The scanner itself: what it flags and what it lets through. */
    @Test fun theScannerFlagsWordsAndAllowsMachineNames() {
        fun flagged(code: String) = Literals.of(code).any { Literals.looksShown(it) }
        // Words a runner reads: sentences, capitalised labels, a lone lowercase label, templates.
        assertTrue(flagged("Text(\"Save check-in\")"))
        assertTrue(flagged("OutlinedButton(onClick = {}) { Text(\"Restore\") }"))
        assertTrue(flagged("Field(x, { }, \"minutes\")"))
        assertTrue(flagged("Text(\"Again: \$length routine\")"))
        assertTrue(flagged("val s = \"\${a} s each side\""))
        assertTrue(flagged("Text(\"\${if (done) \" · done\" else \"\"}\")"))
        assertTrue(flagged("throw IOException(\"the phone gave no file\")"))
        // Machine names where they are used as such, formats, symbols, comments.
        assertFalse(flagged("Modifier.testTag(\"start-routine\")"))
        assertFalse(flagged("Modifier.testTag(\"countdown\")"))
        assertFalse(flagged("context.getSharedPreferences(\"cues\", 0).getBoolean(\"voice\", true)"))
        assertFalse(flagged("const val EXTRA_SESSION = \"session\""))
        assertFalse(flagged("DateTimeFormatter.ofPattern(\"EEE d MMM HH:mm\")"))
        assertFalse(flagged("newWakeLock(PowerManager.PARTIAL_WAKE_LOCK, \"fascia:routine\")"))
        assertFalse(flagged("Log.d(\"Fascia\", x)"))
        assertFalse(flagged("\"%d:%02d\".format(a, b) + \" · \" + \"–\""))
        assertFalse(flagged("app.fascia.text(\"reminder.soreness-prompt.title\")"))
        assertFalse(flagged("// Text(\"Start today's routine\")\n/* \"Sharp pain\" */"))
        assertFalse(flagged("Triple(\"ink/\$name\", ink, back)"))
        assertFalse(flagged("Entry(text, \"race-\${r.id}\")"))
        assertFalse(flagged("@Deprecated(\"still called before API 21\") fun f()"))
        assertFalse(flagged("Uri.fromParts(\"package\", packageName, null)"))
    }

    /** Every string the app declares is used, and none of them is a sentence the core gives. */
    @Test fun stringsXmlHoldsOnlyTheAppsOwnWordsAndEachIsUsed() {
        val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(strings)
        val names = mutableMapOf<String, String>()
        for (tag in listOf("string", "plurals")) {
            val nodes = doc.getElementsByTagName(tag)
            for (i in 0 until nodes.length) {
                val e = nodes.item(i) as org.w3c.dom.Element
                names[e.getAttribute("name")] = e.textContent.trim()
            }
        }
        val code = kotlin.walk().filter { it.extension == "kt" }.joinToString("\n") { it.readText() }
        val unused = names.keys.filter { it != "app_name" && !Regex("""R\.(string|plurals)\.$it\b""").containsMatchIn(code) }
        assertEquals("declared in strings.xml, used nowhere", emptyList<String>(), unused)
        // What the core says now is not the app's any more.
        for (gone in listOf("step_of", "time_left", "next_place", "peak_training", "taper_from", "channel_reminders_about")) {
            assertFalse("$gone is the core's sentence now", gone in names)
        }
        for (p in Phrase.entries) {
            val words = phraseText(p)
            assertFalse("strings.xml repeats the core's $p: $words", names.values.any { it == words })
        }
    }
}

/** String literals in Kotlin source, with what stands before them on their line. */
object Literals {
    class Literal(val line: Int, val text: String, val before: String)

    /** Calls and declarations whose string argument is a machine name, not words. */
    private val machine = Regex(
        """(?:testTag|getSharedPreferences|putBoolean|getBoolean|putLong|getLong|putInt|getInt|""" +
            """putStringSet|getStringSet|remove|contains|putExtra|getBooleanExtra|getStringExtra|getLongExtra|""" +
            """hasExtra|setAction|newWakeLock|Uri\.parse|fromParts|ofPattern|Log\.[a-z]+|error|@Deprecated|@Suppress)\(\s*(?:[^"(),]*,\s*)?$""" +
            """|const\s+val\s+\w+\s*=\s*$""",
    )
    private val sentence = Regex("""[A-Za-z]{2,}[,.;:!?]?\s+[A-Za-z]{2,}""")
    private val capitalised = Regex("""\b[A-Z][a-z]{2,}""")
    private val lowercaseWord = Regex("""[a-z]{3,}""")

    /** Words a person would read: two words in a row, a capitalised word, or one lowercase word
     *  on its own; unless the literal is a machine name where it is used. */
    fun looksShown(l: Literal): Boolean {
        if (machine.containsMatchIn(l.before)) return false
        val t = l.text
        // A lone word between separators (" · done") is words; a joined name ("race-", "ink/") is not.
        val lone = t.trim { it.isWhitespace() || it in "·•–—:;,.()" }
        return sentence.containsMatchIn(t) || capitalised.containsMatchIn(t) || lowercaseWord.matches(lone)
    }

    fun of(source: String): List<Literal> {
        val out = mutableListOf<Literal>()
        Lexer(source, out).code(0, false)
        return out
    }

    private class Lexer(val s: String, val out: MutableList<Literal>) {
        fun lineOf(i: Int) = s.substring(0, i).count { it == '\n' } + 1
        fun lineBefore(i: Int) = s.substring(s.lastIndexOf('\n', i - 1) + 1, i)

        /** Code from `start`; inside a template (`nested`) it ends at the closing brace. */
        fun code(start: Int, nested: Boolean): Int {
            var i = start
            var depth = 0
            while (i < s.length) {
                val c = s[i]
                when {
                    s.startsWith("//", i) -> i = s.indexOf('\n', i).let { if (it < 0) s.length else it }
                    s.startsWith("/*", i) -> i = s.indexOf("*/", i + 2).let { if (it < 0) s.length else it + 2 }
                    c == '\'' -> i = char(i)
                    s.startsWith("\"\"\"", i) -> i = string(i, raw = true)
                    c == '"' -> i = string(i, raw = false)
                    c == '{' -> { depth++; i++ }
                    c == '}' -> { if (nested && depth == 0) return i + 1; depth--; i++ }
                    else -> i++
                }
            }
            return i
        }

        fun char(start: Int): Int {
            var i = start + 1
            while (i < s.length && s[i] != '\'') i += if (s[i] == '\\') 2 else 1
            return i + 1
        }

        /** A string literal from its opening quote; its text with each template as a space. */
        fun string(start: Int, raw: Boolean): Int {
            val quote = if (raw) "\"\"\"" else "\""
            var i = start + quote.length
            val text = StringBuilder()
            while (i < s.length && !s.startsWith(quote, i)) {
                val c = s[i]
                when {
                    !raw && c == '\\' -> { text.append(if (s[i + 1] == 'n') ' ' else s[i + 1]); i += 2 }
                    c == '$' && i + 1 < s.length && s[i + 1] == '{' -> { text.append(' '); i = code(i + 2, nested = true) }
                    c == '$' && i + 1 < s.length && (s[i + 1].isLetter() || s[i + 1] == '_') -> {
                        text.append(' ')
                        i++
                        while (i < s.length && (s[i].isLetterOrDigit() || s[i] == '_')) i++
                    }
                    else -> { text.append(c); i++ }
                }
            }
            out += Literal(lineOf(start), text.toString(), lineBefore(start))
            return i + quote.length
        }
    }
}
