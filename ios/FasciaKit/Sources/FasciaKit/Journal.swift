// The journal off the main actor. One actor owns the SQLite connection (`FasciaJournal`) and runs
// every read and write, one at a time, away from the main thread: opening, screens, records,
// the guided session's recorded events, reminder sync (which reads the journal) and the
// notification centre's bookkeeping. AppModel awaits it and publishes the results on the main
// actor; nothing on the main actor touches SQLite.
import Fascia
import Foundation

/// How the journal is opened: `FasciaJournal.open` on the phone; tests wrap it to watch the calls.
public typealias JournalOpener = @Sendable (_ path: String, _ timeZone: String) throws -> FasciaJournal

/// What every screen shows around its own data, read in one visit to the journal.
struct Basics: Sendable {
    let today: Today
    let settings: Settings
    let health: ReminderHealth
}

public actor JournalStore {
    public let path: String
    private let opener: JournalOpener
    private let center: Notifier
    private let clock: Clock
    private var journal: FasciaJournal?

    public init(path: String, center: Notifier, clock: Clock,
                opener: @escaping JournalOpener = { try FasciaJournal.open(path: $0, timeZone: $1) }) {
        self.path = path
        self.center = center
        self.clock = clock
        self.opener = opener
    }

    /// Opens the journal in the phone's zone (once; afterwards the zone is set on the open one).
    func open(zone: String) throws {
        if let journal { return try journal.setTimeZone(timeZone: zone) }
        journal = try opener(path, zone)
    }

    /// Moves a damaged journal aside and opens `backup` in its place.
    func restoreDamaged(backup: String, zone: String) throws {
        journal = nil
        journal = try FasciaJournal.restoreDamaged(path: path, backupId: backup, timeZone: zone)
        // What Health gave the damaged journal after that backup is read again.
        HealthAnchor(journal: path).forget()
    }

    /// Runs `body` with the open journal, here: off the main actor, one call at a time.
    func work<T: Sendable>(_ body: @Sendable (FasciaJournal) throws -> T) throws -> T {
        guard let journal else { throw FasciaError.Internal(reason: localized("the journal is not open"), detail: "JournalStore.work before open") }
        return try body(journal)
    }

    /// Today, the settings and reminder health (with what the phone says of notifications).
    func basics(now: Date) throws -> Basics {
        let phone = PhoneState(notificationsAllowed: center.authorized(), exactAlarmsAllowed: true, batteryRestricted: false)
        return try work { j in
            Basics(today: try j.today(now: now), settings: try j.settings(), health: try j.reminderHealth(now: now, phone: phone))
        }
    }

    /// Cues and reminders made equal to the core's plan (`ReminderSync.sync(session:)`).
    func sync(session: GuidedSession?) throws {
        guard let journal else { return }
        try ReminderSync(journal: journal, center: center, clock: clock).sync(session: session)
    }

    /// A reminder shown with the app in front: reminder health learns it arrived.
    func delivered(id: String, at: Date) throws {
        guard let journal else { return }
        try ReminderSync(journal: journal, center: center, clock: clock).delivered(id: id, at: at)
    }

    /// Reads the pending notifications and the authorisation again (iOS answers asynchronously).
    func refreshCenter() async {
        await center.refresh()
    }

    /// Reads a file the runner picked (an export to import), here rather than on the main thread.
    func read(_ url: URL) throws -> String {
        #if os(iOS)
        let access = url.startAccessingSecurityScopedResource()
        defer { if access { url.stopAccessingSecurityScopedResource() } }
        #endif
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Reads the run files the runner picked, each on its own (one that cannot be read does not
    /// stop the others), named as the Files app shows them, here rather than on the main thread.
    func readFiles(_ urls: [URL]) -> [(name: String, bytes: Result<Data, Error>)] {
        urls.map { url in
            #if os(iOS)
            let access = url.startAccessingSecurityScopedResource()
            defer { if access { url.stopAccessingSecurityScopedResource() } }
            #endif
            return (url.lastPathComponent, Result { try Data(contentsOf: url) })
        }
    }
}
