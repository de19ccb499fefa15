// The core's words for what the screens show around its data: the views (ios/App) write no
// number, threshold or sentence the core can give them. Each is one call to the core.
import Fascia

/// A length of time as the core writes it ("12 min", "11 min 40 s"), never as a clock.
public func durationWords(_ seconds: UInt32) -> String { words { try durationText(seconds: seconds) } }

/// The routine streak: "Streak: 1 day", "Streak: 12 days".
public func streakWords(_ days: UInt32) -> String { words { try streakText(days: days) } }

/// A calendar day's label ("race", "race wk", "long", "recover", "bodywork"); none for an
/// ordinary day.
public func calendarWords(_ day: CalendarDay) -> String? { try? calendarLabel(day: day) }

/// The heading of a see-a-professional flag: "Calves: see a professional".
public func safetyTitle(_ flag: SafetyFlag) -> String { words { try safetyFlagTitle(flag: flag) } }

/// Where a race's pre-peak bodywork session stands on `today` (booked, to book by its day, or
/// overdue); none for a race without one, or before today is known.
public func bodyworkWords(_ race: RacePlan, today: String?) -> String? {
    guard let today else { return nil }
    return try? bodyworkDueText(race: race, today: today)
}

/// A race's race week, with the race-week advice.
public func raceWeekWords(_ race: RacePlan) -> String { words { try raceWeekText(race: race) } }

/// "Book a 45-minute session": the button for `AppModel.bookBodywork(at:)`.
public func bookBodyworkWords() -> String { words { try bookBodyworkText() } }

/// A soreness level on the core's scale: "4/10".
public func levelWords(_ level: UInt8) -> String { words { try sorenessLevelText(level: level) } }

/// A distance in the runner's units, as the core writes it: "28.0 km", "17.4 mi".
public func distanceWords(_ metres: UInt32, _ units: Units) -> String { distanceText(units: units, metres: metres) }

/// A fixed sentence of a screen: the first run's intro (with the core's daily minutes), the empty
/// plan, the check-in card, the report before four weeks, the chart headings.
public func phraseWords(_ phrase: Phrase) -> String { words { try phraseText(phrase: phrase) } }

/// A routine zone's holds on Today: "90 s", "90 s each side", "Left first: 90 s, then 60 s on
/// the other", "Right only: 60 s".
public func holdsWords(_ zone: RoutineZone) -> String { words { try holdsText(zone: zone) } }

/// Where a step stands in its session, `index` counted from 0: "Step 3 of 12".
public func stepOfWords(index: Int, count: Int) -> String {
    words { try stepOfText(index: UInt32(clamping: index), count: UInt32(clamping: count)) }
}

/// An A race's peak training block: "Peak training 2026-10-05 to 2026-11-08"; none for B and C.
public func peakWords(_ race: RacePlan) -> String? { (try? peakText(race: race)) ?? nil }

/// A race's taper: "Taper from 2026-11-29"; none when it has none.
public func taperWords(_ race: RacePlan) -> String? { (try? taperText(race: race)) ?? nil }

/// A month of the bodywork cadence: "2026-12: 1 of 2 booked".
public func bodyworkMonthWords(_ month: BodyworkMonth) -> String { words { try bodyworkMonthText(month: month) } }

/// A bodywork appointment's length and state: "45 min", "45 min, done".
public func appointmentWords(_ bodywork: Bodywork) -> String { words { try bodyworkText(bodywork: bodywork) } }

/// A race's priority: "A race", "B race", "C race".
public func priorityWords(_ priority: RacePriority) -> String { words { try priorityText(priority: priority) } }

/// Time lost to pain, in hours to a tenth: "1.5 h".
public func downtimeWords(_ minutes: UInt32) -> String { words { try downtimeText(minutes: minutes) } }

/// A report row's label: "Downtime, hours a week", "Mean soreness (0–10)".
public func metricWords(_ metric: Metric) -> String { words { try metricText(metric: metric) } }

/// A zone's soreness trend: "rising", "falling", "steady", "too few days".
public func trendWords(_ trend: Trend) -> String { words { try trendText(trend: trend) } }

/// The report's two windows: "First two weeks (… to …) against the latest two (… to …)".
public func reportWindowsWords(_ report: PersonalReport) -> String { words { try reportWindowsText(report: report) } }

/// A zone's dose on the pressure chart, daily or (`bodywork`) in the bodywork session:
/// "Daily: pressure 5/10 (firm but comfortable), hold 90 s (60–120 s)".
public func zoneDoseWords(_ zone: ZoneText, bodywork: Bool) -> String { words { try zoneDoseText(zone: zone, bodywork: bodywork) } }
