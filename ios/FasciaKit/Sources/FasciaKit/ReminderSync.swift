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
        let wanted = cues.map { cue in
            PlannedNotification(id: Self.prefix + cue.id, fireAt: cue.at, title: words(session!, cue), body: "", timeSensitive: true)
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
                activity.show(sessionId: session.id(), step: stepTitle(step), endsAt: running ? now.addingTimeInterval(Double(snap.stepRemainingMs) / 1000) : nil)
            }
        }
        return wanted.map(\.id)
    }
}

/// "Calves, left side: Hold": what a cue says.
func words(_ session: GuidedSession, _ cue: Cue) -> String {
    let steps = session.routine().steps
    guard Int(cue.stepIndex) < steps.count else { return "" }
    let step = steps[Int(cue.stepIndex)]
    switch cue.kind {
    case .stepStart: return stepTitle(step)
    case .switchSides: return "Switch sides: \(sideWords(step.side))"
    case .tenSecondsLeft: return "Ten seconds"
    case .sessionEnd: return "Routine done. Nice work."
    }
}

public func stepTitle(_ step: Step) -> String {
    "\(Zones.name(step.zone)), \(sideWords(step.side)): \(stepWords(step.kind))"
}

public func sideWords(_ side: Side) -> String {
    switch side {
    case .left: return "left side"
    case .right: return "right side"
    case .both: return "both sides"
    }
}

public func stepWords(_ kind: StepKind) -> String {
    let key: String
    switch kind {
    case .leadIn: key = "step.lead-in"
    case .hold: key = "step.hold"
    case .switchSides: key = "step.switch-sides"
    case .transition: key = "step.transition"
    }
    return (try? text(key: key)) ?? key
}

/// Zone names and the body map, from the core's content (never an id on screen).
public enum Zones {
    public static let all: [ZoneText] = (try? zones()) ?? []
    public static let regions: [MapRegion] = (try? bodyMap()) ?? []
    public static func name(_ id: String) -> String { all.first { $0.id == id }?.name ?? id }
}
