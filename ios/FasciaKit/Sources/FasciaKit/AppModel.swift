// The iOS app's view model: what each screen shows and every action on the core. SwiftUI views
// (ios/App) only lay it out. Every refusal becomes `message`, and nothing changes.
import Fascia
import Foundation
import Observation

public enum Screen: Equatable {
    case loading, firstRun, today, session, checkIn, plan, report, zones, settings, data, restore, failed
}

public struct Damaged: Equatable {
    public let path: String
    public let newestBackup: String?
}

@MainActor
@Observable
public final class AppModel {
    public private(set) var screen: Screen = .loading
    public private(set) var today: Today?
    public private(set) var snapshot: Snapshot?
    public private(set) var report: Report?
    public private(set) var plan: SeasonPlan?
    public private(set) var health: ReminderHealth?
    public private(set) var damaged: Damaged?
    /// The last refusal or failure, in words, with what to do.
    public var message: String?
    /// Soreness being entered on the body map.
    public private(set) var checkIn: [CheckInKey: UInt8] = [:]
    public private(set) var session: GuidedSession?

    public let path: String
    let clock: Clock
    let center: Notifier
    let speaker: Speaker?
    let haptics: Haptics?
    let activity: LiveActivity?
    let defaults: UserDefaults
    private var journal: FasciaJournal?
    private var spokenStep: UInt32?

    public init(
        path: String, clock: Clock, center: Notifier, speaker: Speaker? = nil,
        haptics: Haptics? = nil, activity: LiveActivity? = nil, defaults: UserDefaults = .standard
    ) {
        self.path = path
        self.clock = clock
        self.center = center
        self.speaker = speaker
        self.haptics = haptics
        self.activity = activity
        self.defaults = defaults
    }

    /// Opens the journal: first run, the session in progress, today, or the restore screen.
    public func load() {
        do {
            let j = try FasciaJournal.open(path: path, timeZone: clock.zone())
            journal = j
            _ = try j.backupIfDue(now: clock.now())
            session = try j.activeSession(now: clock.now())
            let firstRun = !defaults.bool(forKey: "set-up")
            try refresh(firstRun ? .firstRun : session != nil ? .session : .today)
            try plans()
        } catch let FasciaError.Damaged(path, _, newestBackup) {
            damaged = Damaged(path: path, newestBackup: newestBackup)
            message = forRunner(FasciaError.Damaged(path: path, reason: "", newestBackup: newestBackup))
            screen = .restore
        } catch {
            message = forRunner(error)
            screen = .failed
        }
    }

    /// The app came to the front, the zone or time changed, or a background refresh ran.
    public func resumed() {
        guard let j = journal else { return load() }
        run {
            try j.setTimeZone(timeZone: clock.zone())
            session = try j.activeSession(now: clock.now())
            try refresh(nil)
            try plans()
        }
    }

    public func show(_ next: Screen) {
        run {
            guard let j = journal else { return }
            switch next {
            case .report: report = try j.report(now: clock.now())
            case .plan: plan = try j.seasonPlan(now: clock.now())
            default: break
            }
            try refresh(next)
        }
    }

    public func finishSetUp(reminderTime: String, tools: [Tool]) {
        run {
            guard let j = journal else { return }
            var s = try j.settings()
            s.reminderTime = reminderTime
            s.tools = tools
            try j.setSettings(settings: s, now: clock.now())
            defaults.set(true, forKey: "set-up")
            try plans()
            try refresh(.today)
        }
    }

    public func startRoutine(bodywork: Bool = false) {
        run {
            guard let j = journal else { return }
            let now = clock.now()
            if session == nil {
                let routine = bodywork ? try j.bodyworkRoutine(now: now, minutes: nil) : try j.todaysRoutine(now: now, minutes: nil)
                session = try j.startSession(routine: routine, now: now)
            }
            try plans()
            try refresh(.session)
        }
    }

    /// Pause/resume, back, skip, +30 s, sharp pain, finish, stop: recorded, then cues re-planned.
    public func event(_ name: String) {
        run {
            guard let s = session else { return }
            let now = clock.now()
            switch name {
            case "pause": snapshot = try s.pause(now: now)
            case "resume": snapshot = try s.resume(now: now)
            case "skip": snapshot = try s.skip(now: now)
            case "back": snapshot = try s.back(now: now)
            case "extend": snapshot = try s.extend(now: now)
            case "pain": snapshot = try s.painSkip(now: now)
            case "finish": snapshot = try s.finish(now: now)
            case "abort": snapshot = try s.abort(now: now)
            default: return
            }
            if name == "finish" || name == "abort" {
                try CuePlanner(center: center, activity: activity).plan(s, now: now)
                session = nil
                try plans()
                try refresh(.today)
            } else {
                try plans()
            }
        }
    }

    /// The timer's state now; the screen calls it as it redraws (nothing here counts time).
    public func tick() {
        guard let s = session else { return }
        let snap = s.snapshot(now: clock.now())
        if snap.status == .completed { return event("finish") }
        if snap.stepIndex != spokenStep {
            spokenStep = snap.stepIndex
            let step = s.routine().steps[Int(snap.stepIndex)]
            speaker?.say(stepTitle(step))
            haptics?.stepChange()
        }
        snapshot = snap
    }

    public func rate(zone: String, side: Side, level: UInt8) {
        checkIn[CheckInKey(zone: zone, side: side)] = level
    }

    public func saveCheckIn() {
        run {
            guard let j = journal else { return }
            guard !checkIn.isEmpty else {
                message = "Tap a zone on the map and choose 0 to 10 first."
                return
            }
            let now = clock.now()
            let entries = checkIn.map { NewSoreness(zone: $0.key.zone, side: $0.key.side, level: $0.value, at: now, runId: nil, note: nil) }
            _ = try j.addSoreness(entries: entries, now: now)
            checkIn = [:]
            message = "Saved: tomorrow's routine adapts to it."
            try plans()
            try refresh(.today)
        }
    }

    public func restore() {
        guard let backup = damaged?.newestBackup else { return }
        do {
            journal = try FasciaJournal.restoreDamaged(path: path, backupId: backup, timeZone: clock.zone())
            damaged = nil
            message = "Restored: your journal is back as it was at that backup."
            try refresh(.today)
            try plans()
        } catch {
            message = forRunner(error)
        }
    }

    public func dismissMessage() { message = nil }

    /// Reminders and cues equal to the core's plan (cues first: they take room in the 64).
    private func plans() throws {
        guard let j = journal else { return }
        try CuePlanner(center: center, activity: activity).plan(session, now: clock.now())
        try ReminderSync(journal: j, center: center, clock: clock).sync()
    }

    private func refresh(_ next: Screen?) throws {
        guard let j = journal else { return }
        let now = clock.now()
        today = try j.today(now: now)
        snapshot = session?.snapshot(now: now)
        health = try j.reminderHealth(now: now, phone: PhoneState(
            notificationsAllowed: center.authorized(), exactAlarmsAllowed: true, batteryRestricted: false))
        if let next { screen = next }
    }

    private func run(_ block: () throws -> Void) {
        do { try block() } catch { message = forRunner(error) }
    }
}

public struct CheckInKey: Hashable {
    public let zone: String
    public let side: Side
}
