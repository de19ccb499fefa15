// The iOS app's logic against the real library: a runner's day, reminders within iOS's 64,
// cues re-planned, a check-in changing tomorrow, a damaged journal, every error as a message.
import Fascia
@testable import FasciaKit
import Foundation
import XCTest

final class FakeClock: Clock {
    var at: Date
    var tz: String
    init(_ at: Date, _ tz: String) { self.at = at; self.tz = tz }
    func now() -> Date { at }
    func zone() -> String { tz }
}

final class FakeCenter: Notifier {
    var items: [String: PlannedNotification] = [:]
    var adds = 0
    var allowed = true
    var refreshes = 0
    /// Runs while the centre is being read (an await iOS may end the background task in).
    var onRefresh: (() -> Void)?
    func refresh() async {
        refreshes += 1
        onRefresh?()
    }
    func pending() -> [PlannedNotification] { items.values.sorted { $0.fireAt < $1.fireAt } }
    func add(_ n: PlannedNotification) throws {
        adds += 1
        items[n.id] = n
        XCTAssertLessThanOrEqual(items.count, pendingLimit, "iOS keeps at most 64")
    }
    func remove(ids: [String]) { for id in ids { items[id] = nil } }
    func authorized() -> Bool { allowed }
    var reminders: [PlannedNotification] { pending().filter { $0.id.hasPrefix(ReminderSync.prefix) } }
    var cues: [PlannedNotification] { pending().filter { $0.id.hasPrefix(CuePlanner.prefix) } }
}

final class FakeSpeaker: Speaker {
    var said: [String] = []
    /// When each was said, by the clock given.
    var at: [Date] = []
    let clock: FakeClock?
    /// Keeps utterances under way until `finishSpeaking()`.
    var holdsUtterances = false
    private var unfinished: [() -> Void] = []
    init(clock: FakeClock? = nil) { self.clock = clock }
    func say(_ words: String, done: @escaping () -> Void) {
        said.append(words)
        if let clock { at.append(clock.at) }
        if holdsUtterances { unfinished.append(done) } else { done() }
    }
    func finishSpeaking() {
        let done = unfinished
        unfinished = []
        for d in done { d() }
    }
}

final class FakeActivity: LiveActivity {
    enum Call: Equatable {
        case start(String, LiveActivityState)
        case update(String, LiveActivityState)
        case end(String)
    }
    var calls: [Call] = []
    func start(sessionId: String, state: LiveActivityState) { calls.append(.start(sessionId, state)) }
    func update(sessionId: String, state: LiveActivityState) { calls.append(.update(sessionId, state)) }
    func end(sessionId: String) { calls.append(.end(sessionId)) }
    var states: [LiveActivityState] {
        calls.compactMap {
            switch $0 {
            case let .start(_, s), let .update(_, s): return s
            case .end: return nil
            }
        }
    }
    var updates: [LiveActivityState] { calls.compactMap { if case let .update(_, s) = $0 { return s } else { return nil } } }
    var shown: [String] { states.map(\.step) }
    var ended: Bool { calls.contains { if case .end = $0 { return true } else { return false } } }
}

/// Runs work at its instant when the test moves the clock on: the phone's wall clock, with
/// nothing drawing (no view, no tick()).
final class FakeScheduler: WallScheduler {
    final class Work: ScheduledWork {
        let at: Date
        let seq: Int
        let fire: () -> Void
        var cancelled = false
        init(_ at: Date, _ seq: Int, _ fire: @escaping () -> Void) { self.at = at; self.seq = seq; self.fire = fire }
        func cancel() { cancelled = true }
    }
    let clock: FakeClock
    private var queue: [Work] = []
    private var seq = 0
    /// Each work item fired twice (a wake-up delivered twice).
    var firesTwice = false
    /// Runs after each fire (the screen redrawing, the app coming to the front at that instant).
    var afterFire: (@MainActor () async -> Void)?
    /// Waits for what a fire started (the model's actions after a cue) before the next one.
    var settle: (@MainActor () async -> Void)?
    init(_ clock: FakeClock) { self.clock = clock }

    func schedule(at: Date, _ work: @escaping () -> Void) -> ScheduledWork {
        seq += 1
        let w = Work(at, seq, work)
        queue.append(w)
        return w
    }

    /// Moves the clock to `until`, firing each item due on the way at its instant, in order (one
    /// already past fires at once, at the clock's time: late).
    @MainActor
    func run(until: Date) async {
        while let next = queue.filter({ !$0.cancelled && $0.at <= until }).min(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }) {
            queue.removeAll { $0 === next }
            if next.at > clock.at { clock.at = next.at }
            next.fire()
            await settle?()
            if firesTwice {
                next.fire()
                await settle?()
            }
            await afterFire?()
        }
        queue.removeAll { $0.cancelled }
        if until > clock.at { clock.at = until }
    }

    var live: Int { queue.filter { !$0.cancelled }.count }
}

func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

func journalPath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fasciakit-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("fascia.db").path
}

@MainActor
final class FasciaKitTests: XCTestCase {
    func makeModel(_ path: String, _ clock: FakeClock, _ center: FakeCenter, speaker: Speaker? = nil, activity: LiveActivity? = nil,
                   scheduler: WallScheduler? = nil) -> AppModel {
        let model = AppModel(path: path, clock: clock, center: center, speaker: speaker, activity: activity, scheduler: scheduler)
        (scheduler as? FakeScheduler)?.settle = { [model] in await model.idle() }
        return model
    }

    func testARunnersDayAcrossARelaunch() async throws {
        let path = journalPath()
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        let center = FakeCenter()
        let speaker = FakeSpeaker()
        let activity = FakeActivity()
        let scheduler = FakeScheduler(clock)
        var model: AppModel? = makeModel(path, clock, center, speaker: speaker, activity: activity, scheduler: scheduler)
        await model!.load().value
        XCTAssertEqual(model!.screen, .firstRun)
        await model!.finishSetUp(reminderTime: "07:15:00", tools: [.foamRoller, .ball, .hands]).value
        XCTAssertEqual(model!.screen, .today)
        XCTAssertNil(model!.message)
        await model!.startRoutine().value
        XCTAssertEqual(model!.screen, .session)
        // The first step's cue is at the start instant, on the session's clock.
        await scheduler.run(until: clock.at)
        await model!.tick().value
        XCTAssertEqual(speaker.said.count, 1, "the first step is spoken")
        let first = model!.session!.routine().steps[0]
        XCTAssertEqual(speaker.said, [try stepTitle(step: first)], "in the core's words")
        XCTAssertEqual(activity.shown.last, try stepTitle(step: first))
        XCTAssertFalse(center.cues.isEmpty)
        clock.at += 50
        await model!.tick().value
        await model!.event(.pause).value
        let paused = model!.snapshot!
        XCTAssertEqual(paused.status, .paused)
        XCTAssertTrue(center.cues.isEmpty, "no cue while paused")
        XCTAssertFalse(activity.shown.isEmpty)
        // The app is killed; the relaunch finds the same step, still paused.
        model = nil
        clock.at += 600
        let again = makeModel(path, clock, center, speaker: speaker, activity: activity)
        await again.load().value
        XCTAssertEqual(again.screen, .session)
        XCTAssertEqual(again.snapshot?.stepIndex, paused.stepIndex)
        XCTAssertEqual(again.snapshot?.status, .paused)
        await again.event(.resume).value
        XCTAssertFalse(center.cues.isEmpty)
        // The runner holds the rest of the routine: a session counts as done by the time held
        // under pressure, not by pressing finish. The tick past the end records the finish.
        let session = try XCTUnwrap(again.session)
        clock.at += 720
        await again.tick().value
        XCTAssertNil(again.session)
        XCTAssertEqual(session.snapshot(now: clock.at).status, .finished)
        XCTAssertTrue(session.countsAsDone())
        await again.event(.finish).value // nothing in progress: ignored
        XCTAssertNil(again.message)
        XCTAssertTrue(center.cues.isEmpty)
        XCTAssertTrue(activity.ended)
        XCTAssertEqual(again.screen, .today)
        XCTAssertTrue(again.today!.doneToday)
    }

    func testCuesAreReplannedOnPauseSkipAndFinish() async throws {
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        let center = FakeCenter()
        let model = makeModel(journalPath(), clock, center)
        await model.load().value
        await model.startRoutine().value
        let session = model.session!
        // Where the session stands, in the core's words.
        XCTAssertEqual(model.stepOf, try stepOfText(index: 0, count: UInt32(session.routine().steps.count)))
        XCTAssertEqual(model.stepOf, "Step 1 of \(session.routine().steps.count)")
        let first = Set(center.cues.map(\.id))
        let firstTimes = Dictionary(uniqueKeysWithValues: center.cues.map { ($0.id, $0.fireAt) })
        XCTAssertEqual(first, Set(session.cues(now: clock.at, horizonS: CuePlanner.horizonS).map { CuePlanner.prefix + $0.id }))
        XCTAssertTrue(center.cues.allSatisfy(\.timeSensitive))
        // Each notification says the core's words for its cue.
        let words = Dictionary(uniqueKeysWithValues: session.cues(now: clock.at, horizonS: CuePlanner.horizonS).map { (CuePlanner.prefix + $0.id, $0.words) })
        XCTAssertTrue(center.cues.allSatisfy { !$0.title.isEmpty && $0.title == words[$0.id] })
        clock.at += 12
        await model.event(.skip).value
        XCTAssertEqual(model.stepOf, stepOfWords(index: Int(model.snapshot!.stepIndex), count: session.routine().steps.count))
        let afterSkip = center.cues
        XCTAssertEqual(Set(afterSkip.map(\.id)), Set(session.cues(now: clock.at, horizonS: CuePlanner.horizonS).map { CuePlanner.prefix + $0.id }))
        // The skip cut the first hold short: every later cue comes earlier, under the same id.
        let moved = afterSkip.filter { firstTimes[$0.id] != nil }
        XCTAssertFalse(moved.isEmpty)
        XCTAssertTrue(moved.allSatisfy { $0.fireAt < firstTimes[$0.id]! }, "moved by the skip")
        await model.event(.pause).value
        XCTAssertTrue(center.cues.isEmpty)
        clock.at += 30
        await model.event(.resume).value
        XCTAssertEqual(center.cues.first?.fireAt, session.cues(now: clock.at, horizonS: CuePlanner.horizonS).first.map(\.at))
        await model.event(.finish).value
        XCTAssertTrue(center.cues.isEmpty)
        XCTAssertNil(model.session)
        XCTAssertEqual(model.screen, .today)
    }

    func testRemindersStayWithin64KeepMilestonesAndFollowTheZone() async throws {
        let path = journalPath()
        let clock = FakeClock(date("2027-01-04T06:00:00Z"), "Europe/London")
        let center = FakeCenter()
        let model = makeModel(path, clock, center)
        await model.load().value
        await model.finishSetUp(reminderTime: "07:00:00", tools: [.foamRoller, .hands]).value
        let journal = try FasciaJournal.open(path: path, timeZone: "Europe/London")
        _ = try journal.addRace(race: NewRace(name: "Spring Marathon", date: "2027-04-18", distanceM: 42195, priority: .a), now: clock.at)
        _ = try journal.addRace(race: NewRace(name: "City Half", date: "2027-03-07", distanceM: nil, priority: .b), now: clock.at)
        let sync = ReminderSync(journal: journal, center: center, clock: clock)
        try sync.sync()
        XCTAssertLessThanOrEqual(center.pending().count, 64)
        // Within the 14 days planned every milestone is kept.
        let plan = try journal.reminders(now: clock.at, days: ReminderSync.horizonDays, limit: nil)
        XCTAssertEqual(Set(center.reminders.map(\.id)), Set(plan.map { ReminderSync.prefix + $0.id }))
        // Idempotent: a second sync adds nothing.
        let adds = center.adds
        try sync.sync()
        XCTAssertEqual(center.adds, adds)
        // A stale id (another season's reminder) is removed.
        try center.add(PlannedNotification(id: ReminderSync.prefix + "race-week:gone", fireAt: clock.at + 3600, title: "old", body: ""))
        try sync.sync()
        XCTAssertNil(center.items[ReminderSync.prefix + "race-week:gone"])
        // A running session's cues take room: cues plus reminders never exceed 64.
        await model.resumed().value
        await model.startRoutine().value
        XCTAssertFalse(center.cues.isEmpty)
        XCTAssertLessThanOrEqual(center.pending().count, 64)
        await model.event(.abort).value
        // Travel: 07:00 stays 07:00 in the new zone.
        let daily = ReminderSync.prefix + "daily-routine:2027-01-05"
        let london = center.items[daily]!.fireAt
        clock.tz = "America/New_York"
        await model.resumed().value
        XCTAssertEqual(center.items[daily]!.fireAt.timeIntervalSince(london), 5 * 3600)
    }

    func testRemindersInTheLongRunFillTheRoomSoonestFirstWithMilestones() async throws {
        let clock = FakeClock(date("2027-01-04T06:00:00Z"), "Europe/London")
        let journal = try FasciaJournal.open(path: journalPath(), timeZone: "Europe/London")
        _ = try journal.addRace(race: NewRace(name: "Spring Marathon", date: "2027-04-18", distanceM: nil, priority: .a), now: clock.at)
        let cut = try journal.reminders(now: clock.at, days: 120, limit: 20)
        XCTAssertEqual(cut.count, 20)
        XCTAssertTrue(cut.contains { $0.kind == .raceWeek }, "the April race week is kept within 20")
    }

    func testACheckInIsSavedAndChangesTomorrow() async throws {
        let path = journalPath()
        let clock = FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris")
        let model = makeModel(path, clock, FakeCenter())
        await model.load().value
        await model.saveCheckIn().value
        // The core's words, with the core's scale.
        XCTAssertEqual(model.message, Zones.soreness.nothingRated)
        XCTAssertEqual(model.message, "Tap a zone on the map and choose 0 to 10 first.")
        let journal = try FasciaJournal.open(path: path, timeZone: "Europe/Paris")
        let tomorrow = clock.at + 86_400
        let before = try journal.todaysRoutine(now: tomorrow, minutes: nil)
        model.rate(zone: "it-band", side: .right, level: 5)
        await model.saveCheckIn().value
        XCTAssertEqual(model.message, "Saved: tomorrow's routine adapts to it.")
        let after = try journal.todaysRoutine(now: tomorrow, minutes: nil)
        XCTAssertNotEqual(before, after)
        let it = after.zones.first { $0.zone == "it-band" }!
        XCTAssertEqual(it.side, .right)
        XCTAssertEqual(it.reason.key, "reason.side-sore")
        XCTAssertEqual(Zones.regions.filter { $0.zone == "it-band" }.count, 2, "the body map has both sides")
    }

    func testStartRoutineIsTheOneWayInAndResumesAPausedSession() async throws {
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        let center = FakeCenter()
        let model = makeModel(journalPath(), clock, center)
        await model.load().value
        await model.startRoutine().value
        let id = model.session!.id()
        clock.at += 20
        await model.event(.pause).value
        XCTAssertEqual(model.snapshot?.status, .paused)
        clock.at += 60
        await model.startRoutine().value
        XCTAssertEqual(model.session?.id(), id, "the same session")
        XCTAssertEqual(model.snapshot?.status, .running)
        XCTAssertEqual(model.snapshot?.sessionElapsedMs, 20_000)
        XCTAssertFalse(center.cues.isEmpty)
        XCTAssertNil(model.message)
    }

    func testALongRunOpensTheCheckInWithTheCoresQuestionUntilOneIsSaved() async throws {
        let clock = FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris")
        let model = makeModel(journalPath(), clock, FakeCenter())
        await model.load().value
        await model.logRun(distance: 8, minutes: 45).value
        XCTAssertNil(model.today?.checkIn, "a short easy run brings none")
        // Not marked long: the core's long-run rule counts it by its distance.
        await model.logRun(distance: 21.1, minutes: 120).value
        let checkIn = try XCTUnwrap(model.today?.checkIn)
        XCTAssertEqual(checkIn.question, "How do your legs feel after your 21.1 km run?")
        model.rate(zone: "calves", side: .left, level: 4)
        await model.saveCheckIn().value
        XCTAssertNil(model.today?.checkIn)
        await model.show(.more).value
        XCTAssertEqual(model.logs.soreness.map(\.runId), [checkIn.run.id], "the entries follow the run")
    }

    func testADamagedJournalLeadsToRestore() async throws {
        let path = journalPath()
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        do {
            let j = try FasciaJournal.open(path: path, timeZone: "Europe/Paris")
            _ = try j.addRace(race: NewRace(name: "City 10K", date: "2027-03-07", distanceM: nil, priority: .c), now: clock.at)
            XCTAssertNotNil(try j.backupIfDue(now: clock.at + 2 * 86_400))
        }
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        try? FileManager.default.removeItem(atPath: path + "-wal")
        let model = makeModel(path, clock, FakeCenter())
        await model.load().value
        XCTAssertEqual(model.screen, .restore)
        XCTAssertNotNil(model.damaged?.newestBackup)
        XCTAssertEqual(model.message, "Your journal file is damaged. Restore the latest backup to carry on.")
        await model.restore().value
        XCTAssertEqual(model.screen, .today)
        XCTAssertNil(model.damaged)
    }

    func testEveryErrorIsAMessage() async throws {
        let cases: [FasciaError] = [
            .InvalidInput(field: "level", reason: "invalid level: must be 0 (none) to 10 (worst)"),
            .NotFound(reason: "no run x"), .Conflict(reason: "a session is already in progress"),
            .Damaged(path: "/x", reason: "not a database", newestBackup: nil),
            .IncompatibleVersion(found: 9, supported: 3, reason: "newer"),
            .Storage(reason: "the disk is full", detail: "SQLITE_FULL"), .Internal(reason: "bug", detail: "panic: bug"),
        ]
        for e in cases {
            let text = forRunner(e)
            XCTAssertFalse(text.isEmpty)
            XCTAssertTrue(text.hasSuffix("."), text)
        }
        // A refusal from the core reaches the screen and changes nothing.
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        let model = makeModel(journalPath(), clock, FakeCenter())
        await model.load().value
        await model.finishSetUp(reminderTime: "07:00:00", tools: []).value
        XCTAssertNil(model.message)
        model.rate(zone: "thoracic-spine", side: .left, level: 3)
        await model.saveCheckIn().value
        XCTAssertTrue(model.message!.contains("has no sides"), model.message!)
    }
}

@MainActor
final class LogTests: XCTestCase {
    func testEntriesAreCorrectedDeletedExportedAndImported() async throws {
        let clock = FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris")
        let center = FakeCenter()
        let model = AppModel(path: journalPath(), clock: clock, center: center)
        await model.load().value
        await model.logRun(distance: 10, minutes: 55, long: false).value
        await model.show(.more).value
        XCTAssertEqual(model.logs.runs.count, 1)
        await model.editRun(model.logs.runs[0], distance: 12, minutes: 60).value
        XCTAssertEqual(model.logs.runs[0].distanceM, 12_000)
        let race = NewRace(name: "City Half", date: "2027-03-07", distanceM: nil, priority: .b)
        await model.addRace(race).value
        await model.addRace(NewRace(name: "city half", date: "2027-03-07", distanceM: nil, priority: .b)).value
        XCTAssertTrue(model.message?.contains("already in your races") ?? false, model.message ?? "")
        XCTAssertEqual(model.logs.races.count, 1)
        await model.editRace(id: model.logs.races[0].id, NewRace(name: "City Half", date: "2027-03-14", distanceM: nil, priority: .b)).value
        XCTAssertEqual(model.logs.races[0].date, "2027-03-14")
        await model.addDowntime(NewDowntime(date: "2026-11-20", minutes: 90, zone: nil)).value
        await model.editDowntime(id: model.logs.downtime[0].id, NewDowntime(date: "2026-11-20", minutes: 120, zone: "it-band")).value
        XCTAssertEqual(model.logs.downtime[0].minutes, 120)
        await model.addBodywork(NewBodywork(at: clock.at + 86_400, minutes: 45)).value
        await model.editBodywork(id: model.logs.bodywork[0].id, NewBodywork(at: clock.at + 2 * 86_400, minutes: 60)).value
        XCTAssertEqual(model.logs.bodywork[0].minutes, 60)
        model.rate(zone: "calves", side: .both, level: 4)
        await model.saveCheckIn().value
        await model.show(.more).value
        await model.editSoreness(model.logs.soreness[0], level: 2).value
        XCTAssertEqual(model.logs.soreness[0].level, 2)
        await model.requestExport().value
        let export = try XCTUnwrap(model.export?.text)
        await model.delete(.run, id: model.logs.runs[0].id).value
        XCTAssertTrue(model.logs.runs.isEmpty)
        // Importing the export does not bring the deleted run back (its deletion is newer).
        let other = AppModel(path: journalPath(), clock: clock, center: FakeCenter())
        await other.load().value
        await other.importJSON(export).value
        await other.show(.more).value
        XCTAssertEqual(other.logs.runs.count, 1)
        XCTAssertEqual(other.logs.races.map(\.name), ["City Half"])
        XCTAssertTrue(other.message?.hasPrefix("Imported:") ?? false)
        await other.importJSON("{not an export").value
        XCTAssertTrue(other.message?.hasSuffix("Please correct it and try again.") ?? false, other.message ?? "")
    }
}

final class WordsTests: XCTestCase {
    /// Screens show words, never ids: every reason today can give has text, with values filled.
    func testReasonsToolsAndWarningsAreWords() throws {
        try Zones.load()
        let reasonKeys = [
            "reason.maintenance", "reason.rotation", "reason.sore", "reason.sore-after-long-run",
            "reason.sore-after-long-run-mi", "reason.side-sore", "reason.side-sore-after-long-run",
            "reason.side-sore-after-long-run-mi", "reason.sore-after-race", "reason.sore-after-race-mi",
            "reason.side-sore-after-race", "reason.side-sore-after-race-mi", "reason.race-day",
            "reason.after-race", "reason.race-week", "reason.your-choice",
        ]
        for key in reasonKeys {
            XCTAssertNotEqual(reasonWords(Reason(key: key, args: [])), key, key)
        }
        let reason = Reason(key: "reason.side-sore", args: [ReasonArg(name: "side", value: "left"), ReasonArg(name: "level", value: "5")])
        XCTAssertEqual(reasonWords(reason), "Sore on the left side: 5/10 (that side first, with more time)")
        XCTAssertEqual(toolName(.foamRoller), "Foam roller")
        XCTAssertTrue(healthWords(.exactAlarmsOff).hasPrefix("Exact alarms"))
        XCTAssertEqual(Zones.name("it-band"), "IT band (outer thigh)")
        // Places, sides and steps are the core's words.
        XCTAssertEqual(place("calves", .left), "Calves, left")
        XCTAssertEqual(place("calves", .both), "Calves")
        XCTAssertEqual(sideName(.both), "Both sides")
        XCTAssertEqual(stepName(.hold), "Hold")
    }
}

@MainActor
final class FirstRunTests: XCTestCase {
    /// First run as on Android: tools, reminder time, quiet hours, and the goal race.
    func testFirstRunKeepsQuietHoursAndTheGoalRace() async throws {
        let path = journalPath()
        let clock = FakeClock(date("2027-01-04T08:00:00Z"), "Europe/Paris")
        let center = FakeCenter()
        let model = AppModel(path: path, clock: clock, center: center)
        await model.load().value
        await model.finishSetUp(
            reminderTime: "06:30:00", tools: [.ball, .hands],
            quietHours: QuietHours(start: "21:30:00", end: "06:45:00"),
            race: NewRace(name: "Spring Marathon", date: "2027-04-18", distanceM: 42195, priority: .a)).value
        XCTAssertNil(model.message)
        let journal = try FasciaJournal.open(path: path, timeZone: "Europe/Paris")
        let settings = try journal.settings()
        XCTAssertEqual(settings.quietHours, QuietHours(start: "21:30", end: "06:45"))
        XCTAssertEqual(try journal.races().map(\.name), ["Spring Marathon"])
        // 06:30 is inside the quiet hours: reminder health says it fires at 06:45, and why.
        XCTAssertEqual(model.health?.dailyFiresAt, "06:45")
        XCTAssertTrue(model.health?.warnings.contains(.reminderInQuietHours) ?? false)
        XCTAssertTrue(center.reminders.contains { $0.id.contains("kickoff") || $0.id.contains("daily-routine") })
    }
}
