// The iOS app target: SwiftUI layout only. All logic is in FasciaKit (tested on Linux by
// tests/swift); this file wires the platform to it: notifications, background refresh, the
// "Log soreness" action, time and zone changes. Built by Xcode only.
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
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "app.fascia.refresh", using: nil) { task in
            Task { @MainActor in
                await self.notifier.refresh()
                self.model?.resumed()
                task.setTaskCompleted(success: true)
                Self.scheduleRefresh()
            }
        }
        Self.scheduleRefresh()
        return true
    }

    static func scheduleRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: "app.fascia.refresh")
        request.earliestBeginDate = Date(timeIntervalSinceNow: 6 * 3600)
        // Refused in the simulator; every launch and change plans anyway.
        do { try BGTaskScheduler.shared.submit(request) } catch { print("background refresh not scheduled: \(error)") }
    }

    // "Log soreness" (and a tap on a check-in reminder) opens the check-in.
    func userNotificationCenter(_: UNUserNotificationCenter, didReceive response: UNNotificationResponse) async {
        await MainActor.run {
            if response.notification.request.content.categoryIdentifier == "check-in" { model?.show(.checkIn) }
        }
    }

    func userNotificationCenter(_: UNUserNotificationCenter, willPresent notification: UNNotification) async -> UNNotificationPresentationOptions {
        let id = notification.request.identifier
        if id.hasPrefix(ReminderSync.prefix) {
            await MainActor.run { model?.delivered(id: id, at: Date()) }
        }
        return [.banner, .sound]
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
                } else {
                    Text(failure ?? "Opening your journal…").padding()
                }
            }
            .task { await start() }
            .onChange(of: phase) { _, now in
                if now == .active { Task { await delegate.notifier.refresh(); model?.resumed() } }
            }
            .onReceive(NotificationCenter.default.publisher(for: UIApplication.significantTimeChangeNotification)) { _ in model?.resumed() }
            .onReceive(NotificationCenter.default.publisher(for: .NSSystemTimeZoneDidChange)) { _ in model?.resumed() }
        }
    }

    @MainActor private func start() async {
        do {
            let path = try journalPath()
            await delegate.notifier.refresh()
            let model = AppModel(path: path, clock: SystemClock(), center: delegate.notifier,
                                 speaker: SystemSpeaker(), haptics: SystemHaptics(), activity: nil)
            delegate.model = model
            model.load()
            self.model = model
            _ = try await UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound])
        } catch {
            failure = forRunner(error)
        }
    }
}
