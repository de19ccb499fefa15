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
