// The iOS side of FasciaKit's protocols. Compiled by Xcode only: Linux has none of these frameworks.
#if canImport(UserNotifications)
import UserNotifications

/// UNUserNotificationCenter, kept in step synchronously from the pending list it last reported.
public final class SystemNotificationCenter: Notifier {
    private let center = UNUserNotificationCenter.current()
    private var known: [PlannedNotification] = []
    private var allowed = false

    public init() {
        let log = UNNotificationAction(identifier: "log-soreness", title: "Log soreness", options: [.foreground])
        center.setNotificationCategories([
            UNNotificationCategory(identifier: "check-in", actions: [log], intentIdentifiers: []),
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

public final class SystemSpeaker: Speaker {
    private let synth = AVSpeechSynthesizer()
    public init() {}
    public func say(_ words: String) { synth.speak(AVSpeechUtterance(string: words)) }
}
#endif

#if canImport(UIKit)
import UIKit

public final class SystemHaptics: Haptics {
    public init() {}
    public func stepChange() { UINotificationFeedbackGenerator().notificationOccurred(.warning) }
}

/// The journal's folder, readable by background refresh after the first unlock.
public func journalPath() throws -> String {
    let dir = try FileManager.default.url(for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true)
    try FileManager.default.setAttributes([.protectionKey: FileProtectionType.completeUntilFirstUserAuthentication], ofItemAtPath: dir.path)
    return dir.appendingPathComponent("fascia.db").path
}
#endif

#if canImport(ActivityKit) && os(iOS)
import ActivityKit

/// The Live Activity's data: the step in words and when it ends (a `Text(timerInterval:)`
/// counts down to it on the lock screen without the app running).
public struct FasciaActivityAttributes: ActivityAttributes {
    public struct ContentState: Codable, Hashable {
        public var step: String
        public var endsAt: Date?
    }
    public var sessionId: String
}

public final class SystemLiveActivity: LiveActivity {
    private var current: Activity<FasciaActivityAttributes>?
    public init() {}

    public func show(sessionId: String, step: String, endsAt: Date?) {
        let state = FasciaActivityAttributes.ContentState(step: step, endsAt: endsAt)
        if let current, current.attributes.sessionId == sessionId {
            Task { await current.update(ActivityContent(state: state, staleDate: endsAt)) }
        } else if ActivityAuthorizationInfo().areActivitiesEnabled {
            do {
                current = try Activity.request(attributes: FasciaActivityAttributes(sessionId: sessionId),
                                               content: ActivityContent(state: state, staleDate: endsAt))
            } catch {
                print("Live Activity not started: \(error)") // the notifications still carry the cues
            }
        }
    }

    public func end(sessionId: String) {
        guard let current, current.attributes.sessionId == sessionId else { return }
        Task { await current.end(nil, dismissalPolicy: .immediate) }
        self.current = nil
    }
}
#endif
