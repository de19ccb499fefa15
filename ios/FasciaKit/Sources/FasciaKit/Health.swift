// Runs from Health and from the runner's files. Health (HealthKit) is behind `HealthRuns`: its iOS
// implementation, `SystemHealthRuns`, is in Adapters.swift behind `#if canImport(HealthKit)`;
// tests use a fake. Everything else is here and tested on Linux: a workout mapped to the core's
// `HealthRun`, where the last read's anchor is kept and when it moves, and the file types the
// Files app offers. What an import did is the core's (`importHealthRuns`, `importRunFiles`:
// the same workout or file twice changes nothing, a run deleted in the journal stays deleted,
// a run typed by hand is merged), and so are its words (`runImportText`).
import Fascia
import Foundation

/// A running workout as Health holds it (an `HKWorkout` of activity type running), in plain
/// values: what the adapter reads, and all it reads.
public struct Workout: Equatable, Sendable {
    /// The workout's `uuid`: the run's source id, so one workout is one run however often it is
    /// read, on this phone or the next.
    public var id: String
    public var start: Date
    /// `HKWorkout.duration`: the time the workout ran, its pauses left out, in seconds.
    public var duration: TimeInterval
    /// The sum of the workout's `distanceWalkingRunning` statistics, in metres (not the
    /// deprecated `totalDistance`); none when it has none.
    public var distanceMetres: Double?
    /// The sum of the workout's `stepCount` statistics; none when it has none.
    public var steps: Double?
    /// `HKMetadataKeyElevationAscended`, in metres; none when the workout has no such metadata.
    public var ascentMetres: Double?

    public init(id: String, start: Date, duration: TimeInterval, distanceMetres: Double?, steps: Double? = nil, ascentMetres: Double? = nil) {
        self.id = id
        self.start = start
        self.duration = duration
        self.distanceMetres = distanceMetres
        self.steps = steps
        self.ascentMetres = ascentMetres
    }

    /// The core's health record. The figures go as Health gave them: the core checks them and
    /// refuses a workout it cannot take as a run (by its name, `healthkit:<uuid>`, with the
    /// reason), and the others are imported.
    public var healthRun: HealthRun {
        let seconds = duration.isFinite ? min(max(duration.rounded(), 0), Double(UInt32.max)) : 0
        return HealthRun(source: .healthkit, sourceId: id, startedAt: start, durationS: UInt32(seconds),
                         distanceM: distanceMetres ?? 0, cadenceSpm: cadence, elevationGainM: ascentMetres)
    }

    /// Steps per minute over the workout's running time; none without steps or without time.
    var cadence: Double? {
        guard let steps, steps > 0, duration.isFinite, duration > 0 else { return nil }
        return steps / (duration / 60)
    }
}

/// What one read of Health gave: the running workouts added after the anchor read from, oldest
/// first, and the anchor to read from next time (an archived `HKQueryAnchor`).
public struct HealthRead: Sendable {
    public var workouts: [Workout]
    public var anchor: Data
    public init(workouts: [Workout], anchor: Data) {
        self.workouts = workouts
        self.anchor = anchor
    }
}

/// Why Health gave nothing, as the adapter learns it from HealthKit's errors.
public enum HealthAccessError: Error, Equatable {
    /// No Health on this device, or restricted (`errorHealthDataUnavailable`, `…Restricted`).
    case unavailable
    /// Not allowed to read (`errorAuthorizationDenied`, `errorAuthorizationNotDetermined`).
    /// HealthKit usually says nothing of a refusal to read: the reads just find nothing.
    case denied
}

/// Health, read only (HKHealthStore on iOS).
public protocol HealthRuns: AnyObject {
    /// Whether this device has Health (`HKHealthStore.isHealthDataAvailable()`).
    func isAvailable() -> Bool
    /// Asks to read workouts with their distance and steps: the system's sheet the first time,
    /// at once afterwards. Never to write.
    func requestAccess() async throws
    /// The running workouts added to Health after `anchor` (all of them when nil).
    func runs(after anchor: Data?) async throws -> HealthRead
}

/// Where the last read's anchor is kept: a file beside the journal, `health-anchor`. It says
/// which of Health's workouts this journal has been given, so it lives and goes with the journal:
/// a backup restored in its place forgets it (the next read is a full one, and the core keeps
/// what is already there as it is). Not in the journal's settings, which are the runner's choices
/// and travel in an export to phones whose Health store it means nothing to; not in the app's
/// preferences, which outlive a journal replaced by a backup. Kept out of iCloud and computer
/// backups: an anchor belongs to this phone's Health store, and on a new iPhone a full read is
/// the safe start. Losing it costs one full read, never a run.
struct HealthAnchor: Sendable {
    static let file = "health-anchor"
    let url: URL

    init(journal: String) {
        url = URL(fileURLWithPath: journal).deletingLastPathComponent().appendingPathComponent(Self.file)
    }

    func load() -> Data? { try? Data(contentsOf: url) }

    func save(_ anchor: Data) throws {
        try anchor.write(to: url, options: .atomic)
        #if os(iOS)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        var url = url
        try url.setResourceValues(values)
        #endif
    }

    func forget() { try? FileManager.default.removeItem(at: url) }
}

/// An activity file type the Files app offers for "Import run files": each an imported type
/// declaration of the app's Info.plist (`UTImportedTypeDeclarations`), by the extension the core
/// tells the format by.
public struct RunFileType: Equatable, Sendable {
    /// The type's identifier (`UTType(importedAs:)`).
    public let identifier: String
    public let filenameExtension: String
    /// The type it conforms to (`public.data`, `public.xml`).
    public let conformsTo: String

    public static let all: [RunFileType] = [
        RunFileType(identifier: "com.garmin.fit", filenameExtension: "fit", conformsTo: "public.data"),
        RunFileType(identifier: "com.topografix.gpx", filenameExtension: "gpx", conformsTo: "public.xml"),
        RunFileType(identifier: "com.garmin.tcx", filenameExtension: "tcx", conformsTo: "public.xml"),
    ]
}

/// What Fascia reads from Health and that it stays on the phone: shown beside the button, and
/// the same sentence is Info.plist's `NSHealthShareUsageDescription` (on the system's sheet).
public func healthUsageWords() -> String {
    localized("Fascia reads your running workouts from Health (start, time, distance, steps and climb) to log your runs. It writes nothing to Health, and nothing leaves this iPhone.")
}

/// An import of runs in the core's words: the counts, then each refused file with its reason.
public func runImportWords(_ summary: RunImportSummary) -> String { words { try runImportText(summary: summary) } }

extension RunImportSummary {
    /// An import that found nothing.
    static let nothing = RunImportSummary(added: 0, merged: 0, alreadyThere: 0, deletedBefore: 0, skippedNonRuns: 0, refused: [], runIds: [])
}
