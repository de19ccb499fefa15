// The iOS shell: UI only. Every number, text and rule on screen comes from the Rust core through
// the generated `Fascia` module; the shell reads the clock and the device zone, passes them in,
// and draws what comes back.
import Fascia
import SwiftUI

@main
struct FasciaMain: App {
    // The journal lives in Application Support, on the phone only.
    let fascia: FasciaJournal = {
        let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let app = try! FasciaJournal.open(path: dir.appendingPathComponent("fascia.db").path,
                                      timeZone: TimeZone.current.identifier)
        _ = try? app.backupIfDue(now: Date())
        return app
    }()

    var body: some Scene {
        WindowGroup { TodayView(fascia: fascia) }
    }
}

struct TodayView: View {
    let fascia: FasciaJournal
    @State private var today: Today?
    @State private var session: GuidedSession?
    @State private var error: String?

    var body: some View {
        NavigationStack {
            List {
                if let error { Text(error).foregroundStyle(.red) }
                if let today {
                    Section("Streak \(today.streak)") {
                        ForEach(today.routine.zones, id: \.zone) { zone in
                            VStack(alignment: .leading) {
                                Text("\(zone.zone) · \(zone.holdS) s\(zone.sided ? " a side" : "")")
                                Text(zone.reason.english).font(.footnote).foregroundStyle(.secondary)
                            }
                        }
                    }
                    Button("Start (\(today.routine.totalS / 60) min)") {
                        do { session = try fascia.startSession(routine: today.routine, now: Date()) }
                        catch { self.error = "\(error)" }
                    }
                }
            }
            .navigationTitle("Today")
            .navigationDestination(item: Binding(get: { session.map(SessionBox.init) }, set: { session = $0?.session })) { box in
                SessionView(session: box.session)
            }
            .task {
                try? fascia.setTimeZone(timeZone: TimeZone.current.identifier) // after travel
                session = try? fascia.activeSession() // found again after the app was killed
                today = try? fascia.today(now: Date())
            }
        }
    }
}

/// Navigation needs a Hashable value; a session is identified by its id.
struct SessionBox: Hashable {
    let session: GuidedSession
    static func == (a: SessionBox, b: SessionBox) -> Bool { a.session.id() == b.session.id() }
    func hash(into hasher: inout Hasher) { hasher.combine(session.id()) }
}

struct SessionView: View {
    let session: GuidedSession

    var body: some View {
        // Redrawn from snapshot(now); the timer is the recorded event log, so nothing drifts
        // while the phone is locked.
        TimelineView(.periodic(from: .now, by: 0.25)) { context in
            let snapshot = session.snapshot(now: context.date)
            let step = session.routine().steps[Int(snapshot.stepIndex)]
            VStack(spacing: 16) {
                Text("\(step.zone) · \(step.side)").font(.title)
                Text("\(snapshot.stepRemainingMs / 1000) s").font(.largeTitle.monospacedDigit())
                ProgressView(value: snapshot.sessionProgress)
                HStack {
                    Button(snapshot.status == .paused ? "Resume" : "Pause") {
                        _ = try? (snapshot.status == .paused ? session.resume(now: Date()) : session.pause(now: Date()))
                    }
                    Button("Skip") { _ = try? session.skip(now: Date()) }
                    Button("Sharp pain") { _ = try? session.painSkip(now: Date()) }
                    Button("Finish") { _ = try? session.finish(now: Date()) }
                }
            }
            .padding()
        }
    }
}
