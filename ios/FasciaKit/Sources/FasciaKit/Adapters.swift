// The iOS side of FasciaKit's protocols. Compiled by Xcode only: Linux has none of these frameworks.
#if canImport(UserNotifications)
import UserNotifications

/// UNUserNotificationCenter, kept in step synchronously from the pending list it last reported.
/// Used from the journal's actor and from background refresh: its own list is behind a lock.
public final class SystemNotificationCenter: Notifier, @unchecked Sendable {
    private let center = UNUserNotificationCenter.current()
    private let lock = NSLock()
    private var _known: [PlannedNotification] = []
    private var _allowed = false
    private var known: [PlannedNotification] {
        get { lock.withLock { _known } }
        set { lock.withLock { _known = newValue } }
    }
    private var allowed: Bool {
        get { lock.withLock { _allowed } }
        set { lock.withLock { _allowed = newValue } }
    }

    public init() {
        let log = UNNotificationAction(identifier: "log-soreness", title: localized("Log soreness"), options: [.foreground])
        center.setNotificationCategories([
            UNNotificationCategory(identifier: ReminderSync.checkInCategory, actions: [log], intentIdentifiers: []),
        ])
    }

    /// Reads the pending requests and the authorisation (call before a sync).
    public func refresh() async {
        let requests = await center.pendingNotificationRequests()
        known = requests.compactMap { r in
            guard let t = r.trigger as? UNCalendarNotificationTrigger, let at = t.nextTriggerDate() else { return nil }
            return PlannedNotification(
                id: r.identifier, fireAt: at, title: r.content.title, body: r.content.body,
                category: r.content.categoryIdentifier.isEmpty ? nil : r.content.categoryIdentifier,
                timeSensitive: r.content.interruptionLevel == .timeSensitive)
        }
        allowed = await center.notificationSettings().authorizationStatus == .authorized
    }

    public func pending() -> [PlannedNotification] { known }

    public func add(_ n: PlannedNotification) throws {
        let content = UNMutableNotificationContent()
        content.title = n.title
        content.body = n.body
        content.sound = .default
        if let c = n.category { content.categoryIdentifier = c }
        if n.timeSensitive { content.interruptionLevel = .timeSensitive }
        // The core's instant, as UTC calendar fields: the same moment whatever zone the phone is in.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        var parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: n.fireAt)
        parts.timeZone = utc.timeZone
        center.add(UNNotificationRequest(identifier: n.id, content: content,
                                         trigger: UNCalendarNotificationTrigger(dateMatching: parts, repeats: false)))
        known.removeAll { $0.id == n.id }
        known.append(n)
    }

    public func remove(ids: [String]) {
        center.removePendingNotificationRequests(withIdentifiers: ids)
        known.removeAll { ids.contains($0.id) }
    }

    public func authorized() -> Bool { allowed }
}
#endif

#if canImport(AVFoundation) && os(iOS)
import AVFoundation

/// AVAudioSession for spoken prompts. While active it also runs a silent engine: iOS keeps an app
/// with the `audio` background mode running only while it plays, and the cues between two
/// utterances (a 30-second hold) are spoken from this process, with the phone locked.
public final class SystemAudioSession: AudioSession {
    private let session = AVAudioSession.sharedInstance()
    private let engine = AVAudioEngine()
    private let silence = AVAudioPlayerNode()
    private var active = false
    private var interruptions: NSObjectProtocol?

    public init() {
        engine.attach(silence)
        engine.connect(silence, to: engine.mainMixerNode, format: nil)
        engine.mainMixerNode.outputVolume = 0
        // After a call or Siri, the session comes back for the rest of the routine.
        interruptions = NotificationCenter.default.addObserver(
            forName: AVAudioSession.interruptionNotification, object: session, queue: .main
        ) { [weak self] note in
            guard let self, self.active,
                  let raw = note.userInfo?[AVAudioSessionInterruptionTypeKey] as? UInt,
                  AVAudioSession.InterruptionType(rawValue: raw) == .ended else { return }
            try? self.session.setActive(true)
            self.startSilence()
        }
    }

    deinit {
        if let interruptions { NotificationCenter.default.removeObserver(interruptions) }
    }

    public func setCategory(_ category: AudioCategory, mode: AudioMode, options: AudioOptions) throws {
        var av: AVAudioSession.CategoryOptions = []
        if options.contains(.duckOthers) { av.insert(.duckOthers) }
        if options.contains(.interruptSpokenAudioAndMixWithOthers) { av.insert(.interruptSpokenAudioAndMixWithOthers) }
        switch (category, mode) {
        case (.playback, .voicePrompt): try session.setCategory(.playback, mode: .voicePrompt, options: av)
        }
    }

    public func setActive(_ active: Bool, notifyOthersOnDeactivation: Bool) throws {
        if active {
            try session.setActive(true)
            self.active = true
            startSilence()
        } else {
            self.active = false
            silence.stop()
            engine.stop()
            try session.setActive(false, options: notifyOthersOnDeactivation ? [.notifyOthersOnDeactivation] : [])
        }
    }

    private func startSilence() {
        guard !engine.isRunning else { return }
        do {
            try engine.start()
            silence.play()
        } catch {
            print("voice prompts may stop while locked: \(error)") // the cue notifications still sound
        }
    }
}

/// AVSpeechSynthesizer on the app's audio session (the one SystemAudioSession holds).
public final class SystemSpeaker: NSObject, Speaker, AVSpeechSynthesizerDelegate {
    private let synth = AVSpeechSynthesizer()
    private var finished: [ObjectIdentifier: () -> Void] = [:]

    public override init() {
        super.init()
        synth.usesApplicationAudioSession = true
        synth.delegate = self
    }

    public func say(_ words: String, done: @escaping () -> Void) {
        let utterance = AVSpeechUtterance(string: words)
        finished[ObjectIdentifier(utterance)] = done
        synth.speak(utterance)
    }

    public func speechSynthesizer(_: AVSpeechSynthesizer, didFinish utterance: AVSpeechUtterance) { complete(utterance) }
    public func speechSynthesizer(_: AVSpeechSynthesizer, didCancel utterance: AVSpeechUtterance) { complete(utterance) }

    private func complete(_ utterance: AVSpeechUtterance) {
        let id = ObjectIdentifier(utterance)
        DispatchQueue.main.async { self.finished.removeValue(forKey: id)?() }
    }
}
#endif

#if canImport(UIKit)
import UIKit

public final class SystemHaptics: Haptics {
    public init() {}
    public func stepChange() { UINotificationFeedbackGenerator().notificationOccurred(.warning) }
}
#endif

#if canImport(ActivityKit) && os(iOS)
import ActivityKit

/// The Live Activity's data: FasciaKit's `LiveActivityState` (the step and its countdown range,
/// never inverted), drawn by the system with `Text(timerInterval:pauseTime:)`.
public struct FasciaActivityAttributes: ActivityAttributes {
    public typealias ContentState = LiveActivityState
    public var sessionId: String
}

public final class SystemLiveActivity: LiveActivity {
    private var current: Activity<FasciaActivityAttributes>?
    public init() {}

    private static func content(_ state: LiveActivityState) -> ActivityContent<LiveActivityState> {
        // Stale once the step should have ended (the app was not there to move it on).
        ActivityContent(state: state, staleDate: state.pausedAt == nil ? state.end : nil)
    }

    public func start(sessionId: String, state: LiveActivityState) {
        // One at a time: an earlier launch's activity for another session goes.
        for other in Activity<FasciaActivityAttributes>.activities where other.attributes.sessionId != sessionId {
            Task { await other.end(nil, dismissalPolicy: .immediate) }
        }
        if let same = Activity<FasciaActivityAttributes>.activities.first(where: { $0.attributes.sessionId == sessionId }) {
            current = same
            return update(sessionId: sessionId, state: state)
        }
        guard ActivityAuthorizationInfo().areActivitiesEnabled else { return }
        do {
            current = try Activity.request(attributes: FasciaActivityAttributes(sessionId: sessionId), content: Self.content(state))
        } catch {
            print("Live Activity not started: \(error)") // the cue notifications still carry the cues
        }
    }

    public func update(sessionId: String, state: LiveActivityState) {
        guard let current, current.attributes.sessionId == sessionId else { return }
        Task { await current.update(Self.content(state)) }
    }

    public func end(sessionId: String) {
        guard let current, current.attributes.sessionId == sessionId else { return }
        Task { await current.end(nil, dismissalPolicy: .immediate) }
        self.current = nil
    }
}
#endif

#if canImport(BackgroundTasks) && os(iOS)
import BackgroundTasks

/// A BGTask as FasciaKit's `RefreshTask` (BackgroundRefresh.handle).
public final class SystemRefreshTask: RefreshTask {
    private let task: BGTask
    public init(_ task: BGTask) { self.task = task }
    public var expirationHandler: (() -> Void)? {
        get { task.expirationHandler }
        set { task.expirationHandler = newValue }
    }
    public func setTaskCompleted(success: Bool) { task.setTaskCompleted(success: success) }
}
#endif

#if canImport(UserNotifications)
import UserNotifications

public extension ForegroundPresentation {
    /// As UNUserNotificationCenterDelegate's `willPresent` answers.
    var options: UNNotificationPresentationOptions {
        var o: UNNotificationPresentationOptions = []
        if contains(.banner) { o.insert(.banner) }
        if contains(.sound) { o.insert(.sound) }
        if contains(.list) { o.insert(.list) }
        return o
    }
}
#endif

#if canImport(HealthKit)
import HealthKit

/// Health, read only: running workouts with an anchored object query, each mapped to a
/// `Workout` from its own statistics. Never compiled on Linux (no HealthKit there): see docs/ios.md.
public final class SystemHealthRuns: HealthRuns, @unchecked Sendable {
    private let store = HKHealthStore()
    public init() {}

    /// What Fascia reads: workouts, and the distance and step statistics they carry.
    static var readTypes: Set<HKObjectType> {
        [HKObjectType.workoutType(), HKQuantityType(.distanceWalkingRunning), HKQuantityType(.stepCount)]
    }

    public func isAvailable() -> Bool { HKHealthStore.isHealthDataAvailable() }

    public func requestAccess() async throws {
        do {
            try await store.requestAuthorization(toShare: [], read: Self.readTypes)
        } catch {
            throw Self.access(error)
        }
    }

    public func runs(after anchor: Data?) async throws -> HealthRead {
        // An anchor that cannot be read back (another iOS's archive) means a full read.
        let from = anchor.flatMap { try? NSKeyedUnarchiver.unarchivedObject(ofClass: HKQueryAnchor.self, from: $0) }
        let running = HKSamplePredicate<HKWorkout>.workout(HKQuery.predicateForWorkouts(with: .running))
        let query = HKAnchoredObjectQueryDescriptor(predicates: [running], anchor: from)
        do {
            let result = try await query.result(for: store)
            // Workouts deleted in Health stay in the journal: the runner deletes runs there.
            let workouts = result.addedSamples.sorted { $0.startDate < $1.startDate }.map(Self.workout)
            let next = try NSKeyedArchiver.archivedData(withRootObject: result.newAnchor, requiringSecureCoding: true)
            return HealthRead(workouts: workouts, anchor: next)
        } catch {
            throw Self.access(error)
        }
    }

    /// A running workout in plain values: distance and steps from the workout's statistics
    /// (`statistics(for:)`, iOS 16; `totalDistance` is deprecated), the climb from its metadata.
    static func workout(_ w: HKWorkout) -> Workout {
        let distance = w.statistics(for: HKQuantityType(.distanceWalkingRunning))?.sumQuantity()?.doubleValue(for: .meter())
        let steps = w.statistics(for: HKQuantityType(.stepCount))?.sumQuantity()?.doubleValue(for: .count())
        let ascent = (w.metadata?[HKMetadataKeyElevationAscended] as? HKQuantity)?.doubleValue(for: .meter())
        return Workout(id: w.uuid.uuidString, start: w.startDate, duration: w.duration,
                       distanceMetres: distance, steps: steps, ascentMetres: ascent)
    }

    /// HealthKit's refusals as FasciaKit's; any other error as it is.
    static func access(_ error: Error) -> Error {
        guard let e = error as? HKError else { return error }
        switch e.code {
        case .errorAuthorizationDenied, .errorAuthorizationNotDetermined: return HealthAccessError.denied
        case .errorHealthDataUnavailable, .errorHealthDataRestricted: return HealthAccessError.unavailable
        default: return error
        }
    }
}
#endif
