// Helpers shared by the Kotlin suite: temp journals, instants, and the shared vectors as records.
package app.fascia.test

import app.fascia.FasciaJournal
import app.fascia.core.CustomZone
import app.fascia.core.Protocol
import app.fascia.core.Reason
import app.fascia.core.ReasonArg
import app.fascia.core.RoutineKind
import app.fascia.core.RoutineRequest
import app.fascia.core.Side
import app.fascia.core.Tool
import app.fascia.core.ZonePriority
import java.io.File
import java.nio.file.Files
import java.time.Instant
import org.json.JSONArray
import org.json.JSONObject

/** The shared vectors (tests/vectors), from FASCIA_VECTORS or the repository. */
fun vector(name: String): JSONObject {
    val dir = System.getenv("FASCIA_VECTORS") ?: "tests/vectors"
    return JSONObject(File(dir, name).readText())
}

/** Where the suites leave and pick up each other's exports. */
fun interopDir(): File = File(System.getenv("FASCIA_INTEROP") ?: "target/interop").apply { mkdirs() }

fun tempJournal(): String = Files.createTempDirectory("fascia-kt").resolve("journal.db").toString()

fun openJournal(zone: String = "Europe/Paris", path: String = tempJournal()): FasciaJournal = FasciaJournal.open(path, zone)

fun at(text: String): Instant = Instant.parse(text)

fun JSONObject.optUInt(key: String): UInt? = if (has(key) && !isNull(key)) getInt(key).toUInt() else null

fun JSONArray.objects(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }

/** A routine request written in the vectors' JSON (the core's serde shape). */
fun routineRequest(json: JSONObject): RoutineRequest {
    val kind = json.getJSONObject("kind")
    val routineKind = when (kind.getString("type")) {
        "daily" -> RoutineKind.Daily
        "bodywork" -> RoutineKind.Bodywork
        "custom" -> RoutineKind.Custom(
            protocol = Protocol.valueOf(kind.getString("protocol").uppercase()),
            zones = kind.getJSONArray("zones").objects().map { CustomZone(it.getString("zone"), it.optUInt("hold_s")) },
        )
        else -> error("unknown routine kind $kind")
    }
    val tools = json.optJSONArray("tools")
        ?.let { a -> (0 until a.length()).map { Tool.valueOf(a.getString(it).uppercase().replace('-', '_')) } }
        ?: Tool.entries.toList()
    val priorities = json.optJSONArray("priorities")?.objects()?.map { p ->
        val reason = p.getJSONObject("reason")
        ZonePriority(
            zone = p.getString("zone"),
            level = p.getInt("level").toUByte(),
            side = Side.valueOf(p.optString("side", "both").uppercase()),
            reason = Reason(
                key = reason.getString("key"),
                args = reason.optJSONArray("args")?.objects()?.map { ReasonArg(it.getString("name"), it.getString("value")) }
                    ?: emptyList(),
            ),
        )
    } ?: emptyList()
    val excluded = json.optJSONArray("excluded")?.let { a -> (0 until a.length()).map { a.getString(it) } } ?: emptyList()
    return RoutineRequest(routineKind, json.optUInt("budget_s"), priorities, tools, excluded)
}
