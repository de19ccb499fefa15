// Helpers shared by the Swift suite: temp journals, instants, and the shared vectors as records.
import Fascia
import Foundation

typealias JSON = [String: Any]

/// The shared vectors (tests/vectors), from FASCIA_VECTORS.
func vector(_ name: String) throws -> JSON {
    let dir = ProcessInfo.processInfo.environment["FASCIA_VECTORS"] ?? "tests/vectors"
    let data = try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(name))
    return try JSONSerialization.jsonObject(with: data) as! JSON
}

/// Where the suites leave and pick up each other's exports.
func interopFile(_ name: String) -> URL {
    let dir = ProcessInfo.processInfo.environment["FASCIA_INTEROP"] ?? "target/interop"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return URL(fileURLWithPath: dir).appendingPathComponent(name)
}

func tempJournal() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fascia-swift-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("journal.db").path
}

func openJournal(_ zone: String = "Europe/Paris", path: String = tempJournal()) throws -> FasciaJournal {
    try FasciaJournal.open(path: path, timeZone: zone)
}

func at(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}

/// Milliseconds since the epoch: how instants are compared (they cross at millisecond precision).
func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

func kebab(_ camel: String) -> String {
    camel.reduce(into: "") { out, c in
        if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) }
    }
}

func tool(_ slug: String) -> Tool {
    switch slug {
    case "foam-roller": return .foamRoller
    case "ball": return .ball
    case "stick": return .stick
    default: return .hands
    }
}

/// A routine request written in the vectors' JSON (the core's serde shape).
func routineRequest(_ json: JSON) -> RoutineRequest {
    let kind = json["kind"] as! JSON
    let routineKind: RoutineKind
    switch kind["type"] as! String {
    case "daily": routineKind = .daily
    case "bodywork": routineKind = .bodywork
    default:
        let zones = (kind["zones"] as! [JSON]).map { CustomZone(zone: $0["zone"] as! String, holdS: ($0["hold_s"] as? Int).map(UInt32.init)) }
        routineKind = .custom(protocol: kind["protocol"] as! String == "daily" ? .daily : .bodywork, zones: zones)
    }
    let tools = (json["tools"] as? [String])?.map(tool) ?? [.foamRoller, .ball, .stick, .hands]
    let priorities = (json["priorities"] as? [JSON] ?? []).map { p -> ZonePriority in
        let reason = p["reason"] as! JSON
        let args = (reason["args"] as? [JSON] ?? []).map { ReasonArg(name: $0["name"] as! String, value: $0["value"] as! String) }
        let side: Side = switch p["side"] as? String ?? "both" {
        case "left": .left
        case "right": .right
        default: .both
        }
        return ZonePriority(zone: p["zone"] as! String, level: UInt8(p["level"] as! Int), side: side, reason: Reason(key: reason["key"] as! String, args: args))
    }
    return RoutineRequest(
        kind: routineKind, budgetS: (json["budget_s"] as? Int).map(UInt32.init), priorities: priorities,
        tools: tools, excluded: json["excluded"] as? [String] ?? [])
}
