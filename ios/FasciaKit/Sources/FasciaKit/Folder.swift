// Where the journal lives on the phone, so that iOS backs it up and protects it, and a restore to a
// new iPhone brings it back whole:
//
// - `Library/Application Support/Fascia/`: backed up to iCloud and to a computer, never purged
//   (Caches and tmp are neither); `isExcludedFromBackup` is set to false on the folder.
// - Everything the runner's data needs is in that folder: the journal (`fascia.db` with its WAL),
//   its daily backups (`fascia.db.backups/`, the core puts them beside it) and `set-up`, written
//   when first run is done. First run is decided by that file, not by UserDefaults, so a journal
//   that comes back without the app's preferences is opened as it is, never set up again.
// - Data protection `completeUntilFirstUserAuthentication`: encrypted while the phone is off and
//   until the first unlock after a restart; readable afterwards while locked, because reminders
//   are re-planned by background refresh and a routine's cues, voice and session log are written
//   with the phone locked. `complete` would make the journal unreadable at those moments. New files
//   in the folder (the WAL, each backup) take the folder's class; files already there (after a
//   restore) are given it too.
import Fascia
import Foundation

/// A data protection class (FileProtectionType on iOS).
public enum FileProtection: String, Equatable, Sendable {
    case complete, completeUnlessOpen, completeUntilFirstUserAuthentication, none
}

/// What the phone's file system does to the journal's folder (URLResourceValues and
/// FileManager attributes on iOS; a recording fake in tests).
public protocol FolderAttributes {
    /// Keeps `url` in iCloud and computer backups (`isExcludedFromBackup` false).
    func includeInBackup(_ url: URL) throws
    /// Gives `url` the data protection class `protection`.
    func protect(_ url: URL, _ protection: FileProtection) throws
}

public struct JournalFolder: Equatable, Sendable {
    public static let name = "Fascia"
    public static let file = "fascia.db"
    public static let protection = FileProtection.completeUntilFirstUserAuthentication
    /// Written when first run is done; beside the journal so that it travels with it.
    static let setUpFile = "set-up"

    /// The folder, in the app's Application Support.
    public let url: URL

    public init(applicationSupport: URL) {
        url = applicationSupport.appendingPathComponent(Self.name, isDirectory: true)
    }

    public var journalPath: String { url.appendingPathComponent(Self.file).path }

    /// Creates the folder if it is not there (a first launch), keeps it in backups and protects
    /// it and everything in it (after a restore, what came back); returns the journal's path.
    @discardableResult
    public func prepare(_ attributes: FolderAttributes) throws -> String {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try attributes.includeInBackup(url)
        try attributes.protect(url, Self.protection)
        let items = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        for item in items.sorted(by: { $0.path < $1.path }) {
            try attributes.protect(item, Self.protection)
        }
        return journalPath
    }

    /// Whether first run was done for the journal at `journal` (a journal restored with its
    /// folder counts as set up).
    public static func isSetUp(journal: String) -> Bool {
        FileManager.default.fileExists(atPath: marker(journal).path)
    }

    static func markSetUp(journal: String) throws {
        try Data().write(to: marker(journal))
    }

    static func marker(_ journal: String) -> URL {
        URL(fileURLWithPath: journal).deletingLastPathComponent().appendingPathComponent(setUpFile)
    }
}

#if os(iOS)
/// The folder's backup flag and protection class, as iOS sets them.
public struct SystemFolderAttributes: FolderAttributes {
    public init() {}

    public func includeInBackup(_ url: URL) throws {
        var values = URLResourceValues()
        values.isExcludedFromBackup = false
        var url = url
        try url.setResourceValues(values)
    }

    public func protect(_ url: URL, _ protection: FileProtection) throws {
        let type: FileProtectionType
        switch protection {
        case .complete: type = .complete
        case .completeUnlessOpen: type = .completeUnlessOpen
        case .completeUntilFirstUserAuthentication: type = .completeUntilFirstUserAuthentication
        case .none: type = .none
        }
        try FileManager.default.setAttributes([.protectionKey: type], ofItemAtPath: url.path)
    }
}

public extension JournalFolder {
    /// The journal's folder in this app's container, prepared; its journal's path.
    static func onThisPhone() throws -> String {
        let support = try FileManager.default.url(for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true)
        return try JournalFolder(applicationSupport: support).prepare(SystemFolderAttributes())
    }
}
#endif
