// What FasciaKit needs from the phone, as small protocols: the clock and zone, the notification
// centre, speech and haptics. The iOS adapters (UserNotifications, AVFoundation, UIKit) are in
// Adapters.swift behind `#if canImport`; tests use fakes. Nothing here reads the clock itself.
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
    /// Cues interrupt Focus (time-sensitive); reminders do not.
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
    func pending() -> [PlannedNotification]
    /// Adds or replaces (same id) a pending notification.
    func add(_ notification: PlannedNotification) throws
    func remove(ids: [String])
    /// Whether the runner allowed notifications.
    func authorized() -> Bool
}

public protocol Speaker: AnyObject {
    func say(_ words: String)
}

public protocol Haptics: AnyObject {
    func stepChange()
}

/// The Live Activity on the lock screen: the step and a countdown to its end, keyed by the
/// session's id.
public protocol LiveActivity: AnyObject {
    func show(sessionId: String, step: String, endsAt: Date?)
    func end(sessionId: String)
}

/// iOS keeps at most this many pending local notifications.
public let pendingLimit = 64
