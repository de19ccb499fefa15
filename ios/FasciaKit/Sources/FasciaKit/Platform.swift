// What FasciaKit needs from the phone, as small protocols: the clock and zone, the notification
// centre, the audio session and speech, a wall-clock scheduler, haptics, the Live Activity and a
// background task. The iOS adapters (UserNotifications, AVFoundation, UIKit, ActivityKit,
// BackgroundTasks) are in Adapters.swift behind `#if canImport`; tests use recording fakes.
// Nothing here reads the clock itself.
import Dispatch
import Foundation

public protocol Clock: AnyObject {
    func now() -> Date
    /// The device's IANA zone.
    func zone() -> String
}

public final class SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
    public func zone() -> String { TimeZone.current.identifier }
}

/// A local notification as FasciaKit plans it: the id is the core's (reminder or cue).
public struct PlannedNotification: Equatable {
    public var id: String
    public var fireAt: Date
    public var title: String
    public var body: String
    /// `check-in` adds the "Log soreness" action.
    public var category: String?
    /// Cues interrupt Focus (time-sensitive, with the app's entitlement); reminders do not.
    public var timeSensitive: Bool

    public init(id: String, fireAt: Date, title: String, body: String, category: String? = nil, timeSensitive: Bool = false) {
        self.id = id
        self.fireAt = fireAt
        self.title = title
        self.body = body
        self.category = category
        self.timeSensitive = timeSensitive
    }
}

/// The pending local notifications (UNUserNotificationCenter on iOS, which keeps at most 64).
public protocol Notifier: AnyObject {
    /// Reads the pending list and the authorisation again (iOS answers asynchronously).
    func refresh() async
    func pending() -> [PlannedNotification]
    /// Adds or replaces (same id) a pending notification.
    func add(_ notification: PlannedNotification) throws
    func remove(ids: [String])
    /// Whether the runner allowed notifications.
    func authorized() -> Bool
}

public extension Notifier {
    func refresh() async {}
}

/// iOS keeps at most this many pending local notifications.
public let pendingLimit = 64

// ---- voice ------------------------------------------------------------------------------------

/// The audio session's category (AVAudioSession.Category).
public enum AudioCategory: Equatable {
    case playback
}

/// The audio session's mode (AVAudioSession.Mode).
public enum AudioMode: Equatable {
    case voicePrompt
}

/// The audio session's category options (AVAudioSession.CategoryOptions).
public struct AudioOptions: OptionSet, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let duckOthers = AudioOptions(rawValue: 1 << 0)
    public static let interruptSpokenAudioAndMixWithOthers = AudioOptions(rawValue: 1 << 1)
}

/// The app's audio session (AVAudioSession on iOS).
public protocol AudioSession: AnyObject {
    func setCategory(_ category: AudioCategory, mode: AudioMode, options: AudioOptions) throws
    func setActive(_ active: Bool, notifyOthersOnDeactivation: Bool) throws
}

/// Speech (AVSpeechSynthesizer on the app's audio session).
public protocol Speaker: AnyObject {
    /// Speaks `words`; `done` runs once they have been spoken or dropped.
    func say(_ words: String, done: @escaping () -> Void)
}

public protocol Haptics: AnyObject {
    func stepChange()
}

// ---- time -------------------------------------------------------------------------------------

/// Work scheduled at a wall-clock instant.
public protocol ScheduledWork: AnyObject {
    func cancel()
}

/// Runs work at wall-clock instants (the session's clock: the core's `Date`s), on the main queue.
public protocol WallScheduler: AnyObject {
    func schedule(at: Date, _ work: @escaping () -> Void) -> ScheduledWork
}

/// A `WallScheduler` on Dispatch wall-time timers: a deadline on the wall clock keeps counting
/// while the phone sleeps (a `DispatchTime` deadline would not), and one in the past fires at once.
public final class DispatchWallScheduler: WallScheduler {
    private let queue: DispatchQueue
    public init(queue: DispatchQueue = .main) { self.queue = queue }

    public func schedule(at date: Date, _ work: @escaping () -> Void) -> ScheduledWork {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(wallDeadline: .now() + max(0, date.timeIntervalSinceNow), leeway: .milliseconds(20))
        let item = Timed(timer)
        timer.setEventHandler { [weak item] in
            guard let item, !item.done else { return }
            item.cancel()
            work()
        }
        timer.resume()
        return item
    }

    private final class Timed: ScheduledWork {
        let timer: DispatchSourceTimer
        var done = false
        init(_ timer: DispatchSourceTimer) { self.timer = timer }
        func cancel() {
            guard !done else { return }
            done = true
            timer.cancel()
        }
        deinit { cancel() }
    }
}

// ---- the Live Activity ------------------------------------------------------------------------

/// What the Live Activity shows: the step in the core's words and a countdown the system draws
/// (`Text(timerInterval: interval, pauseTime: pausedAt)`), so it runs on the lock screen without
/// the app. `start ≤ end` always holds: a `ClosedRange` with `end < start` traps.
public struct LiveActivityState: Codable, Hashable {
    /// `stepTitle(step)`: `Calves, left: Hold`.
    public var step: String
    public var stepIndex: Int
    public var stepCount: Int
    /// Where the step stands, in the core's words: "Step 3 of 22".
    public var stepOf: String
    /// When the step began (moved by pauses).
    public private(set) var start: Date
    /// When the step ends if the session keeps running; never before `start`.
    public private(set) var end: Date
    /// Set while paused: the countdown stands still at `end - pausedAt`.
    public private(set) var pausedAt: Date?

    public init(step: String, stepIndex: Int, stepCount: Int, start: Date, end: Date, pausedAt: Date? = nil) {
        self.step = step
        self.stepIndex = stepIndex
        self.stepCount = stepCount
        stepOf = stepOfWords(index: stepIndex, count: stepCount)
        self.start = min(start, end)
        self.end = max(start, end)
        self.pausedAt = pausedAt.map { min(max($0, self.start), self.end) }
    }


    /// The widget's countdown range: never inverted.
    public var interval: ClosedRange<Date> { start...max(start, end) }
}

extension LiveActivityState: Sendable {}

/// The Live Activity on the lock screen, keyed by the session's id.
public protocol LiveActivity: AnyObject {
    func start(sessionId: String, state: LiveActivityState)
    func update(sessionId: String, state: LiveActivityState)
    func end(sessionId: String)
}

// ---- notifications with the app in front --------------------------------------------------------

/// How a notification is presented while the app is in front (UNNotificationPresentationOptions).
public struct ForegroundPresentation: OptionSet, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let banner = ForegroundPresentation(rawValue: 1 << 0)
    public static let sound = ForegroundPresentation(rawValue: 1 << 1)
    public static let list = ForegroundPresentation(rawValue: 1 << 2)
}

// ---- background refresh -------------------------------------------------------------------------

/// A background task as iOS hands it over (BGAppRefreshTask): iOS calls `expirationHandler` when
/// time is up; the task reports completion once.
public protocol RefreshTask: AnyObject {
    var expirationHandler: (() -> Void)? { get set }
    func setTaskCompleted(success: Bool)
}
