// The app holds no number, threshold or sentence the core can give it: what the views (ios/App)
// show around the core's data comes from these FasciaKit calls, each the core's.
import Fascia
@testable import FasciaKit
import Foundation
import XCTest

final class CoreWordsTests: XCTestCase {
    func testTheScaleTheLengthsAndTheWordsAreTheCores() throws {
        try Zones.load()
        XCTAssertEqual(Zones.soreness, try sorenessScale())
        XCTAssertEqual(Zones.soreness.min, 0)
        XCTAssertEqual(Zones.soreness.max, 10)
        XCTAssertEqual(Zones.soreness.hint, "Tap where it is sore, then choose 0 (nothing) to 10 (worst).")
        XCTAssertEqual(Zones.dailyMinutes, 12)
        XCTAssertEqual(Zones.bodyworkMinutes, 45)
        XCTAssertEqual(levelWords(4), "4/10")
        XCTAssertEqual(metricWords(.meanSoreness), "Mean soreness (0–10)")
        XCTAssertEqual(metricWords(.weeklyDowntimeHours), try metricText(metric: .weeklyDowntimeHours))
        XCTAssertEqual(durationWords(720), "12 min")
        XCTAssertEqual(durationWords(700), "11 min 40 s")
        XCTAssertEqual(streakWords(1), "Streak: 1 day")
        XCTAssertEqual(streakWords(3), "Streak: 3 days")
        XCTAssertEqual(bookBodyworkWords(), "Book a 45-minute session")
        XCTAssertEqual(distanceWords(21_082, .imperial), "13.1 mi")
        XCTAssertEqual(distanceWords(21_100, .metric), "21.1 km")
        // Sides, steps, tools and warnings: the core's words for each value, no key in the app.
        XCTAssertEqual(sideName(.left), try sideText(side: .left))
        XCTAssertEqual(sideName(.both), "Both sides")
        XCTAssertEqual(stepName(.switchSides), try stepKindText(kind: .switchSides))
        XCTAssertEqual(stepName(.leadIn), "Get into position")
        XCTAssertEqual(toolName(.hands), try toolText(tool: .hands))
        XCTAssertEqual(healthWords(.nothingScheduled), try healthWarningText(warning: .nothingScheduled))
    }

    /// The sentences the app once wrote itself ("%@ each side", "Peak training %@ to %@", "A
    /// (goal race)", "Step n of m"…) are each one call to the core's text function: these fail
    /// if FasciaKit words any of them again.
    func testTheSentencesTheAppOnceWroteAreTheCores() throws {
        try Zones.load()
        // Fixed sentences: the intro (with the core's minutes), the report before four weeks…
        let phrases: [Phrase] = [.intro, .noRaces, .reportNotYet, .checkInCard, .sorenessTrends, .downtimeChart, .sessionsChart, .remindersChannel]
        for phrase in phrases {
            XCTAssertEqual(phraseWords(phrase), try phraseText(phrase: phrase))
            XCTAssertFalse(phraseWords(phrase).isEmpty)
        }
        XCTAssertTrue(phraseWords(.intro).hasPrefix("A guided self-release routine of under \(Zones.dailyMinutes) minutes"), phraseWords(.intro))
        XCTAssertEqual(phraseWords(.reportNotYet), "Your before/after table appears after four weeks of logging.")
        XCTAssertEqual(phraseWords(.sorenessTrends), "Soreness by zone, last 28 days")
        // Where the session stands, on the screen and on the Live Activity.
        XCTAssertEqual(stepOfWords(index: 2, count: 12), try stepOfText(index: 2, count: 12))
        XCTAssertEqual(stepOfWords(index: 2, count: 12), "Step 3 of 12")
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let state = LiveActivityState(step: "Calves, left: Hold", stepIndex: 2, stepCount: 12, start: at, end: at + 90)
        XCTAssertEqual(state.stepOf, "Step 3 of 12")
        // Priorities, downtime, metrics and trends.
        for p in [RacePriority.a, .b, .c] { XCTAssertEqual(priorityWords(p), try priorityText(priority: p)) }
        XCTAssertEqual(priorityWords(.a), "A race")
        XCTAssertEqual(downtimeWords(90), try downtimeText(minutes: 90))
        XCTAssertEqual(downtimeWords(90), "1.5 h")
        for t in [Trend.rising, .falling, .steady, .unknown] { XCTAssertEqual(trendWords(t), try trendText(trend: t)) }
        // The bodywork cadence and an appointment.
        let month = BodyworkMonth(year: 2026, month: 12, target: 2, booked: 1)
        XCTAssertEqual(bodyworkMonthWords(month), try bodyworkMonthText(month: month))
        XCTAssertEqual(bodyworkMonthWords(month), "December 2026: 1 of 2 booked")
        let done = Bodywork(id: "b", at: at, minutes: Zones.bodyworkMinutes, done: true, timeZone: nil, createdAt: at, updatedAt: at)
        XCTAssertEqual(appointmentWords(done), try bodyworkText(bodywork: done))
        XCTAssertEqual(appointmentWords(done), "45 min, done")
        // The report's windows.
        let report = PersonalReport(baseline: DateRange(from: "2026-09-01", to: "2026-09-14"),
                                    recent: DateRange(from: "2026-11-18", to: "2026-12-01"), rows: [])
        XCTAssertEqual(reportWindowsWords(report), try reportWindowsText(report: report))
        XCTAssertEqual(reportWindowsWords(report), "First two weeks (Tue 1 Sep 2026 to Mon 14 Sep 2026) against the latest two (Wed 18 Nov 2026 to Tue 1 Dec 2026)")
        // Each zone's dose on the pressure chart, daily and in the bodywork session.
        XCTAssertFalse(Zones.all.isEmpty)
        for z in Zones.all {
            XCTAssertEqual(zoneDoseWords(z, bodywork: false), try zoneDoseText(zone: z, bodywork: false))
            XCTAssertEqual(zoneDoseWords(z, bodywork: true), try zoneDoseText(zone: z, bodywork: true))
            XCTAssertTrue(zoneDoseWords(z, bodywork: false).hasPrefix("Daily: pressure \(z.pressure.daily)/10 (\(z.dailyPressure))"), zoneDoseWords(z, bodywork: false))
        }
    }
}

@MainActor
final class CoreWordsModelTests: XCTestCase {
    private func model(_ path: String, _ clock: FakeClock) async -> AppModel {
        let model = AppModel(path: path, clock: clock, center: FakeCenter())
        await model.load().value
        await model.finishSetUp(reminderTime: "07:00:00", tools: [.foamRoller, .ball, .hands]).value
        XCTAssertNil(model.message)
        return model
    }

    func testTodayAndThePlanAreInTheCoresWordsAndTheBookedSessionIsTheCoresLength() async throws {
        let path = journalPath()
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        let model = await model(path, clock)
        await model.addRace(NewRace(name: "City Half", date: "2026-11-29", distanceM: 21_097, priority: .b)).value
        await model.addRace(NewRace(name: "Winter Marathon", date: "2027-01-31", distanceM: 42_195, priority: .a)).value
        // Calves sore at 8/10 three days running: a see-a-professional flag.
        let journal = try FasciaJournal.open(path: path, timeZone: "Europe/Paris")
        for day in [2.0, 1.0, 0.0] {
            let at = clock.at - day * 86_400
            _ = try journal.addSoreness(entries: [NewSoreness(zone: "calves", side: .both, level: 8, at: at, runId: nil, note: nil)], now: at)
        }
        await model.show(.today).value
        let today = try XCTUnwrap(model.today)
        // Each zone's holds, as the core words them: each side, or the sorer side first.
        XCTAssertFalse(today.routine.zones.isEmpty)
        for z in today.routine.zones { XCTAssertEqual(holdsWords(z), try holdsText(zone: z)) }
        var sided = try XCTUnwrap(today.routine.zones.first { $0.sided })
        sided.side = .both
        sided.holdS = 90
        XCTAssertEqual(holdsWords(sided), "90 s each side")
        sided.side = .left
        sided.otherHoldS = 60
        XCTAssertEqual(holdsWords(sided), "Left first: 90 s, then 60 s on the other")
        XCTAssertEqual(streakWords(today.streak), "Streak: 0 days")
        XCTAssertEqual(durationWords(today.routine.totalS), try durationText(seconds: today.routine.totalS))
        XCTAssertEqual(today.safety.map(safetyTitle), ["Calves: see a professional"])
        let labels = today.calendar.compactMap(calendarWords)
        XCTAssertEqual(labels, try today.calendar.compactMap { try calendarLabel(day: $0) })
        XCTAssertTrue(labels.contains("race") && labels.contains("race wk"), "\(labels)")

        await model.show(.plan).value
        let marathon = try XCTUnwrap(model.plan?.races.first { $0.name == "Winter Marathon" })
        let by = try XCTUnwrap(marathon.bodyworkBy)
        XCTAssertEqual(bodyworkWords(marathon, today: today.date), "Book the 45-minute session by \(dayInWords(by))")
        XCTAssertNil(bodyworkWords(marathon, today: nil))
        XCTAssertEqual(raceWeekWords(marathon), try raceWeekText(race: marathon))
        // Peak and taper: the core's lines, none where the race has none.
        let peak = try XCTUnwrap(marathon.peak)
        XCTAssertEqual(peakWords(marathon), "Peak training \(dayInWords(peak.from)) to \(dayInWords(peak.to))")
        XCTAssertEqual(peakWords(marathon), try peakText(race: marathon))
        XCTAssertEqual(taperWords(marathon), try taperText(race: marathon))
        if let taper = marathon.taperFrom { XCTAssertEqual(taperWords(marathon), "Taper from \(dayInWords(taper))") }
        let half = try XCTUnwrap(model.plan?.races.first { $0.name == "City Half" })
        XCTAssertNil(peakWords(half), "a B race has no peak block")
        XCTAssertEqual(priorityWords(half.priority), "B race")
        for month in model.plan?.bodyworkMonths ?? [] { XCTAssertEqual(bodyworkMonthWords(month), try bodyworkMonthText(month: month)) }
        XCTAssertTrue(raceWeekWords(marathon).hasPrefix("Race week from ") && raceWeekWords(marathon).contains(". Keep up hydration") && !raceWeekWords(marathon).contains(marathon.raceWeekFrom))
        // Booked from the app: the core's length, which the plan counts as the session.
        await model.bookBodywork(at: date("\(by)T09:00:00Z")).value
        XCTAssertNil(model.message)
        XCTAssertEqual(model.logs.bodywork.map(\.minutes), [Zones.bodyworkMinutes])
        await model.show(.plan).value
        let booked = try XCTUnwrap(model.plan?.races.first { $0.name == "Winter Marathon" })
        XCTAssertNotNil(booked.bodyworkBooked)
        XCTAssertEqual(bodyworkWords(booked, today: today.date), "45-minute session booked")
    }

    func testDistancesAreTypedAndShownInTheRunnersUnits() async throws {
        let clock = FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris")
        let model = await model(journalPath(), clock)
        XCTAssertEqual(model.distanceField, "Distance, km")
        var settings = try XCTUnwrap(model.settings)
        settings.units = .imperial
        await model.saveSettings(settings).value
        XCTAssertEqual(model.units, .imperial)
        XCTAssertEqual(model.distanceField, "Distance, mi")
        await model.logRun(distance: 13.1, minutes: 120).value
        await model.show(.more).value
        let run = try XCTUnwrap(model.logs.runs.first)
        XCTAssertEqual(run.distanceM, try distanceMetres(units: .imperial, value: 13.1))
        XCTAssertEqual(run.distanceM, 21_082)
        XCTAssertEqual(distanceWords(run.distanceM, model.units), "13.1 mi")
        XCTAssertEqual(model.distanceInField(run), "13.1")
        XCTAssertEqual(model.today?.checkIn?.question, "How do your legs feel after your 13.1 mi run?")
        await model.editRun(run, distance: 10, minutes: 90).value
        XCTAssertEqual(model.logs.runs.first?.distanceM, 16_093)
        await model.logRun(distance: -3, minutes: 20).value
        XCTAssertTrue(model.message?.contains("is not a distance") ?? false, model.message ?? "")
        XCTAssertEqual(model.logs.runs.count, 1)
    }

    func testASorenessLevelStaysOnTheCoresScale() async throws {
        let clock = FakeClock(date("2026-11-23T18:00:00Z"), "Europe/Paris")
        let model = await model(journalPath(), clock)
        model.rate(zone: "calves", side: .both, level: Zones.soreness.max)
        await model.saveCheckIn().value
        model.dismissMessage()
        await model.show(.more).value
        await model.raiseSoreness(model.logs.soreness[0]).value
        XCTAssertEqual(model.logs.soreness[0].level, Zones.soreness.max, "never past the top")
        await model.lowerSoreness(model.logs.soreness[0]).value
        XCTAssertEqual(levelWords(model.logs.soreness[0].level), "9/10")
        for _ in 0 ... Zones.soreness.max { await model.lowerSoreness(model.logs.soreness[0]).value }
        XCTAssertEqual(model.logs.soreness[0].level, Zones.soreness.min, "never below the bottom")
        XCTAssertNil(model.message)
    }
}

/// An ISO day as the core's sentences show it: "Sun 8 Nov 2026".
private func dayInWords(_ iso: String) -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyy-MM-dd"
    let day = f.date(from: iso)!
    f.dateFormat = "EEE d MMM yyyy"
    return f.string(from: day)
}
