// The pending notifications always equal the core's plan: stale ids removed, new or moved ones
// added, soonest first with every season milestone kept (the core's rule), within the 64 iOS
// allows minus the cues a running session holds. Run on launch, on BGAppRefreshTask, on a
// significant time change or zone change, and after every journal change.
import Fascia
import Foundation

public final class ReminderSync {
    public static let horizonDays: UInt32 = 14
    let journal: FasciaJournal
    let center: Notifier
    let clock: Clock

    public init(journal: FasciaJournal, center: Notifier, clock: Clock) {
        self.journal = journal
        self.center = center
        self.clock = clock
    }

    /// Makes the pending reminders equal to the plan; returns their ids.
    @discardableResult
    public func sync() throws -> [String] {
        let pending = center.pending()
        let cues = pending.filter { $0.id.hasPrefix(CuePlanner.prefix) }.count
        let room = UInt32(max(0, pendingLimit - cues))
        let plan = try journal.reminders(now: clock.now(), days: Self.horizonDays, limit: room)
        let wanted = plan.map { r in
            PlannedNotification(
                id: Self.prefix + r.id, fireAt: r.fireAt, title: r.title.english, body: r.body.english,
                category: (r.kind == .sorenessPrompt || r.kind == .recoveryCheckIn) ? "check-in" : nil)
        }
        let ours = pending.filter { $0.id.hasPrefix(Self.prefix) }
        let wantedIds = Set(wanted.map(\.id))
        center.remove(ids: ours.map(\.id).filter { !wantedIds.contains($0) })
        for n in wanted where !ours.contains(n) {
            try center.add(n)
        }
        return wanted.map(\.id)
    }

    /// A reminder was shown: the core's reminder health learns it arrived.
    public func delivered(id: String, at: Date) throws {
        let coreId = String(id.dropFirst(Self.prefix.count))
        if let r = try journal.reminders(now: at.addingTimeInterval(-60), days: 1, limit: nil).first(where: { $0.id == coreId }) {
            _ = try journal.recordDelivery(reminder: r, deliveredAt: at, now: clock.now())
        }
    }

    public static let prefix = "reminder:"
}

/// Each cue of the running session as a time-sensitive notification at the core's instant, with
/// the core's id; re-planned on every event: none while paused, none once finished.
public final class CuePlanner {
    public static let prefix = "cue:"
    public static let horizonS: UInt32 = 30 * 60
    let center: Notifier
    let activity: LiveActivity?

    public init(center: Notifier, activity: LiveActivity? = nil) {
        self.center = center
        self.activity = activity
    }

    @discardableResult
    public func plan(_ session: GuidedSession?, now: Date) throws -> [String] {
        let running = session.map { $0.snapshot(now: now).status == .running } ?? false
        let cues = running ? session!.cues(now: now, horizonS: Self.horizonS) : []
        // What each cue says is the core's (`Calves, left: Hold`, `10 seconds left`).
        let wanted = cues.map { cue in
            PlannedNotification(id: Self.prefix + cue.id, fireAt: cue.at, title: cue.words, body: "", timeSensitive: true)
        }
        let ours = center.pending().filter { $0.id.hasPrefix(Self.prefix) }
        let ids = Set(wanted.map(\.id))
        center.remove(ids: ours.map(\.id).filter { !ids.contains($0) })
        for n in wanted where !ours.contains(n) {
            try center.add(n)
        }
        if let session, let activity {
            let snap = session.snapshot(now: now)
            if snap.status == .finished || snap.status == .aborted {
                activity.end(sessionId: session.id())
            } else {
                let step = session.routine().steps[Int(snap.stepIndex)]
                activity.show(sessionId: session.id(), step: try stepTitle(step: step), endsAt: running ? now.addingTimeInterval(Double(snap.stepRemainingMs) / 1000) : nil)
            }
        }
        return wanted.map(\.id)
    }
}

/// A zone and side as the core says it: `Calves, left`, or the zone alone when it has no sides.
public func place(_ zone: String, _ side: Side) -> String {
    (try? stepPlace(step: Step(kind: .hold, zone: zone, side: side, seconds: 0))) ?? Zones.name(zone)
}

/// A side in the core's words (`Left`, `Both sides`).
public func sideName(_ side: Side) -> String { Zones.labels[sideKey(side)] ?? sideKey(side) }

/// What a step asks, in the core's words (`Hold`, `Get into position`).
public func stepName(_ kind: StepKind) -> String { Zones.labels[stepKey(kind)] ?? stepKey(kind) }

func sideKey(_ side: Side) -> String {
    switch side {
    case .left: return "side.left"
    case .right: return "side.right"
    case .both: return "side.both"
    }
}

func stepKey(_ kind: StepKind) -> String {
    switch kind {
    case .leadIn: return "step.lead-in"
    case .hold: return "step.hold"
    case .switchSides: return "step.switch-sides"
    case .transition: return "step.transition"
    }
}

/// Words for what the screens show, from the core's content (never an id on screen). Loaded once
/// by `AppModel.load`, which reports a failure like any other.
public enum Zones {
    public private(set) static var all: [ZoneText] = []
    public private(set) static var regions: [MapRegion] = []
    static var labels: [String: String] = [:]

    public static func load() throws {
        guard all.isEmpty else { return }
        all = try zones()
        regions = try bodyMap()
        let keys = [StepKind.leadIn, .hold, .switchSides, .transition].map(stepKey)
            + [Side.left, .right, .both].map(sideKey)
            + [Tool.foamRoller, .ball, .stick, .hands].map(toolKey)
            + [HealthWarning.notificationsOff, .exactAlarmsOff, .batteryRestricted, .nothingScheduled, .reminderInQuietHours].map(healthKey)
        for key in keys { labels[key] = try text(key: key) }
    }

    public static func name(_ id: String) -> String { all.first { $0.id == id }?.name ?? id }
}

func toolKey(_ tool: Tool) -> String {
    switch tool {
    case .foamRoller: return "tool.foam-roller"
    case .ball: return "tool.ball"
    case .stick: return "tool.stick"
    case .hands: return "tool.hands"
    }
}

func healthKey(_ w: HealthWarning) -> String {
    switch w {
    case .notificationsOff: return "health.notifications-off"
    case .exactAlarmsOff: return "health.exact-alarms-off"
    case .batteryRestricted: return "health.battery-restricted"
    case .nothingScheduled: return "health.nothing-scheduled"
    case .reminderInQuietHours: return "health.reminder-in-quiet-hours"
    }
}

/// A tool in words ("Foam roller").
public func toolName(_ tool: Tool) -> String { Zones.labels[toolKey(tool)] ?? toolKey(tool) }

/// A reminder-health warning and its fix, in words.
public func healthWords(_ w: HealthWarning) -> String { Zones.labels[healthKey(w)] ?? healthKey(w) }

/// A report row's label.
public func metricWords(_ m: Metric) -> String {
    switch m {
    case .weeklyDowntimeHours: return "Downtime, h/week"
    case .recoveryHours: return "Recovery after long runs, h"
    case .meanSoreness: return "Mean soreness (0–10)"
    case .sessionsPerWeek: return "Sessions a week"
    }
}

/// A reason in words, its values filled in ("Sore on the left side: 5/10 …"), by the core.
/// The key itself only if the content could not be read, which `Zones.load` has already reported.
public func reasonWords(_ reason: Reason) -> String {
    do { return try reasonText(reason: reason) } catch { return reason.key }
}

public func priorityWords(_ p: RacePriority) -> String {
    switch p {
    case .a: return "A (goal race)"
    case .b: return "B"
    case .c: return "C"
    }
}
