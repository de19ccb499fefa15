// A runner's whole day, every error path and concurrent use, through the generated Swift bindings.
import Fascia
import Foundation
import XCTest

final class FasciaTests: XCTestCase {
    let morning = at("2026-04-10T05:30:00Z") // 07:30 in Paris

    func testARunnersDay() throws {
        let path = tempJournal()
        var app: FasciaJournal? = try FasciaJournal.open(path: path, timeZone: "Europe/Paris")
        let today = try app!.today(now: morning)
        XCTAssertEqual(today.date, "2026-04-10")
        XCTAssertEqual(today.calendar.count, 7)
        XCTAssertFalse(today.doneToday)
        XCTAssertLessThanOrEqual(today.routine.totalS, 720)
        for zone in today.routine.zones {
            XCTAssertNotEqual(try text(key: zone.reason.key), zone.reason.key, "every reason has text")
        }

        // The routine, driven by explicit instants: pause 60 s, then skip a step.
        var session: GuidedSession? = try app!.resumeOrStart(routine: today.routine, now: morning)
        _ = try session!.record(event: .pause, now: morning + 20)
        let paused = session!.snapshot(now: morning + 70)
        XCTAssertEqual(paused.status, .paused)
        XCTAssertEqual(paused.sessionElapsedMs, 20_000)
        _ = try session!.record(event: .resume, now: morning + 80)
        let before = session!.snapshot(now: morning + 100)
        let skipped = try session!.record(event: .skip, now: morning + 100)
        XCTAssertEqual(skipped.stepIndex, before.stepIndex + 1)
        XCTAssertEqual(skipped.sessionElapsedMs, 40_000)
        let cues = session!.cues(now: morning + 100, horizonS: 600)
        XCTAssertFalse(cues.isEmpty)
        XCTAssertEqual(cues.map(\.at), cues.map(\.at).sorted())
        XCTAssertTrue(cues.allSatisfy { $0.at >= morning + 100 })
        // Each cue in the core's words: a step's start is the step's title, the end says so.
        XCTAssertTrue(cues.allSatisfy { !$0.words.isEmpty })
        let steps = session!.routine().steps
        for cue in cues where cue.kind == .stepStart {
            XCTAssertEqual(cue.words, try stepTitle(step: steps[Int(cue.stepIndex)]))
        }
        let last = try XCTUnwrap(session!.cues(now: morning + 100, horizonS: 3_600).last)
        XCTAssertEqual(last.kind, .sessionEnd)
        XCTAssertEqual(last.words, "Routine done. Nice work.")
        XCTAssertTrue(try stepTitle(step: steps[1]).hasPrefix(try stepPlace(step: steps[1])))

        // The app is killed mid-session; the relaunch finds the session exactly as it was.
        let later = morning + 130
        let expected = session!.snapshot(now: later)
        session = nil
        app = nil
        let relaunched = try FasciaJournal.open(path: path, timeZone: "Europe/Paris")
        let found = try XCTUnwrap(try relaunched.activeSession(now: later))
        XCTAssertEqual(found.snapshot(now: later), expected)
        XCTAssertEqual(found.routine(), today.routine)
        XCTAssertEqual(found.events().count, 4) // start, pause, resume, skip: nothing lost
        // The runner comes back after the app was killed: the one way in is the same session.
        XCTAssertEqual(try relaunched.resumeOrStart(routine: today.routine, now: later).id(), found.id())
        XCTAssertEqual(try found.record(event: .finish, now: morning + 700).status, .finished)
        XCTAssertNil(try relaunched.activeSession(now: morning + 700))
        XCTAssertTrue(try relaunched.today(now: morning + 3600).doneToday)

        // A long run in the evening, soreness after it.
        let evening = at("2026-04-10T17:00:00Z")
        let run = try relaunched.addRun(run: NewRun(startedAt: at("2026-04-10T14:00:00Z"), distanceM: 28_000, durationS: 9_000, kind: .long), now: evening)
        let entries = try relaunched.addSoreness(entries: [
            NewSoreness(zone: "calves", side: .left, level: 6, at: evening, runId: run.id, note: nil),
            NewSoreness(zone: "plantar-fascia", side: .right, level: 4, at: evening, runId: run.id, note: "tight on the descent"),
        ], now: evening)
        XCTAssertEqual(entries.count, 2)

        // Tomorrow's routine adapts: the calves are there, for a reason that is not upkeep.
        let tomorrow = try relaunched.todaysRoutine(now: at("2026-04-11T05:30:00Z"), minutes: nil)
        let calves = try XCTUnwrap(tomorrow.zones.first { $0.zone == "calves" })
        XCTAssertNotEqual(calves.reason.key, "reason.maintenance")

        // Reminders for a week, and their health as the phone reports it.
        let reminders = try relaunched.reminders(now: evening, days: 7)
        XCTAssertFalse(reminders.isEmpty)
        XCTAssertEqual(Set(reminders.map(\.id)).count, reminders.count)
        XCTAssertEqual(reminders.map(\.fireAt), reminders.map(\.fireAt).sorted())
        let health = try relaunched.reminderHealth(now: evening, phone: PhoneState(notificationsAllowed: true, exactAlarmsAllowed: false, batteryRestricted: false))
        XCTAssertTrue(health.warnings.contains(.exactAlarmsOff))

        // The report shows the runner's own numbers.
        let report = try relaunched.report(now: at("2026-04-12T08:00:00Z"))
        XCTAssertTrue(report.trends.contains { $0.zone == "calves" })
        XCTAssertEqual(report.streak, 1)

        // Export, import into another journal (idempotent), backups.
        let json = try relaunched.exportJson(now: evening)
        XCTAssertTrue(json.contains(run.id))
        let other = try openJournal()
        XCTAssertGreaterThan(try other.importJson(text: json, now: evening).added, 0)
        XCTAssertEqual(try other.importJson(text: json, now: evening).added, 0)
        XCTAssertEqual(try other.recentRuns(limit: 10), try relaunched.recentRuns(limit: 10))
        XCTAssertNotNil(try relaunched.backupIfDue(now: evening))
        XCTAssertEqual(try relaunched.backups().count, 1)
    }

    func testTheSessionIsLeftComeBackToAndFinishedByTheCore() throws {
        let app = try openJournal()
        let routine = try app.todaysRoutine(now: morning, minutes: nil)
        let session = try app.resumeOrStart(routine: routine, now: morning)
        // The runner leaves the screen: the clock pauses; leaving again records nothing.
        XCTAssertEqual(try session.leave(now: morning + 30).status, .paused)
        XCTAssertEqual(try session.leave(now: morning + 40).status, .paused)
        XCTAssertEqual(session.events().map(\.event), [.start, .pause])
        // Back through the one way in: the same session, running again, the time away not counted.
        let again = try app.resumeOrStart(routine: routine, now: morning + 100)
        XCTAssertEqual(again.id(), session.id())
        let running = again.snapshot(now: morning + 100)
        XCTAssertEqual(running.status, .running)
        XCTAssertEqual(running.sessionElapsedMs, 30_000)
        XCTAssertEqual(try again.resume(now: morning + 100), running, "resuming a running session records nothing")
        XCTAssertEqual(again.events().count, 3)
        // Before the end a tick records nothing; once the timer has run out it records the finish.
        let end = morning + 70 + Double(routine.totalS)
        XCTAssertEqual(try again.tick(now: end - 5), again.snapshot(now: end - 5))
        XCTAssertEqual(again.events().count, 3)
        XCTAssertEqual(again.snapshot(now: end + 5).status, .completed)
        XCTAssertFalse(again.countsAsDone(), "not done until finished")
        XCTAssertEqual(try again.tick(now: end + 5).status, .finished)
        XCTAssertEqual(again.events().last?.event, .finish)
        XCTAssertTrue(again.countsAsDone())
        XCTAssertEqual(try again.tick(now: end + 6).status, .finished)
        XCTAssertEqual(again.events().count, 4, "a finished session records nothing more")
        XCTAssertNil(try app.activeSession(now: end + 5))
        XCTAssertTrue(try app.today(now: end + 5).doneToday)
        // The next way in is a new session.
        XCTAssertNotEqual(try app.resumeOrStart(routine: routine, now: end + 60).id(), again.id())
    }

    /// The warm-up through the bindings: offered on today, built, run in the same session and
    /// never counted; its steps, pictures and end in the core's words.
    func testTheWarmUpRunsInTheSameSessionAndNeverCounts() throws {
        let app = try openJournal()
        let offer = try XCTUnwrap(try app.today(now: morning).warmUp)
        XCTAssertEqual(offer.text, "Before you run: a 4-minute dynamic warm-up")
        let routine = try app.warmUpRoutine(now: morning)
        XCTAssertEqual(routine.kind, .warmUp)
        XCTAssertEqual(routine.totalS, offer.totalS)
        XCTAssertEqual(routine.steps.first?.moveId, try warmUpMoves().first?.id)
        XCTAssertEqual(try stepTitle(step: routine.steps[1]), "Calf raises: Go")
        for step in routine.steps where step.kind == .move {
            XCTAssertFalse(try movePicture(moveId: step.moveId ?? "", side: step.side, t: 0.5).shapes.isEmpty)
        }
        let session = try app.resumeOrStart(routine: routine, now: morning)
        XCTAssertEqual(session.cues(now: morning, horizonS: 600).last?.words, "Warm-up done. Have a good run.")
        let end = morning + Double(routine.totalS) + 1
        XCTAssertEqual(try session.tick(now: end).status, .finished)
        XCTAssertFalse(session.countsAsDone())
        XCTAssertFalse(try app.today(now: end).doneToday)
        XCTAssertEqual(try warmUpDoneText(seconds: 240), "Warm-up done: 4 min of dynamic moves. Have a good run.")
    }

    func testALongRunOpensTheCheckInUntilSorenessIsLogged() throws {
        let app = try openJournal()
        let evening = at("2026-04-10T17:00:00Z")
        _ = try app.addRun(run: NewRun(startedAt: at("2026-04-10T05:00:00Z"), distanceM: 8_000, durationS: 2_700, kind: .easy), now: evening)
        XCTAssertNil(try app.today(now: evening).checkIn, "a short easy run brings none")
        // Logged as easy: the core's long-run rule reads the distance.
        let run = try app.addRun(run: NewRun(startedAt: at("2026-04-10T14:00:00Z"), distanceM: 21_100, durationS: 7_200, kind: .easy), now: evening)
        let checkIn = try XCTUnwrap(try app.today(now: evening).checkIn)
        XCTAssertEqual(checkIn.run.id, run.id)
        XCTAssertEqual(checkIn.question, "How do your legs feel after your 21.1 km run?")
        XCTAssertNotNil(try app.today(now: at("2026-04-11T17:00:00Z")).checkIn, "still open the next day")
        XCTAssertNil(try app.today(now: at("2026-04-12T15:00:00Z")).checkIn, "closed 48 h after the run")
        _ = try app.addSoreness(entries: [NewSoreness(zone: "calves", side: .left, level: 3, at: evening, runId: checkIn.run.id, note: nil)], now: evening)
        XCTAssertNil(try app.today(now: evening).checkIn, "closed once soreness is logged")
        XCTAssertEqual(try app.recentSoreness(now: evening, days: 1).map(\.runId), [run.id])
    }

    func testEveryErrorIsTyped() throws {
        XCTAssertThrowsError(try openJournal("Mars/Olympus")) { error in
            guard case let FasciaError.InvalidInput(field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "time_zone")
        }
        let app = try openJournal()
        func field(_ body: () throws -> Void) -> String? {
            do { try body() } catch let FasciaError.InvalidInput(field, _) { return field } catch { XCTFail("\(error)") }
            return nil
        }
        XCTAssertEqual(field { _ = try app.addRun(run: NewRun(startedAt: morning, distanceM: 10_000, durationS: 0, kind: .easy), now: morning) }, "duration_s")
        XCTAssertEqual(field { _ = try app.addRun(run: NewRun(startedAt: morning + 86_400, distanceM: 10_000, durationS: 3_000, kind: .easy), now: morning) }, "started_at")
        XCTAssertThrowsError(try app.deleteRun(id: "no-such-run", now: morning)) { error in
            guard case FasciaError.NotFound(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("no-such-run"), reason)
        }
        let settings = try app.settings()
        var tooShort = settings
        tooShort.dailyMinutes = 3
        XCTAssertEqual(field { try app.setSettings(settings: tooShort, now: self.morning) }, "daily_minutes")
        XCTAssertEqual(try app.settings(), settings, "a refused change changes nothing")
        var badTime = settings
        badTime.reminderTime = "25:00"
        XCTAssertThrowsError(try app.setSettings(settings: badTime, now: morning), "bad text is an error, not a crash")

        let routine = try app.todaysRoutine(now: morning, minutes: nil)
        let session = try app.startSession(routine: routine, now: morning)
        XCTAssertThrowsError(try app.startSession(routine: routine, now: morning)) { error in
            guard case FasciaError.Conflict(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains(session.id()), reason)
        }
        XCTAssertThrowsError(try session.record(event: .resume, now: morning + 5)) { error in
            guard case FasciaError.Conflict = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try session.record(event: .start, now: morning + 5))
        _ = try session.record(event: .pause, now: morning + 5)
        XCTAssertThrowsError(try session.record(event: .pause, now: morning + 6))
        _ = try session.record(event: .abort, now: morning + 7)
        XCTAssertThrowsError(try session.record(event: .resume, now: morning + 8))
        XCTAssertEqual(field { _ = try buildRoutine(request: routineRequest(["kind": ["type": "daily"], "budget_s": 100])) }, "budget_s")
        XCTAssertThrowsError(try buildRoutine(request: routineRequest(["kind": ["type": "custom", "protocol": "daily", "zones": [["zone": "glutes"]]], "tools": [String]()]))) { error in
            guard case FasciaError.Conflict = error else { return XCTFail("\(error)") }
        }
        XCTAssertNotNil(field { _ = try app.importJson(text: "{", now: self.morning) })
        XCTAssertThrowsError(try app.importJson(text: #"{"format":"fascia-export","version":99}"#, now: morning)) { error in
            guard case let FasciaError.IncompatibleVersion(found, supported, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual([found, supported], [99, 2])
        }

        // A file that is not a journal is reported and left as it was.
        let path = tempJournal()
        let notes = String(repeating: "these are my race notes, not a database\n", count: 200)
        try notes.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FasciaJournal.open(path: path, timeZone: "UTC")) { error in
            guard case FasciaError.Damaged(let damaged, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(damaged, path)
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), notes)
    }

    func testInstantsCrossAtMillisecondPrecision() throws {
        let app = try openJournal()
        // A Date is a binary fraction of a second: .123 arrives a few nanoseconds off and is rounded.
        let start = Date(timeIntervalSince1970: 1_775_800_000.123)
        let run = try app.addRun(run: NewRun(startedAt: start, distanceM: 5_000, durationS: 1_800, kind: .easy), now: start + 3600)
        XCTAssertEqual(ms(run.startedAt), 1_775_800_000_123)
    }

    func testManyThreadsShareOneApp() throws {
        let app = try openJournal("America/Los_Angeles")
        let now = at("2026-05-01T15:00:00Z")
        let errors = Errors()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<10 {
                do {
                    let started = now - Double(3600 * (worker * 10 + i + 1))
                    _ = try app.addRun(run: NewRun(startedAt: started, distanceM: 5_000, durationS: 1_800, kind: .easy), now: now)
                    _ = try app.today(now: now)
                    _ = try app.reminders(now: now, days: 2)
                } catch {
                    errors.add(error)
                }
            }
        }
        XCTAssertTrue(errors.all.isEmpty, "\(errors.all)")
        XCTAssertEqual(try app.recentRuns(limit: 1_000).count, 80)
    }

    func testReleasedObjectsCloseTheJournal() throws {
        let path = tempJournal()
        weak var weakApp: FasciaJournal?
        do {
            let app = try FasciaJournal.open(path: path, timeZone: "UTC")
            weakApp = app
            _ = try app.addRun(run: NewRun(startedAt: morning, distanceM: 5_000, durationS: 1_800, kind: .easy), now: morning)
        }
        XCTAssertNil(weakApp, "the last reference released the Rust object")
        XCTAssertEqual(try FasciaJournal.open(path: path, timeZone: "UTC").recentRuns(limit: 5).count, 1)
    }

    func testZoneContent() throws {
        let zones = try zones()
        XCTAssertEqual(zones.count, 11)
        XCTAssertTrue(zones.allSatisfy { !$0.name.isEmpty && !$0.technique.isEmpty })
        // Records have Swift defaults where the core has them: no budget, priorities or exclusions.
        let bodywork = try buildRoutine(request: RoutineRequest(kind: .bodywork, tools: [.foamRoller, .ball, .stick, .hands]))
        XCTAssertEqual(bodywork.kind, .bodywork)
        XCTAssertEqual(bodywork.budgetS, 45 * 60)
        XCTAssertEqual(bodywork.budgetS, try bodyworkMinutes() * 60)
    }

    /// The numbers and words the apps take from the core instead of writing their own: a Double,
    /// an optional String and a local date cross, and a refusal names its field.
    func testTheCoresNumbersAndWordsCross() throws {
        let scale = try sorenessScale()
        XCTAssertEqual([scale.min, scale.max], [0, 10])
        XCTAssertEqual(try sorenessLevelText(level: 4), "4/10")
        XCTAssertEqual(try dailyMinutes(), 12)
        XCTAssertEqual(try durationText(seconds: 720), "12 min")
        XCTAssertEqual(try streakText(days: 1), "Streak: 1 day")
        XCTAssertEqual(try distanceMetres(units: .imperial, value: 13.1), 21_082)
        XCTAssertEqual(distanceText(units: .imperial, metres: 21_082), "13.1 mi")
        XCTAssertEqual(try distanceLabel(units: .metric), "Distance, km")
        XCTAssertThrowsError(try distanceMetres(units: .metric, value: .nan)) { error in
            guard case let FasciaError.InvalidInput(field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "distance")
        }
        XCTAssertEqual(try sideText(side: .both), "Both sides")
        XCTAssertEqual(try stepKindText(kind: .hold), "Hold")
        let app = try FasciaJournal.open(path: tempJournal(), timeZone: "Europe/Paris")
        _ = try app.addRace(race: NewRace(name: "Spring Marathon", date: "2026-06-07", distanceM: nil, priority: .a), now: morning)
        let today = try app.today(now: morning)
        XCTAssertTrue(try today.calendar.map { try calendarLabel(day: $0) }.allSatisfy { $0 == nil || !$0!.isEmpty })
        let race = try XCTUnwrap(try app.seasonPlan(now: morning).races.first)
        XCTAssertEqual(try bodyworkDueText(race: race, today: today.date), "Book the 45-minute session by \(dayInWords(race.bodyworkBy!))")
        XCTAssertTrue(try raceWeekText(race: race).hasPrefix("Race week from \(dayInWords(race.raceWeekFrom))."))
    }
}

/// Errors collected from several threads at once.
final class Errors: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Error] = []
    func add(_ error: Error) { lock.lock(); list.append(error); lock.unlock() }
    var all: [Error] { lock.lock(); defer { lock.unlock() }; return list }
}

/// An ISO day as the core's sentences show it: "Sun 8 Nov 2026".
private func dayInWords(_ iso: String) -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyy-MM-dd"
    let day = f.date(from: iso)!
    f.dateFormat = "EEE d MMM yyyy"
    return f.string(from: day)
}
