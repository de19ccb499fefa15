// The screens, layout only: each reads AppModel and calls its actions. Not compiled on Linux (no
// SwiftUI there); the model they draw is tested by tests/swift (FasciaKitTests).
import Charts
import Fascia
import FasciaKit
import SwiftUI
import UniformTypeIdentifiers

struct RootView: View {
    @Bindable var model: AppModel

    var body: some View {
        VStack(spacing: 0) {
            if let message = model.message {
                HStack {
                    Text(message).foregroundStyle(.white)
                    Spacer()
                    Button("OK") { model.dismissMessage() }.foregroundStyle(.white)
                }
                .padding().background(.black)
            }
            switch model.screen {
            case .loading: ProgressView("Opening your journal…")
            case .failed: Text(model.message ?? "Fascia could not open your journal.").padding()
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
        TabView(selection: Binding(get: { model.screen }, set: { model.show($0) })) {
            TodayView(model: model).tabItem { Label("Today", systemImage: "house") }.tag(Screen.today)
            CheckInView(model: model).tabItem { Label("Check-in", systemImage: "heart") }.tag(Screen.checkIn)
            PlanView(model: model).tabItem { Label("Plan", systemImage: "calendar") }.tag(Screen.plan)
            ReportView(model: model).tabItem { Label("Report", systemImage: "chart.bar") }.tag(Screen.report)
            MoreView(model: model).tabItem { Label("More", systemImage: "gearshape") }.tag(Screen.settings)
        }
    }
}

struct FirstRunView: View {
    let model: AppModel
    @State private var time = Calendar.current.startOfDay(for: Date()).addingTimeInterval(7 * 3600)
    @State private var tools: Set<Tool> = [.foamRoller, .ball]
    var body: some View {
        Form {
            // The routine's length is the core's daily budget.
            Section { Text("A guided self-release routine of under \(Zones.dailyMinutes) minutes, reminders before race season, and your own soreness numbers. Everything stays on this phone.") }
            Section("What do you have with you?") {
                ForEach([Tool.foamRoller, .ball, .stick], id: \.self) { tool in
                    Toggle(toolName(tool), isOn: Binding(get: { tools.contains(tool) }, set: { on in if on { tools.insert(tool) } else { tools.remove(tool) } }))
                }
            }
            Section("Daily reminder") { DatePicker("Time", selection: $time, displayedComponents: .hourAndMinute) }
            Button("Start") {
                let f = DateFormatter()
                f.dateFormat = "HH:mm:ss"
                model.finishSetUp(reminderTime: f.string(from: time), tools: Array(tools) + [.hands])
            }
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
                    Button { model.show(.checkIn) } label: { Text(checkIn.question).bold() }
                }
                Button { model.startRoutine() } label: {
                    // The routine's length in the core's words ("12 min").
                    Text(today.activeSession != nil ? "Resume your routine" : "Start today's routine · \(durationWords(today.routine.totalS))")
                        .font(.title2.bold()).frame(maxWidth: .infinity, minHeight: 64)
                }
                .buttonStyle(.borderedProminent)
                Text(streakWords(today.streak))
                Section("\(today.routine.zones.count) zones, and why") {
                    ForEach(today.routine.zones, id: \.zone) { z in
                        VStack(alignment: .leading) {
                            Text(Zones.name(z.zone)).font(.headline)
                            Text(z.sided ? (z.side == .both ? "\(z.holdS) s each side" : "\(sideName(z.side)) first: \(z.holdS) s") : "\(z.holdS) s")
                            Text(reasonWords(z.reason)).font(.caption).foregroundStyle(.secondary)
                        }
                    }
                }
                Section("This week") {
                    HStack {
                        ForEach(today.calendar, id: \.date) { day in
                            VStack {
                                Text("\(day.zones.count)")
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
        if let session = model.session, let snap = model.snapshot {
            let step = session.routine().steps[Int(snap.stepIndex)]
            VStack(spacing: 16) {
                // Where and what, in the core's words (`Calves, left` · `Hold`).
                Text(place(step.zone, step.side)).font(.largeTitle.bold())
                Text(stepName(step.kind)).font(.title2).foregroundStyle(.orange)
                Text(Duration.seconds(Double(snap.stepRemainingMs) / 1000), format: .time(pattern: .minuteSecond))
                    .font(.system(size: 120, weight: .black, design: .rounded)).monospacedDigit()
                ProgressView(value: snap.stepProgress)
                Text("Step \(snap.stepIndex + 1) of \(session.routine().steps.count)")
                Spacer()
                HStack {
                    Button("Back") { model.event(.back) }
                    Button(snap.status == .paused ? "Resume" : "Pause") { model.event(snap.status == .paused ? .resume : .pause) }.buttonStyle(.borderedProminent)
                    Button("Skip") { model.event(.skip) }
                }.font(.title2)
                HStack {
                    Button("+30 s") { model.event(.extend) }
                    Button("Sharp pain", role: .destructive) { model.event(.painSkip) }
                    Button("Stop") { model.event(.abort) }
                    // Closed for good: paused in the journal, "Resume your routine" on Today.
                    Button("Close") { model.leave() }
                }
            }
            .padding()
        } else {
            Text("No routine in progress.")
        }
    }
}

/// The core's body map (front and back): each ellipse a zone and side; a tap picks the nearest.
struct BodyMapView: View {
    var levels: [CheckInKey: UInt8] = [:]
    var selected: MapRegion?
    var onTap: (MapRegion) -> Void = { _ in }

    var body: some View {
        GeometryReader { geo in
            let scale = geo.size.width / 440
            Canvas { context, _ in
                for r in Zones.regions {
                    let rect = CGRect(x: (r.cx - r.rx) * scale, y: (r.cy - r.ry) * scale, width: 2 * r.rx * scale, height: 2 * r.ry * scale)
                    let level = levels[CheckInKey(zone: r.zone, side: r.side)].map { Double($0) } ?? 0
                    context.fill(Path(ellipseIn: rect), with: .color(.orange.opacity(0.25 + level / 15)))
                    context.stroke(Path(ellipseIn: rect), with: .color(r.id == selected?.id ? .black : .orange))
                }
            }
            .gesture(SpatialTapGesture().onEnded { tap in
                let x = tap.location.x / scale, y = tap.location.y / scale
                if let r = Zones.regions.min(by: { pow($0.cx - x, 2) + pow($0.cy - y, 2) < pow($1.cx - x, 2) + pow($1.cy - y, 2) }) { onTap(r) }
            })
        }
        .aspectRatio(440 / 500, contentMode: .fit)
    }
}

struct CheckInView: View {
    let model: AppModel
    @State private var selected: MapRegion?
    var body: some View {
        ScrollView {
            // After a long run or a race the core's question names it.
            Text(model.today?.checkIn?.question ?? "How do your legs feel?").font(.title.bold())
            // The scale and its words are the core's.
            Text(Zones.soreness.hint).foregroundStyle(.secondary)
            BodyMapView(levels: model.checkIn, selected: selected) { selected = $0 }
            if let r = selected {
                Text(place(r.zone, r.side)).font(.headline)
                HStack { ForEach(Int(Zones.soreness.min)...Int(Zones.soreness.max), id: \.self) { level in Button("\(level)") { model.rate(zone: r.zone, side: r.side, level: UInt8(level)) } } }
            }
            Button("Save check-in") { model.saveCheckIn() }.buttonStyle(.borderedProminent)
        }
        .padding()
    }
}

struct PlanView: View {
    let model: AppModel
    var body: some View {
        List(model.plan?.races ?? [], id: \.raceId) { r in
            VStack(alignment: .leading) {
                Text("\(r.name) · \(priorityWords(r.priority)) · \(r.date)").font(.headline)
                if let p = r.peak { Text("Peak training \(p.from) to \(p.to)") }
                // The pre-peak bodywork session: booked, to book by its day, or overdue, as the core says.
                if let words = bodyworkWords(r, today: model.today?.date) {
                    Text(words).foregroundStyle(r.bodyworkBooked == nil ? .red : .primary)
                }
                if let t = r.taperFrom { Text("Taper from \(t)") }
                Text(raceWeekWords(r))
            }
        }
    }
}

struct ReportView: View {
    let model: AppModel
    var body: some View {
        List {
            if let p = model.report?.personal {
                ForEach(p.rows, id: \.metric) { row in
                    HStack {
                        Text(metricWords(row.metric))
                        Spacer()
                        Text(row.baseline.value.map { String(format: "%.1f", $0) } ?? "–") + Text(" n=\(row.baseline.n)").font(.caption)
                        Text(row.recent.value.map { String(format: "%.1f", $0) } ?? "–") + Text(" n=\(row.recent.n)").font(.caption)
                    }
                }
            } else {
                Text("Your before/after table appears after four weeks of logging.")
            }
            Chart(model.report?.weeklyDowntime ?? [], id: \.week) { w in BarMark(x: .value("Week", w.week), y: .value("Hours", w.value)) }
                .frame(height: 120)
            Chart(model.report?.weeklySessions ?? [], id: \.week) { w in BarMark(x: .value("Week", w.week), y: .value("Sessions", w.value)) }
                .frame(height: 120)
        }
    }
}

struct MoreView: View {
    @Bindable var model: AppModel
    @State private var exporting = false
    @State private var importing = false
    @State private var reminder = Calendar.current.startOfDay(for: Date()).addingTimeInterval(7 * 3600)
    @State private var editing: Run?
    @State private var raceEditing: Race?
    @State private var raceDate = ""
    @State private var distance = ""
    @State private var appointment = Date()
    @State private var minutes = ""
    var body: some View {
        List {
            Section("Daily reminder") {
                DatePicker("Time", selection: $reminder, displayedComponents: .hourAndMinute)
                Button("Save") {
                    if var s = model.settings {
                        let f = DateFormatter()
                        f.dateFormat = "HH:mm:ss"
                        s.reminderTime = f.string(from: reminder)
                        model.saveSettings(s)
                    }
                }
            }
            Section("Your log") {
                ForEach(model.logs.runs, id: \.id) { r in
                    // Distances in the runner's units, as the core writes them.
                    Text("\(r.startedAt.formatted()) · \(distanceWords(r.distanceM, model.units)) · \(r.durationS / 60) min")
                        .swipeActions {
                            Button("Delete", role: .destructive) { model.delete(kind: "run", id: r.id) }
                            Button("Edit") { editing = r; distance = model.distanceInField(r); minutes = "\(r.durationS / 60)" }
                        }
                }
                ForEach(model.logs.soreness, id: \.id) { s in
                    // On the core's scale: "Calves 4/10", never past its top.
                    Stepper("\(place(s.zone, s.side)) \(levelWords(s.level))",
                            onIncrement: { model.raiseSoreness(s) },
                            onDecrement: { model.lowerSoreness(s) })
                        .swipeActions { Button("Delete", role: .destructive) { model.delete(kind: "soreness", id: s.id) } }
                }
                ForEach(model.logs.races, id: \.id) { r in
                    Text("\(r.name) · \(priorityWords(r.priority)) · \(r.date)").swipeActions {
                        Button("Delete", role: .destructive) { model.delete(kind: "race", id: r.id) }
                        Button("Edit") { raceEditing = r; raceDate = r.date }
                    }
                }
                ForEach(model.logs.downtime, id: \.id) { d in
                    Stepper("\(d.date) · \(Double(d.minutes) / 60, specifier: "%.1f") h lost to pain",
                            onIncrement: { model.editDowntime(id: d.id, NewDowntime(date: d.date, minutes: d.minutes + 30, zone: d.zone)) },
                            onDecrement: { model.editDowntime(id: d.id, NewDowntime(date: d.date, minutes: max(30, d.minutes) - 30 == 0 ? d.minutes : d.minutes - 30, zone: d.zone)) })
                        .swipeActions { Button("Delete", role: .destructive) { model.delete(kind: "downtime", id: d.id) } }
                }
                ForEach(model.logs.bodywork, id: \.id) { b in
                    Toggle("Bodywork \(b.at.formatted()) · \(b.minutes) min", isOn: Binding(get: { b.done }, set: { model.setBodyworkDone(id: b.id, done: $0) }))
                        .swipeActions { Button("Delete", role: .destructive) { model.delete(kind: "bodywork", id: b.id) } }
                }
                // An appointment of the core's session length, named by the core.
                DatePicker("Bodywork", selection: $appointment)
                Button(bookBodyworkWords()) { model.bookBodywork(at: appointment) }
            }
            Section("Zones and the pressure chart") {
                BodyMapView()
                ForEach(Zones.all, id: \.id) { z in
                    VStack(alignment: .leading) {
                        Text(z.name).font(.headline)
                        Text("Daily \(z.pressure.daily)/10 (\(z.dailyPressure)), \(z.selfCare.defaultS) s · bodywork \(z.pressure.bodywork)/10")
                        Text(z.tempo).font(.caption)
                    }
                }
            }
            Section("Will reminders arrive?") {
                if let h = model.health {
                    Text("Daily reminders at \(h.dailyFiresAt); \(h.pending) planned this week.")
                    ForEach(h.warnings, id: \.self) { w in Text(healthWords(w)).foregroundStyle(.red) }
                }
            }
            Section("Your data") {
                Button("Export to Files") { exporting = true }
                Button("Import from Files") { importing = true }
                ForEach(model.logs.backups, id: \.id) { b in Button("Restore \(b.id)") { model.restoreBackup(id: b.id) } }
            }
        }
        .onAppear { model.show(.logs); model.loadSettings() }
        .alert("Correct the run", isPresented: Binding(get: { editing != nil }, set: { if !$0 { editing = nil } })) {
            TextField(model.distanceField, text: $distance).keyboardType(.decimalPad)
            TextField("minutes", text: $minutes).keyboardType(.numberPad)
            Button("Save") {
                if let r = editing, let d = Double(distance), let m = Double(minutes) { model.editRun(r, distance: d, minutes: m) }
                editing = nil
            }
            Button("Cancel", role: .cancel) { editing = nil }
        }
        .alert("Move the race", isPresented: Binding(get: { raceEditing != nil }, set: { if !$0 { raceEditing = nil } })) {
            TextField("YYYY-MM-DD", text: $raceDate)
            Button("Save") {
                if let r = raceEditing { model.editRace(id: r.id, NewRace(name: r.name, date: raceDate, distanceM: r.distanceM, priority: r.priority)) }
                raceEditing = nil
            }
            Button("Cancel", role: .cancel) { raceEditing = nil }
        }
        .fileExporter(isPresented: $exporting, document: ExportFile(text: model.exportJSON() ?? ""), contentType: .json, defaultFilename: "fascia-export") { _ in }
        .fileImporter(isPresented: $importing, allowedContentTypes: [.json]) { result in
            switch result {
            case let .success(url):
                let access = url.startAccessingSecurityScopedResource()
                defer { if access { url.stopAccessingSecurityScopedResource() } }
                do { model.importJSON(try String(contentsOf: url, encoding: .utf8)) } catch { model.message = "Could not read that file: \(error.localizedDescription)" }
            case let .failure(error): model.message = "Could not open that file: \(error.localizedDescription)"
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
                Button("Restore the backup") { model.restore() }.buttonStyle(.borderedProminent)
            } else {
                Text("No good backup exists. Import an export file if you have one.")
            }
        }
        .padding()
    }
}
