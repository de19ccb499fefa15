// The app's other moments: journal work off the main thread with the export made only when
// asked (5), every action and derived value in FasciaKit (6), the body map and sizes for
// VoiceOver, touch and Dynamic Type (7), and the journal where iOS backs it up and protects it,
// opened on the first launch after a restore to a new iPhone (9).
import Fascia
@testable import FasciaKit
import Foundation
import XCTest

/// Which journal and session calls ran, and whether on the main thread.
final class JournalCalls: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(name: String, main: Bool)] = []
    func note(_ name: String) {
        let main = Thread.isMainThread
        lock.withLock { list.append((name, main)) }
    }
    var names: [String] { lock.withLock { list.map(\.name) } }
    var onMain: [String] { lock.withLock { list.filter(\.main).map(\.name) } }
    func count(_ name: String) -> Int { names.filter { $0 == name }.count }
}

/// The real journal (same Rust object), noting each call the screens make.
final class WatchedJournal: FasciaJournal, @unchecked Sendable {
    var calls: JournalCalls!

    static func open(_ path: String, _ zone: String, _ calls: JournalCalls) throws -> FasciaJournal {
        calls.note("open")
        let real = try FasciaJournal.open(path: path, timeZone: zone)
        let watched = WatchedJournal(unsafeFromHandle: real.uniffiCloneHandle())
        watched.calls = calls
        return watched
    }

    private func watched(_ s: GuidedSession?) -> GuidedSession? {
        guard let s else { return nil }
        let w = WatchedSession(unsafeFromHandle: s.uniffiCloneHandle())
        w.calls = calls
        return w
    }

    override func today(now: Instant) throws -> Today { calls.note("today"); return try super.today(now: now) }
    override func settings() throws -> Settings { calls.note("settings"); return try super.settings() }
    override func setSettings(settings: Settings, now: Instant) throws { calls.note("setSettings"); try super.setSettings(settings: settings, now: now) }
    override func reminderHealth(now: Instant, phone: PhoneState) throws -> ReminderHealth { calls.note("reminderHealth"); return try super.reminderHealth(now: now, phone: phone) }
    override func reminders(now: Instant, days: UInt32, limit: UInt32? = nil) throws -> [Reminder] { calls.note("reminders"); return try super.reminders(now: now, days: days, limit: limit) }
    override func backupIfDue(now: Instant) throws -> BackupInfo? { calls.note("backupIfDue"); return try super.backupIfDue(now: now) }
    override func activeSession(now: Instant) throws -> GuidedSession? { calls.note("activeSession"); return watched(try super.activeSession(now: now)) }
    override func resumeOrStart(routine: Routine, now: Instant) throws -> GuidedSession {
        calls.note("resumeOrStart")
        return watched(try super.resumeOrStart(routine: routine, now: now))!
    }
    override func todaysRoutine(now: Instant, minutes: UInt32?) throws -> Routine { calls.note("todaysRoutine"); return try super.todaysRoutine(now: now, minutes: minutes) }
    override func addRun(run: NewRun, now: Instant) throws -> Run { calls.note("addRun"); return try super.addRun(run: run, now: now) }
    override func addSoreness(entries: [NewSoreness], now: Instant) throws -> [Soreness] { calls.note("addSoreness"); return try super.addSoreness(entries: entries, now: now) }
    override func addRace(race: NewRace, now: Instant) throws -> Race { calls.note("addRace"); return try super.addRace(race: race, now: now) }
    override func recentRuns(limit: UInt32) throws -> [Run] { calls.note("recentRuns"); return try super.recentRuns(limit: limit) }
    override func exportJson(now: Instant) throws -> String { calls.note("exportJson"); return try super.exportJson(now: now) }
    override func importJson(text: String, now: Instant) throws -> ImportSummary { calls.note("importJson"); return try super.importJson(text: text, now: now) }
    override func importHealthRuns(runs: [HealthRun], now: Instant) throws -> RunImportSummary { calls.note("importHealthRuns"); return try super.importHealthRuns(runs: runs, now: now) }
    override func importRunFiles(files: [RunFile], now: Instant) throws -> RunImportSummary { calls.note("importRunFiles"); return try super.importRunFiles(files: files, now: now) }
    override func report(now: Instant) throws -> Report { calls.note("report"); return try super.report(now: now) }
    override func seasonPlan(now: Instant) throws -> SeasonPlan { calls.note("seasonPlan"); return try super.seasonPlan(now: now) }
}

/// The real session, noting the calls that write to the journal.
final class WatchedSession: GuidedSession, @unchecked Sendable {
    var calls: JournalCalls!
    override func record(event: Event, now: Instant) throws -> Snapshot { calls.note("record"); return try super.record(event: event, now: now) }
    override func tick(now: Instant) throws -> Snapshot { calls.note("tick"); return try super.tick(now: now) }
    override func leave(now: Instant) throws -> Snapshot { calls.note("leave"); return try super.leave(now: now) }
}

@MainActor
func watchedModel(_ clock: FakeClock, _ calls: JournalCalls, path: String = journalPath(), center: FakeCenter = FakeCenter()) -> AppModel {
    AppModel(path: path, clock: clock, center: center, opener: { p, z in try WatchedJournal.open(p, z, calls) })
}

// ---- 5. journal work off the main actor --------------------------------------------------------

/// A watched model on a Monday evening in Paris, past first run, with one run logged.
@MainActor
func setUpWatched(_ calls: JournalCalls, runKm: Double, minutes: Double) async -> (AppModel, FakeClock) {
    let clock = FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris")
    let model = watchedModel(clock, calls)
    await model.load().value
    await model.finishSetUp(reminderTime: "07:00:00", tools: [.foamRoller]).value
    await model.logRun(distance: runKm, minutes: minutes).value
    return (model, clock)
}

@MainActor
final class OffTheMainActorTests: XCTestCase {
    func testJournalWorkRunsOffTheMainThreadAndItsResultsArriveOnTheModel() async throws {
        XCTAssertTrue(Thread.isMainThread, "the model and its tests run on the main thread")
        let calls = JournalCalls()
        let (model, clock) = await setUpWatched(calls, runKm: 21.1, minutes: 120)
        await model.show(.checkIn).value
        model.rate(zone: "calves", side: .left, level: 3)
        await model.saveCheckIn().value
        XCTAssertEqual(model.message, "Saved: tomorrow's routine adapts to it.")
        model.dismissMessage()
        await model.addRace(NewRace(name: "City Half", date: "2027-03-07", distanceM: nil, priority: .b)).value
        await model.startRoutine().value
        clock.at += 5
        await model.tick().value
        await model.event(.pause).value
        await model.leave().value
        await model.show(.report).value
        await model.show(.plan).value
        await model.show(.more).value
        await model.requestExport().value
        XCTAssertNil(model.message)
        // Every kind of work reached the journal…
        for name in ["open", "backupIfDue", "activeSession", "today", "settings", "setSettings", "reminderHealth", "reminders",
                     "addRun", "addSoreness", "addRace", "todaysRoutine", "resumeOrStart", "tick", "record", "leave",
                     "report", "seasonPlan", "recentRuns", "exportJson"] {
            XCTAssertGreaterThan(calls.count(name), 0, name)
        }
        // …and none of it on the main thread.
        XCTAssertEqual(calls.onMain, [], "journal calls made on the main thread")
        // The results are the model's, on the main actor.
        XCTAssertEqual(model.screen, .more)
        XCTAssertEqual(model.logs.runs.count, 1)
        XCTAssertEqual(model.logs.races.map(\.name), ["City Half"])
        XCTAssertNotNil(model.report)
        XCTAssertNotNil(model.plan)
        XCTAssertNotNil(model.today)
    }

    func testTheExportIsMadeOnlyWhenTheRunnerAsks() async throws {
        let calls = JournalCalls()
        let (model, clock) = await setUpWatched(calls, runKm: 10, minutes: 50)
        // Every screen shown, the data screen many times over (as redraws would): no export.
        for screen in Screen.tabs + Screen.tabs + [.more, .more, .more] {
            await model.show(screen).value
        }
        await model.startRoutine().value
        for _ in 0 ..< 8 {
            clock.at += 0.25
            model.tick()
        }
        await model.idle()
        await model.leave().value
        XCTAssertEqual(calls.count("exportJson"), 0, "nothing exported before the runner asked")
        XCTAssertNil(model.export)
        // Asked for: made once, off the main thread, and held for the Files app until it is done.
        await model.requestExport().value
        XCTAssertEqual(calls.count("exportJson"), 1)
        let text = try XCTUnwrap(model.export?.text)
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        XCTAssertNotNil(json, "a JSON document")
        await model.show(.more).value
        XCTAssertEqual(calls.count("exportJson"), 1)
        model.exportFinished()
        XCTAssertNil(model.export)
        XCTAssertEqual(calls.onMain, [])
    }

    func testRedrawsFasterThanTheJournalFoldIntoOneTick() async throws {
        let calls = JournalCalls()
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        let model = watchedModel(clock, calls)
        await model.load().value
        await model.startRoutine().value
        let before = calls.count("tick")
        // Twenty redraws before the journal answers the first: one tick waits, not twenty.
        let ticks = (0 ..< 20).map { _ in model.tick() }
        for t in ticks { await t.value }
        XCTAssertEqual(calls.count("tick") - before, 1)
        XCTAssertNotNil(model.snapshot)
    }
}

// ---- 6. every action and derived value in FasciaKit ----------------------------------------------

@MainActor
final class ViewsWithoutLogicTests: XCTestCase {
    func model(_ clock: FakeClock, path: String = journalPath()) async -> AppModel {
        let model = AppModel(path: path, clock: clock, center: FakeCenter())
        await model.load().value
        await model.finishSetUp(reminderTime: "07:00:00", tools: [.foamRoller, .ball]).value
        XCTAssertNil(model.message)
        return model
    }

    /// The tab bar selects `model.screen`: every tab keeps its selection (the More tab once set
    /// the log's screen, which no tab has) and reads what it shows.
    func testEachTabKeepsItsSelectionAndMoreReadsTheLogAndSettings() async throws {
        let clock = FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris")
        let model = await model(clock)
        await model.logRun(distance: 12, minutes: 60).value
        XCTAssertEqual(Screen.tabs, [.today, .checkIn, .plan, .report, .more])
        for tab in Screen.tabs {
            await model.show(tab).value
            XCTAssertEqual(model.screen, tab, "the tab bar's selection stays on \(tab)")
        }
        await model.show(.today).value
        await model.show(.more).value
        XCTAssertEqual(model.screen, .more)
        XCTAssertEqual(model.logs.runs.count, 1, "More shows the log without the view asking again")
        XCTAssertFalse(model.logs.backups.isEmpty)
        XCTAssertEqual(model.settings?.reminderTime, "07:00")
        XCTAssertTrue(model.settings?.tools.contains(.hands) ?? false, "hands are always there")
        // The screens outside the tab bar are not tabs.
        for screen in Screen.allCases where !Screen.tabs.contains(screen) {
            XCTAssertTrue([.loading, .firstRun, .session, .restore, .failed].contains(screen), "\(screen)")
        }
    }

    func testTheLogAddsRunsRacesDowntimeAndBodyworkFromItsForms() async throws {
        let clock = FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris")
        let model = await model(clock)
        // A run: saved only once both fields are typed; the distance in the runner's units.
        XCTAssertFalse(RunDraft(distance: 10).complete)
        await model.logRun(RunDraft(distance: 10)).value
        XCTAssertTrue(model.logs.runs.isEmpty)
        let run = RunDraft(distance: 21.1, minutes: 118, long: true)
        XCTAssertTrue(run.complete)
        await model.logRun(run).value
        XCTAssertEqual(model.logs.runs.map(\.distanceM), [21_100])
        XCTAssertEqual(model.logs.runs.first?.kind, .long)
        XCTAssertEqual(model.draft(for: model.logs.runs[0]), RunDraft(distance: 21.1, minutes: 118, long: true))
        await model.editRun(model.logs.runs[0], RunDraft(distance: 21.0975, minutes: 115)).value
        XCTAssertEqual(model.logs.runs.first?.durationS, 115 * 60)
        // A race: the day picked is the phone's day (23:30 UTC is already the 7th in Paris).
        XCTAssertFalse(RaceDraft(name: "  ", day: clock.at).complete)
        let half = RaceDraft(name: "City Half", day: date("2027-03-06T23:30:00Z"), distance: 21.0975, priority: .b)
        XCTAssertTrue(half.complete)
        await model.addRace(half).value
        let race = try XCTUnwrap(model.logs.races.first)
        XCTAssertEqual(race.date, "2027-03-07")
        XCTAssertEqual(race.distanceM, 21_098)
        XCTAssertEqual(race.priority, .b)
        await model.moveRace(race, to: date("2027-03-13T12:00:00Z")).value
        XCTAssertEqual(model.logs.races.first?.date, "2027-03-13")
        XCTAssertEqual(model.logs.races.first?.name, "City Half")
        // Downtime: a day picked, in steps of half an hour, never below one step.
        await model.addDowntime(DowntimeDraft(day: date("2026-11-22T08:00:00Z"), zone: "calves")).value
        let lost = try XCTUnwrap(model.logs.downtime.first)
        XCTAssertEqual(lost.date, "2026-11-22")
        XCTAssertEqual(lost.minutes, AppModel.downtimeStep)
        await model.moreDowntime(lost).value
        XCTAssertEqual(model.logs.downtime.first?.minutes, 2 * AppModel.downtimeStep)
        await model.lessDowntime(model.logs.downtime[0]).value
        await model.lessDowntime(model.logs.downtime[0]).value
        XCTAssertEqual(model.logs.downtime.first?.minutes, AppModel.downtimeStep, "never below one step")
        // Bodywork: booked at the core's session length.
        await model.bookBodywork(at: date("2026-12-01T09:00:00Z")).value
        XCTAssertEqual(model.logs.bodywork.map(\.minutes), [Zones.bodyworkMinutes])
        XCTAssertNil(model.message)
    }

    func testTheBodyworkSessionStartsAndOnRaceMorningTheCoreSaysWhyNot() async throws {
        let path = journalPath()
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        let model = await model(clock, path: path)
        await model.startRoutine(bodywork: true).value
        XCTAssertNil(model.message)
        XCTAssertEqual(model.screen, .session)
        let session = try XCTUnwrap(model.session)
        XCTAssertEqual(session.routine().kind, .bodywork)
        XCTAssertGreaterThanOrEqual(session.routine().totalS, 30 * 60)
        await model.event(.abort).value
        XCTAssertEqual(model.screen, .today)
        // Race morning: the core refuses, and its reason is what the runner reads.
        await model.addRace(NewRace(name: "Lyon 10K", date: "2026-11-23", distanceM: 10_000, priority: .a)).value
        let journal = try FasciaJournal.open(path: path, timeZone: "Europe/Paris")
        var reason = ""
        do {
            _ = try journal.bodyworkRoutine(now: clock.at, minutes: nil)
            XCTFail("the core refuses bodywork on race morning")
        } catch { reason = forRunner(error) }
        await model.show(.today).value
        await model.startRoutine(bodywork: true).value
        XCTAssertEqual(model.message, reason)
        XCTAssertFalse(reason.isEmpty)
        XCTAssertNil(model.session)
        XCTAssertEqual(model.screen, .today)
    }

    /// A check-in opened after a long run follows that run even when it is saved after the
    /// core's check-in window has closed (opened at 23:50, saved after midnight and past 48 h).
    func testACheckInRecordsTheRunItWasOpenedFor() async throws {
        let clock = FakeClock(date("2026-11-21T18:00:00Z"), "Europe/Paris")
        let model = await model(clock)
        await model.logRun(distance: 25, minutes: 140).value
        let run = try XCTUnwrap(model.today?.checkIn?.run)
        clock.at = run.startedAt + 47 * 3600 + 50 * 60
        await model.show(.checkIn).value
        XCTAssertEqual(model.openCheckIn?.run.id, run.id)
        XCTAssertEqual(model.checkInQuestion, "How do your legs feel after your 25.0 km run?")
        model.rate(zone: "calves", side: .left, level: 5)
        clock.at += 20 * 60
        await model.show(.today).value
        XCTAssertNil(model.today?.checkIn, "the core's window has closed")
        await model.saveCheckIn().value
        await model.show(.more).value
        XCTAssertEqual(model.logs.soreness.map(\.runId), [run.id], "the entry follows the run it was opened for")
        XCTAssertNil(model.openCheckIn)
        // Opened with no check-in open: entries follow no run.
        await model.show(.checkIn).value
        XCTAssertNil(model.openCheckIn)
        model.rate(zone: "calves", side: .right, level: 2)
        await model.saveCheckIn().value
        await model.show(.more).value
        XCTAssertEqual(model.logs.soreness.filter { $0.side == .right }.map(\.runId), [nil])
    }

    func testFirstRunTakesTheTimeAndToolsPickedInThePhonesZone() async throws {
        let clock = FakeClock(date("2027-01-04T05:00:00Z"), "Europe/Paris")
        let model = AppModel(path: journalPath(), clock: clock, center: FakeCenter())
        await model.load().value
        XCTAssertEqual(model.screen, .firstRun)
        // The picker starts at the core's default reminder time, on the phone's clock.
        let picker = model.reminderPicker
        XCTAssertEqual(model.clockTime(picker), try XCTUnwrap(model.settings?.reminderTime) + ":00")
        var paris = Calendar(identifier: .gregorian)
        paris.timeZone = TimeZone(identifier: "Europe/Paris")!
        let quarterPastSix = paris.date(bySettingHour: 6, minute: 15, second: 0, of: clock.at)!
        XCTAssertEqual(model.clockTime(quarterPastSix), "06:15:00")
        XCTAssertEqual(Tool.choices, [.foamRoller, .ball, .stick])
        await model.finishSetUp(reminderAt: quarterPastSix, tools: [.ball]).value
        XCTAssertEqual(model.screen, .today)
        XCTAssertEqual(model.settings?.reminderTime, "06:15")
        XCTAssertEqual(Set(model.settings?.tools ?? []), [.ball, .hands])
        await model.setReminder(at: paris.date(bySettingHour: 7, minute: 40, second: 0, of: clock.at)!).value
        XCTAssertEqual(model.settings?.reminderTime, "07:40")
    }
}

// ---- 7. accessibility --------------------------------------------------------------------------

final class AccessibilityTests: XCTestCase {
    func testEveryBodyMapRegionIsAnElementWithItsZoneSideAndAFullSizeTarget() throws {
        let map = try BodyMap.load()
        XCTAssertEqual(map.width, 580, "the core's SVG viewBox")
        XCTAssertEqual(map.height, 610)
        XCTAssertFalse(map.regions.isEmpty)
        // Every zone, each of its sides, has a region on the map.
        for zone in Zones.all {
            let sides = Set(map.regions.filter { $0.zone == zone.id }.map(\.side))
            XCTAssertEqual(sides, zone.sided ? [.left, .right] : [.both], zone.id)
        }
        // From the narrowest iPhone to the widest, and at a map half as wide beside other content.
        for width in [160.0, 320, 375, 390, 430] {
            let elements = map.elements(width: width)
            XCTAssertEqual(elements.map(\.region), map.regions, "one element per region")
            XCTAssertEqual(Set(elements.map(\.label)).count, elements.count, "each label names one zone and side")
            for e in elements {
                let zone = try XCTUnwrap(Zones.all.first { $0.id == e.region.zone })
                XCTAssertEqual(e.label, place(e.region.zone, e.region.side))
                XCTAssertTrue(e.label.hasPrefix(zone.name), e.label)
                if zone.sided { XCTAssertNotEqual(e.label, zone.name, "\(e.label) says its side") }
                XCTAssertGreaterThanOrEqual(e.target.width, Layout.minimumTarget, "\(e.label) at \(width)")
                XCTAssertGreaterThanOrEqual(e.target.height, Layout.minimumTarget, "\(e.label) at \(width)")
                XCTAssertEqual(e.target.midX, e.bounds.midX, accuracy: 1e-9)
                XCTAssertEqual(e.target.midY, e.bounds.midY, accuracy: 1e-9)
                XCTAssertLessThanOrEqual(e.bounds.x + e.bounds.width, width + 1e-9)
                XCTAssertEqual(e.outline.count, e.region.points.count)
                // A tap inside the region (on its anchor) picks it.
                let scale = width / map.width
                XCTAssertEqual(map.region(atX: e.region.anchor.x * scale, y: e.region.anchor.y * scale, width: width)?.id, e.region.id)
            }
            XCTAssertNil(map.region(atX: -100, y: -100, width: width), "a tap away from every target picks none")
        }
        // VoiceOver reads the level rated, in the core's words.
        let calves = try XCTUnwrap(map.elements(width: 390).first { $0.region.zone == "calves" && $0.region.side == .left })
        XCTAssertNil(calves.value([:]))
        XCTAssertEqual(calves.value([CheckInKey(zone: "calves", side: .left): 4]), "4/10")
        XCTAssertEqual(map.height(forWidth: 580), 610)
    }

    func testTouchTargetsAndTheCountdownKeepTheirSizes() {
        XCTAssertGreaterThanOrEqual(Layout.minimumTarget, 44)
        // The countdown grows with Dynamic Type, up to its maximum, never below its default.
        XCTAssertEqual(Layout.countdownSize(scaled: Layout.countdown), Layout.countdown)
        XCTAssertEqual(Layout.countdownSize(scaled: Layout.countdown * 1.2), Layout.countdown * 1.2)
        XCTAssertEqual(Layout.countdownSize(scaled: Layout.countdown * 4), Layout.countdownMaximum)
        XCTAssertEqual(Layout.countdownSize(scaled: Layout.countdown / 2), Layout.countdown)
        XCTAssertGreaterThan(Layout.countdownMaximum, Layout.countdown)
    }
}

// ---- 9. the journal where iOS backs it up and protects it ------------------------------------

final class FakeFolderAttributes: FolderAttributes {
    var included: [String] = []
    var protected: [String: FileProtection] = [:]
    func includeInBackup(_ url: URL) throws { included.append(url.standardizedFileURL.path) }
    func protect(_ url: URL, _ protection: FileProtection) throws { protected[url.standardizedFileURL.path] = protection }
}

/// An app container: its Library/Application Support, as iOS gives it.
func container() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("container-\(UUID().uuidString)")
    let support = dir.appendingPathComponent("Library/Application Support", isDirectory: true)
    try FileManager.default.createDirectory(at: support, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("Library/Caches"), withIntermediateDirectories: true)
    return dir
}

@MainActor
final class JournalFolderTests: XCTestCase {
    func testTheJournalLivesInApplicationSupportIncludedInBackupsAndProtected() async throws {
        let phone = try container()
        let support = phone.appendingPathComponent("Library/Application Support", isDirectory: true)
        let folder = JournalFolder(applicationSupport: support)
        let attributes = FakeFolderAttributes()
        let path = try folder.prepare(attributes)
        XCTAssertEqual(path, support.appendingPathComponent("Fascia/fascia.db").path)
        XCTAssertFalse(path.contains("/Caches/"), "Caches is not backed up and iOS purges it")
        XCTAssertFalse(path.contains("/tmp/Fascia"))
        var directory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.url.path, isDirectory: &directory) && directory.boolValue)
        let folderPath = folder.url.standardizedFileURL.path
        XCTAssertEqual(attributes.included, [folderPath], "kept in backups")
        XCTAssertEqual(attributes.protected[folderPath], .completeUntilFirstUserAuthentication)
        // Readable while locked after the first unlock: reminders and cues are written then.
        XCTAssertEqual(JournalFolder.protection, .completeUntilFirstUserAuthentication)
    }

    func testAJournalRestoredToANewIPhoneOpensOnTheFirstLaunch() async throws {
        // The old phone: set up, a race and a run logged, a backup taken.
        let old = try container()
        let oldPath = try JournalFolder(applicationSupport: old.appendingPathComponent("Library/Application Support")).prepare(FakeFolderAttributes())
        let clock = FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris")
        do {
            let model = AppModel(path: oldPath, clock: clock, center: FakeCenter())
            await model.load().value
            XCTAssertEqual(model.screen, .firstRun)
            await model.finishSetUp(reminderTime: "06:30:00", tools: [.ball]).value
            await model.addRace(NewRace(name: "Spring Marathon", date: "2027-04-18", distanceM: 42_195, priority: .a)).value
            await model.logRun(distance: 12, minutes: 62).value
            XCTAssertNil(model.message)
            await model.idle()
        }
        // The new iPhone: iOS restores what it backed up (Application Support), not Caches or tmp,
        // and the app launches for the first time there, with no preferences of its own.
        let new = try container()
        let newSupport = new.appendingPathComponent("Library/Application Support")
        try FileManager.default.removeItem(at: newSupport)
        try FileManager.default.copyItem(at: old.appendingPathComponent("Library/Application Support"), to: newSupport)
        let attributes = FakeFolderAttributes()
        let newPath = try JournalFolder(applicationSupport: newSupport).prepare(attributes)
        XCTAssertEqual(attributes.protected[URL(fileURLWithPath: newPath).standardizedFileURL.path], .completeUntilFirstUserAuthentication,
                       "the restored journal is protected as before")
        clock.at += 3 * 86_400
        let model = AppModel(path: newPath, clock: clock, center: FakeCenter())
        await model.load().value
        XCTAssertNil(model.message)
        XCTAssertEqual(model.screen, .today, "the runner's journal, not first run over it")
        XCTAssertEqual(model.settings?.reminderTime, "06:30")
        await model.show(.more).value
        XCTAssertEqual(model.logs.races.map(\.name), ["Spring Marathon"])
        XCTAssertEqual(model.logs.runs.count, 1)
        XCTAssertFalse(model.logs.backups.isEmpty, "its backups came with it")
    }
}

// ---- 8. strings in the String Catalog -----------------------------------------------------------

/// The string literals of a Swift source, comments left out, each with its line; an
/// interpolation `\(…)` kept as written.
func swiftLiterals(_ source: String) -> [(text: String, before: String)] {
    let s = Array(source)
    var out: [(String, String)] = []
    var i = 0
    /// The line up to the literal.
    func line(at i: Int) -> String {
        var a = i
        while a > 0 && s[a - 1] != "\n" { a -= 1 }
        return String(s[a ..< i])
    }
    while i < s.count {
        if s[i] == "/" && i + 1 < s.count && s[i + 1] == "/" {
            while i < s.count && s[i] != "\n" { i += 1 }
        } else if s[i] == "/" && i + 1 < s.count && s[i + 1] == "*" {
            i += 2
            while i + 1 < s.count && !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
            i += 2
        } else if s[i] == "\"" {
            let start = i
            var text = ""
            i += 1
            while i < s.count && s[i] != "\"" {
                if s[i] == "\\" && i + 1 < s.count && s[i + 1] == "(" {
                    var depth = 1, j = i + 2
                    while j < s.count && depth > 0 {
                        if s[j] == "(" { depth += 1 } else if s[j] == ")" { depth -= 1 }
                        j += 1
                    }
                    text += String(s[i ..< j])
                    i = j
                } else if s[i] == "\\" {
                    text += String(s[i ... i + 1])
                    i += 2
                } else {
                    text.append(s[i])
                    i += 1
                }
            }
            out.append((text, line(at: start)))
            i += 1
        } else {
            i += 1
        }
    }
    return out
}

/// A view's literal with each interpolation `\(…)` as one mark, to compare with `keyShape`.
func literalShape(_ s: String) -> String {
    let c = Array(s)
    var t = ""
    var i = 0
    while i < c.count {
        if c[i] == "\\" && i + 1 < c.count && c[i + 1] == "(" {
            var depth = 1
            i += 2
            while i < c.count && depth > 0 {
                if c[i] == "(" { depth += 1 } else if c[i] == ")" { depth -= 1 }
                i += 1
            }
            t += "\u{1}"
        } else {
            t.append(c[i])
            i += 1
        }
    }
    return t
}

/// A catalog key with each format specifier (`%lld`, `%@`, `%1$@`) as the same mark:
/// `Step \(n) of \(m)` and `Step %lld of %lld` have one shape.
func keyShape(_ key: String) -> String {
    key.replacingOccurrences(of: #"%(\d+\$)?(lld|llu|ld|lu|lf|d|u|f|@)"#, with: "\u{1}", options: .regularExpression)
}

final class StringCatalogTests: XCTestCase {
    func testEveryStringTheViewsShowIsACatalogKey() throws {
        let ios = try XCTUnwrap(ProcessInfo.processInfo.environment["FASCIA_IOS"], "tests/swift/run sets FASCIA_IOS")
        let data = try Data(contentsOf: URL(fileURLWithPath: ios + "/App/Localizable.xcstrings"))
        let catalog = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(catalog["sourceLanguage"] as? String, "en")
        let keys = try XCTUnwrap(catalog["strings"] as? [String: Any])
        let shapes = Set(keys.keys.map(keyShape))
        // The views and the Live Activity: every literal a key, but SF Symbol names.
        var views: [String] = []
        for dir in ["App", "Widget"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: "\(ios)/\(dir)") where file.hasSuffix(".swift") {
                views.append("\(ios)/\(dir)/\(file)")
            }
        }
        XCTAssertTrue(views.contains { $0.hasSuffix("App/Views.swift") })
        var used = Set<String>()
        for file in views {
            for (text, before) in swiftLiterals(try String(contentsOfFile: file, encoding: .utf8)) {
                // An SF Symbol's name (also in a `cond ? "a" : "b"` after `systemName:`).
                if before.range(of: #"system(Image|Name): [^,]*$"#, options: .regularExpression) != nil || text.isEmpty { continue }
                let shape = literalShape(text)
                used.insert(shape)
                XCTAssertTrue(shapes.contains(shape), "\(file): \"\(text)\" is not in Localizable.xcstrings")
            }
        }
        // FasciaKit's own copy (confirmations, the advice around an error, the notification
        // action) is looked up in the app's catalog too: `localized("…")` (Copy.swift).
        for (file, text) in try fasciaKitLiterals(ios) where isCatalogCopy(text.before) {
            used.insert(literalShape(text.text))
            XCTAssertTrue(shapes.contains(literalShape(text.text)), "\(file): \"\(text.text)\" is not in Localizable.xcstrings")
        }
        // And no key is left over.
        XCTAssertEqual(shapes.subtracting(used), [], "catalog keys no view uses")
        // The scanner itself: an interpolation matches its format, and an English literal is caught.
        XCTAssertEqual(literalShape("Imported: \\(Int(a.b)) added, \\(n) updated, \\(count(x)) already there."),
                       keyShape("Imported: %lld added, %lld updated, %lld already there."))
        XCTAssertEqual(literalShape("\\(d.date) · \\(downtimeWords(d.minutes))"), keyShape("%@ · %@"))
        XCTAssertFalse(shapes.contains(literalShape("Start the routine")))
        XCTAssertEqual(swiftLiterals("Text(\"Hi \\(name)\") // \"not this\"").map(\.text), ["Hi \\(name)"])
    }

    /// The sentences the core gives are not the app's: no catalog key says them (the views must
    /// show FasciaKit's calls to the core's text functions, which CoreWordsTests checks).
    func testNoCatalogKeyIsASentenceTheCoreGives() throws {
        try Zones.load()
        let ios = try XCTUnwrap(ProcessInfo.processInfo.environment["FASCIA_IOS"], "tests/swift/run sets FASCIA_IOS")
        let data = try Data(contentsOf: URL(fileURLWithPath: ios + "/App/Localizable.xcstrings"))
        let keys = try XCTUnwrap((JSONSerialization.jsonObject(with: data) as? [String: Any])?["strings"] as? [String: Any]).keys
        let phrases: [Phrase] = [.intro, .noRaces, .reportNotYet, .checkInCard, .sorenessTrends, .downtimeChart, .sessionsChart, .remindersChannel]
        for phrase in phrases {
            let words = try phraseText(phrase: phrase)
            XCTAssertFalse(words.isEmpty)
            XCTAssertFalse(keys.contains(words), "\(phrase) is the core's: \(words)")
        }
        // The app's former wordings of the core's sentences, as catalog formats.
        for fragment in ["under %lld minutes", "each side", " first: ", "Peak training", "Taper from", "before/after",
                         "h lost to pain", "Step %lld of", "Bodywork %@", "Daily %@", "goal race", "h/week", "Mean soreness"] {
            XCTAssertFalse(keys.contains { $0.contains(fragment) }, "a catalog key writes the core's \"\(fragment)\"")
        }
    }

    /// FasciaKit writes no English of its own: every literal with words in it is a catalog key
    /// through `localized("…")`, a developer's log line (`print`) or an internal error's
    /// `detail`; the runner's sentences are the core's (Words.swift) or the catalog's.
    func testFasciaKitWritesNoEnglishOfItsOwn() throws {
        let ios = try XCTUnwrap(ProcessInfo.processInfo.environment["FASCIA_IOS"], "tests/swift/run sets FASCIA_IOS")
        var files = Set<String>()
        for (file, literal) in try fasciaKitLiterals(ios) {
            files.insert(file)
            // A catalog key, a log line, or an internal error's detail (never shown to the runner).
            if isCatalogCopy(literal.before) || literal.before.contains("print(") || literal.before.hasSuffix("detail: ") { continue }
            XCTAssertFalse(looksLikeWords(literal.text), "\(file): \"\(literal.text)\" is English in FasciaKit: use the core's words or a catalog key")
        }
        XCTAssertTrue(files.isSuperset(of: ["AppModel.swift", "Messages.swift", "Screens.swift", "Adapters.swift", "Journal.swift"]), "\(files)")
        // The check itself: what it catches, and what it lets through.
        XCTAssertTrue(looksLikeWords("\\(side) first: \\(hold)"))
        XCTAssertTrue(looksLikeWords("Peak training \\(p.from) to \\(p.to)"))
        XCTAssertTrue(looksLikeWords("Step \\(n) of \\(count)"))
        XCTAssertTrue(looksLikeWords("A (goal race)"))
        XCTAssertTrue(looksLikeWords("Downtime, h/week"))
        XCTAssertFalse(looksLikeWords("app.fascia.refresh"))
        XCTAssertFalse(looksLikeWords("%04d-%02d-%02d"))
        XCTAssertFalse(looksLikeWords("\\(reason)."))
        XCTAssertFalse(looksLikeWords("\\(cue.id)@\\(ms)"))
        XCTAssertFalse(looksLikeWords("reminder:"))
        XCTAssertTrue(isCatalogCopy("        return localized("))
        XCTAssertFalse(isCatalogCopy("        return unlocalized("))
    }
}

/// Every string literal in FasciaKit's sources, with its file's name.
func fasciaKitLiterals(_ ios: String) throws -> [(file: String, literal: (text: String, before: String))] {
    let dir = ios + "/FasciaKit"
    var out: [(file: String, literal: (text: String, before: String))] = []
    for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where file.hasSuffix(".swift") {
        for literal in swiftLiterals(try String(contentsOfFile: "\(dir)/\(file)", encoding: .utf8)) {
            out.append((file, literal))
        }
    }
    return out
}

/// A literal that is a catalog key: the argument of `localized(` (Copy.swift) or `String(localized: `.
func isCatalogCopy(_ before: String) -> Bool {
    before.range(of: #"(^|[^A-Za-z_.])localized\($"#, options: .regularExpression) != nil || before.hasSuffix("String(localized: ")
}

/// Words a runner would read: a word of letters beside a space, once each interpolation is a
/// space ("Step \(n) of", "\(side) first: \(hold)", "Downtime, h/week"); ids ("cue:",
/// "app.fascia.refresh"), formats ("%.1f") and punctuation around values ("\(reason).") are not.
func looksLikeWords(_ literal: String) -> Bool {
    let text = literalShape(literal).replacingOccurrences(of: "\u{1}", with: " ")
    return text.range(of: #"[A-Za-z][^A-Za-z\s]*\s|\s[^A-Za-z\s]*[A-Za-z]"#, options: .regularExpression) != nil
}

// ---- 10. the Xcode project as text -------------------------------------------------------------

final class ProjectTests: XCTestCase {
    /// What can be checked here of ios/project.yml (XcodeGen cannot run on Linux): both targets,
    /// the Info.plist, entitlements and catalog they use, and the step that makes the
    /// xcframework the package builds on.
    func testTheProjectDescribesTheAppAndTheWidgetExtension() throws {
        let ios = try XCTUnwrap(ProcessInfo.processInfo.environment["FASCIA_IOS"])
        let project = try String(contentsOfFile: ios + "/project.yml", encoding: .utf8)
        for line in ["  Fascia:\n    type: application", "  FasciaWidget:\n    type: app-extension",
                     "INFOPLIST_FILE: App/Info.plist", "INFOPLIST_FILE: Widget/Info.plist",
                     "CODE_SIGN_ENTITLEMENTS: App/Fascia.entitlements", "- target: FasciaWidget",
                     "product: FasciaKit", "path: App/Localizable.xcstrings", "PRODUCT_BUNDLE_IDENTIFIER: app.fascia.widget"] {
            XCTAssertTrue(project.contains(line), line)
        }
        // Every file it names is in the repository.
        for file in ["App/Info.plist", "App/Fascia.entitlements", "App/Localizable.xcstrings", "Widget/Info.plist"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(ios)/\(file)"), file)
        }
        let widget = try plist(ios + "/Widget/Info.plist")
        XCTAssertEqual((widget["NSExtension"] as? [String: Any])?["NSExtensionPointIdentifier"] as? String, "com.apple.widgetkit-extension")
        // One command: the xcframework (bindings/package-ios), then xcodegen.
        let make = try String(contentsOfFile: ios + "/make-project", encoding: .utf8)
        XCTAssertTrue(make.contains("bindings/package-ios") && make.contains("xcodegen generate --spec ios/project.yml"))
        let package = try String(contentsOfFile: ios + "/package-ios", encoding: .utf8)
        XCTAssertTrue(package.contains("xcodebuild -create-xcframework"))
        for target in ["aarch64-apple-ios ", "aarch64-apple-ios-sim", "x86_64-apple-ios"] { XCTAssertTrue(package.contains(target), target) }
    }
}
