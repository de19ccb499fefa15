// Every error the core can return, in the runner's words, with what to do. Nothing was changed
// when one is shown. The core's `reason` is its own English; the advice around it is the app's
// copy, keys of the String Catalog (Copy.swift).
import Fascia

public func forRunner(_ error: Error) -> String {
    guard let e = error as? FasciaError else {
        return localized("Something went wrong inside Fascia (\(String(describing: error))). Nothing was changed; please try again.")
    }
    switch e {
    case let .InvalidInput(_, reason): return localized("\(reason). Please correct it and try again.")
    case .NotFound: return localized("That entry is no longer in your journal. Refresh the list.")
    case let .Conflict(reason): return "\(reason)."
    case .Damaged: return localized("Your journal file is damaged. Restore the latest backup to carry on.")
    case .IncompatibleVersion: return localized("Your journal was written by a newer Fascia. Update the app to open it.")
    case let .Storage(reason, _): return localized("The phone could not save: \(reason). Free some space and try again; nothing was lost.")
    case let .Internal(reason, _): return localized("Something went wrong inside Fascia (\(reason)). Nothing was changed; please try again.")
    }
}
