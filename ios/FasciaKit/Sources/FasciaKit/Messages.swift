// Every error the core can return, in the runner's words, with what to do. Nothing was changed
// when one is shown.
import Fascia

public func forRunner(_ error: Error) -> String {
    guard let e = error as? FasciaError else {
        return "Something went wrong inside Fascia (\(error)). Nothing was changed; please try again."
    }
    switch e {
    case let .InvalidInput(_, reason): return "\(reason). Please correct it and try again."
    case .NotFound: return "That entry is no longer in your journal. Refresh the list."
    case let .Conflict(reason): return "\(reason)."
    case .Damaged: return "Your journal file is damaged. Restore the latest backup to carry on."
    case .IncompatibleVersion: return "Your journal was written by a newer Fascia. Update the app to open it."
    case let .Storage(reason, _): return "The phone could not save: \(reason). Free some space and try again; nothing was lost."
    case let .Internal(reason, _): return "Something went wrong inside Fascia (\(reason)). Nothing was changed; please try again."
    }
}
