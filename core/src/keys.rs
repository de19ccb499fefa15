//! Every text key the core's code uses (zone keys live in `content/zones.json`). Each is a
//! constant, [`ALL`] lists them, and loading the catalog refuses a build where one has no English
//! text (`zones::Catalog::parse`), so a typo in a key is a failing test, never a blank label.

macro_rules! keys {
    ($($(#[$doc:meta])* $name:ident = $key:literal,)*) => {
        $($(#[$doc])* pub const $name: &str = $key;)*
        /// Every key above.
        pub const ALL: &[&str] = &[$($name),*];
    };
}

keys! {
    /// Body region: foot.
    REGION_FOOT = "region.foot",
    /// Body region: lower leg.
    REGION_LOWER_LEG = "region.lower-leg",
    /// Body region: thigh.
    REGION_THIGH = "region.thigh",
    /// Body region: hip.
    REGION_HIP = "region.hip",
    /// Body region: back.
    REGION_BACK = "region.back",
    /// Tool: foam roller.
    TOOL_FOAM_ROLLER = "tool.foam-roller",
    /// Tool: massage or lacrosse ball.
    TOOL_BALL = "tool.ball",
    /// Tool: roller stick.
    TOOL_STICK = "tool.stick",
    /// The name of [`Tool::Hands`](crate::zones::Tool::Hands) ("Hands").
    TOOL_HANDS = "tool.hands",
    /// Pressure words: light.
    PRESSURE_LIGHT = "pressure.light",
    /// Pressure words: moderate.
    PRESSURE_MODERATE = "pressure.moderate",
    /// Pressure words: firm.
    PRESSURE_FIRM = "pressure.firm",
    /// The name of [`Side::Left`](crate::vocab::Side::Left); lowercased after a zone's name in a
    /// step's place (`Calves, left`).
    SIDE_LEFT = "side.left",
    /// The name of [`Side::Right`](crate::vocab::Side::Right); lowercased in a place, as left.
    SIDE_RIGHT = "side.right",
    /// The name of [`Side::Both`](crate::vocab::Side::Both) ("Both sides"); never in a place, which
    /// names an unsided zone alone.
    SIDE_BOTH = "side.both",
    /// Step label: lead-in.
    STEP_LEAD_IN = "step.lead-in",
    /// Step label: hold.
    STEP_HOLD = "step.hold",
    /// Step label: switch sides.
    STEP_SWITCH_SIDES = "step.switch-sides",
    /// Step label: transition.
    STEP_TRANSITION = "step.transition",
    /// Cue: a step starts.
    CUE_STEP_START = "cue.step-start",
    /// The soreness check-in's question after a long run or a race.
    CHECK_IN_QUESTION = "check-in.question",
    /// Cue: switch sides.
    CUE_SWITCH_SIDES = "cue.switch-sides",
    /// Cue: ten seconds left.
    CUE_TEN_SECONDS_LEFT = "cue.ten-seconds-left",
    /// Cue: the session is over.
    CUE_SESSION_END = "cue.session-end",
    /// Step label: a warm-up move ("Go").
    STEP_MOVE = "step.move",
    /// Step label: the transition to the next warm-up move.
    STEP_NEXT_MOVE = "step.next-move",
    /// Cue: the warm-up is over.
    CUE_WARM_UP_END = "cue.warm-up-end",
    /// A warm-up move left out: a zone it loads rests (`{zone}`).
    OMITTED_MOVE_REST = "omitted.move-rest",
    /// A warm-up move left out: a zone it loads has a see-a-professional flag (`{zone}`).
    OMITTED_MOVE_SEE_PROFESSIONAL = "omitted.move-see-professional",
    /// The today screen's offer of the warm-up before a run (`{minutes}`).
    WARM_UP_OFFER = "warm-up.offer",
    /// The today screen's offer of the warm-up on race morning, before the activation
    /// (`{minutes}`).
    WARM_UP_OFFER_RACE = "warm-up.offer-race",
    /// A warm-up session done (`{duration}`).
    WARM_UP_DONE = "warm-up.done",
    /// Reason: a zone in a built routine that nothing asked for (priority 0), there for upkeep.
    REASON_MAINTENANCE = "reason.maintenance",
    /// Reason: the runner chose the zone.
    REASON_YOUR_CHOICE = "reason.your-choice",
    /// Reason: the zone is sore.
    REASON_SORE = "reason.sore",
    /// Reason: the zone's turn in the rotation.
    REASON_ROTATION = "reason.rotation",
    /// Reason: sore after a long run.
    REASON_SORE_AFTER_LONG_RUN = "reason.sore-after-long-run",
    /// Reason: sore after the latest long run, in miles ({level}, {distance_mi}, {date}).
    REASON_SORE_AFTER_LONG_RUN_MI = "reason.sore-after-long-run-mi",
    /// Reason: one side sore after the latest long run, in miles.
    REASON_SIDE_SORE_AFTER_LONG_RUN_MI = "reason.side-sore-after-long-run-mi",
    /// Reason: sore after the latest race ({level}, {distance_km}, {date}); a race is never
    /// called a long run.
    REASON_SORE_AFTER_RACE = "reason.sore-after-race",
    /// Reason: sore after the latest race, in miles ({level}, {distance_mi}, {date}).
    REASON_SORE_AFTER_RACE_MI = "reason.sore-after-race-mi",
    /// Reason: one side sore after the latest race ({side}, {level}, {distance_km}, {date}).
    REASON_SIDE_SORE_AFTER_RACE = "reason.side-sore-after-race",
    /// Reason: one side sore after the latest race, in miles ({side}, {level}, {distance_mi},
    /// {date}).
    REASON_SIDE_SORE_AFTER_RACE_MI = "reason.side-sore-after-race-mi",
    /// Reason: race morning ({race}).
    REASON_RACE_DAY = "reason.race-day",
    /// Reason: the day after a race ({race}).
    REASON_AFTER_RACE = "reason.after-race",
    /// Reason: race week ({race}, {days} to go).
    REASON_RACE_WEEK = "reason.race-week",
    /// Reason: one side sore ({side}, {level}).
    REASON_SIDE_SORE = "reason.side-sore",
    /// Reason: one side sore after the latest long run ({side}, {level}, {distance_km}, {date}).
    REASON_SIDE_SORE_AFTER_LONG_RUN = "reason.side-sore-after-long-run",
    /// Omission: excluded by the runner.
    OMITTED_EXCLUDED = "omitted.excluded",
    /// Omission: needs a tool the runner lacks.
    OMITTED_NO_TOOL = "omitted.no-tool",
    /// Omission: did not fit the budget.
    OMITTED_NO_TIME = "omitted.no-time",
    /// Omission: too sore today, it rests.
    OMITTED_REST = "omitted.rest",
    /// Why a zone was left out: next to a zone that rests.
    OMITTED_NEXT_TO_REST = "omitted.next-to-rest",
    /// Why a zone gets its usual hold only: rated 7/10 or more in the last week.
    REASON_NO_EXTRA = "reason.no-extra",
    /// Why a zone gets its usual hold only: a see-a-professional flag stands on it.
    REASON_SEE_PROFESSIONAL = "reason.see-professional",
    /// A bodywork appointment a few days before a race.
    WARNING_BODYWORK_BEFORE_RACE = "warning.bodywork-before-race",
    /// A bodywork appointment on race day.
    WARNING_BODYWORK_RACE_DAY = "warning.bodywork-race-day",
    /// A bodywork appointment a few days after a race.
    WARNING_BODYWORK_AFTER_RACE = "warning.bodywork-after-race",
    /// A hold's pressure cue, with the day's pressure in words.
    CUE_PRESSURE = "cue.pressure",
    /// General safety advice.
    SAFETY_GENERAL = "safety.general",
    /// Safety: repeated sharp-pain stops.
    SAFETY_PAIN_SKIPS = "safety.pain-skips",
    /// Safety: high soreness several days running.
    SAFETY_HIGH_SORENESS = "safety.high-soreness",
    /// Reminder: daily routine (title).
    REMINDER_DAILY_ROUTINE_TITLE = "reminder.daily-routine.title",
    /// Reminder: daily routine (body).
    REMINDER_DAILY_ROUTINE_BODY = "reminder.daily-routine.body",
    /// Reminder: season kickoff (title).
    REMINDER_KICKOFF_TITLE = "reminder.kickoff.title",
    /// Reminder: season kickoff (body).
    REMINDER_KICKOFF_BODY = "reminder.kickoff.body",
    /// Reminder: book the 45-minute session (title).
    REMINDER_BOOK_BODYWORK_TITLE = "reminder.book-bodywork.title",
    /// Reminder: book the 45-minute session (body).
    REMINDER_BOOK_BODYWORK_BODY = "reminder.book-bodywork.body",
    /// Reminder: appointment tomorrow (title).
    REMINDER_ATTEND_BODYWORK_TITLE = "reminder.attend-bodywork.title",
    /// Reminder: appointment tomorrow (body).
    REMINDER_ATTEND_BODYWORK_BODY = "reminder.attend-bodywork.body",
    /// Reminder: bodywork cadence (title).
    REMINDER_BODYWORK_CADENCE_TITLE = "reminder.bodywork-cadence.title",
    /// Reminder: bodywork cadence (body).
    REMINDER_BODYWORK_CADENCE_BODY = "reminder.bodywork-cadence.body",
    /// Reminder: log soreness after a long run (title).
    REMINDER_SORENESS_PROMPT_TITLE = "reminder.soreness-prompt.title",
    /// Reminder: log soreness after a long run (body).
    REMINDER_SORENESS_PROMPT_BODY = "reminder.soreness-prompt.body",
    /// Reminder title: the next-day check-in after a long run.
    REMINDER_RECOVERY_CHECK_IN_TITLE = "reminder.recovery-check-in.title",
    /// Reminder body: the next-day check-in ({distance_km}).
    REMINDER_RECOVERY_CHECK_IN_BODY = "reminder.recovery-check-in.body",
    /// Reminder: log soreness after a race (body, {distance}; the title is the long run's).
    REMINDER_SORENESS_PROMPT_RACE_BODY = "reminder.soreness-prompt.race-body",
    /// Reminder body: the next-day check-in after a race ({distance}).
    REMINDER_RECOVERY_CHECK_IN_RACE_BODY = "reminder.recovery-check-in.race-body",
    /// Reminder: race week (title).
    REMINDER_RACE_WEEK_TITLE = "reminder.race-week.title",
    /// Reminder: race week (body).
    REMINDER_RACE_WEEK_BODY = "reminder.race-week.body",
    /// Reminder: weekly report (title).
    REMINDER_WEEKLY_REPORT_TITLE = "reminder.weekly-report.title",
    /// Reminder: weekly report (body).
    REMINDER_WEEKLY_REPORT_BODY = "reminder.weekly-report.body",
    /// Report row: recovery after long runs (races not counted).
    REPORT_RECOVERY_AFTER_LONG_RUNS = "report.recovery-after-long-runs",
    /// Report row: recovery after races of 10K or more ({distance}, the shortest counted).
    REPORT_RECOVERY_AFTER_RACES = "report.recovery-after-races",
    /// A length of time in whole minutes ({minutes}): "12 min".
    DURATION_MINUTES = "duration.minutes",
    /// A length of time in minutes and seconds ({minutes}, {seconds}): "11 min 40 s".
    DURATION_MINUTES_SECONDS = "duration.minutes-seconds",
    /// A length of time under a minute ({seconds}): "40 s".
    DURATION_SECONDS = "duration.seconds",
    /// The check-in's hint under the body map ({min}, {max}: the soreness scale).
    CHECK_IN_HINT = "check-in.hint",
    /// The check-in saved with no zone rated ({min}, {max}).
    CHECK_IN_NOTHING_RATED = "check-in.nothing-rated",
    /// The label of a field for a soreness level ({min}, {max}).
    FIELD_SORENESS_LEVEL = "field.soreness-level",
    /// A soreness level on its scale ({level}, {max}): "4/10".
    SORENESS_LEVEL = "soreness.level",
    /// The body map's front view.
    MAP_FRONT = "map.front",
    /// The body map's back view.
    MAP_BACK = "map.back",
    /// The body map's legend: what the shades say.
    MAP_LEGEND = "map.legend",
    /// The body map's legend: the swatch of a zone side not rated.
    MAP_NOT_RATED = "map.not-rated",
    /// A side's level under a zone's name on the body map ({side}, {level}): "Left 6".
    MAP_SIDE_LEVEL = "map.side-level",
    /// The label of a field for a distance, in the runner's units ({unit}: `km` or `mi`).
    FIELD_DISTANCE = "field.distance",
    /// The routine streak, one day.
    STREAK_ONE_DAY = "streak.one-day",
    /// The routine streak ({days}), any other number of days.
    STREAK_DAYS = "streak.days",
    /// A calendar day's label: race day.
    CALENDAR_RACE = "calendar.race",
    /// A calendar day's label: in a race week.
    CALENDAR_RACE_WEEK = "calendar.race-week",
    /// A calendar day's label: a long run.
    CALENDAR_LONG_RUN = "calendar.long-run",
    /// A calendar day's label: the day after a long run or a race.
    CALENDAR_RECOVERY = "calendar.recovery",
    /// A calendar day's label: a bodywork appointment.
    CALENDAR_BODYWORK = "calendar.bodywork",
    /// The heading of a see-a-professional flag ({zone}).
    SAFETY_FLAG_TITLE = "safety.flag-title",
    /// The plan: the pre-peak bodywork session is booked ({minutes}).
    PLAN_BODYWORK_BOOKED = "plan.bodywork-booked",
    /// The plan: the pre-peak bodywork session is still to book ({minutes}, {date}).
    PLAN_BODYWORK_DUE = "plan.bodywork-due",
    /// The plan: the pre-peak bodywork session's day has passed unbooked ({minutes}, {date}).
    PLAN_BODYWORK_OVERDUE = "plan.bodywork-overdue",
    /// The plan: race week ({date}, its first day; {advice}, the race-week reminder's body).
    PLAN_RACE_WEEK = "plan.race-week",
    /// Booking a bodywork appointment of the protocol's length ({minutes}).
    BODYWORK_BOOK = "bodywork.book",
    /// Reminder health: notifications are off.
    HEALTH_NOTIFICATIONS_OFF = "health.notifications-off",
    /// Reminder health: exact alarms are off.
    HEALTH_EXACT_ALARMS_OFF = "health.exact-alarms-off",
    /// Reminder health: battery optimisation.
    HEALTH_BATTERY_RESTRICTED = "health.battery-restricted",
    /// Reminder health: nothing scheduled.
    HEALTH_NOTHING_SCHEDULED = "health.nothing-scheduled",
    /// Reminder health: the reminder time is inside quiet hours ({time}, {fires_at}).
    HEALTH_REMINDER_IN_QUIET_HOURS = "health.reminder-in-quiet-hours",
    /// What the app is, on the first screen ({minutes}: the daily routine's length).
    PHRASE_INTRO = "phrase.intro",
    /// The plan with no race yet.
    PHRASE_NO_RACES = "phrase.no-races",
    /// The report before four weeks of history.
    PHRASE_REPORT_NOT_YET = "phrase.report-not-yet",
    /// The card that asks for the soreness check-in.
    PHRASE_CHECK_IN_CARD = "phrase.check-in-card",
    /// The heading of the soreness trends ({days}: their window).
    PHRASE_SORENESS_TRENDS = "phrase.soreness-trends",
    /// The heading of the weekly downtime chart.
    PHRASE_DOWNTIME_CHART = "phrase.downtime-chart",
    /// The heading of the weekly sessions chart.
    PHRASE_SESSIONS_CHART = "phrase.sessions-chart",
    /// What the reminders' notification channel carries.
    PHRASE_REMINDERS_CHANNEL = "phrase.reminders-channel",
    /// A date in words ({weekday} {day} {month} {year}): "Sun 8 Nov 2026".
    DATE_DAY = "date.day",
    /// A month in words ({month} {year}): "November 2026".
    DATE_MONTH = "date.month",
    /// January.
    MONTH_01 = "month.01",
    /// January, short.
    MONTH_01_SHORT = "month.01.short",
    /// February.
    MONTH_02 = "month.02",
    /// February, short.
    MONTH_02_SHORT = "month.02.short",
    /// March.
    MONTH_03 = "month.03",
    /// March, short.
    MONTH_03_SHORT = "month.03.short",
    /// April.
    MONTH_04 = "month.04",
    /// April, short.
    MONTH_04_SHORT = "month.04.short",
    /// May.
    MONTH_05 = "month.05",
    /// May, short.
    MONTH_05_SHORT = "month.05.short",
    /// June.
    MONTH_06 = "month.06",
    /// June, short.
    MONTH_06_SHORT = "month.06.short",
    /// July.
    MONTH_07 = "month.07",
    /// July, short.
    MONTH_07_SHORT = "month.07.short",
    /// August.
    MONTH_08 = "month.08",
    /// August, short.
    MONTH_08_SHORT = "month.08.short",
    /// September.
    MONTH_09 = "month.09",
    /// September, short.
    MONTH_09_SHORT = "month.09.short",
    /// October.
    MONTH_10 = "month.10",
    /// October, short.
    MONTH_10_SHORT = "month.10.short",
    /// November.
    MONTH_11 = "month.11",
    /// November, short.
    MONTH_11_SHORT = "month.11.short",
    /// December.
    MONTH_12 = "month.12",
    /// December, short.
    MONTH_12_SHORT = "month.12.short",
    /// Monday, short.
    WEEKDAY_MON = "weekday.mon",
    /// Tuesday, short.
    WEEKDAY_TUE = "weekday.tue",
    /// Wednesday, short.
    WEEKDAY_WED = "weekday.wed",
    /// Thursday, short.
    WEEKDAY_THU = "weekday.thu",
    /// Friday, short.
    WEEKDAY_FRI = "weekday.fri",
    /// Saturday, short.
    WEEKDAY_SAT = "weekday.sat",
    /// Sunday, short.
    WEEKDAY_SUN = "weekday.sun",
    /// Under the personal report: what its numbers are and are not.
    PHRASE_REPORT_CAVEAT = "phrase.report-caveat",
    /// Reminder health in one line ({time}: when daily reminders come; {count} planned in the
    /// next {days} days).
    HEALTH_SUMMARY = "health.summary",
    /// The reminder time inside quiet hours, with both times ({time}, {fires_at}).
    HEALTH_REMINDER_MOVED = "health.reminder-moved",
    /// A zone, or one side of it, that rests today ({place}).
    REST_TITLE = "rest.title",
    /// The season's kickoff still ahead ({date}).
    PLAN_KICKOFF = "plan.kickoff",
    /// The season's kickoff passed ({date}).
    PLAN_KICKOFF_WAS = "plan.kickoff-was",
    /// An unsided zone's hold ({hold} seconds).
    HOLDS_ONE = "holds.one",
    /// An unsided zone held on one side only ({side}, {hold}).
    HOLDS_ONE_SIDE_ONLY = "holds.one-side-only",
    /// A sided zone held the same on each side ({hold}).
    HOLDS_EACH_SIDE = "holds.each-side",
    /// A sided zone with one side first ({side}, {hold}; {other}: the other side's hold).
    HOLDS_SIDE_FIRST = "holds.side-first",
    /// A step's place in its session ({n}, counted from 1, of {count}).
    STEP_OF = "step.of",
    /// The session's time left ({duration}).
    TIME_LEFT = "session.time-left",
    /// The next step's place ({place}).
    NEXT_PLACE = "session.next-place",
    /// An A race's peak training block ({from} to {to}).
    PLAN_PEAK = "plan.peak",
    /// A race's taper ({date}: its first day).
    PLAN_TAPER = "plan.taper",
    /// A month of the bodywork cadence ({month}, {booked} of {target}).
    PLAN_MONTH = "plan.month",
    /// A bodywork appointment that was done ({duration}).
    BODYWORK_DONE = "bodywork.done",
    /// Race priority A.
    PRIORITY_A = "priority.a",
    /// Race priority B.
    PRIORITY_B = "priority.b",
    /// Race priority C.
    PRIORITY_C = "priority.c",
    /// Run kind: easy.
    RUN_EASY = "run.easy",
    /// Run kind: long.
    RUN_LONG = "run.long",
    /// Run kind: race.
    RUN_RACE = "run.race",
    /// Run kind: workout.
    RUN_WORKOUT = "run.workout",
    /// What an import of runs did ({parts}: the counts below that are not zero, joined).
    RUN_IMPORT_SUMMARY = "run-import.summary",
    /// An import of runs that found none.
    RUN_IMPORT_NOTHING = "run-import.nothing",
    /// Runs new to the journal ({count}).
    RUN_IMPORT_ADDED = "run-import.added",
    /// Runs typed by hand an activity was recognised as ({count}).
    RUN_IMPORT_MERGED = "run-import.merged",
    /// Activities the journal already holds ({count}).
    RUN_IMPORT_ALREADY_THERE = "run-import.already-there",
    /// Activities of runs the runner deleted, not brought back ({count}).
    RUN_IMPORT_DELETED_BEFORE = "run-import.deleted-before",
    /// Activities that are not runs, skipped ({count}).
    RUN_IMPORT_SKIPPED = "run-import.skipped",
    /// Files or records refused ({count}).
    RUN_IMPORT_REFUSED = "run-import.refused",
    /// One refused file or record ({name}) and why ({reason}).
    RUN_IMPORT_REFUSED_FILE = "run-import.refused-file",
    /// Time lost to pain ({hours}, to a tenth).
    DOWNTIME_HOURS = "downtime.hours",
    /// Report row: weekly downtime.
    METRIC_DOWNTIME = "metric.downtime",
    /// Report row: recovery hours.
    METRIC_RECOVERY = "metric.recovery",
    /// Report row: mean soreness ({min}–{max}: the scale).
    METRIC_SORENESS = "metric.soreness",
    /// Report row: sessions a week.
    METRIC_SESSIONS = "metric.sessions",
    /// Report row: stride length, metres a step (never "efficiency").
    METRIC_STRIDE_LENGTH = "metric.stride-length",
    /// Report row: cadence, steps a minute.
    METRIC_CADENCE = "metric.cadence",
    /// The report's two windows ({from}, {to}; {recent_from}, {recent_to}).
    REPORT_WINDOWS = "report.windows",
    /// A soreness trend: rising.
    TREND_RISING = "trend.rising",
    /// A soreness trend: falling.
    TREND_FALLING = "trend.falling",
    /// A soreness trend: steady.
    TREND_STEADY = "trend.steady",
    /// A soreness trend with too few days.
    TREND_UNKNOWN = "trend.unknown",
    /// The daily routine, on a zone's dose line.
    DOSE_DAILY = "dose.daily",
    /// The bodywork session, on a zone's dose line.
    DOSE_BODYWORK = "dose.bodywork",
    /// A zone's dose ({label}, {level}/10 and {words}; hold {hold} from {min} to {top}).
    ZONE_DOSE = "zone.dose",
}

/// The months' names, January first.
pub const MONTHS: [&str; 12] = [
    MONTH_01, MONTH_02, MONTH_03, MONTH_04, MONTH_05, MONTH_06, MONTH_07, MONTH_08, MONTH_09,
    MONTH_10, MONTH_11, MONTH_12,
];

/// The months' short names, January first.
pub const MONTHS_SHORT: [&str; 12] = [
    MONTH_01_SHORT,
    MONTH_02_SHORT,
    MONTH_03_SHORT,
    MONTH_04_SHORT,
    MONTH_05_SHORT,
    MONTH_06_SHORT,
    MONTH_07_SHORT,
    MONTH_08_SHORT,
    MONTH_09_SHORT,
    MONTH_10_SHORT,
    MONTH_11_SHORT,
    MONTH_12_SHORT,
];

/// The weekdays' short names, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    WEEKDAY_MON,
    WEEKDAY_TUE,
    WEEKDAY_WED,
    WEEKDAY_THU,
    WEEKDAY_FRI,
    WEEKDAY_SAT,
    WEEKDAY_SUN,
];
