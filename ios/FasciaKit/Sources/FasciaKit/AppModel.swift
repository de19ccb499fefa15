// The iOS app's view model: what each screen shows and every action on the core. SwiftUI views
// (ios/App) only lay it out and forward taps. The journal is read and written by `JournalStore`,
// off the main actor; the results are published here, on the main actor. Actions run one after
// another in the order they were asked for (each returns its Task, which tests await). Every
// refusal becomes `message`, and nothing changes.
import Fascia
import Foundation
import Observation

public enum Screen: Equatable, CaseIterable {
    case loading, firstRun, today, checkIn, plan, report, more, session, restore, failed

    /// The tab bar's screens, in order: every screen the tab bar can select, and no other.
    public static let tabs: [Screen] = [.today, .checkIn, .plan, .report, .more]
}

/// Everything the runner logged, to read, correct and delete; and the journal's backups.
public struct Logs: Sendable {
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

/// The export the runner asked for, ready for the Files app to save.
public struct Export: Equatable {
    public static let filename = "fascia-export"
    public let text: String
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
    /// The check-in the core had open (after a long run or a race) when the check-in screen
    /// opened: the entries saved follow its run, even if its window closes before they are.
    public private(set) var openCheckIn: CheckIn?
    public private(set) var session: GuidedSession?
    public private(set) var logs = Logs()
    public private(set) var settings: Settings?
    /// The export, once the runner asked for it (`requestExport`); nil again once saved.
    public private(set) var export: Export?
    /// What the last import of runs did (from Health or from files); `message` says it in the
    /// core's words.
    public private(set) var runImport: RunImportSummary?

    public let path: String
    let clock: Clock
    let haptics: Haptics?
    private let store: JournalStore
    private let voice: VoicePrompts
    private let cueClock: CueClock?
    private let liveActivity: SessionActivity
    private let healthRuns: HealthRuns?
    private var open = false
    /// The session the runner closed (`leave`): not picked up again until they resume it.
    private var left: String?
    /// The last action asked for: the next one runs after it.
    private var last: Task<Void, Never>?
    private var tickQueued: Task<Void, Never>?

    /// `scheduler` runs the session's cues at the core's instants (the voice and the Live
    /// Activity's steps); without one, neither runs away from the screen. `healthRuns` is
    /// where runs are read from (none: "not available"). `opener` opens the journal (tests
    /// wrap it).
    public init(
        path: String, clock: Clock, center: Notifier, speaker: Speaker? = nil,
        haptics: Haptics? = nil, activity: LiveActivity? = nil, audio: AudioSession? = nil,
        scheduler: WallScheduler? = nil, healthRuns: HealthRuns? = nil,
        opener: @escaping JournalOpener = { try FasciaJournal.open(path: $0, timeZone: $1) }
    ) {
        self.path = path
        self.clock = clock
        self.healthRuns = healthRuns
        self.haptics = haptics
        store = JournalStore(path: path, center: center, clock: clock, opener: opener)
        voice = VoicePrompts(audio: audio, speaker: speaker)
        cueClock = scheduler.map { CueClock(scheduler: $0, clock: clock) }
        liveActivity = SessionActivity(activity: activity)
        cueClock?.onCue = { [weak self] cue, late in self?.cue(cue, late: late) }
    }

    /// Waits until every action asked for so far has run.
    public func idle() async {
        while let task = last {
            await task.value
            if task == last { return }
        }
    }

    /// Runs `work` after the actions before it; a failure becomes `message`.
    @discardableResult
    private func perform(_ work: @escaping @MainActor () async throws -> Void) -> Task<Void, Never> {
        let previous = last
        let task = Task { @MainActor in
            await previous?.value
            do { try await work() } catch { self.message = forRunner(error) }
        }
        last = task
        return task
    }

    /// Opens the journal: first run, the session in progress, today, or the restore screen.
    @discardableResult
    public func load() -> Task<Void, Never> { perform { await self.opening() } }

    private func opening() async {
        do {
            try Zones.load()
            await store.refreshCenter()
            let now = clock.now()
            try await store.open(zone: clock.zone())
            open = true
            session = try await store.work { j in
                _ = try j.backupIfDue(now: now)
                return try j.activeSession(now: now)
            }
            let path = path
            let setUp = try await store.work { _ in JournalFolder.isSetUp(journal: path) }
            try await refresh(!setUp ? .firstRun : session != nil ? .session : .today)
            try await plans()
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
    @discardableResult
    public func resumed() -> Task<Void, Never> {
        perform {
            guard self.open else { return await self.opening() }
            await self.store.refreshCenter()
            try await self.store.open(zone: self.clock.zone())
            let now = self.clock.now()
            let active = try await self.store.work { j in try j.activeSession(now: now) }
            self.session = active.flatMap { $0.id() == self.left ? nil : $0 }
            try await self.refresh(nil)
            try await self.plans()
            try await self.quietHealthRead()
        }
    }

    /// Shows a screen with what it needs read first: the More tab reads the log, the backups and
    /// the settings; the check-in keeps the check-in the core has open.
    @discardableResult
    public func show(_ next: Screen) -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            let now = self.clock.now()
            switch next {
            case .report: self.report = try await self.store.work { j in try j.report(now: now) }
            case .plan: self.plan = try await self.store.work { j in try j.seasonPlan(now: now) }
            case .more: self.logs = try await self.readLogs()
            default: break
            }
            try await self.refresh(next)
            if next == .checkIn { self.openCheckIn = self.today?.checkIn }
        }
    }

    // ---- first run ----------------------------------------------------------------------------

    /// First run: tools, reminder time, quiet hours and (optionally) the goal race. Hands are
    /// always with the runner.
    @discardableResult
    public func finishSetUp(reminderTime: String, tools: [Tool], quietHours: QuietHours? = nil, race: NewRace? = nil) -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            let now = self.clock.now()
            let path = self.path
            let kit = tools.contains(.hands) ? tools : tools + [.hands]
            try await self.store.work { j in
                var s = try j.settings()
                s.reminderTime = reminderTime
                s.tools = kit
                if let quietHours { s.quietHours = quietHours }
                try j.setSettings(settings: s, now: now)
                if let race { _ = try j.addRace(race: race, now: now) }
                try JournalFolder.markSetUp(journal: path)
            }
            try await self.plans()
            try await self.refresh(.today)
        }
    }

    /// First run with the time picked on a clock face (`reminderPicker`).
    @discardableResult
    public func finishSetUp(reminderAt: Date, tools: Set<Tool>) -> Task<Void, Never> {
        finishSetUp(reminderTime: clockTime(reminderAt), tools: Tool.choices.filter(tools.contains))
    }

    /// The daily reminder's time as a wall-clock time in the phone's zone ("07:15:00").
    public func clockTime(_ date: Date) -> LocalTime {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d:00", c.hour ?? 0, c.minute ?? 0)
    }

    /// A day the runner picked, as the core's local date in the phone's zone ("2027-03-07").
    public func localDate(_ date: Date) -> LocalDate {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The instant of the daily reminder today, for a time picker: the settings' time (the
    /// core's default until the runner changes it).
    public var reminderPicker: Date {
        let now = clock.now()
        let parts = (settings?.reminderTime ?? "").split(separator: ":").compactMap { Int($0) }
        guard parts.count >= 2 else { return now }
        return calendar.date(bySettingHour: parts[0], minute: parts[1], second: 0, of: now) ?? now
    }

    private var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: clock.zone()) ?? .current
        return c
    }

    // ---- the guided session -----------------------------------------------------------------

    /// The one way into a routine (`resumeOrStart`): the session in progress, resumed if it was
    /// paused, or a new one of today's (or the 45-minute bodywork, or the warm-up) routine. On
    /// race morning the core refuses the bodywork session and says why: that is the message.
    @discardableResult
    public func startRoutine(bodywork: Bool = false, warmUp: Bool = false) -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            let now = self.clock.now()
            self.session = try await self.store.work { j in
                let routine = warmUp ? try j.warmUpRoutine(now: now)
                    : bodywork ? try j.bodyworkRoutine(now: now, minutes: nil)
                    : try j.todaysRoutine(now: now, minutes: nil)
                return try j.resumeOrStart(routine: routine, now: now)
            }
            self.left = nil
            try await self.plans()
            try await self.refresh(.session)
        }
    }

    /// Pause/resume, back, skip, +30 s, sharp pain, finish, stop: recorded, then cues re-planned.
    @discardableResult
    public func event(_ event: Event) -> Task<Void, Never> {
        perform {
            guard let s = self.session else { return }
            let now = self.clock.now()
            let snap = try await self.store.work { _ in try s.record(event: event, now: now) }
            try await self.recorded(s, snap)
        }
    }

    /// The runner closes the session for good: its clock pauses (`leave`), it stays in the
    /// journal for "Resume your routine", and the voice and the Live Activity let go of it.
    @discardableResult
    public func leave() -> Task<Void, Never> {
        perform {
            guard let s = self.session else { return }
            let now = self.clock.now()
            self.snapshot = try await self.store.work { _ in try s.leave(now: now) }
            self.left = s.id()
            self.session = nil
            try await self.plans()
            try await self.refresh(.today)
        }
    }

    /// The timer's state now; the screen calls it as it redraws (nothing here counts time or
    /// speaks: the cues do, from the session's clock). Once the timer has run out the core
    /// records the finish itself. A step the cue clock could not announce (the app was
    /// suspended) reaches the Live Activity here. Redraws faster than the journal answers are
    /// folded into the tick already waiting.
    @discardableResult
    public func tick() -> Task<Void, Never> {
        if let waiting = tickQueued { return waiting }
        let task = perform {
            self.tickQueued = nil
            guard let s = self.session else { return }
            let now = self.clock.now()
            guard try await self.ticked(s, now: now) else { return }
            self.liveActivity.follow(s, now: now)
        }
        tickQueued = task
        return task
    }

    /// A cue at its instant, from the session's clock: the core's words spoken at once (unless
    /// the app reached it late), then the session ticked (the session-end cue records the
    /// finish) and everything re-planned from here (the next cues, the Live Activity's step).
    private func cue(_ cue: Cue, late: Bool) {
        if !late {
            voice.say(cue.words)
            if cue.kind == .stepStart || cue.kind == .switchSides { haptics?.stepChange() }
        }
        perform {
            guard let s = self.session, try await self.ticked(s, now: self.clock.now()) else { return }
            try await self.plans()
        }
    }

    /// `s` ticked at `now` on the journal's actor and its snapshot published: true while it is
    /// still the session in front and runs; false once it ended (recorded here) or another
    /// session took its place.
    private func ticked(_ s: GuidedSession, now: Date) async throws -> Bool {
        let snap = try await store.work { _ in try s.tick(now: now) }
        guard session === s else { return false }
        if snap.status == .finished || snap.status == .aborted {
            try await recorded(s, snap)
            return false
        }
        snapshot = snap
        return true
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
    private func recorded(_ s: GuidedSession, _ snap: Snapshot) async throws {
        snapshot = snap
        if snap.status == .finished || snap.status == .aborted {
            session = nil
            try await plans()
            try await refresh(.today)
        } else {
            try await plans()
        }
    }

    // ---- check-in -----------------------------------------------------------------------------

    /// The question the check-in asks: the core's, naming the run, while one is open.
    public var checkInQuestion: String? { openCheckIn?.question ?? today?.checkIn?.question }

    public func rate(zone: String, side: Side, level: UInt8) {
        checkIn[CheckInKey(zone: zone, side: side)] = level
    }

    /// The region picked on the body map, whose level the scale's buttons set.
    public private(set) var picked: MapRegion?

    public func pick(_ region: MapRegion) { picked = region }

    /// A level for the region picked (nothing before one is).
    public func rate(level: UInt8) {
        guard let r = picked else { return }
        rate(zone: r.zone, side: r.side, level: level)
    }

    /// The scale's buttons, in order: the core's levels.
    public var levels: [UInt8] { Array(Zones.soreness.min ... max(Zones.soreness.min, Zones.soreness.max)) }

    /// Saves the levels rated, following the run the check-in was opened for (or the one the core
    /// has open now).
    @discardableResult
    public func saveCheckIn() -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            guard !self.checkIn.isEmpty else {
                self.message = Zones.soreness.nothingRated
                return
            }
            let now = self.clock.now()
            let rated = self.checkIn
            let follows = self.openCheckIn?.run.id
            try await self.store.work { j in
                let runId = try follows ?? j.today(now: now).checkIn?.run.id
                let entries = rated.map { NewSoreness(zone: $0.key.zone, side: $0.key.side, level: $0.value, at: now, runId: runId, note: nil) }
                _ = try j.addSoreness(entries: entries, now: now)
            }
            self.checkIn = [:]
            self.picked = nil
            self.openCheckIn = nil
            self.message = localized("Saved: tomorrow's routine adapts to it.")
            try await self.plans()
            try await self.refresh(.today)
        }
    }

    // ---- a damaged journal --------------------------------------------------------------------

    @discardableResult
    public func restore() -> Task<Void, Never> {
        perform {
            guard let backup = self.damaged?.newestBackup else { return }
            do {
                try await self.store.restoreDamaged(backup: backup, zone: self.clock.zone())
                self.open = true
                self.damaged = nil
                self.message = localized("Restored: your journal is back as it was at that backup.")
                try await self.refresh(.today)
                try await self.plans()
            } catch {
                self.message = forRunner(error)
            }
        }
    }

    public func dismissMessage() { message = nil }

    /// A reminder was shown (the app was in front): reminder health learns it arrived.
    @discardableResult
    public func delivered(id: String, at: Date) -> Task<Void, Never> {
        perform { try await self.store.delivered(id: id, at: at) }
    }

    // ---- the log, settings and data ---------------------------------------------------------

    private func readLogs() async throws -> Logs {
        let now = clock.now()
        return try await store.work { j in
            Logs(
                runs: try j.recentRuns(limit: 50), soreness: try j.recentSoreness(now: now, days: 60).reversed(),
                downtime: try j.recentDowntime(now: now, days: 120).reversed(), races: try j.races(),
                bodywork: try j.bodywork(now: now, daysBack: 120, daysAhead: 400), backups: try j.backups())
        }
    }

    /// A journal change: done off the main actor, then reminders re-planned and the lists read
    /// again.
    @discardableResult
    private func change(_ block: @escaping @Sendable (FasciaJournal, Date) throws -> Void) -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            let now = self.clock.now()
            try await self.store.work { j in try block(j, now) }
            try await self.changed()
        }
    }

    /// After a journal change: reminders re-planned, the lists and today read again.
    private func changed() async throws {
        try await plans()
        logs = try await readLogs()
        try await refresh(nil)
    }

    /// Deletes a record of the log (a swipe on its row).
    @discardableResult
    public func delete(_ kind: RecordKind, id: String) -> Task<Void, Never> {
        change { j, now in
            switch kind {
            case .run: try j.deleteRun(id: id, now: now)
            case .soreness: try j.deleteSoreness(id: id, now: now)
            case .downtime: try j.deleteDowntime(id: id, now: now)
            case .race: try j.deleteRace(id: id, now: now)
            case .bodywork: try j.deleteBodywork(id: id, now: now)
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
    @discardableResult
    public func logRun(distance: Double, minutes: Double, long: Bool = false) -> Task<Void, Never> {
        change { j, now in
            let metres = try distanceMetres(units: try j.settings().units, value: distance)
            _ = try j.addRun(run: NewRun(startedAt: now - minutes * 60, distanceM: metres,
                                         durationS: UInt32(max(0, minutes) * 60), kind: long ? .long : .easy), now: now)
        }
    }

    /// The log's run form.
    @discardableResult
    public func logRun(_ draft: RunDraft) -> Task<Void, Never> {
        guard let distance = draft.distance, let minutes = draft.minutes else { return perform {} }
        return logRun(distance: distance, minutes: minutes, long: draft.long)
    }

    /// A run's form to correct it, filled with its distance in the runner's units and its minutes.
    public func draft(for run: Run) -> RunDraft {
        RunDraft(distance: Double(distanceInField(run)), minutes: Double(run.durationS / 60), long: run.kind == .long)
    }

    /// Corrects a run's distance (in the runner's units) and time; its start and kind are kept.
    @discardableResult
    public func editRun(_ run: Run, distance: Double, minutes: Double) -> Task<Void, Never> {
        change { j, now in
            let metres = try distanceMetres(units: try j.settings().units, value: distance)
            _ = try j.updateRun(id: run.id, run: NewRun(startedAt: run.startedAt, distanceM: metres,
                                                        durationS: UInt32(max(0, minutes) * 60), kind: run.kind), now: now)
        }
    }

    @discardableResult
    public func editRun(_ run: Run, _ draft: RunDraft) -> Task<Void, Never> {
        guard let distance = draft.distance, let minutes = draft.minutes else { return perform {} }
        return editRun(run, distance: distance, minutes: minutes)
    }

    @discardableResult
    public func addRace(_ race: NewRace) -> Task<Void, Never> { change { j, now in _ = try j.addRace(race: race, now: now) } }

    /// The log's race form: its day in the phone's zone, its distance (if any) in the runner's
    /// units.
    @discardableResult
    public func addRace(_ draft: RaceDraft) -> Task<Void, Never> {
        let date = localDate(draft.day)
        return change { j, now in
            let metres = try draft.distance.map { try distanceMetres(units: try j.settings().units, value: $0) }
            _ = try j.addRace(race: NewRace(name: draft.name, date: date, distanceM: metres, priority: draft.priority), now: now)
        }
    }

    @discardableResult
    public func editRace(id: String, _ race: NewRace) -> Task<Void, Never> { change { j, now in _ = try j.updateRace(id: id, race: race, now: now) } }

    /// Moves a race to another day (name, distance and priority kept).
    @discardableResult
    public func moveRace(_ race: Race, to day: Date) -> Task<Void, Never> {
        editRace(id: race.id, NewRace(name: race.name, date: localDate(day), distanceM: race.distanceM, priority: race.priority))
    }

    @discardableResult
    public func editDowntime(id: String, _ entry: NewDowntime) -> Task<Void, Never> { change { j, now in _ = try j.updateDowntime(id: id, entry: entry, now: now) } }

    /// The downtime stepper's step, in minutes.
    public nonisolated static let downtimeStep: UInt32 = 30

    /// Half an hour more lost to pain.
    @discardableResult
    public func moreDowntime(_ d: Downtime) -> Task<Void, Never> {
        editDowntime(id: d.id, NewDowntime(date: d.date, minutes: d.minutes + Self.downtimeStep, zone: d.zone))
    }

    /// Half an hour less, never below one step (delete the entry to remove it).
    @discardableResult
    public func lessDowntime(_ d: Downtime) -> Task<Void, Never> {
        guard d.minutes > Self.downtimeStep else { return perform {} }
        return editDowntime(id: d.id, NewDowntime(date: d.date, minutes: d.minutes - Self.downtimeStep, zone: d.zone))
    }

    @discardableResult
    public func editBodywork(id: String, _ entry: NewBodywork) -> Task<Void, Never> { change { j, now in _ = try j.updateBodywork(id: id, entry: entry, now: now) } }

    /// Corrects a soreness entry's level (zone, side and time are kept).
    @discardableResult
    public func editSoreness(_ s: Soreness, level: UInt8) -> Task<Void, Never> {
        change { j, now in
            _ = try j.updateSoreness(id: s.id, entry: NewSoreness(zone: s.zone, side: s.side, level: level, at: s.at, runId: s.runId, note: s.note), now: now)
        }
    }

    /// One level up, never past the top of the core's scale.
    @discardableResult
    public func raiseSoreness(_ s: Soreness) -> Task<Void, Never> { editSoreness(s, level: s.level < Zones.soreness.max ? s.level + 1 : Zones.soreness.max) }
    /// One level down, never below the bottom of the core's scale.
    @discardableResult
    public func lowerSoreness(_ s: Soreness) -> Task<Void, Never> { editSoreness(s, level: s.level > Zones.soreness.min ? s.level - 1 : Zones.soreness.min) }

    @discardableResult
    public func addDowntime(_ entry: NewDowntime) -> Task<Void, Never> { change { j, now in _ = try j.addDowntime(entry: entry, now: now) } }

    /// The log's downtime form: the day in the phone's zone.
    @discardableResult
    public func addDowntime(_ draft: DowntimeDraft) -> Task<Void, Never> {
        addDowntime(NewDowntime(date: localDate(draft.day), minutes: draft.minutes, zone: draft.zone))
    }

    @discardableResult
    public func addBodywork(_ entry: NewBodywork) -> Task<Void, Never> { change { j, now in _ = try j.addBodywork(entry: entry, now: now) } }
    /// Books a bodywork appointment of the core's session length (`bookBodyworkWords()`).
    @discardableResult
    public func bookBodywork(at: Date) -> Task<Void, Never> { addBodywork(NewBodywork(at: at, minutes: Zones.bodyworkMinutes)) }
    @discardableResult
    public func setBodyworkDone(id: String, done: Bool) -> Task<Void, Never> { change { j, now in _ = try j.setBodyworkDone(id: id, done: done, now: now) } }

    @discardableResult
    public func restoreBackup(id: String) -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            let now = self.clock.now()
            let anchor = HealthAnchor(journal: self.path)
            _ = try await self.store.work { j in
                let restored = try j.restoreBackup(id: id, now: now)
                // The runs read from Health since that backup are gone with it: read them again.
                anchor.forget()
                return restored
            }
            self.message = localized("Restored the backup: your journal is as it was then, and the one before is kept as a backup.")
            try await self.changed()
        }
    }

    @discardableResult
    public func saveSettings(_ s: Settings) -> Task<Void, Never> {
        change { j, now in try j.setSettings(settings: s, now: now) }
    }

    /// The daily reminder moved to the time picked.
    @discardableResult
    public func setReminder(at date: Date) -> Task<Void, Never> {
        let time = clockTime(date)
        return change { j, now in
            var s = try j.settings()
            s.reminderTime = time
            try j.setSettings(settings: s, now: now)
        }
    }

    /// Makes the export the Files app saves, when the runner asks for it: `export` holds it
    /// until `exportFinished()`; a failure is the message.
    @discardableResult
    public func requestExport() -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            let now = self.clock.now()
            self.export = Export(text: try await self.store.work { j in try j.exportJson(now: now) })
        }
    }

    /// The Files app is done with the export (saved, or the runner cancelled).
    public func exportFinished() { export = nil }

    @discardableResult
    public func importJSON(_ text: String) -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            let now = self.clock.now()
            let summary = try await self.store.work { j in try j.importJson(text: text, now: now) }
            self.message = localized("Imported: \(Int(summary.added)) added, \(Int(summary.updated)) updated, \(Int(summary.unchanged)) already there.")
            try await self.changed()
        }
    }

    /// An export file the runner picked in the Files app, read off the main actor and imported.
    @discardableResult
    public func importFile(_ url: URL) -> Task<Void, Never> {
        perform {
            let text: String
            do { text = try await self.store.read(url) } catch {
                self.message = localized("Could not read that file: \(error.localizedDescription)")
                return
            }
            await self.importJSON(text).value
        }
    }

    /// The Files app could not open what was picked.
    public func importFailed(_ error: Error) { message = localized("Could not open that file: \(error.localizedDescription)") }

    // ---- runs from Health and from files ------------------------------------------------------

    /// "Read runs from Health": asks for access the first time, reads the running workouts Health
    /// has added since the last read and imports them; `message` says what happened, in the
    /// core's words, or why Health gave nothing.
    @discardableResult
    public func readHealthRuns() -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            guard let health = self.healthRuns, health.isAvailable() else {
                self.message = self.noHealth
                return
            }
            do {
                try await health.requestAccess()
                try await self.healthRead(health, quiet: false)
            } catch let error as FasciaError {
                throw error
            } catch HealthAccessError.denied {
                self.message = self.noHealthRuns
            } catch HealthAccessError.unavailable {
                self.message = self.noHealth
            } catch {
                self.message = localized("Health could not be read: \(error.localizedDescription)")
            }
        }
    }

    /// No Health on this device (or restricted by a profile).
    private var noHealth: String {
        localized("Health is not available on this device. Import your watch's run files instead.")
    }

    /// Nothing from Health, ever: HealthKit does not tell an app that it may not read, so this
    /// says both.
    private var noHealthRuns: String {
        localized("No running workouts came from Health. If you have some, allow Fascia to read workouts in Settings › Health › Data Access & Devices › Fascia.")
    }

    /// One read of Health and its import. The anchor moves only once workouts were read and
    /// imported: an empty first read (access refused, or nothing there yet) leaves none, so the
    /// read after the runner allows access is a full one.
    private func healthRead(_ health: HealthRuns, quiet: Bool) async throws {
        let anchor = HealthAnchor(journal: path)
        let since = try await store.work { _ in anchor.load() }
        let read = try await health.runs(after: since)
        guard !read.workouts.isEmpty else {
            if !quiet {
                runImport = .nothing
                message = since == nil ? noHealthRuns : runImportWords(.nothing)
            }
            return
        }
        let now = clock.now()
        let runs = read.workouts.map(\.healthRun)
        let summary = try await store.work { j in
            let summary = try j.importHealthRuns(runs: runs, now: now)
            // Not kept (a full disk): the next read reads these again, and the core keeps them once.
            try? anchor.save(read.anchor)
            return summary
        }
        runImport = summary
        if !quiet || summary.added + summary.merged > 0 || !summary.refused.isEmpty {
            message = runImportWords(summary)
        }
        try await changed()
    }

    /// When the app comes to the front, once Health has given runs before (an anchor is kept):
    /// what it has added since, without asking; said only if something came. Health's own
    /// refusals (the phone locked, access withdrawn) wait for the runner's next "Read runs".
    private func quietHealthRead() async throws {
        guard let health = healthRuns, health.isAvailable() else { return }
        let anchor = HealthAnchor(journal: path)
        guard try await store.work({ _ in anchor.load() }) != nil else { return }
        do {
            try await healthRead(health, quiet: true)
        } catch let error as FasciaError {
            throw error
        } catch {
            print("runs from Health not read now: \(error)")
        }
    }

    /// The Files app's answer to "Import run files": the files read and imported, or why they
    /// could not be.
    @discardableResult
    public func importedRuns(_ result: Result<[URL], Error>) -> Task<Void, Never>? {
        switch result {
        case let .success(urls): return importRunFiles(urls)
        case let .failure(error):
            importFailed(error)
            return nil
        }
    }

    /// FIT, GPX and TCX files the runner picked, read off the main actor and imported in one
    /// transaction: a file that cannot be read or that the core refuses is named with its reason,
    /// and the others are imported.
    @discardableResult
    public func importRunFiles(_ urls: [URL]) -> Task<Void, Never> {
        perform {
            guard self.open else { return }
            let read = await self.store.readFiles(urls)
            let files = read.compactMap { f in (try? f.bytes.get()).map { RunFile(name: f.name, bytes: $0) } }
            let unreadable = read.compactMap { f -> RefusedFile? in
                guard case let .failure(error) = f.bytes else { return nil }
                return RefusedFile(name: f.name, reason: localized("could not read it: \(error.localizedDescription)"))
            }
            let now = self.clock.now()
            var summary = try await self.store.work { j in try j.importRunFiles(files: files, now: now) }
            summary.refused = unreadable + summary.refused
            self.runImport = summary
            self.message = runImportWords(summary)
            try await self.changed()
        }
    }

    /// Cues and reminders equal to the core's plan, sharing the 64 (`NotificationShare`); the
    /// voice, the cue clock and the Live Activity following the session.
    private func plans() async throws {
        let now = clock.now()
        let running = session.map { $0.snapshot(now: now).status == .running } ?? false
        voice.follow(running: running)
        cueClock?.follow(session, now: now)
        liveActivity.follow(session, now: now)
        try await store.sync(session: session)
    }

    private func refresh(_ next: Screen?) async throws {
        guard open else { return }
        let now = clock.now()
        let basics = try await store.basics(now: now)
        today = basics.today
        settings = basics.settings
        health = basics.health
        snapshot = session?.snapshot(now: now)
        if let next { screen = next }
    }
}

public struct CheckInKey: Hashable, Sendable {
    public let zone: String
    public let side: Side
    public init(zone: String, side: Side) {
        self.zone = zone
        self.side = side
    }
}

/// The log's run form: the distance in the runner's units and the minutes, as typed.
public struct RunDraft: Equatable, Sendable {
    public var distance: Double?
    public var minutes: Double?
    public var long: Bool
    public init(distance: Double? = nil, minutes: Double? = nil, long: Bool = false) {
        self.distance = distance
        self.minutes = minutes
        self.long = long
    }

    /// Both fields typed: the form can be saved (the core checks the values).
    public var complete: Bool { distance != nil && minutes != nil }
}

/// The log's race form.
public struct RaceDraft: Equatable, Sendable {
    public var name: String
    public var day: Date
    /// In the runner's units; none for a race without a distance.
    public var distance: Double?
    public var priority: RacePriority
    public init(name: String = "", day: Date, distance: Double? = nil, priority: RacePriority = .a) {
        self.name = name
        self.day = day
        self.distance = distance
        self.priority = priority
    }

    /// A name typed: the form can be saved.
    public var complete: Bool { !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}

/// The log's downtime form: a day lost (part of it) to pain.
public struct DowntimeDraft: Equatable, Sendable {
    public var day: Date
    public var minutes: UInt32
    public var zone: String?
    public init(day: Date, minutes: UInt32 = AppModel.downtimeStep, zone: String? = nil) {
        self.day = day
        self.minutes = minutes
        self.zone = zone
    }
}

public extension Tool {
    /// The tools a runner can say they have with them (hands are always there).
    static let choices: [Tool] = [.foamRoller, .ball, .stick]
}
