// Moving phones: the Kotlin suite's export is imported here, and this suite's export is imported
// by the Kotlin suite after it (tests/run orders the three).
import Fascia
import Foundation
import XCTest

final class InteropTests: XCTestCase {
    func testImportFromKotlin() throws {
        let text = try String(contentsOf: interopFile("kotlin-export.json"), encoding: .utf8)
        let app = try openJournal("Asia/Tokyo")
        let now = at("2026-04-20T00:00:00Z")
        let summary = try app.importJson(text: text, now: now)
        XCTAssertGreaterThanOrEqual(summary.added, 4)
        XCTAssertEqual(try app.settings().dailyMinutes, 15)
        XCTAssertEqual(try app.recentRuns(limit: 10).map(\.distanceM), [28_000])
        XCTAssertEqual(try app.races().map(\.name), ["Marathon de Paris"])
        XCTAssertEqual(try app.recentSoreness(now: now, days: 30).map(\.note), ["from Android"])
        XCTAssertEqual(try app.importJson(text: text, now: now).added, 0) // importing twice changes nothing
    }

    func testExportForKotlin() throws {
        let app = try openJournal("America/New_York")
        let now = at("2026-04-20T22:00:00Z")
        var settings = try app.settings()
        settings.dailyMinutes = 12
        try app.setSettings(settings: settings, now: now)
        let run = try app.addRun(run: NewRun(startedAt: at("2026-04-20T13:00:00Z"), distanceM: 21_097, durationS: 6_300, kind: .race), now: now)
        _ = try app.addSoreness(entries: [NewSoreness(zone: "it-band", side: .right, level: 5, at: now, runId: run.id, note: "from iOS")], now: now)
        _ = try app.addRace(race: NewRace(name: "Boston Marathon", date: "2026-04-20", distanceM: 42_195, priority: .a), now: now)
        try app.exportJson(now: now).write(to: interopFile("swift-export.json"), atomically: true, encoding: .utf8)
    }
}
