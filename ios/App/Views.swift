// The screens, layout only: each reads AppModel (FasciaKit) and forwards taps to its actions;
// every derived value and every action is FasciaKit's, tested on Linux by tests/swift. Every
// literal here is a key of Localizable.xcstrings (checked by FasciaKitTests' StringCatalogTests);
// the core's words come through FasciaKit's calls to its text functions. Text styles throughout,
// so Dynamic Type reaches every screen; touch targets at least Layout.minimumTarget.
import Charts
import Fascia
import FasciaKit
import SwiftUI
import UniformTypeIdentifiers

extension CGRect {
    init(_ f: Frame) { self.init(x: f.x, y: f.y, width: f.width, height: f.height) }
}

/// A tappable area at least Layout.minimumTarget on each side.
struct Target: ViewModifier {
    func body(content: Content) -> some View {
        content.frame(minWidth: Layout.minimumTarget, minHeight: Layout.minimumTarget).contentShape(Rectangle())
    }
}

extension View {
    func target() -> some View { modifier(Target()) }
}

struct RootView: View {
    @Bindable var model: AppModel

    var body: some View {
        VStack(spacing: 0) {
            if let message = model.message {
                HStack {
                    Text(message).foregroundStyle(.white)
                    Spacer()
                    Button("OK") { model.dismissMessage() }.foregroundStyle(.white).target()
                }
                .padding().background(.black)
            }
            switch model.screen {
            case .loading: ProgressView("Opening your journal…")
            case .failed: Text("Fascia could not open your journal.").padding()
            case .restore: RestoreView(model: model)
            case .firstRun: FirstRunView(model: model)
            case .session: SessionView(model: model)
            default: Tabs(model: model)
            }
        }
    }
}

struct Tabs: View {
    @Bindable var model: AppModel
    var body: some View {
        // The selection is the model's screen; every tab's tag is one of Screen.tabs.
        TabView(selection: Binding(get: { model.screen }, set: { model.show($0) })) {
            TodayView(model: model).tabItem { Label("Today", systemImage: "house") }.tag(Screen.today)
            CheckInView(model: model).tabItem { Label("Check-in", systemImage: "heart") }.tag(Screen.checkIn)
            PlanView(model: model).tabItem { Label("Plan", systemImage: "calendar") }.tag(Screen.plan)
            ReportView(model: model).tabItem { Label("Report", systemImage: "chart.bar") }.tag(Screen.report)
            MoreView(model: model).tabItem { Label("More", systemImage: "gearshape") }.tag(Screen.more)
        }
    }
}

struct FirstRunView: View {
    let model: AppModel
    @State private var time: Date
    @State private var tools = Set(Tool.choices)

    init(model: AppModel) {
        self.model = model
        _time = State(initialValue: model.reminderPicker)
    }

    var body: some View {
        Form {
            // What the app is, in the core's words (with its daily budget's minutes).
            Section { Text(phraseWords(.intro)) }
            Section("What do you have with you?") {
                ForEach(Tool.choices, id: \.self) { tool in
                    Toggle(toolName(tool), isOn: Binding(get: { tools.contains(tool) }, set: { on in if on { tools.insert(tool) } else { tools.remove(tool) } }))
                }
            }
            Section("Daily reminder") { DatePicker("Time", selection: $time, displayedComponents: .hourAndMinute) }
            Button("Start") { model.finishSetUp(reminderAt: time, tools: tools) }.target()
        }
    }
}

struct TodayView: View {
    let model: AppModel
    var body: some View {
        List {
            if let today = model.today {
                ForEach(today.safety, id: \.zone) { flag in
                    VStack(alignment: .leading) {
                        Text(safetyTitle(flag)).bold().foregroundStyle(.red)
                        Text(flag.advice.english)
                    }
                }
                // The check-in the core keeps open after a long run or a race, with its question.
                if let checkIn = today.checkIn {
                    Button { model.show(.checkIn) } label: {
                        VStack(alignment: .leading) {
                            Text(checkIn.question).bold()
                            Text(phraseWords(.checkInCard)).font(.caption)
                        }
                        .target()
                    }
                }
                // The warm-up in the core's words: first on race morning, before the activation.
                if let offer = model.warmUpOffer, offer.raceMorning {
                    Button(offer.text) { model.startRoutine(warmUp: true) }.buttonStyle(.bordered).target()
                }
                Button { model.startRoutine() } label: {
                    Group {
                        if today.activeSession != nil {
                            Text("Resume your routine")
                        } else {
                            // The routine's length in the core's words ("12 min").
                            Text("Start today's routine · \(durationWords(today.routine.totalS))")
                        }
                    }
                    .font(.title2.bold()).frame(maxWidth: .infinity, minHeight: Layout.minimumTarget)
                }
                .buttonStyle(.borderedProminent)
                // The 45-minute session; on race morning the core's refusal is the message.
                Button { model.startRoutine(bodywork: true) } label: {
                    Text("Guided bodywork session").frame(maxWidth: .infinity, minHeight: Layout.minimumTarget)
                }
                .buttonStyle(.bordered)
                // Before a run, on any other day.
                if let offer = model.warmUpOffer, !offer.raceMorning {
                    Button(offer.text) { model.startRoutine(warmUp: true) }.buttonStyle(.bordered).target()
                }
                Text(streakWords(today.streak))
                Section {
                    ForEach(today.routine.zones, id: \.zone) { z in
                        VStack(alignment: .leading) {
                            Text(Zones.name(z.zone)).font(.headline)
                            // The holds, each side or the sorer side first, in the core's words.
                            Text(holdsWords(z))
                            Text(reasonWords(z.reason)).font(.caption).foregroundStyle(.secondary)
                        }
                    }
                } header: {
                    Text("\(today.routine.zones.count) zones, and why")
                }
                Section("This week") {
                    HStack {
                        ForEach(today.calendar, id: \.date) { day in
                            VStack {
                                Text(day.zones.count, format: .number)
                                // The day's label in the core's words (race, race week, long run…).
                                Text(calendarWords(day) ?? "").font(.caption2)
                            }
                            .frame(maxWidth: .infinity)
                        }
                    }
                }
            }
        }
    }
}

struct SessionView: View {
    let model: AppModel
    /// The countdown follows Dynamic Type up to Layout.countdownMaximum.
    @ScaledMetric(relativeTo: .largeTitle) private var countdown = Layout.countdown

    var body: some View {
        // Redrawn four times a second from the core's snapshot; nothing here counts time or
        // speaks: the voice and the Live Activity follow the session's clock, locked or not.
        TimelineView(.periodic(from: .now, by: 0.25)) { context in
            content.onChange(of: context.date) { _, _ in model.tick() }
        }
        .onAppear { UIApplication.shared.isIdleTimerDisabled = true }
        .onDisappear { UIApplication.shared.isIdleTimerDisabled = false }
    }

    @ViewBuilder private var content: some View {
        if let step = model.currentStep, let snap = model.snapshot, let position = model.stepOf {
            VStack(spacing: 16) {
                // Where and what, in the core's words (`Calves, left` · `Hold`).
                Text(model.stepWhere ?? place(step.zone, step.side)).font(.largeTitle.bold())
                Text(model.stepWhat ?? stepName(step.kind)).font(.title2).foregroundStyle(.orange)
                if let cue = model.moveCue { Text(cue).multilineTextAlignment(.center) }
                Text(Duration.seconds(Double(snap.stepRemainingMs) / 1000), format: .time(pattern: .minuteSecond))
                    .font(.system(size: Layout.countdownSize(scaled: countdown), weight: .black, design: .rounded))
                    .monospacedDigit().lineLimit(1).minimumScaleFactor(0.4)
                ProgressView(value: snap.stepProgress)
                Text(position)
                Spacer()
                HStack {
                    Button("Back") { model.event(.back) }.target()
                    Group {
                        if model.isPaused {
                            Button("Resume") { model.pauseOrResume() }
                        } else {
                            Button("Pause") { model.pauseOrResume() }
                        }
                    }
                    .buttonStyle(.borderedProminent).target()
                    Button("Skip") { model.event(.skip) }.target()
                }
                .font(.title2)
                ViewThatFits {
                    HStack { secondary }
                    VStack { secondary }
                }
            }
            .padding()
        } else {
            Text("No routine in progress.")
        }
    }

    @ViewBuilder private var secondary: some View {
        Button("+30 s") { model.event(.extend) }.target()
        Button("Sharp pain", role: .destructive) { model.event(.painSkip) }.target()
        Button("Stop") { model.event(.abort) }.target()
        // Closed for good: paused in the journal, "Resume your routine" on Today.
        Button("Close") { model.leave() }.target()
    }
}

/// The core's body map (front and back): each region a zone and side. Drawn once, hidden from
/// VoiceOver, which reads one element per region instead (zone, side, level), each with a
/// target of at least 44 × 44 pt; a tap picks the nearest region whose target holds it.
struct BodyMapView: View {
    let map: BodyMap
    var levels: [CheckInKey: UInt8] = [:]
    var selected: MapRegion?
    var onTap: ((MapRegion) -> Void)?

    var body: some View {
        GeometryReader { geo in
            let width = geo.size.width
            let elements = map.elements(width: width)
            ZStack(alignment: .topLeading) {
                Canvas { context, _ in
                    for e in elements {
                        let path = Path { p in
                            p.addLines(e.outline.map { CGPoint(x: $0.x, y: $0.y) })
                            p.closeSubpath()
                        }
                        context.fill(path, with: .color(.orange.opacity(e.shade(levels))))
                        context.stroke(path, with: .color(e.region.id == selected?.id ? .primary : .orange), lineWidth: e.region.id == selected?.id ? 3 : 1)
                    }
                }
                .accessibilityHidden(true)
                .gesture(SpatialTapGesture().onEnded { tap in
                    if let onTap, let r = map.region(atX: tap.location.x, y: tap.location.y, width: width) { onTap(r) }
                })
                ForEach(elements) { e in
                    Color.clear
                        .frame(width: e.target.width, height: e.target.height)
                        .position(x: e.target.midX, y: e.target.midY)
                        .allowsHitTesting(false)
                        .accessibilityElement()
                        .accessibilityLabel(Text(e.label))
                        .accessibilityValue(Text(e.value(levels) ?? ""))
                        .accessibilityAddTraits(onTap == nil ? [] : e.region.id == selected?.id ? [.isButton, .isSelected] : .isButton)
                        .accessibilityAction { onTap?(e.region) }
                }
            }
        }
        .aspectRatio(map.width / max(map.height, 1), contentMode: .fit)
    }
}

struct CheckInView: View {
    let model: AppModel
    var body: some View {
        ScrollView {
            VStack(spacing: 12) {
                // After a long run or a race the core's question names it.
                Group {
                    if let question = model.checkInQuestion { Text(question) } else { Text("How do your legs feel?") }
                }
                .font(.title.bold())
                // The scale and its words are the core's.
                Text(Zones.soreness.hint).foregroundStyle(.secondary)
                BodyMapView(map: Zones.map, levels: model.checkIn, selected: model.picked) { model.pick($0) }
                if let r = model.picked {
                    Text(place(r.zone, r.side)).font(.headline)
                    LazyVGrid(columns: [GridItem(.adaptive(minimum: Layout.minimumTarget))]) {
                        ForEach(model.levels, id: \.self) { level in
                            Button { model.rate(level: level) } label: { Text(Int(level), format: .number).target() }
                                .buttonStyle(.bordered)
                                .accessibilityLabel(Text(levelWords(level)))
                        }
                    }
                }
                Button("Save check-in") { model.saveCheckIn() }.buttonStyle(.borderedProminent).target()
            }
            .padding()
        }
    }
}

struct PlanView: View {
    let model: AppModel
    var body: some View {
        List {
            if let plan = model.plan, plan.races.isEmpty { Text(phraseWords(.noRaces)) }
            ForEach(model.plan?.races ?? [], id: \.raceId) { r in
                VStack(alignment: .leading) {
                    Text("\(r.name) · \(priorityWords(r.priority)) · \(r.date)").font(.headline)
                    // Peak, bodywork, taper and race week: each line the core's.
                    if let peak = peakWords(r) { Text(peak) }
                    // The pre-peak bodywork session: booked, to book by its day, or overdue, as the core says.
                    if let words = bodyworkWords(r, today: model.today?.date) {
                        Text(words).foregroundStyle(r.bodyworkBooked == nil ? .red : .primary)
                    }
                    if let taper = taperWords(r) { Text(taper) }
                    Text(raceWeekWords(r))
                }
            }
            // The bodywork cadence, month by month.
            ForEach(model.plan?.bodyworkMonths ?? [], id: \.self) { m in Text(bodyworkMonthWords(m)) }
        }
    }
}

struct ReportView: View {
    let model: AppModel
    var body: some View {
        List {
            if let p = model.report?.personal {
                // Which weeks are compared, in the core's words.
                Text(reportWindowsWords(p)).font(.caption)
                ForEach(p.rows, id: \.metric) { row in
                    ViewThatFits {
                        HStack { cells(row) }
                        VStack(alignment: .leading) { cells(row) }
                    }
                }
            } else {
                Text(phraseWords(.reportNotYet))
            }
            Section(phraseWords(.sorenessTrends)) {
                ForEach(model.report?.trends ?? [], id: \.zone) { t in Text("\(Zones.name(t.zone)) · \(trendWords(t.trend))") }
            }
            Section(phraseWords(.downtimeChart)) {
                Chart(model.report?.weeklyDowntime ?? [], id: \.week) { w in BarMark(x: .value("Week", w.week), y: .value("Hours", w.value)) }
                    .frame(minHeight: 120)
            }
            Section(phraseWords(.sessionsChart)) {
                Chart(model.report?.weeklySessions ?? [], id: \.week) { w in BarMark(x: .value("Week", w.week), y: .value("Sessions", w.value)) }
                    .frame(minHeight: 120)
            }
        }
    }

    @ViewBuilder private func cells(_ row: ReportRow) -> some View {
        Text(metricWords(row.metric))
        Spacer()
        Text("\(reportNumber(row.baseline.value)) n=\(Int(row.baseline.n))")
        Text("\(reportNumber(row.recent.value)) n=\(Int(row.recent.n))")
    }
}

/// What the Files app is picking for: an export to import, or run files.
enum Picking {
    case export, runs

    var types: [UTType] {
        switch self {
        case .export: [.json]
        // The imported types Info.plist declares (RunFileType.all), by extension.
        case .runs: RunFileType.all.map { UTType(importedAs: $0.identifier, conformingTo: UTType($0.conformsTo)) }
        }
    }
}

struct MoreView: View {
    @Bindable var model: AppModel
    @State private var importing = false
    @State private var picking = Picking.export
    @State private var reminder: Date
    @State private var run = RunDraft()
    @State private var race: RaceDraft
    @State private var downtime: DowntimeDraft
    @State private var appointment: Date
    @State private var editing: Run?
    @State private var correction = RunDraft()
    @State private var moving: Race?
    @State private var raceDay = Date()

    init(model: AppModel) {
        self.model = model
        _reminder = State(initialValue: model.reminderPicker)
        _race = State(initialValue: RaceDraft(day: model.reminderPicker))
        _downtime = State(initialValue: DowntimeDraft(day: model.reminderPicker))
        _appointment = State(initialValue: model.reminderPicker)
    }

    var body: some View {
        List {
            Section("Daily reminder") {
                DatePicker("Time", selection: $reminder, displayedComponents: .hourAndMinute)
                Button("Save") { model.setReminder(at: reminder) }.target()
            }
            Section("Log a run") {
                TextField(model.distanceField, value: $run.distance, format: .number).keyboardType(.decimalPad)
                TextField("Minutes", value: $run.minutes, format: .number).keyboardType(.numberPad)
                Toggle("Long run", isOn: $run.long)
                Button("Log run") { model.logRun(run); run = RunDraft() }.disabled(!run.complete).target()
            }
            Section("Runs from Health and your watch") {
                // What is read and that it stays here: Info.plist's NSHealthShareUsageDescription.
                Text(healthUsageWords()).font(.caption)
                Button("Read runs from Health") { model.readHealthRuns() }.target()
                // The summary (added, merged, already there, refused with reasons) is the message.
                Button("Import run files (FIT, GPX, TCX)") { picking = .runs; importing = true }.target()
            }
            Section("Add a race") {
                TextField("Race name", text: $race.name)
                DatePicker("Race day", selection: $race.day, displayedComponents: .date)
                TextField(model.distanceField, value: $race.distance, format: .number).keyboardType(.decimalPad)
                Picker("Priority", selection: $race.priority) {
                    ForEach([RacePriority.a, .b, .c], id: \.self) { p in Text(priorityWords(p)).tag(p) }
                }
                Button("Add race") { model.addRace(race) }.disabled(!race.complete).target()
            }
            Section("Time lost to pain") {
                DatePicker("Day", selection: $downtime.day, displayedComponents: .date)
                Stepper(onIncrement: { downtime.more() }, onDecrement: { downtime.less() }) {
                    Text(downtimeWords(downtime.minutes))
                }
                Button("Add") { model.addDowntime(downtime) }.target()
                // What is logged, under this section's title: "2026-11-20 · 1.5 h".
                ForEach(model.logs.downtime, id: \.id) { d in
                    Stepper(onIncrement: { model.moreDowntime(d) }, onDecrement: { model.lessDowntime(d) }) {
                        Text("\(d.date) · \(downtimeWords(d.minutes))")
                    }
                    .swipeActions { Button("Delete", role: .destructive) { model.delete(.downtime, id: d.id) } }
                }
            }
            Section("Bodywork") {
                // An appointment of the core's session length, named by the core.
                DatePicker("Appointment", selection: $appointment)
                Button(bookBodyworkWords()) { model.bookBodywork(at: appointment) }.target()
                // The appointments, under this section's title: "… · 45 min, done".
                ForEach(model.logs.bodywork, id: \.id) { b in
                    Toggle(isOn: Binding(get: { b.done }, set: { model.setBodyworkDone(id: b.id, done: $0) })) {
                        Text("\(b.at.formatted()) · \(appointmentWords(b))")
                    }
                    .swipeActions { Button("Delete", role: .destructive) { model.delete(.bodywork, id: b.id) } }
                }
            }
            Section("Your log") {
                ForEach(model.logs.runs) { r in
                    // Distances in the runner's units, as the core writes them.
                    Text("\(r.startedAt.formatted()) · \(distanceWords(r.distanceM, model.units)) · \(durationWords(r.durationS))")
                        .swipeActions {
                            Button("Delete", role: .destructive) { model.delete(.run, id: r.id) }
                            Button("Edit") { editing = r; correction = model.draft(for: r) }
                        }
                }
                ForEach(model.logs.soreness, id: \.id) { s in
                    // On the core's scale: "Calves 4/10", never past its top.
                    Stepper(onIncrement: { model.raiseSoreness(s) }, onDecrement: { model.lowerSoreness(s) }) {
                        Text("\(place(s.zone, s.side)) \(levelWords(s.level))")
                    }
                    .swipeActions { Button("Delete", role: .destructive) { model.delete(.soreness, id: s.id) } }
                }
                ForEach(model.logs.races) { r in
                    Text("\(r.name) · \(priorityWords(r.priority)) · \(r.date)").swipeActions {
                        Button("Delete", role: .destructive) { model.delete(.race, id: r.id) }
                        Button("Move") { moving = r; raceDay = model.reminderPicker }
                    }
                }
            }
            Section("Zones and the pressure chart") {
                BodyMapView(map: Zones.map)
                ForEach(Zones.all, id: \.id) { z in
                    VStack(alignment: .leading) {
                        Text(z.name).font(.headline)
                        // Each protocol's pressure and hold, in the core's words.
                        Text(zoneDoseWords(z, bodywork: false))
                        Text(zoneDoseWords(z, bodywork: true))
                        Text(z.tempo).font(.caption)
                    }
                }
            }
            Section("Will reminders arrive?") {
                if let h = model.health {
                    Text("Daily reminders at \(h.dailyFiresAt); \(Int(h.pending)) planned this week.")
                    ForEach(h.warnings, id: \.self) { w in Text(healthWords(w)).foregroundStyle(.red) }
                }
            }
            Section("Your data") {
                // The export is made when asked for, off the main actor; the Files app then saves it.
                Button("Export to Files") { model.requestExport() }.target()
                Button("Import from Files") { picking = .export; importing = true }.target()
                ForEach(model.logs.backups, id: \.id) { b in Button("Restore \(b.id)") { model.restoreBackup(id: b.id) }.target() }
            }
        }
        .alert("Correct the run", isPresented: Binding(get: { editing != nil }, set: { if !$0 { editing = nil } })) {
            TextField(model.distanceField, value: $correction.distance, format: .number).keyboardType(.decimalPad)
            TextField("Minutes", value: $correction.minutes, format: .number).keyboardType(.numberPad)
            Button("Save") {
                if let r = editing { model.editRun(r, correction) }
                editing = nil
            }
            Button("Cancel", role: .cancel) { editing = nil }
        }
        .sheet(item: $moving) { r in
            Form {
                DatePicker("Race day", selection: $raceDay, displayedComponents: .date)
                Button("Save") { model.moveRace(r, to: raceDay); moving = nil }.target()
                Button("Cancel", role: .cancel) { moving = nil }.target()
            }
        }
        .fileExporter(isPresented: Binding(get: { model.export != nil }, set: { if !$0 { model.exportFinished() } }),
                      document: ExportFile(text: model.export?.text ?? ""), contentType: .json,
                      defaultFilename: Export.filename) { _ in model.exportFinished() }
        // One importer for both (two on one view would not both present); read off the main actor.
        .fileImporter(isPresented: $importing, allowedContentTypes: picking.types, allowsMultipleSelection: picking == .runs) { result in
            switch picking {
            case .export: model.imported(result)
            case .runs: model.importedRuns(result)
            }
        }
    }
}

struct ExportFile: FileDocument {
    static var readableContentTypes: [UTType] { [.json] }
    var text: String
    init(text: String) { self.text = text }
    init(configuration: ReadConfiguration) throws { text = String(decoding: configuration.file.regularFileContents ?? Data(), as: UTF8.self) }
    func fileWrapper(configuration _: WriteConfiguration) throws -> FileWrapper { FileWrapper(regularFileWithContents: Data(text.utf8)) }
}

struct RestoreView: View {
    let model: AppModel
    var body: some View {
        VStack(alignment: .leading, spacing: 16) {
            Text("Your journal needs repair").font(.title.bold())
            Text("The journal file on this phone is damaged, so Fascia will not write to it. It is kept as it is.")
            if let backup = model.damaged?.newestBackup {
                Text("The newest good backup is \(backup).")
                Button("Restore the backup") { model.restore() }.buttonStyle(.borderedProminent).target()
            } else {
                Text("No good backup exists. Import an export file if you have one.")
            }
        }
        .padding()
    }
}
