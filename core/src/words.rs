//! The sentences the screens show that are made from the core's figures: a routine zone's holds,
//! a step's place in the session, the plan's lines, the report's labels and the screens' fixed
//! sentences. Each is worded here once, from the catalog, so the terminal companion and both apps
//! say the same thing and a translation changes one file (`content/strings`).

use chrono::NaiveDate;

use crate::insights::{Metric, PersonalReport, Trend, TREND_DAYS};
use crate::keys;
use crate::model::{Bodywork, RacePriority, RunImportSummary, RunKind, Settings};
use crate::plan::{BodyworkMonth, CalendarDay, RacePlan};
use crate::reminders::{daily_fire_time, ReminderHealth, HEALTH_DAYS};
use crate::routine::{RoutineZone, MAX_PRIORITY};
use crate::vocab::{Reason, Side};
use crate::zones::{Catalog, HoldBounds, ZoneText};

named_enum! {
    /// A fixed sentence of a screen.
    pub enum Phrase {
        /// What the app is, on the first screen: "A guided self-release routine of under 12
        /// minutes, …".
        Intro,
        /// The plan with no race yet.
        NoRaces,
        /// The report before there are four weeks of history.
        ReportNotYet,
        /// The card that asks for the soreness check-in after a long run or a race.
        CheckInCard,
        /// The heading of the soreness trends.
        SorenessTrends,
        /// The heading of the weekly downtime chart.
        DowntimeChart,
        /// The heading of the weekly sessions chart.
        SessionsChart,
        /// What the reminders' notification channel carries.
        RemindersChannel,
        /// Under the personal report: "Your own logs, compared with themselves: not medical
        /// advice."
        ReportCaveat,
    }
}

/// The bodywork session's length in minutes (45): what the plan asks to book before peak
/// training, from the content's bodywork timing.
pub fn bodywork_minutes(c: &Catalog) -> u32 {
    c.timing().bodywork.default_minutes()
}

/// The daily routine's length when the runner sets none, in minutes (12).
pub fn daily_minutes(c: &Catalog) -> u32 {
    c.timing().daily.default_minutes()
}

/// A fixed sentence, its figures filled in from the content.
pub fn phrase(c: &Catalog, phrase: Phrase) -> String {
    let minutes = daily_minutes(c).to_string();
    let days = TREND_DAYS.to_string();
    let args: &[(&str, &str)] = &[("minutes", &minutes), ("days", &days)];
    let key = match phrase {
        Phrase::Intro => keys::PHRASE_INTRO,
        Phrase::NoRaces => keys::PHRASE_NO_RACES,
        Phrase::ReportNotYet => keys::PHRASE_REPORT_NOT_YET,
        Phrase::CheckInCard => keys::PHRASE_CHECK_IN_CARD,
        Phrase::SorenessTrends => keys::PHRASE_SORENESS_TRENDS,
        Phrase::DowntimeChart => keys::PHRASE_DOWNTIME_CHART,
        Phrase::SessionsChart => keys::PHRASE_SESSIONS_CHART,
        Phrase::RemindersChannel => keys::PHRASE_REMINDERS_CHANNEL,
        Phrase::ReportCaveat => keys::PHRASE_REPORT_CAVEAT,
    };
    c.text(key, args)
}

/// A day as a person reads it: "Sun 8 Nov 2026" (as every sentence shows a day).
pub fn date(c: &Catalog, day: NaiveDate) -> String {
    c.date(day)
}

/// A month as a person reads it: "November 2026"; the numbers back for a month out of range.
pub fn month(c: &Catalog, year: i32, month: u32) -> String {
    match month
        .checked_sub(1)
        .and_then(|m| keys::MONTHS.get(m as usize))
    {
        Some(key) => c.text(
            keys::DATE_MONTH,
            &[("month", &c.text(key, &[])), ("year", &year.to_string())],
        ),
        None => format!("{year}-{month:02}"),
    }
}

/// A length of time as a person reads it, never as a clock: "12 min", "11 min 40 s", "40 s".
pub fn duration(c: &Catalog, seconds: u64) -> String {
    Reason::duration(seconds).english(c)
}

/// A routine zone's holds in one line: "90 s", "90 s each side", "Left first: 90 s, then 60 s
/// on the other", "Right only: 60 s".
pub fn holds(c: &Catalog, zone: &RoutineZone) -> String {
    let side = c.text(zone.side.text_key(), &[]);
    let (hold, other) = (zone.hold_s.to_string(), zone.other_s().to_string());
    let args = [("side", side.as_str()), ("hold", &hold), ("other", &other)];
    let key = match (zone.sided, zone.side) {
        (false, Side::Both) => keys::HOLDS_ONE,
        (false, _) => keys::HOLDS_ONE_SIDE_ONLY,
        (true, Side::Both) => keys::HOLDS_EACH_SIDE,
        (true, _) => keys::HOLDS_SIDE_FIRST,
    };
    c.text(key, &args)
}

/// Where a step stands in its session, counted from 1: "Step 3 of 12".
pub fn step_of(c: &Catalog, index: usize, count: usize) -> String {
    let (n, count) = (index.saturating_add(1).to_string(), count.to_string());
    c.text(keys::STEP_OF, &[("n", &n), ("count", &count)])
}

/// The session's time left: "8 min left".
pub fn time_left(c: &Catalog, seconds: u64) -> String {
    let left = duration(c, seconds);
    c.text(keys::TIME_LEFT, &[("duration", &left)])
}

/// The next step's place, on the notification: "Next: Calves, right".
pub fn next_place(c: &Catalog, place: &str) -> String {
    c.text(keys::NEXT_PLACE, &[("place", place)])
}

/// The routine streak: "Streak: 1 day", "Streak: 12 days".
pub fn streak(c: &Catalog, days: u32) -> String {
    match days {
        1 => c.text(keys::STREAK_ONE_DAY, &[]),
        n => c.text(keys::STREAK_DAYS, &[("days", &n.to_string())]),
    }
}

/// A calendar day's one-word label ("race", "race wk", "long", "recover", "bodywork"), the
/// first that applies in that order; none for an ordinary day.
pub fn calendar_label(c: &Catalog, day: &CalendarDay) -> Option<String> {
    let key = if day.race.is_some() {
        keys::CALENDAR_RACE
    } else if day.race_week {
        keys::CALENDAR_RACE_WEEK
    } else if day.long_run {
        keys::CALENDAR_LONG_RUN
    } else if day.recovery {
        keys::CALENDAR_RECOVERY
    } else if !day.bodywork.is_empty() {
        keys::CALENDAR_BODYWORK
    } else {
        return None;
    };
    Some(c.text(key, &[]))
}

/// "Book a 45-minute session": the button that books a bodywork appointment.
pub fn book_bodywork(c: &Catalog) -> String {
    let minutes = bodywork_minutes(c).to_string();
    c.text(keys::BODYWORK_BOOK, &[("minutes", &minutes)])
}

/// Where a race's pre-peak bodywork session stands on `today`: "45-minute session booked",
/// "Book the 45-minute session by 2026-11-08", or overdue once that day has passed unbooked.
/// None for a race without one (B and C races).
pub fn bodywork_due(c: &Catalog, race: &RacePlan, today: NaiveDate) -> Option<String> {
    let by = race.bodywork_by?;
    let (minutes, date) = (bodywork_minutes(c).to_string(), by.to_string());
    let args = [("minutes", minutes.as_str()), ("date", date.as_str())];
    let key = if race.bodywork_booked.is_some() {
        keys::PLAN_BODYWORK_BOOKED
    } else if by < today {
        keys::PLAN_BODYWORK_OVERDUE
    } else {
        keys::PLAN_BODYWORK_DUE
    };
    Some(c.text(key, &args))
}

/// A race's race week, with the race-week advice: "Race week from 2026-12-14. Keep up …".
pub fn race_week(c: &Catalog, race: &RacePlan) -> String {
    let advice = c.text(keys::REMINDER_RACE_WEEK_BODY, &[]);
    let date = race.race_week_from.to_string();
    c.text(
        keys::PLAN_RACE_WEEK,
        &[("date", &date), ("advice", &advice)],
    )
}

/// A race's peak training block: "Peak training 2026-10-05 to 2026-11-08"; none for B and C
/// races.
pub fn peak(c: &Catalog, race: &RacePlan) -> Option<String> {
    let p = race.peak?;
    let (from, to) = (p.from.to_string(), p.to.to_string());
    Some(c.text(keys::PLAN_PEAK, &[("from", &from), ("to", &to)]))
}

/// A race's taper: "Taper from 2026-11-29"; none when it has none.
pub fn taper(c: &Catalog, race: &RacePlan) -> Option<String> {
    let from = race.taper_from?.to_string();
    Some(c.text(keys::PLAN_TAPER, &[("date", &from)]))
}

/// A month of the bodywork cadence: "2026-12: 1 of 2 booked".
pub fn bodywork_month(c: &Catalog, month: &BodyworkMonth) -> String {
    let name = self::month(c, month.year, month.month);
    let (booked, target) = (month.booked.to_string(), month.target.to_string());
    c.text(
        keys::PLAN_MONTH,
        &[("month", &name), ("booked", &booked), ("target", &target)],
    )
}

/// A bodywork appointment's length and state: "45 min", "45 min, done".
pub fn bodywork_entry(c: &Catalog, bodywork: &Bodywork) -> String {
    let length = duration(c, u64::from(bodywork.minutes) * 60);
    if bodywork.done {
        c.text(keys::BODYWORK_DONE, &[("duration", &length)])
    } else {
        length
    }
}

/// The season's kickoff on the plan: "Kickoff 2027-01-04: begin the daily routine, …" while it
/// is ahead (or today), "Kickoff was Mon 4 Jan 2027: keep up the daily routine" once it has passed.
pub fn kickoff(c: &Catalog, kickoff: NaiveDate, today: NaiveDate) -> String {
    let key = if kickoff < today {
        keys::PLAN_KICKOFF_WAS
    } else {
        keys::PLAN_KICKOFF
    };
    c.text(key, &[("date", &kickoff.to_string())])
}

/// A zone, or one side of it, left out of today's routine to rest: "Calves, left rests today".
pub fn rest_title(c: &Catalog, zone: &str, side: Side) -> String {
    c.text(keys::REST_TITLE, &[("place", &c.place(zone, side))])
}

/// Why a zone, or a warm-up move, was left out of a routine: "Resting today: too sore for
/// pressure …", for a missing tool the tools that would work it ("Needs a tool you don't have:
/// Foam roller, Ball"), for a move the zone that rests ("Left out today: Hamstrings, left rests
/// …").
pub fn omitted(c: &Catalog, omitted: &crate::routine::OmittedZone) -> String {
    let tools = match (omitted.why, c.zone(&omitted.zone)) {
        (crate::routine::Omission::NoTool, Some(z)) => z
            .tools
            .iter()
            .map(|t| c.text(t.text_key(), &[]))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    let zone = c.place(&omitted.zone, omitted.side);
    c.text(omitted.text_key(), &[("tools", &tools), ("zone", &zone)])
}

/// The today screen's offer of the warm-up, `seconds` long: "Before you run: a 4-minute dynamic
/// warm-up"; on race morning (`race_morning`) "Warm up first: 3 min of easy dynamic moves, then
/// the activation". Minutes are rounded up, as the routine's length is.
pub fn warm_up_offer(c: &Catalog, seconds: u32, race_morning: bool) -> String {
    let minutes = seconds.div_ceil(60).to_string();
    let key = if race_morning {
        keys::WARM_UP_OFFER_RACE
    } else {
        keys::WARM_UP_OFFER
    };
    c.text(key, &[("minutes", &minutes)])
}

/// A warm-up session done, `seconds` of it counted: "Warm-up done: 4 min of dynamic moves. Have a
/// good run."
pub fn warm_up_done(c: &Catalog, seconds: u64) -> String {
    c.text(keys::WARM_UP_DONE, &[("duration", &duration(c, seconds))])
}

/// Reminder health in one line: "Daily reminders come at 07:30; 9 planned in the next 7 days."
/// (the time daily reminders really fire, after quiet hours).
pub fn reminder_summary(c: &Catalog, health: &ReminderHealth) -> String {
    let time = health.daily_fires_at.format("%H:%M").to_string();
    let (count, days) = (health.pending.to_string(), HEALTH_DAYS.to_string());
    c.text(
        keys::HEALTH_SUMMARY,
        &[("time", &time), ("count", &count), ("days", &days)],
    )
}

/// Where daily reminders land when the reminder time is inside quiet hours: "Your reminder time
/// 06:00 is inside quiet hours: daily reminders will come at 07:00, …"; none when it is not.
pub fn reminder_moved(c: &Catalog, settings: &Settings) -> Option<String> {
    let fires = daily_fire_time(settings);
    (fires != settings.reminder_time).then(|| {
        let (time, fires_at) = (
            settings.reminder_time.format("%H:%M").to_string(),
            fires.format("%H:%M").to_string(),
        );
        c.text(
            keys::HEALTH_REMINDER_MOVED,
            &[("time", &time), ("fires_at", &fires_at)],
        )
    })
}

/// A race's priority in words: "A race", "B race", "C race".
pub fn race_priority(c: &Catalog, priority: RacePriority) -> String {
    c.text(
        match priority {
            RacePriority::A => keys::PRIORITY_A,
            RacePriority::B => keys::PRIORITY_B,
            RacePriority::C => keys::PRIORITY_C,
        },
        &[],
    )
}

/// A kind of run in words: "easy", "long", "race", "workout".
pub fn run_kind(c: &Catalog, kind: RunKind) -> String {
    c.text(
        match kind {
            RunKind::Easy => keys::RUN_EASY,
            RunKind::Long => keys::RUN_LONG,
            RunKind::Race => keys::RUN_RACE,
            RunKind::Workout => keys::RUN_WORKOUT,
        },
        &[],
    )
}

/// What an import of runs did, for the runner: the counts that are not zero ("Runs: 2 added, 1
/// merged with runs typed by hand, 3 already there."), or that there was nothing to import; then
/// each refused file or record on a line of its own with its reason ("Refused bad.fit: …").
pub fn run_import(c: &Catalog, summary: &RunImportSummary) -> String {
    let refused = u32::try_from(summary.refused.len()).unwrap_or(u32::MAX);
    let parts: Vec<String> = [
        (summary.added, keys::RUN_IMPORT_ADDED),
        (summary.merged, keys::RUN_IMPORT_MERGED),
        (summary.already_there, keys::RUN_IMPORT_ALREADY_THERE),
        (summary.deleted_before, keys::RUN_IMPORT_DELETED_BEFORE),
        (summary.skipped_non_runs, keys::RUN_IMPORT_SKIPPED),
        (refused, keys::RUN_IMPORT_REFUSED),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, key)| c.text(key, &[("count", &count.to_string())]))
    .collect();
    let mut out = if parts.is_empty() {
        c.text(keys::RUN_IMPORT_NOTHING, &[])
    } else {
        c.text(keys::RUN_IMPORT_SUMMARY, &[("parts", &parts.join(", "))])
    };
    for file in &summary.refused {
        out.push('\n');
        // The reason first: a file's name is the runner's and may hold anything, even `{reason}`.
        out.push_str(&c.text(
            keys::RUN_IMPORT_REFUSED_FILE,
            &[("reason", &file.reason), ("name", &file.name)],
        ));
    }
    out
}

/// Time lost to pain, in hours to a tenth: "1.5 h".
pub fn downtime_hours(c: &Catalog, minutes: u32) -> String {
    let hours = format!("{:.1}", f64::from(minutes) / 60.0);
    c.text(keys::DOWNTIME_HOURS, &[("hours", &hours)])
}

/// A report row's label: "Downtime, h/week", "Mean soreness (0–10)".
pub fn metric(c: &Catalog, metric: Metric) -> String {
    let (min, max) = (0.to_string(), MAX_PRIORITY.to_string());
    let key = match metric {
        Metric::WeeklyDowntimeHours => keys::METRIC_DOWNTIME,
        Metric::RecoveryHours => keys::METRIC_RECOVERY,
        Metric::MeanSoreness => keys::METRIC_SORENESS,
        Metric::SessionsPerWeek => keys::METRIC_SESSIONS,
        Metric::StrideLength => keys::METRIC_STRIDE_LENGTH,
        Metric::Cadence => keys::METRIC_CADENCE,
    };
    c.text(key, &[("min", &min), ("max", &max)])
}

/// A report cell's figure, to the row's precision ([`Metric::decimals`]): "1.18" (metres a
/// step), "172" (steps a minute), "1.5"; "-" when there is no figure.
pub fn metric_figure(metric: Metric, value: Option<f64>) -> String {
    // `+ 0.0`: a -0.0 would print as "-0".
    value.map_or_else(
        || "-".to_owned(),
        |v| format!("{:.*}", metric.decimals(), v + 0.0),
    )
}

/// A report row's change, signed, to the row's precision: "+0.03", "-4", "+1.5"; "-" when
/// either window has no figure.
pub fn metric_change(metric: Metric, change: Option<f64>) -> String {
    change.map_or_else(
        || "-".to_owned(),
        |v| format!("{:+.*}", metric.decimals(), v + 0.0),
    )
}

/// A zone's soreness trend in words: "rising", "falling", "steady", "too few days".
pub fn trend(c: &Catalog, trend: Trend) -> String {
    let key = match trend {
        Trend::Rising => keys::TREND_RISING,
        Trend::Falling => keys::TREND_FALLING,
        Trend::Steady => keys::TREND_STEADY,
        Trend::Unknown => keys::TREND_UNKNOWN,
    };
    c.text(key, &[])
}

/// The report's two windows: "First two weeks (2026-09-01 to 2026-09-14) against the latest two
/// (2026-11-18 to 2026-12-01)".
pub fn report_windows(c: &Catalog, report: &PersonalReport) -> String {
    let [a, b, d, e] = [
        report.baseline.from,
        report.baseline.to,
        report.recent.from,
        report.recent.to,
    ]
    .map(|d| d.to_string());
    c.text(
        keys::REPORT_WINDOWS,
        &[
            ("from", &a),
            ("to", &b),
            ("recent_from", &d),
            ("recent_to", &e),
        ],
    )
}

/// A zone's dose in one protocol, for the zones screen: "Daily: pressure 5/10 (firm but
/// comfortable), hold 90 s (60–120 s)".
pub fn zone_dose(c: &Catalog, zone: &ZoneText, bodywork: bool) -> String {
    let (label, level, words, bounds): (_, _, _, &HoldBounds) = if bodywork {
        (
            keys::DOSE_BODYWORK,
            zone.pressure.bodywork,
            &zone.bodywork_pressure,
            &zone.bodywork,
        )
    } else {
        (
            keys::DOSE_DAILY,
            zone.pressure.daily,
            &zone.daily_pressure,
            &zone.self_care,
        )
    };
    let label = c.text(label, &[]);
    let level = level.to_string();
    let [hold, min, top] = [bounds.default_s, bounds.min_s, bounds.max_s].map(|s| s.to_string());
    c.text(
        keys::ZONE_DOSE,
        &[
            ("label", &label),
            ("level", &level),
            ("words", words),
            ("hold", &hold),
            ("min", &min),
            ("top", &top),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::DateRange;

    fn catalog() -> &'static Catalog {
        Catalog::embedded().expect("embedded content is valid")
    }

    fn zone(sided: bool, side: Side, hold_s: u32, other: Option<u32>) -> RoutineZone {
        RoutineZone {
            zone: "calves".into(),
            hold_s,
            sided,
            side,
            other_hold_s: other,
            reason: Reason::key(keys::STEP_HOLD),
            pressure: 5,
        }
    }

    #[test]
    fn days_and_months_read_in_words() {
        let c = catalog();
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert_eq!(date(c, d("2026-11-08")), "Sun 8 Nov 2026");
        assert_eq!(date(c, d("2027-01-04")), "Mon 4 Jan 2027");
        assert_eq!(date(c, d("2028-02-29")), "Tue 29 Feb 2028");
        assert_eq!(month(c, 2026, 12), "December 2026");
        assert_eq!(month(c, 2027, 1), "January 2027");
        assert_eq!(month(c, 2027, 13), "2027-13");
        // Every day of a leap year and its neighbours has a weekday and a month in words.
        let mut day = d("2027-12-25");
        while day < d("2029-01-08") {
            let words = date(c, day);
            assert!(!words.contains('{') && !words.contains('.'), "{words}");
            day = day.succ_opt().expect("next day");
        }
    }

    #[test]
    fn the_kickoff_reads_ahead_then_passed() {
        let c = catalog();
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        let kickoff = d("2027-01-04");
        for today in [d("2026-12-01"), kickoff] {
            let line = super::kickoff(c, kickoff, today);
            assert!(line.starts_with("Kickoff Mon 4 Jan 2027: begin"), "{line}");
        }
        assert_eq!(
            super::kickoff(c, kickoff, d("2027-01-05")),
            "Kickoff was Mon 4 Jan 2027: keep up the daily routine"
        );
    }

    #[test]
    fn a_resting_zone_and_reminder_health_read_in_words() {
        let c = catalog();
        assert_eq!(
            rest_title(c, "calves", Side::Left),
            "Calves, left rests today"
        );
        assert_eq!(
            rest_title(c, "thoracic-spine", Side::Both),
            "Upper back (thoracic spine) rests today"
        );
        let health = ReminderHealth {
            next_fire: None,
            last_delivered: None,
            pending: 9,
            phone: crate::reminders::PhoneState {
                notifications_allowed: true,
                exact_alarms_allowed: true,
                battery_restricted: false,
            },
            daily_fires_at: chrono::NaiveTime::from_hms_opt(7, 5, 0).expect("time"),
            warnings: Vec::new(),
        };
        assert_eq!(
            reminder_summary(c, &health),
            "Daily reminders come at 07:05; 9 planned in the next 7 days."
        );
        assert_eq!(
            phrase(c, Phrase::ReportCaveat),
            "Your own logs, compared with themselves: not medical advice."
        );
    }

    #[test]
    fn holds_read_as_a_runner_says_them() {
        let c = catalog();
        assert_eq!(holds(c, &zone(false, Side::Both, 90, None)), "90 s");
        assert_eq!(
            holds(c, &zone(true, Side::Both, 90, None)),
            "90 s each side"
        );
        assert_eq!(
            holds(c, &zone(true, Side::Left, 90, Some(60))),
            "Left first: 90 s, then 60 s on the other"
        );
        assert_eq!(
            holds(c, &zone(false, Side::Right, 60, None)),
            "Right only: 60 s"
        );
    }

    #[test]
    fn a_session_s_place_and_time_left() {
        let c = catalog();
        assert_eq!(step_of(c, 2, 12), "Step 3 of 12");
        assert_eq!(time_left(c, 480), "8 min left");
        assert_eq!(next_place(c, "Calves, right"), "Next: Calves, right");
    }

    #[test]
    fn every_phrase_is_worded_with_its_figures() {
        let c = catalog();
        for p in <Phrase as strum::VariantArray>::VARIANTS {
            let text = phrase(c, *p);
            assert!(
                !text.contains('{') && !text.contains("phrase."),
                "{p:?}: {text}"
            );
        }
        assert!(phrase(c, Phrase::Intro).contains("under 12 minutes"));
        assert!(phrase(c, Phrase::SorenessTrends).contains("28 days"));
    }

    #[test]
    fn plan_lines() {
        let c = catalog();
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        let race = RacePlan {
            race_id: "r".into(),
            name: "Marathon".into(),
            date: d("2026-12-20"),
            priority: RacePriority::A,
            peak: Some(DateRange {
                from: d("2026-11-01"),
                to: d("2026-11-28"),
            }),
            bodywork_by: Some(d("2026-10-31")),
            bodywork_booked: None,
            taper_from: Some(d("2026-11-29")),
            race_week_from: d("2026-12-13"),
        };
        assert_eq!(
            peak(c, &race).as_deref(),
            Some("Peak training Sun 1 Nov 2026 to Sat 28 Nov 2026")
        );
        assert_eq!(
            taper(c, &race).as_deref(),
            Some("Taper from Sun 29 Nov 2026")
        );
        assert_eq!(
            bodywork_due(c, &race, d("2026-10-01")).as_deref(),
            Some("Book the 45-minute session by Sat 31 Oct 2026")
        );
        assert!(bodywork_due(c, &race, d("2026-11-01")).is_some_and(|t| t.contains("overdue")));
        let month = BodyworkMonth {
            year: 2026,
            month: 3,
            target: 2,
            booked: 1,
        };
        assert_eq!(bodywork_month(c, &month), "March 2026: 1 of 2 booked");
        assert_eq!(race_priority(c, RacePriority::A), "A race");
    }

    #[test]
    fn an_import_of_runs_says_what_it_did() {
        let c = catalog();
        let nothing = RunImportSummary::default();
        assert_eq!(run_import(c, &nothing), "No runs to import.");
        let some = RunImportSummary {
            added: 2,
            already_there: 3,
            ..RunImportSummary::default()
        };
        assert_eq!(run_import(c, &some), "Runs: 2 added, 3 already there.");
        let all = RunImportSummary {
            added: 1,
            merged: 1,
            already_there: 1,
            deleted_before: 1,
            skipped_non_runs: 2,
            refused: vec![
                crate::model::RefusedFile {
                    name: "bad {reason}.fit".into(),
                    reason: "not a FIT file".into(),
                },
                crate::model::RefusedFile {
                    name: "cut.gpx".into(),
                    reason: "the XML ends early".into(),
                },
            ],
            run_ids: vec![],
        };
        assert_eq!(
            run_import(c, &all),
            "Runs: 1 added, 1 merged with runs typed by hand, 1 already there, 1 deleted before \
             (not brought back), 2 skipped (not runs), 2 refused.\n\
             Refused bad {reason}.fit: not a FIT file\n\
             Refused cut.gpx: the XML ends early"
        );
    }

    #[test]
    fn report_and_zone_words() {
        let c = catalog();
        assert_eq!(metric(c, Metric::MeanSoreness), "Mean soreness (0–10)");
        assert_eq!(
            metric(c, Metric::StrideLength),
            "Stride length, metres a step"
        );
        assert_eq!(metric(c, Metric::Cadence), "Cadence, steps a minute");
        for m in <Metric as strum::VariantArray>::VARIANTS {
            assert!(!metric(c, *m).to_lowercase().contains("efficiency"));
        }
        assert_eq!(metric_figure(Metric::StrideLength, Some(1.17647)), "1.18");
        assert_eq!(metric_figure(Metric::Cadence, Some(171.6)), "172");
        assert_eq!(metric_figure(Metric::MeanSoreness, Some(3.75)), "3.8");
        assert_eq!(metric_figure(Metric::Cadence, None), "-");
        assert_eq!(metric_change(Metric::StrideLength, Some(0.031)), "+0.03");
        assert_eq!(metric_change(Metric::Cadence, Some(-4.2)), "-4");
        assert_eq!(
            metric_change(Metric::WeeklyDowntimeHours, Some(-0.0)),
            "+0.0"
        );
        assert_eq!(downtime_hours(c, 90), "1.5 h");
        assert_eq!(run_kind(c, RunKind::Long), "long");
        let z = c.zones_in_english().into_iter().next().expect("a zone");
        let daily = zone_dose(c, &z, false);
        assert!(daily.starts_with("Daily: pressure "), "{daily}");
        assert!(
            daily.contains(&format!("hold {} s", z.self_care.default_s)),
            "{daily}"
        );
        assert!(zone_dose(c, &z, true).starts_with("Bodywork: pressure "));
    }
}
