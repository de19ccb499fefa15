// The Live Activity's layout (a widget extension): the step and a countdown that runs on the lock
// screen by itself. Layout only; its data comes from FasciaKit's SystemLiveActivity.
import ActivityKit
import FasciaKit
import SwiftUI
import WidgetKit

struct FasciaLiveActivity: Widget {
    var body: some WidgetConfiguration {
        ActivityConfiguration(for: FasciaActivityAttributes.self) { context in
            VStack(alignment: .leading) {
                Text(context.state.step).font(.headline)
                if let end = context.state.endsAt {
                    Text(timerInterval: Date()...end, countsDown: true).font(.system(size: 44, weight: .black)).monospacedDigit()
                } else {
                    Text("Paused").font(.title)
                }
            }
            .padding()
        } dynamicIsland: { context in
            DynamicIsland {
                DynamicIslandExpandedRegion(.center) { Text(context.state.step) }
            } compactLeading: {
                Text("Fascia")
            } compactTrailing: {
                if let end = context.state.endsAt { Text(timerInterval: Date()...end, countsDown: true).monospacedDigit() }
            } minimal: {
                Image(systemName: "timer")
            }
        }
    }
}

@main
struct FasciaWidgets: WidgetBundle {
    var body: some Widget { FasciaLiveActivity() }
}
