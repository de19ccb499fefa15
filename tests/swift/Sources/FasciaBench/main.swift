// FFI cost from Swift: `GuidedSession.snapshot(now)` against `noop()`, an empty exported call measured
// in the same run (the floor). Prints the median of 15 rounds per call and the ratio; a
// measurement, not a test.
import Fascia
import Foundation

func medianNanos(rounds: Int, calls: Int, _ body: () -> Void) -> Double {
    for _ in 0..<calls { body() } // warm-up
    var samples: [Double] = []
    for _ in 0..<rounds {
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<calls { body() }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / Double(calls))
    }
    return samples.sorted()[rounds / 2]
}

let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fascia-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
let app = try FasciaJournal.open(path: dir.appendingPathComponent("journal.db").path, timeZone: "Europe/Paris")
let start = Date(timeIntervalSince1970: 1_775_799_000)
let session = try app.startSession(routine: try app.todaysRoutine(now: start, minutes: nil), now: start)
let now = start + 200
let floor = medianNanos(rounds: 15, calls: 20_000) { noop() }
let snapshot = medianNanos(rounds: 15, calls: 20_000) { _ = session.snapshot(now: now) }
print(String(format: "swift ffi: noop() %.0f ns/call, snapshot(now) %.0f ns/call, ratio %.1fx", floor, snapshot, snapshot / floor))
