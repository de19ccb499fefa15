// The iOS app target: SwiftUI layout only. All logic is in FasciaKit (tested on Linux by
// tests/swift); this file wires the platform to it: notifications, background refresh, the
// "Log soreness" action, time and zone changes, the voice and the Live Activity. Built by Xcode
// from ios/project.yml (XcodeGen). Info.plist (background modes `audio` and `fetch`, the
// refresh id, Live Activities, Health's usage sentence, the run file types) and
// Fascia.entitlements (time-sensitive notifications, HealthKit) are beside it. The journal is
// in Application Support/Fascia (JournalFolder).
import BackgroundTasks
import Combine
import Fascia
import FasciaKit
import SwiftUI
import UserNotifications

final class AppDelegate: NSObject, UIApplicationDelegate, UNUserNotificationCenterDelegate {
    var model: AppModel?
    let notifier = SystemNotificationCenter()

    func application(_ application: UIApplication, didFinishLaunchingWithOptions _: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        UNUserNotificationCenter.current().delegate = self
        // May run with no window and no AppModel (a background launch): FasciaKit opens the
        // journal itself, and iOS's expiration cancels it.
        BGTaskScheduler.shared.register(forTaskWithIdentifier: BackgroundRefresh.identifier, using: .main) { task in
            Task { @MainActor in
                Self.scheduleRefresh()
                guard let path = try? JournalFolder.onThisPhone() else { return task.setTaskCompleted(success: false) }
                _ = await BackgroundRefresh.handle(SystemRefreshTask(task), path: path, clock: SystemClock(), center: self.notifier).value
                self.model?.resumed() // a window's model, if there is one, shows the new plan
            }
        }
        Self.scheduleRefresh()
        return true
    }

    static func scheduleRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: BackgroundRefresh.identifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: BackgroundRefresh.interval)
        // Refused in the simulator; every launch and change plans anyway.
        try? BGTaskScheduler.shared.submit(request)
    }

    // "Log soreness" (and a tap on a check-in reminder) opens the check-in.
    func userNotificationCenter(_: UNUserNotificationCenter, didReceive response: UNNotificationResponse) async {
        await MainActor.run {
            if response.notification.request.content.categoryIdentifier == ReminderSync.checkInCategory { model?.show(.checkIn) }
        }
    }

    // In front: a cue the app is speaking is not presented (one cue, not two); a reminder is.
    func userNotificationCenter(_: UNUserNotificationCenter, willPresent notification: UNNotification) async -> UNNotificationPresentationOptions {
        let id = notification.request.identifier
        return await MainActor.run {
            (model?.willPresent(id: id, at: Date()) ?? foregroundPresentation(id: id, appSpeaksCues: false)).options
        }
    }
}

@main
struct FasciaApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) var delegate
    @Environment(\.scenePhase) private var phase
    @State private var model: AppModel?
    @State private var failure: String?

    var body: some Scene {
        WindowGroup {
            Group {
                if let model {
                    RootView(model: model)
                } else if let failure {
                    Text(failure).padding()
                } else {
                    ProgressView("Opening your journal…")
                }
            }
            .task { await start() }
            .onChange(of: phase) { _, now in
                // The model reads the notification centre again itself, off the main actor.
                if now == .active { model?.resumed() }
            }
            .onReceive(NotificationCenter.default.publisher(for: UIApplication.significantTimeChangeNotification)) { _ in model?.resumed() }
            .onReceive(NotificationCenter.default.publisher(for: .NSSystemTimeZoneDidChange)) { _ in model?.resumed() }
        }
    }

    @MainActor private func start() async {
        do {
            // Application Support/Fascia, backed up and protected (JournalFolder); after a
            // restore to a new iPhone the journal is already there and opens as it is.
            let path = try JournalFolder.onThisPhone()
            // The voice and the Live Activity run from the session's clock (the core's cue plan on
            // wall-clock timers), not from a view: they carry on with the phone locked.
            let model = AppModel(path: path, clock: SystemClock(), center: delegate.notifier,
                                 speaker: SystemSpeaker(), haptics: SystemHaptics(), activity: SystemLiveActivity(),
                                 audio: SystemAudioSession(), scheduler: DispatchWallScheduler(),
                                 healthRuns: SystemHealthRuns())
            delegate.model = model
            model.load()
            self.model = model
            _ = try await UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound])
        } catch {
            failure = forRunner(error)
        }
    }
}
