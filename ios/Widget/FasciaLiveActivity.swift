// The Live Activity's layout (the FasciaWidget extension in ios/project.yml): the step and a countdown the system draws on
// the lock screen by itself. Layout only; its data is FasciaKit's LiveActivityState (from
// SystemLiveActivity), whose range is the step's own start...end, clamped so it is never
// inverted: nothing here builds a range from `Date()`, which traps once the step's end has passed.
import ActivityKit
import FasciaKit
import SwiftUI
import WidgetKit

struct Countdown: View {
    let state: LiveActivityState
    var body: some View {
        // Paused: stands still at the time left. Past its end (the app was not there to move it
        // on): shows 0:00 until the next update.
        Text(timerInterval: state.interval, pauseTime: state.pausedAt, countsDown: true).monospacedDigit()
    }
}

struct FasciaLiveActivity: Widget {
    var body: some WidgetConfiguration {
        ActivityConfiguration(for: FasciaActivityAttributes.self) { context in
            VStack(alignment: .leading) {
                Text(context.state.step).font(.headline)
                Countdown(state: context.state).font(.largeTitle.weight(.black))
                Text(context.state.stepOf).font(.caption)
                if context.state.pausedAt != nil { Text("Paused").font(.title3) }
            }
            .padding()
        } dynamicIsland: { context in
            DynamicIsland {
                DynamicIslandExpandedRegion(.center) { Text(context.state.step) }
                DynamicIslandExpandedRegion(.bottom) { Countdown(state: context.state).font(.title) }
            } compactLeading: {
                Text("Fascia")
            } compactTrailing: {
                Countdown(state: context.state).frame(maxWidth: 48)
            } minimal: {
                Image(systemName: context.state.pausedAt == nil ? "timer" : "pause")
            }
        }
    }
}

@main
struct FasciaWidgets: WidgetBundle {
    var body: some Widget { FasciaLiveActivity() }
}
