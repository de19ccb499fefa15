// "iPhone at the trailhead": the voice from the session's clock on an audio session held for the
// routine, the Live Activity through every step, cue notifications within the 64 and silent with
// the app in front, and the background refresh with no window. The phone is locked throughout:
// nothing calls tick() unless a test says the screen is on.
import Fascia
@testable import FasciaKit
import Foundation
import XCTest

final class FakeAudio: AudioSession {
    enum Call: Equatable {
        case category(AudioCategory, AudioMode, AudioOptions)
        case active(Bool, notify: Bool)
    }
    var calls: [Call] = []
    var active = false
    func setCategory(_ category: AudioCategory, mode: AudioMode, options: AudioOptions) throws {
        calls.append(.category(category, mode, options))
    }
    func setActive(_ active: Bool, notifyOthersOnDeactivation: Bool) throws {
        calls.append(.active(active, notify: notifyOthersOnDeactivation))
        self.active = active
    }
}

final class FakeHaptics: Haptics {
    var count = 0
    func stepChange() { count += 1 }
}

final class FakeRefreshTask: RefreshTask {
    var expirationHandler: (() -> Void)?
    var completed: [Bool] = []
    func setTaskCompleted(success: Bool) { completed.append(success) }
}

/// A phone with every fake, the journal set up, and nothing drawing.
@MainActor
final class Trailhead {
    let path = journalPath()
    let clock: FakeClock
    let center = FakeCenter()
    let audio = FakeAudio()
    let speaker: FakeSpeaker
    let scheduler: FakeScheduler
    let activity = FakeActivity()
    let haptics = FakeHaptics()
    let model: AppModel

    init(_ at: String = "2026-11-23T06:00:00Z", zone: String = "Europe/Paris") async {
        clock = FakeClock(date(at), zone)
        speaker = FakeSpeaker(clock: clock)
        scheduler = FakeScheduler(clock)
        model = AppModel(path: path, clock: clock, center: center, speaker: speaker, haptics: haptics, activity: activity,
                         audio: audio, scheduler: scheduler)
        scheduler.settle = { [model] in await model.idle() }
        await model.load().value
        await model.finishSetUp(reminderTime: "07:15:00", tools: [.foamRoller, .ball, .hands]).value
    }
}

let voicePrompt = FakeAudio.Call.category(.playback, .voicePrompt, [.duckOthers, .interruptSpokenAudioAndMixWithOthers])
let released = FakeAudio.Call.active(false, notify: true)

func plist(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try XCTUnwrap(PropertyListSerialization.propertyList(from: data, format: nil) as? [String: Any], path)
}

/// ios/App as tests/swift/run copies it in (Info.plist, the entitlements, the app package).
func appDir() throws -> String {
    try XCTUnwrap(ProcessInfo.processInfo.environment["FASCIA_IOS_APP"], "tests/swift/run sets FASCIA_IOS_APP")
}

// ---- 1. voice when locked -----------------------------------------------------------------------

@MainActor
final class VoiceTests: XCTestCase {
    func testStartingARoutineHoldsAnAudioSessionForVoicePrompts() async throws {
        let t = await Trailhead()
        XCTAssertTrue(t.audio.calls.isEmpty, "no audio session outside a routine")
        await t.model.startRoutine().value
        XCTAssertEqual(t.audio.calls, [voicePrompt, .active(true, notify: false)])
        XCTAssertTrue(t.audio.active)
        // Held, not set up again, through the routine's events and redraws.
        t.clock.at += 5
        await t.model.event(.extend).value
        await t.model.tick().value
        XCTAssertEqual(t.audio.calls.count, 2)
    }

    func testTheCoresWordsAreSpokenAtTheCueInstantsWithNoScreen() async throws {
        let t = await Trailhead()
        await t.model.startRoutine().value
        let session = try XCTUnwrap(t.model.session)
        let plan = session.cues(now: t.clock.at, horizonS: 3600)
        let end = try XCTUnwrap(plan.last)
        XCTAssertEqual(end.kind, .sessionEnd, "the whole routine is planned")
        // Locked: no view, no tick(); only the session's clock runs.
        await t.scheduler.run(until: end.at.addingTimeInterval(1))
        XCTAssertEqual(t.speaker.said, plan.map(\.words), "exactly the core's words, in order")
        XCTAssertEqual(t.speaker.at, plan.map(\.at), "each at its cue's instant")
        XCTAssertEqual(t.haptics.count, plan.filter { $0.kind == .stepStart || $0.kind == .switchSides }.count)
        // The session-end cue recorded the finish, and the audio session was given back.
        XCTAssertNil(t.model.session)
        XCTAssertEqual(session.snapshot(now: t.clock.at).status, .finished)
        XCTAssertTrue(session.countsAsDone())
        XCTAssertEqual(t.audio.calls.last, released)
        XCTAssertFalse(t.audio.active)
        XCTAssertEqual(t.scheduler.live, 0, "nothing left scheduled")
    }

    func testACueIsNeverSpokenTwice() async throws {
        let t = await Trailhead()
        await t.model.startRoutine().value
        let plan = try XCTUnwrap(t.model.session).cues(now: t.clock.at, horizonS: 3600)
        // At every cue's instant the screen redraws and the app comes to the front (both re-plan
        // from that instant, where the core lists the cue again), and the wake-up arrives twice.
        t.scheduler.firesTwice = true
        t.scheduler.afterFire = { [model = t.model] in
            await model.tick().value
            await model.resumed().value
        }
        // A pause a third of the way in moves every later cue; nothing is said while paused.
        let pauseAt = plan[plan.count / 3].at.addingTimeInterval(1)
        await t.scheduler.run(until: pauseAt)
        await t.model.event(.pause).value
        let before = t.speaker.said.count
        XCTAssertEqual(before, plan.filter { $0.at <= pauseAt }.count)
        await t.scheduler.run(until: pauseAt.addingTimeInterval(40))
        XCTAssertEqual(t.speaker.said.count, before)
        await t.model.event(.resume).value
        // (resumed() hands the model the journal's session afresh: ask the one it holds now.)
        let rest = try XCTUnwrap(t.model.session).cues(now: t.clock.at, horizonS: 3600)
        await t.scheduler.run(until: try XCTUnwrap(rest.last).at.addingTimeInterval(1))
        let expected = plan.filter { $0.at <= pauseAt } + rest
        XCTAssertEqual(t.speaker.said, expected.map(\.words))
        XCTAssertEqual(t.speaker.at, expected.map(\.at))
        XCTAssertNil(t.model.session)
    }

    func testEndingTheRoutineReleasesTheAudioSession() async throws {
        let t = await Trailhead()
        // Abort.
        await t.model.startRoutine().value
        await t.scheduler.run(until: t.clock.at.addingTimeInterval(30))
        await t.model.event(.abort).value
        XCTAssertEqual(t.audio.calls.last, released)
        XCTAssertFalse(t.audio.active)
        let said = t.speaker.said.count
        await t.scheduler.run(until: t.clock.at.addingTimeInterval(900))
        XCTAssertEqual(t.speaker.said.count, said, "nothing said after the end")
        // Leave: the session stays in the journal, paused, and the audio is given back.
        await t.model.startRoutine().value
        XCTAssertTrue(t.audio.active)
        let id = try XCTUnwrap(t.model.session).id()
        await t.scheduler.run(until: t.clock.at.addingTimeInterval(30))
        await t.model.leave().value
        XCTAssertEqual(t.audio.calls.last, released)
        XCTAssertFalse(t.audio.active)
        XCTAssertNil(t.model.session)
        XCTAssertEqual(t.model.screen, .today)
        XCTAssertEqual(t.scheduler.live, 0)
        // Coming back to the app does not take the closed session up again; Resume does.
        await t.model.resumed().value
        XCTAssertNil(t.model.session)
        XCTAssertFalse(t.audio.active)
        await t.model.startRoutine().value
        XCTAssertEqual(t.model.session?.id(), id)
        XCTAssertTrue(t.audio.active)
        // Finish: the last words are not cut off; the session is released once they are said.
        t.speaker.holdsUtterances = true
        let end = try XCTUnwrap(t.model.session?.cues(now: t.clock.at, horizonS: 3600).last)
        await t.scheduler.run(until: end.at.addingTimeInterval(1))
        XCTAssertNil(t.model.session)
        XCTAssertEqual(t.speaker.said.last, end.words)
        XCTAssertTrue(t.audio.active, "still speaking")
        t.speaker.finishSpeaking()
        XCTAssertEqual(t.audio.calls.last, released)
        XCTAssertFalse(t.audio.active)
    }

    func testTheAppDeclaresTheAudioBackgroundMode() async throws {
        let dir = try appDir()
        let info = try plist(dir + "/Info.plist")
        let modes = info["UIBackgroundModes"] as? [String] ?? []
        XCTAssertTrue(modes.contains("audio"), "spoken prompts with the phone locked")
        XCTAssertTrue(modes.contains("fetch"), "background refresh")
        XCTAssertEqual(info["BGTaskSchedulerPermittedIdentifiers"] as? [String], [BackgroundRefresh.identifier])
        XCTAssertEqual(info["NSSupportsLiveActivities"] as? Bool, true)
        // The Xcode project (ios/project.yml, generated by XcodeGen) merges that Info.plist.
        let ios = try XCTUnwrap(ProcessInfo.processInfo.environment["FASCIA_IOS"])
        let project = try String(contentsOfFile: ios + "/project.yml", encoding: .utf8)
        XCTAssertTrue(project.contains("INFOPLIST_FILE: App/Info.plist"))
    }
}

// ---- 2. the Live Activity ----------------------------------------------------------------------

@MainActor
final class LiveActivityTests: XCTestCase {
    func testTheLiveActivityStartsWithTheRoutineFollowsEveryStepAndEnds() async throws {
        let t = await Trailhead()
        await t.model.startRoutine().value
        let session = try XCTUnwrap(t.model.session)
        let steps = session.routine().steps
        let plan = session.cues(now: t.clock.at, horizonS: 3600)
        // Where each step begins and ends, by the core's cue plan.
        var begins: [Int: Date] = [:]
        for c in plan where c.kind == .stepStart || c.kind == .switchSides { begins[Int(c.stepIndex)] = c.at }
        let sessionEnd = try XCTUnwrap(plan.last?.at)
        func ends(_ i: Int) -> Date { i + 1 < steps.count ? begins[i + 1]! : sessionEnd }
        XCTAssertEqual(begins.count, steps.count)

        XCTAssertEqual(t.activity.calls.count, 1)
        guard case let .start(id, first) = t.activity.calls[0] else { return XCTFail("started with the routine") }
        XCTAssertEqual(id, session.id())
        XCTAssertEqual(first.step, try stepTitle(step: steps[0]))
        XCTAssertEqual(first.stepCount, steps.count)
        XCTAssertEqual(first.start.timeIntervalSince1970, begins[0]!.timeIntervalSince1970, accuracy: 0.001)
        XCTAssertEqual(first.end.timeIntervalSince1970, ends(0).timeIntervalSince1970, accuracy: 0.001)
        XCTAssertNil(first.pausedAt)

        // Locked through the routine: one update at each step, from the session's clock.
        await t.scheduler.run(until: sessionEnd.addingTimeInterval(1))
        let updates = t.activity.updates
        XCTAssertEqual(updates.map(\.stepIndex), Array(1..<steps.count), "one update per step, in order")
        for u in updates {
            XCTAssertEqual(u.step, try stepTitle(step: steps[u.stepIndex]))
            XCTAssertEqual(u.start.timeIntervalSince1970, begins[u.stepIndex]!.timeIntervalSince1970, accuracy: 0.001)
            XCTAssertEqual(u.end.timeIntervalSince1970, ends(u.stepIndex).timeIntervalSince1970, accuracy: 0.001)
        }
        XCTAssertEqual(t.activity.calls.last, .end(session.id()), "ended with the session")
        XCTAssertTrue(t.activity.states.allSatisfy { $0.start <= $0.end })
    }

    func testTheCountdownIsNeverInvertedPausedOrPastItsEnd() async throws {
        // The state itself: given an end before its start, the range still holds.
        let odd = LiveActivityState(step: "Calves", stepIndex: 0, stepCount: 1,
                                    start: date("2026-11-23T06:00:10Z"), end: date("2026-11-23T06:00:00Z"),
                                    pausedAt: date("2026-11-23T06:00:20Z"))
        XCTAssertLessThanOrEqual(odd.start, odd.end)
        XCTAssertLessThanOrEqual(odd.interval.lowerBound, odd.interval.upperBound)
        XCTAssertTrue(odd.interval.contains(odd.pausedAt!))

        let t = await Trailhead()
        await t.model.startRoutine().value
        let session = try XCTUnwrap(t.model.session)
        // Paused: the countdown stands still with the step's time left, inside its range.
        t.clock.at += 12
        await t.model.event(.pause).value
        let snap = session.snapshot(now: t.clock.at)
        let paused = try XCTUnwrap(t.activity.updates.last)
        let pausedAt = try XCTUnwrap(paused.pausedAt)
        XCTAssertTrue(paused.interval.contains(pausedAt))
        XCTAssertEqual(paused.end.timeIntervalSince(pausedAt), Double(snap.stepRemainingMs) / 1000, accuracy: 0.001)
        // An hour later, still paused: the same countdown, not sent again.
        t.clock.at += 3600
        await t.model.tick().value
        XCTAssertEqual(t.activity.updates.count, 1)
        await t.model.event(.resume).value
        // The phone sleeps through this step's end and the next two: no cue ran. When the
        // scheduler catches up, the late cues are not spoken, and the lock screen shows the step
        // the core is in, ending after now.
        let said = t.speaker.said.count
        let ahead = session.cues(now: t.clock.at, horizonS: 3600).filter { $0.kind == .stepStart || $0.kind == .switchSides }
        t.clock.at = ahead[2].at.addingTimeInterval(3)
        await t.scheduler.run(until: t.clock.at)
        XCTAssertEqual(t.speaker.said.count, said, "stale words are not said")
        await t.model.tick().value
        let now = session.snapshot(now: t.clock.at)
        let current = try XCTUnwrap(t.activity.states.last)
        XCTAssertEqual(current.stepIndex, Int(now.stepIndex))
        XCTAssertLessThanOrEqual(current.start, t.clock.at)
        XCTAssertGreaterThan(current.end, t.clock.at)
        // Past the routine's end with the screen off: ended, never a state ending before it starts.
        t.clock.at += 3600
        await t.model.tick().value
        XCTAssertEqual(t.activity.calls.last, .end(session.id()))
        XCTAssertNil(t.model.session)
        for s in t.activity.states {
            XCTAssertLessThanOrEqual(s.start, s.end)
            if let p = s.pausedAt { XCTAssertTrue(s.interval.contains(p)) }
        }
    }
}

// ---- 3. cue notifications ----------------------------------------------------------------------

@MainActor
final class CueNotificationTests: XCTestCase {
    func testCuesAndRemindersShareThe64ByOneRule() async throws {
        // The rule: reminders keep up to 8, cues get the rest soonest first, reminders fill the rest.
        let cases: [(Int, Int, Int, Int)] = [
            (30, 200, 8, 56), (30, 59, 8, 56), (20, 30, 20, 30), (3, 70, 3, 61), (64, 0, 64, 0), (0, 80, 0, 64), (40, 50, 14, 50),
        ]
        for (r, c, keptR, keptC) in cases {
            let share = NotificationShare.split(reminders: r, cues: c)
            XCTAssertEqual(share.reminders, keptR, "\(r) reminders, \(c) cues")
            XCTAssertEqual(share.cues, keptC, "\(r) reminders, \(c) cues")
        }

        // On the phone: a season's reminders pending, and a 20-minute routine, whose cues alone
        // would take nearly all 64.
        let t = await Trailhead("2027-01-04T06:00:00Z", zone: "Europe/London")
        let journal = try FasciaJournal.open(path: t.path, timeZone: "Europe/London")
        var settings = try journal.settings()
        settings.dailyMinutes = 20
        try journal.setSettings(settings: settings, now: t.clock.at)
        _ = try journal.addRace(race: NewRace(name: "Spring Marathon", date: "2027-04-18", distanceM: 42195, priority: .a), now: t.clock.at)
        _ = try journal.addRace(race: NewRace(name: "City Half", date: "2027-03-07", distanceM: nil, priority: .b), now: t.clock.at)
        await t.model.resumed().value
        /// The pending list is the rule applied to what the core plans now.
        func check(_ why: String) throws -> (reminders: Int, cues: Int) {
            let now = t.clock.at
            let session = try XCTUnwrap(t.model.session)
            let full = try journal.reminders(now: now, days: ReminderSync.horizonDays, limit: nil)
            let cues = session.cues(now: now, horizonS: CuePlanner.horizonS).sorted { $0.at < $1.at }
            let share = NotificationShare.split(reminders: full.count, cues: cues.count)
            XCTAssertLessThanOrEqual(t.center.pending().count, pendingLimit, why)
            XCTAssertEqual(t.center.pending().count, min(pendingLimit, full.count + cues.count), why)
            XCTAssertEqual(t.center.reminders.count, share.reminders, why)
            XCTAssertEqual(t.center.cues.map(\.id), cues.prefix(share.cues).map { CuePlanner.prefix + $0.id }, "\(why): the soonest cues")
            let cut = try journal.reminders(now: now, days: ReminderSync.horizonDays, limit: UInt32(share.reminders))
            XCTAssertEqual(Set(t.center.reminders.map(\.id)), Set(cut.map { ReminderSync.prefix + $0.id }), "\(why): the core's cut")
            return (full.count, cues.count)
        }
        await t.model.startRoutine().value
        let start = try check("at the start")
        XCTAssertGreaterThan(start.reminders, NotificationShare.reminderReserve, "the scenario has reminders to cut")
        XCTAssertGreaterThan(start.cues, pendingLimit - NotificationShare.reminderReserve, "the scenario has cues to cut")
        XCTAssertEqual(t.center.reminders.count, NotificationShare.reminderReserve, "the reminders keep theirs")
        XCTAssertEqual(t.center.cues.count, pendingLimit - NotificationShare.reminderReserve)
        // As cues fire, later ones take their room (checked at a cue's instant: each cue re-plans).
        let first = try XCTUnwrap(t.center.cues.first)
        let later = try XCTUnwrap(t.center.cues.first { $0.fireAt >= first.fireAt.addingTimeInterval(300) })
        await t.scheduler.run(until: later.fireAt)
        XCTAssertNil(t.center.items[first.id])
        _ = try check("five minutes in")
        // Once it ends, the reminders have the 64 again.
        await t.model.event(.abort).value
        XCTAssertTrue(t.center.cues.isEmpty)
        let full = try journal.reminders(now: t.clock.at, days: ReminderSync.horizonDays, limit: nil)
        XCTAssertEqual(t.center.reminders.count, full.count)
    }

    func testWithTheAppInFrontACueIsSpokenNotPresented() async throws {
        let t = await Trailhead()
        await t.model.startRoutine().value
        let cue = try XCTUnwrap(t.center.cues.first)
        // The app speaks the cue: its notification is neither shown nor sounded.
        XCTAssertEqual(t.model.willPresent(id: cue.id, at: t.clock.at), [])
        await t.scheduler.run(until: cue.fireAt)
        XCTAssertEqual(t.speaker.said.count, 1)
        // A reminder in front is shown with its sound, as before.
        let reminder = try XCTUnwrap(t.center.reminders.first)
        XCTAssertEqual(t.model.willPresent(id: reminder.id, at: reminder.fireAt), [.banner, .sound, .list])
        // With no voice (no model, or none speaking) a cue is shown: still one cue.
        XCTAssertEqual(foregroundPresentation(id: cue.id, appSpeaksCues: false), [.banner, .sound, .list])
        let silent = AppModel(path: journalPath(), clock: t.clock, center: FakeCenter())
        await silent.load().value
        await silent.startRoutine().value
        XCTAssertEqual(silent.willPresent(id: cue.id, at: t.clock.at), [.banner, .sound, .list])
    }

    func testTimeSensitiveCuesComeWithTheirEntitlement() async throws {
        let t = await Trailhead()
        await t.model.startRoutine().value
        XCTAssertTrue(t.center.cues.allSatisfy(\.timeSensitive))
        let entitlements = try plist(try appDir() + "/Fascia.entitlements")
        XCTAssertEqual(entitlements["com.apple.developer.usernotifications.time-sensitive"] as? Bool, true)
    }
}

// ---- 4. background refresh with no window ------------------------------------------------------

@MainActor
final class BackgroundRefreshTests: XCTestCase {
    /// A journal set up by an earlier launch, then the app gone: no AppModel, no window.
    func journalFromAnEarlierLaunch() throws -> (String, FakeClock, Int) {
        let path = journalPath()
        let clock = FakeClock(date("2027-01-04T06:00:00Z"), "Europe/London")
        let journal = try FasciaJournal.open(path: path, timeZone: "Europe/London")
        var s = try journal.settings()
        s.reminderTime = "07:00:00"
        try journal.setSettings(settings: s, now: clock.at)
        _ = try journal.addRace(race: NewRace(name: "Spring Marathon", date: "2027-04-18", distanceM: 42195, priority: .a), now: clock.at)
        _ = try journal.backupIfDue(now: clock.at)
        return (path, clock, try journal.backups().count)
    }

    func testTheRefreshRunsWithNoModelOrWindow() async throws {
        let (path, clock, backups) = try journalFromAnEarlierLaunch()
        clock.at += 2 * 86_400
        let center = FakeCenter()
        let task = FakeRefreshTask()
        let outcome = await BackgroundRefresh.handle(task, path: path, clock: clock, center: center).value
        XCTAssertEqual(outcome, .done)
        XCTAssertEqual(task.completed, [true])
        XCTAssertEqual(center.refreshes, 1, "the pending list read first")
        let journal = try FasciaJournal.open(path: path, timeZone: "Europe/London")
        let plan = try journal.reminders(now: clock.at, days: ReminderSync.horizonDays, limit: nil)
        XCTAssertFalse(plan.isEmpty)
        XCTAssertEqual(Set(center.reminders.map(\.id)), Set(plan.map { ReminderSync.prefix + $0.id }))
        XCTAssertEqual(try journal.backups().count, backups + 1, "today's backup taken")
    }

    func testTheRefreshHonoursExpiration() async throws {
        let (path, clock, backups) = try journalFromAnEarlierLaunch()
        clock.at += 2 * 86_400
        let center = FakeCenter()
        let task = FakeRefreshTask()
        // iOS says time is up while the pending list is being read.
        center.onRefresh = { task.expirationHandler?() }
        let outcome = await BackgroundRefresh.handle(task, path: path, clock: clock, center: center).value
        XCTAssertEqual(outcome, .cancelled)
        XCTAssertEqual(task.completed, [false], "completed once, unsuccessfully")
        XCTAssertEqual(center.refreshes, 1)
        XCTAssertEqual(center.adds, 0, "nothing planned after the expiration")
        let journal = try FasciaJournal.open(path: path, timeZone: "Europe/London")
        XCTAssertEqual(try journal.backups().count, backups, "no backup taken after the expiration")
    }
}
