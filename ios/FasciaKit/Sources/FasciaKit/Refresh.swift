// Background refresh (BGAppRefreshTask `app.fascia.refresh`) with no window and no AppModel: iOS
// may launch the app in the background just for it, before (or without) any scene. The entry
// point opens the journal itself, takes the daily backup if due and makes the pending reminders
// equal to the core's plan; the task's expiration handler cancels it, and it stops at the next
// step (a call into the core is not interrupted half-way: each is short and transactional).
import Fascia
import Foundation

public final class BackgroundRefresh {
    public static let identifier = "app.fascia.refresh"
    /// How soon after a refresh the next one is asked for (iOS decides when it runs).
    public static let interval: TimeInterval = 6 * 3600

    public enum Outcome: Equatable {
        case done
        /// Stopped because iOS said time was up (nothing half-written: each step is one transaction).
        case cancelled
        /// The journal could not be opened or written, in the runner's words.
        case failed(String)
    }

    let path: String
    let clock: Clock
    let center: Notifier

    public init(path: String, clock: Clock, center: Notifier) {
        self.path = path
        self.clock = clock
        self.center = center
    }

    /// The refresh: the notification centre read, the journal opened in the phone's zone, the
    /// backup taken if due, the reminders re-planned (leaving the cues of a session in progress).
    /// Off the main actor, as all journal work is.
    public func run() async -> Outcome {
        do {
            try Task.checkCancellation()
            await center.refresh()
            try Task.checkCancellation()
            let journal = try FasciaJournal.open(path: path, timeZone: clock.zone())
            try Task.checkCancellation()
            _ = try journal.backupIfDue(now: clock.now())
            try Task.checkCancellation()
            try ReminderSync(journal: journal, center: center, clock: clock).sync()
            return .done
        } catch is CancellationError {
            return .cancelled
        } catch {
            return .failed(forRunner(error))
        }
    }

    /// The BGAppRefreshTask handler: the refresh started, cancelled by the task's expiration
    /// handler, and the task completed once when it ends (success only if it ran to the end).
    /// Returns the whole handling, completion included.
    @MainActor @discardableResult
    public static func handle(_ task: RefreshTask, path: String, clock: Clock, center: Notifier) -> Task<Outcome, Never> {
        let work = Task { @MainActor in await BackgroundRefresh(path: path, clock: clock, center: center).run() }
        task.expirationHandler = { work.cancel() }
        return Task { @MainActor in
            let outcome = await work.value
            task.expirationHandler = nil
            task.setTaskCompleted(success: outcome == .done)
            return outcome
        }
    }
}
