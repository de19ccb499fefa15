// The pending notifications always equal the core's plan: stale ids removed, new or moved ones
// added, within the 64 iOS allows, shared between a running session's cues and the reminders by
// one rule (`NotificationShare`). Run on launch, on BGAppRefreshTask, on a significant time change
// or zone change, after every journal change, and (cues) after every session event and cue.
import Fascia
import Foundation

/// How cues and reminders share iOS's 64 pending notifications: reminders keep up to
/// `reminderReserve` (the core's cut: every season milestone first, then the soonest), a running
/// session's cues get the rest, soonest first, and reminders take whatever room the cues leave.
/// Cues past their room are scheduled as the earlier ones fire (each cue and event re-plans).
public enum NotificationShare {
    public static let reminderReserve = 8

    /// How many of each to keep pending, given how many the core plans of each.
    public static func split(reminders: Int, cues: Int) -> (reminders: Int, cues: Int) {
        let kept = min(max(0, reminders), reminderReserve)
        let c = min(max(0, cues), pendingLimit - kept)
        return (min(max(0, reminders), pendingLimit - c), c)
    }
}

/// Makes the pending notifications under `prefixes` equal to `wanted`: every other one removed
/// first, then the new or changed ones added, so the pending list never passes 64 on the way.
func reconcile(_ center: Notifier, wanted: [PlannedNotification], prefixes: [String]) throws {
    let ours = center.pending().filter { n in prefixes.contains { n.id.hasPrefix($0) } }
    let ids = Set(wanted.map(\.id))
    let stale = ours.map(\.id).filter { !ids.contains($0) }
    if !stale.isEmpty { center.remove(ids: stale) }
    for n in wanted where !ours.contains(n) {
        try center.add(n)
    }
}

public final class ReminderSync {
    public static let horizonDays: UInt32 = 14
    public static let prefix = "reminder:"
    /// The category of reminders that open the check-in ("Log soreness").
    public static let checkInCategory = "check-in"
    let journal: FasciaJournal
    let center: Notifier
    let clock: Clock

    public init(journal: FasciaJournal, center: Notifier, clock: Clock) {
        self.journal = journal
        self.center = center
        self.clock = clock
    }

    /// Makes the pending reminders equal to the plan, leaving the pending cues as they are (they
    /// were planned within their share); returns the reminders' ids.
    @discardableResult
    public func sync() throws -> [String] {
        let cues = center.pending().filter { $0.id.hasPrefix(CuePlanner.prefix) }.count
        let now = clock.now()
        let full = try journal.reminders(now: now, days: Self.horizonDays, limit: nil)
        let room = max(0, pendingLimit - cues)
        let plan = full.count <= room ? full : try journal.reminders(now: now, days: Self.horizonDays, limit: UInt32(room))
        let wanted = plan.map(Self.notification)
        try reconcile(center, wanted: wanted, prefixes: [Self.prefix])
        return wanted.map(\.id)
    }

    /// Cues and reminders together, by `NotificationShare`: what a running session adds or drops
    /// re-plans both. Returns the pending ids of each.
    @discardableResult
    public func sync(session: GuidedSession?) throws -> (reminders: [String], cues: [String]) {
        let now = clock.now()
        let full = try journal.reminders(now: now, days: Self.horizonDays, limit: nil)
        let cues = CuePlanner.notifications(session, now: now)
        let share = NotificationShare.split(reminders: full.count, cues: cues.count)
        let reminders = share.reminders >= full.count ? full
            : try journal.reminders(now: now, days: Self.horizonDays, limit: UInt32(share.reminders))
        let wantedCues = Array(cues.prefix(share.cues))
        let wantedReminders = reminders.map(Self.notification)
        try reconcile(center, wanted: wantedCues + wantedReminders, prefixes: [CuePlanner.prefix, Self.prefix])
        return (wantedReminders.map(\.id), wantedCues.map(\.id))
    }

    static func notification(_ r: Reminder) -> PlannedNotification {
        PlannedNotification(
            id: prefix + r.id, fireAt: r.fireAt, title: r.title.english, body: r.body.english,
            category: (r.kind == .sorenessPrompt || r.kind == .recoveryCheckIn) ? checkInCategory : nil)
    }

    /// A reminder was shown: the core's reminder health learns it arrived.
    public func delivered(id: String, at: Date) throws {
        let coreId = String(id.dropFirst(Self.prefix.count))
        if let r = try journal.reminders(now: at.addingTimeInterval(-60), days: 1, limit: nil).first(where: { $0.id == coreId }) {
            _ = try journal.recordDelivery(reminder: r, deliveredAt: at, now: clock.now())
        }
    }
}

/// Each cue of the running session as a time-sensitive notification at the core's instant, with
/// the core's id and words, soonest first; none while paused, none once over. With the app in
/// front a cue is not presented (`foregroundPresentation`): the app speaks it.
public enum CuePlanner {
    public static let prefix = "cue:"
    public static let horizonS: UInt32 = 30 * 60

    public static func notifications(_ session: GuidedSession?, now: Date) -> [PlannedNotification] {
        guard let session, session.snapshot(now: now).status == .running else { return [] }
        return session.cues(now: now, horizonS: horizonS)
            .sorted { $0.at < $1.at }
            .map { PlannedNotification(id: prefix + $0.id, fireAt: $0.at, title: $0.words, body: "", timeSensitive: true) }
    }
}

/// How a notification is presented with the app in front. A cue is the app's own voice's to say
/// while it speaks the session (`appSpeaksCues`), so it is not presented at all: one cue, not a
/// spoken one and a banner with a sound. Otherwise (no voice) it is shown, as reminders are.
public func foregroundPresentation(id: String, appSpeaksCues: Bool) -> ForegroundPresentation {
    if id.hasPrefix(CuePlanner.prefix) && appSpeaksCues { return [] }
    return [.banner, .sound, .list]
}

/// A zone and side as the core says it: `Calves, left`, or the zone alone when it has no sides.
public func place(_ zone: String, _ side: Side) -> String {
    (try? stepPlace(step: Step(kind: .hold, zone: zone, side: side, seconds: 0))) ?? Zones.name(zone)
}

/// A side in the core's words (`Left`, `Both sides`).
public func sideName(_ side: Side) -> String { words { try sideText(side: side) } }

/// What a step asks, in the core's words (`Hold`, `Get into position`).
public func stepName(_ kind: StepKind) -> String { words { try stepKindText(kind: kind) } }

/// Words for what the screens show, from the core's content (never an id on screen), and the
/// core's numbers the screens show (the soreness scale, the routine lengths). Loaded once by
/// `AppModel.load`, which reports a failure like any other.
public enum Zones {
    public private(set) static var all: [ZoneText] = []
    public private(set) static var regions: [MapRegion] = []
    /// The body map: its regions in the core SVG's own size.
    public private(set) static var map = BodyMap(width: 0, height: 0, regions: [])
    /// The soreness scale (0 to 10), its hint, its empty-check-in message and its field label.
    public private(set) static var soreness = SorenessScale(min: 0, max: 0, hint: "", nothingRated: "", fieldLabel: "")
    /// The daily routine's length when the runner sets none, in minutes (12).
    public private(set) static var dailyMinutes: UInt32 = 0
    /// The bodywork session's length in minutes (45): what the plan asks to book.
    public private(set) static var bodyworkMinutes: UInt32 = 0

    public static func load() throws {
        guard all.isEmpty else { return }
        all = try zones()
        regions = try bodyMap()
        let (w, h) = BodyMap.viewBox(bodyMapSvg()) ?? (0, 0)
        map = BodyMap(width: w, height: h, regions: regions)
        soreness = try sorenessScale()
        dailyMinutes = try Fascia.dailyMinutes()
        bodyworkMinutes = try Fascia.bodyworkMinutes()
    }

    public static func name(_ id: String) -> String { all.first { $0.id == id }?.name ?? id }
}

/// The core's words for a screen; empty only if the content could not be read, which
/// `Zones.load` has already reported.
func words(_ call: () throws -> String) -> String { (try? call()) ?? "" }

/// A tool in words ("Foam roller").
public func toolName(_ tool: Tool) -> String { words { try toolText(tool: tool) } }

/// A reminder-health warning and its fix, in words.
public func healthWords(_ w: HealthWarning) -> String { words { try healthWarningText(warning: w) } }

/// A reason in words, its values filled in ("Sore on the left side: 5/10 …"), by the core.
/// The key itself only if the content could not be read, which `Zones.load` has already reported.
public func reasonWords(_ reason: Reason) -> String {
    do { return try reasonText(reason: reason) } catch { return reason.key }
}

