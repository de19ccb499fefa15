// A running routine away from the screen: its cues at the core's instants on a wall-clock
// scheduler (not a view's timer), spoken on an audio session held for the routine, and the Live
// Activity started with it, moved on at every step and ended with it. AppModel drives all three
// after every event and every cue; nothing here counts time.
import Fascia
import Foundation

/// The core's cue plan on a `WallScheduler`: each cue delivered once, at its instant.
@MainActor
final class CueClock {
    /// A cue the scheduler reaches this much after its instant (the app was suspended) is
    /// delivered as `late`: its words are stale and not spoken.
    static let lateness: TimeInterval = 5

    let scheduler: WallScheduler
    let clock: Clock
    var onCue: (Cue, _ late: Bool) -> Void = { _, _ in }
    private var sessionId: String?
    /// Each cue delivered, as its id at its instant: a re-plan at the instant of a cue (which the
    /// core lists again, `at >= now`) or a scheduler firing twice never delivers it again, while a
    /// step begun again (`back`) or a hold extended after its ten-seconds cue is a new instant.
    private var delivered = Set<String>()
    private var work: [ScheduledWork] = []

    init(scheduler: WallScheduler, clock: Clock) {
        self.scheduler = scheduler
        self.clock = clock
    }

    /// Schedules the session's cues from `now` (none while paused or over; nil: none at all).
    func follow(_ session: GuidedSession?, now: Date) {
        for w in work { w.cancel() }
        work = []
        guard let session else { return }
        if session.id() != sessionId {
            sessionId = session.id()
            delivered = []
        }
        for cue in session.cues(now: now, horizonS: CuePlanner.horizonS) where !delivered.contains(Self.key(cue)) {
            work.append(scheduler.schedule(at: cue.at) { [weak self] in self?.fire(cue) })
        }
    }

    var scheduled: Int { work.count }

    private func fire(_ cue: Cue) {
        guard delivered.insert(Self.key(cue)).inserted else { return }
        onCue(cue, clock.now().timeIntervalSince(cue.at) > Self.lateness)
    }

    static func key(_ cue: Cue) -> String { "\(cue.id)@\(Int64((cue.at.timeIntervalSince1970 * 1000).rounded()))" }
}

/// Spoken prompts: an audio session for voice prompts held while the session's clock runs, and
/// released (notifying the music or podcast it ducked or paused) when it stops: pause, finish,
/// abort, leave. An utterance under way is let finish before the release.
@MainActor
final class VoicePrompts {
    static let category = AudioCategory.playback
    static let mode = AudioMode.voicePrompt
    static let options: AudioOptions = [.duckOthers, .interruptSpokenAudioAndMixWithOthers]

    let audio: AudioSession?
    let speaker: Speaker?
    private(set) var holding = false
    private var speaking = 0
    private var releasing = false

    init(audio: AudioSession?, speaker: Speaker?) {
        self.audio = audio
        self.speaker = speaker
    }

    /// Whether the app speaks the cues (with the app in front, their notifications stay silent).
    var speaks: Bool { speaker != nil && (audio == nil || holding) }

    /// Holds the audio session (`running`) or lets it go.
    func follow(running: Bool) {
        running ? hold() : release()
    }

    func say(_ words: String) {
        guard let speaker else { return }
        speaking += 1
        speaker.say(words) { [weak self] in
            guard let self else { return }
            self.speaking = max(0, self.speaking - 1)
            if self.releasing && self.speaking == 0 { self.deactivate() }
        }
    }

    private func hold() {
        releasing = false
        guard let audio, !holding else { return }
        do {
            try audio.setCategory(Self.category, mode: Self.mode, options: Self.options)
            try audio.setActive(true, notifyOthersOnDeactivation: false)
            holding = true
        } catch {
            // Another app holds the audio (a call): tried again at the next event or cue. The
            // cue notifications still carry the words.
            holding = false
        }
    }

    private func release() {
        guard holding else { return }
        releasing = true
        if speaking == 0 { deactivate() }
    }

    private func deactivate() {
        releasing = false
        guard holding else { return }
        holding = false
        try? audio?.setActive(false, notifyOthersOnDeactivation: true)
    }
}

/// The Live Activity of the session in progress: started with it, updated when its step or its
/// countdown changes (each step's cue, each event), ended with it.
@MainActor
final class SessionActivity {
    let activity: LiveActivity?
    private var current: String?
    private var last: LiveActivityState?

    init(activity: LiveActivity?) { self.activity = activity }

    func follow(_ session: GuidedSession?, now: Date) {
        guard let activity else { return }
        guard let session, let state = Self.state(session, now: now) else {
            if let id = current { activity.end(sessionId: id) }
            current = nil
            last = nil
            return
        }
        let id = session.id()
        if current != id {
            if let old = current { activity.end(sessionId: old) }
            current = id
            last = state
            activity.start(sessionId: id, state: state)
        } else if let last, Self.same(last, state) {
            return
        } else {
            last = state
            activity.update(sessionId: id, state: state)
        }
    }

    /// The state at `now` from the core's snapshot: the step began `stepElapsedMs` ago and ends in
    /// `stepRemainingMs` (both ≥ 0, so `start ≤ end`); nil once the session is over.
    static func state(_ session: GuidedSession, now: Date) -> LiveActivityState? {
        let snap = session.snapshot(now: now)
        guard snap.status == .running || snap.status == .paused else { return nil }
        let steps = session.routine().steps
        let index = Int(snap.stepIndex)
        let step = steps[index]
        return LiveActivityState(
            step: (try? stepTitle(step: step)) ?? place(step.zone, step.side), stepIndex: index, stepCount: steps.count,
            start: now.addingTimeInterval(-Double(snap.stepElapsedMs) / 1000),
            end: now.addingTimeInterval(Double(snap.stepRemainingMs) / 1000),
            pausedAt: snap.status == .paused ? now : nil)
    }

    /// The same countdown: same step, and the same end (running) or time left (paused), to the ms.
    static func same(_ a: LiveActivityState, _ b: LiveActivityState) -> Bool {
        func ms(_ t: TimeInterval) -> Int64 { Int64((t * 1000).rounded()) }
        guard a.stepIndex == b.stepIndex, a.step == b.step, (a.pausedAt == nil) == (b.pausedAt == nil) else { return false }
        if let pa = a.pausedAt, let pb = b.pausedAt {
            return ms(a.end.timeIntervalSince(pa)) == ms(b.end.timeIntervalSince(pb))
        }
        return ms(a.end.timeIntervalSince1970) == ms(b.end.timeIntervalSince1970)
    }
}
