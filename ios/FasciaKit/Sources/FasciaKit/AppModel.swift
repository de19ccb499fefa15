// The iOS app's view model: what each screen shows and every action on the core. SwiftUI views
// (ios/App) only lay it out. Every refusal becomes `message`, and nothing changes.
import Fascia
import Foundation
import Observation

public enum Screen: Equatable {
    case loading, firstRun, today, session, checkIn, plan, report, zones, settings, data, logs, restore, failed
}

/// Everything the runner logged, to read, correct and delete; and the journal's backups.
public struct Logs {
    public var runs: [Run] = []
    public var soreness: [Soreness] = []
    public var downtime: [Downtime] = []
    public var races: [Race] = []
    public var bodywork: [Bodywork] = []
    public var backups: [BackupInfo] = []
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
    public private(set) var logs = Logs()
    public private(set) var settings: Settings?

    public let path: String
    let clock: Clock
    let center: Notifier
    let haptics: Haptics?
    let defaults: UserDefaults
    private let voice: VoicePrompts
    private let cueClock: CueClock?
    private let liveActivity: SessionActivity
    private var journal: FasciaJournal?
    /// The session the runner closed (`leave`): not picked up again until they resume it.
    private var left: String?

    /// `scheduler` runs the session's cues at the core's instants (the voice and the Live
    /// Activity's steps); without one, neither runs away from the screen.
    public init(
        path: String, clock: Clock, center: Notifier, speaker: Speaker? = nil,
        haptics: Haptics? = nil, activity: LiveActivity? = nil, audio: AudioSession? = nil,
        scheduler: WallScheduler? = nil, defaults: UserDefaults = .standard
    ) {
        self.path = path
        self.clock = clock
        self.center = center
        self.haptics = haptics
        self.defaults = defaults
        voice = VoicePrompts(audio: audio, speaker: speaker)
        cueClock = scheduler.map { CueClock(scheduler: $0, clock: clock) }
        liveActivity = SessionActivity(activity: activity)
        cueClock?.onCue = { [weak self] cue, late in self?.cue(cue, late: late) }
    }

    /// Opens the journal: first run, the session in progress, today, or the restore screen.
    public func load() {
        do {
            try Zones.load()
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
            let active = try j.activeSession(now: clock.now())
            session = active.flatMap { $0.id() == left ? nil : $0 }
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
            case .logs, .data: logs = try readLogs(j)
            default: break
            }
            try refresh(next)
        }
    }

    /// First run: tools, reminder time, quiet hours and (optionally) the goal race.
    public func finishSetUp(reminderTime: String, tools: [Tool], quietHours: QuietHours? = nil, race: NewRace? = nil) {
        run {
            guard let j = journal else { return }
            var s = try j.settings()
            s.reminderTime = reminderTime
            s.tools = tools
            if let quietHours { s.quietHours = quietHours }
            try j.setSettings(settings: s, now: clock.now())
            if let race { _ = try j.addRace(race: race, now: clock.now()) }
            defaults.set(true, forKey: "set-up")
            try plans()
            try refresh(.today)
        }
    }

    /// The one way into a routine (`resumeOrStart`): the session in progress, resumed if it was
    /// paused, or a new one of today's (or the bodywork) routine.
    public func startRoutine(bodywork: Bool = false) {
        run {
            guard let j = journal else { return }
            let now = clock.now()
            let routine = bodywork ? try j.bodyworkRoutine(now: now, minutes: nil) : try j.todaysRoutine(now: now, minutes: nil)
            session = try j.resumeOrStart(routine: routine, now: now)
            left = nil
            try plans()
            try refresh(.session)
        }
    }

    /// Pause/resume, back, skip, +30 s, sharp pain, finish, stop: recorded, then cues re-planned.
    public func event(_ event: Event) {
        run {
            guard let s = session else { return }
            let now = clock.now()
            try recorded(s, try s.record(event: event, now: now), now: now)
        }
    }

    /// The runner closes the session for good: its clock pauses (`leave`), it stays in the
    /// journal for "Resume your routine", and the voice and the Live Activity let go of it.
    public func leave() {
        run {
            guard let s = session else { return }
            snapshot = try s.leave(now: clock.now())
            left = s.id()
            session = nil
            try plans()
            try refresh(.today)
        }
    }

    /// The timer's state now; the screen calls it as it redraws (nothing here counts time or
    /// speaks: the cues do, from the session's clock). Once the timer has run out the core
    /// records the finish itself. A step the cue clock could not announce (the app was
    /// suspended) reaches the Live Activity here.
    public func tick() {
        run {
            guard let s = session else { return }
            let now = clock.now()
            let snap = try s.tick(now: now)
            if snap.status == .finished || snap.status == .aborted { return try recorded(s, snap, now: now) }
            snapshot = snap
            liveActivity.follow(s, now: now)
        }
    }

    /// A cue at its instant, from the session's clock: the core's words spoken (unless the app
    /// reached it late), then the session ticked (the session-end cue records the finish) and
    /// everything re-planned from here (the next cues, the Live Activity's step).
    private func cue(_ cue: Cue, late: Bool) {
        if !late {
            voice.say(cue.words)
            if cue.kind == .stepStart || cue.kind == .switchSides { haptics?.stepChange() }
        }
        run {
            guard let s = session else { return }
            let now = clock.now()
            let snap = try s.tick(now: now)
            if snap.status == .finished || snap.status == .aborted { return try recorded(s, snap, now: now) }
            snapshot = snap
            try plans()
        }
    }

    /// Whether the app speaks the session's cues now (its voice holds the audio session).
    public var speaksCues: Bool { cueClock != nil && session != nil && voice.speaks }

    /// A notification about to be shown with the app in front: a cue the app is speaking is not
    /// presented (one cue, not two); a reminder is, and reminder health learns it arrived.
    public func willPresent(id: String, at: Date) -> ForegroundPresentation {
        if id.hasPrefix(ReminderSync.prefix) { delivered(id: id, at: at) }
        return foregroundPresentation(id: id, appSpeaksCues: speaksCues)
    }

    /// After an event: cues re-planned; an ended session leads back to today.
    private func recorded(_ s: GuidedSession, _ snap: Snapshot, now: Date) throws {
        snapshot = snap
        if snap.status == .finished || snap.status == .aborted {
            session = nil
            try plans()
            try refresh(.today)
        } else {
            try plans()
        }
    }

    public func rate(zone: String, side: Side, level: UInt8) {
        checkIn[CheckInKey(zone: zone, side: side)] = level
    }

    public func saveCheckIn() {
        run {
            guard let j = journal else { return }
            guard !checkIn.isEmpty else {
                message = Zones.soreness.nothingRated
                return
            }
            let now = clock.now()
            // While a check-in is open after a long run or a race, the entries follow that run.
            let runId = try j.today(now: now).checkIn?.run.id
            let entries = checkIn.map { NewSoreness(zone: $0.key.zone, side: $0.key.side, level: $0.value, at: now, runId: runId, note: nil) }
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

    /// A reminder was shown (the app was in front): reminder health learns it arrived.
    public func delivered(id: String, at: Date) {
        run {
            guard let j = journal else { return }
            try ReminderSync(journal: j, center: center, clock: clock).delivered(id: id, at: at)
        }
    }

    // ---- the log, settings and data ---------------------------------------------------------

    private func readLogs(_ j: FasciaJournal) throws -> Logs {
        let now = clock.now()
        return Logs(
            runs: try j.recentRuns(limit: 50), soreness: try j.recentSoreness(now: now, days: 60).reversed(),
            downtime: try j.recentDowntime(now: now, days: 120).reversed(), races: try j.races(),
            bodywork: try j.bodywork(now: now, daysBack: 120, daysAhead: 400), backups: try j.backups())
    }

    /// A journal change: done, then reminders re-planned and the lists read again.
    private func change(_ block: (FasciaJournal) throws -> Void) {
        run {
            guard let j = journal else { return }
            try block(j)
            try plans()
            logs = try readLogs(j)
            try refresh(nil)
        }
    }

    public func delete(kind: String, id: String) {
        change { j in
            let now = clock.now()
            switch kind {
            case "run": try j.deleteRun(id: id, now: now)
            case "soreness": try j.deleteSoreness(id: id, now: now)
            case "downtime": try j.deleteDowntime(id: id, now: now)
            case "race": try j.deleteRace(id: id, now: now)
            case "bodywork": try j.deleteBodywork(id: id, now: now)
            default: break
            }
        }
    }

    /// The units the runner reads distances in (metric until the settings are read).
    public var units: Units { settings?.units ?? .metric }

    /// The label of a distance field, in the runner's units: "Distance, km", "Distance, mi".
    public var distanceField: String { words { try distanceLabel(units: units) } }

    /// A run's distance as a distance field shows it to correct, in the runner's units ("13.1").
    public func distanceInField(_ run: Run) -> String { distanceNumber(units: units, metres: run.distanceM) }

    /// A run just done, its `distance` typed in the runner's units (the core makes it metres).
    /// `long` is the runner's say-so; a longer run counts as long by the core's rule anyway.
    public func logRun(distance: Double, minutes: Double, long: Bool = false) {
        change { j in
            let now = clock.now()
            let metres = try distanceMetres(units: try j.settings().units, value: distance)
            _ = try j.addRun(run: NewRun(startedAt: now - minutes * 60, distanceM: metres,
                                         durationS: UInt32(minutes * 60), kind: long ? .long : .easy), now: now)
        }
    }

    /// Corrects a run's distance (in the runner's units) and time; its start and kind are kept.
    public func editRun(_ run: Run, distance: Double, minutes: Double) {
        change { j in
            let metres = try distanceMetres(units: try j.settings().units, value: distance)
            _ = try j.updateRun(id: run.id, run: NewRun(startedAt: run.startedAt, distanceM: metres,
                                                        durationS: UInt32(minutes * 60), kind: run.kind), now: clock.now())
        }
    }

    public func addRace(_ race: NewRace) { change { j in _ = try j.addRace(race: race, now: clock.now()) } }
    public func editRace(id: String, _ race: NewRace) { change { j in _ = try j.updateRace(id: id, race: race, now: clock.now()) } }
    public func editDowntime(id: String, _ entry: NewDowntime) { change { j in _ = try j.updateDowntime(id: id, entry: entry, now: clock.now()) } }
    public func editBodywork(id: String, _ entry: NewBodywork) { change { j in _ = try j.updateBodywork(id: id, entry: entry, now: clock.now()) } }
    /// Corrects a soreness entry's level (zone, side and time are kept).
    public func editSoreness(_ s: Soreness, level: UInt8) {
        change { j in
            _ = try j.updateSoreness(id: s.id, entry: NewSoreness(zone: s.zone, side: s.side, level: level, at: s.at, runId: s.runId, note: s.note), now: clock.now())
        }
    }
    /// One level up, never past the top of the core's scale.
    public func raiseSoreness(_ s: Soreness) { editSoreness(s, level: s.level < Zones.soreness.max ? s.level + 1 : Zones.soreness.max) }
    /// One level down, never below the bottom of the core's scale.
    public func lowerSoreness(_ s: Soreness) { editSoreness(s, level: s.level > Zones.soreness.min ? s.level - 1 : Zones.soreness.min) }
    public func addDowntime(_ entry: NewDowntime) { change { j in _ = try j.addDowntime(entry: entry, now: clock.now()) } }
    public func addBodywork(_ entry: NewBodywork) { change { j in _ = try j.addBodywork(entry: entry, now: clock.now()) } }
    /// Books a bodywork appointment of the core's session length (`bookBodyworkWords()`).
    public func bookBodywork(at: Date) { addBodywork(NewBodywork(at: at, minutes: Zones.bodyworkMinutes)) }
    public func setBodyworkDone(id: String, done: Bool) { change { j in _ = try j.setBodyworkDone(id: id, done: done, now: clock.now()) } }
    public func restoreBackup(id: String) {
        change { j in
            _ = try j.restoreBackup(id: id, now: clock.now())
            message = "Restored the backup: your journal is as it was then, and the one before is kept as a backup."
        }
    }

    public func loadSettings() { run { settings = try journal?.settings() } }

    public func saveSettings(_ s: Settings) {
        change { j in
            try j.setSettings(settings: s, now: clock.now())
            settings = s
        }
    }

    /// The export the Files app saves (nil, with a message, if it cannot be made).
    public func exportJSON() -> String? {
        do { return try journal?.exportJson(now: clock.now()) } catch {
            message = forRunner(error)
            return nil
        }
    }

    public func importJSON(_ text: String) {
        change { j in
            let summary = try j.importJson(text: text, now: clock.now())
            message = "Imported: \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) already there."
        }
    }

    /// Cues and reminders equal to the core's plan, sharing the 64 (`NotificationShare`); the
    /// voice, the cue clock and the Live Activity following the session.
    private func plans() throws {
        let now = clock.now()
        let running = session.map { $0.snapshot(now: now).status == .running } ?? false
        voice.follow(running: running)
        cueClock?.follow(session, now: now)
        liveActivity.follow(session, now: now)
        guard let j = journal else { return }
        try ReminderSync(journal: j, center: center, clock: clock).sync(session: session)
    }

    private func refresh(_ next: Screen?) throws {
        guard let j = journal else { return }
        let now = clock.now()
        today = try j.today(now: now)
        settings = try j.settings()
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
