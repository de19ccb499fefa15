// What the screens show that is derived from the model's state, and the small actions a control
// forwards: the views (ios/App) only lay these out, so every branch here is tested.
import Fascia
import Foundation

extension Race: Identifiable {}
extension Run: Identifiable {}

public extension AppModel {
    /// The step the session is in.
    var currentStep: Step? {
        guard let session, let snapshot else { return nil }
        let steps = session.routine().steps
        let i = Int(snapshot.stepIndex)
        return steps.indices.contains(i) ? steps[i] : nil
    }

    /// Where the session stands, in the core's words: "Step 3 of 22".
    var stepOf: String? {
        guard let session, let snapshot else { return nil }
        return stepOfWords(index: Int(snapshot.stepIndex), count: session.routine().steps.count)
    }

    /// Where the step works, in the core's words: `Calves, left`; in a warm-up the move,
    /// `Walking lunges`.
    var stepWhere: String? { currentStep.map { step in words { try stepPlace(step: step) } } }

    /// What the step asks, in the core's words: `Hold`, `Get into position`; in a warm-up `Go`,
    /// `Next move`.
    var stepWhat: String? { currentStep.map { step in words { try stepLabelText(step: step) } } }

    /// A warm-up step's move cue (how to do it, what to feel); none in a release routine.
    var moveCue: String? {
        guard let id = currentStep?.moveId else { return nil }
        return (try? warmUpMoves())?.first { $0.id == id }?.cue
    }

    /// The warm-up the today screen offers (its label the core's sentence), none while a
    /// session is in progress or when every move rests.
    var warmUpOffer: WarmUpOffer? {
        guard let today, today.activeSession == nil else { return nil }
        return today.warmUp
    }

    /// Whether the session's clock stands still (the button then says Resume).
    var isPaused: Bool { snapshot?.status == .paused }

    /// The pause button: pauses a running session, resumes a paused one.
    @discardableResult
    func pauseOrResume() -> Task<Void, Never> { event(isPaused ? .resume : .pause) }

    /// The Files app's answer to "Import": the file read and imported, or why it could not be.
    @discardableResult
    func imported(_ result: Result<URL, Error>) -> Task<Void, Never>? {
        switch result {
        case let .success(url): return importFile(url)
        case let .failure(error):
            importFailed(error)
            return nil
        }
    }

    /// The same from a picker that hands back a list (one file picked for an export).
    @discardableResult
    func imported(_ result: Result<[URL], Error>) -> Task<Void, Never>? {
        imported(result.flatMap { urls in urls.first.map(Result<URL, Error>.success) ?? .failure(CocoaError(.fileReadNoSuchFile)) })
    }
}

/// A report cell's number to one decimal ("4.2"), or "–" with no data yet.
public func reportNumber(_ value: Double?) -> String {
    value.map { String(format: "%.1f", $0) } ?? "–"
}

public extension DowntimeDraft {
    /// Half an hour more.
    mutating func more() { minutes += AppModel.downtimeStep }
    /// Half an hour less, never below one step.
    mutating func less() { if minutes > AppModel.downtimeStep { minutes -= AppModel.downtimeStep } }
}

public extension BodyMap.Element {
    /// The region's fill: faint when unrated, darker with the level, on the core's scale.
    func shade(_ levels: [CheckInKey: UInt8]) -> Double {
        let level = Double(levels[CheckInKey(zone: region.zone, side: region.side)] ?? 0)
        let top = Double(max(Zones.soreness.max, 1))
        return 0.25 + 0.65 * min(level, top) / top
    }
}
