// Runs from Health (a fake Health store that keeps its own anchors as HealthKit does) and from the
// runner's files (the real FIT, GPX and TCX fixtures, and the hostile ones), through AppModel and
// the real library: what is added, what a second read or import changes (nothing), a run deleted
// in the journal (not brought back), a run typed by hand (merged), Health refused or missing
// (said, nothing changed), a bad file (refused by name, the rest imported), and what the app
// declares for it (Info.plist, entitlements).
import Fascia
@testable import FasciaKit
import Foundation
import XCTest

/// Health as HealthKit behaves: workouts in the order they were saved, an anchor that marks how
/// many a read has seen, and a refusal to read that looks like an empty store.
final class FakeHealth: HealthRuns {
    var available = true
    /// False: the runner refused to let Fascia read; HealthKit says nothing and reads find nothing.
    var allowed = true
    /// Thrown by every read instead (HealthKit's not-determined or denied errors).
    var failure: Error?
    private(set) var workouts: [Workout] = []
    private(set) var asked = 0
    /// The anchor each read started from.
    private(set) var readsFrom: [Data?] = []

    init(_ workouts: [Workout] = []) { self.workouts = workouts }

    /// A workout saved to Health (by the watch, after a run).
    func save(_ w: Workout) { workouts.append(w) }

    func isAvailable() -> Bool { available }
    func requestAccess() async throws { asked += 1 }
    func runs(after anchor: Data?) async throws -> HealthRead {
        readsFrom.append(anchor)
        if let failure { throw failure }
        let seen = anchor.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
        let new = allowed ? Array(workouts[min(seen, workouts.count)...]) : []
        return HealthRead(workouts: new, anchor: Data(String(workouts.count).utf8))
    }
}

/// The journal's neighbour where the anchor is kept.
func anchorFile(_ journal: String) -> String {
    URL(fileURLWithPath: journal).deletingLastPathComponent().appendingPathComponent("health-anchor").path
}

/// A fixture's file URL (tests/swift/run copies tests/fixtures/runs and runs-hostile in).
func fixture(_ name: String) throws -> URL {
    let dir = try XCTUnwrap(ProcessInfo.processInfo.environment["FASCIA_FIXTURES"], "tests/swift/run sets FASCIA_FIXTURES")
    return URL(fileURLWithPath: "\(dir)/\(name)")
}

@MainActor
final class HealthRunsTests: XCTestCase {
    let evening = date("2026-11-23T18:00:00Z")

    /// A 28 km long run this afternoon, with steps and a climb, and an easy 10 km yesterday.
    func twoRuns() -> [Workout] {
        [Workout(id: "6F1A2B3C-0000-4000-8000-000000000001", start: evening - 86_400 - 3_600, duration: 3_000, distanceMetres: 10_020),
         Workout(id: "6F1A2B3C-0000-4000-8000-000000000002", start: evening - 4 * 3_600, duration: 9_000,
                 distanceMetres: 28_000, steps: 26_250, ascentMetres: 312.4)]
    }

    /// A model past first run on a Monday evening in Paris, reading runs from `health`.
    func ready(_ health: HealthRuns?, path: String = journalPath()) async -> (AppModel, FakeClock) {
        let clock = FakeClock(evening, "Europe/Paris")
        let model = AppModel(path: path, clock: clock, center: FakeCenter(), healthRuns: health)
        await model.load().value
        await model.finishSetUp(reminderTime: "07:00:00", tools: [.foamRoller]).value
        XCTAssertNil(model.message)
        return (model, clock)
    }

    func testAReadAddsTheRunsAndASecondReadAddsNothing() async throws {
        let health = FakeHealth(twoRuns())
        let path = journalPath()
        let (model, _) = await ready(health, path: path)
        await model.readHealthRuns().value
        XCTAssertEqual(health.asked, 1, "access asked for")
        let first = try XCTUnwrap(model.runImport)
        XCTAssertEqual(first.added, 2)
        // Said in the core's words.
        XCTAssertEqual(model.message, try runImportText(summary: first))
        XCTAssertEqual(model.message, "Runs: 2 added.")
        // The runs, with what Health measured, under the workout's id.
        await model.show(.more).value
        let runs = model.logs.runs
        XCTAssertEqual(runs.count, 2)
        let long = try XCTUnwrap(runs.first { $0.sourceId == "6F1A2B3C-0000-4000-8000-000000000002" })
        XCTAssertEqual(long.source, .healthkit)
        XCTAssertEqual(long.startedAt, evening - 4 * 3_600)
        XCTAssertEqual(long.distanceM, 28_000)
        XCTAssertEqual(long.durationS, 9_000)
        XCTAssertEqual(long.cadenceSpm, 175, "26,250 steps in 150 minutes")
        XCTAssertEqual(long.elevationGainM, 312)
        XCTAssertEqual(long.kind, .long, "the core's long-run rule")
        // A long run from Health brings the check-in, as one typed by hand does.
        XCTAssertEqual(model.today?.checkIn?.run.id, long.id)
        // The anchor is kept beside the journal.
        XCTAssertTrue(FileManager.default.fileExists(atPath: anchorFile(path)))

        // Read again: from the anchor, nothing new.
        model.dismissMessage()
        await model.readHealthRuns().value
        XCTAssertNotNil(health.readsFrom.last ?? nil, "read from the anchor")
        XCTAssertEqual(model.runImport?.added, 0)
        XCTAssertEqual(model.message, try runImportText(summary: RunImportSummary.nothing))
        await model.show(.more).value
        XCTAssertEqual(model.logs.runs.count, 2)

        // A run saved to Health since: that one alone is read and added.
        health.save(Workout(id: "6F1A2B3C-0000-4000-8000-000000000003", start: evening - 3_600, duration: 1_800, distanceMetres: 5_000))
        await model.readHealthRuns().value
        XCTAssertEqual(model.runImport?.added, 1)
        XCTAssertEqual(model.runImport?.alreadyThere, 0, "only what Health added since the last read")
        XCTAssertEqual(model.logs.runs.count, 3)
    }

    func testTheSameWorkoutReadAgainChangesNothing() async throws {
        let health = FakeHealth(twoRuns())
        let path = journalPath()
        let (model, _) = await ready(health, path: path)
        await model.readHealthRuns().value
        await model.show(.more).value
        let before = model.logs.runs
        // The anchor lost (a new iPhone, a purge): the next read is a full one.
        try FileManager.default.removeItem(atPath: anchorFile(path))
        await model.readHealthRuns().value
        XCTAssertNil(health.readsFrom.last ?? nil, "a full read")
        XCTAssertEqual(model.runImport?.added, 0)
        XCTAssertEqual(model.runImport?.alreadyThere, 2)
        XCTAssertEqual(model.message, "Runs: 2 already there.")
        XCTAssertEqual(model.logs.runs, before, "the same runs, untouched")
    }

    func testARunDeletedInTheJournalIsNotBroughtBack() async throws {
        let health = FakeHealth(twoRuns())
        let path = journalPath()
        let (model, _) = await ready(health, path: path)
        await model.readHealthRuns().value
        await model.show(.more).value
        let gone = try XCTUnwrap(model.logs.runs.first { $0.sourceId == "6F1A2B3C-0000-4000-8000-000000000001" })
        await model.delete(.run, id: gone.id).value
        XCTAssertEqual(model.logs.runs.count, 1)
        // Read everything again (the anchor lost): the deleted run stays deleted.
        try FileManager.default.removeItem(atPath: anchorFile(path))
        await model.readHealthRuns().value
        let summary = try XCTUnwrap(model.runImport)
        XCTAssertEqual(summary.deletedBefore, 1)
        XCTAssertEqual(summary.alreadyThere, 1)
        XCTAssertEqual(summary.added, 0)
        XCTAssertEqual(model.message, "Runs: 1 already there, 1 deleted before (not brought back).")
        XCTAssertFalse(model.logs.runs.contains { $0.id == gone.id })
    }

    func testARunTypedByHandIsMergedWithTheWorkout() async throws {
        let health = FakeHealth()
        let (model, clock) = await ready(health)
        // Typed by hand after the run: 10 km in 50 minutes, ending now.
        await model.logRun(distance: 10, minutes: 50).value
        let typed = try XCTUnwrap(model.logs.runs.first)
        XCTAssertNil(typed.source)
        // The watch's workout of the same run: three minutes later on the clock, 10.1 km.
        health.save(Workout(id: "0B0E5A7E-0000-4000-8000-0000000000AA", start: clock.at - 47 * 60, duration: 2_950,
                            distanceMetres: 10_100, steps: 8_700))
        await model.readHealthRuns().value
        XCTAssertEqual(model.runImport?.merged, 1)
        XCTAssertEqual(model.runImport?.added, 0)
        XCTAssertEqual(model.message, "Runs: 1 merged with runs typed by hand.")
        XCTAssertEqual(model.logs.runs.count, 1, "one run, not two")
        let run = try XCTUnwrap(model.logs.runs.first)
        XCTAssertEqual(run.id, typed.id, "the typed run keeps its id")
        XCTAssertEqual(run.source, .healthkit)
        XCTAssertEqual(run.distanceM, 10_100, "and gains what the watch measured")
        XCTAssertNotNil(run.cadenceSpm)
    }

    func testARefusedReadSaysSoChangesNothingAndTheReadAfterIsWhole() async throws {
        let health = FakeHealth(twoRuns())
        health.allowed = false
        let path = journalPath()
        let (model, _) = await ready(health, path: path)
        await model.readHealthRuns().value
        XCTAssertEqual(health.asked, 1)
        XCTAssertEqual(model.message, "No running workouts came from Health. If you have some, allow Fascia to read workouts in Settings › Health › Data Access & Devices › Fascia.")
        await model.show(.more).value
        XCTAssertEqual(model.logs.runs, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: anchorFile(path)), "no anchor from a read that found nothing")
        // HealthKit's own error for it says the same, and changes nothing either.
        health.failure = HealthAccessError.denied
        model.dismissMessage()
        await model.readHealthRuns().value
        XCTAssertEqual(model.message, "No running workouts came from Health. If you have some, allow Fascia to read workouts in Settings › Health › Data Access & Devices › Fascia.")
        XCTAssertEqual(model.logs.runs, [])
        // The runner allows it in Settings: the next read is a full one, and both runs come.
        health.failure = nil
        health.allowed = true
        await model.readHealthRuns().value
        XCTAssertNil(health.readsFrom.last ?? nil)
        XCTAssertEqual(model.runImport?.added, 2)
        XCTAssertEqual(model.logs.runs.count, 2)
    }

    func testNoHealthOnThisDeviceSaysSo() async throws {
        let health = FakeHealth(twoRuns())
        health.available = false
        let (model, _) = await ready(health)
        await model.readHealthRuns().value
        XCTAssertEqual(model.message, "Health is not available on this device. Import your watch's run files instead.")
        XCTAssertEqual(health.asked, 0, "nothing asked")
        XCTAssertEqual(health.readsFrom.count, 0, "nothing read")
        await model.show(.more).value
        XCTAssertEqual(model.logs.runs, [])
        // HealthKit's own word for it (restricted by a profile) says the same.
        health.available = true
        health.failure = HealthAccessError.unavailable
        model.dismissMessage()
        await model.readHealthRuns().value
        XCTAssertEqual(model.message, "Health is not available on this device. Import your watch's run files instead.")
        // An app with no Health at all.
        let (bare, _) = await ready(nil)
        await bare.readHealthRuns().value
        XCTAssertEqual(bare.message, "Health is not available on this device. Import your watch's run files instead.")
    }

    func testAWorkoutTheCoreCannotTakeIsRefusedByNameAndTheRestAreImported() async throws {
        var runs = twoRuns()
        // No time at all (and a duration HealthKit should never give: not a number).
        runs.append(Workout(id: "BAD00000-0000-4000-8000-000000000001", start: evening - 7_200, duration: .nan, distanceMetres: 3_000))
        let health = FakeHealth(runs)
        let (model, _) = await ready(health)
        await model.readHealthRuns().value
        let summary = try XCTUnwrap(model.runImport)
        XCTAssertEqual(summary.added, 2)
        XCTAssertEqual(summary.refused.map(\.name), ["healthkit:BAD00000-0000-4000-8000-000000000001"])
        XCTAssertFalse(summary.refused[0].reason.isEmpty)
        let message = try XCTUnwrap(model.message)
        XCTAssertTrue(message.hasPrefix("Runs: 2 added, 1 refused."), message)
        XCTAssertTrue(message.contains("\nRefused healthkit:BAD00000-0000-4000-8000-000000000001: \(summary.refused[0].reason)"), message)
        XCTAssertEqual(model.logs.runs.count, 2)
    }

    func testAWorkoutIsTheCoresHealthRecord() async {
        let start = date("2026-11-22T08:00:00Z")
        let w = Workout(id: "A1", start: start, duration: 5_399.6, distanceMetres: 15_012.5, steps: 15_300, ascentMetres: 88)
        let r = w.healthRun
        XCTAssertEqual(r.source, .healthkit)
        XCTAssertEqual(r.sourceId, "A1")
        XCTAssertEqual(r.startedAt, start)
        XCTAssertEqual(r.durationS, 5_400)
        XCTAssertEqual(r.distanceM, 15_012.5)
        XCTAssertEqual(try XCTUnwrap(r.cadenceSpm), 15_300 / (5_399.6 / 60), accuracy: 1e-9, "steps a minute of running time")
        XCTAssertEqual(r.elevationGainM, 88)
        // What Health may not have: no steps, no climb, no distance (a treadmill run without a
        // sensor); no cadence without time; and nothing that traps.
        let bare = Workout(id: "A2", start: start, duration: 1_800, distanceMetres: nil).healthRun
        XCTAssertNil(bare.cadenceSpm)
        XCTAssertNil(bare.elevationGainM)
        XCTAssertEqual(bare.distanceM, 0)
        XCTAssertNil(Workout(id: "A3", start: start, duration: 0, distanceMetres: 100, steps: 50).healthRun.cadenceSpm)
        XCTAssertNil(Workout(id: "A4", start: start, duration: 1_800, distanceMetres: 100, steps: 0).healthRun.cadenceSpm)
        for (odd, seconds) in [(Double.nan, UInt32(0)), (.infinity, 0), (-.infinity, 0), (-5, 0), (1e12, UInt32.max)] {
            let r = Workout(id: "A5", start: start, duration: odd, distanceMetres: 100, steps: 100).healthRun
            XCTAssertEqual(r.durationS, seconds, "\(odd)")
            if !odd.isFinite || odd <= 0 { XCTAssertNil(r.cadenceSpm, "\(odd)") }
        }
    }

    func testComingBackToTheFrontReadsWhatHealthAddedWithoutAsking() async throws {
        let health = FakeHealth(twoRuns())
        let (model, clock) = await ready(health)
        // Before the runner ever read from Health: nothing is read on its own.
        await model.resumed().value
        XCTAssertEqual(health.readsFrom.count, 0)
        XCTAssertEqual(health.asked, 0)
        await model.readHealthRuns().value
        XCTAssertEqual(model.logs.runs.count, 2)
        model.dismissMessage()
        // Nothing new: nothing said.
        await model.resumed().value
        XCTAssertEqual(health.readsFrom.count, 2)
        XCTAssertNil(model.message)
        // A run saved by the watch while Fascia was in the background.
        clock.at += 3_600
        health.save(Workout(id: "6F1A2B3C-0000-4000-8000-000000000004", start: clock.at - 2_000, duration: 1_900, distanceMetres: 6_000))
        await model.resumed().value
        XCTAssertEqual(model.message, "Runs: 1 added.")
        XCTAssertEqual(model.logs.runs.count, 3)
        XCTAssertEqual(health.asked, 1, "access asked for once, by the runner")
        // Health refusing in the background (the phone locked): said nothing, changed nothing.
        model.dismissMessage()
        health.failure = HealthAccessError.denied
        await model.resumed().value
        XCTAssertNil(model.message)
        XCTAssertEqual(model.logs.runs.count, 3)
    }

    func testARestoredBackupForgetsTheAnchorSoTheRunsSinceComeBack() async throws {
        let health = FakeHealth(twoRuns())
        let path = journalPath()
        let (model, _) = await ready(health, path: path)
        await model.show(.more).value
        // The backup taken when the journal was opened, before any run came from Health.
        let backup = try XCTUnwrap(model.logs.backups.first)
        await model.readHealthRuns().value
        XCTAssertEqual(model.logs.runs.count, 2)
        await model.restoreBackup(id: backup.id).value
        XCTAssertEqual(model.logs.runs.count, 0, "as it was then")
        XCTAssertFalse(FileManager.default.fileExists(atPath: anchorFile(path)))
        await model.readHealthRuns().value
        XCTAssertNil(health.readsFrom.last ?? nil, "a full read")
        XCTAssertEqual(model.runImport?.added, 2, "the runs read after that backup come back")
        XCTAssertEqual(model.logs.runs.count, 2)
    }

    func testHealthRunsAndFilesAreImportedOffTheMainThread() async throws {
        let calls = JournalCalls()
        let clock = FakeClock(evening, "Europe/Paris")
        let model = AppModel(path: journalPath(), clock: clock, center: FakeCenter(), healthRuns: FakeHealth(twoRuns()),
                             opener: { p, z in try WatchedJournal.open(p, z, calls) })
        await model.load().value
        await model.readHealthRuns().value
        await model.importRunFiles([try fixture("runs/easy-run.gpx")]).value
        XCTAssertEqual(calls.count("importHealthRuns"), 1)
        XCTAssertEqual(calls.count("importRunFiles"), 1)
        XCTAssertEqual(calls.onMain, [], "journal calls made on the main thread")
    }
}

@MainActor
final class RunFilesTests: XCTestCase {
    func ready(path: String = journalPath()) async -> AppModel {
        let model = AppModel(path: path, clock: FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris"), center: FakeCenter())
        await model.load().value
        await model.finishSetUp(reminderTime: "07:00:00", tools: [.ball]).value
        return model
    }

    func testRunFilesAreImportedAndSummedUpInTheCoresWords() async throws {
        let model = await ready()
        let picked = try ["runs/easy-10k.fit", "runs/easy-run.gpx", "runs/long-run.tcx", "runs/ride.gpx", "runs-hostile/truncated.fit"].map(fixture)
        await model.importedRuns(.success(picked))?.value
        let summary = try XCTUnwrap(model.runImport)
        XCTAssertEqual(summary.added, 3)
        XCTAssertEqual(summary.skippedNonRuns, 1, "the ride")
        XCTAssertEqual(summary.refused.map(\.name), ["truncated.fit"], "named as the Files app shows it")
        XCTAssertEqual(model.message, try runImportText(summary: summary))
        let message = try XCTUnwrap(model.message)
        XCTAssertTrue(message.hasPrefix("Runs: 3 added, 1 skipped (not runs), 1 refused."), message)
        XCTAssertTrue(message.contains("\nRefused truncated.fit: the file is truncated"), message)
        // The three runs, as the files measured them.
        XCTAssertEqual(model.logs.runs.count, 3)
        XCTAssertEqual(Set(model.logs.runs.compactMap(\.source)), [.fit, .gpx, .tcx])
        let fit = try XCTUnwrap(model.logs.runs.first { $0.source == .fit })
        XCTAssertEqual(fit.distanceM, 10_000)
        XCTAssertEqual(fit.startedAt, date("2026-03-17T18:30:00Z"))

        // The same files again: nothing changes.
        await model.importedRuns(.success(picked))?.value
        let again = try XCTUnwrap(model.runImport)
        XCTAssertEqual(again.added, 0)
        XCTAssertEqual(again.alreadyThere, 3)
        XCTAssertEqual(model.logs.runs.count, 3)
    }

    func testEveryBadFileIsRefusedByNameAndTheRestImported() async throws {
        let model = await ready()
        let hostile = ["flipped.fit", "huge.tcx", "laughs.gpx", "not-xml.gpx", "truncated.fit", "truncated.gpx"]
        // A file the phone cannot read (gone from iCloud Drive since it was picked).
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("gone-\(UUID().uuidString).fit")
        var picked = try hostile.map { try fixture("runs-hostile/\($0)") }
        picked.insert(try fixture("runs/long-run-28k.fit"), at: 3)
        picked.append(missing)
        await model.importRunFiles(picked).value
        let summary = try XCTUnwrap(model.runImport)
        XCTAssertEqual(summary.added, 1, "the good file among them")
        XCTAssertEqual(Set(summary.refused.map(\.name)), Set(hostile + [missing.lastPathComponent]))
        XCTAssertTrue(summary.refused.allSatisfy { !$0.reason.isEmpty })
        let unreadable = try XCTUnwrap(summary.refused.first { $0.name == missing.lastPathComponent })
        XCTAssertTrue(unreadable.reason.hasPrefix("could not read it: "), unreadable.reason)
        let message = try XCTUnwrap(model.message)
        for r in summary.refused { XCTAssertTrue(message.contains("Refused \(r.name): \(r.reason)"), r.name) }
        XCTAssertEqual(model.logs.runs.map(\.distanceM), [28_000])
    }

    func testThePickersFailureIsSaidAndNothingIsImported() async throws {
        let model = await ready()
        XCTAssertNil(model.importedRuns(.failure(CocoaError(.fileReadNoPermission))))
        XCTAssertTrue(try XCTUnwrap(model.message).hasPrefix("Could not open that file: "))
        await model.idle()
        XCTAssertNil(model.runImport)
        await model.show(.more).value
        XCTAssertEqual(model.logs.runs, [])
        // The export importer shares the picker: one file, or what went wrong.
        model.dismissMessage()
        XCTAssertNil(model.imported(.success([URL]())))
        XCTAssertTrue(try XCTUnwrap(model.message).hasPrefix("Could not open that file: "))
    }
}

final class HealthDeclarationsTests: XCTestCase {
    /// The run file types the picker offers are the ones Info.plist declares, each by the
    /// extension the core reads; the usage sentence is FasciaKit's; Health is read, never written.
    func testInfoPlistDeclaresTheRunFileTypesAndHowHealthIsUsed() throws {
        let info = try plist(try appDir() + "/Info.plist")
        let declared = try XCTUnwrap(info["UTImportedTypeDeclarations"] as? [[String: Any]])
        XCTAssertEqual(RunFileType.all.map(\.filenameExtension), ["fit", "gpx", "tcx"])
        for type in RunFileType.all {
            let d = try XCTUnwrap(declared.first { $0["UTTypeIdentifier"] as? String == type.identifier }, type.identifier)
            XCTAssertEqual(d["UTTypeConformsTo"] as? [String], [type.conformsTo])
            let tags = try XCTUnwrap(d["UTTypeTagSpecification"] as? [String: Any])
            XCTAssertEqual(tags["public.filename-extension"] as? [String], [type.filenameExtension])
        }
        XCTAssertEqual(declared.count, RunFileType.all.count)
        // Every fixture the core reads as a run has one of those extensions.
        let dir = try XCTUnwrap(ProcessInfo.processInfo.environment["FASCIA_FIXTURES"])
        for file in try FileManager.default.contentsOfDirectory(atPath: dir + "/runs") where !file.hasSuffix(".py") {
            XCTAssertTrue(RunFileType.all.contains { file.lowercased().hasSuffix("." + $0.filenameExtension) }, file)
        }
        XCTAssertEqual(info["NSHealthShareUsageDescription"] as? String, healthUsageWords(), "the sentence shown beside the button")
        XCTAssertNil(info["NSHealthUpdateUsageDescription"], "Fascia writes nothing to Health")
        let entitlements = try plist(try appDir() + "/Fascia.entitlements")
        XCTAssertEqual(entitlements["com.apple.developer.healthkit"] as? Bool, true)
    }

    /// What can be checked here of the HealthKit adapter, which only Xcode compiles: it reads
    /// running workouts with an anchor, distance and steps from the workout's statistics (not the
    /// deprecated `totalDistance`), the climb from its metadata, and asks to read only.
    func testTheHealthKitAdapterReadsTheWorkoutsStatistics() throws {
        let ios = try XCTUnwrap(ProcessInfo.processInfo.environment["FASCIA_IOS"])
        let source = try String(contentsOfFile: ios + "/FasciaKit/Adapters.swift", encoding: .utf8)
        let code = source.split(separator: "\n").map { line in line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line) }.joined(separator: "\n")
        for piece in ["#if canImport(HealthKit)", "HKAnchoredObjectQueryDescriptor", "predicateForWorkouts(with: .running)",
                      "statistics(for: HKQuantityType(.distanceWalkingRunning))?.sumQuantity()",
                      "statistics(for: HKQuantityType(.stepCount))?.sumQuantity()", "HKMetadataKeyElevationAscended",
                      "requestAuthorization(toShare: [], read:", "w.uuid.uuidString", "w.duration"] {
            XCTAssertTrue(code.contains(piece), piece)
        }
        XCTAssertFalse(code.contains("totalDistance"), "the deprecated total")
        // The app hands the model the real one, and the views call the model.
        let app = try String(contentsOfFile: ios + "/App/FasciaApp.swift", encoding: .utf8)
        XCTAssertTrue(app.contains("healthRuns: SystemHealthRuns()"))
        let views = try String(contentsOfFile: ios + "/App/Views.swift", encoding: .utf8)
        for piece in ["model.readHealthRuns()", "model.importedRuns(result)", "RunFileType.all", "allowsMultipleSelection"] {
            XCTAssertTrue(views.contains(piece), piece)
        }
    }
}
