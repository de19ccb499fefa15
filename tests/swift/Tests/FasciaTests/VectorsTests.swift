// The shared scenario vectors (tests/vectors), run through the generated Swift bindings.
import Fascia
import Foundation
import XCTest

final class VectorsTests: XCTestCase {
    func testRoutineVectors() throws {
        let scenarios = try vector("routine.json")["scenarios"] as! [JSON]
        XCTAssertFalse(scenarios.isEmpty)
        for s in scenarios {
            let name = s["name"] as! String
            let expect = s["expect"] as! JSON
            let request = routineRequest(s["request"] as! JSON)
            if let want = expect["ffi_error"] as? JSON {
                XCTAssertThrowsError(try buildRoutine(request: request), name) { error in
                    guard case let FasciaError.InvalidInput(field, _) = error else {
                        return XCTFail("\(name): \(error)")
                    }
                    XCTAssertEqual(want["type"] as? String, "InvalidInput", name)
                    XCTAssertEqual(want["field"] as? String, field, name)
                }
                continue
            }
            let routine = try buildRoutine(request: request)
            XCTAssertEqual(routine.budgetS, UInt32(expect["budget_s"] as! Int), name)
            XCTAssertEqual(routine.totalS, UInt32(expect["total_s"] as! Int), name)
            let zones = expect["zones"] as! [[Any]]
            XCTAssertEqual(routine.zones.map(\.zone), zones.map { $0[0] as! String }, name)
            XCTAssertEqual(routine.zones.map(\.holdS), zones.map { UInt32($0[1] as! Int) }, name)
            for (zone, key) in expect["reasons"] as? [String: String] ?? [:] {
                XCTAssertEqual(routine.zones.first { $0.zone == zone }?.reason.key, key, name)
            }
            if let omitted = expect["omitted"] as? [[String]] {
                XCTAssertEqual(routine.omitted.map { [$0.zone, kebab("\($0.why)")] }, omitted, name)
            }
        }
    }

    /// Every case of the generated `Event` enum, by the name the vectors give it (the case in
    /// kebab case: `painSkip` is `pain-skip`). Built from the enum itself: its cases are read
    /// through the bindings' own converter, variant 1, 2, … until one is unknown, so a new event in
    /// the core is here with no edit.
    private static let events: [String: Event] = {
        var table: [String: Event] = [:]
        for variant in Int32(1)... {
            let bytes = withUnsafeBytes(of: variant.bigEndian) { Data($0) }
            var buf = (data: bytes, offset: bytes.startIndex)
            guard let event = try? FfiConverterTypeEvent.read(from: &buf) else { break }
            table[kebab("\(event)")] = event
        }
        return table
    }()

    private func apply(_ session: GuidedSession, _ name: String, _ now: Date) throws {
        guard let event = Self.events[name] else { return XCTFail("unknown event \(name)") }
        _ = try session.record(event: event, now: now)
    }

    func testTimerVectors() throws {
        let doc = try vector("timer.json")
        let routine = try buildRoutine(request: routineRequest(doc["routine"] as! JSON))
        for s in doc["scenarios"] as! [JSON] {
            let name = s["name"] as! String
            let app = try openJournal("UTC")
            let start = at(s["start"] as! String)
            var session = try app.startSession(routine: routine, now: start)
            for step in s["script"] as! [JSON] {
                let now = start.addingTimeInterval(Double(step["at"] as! Int))
                if let event = step["event"] as? String {
                    try apply(session, event, now)
                    // What a relaunch finds is what the session says.
                    if let again = try app.activeSession(now: now) {
                        XCTAssertEqual(again.snapshot(now: now), session.snapshot(now: now), name)
                        session = again
                    }
                }
                if let check = step["check"] as? JSON {
                    let snap = session.snapshot(now: now)
                    // Until the timer has run to the end, a tick records nothing.
                    if snap.status != .completed { XCTAssertEqual(try session.tick(now: now), snap, name) }
                    XCTAssertEqual("\(snap.status)", check["status"] as? String, name)
                    XCTAssertEqual(snap.stepIndex, UInt32(check["step_index"] as! Int), name)
                    XCTAssertEqual(snap.stepRemainingMs, UInt64(check["step_remaining_ms"] as! Int), name)
                    XCTAssertEqual(snap.sessionRemainingMs, UInt64(check["session_remaining_ms"] as! Int), name)
                    if let ends = check["ends_at"] as? Int {
                        XCTAssertEqual(snap.endsAt.map(ms), ms(start) + Int64(ends) * 1000, name)
                    }
                    if let marks = check["pain_skips"] as? [JSON] {
                        XCTAssertEqual(snap.painSkips.map(\.zone), marks.map { $0["zone"] as! String }, name)
                    }
                }
                if let cues = step["cues"] as? JSON {
                    let got = session.cues(now: now, horizonS: UInt32(cues["horizon_s"] as! Int))
                    let want = cues["expect"] as! [[Any]]
                    XCTAssertEqual(got.map(\.id), want.map { $0[0] as! String }, name)
                    XCTAssertEqual(got.map { (ms($0.at) - ms(start)) / 1000 }, want.map { Int64($0[1] as! Int) }, name)
                    // Each cue carries the core's words; a step's start says the step's title.
                    for cue in got {
                        XCTAssertFalse(cue.words.isEmpty, "\(name): \(cue.id)")
                        if cue.kind == .stepStart {
                            XCTAssertEqual(cue.words, try stepTitle(step: routine.steps[Int(cue.stepIndex)]), name)
                        }
                    }
                }
            }
            // A session whose timer ran to the end is finished by the next tick, and stored so.
            let end = start.addingTimeInterval(Double((s["script"] as! [JSON]).last!["at"] as! Int))
            if session.snapshot(now: end).status == .completed {
                XCTAssertEqual(try session.tick(now: end).status, .finished, name)
                XCTAssertNil(try app.activeSession(now: end), name)
            }
        }
    }

    func testReminderVectors() throws {
        for s in try vector("reminders.json")["scenarios"] as! [JSON] {
            let name = s["name"] as! String
            let app = try openJournal(s["time_zone"] as! String)
            let now = at(s["now"] as! String)
            let patch = s["settings"] as! JSON
            var settings = try app.settings()
            settings.reminderTime = patch["reminder_time"] as! String
            settings.quietHours = (patch["quiet_hours"] as? [String: String]).map { QuietHours(start: $0["start"]!, end: $0["end"]!) }
            try app.setSettings(settings: settings, now: now)
            // Ids are random: the vectors name each record by where it is listed.
            var names: [String: String] = [:]
            for (i, r) in (s["races"] as! [JSON]).enumerated() {
                let priority: RacePriority = ["A": .a, "B": .b][r["priority"] as! String] ?? .c
                let race = NewRace(name: r["name"] as! String, date: r["date"] as! String,
                                   distanceM: (r["distance_m"] as? Int).map(UInt32.init), priority: priority)
                names[try app.addRace(race: race, now: now).id] = "races[\(i)]"
            }
            for (i, b) in (s["bodywork"] as! [JSON]).enumerated() {
                let entry = NewBodywork(at: at(b["at"] as! String), minutes: UInt32(b["minutes"] as! Int))
                names[try app.addBodywork(entry: entry, now: now).id] = "bodywork[\(i)]"
            }
            for (i, r) in (s["runs"] as! [JSON]).enumerated() {
                let kinds: [String: RunKind] = ["easy": .easy, "long": .long, "race": .race, "workout": .workout]
                let run = NewRun(startedAt: at(r["started_at"] as! String), distanceM: UInt32(r["distance_m"] as! Int),
                                 durationS: UInt32(r["duration_s"] as! Int), kind: kinds[r["kind"] as! String]!)
                names[try app.addRun(run: run, now: now).id] = "runs[\(i)]"
            }
            let iso = ISO8601DateFormatter()
            let got = try app.reminders(now: now, days: UInt32(s["days"] as! Int)).map { r -> [String] in
                let id = names.reduce(r.id) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
                return [id, iso.string(from: r.fireAt), r.local]
            }
            XCTAssertFalse(got.isEmpty, name)
            XCTAssertEqual(got, s["expect"] as! [[String]], name)
        }
    }
}
